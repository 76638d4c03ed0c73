/**
 * A fake two-region world for the drill runner: a virtual clock, an AWS account answered
 * through aws-sdk-client-mock, the Automation API, an HTTP prober and a DNS resolver. The
 * world's routing is written out plainly here (not taken from drill/model), so the runner's
 * measurements are checked against an independent account of what AWS does and when.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    DescribeEndpointGroupCommand,
    GlobalAcceleratorClient,
    UpdateEndpointGroupCommand,
    UpdateEndpointGroupCommandInput,
} from "@aws-sdk/client-global-accelerator";
import {
    ChangeResourceRecordSetsCommand,
    ChangeResourceRecordSetsCommandInput,
    GetHealthCheckCommand,
    GetHealthCheckStatusCommand,
    InvalidChangeBatch,
    InvalidInput,
    ListResourceRecordSetsCommand,
    ListResourceRecordSetsCommandInput,
    ResourceRecordSet,
    Route53Client,
    TestDNSAnswerCommand,
    TestDNSAnswerCommandInput,
    UpdateHealthCheckCommand,
    UpdateHealthCheckCommandInput,
} from "@aws-sdk/client-route-53";
import { CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { AwsClients, Clock, DeploymentSnapshot, DnsResolver, HttpProber, ProbeRequest, ProbeResult, ProgressSink, StackAutomation, UpListener } from "../../drill/clients/types";
import { drillDefaults, DrillOptions } from "../../drill/runner/options";
import { recoveryClusterEndpointRegions } from "../../domain/awsFacts";
import { lastPassValue } from "../../drill/safety/lastPass";
import type { ReadinessAwsClients } from "../../readiness/clients";
import { accountId, RegionalAccount } from "./regionalAccount";
import type { PhaseReport } from "../../drill/report/types";
import type { DrillResult } from "../../drill/runner/runner";

/** The repository root: the real Pulumi.yaml and stack files. */
export const projectDir = path.resolve(__dirname, "..", "fixtures", "two-regions");

/** The repository root (the drill's command line is drill/cli.ts under it). */
export const repositoryRoot = path.resolve(__dirname, "..", "..");

/** The clock a fake world runs on: virtual (FakeClock) or scaled real time (the command-line tests). */
export interface WorldClock extends Clock {
    /** When the world started (clock ms). */
    readonly startMs: number;
    /** Seconds since the world started. */
    elapsedSeconds(): number;
}

/**
 * Virtual time. `sleep` queues a sleeper; once the process has been idle for a few macrotask
 * turns, the earliest sleeper wakes and time jumps to its wake-up time. Concurrent sleepers
 * (a `pulumi up` and the poller) interleave as they would in real time.
 */
export class FakeClock implements WorldClock {
    private time: number;
    private order = 0;
    private ticking = false;
    private readonly sleepers: { wakeAt: number; order: number; wake: () => void }[] = [];

    constructor(readonly startMs = Date.UTC(2025, 5, 1, 0, 0, 0)) {
        this.time = startMs;
    }

    now(): number {
        return this.time;
    }

    /** Seconds since the clock started. */
    elapsedSeconds(): number {
        return (this.time - this.startMs) / 1000;
    }

    sleep(ms: number): Promise<void> {
        return new Promise((resolve) => {
            this.sleepers.push({ wakeAt: this.time + Math.max(0, ms), order: this.order++, wake: resolve });
            this.tick();
        });
    }

    private tick(): void {
        if (this.ticking) {
            return;
        }
        this.ticking = true;
        const idleTurns = (turns: number, then: () => void): void => {
            setImmediate(() => (turns <= 1 ? then() : idleTurns(turns - 1, then)));
        };
        idleTurns(4, () => {
            this.ticking = false;
            this.sleepers.sort((a, b) => a.wakeAt - b.wakeAt || a.order - b.order);
            const next = this.sleepers.shift();
            if (next === undefined) {
                return;
            }
            this.time = Math.max(this.time, next.wakeAt);
            next.wake();
            if (this.sleepers.length > 0) {
                this.tick();
            }
        });
    }
}

type Stack = "seoul" | "tokyo";
const stacks: readonly Stack[] = ["seoul", "tokyo"];

/** The fake account's fixed identities. */
export const ids = {
    seoul: {
        region: "ap-northeast-2", healthCheckId: "hc-seoul-0001", albDnsName: "seoul-alb-1234.ap-northeast-2.elb.amazonaws.com",
        ips: ["3.34.10.1", "3.34.10.2"], endpointGroupArn: "arn:aws:globalaccelerator::111122223333:accelerator/abcd/listener/0001/endpoint-group/seoul",
    },
    tokyo: {
        region: "ap-northeast-1", healthCheckId: "hc-tokyo-0001", albDnsName: "tokyo-alb-5678.ap-northeast-1.elb.amazonaws.com",
        ips: ["52.68.20.1", "52.68.20.2"], endpointGroupArn: "arn:aws:globalaccelerator::111122223333:accelerator/abcd/listener/0001/endpoint-group/tokyo",
    },
} as const;
export const hostedZoneId = "Z0123456789EXAMPLE";

/** The regional resources a stack deploys, as `npm run readiness` reads them (the `readiness` option). */
function readinessIdsOf(stack: string, region: string, serial: number, certificates: readonly [string, string]) {
    const elb = `arn:aws:elasticloadbalancing:${region}:${accountId}`;
    return {
        targetGroups: { web: `${elb}:targetgroup/${stack}-web/000${serial}`, canary: `${elb}:targetgroup/${stack}-canary/001${serial}` },
        listeners: { http: `${elb}:listener/app/${stack}-alb/${serial}/http`, https: `${elb}:listener/app/${stack}-alb/${serial}/https` },
        certificates: certificates.map((id) => `arn:aws:acm:${region}:${accountId}:certificate/${id}`),
        autoScalingGroup: `${stack}-fleet-asg-000${serial}`,
        healthChecks: { "alarm-serving-badly": `hc-${stack}-alarm-000${serial}`, combined: `hc-${stack}-combined-000${serial}`, control: `hc-${stack}-control-000${serial}` },
        routingControlArn: `arn:aws:route53-recovery-control::${accountId}:controlpanel/panel0001/routingcontrol/${stack}000${serial}`,
    };
}

/** What the world deploys for `npm run readiness`, by stack; the certificates are the fixture's (app:alb.certificateArn, then app:alb.sniCertificateArns). */
export const readinessIds = {
    seoul: readinessIdsOf("seoul", "ap-northeast-2", 1, ["0f3c1a9e-5d2b-4c6a-9b7e-2a1d4c5e6f70", "7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"]),
    tokyo: readinessIdsOf("tokyo", "ap-northeast-1", 2, ["3a4b5c6d-7e8f-4a9b-8c0d-1e2f3a4b5c6d", "9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b"]),
};

/** The routing-control cluster's five endpoints, as the owner stack outputs them. */
export const clusterEndpoints = recoveryClusterEndpointRegions.map((region) => ({ endpoint: `https://cluster0001.route53-recovery-cluster.${region}.amazonaws.com/v1`, region }));
const koreaSubnet = "168.126.63.0";

/** How slow the fake AWS is. */
export interface WorldTiming {
    /** Route 53's answers follow a health change after this long. */
    readonly dnsDelayMs: number;
    /** This machine's resolver keeps an answer this long (the ELB alias TTL). */
    readonly resolverTtlMs: number;
    /** Global Accelerator moves new connections this long after a dial change. */
    readonly acceleratorDelayMs: number;
}

interface Change<T> {
    readonly atMs: number;
    readonly value: T;
}

function valueAt<T>(history: readonly Change<T>[], atMs: number): T {
    return [...history].reverse().find((change) => change.atMs <= atMs)?.value ?? history[0].value;
}

/** The fake account: two regions, their health checks, records and endpoint groups. */
export class FakeWorld {
    readonly timing: WorldTiming;
    readonly route53 = new Route53Client({ region: "us-east-1" });
    readonly globalAccelerator = new GlobalAcceleratorClient({ region: "us-west-2" });
    readonly route53Mock = mockClient(this.route53);
    readonly acceleratorMock = mockClient(this.globalAccelerator);
    private readonly inverted: Record<Stack, Change<boolean>[]>;
    private readonly checkersHealthy: Record<Stack, Change<boolean>[]>;
    private readonly dials: Record<Stack, Change<number>[]>;
    private readonly versions: Record<Stack, number> = { seoul: 1, tokyo: 1 };
    private readonly scheduled: { atMs: number; run: () => void }[] = [];
    private weightedTurn = 0;
    private probeTurn = 0;
    /** Record sets of the hosted zone other than the service's (the drill lock), by `name type`. */
    readonly recordSets = new Map<string, ResourceRecordSet>();
    /** With `initial.alarms`: CloudWatch, and each region's serving-badly alarm in its records' combined check. */
    readonly cloudWatch = new CloudWatchClient({ region: "ap-northeast-2" });
    readonly cloudWatchMock = mockClient(this.cloudWatch);
    private readonly alarms: boolean;
    /** When each region's alarm was in ALARM: SetAlarmState holds for one 60 s evaluation, OK ends it. */
    private readonly alarmed: Record<Stack, { from: number; until: number }[]> = { seoul: [], tokyo: [] };
    /** Set to make UpdateHealthCheck / UpdateEndpointGroup fail on the n-th call (1-based). */
    failures: { updateHealthCheck?: number; updateEndpointGroup?: number } = {};

    /** With `initial.readiness`: the regional services `npm run readiness` reads (tests/drill/regionalAccount.ts). */
    readonly regional?: RegionalAccount;
    /** Each region's endpoint weight in its endpoint group. */
    readonly endpointWeights: Record<Stack, number> = { seoul: 128, tokyo: 128 };
    /** Each region's endpoint health in its endpoint group. */
    readonly endpointHealth: Record<Stack, string> = { seoul: "HEALTHY", tokyo: "HEALTHY" };
    /** Whether the routing controls are deployed (their outputs and health checks): {@link deployRoutingControls}. */
    private routingControlsDeployed = false;

    constructor(readonly clock: WorldClock, timing: Partial<WorldTiming> = {}, initial: { dial?: Partial<Record<Stack, number>>; inverted?: Partial<Record<Stack, boolean>>; alarms?: boolean; readiness?: boolean } = {}) {
        this.alarms = initial.alarms ?? false;
        if (initial.readiness) {
            this.regional = new RegionalAccount(() => clock.now());
        }
        this.timing = { dnsDelayMs: 25_000, resolverTtlMs: 60_000, acceleratorDelayMs: 20_000, ...timing };
        const start = clock.now();
        this.inverted = { seoul: [{ atMs: start, value: initial.inverted?.seoul ?? false }], tokyo: [{ atMs: start, value: initial.inverted?.tokyo ?? false }] };
        this.checkersHealthy = { seoul: [{ atMs: start, value: true }], tokyo: [{ atMs: start, value: true }] };
        this.dials = { seoul: [{ atMs: start, value: initial.dial?.seoul ?? 100 }], tokyo: [{ atMs: start, value: initial.dial?.tokyo ?? 100 }] };
        this.install();
        this.seedReadiness();
    }

    /** The clients the runner gets (with `readiness`, the regional services too). */
    get aws(): AwsClients {
        if (this.regional !== undefined) {
            return this.readinessClients;
        }
        return { route53: this.route53, globalAccelerator: this.globalAccelerator, ...(this.alarms ? { cloudWatch: () => this.cloudWatch } : {}) };
    }

    /** Every client `npm run readiness` reads with (the `readiness` option). */
    get readinessClients(): ReadinessAwsClients {
        if (this.regional === undefined) {
            throw new Error("fake AWS: the world was made without the readiness option");
        }
        return { route53: this.route53, globalAccelerator: this.globalAccelerator, ...this.regional.clients };
    }

    /** Records a call of the world's own services and applies IAM (with `readiness`). */
    private authorize(action: string, region: string, errorName: string): void {
        this.regional?.authorize(action, region, errorName);
    }

    /**
     * A healthy deployment for `npm run readiness`: every target healthy, certificates 200 days from
     * expiry, each fleet 2..4 t3.micro with 2 running, 32 vCPUs of quota with 8 in use, every
     * followed alarm OK, every combined check healthy, and a drill that passed three days ago.
     */
    private seedReadiness(): void {
        const regional = this.regional;
        if (regional === undefined) {
            return;
        }
        const start = this.clock.startMs;
        for (const stack of stacks) {
            const region = ids[stack].region;
            const deployed = readinessIds[stack];
            for (const [key, arn] of Object.entries(deployed.targetGroups)) {
                regional.targetGroups.set(arn, { region, targets: [1, 2].map((n) => ({ id: `i-${stack}${key}000${n}`, state: "healthy" })) });
            }
            regional.listeners.set(deployed.listeners.https, { region, certificates: [...deployed.certificates] });
            for (const arn of deployed.certificates) {
                regional.certificates.set(arn, { notAfter: new Date(start + 200 * 86_400_000), status: "ISSUED", type: "AMAZON_ISSUED" });
            }
            regional.groups.set(deployed.autoScalingGroup, { region, minSize: 2, maxSize: 4, instances: [1, 2].map((n) => ({ id: `i-${stack}000${n}`, lifecycle: "InService", type: "t3.micro" })) });
            regional.quotas.set(region, { applied: 32, defaultValue: 5, usage: 8 });
            regional.alarms.set(`${stack}-alarms-serving-badly`, { region, state: "OK" });
            regional.alarms.set(`${stack}-alarms-latency`, { region, state: "OK" });
            regional.healthCheckStatus.set(deployed.healthChecks["alarm-serving-badly"], 1);
            regional.healthCheckStatus.set(deployed.healthChecks.combined, 1);
        }
        this.recordSets.set("_drill-passed.example.com. TXT", {
            Name: "_drill-passed.example.com.", Type: "TXT", TTL: 60,
            ResourceRecords: [{ Value: lastPassValue({ target: "seoul", lever: "config", finishedAt: new Date(start - 3 * 86_400_000).toISOString(), id: "drill-0001", by: "tester" }) }],
        });
    }

    /** Deploys routing controls for `npm run readiness`: seoul owns the cluster, each region's control On, its RECOVERY_CONTROL check healthy. */
    deployRoutingControls(): void {
        const regional = this.regional!;
        this.routingControlsDeployed = true;
        for (const stack of stacks) {
            regional.routingControls.set(readinessIds[stack].routingControlArn, "On");
            regional.healthCheckStatus.set(readinessIds[stack].healthChecks.control, 1);
        }
    }

    /** The outputs `npm run readiness` reads beyond the drill's. */
    private readinessOutputs(stack: Stack): Record<string, unknown> {
        const deployed = readinessIds[stack];
        const controls = this.routingControlsDeployed;
        const { control, ...checks } = deployed.healthChecks;
        return {
            targetGroupArns: deployed.targetGroups,
            listenerArns: deployed.listeners,
            autoScalingGroupName: deployed.autoScalingGroup,
            healthCheckIds: { endpoint: ids[stack].healthCheckId, ...checks, ...(controls ? { control } : {}) },
            alarmNames: { "serving-badly": `${stack}-alarms-serving-badly`, latency: `${stack}-alarms-latency` },
            servingBadlyAlarmName: `${stack}-alarms-serving-badly`,
            ...(controls ? { routingControlArn: deployed.routingControlArn } : {}),
            ...(controls && stack === "seoul" ? {
                routingControlArns: { [ids.seoul.region]: readinessIds.seoul.routingControlArn, [ids.tokyo.region]: readinessIds.tokyo.routingControlArn },
                routingControlClusterEndpoints: clusterEndpoints,
            } : {}),
        };
    }

    /** Whether the region's serving-badly alarm was in ALARM at `atMs`. */
    alarmedAt(stack: Stack, atMs: number): boolean {
        return this.alarmed[stack].some((interval) => interval.from <= atMs && atMs < interval.until);
    }

    /** Runs `change` when the clock reaches `secondsFromStart`. */
    at(secondsFromStart: number, change: () => void): void {
        this.scheduled.push({ atMs: this.clock.startMs + secondsFromStart * 1000, run: change });
    }

    private catchUp(): void {
        for (const event of this.scheduled.filter((candidate) => candidate.atMs <= this.clock.now())) {
            this.scheduled.splice(this.scheduled.indexOf(event), 1);
            event.run();
        }
    }

    setInverted(stack: Stack, value: boolean): void {
        this.inverted[stack].push({ atMs: this.clock.now(), value });
        this.versions[stack]++;
    }

    setDial(stack: Stack, value: number): void {
        this.dials[stack].push({ atMs: this.clock.now(), value });
    }

    setCheckersHealthy(stack: Stack, value: boolean): void {
        this.checkersHealthy[stack].push({ atMs: this.clock.now(), value });
    }

    isInverted(stack: Stack): boolean {
        return valueAt(this.inverted[stack], this.clock.now());
    }

    dial(stack: Stack): number {
        return valueAt(this.dials[stack], this.clock.now());
    }

    /** The dial the world started with (what the stack was deployed with). */
    initialDial(stack: Stack): number {
        return this.dials[stack][0].value;
    }

    /** The latest check of a checker that checks every 30 s from `offsetMs` after the start (or the start itself). */
    private lastCheckAt(offsetMs: number): number {
        const since = this.clock.now() - this.clock.startMs - offsetMs;
        return since < 0 ? this.clock.startMs : this.clock.startMs + offsetMs + Math.floor(since / 30_000) * 30_000;
    }

    /** The status Route 53 routes on at `atMs`. */
    private healthyAt(stack: Stack, atMs: number): boolean {
        // With alarms, the records carry the combined check: the endpoint check and the alarm's.
        return valueAt(this.checkersHealthy[stack], atMs) !== valueAt(this.inverted[stack], atMs) && !this.alarmedAt(stack, atMs);
    }

    private stackOf(key: string | undefined, field: "healthCheckId" | "endpointGroupArn"): Stack {
        const stack = stacks.find((candidate) => ids[candidate][field] === key);
        if (stack === undefined) {
            throw new Error(`fake AWS: no such ${field} ${key}`);
        }
        return stack;
    }

    /** Failover, weighted and latency answers, written out from the Route 53 guide. */
    private answer(name: string, subnet: string | undefined, atMs: number): Stack {
        const seoulUp = this.healthyAt("seoul", atMs);
        const tokyoUp = this.healthyAt("tokyo", atMs);
        if (name === "app.example.com") {
            return seoulUp || !tokyoUp ? "seoul" : "tokyo";
        }
        if (name === "weighted.example.com") {
            if (seoulUp !== tokyoUp) {
                return seoulUp ? "seoul" : "tokyo";
            }
            return this.weightedTurn++ % 2 === 0 ? "seoul" : "tokyo";
        }
        if (name === "latency.example.com") {
            if (subnet === koreaSubnet) {
                return seoulUp || !tokyoUp ? "seoul" : "tokyo";
            }
            return tokyoUp || !seoulUp ? "tokyo" : "seoul";
        }
        throw new Error(`fake AWS: no record ${name}`);
    }

    private stackOfAlarm(name: string | undefined): Stack {
        const stack = stacks.find((candidate) => name === `${candidate}-alarms-serving-badly`);
        if (stack === undefined) {
            throw new Error(`fake AWS: no alarm ${name}`);
        }
        return stack;
    }

    private installCloudWatch(): void {
        this.cloudWatchMock.onAnyCommand().rejects(new Error("fake AWS: unexpected CloudWatch command"));
        this.cloudWatchMock.on(DescribeAlarmsCommand).callsFake(async (input: { AlarmNames?: string[] }) => {
            this.catchUp();
            const name = input.AlarmNames?.[0];
            const stack = this.stackOfAlarm(name);
            const alarm = this.alarmedAt(stack, this.clock.now());
            const last = this.alarmed[stack].at(-1);
            const changed = last === undefined ? this.clock.startMs : alarm ? last.from : Math.min(last.until, this.clock.now());
            return { MetricAlarms: [{ AlarmName: name, StateValue: alarm ? "ALARM" : "OK", StateReason: alarm ? "set by SetAlarmState" : "Threshold not crossed", StateUpdatedTimestamp: new Date(changed) }] };
        });
        this.cloudWatchMock.on(SetAlarmStateCommand).callsFake(async (input: { AlarmName?: string; StateValue?: string }) => this.setAlarmState(input));
    }

    /** SetAlarmState as CloudWatch answers it (public, so that a test can wrap the call). */
    setAlarmState(input: { AlarmName?: string; StateValue?: string }): Record<string, never> {
        this.catchUp();
        const intervals = this.alarmed[this.stackOfAlarm(input.AlarmName)];
        const now = this.clock.now();
        const current = intervals.find((interval) => interval.from <= now && now < interval.until);
        if (input.StateValue === "ALARM") {
            // The real metrics are fine: CloudWatch puts the alarm back at its next evaluation.
            if (current) {
                current.until = now + 60_000;
            } else {
                intervals.push({ from: now, until: now + 60_000 });
            }
        } else if (current) {
            current.until = now;
        }
        return {};
    }

    private install(): void {
        this.installCloudWatch();
        this.route53Mock.onAnyCommand().rejects(new Error("fake AWS: unexpected Route 53 command"));
        this.acceleratorMock.onAnyCommand().rejects(new Error("fake AWS: unexpected Global Accelerator command"));
        this.route53Mock.on(GetHealthCheckCommand).callsFake((input: { HealthCheckId?: string }) => {
            this.catchUp();
            this.authorize("route53:GetHealthCheck", "us-east-1", "AccessDenied");
            const stack = this.stackOf(input.HealthCheckId, "healthCheckId");
            return { HealthCheck: { Id: input.HealthCheckId, CallerReference: "ref", HealthCheckVersion: this.versions[stack], HealthCheckConfig: { Type: "HTTPS", Inverted: this.isInverted(stack) } } };
        });
        this.route53Mock.on(GetHealthCheckStatusCommand).callsFake((input: { HealthCheckId?: string }) => {
            this.catchUp();
            this.authorize("route53:GetHealthCheckStatus", "us-east-1", "AccessDenied");
            if (stacks.some((stack) => input.HealthCheckId === readinessIds[stack].healthChecks.combined)) {
                // "You can't use GetHealthCheckStatus to get the status of a calculated health check" (the error's wording is not documented).
                throw new InvalidInput({ message: "A calculated health check has no health checker observations", $metadata: {} });
            }
            const stack = this.stackOf(input.HealthCheckId, "healthCheckId");
            // Three checkers, each checking every 30 s, 10 s apart; each reports its latest check, raw (Route 53 applies Inverted on top).
            return {
                HealthCheckObservations: ["ap-northeast-1", "ap-southeast-1", "ap-southeast-2"].map((region, index) => {
                    const checkedAtMs = this.lastCheckAt(index * 10_000);
                    const healthy = valueAt(this.checkersHealthy[stack], checkedAtMs);
                    return {
                        Region: region, IPAddress: "15.177.0.1",
                        StatusReport: { Status: healthy ? "Success: HTTP Status Code 200, OK" : "Failure: Connection timed out.", CheckedTime: new Date(checkedAtMs) },
                    };
                }),
            };
        });
        let healthCheckUpdates = 0;
        this.route53Mock.on(UpdateHealthCheckCommand).callsFake((input: UpdateHealthCheckCommandInput) => {
            this.catchUp();
            healthCheckUpdates++;
            if (this.failures.updateHealthCheck === healthCheckUpdates) {
                throw new Error("fake AWS: UpdateHealthCheck throttled");
            }
            const stack = this.stackOf(input.HealthCheckId, "healthCheckId");
            if (input.HealthCheckVersion !== undefined && input.HealthCheckVersion !== this.versions[stack]) {
                throw new Error("fake AWS: HealthCheckVersionMismatch");
            }
            if (input.Inverted !== undefined) {
                this.setInverted(stack, input.Inverted);
            }
            return {};
        });
        this.route53Mock.on(ChangeResourceRecordSetsCommand).callsFake((input: ChangeResourceRecordSetsCommandInput) => {
            if (input.HostedZoneId !== hostedZoneId) {
                throw new Error("fake AWS: NoSuchHostedZone");
            }
            // Route 53 applies a batch all or nothing, and rejects CREATE of an existing set and DELETE of a set that differs.
            const next = new Map(this.recordSets);
            for (const change of input.ChangeBatch?.Changes ?? []) {
                const set = change.ResourceRecordSet!;
                const name = `${set.Name!.replace(/\.$/, "")}.`;
                const key = `${name} ${set.Type}`;
                const current = next.get(key);
                if (change.Action === "CREATE") {
                    if (current !== undefined) {
                        throw new InvalidChangeBatch({ message: `[Tried to create resource record set [name='${name}', type='${set.Type}'] but it already exists]`, $metadata: {} });
                    }
                    next.set(key, { ...set, Name: name });
                } else if (change.Action === "DELETE") {
                    const same = current !== undefined && current.TTL === set.TTL && JSON.stringify(current.ResourceRecords) === JSON.stringify(set.ResourceRecords);
                    if (!same) {
                        throw new InvalidChangeBatch({ message: `[Tried to delete resource record set [name='${name}', type='${set.Type}'] but ${current === undefined ? "it was not found" : "the values provided do not match the current values"}]`, $metadata: {} });
                    }
                    next.delete(key);
                } else {
                    next.set(key, { ...set, Name: name });
                }
            }
            this.recordSets.clear();
            next.forEach((set, key) => this.recordSets.set(key, set));
            return { ChangeInfo: { Id: "/change/C1", Status: "PENDING", SubmittedAt: new Date(this.clock.now()) } };
        });
        this.route53Mock.on(ListResourceRecordSetsCommand).callsFake((input: ListResourceRecordSetsCommandInput) => {
            this.authorize("route53:ListResourceRecordSets", "us-east-1", "AccessDenied");
            // Listed in Route 53's order from the start name: here only the extra sets, sorted by name and type.
            const start = `${(input.StartRecordName ?? "").replace(/\.$/, "")}. ${input.StartRecordType ?? ""}`;
            const sets = [...this.recordSets.entries()].sort(([a], [b]) => a.localeCompare(b)).filter(([key]) => key >= start).map(([, set]) => set);
            return { ResourceRecordSets: sets.slice(0, input.MaxItems ?? 100), IsTruncated: sets.length > (input.MaxItems ?? 100), MaxItems: input.MaxItems ?? 100 };
        });
        this.route53Mock.on(TestDNSAnswerCommand).callsFake((input: TestDNSAnswerCommandInput) => {
            this.catchUp();
            if (input.HostedZoneId !== hostedZoneId || input.RecordType !== "A") {
                throw new Error("fake AWS: TestDNSAnswer for an unknown zone or type");
            }
            const stack = this.answer(input.RecordName ?? "", input.EDNS0ClientSubnetIP, this.clock.now() - this.timing.dnsDelayMs);
            return { Nameserver: "ns-1.awsdns-01.org", RecordName: input.RecordName, RecordType: "A", RecordData: [...ids[stack].ips], ResponseCode: "NOERROR", Protocol: "UDP" };
        });
        this.acceleratorMock.on(DescribeEndpointGroupCommand).callsFake((input: { EndpointGroupArn?: string }) => {
            this.catchUp();
            this.authorize("globalaccelerator:DescribeEndpointGroup", "us-west-2", "AccessDeniedException");
            const stack = this.stackOf(input.EndpointGroupArn, "endpointGroupArn");
            return {
                EndpointGroup: {
                    EndpointGroupArn: input.EndpointGroupArn, EndpointGroupRegion: ids[stack].region, TrafficDialPercentage: this.dial(stack),
                    EndpointDescriptions: [{ EndpointId: `arn:aws:elasticloadbalancing:${ids[stack].region}:111122223333:loadbalancer/app/${stack}-alb/1`, Weight: this.endpointWeights[stack], HealthState: this.endpointHealth[stack] }],
                },
            };
        });
        let endpointGroupUpdates = 0;
        this.acceleratorMock.on(UpdateEndpointGroupCommand).callsFake((input: UpdateEndpointGroupCommandInput) => {
            this.catchUp();
            endpointGroupUpdates++;
            if (this.failures.updateEndpointGroup === endpointGroupUpdates) {
                throw new Error("fake AWS: UpdateEndpointGroup failed");
            }
            const stack = this.stackOf(input.EndpointGroupArn, "endpointGroupArn");
            if (input.TrafficDialPercentage !== undefined) {
                this.setDial(stack, input.TrafficDialPercentage);
            }
            return {};
        });
    }

    /** The stack outputs the program writes (program/region.ts). */
    outputs(stack: Stack, simulateOutage: boolean): Record<string, unknown> {
        const region = ids[stack].region;
        return {
            region,
            url: `https://${ids[stack].albDnsName}/`,
            albDnsName: ids[stack].albDnsName,
            simulateOutage,
            healthCheckId: ids[stack].healthCheckId,
            hostedZoneId,
            records: {
                failover: { fqdn: "app.example.com", setIdentifier: region },
                weighted: { fqdn: "weighted.example.com", setIdentifier: region },
                latency: { fqdn: "latency.example.com", setIdentifier: region },
            },
            globalAcceleratorEndpointGroupArn: ids[stack].endpointGroupArn,
            ...(stack === "seoul" ? { globalAcceleratorDnsName: "a1234567890abcdef.awsglobalaccelerator.com", globalAcceleratorRecordFqdn: "global.example.com" } : {}),
            predictedFailoverSeconds: { dns: 90, globalAccelerator: 50 },
            ...(this.alarms ? { alarmNames: { "serving-badly": `${stack}-alarms-serving-badly` }, servingBadlyAlarmName: `${stack}-alarms-serving-badly` } : {}),
            ...(this.regional ? this.readinessOutputs(stack) : {}),
        };
    }

    /** Resolves the ALBs' names. */
    readonly resolver: DnsResolver = {
        resolve4: async (hostname) => {
            const stack = stacks.find((candidate) => ids[candidate].albDnsName === hostname);
            if (stack === undefined) {
                throw new Error(`fake DNS: NXDOMAIN ${hostname}`);
            }
            return [...ids[stack].ips];
        },
    };

    /** Probes as a client in Korea behind a caching resolver would see it. */
    readonly prober: HttpProber = {
        probe: async (request: ProbeRequest): Promise<ProbeResult> => {
            this.catchUp();
            const host = new URL(request.url).hostname;
            const now = this.clock.now();
            const direct = stacks.find((stack) => ids[stack].albDnsName === host);
            if (direct !== undefined) {
                return { status: 200, servedRegion: ids[direct].region };
            }
            if (host === "global.example.com") {
                const seoulDial = valueAt(this.dials.seoul, now - this.timing.acceleratorDelayMs);
                return { status: 200, servedRegion: ids[seoulDial > 0 ? "seoul" : "tokyo"].region };
            }
            const cachedAt = now - this.timing.dnsDelayMs - this.timing.resolverTtlMs;
            if (host === "weighted.example.com" && this.healthyAt("seoul", cachedAt) && this.healthyAt("tokyo", cachedAt)) {
                return { status: 200, servedRegion: ids[this.probeTurn++ % 2 === 0 ? "seoul" : "tokyo"].region };
            }
            return { status: 200, servedRegion: ids[this.answer(host, koreaSubnet, cachedAt)].region };
        },
    };
}

/** One recorded Automation API call. */
export interface AutomationCall {
    /** The method. */
    readonly method: "outputs" | "getConfig" | "setConfig" | "removeConfig" | "preview" | "up" | "exportDeployment" | "lastUpdate";
    /** Its stack. */
    readonly stack: string;
    /** Key and value, for config calls. */
    readonly args: readonly string[];
    /** Seconds since the clock started. */
    readonly atSeconds: number;
}

/**
 * The Automation API over the fake world: `up` does what the program does with
 * `drill.simulateOutage` (invert the check, dial to 0), taking 40 s of virtual time: the health
 * check is updated 20 s in, the endpoint group 30 s in.
 */
export class FakeAutomation implements StackAutomation {
    readonly calls: AutomationCall[] = [];
    readonly config: Record<string, Record<string, string>> = { seoul: {}, tokyo: {} };
    private readonly deployed: Record<string, boolean> = { seoul: false, tokyo: false };
    private ups = 0;
    /** Make the n-th `up` (1-based) fail after updating the health check. */
    failUp?: number;
    /** Make `outputs` fail (no backend, no credentials). */
    outputsError?: Error;
    /** Changes `preview` reports. */
    pendingChanges = 0;
    /** Operations an interrupted update left pending, per stack. */
    pendingOperations: Record<string, { urn: string; type: string }[]> = { seoul: [], tokyo: [] };
    /** Result of each stack's latest update. */
    lastResult: Record<string, string> = { seoul: "succeeded", tokyo: "succeeded", global: "succeeded" };

    constructor(private readonly world: FakeWorld) {}

    private record(method: AutomationCall["method"], stack: string, ...args: string[]): void {
        this.calls.push({ method, stack, args, atSeconds: this.world.clock.elapsedSeconds() });
    }

    /** The mutating calls (what a dry run must never make). */
    get mutations(): AutomationCall[] {
        return this.calls.filter((call) => call.method === "setConfig" || call.method === "removeConfig" || call.method === "up");
    }

    async outputs(stack: string): Promise<Record<string, unknown>> {
        this.record("outputs", stack);
        if (this.outputsError) {
            throw this.outputsError;
        }
        return this.world.outputs(stack as Stack, this.deployed[stack]);
    }

    async getConfig(stack: string, key: string): Promise<string | undefined> {
        this.record("getConfig", stack, key);
        return this.config[stack][key];
    }

    async setConfig(stack: string, key: string, value: string): Promise<void> {
        this.record("setConfig", stack, key, value);
        this.config[stack][key] = value;
    }

    async removeConfig(stack: string, key: string): Promise<void> {
        this.record("removeConfig", stack, key);
        delete this.config[stack][key];
    }

    /** The URNs of a stack's health check and endpoint group. */
    static urns(stack: string): { healthCheck: string; endpointGroup: string } {
        const base = `urn:pulumi:${stack}::multi-region-alb::app:traffic:RegionalTraffic$`;
        return { healthCheck: `${base}aws:route53/healthCheck:HealthCheck::${stack}-hc`, endpointGroup: `${base}aws:globalaccelerator/endpointGroup:EndpointGroup::${stack}-eg` };
    }

    async exportDeployment(stack: string): Promise<DeploymentSnapshot> {
        this.record("exportDeployment", stack);
        const urns = FakeAutomation.urns(stack);
        const outage = this.deployed[stack];
        return {
            resources: [
                { urn: `urn:pulumi:${stack}::multi-region-alb::pulumi:pulumi:Stack::multi-region-alb-${stack}`, type: "pulumi:pulumi:Stack", outputs: {} },
                { urn: urns.healthCheck, type: "aws:route53/healthCheck:HealthCheck", outputs: { id: ids[stack as Stack].healthCheckId, invertHealthcheck: outage } },
                { urn: urns.endpointGroup, type: "aws:globalaccelerator/endpointGroup:EndpointGroup", outputs: { id: ids[stack as Stack].endpointGroupArn, arn: ids[stack as Stack].endpointGroupArn, trafficDialPercentage: outage ? 0 : this.world.initialDial(stack as Stack) } },
            ],
            pendingOperations: this.pendingOperations[stack],
        };
    }

    async lastUpdate(stack: string): Promise<{ kind: string; result: string; startTime: string }> {
        this.record("lastUpdate", stack);
        return { kind: "update", result: this.lastResult[stack], startTime: new Date(this.world.clock.startMs - 86_400_000).toISOString() };
    }

    async preview(stack: string, targets?: readonly string[]): Promise<{ changes: number; summary: Record<string, number> }> {
        this.record("preview", stack, ...(targets ?? []));
        return { changes: this.pendingChanges, summary: { same: 120 - this.pendingChanges, ...(this.pendingChanges > 0 ? { update: this.pendingChanges } : {}) } };
    }

    async up(stack: string, listener: UpListener, targets?: readonly string[]): Promise<void> {
        this.record("up", stack, ...(targets ?? []));
        this.ups++;
        if (!(stacks as readonly string[]).includes(stack)) {
            // A stack the world has no region for (the global stack): an update that takes 20 s.
            listener.onOutput(`Updating (${stack})`);
            await this.world.clock.sleep(20_000);
            if (this.failUp === this.ups) {
                throw new Error("pulumi up failed: error: 1 error occurred: creating accelerator listener: AccessDeniedException");
            }
            listener.onOutput("Resources: 3 unchanged");
            return;
        }
        const outage = this.config[stack]["drill.simulateOutage"] === "true";
        const clock = this.world.clock;
        listener.onOutput(`Updating (${stack})`);
        await clock.sleep(20_000);
        const checkChanges = this.world.isInverted(stack as Stack) !== outage;
        listener.onResourceStarted?.("aws:route53/healthCheck:HealthCheck", checkChanges ? "update" : "same");
        if (checkChanges) {
            this.world.setInverted(stack as Stack, outage);
        }
        listener.onResourceDone("aws:route53/healthCheck:HealthCheck", checkChanges ? "update" : "same");
        if (this.failUp === this.ups) {
            await clock.sleep(5_000);
            throw new Error("pulumi up failed: error: 1 error occurred: updating endpoint group: ThrottlingException");
        }
        // The provider calls UpdateEndpointGroup at the step's start, then waits for the accelerator to deploy.
        await clock.sleep(10_000);
        const dial = outage ? 0 : 100;
        const dialChanges = this.world.dial(stack as Stack) !== dial;
        listener.onResourceStarted?.("aws:globalaccelerator/endpointGroup:EndpointGroup", dialChanges ? "update" : "same");
        if (dialChanges) {
            this.world.setDial(stack as Stack, dial);
        }
        await clock.sleep(8_000);
        listener.onResourceDone("aws:globalaccelerator/endpointGroup:EndpointGroup", dialChanges ? "update" : "same");
        await clock.sleep(2_000);
        this.deployed[stack] = outage;
        listener.onOutput("Resources: 2 updated, 118 unchanged");
    }
}

/** A progress sink that keeps everything. */
export class RecordingProgress implements ProgressSink {
    readonly events: string[] = [];
    boards = 0;

    event(line: string): void {
        this.events.push(line);
    }

    board(lines: readonly string[]): void {
        if (lines.length > 0) {
            this.boards++;
        }
    }
}

/** A fresh temporary directory for reports. */
export function temporaryDirectory(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "drill-test-"));
}

/** Drill options against the real stack files, reports in a temporary directory. */
export function drillOptions(overrides: Partial<DrillOptions> = {}): DrillOptions {
    const outDir = temporaryDirectory();
    return { ...drillDefaults, projectDir, target: "seoul", outDir, stateFile: path.join(outDir, "state", "state.json"), operator: "tester", ...overrides };
}

/** Everything a runner test needs, wired together. */
export function fakeDrill(timing: Partial<WorldTiming> = {}, initial: ConstructorParameters<typeof FakeWorld>[2] = {}) {
    const clock = new FakeClock();
    const world = new FakeWorld(clock, timing, initial);
    const automation = new FakeAutomation(world);
    const progress = new RecordingProgress();
    const interrupt = new AbortController();
    const deps = { aws: world.aws, automation, clock, prober: world.prober, resolver: world.resolver, progress, interrupt: interrupt.signal };
    return { clock, world, automation, progress, interrupt, deps, restore: () => { world.route53Mock.restore(); world.acceleratorMock.restore(); } };
}

/** Asserts that the drill failed because guard `guardId` tripped, ending the outage phase; returns that phase. */
export function expectGuardTripped(result: DrillResult, guardId: string): PhaseReport {
    expect(result.report.outcome).to.equal("failed");
    expect(result.report.summary).to.include(`guard ${guardId} tripped`);
    const outage = result.report.phases.find((phase) => phase.phase === "outage")!;
    expect(outage.end).to.equal("guard");
    return outage;
}

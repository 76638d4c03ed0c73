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
    ListResourceRecordSetsCommand,
    ListResourceRecordSetsCommandInput,
    ResourceRecordSet,
    Route53Client,
    TestDNSAnswerCommand,
    TestDNSAnswerCommandInput,
    UpdateHealthCheckCommand,
    UpdateHealthCheckCommandInput,
} from "@aws-sdk/client-route-53";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import {
    CreateRuleCommand, CreateRuleCommandInput, DeleteRuleCommand, DescribeRulesCommand, ElasticLoadBalancingV2Client, PriorityInUseException, Rule, RuleNotFoundException,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { AwsClients, Clock, DeploymentSnapshot, DnsResolver, HttpProber, ProbeRequest, ProbeResult, ProgressSink, StackAutomation, UpListener } from "../../drill/clients/types";
import { drillDefaults, DrillOptions } from "../../drill/runner/options";
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
        listenerArn: "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:listener/app/seoul-alb/50dc6c495c0c9188/f2f7dc8efc522ab2",
    },
    tokyo: {
        region: "ap-northeast-1", healthCheckId: "hc-tokyo-0001", albDnsName: "tokyo-alb-5678.ap-northeast-1.elb.amazonaws.com",
        ips: ["52.68.20.1", "52.68.20.2"], endpointGroupArn: "arn:aws:globalaccelerator::111122223333:accelerator/abcd/listener/0001/endpoint-group/tokyo",
        listenerArn: "arn:aws:elasticloadbalancing:ap-northeast-1:111122223333:listener/app/tokyo-alb/6a5b4c3d2e1f0a9b/0a1b2c3d4e5f6a7b",
    },
} as const;
export const hostedZoneId = "Z0123456789EXAMPLE";
const koreaSubnet = "168.126.63.0";

/** How slow the fake AWS is. */
export interface WorldTiming {
    /** Route 53's answers follow a health change after this long. */
    readonly dnsDelayMs: number;
    /** This machine's resolver keeps an answer this long (the ELB alias TTL). */
    readonly resolverTtlMs: number;
    /** Global Accelerator moves new connections this long after a dial change. */
    readonly acceleratorDelayMs: number;
    /** The followed elb-5xx alarm is in ALARM this long after the ALB starts answering 503 (breaching periods plus delivery). */
    readonly alarmFireMs: number;
    /** It is back to OK this long after the ALB stops (the hold-down plus delivery). */
    readonly alarmClearMs: number;
}

/** The alarms each region's stack outputs (alarmNames), and those Route 53 follows (followedAlarmNames). */
const alarmKeys = ["elb-5xx", "target-5xx", "healthy-hosts-web", "latency", "rejected-connections", "serving-badly"] as const;
const followedKeys = ["elb-5xx", "target-5xx", "healthy-hosts-web"] as const;

/** The one rule every listener has (DescribeRules lists it last, at priority `default`). */
function defaultRule(listenerArn: string): Rule {
    return { RuleArn: `${listenerArn.replace(":listener/", ":listener-rule/")}/default`, Priority: "default", IsDefault: true, Conditions: [], Actions: [{ Type: "forward", Order: 1 }] };
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
    /** With `initial.alarms`: CloudWatch, and each region's followed alarms in its records' combined check. */
    readonly cloudWatch = new CloudWatchClient({ region: "ap-northeast-2" });
    readonly cloudWatchMock = mockClient(this.cloudWatch);
    private readonly alarms: boolean;
    /** Each region's Elastic Load Balancing API, and the rules of its serving listener besides the default one. */
    readonly elbv2: Record<Stack, ElasticLoadBalancingV2Client> = { seoul: new ElasticLoadBalancingV2Client({ region: ids.seoul.region }), tokyo: new ElasticLoadBalancingV2Client({ region: ids.tokyo.region }) };
    readonly rules: Record<Stack, Rule[]> = { seoul: [], tokyo: [] };
    /** When each listener answered the fault's 503 (a rule of priority 1 with a fixed 503). */
    private readonly faulted: Record<Stack, Change<boolean>[]>;
    private ruleCount = 0;
    /** The listener's rule quota: CreateRule beyond it fails with TooManyRules. */
    ruleQuota = 100;
    /** Every Elastic Load Balancing call that reached the fake, with its input. */
    readonly elbv2Calls: { command: "DescribeRules" | "CreateRule" | "DeleteRule"; input: Record<string, unknown> }[] = [];
    /** Called when CreateRule arrives, before it changes anything (a test's look at the state file then). */
    onCreateRule?: () => void;
    /** Set to make UpdateHealthCheck / UpdateEndpointGroup / DeleteRule fail on the n-th call (1-based). */
    failures: { updateHealthCheck?: number; updateEndpointGroup?: number; deleteRule?: number } = {};

    constructor(readonly clock: WorldClock, timing: Partial<WorldTiming> = {}, initial: { dial?: Partial<Record<Stack, number>>; inverted?: Partial<Record<Stack, boolean>>; alarms?: boolean } = {}) {
        this.alarms = initial.alarms ?? false;
        this.timing = { dnsDelayMs: 25_000, resolverTtlMs: 60_000, acceleratorDelayMs: 20_000, alarmFireMs: 150_000, alarmClearMs: 330_000, ...timing };
        const start = clock.now();
        this.inverted = { seoul: [{ atMs: start, value: initial.inverted?.seoul ?? false }], tokyo: [{ atMs: start, value: initial.inverted?.tokyo ?? false }] };
        this.checkersHealthy = { seoul: [{ atMs: start, value: true }], tokyo: [{ atMs: start, value: true }] };
        this.dials = { seoul: [{ atMs: start, value: initial.dial?.seoul ?? 100 }], tokyo: [{ atMs: start, value: initial.dial?.tokyo ?? 100 }] };
        this.faulted = { seoul: [{ atMs: start, value: false }], tokyo: [{ atMs: start, value: false }] };
        this.install();
        this.installElbv2();
    }

    /** The clients the runner gets. */
    get aws(): AwsClients {
        return {
            route53: this.route53, globalAccelerator: this.globalAccelerator, elbv2: (region) => this.elbv2[this.stackOfRegion(region)],
            ...(this.alarms ? { cloudWatch: () => this.cloudWatch } : {}),
        };
    }

    private stackOfRegion(region: string): Stack {
        const stack = stacks.find((candidate) => ids[candidate].region === region);
        if (stack === undefined) {
            throw new Error(`fake AWS: no load balancers in ${region}`);
        }
        return stack;
    }

    /** Whether the region's listener answered the fault's 503 at `atMs`. */
    faultedAt(stack: Stack, atMs: number): boolean {
        return valueAt(this.faulted[stack], atMs);
    }

    /**
     * Whether the region's followed elb-5xx alarm was in ALARM at `atMs`: the ALB's own 5xx count
     * breaches while the fault answers (after the breaching periods and the metrics' delivery),
     * and the alarm is back to OK only after its hold-down. The other followed alarms stay quiet:
     * no request reaches a target, and the targets stay healthy.
     */
    alarmedAt(stack: Stack, atMs: number): boolean {
        const changes = this.faulted[stack];
        return changes.some((change, index) => {
            if (!change.value) {
                return false;
            }
            const endMs = changes.slice(index + 1).find((later) => !later.value)?.atMs ?? Infinity;
            return endMs - change.atMs >= this.timing.alarmFireMs && change.atMs + this.timing.alarmFireMs <= atMs && atMs < endMs + this.timing.alarmClearMs;
        });
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

    /** What Route 53's checkers see at `atMs`: the endpoint answers /health (not a 503 from the fault rule). */
    private checkersSeeHealthy(stack: Stack, atMs: number): boolean {
        return valueAt(this.checkersHealthy[stack], atMs) && !this.faultedAt(stack, atMs);
    }

    /** The status Route 53 routes on at `atMs`. */
    private healthyAt(stack: Stack, atMs: number): boolean {
        // With alarms, the records carry the combined check: the endpoint check and the followed alarms'.
        return this.checkersSeeHealthy(stack, atMs) !== valueAt(this.inverted[stack], atMs) && !(this.alarms && this.alarmedAt(stack, atMs));
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

    private alarmOf(name: string | undefined): { stack: Stack; key: string } {
        for (const stack of stacks) {
            const key = alarmKeys.find((candidate) => name === `${stack}-alarms-${candidate}`);
            if (key !== undefined) {
                return { stack, key };
            }
        }
        throw new Error(`fake AWS: no alarm ${name}`);
    }

    private installCloudWatch(): void {
        // SetAlarmState and every other command are refused: Route 53 follows data, not alarm states.
        this.cloudWatchMock.onAnyCommand().rejects(new Error("fake AWS: unexpected CloudWatch command"));
        this.cloudWatchMock.on(DescribeAlarmsCommand).callsFake(async (input: { AlarmNames?: string[] }) => {
            this.catchUp();
            const name = input.AlarmNames?.[0];
            const { stack, key } = this.alarmOf(name);
            const now = this.clock.now();
            const alarm = key === "elb-5xx" && this.alarmedAt(stack, now);
            return { MetricAlarms: [{ AlarmName: name, StateValue: alarm ? "ALARM" : "OK", StateReason: alarm ? "Threshold Crossed: 2 out of the last 6 datapoints were greater than or equal to the threshold (10.0)." : "Threshold not crossed", StateUpdatedTimestamp: new Date(this.clock.startMs) }] };
        });
    }

    private listenerOf(arn: string | undefined): Stack {
        const stack = stacks.find((candidate) => ids[candidate].listenerArn === arn);
        if (stack === undefined) {
            throw Object.assign(new Error("One or more listeners not found"), { name: "ListenerNotFoundException" });
        }
        return stack;
    }

    /** The fault answers while a rule of priority 1 with a fixed 503 is on the listener. */
    private refreshFault(stack: Stack): void {
        const faulted = this.rules[stack].some((rule) => rule.Priority === "1" && rule.Actions?.[0]?.FixedResponseConfig?.StatusCode === "503");
        if (faulted !== valueAt(this.faulted[stack], this.clock.now())) {
            this.faulted[stack].push({ atMs: this.clock.now(), value: faulted });
        }
    }

    /** DescribeRules, CreateRule and DeleteRule as Elastic Load Balancing answers them (elbv2 2015-12-01). */
    private installElbv2(): void {
        let deletes = 0;
        for (const stack of stacks) {
            const mock = mockClient(this.elbv2[stack]);
            mock.onAnyCommand().rejects(new Error("fake AWS: unexpected Elastic Load Balancing command"));
            mock.on(DescribeRulesCommand).callsFake((input: { ListenerArn?: string }) => {
                this.catchUp();
                this.elbv2Calls.push({ command: "DescribeRules", input });
                const listener = this.listenerOf(input.ListenerArn);
                return { Rules: [...this.rules[listener], defaultRule(ids[listener].listenerArn)] };
            });
            mock.on(CreateRuleCommand).callsFake((input: CreateRuleCommandInput) => {
                this.catchUp();
                this.elbv2Calls.push({ command: "CreateRule", input: { ...input } });
                this.onCreateRule?.();
                const listener = this.listenerOf(input.ListenerArn);
                if (input.Priority === undefined || input.Priority < 1 || input.Priority > 50000) {
                    throw Object.assign(new Error(`1 validation error detected: Value '${input.Priority}' at 'priority' failed to satisfy constraint: Member must have value between 1 and 50000`), { name: "ValidationError" });
                }
                if (this.rules[listener].some((rule) => rule.Priority === String(input.Priority))) {
                    throw new PriorityInUseException({ message: `Priority '${input.Priority}' is currently in use`, $metadata: {} });
                }
                if (this.rules[listener].length >= this.ruleQuota) {
                    throw Object.assign(new Error("The maximum number of rules has been reached"), { name: "TooManyRulesException" });
                }
                const status = input.Actions?.[0]?.FixedResponseConfig?.StatusCode;
                if (status !== undefined && !/^(2|4|5)\d\d$/.test(status)) {
                    throw Object.assign(new Error(`1 validation error detected: Value '${status}' at 'actions.1.member.fixedResponseConfig.statusCode' failed to satisfy constraint`), { name: "ValidationError" });
                }
                const rule: Rule = {
                    RuleArn: `${ids[listener].listenerArn.replace(":listener/", ":listener-rule/")}/${(++this.ruleCount).toString(16).padStart(16, "0")}`,
                    Priority: String(input.Priority), Conditions: input.Conditions, Actions: input.Actions, IsDefault: false,
                };
                this.rules[listener].push(rule);
                this.refreshFault(listener);
                return { Rules: [rule] };
            });
            mock.on(DeleteRuleCommand).callsFake((input: { RuleArn?: string }) => {
                this.catchUp();
                this.elbv2Calls.push({ command: "DeleteRule", input });
                deletes++;
                if (this.failures.deleteRule === deletes) {
                    throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
                }
                const listener = stacks.find((candidate) => this.rules[candidate].some((rule) => rule.RuleArn === input.RuleArn));
                if (listener === undefined) {
                    throw new RuleNotFoundException({ message: "One or more rules not found", $metadata: {} });
                }
                this.rules[listener] = this.rules[listener].filter((rule) => rule.RuleArn !== input.RuleArn);
                this.refreshFault(listener);
                return {};
            });
        }
    }

    private install(): void {
        this.installCloudWatch();
        this.route53Mock.onAnyCommand().rejects(new Error("fake AWS: unexpected Route 53 command"));
        this.acceleratorMock.onAnyCommand().rejects(new Error("fake AWS: unexpected Global Accelerator command"));
        this.route53Mock.on(GetHealthCheckCommand).callsFake((input: { HealthCheckId?: string }) => {
            this.catchUp();
            const stack = this.stackOf(input.HealthCheckId, "healthCheckId");
            return { HealthCheck: { Id: input.HealthCheckId, CallerReference: "ref", HealthCheckVersion: this.versions[stack], HealthCheckConfig: { Type: "HTTPS", Inverted: this.isInverted(stack) } } };
        });
        this.route53Mock.on(GetHealthCheckStatusCommand).callsFake((input: { HealthCheckId?: string }) => {
            this.catchUp();
            const stack = this.stackOf(input.HealthCheckId, "healthCheckId");
            // Three checkers, each checking every 30 s, 10 s apart; each reports its latest check, raw (Route 53 applies Inverted on top).
            return {
                HealthCheckObservations: ["ap-northeast-1", "ap-southeast-1", "ap-southeast-2"].map((region, index) => {
                    const checkedAtMs = this.lastCheckAt(index * 10_000);
                    const healthy = this.checkersSeeHealthy(stack, checkedAtMs);
                    return {
                        Region: region, IPAddress: "15.177.0.1",
                        StatusReport: {
                            Status: healthy ? "Success: HTTP Status Code 200, OK" : this.faultedAt(stack, checkedAtMs) ? "Failure: HTTP Status Code 503, Service Unavailable." : "Failure: Connection timed out.",
                            CheckedTime: new Date(checkedAtMs),
                        },
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
            const stack = this.stackOf(input.EndpointGroupArn, "endpointGroupArn");
            return {
                EndpointGroup: {
                    EndpointGroupArn: input.EndpointGroupArn, EndpointGroupRegion: ids[stack].region, TrafficDialPercentage: this.dial(stack),
                    EndpointDescriptions: [{ EndpointId: `arn:aws:elasticloadbalancing:${ids[stack].region}:111122223333:loadbalancer/app/${stack}-alb/1`, Weight: 128, HealthState: "HEALTHY" }],
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
            listenerArns: { http: ids[stack].listenerArn.replace(/\/[0-9a-f]+$/, "/0000000000000080"), https: ids[stack].listenerArn },
            ...(stack === "seoul" ? { globalAcceleratorDnsName: "a1234567890abcdef.awsglobalaccelerator.com", globalAcceleratorRecordFqdn: "global.example.com" } : {}),
            predictedFailoverSeconds: { dns: 90, globalAccelerator: 50 },
            ...(this.alarms ? {
                alarmNames: Object.fromEntries(alarmKeys.map((key) => [key, `${stack}-alarms-${key}`])),
                followedAlarmNames: Object.fromEntries(followedKeys.map((key) => [key, `${stack}-alarms-${key}`])),
                servingBadlyAlarmName: `${stack}-alarms-serving-badly`,
            } : {}),
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
            // A region whose listener answers the fault's 503 serves nobody, however the client got there.
            const served = (stack: Stack): ProbeResult => (this.faultedAt(stack, now) ? { status: 503 } : { status: 200, servedRegion: ids[stack].region });
            const direct = stacks.find((stack) => ids[stack].albDnsName === host);
            if (direct !== undefined) {
                return served(direct);
            }
            if (host === "global.example.com") {
                // The accelerator judges the ALB by its targets' health, which the fault leaves alone: only the dial moves it.
                const seoulDial = valueAt(this.dials.seoul, now - this.timing.acceleratorDelayMs);
                return served(seoulDial > 0 ? "seoul" : "tokyo");
            }
            const cachedAt = now - this.timing.dnsDelayMs - this.timing.resolverTtlMs;
            if (host === "weighted.example.com" && this.healthyAt("seoul", cachedAt) && this.healthyAt("tokyo", cachedAt)) {
                return served(this.probeTurn++ % 2 === 0 ? "seoul" : "tokyo");
            }
            return served(this.answer(host, koreaSubnet, cachedAt));
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
    return { clock, world, automation, progress, interrupt, deps, restore: () => { world.route53Mock.restore(); world.acceleratorMock.restore(); world.cloudWatchMock.restore(); } };
}

/** Asserts that the drill failed because guard `guardId` tripped, ending the outage phase; returns that phase. */
export function expectGuardTripped(result: DrillResult, guardId: string): PhaseReport {
    expect(result.report.outcome).to.equal("failed");
    expect(result.report.summary).to.include(`guard ${guardId} tripped`);
    const outage = result.report.phases.find((phase) => phase.phase === "outage")!;
    expect(outage.end).to.equal("guard");
    return outage;
}

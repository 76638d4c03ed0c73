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
    HealthCheckVersionMismatch,
    InvalidChangeBatch,
    InvalidInput,
    NoSuchHealthCheck,
    ListResourceRecordSetsCommand,
    ListResourceRecordSetsCommandInput,
    ResourceRecordSet,
    Route53Client,
    TestDNSAnswerCommand,
    TestDNSAnswerCommandInput,
    UpdateHealthCheckCommand,
    UpdateHealthCheckCommandInput,
} from "@aws-sdk/client-route-53";
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand, GetMetricDataInput, MetricAlarm } from "@aws-sdk/client-cloudwatch";
import {
    AutoScalingClient,
    AutoScalingServiceException,
    DescribeAutoScalingGroupsCommand,
    DescribeAutoScalingGroupsCommandInput,
    UpdateAutoScalingGroupCommand,
    UpdateAutoScalingGroupCommandInput,
} from "@aws-sdk/client-auto-scaling";
import { autoScalingValidationError, GroupSizes, updatedSizes } from "../../domain/autoScaling";
import {
    CreateRuleCommand, CreateRuleCommandInput, DeleteRuleCommand, DescribeRulesCommand, ElasticLoadBalancingV2Client, PriorityInUseException, Rule, RuleNotFoundException,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetRoutingControlStateCommand, Route53RecoveryClusterClient, UpdateRoutingControlStateCommand } from "@aws-sdk/client-route53-recovery-cluster";
import { route53Limits } from "../../domain/apiLimits";
import { route53ChangeBatchValueCharacters, route53TxtStringMaxLength } from "../../domain/awsLimits";
import { getMetricDataLimits, healthCheckStatusMetric } from "../../domain/readinessFacts";
import { cached } from "../../drill/clients/realNetwork";
import { lastPassValue } from "../../drill/safety/lastPass";
import { txtStrings } from "../../drill/safety/sharedState";
import type { ReadinessAwsClients } from "../../readiness/clients";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import {
    AwsClients, Clock, ConnectionProbeResult, DeploymentSnapshot, DnsResolver, HttpProber, KeepAliveProber, ProbeRequest, ProbeResult, ProgressSink, StackAutomation, UpListener,
} from "../../drill/clients/types";
import { drillDefaults, DrillOptions } from "../../drill/runner/options";
import type { PhaseReport } from "../../drill/report/types";
import type { DrillResult } from "../../drill/runner/runner";
// A type only: the regional account (and the EC2, ACM and Service Quotas clients it loads, a third of
// a spawned drill's start-up) is loaded by the readiness tests that pass one (`readiness`).
import type { RegionalAccount } from "./regionalAccount";

/** The repository root: the real Pulumi.yaml and stack files. */
export const projectDir = path.resolve(__dirname, "..", "fixtures", "two-regions");

/** The repository root (the drill's command line is drill/cli.ts under it). */
export const repositoryRoot = path.resolve(__dirname, "..", "..");

/**
 * The drill's command line as `npm run drill` runs it: scripts/launch.js and the compiled program
 * in bin/ (rebuilt first when a source changed). Half the start-up time of the TypeScript sources
 * under tsx, which the process tests pay for every process they start.
 */
export const drillCommand: readonly string[] = [path.join(repositoryRoot, "scripts", "launch.js"), "drill/cli"];

/**
 * The compiled copy, in bin/, of a test world: launch.js compiles tests/ too, so the world and the
 * compiled command share the drill's modules.
 * @param world the world's TypeScript file
 */
export function compiledWorld(world: string): string {
    return path.join(repositoryRoot, "bin", path.relative(repositoryRoot, world).replace(/\.ts$/, ".js"));
}

/** The clock a fake world runs on: virtual (FakeClock) or scaled real time (the command-line tests). */
export interface WorldClock extends Clock {
    /** When the world started (clock ms). */
    readonly startMs: number;
    /** Seconds since the world started. */
    elapsedSeconds(): number;
}

/**
 * Real time, sped up, for the command-line tests: a five-minute drill takes seconds. It goes on
 * from `resumedAtMs` (the virtual time another process left a file-backed account at), so a
 * process started later sees no time pass in between.
 */
export class ScaledClock implements WorldClock {
    private readonly realStartMs = Date.now();

    constructor(private readonly speed: number, readonly startMs = Date.UTC(2025, 5, 1, 0, 0, 0), private readonly resumedAtMs = startMs) {}

    now(): number {
        return this.resumedAtMs + (Date.now() - this.realStartMs) * this.speed;
    }

    elapsedSeconds(): number {
        return (this.now() - this.startMs) / 1000;
    }

    sleep(ms: number): Promise<void> {
        return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms / this.speed)));
    }
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

    /**
     * @param startMs the virtual time the world started at
     * @param resumedAtMs the virtual time now: later than the start when a process picks up an account another left
     */
    constructor(readonly startMs = Date.UTC(2025, 5, 1, 0, 0, 0), resumedAtMs = startMs) {
        this.time = resumedAtMs;
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

/** A region of the fake account. */
export type Stack = "seoul" | "tokyo";
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

/** The regional resources a stack deploys that `npm run readiness` reads beyond the drill's (the `readiness` option). */
function readinessIdsOf(stack: Stack, serial: number, certificates: readonly [string, string]) {
    const { region } = ids[stack];
    const elb = `arn:aws:elasticloadbalancing:${region}:111122223333`;
    return {
        targetGroups: { web: `${elb}:targetgroup/${stack}-web/000${serial}`, canary: `${elb}:targetgroup/${stack}-canary/001${serial}` },
        certificates: certificates.map((id) => `arn:aws:acm:${region}:111122223333:certificate/${id}`),
    };
}

/** What the world deploys for `npm run readiness`, by stack; the certificates are the fixture's (app:alb.certificateArn, then app:alb.sniCertificateArns). */
export const readinessIds = {
    seoul: readinessIdsOf("seoul", 1, ["0f3c1a9e-5d2b-4c6a-9b7e-2a1d4c5e6f70", "7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"]),
    tokyo: readinessIdsOf("tokyo", 2, ["3a4b5c6d-7e8f-4a9b-8c0d-1e2f3a4b5c6d", "9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b"]),
};

/** The alarms each region's stack outputs (alarmNames), and those Route 53 follows (followedAlarmNames). */
const alarmKeys = ["elb-5xx", "target-5xx", "healthy-hosts-web", "latency", "rejected-connections", "serving-badly"] as const;
const followedKeys = ["elb-5xx", "target-5xx", "healthy-hosts-web"] as const;
/** An alarm of the fake account's regions, and one Route 53 follows. */
export type AlarmKey = (typeof alarmKeys)[number];
export type FollowedKey = (typeof followedKeys)[number];
/** A child of the records' combined check, by its role in the `healthCheckIds` output. */
type ChildRole = "endpoint" | "control" | `alarm-${FollowedKey}`;

/** The ids of a region's other health checks (each followed alarm's by key) and its routing control, when the world has them. */
export function childIds(stack: Stack): { combined: string; alarms: Record<FollowedKey, string>; control: string; routingControlArn: string } {
    return {
        combined: `hc-${stack}-combined`, control: `hc-${stack}-control`,
        alarms: Object.fromEntries(followedKeys.map((key) => [key, `hc-${stack}-alarm-${key}`])) as Record<FollowedKey, string>,
        routingControlArn: `arn:aws:route53-recovery-control::111122223333:controlpanel/0123456789abcdef/routingcontrol/${stack}`,
    };
}

/** The routing-control cluster's five data-plane endpoints. */
export const clusterEndpoints = ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1", "ap-southeast-2"]
    .map((region) => ({ endpoint: `https://abcd1234.route53-recovery-cluster.${region}.amazonaws.com/v1`, region }));

/** How the fake account starts. */
export interface WorldSetup {
    /** Traffic dials. @default 100 */
    readonly dial?: Partial<Record<Stack, number>>;
    /** Endpoint checks inverted. @default false */
    readonly inverted?: Partial<Record<Stack, boolean>>;
    /** CloudWatch, and each region's followed alarms (elb-5xx, target-5xx, healthy-hosts-web) as children of its records' combined check. @default false */
    readonly alarms?: boolean;
    /** Each region's routing control as a child of its records' combined check. @default false */
    readonly routingControls?: boolean;
    /** Healthy children the combined check needs. @default "all" */
    readonly childThreshold?: "all" | "any";
    /** Each region's weighted record's weight. @default 50 (the fixture's dns.weight) */
    readonly weights?: Partial<Record<Stack, number>>;
    /** Each region's Auto Scaling group sizes. @default min 2, max 4, desired 2 (the fleet's defaults) */
    readonly groups?: Partial<Record<Stack, Partial<GroupSizes>>>;
    /**
     * The regional services `npm run readiness` reads, as a fresh `new RegionalAccount()`
     * (tests/drill/regionalAccount.ts: target health, certificates, Auto Scaling groups, instance
     * types, the vCPU quota), seeded healthy, with IAM applied to every read, and a drill that
     * passed three days before the start. @default none
     */
    readonly readiness?: RegionalAccount;
}
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
    /** A new instance is InService this long after its group's DesiredCapacity rose. */
    readonly instanceLaunchMs: number;
    /** The ALBs' client keepalive: the first response on a connection this old closes it (the fixture's alb.clientKeepAliveSeconds). */
    readonly clientKeepAliveMs: number;
    /** The ALBs' idle timeout: a connection idle this long is closed (the fixture's alb.idleTimeoutSeconds). */
    readonly idleTimeoutMs: number;
}

/** The name of a region's Auto Scaling group. */
export function groupName(stack: Stack): string {
    return `${stack}-fleet-asg-0a1b2c3d`;
}

/** The service's weighted record name. */
export const weightedName = "weighted.example.com";

/** The instance type of the fleets (the fixture's fleet.instanceType). */
const instanceType = "t3.micro";

/** One Auto Scaling group of the account: its sizes and instances (each launched at a time, of a type). */
interface FakeGroup {
    sizes: GroupSizes;
    instances: { id: string; launchedAtMs: number; type: string }[];
}

/**
 * Smooth weighted round robin: a fixed sequence in which each key's share follows its weight
 * (equal weights alternate, first key first), so that weighted answers are deterministic.
 */
class WeightedTurns {
    private readonly credit = new Map<string, number>();

    next<T extends string>(weights: readonly (readonly [T, number])[]): T {
        const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
        let best = weights[0][0];
        let bestCredit = Number.NEGATIVE_INFINITY;
        for (const [key, weight] of weights) {
            const credit = (this.credit.get(key) ?? 0) + weight;
            this.credit.set(key, credit);
            if (credit > bestCredit) {
                best = key;
                bestCredit = credit;
            }
        }
        this.credit.set(best, bestCredit - total);
        return best;
    }
}

/** A CloudWatch client's mock. */
function mockCloudWatch(client: CloudWatchClient) {
    return mockClient(client);
}

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

/**
 * What Route 53 refuses in a change batch of TXT records, with its words: a string over 255
 * characters (CharacterStringTooLong), a value over 4,000, a batch whose values total over 32,000
 * characters (docs/drill-aws-facts.md).
 */
export function checkTxtLimits(input: ChangeResourceRecordSetsCommandInput): void {
    let total = 0;
    for (const change of input.ChangeBatch?.Changes ?? []) {
        for (const record of change.ResourceRecordSet?.ResourceRecords ?? []) {
            const value = record.Value ?? "";
            total += value.length * (change.Action === "UPSERT" ? 2 : 1);
            const tooLong = change.ResourceRecordSet?.Type === "TXT" && txtStrings(value).some((text) => text.length > route53TxtStringMaxLength);
            if (tooLong || value.length > route53Limits.recordValueLength.max) {
                throw new InvalidChangeBatch({ message: `[Invalid Resource Record: 'FATAL problem: CharacterStringTooLong (Value is too long) encountered with '${value}'']`, $metadata: {} });
            }
        }
    }
    if (total > route53ChangeBatchValueCharacters) {
        throw new InvalidChangeBatch({ message: `[Number of characters in the request exceeds ${route53ChangeBatchValueCharacters}]`, $metadata: {} });
    }
}

/** The key of a region's weighted record set in the fake zone. */
function weightedKey(stack: Stack): string {
    return `${weightedName}. A ${ids[stack].region}`;
}

/** A region's weighted record set as Pulumi created it: an alias to its ALB, with its endpoint health check. */
export function weightedRecordSet(stack: Stack, weight: number): ResourceRecordSet {
    return {
        Name: `${weightedName}.`, Type: "A", SetIdentifier: ids[stack].region, Weight: weight, HealthCheckId: ids[stack].healthCheckId,
        AliasTarget: { HostedZoneId: stack === "seoul" ? "ZWKZPGTI48KDX" : "Z14GRHDCWA56QT", DNSName: `dualstack.${ids[stack].albDnsName}.`, EvaluateTargetHealth: true },
    };
}

/** Whether two record sets are the same in every element Route 53 compares for a DELETE. */
function sameRecordSet(a: ResourceRecordSet, b: ResourceRecordSet): boolean {
    const canonical = (set: ResourceRecordSet) => JSON.stringify([
        set.Name?.replace(/\.$/, ""), set.Type, set.SetIdentifier, set.Weight, set.TTL, set.HealthCheckId, set.Failover, set.Region,
        (set.ResourceRecords ?? []).map((record) => record.Value), set.AliasTarget?.HostedZoneId, set.AliasTarget?.DNSName, set.AliasTarget?.EvaluateTargetHealth,
    ]);
    return canonical(a) === canonical(b);
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
    private readonly weightedTurns = new WeightedTurns();
    private readonly probeTurns = new WeightedTurns();
    /** Record sets of the hosted zone other than the service's (the drill lock), by `name type`. */
    readonly recordSets = new Map<string, ResourceRecordSet>();
    /** The service's weighted record sets (alias to each ALB, with its health check), by `name type setIdentifier`. */
    readonly serviceRecordSets = new Map<string, ResourceRecordSet>();
    /** Each region's weight over time (what Route 53 answers by). */
    private readonly weights: Record<Stack, Change<number>[]>;
    /** Each region's Auto Scaling group. */
    readonly groups: Record<Stack, FakeGroup>;
    private readonly autoScalingClients = new Map<string, AutoScalingClient>();
    private instanceCount = 0;
    /** CloudWatch in each region it is used in (alarms in their own region, Route 53's metrics in us-east-1), and each client's mock. */
    private readonly cloudWatchMocks = new Map<string, ReturnType<typeof mockCloudWatch>>();
    readonly cloudWatch = cached((region: string) => {
        const client = new CloudWatchClient({ region });
        this.installCloudWatch(region, client);
        this.mortal(client);
        return client;
    });
    /** With `initial.alarms`: each region's alarms, and its followed alarms in its records' combined check. */
    private readonly alarms: boolean;
    /** Alarms someone deleted, by name. */
    readonly deletedAlarms = new Set<string>();
    /** Health checks whose HealthCheckStatus metric has no datapoint (CloudWatch has no data for them), by id. */
    readonly metricsWithoutData = new Set<string>();
    /** With `initial.readiness`: the regional services `npm run readiness` reads (tests/drill/regionalAccount.ts). */
    readonly regional?: RegionalAccount;
    /** Each region's endpoint weight in its endpoint group. */
    readonly endpointWeights: Record<Stack, number> = { seoul: 128, tokyo: 128 };
    /** Each region's endpoint health in its endpoint group. */
    readonly endpointHealth: Record<Stack, string> = { seoul: "HEALTHY", tokyo: "HEALTHY" };
    /** When a followed alarm of a region was in ALARM for a real failure a test sets (setAlarmFiring), by region. */
    private readonly alarmed: Record<Stack, { key: string; from: number; until: number }[]> = { seoul: [], tokyo: [] };
    /** With alarms or routing controls: the records carry each region's combined check. */
    readonly combined: boolean;
    private readonly routingControls: boolean;
    /** The combined check's threshold, Inverted flag and version, per region. */
    private readonly combinedThreshold: Record<Stack, Change<number>[]>;
    private readonly combinedInverted: Record<Stack, Change<boolean>[]>;
    private readonly combinedVersions: Record<Stack, number> = { seoul: 1, tokyo: 1 };
    /** Each region's routing control state. */
    private readonly controls: Record<Stack, Change<"On" | "Off">[]>;
    /** Every ARC data-plane call that an endpoint answered: region, command and state. */
    readonly controlCalls: { region: string; command: "Get" | "Update"; state?: string }[] = [];
    /** Called before each Route 53 change batch is applied (a test may throw, as Route 53 would). */
    beforeChange?: (input: ChangeResourceRecordSetsCommandInput) => void;
    /** Called after every change of the account, with one line saying what changed (e.g. `dial seoul 0`). */
    onChange?: (what: string) => void;
    /** Regions whose cluster endpoint is down, an ARC error the cluster answers updates with, and the regions each update reached (refused or not). */
    readonly arc: {
        down: Set<string>; refuseUpdates?: Error; updatesReached: string[];
        /** When set, an update that reaches the cluster calls `reached`, then waits for `hold` before it takes effect. */
        inFlight?: { reached: () => void; hold: Promise<void> };
    } = { down: new Set(), updatesReached: [] };

    /** Each region's Elastic Load Balancing API, and the rules of its serving listener besides the default one. */
    readonly elbv2: Record<Stack, ElasticLoadBalancingV2Client> = { seoul: new ElasticLoadBalancingV2Client({ region: ids.seoul.region }), tokyo: new ElasticLoadBalancingV2Client({ region: ids.tokyo.region }) };
    readonly rules: Record<Stack, Rule[]> = { seoul: [], tokyo: [] };
    /** When each listener answered the fault's 503 (a rule of priority 1 with a fixed 503). */
    private readonly faulted: Record<Stack, Change<boolean>[]>;
    /** Rules created so far (each rule's ARN ends with its number). */
    private readonly ruleCount = { created: 0 };
    /** The listener's rule quota: CreateRule beyond it fails with TooManyRules. */
    ruleQuota = 100;
    /** Rules per DescribeRules page (PageSize, 1..400); the rest follows NextMarker. */
    rulesPageSize = 400;
    /** Every Elastic Load Balancing call that reached the fake, with its input. */
    readonly elbv2Calls: { command: "DescribeRules" | "CreateRule" | "DeleteRule"; input: Record<string, unknown> }[] = [];
    /** Called when CreateRule arrives, before it changes anything (a test's look at the state file then). */
    onCreateRule?: () => void;
    /** When set, the next CreateRule calls `reached` on arrival, then waits for `hold` before it takes effect. */
    createRuleInFlight?: { reached: () => void; hold: Promise<void> };
    /** Set to make UpdateHealthCheck / UpdateEndpointGroup / DeleteRule fail on the n-th call (1-based). */
    failures: { updateHealthCheck?: number; updateEndpointGroup?: number; deleteRule?: number } = {};

    constructor(readonly clock: WorldClock, timing: Partial<WorldTiming> = {}, initial: WorldSetup = {}) {
        this.alarms = initial.alarms ?? false;
        this.routingControls = initial.routingControls ?? false;
        this.combined = this.alarms || this.routingControls;
        this.regional = initial.readiness;
        this.timing = {
            dnsDelayMs: 25_000, resolverTtlMs: 60_000, acceleratorDelayMs: 20_000, alarmFireMs: 150_000, alarmClearMs: 330_000,
            instanceLaunchMs: 120_000, clientKeepAliveMs: 60_000, idleTimeoutMs: 30_000, ...timing,
        };
        const start = clock.now();
        const each = <T>(value: (stack: Stack) => T): Record<Stack, Change<T>[]> => ({ seoul: [{ atMs: start, value: value("seoul") }], tokyo: [{ atMs: start, value: value("tokyo") }] });
        this.inverted = each((stack) => initial.inverted?.[stack] ?? false);
        this.checkersHealthy = each(() => true);
        this.dials = each((stack) => initial.dial?.[stack] ?? 100);
        this.combinedThreshold = each(() => (initial.childThreshold === "any" ? 1 : this.children().length));
        this.combinedInverted = each(() => false);
        this.controls = each(() => "On" as const);
        this.faulted = each(() => false);
        this.weights = each((stack) => initial.weights?.[stack] ?? 50);
        for (const stack of stacks) {
            this.serviceRecordSets.set(weightedKey(stack), weightedRecordSet(stack, this.weights[stack][0].value));
        }
        const group = (stack: Stack): FakeGroup => {
            const sizes = { minSize: 2, maxSize: 4, desiredCapacity: 2, ...initial.groups?.[stack] };
            return { sizes, instances: Array.from({ length: sizes.desiredCapacity }, () => ({ id: this.instanceId(), launchedAtMs: start - this.timing.instanceLaunchMs, type: instanceType })) };
        };
        this.groups = { seoul: group("seoul"), tokyo: group("tokyo") };
        this.install();
        this.installElbv2();
        this.seedReadiness();
        for (const client of [this.route53, this.globalAccelerator, ...stacks.map((stack) => this.elbv2[stack])]) {
            this.mortal(client);
        }
    }

    /** The clients the runner gets. */
    get aws(): AwsClients {
        return {
            route53: this.route53, globalAccelerator: this.globalAccelerator, elbv2: (region) => this.elbv2[this.stackOfRegion(region)],
            ...(this.alarms ? { cloudWatch: this.cloudWatch } : {}),
            ...(this.routingControls ? { recoveryCluster: (endpoint: string, region: string) => this.clusterClient(endpoint, region) } : {}),
            autoScaling: (region: string) => this.autoScalingClient(region),
        };
    }

    /** Set by `die()`: no call answers any more. */
    private dead = false;

    /**
     * The process using the account dies here (call it from `onChange`, right after a named
     * change): from now on no call answers, as if the process had been killed after that change.
     * `revive()` lets the next process in; calls made while dead never answer.
     */
    die(): void {
        this.dead = true;
    }

    /** A new process may use the account. */
    revive(): void {
        this.dead = false;
    }

    private mortal(client: { send: (...args: never[]) => Promise<unknown> }): void {
        const send = client.send.bind(client);
        // Always a promise, as the SDK's send is (a mocked call may answer synchronously).
        client.send = ((...args: never[]) => (this.dead ? new Promise<never>(() => undefined) : Promise.resolve().then(() => send(...args)))) as typeof client.send;
    }

    private instanceId(): string {
        return `i-0${String(++this.instanceCount).padStart(16, "0")}`;
    }

    /** The region's weight now. */
    weight(stack: Stack): number {
        return valueAt(this.weights[stack], this.clock.now());
    }

    /** Sets a region's weight (an operator's change), keeping the rest of its record set. */
    setWeight(stack: Stack, weight: number): void {
        const key = weightedKey(stack);
        this.serviceRecordSets.set(key, { ...this.serviceRecordSets.get(key)!, Weight: weight });
        this.weights[stack].push({ atMs: this.clock.now(), value: weight });
        this.onChange?.(`weight ${stack} ${weight}`);
    }

    /** A region's Auto Scaling group sizes now. */
    groupSizes(stack: Stack): GroupSizes {
        return { ...this.groups[stack].sizes };
    }

    /** Sets a group's sizes (an operator's change, or AWS's answer to UpdateAutoScalingGroup); launches or terminates instances to the desired capacity. */
    setGroupSizes(stack: Stack, sizes: GroupSizes): void {
        const group = this.groups[stack];
        group.sizes = { ...sizes };
        while (group.instances.length < sizes.desiredCapacity) {
            group.instances.push({ id: this.instanceId(), launchedAtMs: this.clock.now(), type: instanceType });
        }
        // The newest instances go first (a simplification of the termination policy).
        group.instances.splice(sizes.desiredCapacity);
        this.onChange?.(`asg ${stack} min ${sizes.minSize} desired ${sizes.desiredCapacity} max ${sizes.maxSize}`);
    }

    /** Every client `npm run readiness` reads with (the `readiness` option). */
    get readinessClients(): ReadinessAwsClients {
        if (this.regional === undefined) {
            throw new Error("fake AWS: the world was made without the readiness option");
        }
        return {
            route53: this.route53, globalAccelerator: this.globalAccelerator, cloudWatch: this.cloudWatch, elbv2: (region) => this.elbv2[this.stackOfRegion(region)],
            recoveryCluster: (endpoint, region) => this.clusterClient(endpoint, region), autoScaling: (region) => this.autoScalingClient(region), ...this.regional.clients,
        };
    }

    /** CloudWatch's mock in a region (a test's own answers). */
    cloudWatchMock(region: string): ReturnType<typeof mockCloudWatch> {
        this.cloudWatch(region);
        return this.cloudWatchMocks.get(region)!;
    }

    /** The alarms every DescribeAlarms asked for, in any region, in the order each region's client got them. */
    alarmsDescribed(): string[] {
        return [...this.cloudWatchMocks.values()].flatMap((mock) => mock.commandCalls(DescribeAlarmsCommand).flatMap((call) => call.args[0].input.AlarmNames ?? []));
    }

    /** Undoes every mock of the account. */
    restoreMocks(): void {
        this.route53Mock.restore();
        this.acceleratorMock.restore();
        this.cloudWatchMocks.forEach((mock) => mock.restore());
    }

    /** Records a call of the account and applies IAM (with `readiness`): a denied action fails as AWS fails it. */
    private authorize(action: string, region: string, errorName: string): void {
        this.regional?.authorize(action, region, errorName);
    }

    /**
     * A healthy deployment for `npm run readiness`: every target healthy, certificates 200 days from
     * expiry, 32 vCPUs of quota with 8 in use, and a drill that passed three days before the start
     * (the fleets are the world's groups: 2..4 t3.micro with 2 in service).
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
            regional.listeners.set(ids[stack].listenerArn, { region, certificates: [...deployed.certificates] });
            for (const arn of deployed.certificates) {
                regional.certificates.set(arn, { notAfter: new Date(start + 200 * 86_400_000), status: "ISSUED", type: "AMAZON_ISSUED" });
            }
            regional.quotas.set(region, { applied: 32, defaultValue: 5, usage: 8 });
        }
        this.recordSets.set("_drill-passed.example.com. TXT", {
            Name: "_drill-passed.example.com.", Type: "TXT", TTL: 60,
            ResourceRecords: [{ Value: lastPassValue({ target: "seoul", lever: "config", finishedAt: new Date(start - 3 * 86_400_000).toISOString(), id: "drill-0001", by: "tester" }) }],
        });
    }

    /** The combined check's children by role: the endpoint check, each followed alarm's (`alarm-<key>`), the routing control's. */
    private children(): ChildRole[] {
        return ["endpoint", ...(this.alarms ? followedKeys.map((key) => `alarm-${key}` as const) : []), ...(this.routingControls ? ["control" as const] : [])];
    }

    /** The threshold the program deploys (children, or 1 with childThreshold any) and what the stack had at the start. */
    configuredThreshold(stack: Stack): number {
        return this.combinedThreshold[stack][0].value;
    }

    combinedThresholdNow(stack: Stack): number {
        return valueAt(this.combinedThreshold[stack], this.clock.now());
    }

    setCombinedThreshold(stack: Stack, value: number): void {
        this.combinedThreshold[stack].push({ atMs: this.clock.now(), value });
        this.combinedVersions[stack]++;
        this.onChange?.(`threshold ${stack} ${value}`);
    }

    setCombinedInverted(stack: Stack, value: boolean): void {
        this.combinedInverted[stack].push({ atMs: this.clock.now(), value });
        this.combinedVersions[stack]++;
        this.onChange?.(`combined-inverted ${stack} ${value}`);
    }

    controlState(stack: Stack): "On" | "Off" {
        return valueAt(this.controls[stack], this.clock.now());
    }

    setControl(stack: Stack, value: "On" | "Off"): void {
        this.controls[stack].push({ atMs: this.clock.now(), value });
        this.onChange?.(`control ${stack} ${value}`);
    }

    /** Sets one of a region's alarms in ALARM for an hour (a real failure CloudWatch keeps seeing). */
    setAlarmFiring(stack: Stack, key: AlarmKey = "target-5xx"): void {
        this.alarmed[stack].push({ key, from: this.clock.now(), until: this.clock.now() + 3_600_000 });
        this.onChange?.(`alarm ${stack} ${key} ALARM`);
    }

    /** One data-plane client at a cluster endpoint; every endpoint serves the same states. */
    private clusterClient(endpoint: string, region: string): Route53RecoveryClusterClient {
        const client = new Route53RecoveryClusterClient({ region, endpoint });
        const mock = mockClient(client);
        const stackOfControl = (arn: string | undefined) => {
            const stack = stacks.find((candidate) => childIds(candidate).routingControlArn === arn);
            if (stack === undefined) {
                throw Object.assign(new Error(`fake ARC: no routing control ${arn}`), { name: "ResourceNotFoundException" });
            }
            return stack;
        };
        const reachable = () => {
            if (this.arc.down.has(region)) {
                throw Object.assign(new Error(`endpoint ${region} unreachable`), { name: "EndpointTemporarilyUnavailableException" });
            }
        };
        mock.onAnyCommand().rejects(new Error("fake ARC: unexpected command"));
        mock.on(GetRoutingControlStateCommand).callsFake((input: { RoutingControlArn?: string }) => {
            this.catchUp();
            reachable();
            this.authorize("route53-recovery-cluster:GetRoutingControlState", region, "AccessDeniedException");
            const state = this.controlState(stackOfControl(input.RoutingControlArn));
            this.controlCalls.push({ region, command: "Get", state });
            return { RoutingControlArn: input.RoutingControlArn, RoutingControlState: state };
        });
        mock.on(UpdateRoutingControlStateCommand).callsFake(async (input: { RoutingControlArn?: string; RoutingControlState?: "On" | "Off" }) => {
            this.catchUp();
            reachable();
            this.arc.updatesReached.push(region);
            if (this.arc.refuseUpdates !== undefined) {
                throw this.arc.refuseUpdates;
            }
            const inFlight = this.arc.inFlight;
            if (inFlight !== undefined) {
                this.arc.inFlight = undefined;
                inFlight.reached();
                await inFlight.hold;
            }
            this.setControl(stackOfControl(input.RoutingControlArn), input.RoutingControlState!);
            this.controlCalls.push({ region, command: "Update", state: input.RoutingControlState });
            return {};
        });
        return client;
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

    /** The failure a test set on the region's alarm `key` at `atMs` (setAlarmFiring), if any. */
    private setFiringAt(stack: Stack, key: string, atMs: number): { from: number; until: number } | undefined {
        return this.alarmed[stack].find((interval) => interval.key === key && interval.from <= atMs && atMs < interval.until);
    }

    /** Whether the region's alarm `key` was in ALARM at `atMs`: the fault's elb-5xx, or a failure a test set. */
    private alarmFiringAt(stack: Stack, key: string, atMs: number): boolean {
        return (key === "elb-5xx" && this.alarmedAt(stack, atMs)) || this.setFiringAt(stack, key, atMs) !== undefined;
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
        this.onChange?.(`inverted ${stack} ${value}`);
    }

    setDial(stack: Stack, value: number): void {
        this.dials[stack].push({ atMs: this.clock.now(), value });
        this.onChange?.(`dial ${stack} ${value}`);
    }

    setCheckersHealthy(stack: Stack, value: boolean): void {
        this.checkersHealthy[stack].push({ atMs: this.clock.now(), value });
        this.onChange?.(`checkers ${stack} ${value}`);
    }

    /** Everything the account holds, as plain JSON (the cross-process tests keep it in a file). */
    snapshot(): Record<string, unknown> {
        return {
            inverted: this.inverted, checkersHealthy: this.checkersHealthy, dials: this.dials, versions: this.versions,
            combinedThreshold: this.combinedThreshold, combinedInverted: this.combinedInverted, combinedVersions: this.combinedVersions,
            controls: this.controls, alarmed: this.alarmed, faulted: this.faulted, rules: this.rules, ruleCount: this.ruleCount, recordSets: [...this.recordSets.entries()],
            serviceRecordSets: [...this.serviceRecordSets.entries()], weights: this.weights, groups: this.groups, instanceCount: this.instanceCount,
        };
    }

    /** Takes the account a snapshot holds. */
    load(snapshot: Record<string, unknown>): void {
        for (const key of [
            "inverted", "checkersHealthy", "dials", "versions", "combinedThreshold", "combinedInverted", "combinedVersions", "controls", "alarmed", "faulted", "rules", "ruleCount", "weights", "groups",
        ] as const) {
            Object.assign(this[key], snapshot[key]);
        }
        this.instanceCount = snapshot.instanceCount as number;
        for (const [map, saved] of [[this.recordSets, snapshot.recordSets], [this.serviceRecordSets, snapshot.serviceRecordSets]] as const) {
            map.clear();
            (saved as [string, ResourceRecordSet][]).forEach(([key, set]) => map.set(key, set));
        }
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

    /** The status Route 53 routes on at `atMs`: the endpoint check's, or the combined check's over its children. */
    private healthyAt(stack: Stack, atMs: number): boolean {
        return this.checkHealthyAt(stack, this.combined ? "combined" : "endpoint", atMs);
    }

    /** A health check's status at `atMs`, as Route 53 has it (and publishes as HealthCheckStatus). */
    private checkHealthyAt(stack: Stack, role: ChildRole | "combined", atMs: number): boolean {
        if (role === "endpoint") {
            return this.checkersSeeHealthy(stack, atMs) !== valueAt(this.inverted[stack], atMs);
        }
        if (role === "control") {
            return valueAt(this.controls[stack], atMs) === "On";
        }
        if (role !== "combined") {
            return !this.alarmFiringAt(stack, role.slice("alarm-".length), atMs);
        }
        const count = this.children().filter((child) => this.checkHealthyAt(stack, child, atMs)).length;
        // Above the number of children Route 53 always considers a calculated check unhealthy; the flag inverts it.
        return (count >= valueAt(this.combinedThreshold[stack], atMs)) !== valueAt(this.combinedInverted[stack], atMs);
    }

    private stackOf(key: string | undefined, field: "healthCheckId" | "endpointGroupArn"): Stack {
        const stack = stacks.find((candidate) => ids[candidate][field] === key);
        if (stack === undefined) {
            throw new Error(`fake AWS: no such ${field} ${key}`);
        }
        return stack;
    }

    /** Which check of which region an id names. */
    private checkOf(id: string | undefined): { stack: Stack; role: ChildRole | "combined" } {
        const check = this.checkOfOrUndefined(id);
        if (check === undefined) {
            throw new NoSuchHealthCheck({ message: `No health check exists with the specified ID ${id}`, $metadata: {} });
        }
        return check;
    }

    /** Which check of which region an id names, if any. */
    private checkOfOrUndefined(id: string | undefined): { stack: Stack; role: ChildRole | "combined" } | undefined {
        for (const stack of stacks) {
            if (ids[stack].healthCheckId === id) {
                return { stack, role: "endpoint" };
            }
            if (this.combined && childIds(stack).combined === id) {
                return { stack, role: "combined" };
            }
            const role = this.children().find((child) => this.childId(stack, child) === id);
            if (role !== undefined) {
                return { stack, role };
            }
        }
        return undefined;
    }

    /** A child check's id. */
    private childId(stack: Stack, role: ChildRole): string {
        const children = childIds(stack);
        return role === "endpoint" ? ids[stack].healthCheckId : role === "control" ? children.control : children.alarms[role.slice("alarm-".length) as FollowedKey];
    }

    /** GetHealthCheck's answer for any of the account's checks. */
    private healthCheckOf(id: string | undefined): Record<string, unknown> {
        const { stack, role } = this.checkOf(id);
        const config = () => {
            if (role === "endpoint") {
                return { HealthCheckVersion: this.versions[stack], HealthCheckConfig: { Type: "HTTPS", Inverted: this.isInverted(stack) } };
            }
            if (role === "combined") {
                return {
                    HealthCheckVersion: this.combinedVersions[stack],
                    HealthCheckConfig: {
                        Type: "CALCULATED", Inverted: valueAt(this.combinedInverted[stack], this.clock.now()), HealthThreshold: this.combinedThresholdNow(stack),
                        ChildHealthChecks: this.children().map((child) => this.childId(stack, child)),
                    },
                };
            }
            if (role === "control") {
                return { HealthCheckVersion: 1, HealthCheckConfig: { Type: "RECOVERY_CONTROL", RoutingControlArn: childIds(stack).routingControlArn } };
            }
            const name = `${stack}-alarms-${role.slice("alarm-".length)}`;
            return { HealthCheckVersion: 1, HealthCheckConfig: { Type: "CLOUDWATCH_METRIC", InsufficientDataHealthStatus: "LastKnownStatus", AlarmIdentifier: { Region: ids[stack].region, Name: name } } };
        };
        return { HealthCheck: { Id: id, CallerReference: "ref", ...config() } };
    }

    /** Failover, weighted and latency answers, written out from the Route 53 guide. */
    private answer(name: string, subnet: string | undefined, atMs: number): Stack {
        const seoulUp = this.healthyAt("seoul", atMs);
        const tokyoUp = this.healthyAt("tokyo", atMs);
        if (name === "app.example.com") {
            return seoulUp || !tokyoUp ? "seoul" : "tokyo";
        }
        if (name === weightedName) {
            return this.weightedAnswer(atMs, this.weightedTurns);
        }
        if (name === "latency.example.com") {
            if (subnet === koreaSubnet) {
                return seoulUp || !tokyoUp ? "seoul" : "tokyo";
            }
            return tokyoUp || !seoulUp ? "tokyo" : "seoul";
        }
        throw new Error(`fake AWS: no record ${name}`);
    }

    /**
     * A weighted answer at `atMs` (Route 53 Developer Guide, weighted routing and health checks):
     * among the healthy records with a weight above 0, by weight; a record of weight 0 only when no
     * record with a weight is healthy (then the healthy ones evenly); with none healthy, as if all
     * were (fail open), by weight.
     */
    private weightedAnswer(atMs: number, turns: WeightedTurns): Stack {
        const records = stacks.map((stack) => ({ stack, weight: valueAt(this.weights[stack], atMs), healthy: this.healthyAt(stack, atMs) }));
        const healthy = records.filter((record) => record.healthy);
        const weighted = healthy.filter((record) => record.weight > 0);
        const pool = weighted.length > 0 ? weighted : healthy.length > 0 ? healthy.map((record) => ({ ...record, weight: 1 }))
            : records.some((record) => record.weight > 0) ? records.filter((record) => record.weight > 0) : records.map((record) => ({ ...record, weight: 1 }));
        return turns.next(pool.map((record) => [record.stack, record.weight] as const));
    }

    private autoScalingClient(region: string): AutoScalingClient {
        let client = this.autoScalingClients.get(region);
        if (client === undefined) {
            client = new AutoScalingClient({ region });
            this.installAutoScaling(client, region);
            this.mortal(client);
            this.autoScalingClients.set(region, client);
        }
        return client;
    }

    /** DescribeAutoScalingGroups and UpdateAutoScalingGroup as EC2 Auto Scaling answers them, in the group's own region. */
    private installAutoScaling(client: AutoScalingClient, region: string): void {
        const mock = mockClient(client);
        mock.onAnyCommand().rejects(new Error("fake AWS: unexpected Auto Scaling command"));
        const stackOf = (name: string | undefined) => stacks.find((stack) => groupName(stack) === name && ids[stack].region === region);
        mock.on(DescribeAutoScalingGroupsCommand).callsFake((input: DescribeAutoScalingGroupsCommandInput) => {
            this.catchUp();
            this.authorize("autoscaling:DescribeAutoScalingGroups", region, "AccessDenied");
            const now = this.clock.now();
            // A name the region does not hold is left out of the answer (no error).
            const found = (input.AutoScalingGroupNames ?? []).map(stackOf).filter((stack): stack is Stack => stack !== undefined);
            return {
                AutoScalingGroups: found.map((stack) => {
                    const { sizes, instances } = this.groups[stack];
                    return {
                        AutoScalingGroupName: groupName(stack), MinSize: sizes.minSize, MaxSize: sizes.maxSize, DesiredCapacity: sizes.desiredCapacity,
                        DefaultCooldown: 300, AvailabilityZones: [`${region}a`, `${region}c`], HealthCheckType: "ELB", CreatedTime: new Date(this.clock.startMs - 86_400_000),
                        Instances: instances.map((instance) => ({
                            InstanceId: instance.id, InstanceType: instance.type, AvailabilityZone: `${region}a`, HealthStatus: "Healthy", ProtectedFromScaleIn: false,
                            LifecycleState: now - instance.launchedAtMs >= this.timing.instanceLaunchMs ? "InService" : "Pending",
                        })),
                    };
                }),
            };
        });
        mock.on(UpdateAutoScalingGroupCommand).callsFake((input: UpdateAutoScalingGroupCommandInput) => {
            this.catchUp();
            const stack = stackOf(input.AutoScalingGroupName);
            if (stack === undefined) {
                throw new AutoScalingServiceException({ name: autoScalingValidationError, message: `AutoScalingGroup name not found - null`, $fault: "client", $metadata: {} });
            }
            const result = updatedSizes(this.groups[stack].sizes, { minSize: input.MinSize, maxSize: input.MaxSize, desiredCapacity: input.DesiredCapacity });
            if ("refusal" in result) {
                throw new AutoScalingServiceException({ name: autoScalingValidationError, message: result.refusal, $fault: "client", $metadata: {} });
            }
            this.setGroupSizes(stack, result.sizes);
            return {};
        });
    }

    /** The alarm a name names, when the account has it in `region`: each region's alarms live in its own region. */
    private alarmIn(region: string, name: string): { stack: Stack; key: string } | undefined {
        if (!this.alarms || this.deletedAlarms.has(name)) {
            return undefined;
        }
        const stack = stacks.find((candidate) => ids[candidate].region === region);
        const key = alarmKeys.find((candidate) => name === `${stack}-alarms-${candidate}`);
        return stack === undefined || key === undefined ? undefined : { stack, key };
    }

    /** DescribeAlarms' answer for one alarm now. */
    private describeAlarm(name: string, stack: Stack, key: string): MetricAlarm {
        const now = this.clock.now();
        const alarm = this.alarmFiringAt(stack, key, now);
        const since = this.setFiringAt(stack, key, now)?.from ?? this.clock.startMs;
        return {
            AlarmName: name, StateValue: alarm ? "ALARM" : "OK", StateUpdatedTimestamp: new Date(since),
            StateReason: alarm ? "Threshold Crossed: 2 out of the last 6 datapoints were greater than or equal to the threshold (10.0)." : "Threshold not crossed",
        };
    }

    /**
     * CloudWatch as one region's client answers: DescribeAlarms lists the named alarms the region
     * holds (an unknown name is left out, as AWS does); GetMetricData has Route 53's HealthCheckStatus
     * in us-east-1 only, and the vCPU usage of the region's quota (with `readiness`).
     */
    private installCloudWatch(region: string, client: CloudWatchClient): void {
        const mock = mockCloudWatch(client);
        this.cloudWatchMocks.set(region, mock);
        // SetAlarmState and every other command are refused: Route 53 follows data, not alarm states.
        mock.onAnyCommand().rejects(new Error("fake AWS: unexpected CloudWatch command"));
        mock.on(DescribeAlarmsCommand).callsFake(async (input: { AlarmNames?: string[] }) => {
            this.catchUp();
            this.authorize("cloudwatch:DescribeAlarms", region, "AccessDeniedException");
            return {
                MetricAlarms: (input.AlarmNames ?? []).flatMap((name) => {
                    const alarm = this.alarmIn(region, name);
                    return alarm === undefined ? [] : [this.describeAlarm(name, alarm.stack, alarm.key)];
                }),
            };
        });
        mock.on(GetMetricDataCommand).callsFake((input: GetMetricDataInput) => {
            this.catchUp();
            this.authorize("cloudwatch:GetMetricData", region, "AccessDeniedException");
            return this.metricData(region, input);
        });
    }

    /** GetMetricData as CloudWatch answers it: the latest minute's datapoint of each metric the account has in `region`. */
    private metricData(region: string, input: GetMetricDataInput) {
        const queries = input.MetricDataQueries ?? [];
        const queryIds = queries.map((query) => query.Id ?? "");
        if (queries.length > getMetricDataLimits.queriesPerCall || queryIds.some((id) => !getMetricDataLimits.queryId.test(id)) || new Set(queryIds).size !== queryIds.length) {
            throw Object.assign(new Error("The value for parameter MetricDataQueries.member.Id is invalid or not unique."), { name: "ValidationError" });
        }
        const minute = Math.floor(this.clock.now() / 60_000) * 60_000;
        return {
            MetricDataResults: queries.map((query) => {
                const metric = query.MetricStat?.Metric;
                const value = this.metricValue(region, metric?.Namespace, metric?.MetricName, Object.fromEntries((metric?.Dimensions ?? []).map((dimension) => [dimension.Name, dimension.Value])));
                return { Id: query.Id, Label: metric?.MetricName, Timestamps: value === undefined ? [] : [new Date(minute)], Values: value === undefined ? [] : [value], StatusCode: "Complete" };
            }),
        };
    }

    private metricValue(region: string, namespace?: string, name?: string, dimensions: Record<string, string | undefined> = {}): number | undefined {
        if (namespace === healthCheckStatusMetric.namespace && name === healthCheckStatusMetric.metricName) {
            const id = dimensions[healthCheckStatusMetric.dimension] ?? "";
            // Route 53 publishes its metrics in us-east-1 only.
            if (region !== "us-east-1" || this.metricsWithoutData.has(id)) {
                return undefined;
            }
            const check = this.checkOfOrUndefined(id);
            return check === undefined ? undefined : this.checkHealthyAt(check.stack, check.role, this.clock.now()) ? 1 : 0;
        }
        return this.regional?.metricValue(region, namespace, name, dimensions);
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

    /** Someone changes a rule by hand, as SetRulePriorities or ModifyRule would: its priority, or its actions. */
    changeRule(stack: Stack, ruleArn: string, change: Partial<Pick<Rule, "Priority" | "Actions">>): void {
        this.rules[stack] = this.rules[stack].map((rule) => (rule.RuleArn === ruleArn ? { ...rule, ...change } : rule));
        this.refreshFault(stack);
        this.onChange?.(`rule ${stack} changed`);
    }

    /** DescribeRules, CreateRule and DeleteRule as Elastic Load Balancing answers them (elbv2 2015-12-01). */
    private installElbv2(): void {
        let deletes = 0;
        for (const stack of stacks) {
            const mock = mockClient(this.elbv2[stack]);
            mock.onAnyCommand().rejects(new Error("fake AWS: unexpected Elastic Load Balancing command"));
            this.regional?.installLoadBalancing(mock, ids[stack].region);
            mock.on(DescribeRulesCommand).callsFake((input: { ListenerArn?: string; Marker?: string }) => {
                this.catchUp();
                this.elbv2Calls.push({ command: "DescribeRules", input });
                const listener = this.listenerOf(input.ListenerArn);
                const all = [...this.rules[listener], defaultRule(ids[listener].listenerArn)];
                const from = Number(input.Marker ?? 0);
                const next = from + this.rulesPageSize;
                return { Rules: all.slice(from, next), ...(next < all.length ? { NextMarker: String(next) } : {}) };
            });
            mock.on(CreateRuleCommand).callsFake(async (input: CreateRuleCommandInput) => {
                this.catchUp();
                this.elbv2Calls.push({ command: "CreateRule", input: { ...input } });
                this.onCreateRule?.();
                const inFlight = this.createRuleInFlight;
                if (inFlight !== undefined) {
                    this.createRuleInFlight = undefined;
                    inFlight.reached();
                    await inFlight.hold;
                }
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
                    RuleArn: `${ids[listener].listenerArn.replace(":listener/", ":listener-rule/")}/${(++this.ruleCount.created).toString(16).padStart(16, "0")}`,
                    Priority: String(input.Priority), Conditions: input.Conditions, Actions: input.Actions, IsDefault: false,
                };
                this.rules[listener].push(rule);
                this.refreshFault(listener);
                this.onChange?.(`rule ${listener} created`);
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
                this.onChange?.(`rule ${listener} deleted`);
                return {};
            });
        }
    }

    private install(): void {
        this.route53Mock.onAnyCommand().rejects(new Error("fake AWS: unexpected Route 53 command"));
        this.acceleratorMock.onAnyCommand().rejects(new Error("fake AWS: unexpected Global Accelerator command"));
        this.route53Mock.on(GetHealthCheckCommand).callsFake((input: { HealthCheckId?: string }) => {
            this.catchUp();
            this.authorize("route53:GetHealthCheck", "us-east-1", "AccessDenied");
            return this.healthCheckOf(input.HealthCheckId);
        });
        this.route53Mock.on(GetHealthCheckStatusCommand).callsFake((input: { HealthCheckId?: string }) => {
            this.catchUp();
            this.authorize("route53:GetHealthCheckStatus", "us-east-1", "AccessDenied");
            if (this.checkOf(input.HealthCheckId).role === "combined") {
                // "You can't use GetHealthCheckStatus to get the status of a calculated health check" (route53 GetHealthCheckStatusRequest).
                throw new InvalidInput({ message: "GetHealthCheckStatus does not report the status of a calculated health check", $metadata: {} });
            }
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
            const { stack, role } = this.checkOf(input.HealthCheckId);
            if (role === "combined") {
                if (input.HealthCheckVersion !== undefined && input.HealthCheckVersion !== this.combinedVersions[stack]) {
                    throw new HealthCheckVersionMismatch({ message: "The value of HealthCheckVersion in the request doesn't match the value of HealthCheckVersion in the health check.", $metadata: {} });
                }
                if (input.HealthThreshold !== undefined) {
                    this.setCombinedThreshold(stack, input.HealthThreshold);
                }
                if (input.Inverted !== undefined) {
                    this.setCombinedInverted(stack, input.Inverted);
                }
                return { HealthCheck: { Id: input.HealthCheckId, CallerReference: "ref", HealthCheckVersion: this.combinedVersions[stack] } };
            }
            if (input.HealthCheckVersion !== undefined && input.HealthCheckVersion !== this.versions[stack]) {
                throw new HealthCheckVersionMismatch({ message: "The value of HealthCheckVersion in the request doesn't match the value of HealthCheckVersion in the health check.", $metadata: {} });
            }
            if (input.Inverted !== undefined) {
                this.setInverted(stack, input.Inverted);
            }
            return { HealthCheck: { Id: input.HealthCheckId, CallerReference: "ref", HealthCheckVersion: this.versions[stack] } };
        });
        this.route53Mock.on(ChangeResourceRecordSetsCommand).callsFake((input: ChangeResourceRecordSetsCommandInput) => {
            if (input.HostedZoneId !== hostedZoneId) {
                throw new Error("fake AWS: NoSuchHostedZone");
            }
            this.beforeChange?.(input);
            checkTxtLimits(input);
            // Route 53 applies a batch all or nothing, and rejects CREATE of an existing set and DELETE of a set that differs.
            const nextOther = new Map(this.recordSets);
            const nextService = new Map(this.serviceRecordSets);
            for (const change of input.ChangeBatch?.Changes ?? []) {
                const set = change.ResourceRecordSet!;
                const name = `${set.Name!.replace(/\.$/, "")}.`;
                const key = `${name} ${set.Type}${set.SetIdentifier !== undefined ? ` ${set.SetIdentifier}` : ""}`;
                const next = set.SetIdentifier !== undefined ? nextService : nextOther;
                const current = next.get(key);
                // Route 53 names the set identifier of a set that has one (e.g. "[name='dns.example.com', type='CNAME', set-identifier='i-0080b6dec90929484']").
                const named = `[name='${name}', type='${set.Type}'${set.SetIdentifier !== undefined ? `, set-identifier='${set.SetIdentifier}'` : ""}]`;
                if (change.Action === "CREATE") {
                    if (current !== undefined) {
                        throw new InvalidChangeBatch({ message: `[Tried to create resource record set ${named} but it already exists]`, $metadata: {} });
                    }
                    next.set(key, { ...set, Name: name });
                } else if (change.Action === "DELETE") {
                    const same = current !== undefined && sameRecordSet(current, { ...set, Name: name });
                    if (!same) {
                        throw new InvalidChangeBatch({ message: `[Tried to delete resource record set ${named} but ${current === undefined ? "it was not found" : "the values provided do not match the current values"}]`, $metadata: {} });
                    }
                    next.delete(key);
                } else {
                    next.set(key, { ...set, Name: name });
                }
            }
            this.recordSets.clear();
            nextOther.forEach((set, key) => this.recordSets.set(key, set));
            this.serviceRecordSets.clear();
            nextService.forEach((set, key) => this.serviceRecordSets.set(key, set));
            for (const stack of stacks) {
                const weight = this.serviceRecordSets.get(weightedKey(stack))?.Weight;
                if (weight !== undefined && weight !== this.weight(stack)) {
                    this.weights[stack].push({ atMs: this.clock.now(), value: weight });
                    this.onChange?.(`weight ${stack} ${weight}`);
                }
            }
            const changes = input.ChangeBatch?.Changes ?? [];
            this.onChange?.(`record ${changes.map((change) => change.Action).join("+")} ${changes[0]?.ResourceRecordSet?.Name?.split(".")[0] ?? ""}`);
            return { ChangeInfo: { Id: "/change/C1", Status: "PENDING", SubmittedAt: new Date(this.clock.now()) } };
        });
        this.route53Mock.on(ListResourceRecordSetsCommand).callsFake((input: ListResourceRecordSetsCommandInput) => {
            this.authorize("route53:ListResourceRecordSets", "us-east-1", "AccessDenied");
            // Listed in Route 53's order from the start name: here only the extra sets, sorted by name and type.
            const start = `${(input.StartRecordName ?? "").replace(/\.$/, "")}. ${input.StartRecordType ?? ""}${input.StartRecordIdentifier !== undefined ? ` ${input.StartRecordIdentifier}` : ""}`;
            const sets = [...this.recordSets.entries(), ...this.serviceRecordSets.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).filter(([key]) => key >= start).map(([, set]) => set);
            const max = input.MaxItems ?? 100;
            const nextSet = sets[max];
            return {
                ResourceRecordSets: sets.slice(0, max), IsTruncated: nextSet !== undefined, MaxItems: max,
                ...(nextSet ? { NextRecordName: nextSet.Name, NextRecordType: nextSet.Type, ...(nextSet.SetIdentifier ? { NextRecordIdentifier: nextSet.SetIdentifier } : {}) } : {}),
            };
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
            listenerArns: { http: ids[stack].listenerArn.replace(/\/[0-9a-f]+$/, "/0000000000000080"), https: ids[stack].listenerArn },
            ...(stack === "seoul" ? { globalAcceleratorDnsName: "a1234567890abcdef.awsglobalaccelerator.com", globalAcceleratorRecordFqdn: "global.example.com" } : {}),
            predictedFailoverSeconds: { dns: 90, globalAccelerator: 50 },
            healthCheckIds: {
                endpoint: ids[stack].healthCheckId,
                ...(this.alarms ? Object.fromEntries(followedKeys.map((key) => [`alarm-${key}`, childIds(stack).alarms[key]])) : {}),
                ...(this.routingControls ? { control: childIds(stack).control } : {}),
                ...(this.combined ? { combined: childIds(stack).combined } : {}),
            },
            ...(this.alarms ? {
                alarmNames: Object.fromEntries(alarmKeys.map((key) => [key, `${stack}-alarms-${key}`])),
                followedAlarmNames: Object.fromEntries(followedKeys.map((key) => [key, `${stack}-alarms-${key}`])),
                servingBadlyAlarmName: `${stack}-alarms-serving-badly`,
            } : {}),
            ...(this.routingControls ? { routingControlArn: childIds(stack).routingControlArn } : {}),
            ...(this.routingControls && stack === "seoul" ? {
                routingControlClusterEndpoints: clusterEndpoints,
                routingControlArns: Object.fromEntries(stacks.map((each) => [ids[each].region, childIds(each).routingControlArn])),
            } : {}),
            ...(this.regional ? { targetGroupArns: readinessIds[stack].targetGroups } : {}),
            autoScalingGroupName: groupName(stack),
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

    /** The region a new connection to `host` reaches now, for a client in Korea behind a caching resolver. */
    private connectionTo(host: string): Stack {
        const now = this.clock.now();
        const direct = stacks.find((stack) => ids[stack].albDnsName === host);
        if (direct !== undefined) {
            return direct;
        }
        if (host === "global.example.com") {
            // The accelerator judges the ALB by its targets' health, which the fault leaves alone: only the dial moves it.
            return valueAt(this.dials.seoul, now - this.timing.acceleratorDelayMs) > 0 ? "seoul" : "tokyo";
        }
        const cachedAt = now - this.timing.dnsDelayMs - this.timing.resolverTtlMs;
        return host === weightedName ? this.weightedAnswer(cachedAt, this.probeTurns) : this.answer(host, koreaSubnet, cachedAt);
    }

    /** What a region answers now: a region whose listener answers the fault's 503 serves nobody, however the client got there. */
    private served(stack: Stack): ProbeResult {
        return this.faultedAt(stack, this.clock.now()) ? { status: 503 } : { status: 200, servedRegion: ids[stack].region };
    }

    /** Probes as a client in Korea behind a caching resolver would see it. */
    readonly prober: HttpProber = {
        probe: async (request: ProbeRequest): Promise<ProbeResult> => {
            this.catchUp();
            return this.served(this.connectionTo(new URL(request.url).hostname));
        },
    };

    private nextPort = 49152;

    /**
     * Clients that keep their connection, as the ALB treats it: a connection reaches the region it
     * was opened to; idle longer than the idle timeout, it is closed before the next request; once
     * it is as old as the client keepalive, the next response closes it (`Connection: close`).
     */
    readonly keepAlive: KeepAliveProber = {
        client: () => {
            let open: { stack: Stack; openedAtMs: number; lastUsedAtMs: number; port: number } | undefined;
            return {
                probe: async (request: ProbeRequest): Promise<ConnectionProbeResult> => {
                    this.catchUp();
                    const now = this.clock.now();
                    if (open !== undefined && now - open.lastUsedAtMs > this.timing.idleTimeoutMs) {
                        open = undefined;
                    }
                    const reused = open !== undefined;
                    const connection = open ?? { stack: this.connectionTo(new URL(request.url).hostname), openedAtMs: now, lastUsedAtMs: now, port: this.nextPort++ };
                    connection.lastUsedAtMs = now;
                    open = now - connection.openedAtMs >= this.timing.clientKeepAliveMs ? undefined : connection;
                    return { ...this.served(connection.stack), reused, localPort: connection.port, remoteAddress: ids[connection.stack].ips[0] };
                },
                close: () => {
                    open = undefined;
                },
            };
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
    /** Called after every change of the stacks, with one line saying what changed (e.g. `up seoul done`). */
    onChange?: (what: string) => void;

    /** The stacks' config, deployments and update results, as plain JSON. */
    snapshot(): Record<string, unknown> {
        return { config: this.config, deployed: this.deployed, lastResult: this.lastResult };
    }

    /** Takes the stacks a snapshot holds. */
    load(snapshot: Record<string, unknown>): void {
        Object.assign(this.config, snapshot.config);
        Object.assign(this.deployed, snapshot.deployed);
        Object.assign(this.lastResult, snapshot.lastResult);
    }

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
        this.onChange?.(`config ${stack} set ${key} ${value}`);
    }

    async removeConfig(stack: string, key: string): Promise<void> {
        this.record("removeConfig", stack, key);
        delete this.config[stack][key];
        this.onChange?.(`config ${stack} rm ${key}`);
    }

    /** The URNs of a stack's health check and endpoint group. */
    static urns(stack: string): { healthCheck: string; endpointGroup: string; combined: string } {
        const base = `urn:pulumi:${stack}::multi-region-alb::app:traffic:RegionalTraffic$`;
        return {
            healthCheck: `${base}aws:route53/healthCheck:HealthCheck::${stack}-hc`, endpointGroup: `${base}aws:globalaccelerator/endpointGroup:EndpointGroup::${stack}-eg`,
            combined: `urn:pulumi:${stack}::multi-region-alb::app:traffic:RegionHealth$aws:route53/healthCheck:HealthCheck::${stack}-region-health-combined`,
        };
    }

    async exportDeployment(stack: string): Promise<DeploymentSnapshot> {
        this.record("exportDeployment", stack);
        const urns = FakeAutomation.urns(stack);
        const outage = this.deployed[stack];
        const combined = this.world.combined ? [{
            urn: urns.combined, type: "aws:route53/healthCheck:HealthCheck",
            outputs: { id: childIds(stack as Stack).combined, childHealthThreshold: outage ? this.world.configuredThreshold(stack as Stack) + 1 : this.world.configuredThreshold(stack as Stack) },
        }] : [];
        return {
            resources: [
                { urn: `urn:pulumi:${stack}::multi-region-alb::pulumi:pulumi:Stack::multi-region-alb-${stack}`, type: "pulumi:pulumi:Stack", outputs: {} },
                { urn: urns.healthCheck, type: "aws:route53/healthCheck:HealthCheck", outputs: { id: ids[stack as Stack].healthCheckId, invertHealthcheck: outage } },
                ...combined,
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
        this.lastResult[stack] = "in-progress";
        this.onChange?.(`up ${stack} started`);
        const checkChanges = this.world.isInverted(stack as Stack) !== outage;
        listener.onResourceStarted?.("aws:route53/healthCheck:HealthCheck", checkChanges ? "update" : "same");
        if (checkChanges) {
            this.world.setInverted(stack as Stack, outage);
        }
        listener.onResourceDone("aws:route53/healthCheck:HealthCheck", checkChanges ? "update" : "same");
        if (this.world.combined) {
            // The program's drill.simulateOutage raises the combined check's threshold above its children.
            const threshold = this.world.configuredThreshold(stack as Stack) + (outage ? 1 : 0);
            const thresholdChanges = this.world.combinedThresholdNow(stack as Stack) !== threshold;
            listener.onResourceStarted?.("aws:route53/healthCheck:HealthCheck", thresholdChanges ? "update" : "same");
            if (thresholdChanges) {
                this.world.setCombinedThreshold(stack as Stack, threshold);
            }
            listener.onResourceDone("aws:route53/healthCheck:HealthCheck", thresholdChanges ? "update" : "same");
        }
        if (this.failUp === this.ups) {
            await clock.sleep(5_000);
            this.lastResult[stack] = "failed";
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
        this.lastResult[stack] = "succeeded";
        this.onChange?.(`up ${stack} done`);
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
    return { clock, world, automation, progress, interrupt, deps, restore: () => world.restoreMocks() };
}

/** The fake account's zone, where the drill keeps its lock and state. */
export const zone = { hostedZoneId, zoneName: "example.com" } as const;

/** What `drill restore` gets from the command line over a fake drill: its clients, the local copy and the zone. */
export function restoreDeps(drill: ReturnType<typeof fakeDrill>, stateFile: string, extra: { force?: boolean; yes?: boolean; confirm?: (question: string) => Promise<string> } = {}) {
    return { ...drill.deps, stateFile, location: zone, ...extra };
}

/** Asserts that the drill failed because guard `guardId` tripped, ending the outage phase; returns that phase. */
export function expectGuardTripped(result: DrillResult, guardId: string): PhaseReport {
    expect(result.report.outcome).to.equal("failed");
    expect(result.report.summary).to.include(`guard ${guardId} tripped`);
    const outage = result.report.phases.find((phase) => phase.phase === "outage")!;
    expect(outage.end).to.equal("guard");
    return outage;
}

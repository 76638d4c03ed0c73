/**
 * Pulumi runtime mocks that answer like AWS. Every resource the program registers is
 * recorded with its inputs, the region of its provider and its parent, for tests to assert on
 * and for the offline plan to print. Invokes the mocks do not know fail loudly.
 *
 * Two value styles: `aws` fabricates values shaped like AWS's (tests), `reference` answers
 * every value AWS computes with a reference to where it comes from, e.g. `${seoul-alb.dnsName}`
 * (the plan, which must not invent values).
 */
import * as pulumi from "@pulumi/pulumi";
import {
    globalAcceleratorApiRegion, maxMetricsPerMathAlarm, recoveryControlApiRegion, route53CanCheckHttps, route53HealthCheckTlsVersions,
} from "../domain/awsFacts";
import {
    alarmEvaluationWindow, recoveryClusterArnPattern, recoveryClusterLimits, recoveryControlConfigLimits, routingControlStates,
} from "../domain/apiLimits";
import { acceleratorServes } from "../domain/regions";
import { FollowableAlarm, route53CannotFollow } from "../domain/route53Alarms";
import { routingControlInitialStateType } from "../components/traffic/routingControlInitialState";
import { isComputed, referenceTo } from "../policy/rules/values";
import { awsxVpcOutputs, computedAttributes, hex, mockAccountId, ResourceContext } from "./awsValues";

/** How computed values are answered. */
export type ValueStyle = "aws" | "reference";

/** One resource the program asked for. */
export interface RecordedResource {
    /** Type token, e.g. `aws:lb/loadBalancer:LoadBalancer`. */
    readonly type: string;
    /** Logical name. */
    readonly name: string;
    /** The inputs as the program gave them (outputs of other resources resolved). */
    readonly inputs: Record<string, unknown>;
    /** Name of the provider resource it uses; undefined for components. */
    readonly provider?: string;
    /** Region of that provider. */
    readonly region?: string;
    /** True for resources a provider manages, false for components. */
    readonly custom: boolean;
    /** The id AWS gave it (custom resources). */
    readonly id?: string;
    /** What AWS answered: inputs plus computed attributes. */
    readonly state: Record<string, unknown>;
}

/** One invoke the program made. */
export interface RecordedInvoke {
    /** Function token, e.g. `aws:route53/getZone:getZone`. */
    readonly token: string;
    /** Arguments. */
    readonly inputs: Record<string, unknown>;
    /** Region of the provider it ran against. */
    readonly region?: string;
}

/** What the mocks know about the world outside the stack. */
export interface OfflineWorld {
    /** Public hosted zones by name (no trailing dot) -> id. */
    readonly hostedZones: Readonly<Record<string, string>>;
    /** Existing VPCs by id -> CIDR block. */
    readonly vpcs: Readonly<Record<string, string>>;
    /** Outputs of other stacks by fully qualified name, for stack references. */
    readonly stackOutputs: Readonly<Record<string, Record<string, unknown>>>;
}

/** The regional ELB accounts that write access logs (regions opened before August 2022). */
const elbLogAccounts: Readonly<Record<string, string>> = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "ap-northeast-1": "582318560864",
    "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "eu-west-1": "156460612806",
    "eu-central-1": "054676820928",
};

/**
 * AWS-managed prefix lists a region has, by the part of the name after the region, with their
 * max entries (the weight a security-group rule referencing them counts), as the VPC user
 * guide's table gives them.
 */
const managedPrefixLists: Readonly<Record<string, number>> = {
    "route53-healthchecks": 25,
    "ipv6.route53-healthchecks": 25,
    "s3": 1,
    "dynamodb": 1,
    "ec2-instance-connect": 2,
};

/** Replaces every string or number leaf of `value` with a reference to its origin. */
function asReference(origin: string, value: unknown, path = ""): unknown {
    if (Array.isArray(value)) {
        return value.map((item, index) => asReference(origin, item, `${path}[${index}]`));
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asReference(origin, item, path ? `${path}.${key}` : key)]));
    }
    return typeof value === "string" || typeof value === "number" ? referenceTo(origin, path) : value;
}

/** Offline AWS: records what the program asks for and answers like AWS would. */
export class OfflineAwsMocks implements pulumi.runtime.Mocks {
    /** Resources in the order they were registered. */
    public readonly resources: RecordedResource[] = [];
    /** Invokes in the order they were made. */
    public readonly invokes: RecordedInvoke[] = [];
    /** What AWS refused, as `<type> <name>: <error>`; a run with refusals failed. */
    public readonly refusals: string[] = [];
    /**
     * What AWS accepts but would never serve, as `<type> <name>: <why>` (a health check that can
     * never pass); a run with any failed like a refusal, for the user would learn it in production.
     */
    public readonly neverServes: string[] = [];
    private readonly providerRegions = new Map<string, string>();
    private readonly rulePriorities = new Set<string>();
    /** Alarms created so far, by name: what Route 53 would make of them. */
    private readonly alarms = new Map<string, FollowableAlarm>();

    constructor(private readonly stack: string, private readonly style: ValueStyle, private readonly world: OfflineWorld) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        // A dynamic resource's serialized provider is the engine's business, not an input AWS sees.
        const inputs = { ...(args.inputs ?? {}) } as Record<string, unknown>;
        delete inputs.__provider;
        const providerName = args.provider ? args.provider.split("::")[3] : undefined;
        const region = providerName ? this.providerRegions.get(providerName) : undefined;
        let result: { id: string | undefined; state: Record<string, unknown> };
        try {
            result = this.answer(args.type, args.name, inputs, region, args.custom ?? false);
        } catch (error) {
            this.refusals.push(`${args.type} ${args.name}: ${(error as Error).message}`);
            throw error;
        }
        this.resources.push({
            type: args.type, name: args.name, inputs, provider: providerName, region, custom: args.custom ?? false, id: result.id, state: result.state,
        });
        this.neverServes.push(...unreachableHttpsChecks(this.resources, this.resources[this.resources.length - 1]));
        return result;
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const inputs = (args.inputs ?? {}) as Record<string, unknown>;
        const region = args.provider ? this.providerRegions.get(args.provider.split("::")[3]) : undefined;
        this.invokes.push({ token: args.token, inputs, region });
        let answer: Record<string, unknown>;
        try {
            answer = this.invoke(args.token, inputs, region);
        } catch (error) {
            this.refusals.push(`${args.token}: ${(error as Error).message}`);
            throw error;
        }
        if (this.style === "reference") {
            const label = `${args.token.split(":").pop()}(${Object.values(inputs).filter((value) => typeof value === "string").join(", ")})`;
            return Object.fromEntries(Object.entries(answer).map(([key, value]) => [key, key in inputs ? value : asReference(label, value, key)]));
        }
        return answer;
    }

    private answer(type: string, name: string, inputs: Record<string, unknown>, region: string | undefined, custom: boolean): { id: string | undefined; state: Record<string, unknown> } {
        if (type.startsWith("pulumi:providers:")) {
            const providerRegion = typeof inputs.region === "string" ? inputs.region : "";
            this.providerRegions.set(name, providerRegion);
            return { id: `${name}-id`, state: inputs };
        }
        if (type === "pulumi:pulumi:StackReference") {
            const stackName = String(inputs.name);
            const outputs = this.world.stackOutputs[stackName];
            if (outputs === undefined) {
                throw new Error(`stack reference ${stackName}: no such stack (known: ${Object.keys(this.world.stackOutputs).join(", ") || "none"})`);
            }
            return { id: stackName, state: { name: stackName, outputs, secretOutputNames: [] } };
        }
        const context: ResourceContext = { stack: this.stack, name, region: region ?? "", inputs };
        if (type === "awsx:ec2:Vpc") {
            return { id: undefined, state: this.style === "reference" ? asReference(name, awsxVpcOutputs(context)) as Record<string, unknown> : awsxVpcOutputs(context) };
        }
        if (!custom) {
            return { id: undefined, state: {} };
        }
        this.checkLikeAws(type, inputs, region ?? "");
        const generated = computedAttributes[type]?.(context) ?? { id: `${name}-${hex(8, this.stack, name)}`, state: {} };
        if (type === "aws:route53/record:Record") {
            generated.state.fqdn = this.recordFqdn(inputs);
        }
        if (this.style === "reference") {
            const state = { ...inputs, ...(asReference(name, generated.state) as Record<string, unknown>) };
            this.rememberAlarm(type, String(state.name ?? state.alarmName), inputs, region ?? "");
            return { id: referenceTo(name, "id"), state };
        }
        this.rememberAlarm(type, String(generated.state.name ?? inputs.alarmName), inputs, region ?? "");
        return { id: generated.id, state: { ...inputs, ...generated.state } };
    }

    private rememberAlarm(type: string, name: string, inputs: Record<string, unknown>, region: string): void {
        if (type === "aws:cloudwatch/metricAlarm:MetricAlarm") {
            this.alarms.set(name, followableAlarm(inputs, region));
        } else if (type === "aws:cloudwatch/compositeAlarm:CompositeAlarm") {
            this.alarms.set(name, { kind: "composite", region });
        }
    }

    /** The provider's rule: a record name without the zone's name gets it appended. */
    private recordFqdn(inputs: Record<string, unknown>): string {
        const name = String(inputs.name ?? "").replace(/\.$/, "");
        const zoneName = Object.entries(this.world.hostedZones).find(([, id]) => id === inputs.zoneId)?.[0];
        if (zoneName === undefined) {
            return name;
        }
        return name === zoneName || name.endsWith(`.${zoneName}`) ? name : `${name}.${zoneName}`;
    }

    /** Rejections AWS itself would give, for inputs known before deployment. */
    private checkLikeAws(type: string, inputs: Record<string, unknown>, region: string): void {
        const known = (value: unknown) => typeof value === "string" && !isComputed(value);
        switch (type) {
            case "aws:lb/loadBalancer:LoadBalancer":
                if (Array.isArray(inputs.subnets) && new Set(inputs.subnets).size < 2) {
                    throw new Error("ValidationError: At least two subnets in two different Availability Zones must be specified");
                }
                break;
            case "aws:lb/listener:Listener":
                if (inputs.protocol === "HTTPS" && !inputs.certificateArn) {
                    throw new Error("ValidationError: A certificate must be specified for HTTPS listeners");
                }
                break;
            case "aws:lb/listenerRule:ListenerRule": {
                const key = `${String(inputs.listenerArn)}#${String(inputs.priority)}`;
                if (this.rulePriorities.has(key)) {
                    throw new Error(`PriorityInUse: Priority '${String(inputs.priority)}' is currently in use`);
                }
                this.rulePriorities.add(key);
                break;
            }
            case "aws:route53/healthCheck:HealthCheck":
                if (Array.isArray(inputs.regions) && inputs.regions.length > 0 && inputs.regions.length < 3) {
                    throw new Error("InvalidInput: a health check needs at least 3 checker regions");
                }
                this.checkHealthCheckKind(inputs);
                break;
            case "aws:cloudwatch/metricAlarm:MetricAlarm":
                checkMetricAlarm(inputs, region);
                break;
            case "aws:route53recoverycontrol/routingControl:RoutingControl":
                checkRoutingControl(inputs);
                break;
            case routingControlInitialStateType:
                checkRoutingControlState(inputs);
                break;
            case "aws:cloudwatch/dashboard:Dashboard":
                checkDashboard(inputs);
                break;
            case "aws:sns/topicSubscription:TopicSubscription":
                if (inputs.protocol === "email" && known(inputs.endpoint) && !String(inputs.endpoint).includes("@")) {
                    throw new Error(`InvalidParameter: Invalid parameter: Email address ${String(inputs.endpoint)}`);
                }
                break;
            case "aws:route53recoverycontrol/safetyRule:SafetyRule": {
                const asserted = (inputs.assertedControls ?? []) as string[];
                const config = (inputs.ruleConfig ?? {}) as { type?: string; threshold?: number };
                if (inputs.assertedControls !== undefined && asserted.length === 0) {
                    throw new Error("ValidationException: an assertion rule needs at least one asserted control");
                }
                if (config.type === "ATLEAST" && typeof config.threshold === "number" && (config.threshold < 1 || config.threshold > asserted.length)) {
                    throw new Error(`ValidationException: ATLEAST threshold ${config.threshold} must be 1..${asserted.length} (the asserted controls)`);
                }
                const panel = String(inputs.controlPanelArn);
                const strangers = asserted.filter((arn) => known(arn) && known(panel) && !String(arn).startsWith(`${panel}/`));
                if (strangers.length > 0) {
                    throw new Error(`ValidationException: routing controls ${strangers.join(", ")} are not in control panel ${panel}`);
                }
                break;
            }
            case "aws:route53/record:Record":
                if (this.style === "aws" && known(inputs.zoneId) && !Object.values(this.world.hostedZones).includes(String(inputs.zoneId))) {
                    throw new Error(`NoSuchHostedZone: No hosted zone found with ID: ${String(inputs.zoneId)}`);
                }
                break;
            case "aws:globalaccelerator/endpointGroup:EndpointGroup": {
                const groupRegion = typeof inputs.endpointGroupRegion === "string" ? inputs.endpointGroupRegion : region;
                // Only the regions of domain/regions.ts's list take endpoint groups (the exact
                // wording of AWS's error is not documented; the exception name is the API's).
                if (known(groupRegion) && !acceleratorServes(groupRegion)) {
                    throw new Error(`InvalidArgumentException: Global Accelerator does not support endpoint groups in ${groupRegion}`);
                }
                for (const endpoint of (inputs.endpointConfigurations ?? []) as { endpointId?: string }[]) {
                    const endpointRegion = known(endpoint.endpointId) ? String(endpoint.endpointId).split(":")[3] : undefined;
                    if (endpointRegion !== undefined && endpointRegion !== groupRegion) {
                        throw new Error(`InvalidArgumentException: ${String(endpoint.endpointId)} is not a valid load balancer ARN in ${groupRegion}`);
                    }
                }
                break;
            }
        }
        if (type.startsWith("aws:globalaccelerator/") && region !== globalAcceleratorApiRegion) {
            throw new Error(`Global Accelerator's API is only in ${globalAcceleratorApiRegion}; ${type} was sent to ${region || "the default provider"}`);
        }
        if (type.startsWith("aws:route53recoverycontrol/") && region !== recoveryControlApiRegion) {
            throw new Error(`Route 53 ARC's recovery-control configuration API is only in ${recoveryControlApiRegion}; ${type} was sent to ${region || "the default provider"}`);
        }
    }

    /** What Route 53 refuses in CLOUDWATCH_METRIC, CALCULATED and RECOVERY_CONTROL checks. */
    private checkHealthCheckKind(inputs: Record<string, unknown>): void {
        switch (inputs.type) {
            case "CLOUDWATCH_METRIC": {
                const name = inputs.cloudwatchAlarmName;
                const alarmRegion = inputs.cloudwatchAlarmRegion;
                if (typeof name !== "string" || typeof alarmRegion !== "string") {
                    throw new Error("InvalidInput: a CLOUDWATCH_METRIC health check needs AlarmIdentifier Name and Region");
                }
                const alarm = this.alarms.get(name);
                const reasons = alarm === undefined ? [] : route53CannotFollow(alarm, alarmRegion);
                if (reasons.length > 0) {
                    throw new Error(`InvalidInput: Route 53 cannot follow CloudWatch alarm ${name}: ${reasons.join("; ")}`);
                }
                break;
            }
            case "CALCULATED": {
                const children = (inputs.childHealthchecks ?? []) as unknown[];
                const threshold = inputs.childHealthThreshold;
                if (children.length === 0 || children.length > 256) {
                    throw new Error(`InvalidInput: a CALCULATED health check needs 1..256 child health checks, got ${children.length}`);
                }
                if (typeof threshold === "number" && (threshold < 0 || threshold > 256)) {
                    throw new Error(`InvalidInput: HealthThreshold must be 0..256, got ${threshold}`);
                }
                break;
            }
            case "RECOVERY_CONTROL": {
                const arn = inputs.routingControlArn;
                if (typeof arn !== "string" || (!isComputed(arn) && !/^arn:aws[a-z-]*:route53-recovery-control::\d{12}:controlpanel\/[0-9a-f]+\/routingcontrol\/[0-9a-f]+$/.test(arn))) {
                    throw new Error(`InvalidInput: a RECOVERY_CONTROL health check needs a routing control ARN, got ${JSON.stringify(arn)}`);
                }
                break;
            }
        }
    }

    private invoke(token: string, inputs: Record<string, unknown>, region: string | undefined): Record<string, unknown> {
        switch (token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { accountId: mockAccountId, arn: `arn:aws:iam::${mockAccountId}:user/offline`, userId: "AIDAOFFLINE", id: mockAccountId };
            case "aws:elb/getServiceAccount:getServiceAccount": {
                const account = elbLogAccounts[region ?? ""];
                if (account === undefined) {
                    throw new Error(`getServiceAccount: no ELB log delivery account for region ${region ?? "(none)"}`);
                }
                return { id: account, arn: `arn:aws:iam::${account}:root` };
            }
            case "aws:ssm/getParameter:getParameter": {
                const name = String(inputs.name);
                if (!name.startsWith("/aws/service/ami-")) {
                    throw new Error(`ParameterNotFound: ${name}`);
                }
                return { name, value: `ami-${hex(17, region ?? "", name)}`, type: "String", version: 1, arn: `arn:aws:ssm:${region}::parameter${name}` };
            }
            case "aws:route53/getZone:getZone": {
                const name = String(inputs.name).replace(/\.$/, "");
                const zoneId = this.world.hostedZones[name];
                if (zoneId === undefined && this.style === "aws") {
                    throw new Error(`no matching Route 53 Hosted Zone found for ${name}`);
                }
                return { name, zoneId: zoneId ?? `Z${hex(20, name).toUpperCase()}`, id: zoneId ?? name, privateZone: false };
            }
            case "aws:ec2/getManagedPrefixList:getManagedPrefixList": {
                const name = String(inputs.name ?? "");
                const prefix = `com.amazonaws.${region ?? ""}.`;
                const maxEntries = name.startsWith(prefix) ? managedPrefixLists[name.slice(prefix.length)] : undefined;
                if (maxEntries === undefined) {
                    // The provider filters DescribeManagedPrefixLists by name; AWS returns nothing.
                    throw new Error(`no matching EC2 Managed Prefix List found for name ${name} in ${region ?? "(no region)"}`);
                }
                const id = `pl-${hex(17, region ?? "", name)}`;
                return { id, name, maxEntries, addressFamily: name.includes(".ipv6.") ? "IPv6" : "IPv4", ownerId: "AWS", version: 1, entries: [], tags: {}, arn: `arn:aws:ec2:${region}:aws:prefix-list/${id}` };
            }
            case "aws:ec2/getVpc:getVpc": {
                const id = String(inputs.id);
                const cidrBlock = this.world.vpcs[id];
                if (cidrBlock === undefined && this.style === "aws") {
                    throw new Error(`InvalidVpcID.NotFound: The vpc ID '${id}' does not exist`);
                }
                return { id, cidrBlock: cidrBlock ?? "10.0.0.0/16" };
            }
            default:
                throw new Error(`offline mocks: unknown invoke ${token}; teach offline/awsMocks.ts how AWS answers it`);
        }
    }
}

const periodOk = (period: unknown) => typeof period !== "number" || [10, 20, 30].includes(period) || (period >= 60 && period % 60 === 0);

/** PutMetricAlarm's own refusals. */
function checkMetricAlarm(inputs: Record<string, unknown>, region: string): void {
    if (inputs.statistic !== undefined && inputs.extendedStatistic !== undefined) {
        throw new Error("ValidationError: Statistic and ExtendedStatistic are mutually exclusive");
    }
    const queries = (inputs.metricQueries ?? []) as { id?: string; returnData?: boolean; metric?: { period?: number } }[];
    if (queries.length > 0) {
        if (inputs.metricName !== undefined || inputs.statistic !== undefined || inputs.period !== undefined) {
            throw new Error("ValidationError: MetricName, Statistic and Period cannot be used with Metrics");
        }
        if (queries.filter((query) => query.returnData === true).length !== 1) {
            throw new Error("ValidationError: exactly one element of Metrics must have ReturnData set to true");
        }
        if (queries.filter((query) => query.metric !== undefined).length > maxMetricsPerMathAlarm) {
            throw new Error(`ValidationError: Alarms on math expressions cannot contain more than ${maxMetricsPerMathAlarm} individual metrics`);
        }
        const badId = queries.find((query) => !/^[a-z][a-zA-Z0-9_]*$/.test(String(query.id)));
        if (badId !== undefined) {
            throw new Error(`ValidationError: metric id ${String(badId.id)} must start with a lower-case letter and hold only letters, digits and _`);
        }
    }
    const periods = [inputs.period, ...queries.map((query) => query.metric?.period)].filter((period) => period !== undefined);
    const badPeriod = periods.find((period) => !periodOk(period));
    if (badPeriod !== undefined) {
        throw new Error(`ValidationError: Period ${String(badPeriod)} must be 10, 20, 30 or a multiple of 60`);
    }
    const longest = Math.max(0, ...periods.map(Number));
    const window = longest < alarmEvaluationWindow.longPeriodSeconds ? alarmEvaluationWindow.shortPeriodMaxSeconds : alarmEvaluationWindow.longPeriodMaxSeconds;
    if (typeof inputs.evaluationPeriods === "number" && longest * inputs.evaluationPeriods > window) {
        throw new Error(`ValidationError: Period multiplied by EvaluationPeriods must not exceed ${window === alarmEvaluationWindow.shortPeriodMaxSeconds ? "one day for periods under an hour" : "seven days"}`);
    }
    if (typeof inputs.datapointsToAlarm === "number" && typeof inputs.evaluationPeriods === "number" && inputs.datapointsToAlarm > inputs.evaluationPeriods) {
        throw new Error(`ValidationError: DatapointsToAlarm (${inputs.datapointsToAlarm}) must be less than or equal to EvaluationPeriods (${inputs.evaluationPeriods})`);
    }
    for (const action of [...((inputs.alarmActions ?? []) as unknown[]), ...((inputs.okActions ?? []) as unknown[])]) {
        const arn = String(action);
        const actionRegion = arn.startsWith("arn:aws:sns:") ? arn.split(":")[3] : undefined;
        if (actionRegion !== undefined && region !== "" && actionRegion !== region) {
            throw new Error(`ValidationError: Invalid region ${actionRegion} specified. Only ${region} is supported.`);
        }
    }
}

/** A metric alarm as Route 53 sees it: metric math, or one metric with its statistic and period. */
function followableAlarm(inputs: Record<string, unknown>, region: string): FollowableAlarm {
    if (inputs.metricQueries !== undefined) {
        return { kind: "metric-math", region };
    }
    return {
        kind: "metric", region,
        ...(typeof inputs.statistic === "string" ? { statistic: inputs.statistic } : {}),
        ...(typeof inputs.extendedStatistic === "string" ? { extendedStatistic: inputs.extendedStatistic } : {}),
        periodSeconds: typeof inputs.period === "number" ? inputs.period : 60,
    };
}

const textKnown = (value: unknown): value is string => typeof value === "string" && !isComputed(value);

/** CreateRoutingControl's refusals: a name of 1..64 characters without white space. */
function checkRoutingControl(inputs: Record<string, unknown>): void {
    const name = inputs.name;
    const limit = recoveryControlConfigLimits.routingControlNameLength;
    if (textKnown(name) && (name.length < limit.min || name.length > limit.max || /\s/.test(name))) {
        throw new Error(`ValidationException: RoutingControlName must be ${limit.min}..${limit.max} characters without white space, got ${JSON.stringify(name)}`);
    }
}

/** UpdateRoutingControlState's refusals for the first state: an ARN of the model's pattern, On or Off, and endpoints to call. */
function checkRoutingControlState(inputs: Record<string, unknown>): void {
    const arn = inputs.routingControlArn;
    const limit = recoveryClusterLimits.arnLength;
    if (textKnown(arn) && (arn.length < limit.min || arn.length > limit.max || !recoveryClusterArnPattern.test(arn))) {
        throw new Error(`ValidationException: RoutingControlArn must be ${limit.min}..${limit.max} characters of ${recoveryClusterArnPattern.source}, got ${JSON.stringify(arn)}`);
    }
    if (!(routingControlStates as readonly unknown[]).includes(inputs.state)) {
        throw new Error(`ValidationException: RoutingControlState must be ${routingControlStates.join(" or ")}, got ${JSON.stringify(inputs.state)}`);
    }
    if (Array.isArray(inputs.clusterEndpoints) && inputs.clusterEndpoints.length === 0) {
        throw new Error("no cluster endpoint to call: a routing control's state is read and set through its cluster's endpoints");
    }
}

/** PutDashboard's refusals: a valid JSON object body with a widgets list, and a valid name. */
function checkDashboard(inputs: Record<string, unknown>): void {
    const name = inputs.dashboardName;
    if (typeof name === "string" && !isComputed(name) && !/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
        throw new Error(`InvalidParameterInput: dashboard name ${name} may hold only A-Z, a-z, 0-9, - and _`);
    }
    if (typeof inputs.dashboardBody !== "string") {
        return;
    }
    let body: unknown;
    try {
        body = JSON.parse(inputs.dashboardBody);
    } catch {
        throw new Error("InvalidParameterInput: The field DashboardBody must be a valid JSON object");
    }
    if (typeof body !== "object" || body === null || !Array.isArray((body as { widgets?: unknown }).widgets)) {
        throw new Error("InvalidParameterInput: The dashboard body must hold a widgets list");
    }
}

const healthCheckType = "aws:route53/healthCheck:HealthCheck";
const listenerTypes = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
const loadBalancerTypes = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];

/**
 * HTTPS health checks that can never pass because the listener they check offers TLS 1.3 alone
 * (Route 53 API reference, HealthCheckConfig.Type), found when the second of the pair (check or
 * listener) is registered, whichever order the engine registers them in.
 */
function unreachableHttpsChecks(resources: readonly RecordedResource[], added: RecordedResource): string[] {
    const checks = added.type === healthCheckType ? [added] : listenerTypes.includes(added.type) ? resources.filter((item) => item.type === healthCheckType) : [];
    return checks.filter((check) => check.inputs.type === "HTTPS" || check.inputs.type === "HTTPS_STR_MATCH").flatMap((check) => {
        const loadBalancer = resources.find((item) => loadBalancerTypes.includes(item.type) && item.state.dnsName !== undefined && item.state.dnsName === check.inputs.fqdn);
        const port = check.inputs.port ?? 443;
        const listener = loadBalancer && resources.find((item) => listenerTypes.includes(item.type) && item.inputs.port === port &&
            item.inputs.loadBalancerArn === loadBalancer.state.arn && (added === check || item === added));
        const policy = listener?.inputs.sslPolicy;
        return listener && typeof policy === "string" && !route53CanCheckHttps(policy)
            ? [`${check.type} ${check.name}: checks listener ${listener.name} (sslPolicy ${policy}, TLS 1.3 alone), but "the endpoint must support ${route53HealthCheckTlsVersions.join(", ")}" (HealthCheckConfig.Type): the check can never pass`]
            : [];
    });
}

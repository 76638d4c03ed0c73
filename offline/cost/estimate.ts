/**
 * The monthly cost estimate of a plan: every planned resource priced by its type token and its
 * recorded inputs, per stack, from the price table (prices.json, or --prices). Resources that
 * cost nothing by themselves are listed in `freeTypes`; a type in neither table is reported as
 * unpriced rather than silently costing nothing. docs/pricing.md explains each rule.
 */
import type { Plan, PlanResource, StackPlan } from "../planner";
import { Price, PriceTable, RegionalPrices, TrafficAssumptions } from "./priceTable";

/** One line of the estimate. */
export interface CostLine {
    /** What is charged, e.g. `NAT gateway hours`. */
    readonly item: string;
    /** Logical name of the resource it comes from. */
    readonly resource: string;
    /** Type token of that resource. */
    readonly type: string;
    /** Region whose prices apply, or `global`. */
    readonly region: string;
    /** Units a month. */
    readonly quantity: number;
    /** What one unit is (the price's `per`). */
    readonly unit: string;
    /** Price of one unit; null when the table has no price for it. */
    readonly unitUsd: number | null;
    /** Quantity x unit price; null when usage-based or unpriced. */
    readonly monthlyUsd: number | null;
    /** The price's public source. */
    readonly source?: string;
    /** How the quantity was derived, or why there is no amount. */
    readonly note?: string;
}

/** The estimate of one stack. */
export interface StackCost {
    /** Stack name. */
    readonly stack: string;
    /** Its region. */
    readonly region: string;
    /** Its lines. */
    readonly lines: readonly CostLine[];
    /** Sum of the lines with an amount. */
    readonly monthlyUsd: number;
    /** False when a line of the stack has no price, so `monthlyUsd` leaves it out. */
    readonly complete: boolean;
}

/** The estimate of a plan. */
export interface CostEstimate {
    /** Always USD. */
    readonly currency: "USD";
    /** Hours a month the hourly prices are multiplied by. */
    readonly hoursPerMonth: number;
    /** The traffic the usage lines assume. */
    readonly traffic: TrafficAssumptions;
    /** Per stack, in plan order. */
    readonly stacks: readonly StackCost[];
    /** Costs the stacks share (a hosted zone they all write into), counted once. */
    readonly shared: readonly CostLine[];
    /** Stacks plus shared. */
    readonly totalMonthlyUsd: number;
    /**
     * False when anything is left out of the total: a type no rule prices, or a price the table
     * lacks for a region (each listed in `unpriced`). Usage-based lines do not count: they are
     * never in the total, and the notes say so.
     */
    readonly complete: boolean;
    /**
     * What the total leaves out: type tokens no rule prices (`<type>: <stack>/<resource>, ...`) and
     * prices the table lacks (`no <region> price for <unit>: <stack>/<resource>, ...`).
     */
    readonly unpriced: readonly string[];
    /** What the estimate leaves out. */
    readonly notes: readonly string[];
}

/** Types that cost nothing by themselves (their traffic is charged on the resources above them). */
export const freeTypes: ReadonlySet<string> = new Set([
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:lb/listener:Listener",
    "aws:lb/listenerCertificate:ListenerCertificate",
    "aws:lb/listenerRule:ListenerRule",
    "aws:lb/targetGroup:TargetGroup",
    "aws:ec2/launchTemplate:LaunchTemplate",
    "aws:autoscaling/policy:Policy",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:globalaccelerator/listener:Listener",
    "aws:globalaccelerator/endpointGroup:EndpointGroup",
    // Subscriptions cost nothing; deliveries are charged on the topic's line.
    "aws:sns/topicSubscription:TopicSubscription",
    // Control panels, routing controls and safety rules are included in the cluster's hourly price.
    "aws:route53recoverycontrol/controlPanel:ControlPanel",
    "aws:route53recoverycontrol/routingControl:RoutingControl",
    "aws:route53recoverycontrol/safetyRule:SafetyRule",
]);

/** What a pricing rule sees. */
interface PricingContext {
    /** The table. */
    readonly table: PriceTable;
    /** The stack the resource belongs to. */
    readonly stack: StackPlan;
    /** Its region's prices, when the table has them. */
    readonly regional?: RegionalPrices;
    /** The region whose prices apply. */
    readonly region: string;
}

type Rule = (resource: PlanResource, context: PricingContext) => CostLine[];

/** A line of `quantity` units at `price`; without a price the line says what is missing. */
function charge(resource: PlanResource, region: string, item: string, quantity: number, price: Price | undefined, unit: string, note?: string): CostLine {
    const base = { item, resource: resource.name, type: resource.type, region, quantity, unit: price?.per ?? unit };
    if (price === undefined) {
        return { ...base, unitUsd: null, monthlyUsd: null, note: `no ${region} price for ${unit} in the table; add it with --prices` };
    }
    return { ...base, unitUsd: price.usd, monthlyUsd: quantity * price.usd, source: price.source, ...(note ? { note } : {}) };
}

/** A line whose amount depends on usage the plan cannot know. */
function usageBased(resource: PlanResource, region: string, item: string, note: string): CostLine {
    return { item, resource: resource.name, type: resource.type, region, quantity: 0, unit: "usage", unitUsd: null, monthlyUsd: null, note };
}

/** The logical name in a `${name.attribute}` reference the planner records. */
function referencedName(value: unknown): string | undefined {
    return typeof value === "string" ? /^\$\{([^.}]+)\./.exec(value)?.[1] : undefined;
}

function hours(context: PricingContext): number {
    return context.table.hoursPerMonth;
}

const loadBalancer: Rule = (resource, context) => {
    const { region, regional } = context;
    const kind = resource.inputs.loadBalancerType ?? "application";
    if (kind !== "application") {
        return [usageBased(resource, region, `${String(kind)} load balancer`, "only Application Load Balancers are priced; add a rule in offline/cost/estimate.ts")];
    }
    const lcu = context.table.traffic.albAverageLcu;
    const lines = [
        charge(resource, region, "ALB hours", hours(context), regional?.albHour, "albHour"),
        charge(resource, region, "ALB capacity units", hours(context) * lcu, regional?.albLcuHour, "albLcuHour", `assumes ${lcu} LCU on average (traffic.albAverageLcu)`),
    ];
    const subnets = Array.isArray(resource.inputs.subnets) ? resource.inputs.subnets.length : 0;
    if (resource.inputs.internal !== true && subnets > 0) {
        lines.push(charge(resource, region, "ALB public IPv4 addresses", subnets * hours(context), regional?.publicIpv4Hour, "publicIpv4Hour",
            `${subnets} address(es), one per subnet at least; the ALB adds more as it scales`));
    }
    return lines;
};

/** NAT gateways an awsx Vpc creates: its children are not planned offline, so count from its inputs. */
export function natGatewayCount(inputs: Record<string, unknown>): number {
    const strategy = (inputs.natGateways as { strategy?: string } | undefined)?.strategy ?? "OnePerAz";
    // awsx's default is as many availability zones as the region has, at most 3; the shipped stacks set it.
    const zones = typeof inputs.numberOfAvailabilityZones === "number" ? inputs.numberOfAvailabilityZones : 3;
    return strategy === "None" ? 0 : strategy === "Single" ? 1 : zones;
}

const vpc: Rule = (resource, context) => {
    const { region, regional } = context;
    const gateways = natGatewayCount(resource.inputs);
    if (gateways === 0) {
        return [];
    }
    const gigabytes = context.table.traffic.natGigabytesPerMonth;
    const derived = `${gateways} NAT gateway(s) from natGateways and numberOfAvailabilityZones`;
    return [
        charge(resource, region, "NAT gateway hours", gateways * hours(context), regional?.natGatewayHour, "natGatewayHour", derived),
        charge(resource, region, "NAT gateway Elastic IPs (public IPv4)", gateways * hours(context), regional?.publicIpv4Hour, "publicIpv4Hour", "one Elastic IP per NAT gateway"),
        charge(resource, region, "NAT gateway data processed", gigabytes, regional?.natGatewayGigabyte, "natGatewayGigabyte", `assumes ${gigabytes} GB a month (traffic.natGigabytesPerMonth)`),
    ];
};

const autoScalingGroup: Rule = (resource, context) => {
    const { region, regional, stack } = context;
    const template = (resource.inputs.launchTemplate as { id?: unknown } | undefined)?.id;
    const instanceType = stack.resources.find((candidate) => candidate.name === referencedName(template))?.inputs.instanceType;
    const count = Number(resource.inputs.desiredCapacity ?? resource.inputs.minSize ?? 0);
    if (typeof instanceType !== "string") {
        return [usageBased(resource, region, "EC2 instances", "instance type not found in the launch template")];
    }
    return [charge(resource, region, `EC2 ${instanceType} instances`, count * hours(context), regional?.instanceHour?.[instanceType], `instanceHour.${instanceType}`,
        `${count} instance(s) (desiredCapacity), on demand; scaling out adds more; EBS volumes not included`)];
};

const accelerator: Rule = (resource, context) => [
    charge(resource, "global", "Global Accelerator fixed fee", hours(context), context.table.global.acceleratorHour, "acceleratorHour"),
    usageBased(resource, "global", "Global Accelerator data transfer premium", "per GB between the client's and the endpoint's AWS regions, on top of data transfer out"),
];

/** The options Route 53 charges extra for that a health check's inputs turn on. */
export function healthCheckOptions(inputs: Record<string, unknown>): string[] {
    const type = String(inputs.type ?? "");
    const options: string[] = [];
    if (type.startsWith("HTTPS")) {
        options.push("HTTPS");
    }
    if (type.endsWith("_STR_MATCH") || inputs.searchString !== undefined) {
        options.push("string matching");
    }
    if (inputs.requestInterval === 10) {
        options.push("fast interval");
    }
    if (inputs.measureLatency === true) {
        options.push("latency measurement");
    }
    return options;
}

/** True when the endpoint is in AWS: a planned resource's output, or an AWS service's name. */
function isAwsEndpoint(inputs: Record<string, unknown>): boolean {
    const target = inputs.fqdn ?? inputs.ipAddress;
    return typeof target === "string" && (target.startsWith("${") || /\.amazonaws\.com\.?$/.test(target));
}

const healthCheck: Rule = (resource, context) => {
    const prices = context.table.global;
    const type = String(resource.inputs.type ?? "");
    if (type === "CALCULATED" || type === "CLOUDWATCH_METRIC") {
        return [charge(resource, "global", `Route 53 ${type === "CALCULATED" ? "calculated" : "CloudWatch metric"} health check`, 1, prices.healthCheckAwsMonth, "healthCheckAwsMonth",
            "priced as a basic health check of an AWS endpoint; no optional features")];
    }
    if (type === "RECOVERY_CONTROL") {
        return [charge(resource, "global", "Route 53 routing-control health check", 0, prices.healthCheckAwsMonth, "healthCheckAwsMonth", "included in the ARC cluster's price")];
    }
    const aws = isAwsEndpoint(resource.inputs);
    const options = healthCheckOptions(resource.inputs);
    const lines = [charge(resource, "global", `Route 53 health check (${type || "HTTP"}, ${aws ? "AWS" : "non-AWS"} endpoint)`, 1,
        aws ? prices.healthCheckAwsMonth : prices.healthCheckNonAwsMonth, aws ? "healthCheckAwsMonth" : "healthCheckNonAwsMonth")];
    if (options.length > 0) {
        lines.push(charge(resource, "global", `Route 53 health check options: ${options.join(", ")}`, options.length,
            aws ? prices.healthCheckOptionAwsMonth : prices.healthCheckOptionNonAwsMonth, aws ? "healthCheckOptionAwsMonth" : "healthCheckOptionNonAwsMonth"));
    }
    return lines;
};

const record: Rule = (resource, context) => {
    const aliases = resource.inputs.aliases;
    if (Array.isArray(aliases) && aliases.length > 0) {
        // Queries of alias records that point at AWS resources (ELB, accelerator) are free.
        return [];
    }
    const millions = context.table.traffic.dnsQueriesMillionsPerMonth;
    const latency = Array.isArray(resource.inputs.latencyRoutingPolicies) && resource.inputs.latencyRoutingPolicies.length > 0;
    const prices = context.table.global;
    return [charge(resource, "global", `Route 53 ${latency ? "latency" : "standard"} queries`, millions, latency ? prices.latencyQueriesMillion : prices.standardQueriesMillion,
        latency ? "latencyQueriesMillion" : "standardQueriesMillion", `assumes ${millions} million queries a month (traffic.dnsQueriesMillionsPerMonth)`)];
};

const hostedZone: Rule = (resource, context) => [charge(resource, "global", "Route 53 hosted zone", 1, context.table.global.hostedZoneMonth, "hostedZoneMonth")];

/** Metrics an alarm evaluates: one, each metric of a metric-math alarm, three for anomaly detection. */
export function alarmMetrics(inputs: Record<string, unknown>): number {
    const queries = Array.isArray(inputs.metricQueries) ? inputs.metricQueries as { metric?: unknown }[] : [];
    const metrics = Math.max(1, queries.filter((query) => query.metric !== undefined).length);
    return inputs.thresholdMetricId !== undefined ? metrics * 3 : metrics;
}

const metricAlarm: Rule = (resource, context) => {
    const { region, regional } = context;
    const periods = [resource.inputs.period, ...(Array.isArray(resource.inputs.metricQueries)
        ? (resource.inputs.metricQueries as { metric?: { period?: unknown } }[]).map((query) => query.metric?.period) : [])].filter((period) => typeof period === "number");
    const highResolution = periods.some((period) => period < 60);
    const metrics = alarmMetrics(resource.inputs);
    return [charge(resource, region, `CloudWatch ${highResolution ? "high-resolution" : "standard"} alarm`, metrics,
        highResolution ? regional?.alarmHighResolutionMonth : regional?.alarmStandardMonth, highResolution ? "alarmHighResolutionMonth" : "alarmStandardMonth",
        metrics > 1 ? `${metrics} metrics` : undefined)];
};

const compositeAlarm: Rule = (resource, context) => [charge(resource, context.region, "CloudWatch composite alarm", 1, context.regional?.alarmCompositeMonth, "alarmCompositeMonth")];

const dashboard: Rule = (resource, context) => [charge(resource, context.region, "CloudWatch dashboard", 1, context.regional?.dashboardMonth, "dashboardMonth",
    "the account's first 3 dashboards are free; not applied here")];

const recoveryCluster: Rule = (resource, context) => [charge(resource, "global", "Route 53 ARC cluster", hours(context), context.table.global.recoveryClusterHour, "recoveryClusterHour",
    "routing controls, control panels and safety rules are included")];

const bucket: Rule = (resource, context) => [usageBased(resource, context.region, "S3 storage and requests (ALB access logs)", "per GB stored and per request; grows with traffic")];

const topic: Rule = (resource, context) => [usageBased(resource, context.region, "SNS notifications", "per publish and per delivery (email, HTTPS, ...); alarms publish only when their state changes")];

/** The pricing rule of each type token that costs something. */
export const rules: Readonly<Record<string, Rule>> = {
    "aws:lb/loadBalancer:LoadBalancer": loadBalancer,
    "aws:alb/loadBalancer:LoadBalancer": loadBalancer,
    "awsx:ec2:Vpc": vpc,
    "aws:autoscaling/group:Group": autoScalingGroup,
    "aws:globalaccelerator/accelerator:Accelerator": accelerator,
    "aws:route53/healthCheck:HealthCheck": healthCheck,
    "aws:route53/record:Record": record,
    "aws:route53/zone:Zone": hostedZone,
    "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": compositeAlarm,
    "aws:cloudwatch/dashboard:Dashboard": dashboard,
    "aws:route53recoverycontrol/cluster:Cluster": recoveryCluster,
    "aws:s3/bucket:Bucket": bucket,
    "aws:s3/bucketV2:BucketV2": bucket,
    "aws:sns/topic:Topic": topic,
};

/** True for what the estimate does not price: the engine's own resources and our components. */
function isBookkeeping(type: string): boolean {
    return type.startsWith("pulumi:") || (!type.startsWith("aws:") && !(type in rules));
}

function sum(lines: readonly CostLine[]): number {
    return lines.reduce((total, line) => total + (line.monthlyUsd ?? 0), 0);
}

/** True for a line whose amount is missing because the table has no price for it (not a usage-based line). */
export function lacksPrice(line: CostLine): boolean {
    return line.unitUsd === null && line.unit !== "usage";
}

/** The prices the table lacks, as `no <region> price for <unit>: <stack>/<resource>, ...`, in plan order. */
function missingPrices(stacks: readonly StackCost[], shared: readonly CostLine[]): string[] {
    const missing = new Map<string, string[]>();
    const lines = [...stacks.flatMap((stack) => stack.lines.map((line) => ({ line, owner: stack.stack }))), ...shared.map((line) => ({ line, owner: "shared" }))];
    for (const { line, owner } of lines.filter(({ line }) => lacksPrice(line))) {
        const key = `no ${line.region} price for ${line.unit}`;
        missing.set(key, [...(missing.get(key) ?? []), `${owner}/${line.resource}`]);
    }
    return [...missing.entries()].map(([key, names]) => `${key}: ${names.join(", ")}`);
}

/** Hosted zones the records write into but no stack creates (looked up with getZone): shared, counted once. */
function sharedZones(plan: Plan, table: PriceTable): CostLine[] {
    const zones = new Set<string>();
    for (const resource of plan.stacks.flatMap((stack) => stack.resources).filter((item) => item.type === "aws:route53/record:Record")) {
        const lookup = /^\$\{getZone\(([^)]+)\)/.exec(String(resource.inputs.zoneId ?? ""))?.[1];
        if (lookup !== undefined) {
            zones.add(lookup);
        }
    }
    return [...zones].sort().map((zone) => charge({ urn: "", type: "aws:route53/zone:Zone", name: zone, inputs: {} }, "global", "Route 53 hosted zone (existing, shared by the stacks)", 1,
        table.global.hostedZoneMonth, "hostedZoneMonth", "looked up, not created, by the stacks; charged whether or not they are deployed"));
}

/** The estimate of `plan` at `table`'s prices. */
export function estimateCost(plan: Plan, table: PriceTable): CostEstimate {
    const unpriced = new Map<string, string[]>();
    const stacks = plan.stacks.map((stack): StackCost => {
        const lines: CostLine[] = [];
        let untyped = false;
        for (const resource of stack.resources) {
            const rule = rules[resource.type];
            const region = resource.region ?? stack.region;
            if (rule !== undefined) {
                lines.push(...rule(resource, { table, stack, region, regional: table.regions[region] }));
            } else if (!resource.modelled && !freeTypes.has(resource.type) && !isBookkeeping(resource.type)) {
                // Modelled children (the awsx VPC's) are priced by their component's rule.
                unpriced.set(resource.type, [...(unpriced.get(resource.type) ?? []), `${stack.stack}/${resource.name}`]);
                untyped = true;
            }
        }
        return { stack: stack.stack, region: stack.region, lines, monthlyUsd: sum(lines), complete: !untyped && !lines.some(lacksPrice) };
    });
    const shared = sharedZones(plan, table);
    const everyLine = [...stacks.flatMap((stack) => stack.lines), ...shared];
    const gaps = [...[...unpriced.entries()].map(([type, names]) => `${type}: ${names.join(", ")}`), ...missingPrices(stacks, shared)];
    return {
        currency: "USD",
        hoursPerMonth: table.hoursPerMonth,
        traffic: table.traffic,
        stacks,
        shared,
        totalMonthlyUsd: sum(everyLine),
        complete: gaps.length === 0,
        unpriced: gaps,
        notes: [
            "Usage-based charges are listed without an amount: data transfer out, the accelerator's data transfer premium, S3 storage of access logs, SNS deliveries.",
            "Not included: EBS volumes of the instances, CloudWatch metrics and logs, taxes, free tiers and savings plans.",
            ...(everyLine.some(lacksPrice)
                ? ["Some lines have no price for their region: the total leaves them out, so it is incomplete (docs/pricing.md lists the regions priced)."] : []),
        ],
    };
}

/**
 * The stack configuration: every key the program reads, its type, its default and its
 * description. This file is the one place for defaults; `Pulumi.yaml` and docs/configuration.md's
 * configuration reference are generated from it (`npm run config:generate`) and a test fails
 * when they drift.
 *
 * Keys are grouped: `app:alb.idleTimeoutSeconds` is field `idleTimeoutSeconds` of group `alb`.
 * Keyed maps (`app:targetGroups`, `app:listenerRules`, `app:tags`) are whole objects.
 */
import { z } from "zod";
import { safeDesyncModes, tls13Policies } from "../domain/awsFacts";
import { route53CheckerRegions } from "../domain/regions";
import { stackReferencePattern } from "../domain/naming";
import {
    acceleratorClientAffinities,
    acceleratorIpAddressTypes,
    elbv2Limits,
    fixedResponseContentTypes,
    fixedResponseStatusCodePattern,
    globalAcceleratorLimits,
    IntegerLimit,
    redirectStatusCodes,
    route53Limits,
} from "../domain/apiLimits";
import { clientKeepAliveLimits, idleTimeoutLimits } from "../domain/connections";

/** A whole number in `lo..hi`, with the message this project prints for it. */
export function wholeNumber(lo: number, hi: number) {
    const range = `must be a whole number ${lo}..${hi}`;
    return z.number({ error: range }).int({ error: range }).min(lo, { error: range }).max(hi, { error: range });
}

/** A whole number within an API model's limits (domain/apiLimits.ts). */
function withinLimit(limit: IntegerLimit) {
    return wholeNumber(limit.min, limit.max);
}

/** Text of at most `limit.max` characters (and at least `limit.min`). */
function textWithin(limit: IntegerLimit) {
    const length = `must be ${limit.min}..${limit.max} characters (${limit.shape})`;
    return z.string({ error: "must be a string" }).min(limit.min, { error: length }).max(limit.max, { error: length });
}

/** One of a fixed set of strings. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
    return z.enum(values, { error: `must be one of ${values.join(", ")}` });
}

const text = () => z.string({ error: "must be a string" });
const flag = () => z.boolean({ error: "must be true or false" });
const textList = () => z.array(text(), { error: "must be a list of strings" });

const stackReferenceError = "must name a stack as stack, org/stack or org/project/stack (letters, digits, -, _ and .), e.g. organization/app/global";
/** Another stack of the project, read through a StackReference; "" when there is none. */
const stackReference = () => text().refine((value) => value === "" || stackReferencePattern.test(value), { error: stackReferenceError });
/** Other stacks, each named in full. */
const stackReferences = () => z.array(text().regex(stackReferencePattern, { error: stackReferenceError }), { error: "must be a list of strings" });

const cidrPattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
/** True for an IPv4 CIDR block such as 10.0.0.0/16. */
export function isIpv4Cidr(value: string): boolean {
    const match = cidrPattern.exec(value);
    return match !== null && match.slice(1, 5).every((octet) => Number(octet) <= 255) && Number(match[5]) <= 32;
}
const cidr = () => text().refine(isIpv4Cidr, { error: "must be an IPv4 CIDR block such as 10.0.0.0/16" });
const arnOf = (service: string) =>
    text().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), { error: `must be an ${service} ARN` });

/** Keys of target groups and listener rules become parts of resource names. */
export const mapKeyPattern = /^[a-z][a-z0-9-]*$/;
const mapKey = text().regex(mapKeyPattern, {
    error: "must start with a lower-case letter and hold only a-z, 0-9 and -",
});

// ---------------------------------------------------------------------------------------------
// Groups of scalar keys (app:<group>.<field>)
// ---------------------------------------------------------------------------------------------

export const networkSchema = z.strictObject({
    vpcId: text().default("").describe("Existing VPC to use instead of creating one; empty creates a VPC."),
    publicSubnetIds: textList().default([]).describe("With network.vpcId: public subnets, one per AZ, for an internet-facing ALB."),
    privateSubnetIds: textList().default([]).describe("With network.vpcId: private subnets, one per AZ, for the fleet and an internal ALB."),
    cidr: cidr().default("10.0.0.0/16").describe("CIDR block of the created VPC (prefix /16 to /24)."),
    availabilityZones: wholeNumber(2, 6).default(3).describe("Number of AZs the created VPC spans; an ALB needs at least 2."),
    natGateways: oneOf(["none", "single", "onePerAz"]).default("onePerAz")
        .describe("NAT gateways of the created VPC: none (fleet goes in public subnets), single (non-production only: one AZ's outage cuts the others off), or onePerAz."),
});

export const albSchema = z.strictObject({
    internal: flag().default(false).describe("Internal ALB (private subnets) instead of internet-facing."),
    ingressCidrs: z.array(cidr(), { error: "must be a list of CIDR blocks" }).default(["0.0.0.0/0"])
        .describe("Client CIDR blocks admitted to the listener ports."),
    ingressPrefixListIds: textList().default([]).describe("Managed prefix lists admitted to the listener ports."),
    idleTimeoutSeconds: wholeNumber(idleTimeoutLimits.min, idleTimeoutLimits.max).default(30)
        .describe(`Connection idle timeout in seconds (AWS's default is ${idleTimeoutLimits.awsDefault}); with alb.clientKeepAliveSeconds it bounds how long a client on an open connection keeps reaching a failed region.`),
    clientKeepAliveSeconds: wholeNumber(clientKeepAliveLimits.min, clientKeepAliveLimits.max).default(60)
        .describe(`HTTP client keepalive duration: the ALB closes a client connection this old after one more request (AWS's default is ${clientKeepAliveLimits.awsDefault}), so clients reconnect and follow a failover.`),
    http2: flag().default(true).describe("Serve HTTP/2 to clients."),
    desyncMitigationMode: oneOf(["monitor", "defensive", "strictest"]).default("defensive")
        .describe(`HTTP desync mitigation; Security Hub ELB.12 wants ${safeDesyncModes.join(" or ")}.`),
    dropInvalidHeaderFields: flag().default(true).describe("Drop invalid HTTP header fields (Security Hub ELB.4)."),
    deletionProtection: flag().default(true).describe("Deletion protection (Security Hub ELB.6); non-production stacks may turn it off."),
    accessLogs: flag().default(true).describe("Write access logs to S3 (Security Hub ELB.5)."),
    accessLogsBucket: text().default("").describe("Existing bucket in the ALB's region for access logs; empty creates one."),
    accessLogsRetentionDays: wholeNumber(1, 3650).default(90).describe("Days the created access-log bucket keeps logs (production: at least 90)."),
    accessLogsForceDestroy: flag().default(false)
        .describe("Let `pulumi destroy` delete the created access-log bucket with its logs (non-production only)."),
    certificateArn: z.union([z.literal(""), arnOf("acm")], { error: "must be an acm ARN or empty" }).default("")
        .describe("ACM certificate of the HTTPS listener; empty serves HTTP only."),
    sniCertificateArns: z.array(arnOf("acm"), { error: "must be a list of acm ARNs" }).default([])
        .describe("Extra ACM certificates served by SNI on the HTTPS listener."),
    sslPolicy: oneOf(tls13Policies).default("ELBSecurityPolicy-TLS13-1-2-Res-2021-06")
        .describe("TLS policy of the HTTPS listener (Security Hub ELB.17)."),
    defaultTargetGroup: text().default("web").describe("Key in app:targetGroups that the listener's default action forwards to."),
});

export const fleetSchema = z.strictObject({
    enabled: flag().default(true).describe("Run the demo app fleet (an Auto Scaling group) behind the ALB."),
    targetGroups: z.array(text(), { error: "must be a list of target group keys" }).default(["web"])
        .describe("Keys in app:targetGroups (instance, HTTP, one port) the fleet registers in; the first drives scaling."),
    instanceType: text().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: "must be an EC2 instance type such as t3.micro" })
        .default("t3.micro").describe("EC2 instance type of the fleet."),
    amiId: z.union([z.literal(""), text().regex(/^ami-[0-9a-f]{8}([0-9a-f]{9})?$/, { error: "must be an AMI id such as ami-0123456789abcdef0" })],
        { error: "must be an AMI id such as ami-0123456789abcdef0, or empty" }).default("")
        .describe("AMI pinned for the fleet; empty resolves fleet.amiParameter once and then ignores newer images (docs/deploying.md, \"Moving the AMI\")."),
    amiParameter: text().regex(/^\/aws\/service\//, { error: "must be a public SSM parameter under /aws/service/" })
        .default("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")
        .describe("Public SSM parameter holding the current Amazon Linux AMI id."),
    minSize: wholeNumber(0, 100).default(2).describe("Fewest instances."),
    maxSize: wholeNumber(1, 100).default(4).describe("Most instances."),
    desiredCapacity: wholeNumber(0, 100).default(2).describe("Instances at deployment."),
    requestsPerTarget: wholeNumber(1, 100000).default(1000)
        .describe("Target-tracking goal: ALB requests per target per minute; requestsPerTarget / 60 is what the capacity check takes one instance to serve per second."),
    launchSeconds: wholeNumber(1, 3600).default(120)
        .describe("Seconds from a scale-out decision until a new instance's app answers its health check (EC2 launch and boot): an estimate to measure; the plan's capacity-recovered prediction adds it."),
});

export const healthCheckSchema = z.strictObject({
    protocol: oneOf(["auto", "HTTP", "HTTPS"]).default("auto")
        .describe("Protocol of the Route 53 health check; auto is HTTPS when alb.certificateArn is set."),
    path: textWithin(route53Limits.resourcePathLength).regex(/^\//, { error: "must start with /" }).default("/health").describe("Path the health check requests."),
    port: wholeNumber(0, route53Limits.port.max).default(0).describe("Port the health check uses; 0 uses the listener's port."),
    requestInterval: z.union([z.literal(10), z.literal(30)], { error: "must be 10 or 30" }).default(10)
        .describe("Seconds between checks from each checker: 10 or 30 (fixed after creation)."),
    failureThreshold: withinLimit(route53Limits.failureThreshold).default(3).describe("Consecutive failures before the region counts as unhealthy."),
    regions: z.array(oneOf(route53CheckerRegions), { error: "must be a list of Route 53 checker regions" })
        .default([])
        .describe("Route 53 checker regions, at least 3; empty uses the three nearest the stack's region."),
    inverted: flag().default(false).describe("Invert the check (what a drill does to take the region out)."),
});

export const dnsSchema = z.strictObject({
    zoneName: text().default("").describe("Public hosted zone, found by name; empty with dns.zoneId empty turns DNS off."),
    zoneId: text().default("").describe("Public hosted zone, given by id (instead of dns.zoneName)."),
    failover: flag().default(true).describe("Create this region's failover record."),
    failoverName: text().default("app").describe("Name of the failover record, relative to the zone."),
    failoverRole: z.union([z.literal(""), oneOf(["PRIMARY", "SECONDARY"])], { error: "must be PRIMARY or SECONDARY" })
        .default("").describe("This region's failover role: PRIMARY or SECONDARY (exactly one stack each)."),
    weighted: flag().default(true).describe("Create this region's weighted record."),
    weightedName: text().default("weighted").describe("Name of the weighted record, relative to the zone."),
    weight: withinLimit(route53Limits.weight).default(100).describe("This region's weight, 0..255 (not all stacks 0)."),
    latency: flag().default(true).describe("Create this region's latency record."),
    latencyName: text().default("latency").describe("Name of the latency record, relative to the zone."),
});

export const globalAcceleratorSchema = z.strictObject({
    enabled: flag().default(false).describe("Take part in the Global Accelerator."),
    globalStack: stackReference().default("")
        .describe("Regional stacks: the global stack that owns the accelerator, e.g. organization/app/global, read through a StackReference."),
    owner: flag().default(false).describe("Deprecated (use a global stack, app:scope: global): this regional stack creates the accelerator."),
    ownerStack: stackReference().default("").describe("Deprecated: renamed app:globalAccelerator.globalStack."),
    ipAddressType: oneOf(acceleratorIpAddressTypes).default("IPV4").describe("Global stack: IPV4 (DUAL_STACK is refused until the ALBs are dual-stack)."),
    ports: z.array(withinLimit(globalAcceleratorLimits.portNumber), { error: "must be a list of ports" })
        .max(globalAcceleratorLimits.portRanges.max, { error: `must list at most ${globalAcceleratorLimits.portRanges.max} ports (${globalAcceleratorLimits.portRanges.shape})` })
        .default([]).describe("Global stack: TCP ports of the listener, the ALBs' listener ports, e.g. [80, 443]."),
    clientAffinity: oneOf(acceleratorClientAffinities).default("SOURCE_IP")
        .describe("Global stack: SOURCE_IP keeps a client on one region, so ALB stickiness holds."),
    recordName: text().default("").describe("Global stack: alias record to the accelerator in the DNS zone; empty for none."),
    endpointWeight: withinLimit(globalAcceleratorLimits.endpointWeight).default(128).describe("Weight of this region's ALB in its endpoint group."),
    trafficDial: withinLimit(globalAcceleratorLimits.trafficDialPercentage).default(100).describe("Percentage of traffic this region's endpoint group takes."),
    clientIpPreservation: flag().default(false)
        .describe("Preserve client IPs on the ALB endpoint; off by default because DNS records also send clients straight to the ALB (connection collisions); internal ALBs always preserve them."),
});

export const drillSchema = z.strictObject({
    simulateOutage: flag().default(false)
        .describe("Take this region out: invert its health check and dial its GA endpoint group to 0."),
    recoveryTimeObjectiveSeconds: wholeNumber(1, 86400).default(180)
        .describe("Recovery-time objective a drill's measured failover is judged against."),
});

/** A number in `lo..hi` (fractions allowed), with the message this project prints for it. */
function numberIn(lo: number, hi: number) {
    const range = `must be a number ${lo}..${hi}`;
    return z.number({ error: range }).min(lo, { error: range }).max(hi, { error: range });
}

export const capacitySchema = z.strictObject({
    peakRequestsPerSecond: numberIn(0, 10000000).default(0)
        .describe("The service's peak load, requests per second across every region (set once in Pulumi.yaml); the plan checks that the survivors of any one region's loss can carry it. 0 turns the check off."),
    nearbyClientsPercent: numberIn(0, 100).default(100)
        .describe("At most this percentage of the service's clients is nearest this region (latency records and the accelerator send them here); 100 assumes nothing about where clients are."),
});

export const alarmsSchema = z.strictObject({
    enabled: flag().default(true)
        .describe("CloudWatch alarms on what users feel (5xx share, healthy hosts, latency, rejected connections) and an SNS topic in the region."),
    periodSeconds: wholeNumber(60, 3600).refine((seconds) => seconds % 60 === 0, { error: "must be a multiple of 60 (Route 53 reads standard-resolution alarms only)" })
        .default(60).describe("Seconds per alarm period: 60..3600, a multiple of 60 (ALB metrics are per minute)."),
    evaluationPeriods: wholeNumber(1, 10).default(3).describe("Periods in a row that must breach before an alarm fires."),
    errorRatePercent: numberIn(0.1, 100).default(5).describe("ALB plus target 5xx as a percentage of requests above which the region serves badly."),
    minimumRequests: wholeNumber(0, 1000000).default(20)
        .describe("Requests per period below which the 5xx share is not judged (too few to mean anything)."),
    minimumHealthyHosts: wholeNumber(1, 1000).default(1)
        .describe("Healthy targets each populated target group must keep; fewer serves badly."),
    targetResponseTimeSeconds: numberIn(0.01, 60).default(2).describe("Average target response time, in seconds, above which the latency alarm fires."),
    rejectedConnections: wholeNumber(1, 1000000).default(1).describe("Rejected connections per period at which the rejected-connections alarm fires."),
    healthCheck: flag().default(true)
        .describe("With DNS: a CLOUDWATCH_METRIC health check on the serving-badly alarm, combined with the endpoint check by a CALCULATED check the records use."),
    followed: z.array(text(), { error: "must be a list of alarm keys" }).default(["serving-badly"])
        .describe("Alarms Route 53 follows (each a CLOUDWATCH_METRIC child): serving-badly, latency, rejected-connections, healthy-hosts-<target group>."),
    childThreshold: oneOf(["all", "any"]).default("all")
        .describe("Healthy children the combined check needs: all (either failing takes the region out) or any (both must fail)."),
    insufficientData: oneOf(["LastKnownStatus", "Healthy", "Unhealthy"]).default("LastKnownStatus")
        .describe("What Route 53 makes of the alarm when CloudWatch lacks data; Unhealthy takes an idle region out."),
    notifyEmails: z.array(text().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: "must be an e-mail address" }), { error: "must be a list of e-mail addresses" })
        .default([]).describe("E-mail addresses subscribed to the region's alarm topic (each must confirm)."),
});

export const routingControlsSchema = z.strictObject({
    enabled: flag().default(false)
        .describe("Route 53 ARC routing controls: a RECOVERY_CONTROL health check joins the records' combined check (the cluster costs by the hour)."),
    owner: flag().default(false)
        .describe("This stack creates the cluster, control panel, one routing control per region and the safety rule (exactly one stack)."),
    ownerStack: stackReference().default("").describe("Members: the owner's stack, e.g. organization/app/seoul, read through a StackReference."),
    regions: z.array(text(), { error: "must be a list of AWS regions" }).default([])
        .describe("Owner: every region that gets a routing control (each stack's aws:region)."),
    minimumRegionsOn: wholeNumber(1, 10).default(1).describe("Owner: the safety rule keeps at least this many routing controls on."),
});

export const dashboardSchema = z.strictObject({
    owner: flag().default(false).describe("This stack creates the environment's CloudWatch dashboard (exactly one stack)."),
    name: text().regex(/^[A-Za-z0-9_-]{1,255}$/, { error: "must be 1..255 of A-Z, a-z, 0-9, - and _" }).default("multi-region")
        .describe("Dashboard name."),
    stacks: stackReferences().default([])
        .describe("Owner: the other regions' stacks, e.g. organization/app/tokyo, shown beside this one (read through StackReferences)."),
});

// ---------------------------------------------------------------------------------------------
// Keyed maps (app:targetGroups, app:listenerRules, app:tags)
// ---------------------------------------------------------------------------------------------

const targetGroupHealthCheckSchema = z.strictObject({
    path: textWithin(elbv2Limits.healthCheckPathLength).regex(/^\//, { error: "must start with /" }).default("/health").describe("Path of the target health check."),
    matcher: text().regex(/^[2-4]\d\d([-,][2-4]\d\d)*$/, { error: "must be HTTP codes in 200..499, e.g. 200 or 200-299" })
        .default("200").describe("HTTP codes that count as healthy."),
    intervalSeconds: withinLimit(elbv2Limits.healthCheckIntervalSeconds).default(10).describe("Seconds between checks."),
    timeoutSeconds: withinLimit(elbv2Limits.healthCheckTimeoutSeconds).default(5).describe("Seconds before a check fails; below the interval."),
    healthyThreshold: withinLimit(elbv2Limits.healthCheckThresholdCount).default(3).describe("Successes before a target is healthy."),
    unhealthyThreshold: withinLimit(elbv2Limits.healthCheckThresholdCount).default(2).describe("Failures before a target is unhealthy."),
}).refine((check) => check.timeoutSeconds < check.intervalSeconds, {
    error: "must be below the health check's intervalSeconds", path: ["timeoutSeconds"],
});

const stickinessSchema = z.strictObject({
    type: oneOf(["lb_cookie", "app_cookie"]).describe("lb_cookie (cookie AWSALB) or app_cookie (the application's cookie)."),
    durationSeconds: wholeNumber(1, 604800).default(86400).describe("How long a client sticks to a target."),
    cookieName: text().default("").describe("app_cookie: the application's cookie name."),
});

export const targetGroupSchema = z.strictObject({
    targetType: oneOf(["instance", "ip", "lambda"]).default("instance").describe("What the group routes to."),
    protocol: oneOf(["HTTP", "HTTPS"]).default("HTTP").describe("Protocol to the targets (not for lambda)."),
    port: withinLimit(elbv2Limits.port).default(80).describe("Port on the targets (not for lambda)."),
    healthCheck: targetGroupHealthCheckSchema.prefault({}).describe("Target health check."),
    stickiness: stickinessSchema.optional().describe("Stickiness; absent is off."),
    deregistrationDelaySeconds: wholeNumber(0, 3600).default(30).describe("Connection draining time on deregistration."),
    slowStartSeconds: wholeNumber(0, 900).refine((seconds) => seconds === 0 || seconds >= 30, { error: "must be 0 (off) or 30..900" }).default(0)
        .describe("Slow start ramp; 0 is off."),
    algorithm: oneOf(["round_robin", "least_outstanding_requests", "weighted_random"]).default("round_robin")
        .describe("Load-balancing algorithm."),
});

const httpMethods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"] as const;

const conditionsSchema = z.strictObject({
    hostHeaders: textList().optional().describe("Host names, wildcards allowed."),
    pathPatterns: textList().optional().describe("Path patterns, wildcards allowed."),
    httpHeaders: z.record(text(), textList(), { error: "must map header names to lists of values" }).optional()
        .describe("Header name -> accepted values."),
    httpMethods: z.array(oneOf(httpMethods), { error: "must be a list of HTTP methods" }).optional().describe("HTTP methods."),
    queryStrings: z.array(z.strictObject({ key: text().optional(), value: text() })).optional()
        .describe("Query string key/value pairs (key optional)."),
    sourceIps: z.array(cidr(), { error: "must be a list of CIDR blocks" }).optional().describe("Client CIDR blocks."),
});

const forwardActionSchema = z.strictObject({
    type: z.literal("forward"),
    targetGroup: text().describe("Key in app:targetGroups."),
});
const weightedForwardActionSchema = z.strictObject({
    type: z.literal("weightedForward"),
    targetGroups: z.record(text(), wholeNumber(0, 999)).describe("Key in app:targetGroups -> weight 0..999."),
    stickinessSeconds: wholeNumber(0, 604800).default(0).describe("Group stickiness; 0 is off."),
});
const redirectActionSchema = z.strictObject({
    type: z.literal("redirect"),
    statusCode: oneOf(redirectStatusCodes).default("HTTP_301"),
    protocol: oneOf(["HTTP", "HTTPS", "#{protocol}"]).default("#{protocol}"),
    host: textWithin(elbv2Limits.redirectHostLength).default("#{host}"),
    port: text().default("#{port}"),
    path: textWithin(elbv2Limits.redirectPathLength).default("/#{path}"),
    query: textWithin(elbv2Limits.redirectQueryLength).default("#{query}"),
});
const fixedResponseActionSchema = z.strictObject({
    type: z.literal("fixedResponse"),
    statusCode: text().regex(fixedResponseStatusCodePattern, { error: "must be an HTTP status 2XX, 4XX or 5XX (elbv2 FixedResponseActionStatusCode)" }).default("200"),
    contentType: oneOf(fixedResponseContentTypes).default("text/plain"),
    messageBody: text().max(elbv2Limits.fixedResponseMessageLength.max, { error: `must be at most ${elbv2Limits.fixedResponseMessageLength.max} characters` }).default(""),
});

export const listenerRuleSchema = z.strictObject({
    priority: withinLimit(elbv2Limits.rulePriority).describe("Evaluation order, unique per listener."),
    conditions: conditionsSchema.describe("What the request must match (at most 5 values in all)."),
    action: z.discriminatedUnion("type", [
        forwardActionSchema, weightedForwardActionSchema, redirectActionSchema, fixedResponseActionSchema,
    ], { error: "must be forward, weightedForward, redirect or fixedResponse" }).describe("What to do with a match."),
});

// ---------------------------------------------------------------------------------------------
// The whole stack configuration
// ---------------------------------------------------------------------------------------------

/** Names of environments: production, staging, dev, ... (lower case, a tag value and part of messages). */
export const environmentPattern = /^[a-z][a-z0-9-]{0,31}$/;

/** The environment that gets every production requirement. */
export const productionEnvironment = "production";

/** Top-level configuration entries: scalar keys, groups of scalar keys, and keyed maps. */
export const configSchema = {
    scope: oneOf(["region", "global"]).default("region")
        .describe("region: one region's stack; global: the stack that owns the Global Accelerator and nothing else."),
    environment: text().regex(environmentPattern, { error: "must be a lower-case name such as production, staging or dev" })
        .default(productionEnvironment)
        .describe("The environment this stack belongs to; cross-stack checks run among the stacks of one environment, and only production gets every production requirement."),
    network: networkSchema.prefault({}),
    alb: albSchema.prefault({}),
    targetGroups: z.record(mapKey, targetGroupSchema, { error: "must map keys to target groups" })
        .default({ web: targetGroupSchema.parse({}) })
        .describe("Target groups by key; children are named after the key so reordering changes nothing."),
    listenerRules: z.record(mapKey, listenerRuleSchema, { error: "must map keys to listener rules" }).default({})
        .describe("Listener rules by key, on the serving listener (HTTPS when a certificate is set)."),
    fleet: fleetSchema.prefault({}),
    healthCheck: healthCheckSchema.prefault({}),
    dns: dnsSchema.prefault({}),
    globalAccelerator: globalAcceleratorSchema.prefault({}),
    drill: drillSchema.prefault({}),
    capacity: capacitySchema.prefault({}),
    alarms: alarmsSchema.prefault({}),
    routingControls: routingControlsSchema.prefault({}),
    dashboard: dashboardSchema.prefault({}),
    tags: z.record(text(), text(), { error: "must map tag keys to string values" }).default({})
        .describe("Tags merged onto every taggable resource."),
} as const;

/**
 * The keys that apply to a global stack (app:scope: global), which creates the accelerator, its
 * listener and its alias record, nothing else: those it reads, and the deprecated owner key, which
 * it refuses (config/rules/awsFidelity.ts). Every other key is a region's and does not apply to
 * it, so a region's value in Pulumi.yaml never stops the global stack (config/load.ts leaves
 * those out).
 */
export const globalStackKeys: readonly string[] = [
    "scope", "environment", "tags", "dns.zoneName", "dns.zoneId",
    "globalAccelerator.enabled", "globalAccelerator.ipAddressType", "globalAccelerator.ports", "globalAccelerator.clientAffinity", "globalAccelerator.recordName",
    "globalAccelerator.owner",
];

/** The groups: entries whose fields are separate config keys (app:<group>.<field>). */
export const groupSchemas = {
    network: networkSchema,
    alb: albSchema,
    fleet: fleetSchema,
    healthCheck: healthCheckSchema,
    dns: dnsSchema,
    globalAccelerator: globalAcceleratorSchema,
    drill: drillSchema,
    capacity: capacitySchema,
    alarms: alarmsSchema,
    routingControls: routingControlsSchema,
    dashboard: dashboardSchema,
} as const;
export type GroupName = keyof typeof groupSchemas;
export const groupNames = Object.keys(groupSchemas) as GroupName[];

type Entries = typeof configSchema;
/** The validated configuration of one stack, every default applied. */
export type StackSettings = { -readonly [K in keyof Entries]: z.output<Entries[K]> };
export type TargetGroupSettings = z.output<typeof targetGroupSchema>;
export type ListenerRuleSettings = z.output<typeof listenerRuleSchema>;
export type ListenerRuleAction = ListenerRuleSettings["action"];
export type ListenerRuleConditions = ListenerRuleSettings["conditions"];

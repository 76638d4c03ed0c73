/**
 * The plan for people: per stack a tree of resources (component -> children), one line each
 * within about 120 characters with the inputs that matter, listener rules in priority order,
 * the VPC's modelled children, the stack outputs, warnings, totals, failover predictions,
 * policy and cross-stack findings. Problems (stacks that could not be planned) are rendered
 * separately for stderr.
 */
import { Plan, PlanResource, StackPlan } from "./planner";
import { Palette, plain } from "./colour";

/** Lines are cut to this many characters. */
export const lineWidth = 120;
import { replacementLines } from "./replacements";
import { capacityLines, recoveryLines } from "./recoveryText";
import { controlPlaneLines } from "./controlPlaneText";

/** The inputs worth a reviewer's eye, per type; other types show every input but tags. */
const shownInputs: Readonly<Record<string, readonly string[]>> = {
    "pulumi:providers:aws": ["region"],
    "awsx:ec2:Vpc": ["cidrBlock", "numberOfAvailabilityZones", "natGateways"],
    "aws:lb/loadBalancer:LoadBalancer": ["internal", "idleTimeout", "clientKeepAlive", "enableHttp2", "desyncMitigationMode", "dropInvalidHeaderFields", "enableDeletionProtection", "accessLogs"],
    "aws:lb/listener:Listener": ["port", "protocol", "sslPolicy", "certificateArn", "defaultActions"],
    "aws:lb/listenerCertificate:ListenerCertificate": ["certificateArn"],
    "aws:lb/listenerRule:ListenerRule": ["priority", "conditions", "actions"],
    "aws:lb/targetGroup:TargetGroup": ["targetType", "port", "protocol", "healthCheck", "stickiness", "deregistrationDelay", "slowStart", "loadBalancingAlgorithmType"],
    "aws:ec2/securityGroup:SecurityGroup": ["description"],
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ["ipProtocol", "fromPort", "toPort", "cidrIpv4", "prefixListId", "referencedSecurityGroupId"],
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ["ipProtocol", "fromPort", "toPort", "cidrIpv4", "referencedSecurityGroupId"],
    "aws:s3/bucket:Bucket": [],
    "aws:s3/bucketPolicy:BucketPolicy": [],
    "aws:ec2/launchTemplate:LaunchTemplate": ["imageId", "instanceType", "metadataOptions"],
    "aws:autoscaling/group:Group": ["minSize", "maxSize", "desiredCapacity", "healthCheckType"],
    "aws:autoscaling/policy:Policy": ["policyType", "targetTrackingConfiguration"],
    "aws:route53/healthCheck:HealthCheck": [
        "type", "fqdn", "port", "resourcePath", "requestInterval", "failureThreshold", "regions", "invertHealthcheck", "disabled",
        "cloudwatchAlarmName", "cloudwatchAlarmRegion", "insufficientDataHealthStatus", "childHealthchecks", "childHealthThreshold", "routingControlArn",
    ],
    "aws:cloudwatch/dashboard:Dashboard": ["dashboardName"],
    // Metric math queries are long: the JSON plan (--json) holds them whole.
    "aws:cloudwatch/metricAlarm:MetricAlarm": ["metricName", "statistic", "period", "dimensions", "comparisonOperator", "threshold", "evaluationPeriods", "treatMissingData", "alarmActions"],
    "aws:route53/record:Record": ["name", "type", "setIdentifier", "failoverRoutingPolicies", "weightedRoutingPolicies", "latencyRoutingPolicies", "aliases"],
    "aws:globalaccelerator/accelerator:Accelerator": ["ipAddressType", "enabled"],
    "aws:globalaccelerator/listener:Listener": ["protocol", "clientAffinity", "portRanges"],
    "aws:globalaccelerator/endpointGroup:EndpointGroup": ["endpointGroupRegion", "trafficDialPercentage", "endpointConfigurations"],
    "pulumi:pulumi:StackReference": ["name"],
};

/** A value in a few characters: references and scalars as they are, lists and objects compact. */
export function compact(value: unknown): string {
    if (Array.isArray(value)) {
        return value.length === 1 ? compact(value[0]) : `[${value.map(compact).join(", ")}]`;
    }
    if (typeof value === "object" && value !== null) {
        return `{${Object.entries(value).filter(([, item]) => item !== undefined).map(([key, item]) => `${key}=${compact(item)}`).join(" ")}}`;
    }
    return String(value);
}

/** `text` cut to `width` characters, with an ellipsis when cut. */
export function fit(text: string, width: number = lineWidth): string {
    return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** `lb/LoadBalancer` for `aws:lb/loadBalancer:LoadBalancer`; components keep their token. */
function shortType(type: string): string {
    const parts = type.split(":");
    return parts.length === 3 && parts[1].includes("/") ? `${parts[1].split("/")[0]}/${parts[2]}` : type;
}

function inputsText(resource: PlanResource): string {
    const keys = shownInputs[resource.type] ?? Object.keys(resource.inputs).filter((key) => key !== "tags" && key !== "tagsAll");
    return keys
        .filter((key) => resource.inputs[key] !== undefined)
        .map((key) => `${key}=${compact(resource.inputs[key])}`)
        .join(" ");
}

function optionsText(resource: PlanResource): string {
    const options = resource.options ?? {};
    return Object.entries(options).map(([key, value]) => (value === true ? key : `${key}=${compact(value)}`)).join(" ");
}

/** Siblings in reading order: listener rules by priority, the rest by type and name. */
function bySiblingOrder(a: PlanResource, b: PlanResource): number {
    const priority = (resource: PlanResource) => (typeof resource.inputs.priority === "number" ? resource.inputs.priority : 0);
    return a.type.localeCompare(b.type) || priority(a) - priority(b) || a.name.localeCompare(b.name);
}

function tree(plan: StackPlan, palette: Palette): string[] {
    const children = new Map<string | undefined, PlanResource[]>();
    for (const resource of plan.resources) {
        children.set(resource.parent, [...(children.get(resource.parent) ?? []), resource]);
    }
    const lines: string[] = [];
    const walk = (resource: PlanResource, prefix: string, last: boolean, root: boolean) => {
        const branch = root ? "" : last ? "└─ " : "├─ ";
        const region = resource.region && resource.region !== plan.region ? ` [${resource.region}]` : "";
        const options = optionsText(resource);
        const head = `${prefix}${branch}${shortType(resource.type)} ${resource.name}${region}${resource.modelled ? " (modelled)" : ""}`;
        const line = fit([head, inputsText(resource), options ? `(${options})` : ""].filter(Boolean).join("  "));
        lines.push(resource.modelled ? palette.dim(line) : line);
        const kids = [...(children.get(resource.urn) ?? [])].sort(bySiblingOrder);
        const childPrefix = root ? prefix : `${prefix}${last ? "   " : "│  "}`;
        kids.forEach((child, index) => walk(child, childPrefix, index === kids.length - 1, false));
    };
    for (const root of children.get(undefined) ?? []) {
        walk(root, "", true, true);
    }
    return lines;
}

function totals(plan: StackPlan): string[] {
    const counts = new Map<string, number>();
    for (const resource of plan.resources.filter((item) => !item.type.startsWith("pulumi:pulumi:"))) {
        counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
    }
    return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => `  ${String(count).padStart(3)}  ${type}`);
}

function outputs(plan: StackPlan): string[] {
    return Object.entries(plan.outputs).map(([key, value]) => fit(`  ${key} = ${compact(value)}`));
}

function stackSection(plan: StackPlan, palette: Palette): string[] {
    const aws = plan.resources.filter((resource) => resource.region !== undefined && !resource.type.startsWith("pulumi:"));
    const modelled = plan.resources.filter((resource) => resource.modelled).length;
    const { dns, globalAccelerator, alarm, routingControl } = plan.failover;
    const mandatory = plan.policy.filter((finding) => finding.enforcementLevel === "mandatory").length;
    const relaxed = plan.relaxed.length === 0 ? [] : [
        `Relaxed for ${plan.environment} (production requires otherwise):`,
        ...plan.relaxed.map(({ key, requirement }) => `  ${key}: production requires ${requirement}`),
        "",
    ];
    return [
        palette.bold(`=== stack ${plan.stack} (${plan.region}, ${plan.environment}) — ${plan.resources.length} resources, ${aws.length} in AWS${modelled > 0 ? ` (${modelled} modelled)` : ""}`),
        ...tree(plan, palette),
        "",
        "Outputs:",
        ...outputs(plan),
        "",
        "Totals:",
        ...totals(plan),
        "",
        "Predicted worst-case failover:",
        `  DNS path: ${dns.totalSeconds} s (Route 53 detection ${dns.detectionSeconds} s + resolver TTL ${dns.ttlSeconds} s)`,
        `  Global Accelerator path: ${globalAccelerator.totalSeconds} s (target detection ${globalAccelerator.detectionSeconds} s + GA reaction ${globalAccelerator.reactionSeconds} s)`,
        ...(alarm ? [`  Alarm path: ${alarm.totalSeconds} s (metrics and alarm ${alarm.detectionSeconds} s + Route 53 ${alarm.route53Seconds} s + resolver TTL ${alarm.ttlSeconds} s)`] : []),
        ...(routingControl ? [`  Routing-control path: ${routingControl.totalSeconds} s after a flip (propagation ${routingControl.propagationSeconds} s + resolver TTL ${routingControl.ttlSeconds} s)`] : []),
        "",
        ...recoveryLines(plan, palette),
        ...relaxed,
        plan.policy.length === 0 ? `Policy: ${palette.green("all rules pass")}` : (mandatory > 0 ? palette.red : palette.yellow)(`Policy: ${plan.policy.length} finding(s)`),
        ...plan.policy.map((finding) => `  [${finding.enforcementLevel}] ${finding.policy} (${finding.source})${finding.urn ? ` ${finding.urn.split("::").pop()}` : ""}: ${finding.message}`),
        "",
    ];
}

/**
 * The whole plan as text.
 * @param plan the plan
 * @param palette colours
 * @default palette no colour
 */
export function renderPlan(plan: Plan, palette: Palette = plain): string {
    const errors = plan.crossStack.filter((finding) => finding.level === "error").length;
    const mandatory = plan.stacks.reduce((sum, stack) => sum + stack.policy.filter((finding) => finding.enforcementLevel === "mandatory").length, 0);
    const unplanned = plan.problems.length > 0 ? `; ${plan.problems.length} stack(s) not planned (${plan.problems.map((problem) => problem.stack).join(", ")}: see stderr)` : "";
    const warnings = plan.warnings.length === 0 ? [] : [palette.yellow("Configuration warnings:"), ...plan.warnings.map((warning) => palette.yellow(`  [warning] ${warning}`)), ""];
    return [
        ...warnings,
        ...plan.stacks.flatMap((stack) => stackSection(stack, palette)),
        palette.bold(`=== across stacks: ${plan.crossStack.length === 0 ? "all checks pass" : `${plan.crossStack.length} finding(s)`}`),
        ...plan.crossStack.map((finding) => (finding.level === "error" ? palette.red : palette.yellow)(`  [${finding.level}] ${finding.check} (${finding.environment ? `${finding.environment}: ` : ""}${finding.stacks.join(", ")}): ${finding.message}`)),
        "",
        ...capacityLines(plan),
        ...controlPlaneLines(plan, palette),
        `Deploy order: ${plan.deployOrder.join(" -> ")}  (the global stack owns the accelerator's listener that regions attach to)`,
        `Destroy order: ${plan.destroyOrder.join(" -> ")}  (AWS refuses to delete a listener that still has endpoint groups)`,
        ...replacementLines(plan),
        "",
        `Plan: ${plan.stacks.length} stack(s), ${plan.stacks.reduce((sum, stack) => sum + stack.resources.length, 0)} resources; ${mandatory} mandatory policy violation(s), ${errors} cross-stack error(s)${unplanned}.`,
    ].join("\n");
}

/** What rendering problems needs. */
export interface ProblemOptions {
    /** Print internal errors' stack traces. */
    readonly debug: boolean;
    /** Colours. */
    readonly palette: Palette;
}

/** The stacks that could not be planned, one line per problem (for stderr); "" when none. */
export function renderProblems(plan: Plan, options: ProblemOptions): string {
    return plan.problems.flatMap((problem) => [
        ...problem.messages.map((message) => (problem.kind === "skipped" ? options.palette.yellow : options.palette.red)(message)),
        ...(problem.kind === "internal" ? [options.debug && problem.trace ? problem.trace : "(run again with --debug for the stack trace; please report it)"] : []),
    ]).join("\n");
}

/**
 * The plan for people: per stack a tree of resources (component -> children) with type,
 * name, region and the inputs that matter, then totals, failover predictions, policy and
 * cross-stack findings.
 */
import { Plan, PlanResource, StackPlan } from "./planner";
import { replacementLines } from "./replacements";

/** The inputs worth a reviewer's eye, per type; other types show every input but tags. */
const shownInputs: Readonly<Record<string, readonly string[]>> = {
    "pulumi:providers:aws": ["region"],
    "awsx:ec2:Vpc": ["cidrBlock", "numberOfAvailabilityZones", "natGateways"],
    "aws:lb/loadBalancer:LoadBalancer": ["internal", "subnets", "securityGroups", "idleTimeout", "enableHttp2", "desyncMitigationMode", "dropInvalidHeaderFields", "enableDeletionProtection", "accessLogs"],
    "aws:lb/listener:Listener": ["port", "protocol", "sslPolicy", "certificateArn", "defaultActions"],
    "aws:lb/listenerCertificate:ListenerCertificate": ["listenerArn", "certificateArn"],
    "aws:lb/listenerRule:ListenerRule": ["priority", "conditions", "actions"],
    "aws:lb/targetGroup:TargetGroup": ["targetType", "port", "protocol", "healthCheck", "stickiness", "deregistrationDelay", "slowStart", "loadBalancingAlgorithmType"],
    "aws:ec2/securityGroup:SecurityGroup": ["vpcId", "description"],
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ["ipProtocol", "fromPort", "toPort", "cidrIpv4", "prefixListId", "referencedSecurityGroupId"],
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ["ipProtocol", "fromPort", "toPort", "cidrIpv4", "referencedSecurityGroupId"],
    "aws:s3/bucket:Bucket": [],
    "aws:s3/bucketPolicy:BucketPolicy": ["bucket"],
    "aws:ec2/launchTemplate:LaunchTemplate": ["imageId", "instanceType", "metadataOptions"],
    "aws:autoscaling/group:Group": ["minSize", "maxSize", "desiredCapacity", "vpcZoneIdentifiers", "targetGroupArns", "healthCheckType"],
    "aws:autoscaling/policy:Policy": ["policyType", "targetTrackingConfiguration"],
    "aws:route53/healthCheck:HealthCheck": [
        "type", "fqdn", "port", "resourcePath", "requestInterval", "failureThreshold", "regions", "invertHealthcheck", "disabled",
        "cloudwatchAlarmName", "cloudwatchAlarmRegion", "insufficientDataHealthStatus", "childHealthchecks", "childHealthThreshold", "routingControlArn",
    ],
    "aws:cloudwatch/dashboard:Dashboard": ["dashboardName"],
    // Metric math queries are long: the JSON plan (--json) holds them whole.
    "aws:cloudwatch/metricAlarm:MetricAlarm": ["metricName", "statistic", "period", "dimensions", "comparisonOperator", "threshold", "evaluationPeriods", "treatMissingData", "alarmActions"],
    "aws:route53/record:Record": ["zoneId", "name", "type", "setIdentifier", "failoverRoutingPolicies", "weightedRoutingPolicies", "latencyRoutingPolicies", "aliases", "healthCheckId"],
    "aws:globalaccelerator/accelerator:Accelerator": ["ipAddressType", "enabled"],
    "aws:globalaccelerator/listener:Listener": ["acceleratorArn", "protocol", "clientAffinity", "portRanges"],
    "aws:globalaccelerator/endpointGroup:EndpointGroup": ["listenerArn", "endpointGroupRegion", "trafficDialPercentage", "endpointConfigurations"],
    "pulumi:pulumi:StackReference": ["name"],
};

function inputsLine(resource: PlanResource): string {
    const keys = shownInputs[resource.type] ?? Object.keys(resource.inputs).filter((key) => key !== "tags" && key !== "tagsAll");
    return keys
        .filter((key) => resource.inputs[key] !== undefined)
        .map((key) => `${key}=${typeof resource.inputs[key] === "string" ? resource.inputs[key] : JSON.stringify(resource.inputs[key])}`)
        .join("  ");
}

function tree(plan: StackPlan): string[] {
    const children = new Map<string | undefined, PlanResource[]>();
    for (const resource of plan.resources) {
        children.set(resource.parent, [...(children.get(resource.parent) ?? []), resource]);
    }
    const lines: string[] = [];
    const walk = (resource: PlanResource, prefix: string, last: boolean, root: boolean) => {
        const branch = root ? "" : last ? "└─ " : "├─ ";
        lines.push(`${prefix}${branch}${resource.type} ${resource.name}${resource.region ? `  [${resource.region}]` : ""}`);
        const childPrefix = root ? prefix : `${prefix}${last ? "   " : "│  "}`;
        const details = inputsLine(resource);
        const kids = children.get(resource.urn) ?? [];
        if (details) {
            lines.push(`${childPrefix}${kids.length > 0 ? "│  " : "   "}${details}`);
        }
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

function stackSection(plan: StackPlan): string[] {
    const aws = plan.resources.filter((resource) => resource.region !== undefined && !resource.type.startsWith("pulumi:"));
    const { dns, globalAccelerator, alarm, routingControl } = plan.failover;
    const relaxed = plan.relaxed.length === 0 ? [] : [
        `Relaxed for ${plan.environment} (production requires otherwise):`,
        ...plan.relaxed.map(({ key, requirement }) => `  ${key}: production requires ${requirement}`),
        "",
    ];
    return [
        `=== stack ${plan.stack} (${plan.region}, ${plan.environment}) — ${plan.resources.length} resources, ${aws.length} in AWS`,
        ...tree(plan),
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
        ...relaxed,
        `Policy: ${plan.policy.length === 0 ? "all rules pass" : `${plan.policy.length} finding(s)`}`,
        ...plan.policy.map((finding) => `  [${finding.enforcementLevel}] ${finding.policy} (${finding.source})${finding.urn ? ` ${finding.urn.split("::").pop()}` : ""}: ${finding.message}`),
        "",
    ];
}

/** The whole plan as text. */
export function renderPlan(plan: Plan): string {
    const errors = plan.crossStack.filter((finding) => finding.level === "error").length;
    const mandatory = plan.stacks.reduce((sum, stack) => sum + stack.policy.filter((finding) => finding.enforcementLevel === "mandatory").length, 0);
    const warnings = plan.warnings.length === 0 ? [] : ["Configuration warnings:", ...plan.warnings.map((warning) => `  ${warning}`), ""];
    return [
        ...warnings,
        ...plan.stacks.flatMap(stackSection),
        `=== across stacks: ${plan.crossStack.length === 0 ? "all checks pass" : `${plan.crossStack.length} finding(s)`}`,
        ...plan.crossStack.map((finding) => `  [${finding.level}] ${finding.check} (${finding.environment ? `${finding.environment}: ` : ""}${finding.stacks.join(", ")}): ${finding.message}`),
        "",
        `Deploy order: ${plan.deployOrder.join(" -> ")}  (the global stack owns the accelerator's listener that regions attach to)`,
        `Destroy order: ${plan.destroyOrder.join(" -> ")}  (AWS refuses to delete a listener that still has endpoint groups)`,
        ...replacementLines(plan),
        "",
        `Plan: ${plan.stacks.length} stack(s), ${plan.stacks.reduce((sum, stack) => sum + stack.resources.length, 0)} resources; ${mandatory} mandatory policy violation(s), ${errors} cross-stack error(s).`,
    ].join("\n");
}

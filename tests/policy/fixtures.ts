/**
 * A small compliant stack in the neutral resource shape, in two forms: as the offline plan sees it
 * (computed values are `${name.attribute}` references) and as it looks after `pulumi up` (real
 * values). Rule tests change one property and look for the one finding that change causes.
 */
import { evaluatePolicies, PolicyFinding, PolicyOptions, PolicyResource } from "../../policy/evaluate";

/** Type tokens, written out here rather than imported, so a wrong token in the rules shows. */
export const types = {
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    listenerRule: "aws:lb/listenerRule:ListenerRule",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    targetGroupAttachment: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
    autoScalingGroup: "aws:autoscaling/group:Group",
    record: "aws:route53/record:Record",
    healthCheck: "aws:route53/healthCheck:HealthCheck",
    accelerator: "aws:globalaccelerator/accelerator:Accelerator",
    endpointGroup: "aws:globalaccelerator/endpointGroup:EndpointGroup",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    securityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    compositeAlarm: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
    topic: "aws:sns/topic:Topic",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    cluster: "aws:route53recoverycontrol/cluster:Cluster",
    routingControl: "aws:route53recoverycontrol/routingControl:RoutingControl",
    routingControlInitialState: "pulumi-nodejs:dynamic/arc:RoutingControlInitialState",
} as const;

/** The hosted zone the records live in. */
export const hostedZoneId = "Z0123456789EXAMPLE";

/** The offline plan's reference to an attribute AWS computes. */
export function ref(name: string, attribute: string): string {
    return `\${${name}.${attribute}}`;
}

/** One resource in the neutral shape. */
export function resource(type: string, name: string, props: Record<string, unknown>, region = "ap-northeast-2"): PolicyResource {
    return { urn: `urn:pulumi:test::app::${type}::${name}`, type, name, props, region };
}

/** What AWS computes for the stack's resources, by reference. */
export const computed: Readonly<Record<string, string>> = {
    [ref("web-alb", "arn")]: "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/web-alb-1a2b3c4/0123456789abcdef",
    [ref("web-alb", "dnsName")]: "web-alb-1a2b3c4-1234567890.ap-northeast-2.elb.amazonaws.com",
    [ref("web-alb", "zoneId")]: "ZWKZPGTI48KDX",
    [ref("web-tg", "arn")]: "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/web-tg-5d6e7f8/fedcba9876543210",
    [ref("web-accelerator", "dnsName")]: "a0123456789abcdef.awsglobalaccelerator.com",
    [ref("web-accelerator", "hostedZoneId")]: "Z2BJ6XQ5FK7U4H",
    [ref("web-alb", "arnSuffix")]: "app/web-alb-1a2b3c4/0123456789abcdef",
    [ref("web-alarms-topic", "arn")]: "arn:aws:sns:ap-northeast-2:123456789012:web-alarms-topic-9f8e7d6",
    [ref("web-alarms-serving-badly", "name")]: "web-alarms-serving-badly-4c5d6e7",
    [ref("web-alarms-elb-5xx", "name")]: "web-alarms-elb-5xx-8a9b0c1",
    [ref("web-health", "id")]: "11111111-1111-4111-a111-111111111111",
    [ref("web-alarm-health", "id")]: "22222222-2222-4222-a222-222222222222",
    [ref("web-combined-health", "id")]: "33333333-3333-4333-a333-333333333333",
    [ref("web-routing-control", "arn")]: "arn:aws:route53-recovery-control::123456789012:controlpanel/0123456789abcdef0123456789abcdef/routingcontrol/0123456789abcdef",
};

/** The compliant stack as the offline plan records it. */
export function plannedStack(): PolicyResource[] {
    const alias = (name: string) => [{ name: ref(name, "dnsName"), zoneId: ref(name, name.endsWith("alb") ? "zoneId" : "hostedZoneId"), evaluateTargetHealth: true }];
    return [
        resource(types.loadBalancer, "web-alb", {
            loadBalancerType: "application",
            subnets: ["subnet-0a", "subnet-0b"],
            dropInvalidHeaderFields: true,
            enableDeletionProtection: true,
            desyncMitigationMode: "defensive",
            accessLogs: { enabled: true, bucket: "web-alb-logs", prefix: "web-alb" },
        }),
        resource(types.listener, "web-alb-http", {
            loadBalancerArn: ref("web-alb", "arn"), port: 80, protocol: "HTTP",
            defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
        }),
        resource(types.listener, "web-alb-https", {
            loadBalancerArn: ref("web-alb", "arn"), port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
            certificateArn: "arn:aws:acm:ap-northeast-2:111122223333:certificate/0f3c1a9e", defaultActions: [{ type: "forward", targetGroupArn: ref("web-tg", "arn") }],
        }),
        resource(types.targetGroup, "web-tg", {
            port: 80, protocol: "HTTP", healthCheck: { enabled: true, path: "/health", interval: 10, timeout: 5, healthyThreshold: 3, unhealthyThreshold: 2 },
        }),
        resource(types.autoScalingGroup, "web-fleet", { minSize: 2, maxSize: 4, targetGroupArns: [ref("web-tg", "arn")] }),
        resource(types.healthCheck, "web-health", {
            type: "HTTPS", fqdn: ref("web-alb", "dnsName"), regions: ["ap-northeast-1", "ap-southeast-1", "ap-southeast-2"], disabled: false,
        }),
        resource(types.topic, "web-alarms-topic", {}),
        resource(types.subscription, "web-alarms-notify", { topic: ref("web-alarms-topic", "arn"), protocol: "email", endpoint: "ops@example.com" }),
        resource(types.metricAlarm, "web-alarms-serving-badly", {
            comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1, evaluationPeriods: 3, alarmActions: [ref("web-alarms-topic", "arn")],
            metricQueries: [
                { id: "requests", returnData: false, metric: { namespace: "AWS/ApplicationELB", metricName: "RequestCount", stat: "Sum", period: 60, dimensions: { LoadBalancer: ref("web-alb", "arnSuffix") } } },
                { id: "errors", returnData: false, metric: { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", stat: "Sum", period: 60, dimensions: { LoadBalancer: ref("web-alb", "arnSuffix") } } },
                { id: "bad", returnData: true, expression: "IF(errors / requests > 0.05, 1, 0)" },
            ],
        }),
        resource(types.metricAlarm, "web-alarms-elb-5xx", {
            namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", statistic: "Sum", period: 60, dimensions: { LoadBalancer: ref("web-alb", "arnSuffix") },
            comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 10, evaluationPeriods: 6, datapointsToAlarm: 2, treatMissingData: "notBreaching",
            alarmActions: [ref("web-alarms-topic", "arn")],
        }),
        resource(types.healthCheck, "web-alarm-health", {
            type: "CLOUDWATCH_METRIC", cloudwatchAlarmName: ref("web-alarms-elb-5xx", "name"), cloudwatchAlarmRegion: "ap-northeast-2", insufficientDataHealthStatus: "LastKnownStatus",
        }),
        resource(types.healthCheck, "web-combined-health", {
            type: "CALCULATED", childHealthchecks: [ref("web-health", "id"), ref("web-alarm-health", "id")], childHealthThreshold: 2,
        }),
        resource(types.record, "web-failover", {
            zoneId: hostedZoneId, name: "app", type: "A", setIdentifier: "ap-northeast-2", failoverRoutingPolicies: [{ type: "PRIMARY" }], aliases: alias("web-alb"),
            healthCheckId: ref("web-combined-health", "id"),
        }),
        resource(types.accelerator, "web-accelerator", { enabled: true, ipAddressType: "IPV4" }, "us-west-2"),
        resource(types.record, "web-global", { zoneId: hostedZoneId, name: "global", type: "A", aliases: alias("web-accelerator") }),
        resource(types.endpointGroup, "web-endpoints", {
            endpointGroupRegion: "ap-northeast-2", endpointConfigurations: [{ endpointId: ref("web-alb", "arn"), weight: 128, clientIpPreservationEnabled: true }],
        }, "us-west-2"),
    ];
}

/** Replaces every reference in `value` by what AWS computed. */
function substitute(value: unknown): unknown {
    if (typeof value === "string") {
        return computed[value] ?? value;
    }
    if (Array.isArray(value)) {
        return value.map(substitute);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item)]));
    }
    return value;
}

/** The stack after `pulumi up`: real values, and each resource's own computed attributes among its props. */
export function deployedStack(resources: PolicyResource[] = plannedStack()): PolicyResource[] {
    return resources.map((item) => {
        const own = Object.entries(computed)
            .filter(([reference]) => reference.startsWith(`\${${item.name}.`))
            .map(([reference, value]) => [reference.slice(item.name.length + 3, -1), value]);
        return { ...item, props: { ...(substitute(item.props) as Record<string, unknown>), ...Object.fromEntries(own) } };
    });
}

/** `resources` with `changes` merged into the props of the resource called `name` (undefined removes a prop). */
export function changed(resources: PolicyResource[], name: string, changes: Record<string, unknown>): PolicyResource[] {
    if (!resources.some((item) => item.name === name)) {
        throw new Error(`no resource ${name} in the fixture`);
    }
    return resources.map((item) => item.name !== name ? item : {
        ...item,
        props: Object.fromEntries(Object.entries({ ...item.props, ...changes }).filter(([, value]) => value !== undefined)),
    });
}

/**
 * The planned stack with a security group on its ALB whose separate ingress rules admit `cidrs`
 * on 443, and its accelerator endpoint's client IP preservation set to `preserve`
 * (accelerator-traffic-admitted).
 * @param cidrs one ingress rule (web-alb-sg-in-N) per CIDR block
 * @param preserve the endpoint's clientIpPreservationEnabled
 * @param albChanges more changes to the ALB (e.g. internal, or securityGroups)
 */
export function guardedAlb(cidrs: readonly string[], preserve: boolean, albChanges: Record<string, unknown> = {}): PolicyResource[] {
    return [
        ...changed(changed(plannedStack(), "web-alb", { securityGroups: [ref("web-alb-sg", "id")], ...albChanges }), "web-endpoints", {
            endpointConfigurations: [{ endpointId: ref("web-alb", "arn"), weight: 128, clientIpPreservationEnabled: preserve }],
        }),
        resource(types.securityGroup, "web-alb-sg", { vpcId: "vpc-0a1b2c3d4e5f60718" }),
        ...cidrs.map((cidr, index) => resource(types.securityGroupIngressRule, `web-alb-sg-in-${index}`, {
            securityGroupId: ref("web-alb-sg", "id"), ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: cidr,
        })),
    ];
}

/** The findings of one policy. */
export function findingsOf(policy: string, resources: PolicyResource[], options?: PolicyOptions): PolicyFinding[] {
    return evaluatePolicies(resources, options).filter((finding) => finding.policy === policy);
}

/** The one finding of `policy`; fails the test when there is not exactly one. */
export function onlyFinding(policy: string, resources: PolicyResource[], options?: PolicyOptions): PolicyFinding {
    const found = findingsOf(policy, resources, options);
    if (found.length !== 1) {
        throw new Error(`expected one ${policy} finding, got ${found.length}: ${JSON.stringify(found, null, 1)}`);
    }
    return found[0];
}

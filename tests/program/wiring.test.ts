/**
 * Every configuration key reaches its resource. The keys come from the schema (a key added to
 * config/schema.ts without a line here fails the first test); each is set to a valid value other
 * than the base's, the program runs under the recording mocks, and the test asserts that the
 * input the key is documented to set now holds that value and did not before. Values are
 * compared with literals written here, never with the mocks' own tables.
 */
import { expect } from "chai";
import { z } from "zod";
import { configSchema, groupSchemas, listenerRuleSchema, targetGroupSchema } from "../../config/schema";
import { readProject } from "../../config/stackFiles";
import { PlannedResource, runStack } from "../../offline/runStack";
import { OfflineWorld } from "../../offline/awsMocks";

const files = readProject(`${__dirname}/../fixtures/two-regions`);
const certificate = "arn:aws:acm:ap-northeast-2:111122223333:certificate/0f3c1a9e-5d2b-4c6a-9b7e-2a1d4c5e6f70";
const otherCertificate = "arn:aws:acm:ap-northeast-2:111122223333:certificate/7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e";
const globalListener = "arn:aws:globalaccelerator::123456789012:accelerator/0f0e0d0c-0000-4000-8000-000000000001/listener/0a0b0c0d";
const otherListener = "arn:aws:globalaccelerator::123456789012:accelerator/0f0e0d0c-0000-4000-8000-000000000002/listener/0e0f0a0b";
const controlPanel = "arn:aws:route53-recovery-control::123456789012:controlpanel/0123456789abcdef0123456789abcdef";
const seoulControl = `${controlPanel}/routingcontrol/0a0b0c0d0e0f0a0b`;
const otherSeoulControl = `${controlPanel}/routingcontrol/0f0e0d0c0b0a0f0e`;
/** The `observability` output of a deployed Tokyo stack, as the dashboard's owner reads it. */
const tokyoObservability = {
    stack: "tokyo", region: "ap-northeast-1", albArnSuffix: "app/tokyo-alb/50dc6c495c0c9188",
    targetGroups: { web: "targetgroup/tokyo-alb-tg-web/73e2d6bc24d8a067" }, healthChecks: { endpoint: "0f0e0d0c-1111-4222-8333-944455556666" }, accelerator: false,
};
const world: OfflineWorld = {
    hostedZones: { "example.com": "Z0123456789EXAMPLE", "example.org": "Z0ORGEXAMPLE000000" },
    vpcs: { "vpc-0a1b2c3d4e5f60718": "172.31.0.0/16" },
    stackOutputs: {
        "organization/app/global": { globalAcceleratorListenerArn: globalListener },
        "organization/app/global-blue": { globalAcceleratorListenerArn: otherListener },
        // Routing-control owners: their controls by region, what a member's StackReference reads.
        "organization/app/arc": { routingControlArns: { "ap-northeast-2": seoulControl, "ap-northeast-1": `${controlPanel}/routingcontrol/1a1b1c1d1e1f1a1b` } },
        "organization/app/arc-blue": { routingControlArns: { "ap-northeast-2": otherSeoulControl } },
        "organization/app/tokyo": { observability: tokyoObservability },
    },
};

const rule = { priority: 10, conditions: { pathPatterns: ["/api/*"] }, action: { type: "forward", targetGroup: "web" } };
/** The base: HTTPS, DNS with every record, joining the global stack's accelerator, one listener rule, the fleet in both groups. */
const regionalBase: Record<string, unknown> = {
    "aws:region": "ap-northeast-2",
    "alb.certificateArn": certificate,
    "dns.zoneName": "example.com",
    "dns.failoverRole": "PRIMARY",
    "globalAccelerator.enabled": true,
    "globalAccelerator.globalStack": "organization/app/global",
    targetGroups: { web: {}, api: {} },
    "fleet.targetGroups": ["web", "api"],
    listenerRules: { api: rule },
};
/** The global stack's base: the accelerator, its listener and its record. */
const globalBase: Record<string, unknown> = {
    "aws:region": "us-west-2",
    scope: "global",
    "dns.zoneName": "example.com",
    "globalAccelerator.enabled": true,
    "globalAccelerator.ports": [80, 443],
    "globalAccelerator.recordName": "global",
};
/** DNS off: no health check reads the target groups, so groups without targets are allowed. */
const noDns = { "dns.zoneName": "", "dns.failoverRole": "" };

type Resources = readonly PlannedResource[];
/** Reads the input a key sets from a run's resources. */
type Reader = (resources: Resources) => unknown;

/** The inputs of the resource `name` of `type`, or undefined when the run has none. */
function inputsOf(resources: Resources, type: string, name: string): Record<string, unknown> | undefined {
    return resources.find((resource) => resource.type === type && resource.name === name)?.inputs;
}

const t = {
    alb: "aws:lb/loadBalancer:LoadBalancer", https: "aws:lb/listener:Listener", tg: "aws:lb/targetGroup:TargetGroup", rule: "aws:lb/listenerRule:ListenerRule",
    vpc: "awsx:ec2:Vpc", sg: "aws:ec2/securityGroup:SecurityGroup", ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    bucket: "aws:s3/bucket:Bucket", lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", cert: "aws:lb/listenerCertificate:ListenerCertificate",
    asg: "aws:autoscaling/group:Group", lt: "aws:ec2/launchTemplate:LaunchTemplate", policy: "aws:autoscaling/policy:Policy", check: "aws:route53/healthCheck:HealthCheck",
    record: "aws:route53/record:Record", ga: "aws:globalaccelerator/accelerator:Accelerator", gaListener: "aws:globalaccelerator/listener:Listener",
    endpoints: "aws:globalaccelerator/endpointGroup:EndpointGroup", reference: "pulumi:pulumi:StackReference",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm", subscription: "aws:sns/topicSubscription:TopicSubscription", dashboard: "aws:cloudwatch/dashboard:Dashboard",
    cluster: "aws:route53recoverycontrol/cluster:Cluster", control: "aws:route53recoverycontrol/routingControl:RoutingControl", safetyRule: "aws:route53recoverycontrol/safetyRule:SafetyRule",
} as const;

const input = (type: string, name: string, ...path: (string | number)[]): Reader => (resources) =>
    path.reduce<unknown>((value, key) => (value as Record<string | number, unknown> | undefined)?.[key], inputsOf(resources, type, name));
const exists = (type: string, name: string): Reader => (resources) => inputsOf(resources, type, name) !== undefined;
const ingressSources = (field: "cidrIpv4" | "prefixListId"): Reader => (resources) =>
    [...new Set(resources.filter((resource) => resource.type === t.ingress && resource.name.startsWith("seoul-alb-sg")).map((resource) => resource.inputs[field]).filter(Boolean))].sort();
const ruleWith = (changes: Record<string, unknown>) => ({ listenerRules: { api: { ...rule, ...changes } } });
const ruleInput = (...path: (string | number)[]) => input(t.rule, "seoul-alb-rule-api", ...path);
const webGroup = (changes: Record<string, unknown>, others: Record<string, unknown> = {}) => ({ targetGroups: { web: changes, api: {} }, ...others });
const tgInput = (...path: string[]) => input(t.tg, "seoul-alb-tg-web", ...path);
// Neither Route 53 nor the accelerator may check an ALB whose routed target groups stay empty.
const noFleet = { "fleet.enabled": false, "globalAccelerator.enabled": false, ...noDns };

const ofType = (resources: Resources, type: string) => resources.filter((resource) => resource.type === type);
const distinct = (values: unknown[]) => [...new Set(values)];
interface MetricQuery { id?: string; expression?: string; metric?: { period?: number } }
const alarmInput = (alarm: string, ...path: (string | number)[]) => input(t.alarm, `seoul-alarms-${alarm}`, ...path);
/** The periods of every alarm: its own, or those of its math expression's metrics (so one without a period shows as undefined). */
const alarmPeriods: Reader = (resources) => distinct(ofType(resources, t.alarm).flatMap((alarm) => {
    const queries = alarm.inputs.metricQueries as MetricQuery[] | undefined;
    return queries ? queries.filter((query) => query.metric).map((query) => query.metric?.period) : [alarm.inputs.period];
}));
/** The number a serving-badly expression compares with, found by `pattern` in the expression of query `id`. */
const servingBadlyNumber = (id: string, pattern: RegExp): Reader => (resources) => {
    const query = (alarmInput("serving-badly", "metricQueries")(resources) as MetricQuery[] | undefined)?.find((candidate) => candidate.id === id);
    const match = pattern.exec(query?.expression ?? "");
    return match ? Number(match[1]) : undefined;
};
/** The alarms Route 53 follows: each CLOUDWATCH_METRIC check's alarm name, as the logical name of the run's alarm by that name. */
const followedAlarms: Reader = (resources) => ofType(resources, t.check).filter((check) => check.inputs.type === "CLOUDWATCH_METRIC")
    .map((check) => ofType(resources, t.alarm).find((alarm) => alarm.state.name === check.inputs.cloudwatchAlarmName)?.name);
const controlCheck = (...path: string[]) => input(t.check, "seoul-region-health-control", ...path);
const member = (ownerStack: string) => ({ "routingControls.enabled": true, "routingControls.ownerStack": ownerStack });
const owner = (regions: string[], others: Record<string, unknown> = {}) => ({ "routingControls.enabled": true, "routingControls.owner": true, "routingControls.regions": regions, ...others });
interface Widget { y: number; properties: { title: string; region: string; metrics: unknown[][] } }
/** The dashboard's first row (requests), one widget per stack shown: `field` of each. */
const requestWidgets = (field: "title" | "region"): Reader => (resources) => {
    const body = input(t.dashboard, "seoul-dashboard", "dashboardBody")(resources);
    const widgets = typeof body === "string" ? (JSON.parse(body) as { widgets: Widget[] }).widgets : [];
    return widgets.filter((widget) => widget.y === 0).map((widget) => widget.properties[field]);
};

/** key -> [the changes that set it (with what it needs), where it lands, the value expected there]. */
const wiring: Record<string, [Record<string, unknown>, Reader, unknown]> = {
    "environment": [{ environment: "dev" }, input(t.alb, "seoul-alb", "tags", "app:environment"), "dev"],
    "tags": [{ tags: { team: "payments" } }, input(t.alb, "seoul-alb", "tags", "team"), "payments"],
    "network.vpcId": [{ "network.vpcId": "vpc-0a1b2c3d4e5f60718", "network.publicSubnetIds": ["subnet-a", "subnet-b"], "network.privateSubnetIds": ["subnet-c", "subnet-d"] }, input(t.sg, "seoul-alb-sg", "vpcId"), "vpc-0a1b2c3d4e5f60718"],
    "network.publicSubnetIds": [{ "network.vpcId": "vpc-0a1b2c3d4e5f60718", "network.publicSubnetIds": ["subnet-a", "subnet-b"], "network.privateSubnetIds": ["subnet-c", "subnet-d"] }, input(t.alb, "seoul-alb", "subnets"), ["subnet-a", "subnet-b"]],
    "network.privateSubnetIds": [{ "network.vpcId": "vpc-0a1b2c3d4e5f60718", "network.publicSubnetIds": ["subnet-a", "subnet-b"], "network.privateSubnetIds": ["subnet-c", "subnet-d"] }, input(t.asg, "seoul-fleet", "vpcZoneIdentifiers"), ["subnet-c", "subnet-d"]],
    "network.cidr": [{ "network.cidr": "10.7.0.0/16" }, input(t.vpc, "seoul-network-vpc", "cidrBlock"), "10.7.0.0/16"],
    "network.availabilityZones": [{ "network.availabilityZones": 2 }, input(t.vpc, "seoul-network-vpc", "numberOfAvailabilityZones"), 2],
    "network.natGateways": [{ "network.natGateways": "none" }, input(t.vpc, "seoul-network-vpc", "natGateways", "strategy"), "None"],
    "alb.internal": [{ "alb.internal": true, ...noDns }, input(t.alb, "seoul-alb", "internal"), true],
    "alb.ingressCidrs": [{ "alb.ingressCidrs": ["198.51.100.0/24"], "globalAccelerator.clientIpPreservation": true }, ingressSources("cidrIpv4"), ["198.51.100.0/24"]],
    "alb.ingressPrefixListIds": [{ "alb.ingressPrefixListIds": ["pl-0123456789abcdef0"], "globalAccelerator.clientIpPreservation": true }, ingressSources("prefixListId"), ["pl-0123456789abcdef0"]],
    "alb.idleTimeoutSeconds": [{ "alb.idleTimeoutSeconds": 29 }, input(t.alb, "seoul-alb", "idleTimeout"), 29],
    // With the idle timeout shorter, so the two together still fit the recovery objective (config/rules/connections.ts).
    "alb.clientKeepAliveSeconds": [{ "alb.clientKeepAliveSeconds": 70, "alb.idleTimeoutSeconds": 20 }, input(t.alb, "seoul-alb", "clientKeepAlive"), 70],
    "alb.http2": [{ "alb.http2": false }, input(t.alb, "seoul-alb", "enableHttp2"), false],
    "alb.desyncMitigationMode": [{ "alb.desyncMitigationMode": "strictest" }, input(t.alb, "seoul-alb", "desyncMitigationMode"), "strictest"],
    "alb.dropInvalidHeaderFields": [{ "alb.dropInvalidHeaderFields": false }, input(t.alb, "seoul-alb", "dropInvalidHeaderFields"), false],
    "alb.deletionProtection": [{ "alb.deletionProtection": false, environment: "dev" }, input(t.alb, "seoul-alb", "enableDeletionProtection"), false],
    "alb.accessLogs": [{ "alb.accessLogs": false }, exists(t.bucket, "seoul-alb-logs"), false],
    "alb.accessLogsBucket": [{ "alb.accessLogsBucket": "existing-logs" }, input(t.alb, "seoul-alb", "accessLogs", "bucket"), "existing-logs"],
    "alb.accessLogsRetentionDays": [{ "alb.accessLogsRetentionDays": 91 }, input(t.lifecycle, "seoul-alb-logs-expiry", "rules", 0, "expiration", "days"), 91],
    "alb.accessLogsForceDestroy": [{ "alb.accessLogsForceDestroy": true, environment: "dev" }, input(t.bucket, "seoul-alb-logs", "forceDestroy"), true],
    "alb.certificateArn": [{ "alb.certificateArn": otherCertificate }, input(t.https, "seoul-alb-https", "certificateArn"), otherCertificate],
    "alb.sniCertificateArns": [{ "alb.sniCertificateArns": [otherCertificate] }, input(t.cert, "seoul-alb-sni-7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e", "certificateArn"), otherCertificate],
    "alb.sslPolicy": [{ "alb.sslPolicy": "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06" }, input(t.https, "seoul-alb-https", "sslPolicy"), "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06"],
    "alb.defaultTargetGroup": [{ "alb.defaultTargetGroup": "api" }, (resources) => /targetgroup\/seoul-alb-tg-api-/.test(String(input(t.https, "seoul-alb-https", "defaultActions", 0, "targetGroupArn")(resources))), true],
    "fleet.enabled": [noFleet, exists(t.asg, "seoul-fleet"), false],
    "fleet.targetGroups": [{ "fleet.targetGroups": ["web"], listenerRules: {} }, (resources) => (input(t.asg, "seoul-fleet", "targetGroupArns")(resources) as string[]).map((arn) => /tg-(\w+)-/.exec(arn)?.[1]), ["web"]],
    "fleet.amiId": [{ "fleet.amiId": "ami-0123456789abcdef0" }, input(t.lt, "seoul-fleet-lt", "imageId"), "ami-0123456789abcdef0"],
    "fleet.instanceType": [{ "fleet.instanceType": "t3.small" }, input(t.lt, "seoul-fleet-lt", "instanceType"), "t3.small"],
    "fleet.amiParameter": [{ "fleet.amiParameter": "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64" }, (resources) => input(t.lt, "seoul-fleet-lt", "imageId")(resources) !== baseImage, true],
    "fleet.minSize": [{ "fleet.minSize": 1 }, input(t.asg, "seoul-fleet", "minSize"), 1],
    "fleet.maxSize": [{ "fleet.maxSize": 5 }, input(t.asg, "seoul-fleet", "maxSize"), 5],
    "fleet.desiredCapacity": [{ "fleet.desiredCapacity": 3 }, input(t.asg, "seoul-fleet", "desiredCapacity"), 3],
    "fleet.requestsPerTarget": [{ "fleet.requestsPerTarget": 500 }, input(t.policy, "seoul-fleet-requests", "targetTrackingConfiguration", "targetValue"), 500],
    // auto picks the only protocol the ALB allows (HTTPS with a certificate): without one, HTTP is the only valid choice.
    "healthCheck.protocol": [{ "healthCheck.protocol": "HTTP", "alb.certificateArn": "", "globalAccelerator.ports": [] }, input(t.check, "seoul-health", "type"), "HTTP"],
    "healthCheck.path": [{ "healthCheck.path": "/ready" }, input(t.check, "seoul-health", "resourcePath"), "/ready"],
    "healthCheck.requestInterval": [{ "healthCheck.requestInterval": 30 }, input(t.check, "seoul-health", "requestInterval"), 30],
    "healthCheck.failureThreshold": [{ "healthCheck.failureThreshold": 2 }, input(t.check, "seoul-health", "failureThreshold"), 2],
    "healthCheck.regions": [{ "healthCheck.regions": ["us-east-1", "us-west-1", "us-west-2"] }, input(t.check, "seoul-health", "regions"), ["us-east-1", "us-west-1", "us-west-2"]],
    "healthCheck.inverted": [{ "healthCheck.inverted": true }, input(t.check, "seoul-health", "invertHealthcheck"), true],
    "dns.zoneName": [{ "dns.zoneName": "example.org" }, input(t.record, "seoul-records-failover", "zoneId"), "Z0ORGEXAMPLE000000"],
    "dns.zoneId": [{ "dns.zoneName": "", "dns.zoneId": "Z0ORGEXAMPLE000000" }, input(t.record, "seoul-records-weighted", "zoneId"), "Z0ORGEXAMPLE000000"],
    "dns.failover": [{ "dns.failover": false, "dns.failoverRole": "" }, exists(t.record, "seoul-records-failover"), false],
    "dns.failoverName": [{ "dns.failoverName": "www" }, input(t.record, "seoul-records-failover", "name"), "www"],
    "dns.failoverRole": [{ "dns.failoverRole": "SECONDARY" }, input(t.record, "seoul-records-failover", "failoverRoutingPolicies", 0, "type"), "SECONDARY"],
    "dns.weighted": [{ "dns.weighted": false }, exists(t.record, "seoul-records-weighted"), false],
    "dns.weightedName": [{ "dns.weightedName": "split" }, input(t.record, "seoul-records-weighted", "name"), "split"],
    "dns.weight": [{ "dns.weight": 7 }, input(t.record, "seoul-records-weighted", "weightedRoutingPolicies", 0, "weight"), 7],
    "dns.latency": [{ "dns.latency": false }, exists(t.record, "seoul-records-latency"), false],
    "dns.latencyName": [{ "dns.latencyName": "near" }, input(t.record, "seoul-records-latency", "name"), "near"],
    "globalAccelerator.enabled": [{ "globalAccelerator.enabled": false, "globalAccelerator.globalStack": "" }, exists(t.endpoints, "seoul-endpoints"), false],
    "globalAccelerator.globalStack": [{ "globalAccelerator.globalStack": "organization/app/global-blue" }, input(t.endpoints, "seoul-endpoints", "listenerArn"), otherListener],
    "scope": [{ ...globalBase }, exists(t.ga, "seoul-accelerator"), true],
    "globalAccelerator.ports": [{ ...globalBase, "globalAccelerator.ports": [443] }, input(t.gaListener, "seoul-accelerator-tcp", "portRanges"), [{ fromPort: 443, toPort: 443 }]],
    "globalAccelerator.clientAffinity": [{ ...globalBase, "globalAccelerator.clientAffinity": "NONE" }, input(t.gaListener, "seoul-accelerator-tcp", "clientAffinity"), "NONE"],
    "globalAccelerator.recordName": [{ ...globalBase, "globalAccelerator.recordName": "edge" }, input(t.record, "seoul-accelerator-record", "name"), "edge"],
    "globalAccelerator.endpointWeight": [{ "globalAccelerator.endpointWeight": 5 }, input(t.endpoints, "seoul-endpoints", "endpointConfigurations", 0, "weight"), 5],
    "globalAccelerator.trafficDial": [{ "globalAccelerator.trafficDial": 50 }, input(t.endpoints, "seoul-endpoints", "trafficDialPercentage"), 50],
    "globalAccelerator.clientIpPreservation": [{ "globalAccelerator.clientIpPreservation": true, ...noDns }, input(t.endpoints, "seoul-endpoints", "endpointConfigurations", 0, "clientIpPreservationEnabled"), true],
    "drill.simulateOutage": [{ "drill.simulateOutage": true }, (resources) => [input(t.check, "seoul-health", "invertHealthcheck")(resources), input(t.endpoints, "seoul-endpoints", "trafficDialPercentage")(resources)], [true, 0]],
    "targetGroups.targetType": [webGroup({ targetType: "ip" }, noFleet), tgInput("targetType"), "ip"],
    "targetGroups.protocol": [webGroup({ protocol: "HTTPS" }, noFleet), tgInput("protocol"), "HTTPS"],
    "targetGroups.port": [webGroup({ port: 8080 }, { "targetGroups": { web: { port: 8080 }, api: { port: 8080 } } }), tgInput("port"), 8080],
    "targetGroups.healthCheck.path": [webGroup({ healthCheck: { path: "/live" } }), tgInput("healthCheck", "path"), "/live"],
    "targetGroups.healthCheck.matcher": [webGroup({ healthCheck: { matcher: "200-299" } }), tgInput("healthCheck", "matcher"), "200-299"],
    "targetGroups.healthCheck.intervalSeconds": [webGroup({ healthCheck: { intervalSeconds: 20 } }), tgInput("healthCheck", "interval"), 20],
    "targetGroups.healthCheck.timeoutSeconds": [webGroup({ healthCheck: { timeoutSeconds: 6 } }), tgInput("healthCheck", "timeout"), 6],
    "targetGroups.healthCheck.healthyThreshold": [webGroup({ healthCheck: { healthyThreshold: 4 } }), tgInput("healthCheck", "healthyThreshold"), 4],
    "targetGroups.healthCheck.unhealthyThreshold": [webGroup({ healthCheck: { unhealthyThreshold: 3 } }), tgInput("healthCheck", "unhealthyThreshold"), 3],
    "targetGroups.stickiness.type": [webGroup({ stickiness: { type: "app_cookie", cookieName: "session" } }), tgInput("stickiness", "type"), "app_cookie"],
    "targetGroups.stickiness.durationSeconds": [webGroup({ stickiness: { type: "lb_cookie", durationSeconds: 120 } }), tgInput("stickiness", "cookieDuration"), 120],
    "targetGroups.stickiness.cookieName": [webGroup({ stickiness: { type: "app_cookie", cookieName: "session" } }), tgInput("stickiness", "cookieName"), "session"],
    "targetGroups.deregistrationDelaySeconds": [webGroup({ deregistrationDelaySeconds: 31 }), tgInput("deregistrationDelay"), 31],
    "targetGroups.slowStartSeconds": [webGroup({ slowStartSeconds: 30 }), tgInput("slowStart"), 30],
    "targetGroups.algorithm": [webGroup({ algorithm: "least_outstanding_requests" }), tgInput("loadBalancingAlgorithmType"), "least_outstanding_requests"],
    "listenerRules.priority": [ruleWith({ priority: 11 }), ruleInput("priority"), 11],
    "listenerRules.conditions.hostHeaders": [ruleWith({ conditions: { hostHeaders: ["api.example.com"] } }), ruleInput("conditions", 0, "hostHeader", "values"), ["api.example.com"]],
    "listenerRules.conditions.pathPatterns": [ruleWith({ conditions: { pathPatterns: ["/v2/*"] } }), ruleInput("conditions", 0, "pathPattern", "values"), ["/v2/*"]],
    "listenerRules.conditions.httpHeaders": [ruleWith({ conditions: { httpHeaders: { "X-Env": ["blue"] } } }), ruleInput("conditions", 0, "httpHeader"), { httpHeaderName: "X-Env", values: ["blue"] }],
    "listenerRules.conditions.httpMethods": [ruleWith({ conditions: { httpMethods: ["POST"] } }), ruleInput("conditions", 0, "httpRequestMethod", "values"), ["POST"]],
    "listenerRules.conditions.queryStrings.key": [ruleWith({ conditions: { queryStrings: [{ key: "debug", value: "1" }] } }), ruleInput("conditions", 0, "queryStrings", 0, "key"), "debug"],
    "listenerRules.conditions.queryStrings.value": [ruleWith({ conditions: { queryStrings: [{ value: "on" }] } }), ruleInput("conditions", 0, "queryStrings", 0, "value"), "on"],
    "listenerRules.conditions.sourceIps": [ruleWith({ conditions: { sourceIps: ["203.0.113.0/24"] } }), ruleInput("conditions", 0, "sourceIp", "values"), ["203.0.113.0/24"]],
    "listenerRules.action.type": [ruleWith({ action: { type: "fixedResponse" } }), ruleInput("actions", 0, "type"), "fixed-response"],
    "listenerRules.action.targetGroup": [ruleWith({ action: { type: "forward", targetGroup: "api" } }), (resources) => /tg-api-/.test(String(ruleInput("actions", 0, "targetGroupArn")(resources))), true],
    "listenerRules.action.targetGroups": [ruleWith({ action: { type: "weightedForward", targetGroups: { web: 3, api: 1 } } }), (resources) => (ruleInput("actions", 0, "forward", "targetGroups")(resources) as { weight: number }[] | undefined)?.map((group) => group.weight), [3, 1]],
    "listenerRules.action.stickinessSeconds": [ruleWith({ action: { type: "weightedForward", targetGroups: { web: 1 }, stickinessSeconds: 60 } }), ruleInput("actions", 0, "forward", "stickiness", "duration"), 60],
    "listenerRules.action.statusCode": [ruleWith({ action: { type: "redirect", statusCode: "HTTP_302" } }), ruleInput("actions", 0, "redirect", "statusCode"), "HTTP_302"],
    "listenerRules.action.protocol": [ruleWith({ action: { type: "redirect", protocol: "HTTPS" } }), ruleInput("actions", 0, "redirect", "protocol"), "HTTPS"],
    "listenerRules.action.host": [ruleWith({ action: { type: "redirect", host: "example.org" } }), ruleInput("actions", 0, "redirect", "host"), "example.org"],
    "listenerRules.action.port": [ruleWith({ action: { type: "redirect", port: "8443" } }), ruleInput("actions", 0, "redirect", "port"), "8443"],
    "listenerRules.action.path": [ruleWith({ action: { type: "redirect", path: "/new" } }), ruleInput("actions", 0, "redirect", "path"), "/new"],
    "listenerRules.action.query": [ruleWith({ action: { type: "redirect", query: "a=1" } }), ruleInput("actions", 0, "redirect", "query"), "a=1"],
    "listenerRules.action.contentType": [ruleWith({ action: { type: "fixedResponse", contentType: "text/html" } }), ruleInput("actions", 0, "fixedResponse", "contentType"), "text/html"],
    "listenerRules.action.messageBody": [ruleWith({ action: { type: "fixedResponse", messageBody: "gone" } }), ruleInput("actions", 0, "fixedResponse", "messageBody"), "gone"],
    "listenerRules.action.fixedResponse.statusCode": [ruleWith({ action: { type: "fixedResponse", statusCode: "404" } }), ruleInput("actions", 0, "fixedResponse", "statusCode"), "404"],
    "alarms.enabled": [{ "alarms.enabled": false }, exists(t.alarm, "seoul-alarms-serving-badly"), false],
    "alarms.periodSeconds": [{ "alarms.periodSeconds": 300 }, alarmPeriods, [300]],
    "alarms.evaluationPeriods": [{ "alarms.evaluationPeriods": 4 }, (resources) => distinct(ofType(resources, t.alarm).map((alarm) => alarm.inputs.datapointsToAlarm)), [4]],
    // EvaluationPeriods = breaching periods (2 by default) + hold-down - 1.
    "alarms.holdDownPeriods": [{ "alarms.holdDownPeriods": 9 }, (resources) => distinct(ofType(resources, t.alarm).map((alarm) => alarm.inputs.evaluationPeriods)), [10]],
    "alarms.elb5xxPerPeriod": [{ "alarms.elb5xxPerPeriod": 77 }, alarmInput("elb-5xx", "threshold"), 77],
    "alarms.target5xxPerPeriod": [{ "alarms.target5xxPerPeriod": 78 }, alarmInput("target-5xx", "threshold"), 78],
    "alarms.errorRatePercent": [{ "alarms.errorRatePercent": 12.5 }, servingBadlyNumber("errorsbad", /errorshare > ([\d.]+)/), 12.5],
    "alarms.minimumRequests": [{ "alarms.minimumRequests": 500 }, servingBadlyNumber("errorsbad", /FILL\(requests, 0\) >= (\d+)/), 500],
    "alarms.minimumHealthyHosts": [{ "alarms.minimumHealthyHosts": 3 }, (resources) => [alarmInput("healthy-hosts-web", "threshold")(resources), alarmInput("healthy-hosts-api", "threshold")(resources), servingBadlyNumber("hostsbad", /\) < (\d+), 1, 0\)$/)(resources)], [3, 3, 3]],
    "alarms.targetResponseTimeSeconds": [{ "alarms.targetResponseTimeSeconds": 0.75 }, alarmInput("latency", "threshold"), 0.75],
    "alarms.rejectedConnections": [{ "alarms.rejectedConnections": 9 }, alarmInput("rejected-connections", "threshold"), 9],
    "alarms.healthCheck": [{ "alarms.healthCheck": false }, exists(t.check, "seoul-region-health-alarm-elb-5xx"), false],
    "alarms.followed": [{ "alarms.followed": ["latency", "healthy-hosts-api"] }, followedAlarms, ["seoul-alarms-latency", "seoul-alarms-healthy-hosts-api"]],
    "alarms.childThreshold": [{ "alarms.childThreshold": "any" }, input(t.check, "seoul-region-health-combined", "childHealthThreshold"), 1],
    "alarms.insufficientData": [{ "alarms.insufficientData": "Unhealthy" }, input(t.check, "seoul-region-health-alarm-elb-5xx", "insufficientDataHealthStatus"), "Unhealthy"],
    "alarms.notifyEmails": [{ "alarms.notifyEmails": ["pager@example.com"] }, (resources) => ofType(resources, t.subscription).map((subscription) => subscription.inputs.endpoint), ["pager@example.com"]],
    // A member of the routing controls of organization/app/arc: its RECOVERY_CONTROL check joins the combined one.
    "routingControls.enabled": [member("organization/app/arc"), controlCheck("type"), "RECOVERY_CONTROL"],
    "routingControls.ownerStack": [member("organization/app/arc-blue"), controlCheck("routingControlArn"), otherSeoulControl],
    "routingControls.owner": [owner(["ap-northeast-2", "ap-northeast-1"]), (resources) => [exists(t.cluster, "seoul-routing-cluster")(resources), exists(t.reference, "seoul-routing-owner")(resources)], [true, false]],
    "routingControls.regions": [owner(["ap-northeast-1", "ap-northeast-2", "eu-west-1"]), (resources) => ofType(resources, t.control).map((control) => control.name), ["seoul-routing-ap-northeast-1", "seoul-routing-ap-northeast-2", "seoul-routing-eu-west-1"]],
    "routingControls.minimumRegionsOn": [owner(["ap-northeast-2", "ap-northeast-1", "eu-west-1"], { "routingControls.minimumRegionsOn": 2 }), input(t.safetyRule, "seoul-routing-keep-on", "ruleConfig", "threshold"), 2],
    "dashboard.owner": [{ "dashboard.owner": true }, requestWidgets("region"), ["ap-northeast-2"]],
    "dashboard.name": [{ "dashboard.owner": true, "dashboard.name": "payments-prod" }, input(t.dashboard, "seoul-dashboard", "dashboardName"), "payments-prod"],
    "dashboard.stacks": [{ "dashboard.owner": true, "dashboard.stacks": ["organization/app/tokyo"] }, requestWidgets("title"), ["Requests: seoul (ap-northeast-2)", "Requests: tokyo (ap-northeast-1)"]],
};

/** Keys no resource reads, with the reader that does. */
const readElsewhere: Record<string, string> = {
    "drill.recoveryTimeObjectiveSeconds": "the drill tool judges a measured failover against it (drill/report/evaluate.ts); the plan each part of the predicted recovery (config/recovery.ts)",
    "drill.maximumAgeDays": "npm run readiness judges the last passing drill's age against it (readiness/checks/drills.ts, tests/readiness/readiness.test.ts)",
    "capacity.peakRequestsPerSecond": "the plan's capacity check and headroom table (config/crossStackCapacity.ts, tests/config/crossStackCapacity.test.ts)",
    "capacity.nearbyClientsPercent": "the capacity check's latency and accelerator loads (tests/config/crossStackCapacity.test.ts)",
    "fleet.launchSeconds": "the plan's capacity-recovered prediction (config/recovery.ts, tests/config/recovery.test.ts)",
    "globalAccelerator.owner": "deprecated: a regional owner; the global stack (scope) is tested instead",
    "globalAccelerator.ownerStack": "deprecated: read as globalAccelerator.globalStack, tested above",
    "globalAccelerator.ipAddressType": "no valid value but the default: DUAL_STACK is refused (IPv4-only VPCs and ALBs)",
    "healthCheck.port": "no valid value unlike the default: it must be the ALB's listener port, which 0 already picks",
};

interface JsonNode { properties?: Record<string, JsonNode>; items?: JsonNode; anyOf?: JsonNode[]; oneOf?: JsonNode[]; additionalProperties?: JsonNode | boolean; type?: string }

/** The leaf keys below a JSON schema node, dotted; list items and discriminated options flattened. */
function leafKeys(node: JsonNode, prefix: string): string[] {
    const options = node.anyOf ?? node.oneOf;
    if (options) {
        return [...new Set(options.flatMap((option) => leafKeys(option, prefix)))];
    }
    if (node.type === "array" && node.items?.type === "object") {
        return leafKeys(node.items, prefix);
    }
    if (node.type === "object" && node.properties) {
        return Object.entries(node.properties).flatMap(([name, child]) => leafKeys(child, prefix ? `${prefix}.${name}` : name));
    }
    return [prefix];
}

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonNode;
/** Every configuration key, from the schema: group fields, the map entries' fields, the plain entries. */
const schemaKeys = [
    ...Object.entries(groupSchemas).flatMap(([group, schema]) => Object.keys(json(schema).properties ?? {}).map((field) => `${group}.${field}`)),
    ...leafKeys(json(targetGroupSchema), "targetGroups"),
    ...leafKeys(json(listenerRuleSchema), "listenerRules"),
    ...Object.keys(configSchema).filter((entry) => !(entry in groupSchemas) && entry !== "targetGroups" && entry !== "listenerRules"),
];

let baseImage: unknown;

async function run(changes: Record<string, unknown>): Promise<Resources> {
    const config: Record<string, string> = {};
    const base = changes.scope === "global" ? {} : regionalBase;
    for (const [key, value] of Object.entries({ ...base, ...changes })) {
        if (value !== "" || !(key in base)) {
            config[key.includes(":") ? key : `app:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return (await runStack("seoul", { files, style: "aws", world, config })).resources;
}

describe("every configuration key reaches its resource", () => {
    let baseResources: Resources;
    before(async () => {
        baseResources = await run({});
        baseImage = input(t.lt, "seoul-fleet-lt", "imageId")(baseResources);
    });

    it("has a wiring expectation for every key of the schema", () => {
        // listenerRules.action.statusCode is shared by redirect and fixedResponse: both are listed.
        const listed = new Set([...Object.keys(wiring), ...Object.keys(readElsewhere), "listenerRules.action.statusCode"]);
        expect(schemaKeys.length).to.be.above(70);
        expect(schemaKeys.filter((key) => !listed.has(key))).to.deep.equal([]);
    });

    for (const [key, [changes, read, expected]] of Object.entries(wiring)) {
        it(key, async () => {
            expect(read(baseResources), `the base already has ${JSON.stringify(expected)}`).to.not.deep.equal(expected);
            const resources = await run(changes);
            expect(read(resources)).to.deep.equal(expected);
        });
    }
});

import { expect } from "chai";
import { validateStackConfig } from "../../config/load";
import { configFor, projectFiles } from "../harness";

/** Problems for the Seoul stack file with `changes` applied (see configFor). */
function problemsWith(changes: Record<string, unknown>, stack = "seoul"): string[] {
    return validateStackConfig({ stack, project: projectFiles.project, values: configFor(stack, changes) }).problems;
}

/** A Seoul target group map with one group changed. */
function webGroup(changes: Record<string, unknown>): Record<string, unknown> {
    return { web: { port: 80, ...changes } };
}

/** A listener rule map with one rule. */
function oneRule(rule: Record<string, unknown>): Record<string, unknown> {
    return { only: { priority: 10, conditions: { pathPatterns: ["/a"] }, action: { type: "forward", targetGroup: "web" }, ...rule } };
}

const existingVpc = { "network.vpcId": "vpc-0a1b2c3d4e5f60718" };
const serving = { "fleet.targetGroups": ["web"], targetGroups: webGroup({}), listenerRules: {} };

/** [rule, changes to Pulumi.seoul.yaml, the exact message expected]. */
const failingInputs: [string, Record<string, unknown>, string][] = [
    ["unknown top-level key", { "albb.idleTimeoutSeconds": 5 }, "app:albb.idleTimeoutSeconds is not a known key"],
    ["unknown field, with a suggestion", { "alb.idleTimeoutSecond": 5 }, "app:alb.idleTimeoutSecond is not a known key (did you mean alb.idleTimeoutSeconds?)"],
    ["unknown nested key in a map entry", { targetGroups: webGroup({ colour: "blue" }) }, "app:targetGroups.web.colour is not a known key"],
    ["a group written as one object", { network: { cidr: "10.1.0.0/16" } }, "app:network is a group: write each field as its own key, e.g. app:network.vpcId"],
    ["aws:region is required", { "aws:region": undefined }, "aws:region is required: the stack's AWS region, e.g. ap-northeast-2"],
    ["aws:region must be a region", { "aws:region": "seoul" }, 'aws:region must be a commercial AWS region this program knows (docs/aws-facts.md lists them), got "seoul"'],
    ["aws:region outside the table, with the nearest names", { "aws:region": "eu-west-9" },
        'aws:region must be a commercial AWS region this program knows (docs/aws-facts.md lists them) (did you mean eu-west-1 or eu-west-2 or eu-west-3?), got "eu-west-9"'],
    ["environment must be a lower-case name", { environment: "Prod" }, 'app:environment must be a lower-case name such as production, staging or dev, got "Prod"'],
    ["production keeps deletion protection", { "alb.deletionProtection": false },
        "app:alb.deletionProtection must be true (Security Hub ELB.6) in production; a non-production stack may relax it (app:environment: staging, dev, ...), got false"],
    ["production has no single NAT gateway", { "network.natGateways": "single" },
        'app:network.natGateways must be onePerAz or none: with a single NAT gateway one AZ\'s outage cuts the fleet in the others off in production; a non-production stack may relax it (app:environment: staging, dev, ...), got "single"'],
    ["production keeps 90 days of access logs", { "alb.accessLogsRetentionDays": 89 },
        "app:alb.accessLogsRetentionDays must be at least 90 days of access logs in production; a non-production stack may relax it (app:environment: staging, dev, ...), got 89"],
    ["production does not force-destroy its logs", { "alb.accessLogsForceDestroy": true },
        "app:alb.accessLogsForceDestroy must be false: destroying the stack must not delete its access logs in production; a non-production stack may relax it (app:environment: staging, dev, ...), got true"],
    ["a key of ours in another namespace (a renamed project)", { "appp:alb.internal": true },
        "appp:alb.internal is in namespace appp, but the project is named app (Pulumi.yaml name), so the program reads app:alb.internal; rename the key or the project"],
    ["whole number range", { "alb.idleTimeoutSeconds": 0 }, "app:alb.idleTimeoutSeconds must be a whole number 1..4000, got 0"],
    ["whole numbers only", { "network.availabilityZones": 2.5 }, "app:network.availabilityZones must be a whole number 2..6, got 2.5"],
    ["a value that is not JSON for a number key", { "alb.idleTimeoutSeconds": "sixty" }, 'app:alb.idleTimeoutSeconds must be a whole number 1..4000, got "sixty"'],
    ["enumerations", { "network.natGateways": "double" }, 'app:network.natGateways must be one of none, single, onePerAz, got "double"'],
    ["booleans", { "alb.http2": "yes" }, 'app:alb.http2 must be true or false, got "yes"'],
    ["CIDR blocks", { "alb.ingressCidrs": ["10.0.0.0/33"] }, 'app:alb.ingressCidrs.0 must be an IPv4 CIDR block such as 10.0.0.0/16, got "10.0.0.0/33"'],
    ["certificate ARNs", { "alb.certificateArn": "arn:aws:iam::111122223333:server-certificate/x" }, 'app:alb.certificateArn must be an acm ARN, got "arn:aws:iam::111122223333:server-certificate/x"'],
    ["TLS policy must be TLS 1.3 (ELB.17)", { "alb.sslPolicy": "ELBSecurityPolicy-2016-08" }, "app:alb.sslPolicy must be one of ELBSecurityPolicy-TLS13-1-2-Res-2021-06"],
    ["desync mode", { "alb.desyncMitigationMode": "off" }, 'app:alb.desyncMitigationMode must be one of monitor, defensive, strictest, got "off"'],
    ["instance type", { "fleet.instanceType": "large" }, 'app:fleet.instanceType must be an EC2 instance type such as t3.micro, got "large"'],
    ["AMI parameter is public", { "fleet.amiParameter": "/my/ami" }, 'app:fleet.amiParameter must be a public SSM parameter under /aws/service/, got "/my/ami"'],
    ["Route 53 request interval", { "healthCheck.requestInterval": 20 }, "app:healthCheck.requestInterval must be 10 or 30, got 20"],
    ["Route 53 failure threshold", { "healthCheck.failureThreshold": 11 }, "app:healthCheck.failureThreshold must be a whole number 1..10, got 11"],
    ["Route 53 checker regions exist (no Seoul checker)", { "healthCheck.regions": ["ap-northeast-2", "ap-northeast-1", "us-west-2"] }, 'app:healthCheck.regions.0 must be one of us-east-1, us-west-1, us-west-2, eu-west-1, ap-southeast-1, ap-southeast-2, ap-northeast-1, sa-east-1, got "ap-northeast-2"'],
    ["at least 3 different checker regions", { "healthCheck.regions": ["ap-northeast-1", "ap-northeast-1", "us-west-2"] }, 'app:healthCheck.regions must name at least 3 different checker regions, got ["ap-northeast-1","ap-northeast-1","us-west-2"]'],
    ["health check path", { "healthCheck.path": "health" }, 'app:healthCheck.path must start with /, got "health"'],
    ["failover role value", { "dns.failoverRole": "BACKUP" }, 'app:dns.failoverRole must be PRIMARY or SECONDARY, got "BACKUP"'],
    ["record weight range", { "dns.weight": 300 }, "app:dns.weight must be a whole number 0..255, got 300"],
    ["GA endpoint weight range", { "globalAccelerator.endpointWeight": 256 }, "app:globalAccelerator.endpointWeight must be a whole number 0..255, got 256"],
    ["GA traffic dial range", { "globalAccelerator.trafficDial": 101 }, "app:globalAccelerator.trafficDial must be a whole number 0..100, got 101"],
    ["target group keys", { targetGroups: { Web: { port: 80 } } }, "app:targetGroups.Web key must start with a lower-case letter and hold only a-z, 0-9 and -"],
    ["target health check interval range", { targetGroups: webGroup({ healthCheck: { intervalSeconds: 4, timeoutSeconds: 2 } }) }, "app:targetGroups.web.healthCheck.intervalSeconds must be a whole number 5..300, got 4"],
    ["target health check timeout below interval", { targetGroups: webGroup({ healthCheck: { intervalSeconds: 10, timeoutSeconds: 10 } }) }, "app:targetGroups.web.healthCheck.timeoutSeconds must be below the health check's intervalSeconds, got 10"],
    ["target health check thresholds", { targetGroups: webGroup({ healthCheck: { unhealthyThreshold: 1 } }) }, "app:targetGroups.web.healthCheck.unhealthyThreshold must be a whole number 2..10, got 1"],
    ["target health check matcher", { targetGroups: webGroup({ healthCheck: { matcher: "500" } }) }, 'app:targetGroups.web.healthCheck.matcher must be HTTP codes in 200..499, e.g. 200 or 200-299, got "500"'],
    ["deregistration delay range", { targetGroups: webGroup({ deregistrationDelaySeconds: 3601 }) }, "app:targetGroups.web.deregistrationDelaySeconds must be a whole number 0..3600, got 3601"],
    ["slow start range", { targetGroups: webGroup({ slowStartSeconds: 10 }) }, "app:targetGroups.web.slowStartSeconds must be 0 (off) or 30..900, got 10"],
    ["stickiness duration range", { targetGroups: webGroup({ stickiness: { type: "lb_cookie", durationSeconds: 604801 } }) }, "app:targetGroups.web.stickiness.durationSeconds must be a whole number 1..604800, got 604801"],
    ["listener rule priority range", { listenerRules: oneRule({ priority: 0 }) }, "app:listenerRules.only.priority must be a whole number 1..50000, got 0"],
    ["listener rule priority required", { listenerRules: oneRule({ priority: undefined }) }, "app:listenerRules.only.priority is required: it must be a whole number 1..50000"],
    ["listener rule action kind", { listenerRules: oneRule({ action: { type: "authenticate" } }) }, 'app:listenerRules.only.action.type must be forward, weightedForward, redirect or fixedResponse, got "authenticate"'],
    ["HTTP methods", { listenerRules: oneRule({ conditions: { httpMethods: ["FETCH"] } }) }, 'app:listenerRules.only.conditions.httpMethods.0 must be one of GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, CONNECT, TRACE, got "FETCH"'],
    ["fixed response status", { listenerRules: oneRule({ action: { type: "fixedResponse", statusCode: "600" } }) }, 'app:listenerRules.only.action.statusCode must be an HTTP status 2XX, 4XX or 5XX (elbv2 FixedResponseActionStatusCode), got "600"'],
    // Rules that span keys.
    ["subnet ids need an existing VPC", { "network.publicSubnetIds": ["subnet-1", "subnet-2"] }, 'app:network.publicSubnetIds is only used with network.vpcId (an existing VPC), got ["subnet-1","subnet-2"]'],
    ["VPC prefix length", { "network.cidr": "10.0.0.0/8" }, 'app:network.cidr must have a prefix length of /16 to /24, got "10.0.0.0/8"'],
    ["existing VPC: 2 public subnets for an internet-facing ALB", { ...existingVpc, "network.publicSubnetIds": ["subnet-a"], "network.privateSubnetIds": ["subnet-c", "subnet-d"] }, 'app:network.publicSubnetIds must list at least 2 subnets in different AZs for an internet-facing ALB, got ["subnet-a"]'],
    ["existing VPC: 2 private subnets for the fleet", { ...existingVpc, "network.publicSubnetIds": ["subnet-a", "subnet-b"] }, "app:network.privateSubnetIds must list at least 2 subnets in different AZs for an internal ALB or the fleet, got []"],
    ["at least one target group", { targetGroups: {}, "fleet.enabled": false }, "app:targetGroups must hold at least one target group"],
    ["default target group exists", { "alb.defaultTargetGroup": "api" }, 'app:alb.defaultTargetGroup must be a key of app:targetGroups (web, canary), got "api"'],
    ["SNI certificates need HTTPS", { "alb.certificateArn": "", "alb.sniCertificateArns": ["arn:aws:acm:ap-northeast-2:111122223333:certificate/x"] }, 'app:alb.sniCertificateArns needs alb.certificateArn (SNI certificates sit on the HTTPS listener), got ["arn:aws:acm:ap-northeast-2:111122223333:certificate/x"]'],
    ["a log bucket needs logs on", { "alb.accessLogs": false, "alb.accessLogsBucket": "logs" }, 'app:alb.accessLogsBucket is set but alb.accessLogs is false, got "logs"'],
    ["target group names fit 32 characters", { ...serving, "alb.defaultTargetGroup": "a-very-long-group-key", targetGroups: { web: { port: 80 }, "a-very-long-group-key": {} } }, "app:targetGroups.a-very-long-group-key key is too long: the target group name seoul-alb-tg-a-very-long-group-key plus 8 random characters must fit in 32"],
    ["slow start is not for least outstanding requests", { targetGroups: webGroup({ slowStartSeconds: 30, algorithm: "least_outstanding_requests" }), ...{ "fleet.targetGroups": ["web"], listenerRules: {} } }, "app:targetGroups.web.slowStartSeconds cannot be combined with algorithm least_outstanding_requests, got 30"],
    ["lambda groups have no stickiness", { targetGroups: { web: { port: 80 }, fn: { targetType: "lambda", stickiness: { type: "lb_cookie" } } } , ...{ "fleet.targetGroups": ["web"], listenerRules: {} } }, "app:targetGroups.fn.stickiness is not supported for lambda target groups"],
    ["app_cookie needs a cookie name", { ...serving, targetGroups: webGroup({ stickiness: { type: "app_cookie" } }) }, "app:targetGroups.web.stickiness.cookieName is required for app_cookie stickiness"],
    ["app cookies must not use the ALB's prefixes", { ...serving, targetGroups: webGroup({ stickiness: { type: "app_cookie", cookieName: "AWSALBAPP-1" } }) }, 'app:targetGroups.web.stickiness.cookieName must not start with AWSALB, AWSALBAPP, AWSALBTG (reserved by the ALB), got "AWSALBAPP-1"'],
    ["lb_cookie takes no cookie name", { ...serving, targetGroups: webGroup({ stickiness: { type: "lb_cookie", cookieName: "mine" } }) }, 'app:targetGroups.web.stickiness.cookieName is only for app_cookie stickiness (lb_cookie uses AWSALB), got "mine"'],
    ["listener rule priorities are unique", { listenerRules: { first: { priority: 7, conditions: { pathPatterns: ["/a"] }, action: { type: "forward", targetGroup: "web" } }, second: { priority: 7, conditions: { pathPatterns: ["/b"] }, action: { type: "forward", targetGroup: "web" } } } }, "app:listenerRules.second.priority must be unique on the listener; listenerRules.first has it too, got 7"],
    ["a rule needs a condition", { listenerRules: oneRule({ conditions: {} }) }, "app:listenerRules.only.conditions must hold at least one condition value"],
    ["at most 5 condition values per rule", { listenerRules: oneRule({ conditions: { pathPatterns: ["/a", "/b", "/c"], hostHeaders: ["a.example.com", "b.example.com", "c.example.com"] } }) }, "app:listenerRules.only.conditions must hold at most 5 condition values in all, got 6"],
    ["rules forward to existing groups", { listenerRules: oneRule({ action: { type: "forward", targetGroup: "nope" } }) }, "app:listenerRules.only.action names target group nope, which is not a key of app:targetGroups"],
    ["weighted forward weights not all 0", { listenerRules: oneRule({ action: { type: "weightedForward", targetGroups: { web: 0, canary: 0 } } }) }, 'app:listenerRules.only.action.targetGroups must give at least one target group a weight above 0, got {"web":0,"canary":0}'],
    ["weighted forward names 1 to 5 groups", { listenerRules: oneRule({ action: { type: "weightedForward", targetGroups: {} } }) }, "app:listenerRules.only.action.targetGroups must name 1 to 5 target groups, got 0"],
    ["the fleet names a group", { "fleet.targetGroups": [] }, "app:fleet.targetGroups must name at least one target group when fleet.enabled is true, got []"],
    ["the fleet's groups exist", { "fleet.targetGroups": ["web", "api"] }, 'app:fleet.targetGroups names api, which is not a key of app:targetGroups (web, canary), got ["web","api"]'],
    ["the fleet's groups are instance/HTTP", { ...serving, targetGroups: { web: { port: 80 }, ips: { targetType: "ip" } }, "fleet.targetGroups": ["web", "ips"] }, 'app:fleet.targetGroups must name instance target groups with protocol HTTP; ips is ip/HTTP, got ["web","ips"]'],
    ["the fleet's groups share one port", { ...serving, targetGroups: { web: { port: 80 }, other: { port: 8080 } }, "fleet.targetGroups": ["web", "other"] }, 'app:fleet.targetGroups must share one port, the port the demo app serves on; they use 80, 8080, got ["web","other"]'],
    ["fleet min <= max", { "fleet.minSize": 5, "fleet.maxSize": 4, "fleet.desiredCapacity": 4 }, "app:fleet.minSize must not exceed fleet.maxSize (4), got 5"],
    ["fleet desired within min..max", { "fleet.desiredCapacity": 9 }, "app:fleet.desiredCapacity must be within fleet.minSize..fleet.maxSize (2..4), got 9"],
    ["HTTPS health check needs HTTPS", { "alb.certificateArn": "", "alb.sniCertificateArns": [], "healthCheck.protocol": "HTTPS" }, 'app:healthCheck.protocol is HTTPS but the ALB has no HTTPS listener (alb.certificateArn is empty), got "HTTPS"'],
    ["HTTP health check would see the redirect", { "healthCheck.protocol": "HTTP" }, 'app:healthCheck.protocol is HTTP but the ALB redirects HTTP to HTTPS, and Route 53 counts a redirect as healthy; use auto or HTTPS, got "HTTP"'],
    ["Route 53 cannot check an internal ALB", { "alb.internal": true }, "app:alb.internal is true, but Route 53 health checkers on the internet cannot reach an internal ALB, so its records would never count healthy; leave dns.zoneName and dns.zoneId empty (Global Accelerator can still reach it), got true"],
    ["the zone is given one way", { "dns.zoneId": "Z0123456789EXAMPLE" }, "app:dns.zoneId and dns.zoneName are both set; give the zone one way"],
    ["failover records need a role", { "dns.failoverRole": undefined }, "app:dns.failoverRole is required when dns.failover is on: PRIMARY or SECONDARY"],
    ["record names are DNS names", { "dns.weightedName": "has space" }, 'app:dns.weightedName must be a DNS name relative to the zone, e.g. app, got "has space"'],
    ["one name cannot mix routing policies", { "dns.latencyName": "app" }, 'app:dns.latencyName must differ from dns.failoverName: one name cannot mix routing policies, got "app"'],
    ["GA listener ports are ALB listener ports", { "globalAccelerator.owner": true, "globalAccelerator.globalStack": undefined, "globalAccelerator.ports": [443, 8443] }, "app:globalAccelerator.ports must be ALB listener ports (80, 443), got [443,8443]"],
    ["an outage drill needs something to take out", { "dns.zoneName": undefined, "globalAccelerator.enabled": false, "drill.simulateOutage": true }, "app:drill.simulateOutage has nothing to take out: the stack has neither DNS records nor a Global Accelerator endpoint, got true"],
];

const memberInputs: [string, Record<string, unknown>, string][] = [
    ["members name the global stack", { "globalAccelerator.globalStack": undefined }, "app:globalAccelerator.globalStack is required when globalAccelerator.enabled is true: the global stack that owns the accelerator, e.g. organization/app/global"],
    ["global-stack settings are not set on regions", { "globalAccelerator.recordName": "global" }, 'app:globalAccelerator.recordName is set on a regional stack; only the global stack\'s applies, got "global"'],
];

describe("configuration", () => {
    it("accepts both real stack files", () => {
        for (const stack of ["seoul", "tokyo"]) {
            expect(problemsWith({}, stack), stack).to.deep.equal([]);
        }
    });

    it("fills every default from one place", () => {
        const result = validateStackConfig({ stack: "osaka", project: "app", values: { "aws:region": "ap-northeast-3" } });
        expect(result.problems).to.deep.equal([]);
        const settings = result.config!.settings;
        expect(settings.alb.sslPolicy).to.equal("ELBSecurityPolicy-TLS13-1-2-Res-2021-06");
        expect(settings.alb.dropInvalidHeaderFields).to.equal(true);
        expect(settings.alb.deletionProtection).to.equal(true);
        expect(settings.targetGroups.web.healthCheck).to.deep.equal({ path: "/health", matcher: "200", intervalSeconds: 10, timeoutSeconds: 5, healthyThreshold: 3, unhealthyThreshold: 2 });
    });

    it("keeps text keys as text (a zone id of digits stays a string)", () => {
        const result = validateStackConfig({ stack: "seoul", project: "app", values: configFor("seoul", { "dns.zoneName": undefined, "dns.zoneId": "123456" }) });
        expect(result.problems).to.deep.equal([]);
        expect(result.config!.settings.dns.zoneId).to.equal("123456");
    });

    it("reports every problem at once, each naming the stack file", () => {
        const problems = problemsWith({ "dns.weight": 300, "alb.idleTimeoutSeconds": 0, "healthCheck.requestInterval": 20, "fleet.desiredCapacity": 9 });
        expect(problems).to.have.length(4);
        for (const problem of problems) {
            expect(problem).to.match(/^Pulumi\.seoul\.yaml: app:/);
        }
    });

    describe("rejects", () => {
        for (const [rule, changes, message] of failingInputs) {
            it(rule, () => {
                const problems = problemsWith(changes);
                expect(problems.some((problem) => problem.startsWith(`Pulumi.seoul.yaml: ${message}`)), problems.join("\n")).to.equal(true);
            });
        }
        for (const [rule, changes, message] of memberInputs) {
            it(`${rule} (member stack)`, () => {
                const problems = problemsWith(changes, "tokyo");
                expect(problems, problems.join("\n")).to.include(`Pulumi.tokyo.yaml: ${message}`);
            });
        }
        it("a stack name too long for the ALB's name", () => {
            const problems = validateStackConfig({ stack: "production-ap-northeast-2", project: "app", values: configFor("seoul") }).problems;
            expect(problems).to.include('Pulumi.production-ap-northeast-2.yaml: the stack name is too long: the ALB name production-ap-northeast-2-alb plus 8 random characters must fit in 32, got "production-ap-northeast-2"');
        });
    });
});

/**
 * The edges of each rule: both sides of every boundary, each condition of a compound rule on its
 * own, values that are not known yet, resources a rule must leave alone, and the exact message and
 * enforcement level a violation is reported with.
 */
import { expect } from "chai";
import { PolicyResource } from "../../policy/evaluate";
import { changed, computed, deployedStack, findingsOf, guardedAlb, hostedZoneId, onlyFinding, plannedStack, ref, resource, types } from "./fixtures";

/** `item` with a provider whose region is not known (CrossGuard then gives no region). */
function regionless(item: PolicyResource): PolicyResource {
    return { ...item, region: undefined };
}

/** The resource called `name` in `stack`. */
function named(stack: PolicyResource[], name: string): PolicyResource {
    const found = stack.find((item) => item.name === name);
    if (!found) {
        throw new Error(`no resource ${name}`);
    }
    return found;
}

/** A preview unknown, as the CrossGuard adapter writes it. */
const unknown = "${unknown}";

describe("policy rule edges", () => {
    describe("endpoint-group-region-explicit", () => {
        const policy = "endpoint-group-region-explicit";

        it("reports an empty endpointGroupRegion like a missing one, naming the provider's region", () => {
            const finding = onlyFinding(policy, changed(plannedStack(), "web-endpoints", { endpointGroupRegion: "" }));
            expect(finding).to.deep.equal({
                policy, source: "Global Accelerator API reference, CreateEndpointGroup", enforcementLevel: "mandatory",
                urn: named(plannedStack(), "web-endpoints").urn,
                message: "Endpoint group web-endpoints does not set endpointGroupRegion, so it takes the provider's region (us-west-2): " +
                    "set endpointGroupRegion to the region of its load balancers.",
            });
        });

        it("leaves the provider's region out of the message when it is not known", () => {
            const group = regionless(named(changed(plannedStack(), "web-endpoints", { endpointGroupRegion: undefined }), "web-endpoints"));
            expect(onlyFinding(policy, [group]).message).to.equal("Endpoint group web-endpoints does not set endpointGroupRegion, so it takes " +
                "the provider's region: set endpointGroupRegion to the region of its load balancers.");
        });

        it("passes a region that is not known yet", () => {
            expect(findingsOf(policy, changed(plannedStack(), "web-endpoints", { endpointGroupRegion: ref("settings", "region") }))).to.deep.equal([]);
        });
    });

    describe("endpoint-group-region-matches-endpoint", () => {
        const policy = "endpoint-group-region-matches-endpoint";
        const tokyoArn = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/tokyo-alb/0123456789abcdef";
        const group = (props: Record<string, unknown>) => resource(types.endpointGroup, "tokyo-endpoints", {
            endpointConfigurations: [{ endpointId: tokyoArn, clientIpPreservationEnabled: true }], ...props,
        }, "us-west-2");

        it("takes an empty endpointGroupRegion for the provider's region, and says so", () => {
            const stack = changed(plannedStack(), "web-endpoints", { endpointGroupRegion: "" });
            expect(onlyFinding(policy, stack)).to.deep.equal({
                policy, source: "Global Accelerator API reference, EndpointConfiguration.EndpointId", enforcementLevel: "mandatory",
                urn: named(stack, "web-endpoints").urn,
                message: "Endpoint 0 of endpoint group web-endpoints is a load balancer in ap-northeast-2 but the group is in us-west-2 " +
                    "(the provider's region, since endpointGroupRegion is not set): set endpointGroupRegion: \"ap-northeast-2\", " +
                    "or AWS rejects the ARN as not a valid load balancer.",
            });
        });

        it("names a configured region without the provider's-region remark", () => {
            const stack = changed(plannedStack(), "web-endpoints", { endpointGroupRegion: "ap-northeast-1" });
            expect(onlyFinding(policy, stack).message).to.equal("Endpoint 0 of endpoint group web-endpoints is a load balancer in ap-northeast-2 " +
                "but the group is in ap-northeast-1: set endpointGroupRegion: \"ap-northeast-2\", or AWS rejects the ARN as not a valid load balancer.");
        });

        it("has no verdict while the group's region is not known", () => {
            expect(findingsOf(policy, [group({ endpointGroupRegion: ref("settings", "region") })])).to.deep.equal([]);
            expect(findingsOf(policy, [regionless(group({}))])).to.deep.equal([]);
        });

        it("reads the region from ARNs of other partitions (GovCloud)", () => {
            const govArn = "arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:loadbalancer/app/gov-alb/0123456789abcdef";
            const gov = resource(types.endpointGroup, "gov-endpoints", {
                endpointGroupRegion: "us-gov-east-1", endpointConfigurations: [{ endpointId: govArn, clientIpPreservationEnabled: true }],
            }, "us-gov-west-1");
            expect(onlyFinding(policy, [gov]).message).to.equal("Endpoint 0 of endpoint group gov-endpoints is a load balancer in us-gov-west-1 " +
                "but the group is in us-gov-east-1: set endpointGroupRegion: \"us-gov-west-1\", or AWS rejects the ARN as not a valid load balancer.");
        });
    });

    describe("endpoint-client-ip-preservation-explicit", () => {
        const policy = "endpoint-client-ip-preservation-explicit";

        it("reports a null clientIpPreservationEnabled like a missing one, with the whole message", () => {
            const stack = changed(plannedStack(), "web-endpoints", {
                endpointConfigurations: [{ endpointId: ref("web-alb", "arn"), weight: 128, clientIpPreservationEnabled: null }],
            });
            expect(onlyFinding(policy, stack)).to.deep.equal({
                policy, source: "Global Accelerator Developer Guide, client IP preservation", enforcementLevel: "mandatory",
                urn: named(stack, "web-endpoints").urn,
                message: "Endpoint 0 (\"${web-alb.arn}\") of endpoint group web-endpoints does not set clientIpPreservationEnabled: " +
                    "set it to true or false explicitly; the API defaults to true for ALBs while the provider documents false.",
            });
        });
    });

    describe("elb-1 (both rules) on HTTP listeners", () => {
        const mandatory = "elb-1-http-redirects-to-https";
        const advisory = "elb-1-plain-http-alb";
        const mandatoryMessage = "HTTP listener web-alb-http serves plain HTTP although its ALB has an HTTPS listener: make its default action " +
            "{ type: \"redirect\", redirect: { protocol: \"HTTPS\", port: \"443\", statusCode: \"HTTP_301\" } }.";
        const withActions = (defaultActions: unknown) => changed(plannedStack(), "web-alb-http", { defaultActions });
        const bothRules = (stack: PolicyResource[]) => [...findingsOf(mandatory, stack), ...findingsOf(advisory, stack)];

        it("reports a listener beside HTTPS only as failing to redirect, not as an HTTP-only ALB", () => {
            const stack = withActions([{ type: "forward", targetGroupArn: ref("web-tg", "arn") }]);
            expect(bothRules(stack)).to.deep.equal([{
                policy: mandatory, source: "AWS Security Hub ELB.1", enforcementLevel: "mandatory", urn: named(stack, "web-alb-http").urn, message: mandatoryMessage,
            }]);
        });

        it("reads a listener without a protocol as HTTP, as the provider defaults it for an ALB", () => {
            const stack = changed(withActions([{ type: "forward", targetGroupArn: ref("web-tg", "arn") }]), "web-alb-http", { protocol: undefined });
            expect(bothRules(stack)).to.deep.equal([{
                policy: mandatory, source: "AWS Security Hub ELB.1", enforcementLevel: "mandatory", urn: named(stack, "web-alb-http").urn, message: mandatoryMessage,
            }]);
        });

        it("reads no protocol on a gateway or network load balancer's listener as HTTP", () => {
            for (const loadBalancerType of ["gateway", "network"]) {
                const stack = changed(changed(withActions([{ type: "forward", targetGroupArn: ref("web-tg", "arn") }]), "web-alb-http", { protocol: undefined }),
                    "web-alb", { loadBalancerType });
                expect(bothRules(stack), loadBalancerType).to.deep.equal([]);
            }
        });

        it("reports a redirect to plain HTTP", () => {
            const stack = withActions([{ type: "redirect", redirect: { protocol: "HTTP", port: "8080", statusCode: "HTTP_301" } }]);
            expect(onlyFinding(mandatory, stack).message).to.equal(mandatoryMessage);
        });

        it("judges the action's type, not a redirect block left on a forward action", () => {
            const stack = withActions([{ type: "forward", targetGroupArn: ref("web-tg", "arn"), redirect: { protocol: "HTTPS", port: "443" } }]);
            expect(onlyFinding(mandatory, stack).message).to.equal(mandatoryMessage);
        });

        it("has no verdict while the actions, an action, its type or its redirect are not known", () => {
            const pending = [
                ref("settings", "defaultActions"),
                [ref("settings", "defaultAction")],
                [{ type: ref("settings", "actionType"), redirect: { protocol: "HTTPS" } }],
                [{ type: "redirect", redirect: ref("settings", "redirect") }],
            ];
            for (const defaultActions of pending) {
                expect(bothRules(withActions(defaultActions))).to.deep.equal([]);
            }
        });

        it("finds the ALB of a listener whose ARN is a preview unknown through its dependencies", () => {
            const forwarding = withActions([{ type: "forward", targetGroupArn: ref("web-tg", "arn") }]);
            const alb = named(forwarding, "web-alb");
            const stack = forwarding.map((item) => item.name !== "web-alb-http" ? item
                : { ...item, props: { ...item.props, loadBalancerArn: unknown }, dependencies: { loadBalancerArn: [alb.urn] } });
            expect(bothRules(stack)).to.deep.equal([{
                policy: mandatory, source: "AWS Security Hub ELB.1", enforcementLevel: "mandatory", urn: named(stack, "web-alb-http").urn, message: mandatoryMessage,
            }]);
        });

        it("leaves listeners alone whose ALB cannot be told: an empty ARN, or an unknown without dependencies", () => {
            for (const loadBalancerArn of ["", unknown]) {
                const stack = changed(withActions([{ type: "forward", targetGroupArn: ref("web-tg", "arn") }]), "web-alb-http", { loadBalancerArn });
                expect(bothRules(stack)).to.deep.equal([]);
            }
        });
    });

    describe("elb-4 on load balancers without a type", () => {
        it("takes a load balancer without loadBalancerType for an ALB, AWS's default", () => {
            const stack = changed(plannedStack(), "web-alb", { loadBalancerType: undefined, dropInvalidHeaderFields: false });
            expect(onlyFinding("elb-4-drop-invalid-header-fields", stack)).to.deep.equal({
                policy: "elb-4-drop-invalid-header-fields", source: "AWS Security Hub ELB.4", enforcementLevel: "mandatory", urn: named(stack, "web-alb").urn,
                message: "ALB web-alb has dropInvalidHeaderFields false (AWS's default is false): set dropInvalidHeaderFields: true " +
                    "so invalid headers cannot be used for request smuggling.",
            });
        });

        it("does not judge a load balancer whose type is not known yet", () => {
            const stack = changed(plannedStack(), "web-alb", { loadBalancerType: ref("settings", "type"), dropInvalidHeaderFields: false });
            expect(findingsOf("elb-4-drop-invalid-header-fields", stack)).to.deep.equal([]);
        });
    });

    describe("elb-5-access-logs-enabled", () => {
        const policy = "elb-5-access-logs-enabled";

        it("reports logs enabled without a bucket, with the whole message", () => {
            const stack = changed(plannedStack(), "web-alb", { accessLogs: { enabled: true } });
            expect(onlyFinding(policy, stack)).to.deep.equal({
                policy, source: "AWS Security Hub ELB.5", enforcementLevel: "mandatory", urn: named(stack, "web-alb").urn,
                message: "ALB web-alb does not write access logs (accessLogs.enabled true, bucket not set): " +
                    "set accessLogs: { enabled: true, bucket: <a bucket in the ALB's region that ELB may write to> }.",
            });
        });

        it("asks nothing of network load balancers", () => {
            expect(findingsOf(policy, changed(plannedStack(), "web-alb", { loadBalancerType: "network", accessLogs: undefined }))).to.deep.equal([]);
        });

        it("has no verdict while the access log settings or their enabled flag are not known", () => {
            for (const accessLogs of [ref("settings", "accessLogs"), { enabled: ref("settings", "logsEnabled") }]) {
                expect(findingsOf(policy, changed(plannedStack(), "web-alb", { accessLogs }))).to.deep.equal([]);
            }
        });
    });

    describe("elb-6-deletion-protection", () => {
        it("says how to turn protection on and how to relax the rule, in full", () => {
            const stack = changed(plannedStack(), "web-alb", { enableDeletionProtection: false });
            expect(onlyFinding("elb-6-deletion-protection", stack).message).to.equal("Load balancer web-alb has enableDeletionProtection false: " +
                "set enableDeletionProtection: true (stack config app:alb.deletionProtection). For a throw-away stack, relax this rule instead: " +
                "policy config { \"elb-6-deletion-protection\": { \"requireDeletionProtection\": false } } (see policy/README.md).");
        });
    });

    describe("elb-12-desync-mitigation-mode", () => {
        const policy = "elb-12-desync-mitigation-mode";

        it("reports monitor mode on an ALB with the whole message", () => {
            expect(onlyFinding(policy, changed(plannedStack(), "web-alb", { desyncMitigationMode: "monitor" })).message)
                .to.equal("ALB web-alb has desyncMitigationMode \"monitor\": set it to \"defensive\" or \"strictest\".");
        });

        it("asks nothing of network load balancers, whatever their mode", () => {
            expect(findingsOf(policy, changed(plannedStack(), "web-alb", { loadBalancerType: "network", desyncMitigationMode: "monitor" }))).to.deep.equal([]);
        });
    });

    describe("elb-13-multiple-availability-zones", () => {
        const policy = "elb-13-multiple-availability-zones";

        it("has no verdict while the subnet list or the subnet mappings as a whole are not known", () => {
            for (const placement of [{ subnets: ref("vpc", "publicSubnetIds") }, { subnets: undefined, subnetMappings: ref("vpc", "mappings") }]) {
                expect(findingsOf(policy, changed(plannedStack(), "web-alb", placement))).to.deep.equal([]);
            }
        });

        it("counts one subnet mapping as one subnet, and none as none", () => {
            const oneMapping = changed(plannedStack(), "web-alb", { subnets: undefined, subnetMappings: [{ subnetId: "subnet-0a" }] });
            expect(onlyFinding(policy, oneMapping)).to.deep.equal({
                policy, source: "AWS Security Hub ELB.13", enforcementLevel: "mandatory", urn: named(oneMapping, "web-alb").urn,
                message: "Load balancer web-alb is in 1 subnet(s): give it one subnet in each of at least 2 Availability Zones.",
            });
            expect(onlyFinding(policy, changed(plannedStack(), "web-alb", { subnets: undefined })).message)
                .to.equal("Load balancer web-alb is in 0 subnet(s): give it one subnet in each of at least 2 Availability Zones.");
        });
    });

    describe("elb-certificate-in-listener-region", () => {
        const policy = "elb-certificate-in-listener-region";
        const withCertificate = (certificateArn: string) => changed(plannedStack(), "web-alb-https", { certificateArn });

        it("reports a certificate from another region with the whole message", () => {
            const stack = withCertificate("arn:aws:acm:us-east-1:111122223333:certificate/0f3c1a9e");
            expect(onlyFinding(policy, stack).message).to.equal("web-alb-https uses certificate arn:aws:acm:us-east-1:111122223333:certificate/0f3c1a9e " +
                "from us-east-1, but its load balancer is in ap-northeast-2 and AWS refuses a certificate from another region: request or import " +
                "the certificate in ap-northeast-2 (stack config app:alb.certificateArn, app:alb.sniCertificateArns).");
        });

        it("does not judge a listener whose region is not known", () => {
            const listener = regionless(named(withCertificate("arn:aws:acm:us-east-1:111122223333:certificate/0f3c1a9e"), "web-alb-https"));
            expect(findingsOf(policy, [listener])).to.deep.equal([]);
        });

        it("leaves IAM server certificates (global, not ACM) alone", () => {
            expect(findingsOf(policy, withCertificate("arn:aws:iam::111122223333:server-certificate/web-cert"))).to.deep.equal([]);
        });

        it("guesses no region from an ACM ARN cut short before its resource part", () => {
            expect(findingsOf(policy, withCertificate("arn:aws:acm:us-east-1:111122223333"))).to.deep.equal([]);
        });
    });

    describe("region-alarms-notify", () => {
        it("has no verdict while an alarm's LoadBalancer dimension is a preview unknown", () => {
            const stack = changed(plannedStack(), "web-alarms-serving-badly", {
                metricQueries: [{ id: "bad", returnData: true, metric: { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", stat: "Sum", period: 60, dimensions: { LoadBalancer: unknown } } }],
            });
            expect(findingsOf("region-alarms-notify", stack)).to.deep.equal([]);
        });
    });

    describe("alarm-topic-subscribed", () => {
        const policy = "alarm-topic-subscribed";
        const message = "Alarm topic web-alarms-topic has no subscription: list who is told in app:alarms.notifyEmails (or subscribe a pager).";

        it("sees a topic an alarm notifies by its id, and advises when nobody subscribes", () => {
            const stack = changed(plannedStack().filter((item) => item.type !== types.subscription), "web-alarms-serving-badly", {
                alarmActions: [ref("web-alarms-topic", "id")],
            });
            expect(onlyFinding(policy, stack)).to.deep.equal({
                policy, source: "SNS Developer Guide, subscribing to a topic (docs/alarms-and-routing-controls.md)", enforcementLevel: "advisory",
                urn: named(stack, "web-alarms-topic").urn, message,
            });
        });

        it("counts a subscription that names the topic by its id", () => {
            expect(findingsOf(policy, changed(plannedStack(), "web-alarms-notify", { topic: ref("web-alarms-topic", "id") }))).to.deep.equal([]);
        });

        it("does not count a subscription to another topic", () => {
            expect(onlyFinding(policy, changed(plannedStack(), "web-alarms-notify", { topic: ref("other-topic", "arn") })).message).to.equal(message);
        });
    });

    describe("route53-alarm-region", () => {
        const policy = "route53-alarm-region";

        it("reports an alarm outside us-east-1 that mixes a Route 53 metric with others", () => {
            const mixed = resource(types.metricAlarm, "web-health-and-errors", {
                comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1, evaluationPeriods: 3, alarmActions: [ref("web-alarms-topic", "arn")],
                metricQueries: [
                    { id: "health", returnData: false, metric: { namespace: "AWS/Route53", metricName: "HealthCheckStatus", stat: "Minimum", period: 60, dimensions: { HealthCheckId: ref("web-health", "id") } } },
                    { id: "errors", returnData: false, metric: { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", stat: "Sum", period: 60, dimensions: { LoadBalancer: ref("web-alb", "arnSuffix") } } },
                    { id: "bad", returnData: true, expression: "IF(health < 1 OR errors > 10, 1, 0)" },
                ],
            });
            expect(onlyFinding(policy, [...plannedStack(), mixed])).to.deep.equal({
                policy, source: "Route 53 Developer Guide, monitoring health checks with CloudWatch",
                enforcementLevel: "mandatory", urn: mixed.urn,
                message: "Alarm web-health-and-errors reads AWS/Route53 metrics in ap-northeast-2; Route 53 publishes them in us-east-1 only: " +
                    "create the alarm with a us-east-1 provider.",
            });
        });

        it("reads only alarms on AWS/Route53 metrics", () => {
            const stack = changed(plannedStack(), "web-alarm-health", { cloudwatchAlarmRegion: "us-east-1" });
            expect(findingsOf(policy, stack)).to.deep.equal([]);
        });
    });

    describe("route53-followable-alarm", () => {
        const policy = "route53-followable-alarm";

        it("finds the alarm a check names by its id", () => {
            const stack = changed(plannedStack(), "web-alarm-health", { cloudwatchAlarmName: ref("web-alarms-elb-5xx", "id"), cloudwatchAlarmRegion: "us-east-1" });
            expect(onlyFinding(policy, stack)).to.deep.equal({
                policy, enforcementLevel: "mandatory", urn: named(stack, "web-alarm-health").urn,
                source: "Route 53 API reference, AlarmIdentifier and CloudWatchAlarmConfiguration (docs/alarms-and-routing-controls.md)",
                message: "Health check web-alarm-health follows alarm web-alarms-elb-5xx, which Route 53 cannot follow: " +
                    "the check looks for it in \"us-east-1\", but the alarm is in ap-northeast-2: set cloudwatchAlarmRegion to the alarm's region.",
            });
        });

        it("has no verdict on the region while the alarm's own region is not known", () => {
            const wrong = changed(plannedStack(), "web-alarm-health", { cloudwatchAlarmRegion: "us-east-1" });
            expect(findingsOf(policy, wrong.map((item) => item.type === types.metricAlarm ? regionless(item) : item))).to.deep.equal([]);
        });

        it("reads alarm settings only on CLOUDWATCH_METRIC checks", () => {
            const stack = changed(plannedStack(), "web-alarm-health", { type: "HTTPS", fqdn: ref("web-alb", "dnsName"), cloudwatchAlarmName: ref("web-alarms-serving-badly", "name") });
            expect(findingsOf(policy, stack)).to.deep.equal([]);
        });
    });

    describe("routing-control-region", () => {
        it("does not judge an ARC resource whose region is not known", () => {
            expect(findingsOf("routing-control-region", [regionless(resource(types.cluster, "env-cluster", {}))])).to.deep.equal([]);
        });
    });

    describe("records-use-combined-check", () => {
        const policy = "records-use-combined-check";
        const routingCheck = resource(types.healthCheck, "web-routing-health", { type: "RECOVERY_CONTROL", routingControlArn: ref("web-routing-control", "arn") });

        it("counts RECOVERY_CONTROL checks, and lists every check a record leaves out", () => {
            const stack = changed([...plannedStack(), routingCheck], "web-failover", { healthCheckId: ref("web-health", "id") });
            expect(onlyFinding(policy, stack)).to.deep.equal({
                policy, enforcementLevel: "mandatory", urn: named(stack, "web-failover").urn,
                source: "Route 53 Developer Guide, calculated health checks and health checks on CloudWatch alarms (docs/alarms-and-routing-controls.md)",
                message: "Record web-failover carries health check web-health (\"HTTPS\"), which leaves out web-alarm-health, web-routing-health: " +
                    "attach the CALCULATED check that combines the endpoint check with them, or a region that serves badly (or is switched off) keeps its traffic.",
            });
        });

        it("passes a combined check that includes the routing-control check", () => {
            const stack = changed([...plannedStack(), routingCheck], "web-combined-health", {
                childHealthchecks: [ref("web-health", "id"), ref("web-alarm-health", "id"), ref("web-routing-health", "id")],
            });
            expect(findingsOf(policy, stack)).to.deep.equal([]);
        });

        it("finds the check a record carries through the dependencies of a preview-unknown id", () => {
            const planned = plannedStack();
            const stack = planned.map((item) => item.name !== "web-failover" ? item
                : { ...item, props: { ...item.props, healthCheckId: unknown }, dependencies: { healthCheckId: [named(planned, "web-health").urn] } });
            expect(onlyFinding(policy, stack).message).to.equal("Record web-failover carries health check web-health (\"HTTPS\"), which leaves out " +
                "web-alarm-health: attach the CALCULATED check that combines the endpoint check with them, or a region that serves badly " +
                "(or is switched off) keeps its traffic.");
        });

        it("has no verdict while a left-out check is new (its id unknown) and the combined check lists real ids", () => {
            const deployed = changed(deployedStack(), "web-alarm-health", { id: undefined });
            const stack = changed(deployed, "web-combined-health", { childHealthchecks: [computed[ref("web-health", "id")], unknown] });
            expect(findingsOf(policy, stack)).to.deep.equal([]);
            const withRouting = [...stack, { ...routingCheck, props: { ...routingCheck.props, id: "44444444-4444-4444-a444-444444444444" } }];
            expect(findingsOf(policy, withRouting)).to.deep.equal([]);
        });
    });

    describe("alias-canonical-zone", () => {
        const policy = "alias-canonical-zone";
        const aliasTo = (name: unknown, zoneId: unknown) => ({ aliases: [{ name, zoneId, evaluateTargetHealth: true }] });
        const nlb = resource(types.loadBalancer, "tcp-nlb", { loadBalancerType: "network", subnets: ["subnet-0a", "subnet-0b"] });
        const nlbRecord = (zoneId: string) => resource(types.record, "tcp", { zoneId: hostedZoneId, name: "tcp", type: "A", ...aliasTo(ref("tcp-nlb", "dnsName"), zoneId) });

        it("finds an accelerator by its dual-stack DNS name", () => {
            const stack = changed(plannedStack(), "web-global", { type: "AAAA", ...aliasTo(ref("web-accelerator", "dualStackDnsName"), "ZWKZPGTI48KDX") });
            expect(onlyFinding(policy, stack)).to.deep.equal({
                policy, source: "Route 53 Developer Guide, alias records", enforcementLevel: "mandatory", urn: named(stack, "web-global").urn,
                message: "Alias 0 of record web-global points at accelerator web-accelerator but has zoneId \"ZWKZPGTI48KDX\": set aliases[0].zoneId " +
                    "to the target's canonical hosted zone (Z2BJ6XQ5FK7U4H) - the load balancer's zoneId output, or Z2BJ6XQ5FK7U4H for an accelerator.",
            });
        });

        it("names an ALB outside the stack by its DNS name, without the own-zone remark for another zone", () => {
            const stack = changed(plannedStack(), "web-failover", aliasTo(computed[ref("web-alb", "dnsName")], "Z14GRHDCWA56QT"));
            expect(onlyFinding(policy, stack.filter((item) => item.name !== "web-alb")).message).to.equal("Alias 0 of record web-failover points at " +
                "ALB web-alb-1a2b3c4-1234567890.ap-northeast-2.elb.amazonaws.com but has zoneId \"Z14GRHDCWA56QT\": set aliases[0].zoneId to the " +
                "target's canonical hosted zone (ZWKZPGTI48KDX) - the load balancer's zoneId output, or Z2BJ6XQ5FK7U4H for an accelerator.");
        });

        it("reports the record's own zone on an NLB alias, without a canonical zone it does not know", () => {
            expect(onlyFinding(policy, [...plannedStack(), nlb, nlbRecord(hostedZoneId)]).message).to.equal("Alias 0 of record tcp points at " +
                "load balancer tcp-nlb but has zoneId \"Z0123456789EXAMPLE\" (the record's own hosted zone): set aliases[0].zoneId to the target's " +
                "canonical hosted zone - the load balancer's zoneId output, or Z2BJ6XQ5FK7U4H for an accelerator.");
        });

        it("does not judge a real zone id on an NLB alias, whose canonical zone it cannot tell", () => {
            expect(findingsOf(policy, [...plannedStack(), nlb, nlbRecord("ZIBE1TIR4HY56")])).to.deep.equal([]);
        });
    });

    describe("routing-record-set-identifier", () => {
        const policy = "routing-record-set-identifier";
        const message = "Record web-failover has a routing policy but no setIdentifier: set one that is unique for its name and type in the zone, " +
            "e.g. the stack's region.";
        const plainRecord = { failoverRoutingPolicies: undefined, aliases: undefined, ttl: 60, records: ["203.0.113.10"], setIdentifier: undefined };

        it("reports multivalue, geoproximity and CIDR records without one", () => {
            const routings = [
                { multivalueAnswerRoutingPolicy: true },
                { geoproximityRoutingPolicy: { awsRegion: "ap-northeast-2", bias: 10 } },
                { cidrRoutingPolicy: { collectionId: ref("web-cidrs", "id"), locationName: "office" } },
            ];
            for (const routing of routings) {
                expect(onlyFinding(policy, changed(plannedStack(), "web-failover", { ...plainRecord, ...routing }))).to.deep.equal({
                    policy, source: "Route 53 API reference, ResourceRecordSet.SetIdentifier", enforcementLevel: "mandatory",
                    urn: named(plannedStack(), "web-failover").urn, message,
                });
            }
        });

        it("passes a record whose multivalue answer is turned off", () => {
            expect(findingsOf(policy, changed(plannedStack(), "web-failover", { ...plainRecord, multivalueAnswerRoutingPolicy: false }))).to.deep.equal([]);
        });

        it("reports an empty setIdentifier like a missing one", () => {
            expect(onlyFinding(policy, changed(plannedStack(), "web-failover", { setIdentifier: "" })).message).to.equal(message);
        });
    });

    describe("failover-alias-evaluates-target-health", () => {
        const policy = "failover-alias-evaluates-target-health";

        it("reports an alias that leaves it unset, with the whole message", () => {
            const stack = changed(plannedStack(), "web-failover", { aliases: [{ name: ref("web-alb", "dnsName"), zoneId: ref("web-alb", "zoneId") }] });
            expect(onlyFinding(policy, stack).message).to.equal("Failover record web-failover has aliases[0].evaluateTargetHealth not set: set it to true, " +
                "or Route 53 keeps answering with this record while every target behind the alias is unhealthy.");
        });

        it("asks nothing of failover records without aliases", () => {
            const stack = changed(plannedStack(), "web-failover", { aliases: undefined, ttl: 60, records: ["203.0.113.10"] });
            expect(findingsOf(policy, stack)).to.deep.equal([]);
        });

        it("has no verdict while an alias or its evaluateTargetHealth is not known", () => {
            const pending = [[unknown], [{ name: ref("web-alb", "dnsName"), zoneId: ref("web-alb", "zoneId"), evaluateTargetHealth: ref("settings", "evaluate") }]];
            for (const aliases of pending) {
                expect(findingsOf(policy, changed(plannedStack(), "web-failover", { aliases }))).to.deep.equal([]);
            }
        });
    });

    describe("health-check-checker-regions", () => {
        const policy = "health-check-checker-regions";

        it("reports too few regions with the whole message", () => {
            const stack = changed(plannedStack(), "web-health", { regions: ["us-east-1", "us-west-2"] });
            expect(onlyFinding(policy, stack).message).to.equal("Health check web-health has regions [\"us-east-1\",\"us-west-2\"]: use at least 3 of " +
                "us-east-1, us-west-1, us-west-2, eu-west-1, ap-southeast-1, ap-southeast-2, ap-northeast-1, sa-east-1 (there is no Seoul checker).");
        });

        it("passes an empty list, which means every checker region", () => {
            expect(findingsOf(policy, changed(plannedStack(), "web-health", { regions: [] }))).to.deep.equal([]);
        });

        it("has no verdict while one of the regions is not known", () => {
            const stack = changed(plannedStack(), "web-health", { regions: ["ap-northeast-1", ref("settings", "checkerRegion")] });
            expect(findingsOf(policy, stack)).to.deep.equal([]);
        });
    });

    describe("target-group-health-check-enabled", () => {
        const policy = "target-group-health-check-enabled";

        it("reports a target group without a health check, with the whole message", () => {
            const stack = changed(plannedStack(), "web-tg", { healthCheck: undefined });
            expect(onlyFinding(policy, stack)).to.deep.equal({
                policy, enforcementLevel: "mandatory", urn: named(stack, "web-tg").urn,
                source: "ELB API reference, CreateTargetGroup (health check defaults); the AWS provider's aws_lb_target_group defaults differ from the API's",
                message: "Target group web-tg has healthCheck.enabled not set: set healthCheck: { enabled: true, path, interval, timeout, healthyThreshold, " +
                    "unhealthyThreshold } explicitly, so the ALB (and Route 53 and Global Accelerator through it) can tell a failed target from a healthy one.",
            });
        });

        it("has no verdict while the health check or its enabled flag is not known", () => {
            for (const healthCheck of [ref("settings", "healthCheck"), { enabled: ref("settings", "healthCheckEnabled"), path: "/health" }]) {
                expect(findingsOf(policy, changed(plannedStack(), "web-tg", { healthCheck }))).to.deep.equal([]);
            }
        });
    });

    describe("target-group-auto-named", () => {
        const policy = "target-group-auto-named";
        const fixedMessage = (name: string) => `Target group web-tg has the fixed name "${name}": remove name and let Pulumi auto-name it (or use a ` +
            "namePrefix of at most 6 characters). With a fixed name, a change of port, protocol or target type fails with ResourceInUse, " +
            "because the replacement cannot be created while a listener still uses the old group.";
        const longLogical = "web-target-group-for-the-api-tier";
        const longGroup = (name: string) => resource(types.targetGroup, longLogical, { port: 80, protocol: "HTTP", name });

        it("treats an empty name as no name", () => {
            expect(findingsOf(policy, changed(plannedStack(), "web-tg", { name: "" }))).to.deep.equal([]);
        });

        it("reports fixed names that only look generated", () => {
            // More than the logical name before the hex digits; not seven hex digits; another logical name; no logical name at all.
            for (const name of ["web-tg-green-20240601", "web-tg-primary", "api-tg-1a2b3c4", "deadbee"]) {
                const stack = changed(plannedStack(), "web-tg", { name });
                expect(onlyFinding(policy, stack)).to.deep.equal({
                    policy, enforcementLevel: "mandatory", urn: named(stack, "web-tg").urn, message: fixedMessage(name),
                    source: "ELB API reference, CreateTargetGroup (names are unique per region and account): a fixed name blocks create-before-delete replacement",
                });
            }
        });

        it("passes a generated name whose logical part was cut short to the 32-character limit", () => {
            const name = "web-target-group-for-the-1a2b3c4";
            expect(name).to.have.length(32);
            expect(findingsOf(policy, [longGroup(name)])).to.deep.equal([]);
        });

        it("reports a name one character over the limit, which Pulumi never generates", () => {
            const name = "web-target-group-for-the-a1a2b3c4";
            expect(name).to.have.length(33);
            expect(onlyFinding(policy, [longGroup(name)]).message).to.contain(`Target group ${longLogical} has the fixed name "${name}"`);
        });
    });

    describe("target-group-has-targets", () => {
        const policy = "target-group-has-targets";
        const spare = resource(types.targetGroup, "spare-tg", { healthCheck: { enabled: true } });
        const spareMessage = "Target group spare-tg receives requests from web-rule-beta but nothing in the stack registers targets in it " +
            "(no Auto Scaling group targetGroupArns, aws.lb.TargetGroupAttachment or aws.autoscaling.Attachment refers to it). A group without " +
            "targets counts as unhealthy, so Route 53 evaluate-target-health and Global Accelerator treat the whole ALB as unhealthy: " +
            "register targets in it, or stop routing to it.";
        const previewRule = (actions: unknown[]): PolicyResource => ({
            ...resource(types.listenerRule, "web-rule-beta", { listenerArn: ref("web-alb-https", "arn"), priority: 10, actions }),
            dependencies: { actions: [spare.urn] },
        });

        it("counts an attachment by the group's real ARN", () => {
            const attachment = resource(types.targetGroupAttachment, "web-target", { targetGroupArn: ref("web-tg", "arn"), targetId: "i-0123456789abcdef0" });
            const stack = deployedStack([...plannedStack().filter((item) => item.name !== "web-fleet"), attachment]);
            expect(findingsOf(policy, stack)).to.deep.equal([]);
        });

        it("sees the groups behind a preview-unknown action or weighted forward through the rule's dependencies", () => {
            for (const actions of [[unknown], [{ type: "forward", forward: { targetGroups: unknown } }]]) {
                const stack = [...plannedStack(), spare, previewRule(actions)];
                expect(onlyFinding(policy, stack)).to.deep.equal({
                    policy, enforcementLevel: "mandatory", urn: spare.urn, message: spareMessage,
                    source: "Route 53 API reference, AliasTarget.EvaluateTargetHealth: \"A target group that has no registered targets is considered unhealthy\"",
                });
            }
        });
    });

    describe("a reference that is a preview unknown, followed through the dependencies of the property that holds it", () => {
        /** `stack` with `property` of `name` made a preview unknown that depends on the resources named `on`, and the same without dependency information. */
        const unknownIn = (stack: PolicyResource[], name: string, property: string, on: string[], value: unknown = unknown) => [true, false].map((withDependencies) => stack.map((item) =>
            item.name !== name ? item : {
                ...item, props: { ...item.props, [property]: value },
                ...(withDependencies ? { dependencies: { [property]: on.map((target) => named(stack, target).urn) } } : {}),
            }));

        it("https-health-check-tls-version: the check's fqdn and the listener's load balancer ARN", () => {
            const tls13Only = changed(plannedStack(), "web-alb-https", { sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" });
            for (const [name, property] of [["web-health", "fqdn"], ["web-alb-https", "loadBalancerArn"]]) {
                const [followed, unfollowed] = unknownIn(tls13Only, name, property, ["web-alb"]);
                expect(findingsOf("https-health-check-tls-version", followed), `${name}.${property}`).to.have.length(1);
                expect(findingsOf("https-health-check-tls-version", unfollowed), `${name}.${property} without dependencies`).to.deep.equal([]);
            }
        });

        it("accelerator-traffic-admitted: the endpoint's ALB, the ALB's security group and the ingress rule's group", () => {
            const guarded = guardedAlb(["203.0.113.0/24"], false);
            expect(findingsOf("accelerator-traffic-admitted", guarded)).to.have.length(1);
            const cases: [string, string, string, unknown][] = [
                ["web-endpoints", "endpointConfigurations", "web-alb", [{ endpointId: unknown, weight: 128, clientIpPreservationEnabled: false }]],
                ["web-alb", "securityGroups", "web-alb-sg", [unknown]],
            ];
            for (const [name, property, on, value] of cases) {
                const [followed, unfollowed] = unknownIn(guarded, name, property, [on], value);
                expect(findingsOf("accelerator-traffic-admitted", followed), `${name}.${property}`).to.have.length(1);
                expect(findingsOf("accelerator-traffic-admitted", unfollowed), `${name}.${property} without dependencies`).to.deep.equal([]);
            }
            // A rule whose group is unknown counts for the group it depends on: its 0.0.0.0/0 admits every client there.
            const everyone = changed(guarded, "web-alb-sg-in-0", { cidrIpv4: "0.0.0.0/0" });
            const [followed, unfollowed] = unknownIn(everyone, "web-alb-sg-in-0", "securityGroupId", ["web-alb-sg"]);
            expect(findingsOf("accelerator-traffic-admitted", followed)).to.deep.equal([]);
            expect(findingsOf("accelerator-traffic-admitted", unfollowed), "a rule of no known group admits no one here").to.have.length(1);
        });

        it("routing-control-initial-state: the control a step turns On", () => {
            const control = resource(types.routingControl, "web-routing-control", { clusterArn: ref("web-cluster", "arn") }, "us-west-2");
            const step = resource(types.routingControlInitialState, "web-routing-control-on", { routingControlArn: ref("web-routing-control", "arn"), clusterEndpoints: [], state: "On" });
            const [followed, unfollowed] = unknownIn([...plannedStack(), control, step], "web-routing-control-on", "routingControlArn", ["web-routing-control"]);
            expect(findingsOf("routing-control-initial-state", followed)).to.deep.equal([]);
            const other = resource(types.routingControl, "web-routing-control-2", { clusterArn: ref("web-cluster", "arn") }, "us-west-2");
            expect(findingsOf("routing-control-initial-state", [...followed, other]).map((finding) => finding.message)).to.deep.equal([
                "Routing control web-routing-control-2 is never turned On: ARC creates it Off, so its region is out of the records after the deploy; create it with the RoutingControls component, which turns it On.",
            ]);
            expect(findingsOf("routing-control-initial-state", unfollowed), "no verdict without dependencies").to.deep.equal([]);
        });
    });
});

import { expect } from "chai";
import { changed, deployedStack, findingsOf, onlyFinding, plannedStack, ref, resource, types } from "./fixtures";

describe("policy", () => {
    describe("region alarms notify", () => {
        const policy = "region-alarms-notify";

        it("passes a load balancer with an alarm that notifies a topic, by reference or by real value", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
            expect(findingsOf(policy, deployedStack())).to.deep.equal([]);
        });

        it("reports a load balancer no alarm watches", () => {
            for (const stack of [plannedStack(), deployedStack()].map((item) => item.filter((entry) => entry.type !== types.metricAlarm))) {
                expect(onlyFinding(policy, stack)).to.include({ urn: stack[0].urn, enforcementLevel: "mandatory" });
            }
        });

        it("reports an alarm on another load balancer only as leaving this one unwatched", () => {
            const elsewhere = changed(plannedStack(), "web-alarms-serving-badly", {
                metricQueries: [{ id: "bad", returnData: true, metric: { namespace: "AWS/ApplicationELB", metricName: "RequestCount", stat: "Sum", period: 60, dimensions: { LoadBalancer: ref("other-alb", "arnSuffix") } } }],
            });
            expect(onlyFinding(policy, elsewhere).message).to.contain("Load balancer web-alb has no CloudWatch alarm");
        });

        it("reports an alarm without actions", () => {
            const silent = changed(plannedStack(), "web-alarms-serving-badly", { alarmActions: [] });
            expect(onlyFinding(policy, silent).message).to.contain("Alarm web-alarms-serving-badly has no alarmActions");
        });

        it("has no verdict while the alarm's dimensions are preview unknowns", () => {
            const unknown = changed(plannedStack(), "web-alarms-serving-badly", { metricQueries: "${unknown}" });
            expect(findingsOf(policy, unknown)).to.deep.equal([]);
        });
    });

    describe("alarm topics are subscribed", () => {
        const policy = "alarm-topic-subscribed";

        it("passes a topic with a subscription and advises on one without", () => {
            expect(findingsOf(policy, deployedStack())).to.deep.equal([]);
            const nobody = plannedStack().filter((item) => item.type !== types.subscription);
            expect(onlyFinding(policy, nobody)).to.include({ enforcementLevel: "advisory" });
            expect(onlyFinding(policy, deployedStack(nobody)).message).to.contain("Alarm topic web-alarms-topic has no subscription");
        });
    });

    describe("Route 53 alarm regions", () => {
        const policy = "route53-alarm-region";

        it("passes a CLOUDWATCH_METRIC check that names its alarm's own region", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
            expect(findingsOf(policy, deployedStack())).to.deep.equal([]);
        });

        it("reports a check that looks for its alarm in another region, by reference or by real name", () => {
            const wrong = changed(plannedStack(), "web-alarm-health", { cloudwatchAlarmRegion: "us-east-1" });
            for (const stack of [wrong, deployedStack(wrong)]) {
                expect(onlyFinding(policy, stack).message).to.contain('looks for alarm web-alarms-serving-badly in "us-east-1", but the alarm is in ap-northeast-2');
            }
        });

        it("reports a followed alarm with an extended statistic", () => {
            const percentile = changed(plannedStack(), "web-alarms-serving-badly", {
                metricQueries: [{ id: "p", returnData: true, metric: { namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime", stat: "p99", period: 60, dimensions: { LoadBalancer: ref("web-alb", "arnSuffix") } } }],
            });
            expect(onlyFinding(policy, percentile).message).to.contain('uses ["p99"]');
        });

        it("reports an alarm on Route 53 metrics outside us-east-1 and passes one in us-east-1", () => {
            const onRoute53 = (region: string) => [...plannedStack(), resource(types.metricAlarm, "web-health-alarm", {
                namespace: "AWS/Route53", metricName: "HealthCheckStatus", statistic: "Minimum", period: 60, dimensions: { HealthCheckId: ref("web-health", "id") },
                alarmActions: [ref("web-alarms-topic", "arn")],
            }, region)];
            expect(onlyFinding(policy, onRoute53("ap-northeast-2")).message).to.contain("reads AWS/Route53 metrics in ap-northeast-2");
            expect(findingsOf(policy, onRoute53("us-east-1"))).to.deep.equal([]);
        });
    });

    describe("routing-control region", () => {
        const policy = "routing-control-region";

        it("passes ARC resources in us-west-2 and reports them elsewhere", () => {
            expect(findingsOf(policy, [...plannedStack(), resource(types.cluster, "env-cluster", {}, "us-west-2")])).to.deep.equal([]);
            expect(onlyFinding(policy, [...plannedStack(), resource(types.cluster, "env-cluster", {}, "ap-northeast-2")]).message)
                .to.contain("env-cluster is sent to ap-northeast-2; Route 53 ARC's configuration API is only in us-west-2");
        });
    });

    describe("records use the combined check", () => {
        const policy = "records-use-combined-check";

        it("passes records that carry the CALCULATED check over the alarm check, by reference or by real id", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
            expect(findingsOf(policy, deployedStack())).to.deep.equal([]);
        });

        it("reports a record that carries the endpoint check alone", () => {
            const bare = changed(plannedStack(), "web-failover", { healthCheckId: ref("web-health", "id") });
            for (const stack of [bare, deployedStack(bare)]) {
                expect(onlyFinding(policy, stack).message).to.contain('carries health check web-health ("HTTPS"), which leaves out web-alarm-health');
            }
        });

        it("reports a combined check that leaves the alarm check out", () => {
            const partial = changed(plannedStack(), "web-combined-health", { childHealthchecks: [ref("web-health", "id")] });
            expect(onlyFinding(policy, partial).message).to.contain("web-combined-health (\"CALCULATED\"), which leaves out web-alarm-health");
        });

        it("asks nothing of stacks without alarm or routing-control checks", () => {
            const plain = changed(plannedStack().filter((item) => item.name !== "web-alarm-health"), "web-failover", { healthCheckId: ref("web-health", "id") });
            expect(findingsOf(policy, plain)).to.deep.equal([]);
        });
    });
});

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
            const elsewhere = changed(changed(plannedStack(), "web-alarms-serving-badly", {
                metricQueries: [{ id: "bad", returnData: true, metric: { namespace: "AWS/ApplicationELB", metricName: "RequestCount", stat: "Sum", period: 60, dimensions: { LoadBalancer: ref("other-alb", "arnSuffix") } } }],
            }), "web-alarms-elb-5xx", { dimensions: { LoadBalancer: ref("other-alb", "arnSuffix") } });
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

        it("has no verdict while the only alarm that might watch the ALB has unknown queries, dimensions or load balancer", () => {
            // The serving-badly alarm watches another ALB; the 5xx alarm is the one that might watch web-alb.
            const elsewhere = changed(plannedStack(), "web-alarms-serving-badly", {
                metricQueries: [{ id: "bad", returnData: true, metric: { namespace: "AWS/ApplicationELB", metricName: "RequestCount", stat: "Sum", period: 60, dimensions: { LoadBalancer: ref("other-alb", "arnSuffix") } } }],
            });
            expect(findingsOf(policy, elsewhere), "the 5xx alarm watches web-alb").to.deep.equal([]);
            expect(findingsOf(policy, changed(elsewhere, "web-alarms-elb-5xx", { dimensions: { LoadBalancer: ref("other-alb", "arnSuffix") } })), "no alarm on web-alb").to.have.length(1);
            for (const unknown of [{ dimensions: "${unknown}" }, { dimensions: { LoadBalancer: "${unknown}" } }, { metricQueries: "${unknown}" }]) {
                expect(findingsOf(policy, changed(elsewhere, "web-alarms-elb-5xx", unknown)), JSON.stringify(unknown)).to.deep.equal([]);
            }
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

        it("reports an alarm on Route 53 metrics outside us-east-1 and passes one in us-east-1", () => {
            const onRoute53 = (region: string) => [...plannedStack(), resource(types.metricAlarm, "web-health-alarm", {
                namespace: "AWS/Route53", metricName: "HealthCheckStatus", statistic: "Minimum", period: 60, dimensions: { HealthCheckId: ref("web-health", "id") },
                alarmActions: [ref("web-alarms-topic", "arn")],
            }, region)];
            expect(onlyFinding(policy, onRoute53("ap-northeast-2")).message).to.contain("reads AWS/Route53 metrics in ap-northeast-2");
            expect(findingsOf(policy, onRoute53("us-east-1"))).to.deep.equal([]);
        });
    });

    describe("alarms Route 53 can follow", () => {
        const policy = "route53-followable-alarm";
        const alarmName = "web-alarms-elb-5xx";

        it("passes a CLOUDWATCH_METRIC check on a single-metric, standard-statistic, standard-resolution alarm in its own region", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
            expect(findingsOf(policy, deployedStack())).to.deep.equal([]);
        });

        it("reports a check that follows the metric-math alarm, by reference or by real name", () => {
            const math = changed(plannedStack(), "web-alarm-health", { cloudwatchAlarmName: ref("web-alarms-serving-badly", "name") });
            for (const stack of [math, deployedStack(math)]) {
                expect(onlyFinding(policy, stack).message).to.equal("Health check web-alarm-health follows alarm web-alarms-serving-badly, which Route 53 cannot follow: " +
                    "it is a metric-math alarm; Route 53 follows single-metric alarms only (CloudWatchAlarmConfiguration needs MetricName, Namespace, Statistic and Period).");
            }
        });

        it("reports a check that follows a composite alarm", () => {
            const composite = resource(types.compositeAlarm, "web-both", { alarmName: "web-both", alarmRule: "ALARM(a) AND ALARM(b)" });
            const stack = changed([...plannedStack(), composite], "web-alarm-health", { cloudwatchAlarmName: ref("web-both", "alarmName") });
            expect(onlyFinding(policy, stack).message).to.contain("it is a composite alarm");
        });

        it("reports an extended statistic, and passes each standard one", () => {
            expect(onlyFinding(policy, changed(plannedStack(), alarmName, { statistic: undefined, extendedStatistic: "p99" })).message)
                .to.contain('it uses the statistic "p99"; Route 53 supports Average, Sum, SampleCount, Maximum, Minimum only');
            for (const statistic of ["Average", "Sum", "SampleCount", "Maximum", "Minimum"]) {
                expect(findingsOf(policy, changed(plannedStack(), alarmName, { statistic })), statistic).to.deep.equal([]);
            }
        });

        it("reports a high-resolution period, on each side of 60 s", () => {
            expect(onlyFinding(policy, changed(plannedStack(), alarmName, { period: 30 })).message).to.contain("its period of 30 s makes it a high-resolution alarm");
            expect(findingsOf(policy, changed(plannedStack(), alarmName, { period: 60 }))).to.deep.equal([]);
        });

        it("reports a period that is not a multiple of 60 s, and passes one that is", () => {
            expect(onlyFinding(policy, changed(plannedStack(), alarmName, { period: 90 })).message).to.contain("its period of 90 s makes it a high-resolution alarm");
            expect(findingsOf(policy, changed(plannedStack(), alarmName, { period: 300 }))).to.deep.equal([]);
        });

        it("gives every reason at once, separated by semicolons", () => {
            expect(onlyFinding(policy, changed(plannedStack(), alarmName, { statistic: undefined, extendedStatistic: "p99", period: 30 })).message).to.contain(
                'it uses the statistic "p99"; Route 53 supports Average, Sum, SampleCount, Maximum, Minimum only; its period of 30 s makes it a high-resolution alarm');
        });

        it("reports a check that looks for its alarm in another region, or in one an AlarmIdentifier cannot name", () => {
            const wrong = changed(plannedStack(), "web-alarm-health", { cloudwatchAlarmRegion: "us-east-1" });
            for (const stack of [wrong, deployedStack(wrong)]) {
                expect(onlyFinding(policy, stack).message).to.contain('the check looks for it in "us-east-1", but the alarm is in ap-northeast-2');
            }
            expect(onlyFinding(policy, changed(plannedStack(), "web-alarm-health", { cloudwatchAlarmRegion: "eu-west-9" })).message)
                .to.contain('"eu-west-9" is not a region an AlarmIdentifier can name');
        });

        it("has no verdict while the check's alarm region or the alarm's queries are preview unknowns", () => {
            expect(findingsOf(policy, changed(plannedStack(), "web-alarm-health", { cloudwatchAlarmRegion: ref("settings", "region") }))).to.deep.equal([]);
            const unknownQueries = changed(changed(plannedStack(), "web-alarm-health", { cloudwatchAlarmName: ref("web-alarms-serving-badly", "name") }), "web-alarms-serving-badly", { metricQueries: "${unknown}" });
            expect(findingsOf(policy, unknownQueries)).to.deep.equal([]);
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

    describe("routing controls", () => {
        const control = (props: Record<string, unknown> = {}) => resource(types.routingControl, "web-routing-control", { clusterArn: ref("web-cluster", "arn"), ...props }, "us-west-2");
        const turnedOn = (state: unknown = "On") => resource(types.routingControlInitialState, "web-routing-control-on", {
            routingControlArn: ref("web-routing-control", "arn"), clusterEndpoints: [], state,
        });

        it("routing-control-initial-state: passes a control turned On when it is created, by reference or by real ARN", () => {
            const stack = [...plannedStack(), control(), turnedOn()];
            expect(findingsOf("routing-control-initial-state", stack)).to.deep.equal([]);
            expect(findingsOf("routing-control-initial-state", deployedStack(stack))).to.deep.equal([]);
        });

        it("routing-control-initial-state: reports a control nothing turns On (ARC creates it Off), and one given Off", () => {
            const never = [...plannedStack(), control()];
            for (const stack of [never, deployedStack(never)]) {
                expect(onlyFinding("routing-control-initial-state", stack)).to.include({
                    enforcementLevel: "mandatory", urn: stack.find((item) => item.type === types.routingControl)!.urn,
                    message: "Routing control web-routing-control is never turned On: ARC creates it Off, so its region is out of the records after the deploy; create it with the RoutingControls component, which turns it On.",
                });
            }
            expect(onlyFinding("routing-control-initial-state", [...plannedStack(), control(), turnedOn("Off")]).message)
                .to.equal("Routing control web-routing-control is given the first state \"Off\": it must be On, or its region stays out of the records.");
        });

        it("routing-control-initial-state: finds the control a step names by a reference to its id too", () => {
            const byId = resource(types.routingControlInitialState, "web-routing-control-on", { routingControlArn: ref("web-routing-control", "id"), clusterEndpoints: [], state: "On" });
            expect(findingsOf("routing-control-initial-state", [...plannedStack(), control(), byId])).to.deep.equal([]);
        });

        it("routing-control-initial-state: a step turns On only the control it names", () => {
            const other = resource(types.routingControl, "web-routing-control-2", { clusterArn: ref("web-cluster", "arn") }, "us-west-2");
            expect(onlyFinding("routing-control-initial-state", [...plannedStack(), control(), other, turnedOn()]).message)
                .to.equal("Routing control web-routing-control-2 is never turned On: ARC creates it Off, so its region is out of the records after the deploy; create it with the RoutingControls component, which turns it On.");
        });

        it("routing-control-initial-state: has no verdict while a step's control is a preview unknown", () => {
            const unknown = resource(types.routingControlInitialState, "web-routing-control-on", { routingControlArn: "${unknown}", state: "On" });
            expect(findingsOf("routing-control-initial-state", [...plannedStack(), control(), unknown])).to.deep.equal([]);
        });

        it("routing-control-name: refuses a name CreateRoutingControl refuses, at both sides of 64 characters and with white space", () => {
            expect(onlyFinding("routing-control-name", [control({ name: "x".repeat(65) })]).message)
                .to.equal(`Routing control web-routing-control is named "${"x".repeat(65)}"; CreateRoutingControl takes 1..64 characters without white space.`);
            expect(onlyFinding("routing-control-name", [control({ name: "seoul region" })]).message).to.contain("without white space");
            expect(findingsOf("routing-control-name", [control({ name: "x".repeat(64) })])).to.deep.equal([]);
            expect(onlyFinding("routing-control-name", [control({ name: "" })]).message).to.equal('Routing control web-routing-control is named ""; CreateRoutingControl takes 1..64 characters without white space.');
            expect(findingsOf("routing-control-name", [control({ name: "x" })])).to.deep.equal([]);
            expect(findingsOf("routing-control-name", [control()])).to.deep.equal([]);
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

import { expect } from "chai";
import { StackRun } from "../../offline/runStack";
import { regionAlarmKeys } from "../../domain/regionAlarms";
import { named, ofType, runBothStacks, runTestStack, withValues } from "../harness";

/** A small stack config of our own (not the repository's stack files). */
function stackConfig(region: string, values: Record<string, unknown>): Record<string, string> {
    return withValues({ "aws:region": region, "app:dns.zoneName": "example.com" }, values);
}

const checkType = "aws:route53/healthCheck:HealthCheck";
const recordType = "aws:route53/record:Record";

describe("program: alarms, combined health, routing controls and dashboard", () => {
    let seoul: StackRun;
    let tokyo: StackRun;

    before(async () => {
        seoul = await runTestStack("seoul", stackConfig("ap-northeast-2", {
            "dns.failoverRole": "PRIMARY",
            "routingControls.enabled": true, "routingControls.owner": true, "routingControls.regions": ["ap-northeast-2", "ap-northeast-1"],
            "alarms.evaluationPeriods": 2,
        }));
        tokyo = await runTestStack("tokyo", stackConfig("ap-northeast-1", {
            "dns.failoverRole": "SECONDARY",
            "routingControls.enabled": true, "routingControls.ownerStack": "organization/app/seoul",
            "dashboard.owner": true, "dashboard.stacks": ["organization/app/seoul"], "dashboard.name": "demo-env",
        }), { "organization/app/seoul": seoul.outputs });
    });

    it("creates the routing controls once, on the owner, through us-west-2", () => {
        const arc = seoul.resources.filter((resource) => resource.type.startsWith("aws:route53recoverycontrol/"));
        expect(arc.map((resource) => resource.region)).to.deep.equal(Array(5).fill("us-west-2"));
        expect(tokyo.resources.filter((resource) => resource.type.startsWith("aws:route53recoverycontrol/"))).to.deep.equal([]);
    });

    it("gives every region's records a combined check over its endpoint, alarm and routing-control checks", () => {
        const arns = seoul.outputs.routingControlArns as Record<string, string>;
        for (const [run, region] of [[seoul, "ap-northeast-2"], [tokyo, "ap-northeast-1"]] as const) {
            const combined = named(run.resources, checkType, `${run.stack}-region-health-combined`);
            const followed = ["elb-5xx", "target-5xx", "healthy-hosts-web"];
            const children = [`${run.stack}-health`, ...followed.map((key) => `${run.stack}-region-health-alarm-${key}`), `${run.stack}-region-health-control`]
                .map((name) => named(run.resources, checkType, name));
            expect(combined.inputs.childHealthchecks).to.deep.equal(children.map((child) => child.id));
            expect(combined.inputs.childHealthThreshold).to.equal(5);
            expect(children[4].inputs.routingControlArn).to.equal(arns[region]);
            followed.forEach((key, index) => {
                const alarm = named(run.resources, "aws:cloudwatch/metricAlarm:MetricAlarm", `${run.stack}-alarms-${key}`);
                expect(children[index + 1].inputs, key).to.deep.include({ cloudwatchAlarmName: alarm.state.name, cloudwatchAlarmRegion: region });
                expect(alarm.region).to.equal(region);
                expect(alarm.inputs.metricQueries, key).to.equal(undefined);
            });
            // Never the metric-math alarm: Route 53 cannot follow it.
            expect(ofType(run.resources, checkType).map((check) => check.name)).to.not.include(`${run.stack}-region-health-alarm-serving-badly`);
            expect(run.outputs.followedAlarmNames).to.deep.equal(Object.fromEntries(followed.map((key) => [key, named(run.resources, "aws:cloudwatch/metricAlarm:MetricAlarm", `${run.stack}-alarms-${key}`).state.name])));
            const records = ofType(run.resources, recordType);
            expect(records).to.have.length(3);
            for (const record of records) {
                expect(record.inputs.healthCheckId, record.name).to.equal(combined.id);
            }
        }
    });

    it("turns each new routing control On before the safety rule and before any health check follows it", () => {
        const steps = seoul.resources.filter((resource) => resource.type === "pulumi-nodejs:dynamic/arc:RoutingControlInitialState");
        const controls = ofType(seoul.resources, "aws:route53recoverycontrol/routingControl:RoutingControl");
        expect(steps.map((step) => step.name)).to.deep.equal(["seoul-routing-ap-northeast-2-on", "seoul-routing-ap-northeast-1-on"]);
        expect(steps.map((step) => step.inputs.routingControlArn)).to.deep.equal(controls.map((control) => control.state.arn));
        expect(steps.every((step) => step.inputs.state === "On" && (step.inputs.clusterEndpoints as unknown[]).length === 5)).to.equal(true);
        // The serialized provider is the engine's business, never recorded as an input.
        expect(steps.every((step) => !("__provider" in step.inputs))).to.equal(true);
        expect(named(seoul.resources, "aws:route53recoverycontrol/safetyRule:SafetyRule", "seoul-routing-keep-on").options.dependsOn)
            .to.deep.equal(steps.map((step) => step.name).sort());
        expect(seoul.resources.findIndex((resource) => resource.name === "seoul-region-health-control"))
            .to.be.greaterThan(Math.max(...steps.map((step) => seoul.resources.indexOf(step))));
    });

    it("predicts the alarm and routing-control paths in the outputs", () => {
        // Alarm: 60 s x 2 breaching periods + 60 s metric delivery + 60 s Route 53 + 60 s TTL; routing control: 10 s + 60 s TTL.
        expect(seoul.outputs.predictedFailoverSeconds).to.deep.include({ alarm: 300, routingControl: 70 });
        expect((seoul.outputs.routingControlClusterEndpoints as unknown[]).length).to.equal(5);
    });

    it("puts both regions on the owner's dashboard, each ALB's metrics in its own region", () => {
        const dashboard = named(tokyo.resources, "aws:cloudwatch/dashboard:Dashboard", "tokyo-dashboard");
        expect(dashboard.inputs.dashboardName).to.equal("demo-env");
        const widgets = (JSON.parse(String(dashboard.inputs.dashboardBody)) as { widgets: { properties: { region: string; metrics: unknown[][] } }[] }).widgets;
        for (const run of [seoul, tokyo]) {
            const suffix = named(run.resources, "aws:lb/loadBalancer:LoadBalancer", `${run.stack}-alb`).state.arnSuffix;
            const showing = widgets.filter((widget) => widget.properties.metrics.some((metric) => metric.includes(suffix)));
            expect(showing.length, run.stack).to.equal(4);
            expect(showing.every((widget) => widget.properties.region === run.outputs.region)).to.equal(true);
        }
        expect(ofType(seoul.resources, "aws:cloudwatch/dashboard:Dashboard")).to.deep.equal([]);
    });

    describe("on the shipped layout (the global stack owns the accelerator)", () => {
        type Widget = { properties: { title: string; region: string; metrics: unknown[][] } };
        let runs: Awaited<ReturnType<typeof runBothStacks>>;
        before(async () => {
            runs = await runBothStacks();
        });

        it("shows every region's endpoint group of the global stack's accelerator, in us-west-2", () => {
            const body = String(named(runs.tokyo.resources, "aws:cloudwatch/dashboard:Dashboard", "tokyo-dashboard").inputs.dashboardBody);
            const widgets = (JSON.parse(body) as { widgets: Widget[] }).widgets;
            const traffic = widgets.filter((widget) => widget.properties.metrics.some((metric) => metric[0] === "AWS/GlobalAccelerator"));
            // The accelerator's id, from the listener ARN the global stack exports (…:accelerator/<id>/listener/<id>).
            const listenerArn = String(runs.global.outputs.globalAcceleratorListenerArn);
            const acceleratorId = /accelerator\/([^/]+)\/listener\//.exec(listenerArn)?.[1];
            expect(acceleratorId, listenerArn).to.be.a("string");
            expect(traffic).to.have.length(1);
            expect(traffic[0].properties.region).to.equal("us-west-2");
            expect(traffic[0].properties.metrics.map((metric) => metric.slice(0, 6))).to.have.deep.members([
                ["AWS/GlobalAccelerator", "NewFlowCount", "Accelerator", acceleratorId, "EndpointGroup", "ap-northeast-2"],
                ["AWS/GlobalAccelerator", "NewFlowCount", "Accelerator", acceleratorId, "EndpointGroup", "ap-northeast-1"],
            ]);
        });

        it("shows every health check the records use: endpoint, followed alarms and combined, per region", () => {
            const body = String(named(runs.tokyo.resources, "aws:cloudwatch/dashboard:Dashboard", "tokyo-dashboard").inputs.dashboardBody);
            const status = (JSON.parse(body) as { widgets: Widget[] }).widgets.find((widget) => widget.properties.metrics.some((metric) => metric[0] === "AWS/Route53"))!;
            const shown = status.properties.metrics.map((metric) => metric[3]);
            for (const run of [runs.seoul, runs.tokyo]) {
                const checks = ofType(run.resources, checkType).map((check) => check.id);
                expect(checks.length, run.stack).to.be.greaterThan(0);
                expect(shown, run.stack).to.include.members(checks);
            }
        });
    });

    it("carries every alarms key to its resource", async () => {
        const run = await runTestStack("seoul", stackConfig("ap-northeast-2", {
            "dns.failoverRole": "PRIMARY", "alarms.periodSeconds": 300, "alarms.evaluationPeriods": 4, "alarms.holdDownPeriods": 7, "alarms.errorRatePercent": 12.5,
            "alarms.elb5xxPerPeriod": 41, "alarms.target5xxPerPeriod": 43,
            "alarms.minimumRequests": 500, "alarms.minimumHealthyHosts": 3, "alarms.targetResponseTimeSeconds": 0.75, "alarms.rejectedConnections": 9,
            "alarms.insufficientData": "Healthy", "alarms.childThreshold": "any", "alarms.notifyEmails": ["pager@example.com"],
        }));
        const alarm = (name: string) => named(run.resources, "aws:cloudwatch/metricAlarm:MetricAlarm", `seoul-alarms-${name}`).inputs;
        const serving = alarm("serving-badly");
        const queries = serving.metricQueries as { expression?: string; metric?: { period: number } }[];
        expect(serving).to.deep.include({ datapointsToAlarm: 4, evaluationPeriods: 10 });
        expect(alarm("elb-5xx")).to.deep.include({ threshold: 41, period: 300, datapointsToAlarm: 4, evaluationPeriods: 10 });
        expect(alarm("target-5xx").threshold).to.equal(43);
        expect(queries.filter((query) => query.metric).every((query) => query.metric!.period === 300)).to.equal(true);
        expect(queries.map((query) => query.expression ?? "").join(" ")).to.include(">= 500 AND errorshare > 12.5").and.include("< 3, 1, 0)");
        expect(alarm("latency")).to.deep.include({ threshold: 0.75, period: 300 });
        expect(alarm("rejected-connections").threshold).to.equal(9);
        expect(alarm("healthy-hosts-web").threshold).to.equal(3);
        expect(named(run.resources, checkType, "seoul-region-health-alarm-elb-5xx").inputs.insufficientDataHealthStatus).to.equal("Healthy");
        expect(named(run.resources, checkType, "seoul-region-health-combined").inputs.childHealthThreshold).to.equal(1);
        expect(ofType(run.resources, "aws:sns/topicSubscription:TopicSubscription").map((subscription) => subscription.inputs.endpoint)).to.deep.equal(["pager@example.com"]);
        // 60 s metric delay + 300 s x 4 + 60 s Route 53 + 60 s TTL.
        expect(run.outputs.predictedFailoverSeconds).to.deep.include({ alarm: 1380 });
    });

    it("keeps the endpoint check on the records when alarms are off and there is no routing control", async () => {
        const run = await runTestStack("seoul", stackConfig("ap-northeast-2", { "dns.failoverRole": "PRIMARY", "alarms.enabled": false }));
        expect(ofType(run.resources, "aws:cloudwatch/metricAlarm:MetricAlarm")).to.deep.equal([]);
        expect(ofType(run.resources, checkType).map((check) => check.name)).to.deep.equal(["seoul-health"]);
        expect(ofType(run.resources, recordType)[0].inputs.healthCheckId).to.equal(named(run.resources, checkType, "seoul-health").id);
        expect(run.outputs.predictedFailoverSeconds).to.not.have.property("alarm");
    });

    it("follows the configured alarms, one CLOUDWATCH_METRIC check each, when serving-badly is not wanted", async () => {
        const run = await runTestStack("seoul", stackConfig("ap-northeast-2", { "dns.failoverRole": "PRIMARY", "alarms.followed": ["healthy-hosts-web", "latency"] }));
        const followed = ["healthy-hosts-web", "latency"].map((key) => named(run.resources, checkType, `seoul-region-health-alarm-${key}`));
        expect(followed.map((check) => check.inputs.cloudwatchAlarmName)).to.deep.equal(
            ["healthy-hosts-web", "latency"].map((key) => named(run.resources, "aws:cloudwatch/metricAlarm:MetricAlarm", `seoul-alarms-${key}`).state.name));
        const combined = named(run.resources, checkType, "seoul-region-health-combined").inputs;
        expect(combined.childHealthchecks).to.deep.equal([named(run.resources, checkType, "seoul-health").id, ...followed.map((check) => check.id)]);
        expect(Object.keys(run.outputs.healthCheckIds as object)).to.deep.equal(["endpoint", "alarm-healthy-hosts-web", "alarm-latency", "combined"]);
    });

    it("creates exactly the alarms domain/regionAlarms.ts lets alarms.followed name", async () => {
        const run = await runTestStack("seoul", stackConfig("ap-northeast-2", { "dns.failoverRole": "PRIMARY" }));
        const names = ofType(run.resources, "aws:cloudwatch/metricAlarm:MetricAlarm").map((alarm) => alarm.name.replace(/^seoul-alarms-/, ""));
        expect(names).to.have.members(regionAlarmKeys(["web"]));
    });

    it("keeps the alarms but not the alarm check with alarms.healthCheck false", async () => {
        const run = await runTestStack("seoul", stackConfig("ap-northeast-2", { "dns.failoverRole": "PRIMARY", "alarms.healthCheck": false }));
        expect(ofType(run.resources, "aws:cloudwatch/metricAlarm:MetricAlarm").length).to.be.above(0);
        expect(ofType(run.resources, checkType).map((check) => check.name)).to.deep.equal(["seoul-health"]);
    });

    it("takes the region out through the combined check when a drill simulates an outage", async () => {
        const run = await runTestStack("seoul", stackConfig("ap-northeast-2", { "dns.failoverRole": "PRIMARY", "drill.simulateOutage": true }));
        expect(named(run.resources, checkType, "seoul-region-health-combined").inputs.childHealthThreshold).to.equal(5);
    });
});

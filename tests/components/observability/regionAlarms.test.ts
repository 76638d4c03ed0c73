import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { RegionAlarms, RegionAlarmsArgs, validateRegionAlarms } from "../../../components/observability/regionAlarms";
import { maxAlarmMetrics } from "../../../domain/awsFacts";
import { route53AlarmStatistics } from "../../../domain/route53Alarms";
import { OfflineAwsMocks } from "../../../offline/awsMocks";
import { runStack } from "../../../offline/runStack";
import { named, ofType, projectFiles, runComponents, testWorld } from "../../harness";

const albSuffix = "app/seoul-alb-1/0123456789abcdef";
const args: RegionAlarmsArgs = {
    albArnSuffix: albSuffix,
    targetGroups: { web: "targetgroup/seoul-web/1111111111111111", canary: "targetgroup/seoul-canary/2222222222222222" },
    periodSeconds: 120,
    breachingPeriods: 4,
    holdDownPeriods: 3,
    elb5xxPerPeriod: 11,
    target5xxPerPeriod: 13,
    errorRatePercent: 7.5,
    minimumRequests: 50,
    minimumHealthyHosts: 2,
    targetResponseTimeSeconds: 1.5,
    rejectedConnections: 3,
    notifyEmails: ["ops@example.com"],
};
const alarmType = "aws:cloudwatch/metricAlarm:MetricAlarm";

function build(overrides: Partial<RegionAlarmsArgs> = {}) {
    return runComponents(() => {
        const regional = new aws.Provider("test-ap-northeast-2", { region: "ap-northeast-2" });
        new RegionAlarms("seoul-alarms", { ...args, ...overrides }, { providers: [regional] });
    });
}

interface Query { id: string; expression?: string; returnData?: boolean; metric?: { namespace: string; metricName: string; stat: string; period: number; dimensions: Record<string, string> } }

describe("RegionAlarms", () => {
    describe("the notify-only serving-badly alarm", () => {
        it("judges the ALB plus target 5xx share of enough requests, and the healthy hosts of every target group, with the configured limits", async () => {
            const run = await build();
            const alarm = named(run.resources, alarmType, "seoul-alarms-serving-badly");
            const queries = alarm.inputs.metricQueries as Query[];
            const metrics = queries.filter((query) => query.metric !== undefined);
            expect(metrics.map((query) => query.metric!.metricName)).to.deep.equal(["RequestCount", "HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "HealthyHostCount", "HealthyHostCount"]);
            expect(metrics.filter((query) => query.metric!.metricName === "HealthyHostCount").map((query) => query.metric!.dimensions))
                .to.deep.equal([{ TargetGroup: args.targetGroups.web, LoadBalancer: albSuffix }, { TargetGroup: args.targetGroups.canary, LoadBalancer: albSuffix }]);
            const expressions = queries.filter((query) => query.expression !== undefined).map((query) => query.expression).join("\n");
            expect(expressions).to.include("FILL(requests, 0) >= 50 AND errorshare > 7.5");
            expect(expressions).to.include("< 2, 1, 0)");
            expect(queries.filter((query) => query.returnData).map((query) => query.id)).to.deep.equal(["servingbadly"]);
            expect(alarm.inputs).to.deep.include({ comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1, evaluationPeriods: 6, datapointsToAlarm: 4, treatMissingData: "notBreaching" });
            expect(alarm.inputs.alarmDescription).to.include("notify only");
        });

        it("uses only standard statistics at standard resolution, as Route 53 requires", async () => {
            const run = await build();
            const metrics = (named(run.resources, alarmType, "seoul-alarms-serving-badly").inputs.metricQueries as Query[]).flatMap((query) => (query.metric ? [query.metric] : []));
            expect(metrics).to.have.length.above(0);
            for (const metric of metrics) {
                expect(route53AlarmStatistics as readonly string[]).to.include(metric.stat);
                expect(metric.period).to.equal(120);
            }
        });

        it("judges the 5xx share alone when no target group has targets", async () => {
            const run = await build({ targetGroups: {} });
            const queries = named(run.resources, alarmType, "seoul-alarms-serving-badly").inputs.metricQueries as Query[];
            expect(queries.find((query) => query.returnData)!.expression).to.equal("errorsbad");
            expect(queries.some((query) => query.metric?.metricName === "HealthyHostCount")).to.equal(false);
        });
    });

    describe("the single-metric alarms Route 53 can follow", () => {
        it("counts the ALB's own 5xx and the targets' 5xx per period, a missing point counting as none (CloudWatch reports them only when not zero)", async () => {
            const run = await build();
            expect(named(run.resources, alarmType, "seoul-alarms-elb-5xx").inputs).to.deep.include({
                namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", statistic: "Sum", period: 120, dimensions: { LoadBalancer: albSuffix },
                comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 11, treatMissingData: "notBreaching",
            });
            expect(named(run.resources, alarmType, "seoul-alarms-target-5xx").inputs).to.deep.include({
                metricName: "HTTPCode_Target_5XX_Count", statistic: "Sum", threshold: 13, treatMissingData: "notBreaching",
            });
        });

        it("fires after the breaching periods and returns to OK only after the hold-down: DatapointsToAlarm M of EvaluationPeriods M + hold-down - 1", async () => {
            const single = ofType((await build()).resources, alarmType).filter((alarm) => alarm.inputs.metricQueries === undefined);
            expect(single).to.have.length(6);
            for (const alarm of single) {
                expect(alarm.inputs, alarm.name).to.deep.include({ datapointsToAlarm: 4, evaluationPeriods: 6 });
                expect(route53AlarmStatistics as readonly string[], alarm.name).to.include(alarm.inputs.statistic);
            }
            const noHoldDown = ofType((await build({ holdDownPeriods: 1 })).resources, alarmType);
            expect(noHoldDown.map((alarm) => alarm.inputs.evaluationPeriods)).to.satisfy((periods: number[]) => periods.length > 0 && periods.every((periods) => periods === 4));
        });
    });

    it("alarms on healthy hosts per target group, latency and rejected connections with the configured thresholds", async () => {
        const run = await build();
        expect(named(run.resources, alarmType, "seoul-alarms-healthy-hosts-canary").inputs).to.deep.include({
            metricName: "HealthyHostCount", statistic: "Minimum", comparisonOperator: "LessThanThreshold", threshold: 2, period: 120,
            dimensions: { TargetGroup: args.targetGroups.canary, LoadBalancer: albSuffix },
        });
        expect(named(run.resources, alarmType, "seoul-alarms-latency").inputs).to.deep.include({ metricName: "TargetResponseTime", statistic: "Average", threshold: 1.5 });
        expect(named(run.resources, alarmType, "seoul-alarms-rejected-connections").inputs).to.deep.include({ metricName: "RejectedConnectionCount", statistic: "Sum", threshold: 3 });
    });

    it("notifies one topic in the alarms' own region, and subscribes the configured addresses", async () => {
        const run = await build();
        const topic = named(run.resources, "aws:sns/topic:Topic", "seoul-alarms-topic");
        expect(topic.region).to.equal("ap-northeast-2");
        const alarms = ofType(run.resources, alarmType);
        expect(alarms).to.have.length(7);
        for (const alarm of alarms) {
            expect(alarm.region, alarm.name).to.equal("ap-northeast-2");
            expect(alarm.inputs.alarmActions, alarm.name).to.deep.equal([topic.state.arn]);
            expect(alarm.inputs.okActions, alarm.name).to.deep.equal([topic.state.arn]);
        }
        expect(ofType(run.resources, "aws:sns/topicSubscription:TopicSubscription").map((subscription) => subscription.inputs))
            .to.deep.equal([{ topic: topic.state.arn, protocol: "email", endpoint: "ops@example.com" }]);
    });

    describe("validation", () => {
        it("refuses periods that are not whole minutes, at both sides", () => {
            expect(validateRegionAlarms({ periodSeconds: 90, targetGroups: {} })).to.have.length(1);
            expect(validateRegionAlarms({ periodSeconds: 30, targetGroups: {} })[0]).to.match(/multiple of 60/);
            expect(validateRegionAlarms({ periodSeconds: 60, targetGroups: {} })).to.deep.equal([]);
            expect(validateRegionAlarms({ periodSeconds: 120, targetGroups: {} })).to.deep.equal([]);
        });

        it("refuses more target groups than a metric math alarm can fetch, at the boundary", () => {
            const groups = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`g${index}`, `targetgroup/g${index}/1`]));
            expect(validateRegionAlarms({ periodSeconds: 60, targetGroups: groups(maxAlarmMetrics - 3) })).to.deep.equal([]);
            expect(validateRegionAlarms({ periodSeconds: 60, targetGroups: groups(maxAlarmMetrics - 2) })[0]).to.match(/would fetch 11 metrics; CloudWatch allows 10/);
        });
    });
});

describe("offline mocks: CloudWatch alarms", () => {
    async function refusalsOf(build: () => void): Promise<string[]> {
        const mocks = new OfflineAwsMocks("unit", "aws", testWorld);
        await runStack("unit", {
            files: projectFiles, style: "aws", world: testWorld, config: { "aws:region": "ap-northeast-2" }, mocks,
            program: async () => { build(); return {}; },
        }).catch(() => undefined);
        return mocks.refusals;
    }

    it("refuse an alarm that notifies a topic in another region, and accept one in its own", async () => {
        const alarm = (topicRegion: string) => () => {
            const regional = new aws.Provider("test-ap-northeast-2", { region: "ap-northeast-2" });
            new aws.cloudwatch.MetricAlarm(`alarm-${topicRegion}`, {
                namespace: "AWS/ApplicationELB", metricName: "RequestCount", statistic: "Sum", period: 60, evaluationPeriods: 1,
                comparisonOperator: "GreaterThanThreshold", threshold: 1, alarmActions: [`arn:aws:sns:${topicRegion}:123456789012:ops`],
            }, { provider: regional });
        };
        expect((await refusalsOf(alarm("us-east-1"))).join("\n")).to.include("Invalid region us-east-1 specified. Only ap-northeast-2 is supported.");
        expect(await refusalsOf(alarm("ap-northeast-2"))).to.deep.equal([]);
    });

    it("refuse a metric period CloudWatch does not have, and a math alarm with no single result", async () => {
        const regional = () => new aws.Provider("test-ap-northeast-2", { region: "ap-northeast-2" });
        expect((await refusalsOf(() => new aws.cloudwatch.MetricAlarm("odd", {
            namespace: "AWS/ApplicationELB", metricName: "RequestCount", statistic: "Sum", period: 45, evaluationPeriods: 1, comparisonOperator: "GreaterThanThreshold", threshold: 1,
        }, { provider: regional() }))).join("\n")).to.include("Period 45 must be 10, 20, 30 or a multiple of 60");
        expect((await refusalsOf(() => new aws.cloudwatch.MetricAlarm("two-results", {
            evaluationPeriods: 1, comparisonOperator: "GreaterThanThreshold", threshold: 1,
            metricQueries: [{ id: "a", expression: "1", returnData: true }, { id: "b", expression: "2", returnData: true }],
        }, { provider: regional() }))).join("\n")).to.include("exactly one element of Metrics must have ReturnData set to true");
    });

    it("refuse DatapointsToAlarm above EvaluationPeriods, and accept it equal", async () => {
        const alarm = (datapointsToAlarm: number) => () => new aws.cloudwatch.MetricAlarm(`m-${datapointsToAlarm}`, {
            namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", statistic: "Sum", period: 60, evaluationPeriods: 3, datapointsToAlarm,
            comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1,
        }, { provider: new aws.Provider("test-ap-northeast-2", { region: "ap-northeast-2" }) });
        expect((await refusalsOf(alarm(4))).join("\n")).to.include("DatapointsToAlarm (4) must be less than or equal to EvaluationPeriods (3)");
        expect(await refusalsOf(alarm(3))).to.deep.equal([]);
    });

    it("refuse an evaluation window over a day for periods under an hour, and accept one of exactly a day", async () => {
        const alarm = (evaluationPeriods: number) => () => new aws.cloudwatch.MetricAlarm(`w-${evaluationPeriods}`, {
            namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", statistic: "Sum", period: 1800, evaluationPeriods,
            comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1,
        }, { provider: new aws.Provider("test-ap-northeast-2", { region: "ap-northeast-2" }) });
        expect((await refusalsOf(alarm(49))).join("\n")).to.include("must not exceed one day for periods under an hour");
        expect(await refusalsOf(alarm(48))).to.deep.equal([]);
    });
});

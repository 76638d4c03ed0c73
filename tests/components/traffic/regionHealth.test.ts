import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { RegionHealth, RegionHealthArgs, validateRegionHealth } from "../../../components/traffic/regionHealth";
import { OfflineAwsMocks } from "../../../offline/awsMocks";
import { runStack } from "../../../offline/runStack";
import { named, projectFiles, runComponents, testWorld } from "../../harness";

const checkType = "aws:route53/healthCheck:HealthCheck";
const controlArn = "arn:aws:route53-recovery-control::123456789012:controlpanel/0123456789abcdef0123456789abcdef/routingcontrol/0123456789abcdef";

function build(args: Partial<RegionHealthArgs>) {
    return runComponents(() => {
        const regional = new aws.Provider("test-ap-northeast-2", { region: "ap-northeast-2" });
        new RegionHealth("seoul-region-health", { endpointHealthCheckId: "endpoint-check", ...args }, { providers: [regional] });
    });
}

const alarms = { "serving-badly": { name: "seoul-serving-badly", region: "ap-northeast-2" } } as const;

describe("RegionHealth", () => {
    it("follows each alarm in its own region with a CLOUDWATCH_METRIC check and the configured insufficient-data status", async () => {
        const run = await build({ alarms: { ...alarms, "healthy-hosts-web": { name: "seoul-hosts-web", region: "ap-northeast-2" } }, insufficientData: "Unhealthy" });
        expect(named(run.resources, checkType, "seoul-region-health-alarm-serving-badly").inputs).to.deep.include({
            type: "CLOUDWATCH_METRIC", cloudwatchAlarmName: "seoul-serving-badly", cloudwatchAlarmRegion: "ap-northeast-2", insufficientDataHealthStatus: "Unhealthy",
        });
        expect(named(run.resources, checkType, "seoul-region-health-alarm-healthy-hosts-web").inputs.cloudwatchAlarmName).to.equal("seoul-hosts-web");
        expect(named(run.resources, checkType, "seoul-region-health-combined").inputs.childHealthThreshold).to.equal(3);
    });

    it("combines the endpoint and alarm checks in a CALCULATED check that needs all children by default", async () => {
        const run = await build({ alarms });
        const alarmCheck = named(run.resources, checkType, "seoul-region-health-alarm-serving-badly");
        expect(alarmCheck.inputs.insufficientDataHealthStatus).to.equal("LastKnownStatus");
        expect(named(run.resources, checkType, "seoul-region-health-combined").inputs).to.deep.include({
            type: "CALCULATED", childHealthchecks: ["endpoint-check", alarmCheck.id], childHealthThreshold: 2,
        });
    });

    it("needs one healthy child with childThreshold any", async () => {
        const run = await build({ alarms, childThreshold: "any" });
        expect(named(run.resources, checkType, "seoul-region-health-combined").inputs.childHealthThreshold).to.equal(1);
    });

    it("adds a RECOVERY_CONTROL check on the routing control to the children", async () => {
        const run = await build({ alarms, routingControlArn: controlArn });
        const control = named(run.resources, checkType, "seoul-region-health-control");
        expect(control.inputs).to.deep.include({ type: "RECOVERY_CONTROL", routingControlArn: controlArn });
        const combined = named(run.resources, checkType, "seoul-region-health-combined").inputs;
        expect(combined.childHealthchecks).to.have.length(3).and.include(control.id);
        expect(combined.childHealthThreshold).to.equal(3);
    });

    it("is always unhealthy when a drill forces it: the threshold is above the children", async () => {
        const run = await build({ alarms, forceUnhealthy: true });
        expect(named(run.resources, checkType, "seoul-region-health-combined").inputs.childHealthThreshold).to.equal(3);
    });

    describe("validation", () => {
        it("refuses nothing to combine", () => {
            expect(validateRegionHealth({})).to.deep.equal(["needs an alarm or a routing control to combine with the endpoint check"]);
            expect(validateRegionHealth({ alarms })).to.deep.equal([]);
        });

        it("refuses childThreshold any with a routing control, accepts all", () => {
            expect(validateRegionHealth({ routingControlArn: controlArn, childThreshold: "any" })[0]).to.match(/must be all with a routing control/);
            expect(validateRegionHealth({ routingControlArn: controlArn, childThreshold: "all" })).to.deep.equal([]);
        });
    });
});

describe("offline mocks: Route 53 checks on alarms and routing controls", () => {
    async function refusalsOf(alarmArgs: Partial<aws.cloudwatch.MetricAlarmArgs>, alarmRegion: string, checkedRegion: string): Promise<string[]> {
        const mocks = new OfflineAwsMocks("unit", "aws", testWorld);
        await runStack("unit", {
            files: projectFiles, style: "aws", world: testWorld, config: { "aws:region": "ap-northeast-2" }, mocks,
            program: async () => {
                const provider = new aws.Provider(`test-${alarmRegion}`, { region: alarmRegion as aws.Region });
                const target = new aws.cloudwatch.MetricAlarm("watched", {
                    namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime", period: 60, evaluationPeriods: 1,
                    comparisonOperator: "GreaterThanThreshold", threshold: 1, ...alarmArgs,
                }, { provider });
                new aws.route53.HealthCheck("follows", { type: "CLOUDWATCH_METRIC", cloudwatchAlarmName: target.name, cloudwatchAlarmRegion: checkedRegion, insufficientDataHealthStatus: "LastKnownStatus" }, { provider });
                return {};
            },
        }).catch(() => undefined);
        return mocks.refusals;
    }

    it("refuse a check bound to an alarm with an extended statistic, accept a standard one", async () => {
        expect((await refusalsOf({ extendedStatistic: "p99" }, "ap-northeast-2", "ap-northeast-2")).join("\n"))
            .to.match(/InvalidInput: Route 53 cannot follow CloudWatch alarm watched-\w+: it uses the extended statistic p99; Route 53 supports Average, Sum, SampleCount, Maximum, Minimum only/);
        expect(await refusalsOf({ statistic: "Average" }, "ap-northeast-2", "ap-northeast-2")).to.deep.equal([]);
    });

    it("refuse a check that looks for the alarm in another region than the alarm's", async () => {
        expect((await refusalsOf({ statistic: "Average" }, "ap-northeast-2", "us-east-1")).join("\n"))
            .to.match(/the alarm was created in ap-northeast-2, but the health check looks for it in us-east-1/);
    });

    it("refuse a check bound to a metric-math alarm, which has no metric, statistic or period for CloudWatchAlarmConfiguration", async () => {
        const math: Partial<aws.cloudwatch.MetricAlarmArgs> = {
            namespace: undefined, metricName: undefined, period: undefined,
            metricQueries: [
                { id: "errors", returnData: false, metric: { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", stat: "Sum", period: 60 } },
                { id: "bad", returnData: true, expression: "IF(errors > 10, 1, 0)" },
            ],
        };
        expect((await refusalsOf(math, "ap-northeast-2", "ap-northeast-2")).join("\n"))
            .to.include("it is a metric-math alarm; Route 53 follows single-metric alarms only (CloudWatchAlarmConfiguration requires MetricName, Namespace, Statistic, Period)");
    });

    it("refuse a check bound to a high-resolution alarm, on each side of the standard 60 s period", async () => {
        expect((await refusalsOf({ statistic: "Sum", period: 30 }, "ap-northeast-2", "ap-northeast-2")).join("\n")).to.include("its period of 30 s makes it a high-resolution alarm");
        expect(await refusalsOf({ statistic: "Sum", period: 60 }, "ap-northeast-2", "ap-northeast-2")).to.deep.equal([]);
    });

    it("refuse a check bound to a composite alarm", async () => {
        const mocks = new OfflineAwsMocks("unit", "aws", testWorld);
        await runStack("unit", {
            files: projectFiles, style: "aws", world: testWorld, config: { "aws:region": "ap-northeast-2" }, mocks,
            program: async () => {
                const provider = new aws.Provider("test-ap-northeast-2", { region: "ap-northeast-2" });
                const composite = new aws.cloudwatch.CompositeAlarm("both", { alarmName: "both-bad", alarmRule: "ALARM(a) AND ALARM(b)" }, { provider });
                new aws.route53.HealthCheck("follows", { type: "CLOUDWATCH_METRIC", cloudwatchAlarmName: composite.alarmName, cloudwatchAlarmRegion: "ap-northeast-2" }, { provider });
                return {};
            },
        }).catch(() => undefined);
        expect(mocks.refusals.join("\n")).to.include("Route 53 cannot follow CloudWatch alarm both-bad: it is a composite alarm");
    });

    it("refuse a RECOVERY_CONTROL check without a routing control ARN", async () => {
        const mocks = new OfflineAwsMocks("unit", "aws", testWorld);
        await runStack("unit", {
            files: projectFiles, style: "aws", world: testWorld, config: { "aws:region": "ap-northeast-2" }, mocks,
            program: async () => {
                new aws.route53.HealthCheck("control", { type: "RECOVERY_CONTROL", routingControlArn: "arn:aws:sns:us-east-1:123456789012:x" },
                    { provider: new aws.Provider("test-ap-northeast-2", { region: "ap-northeast-2" }) });
                return {};
            },
        }).catch(() => undefined);
        expect(mocks.refusals.join("\n")).to.include("a RECOVERY_CONTROL health check needs a routing control ARN");
    });
});

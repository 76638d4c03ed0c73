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
        expect((await refusalsOf({ extendedStatistic: "p99" }, "ap-northeast-2", "ap-northeast-2")).join("\n")).to.match(/Route 53 does not support alarm .*extended statistic p99/);
        expect(await refusalsOf({ statistic: "Average" }, "ap-northeast-2", "ap-northeast-2")).to.deep.equal([]);
    });

    it("refuse a check that looks for the alarm in another region than the alarm's", async () => {
        expect((await refusalsOf({ statistic: "Average" }, "ap-northeast-2", "us-east-1")).join("\n")).to.match(/no CloudWatch alarm watched-\w+ in us-east-1 \(it is in ap-northeast-2\)/);
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

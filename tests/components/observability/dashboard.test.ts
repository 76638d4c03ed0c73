import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { dashboardBody, DashboardRegion, RegionsDashboard } from "../../../components/observability/dashboard";
import { OfflineAwsMocks } from "../../../offline/awsMocks";
import { runStack } from "../../../offline/runStack";
import { named, projectFiles, runComponents, testWorld } from "../../harness";

const seoul: DashboardRegion = {
    stack: "seoul", region: "ap-northeast-2", albArnSuffix: "app/seoul-alb/1",
    targetGroups: { web: "targetgroup/seoul-web/1" }, healthChecks: { endpoint: "hc-seoul", combined: "hc-seoul-combined" }, accelerator: true,
};
const tokyo: DashboardRegion = {
    stack: "tokyo", region: "ap-northeast-1", albArnSuffix: "app/tokyo-alb/2",
    targetGroups: { web: "targetgroup/tokyo-web/2" }, healthChecks: { endpoint: "hc-tokyo" }, accelerator: true,
};
const acceleratorArn = "arn:aws:globalaccelerator::123456789012:accelerator/1234abcd-abcd-1234-abcd-1234abcd5678";

type Metric = (string | Record<string, string>)[];
const metricsOf = (widget: { properties: Record<string, unknown> }) => widget.properties.metrics as Metric[];

describe("RegionsDashboard", () => {
    describe("dashboardBody", () => {
        const body = dashboardBody([seoul, tokyo], acceleratorArn);

        it("shows requests, 5xx, latency and healthy hosts of every region side by side, each widget in its region", () => {
            const albWidgets = body.widgets.filter((widget) => metricsOf(widget).some((metric) => metric[0] === "AWS/ApplicationELB"));
            expect(albWidgets).to.have.length(8);
            for (const widget of albWidgets) {
                const region = widget.properties.region === "ap-northeast-2" ? seoul : tokyo;
                expect(metricsOf(widget).every((metric) => metric.includes(region.albArnSuffix)), String(widget.properties.title)).to.equal(true);
            }
            const firstRow = albWidgets.filter((widget) => widget.y === 0);
            expect(firstRow.map((widget) => [widget.properties.region, widget.x])).to.deep.equal([["ap-northeast-2", 0], ["ap-northeast-1", 12]]);
        });

        it("reads Route 53 health-check status in us-east-1, every region's checks in one widget", () => {
            const widget = body.widgets.find((candidate) => metricsOf(candidate).some((metric) => metric[0] === "AWS/Route53"))!;
            expect(widget.properties.region).to.equal("us-east-1");
            expect(metricsOf(widget).map((metric) => metric[3])).to.deep.equal(["hc-seoul", "hc-seoul-combined", "hc-tokyo"]);
        });

        it("reads accelerator traffic per endpoint group in us-west-2, by the accelerator's id", () => {
            const widget = body.widgets.find((candidate) => metricsOf(candidate).some((metric) => metric[0] === "AWS/GlobalAccelerator"))!;
            expect(widget.properties.region).to.equal("us-west-2");
            expect(metricsOf(widget).map((metric) => metric.slice(1, 6))).to.deep.equal([
                ["NewFlowCount", "Accelerator", "1234abcd-abcd-1234-abcd-1234abcd5678", "EndpointGroup", "ap-northeast-2"],
                ["NewFlowCount", "Accelerator", "1234abcd-abcd-1234-abcd-1234abcd5678", "EndpointGroup", "ap-northeast-1"],
            ]);
        });

        it("has no accelerator widget without an accelerator", () => {
            expect(dashboardBody([seoul, tokyo]).widgets.some((widget) => metricsOf(widget).some((metric) => metric[0] === "AWS/GlobalAccelerator"))).to.equal(false);
        });
    });

    it("asks CloudWatch for a dashboard whose body holds the metrics in their regions", async () => {
        const run = await runComponents(() => {
            new RegionsDashboard("env-dashboard", { dashboardName: "multi-region", regions: [seoul, tokyo], acceleratorArn },
                { providers: [new aws.Provider("test-ap-northeast-1", { region: "ap-northeast-1" })] });
        }, "ap-northeast-1");
        const dashboard = named(run.resources, "aws:cloudwatch/dashboard:Dashboard", "env-dashboard");
        expect(dashboard.inputs.dashboardName).to.equal("multi-region");
        const regions = (JSON.parse(String(dashboard.inputs.dashboardBody)) as { widgets: { properties: { region: string } }[] }).widgets.map((widget) => widget.properties.region);
        expect([...new Set(regions)].sort()).to.deep.equal(["ap-northeast-1", "ap-northeast-2", "us-east-1", "us-west-2"]);
    });
});

describe("offline mocks: dashboards", () => {
    it("refuse a body that is not a JSON object with widgets, like PutDashboard", async () => {
        const mocks = new OfflineAwsMocks("unit", "aws", testWorld);
        await runStack("unit", {
            files: projectFiles, style: "aws", world: testWorld, config: { "aws:region": "ap-northeast-1" }, mocks,
            program: async () => {
                const provider = new aws.Provider("test-ap-northeast-1", { region: "ap-northeast-1" });
                new aws.cloudwatch.Dashboard("broken", { dashboardName: "broken", dashboardBody: "{widgets: []" }, { provider });
                new aws.cloudwatch.Dashboard("empty", { dashboardName: "empty", dashboardBody: "{}" }, { provider });
                new aws.cloudwatch.Dashboard("fine", { dashboardName: "fine", dashboardBody: JSON.stringify({ widgets: [] }) }, { provider });
                return {};
            },
        }).catch(() => undefined);
        expect(mocks.refusals.map((refusal) => refusal.split(":")[1])).to.have.length(2);
        expect(mocks.refusals.join("\n")).to.include("broken: InvalidParameterInput: The field DashboardBody must be a valid JSON object")
            .and.include("empty: InvalidParameterInput: The dashboard body must hold a widgets list");
    });
});

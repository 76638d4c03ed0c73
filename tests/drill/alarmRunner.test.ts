/** `drill run --dry-run` with the alarm and routing-control levers, through the real runner and CLI options. */
import { CloudWatchClient, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { UpdateEndpointGroupCommand } from "@aws-sdk/client-global-accelerator";
import { UpdateHealthCheckCommand } from "@aws-sdk/client-route-53";
import { expect } from "chai";
import { runDrill } from "../../drill/runner/runner";
import { drillOptions, fakeDrill } from "./fakes";

describe("drill run --dry-run on the alarm and routing-control paths", () => {
    let drill: ReturnType<typeof fakeDrill>;
    afterEach(() => drill.restore());

    it("plans the alarm lever: the alarm forced, Route 53 following it, GA and the endpoint check left alone", async () => {
        drill = fakeDrill();
        drill.automation.outputsError = new Error("no credentials: run pulumi login");
        const cloudWatch = new CloudWatchClient({ region: "ap-northeast-2" });
        const result = await runDrill(drillOptions({ dryRun: true, lever: "alarm" }), { ...drill.deps, aws: { ...drill.deps.aws, cloudWatch: () => cloudWatch } });
        expect(result.report.outcome).to.equal("planned");
        const printed = drill.progress.events.join("\n");
        expect(printed).to.include("Drill plan: take ap-northeast-2 (seoul) out with the alarm lever");
        expect(printed).to.include("SetAlarmState ALARM, again every 20 s");
        expect(printed).to.match(/alarm:seoul:serving-badly\s+ok, insufficient-data -> alarm\s+0 s/);
        expect(printed).to.match(/guard:alarm:tokyo\s+ok, insufficient-data -> ok, insufficient-data\s+guard/);
        expect(printed).to.match(/dns:failover@any\s+ap-northeast-2 -> ap-northeast-1\s+60 s/);
        expect(printed).to.match(/health-check:seoul\s+healthy -> healthy\s+no change/);
        expect(printed).to.match(/accelerator-dial:seoul\s+dial=100 -> dial=100\s+no change/);
        expect(drill.world.route53Mock.calls()).to.have.length(0);
    });

    it("refuses the routing-control lever on stacks without routing controls, naming the stack file", async () => {
        drill = fakeDrill();
        let failure: Error | undefined;
        await runDrill(drillOptions({ dryRun: true, lever: "routing-control" }), drill.deps).catch((error: Error) => { failure = error; });
        expect(failure?.message).to.match(/Pulumi\.seoul\.yaml: a drill on the routing-control path needs routing controls/);
    });
});

describe("drill run with the alarm lever, against the fake account", () => {
    let drill: ReturnType<typeof fakeDrill>;
    afterEach(() => drill.restore());

    it("holds the alarm in ALARM past CloudWatch's re-evaluation, sees DNS move while /health and the dial stay, and restores OK", async () => {
        drill = fakeDrill({}, { alarms: true });
        const result = await runDrill(drillOptions({ lever: "alarm" }), drill.deps);
        const report = result.report;
        expect(report.outcome, drill.progress.events.slice(-40).join("\n")).to.equal("passed");
        const forced = drill.world.cloudWatchMock.commandCalls(SetAlarmStateCommand).map((call) => call.args[0].input.StateValue);
        // More than one ALARM: the fake puts the alarm back to OK 60 s after each one, as CloudWatch would.
        expect(forced.filter((state) => state === "ALARM").length).to.be.greaterThan(1);
        expect(forced.at(-1)).to.equal("OK");
        expect(drill.world.alarmedAt("seoul", drill.clock.now())).to.equal(false);
        expect(drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand)).to.have.length(0);
        expect(drill.world.acceleratorMock.commandCalls(UpdateEndpointGroupCommand)).to.have.length(0);
        const markdown = JSON.stringify(report);
        expect(markdown).to.include("alarm:seoul:serving-badly").and.include("set by SetAlarmState");
    });
});

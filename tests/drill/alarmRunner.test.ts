/** `drill run --dry-run` with the alarm and routing-control levers, through the real runner and CLI options. */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
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

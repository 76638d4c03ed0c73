/**
 * `drill run --lever fault` through the real runner against the fake account (fakes.ts): a
 * listener rule answering 503 on every path makes seoul really fail. Route 53's endpoint
 * checkers see 503s, the followed elb-5xx alarm fires after its breaching periods and holds the
 * region out for its hold-down after the rule goes, and Global Accelerator, which judges the ALB
 * by its healthy targets, keeps sending its clients there. The report compares each path with
 * its prediction.
 */
import * as fs from "node:fs";
import { UpdateEndpointGroupCommand } from "@aws-sdk/client-global-accelerator";
import { UpdateHealthCheckCommand } from "@aws-sdk/client-route-53";
import { expect } from "chai";
import { isInputError } from "../../domain/exitCodes";
import { faultRule } from "../../domain/faultRule";
import { runDrill } from "../../drill/runner/runner";
import { resumeRestore } from "../../drill/safety/restore";
import { DrillState, readState } from "../../drill/safety/stateFile";
import { drillOptions, fakeDrill, ids } from "./fakes";

describe("drill run with the fault lever, against the fake account", () => {
    let drill: ReturnType<typeof fakeDrill>;
    afterEach(() => drill.restore());

    it("plans the fault: the rule, the endpoint check and the followed elb-5xx alarm moving, the accelerator staying", async () => {
        drill = fakeDrill({}, { alarms: true });
        const result = await runDrill(drillOptions({ dryRun: true, lever: "fault" }), drill.deps);
        expect(result.report.outcome).to.equal("planned");
        const printed = drill.progress.events.join("\n");
        expect(printed).to.include("Drill plan: take ap-northeast-2 (seoul) out with the fault lever");
        expect(printed).to.include(`CreateRule priority 1, path-pattern *, fixed-response 503`);
        expect(printed).to.match(/health-check:seoul\s+healthy -> unhealthy\s+30 s/);
        // Two breaching periods of 60 s and the metrics' 60 s delivery.
        expect(printed).to.match(/alarm:seoul:elb-5xx\s+ok, insufficient-data -> alarm\s+180 s/);
        expect(printed).to.match(/alarm:seoul:target-5xx\s+ok, insufficient-data -> ok, insufficient-data\s+no change/);
        expect(printed).to.match(/accelerator-health:seoul\s+healthy -> healthy\s+no change/);
        expect(printed).to.match(/guard:alarm:tokyo:elb-5xx\s+ok, insufficient-data -> ok, insufficient-data\s+guard/);
        expect(drill.world.elbv2Calls.filter((call) => call.command !== "DescribeRules")).to.deep.equal([]);
    });

    it("adds the rule, sees each path move as AWS moves it, removes the rule, waits out the hold-down, and passes", async () => {
        drill = fakeDrill({}, { alarms: true });
        const result = await runDrill(drillOptions({ lever: "fault" }), drill.deps);
        const report = result.report;
        expect(report.outcome, `${report.summary}\n${drill.progress.events.slice(-30).join("\n")}`).to.equal("passed");
        // What the drill asked AWS for: one rule, on seoul's HTTPS listener, at the reserved priority, and its deletion.
        const changes = drill.world.elbv2Calls.filter((call) => call.command !== "DescribeRules");
        expect(changes.map((call) => call.command)).to.deep.equal(["CreateRule", "DeleteRule"]);
        expect(changes[0].input).to.deep.include({
            ListenerArn: ids.seoul.listenerArn, Priority: 1,
            Conditions: [{ Field: "path-pattern", PathPatternConfig: { Values: ["*"] } }],
            Actions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "503", ContentType: "text/plain", MessageBody: faultRule.messageBody } }],
        });
        expect(drill.world.rules.seoul).to.deep.equal([]);
        expect(drill.world.faultedAt("seoul", drill.clock.now())).to.equal(false);
        // No endpoint check inverted, no dial moved: the region failed for real.
        expect(drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand)).to.have.length(0);
        expect(drill.world.acceleratorMock.commandCalls(UpdateEndpointGroupCommand)).to.have.length(0);

        const outage = report.phases.find((phase) => phase.phase === "outage")!;
        const byId = new Map(outage.signals.map((signal) => [signal.id, signal]));
        expect(byId.get("health-check:seoul")!).to.include({ verdict: "pass", predictedSeconds: 30 });
        expect(byId.get("alarm:seoul:elb-5xx")!).to.include({ verdict: "pass", predictedSeconds: 180, withinObjective: null });
        // The fake fires 150 s in (polled every 5 s).
        expect(byId.get("alarm:seoul:elb-5xx")!.measuredSeconds).to.be.within(150, 155);
        expect(byId.get("accelerator-health:seoul")!).to.include({ verdict: "pass", measuredSeconds: null });
        expect(byId.get("http:alb:seoul")!.to).to.deep.equal(["http-503"]);

        const paths = new Map((report.paths ?? []).map((path) => [path.path, path]));
        expect(paths.get("endpoint health check")).to.include({ moved: true, predictedSeconds: 30 });
        expect(paths.get("followed alarm elb-5xx")).to.include({ moved: true, predictedSeconds: 180 });
        expect(paths.get("DNS answers")!.moved).to.equal(true);
        expect(paths.get("Global Accelerator")).to.include({ moved: false, predictedSeconds: null });
        expect(paths.get("Global Accelerator")!.note).to.match(/^did not move: Global Accelerator judges ap-northeast-2's ALB by its targets' health/);

        // Failback waits for the alarm's hold-down: the fake clears it 330 s after the rule goes.
        const recovery = report.phases.find((phase) => phase.phase === "recovery")!;
        const failover = recovery.signals.find((signal) => signal.id === "dns:failover@any")!;
        expect(failover.predictedSeconds).to.equal(420);
        expect(failover.measuredSeconds).to.be.greaterThan(330);
        expect(failover.withinObjective).to.equal(null);
        expect(failover.notes.join(" ")).to.include("failback waits for the followed alarms' hold-down");

        const markdown = fs.readFileSync(result.files!.markdown, "utf8");
        expect(markdown).to.include("## Failover paths: measured against predicted");
        expect(markdown).to.match(/\| Global Accelerator \| - \| - \| no \| did not move: Global Accelerator judges/);
    });

    it("writes the listener to the state file before CreateRule, and removes the state file and the lock once the rule is read back gone", async () => {
        drill = fakeDrill({}, { alarms: true });
        const options = drillOptions({ lever: "fault" });
        const atCreate: (DrillState | undefined)[] = [];
        drill.world.onCreateRule = () => atCreate.push(readState(options.stateFile!));
        const result = await runDrill(options, drill.deps);
        expect(result.report.outcome, result.report.summary).to.equal("passed");
        expect(atCreate).to.have.length(1);
        expect(atCreate[0]).to.deep.include({ lever: "fault", stage: "applying", originals: { faultRule: null }, leverState: { listenerArn: ids.seoul.listenerArn, ruleArn: null } });
        expect(atCreate[0]!.manualRestore[1]).to.match(/^aws elbv2 delete-rule --region ap-northeast-2 --rule-arn/);
        expect(fs.existsSync(options.stateFile!)).to.equal(false);
        expect([...drill.world.recordSets.keys()], "the drill lock and state gone, the pass recorded").to.deep.equal(["_drill-passed.example.com. TXT"]);
    });

    it("refuses when priority 1 of the serving listener is taken, naming the rule, and changes nothing", async () => {
        drill = fakeDrill({}, { alarms: true });
        drill.world.rules.seoul.push({ RuleArn: "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:listener-rule/app/seoul-alb/x/y/hand-made", Priority: "1", Actions: [{ Type: "forward" }] });
        const result = await runDrill(drillOptions({ lever: "fault" }), drill.deps);
        expect(result.report.outcome).to.equal("refused");
        expect(result.report.summary).to.include("priority 1 of ap-northeast-2's serving listener is free for the fault rule (rule arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:listener-rule/app/seoul-alb/x/y/hand-made holds it (not the drill's))");
        expect(drill.world.rules.seoul).to.have.length(1);
    });

    it("drill restore deletes only the drill's own rule after the process died, from the listener in the state file, and is idempotent", async () => {
        drill = fakeDrill({}, { alarms: true });
        const options = drillOptions({ lever: "fault" });
        drill.world.failures.deleteRule = 1;
        const first = await runDrill(options, drill.deps);
        expect(first.report.outcome).to.equal("error");
        expect(first.report.summary).to.match(/^RESTORE FAILED/);
        expect(drill.world.faultedAt("seoul", drill.clock.now())).to.equal(true);
        expect(readState(options.stateFile!)).to.deep.include({ lever: "fault", stage: "restoring" });
        // Someone adds a rule of their own meanwhile: restore must leave it.
        drill.world.rules.seoul.push({ RuleArn: "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:listener-rule/app/seoul-alb/x/y/theirs", Priority: "7", Actions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "503", MessageBody: "maintenance" } }] });
        const deps = { ...drill.deps, stateFile: options.stateFile! };
        expect(await resumeRestore(deps)).to.equal(0);
        expect(drill.world.rules.seoul.map((rule) => rule.Priority)).to.deep.equal(["7"]);
        expect(drill.world.faultedAt("seoul", drill.clock.now())).to.equal(false);
        expect(fs.existsSync(options.stateFile!)).to.equal(false);
        expect(drill.world.recordSets.size, "the drill lock and state gone, and no pass: the drill did not pass").to.equal(0);
        expect(await resumeRestore(deps)).to.equal(0);
        expect(drill.world.rules.seoul.map((rule) => rule.Priority)).to.deep.equal(["7"]);
    });

    it("refuses the routing-control lever on stacks without routing controls, naming the stack file", async () => {
        drill = fakeDrill();
        let failure: Error | undefined;
        await runDrill(drillOptions({ dryRun: true, lever: "routing-control" }), drill.deps).catch((error: Error) => { failure = error; });
        expect(failure?.message).to.match(/Pulumi\.seoul\.yaml: a drill on the routing-control path needs routing controls/);
        expect(isInputError(failure)).to.equal(true);
    });
});

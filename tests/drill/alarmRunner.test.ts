/** `drill run --dry-run` with the alarm and routing-control levers, through the real runner and CLI options. */
import * as fs from "node:fs";
import { CloudWatchClient, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { UpdateEndpointGroupCommand } from "@aws-sdk/client-global-accelerator";
import { UpdateHealthCheckCommand } from "@aws-sdk/client-route-53";
import { expect } from "chai";
import { isInputError } from "../../domain/exitCodes";
import { runDrill } from "../../drill/runner/runner";
import { resumeRestore } from "../../drill/safety/restore";
import { DrillState, readState } from "../../drill/safety/stateFile";
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
        // Bad input (exit 2), not an internal error.
        expect(isInputError(failure)).to.equal(true);
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

describe("drill safety with the alarm lever (issue 12 on the alarm path)", () => {
    let drill: ReturnType<typeof fakeDrill>;
    afterEach(() => drill.restore());

    const alarmName = "seoul-alarms-serving-badly";
    type SetAlarmStateInput = { AlarmName?: string; StateValue?: string };
    const forcedStates = () => drill.world.cloudWatchMock.commandCalls(SetAlarmStateCommand).map((call) => call.args[0].input.StateValue);

    /** A drill whose restoring SetAlarmState OK fails (as if the process died there): its state file and lock stay. */
    async function drillThatCouldNotRestore() {
        drill = fakeDrill({}, { alarms: true });
        const options = drillOptions({ lever: "alarm" });
        drill.world.cloudWatchMock.on(SetAlarmStateCommand).callsFake(async (input: SetAlarmStateInput) => {
            if (input.StateValue === "OK") {
                throw Object.assign(new Error("process died before restoring"), { name: "Killed" });
            }
            return drill.world.setAlarmState(input);
        });
        const result = await runDrill(options, drill.deps);
        expect(result.report.outcome).to.equal("error");
        expect(result.report.summary).to.match(/^RESTORE FAILED/);
        expect(readState(options.stateFile!)).to.deep.include({ lever: "alarm", stage: "restoring", leverState: { originalState: "OK" } });
        expect(drill.world.recordSets.size, "the drill lock").to.equal(1);
        drill.world.cloudWatchMock.on(SetAlarmStateCommand).callsFake(async (input: SetAlarmStateInput) => drill.world.setAlarmState(input));
        return { ...drill.deps, stateFile: options.stateFile! };
    }

    it("writes the alarm's original state to the state file before the first SetAlarmState, and removes it and the lock after OK is read back", async () => {
        drill = fakeDrill({}, { alarms: true });
        const options = drillOptions({ lever: "alarm" });
        const atFirstChange: (DrillState | undefined)[] = [];
        drill.world.cloudWatchMock.on(SetAlarmStateCommand).callsFake(async (input: SetAlarmStateInput) => {
            atFirstChange.push(readState(options.stateFile!));
            return drill.world.setAlarmState(input);
        });
        const result = await runDrill(options, drill.deps);
        expect(result.report.outcome, result.report.summary).to.equal("passed");
        expect(result.exitCode).to.equal(0);
        expect(atFirstChange[0]).to.deep.include({ lever: "alarm", stage: "applying", originals: { alarmState: "OK" }, leverState: { originalState: "OK" } });
        expect(atFirstChange[0]!.target).to.include({ servingBadlyAlarmName: alarmName });
        expect(atFirstChange[0]!.manualRestore[0]).to.match(/^aws cloudwatch set-alarm-state --region ap-northeast-2 --alarm-name seoul-alarms-serving-badly --state-value OK/);
        expect(fs.existsSync(options.stateFile!)).to.equal(false);
        expect([...drill.world.recordSets.keys()], "the drill lock gone, the pass recorded").to.deep.equal(["_drill-passed.example.com. TXT"]);
    });

    it("drill restore sets OK while the dead drill's alarm still reads ALARM, then removes the state file and the lock, and is idempotent", async () => {
        const restoreDeps = await drillThatCouldNotRestore();
        expect(drill.world.alarmedAt("seoul", drill.clock.now())).to.equal(true);
        const before = forcedStates().length;
        expect(await resumeRestore(restoreDeps)).to.equal(0);
        expect(forcedStates().slice(before)).to.deep.equal(["OK"]);
        expect(drill.world.alarmedAt("seoul", drill.clock.now())).to.equal(false);
        expect(drill.progress.events).to.include("Read back before restoring: alarm seoul-alarms-serving-badly StateValue ALARM (was OK)");
        expect(fs.existsSync(restoreDeps.stateFile)).to.equal(false);
        expect(drill.world.recordSets.size, "the drill lock").to.equal(0);
        expect(await resumeRestore(restoreDeps)).to.equal(0);
        expect(forcedStates().slice(before)).to.deep.equal(["OK"]);
    });

    it("drill restore sends nothing once CloudWatch has put the unforced alarm back, and still releases the lock", async () => {
        const restoreDeps = await drillThatCouldNotRestore();
        // Nothing re-asserts ALARM any more: at its next evaluation CloudWatch judges the real metrics.
        await drill.clock.sleep(61_000);
        expect(drill.world.alarmedAt("seoul", drill.clock.now())).to.equal(false);
        const before = forcedStates().length;
        expect(await resumeRestore(restoreDeps)).to.equal(0);
        expect(forcedStates().slice(before)).to.deep.equal([]);
        expect(fs.existsSync(restoreDeps.stateFile)).to.equal(false);
        expect(drill.world.recordSets.size, "the drill lock").to.equal(0);
    });
});

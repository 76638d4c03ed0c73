/**
 * `drill shift` and `drill shift --back` against the fake account (issue 24, items 3 and 5): a
 * staged move of traffic away from seoul (its weighted record's weight and its accelerator dial),
 * the survivors watched after each step, a roll-back on an alarm, pre-scaled survivors recorded
 * and put back, a shift killed half way finished by `drill restore`, and a failback refused until
 * the region has been healthy for the hold-down. Every assertion is on what the shift asked AWS
 * for (the recorded inputs) and what the account holds; time is the fake clock's.
 */
import * as path from "node:path";
import { UpdateEndpointGroupCommand, UpdateEndpointGroupCommandInput } from "@aws-sdk/client-global-accelerator";
import { ChangeResourceRecordSetsCommand, ChangeResourceRecordSetsCommandInput, ListResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { expect } from "chai";
import { runDrill } from "../../drill/runner/runner";
import { resumeRestore } from "../../drill/safety/restore";
import { decodeState } from "../../drill/safety/sharedState";
import { DrillState } from "../../drill/safety/stateFile";
import { Route53DrillState } from "../../drill/safety/sharedState";
import { runShift, ShiftState } from "../../drill/shift/shift";
import { ShiftValues } from "../../drill/shift/trafficValues";
import { parseStackOutputs } from "../../drill/clients/outputs";
import { failureOf } from "../thrown";
import { drillOptions, fakeDrill, groupName, ids, restoreDeps, temporaryDirectory, weightedName, weightedRecordSet, zone } from "./fakes";
import { shiftDeps, shiftOptions } from "./shiftFixtures";

type Drill = ReturnType<typeof fakeDrill>;

/** The weights the shift sent for seoul's weighted record (each batch's last change), in order, with the batch. */
function sentWeights(drill: Drill): { weight: number | undefined; set: ChangeResourceRecordSetsCommandInput }[] {
    return drill.world.route53Mock.commandCalls(ChangeResourceRecordSetsCommand)
        .filter((call) => call.args[0].input.ChangeBatch?.Changes?.[0]?.ResourceRecordSet?.Name === `${weightedName}.`)
        .map((call) => ({ weight: call.args[0].input.ChangeBatch!.Changes!.at(-1)!.ResourceRecordSet!.Weight, set: call.args[0].input }));
}

/** Sets seoul's weight to `weight` (an operator's change) right before the first change batch of seoul's weighted record that `when` accepts reaches Route 53. */
function operatorSetsWeightBefore(drill: Drill, weight: number, when: (input: ChangeResourceRecordSetsCommandInput) => boolean): void {
    let done = false;
    drill.world.beforeChange = (input) => {
        if (!done && input.ChangeBatch?.Changes?.[0]?.ResourceRecordSet?.Name === `${weightedName}.` && when(input)) {
            done = true;
            drill.world.setWeight("seoul", weight);
        }
    };
}

function sentDials(drill: Drill): (number | undefined)[] {
    return drill.world.acceleratorMock.commandCalls(UpdateEndpointGroupCommand).map((call) => (call.args[0].input as UpdateEndpointGroupCommandInput).TrafficDialPercentage);
}

/** `drill restore --yes` from another checkout finishes what a shift left: seoul's weight and dial back, the state and the lock gone. */
async function expectFinishedByRestore(drill: Drill): Promise<void> {
    const exit = await resumeRestore(restoreDeps(drill, path.join(temporaryDirectory(), "elsewhere", "state.json"), { yes: true }));
    expect(exit, drill.progress.events.join("\n")).to.equal(0);
    expect(drill.world.weight("seoul")).to.equal(50);
    expect(drill.world.dial("seoul")).to.equal(100);
    expect(drill.world.recordSets.size, "state and lock removed after the read-back").to.equal(0);
}

const stateRecord = "_drill-state.example.com. TXT";
const lockRecord = "_drill-lock.example.com. TXT";

describe("drill shift (issue 24, item 5)", () => {
    let drill: Drill;
    afterEach(() => drill.restore());

    it("moves seoul's weight and dial 100 -> 50 -> 0, each weight a delete of the exact record set and a create, holds, and returns them after the hold-down", async () => {
        drill = fakeDrill();
        const times: Record<string, number> = {};
        drill.world.onChange = (what) => {
            times[what] ??= drill.clock.elapsedSeconds();
        };
        const state = shiftOptions().stateFile!;
        const shifted = await runShift(shiftOptions({ stateFile: state }), shiftDeps(drill));
        expect(shifted.outcome, drill.progress.events.join("\n")).to.equal("shifted");
        expect(shifted.exitCode).to.equal(0);
        expect(sentWeights(drill).map((sent) => sent.weight)).to.deep.equal([25, 0]);
        expect(sentDials(drill)).to.deep.equal([50, 0]);
        // One batch per weight: a DELETE of the record set as it stands (Route 53 refuses it if anything differs) and a CREATE
        // with only the weight changed: alias target and health check kept.
        for (const [sent, before] of sentWeights(drill).map((sent, index) => [sent, [50, 25][index]] as const)) {
            expect(sent.set.HostedZoneId).to.equal(zone.hostedZoneId);
            expect(sent.set.ChangeBatch!.Changes!.map((change) => change.Action)).to.deep.equal(["DELETE", "CREATE"]);
            expect(sent.set.ChangeBatch!.Changes![0].ResourceRecordSet).to.deep.equal(weightedRecordSet("seoul", before));
            expect(sent.set.ChangeBatch!.Changes![1].ResourceRecordSet).to.deep.equal(weightedRecordSet("seoul", sent.weight!));
        }
        expect(drill.world.weight("seoul")).to.equal(0);
        expect(drill.world.dial("seoul")).to.equal(0);
        expect(drill.world.weight("tokyo"), "the survivor's record is never touched").to.equal(50);
        // Each step is watched for the hold before the next one.
        expect(times["weight seoul 0"] - times["weight seoul 25"]).to.be.at.least(60);
        // The shift holds: its state stays in the zone, as a completed shift.
        const held = await new Route53DrillState(drill.world.route53, zone).read();
        expect(held?.state).to.deep.include({ lever: "shift", stage: "applied", schemaVersion: 3 });
        expect((held?.state.leverState as unknown as ShiftState).percent).to.equal(0);
        expect(held?.state.originals).to.deep.equal({ weight: 50, trafficDialPercentage: 100 });
        // Without pre-scaling, the commands to put it back by hand are the weight's and the dial's, and nothing else.
        const byHand = ["aws route53 change-resource-record-sets", "aws globalaccelerator update-endpoint-group"];
        expect(held?.state.manualRestore.map((command) => command.split(" ").slice(0, 3).join(" "))).to.deep.equal(byHand);
        expect(drill.progress.events.find((line) => line.startsWith("By hand, if this tool dies: "))).to.match(/ && aws globalaccelerator update-endpoint-group .* --traffic-dial-percentage 100$/);

        const backStarted = drill.clock.elapsedSeconds();
        const returned = await runShift(shiftOptions({ stateFile: state, back: true, holdDownSeconds: 120 }), shiftDeps(drill));
        expect(returned.outcome, drill.progress.events.join("\n")).to.equal("returned");
        expect(sentWeights(drill).map((sent) => sent.weight)).to.deep.equal([25, 0, 25, 50]);
        expect(sentDials(drill)).to.deep.equal([50, 0, 50, 100]);
        expect(times["weight seoul 25"] < backStarted).to.equal(true);
        const firstBack = Object.entries(times).filter(([, at]) => at > backStarted).sort(([, a], [, b]) => a - b)[0];
        expect(firstBack[1] - backStarted, `${firstBack[0]} came only after the hold-down`).to.be.at.least(120);
        expect(drill.world.recordSets.has(stateRecord)).to.equal(false);
        expect(drill.world.recordSets.has(lockRecord)).to.equal(false);
        expect(drill.world.weight("seoul")).to.equal(50);
        expect(drill.world.dial("seoul")).to.equal(100);
    });

    it("rolls every step back when a survivor's alarm fires after a step, and sends no further step", async () => {
        drill = fakeDrill({}, { alarms: true });
        drill.world.onChange = (what) => {
            if (what === "weight seoul 25") {
                // tokyo serves badly 30 s into the first step's watch.
                drill.world.at(drill.clock.elapsedSeconds() + 30, () => drill.world.setAlarmFiring("tokyo"));
            }
        };
        const result = await runShift(shiftOptions(), shiftDeps(drill));
        expect(result.outcome, drill.progress.events.join("\n")).to.equal("rolled-back");
        expect(result.exitCode).to.equal(1);
        expect(result.summary).to.include("after step 1 (50%)").and.include("tokyo-alarms-target-5xx");
        expect(sentWeights(drill).map((sent) => sent.weight), "step 1, then the original").to.deep.equal([25, 50]);
        expect(sentDials(drill)).to.deep.equal([50, 100]);
        expect(drill.world.weight("seoul")).to.equal(50);
        expect(drill.world.dial("seoul")).to.equal(100);
        expect(drill.world.recordSets.size, "state and lock removed after the read-back").to.equal(0);
    });

    it("a roll-back whose restore AWS refuses keeps the state and the lock, says to run drill restore, and drill restore then finishes it", async () => {
        drill = fakeDrill({}, { alarms: true });
        drill.world.onChange = (what) => {
            if (what === "weight seoul 25") {
                drill.world.at(drill.clock.elapsedSeconds() + 30, () => drill.world.setAlarmFiring("tokyo"));
            }
        };
        let refused = false;
        drill.world.beforeChange = (input) => {
            const last = input.ChangeBatch?.Changes?.at(-1)?.ResourceRecordSet;
            if (!refused && last?.Name === `${weightedName}.` && last.Weight === 50) {
                refused = true;
                throw new Error("fake AWS: Throttling: Rate exceeded");
            }
        };
        const result = await runShift(shiftOptions(), shiftDeps(drill));
        const text = drill.progress.events.join("\n");
        expect(result.outcome, text).to.equal("rolled-back");
        expect(result.exitCode).to.equal(1);
        expect(result.summary).to.match(/^The roll-back was not confirmed: run npm run drill -- restore: /);
        expect(text).to.include("!! RESTORE FAILED: restore failed: the weight of weighted.example.com is still moved (fake AWS: Throttling: Rate exceeded)");
        expect(text).to.include("the drill state (_drill-state.example.com, ").and.include(") and the drill lock stay; run npm run drill -- restore");
        expect(drill.world.weight("seoul"), "the refused restore").to.equal(25);
        expect(drill.world.dial("seoul"), "the dial, which AWS took, is back").to.equal(100);
        expect(drill.world.recordSets.has(stateRecord), "the state stays for drill restore").to.equal(true);
        expect(drill.world.recordSets.has(lockRecord), "and the lock").to.equal(true);

        drill.world.beforeChange = undefined;
        await expectFinishedByRestore(drill);
    });

    it("watches tokyo's routing control through the cluster endpoints of seoul, the owner stack it moves traffic away from", async () => {
        drill = fakeDrill({}, { routingControls: true });
        drill.world.onChange = (what) => {
            if (what === "weight seoul 25") {
                drill.world.at(drill.clock.elapsedSeconds() + 20, () => drill.world.setControl("tokyo", "Off"));
            }
        };
        const result = await runShift(shiftOptions(), shiftDeps(drill));
        expect(result.outcome, drill.progress.events.join("\n")).to.equal("rolled-back");
        expect(result.summary).to.include("Routing control").and.include("routingcontrol/tokyo");
        expect(drill.world.weight("seoul")).to.equal(50);
    });

    it("while a shift holds, a drill and another shift are refused, pointing at the failback", async () => {
        drill = fakeDrill();
        const stateFile = shiftOptions().stateFile!;
        expect((await runShift(shiftOptions({ stateFile }), shiftDeps(drill))).outcome).to.equal("shifted");
        const again = await runShift(shiftOptions({ stateFile, target: "tokyo" }), shiftDeps(drill));
        expect(again.outcome).to.equal("refused");
        expect(again.summary).to.include("holds seoul's traffic away on purpose").and.include("npm run drill -- shift --back --from seoul");
        const run = await runDrill(drillOptions({ lever: "health-check", stateFile }), drill.deps);
        expect(run.report.outcome).to.equal("refused");
        expect(run.report.summary).to.include("npm run drill -- shift --back --from seoul");
        expect(drill.world.weight("tokyo")).to.equal(50);
    });

    it("leaves a weight someone changed during the shift alone, stops, and says so", async () => {
        drill = fakeDrill();
        drill.world.onChange = (what) => {
            if (what === "weight seoul 25") {
                drill.world.at(drill.clock.elapsedSeconds() + 20, () => drill.world.setWeight("seoul", 10));
            }
        };
        const result = await runShift(shiftOptions(), shiftDeps(drill));
        expect(result.outcome).to.equal("rolled-back");
        expect(result.summary).to.include("weight is 10 (the shift set 25)");
        expect(drill.world.weight("seoul"), "the operator's weight").to.equal(10);
        expect(drill.world.dial("seoul"), "the shift's dial goes back").to.equal(100);
        expect(sentWeights(drill).map((sent) => sent.weight)).to.deep.equal([25]);
    });

    it("a weight someone sets between the shift's read and its step: Route 53 refuses the step's batch, the shift rolls back and leaves that weight", async () => {
        drill = fakeDrill();
        operatorSetsWeightBefore(drill, 10, () => true);
        const result = await runShift(shiftOptions(), shiftDeps(drill));
        expect(result.outcome, drill.progress.events.join("\n")).to.equal("rolled-back");
        expect(result.summary).to.include("step 1 failed").and.include("set-identifier='ap-northeast-2'] but the values provided do not match the current values");
        expect(drill.world.weight("seoul"), "the operator's weight, not the shift's 25").to.equal(10);
        expect(drill.world.dial("seoul"), "the step stopped before its dial").to.equal(100);
        expect(sentWeights(drill).map((sent) => sent.weight), "the refused batch, nothing after it").to.deep.equal([25]);
        expect(drill.progress.events.join("\n")).to.include("changed since the shift, left alone");
        expect(drill.world.recordSets.size, "state and lock removed: nothing of the shift's is left").to.equal(0);
    });

    it("a record set someone changed in another element (its health check) counts as changed: the shift stops and leaves the whole set alone", async () => {
        drill = fakeDrill();
        drill.world.onChange = (what) => {
            if (what === "weight seoul 25") {
                drill.world.at(drill.clock.elapsedSeconds() + 20, () => {
                    const key = [...drill.world.serviceRecordSets.keys()].find((name) => name.endsWith(" ap-northeast-2"))!;
                    drill.world.serviceRecordSets.set(key, { ...drill.world.serviceRecordSets.get(key)!, HealthCheckId: "hc-theirs" });
                });
            }
        };
        const result = await runShift(shiftOptions(), shiftDeps(drill));
        expect(result.outcome, drill.progress.events.join("\n")).to.equal("rolled-back");
        expect(result.summary).to.include("weight is 25 (the shift set 25; its alias target, health check or another element changed since the shift)");
        const key = [...drill.world.serviceRecordSets.keys()].find((name) => name.endsWith(" ap-northeast-2"))!;
        expect(drill.world.serviceRecordSets.get(key), "their health check, with the weight the shift had set").to.deep.include({ HealthCheckId: "hc-theirs", Weight: 25 });
        expect(sentWeights(drill).map((sent) => sent.weight), "no step after it, no restore of the weight").to.deep.equal([25]);
        expect(drill.world.dial("seoul"), "the shift's dial goes back").to.equal(100);
    });

    it("stops, changing nothing and keeping no lock, when its drill state cannot be written before the first step", async () => {
        drill = fakeDrill();
        drill.world.beforeChange = (input) => {
            if (input.ChangeBatch?.Changes?.some((change) => change.ResourceRecordSet?.Name?.startsWith("_drill-state.example.com") === true)) {
                throw new Error("fake AWS: Throttling: Rate exceeded");
            }
        };
        const result = await runShift(shiftOptions(), shiftDeps(drill));
        expect(result, drill.progress.events.join("\n")).to.deep.equal({
            outcome: "error", exitCode: 1, summary: "Could not write the drill state (fake AWS: Throttling: Rate exceeded); nothing was changed.",
        });
        expect(sentWeights(drill)).to.deep.equal([]);
        expect(sentDials(drill)).to.deep.equal([]);
        expect(drill.world.recordSets.size, "no state, and the lock released").to.equal(0);
        expect(drill.progress.events).to.include("Lock released: _drill-lock.example.com.");
    });

    it("refuses, changing nothing, while a survivor is unhealthy", async () => {
        drill = fakeDrill();
        drill.world.setCheckersHealthy("tokyo", false);
        const result = await runShift(shiftOptions(), shiftDeps(drill));
        expect(result.outcome).to.equal("refused");
        expect(result.summary).to.include(`Route 53 health check ${ids.tokyo.healthCheckId} of ap-northeast-1 must stay healthy`);
        expect(sentWeights(drill)).to.deep.equal([]);
        expect(sentDials(drill)).to.deep.equal([]);
        expect(drill.world.recordSets.size).to.equal(0);
    });

    it("refuses, changing nothing, while an update of any stack is in progress (it could deploy the weights back)", async () => {
        drill = fakeDrill();
        drill.automation.lastResult.tokyo = "in-progress";
        const result = await runShift(shiftOptions(), shiftDeps(drill));
        expect(result.outcome).to.equal("refused");
        expect(result.summary).to.include("no update is in progress on stack tokyo");
        expect(sentWeights(drill)).to.deep.equal([]);
        expect(drill.world.recordSets.size).to.equal(0);
    });

    it("plans with --dry-run: the weights and dials of each step, what it does not move, the control planes; sends nothing", async () => {
        drill = fakeDrill();
        const result = await runShift(shiftOptions({ dryRun: true, steps: [75, 25, 0] }), shiftDeps(drill));
        expect(result.outcome).to.equal("planned");
        const text = drill.progress.events.join("\n");
        expect(text).to.include("weight 50 -> 38 -> 13 -> 0");
        expect(text).to.include("traffic dial 100 -> 75 -> 25 -> 0");
        expect(text).to.include("not moved by a shift: failover record app.example.com, latency record latency.example.com");
        expect(text).to.include("Route 53's API (us-east-1) and Global Accelerator's configuration API (us-west-2)");
        expect(drill.world.route53Mock.commandCalls(ChangeResourceRecordSetsCommand)).to.have.length(0);
        expect(sentDials(drill)).to.deep.equal([]);
    });

    describe("a killed shift", () => {
        it("is finished by drill restore: the weight and dial the shift left go back, the state and lock go", async () => {
            drill = fakeDrill();
            drill.world.onChange = (what) => {
                if (what === "dial seoul 50") {
                    drill.world.die();
                }
            };
            const stateFile = shiftOptions().stateFile!;
            // The process dies right after the first step's dial: its run never ends.
            void runShift(shiftOptions({ stateFile }), shiftDeps(drill));
            while (drill.world.dial("seoul") !== 50) {
                await drill.clock.sleep(1000);
            }
            await drill.clock.sleep(5000);
            drill.world.revive();
            drill.world.onChange = undefined;
            expect(drill.world.weight("seoul")).to.equal(25);
            const exit = await resumeRestore(restoreDeps(drill, path.join(temporaryDirectory(), "other-machine", "state.json"), { yes: true }));
            const text = drill.progress.events.join("\n");
            expect(exit, text).to.equal(0);
            expect(text).to.include("weight: was 50, the drill set 25, now 25: still as the drill set it: restoring");
            expect(drill.world.weight("seoul")).to.equal(50);
            expect(drill.world.dial("seoul")).to.equal(100);
            expect(drill.world.recordSets.size).to.equal(0);
        });
    });

    it("drill restore of a holding shift asks for its id before returning the traffic at once", async () => {
        drill = fakeDrill();
        expect((await runShift(shiftOptions(), shiftDeps(drill))).outcome).to.equal("shifted");
        const elsewhere = path.join(temporaryDirectory(), "elsewhere", "state.json");
        let asked = "";
        expect(await resumeRestore(restoreDeps(drill, elsewhere, { confirm: async (question) => ((asked = question), "no") }))).to.equal(1);
        expect(asked).to.include("holds its traffic elsewhere on purpose").and.include("shift --back --from seoul");
        expect(drill.progress.events.join("\n")).to.include("Not confirmed: nothing was changed");
        expect(drill.world.weight("seoul")).to.equal(0);
        expect(await resumeRestore(restoreDeps(drill, elsewhere, { yes: true }))).to.equal(0);
        expect(drill.world.weight("seoul")).to.equal(50);
        expect(drill.world.dial("seoul")).to.equal(100);
        expect(drill.world.recordSets.size).to.equal(0);
    });

    it("drill restore: a weight someone sets between its read and its write is refused by Route 53 and kept; the state and lock stay", async () => {
        drill = fakeDrill();
        expect((await runShift(shiftOptions(), shiftDeps(drill))).outcome).to.equal("shifted");
        operatorSetsWeightBefore(drill, 7, (input) => input.ChangeBatch?.Comment?.endsWith("restored") === true);
        const exit = await resumeRestore(restoreDeps(drill, path.join(temporaryDirectory(), "elsewhere", "state.json"), { yes: true }));
        const text = drill.progress.events.join("\n");
        expect(exit, text).to.equal(1);
        expect(text).to.include("The restore failed").and.include("the values provided do not match the current values");
        expect(drill.world.weight("seoul"), "the operator's weight, not the original 50").to.equal(7);
        expect(drill.world.recordSets.has(stateRecord)).to.equal(true);
        expect(drill.world.recordSets.has(lockRecord)).to.equal(true);
    });

    describe("failback", () => {
        it("is refused while the region does not stay healthy for the hold-down, returns nothing, and goes once it does", async () => {
            drill = fakeDrill();
            const stateFile = shiftOptions().stateFile!;
            expect((await runShift(shiftOptions({ stateFile }), shiftDeps(drill))).outcome).to.equal("shifted");
            const sentBefore = sentWeights(drill).length;
            // seoul's checkers fail 60 s into a 180 s hold-down.
            drill.world.at(drill.clock.elapsedSeconds() + 60, () => drill.world.setCheckersHealthy("seoul", false));
            const refused = await runShift(shiftOptions({ stateFile, back: true, holdDownSeconds: 180 }), shiftDeps(drill));
            expect(refused.outcome, drill.progress.events.join("\n")).to.equal("refused");
            expect(refused.summary).to.include("Failback refused").and.include(`health check ${ids.seoul.healthCheckId}`);
            expect(sentWeights(drill)).to.have.length(sentBefore);
            expect(drill.world.weight("seoul")).to.equal(0);
            expect((await new Route53DrillState(drill.world.route53, zone).read())?.state.stage, "the shift still holds").to.equal("applied");

            drill.world.setCheckersHealthy("seoul", true);
            const returned = await runShift(shiftOptions({ stateFile, back: true, holdDownSeconds: 180 }), shiftDeps(drill));
            expect(returned.outcome, drill.progress.events.join("\n")).to.equal("returned");
            expect(drill.world.weight("seoul")).to.equal(50);
        });

        it("whose step fails and whose way back to the shift's values fails too ends as an error saying so (not rolled back), keeps the state, and drill restore returns the traffic", async () => {
            drill = fakeDrill();
            const stateFile = shiftOptions().stateFile!;
            expect((await runShift(shiftOptions({ stateFile }), shiftDeps(drill))).outcome).to.equal("shifted");
            // The failback's first dial (the third UpdateEndpointGroup) fails; then Route 53 refuses the weight's way back to 0.
            drill.world.failures.updateEndpointGroup = 3;
            drill.world.beforeChange = (input) => {
                if (input.ChangeBatch?.Changes?.at(-1)?.ResourceRecordSet?.Weight === 0) {
                    throw new Error("fake AWS: Throttling: Rate exceeded");
                }
            };
            const result = await runShift(shiftOptions({ stateFile, back: true, holdDownSeconds: 120 }), shiftDeps(drill));
            const text = drill.progress.events.join("\n");
            expect(result).to.deep.equal({
                outcome: "error", exitCode: 1,
                summary: "Failback stopped: step 1 failed: fake AWS: UpdateEndpointGroup failed, and the shift's values could not be put back: run npm run drill -- restore (the drill state holds the original values).",
            });
            expect(text).to.include("!! could not put the shift's values back: fake AWS: Throttling: Rate exceeded; the drill state stays: run npm run drill -- restore");
            expect(drill.world.weight("seoul"), "the failback's first weight, which Route 53 took: part of the traffic is back").to.equal(25);
            expect(drill.world.dial("seoul")).to.equal(0);
            expect(drill.world.recordSets.has(stateRecord)).to.equal(true);
            expect(drill.world.recordSets.has(lockRecord), "the lock stays with the state").to.equal(true);

            drill.world.beforeChange = undefined;
            await expectFinishedByRestore(drill);
        });

        it("stops before its first step when someone set the weight during the hold-down: nothing more is sent and the state holds the shift", async () => {
            drill = fakeDrill();
            const stateFile = shiftOptions().stateFile!;
            expect((await runShift(shiftOptions({ stateFile }), shiftDeps(drill))).outcome).to.equal("shifted");
            const sentBefore = sentWeights(drill).length;
            drill.world.at(drill.clock.elapsedSeconds() + 60, () => drill.world.setWeight("seoul", 5));
            const result = await runShift(shiftOptions({ stateFile, back: true, holdDownSeconds: 120 }), shiftDeps(drill));
            expect(result.outcome, drill.progress.events.join("\n")).to.equal("refused");
            expect(result.exitCode).to.equal(1);
            expect(result.summary).to.include("Failback stopped before step 1/2").and.include("weight is 5 (the shift set 0)");
            expect(sentWeights(drill)).to.have.length(sentBefore);
            expect(drill.world.weight("seoul")).to.equal(5);
            expect(drill.world.dial("seoul")).to.equal(0);
            expect((await new Route53DrillState(drill.world.route53, zone).read())?.state.stage, "the shift still holds").to.equal("applied");
        });

        it("a weight someone sets between a failback step's read and its write is refused by Route 53 and kept", async () => {
            drill = fakeDrill();
            const stateFile = shiftOptions().stateFile!;
            expect((await runShift(shiftOptions({ stateFile }), shiftDeps(drill))).outcome).to.equal("shifted");
            operatorSetsWeightBefore(drill, 5, () => true);
            const result = await runShift(shiftOptions({ stateFile, back: true, holdDownSeconds: 60 }), shiftDeps(drill));
            expect(result.outcome, drill.progress.events.join("\n")).to.equal("rolled-back");
            expect(result.summary).to.include("step 1 failed").and.include("do not match the current values");
            expect(drill.world.weight("seoul"), "the operator's weight, not the failback's 25").to.equal(5);
            expect(drill.world.dial("seoul"), "the step stopped before its dial").to.equal(0);
        });

        it("rolls back to where the shift held when the returning region's alarm fires after a step", async () => {
            drill = fakeDrill({}, { alarms: true });
            const stateFile = shiftOptions().stateFile!;
            expect((await runShift(shiftOptions({ stateFile }), shiftDeps(drill))).outcome).to.equal("shifted");
            drill.world.onChange = (what) => {
                if (what === "dial seoul 50") {
                    drill.world.at(drill.clock.elapsedSeconds() + 15, () => drill.world.setAlarmFiring("seoul"));
                }
            };
            const result = await runShift(shiftOptions({ stateFile, back: true, holdDownSeconds: 60 }), shiftDeps(drill));
            expect(result.outcome, drill.progress.events.join("\n")).to.equal("rolled-back");
            expect(drill.world.weight("seoul")).to.equal(0);
            expect(drill.world.dial("seoul")).to.equal(0);
            expect((await new Route53DrillState(drill.world.route53, zone).read())?.state.stage).to.equal("applied");
        });
    });
});

describe("the shift's values on their own (drill/shift/trafficValues.ts)", () => {
    let drill: Drill;
    afterEach(() => drill.restore());
    const seoulValues = () => new ShiftValues(drill.world.aws, parseStackOutputs("seoul", drill.world.outputs("seoul", false)), zone.hostedZoneId);
    const seoulKey = () => [...drill.world.serviceRecordSets.keys()].find((name) => name.endsWith(" ap-northeast-2"))!;

    it("finds its record set on a later page of ListResourceRecordSets (100 sets a page, then NextRecordIdentifier)", async () => {
        drill = fakeDrill();
        // 120 other weighted sets of the same name, listed before seoul's (set identifiers sort first).
        for (let index = 0; index < 120; index++) {
            const identifier = `aa-${String(index).padStart(3, "0")}`;
            drill.world.serviceRecordSets.set(`${weightedName}. A ${identifier}`, { ...weightedRecordSet("seoul", 1), SetIdentifier: identifier });
        }
        const values = seoulValues();
        await values.prepare();
        expect(values.originalValues()).to.deep.equal({ weight: 50, dial: 100 });
        const lists = drill.world.route53Mock.commandCalls(ListResourceRecordSetsCommand).map((call) => call.args[0].input.StartRecordIdentifier);
        expect(lists, "the second page starts at the identifier the first one named").to.deep.equal([undefined, "aa-100"]);
    });

    it("sends a step without an earlier read only when the set holds the original or the shift's weight, else sends nothing", async () => {
        drill = fakeDrill();
        const saved = async () => {
            const values = seoulValues();
            await values.prepare();
            values.intend(50);
            return values.saved();
        };
        const state = await saved();
        // Rebuilt from the state (another process), it has read nothing: it reads the set before the swap.
        await ShiftValues.resume(drill.world.aws, parseStackOutputs("seoul", drill.world.outputs("seoul", false)), { ...state }).send(50);
        expect(drill.world.weight("seoul")).to.equal(25);
        drill.world.setWeight("seoul", 7);
        const failure = await failureOf(ShiftValues.resume(drill.world.aws, parseStackOutputs("seoul", drill.world.outputs("seoul", false)), { ...state }).send(0));
        expect(failure?.message).to.equal(`weighted record ${weightedName} (ap-northeast-2) holds weight 7, neither the original 50 nor the shift's 25, ` +
            "or another element changed: changed since the shift; not sent");
        expect(drill.world.weight("seoul")).to.equal(7);
        expect(drill.world.serviceRecordSets.get(seoulKey())?.Weight).to.equal(7);
    });
});

describe("pre-scaling (issue 24, item 3)", () => {
    let drill: Drill;
    afterEach(() => drill.restore());

    it("raises tokyo's MinSize (and DesiredCapacity) before the first step, records the originals, and puts MinSize back after the failback", async () => {
        drill = fakeDrill({}, { groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 4 } } });
        const raised: { MinSize: number; DesiredCapacity: number }[] = [];
        const order: string[] = [];
        drill.world.onChange = (what) => {
            order.push(what);
            if (what.startsWith("asg tokyo")) {
                raised.push({ MinSize: drill.world.groupSizes("tokyo").minSize, DesiredCapacity: drill.world.groupSizes("tokyo").desiredCapacity });
            }
        };
        const stateFile = shiftOptions().stateFile!;
        const shifted = await runShift(shiftOptions({ stateFile, preScale: true }), shiftDeps(drill));
        expect(shifted.outcome, drill.progress.events.join("\n")).to.equal("shifted");
        // Up to 30 rps (the fixture's peak) reach tokyo (every client may be near it: nearbyClientsPercent 100); one instance serves 1000 / 60 rps: 2 instances.
        expect(raised[0]).to.deep.equal({ MinSize: 2, DesiredCapacity: 2 });
        expect(order.indexOf("asg tokyo min 2 desired 2 max 4")).to.be.below(order.indexOf("weight seoul 25"));
        const held = (await new Route53DrillState(drill.world.route53, zone).read())!.state;
        expect(held.preScale?.groups).to.deep.equal([{
            stack: "tokyo", region: "ap-northeast-1", groupName: groupName("tokyo"), instances: 2, reason: "30 rps of the 30 rps peak (latency: the lost region's clients go to the survivor nearest it)",
            originalMinSize: 1, originalDesiredCapacity: 1, drillMinSize: 2,
        }]);
        expect(held.originals).to.include({ "minSize:tokyo": 1 });
        expect(held.manualRestore).to.include(`aws autoscaling update-auto-scaling-group --region ap-northeast-1 --auto-scaling-group-name ${groupName("tokyo")} --min-size 1`);
        expect(drill.world.groupSizes("tokyo").minSize).to.equal(2);

        expect((await runShift(shiftOptions({ stateFile, back: true, holdDownSeconds: 60 }), shiftDeps(drill))).outcome).to.equal("returned");
        // MinSize back after the traffic; DesiredCapacity left to the scaling policy.
        expect(drill.world.groupSizes("tokyo")).to.deep.equal({ minSize: 1, desiredCapacity: 2, maxSize: 4 });
        expect(order.indexOf("asg tokyo min 1 desired 2 max 4")).to.be.above(order.lastIndexOf("dial seoul 100"));
    });

    it("drill run --pre-scale raises tokyo before the lever, records it in the state, and puts MinSize back after the restore", async () => {
        drill = fakeDrill({}, { groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 4 } } });
        const order: string[] = [];
        let stateAtLever: DrillState | undefined;
        drill.world.onChange = (what) => {
            order.push(what);
            if (what === "inverted seoul true") {
                stateAtLever = decodeState(drill.world.recordSets.get(stateRecord)!.ResourceRecords!.map((record) => record.Value!), "state");
            }
        };
        const result = await runDrill(drillOptions({ lever: "health-check", preScale: true }), drill.deps);
        expect(result.report.outcome, drill.progress.events.join("\n")).to.equal("passed");
        expect(order.indexOf("asg tokyo min 2 desired 2 max 4")).to.be.within(0, order.indexOf("inverted seoul true"));
        expect(order.indexOf("asg tokyo min 1 desired 2 max 4")).to.be.above(order.indexOf("inverted seoul false"));
        expect(stateAtLever?.preScale?.groups[0]).to.include({ stack: "tokyo", originalMinSize: 1, drillMinSize: 2 });
        expect(result.report.lever?.originals).to.include({ "minSize:tokyo": 1 });
        expect(result.report.lever?.verification).to.include(`tokyo's Auto Scaling group ${groupName("tokyo")} MinSize 1 (was 1)`);
        expect(drill.world.groupSizes("tokyo").minSize).to.equal(1);
    });

    it("drill run --lever fault --pre-scale raises tokyo before the rule, records both in the state, and puts MinSize back after the rule is gone", async () => {
        drill = fakeDrill({}, { alarms: true, groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 4 } } });
        const order: string[] = [];
        let stateAtRule: DrillState | undefined;
        drill.world.onChange = (what) => order.push(what);
        drill.world.onCreateRule = () => {
            stateAtRule = decodeState(drill.world.recordSets.get(stateRecord)!.ResourceRecords!.map((record) => record.Value!), "state");
        };
        const result = await runDrill(drillOptions({ lever: "fault", preScale: true }), drill.deps);
        expect(result.report.outcome, drill.progress.events.join("\n")).to.equal("passed");
        expect(order.indexOf("asg tokyo min 2 desired 2 max 4")).to.be.within(0, order.indexOf("rule seoul created"));
        expect(order.indexOf("asg tokyo min 1 desired 2 max 4")).to.be.above(order.indexOf("rule seoul deleted"));
        expect(stateAtRule).to.deep.include({ lever: "fault", stage: "applying" });
        expect(stateAtRule?.leverState).to.deep.include({ listenerArn: ids.seoul.listenerArn });
        expect(stateAtRule?.preScale?.groups[0]).to.include({ stack: "tokyo", originalMinSize: 1, drillMinSize: 2 });
        expect(result.report.lever?.originals).to.deep.include({ faultRule: null, "minSize:tokyo": 1 });
        expect(drill.world.rules.seoul).to.deep.equal([]);
        expect(drill.world.groupSizes("tokyo").minSize).to.equal(1);
    });

    it("a fault drill with --pre-scale killed right after its rule is finished by drill restore: the rule goes first, then MinSize", async () => {
        drill = fakeDrill({}, { alarms: true, groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 4 } } });
        const order: string[] = [];
        drill.world.onChange = (what) => {
            order.push(what);
            if (what === "rule seoul created") {
                drill.world.die();
            }
        };
        void runDrill(drillOptions({ lever: "fault", preScale: true }), drill.deps);
        while (drill.world.rules.seoul.length === 0) {
            await drill.clock.sleep(1000);
        }
        drill.world.revive();
        const exit = await resumeRestore(restoreDeps(drill, path.join(temporaryDirectory(), "elsewhere", "state.json")));
        const text = drill.progress.events.join("\n");
        expect(exit, text).to.equal(0);
        expect(text).to.match(/fault rule on \S+: was absent, the drill set priority 1, fixed-response 503 \(the fault's body\), now priority 1, fixed-response 503 \(the fault's body\) \(\S+\): still as the drill set it: restoring/);
        expect(text).to.include(`tokyo's Auto Scaling group ${groupName("tokyo")} MinSize: was 1, the drill set 2, now 2: still as the drill set it: restoring`);
        expect(order.indexOf("asg tokyo min 1 desired 2 max 4")).to.be.above(order.indexOf("rule seoul deleted"));
        expect(drill.world.rules.seoul).to.deep.equal([]);
        expect(drill.world.groupSizes("tokyo").minSize).to.equal(1);
        expect(drill.world.recordSets.size, "state and lock gone; no pass: the drill did not finish").to.equal(0);
    });

    it("drill run --pre-scale refuses before the lock when tokyo's group cannot take the need", async () => {
        drill = fakeDrill({}, { groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 1 } } });
        const result = await runDrill(drillOptions({ lever: "health-check", preScale: true }), drill.deps);
        expect(result.report.outcome).to.equal("refused");
        expect(result.report.summary).to.include("AWS would answer: Max bound, 1, must be greater than or equal to min bound, 2");
        expect(drill.world.recordSets.size, "no lock, no state").to.equal(0);
        expect(drill.world.isInverted("seoul")).to.equal(false);
    });

    it("drill run --pre-scale --dry-run says what it would change and changes nothing", async () => {
        drill = fakeDrill({}, { groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 4 } } });
        const result = await runDrill(drillOptions({ lever: "health-check", preScale: true, dryRun: true }), drill.deps);
        expect(result.report.outcome).to.equal("planned");
        expect(drill.progress.events.join("\n")).to.include(`UpdateAutoScalingGroup ${groupName("tokyo")} MinSize 1 -> 2, DesiredCapacity 1 -> 2.`);
        expect(drill.world.groupSizes("tokyo")).to.deep.equal({ minSize: 1, desiredCapacity: 1, maxSize: 4 });
    });

    it("a shift killed after pre-scaling is finished by drill restore: the weight back first, then MinSize", async () => {
        drill = fakeDrill({}, { groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 4 } } });
        const order: string[] = [];
        drill.world.onChange = (what) => {
            order.push(what);
            if (what === "weight seoul 25") {
                drill.world.die();
            }
        };
        void runShift(shiftOptions({ preScale: true }), shiftDeps(drill));
        while (drill.world.weight("seoul") !== 25) {
            await drill.clock.sleep(1000);
        }
        drill.world.revive();
        const exit = await resumeRestore(restoreDeps(drill, path.join(temporaryDirectory(), "elsewhere", "state.json")));
        const text = drill.progress.events.join("\n");
        expect(exit, text).to.equal(0);
        expect(text).to.include(`tokyo's Auto Scaling group ${groupName("tokyo")} MinSize: was 1, the drill set 2, now 2: still as the drill set it: restoring`);
        expect(text).to.include("endpoint group").and.include("traffic dial: was 100, the drill set 50, now 100: back as before the drill: nothing to do");
        expect(order.indexOf("asg tokyo min 1 desired 2 max 4")).to.be.above(order.indexOf("weight seoul 50"));
        expect(drill.world.groupSizes("tokyo").minSize).to.equal(1);
        expect(drill.world.recordSets.size).to.equal(0);
    });

    it("refuses, changing nothing, when the need is above the group's MaxSize, in AWS's words", async () => {
        drill = fakeDrill({}, { groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 1 } } });
        const result = await runShift(shiftOptions({ preScale: true }), shiftDeps(drill));
        expect(result.outcome).to.equal("refused");
        expect(result.summary).to.include("Max bound, 1, must be greater than or equal to min bound, 2");
        expect(drill.world.groupSizes("tokyo")).to.deep.equal({ minSize: 1, desiredCapacity: 1, maxSize: 1 });
        expect(sentWeights(drill)).to.deep.equal([]);
    });

    it("leaves a MinSize someone raised further alone when rolling back", async () => {
        drill = fakeDrill({}, { alarms: true, groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 4 } } });
        drill.world.onChange = (what) => {
            if (what === "weight seoul 25") {
                drill.world.setGroupSizes("tokyo", { minSize: 3, desiredCapacity: 3, maxSize: 4 });
                drill.world.at(drill.clock.elapsedSeconds() + 30, () => drill.world.setAlarmFiring("tokyo"));
            }
        };
        const result = await runShift(shiftOptions({ preScale: true }), shiftDeps(drill));
        expect(result.outcome).to.equal("rolled-back");
        expect(drill.world.groupSizes("tokyo").minSize, "the operator's 3").to.equal(3);
        expect(drill.progress.events.join("\n")).to.include("MinSize 3 (was 1; changed since the drill, left alone)");
    });
});

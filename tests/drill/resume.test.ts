/**
 * A drill that any operator can resume, and a restore that cannot do harm (issue 22, items 1, 2,
 * 3, 6 and 7). A dead drill is set up as the runner leaves one when its process dies: the lock
 * taken, the state written to the zone (and this machine's copy), the lever applied as far as it
 * got. Then `drill restore` runs, from this machine or from another (no local copy), against the
 * fake account, after whatever an operator or an incident did in between. The processes' own
 * deaths (kill -9) are in interrupted.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Rule } from "@aws-sdk/client-elastic-load-balancing-v2";
import { UpdateEndpointGroupCommand } from "@aws-sdk/client-global-accelerator";
import { GetHealthCheckStatusCommand, ListResourceRecordSetsCommand, TestDNSAnswerCommand, UpdateHealthCheckCommand } from "@aws-sdk/client-route-53";
import { expect } from "chai";
import { InputError } from "../../domain/exitCodes";
import { parseStackOutputs } from "../../drill/clients/outputs";
import { FaultLever } from "../../drill/levers/faultLever";
import { Lever } from "../../drill/levers/lever";
import { makeLever } from "../../drill/levers/make";
import { RoutingControlLever } from "../../drill/levers/routingControlLever";
import { runDrill } from "../../drill/runner/runner";
import { lockValue, LockHolder, Route53DrillLock } from "../../drill/safety/lock";
import { breakLock, resumeRestore } from "../../drill/safety/restore";
import { Route53DrillState } from "../../drill/safety/sharedState";
import { DrillStage, DrillState, readState } from "../../drill/safety/stateFile";
import { DrillStateStore } from "../../drill/safety/stateStore";
import { failureOf } from "../thrown";
import { clusterEndpoints, drillOptions, fakeDrill, ids, restoreDeps, temporaryDirectory, WorldSetup, zone } from "./fakes";

const lockRecord = "_drill-lock.example.com. TXT";
const stateRecord = "_drill-state.example.com. TXT";

type Drill = ReturnType<typeof fakeDrill>;

/** How far the dead drill got. */
type DiedAt = "before the lever" | "after the health check (dial never sent)" | "after the lever";

/**
 * What a `drill run` process leaves when it dies: the lock, the state in the zone and in this
 * machine's copy, and the lever moved as far as `diedAt`.
 */
async function deadDrill(drill: Drill, kind: "health-check" | "config" | "fault", diedAt: DiedAt, lifetimeSeconds = 1800): Promise<{ stateFile: string; lever: Lever; state: DrillState }> {
    const deployment = ["seoul", "tokyo"].map((stack) => parseStackOutputs(stack, drill.world.outputs(stack as "seoul" | "tokyo", false)));
    const lever = makeLever(kind, drill.deps, deployment[0], deployment);
    await lever.prepare?.();
    const now = drill.clock.now();
    const holder: LockHolder = {
        id: "dead-drill-0001", target: "seoul", lever: kind, by: "alice",
        startedAt: new Date(now).toISOString(), expiresAt: new Date(now + lifetimeSeconds * 1000).toISOString(),
    };
    const lock = new Route53DrillLock(drill.world.route53, zone);
    expect(await lock.acquire(holder)).to.deep.equal({ acquired: true });
    const stateFile = path.join(temporaryDirectory(), "machine-a", ".drill", "state.json");
    const stateOf = (stage: DrillStage): DrillState => ({
        schemaVersion: 3, project: "multi-region-alb", lever: kind, target: deployment[0], stacks: ["seoul", "tokyo", "global"],
        originals: lever.originals(), leverState: lever.savedState?.() ?? {}, manualRestore: lever.manualRestore(),
        lock: { location: zone, id: holder.id, value: lockValue(holder), expiresAt: holder.expiresAt },
        stage, by: holder.by, startedAt: holder.startedAt, updatedAt: new Date(drill.clock.now()).toISOString(),
    });
    const store = new DrillStateStore(new Route53DrillState(drill.world.route53, zone), stateFile);
    await store.create(stateOf("applying"));
    if (diedAt === "after the health check (dial never sent)") {
        drill.world.acceleratorMock.on(UpdateEndpointGroupCommand).callsFakeOnce(() => {
            throw Object.assign(new Error("killed"), { name: "Killed" });
        });
        await failureOf(lever.apply());
        drill.world.acceleratorMock.on(UpdateEndpointGroupCommand).callsFake((input: { EndpointGroupArn?: string; TrafficDialPercentage?: number }) => {
            drill.world.setDial("seoul", input.TrafficDialPercentage ?? 100);
            return {};
        });
    } else if (diedAt === "after the lever") {
        await lever.apply();
        await store.update(stateOf("applied"));
    }
    return { stateFile, lever, state: stateOf("applied") };
}

/** What `drill restore` printed. */
function printed(drill: Drill): string {
    return drill.progress.events.join("\n");
}

describe("drill restore after a dead drill (issue 22)", () => {
    let drill: Drill;
    afterEach(() => drill.restore());

    describe("restores only what still holds the drill's value (item 1)", () => {
        it("puts the check back and leaves a dial an operator set to 50 since: reported, exit 1, the drill's state and lock gone", async () => {
            drill = fakeDrill();
            const { stateFile } = await deadDrill(drill, "health-check", "after the lever");
            drill.world.setDial("seoul", 50);
            const dialUpdates = drill.world.acceleratorMock.commandCalls(UpdateEndpointGroupCommand).length;
            expect(await resumeRestore(restoreDeps(drill, stateFile))).to.equal(1);
            expect(drill.world.isInverted("seoul")).to.equal(false);
            expect(drill.world.dial("seoul")).to.equal(50);
            expect(drill.world.acceleratorMock.commandCalls(UpdateEndpointGroupCommand)).to.have.length(dialUpdates);
            expect(printed(drill)).to.include(`  endpoint group ${ids.seoul.endpointGroupArn} traffic dial: was 100, the drill set 0, now 50: CHANGED since the drill: left alone (--force restores it)`);
            expect(printed(drill)).to.include(`  health check ${ids.seoul.healthCheckId} Inverted: was false, the drill set true, now true: still as the drill set it: restoring`);
            expect(printed(drill)).to.match(/Not as before the drill, on purpose: endpoint group \S+ traffic dial is 50 \(was 100\)\. Someone changed it since the drill; it is theirs now\./);
            expect(drill.world.recordSets.has(stateRecord)).to.equal(false);
            expect(drill.world.recordSets.has(lockRecord)).to.equal(false);
        });

        it("with --force, puts that dial back to the drill's original too", async () => {
            drill = fakeDrill();
            const { stateFile } = await deadDrill(drill, "health-check", "after the lever");
            drill.world.setDial("seoul", 50);
            expect(await resumeRestore(restoreDeps(drill, stateFile, { force: true }))).to.equal(0);
            expect([drill.world.isInverted("seoul"), drill.world.dial("seoul")]).to.deep.equal([false, 100]);
            expect(printed(drill)).to.include("now 50: CHANGED since the drill: restoring anyway (--force)");
        });

        it("leaves a check someone inverted again since the drill (its version moved past the drill's change), though the value is the drill's", async () => {
            drill = fakeDrill();
            const { stateFile } = await deadDrill(drill, "health-check", "after the lever");
            // An operator, in an incident, writes Inverted=true on purpose: same value, new version.
            drill.world.setInverted("seoul", true);
            expect(await resumeRestore(restoreDeps(drill, stateFile))).to.equal(1);
            expect(drill.world.isInverted("seoul")).to.equal(true);
            expect(drill.world.dial("seoul")).to.equal(100);
            expect(printed(drill)).to.match(/Inverted: was false, the drill set true, now true \(its version is 3, the drill's change left 2: it was updated since\): CHANGED since the drill: left alone/);
        });

        it("with the config lever, refuses to run the reconciling update when it would also undo a value changed since; --force restores everything", async () => {
            drill = fakeDrill();
            const { stateFile } = await deadDrill(drill, "config", "after the lever");
            drill.world.setDial("seoul", 40);
            const mutations = drill.automation.mutations.length;
            expect(await resumeRestore(restoreDeps(drill, stateFile))).to.equal(1);
            expect(printed(drill)).to.match(/The restore failed: the config lever restores through a targeted pulumi up, which would also put back endpoint group \S+ traffic dial \(now 40\)/);
            expect(drill.automation.mutations).to.have.length(mutations);
            expect(drill.world.recordSets.has(stateRecord), "the state stays").to.equal(true);
            expect(drill.world.recordSets.has(lockRecord), "the lock stays").to.equal(true);

            expect(await resumeRestore(restoreDeps(drill, stateFile, { force: true }))).to.equal(0);
            expect(drill.automation.config.seoul).to.deep.equal({});
            expect([drill.world.isInverted("seoul"), drill.world.dial("seoul")]).to.deep.equal([false, 100]);
            expect(drill.automation.mutations.slice(mutations).map((call) => call.method)).to.deep.equal(["removeConfig", "up"]);
        });

        describe("a state older than its lock's lifetime needs the drill's id typed", () => {
            const old = async () => {
                drill = fakeDrill();
                const dead = await deadDrill(drill, "health-check", "after the lever", 600);
                await drill.clock.sleep(601_000);
                return dead;
            };

            it("refuses without a terminal or --yes, changing nothing", async () => {
                const { stateFile } = await old();
                const failure = await failureOf(resumeRestore(restoreDeps(drill, stateFile)));
                expect(failure).to.be.instanceOf(InputError);
                expect(failure?.message).to.match(/older than its lock's lifetime .*pass --yes to restore without asking/);
                expect(drill.world.isInverted("seoul")).to.equal(true);
                expect(drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand).map((call) => call.args[0].input.Inverted)).to.deep.equal([true]);
            });

            it("changes nothing when the id typed is wrong, and restores when it is right", async () => {
                const { stateFile } = await old();
                const asked: string[] = [];
                expect(await resumeRestore(restoreDeps(drill, stateFile, { confirm: async (question) => (asked.push(question), "dead-drill") }))).to.equal(1);
                expect(drill.world.isInverted("seoul")).to.equal(true);
                expect(asked[0]).to.match(/the lock expired at 2025-06-01T00:10:00.000Z.* Type dead-drill-0001 to restore it: $/);
                expect(await resumeRestore(restoreDeps(drill, stateFile, { confirm: async () => "dead-drill-0001" }))).to.equal(0);
                expect([drill.world.isInverted("seoul"), drill.world.dial("seoul")]).to.deep.equal([false, 100]);
            });

            it("restores with --yes, for scripts", async () => {
                const { stateFile } = await old();
                expect(await resumeRestore(restoreDeps(drill, stateFile, { yes: true }))).to.equal(0);
                expect(printed(drill)).to.include("Going on: --yes.");
                expect(drill.world.isInverted("seoul")).to.equal(false);
            });
        });

        it("says what it could not read, and changes nothing, when the zone cannot be read", async () => {
            drill = fakeDrill();
            const { stateFile } = await deadDrill(drill, "health-check", "after the lever");
            drill.world.route53Mock.on(ListResourceRecordSetsCommand).rejects(Object.assign(new Error("User is not authorized to perform: route53:ListResourceRecordSets"), { name: "AccessDenied" }));
            expect(await resumeRestore(restoreDeps(drill, stateFile))).to.equal(1);
            expect(printed(drill)).to.match(/Could not read the drill state \(User is not authorized to perform: route53:ListResourceRecordSets\): nothing was changed/);
            expect(drill.world.isInverted("seoul")).to.equal(true);
        });

        it("changes nothing the second time: every value reads back as before the drill, and the state is gone", async () => {
            drill = fakeDrill();
            const { stateFile } = await deadDrill(drill, "health-check", "after the lever");
            expect(await resumeRestore(restoreDeps(drill, stateFile))).to.equal(0);
            const updates = drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand).length;
            expect(await resumeRestore(restoreDeps(drill, stateFile))).to.equal(0);
            expect(printed(drill)).to.match(/Nothing to restore: no drill state in the zone \(_drill-state\.example\.com\) and none at /);
            expect(drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand)).to.have.length(updates);
        });
    });

    describe("the fault lever's rule: deleted while it is the drill's, left alone once someone changed it (item 1)", () => {
        const listener = ids.seoul.listenerArn;
        const faultValue = `fault rule on ${listener}: was absent, the drill set priority 1, fixed-response 503 (the fault's body)`;
        const deletes = (drill: Drill) => drill.world.elbv2Calls.filter((call) => call.command === "DeleteRule").map((call) => call.input.RuleArn);

        it("deletes the rule still at priority 1 answering the fault's 503, by the ARN the state holds", async () => {
            drill = fakeDrill();
            const { stateFile } = await deadDrill(drill, "fault", "after the lever");
            const [rule] = drill.world.rules.seoul;
            expect(await resumeRestore(restoreDeps(drill, stateFile))).to.equal(0);
            expect(printed(drill)).to.include(`  ${faultValue}, now priority 1, fixed-response 503 (the fault's body) (${rule.RuleArn}): still as the drill set it: restoring`);
            expect(deletes(drill)).to.deep.equal([rule.RuleArn]);
            expect(drill.world.rules.seoul).to.deep.equal([]);
            expect(drill.world.faultedAt("seoul", drill.clock.now())).to.equal(false);
            expect(drill.world.recordSets.has(stateRecord)).to.equal(false);
            expect(drill.world.recordSets.has(lockRecord)).to.equal(false);
        });

        const changes: [string, string, Partial<Pick<Rule, "Priority" | "Actions">>, string][] = [
            ["moved it to another priority (SetRulePriorities)", "now priority 20, fixed-response 503 (the fault's body)", { Priority: "20" }, "20"],
            ["gave it another body at priority 1 (ModifyRule: a maintenance page)", "now priority 1, fixed-response 503 (another body)",
                { Actions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "503", ContentType: "text/plain", MessageBody: "Down for maintenance" } }] }, "1"],
        ];
        for (const [what, now, change, priority] of changes) {
            it(`leaves the rule alone when someone ${what} since, reports it and exits 1; --force deletes it`, async () => {
                drill = fakeDrill();
                const { stateFile } = await deadDrill(drill, "fault", "after the lever");
                const ruleArn = drill.world.rules.seoul[0].RuleArn!;
                drill.world.changeRule("seoul", ruleArn, change);
                expect(await resumeRestore(restoreDeps(drill, stateFile))).to.equal(1);
                expect(printed(drill)).to.include(`  ${faultValue}, ${now} (${ruleArn}) (the drill's rule was modified since: someone may be using it): CHANGED since the drill: left alone (--force restores it)`);
                expect(deletes(drill)).to.deep.equal([]);
                expect(drill.world.rules.seoul.map((rule) => rule.Priority)).to.deep.equal([priority]);
                // The rule is theirs now: the drill's state and lock are gone, as with any value changed since.
                expect(drill.world.recordSets.has(stateRecord)).to.equal(false);

                drill.restore();
                drill = fakeDrill();
                const again = await deadDrill(drill, "fault", "after the lever");
                const forcedArn = drill.world.rules.seoul[0].RuleArn!;
                drill.world.changeRule("seoul", forcedArn, change);
                expect(await resumeRestore(restoreDeps(drill, again.stateFile, { force: true }))).to.equal(0);
                expect(printed(drill)).to.include("CHANGED since the drill: restoring anyway (--force)");
                expect(deletes(drill)).to.deep.equal([forcedArn]);
                expect(drill.world.rules.seoul).to.deep.equal([]);
            });
        }

        it("never deletes someone else's rule: a rule at priority 1 that is not the drill's, after the drill's rule was deleted by hand", async () => {
            drill = fakeDrill();
            const { stateFile } = await deadDrill(drill, "fault", "after the lever");
            const ours = drill.world.rules.seoul[0].RuleArn!;
            drill.world.rules.seoul = [{ RuleArn: `${ours}-theirs`, Priority: "1", Actions: [{ Type: "forward" }] }];
            expect(await resumeRestore(restoreDeps(drill, stateFile))).to.equal(0);
            expect(printed(drill)).to.include(`  ${faultValue}, now absent: back as before the drill: nothing to do`);
            expect(deletes(drill)).to.deep.equal([]);
            expect(drill.world.rules.seoul.map((rule) => rule.RuleArn)).to.deep.equal([`${ours}-theirs`]);
        });
    });

    describe("any operator can resume it (item 2)", () => {
        it("restores from another checkout, which has no copy of the state: the zone's record is enough", async () => {
            drill = fakeDrill();
            const { stateFile } = await deadDrill(drill, "config", "after the lever");
            const otherMachine = path.join(temporaryDirectory(), "machine-b", ".drill", "state.json");
            expect(await resumeRestore(restoreDeps(drill, otherMachine))).to.equal(0);
            expect([drill.world.isInverted("seoul"), drill.world.dial("seoul"), drill.automation.config.seoul]).to.deep.equal([false, 100, {}]);
            expect(drill.world.recordSets.size).to.equal(0);
            // The first machine's copy is stale now; its next drill says so and removes it.
            expect(fs.existsSync(stateFile)).to.equal(true);
            const result = await runDrill(drillOptions({ lever: "health-check", stateFile }), drill.deps);
            expect(result.report.outcome, result.report.summary).to.equal("passed");
            expect(result.report.warnings.join("\n")).to.match(/copy .*state\.json of drill dead-drill-0001 is stale: the zone holds no drill state/);
        });

        it("finds the zone from this machine's copy when the stack files cannot say (edited or broken since), and restores the zone's state", async () => {
            drill = fakeDrill();
            const { stateFile } = await deadDrill(drill, "health-check", "after the lever");
            expect(await resumeRestore({ ...drill.deps, stateFile })).to.equal(0);
            expect(printed(drill)).to.match(/health-check lever, stage applied\./);
            expect([drill.world.isInverted("seoul"), drill.world.dial("seoul")]).to.deep.equal([false, 100]);
            expect(drill.world.recordSets.size).to.equal(0);
        });

        it("lets no new drill start while the state is unrestored, even once its lock has expired and been broken", async () => {
            drill = fakeDrill();
            await deadDrill(drill, "health-check", "after the lever", 60);
            await drill.clock.sleep(61_000);
            // The expired lock is broken on purpose, from a machine without a copy of the state... which refuses: the zone has it.
            const lock = new Route53DrillLock(drill.world.route53, zone);
            const deps = { lock, state: new Route53DrillState(drill.world.route53, zone), stateFile: "/nonexistent/state.json", now: () => drill.clock.now(), confirm: async () => "dead-drill-0001", say: () => undefined };
            const refusal = await failureOf(breakLock({ force: false, yes: true }, deps));
            expect(refusal?.message).to.match(/that drill's state is in _drill-state\.example\.com: run npm run drill -- restore/);
            // Deleted by hand anyway: the state still stops a new drill.
            await lock.deleteIfValue((await lock.read())!.raw);
            const result = await runDrill(drillOptions({ target: "tokyo", lever: "health-check" }), drill.deps);
            expect(result.report.outcome).to.equal("refused");
            expect(result.report.summary).to.match(/the drill dead-drill-0001 of seoul \(health-check lever, by alice, started 2025-06-01T00:00:00.000Z, stage applied\) is not restored: its state is in _drill-state\.example\.com \(TXT\)\. Run npm run drill -- restore first/);
            expect(drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand).filter((call) => call.args[0].input.HealthCheckId === ids.tokyo.healthCheckId)).to.deep.equal([]);
            expect(drill.world.recordSets.has(lockRecord), "the new drill's lock is released").to.equal(false);
        });
    });

    describe("a process that died while applying the lever (item 3)", () => {
        it("leaves a state that stops the next drill until a restore reads back the originals; the restore puts back only what moved", async () => {
            drill = fakeDrill();
            const { stateFile } = await deadDrill(drill, "health-check", "after the health check (dial never sent)");
            expect(readState(stateFile)?.stage).to.equal("applying");
            expect([drill.world.isInverted("seoul"), drill.world.dial("seoul")]).to.deep.equal([true, 100]);
            const refused = await runDrill(drillOptions({ lever: "health-check" }), drill.deps);
            expect(refused.report.outcome).to.equal("refused");
            expect(refused.report.summary).to.match(/stage applying\) is not restored/);

            const dialUpdates = drill.world.acceleratorMock.commandCalls(UpdateEndpointGroupCommand).length;
            expect(await resumeRestore(restoreDeps(drill, stateFile))).to.equal(0);
            expect(drill.world.isInverted("seoul")).to.equal(false);
            expect(drill.world.acceleratorMock.commandCalls(UpdateEndpointGroupCommand), "the dial never moved: nothing sent").to.have.length(dialUpdates);
            const again = await runDrill(drillOptions({ lever: "health-check" }), drill.deps);
            expect(again.report.outcome, again.report.summary).to.equal("passed");
        });

        it("after dying before the lever's first change, finds every value as before, changes nothing and frees the next drill", async () => {
            drill = fakeDrill();
            const { stateFile } = await deadDrill(drill, "config", "before the lever");
            expect(await resumeRestore(restoreDeps(drill, stateFile))).to.equal(0);
            expect(drill.automation.mutations).to.deep.equal([]);
            expect(drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand)).to.deep.equal([]);
            expect(drill.world.recordSets.size).to.equal(0);
        });
    });
});

describe("--force skips only what cannot harm users (issue 22, item 5)", () => {
    let drill: Drill;
    afterEach(() => drill.restore());

    const denied = () => Object.assign(new Error("User is not authorized to perform: route53:TestDNSAnswer"), { name: "AccessDenied" });

    it("goes on without a measured signal it cannot read (TestDNSAnswer denied), and fails on it since it never reads", async () => {
        drill = fakeDrill();
        drill.world.route53Mock.on(TestDNSAnswerCommand).rejects(denied());
        const refused = await runDrill(drillOptions({ lever: "health-check" }), drill.deps);
        expect(refused.report.outcome).to.equal("refused");
        expect(refused.report.summary).to.match(/or use --force to measure without them \(the guards still watch every other region\)/);
        const forced = await runDrill(drillOptions({ lever: "health-check", force: true }), drill.deps);
        expect(forced.report.warnings.join("\n")).to.match(/--force: going on without a baseline of dns:failover@any/);
        expect(forced.report.outcome).to.equal("failed");
        expect(forced.report.summary).to.match(/failed signals: outage dns:failover@any/);
        expect(drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand).map((call) => call.args[0].input.Inverted)).to.deep.equal([true, false]);
        expect(drill.world.recordSets.size).to.equal(0);
    });

    it("never goes on without a guard it cannot read: that guard could not stop the drill when its region fails", async () => {
        drill = fakeDrill();
        // Tokyo's checkers stop reporting: its guard has no status to read.
        drill.world.route53Mock.on(GetHealthCheckStatusCommand, { HealthCheckId: ids.tokyo.healthCheckId }).resolves({ HealthCheckObservations: [] });
        const result = await runDrill(drillOptions({ lever: "health-check", force: true }), drill.deps);
        expect(result.report.outcome).to.equal("refused");
        expect(result.report.summary).to.match(/Route 53 health check hc-tokyo-0001 of ap-northeast-1 must stay healthy \(!no-observations: GetHealthCheckStatus listed no checker observations\)/);
        expect(result.report.summary).to.not.include("--force");
        expect(drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand)).to.deep.equal([]);
    });
});

describe("a slow config lever when a guard trips (issue 22, item 6)", () => {
    let drill: Drill;
    afterEach(() => drill.restore());

    it("puts seoul back through the SDK at once while the outage's pulumi up still runs, undoes what that update changes afterwards, then reconciles the stack", async () => {
        drill = fakeDrill();
        // The outage phase starts after three baseline polls (+10 s); its update inverts the check at +30 s and dials to 0 at +40 s, ending at +50 s.
        drill.world.at(15, () => drill.world.setDial("tokyo", 0));
        const result = await runDrill(drillOptions(), drill.deps);
        const outage = result.report.phases.find((phase) => phase.phase === "outage")!;
        expect(outage.end).to.equal("guard");
        const risk = result.report.usersAtRisk!;
        expect(risk).to.deep.include({ guard: "guard:accelerator:tokyo", restoredBy: "fast restore" });
        expect(risk.seconds).to.be.below(5);
        expect(result.report.summary).to.include(`guard guard:accelerator:tokyo tripped: another region stopped being healthy, so the drill restored at once (users had no healthy region for at least ${risk.seconds} s)`);
        // The SDK put the dial back while the update was still running; the update then dialled it to 0 again, and it was put back once more.
        const dials = drill.world.acceleratorMock.commandCalls(UpdateEndpointGroupCommand).map((call) => call.args[0].input);
        expect(dials.every((input) => input.EndpointGroupArn === ids.seoul.endpointGroupArn && input.TrafficDialPercentage === 100)).to.equal(true);
        expect(dials.length).to.be.at.least(2);
        expect(drill.progress.events.some((line) => /the running update changed aws:globalaccelerator\/endpointGroup:EndpointGroup again; put back through the SDK/.test(line))).to.equal(true);
        expect(drill.automation.mutations.map((call) => call.method)).to.deep.equal(["setConfig", "up", "removeConfig", "up"]);
        expect([drill.world.isInverted("seoul"), drill.world.dial("seoul"), drill.automation.config.seoul]).to.deep.equal([false, 100, {}]);
        expect(drill.world.recordSets.size).to.equal(0);
        const markdown = fs.readFileSync(result.files!.markdown, "utf8");
        expect(markdown).to.match(/\*\*Users at risk:\*\* \d+(\.\d)? s with no healthy region: guard `guard:accelerator:tokyo` saw the failure at .*; the fast restore put ap-northeast-2 back at /);
    });
});

describe("smaller defects (issue 22, item 7)", () => {
    let drill: Drill;
    afterEach(() => drill.restore());

    it("with childThreshold any, the health-check lever takes the region out for real: the combined check's threshold goes above its children, and back", async () => {
        const setup: WorldSetup = { alarms: true, childThreshold: "any" };
        drill = fakeDrill({}, setup);
        const result = await runDrill(drillOptions({ lever: "health-check" }), drill.deps);
        expect(result.report.outcome, result.report.summary).to.equal("passed");
        const combined = drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand).map((call) => call.args[0].input).filter((input) => input.HealthCheckId === "hc-seoul-combined");
        // The endpoint check and the three followed alarms' checks: four children, so five takes the region out.
        expect(combined.map((input) => input.HealthThreshold)).to.deep.equal([5, 1]);
        expect(drill.world.combinedThresholdNow("seoul")).to.equal(1);
        expect(result.report.lever?.originals).to.deep.include({ combinedHealthThreshold: 1 });
    });

    it("stops at a routing-control refusal (a safety rule) with ARC's words, instead of trying every endpoint and saying none answered", async () => {
        drill = fakeDrill({}, { routingControls: true });
        const target = parseStackOutputs("seoul", drill.world.outputs("seoul", false));
        drill.world.arc.refuseUpdates = Object.assign(new Error("Cannot update the routing control state: safety rule arn:aws:route53-recovery-control::111122223333:controlpanel/0123/safetyrule/abcd would be violated"),
            { name: "ValidationException", $fault: "client", $metadata: { httpStatusCode: 400 } });
        drill.world.arc.down.add("us-east-1");
        const lever = new RoutingControlLever(drill.world.aws, drill.clock, target, clusterEndpoints);
        const failure = await failureOf(lever.apply());
        expect(failure?.message).to.equal("the routing-control cluster refused at its us-west-2 endpoint: ValidationException: Cannot update the routing control state: safety rule " +
            "arn:aws:route53-recovery-control::111122223333:controlpanel/0123/safetyrule/abcd would be violated (before it: us-east-1: EndpointTemporarilyUnavailableException: endpoint us-east-1 unreachable); " +
            "the other endpoints would give the same answer, so none was tried");
        expect(drill.world.arc.updatesReached).to.deep.equal(["us-west-2"]);
        expect(drill.world.controlState("seoul")).to.equal("On");
    });

    it("tries the next endpoint on throttling and on an endpoint that is down, as ARC's guidance says", async () => {
        drill = fakeDrill({}, { routingControls: true });
        const target = parseStackOutputs("seoul", drill.world.outputs("seoul", false));
        drill.world.arc.down.add("us-east-1");
        const lever = new RoutingControlLever(drill.world.aws, drill.clock, target, clusterEndpoints);
        await lever.apply();
        expect(drill.world.controlState("seoul")).to.equal("Off");
        expect(drill.world.arc.updatesReached).to.deep.equal(["us-west-2"]);
    });

    describe("restoring waits for the lever's work under way", () => {
        it("the routing-control lever, restored while its Off is in flight, waits for it to land and then switches On", async () => {
            drill = fakeDrill({}, { routingControls: true });
            const target = parseStackOutputs("seoul", drill.world.outputs("seoul", false));
            const lever = new RoutingControlLever(drill.world.aws, drill.clock, target, clusterEndpoints);
            await lever.prepare();
            let release: () => void = () => undefined;
            const reached = new Promise<void>((resolve) => (drill.world.arc.inFlight = { reached: resolve, hold: new Promise<void>((done) => (release = done)) }));
            const applying = lever.apply();
            await reached;
            const restoring = lever.restore();
            // The Off has reached the cluster but not landed: the restore must not send On before it does.
            await drill.clock.sleep(1);
            expect(drill.world.arc.updatesReached).to.have.length(1);
            release();
            await Promise.all([applying, restoring]);
            expect(drill.world.controlCalls.filter((call) => call.command === "Update").map((call) => call.state)).to.deep.equal(["Off", "On"]);
            expect(drill.world.controlState("seoul")).to.equal("On");
        });

        it("the fault lever, restored while its CreateRule is in flight, waits for the rule to exist and then deletes it", async () => {
            drill = fakeDrill();
            const target = parseStackOutputs("seoul", drill.world.outputs("seoul", false));
            const lever = new FaultLever(drill.world.aws, drill.clock, target);
            let release: () => void = () => undefined;
            const reached = new Promise<void>((resolve) => (drill.world.createRuleInFlight = { reached: resolve, hold: new Promise<void>((done) => (release = done)) }));
            const applying = lever.apply();
            await reached;
            const restoring = lever.restore();
            // The rule is being created: the restore must not read the rules (and find none) before it lands.
            await drill.clock.sleep(1);
            expect(drill.world.elbv2Calls.map((call) => call.command)).to.deep.equal(["CreateRule"]);
            release();
            await Promise.all([applying, restoring]);
            expect(drill.world.elbv2Calls.map((call) => call.command)).to.deep.equal(["CreateRule", "DescribeRules", "DeleteRule"]);
            expect(drill.world.rules.seoul).to.deep.equal([]);
            expect((await lever.verifyRestored()).ok).to.equal(true);
        });

        it("the fault lever restored before its apply sent anything never creates the rule", async () => {
            drill = fakeDrill();
            const lever = new FaultLever(drill.world.aws, drill.clock, parseStackOutputs("seoul", drill.world.outputs("seoul", false)));
            await Promise.all([lever.restore(), lever.apply()]);
            expect(drill.world.elbv2Calls).to.deep.equal([]);
            expect(drill.world.rules.seoul).to.deep.equal([]);
        });

        it("a lever restored before its apply sent anything never sends it", async () => {
            drill = fakeDrill({}, { routingControls: true });
            const target = parseStackOutputs("seoul", drill.world.outputs("seoul", false));
            const lever = new RoutingControlLever(drill.world.aws, drill.clock, target, clusterEndpoints);
            await lever.prepare();
            await Promise.all([lever.restore(), lever.apply()]);
            expect(drill.world.arc.updatesReached).to.deep.equal([]);
            expect(drill.world.controlState("seoul")).to.equal("On");
        });
    });
});

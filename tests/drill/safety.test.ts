/**
 * The drill against production: what stops a drill from leaving a region out, measuring the wrong
 * thing or passing when it should fail (issue 12). Same fake account as runner.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UpdateEndpointGroupCommand } from "@aws-sdk/client-global-accelerator";
import { ChangeResourceRecordSetsCommand, TestDNSAnswerCommand, UpdateHealthCheckCommand } from "@aws-sdk/client-route-53";
import { expect } from "chai";
import { InputError } from "../../domain/exitCodes";
import { parseStackOutputs } from "../../drill/clients/outputs";
import { ConfigLever } from "../../drill/levers/configLever";
import { judgeSignal } from "../../drill/report/evaluate";
import { checkRequestRate, route53RequestsPerPoll } from "../../drill/runner/rateBudget";
import { runDrill } from "../../drill/runner/runner";
import { ChangeDetector } from "../../drill/signals/detector";
import { Signal } from "../../drill/signals/signal";
import { LockHolder, lockValue, Route53DrillLock } from "../../drill/safety/lock";
import { breakLock, resumeRestore } from "../../drill/safety/restore";
import { DrillState, readState } from "../../drill/safety/stateFile";
import { drillOptions, expectGuardTripped, fakeDrill, hostedZoneId, ids, restoreDeps } from "./fakes";

const lockName = "_drill-lock.example.com. TXT";

function otherHolder(overrides: Partial<LockHolder> = {}): LockHolder {
    return { id: "other-drill", target: "tokyo", lever: "health-check", startedAt: "2025-06-01T00:00:00.000Z", expiresAt: "2025-06-01T01:00:00.000Z", by: "alice", ...overrides };
}

describe("drill safety", () => {
    let drill: ReturnType<typeof fakeDrill>;
    afterEach(() => drill.restore());

    describe("guards read the other region on every poll (item 1)", () => {
        it("restores at once when someone else inverts tokyo's health check at +60 s", async () => {
            drill = fakeDrill();
            drill.world.at(60, () => drill.world.setInverted("tokyo", true));
            const result = await runDrill(drillOptions({ lever: "health-check" }), drill.deps);
            expect(expectGuardTripped(result, "guard:health-check:tokyo").observedSeconds).to.be.below(120);
            expect(drill.world.isInverted("seoul")).to.equal(false);
        });

        it("restores at once when tokyo's endpoint group is dialled to 0, though its endpoints stay HEALTHY", async () => {
            drill = fakeDrill();
            drill.world.at(60, () => drill.world.setDial("tokyo", 0));
            const result = await runDrill(drillOptions({ lever: "health-check" }), drill.deps);
            expectGuardTripped(result, "guard:accelerator:tokyo");
            expect(drill.world.dial("seoul")).to.equal(100);
        });
    });

    describe("the drill lock on AWS (item 1)", () => {
        it("holds a TXT record in the zone while the drill runs and deletes exactly that value at the end", async () => {
            drill = fakeDrill();
            const seen: string[] = [];
            drill.world.at(60, () => seen.push(drill.world.recordSets.get(lockName)?.ResourceRecords?.[0]?.Value ?? "none"));
            const result = await runDrill(drillOptions(), drill.deps);
            expect(result.report.outcome, result.report.summary).to.equal("passed");
            expect(seen[0]).to.match(/^"drill-lock id=\S+ target=seoul lever=config started=2025-06-01T00:00:00.000Z expires=\S+ by=tester"$/);
            expect(drill.world.recordSets.has(lockName)).to.equal(false);
            // The lock, then the pass beside it for npm run readiness (drill/safety/lastPass.ts); the drill state's changes are tested on their own.
            const changes = drill.world.route53Mock.commandCalls(ChangeResourceRecordSetsCommand).flatMap((call) => call.args[0].input.ChangeBatch?.Changes ?? [])
                .filter((change) => ["_drill-lock.example.com", "_drill-passed.example.com"].includes(change.ResourceRecordSet?.Name ?? ""));
            const lockId = /id=(\S+)/.exec(seen[0])![1];
            expect(changes.map((change) => [change?.Action, change?.ResourceRecordSet?.Name, change?.ResourceRecordSet?.ResourceRecords?.[0]?.Value])).to.deep.equal([
                ["CREATE", "_drill-lock.example.com", seen[0]], ["DELETE", "_drill-lock.example.com", seen[0]],
                ["UPSERT", "_drill-passed.example.com", `"drill-passed target=seoul lever=config finished=${result.report.finishedAt} id=${lockId} by=tester"`],
            ]);
        });

        it("makes a second drill, started while the first runs, refuse and name the holder", async () => {
            drill = fakeDrill();
            const [first, second] = await Promise.all([
                runDrill(drillOptions({ lever: "health-check" }), drill.deps),
                drill.clock.sleep(30_000).then(() => runDrill(drillOptions({ target: "tokyo", lever: "health-check" }), drill.deps)),
            ]);
            expect(first.report.outcome, first.report.summary).to.equal("passed");
            expect(second.report.outcome).to.equal("refused");
            expect(second.report.summary).to.match(/no other drill of this project is running .*held by drill \S+ of seoul \(health-check lever\) by tester/);
            expect(drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand).map((call) => call.args[0].input.HealthCheckId)).to.deep.equal([ids.seoul.healthCheckId, ids.seoul.healthCheckId]);
        });

        it("refuses while another machine holds the lock, and leaves that lock alone", async () => {
            drill = fakeDrill();
            await new Route53DrillLock(drill.world.route53, { hostedZoneId, zoneName: "example.com" }).acquire(otherHolder({ expiresAt: "2025-06-01T02:00:00.000Z" }));
            const result = await runDrill(drillOptions({ force: true }), drill.deps);
            expect(result.report.outcome).to.equal("refused");
            expect(result.exitCode).to.equal(1);
            expect(result.report.summary).to.match(/held by drill other-drill of tokyo \(health-check lever\) by alice, since 2025-06-01T00:00:00.000Z, expires 2025-06-01T02:00:00.000Z; if that drill is dead, run npm run drill -- unlock/);
            expect(drill.automation.mutations).to.deep.equal([]);
            expect(drill.world.recordSets.get(lockName)?.ResourceRecords?.[0]?.Value).to.equal(lockValue(otherHolder({ expiresAt: "2025-06-01T02:00:00.000Z" })));
        });

        it("breaks an expired lock only after the operator types its id", async () => {
            drill = fakeDrill();
            const lock = new Route53DrillLock(drill.world.route53, { hostedZoneId, zoneName: "example.com" });
            await lock.acquire(otherHolder());
            const said: string[] = [];
            const deps = (typed: string) => ({ lock, stateFile: "/nonexistent/state.json", now: () => Date.UTC(2025, 5, 1, 3), confirm: async () => typed, say: (line: string) => said.push(line) });
            expect(await breakLock({ force: false, yes: false }, deps("nope"))).to.equal(1);
            expect(drill.world.recordSets.has(lockName)).to.equal(true);
            expect(await breakLock({ force: false, yes: false }, deps("other-drill"))).to.equal(0);
            expect(drill.world.recordSets.has(lockName)).to.equal(false);
            expect(said.join("\n")).to.match(/EXPIRED at 2025-06-01T01:00:00.000Z/);
        });

        it("refuses to break a lock that has not expired without --force", async () => {
            drill = fakeDrill();
            const lock = new Route53DrillLock(drill.world.route53, { hostedZoneId, zoneName: "example.com" });
            await lock.acquire(otherHolder());
            const deps = { lock, stateFile: "/nonexistent/state.json", now: () => Date.UTC(2025, 5, 1, 0, 30), confirm: async () => "other-drill", say: () => undefined };
            await breakLock({ force: false, yes: true }, deps).then(() => expect.fail("should refuse"), (error: unknown) => expect(error).to.be.instanceOf(InputError));
            expect(drill.world.recordSets.has(lockName)).to.equal(true);
            expect(await breakLock({ force: true, yes: true }, deps)).to.equal(0);
            expect(drill.world.recordSets.has(lockName)).to.equal(false);
        });
    });

    describe("the baseline must see every signal that should change (item 2)", () => {
        it("refuses, changing nothing, when every TestDNSAnswer is denied", async () => {
            drill = fakeDrill();
            const denied = Object.assign(new Error("User is not authorized to perform: route53:TestDNSAnswer"), { name: "AccessDenied" });
            drill.world.route53Mock.on(TestDNSAnswerCommand).rejects(denied);
            const options = drillOptions();
            const result = await runDrill(options, drill.deps);
            expect(result.report.outcome).to.equal("refused");
            expect(result.exitCode).to.equal(1);
            expect(result.report.summary).to.match(/^Refused: no valid baseline reading of dns:failover@any \(!error: AccessDenied: User is not authorized/);
            expect(drill.automation.mutations).to.deep.equal([]);
            expect(fs.existsSync(options.stateFile!)).to.equal(false);
            expect(drill.world.recordSets.has(lockName)).to.equal(false);
        });
    });

    describe("the state file and drill restore (item 3)", () => {
        it("writes the lever, stacks, ids and originals before the first change, and removes them after a verified restore", async () => {
            drill = fakeDrill({}, { dial: { seoul: 80 } });
            const options = drillOptions({ lever: "health-check" });
            const atFirstChange: (DrillState | undefined)[] = [];
            drill.world.route53Mock.on(UpdateHealthCheckCommand).callsFake(() => {
                atFirstChange.push(readState(options.stateFile!));
                drill.world.setInverted("seoul", !drill.world.isInverted("seoul"));
                return {};
            });
            const result = await runDrill(options, drill.deps);
            const state = atFirstChange[0]!;
            expect(state).to.deep.include({ schemaVersion: 3, lever: "health-check", stacks: ["seoul", "tokyo", "global"], stage: "applying", by: "tester" });
            expect(state.target).to.include({ stack: "seoul", healthCheckId: ids.seoul.healthCheckId, endpointGroupArn: ids.seoul.endpointGroupArn });
            expect(state.originals).to.deep.equal({ healthCheckInverted: false, trafficDialPercentage: 80 });
            expect(state.lock.value).to.match(/^"drill-lock id=/);
            expect(result.report.outcome, result.report.summary).to.equal("passed");
            expect(fs.existsSync(options.stateFile!)).to.equal(false);
            // The originals and the manual restore are printed before the lever, not only at the end.
            const printed = drill.progress.events;
            const applying = printed.findIndex((line) => line.startsWith("Applying the health-check lever"));
            expect(printed.findIndex((line) => line === "Original values: healthCheckInverted=false, trafficDialPercentage=80")).to.be.within(0, applying);
            expect(printed.findIndex((line) => line.startsWith("By hand, if this tool dies: npm run drill -- restore, or aws route53 update-health-check"))).to.be.within(0, applying);
        });

        it("changes nothing, and releases the lock, when the state file cannot be written", async () => {
            drill = fakeDrill();
            const blocker = path.join(drillOptions().outDir, "not-a-directory");
            fs.writeFileSync(blocker, "");
            const result = await runDrill(drillOptions({ lever: "health-check", stateFile: path.join(blocker, "state.json") }), drill.deps);
            expect(result.report.outcome).to.equal("error");
            expect(result.report.summary, result.report.summary).to.match(/^Could not record the original values in the drill state \(.*not-a-directory.*\); nothing was changed\.$/);
            expect(drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand)).to.have.length(0);
            expect(drill.world.acceleratorMock.commandCalls(UpdateEndpointGroupCommand)).to.have.length(0);
            expect(drill.world.recordSets.has(lockName)).to.equal(false);
        });

        it("keeps the state file and the lock when the restore fails, and drill restore then finishes the job (and is idempotent)", async () => {
            drill = fakeDrill();
            drill.automation.failUp = 2;
            const options = drillOptions();
            const result = await runDrill(options, drill.deps);
            expect(result.report.outcome).to.equal("error");
            expect(result.report.summary).to.match(/^RESTORE FAILED/);
            // The failed restore's update put the check back but left the endpoint group dialled to 0.
            expect(drill.world.dial("seoul")).to.equal(0);
            expect(readState(options.stateFile!)).to.deep.include({ stage: "restoring", originals: { "drill.simulateOutage": null, healthCheckInverted: false, trafficDialPercentage: 100 } });
            expect(drill.world.recordSets.has(lockName)).to.equal(true);

            const deps = restoreDeps(drill, options.stateFile!);
            expect(await resumeRestore(deps)).to.equal(0);
            expect(drill.world.isInverted("seoul")).to.equal(false);
            expect(drill.world.dial("seoul")).to.equal(100);
            expect(drill.automation.config.seoul).to.deep.equal({});
            expect(fs.existsSync(options.stateFile!)).to.equal(false);
            expect(drill.world.recordSets.has(lockName)).to.equal(false);
            const ups = drill.automation.mutations.filter((call) => call.method === "up").length;
            expect(await resumeRestore(deps)).to.equal(0);
            expect(drill.automation.mutations.filter((call) => call.method === "up").length).to.equal(ups);
        });

        it("restores from a state file whose apply never finished (the check inverted, the dial never sent)", async () => {
            drill = fakeDrill();
            const options = drillOptions({ lever: "health-check" });
            // A drill that died right after inverting the check (kill -9): its state file and lock stay.
            drill.world.acceleratorMock.on(UpdateEndpointGroupCommand).callsFake(() => {
                throw Object.assign(new Error("killed"), { name: "Killed" });
            });
            drill.world.route53Mock.on(UpdateHealthCheckCommand).callsFake((input: { Inverted?: boolean }) => {
                if (input.Inverted === true) {
                    drill.world.setInverted("seoul", true);
                    return {};
                }
                throw new Error("process died before restoring");
            });
            const result = await runDrill(options, drill.deps);
            expect(result.report.outcome).to.equal("error");
            expect(drill.world.isInverted("seoul")).to.equal(true);
            drill.world.route53Mock.on(UpdateHealthCheckCommand).callsFake((input: { Inverted?: boolean }) => {
                drill.world.setInverted("seoul", input.Inverted === true);
                return {};
            });
            drill.world.acceleratorMock.on(UpdateEndpointGroupCommand).callsFake((input: { TrafficDialPercentage?: number }) => {
                drill.world.setDial("seoul", input.TrafficDialPercentage ?? 100);
                return {};
            });
            const dialUpdates = drill.world.acceleratorMock.commandCalls(UpdateEndpointGroupCommand).length;
            expect(await resumeRestore(restoreDeps(drill, options.stateFile!))).to.equal(0);
            expect(drill.world.isInverted("seoul")).to.equal(false);
            const printed = drill.progress.events.join("\n");
            expect(printed).to.include(`health check ${ids.seoul.healthCheckId} Inverted: was false, the drill set true, now true: still as the drill set it: restoring`);
            // The dial was never moved: it is read, found as before the drill, and left alone.
            expect(printed).to.include(`endpoint group ${ids.seoul.endpointGroupArn} traffic dial: was 100, the drill set 0, now 100: back as before the drill: nothing to do`);
            expect(drill.world.acceleratorMock.commandCalls(UpdateEndpointGroupCommand)).to.have.length(dialUpdates);
        });
    });

    describe("the config lever's updates (item 5)", () => {
        it("never goes on, --force or not, past an unhealthy other region or changes pending on its targets", async () => {
            drill = fakeDrill();
            drill.automation.pendingChanges = 2;
            drill.world.setCheckersHealthy("tokyo", false);
            const result = await runDrill(drillOptions({ force: true }), drill.deps);
            expect(result.report.outcome).to.equal("refused");
            const failedChecks = result.report.preflight.checks.filter((check) => !check.ok).map((check) => check.id);
            expect(failedChecks).to.deep.equal(["other:health-check:tokyo", "targets-in-sync"]);
            expect(result.report.summary).to.not.include("Use --force");
            expect(drill.automation.mutations).to.deep.equal([]);
        });
    });

    describe("Pulumi stack checks before acting (item 6)", () => {
        const cases: [string, (fake: ReturnType<typeof fakeDrill>) => void, RegExp][] = [
            ["an update of tokyo is in progress (the stack is locked)", (fake) => (fake.automation.lastResult.tokyo = "in-progress"), /no update is in progress on stack tokyo \(the stack is not locked\) \(last update in-progress/],
            ["seoul has pending operations", (fake) => (fake.automation.pendingOperations.seoul = [{ urn: "urn:pulumi:seoul::app::aws:ec2/launchTemplate:LaunchTemplate::lt", type: "updating" }]), /has no pending operations .*updating urn:pulumi:seoul/],
            ["the dial drifted from the stack", (fake) => fake.world.setDial("seoul", 50), /match the stack's checkpoint \(no drift\) \(traffic dial is 50 in AWS but 100 in the stack\)/],
            ["the check was inverted behind Pulumi's back", (fake) => fake.world.setInverted("seoul", true), /Inverted is true in AWS but false in the stack/],
        ];
        for (const [name, setUp, reason] of cases) {
            it(`refuses, even with --force, when ${name}`, async () => {
                drill = fakeDrill();
                setUp(drill);
                const result = await runDrill(drillOptions({ force: true }), drill.deps);
                expect(result.report.outcome).to.equal("refused");
                expect(result.report.summary).to.match(reason);
                expect(drill.automation.mutations).to.deep.equal([]);
            });
        }
    });

    describe("judging (items 7 and 10)", () => {
        const signal = (overrides: Partial<Signal> = {}): Signal => ({
            id: "http:alb:seoul", kind: "http", lane: "http", follows: "route53", guard: false, expectationIsUnion: false, description: "ALB",
            expected: { before: ["ap-northeast-2"], during: ["ap-northeast-2"] }, predictedSeconds: null, read: async () => ({ value: "x" }), ...overrides,
        });
        const samples = (values: string[]) => {
            const detector = new ChangeDetector(new Set(["ap-northeast-2"]), new Set(["ap-northeast-2"]), 3);
            values.forEach((value, index) => detector.add({ atMs: index * 5000, value }));
            return detector;
        };
        const judgement = { phaseStartMs: 0, objectiveSeconds: 180, observations: [] };

        it("fails \"the region's own ALB keeps serving\" when every probe failed", () => {
            const judged = judgeSignal(signal(), samples(["!error", "!error", "!error"]), judgement);
            expect(judged.verdict).to.equal("fail");
            expect(judged.notes[0]).to.equal("only 0 of 3 samples were in ap-northeast-2; the rest failed (!error)");
        });

        it("fails it when most probes failed, and passes at half", () => {
            expect(judgeSignal(signal(), samples(["ap-northeast-2", "!error", "!error"]), judgement).verdict).to.equal("fail");
            expect(judgeSignal(signal(), samples(["ap-northeast-2", "ap-northeast-2", "!error", "!error"]), judgement).verdict).to.equal("pass");
        });

        it("notes a change seen before the lever's recorded effect instead of silently rounding it to 0", () => {
            const detector = new ChangeDetector(new Set(["dial=100"]), new Set(["dial=0"]), 1);
            detector.add({ atMs: 10_000, value: "dial=0" });
            const judged = judgeSignal(signal({ id: "accelerator-dial:seoul", follows: "globalAccelerator", expected: { before: ["dial=100"], during: ["dial=0"] }, predictedSeconds: 0 }),
                detector, { ...judgement, lever: { startedAtMs: 0, finishedAtMs: 40_000, effectiveAtMs: { globalAccelerator: 12_000 } } });
            expect(judged.measuredSeconds).to.equal(0);
            expect(judged.notes).to.include("changed 2 s before the lever's recorded effect time; counted as 0 s (the effect time is when the step or call began, read after it, so it can be late by up to a poll)");
        });
    });

    describe("Route 53 request rate (item 13)", () => {
        it("counts two requests per health check and one per TestDNSAnswer, and refuses a poll that would exceed a quarter of the account's rate", () => {
            const route53Signal = (kind: Signal["kind"]): Signal => ({ id: kind, kind, lane: "route53", follows: "route53", guard: kind === "guard", expectationIsUnion: false, description: "", expected: { before: [], during: [] }, predictedSeconds: null, read: async () => ({ value: "x" }) });
            const signals = [route53Signal("health-check"), route53Signal("guard"), ...Array.from({ length: 4 }, () => route53Signal("dns-answer"))];
            expect(route53RequestsPerPoll(signals)).to.equal(8);
            expect(() => checkRequestRate(signals, 3.2)).to.not.throw();
            expect(() => checkRequestRate(signals, 3.1)).to.throw(InputError, "--poll 3.1: 8 Route 53 requests per poll would be 2.58 per second, over the drill's share of 2.5 per second (a quarter of Route 53's 10 per account); use --poll 3.2 or more");
        });

        it("stops a drill with a too-fast poll before anything is read or changed", async () => {
            drill = fakeDrill();
            const failure = await runDrill(drillOptions({ pollSeconds: 2 }), drill.deps).then(() => undefined, (error: unknown) => error);
            expect(failure).to.be.instanceOf(InputError);
            expect(drill.world.route53Mock.calls()).to.have.length(0);
        });
    });

    describe("wording (item 14)", () => {
        it("says what the config lever changes from what the stack has: no health check without DNS", () => {
            drill = fakeDrill();
            const outputs = drill.world.outputs("seoul", false);
            const noDns = parseStackOutputs("seoul", { ...outputs, healthCheckId: undefined, hostedZoneId: undefined, records: undefined });
            const lever = new ConfigLever(drill.automation, drill.clock, drill.progress, noDns);
            expect(lever.plan().join("\n")).to.not.match(/health check/);
            expect(lever.plan()[1]).to.match(/the program will dial its Global Accelerator endpoint group to 0\.$/);
            expect(new ConfigLever(drill.automation, drill.clock, drill.progress, parseStackOutputs("seoul", outputs)).plan()[1])
                .to.match(/invert the region's Route 53 health check and dial its Global Accelerator endpoint group to 0/);
        });

        it("fails a drill whose read-back threw instead of passing it", async () => {
            drill = fakeDrill();
            const automation = drill.automation;
            let gets = 0;
            const original = automation.getConfig.bind(automation);
            automation.getConfig = async (stack, key) => {
                gets++;
                // The preflight and prepare reads succeed; the read-back after restoring throws.
                if (gets > 2) {
                    throw new Error("ThrottlingException: Rate exceeded");
                }
                return original(stack, key);
            };
            const options = drillOptions();
            const result = await runDrill(options, drill.deps);
            expect(result.report.outcome).to.equal("failed");
            expect(result.report.summary).to.match(/the restored values could not be read back \(ThrottlingException: Rate exceeded\)/);
            expect(result.report.lever?.verification).to.equal("not read back: ThrottlingException: Rate exceeded");
            // Not confirmed: the state file stays for drill restore.
            expect(fs.existsSync(options.stateFile!)).to.equal(true);
        });
    });
});

/**
 * `npm run deploy` against the drill's fake account and Automation API (tests/drill/fakes.ts): the
 * fixture's global stack, Seoul and Tokyo, each update 20-40 s of virtual time, alarms and health
 * checks answered as CloudWatch and Route 53 answer them.
 */
import { expect } from "chai";
import { GetHealthCheckStatusCommand } from "@aws-sdk/client-route-53";
import { runRollout, RolloutOptions, rolloutDefaults } from "../../deploy/rollout";
import { fakeDrill, FakeAutomation, FakeWorld, projectDir } from "../drill/fakes";
import { UpListener } from "../../drill/clients/types";

const options = (overrides: Partial<RolloutOptions> = {}): RolloutOptions => ({ ...rolloutDefaults, projectDir, ...overrides });

/** Runs `then` on the world when `stack`'s update has finished, `afterSeconds` later. */
function afterUpdate(automation: FakeAutomation, world: FakeWorld, stack: string, afterSeconds: number, then: () => void): void {
    const up = automation.up.bind(automation);
    automation.up = async (name: string, listener: UpListener, targets?: readonly string[]) => {
        await up(name, listener, targets);
        if (name === stack) {
            world.at(world.clock.elapsedSeconds() + afterSeconds, then);
        }
    };
}

const upCalls = (automation: FakeAutomation) => automation.calls.filter((call) => call.method === "up").map((call) => `${call.stack}@${call.atSeconds}`);

describe("deploy: staged rollout", () => {
    let fake: ReturnType<typeof fakeDrill>;
    beforeEach(() => {
        fake = fakeDrill({}, { alarms: true });
    });
    afterEach(() => fake.restore());

    it("deploys the global stack, then each region alone, baking after each, and ends clean", async () => {
        const result = await runRollout(options(), fake.deps);
        expect(result).to.deep.include({ outcome: "complete", exitCode: 0, deployed: ["global", "seoul", "tokyo"], notStarted: [] });
        // global 20 s + bake 300 s, seoul 40 s + 300 s, tokyo after that: never two at once.
        expect(upCalls(fake.automation)).to.deep.equal(["global@0", "seoul@320", "tokyo@660"]);
        expect(fake.progress.events.at(-1)).to.equal("Rollout complete: global, seoul, tokyo on the new version.");
        // Per region: endpoint check, accelerator, the three followed alarms, the combined check, and the three notify-only alarms.
        expect(fake.progress.events).to.include("global: updated; baking 300 s, watching 18 signal(s) of seoul, tokyo");
        expect(fake.progress.events).to.include("tokyo: updated; baking 300 s, watching 9 signal(s) of tokyo");
        expect(fake.progress.events).to.include("[seoul] Resources: 2 updated, 118 unchanged");
    });

    it("reads each region's alarm and health check in its bake (and every region's after the global stack)", async () => {
        await runRollout(options({ pollSeconds: 60, bakeSeconds: 120 }), fake.deps);
        const alarmReads = fake.world.alarmsDescribed();
        // Preflight: both regions once; global's bake: both, 3 reads (0, 60, 120 s); seoul's and tokyo's: their own, 3 each.
        expect(alarmReads.filter((name) => name === "seoul-alarms-serving-badly")).to.have.length(1 + 3 + 3);
        expect(alarmReads.filter((name) => name === "tokyo-alarms-serving-badly")).to.have.length(1 + 3 + 3);
        const statusReads = fake.world.route53Mock.commandCalls(GetHealthCheckStatusCommand).map((call) => call.args[0].input.HealthCheckId);
        expect(statusReads.filter((id) => id === "hc-tokyo-0001")).to.have.length(1 + 3 + 3);
    });

    it("halts on an alarm before the next region and says which stacks are on the new version", async () => {
        // Seoul's change makes its targets answer 5xx: its followed target-5xx alarm fires 90 s after the update.
        afterUpdate(fake.automation, fake.world, "seoul", 90, () => fake.world.setAlarmFiring("seoul", "target-5xx"));
        const result = await runRollout(options(), fake.deps);
        expect(result).to.deep.include({ outcome: "halted", exitCode: 1, deployed: ["global", "seoul"], notStarted: ["tokyo"] });
        expect(result.halt).to.deep.include({ stack: "seoul", signalId: "guard:alarm:seoul:target-5xx", atSeconds: 90 });
        expect(upCalls(fake.automation)).to.deep.equal(["global@0", "seoul@320"]);
        expect(result.summary).to.match(/^HALTED in seoul's bake, 90 s in: CloudWatch alarm seoul-alarms-target-5xx \(target-5xx\), which Route 53 follows for ap-northeast-2, must not fire; it fired: alarm \(ALARM since .*: Threshold Crossed: .*\)\. /);
        expect(result.summary).to.contain("On the new version: global, seoul (seoul's change is live: roll it back or fix forward); not started (old version): tokyo");
    });

    it("halts when a region's health check turns unhealthy twice in a row after reading healthy", async () => {
        afterUpdate(fake.automation, fake.world, "seoul", 100, () => fake.world.setCheckersHealthy("seoul", false));
        const result = await runRollout(options(), fake.deps);
        expect(result.outcome).to.equal("halted");
        expect(result.halt).to.deep.include({ stack: "seoul", signalId: "guard:health-check:seoul" });
        expect(result.halt!.reading).to.match(/^turned unhealthy: unhealthy \(0\/3 checkers healthy\)/);
        expect(result.notStarted).to.deep.equal(["tokyo"]);
    });

    it("previews every stack in deploy order and changes nothing", async () => {
        fake.automation.pendingChanges = 2;
        const result = await runRollout(options({ preview: true }), fake.deps);
        expect(result).to.deep.include({ outcome: "previewed", exitCode: 0, deployed: [] });
        expect(fake.automation.calls.filter((call) => call.method === "preview").map((call) => call.stack)).to.deep.equal(["global", "seoul", "tokyo"]);
        expect(fake.automation.mutations).to.deep.equal([]);
        expect(fake.progress.events).to.include("seoul: 2 change(s) (same 118, update 2)");
        expect(fake.world.alarmsDescribed()).to.have.length(0);
    });

    it("stops at an update that fails mid-rollout and names the stack that may be partly updated", async () => {
        fake.automation.failUp = 2;
        const result = await runRollout(options(), fake.deps);
        expect(result).to.deep.include({ outcome: "failed", exitCode: 1, deployed: ["global"], failed: "seoul", notStarted: ["tokyo"] });
        expect(result.summary).to.equal("seoul: pulumi up failed: pulumi up failed: error: 1 error occurred: updating endpoint group: ThrottlingException. " +
            "On the new version: global; seoul may be partly updated (pulumi stack history --stack seoul); not started (old version): tokyo");
        expect(upCalls(fake.automation)).to.have.length(2);
    });

    it("refuses to start while a region's alarm fires, deploying nothing", async () => {
        fake.world.setAlarmFiring("tokyo", "target-5xx");
        const result = await runRollout(options(), fake.deps);
        expect(result).to.deep.include({ outcome: "refused", exitCode: 1, deployed: [], notStarted: ["global", "seoul", "tokyo"] });
        expect(result.summary).to.match(/^refused: before the rollout, CloudWatch alarm tokyo-alarms-target-5xx \(target-5xx\), which Route 53 follows for ap-northeast-1, must not fire; it reads alarm/);
        expect(fake.automation.mutations).to.deep.equal([]);
    });

    it("lets the running update finish on an interrupt and starts nothing more", async () => {
        afterUpdate(fake.automation, fake.world, "seoul", 30, () => fake.interrupt.abort());
        const result = await runRollout(options(), fake.deps);
        expect(result).to.deep.include({ outcome: "interrupted", exitCode: 1, deployed: ["global", "seoul"], notStarted: ["tokyo"] });
        expect(upCalls(fake.automation)).to.deep.equal(["global@0", "seoul@320"]);
    });

    it("warns when the bake is shorter than the alarms take to fire", async () => {
        // Two breaching periods of 60 s (alarms.evaluationPeriods, CloudWatch's DatapointsToAlarm) and the last period's metrics: 180 s.
        await runRollout(options({ bakeSeconds: 179 }), fake.deps);
        expect(fake.progress.events).to.include("warning: seoul's alarms need up to 180 s to fire (metrics, then alarms.periodSeconds x alarms.evaluationPeriods), longer than the 179 s bake: pass --bake 180 or more");
        const exact = fakeDrill({}, { alarms: true });
        await runRollout(options({ bakeSeconds: 180 }), exact.deps);
        exact.restore();
        expect(exact.progress.events.filter((event) => event.startsWith("warning:"))).to.deep.equal([]);
    });
});

/**
 * Guards on every path (issue 22, item 4): while seoul is out, the drill reads tokyo's endpoint
 * check, its combined (CALCULATED) check, each alarm its records follow, its routing control and
 * its accelerator endpoints, and a real failure of tokyo by any of them stops the drill and
 * restores seoul within one poll. The same reads refuse a drill before it starts, --force or not
 * (item 5). The fake account carries the combined check as Route 53 computes it (children,
 * threshold, Inverted) and refuses GetHealthCheckStatus on it, as Route 53 does.
 */
import { DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { GetHealthCheckStatusCommand, UpdateHealthCheckCommand } from "@aws-sdk/client-route-53";
import { expect } from "chai";
import { parseStackOutputs } from "../../drill/clients/outputs";
import { route53RequestsPerPoll } from "../../drill/runner/rateBudget";
import { runDrill } from "../../drill/runner/runner";
import { followedAlarms } from "../../drill/signals/alarms";
import { guardSignals } from "../../drill/signals/guards";
import { Signal } from "../../drill/signals/signal";
import { childIds, clusterEndpoints, drillOptions, expectGuardTripped, fakeDrill, FakeWorld, ids, WorldSetup } from "./fakes";

const pollSeconds = drillOptions().pollSeconds;

/** Every guard of tokyo, as the runner builds them from tokyo's outputs. */
function tokyoGuards(world: FakeWorld): Signal[] {
    return guardSignals({ others: [parseStackOutputs("tokyo", world.outputs("tokyo", false))], clusterEndpoints, aws: world.aws, clock: world.clock });
}

/** Reads every guard once, in order (children before the combined check). */
async function readAll(guards: readonly Signal[]): Promise<Record<string, string>> {
    const values: Record<string, string> = {};
    for (const guard of guards) {
        values[guard.id] = (await guard.read()).value;
    }
    return values;
}

describe("guards on every path (issue 22, item 4)", () => {
    let drill: ReturnType<typeof fakeDrill>;
    afterEach(() => drill.restore());

    const everyPath: WorldSetup = { alarms: true, routingControls: true };

    describe("what they read", () => {
        it("builds one guard per path of each other region, from its outputs: endpoint, accelerator, each followed alarm, routing control, combined last", () => {
            drill = fakeDrill({}, everyPath);
            const guards = tokyoGuards(drill.world);
            expect(guards.map((guard) => [guard.id, guard.lane, guard.expected.during])).to.deep.equal([
                ["guard:health-check:tokyo", "route53", ["healthy"]],
                ["guard:accelerator:tokyo", "globalAccelerator", ["healthy"]],
                ["guard:alarm:tokyo:elb-5xx", "cloudwatch", ["ok", "insufficient-data"]],
                ["guard:alarm:tokyo:target-5xx", "cloudwatch", ["ok", "insufficient-data"]],
                ["guard:alarm:tokyo:healthy-hosts-web", "cloudwatch", ["ok", "insufficient-data"]],
                ["guard:routing-control:tokyo", "arc", ["on"]],
                ["guard:combined:tokyo", "route53", ["healthy"]],
            ]);
            expect(guards.every((guard) => guard.guard)).to.equal(true);
            // The combined guard reads only the combined check's configuration: one Route 53 request per poll, counted in the drill's budget.
            expect(guards.find((guard) => guard.id === "guard:combined:tokyo")?.route53Requests).to.equal(1);
            expect(route53RequestsPerPoll(guards)).to.equal(3);
        });

        it("follows the alarms the outputs name in healthCheckIds, whatever they are called, and falls back to serving-badly for older outputs", () => {
            const region = parseStackOutputs("tokyo", {
                region: "ap-northeast-1", url: "https://t/", albDnsName: "t",
                healthCheckIds: { endpoint: "hc-1", "alarm-errors-5xx": "hc-2", "alarm-healthy-hosts-web": "hc-3", combined: "hc-4" },
                alarmNames: { "errors-5xx": "tokyo-5xx", "healthy-hosts-web": "tokyo-hosts", latency: "tokyo-latency" },
            });
            expect(followedAlarms(region)).to.deep.equal([
                { key: "errors-5xx", name: "tokyo-5xx", childId: "hc-2" },
                { key: "healthy-hosts-web", name: "tokyo-hosts", childId: "hc-3" },
            ]);
            const older = parseStackOutputs("tokyo", { region: "ap-northeast-1", url: "https://t/", albDnsName: "t", alarmNames: { "serving-badly": "tokyo-sb", latency: "tokyo-l" } });
            expect(followedAlarms(older)).to.deep.equal([{ key: "serving-badly", name: "tokyo-sb" }]);
        });

        it("follows the alarms the followedAlarmNames output names, each with its alarm-<key> check, and none when that output is empty", () => {
            const outputs = {
                region: "ap-northeast-1", url: "https://t/", albDnsName: "t",
                healthCheckIds: { endpoint: "hc-1", "alarm-elb-5xx": "hc-2", "alarm-serving-badly": "hc-9", combined: "hc-4" },
                alarmNames: { "elb-5xx": "tokyo-elb-5xx", "serving-badly": "tokyo-sb", "target-5xx": "tokyo-t5xx" },
                followedAlarmNames: { "elb-5xx": "tokyo-elb-5xx", "target-5xx": "tokyo-t5xx" },
            };
            // The output decides, not the alarm-<key> roles of healthCheckIds (the serving-badly one is a leftover) nor alarmNames.
            expect(followedAlarms(parseStackOutputs("tokyo", outputs))).to.deep.equal([
                { key: "elb-5xx", name: "tokyo-elb-5xx", childId: "hc-2" },
                { key: "target-5xx", name: "tokyo-t5xx" },
            ]);
            // A stack with alarms but alarm-driven health off outputs an empty map: nothing is followed, no fallback.
            expect(followedAlarms(parseStackOutputs("tokyo", { ...outputs, followedAlarmNames: {} }))).to.deep.equal([]);
        });

        it("computes the combined check from its children, its threshold and its Inverted flag, never asking GetHealthCheckStatus for it", async () => {
            drill = fakeDrill({}, everyPath);
            const guards = tokyoGuards(drill.world);
            expect((await readAll(guards))["guard:combined:tokyo"]).to.equal("healthy");
            drill.world.setCombinedThreshold("tokyo", 6);
            expect(await guards.at(-1)!.read()).to.deep.equal({ value: "unhealthy", detail: "5/5 children healthy, threshold 6" });
            drill.world.setCombinedThreshold("tokyo", 5);
            drill.world.setCombinedInverted("tokyo", true);
            expect(await guards.at(-1)!.read()).to.deep.equal({ value: "unhealthy", detail: "5/5 children healthy, threshold 5, inverted" });
            drill.world.setCombinedInverted("tokyo", false);
            drill.world.setControl("tokyo", "Off");
            expect((await readAll(guards))["guard:combined:tokyo"]).to.equal("unhealthy");
            const statusOfCombined = drill.world.route53Mock.commandCalls(GetHealthCheckStatusCommand).filter((call) => call.args[0].input.HealthCheckId === childIds("tokyo").combined);
            expect(statusOfCombined).to.deep.equal([]);
        });

        it("with childThreshold any, stays healthy while one child is, and turns unhealthy when none is", async () => {
            drill = fakeDrill({}, { alarms: true, childThreshold: "any" });
            const guards = tokyoGuards(drill.world);
            // Every followed alarm fires; the endpoint check alone keeps the combined check healthy.
            (["elb-5xx", "target-5xx", "healthy-hosts-web"] as const).forEach((key) => drill.world.setAlarmFiring("tokyo", key));
            let values = await readAll(guards);
            expect([values["guard:alarm:tokyo:elb-5xx"], values["guard:alarm:tokyo:target-5xx"], values["guard:alarm:tokyo:healthy-hosts-web"], values["guard:combined:tokyo"]])
                .to.deep.equal(["alarm", "alarm", "alarm", "healthy"]);
            drill.world.setInverted("tokyo", true);
            // The guard sees the flag change at its next read; the checkers' reports after that count under it.
            await drill.clock.sleep(30_000);
            await readAll(guards);
            await drill.clock.sleep(30_000);
            values = await readAll(guards);
            expect([values["guard:health-check:tokyo"], values["guard:combined:tokyo"]]).to.deep.equal(["unhealthy", "unhealthy"]);
        });

        it("reads an alarm without data as its check says: LastKnownStatus keeps the last state the guard saw", async () => {
            drill = fakeDrill({}, { alarms: true });
            const guards = tokyoGuards(drill.world);
            expect((await readAll(guards))["guard:combined:tokyo"]).to.equal("healthy");
            drill.world.cloudWatchMock(ids.tokyo.region).on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: "tokyo-alarms-serving-badly", StateValue: "INSUFFICIENT_DATA" }] });
            const values = await readAll(guards);
            expect([values["guard:alarm:tokyo:target-5xx"], values["guard:combined:tokyo"]]).to.deep.equal(["insufficient-data", "healthy"]);
        });

        it("says which child it could not read instead of guessing", async () => {
            drill = fakeDrill({}, everyPath);
            const guards = tokyoGuards(drill.world);
            // Only the combined guard, before any other guard has read its child.
            expect(await guards.at(-1)!.read()).to.deep.equal({
                value: "!child-unread",
                detail: "0/5 children healthy, threshold 5; no reading of endpoint hc-tokyo-0001, " +
                    `alarm-elb-5xx ${childIds("tokyo").alarms["elb-5xx"]}, alarm-target-5xx ${childIds("tokyo").alarms["target-5xx"]}, alarm-healthy-hosts-web ${childIds("tokyo").alarms["healthy-hosts-web"]}, ` +
                    `control ${childIds("tokyo").control}`,
            });
        });
    });

    describe("during a drill: tokyo failing by any path stops it and restores seoul within one poll", () => {
        const cases: [string, string, (world: FakeWorld) => void][] = [
            ["its endpoint check's checkers fail", "guard:health-check:tokyo", (world) => world.setCheckersHealthy("tokyo", false)],
            ["someone raises its combined check's threshold above its children", "guard:combined:tokyo", (world) => world.setCombinedThreshold("tokyo", 6)],
            ["someone inverts its combined check", "guard:combined:tokyo", (world) => world.setCombinedInverted("tokyo", true)],
            ["the alarm its records follow fires", "guard:alarm:tokyo:target-5xx", (world) => world.setAlarmFiring("tokyo")],
            ["its routing control is switched Off", "guard:routing-control:tokyo", (world) => world.setControl("tokyo", "Off")],
            ["its accelerator dial goes to 0", "guard:accelerator:tokyo", (world) => world.setDial("tokyo", 0)],
        ];
        for (const [what, guard, fail] of cases) {
            it(`when ${what}`, async () => {
                drill = fakeDrill({}, everyPath);
                // The endpoint checkers report every 30 s, 10 s apart: failing from +30 s, the last of three reports it at +50 s.
                const failAt = guard === "guard:health-check:tokyo" ? 30 : 60;
                const seen = guard === "guard:health-check:tokyo" ? 50 : 60;
                drill.world.at(failAt, () => fail(drill.world));
                const result = await runDrill(drillOptions({ lever: "health-check" }), drill.deps);
                const outage = expectGuardTripped(result, guard);
                const stoppedAtMs = Date.parse(outage.startedAt) + outage.observedSeconds * 1000;
                // The first poll that can see the failure stops the drill: less than one poll interval after it shows.
                const afterMs = stoppedAtMs - (drill.clock.startMs + seen * 1000);
                expect(afterMs, "ms from the failure showing to the drill stopping").to.be.at.least(0).and.below(pollSeconds * 1000);
                expect(drill.world.isInverted("seoul")).to.equal(false);
                expect(drill.world.dial("seoul")).to.equal(100);
                expect(drill.world.combinedThresholdNow("seoul")).to.equal(drill.world.configuredThreshold("seoul"));
                expect(result.report.usersAtRisk).to.deep.include({ guard, restoredBy: "restore" });
            });
        }
    });

    describe("before a drill: the same reads refuse it, --force or not (item 5)", () => {
        const cases: [string, string, (world: FakeWorld) => void][] = [
            ["tokyo's followed alarm is firing", "other:alarm:tokyo:target-5xx", (world) => world.setAlarmFiring("tokyo")],
            ["tokyo's routing control is Off", "other:routing-control:tokyo", (world) => world.setControl("tokyo", "Off")],
            ["seoul's own routing control is Off (no guard reads the target's)", "routing-controls-on", (world) => world.setControl("seoul", "Off")],
            ["tokyo's combined check is inverted", "other:combined:tokyo", (world) => world.setCombinedInverted("tokyo", true)],
        ];
        for (const [what, check, fail] of cases) {
            it(`when ${what}`, async () => {
                drill = fakeDrill({}, everyPath);
                fail(drill.world);
                const result = await runDrill(drillOptions({ lever: "health-check", force: true }), drill.deps);
                expect(result.report.outcome).to.equal("refused");
                expect(result.report.preflight.checks.filter((candidate) => !candidate.ok).map((candidate) => [candidate.id, candidate.onFailure])).to.deep.include([check, "refuse-always"]);
                expect(drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand)).to.have.length(0);
            });
        }
    });
});

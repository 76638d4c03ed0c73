/**
 * Preflight on its own: which checks it asks AWS for, what each one finds and what a failure
 * does. AWS is the small stateful account of account.ts: health checks with their Inverted flag
 * and checker observations, endpoint groups with their dial and endpoint health, and AWS's own
 * error for an id it does not know.
 */
import { expect } from "chai";
import { DeployedRegion } from "../../drill/clients/outputs";
import { Lever } from "../../drill/levers/lever";
import { PreflightCheck } from "../../drill/report/types";
import { refusal, routingControlsOn, runPreflight } from "../../drill/runner/preflight";
import { guardSignals } from "../../drill/signals/guards";
import { RoutingControlState } from "@aws-sdk/client-route53-recovery-cluster";
import { clusterEndpoints, controlArn, FakeRecoveryCluster } from "../recoveryCluster";
import { Account, deployedRegion, EndpointGroupState } from "./account";
import { FakeClock } from "./fakes";

const seoul = deployedRegion("seoul", "ap-northeast-2", { healthCheckId: "hc-seoul", endpointGroupArn: "arn:eg/seoul" });
const tokyo = deployedRegion("tokyo", "ap-northeast-1", { healthCheckId: "hc-tokyo", endpointGroupArn: "arn:eg/tokyo" });

function lever(checks: PreflightCheck[] | Error = []): Lever {
    return {
        kind: "health-check", summary: "", plan: () => [],
        preflight: async () => {
            if (checks instanceof Error) {
                throw checks;
            }
            return checks;
        },
        apply: async () => { throw new Error("preflight must not apply"); },
        restore: async () => { throw new Error("preflight must not restore"); },
        verifyRestored: async () => ({ ok: true, detail: "" }),
        originals: () => ({}),
        manualRestore: () => [],
    };
}

/** A healthy two-region account: three checkers healthy each, dial 100, two HEALTHY endpoints. */
function healthyAccount(): { account: Account; clock: FakeClock } {
    const clock = new FakeClock();
    const account = new Account(() => clock.now());
    for (const id of ["hc-seoul", "hc-tokyo"]) {
        account.healthChecks.set(id, { inverted: false, checkers: [true, true, true] });
    }
    for (const arn of ["arn:eg/seoul", "arn:eg/tokyo"]) {
        account.endpointGroups.set(arn, { dial: 100, endpoints: ["alb-a", "alb-b"] });
    }
    return { account, clock };
}

/** Preflight with the guards of `others`, as the runner builds them. */
function run(account: Account, clock: FakeClock, target: DeployedRegion, others: readonly DeployedRegion[], subject: Lever = lever()): Promise<PreflightCheck[]> {
    const guards = guardSignals({ others, clusterEndpoints: [], aws: account.aws, clock });
    return runPreflight({ target, others, guards, aws: account.aws, lever: subject, clock });
}

async function preflight(account: Account, clock: FakeClock, options: { target?: DeployedRegion; others?: DeployedRegion[]; lever?: Lever } = {}): Promise<Map<string, PreflightCheck>> {
    const checks = await run(account, clock, options.target ?? seoul, options.others ?? [tokyo], options.lever);
    return new Map(checks.map((check) => [check.id, check]));
}

describe("drill preflight", () => {
    it("checks, in order, the target's outputs, check, dial and every other region's check and endpoints, all passing in a healthy account", async () => {
        const { account, clock } = healthyAccount();
        const checks = await run(account, clock, seoul, [tokyo]);
        expect(checks).to.deep.equal([
            { id: "target-not-out", description: "seoul is not deployed with drill.simulateOutage", onFailure: "refuse-always", ok: true, detail: "output simulateOutage is false" },
            { id: "target-check-not-inverted", description: "ap-northeast-2's health check is not already inverted", onFailure: "refuse-always", ok: true, detail: "health check hc-seoul Inverted=false" },
            { id: "target-healthy", description: "ap-northeast-2 is healthy now (otherwise there is nothing to fail over)", onFailure: "warn", ok: true, detail: "3/3 checkers healthy" },
            { id: "target-dial-not-zero", description: "ap-northeast-2's endpoint group is not already dialled to 0", onFailure: "refuse-always", ok: true, detail: "traffic dial 100" },
            { id: "other:health-check:tokyo", description: "Route 53 health check hc-tokyo of ap-northeast-1 must stay healthy", onFailure: "refuse-always", ok: true, detail: "healthy: 3/3 checkers healthy" },
            { id: "other:accelerator:tokyo", description: "Global Accelerator endpoints of ap-northeast-1 must stay healthy and take traffic (dial above 0)", onFailure: "refuse-always", ok: true, detail: "healthy: 2/2 endpoints healthy, dial 100" },
        ]);
        expect(refusal(checks, false)).to.deep.equal([]);
        // Reads only: the account saw no call but these.
        expect([...new Set(account.calls.map(([command]) => command))].sort()).to.deep.equal(["DescribeEndpointGroup", "GetHealthCheck", "GetHealthCheckStatus"]);
    });

    it("checks only the signals that are guards: a signal watched for the timeline alone is not a precondition", async () => {
        const { account, clock } = healthyAccount();
        const guards = guardSignals({ others: [tokyo], clusterEndpoints: [], aws: account.aws, clock });
        const watchedOnly = { ...guards[0], id: "target:health-check:seoul", guard: false, read: async () => ({ value: "unhealthy" }) };
        const checks = await runPreflight({ target: seoul, others: [tokyo], guards: [...guards, watchedOnly], aws: account.aws, lever: lever(), clock });
        expect(checks.map((check) => check.id).filter((id) => id.startsWith("other:"))).to.deep.equal(["other:health-check:tokyo", "other:accelerator:tokyo"]);
        expect(refusal(checks, false)).to.deep.equal([]);
    });

    it("refuses always when the target is deployed with drill.simulateOutage", async () => {
        const { account, clock } = healthyAccount();
        const checks = await preflight(account, clock, { target: { ...seoul, simulateOutage: true } });
        expect(checks.get("target-not-out")).to.include({ ok: false, detail: "output simulateOutage is true" });
        expect(refusal([...checks.values()], true).map((check) => check.id)).to.deep.equal(["target-not-out"]);
    });

    it("refuses always when the target's check is already inverted", async () => {
        const { account, clock } = healthyAccount();
        account.healthChecks.get("hc-seoul")!.inverted = true;
        const checks = await preflight(account, clock);
        expect(checks.get("target-check-not-inverted")).to.include({ ok: false, detail: "health check hc-seoul Inverted=true" });
        // Inverted over three healthy checkers: Route 53 calls the target unhealthy, which only warns.
        expect(checks.get("target-healthy")).to.include({ ok: false, detail: "0/3 checkers healthy" });
        expect(refusal([...checks.values()], true).map((check) => check.id)).to.deep.equal(["target-check-not-inverted"]);
    });

    it("only warns when the target is unhealthy already, and counts more than 18% of checkers as healthy", async () => {
        const { account, clock } = healthyAccount();
        account.healthChecks.get("hc-seoul")!.checkers = [false, false, false];
        let checks = await preflight(account, clock);
        expect(checks.get("target-healthy")).to.include({ ok: false, detail: "0/3 checkers healthy", onFailure: "warn" });
        expect(refusal([...checks.values()], false)).to.deep.equal([]);

        // One checker of three is 33%, above 18%: healthy.
        account.healthChecks.get("hc-seoul")!.checkers = [true, false, false];
        checks = await preflight(account, clock);
        expect(checks.get("target-healthy")).to.include({ ok: true, detail: "1/3 checkers healthy" });
        // One of six is 16.7%, not above 18%: unhealthy.
        account.healthChecks.get("hc-seoul")!.checkers = [true, false, false, false, false, false];
        checks = await preflight(account, clock);
        expect(checks.get("target-healthy")).to.include({ ok: false, detail: "1/6 checkers healthy" });
    });

    it("without observations the target's health is unknown, which is not healthy", async () => {
        const { account, clock } = healthyAccount();
        account.healthChecks.get("hc-seoul")!.checkers = [];
        const checks = await preflight(account, clock);
        expect(checks.get("target-healthy")).to.include({ ok: false, detail: "0/0 checkers healthy" });
    });

    it("refuses always when the target's dial is already 0, and reads an absent dial as AWS's default of 100", async () => {
        const { account, clock } = healthyAccount();
        account.endpointGroups.get("arn:eg/seoul")!.dial = 0;
        let checks = await preflight(account, clock);
        expect(checks.get("target-dial-not-zero")).to.include({ ok: false, detail: "traffic dial 0" });
        expect(refusal([...checks.values()], true).map((check) => check.id)).to.deep.equal(["target-dial-not-zero"]);

        account.endpointGroups.get("arn:eg/seoul")!.dial = 1;
        checks = await preflight(account, clock);
        expect(checks.get("target-dial-not-zero")).to.include({ ok: true, detail: "traffic dial 1" });

        delete account.endpointGroups.get("arn:eg/seoul")!.dial;
        checks = await preflight(account, clock);
        expect(checks.get("target-dial-not-zero")).to.include({ ok: true, detail: "traffic dial 100" });
    });

    it("refuses, even with --force, when another region is unhealthy or inverted in Route 53 (item 5)", async () => {
        const { account, clock } = healthyAccount();
        account.healthChecks.get("hc-tokyo")!.checkers = [false, false, false];
        let checks = await preflight(account, clock);
        expect(checks.get("other:health-check:tokyo")).to.include({ ok: false, detail: "unhealthy: 0/3 checkers healthy", onFailure: "refuse-always" });
        expect(refusal([...checks.values()], false).map((check) => check.id)).to.deep.equal(["other:health-check:tokyo"]);
        expect(refusal([...checks.values()], true).map((check) => check.id)).to.deep.equal(["other:health-check:tokyo"]);

        account.healthChecks.get("hc-tokyo")!.checkers = [true, true, true];
        account.healthChecks.get("hc-tokyo")!.inverted = true;
        checks = await preflight(account, clock);
        expect(checks.get("other:health-check:tokyo")).to.include({ ok: false, detail: "unhealthy: 0/3 checkers healthy, inverted" });

        // Inverted over failing checkers reads healthy, and the detail still says it is inverted.
        account.healthChecks.get("hc-tokyo")!.checkers = [false, false, false];
        checks = await preflight(account, clock);
        expect(checks.get("other:health-check:tokyo")).to.include({ ok: true, detail: "healthy: 3/3 checkers healthy, inverted" });
    });

    it("refuses, even with --force, when another region's endpoints are not all HEALTHY, it has none, or its dial is 0", async () => {
        const { account, clock } = healthyAccount();
        const cases: { state: EndpointGroupState; ok: boolean; detail: string }[] = [
            { state: { dial: 100, endpoints: ["alb-a", "alb-b"], health: { "alb-b": "UNHEALTHY" } }, ok: false, detail: "unhealthy: 1/2 endpoints healthy, dial 100" },
            { state: { dial: 100, endpoints: ["alb-a", "alb-b"], health: { "alb-b": "INITIAL" } }, ok: false, detail: "unhealthy: 1/2 endpoints healthy, dial 100" },
            { state: { dial: 100, endpoints: [] }, ok: false, detail: "unhealthy: 0/0 endpoints healthy, dial 100" },
            { state: { dial: 0, endpoints: ["alb-a"] }, ok: false, detail: "unhealthy: 1/1 endpoints healthy, dial 0" },
            { state: { dial: 1, endpoints: ["alb-a"] }, ok: true, detail: "healthy: 1/1 endpoints healthy, dial 1" },
            { state: { endpoints: ["alb-a"] }, ok: true, detail: "healthy: 1/1 endpoints healthy, dial 100" },
        ];
        for (const { state, ok, detail } of cases) {
            account.endpointGroups.set("arn:eg/tokyo", state);
            const checks = await preflight(account, clock);
            expect(checks.get("other:accelerator:tokyo"), JSON.stringify(state)).to.include({ ok, detail, onFailure: "refuse-always" });
            expect(refusal([...checks.values()], true).length, JSON.stringify(state)).to.equal(ok ? 0 : 1);
        }
    });

    it("checks every other region, and skips what a region does not have", async () => {
        const { account, clock } = healthyAccount();
        account.healthChecks.set("hc-london", { inverted: false, checkers: [true, true, true] });
        const london = deployedRegion("london", "eu-west-2", { healthCheckId: "hc-london" });
        const plain = deployedRegion("plain", "eu-west-1");
        const checks = await preflight(account, clock, { target: deployedRegion("seoul", "ap-northeast-2"), others: [tokyo, london, plain] });
        expect([...checks.keys()]).to.deep.equal(["target-not-out", "other:health-check:tokyo", "other:accelerator:tokyo", "other:health-check:london"]);
        expect(account.calls.filter(([, input]) => input.HealthCheckId === "hc-seoul" || input.EndpointGroupArn === "arn:eg/seoul")).to.deep.equal([]);
    });

    it("fails a check it cannot read, with AWS's message, and goes on with the others", async () => {
        const { account, clock } = healthyAccount();
        account.healthChecks.delete("hc-tokyo");
        account.endpointGroups.delete("arn:eg/seoul");
        const checks = await preflight(account, clock);
        expect(checks.get("other:health-check:tokyo")).to.include({ ok: false, detail: "could not check: No health check exists with the specified ID hc-tokyo", onFailure: "refuse-always" });
        expect(checks.get("target-dial-not-zero")).to.include({ ok: false, detail: "could not check: The endpoint group that you specified doesn't exist.", onFailure: "refuse-always" });
        expect(checks.get("other:accelerator:tokyo")).to.include({ ok: true });
        expect(checks.size).to.equal(6);
    });

    it("adds the lever's own checks after its own, and fails closed when the lever cannot check", async () => {
        const { account, clock } = healthyAccount();
        const own: PreflightCheck = { id: "lever-own", description: "the lever's own", ok: false, detail: "found", onFailure: "refuse" };
        let checks = await run(account, clock, seoul, [tokyo], lever([own]));
        expect(checks.at(-1)).to.deep.equal(own);
        expect(checks).to.have.length(7);

        checks = await run(account, clock, seoul, [tokyo], lever(new Error("AccessDenied")));
        expect(checks.at(-1)).to.deep.equal({ id: "lever", description: "the health-check lever's own checks", ok: false, detail: "could not check: AccessDenied", onFailure: "refuse-always" });
        expect(refusal(checks, true).map((check) => check.id)).to.deep.equal(["lever"]);

        checks = await run(account, clock, seoul, [], { ...lever(), preflight: () => Promise.reject("not an Error") });
        expect(checks.at(-1)).to.include({ detail: "could not check: not an Error" });
    });

    it("refusal: refuse-always always, refuse unless forced, warn never, passing checks never", () => {
        const check = (id: string, ok: boolean, onFailure: PreflightCheck["onFailure"]): PreflightCheck => ({ id, description: id, ok, detail: "", onFailure });
        const checks = [
            check("always-failed", false, "refuse-always"), check("always-ok", true, "refuse-always"),
            check("refuse-failed", false, "refuse"), check("refuse-ok", true, "refuse"),
            check("warn-failed", false, "warn"), check("warn-ok", true, "warn"),
        ];
        expect(refusal(checks, false).map((item) => item.id)).to.deep.equal(["always-failed", "refuse-failed"]);
        expect(refusal(checks, true).map((item) => item.id)).to.deep.equal(["always-failed"]);
    });

    describe("routing controls (issue 19, case 3: ARC creates them Off)", () => {
        const seoulControl = controlArn("00000000000000a1");
        const tokyoControl = controlArn("00000000000000b2");
        /** seoul owns the cluster (its outputs name the endpoints); tokyo names only its control. */
        function withControls(arc: FakeRecoveryCluster) {
            const { account, clock } = healthyAccount();
            const target = { ...seoul, routingControlArn: seoulControl, routingControlClusterEndpoints: clusterEndpoints };
            const other = { ...tokyo, routingControlArn: tokyoControl };
            const aws = { ...account.aws, recoveryCluster: arc.clientFor };
            // The guards as the runner builds them: tokyo's routing-control guard among them.
            const guards = guardSignals({ others: [other], clusterEndpoints, aws, clock });
            return { clock, target, other, aws, guards };
        }

        it("passes when every control of the stack set reads On, through the first endpoint that answers", async () => {
            const arc = new FakeRecoveryCluster();
            arc.states.set(seoulControl, RoutingControlState.On).set(tokyoControl, RoutingControlState.On);
            arc.down.add("us-east-1");
            const { clock, target, other, aws, guards } = withControls(arc);
            const checks = await runPreflight({ target, others: [other], guards, aws, lever: lever(), clock });
            expect(checks.find((check) => check.id === "routing-controls-on")).to.deep.equal({
                id: "routing-controls-on", description: "every routing control of the stack set is On (an Off control takes its region out of the records)",
                ok: true, detail: "ap-northeast-2 On, ap-northeast-1 On", onFailure: "refuse-always",
            });
            expect(arc.calls("Update")).to.deep.equal([]);
        });

        it("refuses, even with --force, while any control is Off (a control left Off after deploy, or by an operator), naming it", async () => {
            const arc = new FakeRecoveryCluster();
            arc.states.set(seoulControl, RoutingControlState.On).set(tokyoControl, RoutingControlState.Off);
            const { clock, target, other, aws, guards } = withControls(arc);
            const checks = await runPreflight({ target, others: [other], guards, aws, lever: lever(), clock });
            const check = checks.find((candidate) => candidate.id === "routing-controls-on")!;
            expect(check).to.deep.include({ ok: false, detail: "ap-northeast-2 On, ap-northeast-1 Off; not On: ap-northeast-1" });
            // tokyo's own guard says the same of tokyo's control; the set-wide check also covers seoul's, which no guard reads.
            expect(refusal(checks, true).map((candidate) => candidate.id)).to.deep.equal(["routing-controls-on", "other:routing-control:tokyo"]);
        });

        it("refuses when a control cannot be read, or the stack set has no cluster endpoints to read it through", async () => {
            const arc = new FakeRecoveryCluster();
            arc.states.set(seoulControl, RoutingControlState.On);
            const { clock, target, other, aws, guards } = withControls(arc);
            const unreadable = (await runPreflight({ target, others: [other], guards, aws, lever: lever(), clock })).find((check) => check.id === "routing-controls-on")!;
            expect(unreadable.ok).to.equal(false);
            // A missing control is the cluster's answer, the same from every endpoint: the first one's words, no other endpoint asked.
            expect(unreadable.detail).to.match(/^ap-northeast-2 On, ap-northeast-1 unreadable \(the routing-control cluster refused at its us-east-1 endpoint: ResourceNotFoundException: .*none was tried\); not On: ap-northeast-1$/);
            expect(await routingControlsOn(aws, [{ ...target, routingControlClusterEndpoints: undefined }, other]))
                .to.deep.equal({ ok: false, detail: "no stack outputs routingControlClusterEndpoints (the routing-control owner stack)" });
        });

        it("asks nothing of a stack set without routing controls", async () => {
            const { account, clock } = healthyAccount();
            expect((await runPreflight({ target: seoul, others: [tokyo], guards: [], aws: account.aws, lever: lever(), clock })).map((check) => check.id)).to.not.include("routing-controls-on");
            expect(await routingControlsOn(account.aws, [seoul, tokyo])).to.equal(undefined);
        });
    });
});

/**
 * The health-check lever (`--lever health-check`) on its own: what it reads and records, the
 * exact calls it makes to Route 53 and Global Accelerator to take the region out and put it
 * back, how it reads the values back, and how `drill restore` rebuilds it from a state file.
 * AWS is the small stateful account of account.ts (stale versions, unknown ids, absent dials
 * and unsorted endpoints answered as AWS does); the tests assert on the calls it recorded and
 * on what the lever reports, with the expected values written out.
 */
import { expect } from "chai";
import { DeployedRegion } from "../../drill/clients/outputs";
import { HealthCheckLever } from "../../drill/levers/healthCheckLever";
import { Account, deployedRegion } from "./account";
import { FakeClock } from "./fakes";
import { failureOf } from "../thrown";

const healthCheckId = "hc-seoul-0001";
const endpointGroupArn = "arn:aws:globalaccelerator::111122223333:accelerator/abcd/listener/0001/endpoint-group/seoul";
const albA = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:loadbalancer/app/seoul-a/1";
const albB = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:loadbalancer/app/seoul-b/2";
const albC = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:loadbalancer/app/seoul-c/3";

function seoul(extra: Partial<DeployedRegion>): DeployedRegion {
    return deployedRegion("seoul", "ap-northeast-2", extra);
}

const both = seoul({ healthCheckId, endpointGroupArn });
const checkOnly = seoul({ healthCheckId });
const dialOnly = seoul({ endpointGroupArn });
const neither = seoul({});

describe("health-check lever", () => {
    let account: Account;
    let clock: FakeClock;
    const start = Date.UTC(2025, 5, 1, 0, 0, 0);

    /** A healthy region: check not inverted at version 7, dial at 60 with two endpoints listed b, a. */
    beforeEach(() => {
        clock = new FakeClock(start);
        account = new Account();
        account.healthChecks.set(healthCheckId, { inverted: false, version: 7 });
        account.endpointGroups.set(endpointGroupArn, { dial: 60, endpoints: [albB, albA] });
    });

    const lever = (target: DeployedRegion) => new HealthCheckLever({ route53: account.route53, globalAccelerator: account.globalAccelerator }, clock, target);
    describe("what it says it will do", () => {
        it("summarises and plans both changes when the target has a health check and an endpoint group", () => {
            const subject = lever(both);
            expect(subject.summary).to.equal("invert Route 53 health check hc-seoul-0001 and set the endpoint group's traffic dial to 0 through the AWS SDK");
            expect(subject.plan()).to.deep.equal([
                "GetHealthCheck hc-seoul-0001: record Inverted; UpdateHealthCheck Inverted=true.",
                `DescribeEndpointGroup ${endpointGroupArn}: record TrafficDialPercentage; UpdateEndpointGroup TrafficDialPercentage=0.`,
                "Restore: UpdateHealthCheck and UpdateEndpointGroup back to the recorded values.",
            ]);
        });

        it("names only the health check when the target has no endpoint group", () => {
            const subject = lever(checkOnly);
            expect(subject.summary).to.equal("invert Route 53 health check hc-seoul-0001 through the AWS SDK");
            expect(subject.plan()).to.deep.equal([
                "GetHealthCheck hc-seoul-0001: record Inverted; UpdateHealthCheck Inverted=true.",
                "Restore: UpdateHealthCheck back to the recorded values.",
            ]);
        });

        it("names only the dial when the target has no health check", () => {
            const subject = lever(dialOnly);
            expect(subject.summary).to.equal("set the endpoint group's traffic dial to 0 through the AWS SDK");
            expect(subject.plan()).to.deep.equal([
                `DescribeEndpointGroup ${endpointGroupArn}: record TrafficDialPercentage; UpdateEndpointGroup TrafficDialPercentage=0.`,
                "Restore: UpdateEndpointGroup back to the recorded values.",
            ]);
        });
    });

    describe("recording the originals", () => {
        it("reads the health check and the endpoint group once, however often prepare and apply run", async () => {
            const subject = lever(both);
            await subject.prepare();
            await subject.prepare();
            expect(subject.savedState()).to.deep.equal({ originalInverted: false, originalDial: 60, originalEndpoints: [albA, albB], version: 7 });
            expect(subject.originals()).to.deep.equal({ healthCheckInverted: false, trafficDialPercentage: 60 });
            await subject.apply();
            expect(account.calls).to.deep.equal([
                ["GetHealthCheck", { HealthCheckId: "hc-seoul-0001" }],
                ["DescribeEndpointGroup", { EndpointGroupArn: endpointGroupArn }],
                ["UpdateHealthCheck", { HealthCheckId: "hc-seoul-0001", HealthCheckVersion: 7, Inverted: true }],
                ["UpdateEndpointGroup", { EndpointGroupArn: endpointGroupArn, TrafficDialPercentage: 0 }],
            ]);
        });

        it("takes a dial AWS leaves out as 100 and an Inverted flag it leaves out as false", async () => {
            account.healthChecks.set(healthCheckId, { version: 1 });
            account.endpointGroups.set(endpointGroupArn, { endpoints: [albA] });
            const subject = lever(both);
            await subject.prepare();
            expect(subject.originals()).to.deep.equal({ healthCheckInverted: false, trafficDialPercentage: 100 });
            expect(subject.manualRestore()).to.deep.equal([
                "aws route53 update-health-check --health-check-id hc-seoul-0001 --no-inverted",
                `aws globalaccelerator update-endpoint-group --region us-west-2 --endpoint-group-arn ${endpointGroupArn} --traffic-dial-percentage 100`,
            ]);
        });

        it("reads only the health check when the target has no endpoint group", async () => {
            const subject = lever(checkOnly);
            await subject.prepare();
            expect(account.calls).to.deep.equal([["GetHealthCheck", { HealthCheckId: "hc-seoul-0001" }]]);
            expect(subject.savedState()).to.deep.equal({ originalInverted: false, originalDial: null, originalEndpoints: null, version: 7 });
        });

        it("reads only the endpoint group when the target has no health check", async () => {
            const subject = lever(dialOnly);
            await subject.prepare();
            expect(account.calls).to.deep.equal([["DescribeEndpointGroup", { EndpointGroupArn: endpointGroupArn }]]);
            expect(subject.savedState()).to.deep.equal({ originalInverted: null, originalDial: 60, originalEndpoints: [albA, albB], version: null });
        });
    });

    describe("taking the region out and putting it back", () => {
        it("inverts the check and dials to 0, then puts back the recorded values at the check's current version", async () => {
            const subject = lever(both);
            const applied = await subject.apply();
            expect(applied).to.deep.equal({ startedAtMs: start, finishedAtMs: start, effectiveAtMs: { route53: start, globalAccelerator: start } });
            expect(account.healthChecks.get(healthCheckId)).to.deep.equal({ inverted: true, version: 8 });
            expect(account.endpointGroups.get(endpointGroupArn)?.dial).to.equal(0);
            account.clearCalls();
            const restored = await subject.restore();
            expect(restored).to.deep.equal({ startedAtMs: start, finishedAtMs: start, effectiveAtMs: { route53: start, globalAccelerator: start } });
            expect(account.calls).to.deep.equal([
                ["GetHealthCheck", { HealthCheckId: "hc-seoul-0001" }],
                ["UpdateHealthCheck", { HealthCheckId: "hc-seoul-0001", HealthCheckVersion: 8, Inverted: false }],
                ["UpdateEndpointGroup", { EndpointGroupArn: endpointGroupArn, TrafficDialPercentage: 60 }],
            ]);
            expect(account.healthChecks.get(healthCheckId)).to.deep.equal({ inverted: false, version: 9 });
            expect(account.endpointGroups.get(endpointGroupArn)?.dial).to.equal(60);
        });

        it("puts back a health check that was inverted before the drill as inverted", async () => {
            account.healthChecks.set(healthCheckId, { inverted: true, version: 3 });
            const subject = lever(checkOnly);
            await subject.apply();
            await subject.restore();
            expect(account.calls.filter(([command]) => command === "UpdateHealthCheck")).to.deep.equal([
                ["UpdateHealthCheck", { HealthCheckId: "hc-seoul-0001", HealthCheckVersion: 3, Inverted: true }],
                ["UpdateHealthCheck", { HealthCheckId: "hc-seoul-0001", HealthCheckVersion: 4, Inverted: true }],
            ]);
            expect(subject.originals()).to.deep.equal({ healthCheckInverted: true, trafficDialPercentage: null });
            expect(await subject.verifyRestored()).to.deep.equal({ ok: true, detail: "health check Inverted=true (was true)" });
            expect(subject.manualRestore()).to.deep.equal(["aws route53 update-health-check --health-check-id hc-seoul-0001 --inverted"]);
        });

        it("touches only Route 53 when the target has no endpoint group", async () => {
            const subject = lever(checkOnly);
            expect((await subject.apply()).effectiveAtMs).to.deep.equal({ route53: start });
            await subject.restore();
            expect(account.calls).to.deep.equal([
                ["GetHealthCheck", { HealthCheckId: "hc-seoul-0001" }],
                ["UpdateHealthCheck", { HealthCheckId: "hc-seoul-0001", HealthCheckVersion: 7, Inverted: true }],
                ["GetHealthCheck", { HealthCheckId: "hc-seoul-0001" }],
                ["UpdateHealthCheck", { HealthCheckId: "hc-seoul-0001", HealthCheckVersion: 8, Inverted: false }],
            ]);
            expect(await subject.verifyRestored()).to.deep.equal({ ok: true, detail: "health check Inverted=false (was false)" });
            expect(subject.manualRestore()).to.deep.equal(["aws route53 update-health-check --health-check-id hc-seoul-0001 --no-inverted"]);
        });

        it("touches only Global Accelerator when the target has no health check", async () => {
            const subject = lever(dialOnly);
            expect((await subject.apply()).effectiveAtMs).to.deep.equal({ globalAccelerator: start });
            await subject.restore();
            expect(account.calls).to.deep.equal([
                ["DescribeEndpointGroup", { EndpointGroupArn: endpointGroupArn }],
                ["UpdateEndpointGroup", { EndpointGroupArn: endpointGroupArn, TrafficDialPercentage: 0 }],
                ["UpdateEndpointGroup", { EndpointGroupArn: endpointGroupArn, TrafficDialPercentage: 60 }],
            ]);
            expect(await subject.verifyRestored()).to.deep.equal({ ok: true, detail: "traffic dial 60 (was 60)" });
            expect(subject.manualRestore()).to.deep.equal([
                `aws globalaccelerator update-endpoint-group --region us-west-2 --endpoint-group-arn ${endpointGroupArn} --traffic-dial-percentage 60`,
            ]);
        });

        it("changes and reads nothing when the target has neither", async () => {
            const subject = lever(neither);
            expect(await subject.apply()).to.deep.equal({ startedAtMs: start, finishedAtMs: start, effectiveAtMs: {} });
            await subject.restore();
            expect(await subject.verifyRestored()).to.deep.equal({ ok: true, detail: "nothing was changed" });
            expect(subject.manualRestore()).to.deep.equal([]);
            expect(account.calls).to.deep.equal([]);
        });
    });

    describe("restoring after a partial apply", () => {
        it("restores only the health check when the inversion failed before the dial was touched", async () => {
            const subject = lever(both);
            await subject.prepare();
            // Someone edits the check between prepare and apply: the recorded version is stale.
            account.healthChecks.set(healthCheckId, { inverted: false, version: 8 });
            const failure = await failureOf(subject.apply());
            expect(failure?.name).to.equal("HealthCheckVersionMismatch");
            account.clearCalls();
            await subject.restore();
            expect(account.calls).to.deep.equal([
                ["GetHealthCheck", { HealthCheckId: "hc-seoul-0001" }],
                ["UpdateHealthCheck", { HealthCheckId: "hc-seoul-0001", HealthCheckVersion: 8, Inverted: false }],
            ]);
            account.clearCalls();
            expect(await subject.verifyRestored()).to.deep.equal({ ok: true, detail: "health check Inverted=false (was false)" });
            expect(account.calls).to.deep.equal([["GetHealthCheck", { HealthCheckId: "hc-seoul-0001" }]]);
        });

        it("restores nothing and reads nothing back when recording the originals failed", async () => {
            account.endpointGroups.delete(endpointGroupArn);
            const subject = lever(both);
            const failure = await failureOf(subject.apply());
            expect(failure?.message).to.equal("The endpoint group that you specified doesn't exist.");
            account.clearCalls();
            expect((await subject.restore()).effectiveAtMs).to.deep.equal({});
            expect(await subject.verifyRestored()).to.deep.equal({ ok: true, detail: "nothing was changed" });
            expect(account.calls).to.deep.equal([]);
        });

        it("tries both restores when both fail and names both in one error", async () => {
            const subject = lever(both);
            await subject.apply();
            account.throttled.add("GetHealthCheck");
            account.throttled.add("UpdateEndpointGroup");
            const failure = await failureOf(subject.restore());
            expect(failure?.message).to.equal(
                "restore failed: health check hc-seoul-0001 is still inverted (Rate exceeded); " +
                `endpoint group ${endpointGroupArn} is still dialled to 0 (Rate exceeded)`,
            );
            expect(account.endpointGroups.get(endpointGroupArn)?.dial).to.equal(0);
        });

        it("names only the dial when only Global Accelerator fails", async () => {
            const subject = lever(both);
            await subject.apply();
            account.endpointGroups.delete(endpointGroupArn);
            const failure = await failureOf(subject.restore());
            expect(failure?.message).to.equal(`restore failed: endpoint group ${endpointGroupArn} is still dialled to 0 (The endpoint group that you specified doesn't exist.)`);
            expect(account.healthChecks.get(healthCheckId)?.inverted).to.equal(false);
        });
    });

    describe("reading back after restoring", () => {
        let subject: HealthCheckLever;
        beforeEach(async () => {
            subject = lever(both);
            await subject.apply();
            await subject.restore();
        });

        it("confirms the originals even though AWS lists the endpoints in its own order", async () => {
            expect(await subject.verifyRestored()).to.deep.equal({ ok: true, detail: "health check Inverted=false (was false); traffic dial 60 (was 60)" });
        });

        it("finds a dial someone changed", async () => {
            account.endpointGroups.get(endpointGroupArn)!.dial = 40;
            expect(await subject.verifyRestored()).to.deep.equal({ ok: false, detail: "health check Inverted=false (was false); traffic dial 40 (was 60)" });
        });

        it("finds a health check still inverted", async () => {
            account.healthChecks.get(healthCheckId)!.inverted = true;
            expect(await subject.verifyRestored()).to.deep.equal({ ok: false, detail: "health check Inverted=true (was false); traffic dial 60 (was 60)" });
        });

        it("finds endpoints that changed", async () => {
            account.endpointGroups.get(endpointGroupArn)!.endpoints = [albC, albA];
            expect(await subject.verifyRestored()).to.deep.equal({
                ok: false, detail: `health check Inverted=false (was false); traffic dial 60 (was 60); endpoints ${albA}, ${albC} (were ${albA}, ${albB})`,
            });
        });

        it("reports an endpoint group left without endpoints as none", async () => {
            account.endpointGroups.get(endpointGroupArn)!.endpoints = [];
            expect(await subject.verifyRestored()).to.deep.equal({
                ok: false, detail: `health check Inverted=false (was false); traffic dial 60 (was 60); endpoints none (were ${albA}, ${albB})`,
            });
        });
    });

    describe("with the records' combined (CALCULATED) check", () => {
        const combinedId = "hc-seoul-combined";
        const withCombined = seoul({ healthCheckId, endpointGroupArn, healthCheckIds: { endpoint: healthCheckId, combined: combinedId } });
        const combinedOnly = seoul({ healthCheckIds: { combined: combinedId } });
        const combined = () => account.healthChecks.get(combinedId)!;

        /** Three children, two of which must be healthy, at version 4. */
        beforeEach(() => account.healthChecks.set(combinedId, { children: ["hc-a", "hc-b", "hc-c"], threshold: 2, version: 4 }));

        it("says it raises the combined check's threshold above its children, between the inversion and the dial", () => {
            const subject = lever(withCombined);
            expect(subject.summary).to.equal("invert Route 53 health check hc-seoul-0001 and raise combined health check hc-seoul-combined's threshold above its children " +
                "and set the endpoint group's traffic dial to 0 through the AWS SDK");
            expect(subject.plan()[1]).to.equal("GetHealthCheck hc-seoul-combined (the records' combined check): record HealthThreshold; UpdateHealthCheck HealthThreshold=children+1, " +
                "so that Route 53 considers it unhealthy whatever its children say (with childThreshold any, an inverted endpoint check alone would not take the region out).");
            expect(lever(combinedOnly).plan()).to.deep.equal([
                "GetHealthCheck hc-seoul-combined (the records' combined check): record HealthThreshold; UpdateHealthCheck HealthThreshold=children+1, " +
                "so that Route 53 considers it unhealthy whatever its children say (with childThreshold any, an inverted endpoint check alone would not take the region out).",
                "Restore: UpdateHealthCheck back to the recorded values.",
            ]);
        });

        it("sets the threshold to children + 1 at the version it read, records it, and puts the original back at the current version", async () => {
            const subject = lever(withCombined);
            const applied = await subject.apply();
            expect(applied.effectiveAtMs).to.deep.equal({ route53: start, globalAccelerator: start });
            expect(account.calls.filter(([command]) => command === "UpdateHealthCheck")).to.deep.equal([
                ["UpdateHealthCheck", { HealthCheckId: healthCheckId, HealthCheckVersion: 7, Inverted: true }],
                ["UpdateHealthCheck", { HealthCheckId: combinedId, HealthCheckVersion: 4, HealthThreshold: 4 }],
            ]);
            expect(combined()).to.deep.include({ threshold: 4, version: 5 });
            expect(subject.savedState()).to.deep.equal({
                originalInverted: false, originalDial: 60, originalEndpoints: [albA, albB], version: 7,
                originalThreshold: 2, children: 3, thresholdVersion: 4, appliedVersions: { inverted: 8, threshold: 5 },
            });
            expect(subject.originals()).to.deep.equal({ healthCheckInverted: false, trafficDialPercentage: 60, combinedHealthThreshold: 2 });
            expect(subject.manualRestore()).to.deep.equal([
                "aws route53 update-health-check --health-check-id hc-seoul-0001 --no-inverted",
                "aws route53 update-health-check --health-check-id hc-seoul-combined --health-threshold 2",
                `aws globalaccelerator update-endpoint-group --region us-west-2 --endpoint-group-arn ${endpointGroupArn} --traffic-dial-percentage 60`,
            ]);
            expect((await subject.assess()).map(({ key, current, standing }) => [key, current, standing])).to.deep.equal([["inverted", "true", "drill"], ["threshold", "4", "drill"], ["dial", "0", "drill"]]);
            expect(await subject.verifyRestored()).to.deep.equal({ ok: false, detail: "health check Inverted=true (was false); combined health check threshold 4 (was 2); traffic dial 0 (was 60)" });

            combined().version = 9; // someone else touched another element of the combined check since
            account.clearCalls();
            await subject.restore();
            expect(account.calls.filter(([, input]) => input.HealthCheckId === combinedId)).to.deep.equal([
                ["GetHealthCheck", { HealthCheckId: combinedId }],
                ["UpdateHealthCheck", { HealthCheckId: combinedId, HealthCheckVersion: 9, HealthThreshold: 2 }],
            ]);
            expect(combined().threshold).to.equal(2);
            expect(await subject.verifyRestored()).to.deep.equal({ ok: true, detail: "health check Inverted=false (was false); combined health check threshold 2 (was 2); traffic dial 60 (was 60)" });
        });

        it("takes a threshold Route 53 leaves out as all the children, and raises it above them", async () => {
            account.healthChecks.set(combinedId, { children: ["hc-a", "hc-b"], version: 1 });
            const subject = lever(combinedOnly);
            await subject.apply();
            expect(combined().threshold).to.equal(3);
            expect(subject.originals()).to.deep.include({ combinedHealthThreshold: 2 });
        });

        it("tells a threshold still at the drill's value from the same value written again by someone since (a later version)", async () => {
            const subject = lever(combinedOnly);
            await subject.apply();
            expect((await subject.assess())[0]).to.deep.include({ name: "combined health check hc-seoul-combined HealthThreshold", original: "2", drillValue: "4", current: "4", standing: "drill" });
            expect(await subject.verifyRestored()).to.deep.equal({ ok: false, detail: "combined health check threshold 4 (was 2)" });
            combined().version = 6;
            expect((await subject.assess())[0]).to.deep.include({ standing: "changed", note: "its version is 6, the drill's change left 5: it was updated since" });
            combined().threshold = 2;
            expect((await subject.assess())[0]).to.deep.include({ current: "2", standing: "original" });
        });

        it("reads a combined check it cannot reach as unreadable, and names it in a failed restore", async () => {
            const subject = lever(combinedOnly);
            await subject.apply();
            account.healthChecks.delete(combinedId);
            const [value] = await subject.assess();
            expect(value).to.deep.include({ key: "threshold", standing: "unreadable" });
            expect(value.current).to.match(/^unreadable: No health check exists with the specified ID hc-seoul-combined$/);
            expect((await failureOf(subject.restore()))?.message).to.equal(
                "restore failed: combined health check hc-seoul-combined still needs 4 healthy children (No health check exists with the specified ID hc-seoul-combined)");
        });

        it("a lever closed before it applied (a guard tripped first) reads, sends and restores nothing", async () => {
            const subject = lever(withCombined);
            await subject.restore();
            await subject.apply();
            expect(await subject.assess()).to.deep.equal([]);
            expect(await subject.verifyRestored()).to.deep.equal({ ok: true, detail: "nothing was changed" });
            expect(account.calls.filter(([command]) => command.startsWith("Update"))).to.deep.equal([]);
            expect(account.calls.map(([command]) => command), "only the originals were read").to.deep.equal(["GetHealthCheck", "GetHealthCheck", "DescribeEndpointGroup"]);
        });

        it("leaves the combined check alone when the state (format 1) recorded no original threshold, and restores it when the state did", async () => {
            account.healthChecks.set(combinedId, { children: ["hc-a", "hc-b", "hc-c"], threshold: 4, version: 5 });
            const old = HealthCheckLever.resume(account.aws, clock, combinedOnly, { originalInverted: null, originalDial: null, version: null });
            expect(old.savedState()).to.deep.equal({ originalInverted: null, originalDial: null, originalEndpoints: null, version: null, originalThreshold: null, children: null, thresholdVersion: null });
            expect(await old.assess()).to.deep.equal([]);
            expect(old.manualRestore()).to.deep.equal([]);
            expect(await old.verifyRestored()).to.deep.equal({ ok: true, detail: "nothing was changed" });
            account.clearCalls();
            await old.restore();
            expect(combined().threshold, "nothing recorded, nothing put back").to.equal(4);
            expect(account.calls, "not even a call without a threshold").to.deep.equal([]);

            const recorded = HealthCheckLever.resume(account.aws, clock, combinedOnly, { originalInverted: null, originalDial: null, version: null, originalThreshold: 2, children: 3, thresholdVersion: 4, appliedVersions: { threshold: 5 } });
            expect((await recorded.assess()).map(({ key, standing }) => [key, standing])).to.deep.equal([["threshold", "drill"]]);
            await recorded.restore();
            expect(combined().threshold).to.equal(2);
            expect(recorded.savedState()).to.deep.include({ originalThreshold: 2, children: 3, thresholdVersion: 4, appliedVersions: { threshold: 5 } });
            // The stack no longer outputs a combined check: nothing to put back by hand, and no line naming an id of undefined.
            const gone = HealthCheckLever.resume(account.aws, clock, checkOnly, { originalInverted: false, originalDial: null, version: 7, originalThreshold: 2, children: 3, thresholdVersion: 4 });
            expect(gone.manualRestore()).to.deep.equal(["aws route53 update-health-check --health-check-id hc-seoul-0001 --no-inverted"]);
        });
    });

    describe("drill restore from a state file", () => {
        const resume = (target: DeployedRegion, saved: Record<string, unknown>) =>
            HealthCheckLever.resume({ route53: account.route53, globalAccelerator: account.globalAccelerator }, clock, target, saved);

        /** The dead drill's outage is still in AWS. */
        beforeEach(() => {
            account.healthChecks.set(healthCheckId, { inverted: true, version: 8 });
            account.endpointGroups.set(endpointGroupArn, { dial: 0, endpoints: [albB, albA] });
        });

        it("restores both paths to the state file's values without reading the originals again", async () => {
            const subject = resume(both, { originalInverted: false, originalDial: 60, originalEndpoints: [albA, albB], version: 7 });
            expect(await subject.verifyRestored()).to.deep.equal({ ok: false, detail: "health check Inverted=true (was false); traffic dial 0 (was 60)" });
            account.clearCalls();
            await subject.prepare();
            await subject.restore();
            expect(account.calls).to.deep.equal([
                ["GetHealthCheck", { HealthCheckId: "hc-seoul-0001" }],
                ["UpdateHealthCheck", { HealthCheckId: "hc-seoul-0001", HealthCheckVersion: 8, Inverted: false }],
                ["UpdateEndpointGroup", { EndpointGroupArn: endpointGroupArn, TrafficDialPercentage: 60 }],
            ]);
            expect(await subject.verifyRestored()).to.deep.equal({ ok: true, detail: "health check Inverted=false (was false); traffic dial 60 (was 60)" });
            expect(subject.originals()).to.deep.equal({ healthCheckInverted: false, trafficDialPercentage: 60 });
        });

        it("restores a target without a health check through Global Accelerator only", async () => {
            const subject = resume(dialOnly, { originalInverted: null, originalDial: 60, originalEndpoints: [albA, albB], version: null });
            await subject.restore();
            expect(account.calls).to.deep.equal([["UpdateEndpointGroup", { EndpointGroupArn: endpointGroupArn, TrafficDialPercentage: 60 }]]);
        });

        it("takes missing values as not inverted and dial 100, and verifies against what it put back", async () => {
            const subject = resume(both, { originalInverted: null, originalDial: null, version: null });
            expect(subject.savedState()).to.deep.equal({ originalInverted: null, originalDial: null, originalEndpoints: null, version: null });
            expect(subject.originals()).to.deep.equal({ healthCheckInverted: null, trafficDialPercentage: null });
            expect(subject.manualRestore()).to.deep.equal([
                "aws route53 update-health-check --health-check-id hc-seoul-0001 --no-inverted",
                `aws globalaccelerator update-endpoint-group --region us-west-2 --endpoint-group-arn ${endpointGroupArn} --traffic-dial-percentage 100`,
            ]);
            await subject.restore();
            expect(account.calls).to.deep.equal([
                ["GetHealthCheck", { HealthCheckId: "hc-seoul-0001" }],
                ["UpdateHealthCheck", { HealthCheckId: "hc-seoul-0001", HealthCheckVersion: 8, Inverted: false }],
                ["UpdateEndpointGroup", { EndpointGroupArn: endpointGroupArn, TrafficDialPercentage: 100 }],
            ]);
            // No recorded endpoints: nothing to compare them with, so their list does not fail the read-back.
            expect(await subject.verifyRestored()).to.deep.equal({ ok: true, detail: "health check Inverted=false (was false); traffic dial 100 (was 100)" });
            // Saved and resumed once more (a second `drill restore`), the endpoints are still unrecorded.
            expect(await resume(both, subject.savedState()).verifyRestored()).to.deep.equal({ ok: true, detail: "health check Inverted=false (was false); traffic dial 100 (was 100)" });
        });
    });
});

/**
 * Edge cases of the drill's routing model (drill/model/*.ts), written so that each behaviour
 * shows in the answer: exact share maps (regions and their order) and the exact list of rules
 * applied, not just "includes". Every expected value is a literal taken from AWS's documented
 * behaviour, named in the test:
 * - Global Accelerator: a client goes to its closest endpoint group; the traffic dial keeps that
 *   percentage of the traffic reaching a group and passes the rest to the next closest groups;
 *   a group without a healthy endpoint fails over to the closest healthy group, ignoring dials.
 * - Route 53: failover answers a healthy PRIMARY, else a healthy SECONDARY; a group whose
 *   records are all unhealthy is answered as if all were healthy (fail-open); weighted shares
 *   are weight over the sum of healthy non-zero weights, zero weights only when no non-zero
 *   record is healthy; latency answers the lowest-latency healthy region; a record without a
 *   health check and without evaluate target health is always healthy.
 * - The topology: record names built from the zone (FQDN with or without the trailing dot,
 *   relative with a zone id), one group per policy and name, the accelerator's rows.
 */
import { expect } from "chai";
import { loadStackConfig, StackConfig } from "../../config/load";
import { acceleratorAnswer, EndpointGroupState } from "../../drill/model/accelerator";
import { clientLocations } from "../../drill/model/clients";
import {
    failoverAnswer,
    FailoverRecord,
    isRecordHealthy,
    latencyAnswer,
    recordHealthRule,
    RoutedAnswer,
    sumShares,
    weightedAnswer,
    WeightedRecord,
} from "../../drill/model/routing";
import { Conditions, RegionPlan, regionPlanOf, routeAll } from "../../drill/model/topology";
import { withValues } from "../harness";

const seoul = "ap-northeast-2";
const tokyo = "ap-northeast-1";
const osaka = "ap-northeast-3";
const korea = clientLocations.find((location) => location.id === "korea")!;
const japan = clientLocations.find((location) => location.id === "japan")!;

const group = (region: string, trafficDial: number, healthy = true): EndpointGroupState => ({ region, trafficDial, healthy });
const primary = (healthy: boolean): FailoverRecord => ({ region: seoul, role: "PRIMARY", healthy });
const secondary = (healthy: boolean): FailoverRecord => ({ region: tokyo, role: "SECONDARY", healthy });
const weighted = (region: string, weight: number, healthy = true): WeightedRecord => ({ region, weight, healthy });

/** Compares an answer exactly, with shares to floating-point precision and regions in the order given. */
function expectAnswer(actual: RoutedAnswer, expected: RoutedAnswer): void {
    expect(Object.keys(actual.shares), "regions, in name order").to.deep.equal(Object.keys(expected.shares));
    for (const [region, share] of Object.entries(expected.shares)) {
        expect(actual.shares[region], region).to.be.closeTo(share, 1e-12);
    }
    expect(actual.rules).to.deep.equal(expected.rules);
}

describe("drill routing model: edges", () => {
    describe("Global Accelerator", () => {
        it("answers nothing when the listener has no endpoint group", () => {
            expect(acceleratorAnswer([], korea)).to.deep.equal({ shares: {}, rules: [] });
        });

        it("with every dial at 100 and every group healthy, sends the client to its closest group by proximity alone", () => {
            expectAnswer(acceleratorAnswer([group(seoul, 100), group(tokyo, 100)], korea), { shares: { [seoul]: 1 }, rules: ["ga.proximity"] });
            expectAnswer(acceleratorAnswer([group(seoul, 100), group(tokyo, 100)], japan), { shares: { [tokyo]: 1 }, rules: ["ga.proximity"] });
        });

        it("a dial between 0 and 100 keeps that share and passes the rest to the next closest group", () => {
            expectAnswer(acceleratorAnswer([group(seoul, 30), group(tokyo, 100)], korea), { shares: { [tokyo]: 0.7, [seoul]: 0.3 }, rules: ["ga.proximity", "ga.dial"] });
        });

        it("a dial on a farther group does not matter once a closer group dialled to 100 has kept all the traffic", () => {
            expectAnswer(acceleratorAnswer([group(seoul, 100), group(tokyo, 50)], korea), { shares: { [seoul]: 1 }, rules: ["ga.proximity"] });
        });

        it("a group dialled to 100 keeps exactly what reaches it: nothing, not a rounding residue, reaches the group after it", () => {
            // Korea: Seoul keeps 18 %, Tokyo (dial 100) the other 82 %, Osaka nothing.
            expectAnswer(acceleratorAnswer([group(seoul, 18), group(tokyo, 100), group(osaka, 50)], korea), {
                shares: { [tokyo]: 0.82, [seoul]: 0.18 },
                rules: ["ga.proximity", "ga.dial"],
            });
        });

        it("every group dialled to 0: the traffic left over goes to the closest healthy group", () => {
            expectAnswer(acceleratorAnswer([group(seoul, 0), group(tokyo, 0)], korea), { shares: { [seoul]: 1 }, rules: ["ga.proximity", "ga.dial", "ga.dial-leftover"] });
        });

        it("a closest group without a healthy endpoint fails over to the next closest healthy group (dial 100: nothing ignored)", () => {
            expectAnswer(acceleratorAnswer([group(seoul, 100, false), group(tokyo, 100)], korea), { shares: { [tokyo]: 1 }, rules: ["ga.proximity", "ga.failover"] });
        });

        it("failover to a group dialled to 0 names the dial as ignored", () => {
            expectAnswer(acceleratorAnswer([group(seoul, 0), group(tokyo, 100, false)], japan), { shares: { [seoul]: 1 }, rules: ["ga.proximity", "ga.failover", "ga.dial-ignored"] });
        });
    });

    describe("Route 53 record health", () => {
        it("names the no-health-check rule only for a record with neither a health check nor evaluate target health", () => {
            expect(recordHealthRule({ healthCheck: "none", evaluateTargetHealth: false, targetHealthy: false })).to.equal("r53.no-health-check");
            expect(recordHealthRule({ healthCheck: "none", evaluateTargetHealth: true, targetHealthy: true })).to.equal("r53.record-health");
            expect(recordHealthRule({ healthCheck: "healthy", evaluateTargetHealth: false, targetHealthy: true })).to.equal("r53.record-health");
            expect(recordHealthRule({ healthCheck: "unhealthy", evaluateTargetHealth: false, targetHealthy: true })).to.equal("r53.record-health");
        });

        it("without a health check, evaluate target health makes the alias target's health the record's health", () => {
            expect(isRecordHealthy({ healthCheck: "none", evaluateTargetHealth: true, targetHealthy: false })).to.equal(false);
            expect(isRecordHealthy({ healthCheck: "none", evaluateTargetHealth: true, targetHealthy: true })).to.equal(true);
            expect(isRecordHealthy({ healthCheck: "none", evaluateTargetHealth: false, targetHealthy: false })).to.equal(true);
        });
    });

    describe("Route 53 failover", () => {
        it("finds the PRIMARY by its role, not by its place in the group", () => {
            expectAnswer(failoverAnswer([secondary(true), primary(true)]), { shares: { [seoul]: 1 }, rules: ["r53.failover.primary"] });
            expectAnswer(failoverAnswer([secondary(true), primary(false)]), { shares: { [tokyo]: 1 }, rules: ["r53.failover.secondary"] });
        });

        it("a lone healthy PRIMARY is answered as the primary", () => {
            expectAnswer(failoverAnswer([primary(true)]), { shares: { [seoul]: 1 }, rules: ["r53.failover.primary"] });
        });

        it("a lone unhealthy PRIMARY is answered because every record of the group is unhealthy (fail-open)", () => {
            expectAnswer(failoverAnswer([primary(false)]), { shares: { [seoul]: 1 }, rules: ["r53.fail-open"] });
        });

        it("a lone healthy SECONDARY is answered as the secondary", () => {
            expectAnswer(failoverAnswer([secondary(true)]), { shares: { [tokyo]: 1 }, rules: ["r53.failover.secondary"] });
        });

        it("a lone unhealthy SECONDARY is answered because every record of the group is unhealthy (fail-open)", () => {
            expectAnswer(failoverAnswer([secondary(false)]), { shares: { [tokyo]: 1 }, rules: ["r53.fail-open"] });
        });

        it("an empty group answers nothing", () => {
            expect(failoverAnswer([])).to.deep.equal({ shares: {}, rules: [] });
        });
    });

    describe("Route 53 weighted", () => {
        it("healthy non-zero weights only: the share rule alone, no zero-weight rule", () => {
            expectAnswer(weightedAnswer([weighted(seoul, 50), weighted(tokyo, 50)]), { shares: { [tokyo]: 0.5, [seoul]: 0.5 }, rules: ["r53.weighted.share"] });
        });

        it("a zero-weight record left out while a non-zero record is healthy names the zero-weight rule", () => {
            expectAnswer(weightedAnswer([weighted(seoul, 100), weighted(tokyo, 0)]), { shares: { [seoul]: 1 }, rules: ["r53.weighted.share", "r53.weighted.zero"] });
        });

        it("the only non-zero record unhealthy: the healthy zero-weight records split the answers evenly", () => {
            expectAnswer(weightedAnswer([weighted(seoul, 100, false), weighted(tokyo, 0), weighted(osaka, 0)]), {
                shares: { [tokyo]: 0.5, [osaka]: 0.5 },
                rules: ["r53.weighted.zero"],
            });
        });

        it("lists the regions of the answer in name order, whatever the order of the records", () => {
            const answer = weightedAnswer([weighted(osaka, 1), weighted(seoul, 1), weighted(tokyo, 2)]);
            expectAnswer(answer, { shares: { [tokyo]: 0.5, [seoul]: 0.25, [osaka]: 0.25 }, rules: ["r53.weighted.share"] });
            expect(Object.keys(answer.shares)).to.deep.equal(["ap-northeast-1", "ap-northeast-2", "ap-northeast-3"]);
        });
    });

    describe("Route 53 latency", () => {
        it("the lowest-latency region healthy: the nearest rule alone, no fallback", () => {
            expectAnswer(latencyAnswer([{ region: tokyo, healthy: true }, { region: seoul, healthy: true }], korea), { shares: { [seoul]: 1 }, rules: ["r53.latency.nearest"] });
        });

        it("the lowest-latency region unhealthy: the next best, naming the fallback", () => {
            expectAnswer(latencyAnswer([{ region: seoul, healthy: false }, { region: tokyo, healthy: true }], korea), {
                shares: { [tokyo]: 1 },
                rules: ["r53.latency.nearest", "r53.latency.fallback"],
            });
        });

        it("an empty group answers nothing and is not a fail-open", () => {
            expect(latencyAnswer([], korea)).to.deep.equal({ shares: {}, rules: [] });
        });
    });

    describe("sumShares", () => {
        it("adds shares per region, drops regions with nothing and orders regions by name", () => {
            const shares = sumShares([[seoul, 0.25], [osaka, 0], [tokyo, 0.5], [seoul, 0.25]]);
            expect(shares).to.deep.equal({ [tokyo]: 0.5, [seoul]: 0.5 });
            expect(Object.keys(shares)).to.deep.equal(["ap-northeast-1", "ap-northeast-2"]);
        });
    });

    describe("regionPlanOf", () => {
        function config(values: Record<string, unknown>): StackConfig {
            return loadStackConfig({ stack: "seoul", project: "app", values: withValues({ "aws:region": seoul }, values) });
        }

        it("builds FQDNs from a zone name", () => {
            expect(regionPlanOf(config({ "dns.zoneName": "example.com", "dns.failoverRole": "PRIMARY" })).records).to.deep.equal([
                { policy: "failover", name: "app.example.com", role: "PRIMARY" },
                { policy: "weighted", name: "weighted.example.com", weight: 100 },
                { policy: "latency", name: "latency.example.com" },
            ]);
        });

        it("builds the same FQDNs from a zone name with a trailing dot", () => {
            expect(regionPlanOf(config({ "dns.zoneName": "example.com.", "dns.failoverRole": "SECONDARY" })).records).to.deep.equal([
                { policy: "failover", name: "app.example.com", role: "SECONDARY" },
                { policy: "weighted", name: "weighted.example.com", weight: 100 },
                { policy: "latency", name: "latency.example.com" },
            ]);
        });

        it("keeps names relative to the zone when the zone is given by id (empty zone name)", () => {
            expect(regionPlanOf(config({ "dns.zoneId": "Z0123456789ABCDEFGHIJ", "dns.failoverRole": "PRIMARY" })).records).to.deep.equal([
                { policy: "failover", name: "app", role: "PRIMARY" },
                { policy: "weighted", name: "weighted", weight: 100 },
                { policy: "latency", name: "latency" },
            ]);
        });

        it("has no records without a hosted zone", () => {
            expect(regionPlanOf(config({})).records).to.deep.equal([]);
        });

        it("leaves out the failover and latency records when they are off", () => {
            expect(regionPlanOf(config({ "dns.zoneName": "example.com", "dns.failover": false, "dns.latency": false, "dns.weight": 0 })).records).to.deep.equal([
                { policy: "weighted", name: "weighted.example.com", weight: 0 },
            ]);
        });

        it("leaves out the weighted record when it is off", () => {
            expect(regionPlanOf(config({ "dns.zoneName": "example.com", "dns.failoverRole": "PRIMARY", "dns.weighted": false })).records).to.deep.equal([
                { policy: "failover", name: "app.example.com", role: "PRIMARY" },
                { policy: "latency", name: "latency.example.com" },
            ]);
        });
    });

    describe("routeAll", () => {
        const healthy: Conditions = {
            [seoul]: { healthCheckHealthy: true, albHealthy: true, trafficDial: 100 },
            [tokyo]: { healthCheckHealthy: true, albHealthy: true, trafficDial: 100 },
        };

        it("answers each record name from its own records only: two weighted names do not mix", () => {
            const plans: RegionPlan[] = [
                { stack: "seoul", region: seoul, records: [{ policy: "weighted", name: "a.example.com", weight: 100 }, { policy: "weighted", name: "b.example.com", weight: 0 }] },
                { stack: "tokyo", region: tokyo, records: [{ policy: "weighted", name: "a.example.com", weight: 0 }, { policy: "weighted", name: "b.example.com", weight: 100 }] },
            ];
            expect(routeAll(plans, healthy, [korea])).to.deep.equal([
                { path: "dns", policy: "weighted", name: "a.example.com", client: "any", answer: { shares: { [seoul]: 1 }, rules: ["r53.record-health", "r53.weighted.share", "r53.weighted.zero"] } },
                { path: "dns", policy: "weighted", name: "b.example.com", client: "any", answer: { shares: { [tokyo]: 1 }, rules: ["r53.record-health", "r53.weighted.share", "r53.weighted.zero"] } },
            ]);
        });

        it("answers each policy from its own records only, even under the same name", () => {
            const plans: RegionPlan[] = [
                { stack: "seoul", region: seoul, records: [{ policy: "weighted", name: "app.example.com", weight: 100 }] },
                { stack: "tokyo", region: tokyo, records: [{ policy: "failover", name: "app.example.com", role: "SECONDARY" }] },
            ];
            expect(routeAll(plans, healthy, [korea])).to.deep.equal([
                { path: "dns", policy: "failover", name: "app.example.com", client: "any", answer: { shares: { [tokyo]: 1 }, rules: ["r53.record-health", "r53.failover.secondary"] } },
                { path: "dns", policy: "weighted", name: "app.example.com", client: "any", answer: { shares: { [seoul]: 1 }, rules: ["r53.record-health", "r53.weighted.share"] } },
            ]);
        });

        it("has no accelerator rows when no region takes part in the accelerator", () => {
            const plans: RegionPlan[] = [
                { stack: "seoul", region: seoul, records: [{ policy: "latency", name: "latency.example.com" }] },
                { stack: "tokyo", region: tokyo, records: [{ policy: "latency", name: "latency.example.com" }] },
            ];
            expect(routeAll(plans, healthy, [korea, japan])).to.deep.equal([
                { path: "dns", policy: "latency", name: "latency.example.com", client: "korea", answer: { shares: { [seoul]: 1 }, rules: ["r53.record-health", "r53.latency.nearest"] } },
                { path: "dns", policy: "latency", name: "latency.example.com", client: "japan", answer: { shares: { [tokyo]: 1 }, rules: ["r53.record-health", "r53.latency.nearest"] } },
            ]);
        });

        it("answers the accelerator once per client, named as the accelerator", () => {
            const plans: RegionPlan[] = [
                { stack: "seoul", region: seoul, records: [], accelerator: { trafficDial: 100, endpointWeight: 128 } },
                { stack: "tokyo", region: tokyo, records: [], accelerator: { trafficDial: 100, endpointWeight: 128 } },
            ];
            expect(routeAll(plans, healthy, [korea, japan])).to.deep.equal([
                { path: "globalAccelerator", policy: "accelerator", name: "accelerator", client: "korea", answer: { shares: { [seoul]: 1 }, rules: ["ga.proximity"] } },
                { path: "globalAccelerator", policy: "accelerator", name: "accelerator", client: "japan", answer: { shares: { [tokyo]: 1 }, rules: ["ga.proximity"] } },
            ]);
        });
    });
});

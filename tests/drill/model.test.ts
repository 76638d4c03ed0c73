/**
 * The routing model against a table of AWS's documented cases. Every case names the rule it
 * encodes; drill/model/rules.ts holds each rule's wording and the AWS page it comes from.
 */
import { expect } from "chai";
import { acceleratorAnswer, EndpointGroupState } from "../../drill/model/accelerator";
import { byProximity, ClientLocation, clientLocations, clientLocationsFor, clientNear } from "../../drill/model/clients";
import {
    failoverAnswer,
    FailoverRecord,
    isRecordHealthy,
    latencyAnswer,
    recordHealthRule,
    RoutedAnswer,
    Shares,
    weightedAnswer,
    WeightedRecord,
} from "../../drill/model/routing";
import { routingRules, RuleId } from "../../drill/model/rules";
import { Conditions, RegionPlan, routeAll } from "../../drill/model/topology";

const seoul = "ap-northeast-2";
const tokyo = "ap-northeast-1";
const osaka = "ap-northeast-3";
const hongKong = "ap-east-1";
const singapore = "ap-southeast-1";
const korea = clientLocations.find((location) => location.id === "korea")!;
const japan = clientLocations.find((location) => location.id === "japan")!;

/** One documented case: the rule it encodes, the answer it computes, what AWS says the answer is. */
interface RoutingCase {
    /** The rule the case encodes (its wording and source are in drill/model/rules.ts). */
    readonly rule: RuleId;
    /** The situation. */
    readonly title: string;
    /** The model's answer. */
    readonly answer: () => RoutedAnswer;
    /** The documented answer. */
    readonly expected: Shares;
}

const primary = (healthy: boolean): FailoverRecord => ({ region: seoul, role: "PRIMARY", healthy });
const secondary = (healthy: boolean): FailoverRecord => ({ region: tokyo, role: "SECONDARY", healthy });
const weighted = (region: string, weight: number, healthy = true): WeightedRecord => ({ region, weight, healthy });
const group = (region: string, trafficDial: number, healthy = true): EndpointGroupState => ({ region, trafficDial, healthy });

const cases: readonly RoutingCase[] = [
    // Failover routing.
    { rule: "r53.failover.primary", title: "primary healthy answers the primary", answer: () => failoverAnswer([primary(true), secondary(true)]), expected: { [seoul]: 1 } },
    { rule: "r53.failover.primary", title: "primary healthy answers the primary even when the secondary is unhealthy", answer: () => failoverAnswer([primary(true), secondary(false)]), expected: { [seoul]: 1 } },
    { rule: "r53.failover.secondary", title: "primary unhealthy and secondary healthy answers the secondary", answer: () => failoverAnswer([primary(false), secondary(true)]), expected: { [tokyo]: 1 } },
    { rule: "r53.failover.secondary-unhealthy", title: "both unhealthy answers the primary", answer: () => failoverAnswer([primary(false), secondary(false)]), expected: { [seoul]: 1 } },
    { rule: "r53.fail-open", title: "a lone unhealthy primary is still answered", answer: () => failoverAnswer([primary(false)]), expected: { [seoul]: 1 } },

    // Weighted routing.
    { rule: "r53.weighted.share", title: "50 and 50 split evenly", answer: () => weightedAnswer([weighted(seoul, 50), weighted(tokyo, 50)]), expected: { [tokyo]: 0.5, [seoul]: 0.5 } },
    { rule: "r53.weighted.share", title: "1 and 255 give 1/256 and 255/256 (the guide's example)", answer: () => weightedAnswer([weighted(seoul, 1), weighted(tokyo, 255)]), expected: { [tokyo]: 255 / 256, [seoul]: 1 / 256 } },
    { rule: "r53.weighted.share", title: "an unhealthy record's share goes to the healthy ones", answer: () => weightedAnswer([weighted(seoul, 50, false), weighted(tokyo, 50)]), expected: { [tokyo]: 1 } },
    { rule: "r53.weighted.zero", title: "a zero-weight record gets nothing while a non-zero one is healthy", answer: () => weightedAnswer([weighted(seoul, 100), weighted(tokyo, 0)]), expected: { [seoul]: 1 } },
    { rule: "r53.weighted.zero", title: "a zero-weight record is answered once every non-zero record is unhealthy", answer: () => weightedAnswer([weighted(seoul, 100, false), weighted(tokyo, 0)]), expected: { [tokyo]: 1 } },
    { rule: "r53.weighted.all-zero", title: "all weights 0 split evenly", answer: () => weightedAnswer([weighted(seoul, 0), weighted(tokyo, 0), weighted(osaka, 0)]), expected: { [tokyo]: 1 / 3, [seoul]: 1 / 3, [osaka]: 1 / 3 } },
    { rule: "r53.fail-open", title: "all records unhealthy: answered by weight as if healthy", answer: () => weightedAnswer([weighted(seoul, 100, false), weighted(tokyo, 50, false)]), expected: { [tokyo]: 1 / 3, [seoul]: 2 / 3 } },
    { rule: "r53.fail-open", title: "all unhealthy with a zero weight: the zero-weight record stays out", answer: () => weightedAnswer([weighted(seoul, 100, false), weighted(tokyo, 0, false)]), expected: { [seoul]: 1 } },
    {
        rule: "r53.no-health-check", title: "a record without a health check is always healthy, so it takes every answer when the other is unhealthy",
        answer: () => weightedAnswer([
            { region: seoul, weight: 50, healthy: isRecordHealthy({ healthCheck: "none", evaluateTargetHealth: false, targetHealthy: false }) },
            { region: tokyo, weight: 50, healthy: isRecordHealthy({ healthCheck: "unhealthy", evaluateTargetHealth: false, targetHealthy: true }) },
        ]),
        expected: { [seoul]: 1 },
    },
    {
        rule: "r53.record-health", title: "a healthy check does not save a record whose alias target is unhealthy (evaluate target health)",
        answer: () => failoverAnswer([
            { region: seoul, role: "PRIMARY", healthy: isRecordHealthy({ healthCheck: "healthy", evaluateTargetHealth: true, targetHealthy: false }) },
            secondary(true),
        ]),
        expected: { [tokyo]: 1 },
    },

    // Latency routing.
    { rule: "r53.latency.nearest", title: "a client in Korea gets Seoul", answer: () => latencyAnswer([{ region: seoul, healthy: true }, { region: tokyo, healthy: true }], korea), expected: { [seoul]: 1 } },
    { rule: "r53.latency.nearest", title: "a client in Japan gets Tokyo", answer: () => latencyAnswer([{ region: seoul, healthy: true }, { region: tokyo, healthy: true }], japan), expected: { [tokyo]: 1 } },
    { rule: "r53.latency.fallback", title: "Seoul unhealthy: a client in Korea falls back to Tokyo", answer: () => latencyAnswer([{ region: seoul, healthy: false }, { region: tokyo, healthy: true }], korea), expected: { [tokyo]: 1 } },
    { rule: "r53.latency.fallback", title: "the fallback is the next best region, not any region", answer: () => latencyAnswer([{ region: seoul, healthy: false }, { region: singapore, healthy: true }, { region: tokyo, healthy: true }], korea), expected: { [tokyo]: 1 } },
    { rule: "r53.fail-open", title: "every latency record unhealthy: the nearest is answered", answer: () => latencyAnswer([{ region: seoul, healthy: false }, { region: tokyo, healthy: false }], korea), expected: { [seoul]: 1 } },

    // Global Accelerator.
    { rule: "ga.proximity", title: "a client in Korea goes to Seoul", answer: () => acceleratorAnswer([group(seoul, 100), group(tokyo, 100)], korea), expected: { [seoul]: 1 } },
    { rule: "ga.dial", title: "Seoul dialled to 0 sends Korea to Tokyo", answer: () => acceleratorAnswer([group(seoul, 0), group(tokyo, 100)], korea), expected: { [tokyo]: 1 } },
    { rule: "ga.dial", title: "Seoul dialled to 30 keeps 30% of Korea's traffic", answer: () => acceleratorAnswer([group(seoul, 30), group(tokyo, 100)], korea), expected: { [tokyo]: 0.7, [seoul]: 0.3 } },
    { rule: "ga.failover", title: "Seoul without a healthy endpoint sends Korea to Tokyo", answer: () => acceleratorAnswer([group(seoul, 100, false), group(tokyo, 100)], korea), expected: { [tokyo]: 1 } },
    { rule: "ga.dial-ignored", title: "Tokyo unhealthy: Japan fails over to Seoul even though Seoul is dialled to 0", answer: () => acceleratorAnswer([group(seoul, 0), group(tokyo, 100, false)], japan), expected: { [seoul]: 1 } },
    { rule: "ga.fail-open", title: "no healthy endpoint anywhere: the closest group", answer: () => acceleratorAnswer([group(seoul, 100, false), group(tokyo, 100, false)], japan), expected: { [tokyo]: 1 } },
    {
        rule: "ga.fail-open", title: "the 3 closest groups unhealthy: fail open to the closest, not to a healthy 4th",
        answer: () => acceleratorAnswer([group(seoul, 100, false), group(tokyo, 100, false), group(osaka, 100, false), group(hongKong, 100)], korea),
        expected: { [seoul]: 1 },
    },
    { rule: "ga.dial-leftover", title: "every group dialled down: the rest goes to the closest healthy group", answer: () => acceleratorAnswer([group(seoul, 50), group(tokyo, 0)], korea), expected: { [seoul]: 1 } },
];

function expectShares(actual: Shares, expected: Shares): void {
    expect(Object.keys(actual).sort()).to.deep.equal(Object.keys(expected).sort());
    for (const [region, share] of Object.entries(expected)) {
        expect(actual[region], region).to.be.closeTo(share, 1e-9);
    }
}

describe("drill routing model", () => {
    describe("documented cases", () => {
        for (const routingCase of cases) {
            it(`${routingCase.title} [${routingCase.rule}: ${routingRules[routingCase.rule].source}]`, () => {
                const answer = routingCase.answer();
                expectShares(answer.shares, routingCase.expected);
                if (routingCase.rule === "r53.no-health-check" || routingCase.rule === "r53.record-health") {
                    return;
                }
                expect(answer.rules, "the model names the rule it applied").to.include(routingCase.rule);
            });
        }
    });

    it("explains record health with the rule that applies", () => {
        expect(recordHealthRule({ healthCheck: "none", evaluateTargetHealth: false, targetHealthy: false })).to.equal("r53.no-health-check");
        expect(recordHealthRule({ healthCheck: "healthy", evaluateTargetHealth: true, targetHealthy: true })).to.equal("r53.record-health");
    });

    it("every rule cites an AWS page or the AWS-NOTES inference it comes from", () => {
        for (const [id, rule] of Object.entries(routingRules)) {
            expect(rule.source, id).to.match(/^https:\/\/docs\.aws\.amazon\.com\/|AWS-NOTES/);
        }
    });

    describe("client locations (a model)", () => {
        it("orders Korea Seoul then Tokyo, Japan Tokyo then Seoul", () => {
            expect(byProximity(korea, [tokyo, seoul])).to.deep.equal([seoul, tokyo]);
            expect(byProximity(japan, [seoul, tokyo])).to.deep.equal([tokyo, seoul]);
        });

        it("models a client near every region of the stack set, not only Korea and Japan", () => {
            expect(clientLocationsFor([seoul, tokyo]).map((location) => location.id)).to.deep.equal(["korea", "japan"]);
            const london = clientLocationsFor([seoul, "eu-west-2", tokyo, "eu-west-2"]);
            expect(london.map((location) => location.id)).to.deep.equal(["korea", "near-eu-west-2", "japan"]);
            expect(london[1].label).to.equal("client near Europe (London)");
            expect(london[1].clientSubnet, "no resolver of its country: TestDNSAnswer cannot place it").to.equal(undefined);
        });

        it("ranks the regions for a client near a region by distance from its city: London sees Europe first, Seoul last", () => {
            const near = clientNear("eu-west-2");
            expect(near.regionsByLatency.slice(0, 4)).to.deep.equal(["eu-west-2", "eu-west-3", "eu-west-1", "eu-central-1"]);
            expect(byProximity(near, [seoul, "us-east-1", "eu-west-1"])).to.deep.equal(["eu-west-1", "us-east-1", seoul]);
            expect(() => clientNear("xx-nowhere-1")).to.throw("no region xx-nowhere-1");
        });

        it("ranks regions missing from the table after the listed ones, by name", () => {
            const location: ClientLocation = { id: "x", label: "x", clientSubnet: { resolverIp: "192.0.2.1", ip: "192.0.2.0", mask: 24 }, regionsByLatency: [tokyo] };
            expect(byProximity(location, ["us-west-2", "eu-west-1", tokyo])).to.deep.equal([tokyo, "eu-west-1", "us-west-2"]);
        });
    });

    describe("routeAll", () => {
        const plans: RegionPlan[] = [
            { stack: "seoul", region: seoul, records: [{ policy: "failover", name: "app.example.com", role: "PRIMARY" }, { policy: "weighted", name: "w.example.com", weight: 0 }], accelerator: { trafficDial: 100, endpointWeight: 0 } },
            { stack: "tokyo", region: tokyo, records: [{ policy: "failover", name: "app.example.com", role: "SECONDARY" }, { policy: "weighted", name: "w.example.com", weight: 10 }], accelerator: { trafficDial: 100, endpointWeight: 128 } },
        ];
        const healthy: Conditions = {
            [seoul]: { healthCheckHealthy: true, albHealthy: true, trafficDial: 100 },
            [tokyo]: { healthCheckHealthy: true, albHealthy: true, trafficDial: 100 },
        };

        it("treats an endpoint of weight 0 as no healthy endpoint (GA fails over from it)", () => {
            const rows = routeAll(plans, healthy, [korea]);
            expect(rows.find((row) => row.path === "globalAccelerator")?.answer.shares).to.deep.equal({ [tokyo]: 1 });
        });

        it("makes a record unhealthy when its ALB is unhealthy (evaluate target health), whatever the check says", () => {
            const rows = routeAll(plans, { ...healthy, [seoul]: { ...healthy[seoul], albHealthy: false } }, [korea]);
            expect(rows.find((row) => row.policy === "failover")?.answer.shares).to.deep.equal({ [tokyo]: 1 });
        });

        it("answers failover and weighted once for any client, latency and GA per client", () => {
            const rows = routeAll(plans, healthy, clientLocations);
            expect(rows.map((row) => `${row.policy} ${row.client}`)).to.deep.equal(["failover any", "weighted any", "accelerator korea", "accelerator japan"]);
        });
    });
});

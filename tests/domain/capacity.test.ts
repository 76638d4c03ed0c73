import { expect } from "chai";
import {
    CapacityMember,
    instanceRequestsPerSecond,
    instancesFor,
    instancesForMove,
    pathLoads,
    worstLoads,
} from "../../domain/capacity";

// Seoul, Tokyo and Osaka: Osaka is Tokyo's nearest region (about 400 km) and Seoul's (about 830 km,
// against 1,150 km to Tokyo), by the cities of the AWS Regions list.
const seoul: CapacityMember = { stack: "seoul", region: "ap-northeast-2", failoverRole: "PRIMARY", weight: 50, latency: true, accelerator: { trafficDial: 100, endpointWeight: 128 }, nearbyClientsShare: 0.4 };
const tokyo: CapacityMember = { stack: "tokyo", region: "ap-northeast-1", failoverRole: "SECONDARY", weight: 50, latency: true, accelerator: { trafficDial: 100, endpointWeight: 128 }, nearbyClientsShare: 0.4 };
const osaka: CapacityMember = { stack: "osaka", region: "ap-northeast-3", weight: 100, latency: true, accelerator: { trafficDial: 100, endpointWeight: 128 }, nearbyClientsShare: 0.2 };
const three = [seoul, tokyo, osaka];
const lost = (stack: string) => ({ stack, keptShare: 0 });

describe("capacity arithmetic", () => {
    describe("what one instance serves", () => {
        it("is the target-tracking goal per minute over 60", () => {
            expect(instanceRequestsPerSecond(600)).to.equal(10);
            expect(instanceRequestsPerSecond(1000) * 3).to.be.closeTo(50, 1e-9);
        });

        it("counts whole instances, with no extra one for a rounding residue", () => {
            expect(instancesFor(40, 10)).to.equal(4);
            expect(instancesFor(40.001, 10)).to.equal(5);
            expect(instancesFor(50, instanceRequestsPerSecond(1000))).to.equal(3);
            expect(instancesFor(0, 10)).to.equal(0);
        });
    });

    describe("failover path", () => {
        it("sends everything to the PRIMARY, and to the SECONDARY once the PRIMARY is lost", () => {
            expect(pathLoads(three, 90).failover).to.deep.equal({ seoul: 90 });
            expect(pathLoads(three, 90, lost("seoul")).failover).to.deep.equal({ tokyo: 90 });
        });

        it("keeps the PRIMARY when the SECONDARY or a region outside the pair is lost", () => {
            expect(pathLoads(three, 90, lost("tokyo")).failover).to.deep.equal({ seoul: 90 });
            expect(pathLoads(three, 90, lost("osaka")).failover).to.deep.equal({ seoul: 90 });
        });

        it("moves nothing on a partial shift: a failover record is in or out", () => {
            expect(pathLoads(three, 90, { stack: "seoul", keptShare: 0.5 }).failover).to.deep.equal({ seoul: 90 });
        });
    });

    describe("weighted path", () => {
        it("shares by weight, and among the survivors' weights after a loss", () => {
            expect(pathLoads(three, 100).weighted).to.deep.equal({ seoul: 25, tokyo: 25, osaka: 50 });
            expect(pathLoads(three, 100, lost("osaka")).weighted).to.deep.equal({ seoul: 50, tokyo: 50 });
            expect(pathLoads(three, 100, lost("seoul")).weighted).to.deep.equal({ tokyo: 100 / 3, osaka: 200 / 3 });
        });

        it("gives a zero-weight survivor nothing while a non-zero one is up, and everything once none is", () => {
            const standby = { ...tokyo, weight: 0 };
            expect(pathLoads([seoul, standby], 100).weighted).to.deep.equal({ seoul: 100 });
            expect(pathLoads([seoul, standby], 100, lost("seoul")).weighted).to.deep.equal({ tokyo: 100 });
        });

        it("scales the moved region's weight by what it keeps", () => {
            expect(pathLoads([seoul, tokyo], 90, { stack: "seoul", keptShare: 0.5 }).weighted).to.deep.equal({ seoul: 30, tokyo: 60 });
        });
    });

    describe("latency path", () => {
        it("gives each region its nearby clients, and a lost region's to the survivor nearest it", () => {
            expect(pathLoads(three, 100).latency).to.deep.equal({ seoul: 40, tokyo: 40, osaka: 20 });
            expect(pathLoads(three, 100, lost("tokyo")).latency).to.deep.equal({ seoul: 40, osaka: 60 });
            // Osaka is nearer Seoul than Tokyo is.
            expect(pathLoads(three, 100, lost("seoul")).latency).to.deep.equal({ tokyo: 40, osaka: 60 });
        });

        it("never gives a region more than the whole peak", () => {
            const unknown = three.map((member) => ({ ...member, nearbyClientsShare: 1 }));
            expect(pathLoads(unknown, 100, lost("tokyo")).latency).to.deep.equal({ seoul: 100, osaka: 100 });
        });
    });

    describe("accelerator path", () => {
        it("sends a group's clients beyond its dial to the next closest group", () => {
            const dialled = [{ ...seoul, accelerator: { trafficDial: 25, endpointWeight: 128 } }, tokyo, osaka];
            expect(pathLoads(dialled, 100).accelerator).to.deep.equal({ seoul: 10, tokyo: 40, osaka: 50 });
        });

        it("ignores a lost group's dial: all its clients go to the group nearest it", () => {
            const dialled = [seoul, { ...tokyo, accelerator: { trafficDial: 50, endpointWeight: 128 } }, osaka];
            expect(pathLoads(dialled, 100, lost("tokyo")).accelerator).to.deep.equal({ seoul: 40, osaka: 60 });
        });

        it("sends the clients of a group whose endpoint has weight 0 to the nearest group that serves", () => {
            const drained = [seoul, { ...tokyo, accelerator: { trafficDial: 100, endpointWeight: 0 } }, osaka];
            expect(pathLoads(drained, 100).accelerator).to.deep.equal({ seoul: 40, osaka: 60 });
        });

        it("keeps what its dial sends away when no other group serves", () => {
            const alone = [{ ...seoul, accelerator: { trafficDial: 30, endpointWeight: 128 } }];
            expect(pathLoads(alone, 100).accelerator).to.deep.equal({ seoul: 40 });
        });
    });

    it("leaves out the paths no region takes part in", () => {
        const accelerated = { stack: "frankfurt", region: "eu-central-1", latency: false, accelerator: { trafficDial: 100, endpointWeight: 128 }, nearbyClientsShare: 1 };
        expect(Object.keys(pathLoads([accelerated], 10))).to.deep.equal(["accelerator"]);
    });

    describe("worst loads", () => {
        it("takes each region's worst path, with every region up and after the loss that burdens it most", () => {
            const worst = worstLoads(three, 100);
            expect(worst.seoul).to.deep.equal({ normal: { path: "failover", requestsPerSecond: 100 }, afterLoss: { path: "failover", requestsPerSecond: 100, lost: "tokyo" } });
            expect(worst.tokyo).to.deep.equal({ normal: { path: "latency", requestsPerSecond: 40 }, afterLoss: { path: "failover", requestsPerSecond: 100, lost: "seoul" } });
            // Osaka is outside the failover pair: weighted gives it the most; Seoul's loss (the first of two equal ones) raises its share.
            expect(worst.osaka.normal).to.deep.equal({ path: "weighted", requestsPerSecond: 50 });
            expect(worst.osaka.afterLoss?.path).to.equal("weighted");
            expect(worst.osaka.afterLoss?.lost).to.equal("seoul");
            expect(worst.osaka.afterLoss?.requestsPerSecond).to.be.closeTo(200 / 3, 1e-9);
        });

        it("has no loss for a region alone", () => {
            expect(worstLoads([{ ...seoul, failoverRole: undefined }], 100).seoul).to.deep.equal({ normal: { path: "weighted", requestsPerSecond: 100 } });
        });
    });

    describe("instances for a traffic move (what pre-scaling raises the survivors to)", () => {
        const fleets = { seoul: { instanceRequestsPerSecond: 10, maxInstances: 10, standingInstances: 2 }, tokyo: { instanceRequestsPerSecond: 10, maxInstances: 10, standingInstances: 2 } };

        it("gives each survivor with a fleet the instances of its worst path, leaving out the moved region", () => {
            expect(instancesForMove(three, fleets, 100, lost("seoul"))).to.deep.equal({ tokyo: { path: "failover", requestsPerSecond: 100, instances: 10 } });
        });

        it("sizes a staged shift by what moves", () => {
            const pair = [{ ...seoul, failoverRole: undefined, latency: false, accelerator: undefined }, { ...tokyo, failoverRole: undefined, latency: false, accelerator: undefined }];
            expect(instancesForMove(pair, fleets, 100, { stack: "seoul", keptShare: 0.5 })).to.deep.equal({ tokyo: { path: "weighted", requestsPerSecond: 100 * 50 / 75, instances: 7 } });
        });
    });
});

import { expect } from "chai";
import { distanceKm, nearestCheckerRegions, regionCodes, regionFacts, route53CheckerRegions } from "../../domain/regions";

// Values as the AWS documentation lists them, written here by hand so that a wrong entry in the
// program's table cannot pass by being compared with itself.
const documented = {
    // AWS General Reference, Elastic Load Balancing endpoints: Application Load Balancers.
    albZoneIds: {
        "ap-northeast-2": "ZWKZPGTI48KDX",
        "ap-northeast-1": "Z14GRHDCWA56QT",
        "eu-central-1": "Z215JYRZR1TBD5",
        "eu-west-2": "ZHURV8PSTC4K8",
        "us-east-1": "Z35SXDOTRQ7X7K",
        "ap-southeast-4": "Z09517862IB2WZLPXG76F",
        "il-central-1": "Z09170902867EHPV2DABU",
    },
    // ELB User Guide, access logs: regions available before August 2022 and their ELB accounts.
    elbLogAccounts: { "ap-northeast-2": "600734575887", "eu-west-2": "652711504416", "us-east-1": "127311923021" },
    // ... and regions that use the log-delivery service principal instead.
    servicePrincipalRegions: ["ap-southeast-4", "eu-central-2", "il-central-1", "ca-west-1", "mx-central-1"],
};

describe("region table", () => {
    it("covers every commercial region with an ALB zone id, a location and a name", () => {
        expect(regionCodes.length).to.be.at.least(34);
        for (const code of regionCodes) {
            const facts = regionFacts(code)!;
            expect(facts.code, code).to.equal(code);
            expect(facts.albZoneId, code).to.match(/^Z[0-9A-Z]{8,32}$/);
            expect(Math.abs(facts.location[0]), code).to.be.at.most(90);
            expect(Math.abs(facts.location[1]), code).to.be.at.most(180);
            expect(facts.elbLogAccount ?? "", code).to.match(/^(\d{12})?$/);
        }
    });

    it("holds the documented canonical ALB zone ids", () => {
        for (const [code, zoneId] of Object.entries(documented.albZoneIds)) {
            expect(regionFacts(code)?.albZoneId, code).to.equal(zoneId);
        }
    });

    it("delivers logs from the ELB account where one exists, and through the service principal elsewhere", () => {
        for (const [code, account] of Object.entries(documented.elbLogAccounts)) {
            expect(regionFacts(code)?.elbLogAccount, code).to.equal(account);
        }
        for (const code of documented.servicePrincipalRegions) {
            expect(regionFacts(code), code).to.not.equal(undefined);
            expect(regionFacts(code)?.elbLogAccount, code).to.equal(undefined);
        }
    });

    it("knows nothing of a region outside the table, nor of inherited object keys", () => {
        expect(regionFacts("eu-west-9")).to.equal(undefined);
        expect(regionFacts("toString")).to.equal(undefined);
        expect(nearestCheckerRegions("eu-west-9")).to.deep.equal([]);
    });
});

describe("nearest Route 53 checker regions", () => {
    it("measures great-circle distances (Seoul to Tokyo is about 1,160 km)", () => {
        const km = distanceKm(regionFacts("ap-northeast-2")!.location, regionFacts("ap-northeast-1")!.location);
        expect(km).to.be.within(1100, 1220);
    });

    it("picks the three checker regions nearest the stack's region, nearest first", () => {
        expect(nearestCheckerRegions("ap-northeast-2")).to.deep.equal(["ap-northeast-1", "ap-southeast-1", "ap-southeast-2"]);
        expect(nearestCheckerRegions("eu-west-2")).to.deep.equal(["eu-west-1", "us-east-1", "us-west-2"]);
        expect(nearestCheckerRegions("sa-east-1")).to.deep.equal(["sa-east-1", "us-east-1", "eu-west-1"]);
        expect(nearestCheckerRegions("ap-southeast-4")).to.deep.equal(["ap-southeast-2", "ap-southeast-1", "ap-northeast-1"]);
    });

    it("always names real checker regions, as many as asked", () => {
        for (const code of regionCodes) {
            const nearest = nearestCheckerRegions(code);
            expect(nearest, code).to.have.length(3);
            expect(new Set(nearest).size, code).to.equal(3);
            for (const checker of nearest) {
                expect(route53CheckerRegions as readonly string[], code).to.include(checker);
            }
        }
        expect(nearestCheckerRegions("ap-northeast-2", 5)).to.have.length(5);
    });
});

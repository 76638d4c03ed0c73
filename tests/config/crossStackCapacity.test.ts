import { expect } from "chai";
import { StackConfig, validateStackConfig } from "../../config/load";
import { checkAcrossStacks, CrossStackFinding } from "../../config/crossStack";
import { capacityReport, capacityReports, formatRate } from "../../config/crossStackCapacity";
import { configFor } from "../harness";

/** A validated stack of the fixture with changes; the fixture's Pulumi.yaml declares a peak of 30 rps. */
function stack(file: "global" | "seoul" | "tokyo", changes: Record<string, unknown> = {}, name: string = file): StackConfig {
    const result = validateStackConfig({ stack: name, project: "app", values: configFor(file, changes) });
    expect(result.problems, result.problems.join("\n")).to.deep.equal([]);
    return result.config!;
}

const capacityFindings = (...configs: StackConfig[]): CrossStackFinding[] =>
    checkAcrossStacks(configs.map((config) => ({ config }))).filter((finding) => finding.check.startsWith("capacity"));

/** Both regions with one instance serving 10 rps (600 requests per minute) and `peak`. */
const tenPerInstance = (peak: number, seoul: Record<string, unknown> = {}, tokyo: Record<string, unknown> = {}) => [
    stack("global", { "capacity.peakRequestsPerSecond": peak }),
    stack("seoul", { "capacity.peakRequestsPerSecond": peak, "fleet.requestsPerTarget": 600, ...seoul }),
    stack("tokyo", { "capacity.peakRequestsPerSecond": peak, "fleet.requestsPerTarget": 600, ...tokyo }),
];

describe("capacity across stacks", () => {
    it("passes the fixture and reports each region's loads and headroom", () => {
        const configs = [stack("global"), stack("seoul"), stack("tokyo")];
        expect(capacityFindings(...configs)).to.deep.equal([]);
        const report = capacityReport(configs)!;
        expect(report.peakRequestsPerSecond).to.equal(30);
        expect(report.regions.map((region) => region.stack)).to.deep.equal(["seoul", "tokyo"]);
        const tokyo = report.regions[1];
        // 4 instances of 1000 requests per minute each: 66.7 rps.
        expect(tokyo.capacityRequestsPerSecond).to.be.closeTo(4000 / 60, 1e-9);
        expect(tokyo.afterLoss).to.deep.equal({ path: "failover", requestsPerSecond: 30, lost: "seoul" });
        expect(tokyo.headroomRequestsPerSecond).to.be.closeTo(4000 / 60 - 30, 1e-9);
        expect(tokyo.instancesNeeded).to.equal(2);
    });

    it("refuses a set whose survivor cannot carry a lost region, naming the file, the key and the numbers", () => {
        // Clients mostly near Seoul: Tokyo takes 50 rps with both up (its weighted half), the whole 100 once Seoul is lost.
        const configs = [
            stack("global", { "capacity.peakRequestsPerSecond": 100 }),
            stack("seoul", { "capacity.peakRequestsPerSecond": 100, "fleet.maxSize": 8, "capacity.nearbyClientsPercent": 70 }),
            stack("tokyo", { "capacity.peakRequestsPerSecond": 100, "capacity.nearbyClientsPercent": 30 }),
        ];
        expect(capacityFindings(...configs)).to.deep.equal([{
            check: "capacity", level: "error", stacks: ["tokyo", "seoul"], files: ["Pulumi.tokyo.yaml", "Pulumi.seoul.yaml"], environment: "production",
            message: "Pulumi.tokyo.yaml: app:fleet.maxSize 4 cannot carry what tokyo receives when seoul is lost: 100 rps of app:capacity.peakRequestsPerSecond 100 " +
                "(failover: the PRIMARY's load moves to the SECONDARY), while 4 instances x 16.7 rps (app:fleet.requestsPerTarget 1000 per minute) carry 66.7 rps: " +
                "set app:fleet.maxSize to at least 6, or raise app:fleet.requestsPerTarget if one instance serves more",
        }]);
        const tokyo = capacityReport(configs)!.regions[1];
        expect(tokyo.normal).to.deep.equal({ path: "weighted", requestsPerSecond: 50 });
    });

    it("refuses a region that cannot carry its load with every region up", () => {
        const findings = capacityFindings(...tenPerInstance(50, { "fleet.maxSize": 4 }, { "fleet.maxSize": 6 }));
        expect(findings.map((finding) => finding.message)).to.deep.equal([
            "Pulumi.seoul.yaml: app:fleet.maxSize 4 cannot carry what seoul receives with every region up: 50 rps of app:capacity.peakRequestsPerSecond 50 " +
            "(failover: the PRIMARY's load moves to the SECONDARY), while 4 instances x 10 rps (app:fleet.requestsPerTarget 600 per minute) carry 40 rps: " +
            "set app:fleet.maxSize to at least 5, or raise app:fleet.requestsPerTarget if one instance serves more",
        ]);
        expect(findings[0].stacks).to.deep.equal(["seoul"]);
    });

    describe("boundaries", () => {
        it("passes a peak the survivors carry exactly and refuses one a little above it", () => {
            expect(capacityFindings(...tenPerInstance(40))).to.deep.equal([]);
            expect(capacityFindings(...tenPerInstance(40.1)).map((finding) => finding.stacks[0])).to.deep.equal(["seoul", "tokyo"]);
        });

        it("passes the smallest maxSize that carries the peak and refuses one less", () => {
            // Half the clients near Tokyo: 15 rps with both regions up, all 30 once Seoul is lost.
            const tokyo = { "capacity.nearbyClientsPercent": 50 };
            expect(capacityFindings(...tenPerInstance(30, { "fleet.maxSize": 3 }, { ...tokyo, "fleet.maxSize": 3 }))).to.deep.equal([]);
            const refused = capacityFindings(...tenPerInstance(30, { "fleet.maxSize": 3 }, { ...tokyo, "fleet.maxSize": 2 }));
            expect(refused.map((finding) => finding.stacks)).to.deep.equal([["tokyo", "seoul"]]);
            expect(refused[0].message).to.contain("app:fleet.maxSize 2 cannot carry").and.contain("set app:fleet.maxSize to at least 3");
        });

        it("takes the per-instance rate from requestsPerTarget at both sides", () => {
            // 4 instances: 601 requests per minute carry 40.07 rps, 599 carry 39.93.
            expect(capacityFindings(...tenPerInstance(40, { "fleet.requestsPerTarget": 601 }, { "fleet.requestsPerTarget": 601 }))).to.deep.equal([]);
            expect(capacityFindings(...tenPerInstance(40, { "fleet.requestsPerTarget": 599 }, { "fleet.requestsPerTarget": 599 }))).to.have.length(2);
        });
    });

    it("is off when no stack declares a peak", () => {
        const configs = tenPerInstance(0, { "fleet.maxSize": 2 }, { "fleet.maxSize": 2 });
        expect(capacityReport(configs)).to.equal(undefined);
        expect(capacityFindings(...configs)).to.deep.equal([]);
    });

    it("refuses stacks that declare different peaks, once, instead of judging either", () => {
        const configs = [stack("global"), stack("seoul", { "capacity.peakRequestsPerSecond": 500 }), stack("tokyo")];
        expect(capacityFindings(...configs)).to.deep.equal([{
            check: "capacity-peak", level: "error", stacks: ["seoul", "tokyo"], files: ["Pulumi.seoul.yaml", "Pulumi.tokyo.yaml"], environment: "production",
            message: "app:capacity.peakRequestsPerSecond differs between stacks (500 in seoul; 30 in tokyo): the service has one peak; set it once in Pulumi.yaml and remove it from the stack files",
        }]);
    });

    it("does not check a region without a fleet, but still sends it its share", () => {
        // Validation keeps a region with target groups in use from turning its fleet off; the report still handles one.
        const [global, seoul, withFleet] = tenPerInstance(100, { "fleet.maxSize": 10 });
        const fleetless = { ...withFleet, settings: { ...withFleet.settings, fleet: { ...withFleet.settings.fleet, enabled: false, maxSize: 1 } } };
        const configs = [global, seoul, fleetless];
        expect(capacityFindings(...configs)).to.deep.equal([]);
        const tokyo = capacityReport(configs)!.regions[1];
        expect(tokyo.fleet).to.equal(undefined);
        expect(tokyo.afterLoss).to.deep.equal({ path: "failover", requestsPerSecond: 100, lost: "seoul" });
    });

    it("checks each environment on its own", () => {
        const dev = stack("seoul", { environment: "dev", "alb.deletionProtection": false, "globalAccelerator.enabled": false, "dns.failover": false, "capacity.peakRequestsPerSecond": 5, "fleet.maxSize": 2 }, "dev");
        const reports = capacityReports([stack("global"), stack("seoul"), stack("tokyo"), dev]);
        expect(reports.map((report) => [report.environment, report.peakRequestsPerSecond, report.regions.map((region) => region.stack)])).to.deep.equal([
            ["production", 30, ["seoul", "tokyo"]], ["dev", 5, ["dev"]],
        ]);
        expect(reports[1].regions[0].afterLoss).to.equal(undefined);
    });

    it("prints whole rates as they are and others to one decimal", () => {
        expect([formatRate(30), formatRate(4000 / 60), formatRate(0.25)]).to.deep.equal(["30", "66.7", "0.3"]);
    });
});

/**
 * The plan never crashes and never hangs. The full run, 1,000 generated stack-file sets with a
 * fixed seed over every class of defect and every commercial region, is `npm run fuzz`, which CI
 * runs after `npm test` (.ci/run) and which checks the rules of {@link fuzzRules}. Here: a
 * seeded run of a few sets of every class keeps the same rules that do not need 1,000 sets, the
 * rules themselves fail on the reports that break them, and shards add up to the whole run.
 */
import { expect } from "chai";
import { regionCodes } from "../../domain/regions";
import { fuzzClasses } from "./fuzzGenerator";
import { FuzzReport, fuzzRules, fuzzSeed, mergeReports, runFuzz } from "./fuzzRun";

/** Two sets of every class: each class planned twice, from different draws of the seed. */
const smokeSets = 2 * fuzzClasses.length;

/** The rules a report breaks, by number (0: sets and classes, 1: failures, 2: regions, 3: outcomes per class). */
const brokenRules = (report: FuzzReport, regions: readonly string[] = [...report.regionsPlanned], minimum = report.sets) =>
    fuzzRules(report, regions, minimum).flatMap((rule, index) => (rule.broken.length > 0 ? [index] : []));

describe("plan fuzz test (seeded; the 1,000-set run is npm run fuzz)", function () {
    this.timeout(120000);
    let report: FuzzReport;

    before(async () => {
        report = await runFuzz({ seed: fuzzSeed, sets: smokeSets });
    });

    it(`plans ${smokeSets} sets, two of every class, keeping every rule but the 1,000 sets and the 34 regions`, () => {
        expect(fuzzClasses.map((kind) => Object.values(report.counts[kind]).reduce((sum, count) => sum + count, 0))).to.deep.equal(fuzzClasses.map(() => 2));
        expect(fuzzRules(report, [...report.regionsPlanned], smokeSets).filter((rule) => rule.broken.length > 0)).to.deep.equal([]);
        expect(report.regionsPlanned.size).to.be.above(3);
    });

    it("breaks the rules on a report that breaks them: too few sets, a hang, a region never planned, a valid set refused, a YAML error planned clean", () => {
        expect(brokenRules(report)).to.deep.equal([]);
        // A short run leaves the regions' rule out.
        expect(fuzzRules(report, undefined, smokeSets).map((rule) => rule.rule)).to.not.include("plans every commercial region");
        expect(brokenRules(report, undefined, 1000)).to.deep.equal([0]);
        const hung = { ...report, failures: [{ index: 7, kind: "valid" as const, defect: "none", reason: "took longer than 10000 ms" }] };
        expect(fuzzRules(hung, [...report.regionsPlanned], smokeSets)[1].broken).to.deep.equal(["set 7 [valid] none: took longer than 10000 ms"]);
        const unplanned = regionCodes.find((region) => !report.regionsPlanned.has(region))!;
        expect(fuzzRules(report, regionCodes, smokeSets)[2].broken).to.include(`${unplanned} never planned`);
        const refused = { ...report, counts: { ...report.counts, valid: { ...report.counts.valid, "2 input": 1 } } };
        expect(brokenRules(refused)).to.deep.equal([3]);
        const yamlClean = { ...report, counts: { ...report.counts, "yaml-error": { ...report.counts["yaml-error"], "0 clean": 1 } } };
        expect(fuzzRules(yamlClean, [...report.regionsPlanned], 6 * fuzzClasses.length)[3].broken).to.deep.equal(["1 yaml-error sets planned clean"]);
        expect(regionCodes.length).to.equal(34);
    });

    it("counts the same when the sets are planned in shards (npm run fuzz plans them in one process per core)", async () => {
        // The run above, again in three shards of the same seed and sets (8, 7 and 7 of its 22 sets).
        const shards = [];
        for (const index of [0, 1, 2]) {
            shards.push(await runFuzz({ seed: fuzzSeed, sets: smokeSets, shard: { index, count: 3 } }));
        }
        const merged = mergeReports(shards);
        expect(merged.counts).to.deep.equal(report.counts);
        expect([...merged.regionsPlanned].sort()).to.deep.equal([...report.regionsPlanned].sort());
        expect(shards.map((shard) => Object.values(shard.counts).reduce((sum, counts) => sum + Object.values(counts).reduce((a, b) => a + b, 0), 0))).to.deep.equal([8, 7, 7]);
    });
});

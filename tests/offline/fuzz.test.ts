/**
 * The plan never crashes and never hangs: 1,000 generated stack-file sets (every class of
 * defect, every commercial region), planned in process with a fixed seed. Each ends in exit code
 * 0, 1 or 2 with messages that name a file. `npm run fuzz` runs the same with a random seed.
 */
import { expect } from "chai";
import { regionCodes } from "../../domain/regions";
import { fuzzClasses } from "./fuzzGenerator";
import { formatReport, FuzzReport, runFuzz } from "./fuzzRun";

/** Fixed so `npm test` is repeatable; `npm run fuzz` picks a random one. */
const seed = 20261126;
const sets = Number(process.env.FUZZ_SETS ?? 1000);

describe("plan fuzz test (seeded)", function () {
    this.timeout(300000);
    let report: FuzzReport;

    before(async () => {
        report = await runFuzz({ seed, sets });
        console.log(formatReport(report).split("\n").map((line) => `      ${line}`).join("\n"));
    });

    it(`plans ${sets} sets across every class`, () => {
        expect(sets).to.be.at.least(1000);
        for (const kind of fuzzClasses) {
            const total = Object.values(report.counts[kind]).reduce((sum, count) => sum + count, 0);
            expect(total, kind).to.be.at.least(Math.floor(sets / fuzzClasses.length));
        }
    });

    it("ends no set in an internal error or a hang, and every message names a file", () => {
        expect(report.failures.map((failure) => `set ${failure.index} [${failure.kind}] ${failure.defect}: ${failure.reason}`)).to.deep.equal([]);
    });

    it("plans every commercial region", () => {
        expect([...regionCodes].filter((region) => !report.regionsPlanned.has(region))).to.deep.equal([]);
    });

    it("plans every valid set clean or with findings, and refuses every broken one as input (exit 2) or a finding (exit 1)", () => {
        expect(report.counts.valid["2 input"], "valid sets refused as input").to.equal(0);
        expect(report.counts.valid["0 clean"]).to.be.above(0);
        // Every mistake in the accelerator's stacks is a cross-stack finding, never a crash or a pass.
        expect(report.counts["accelerator-ownership"]["1 findings"]).to.equal(Object.values(report.counts["accelerator-ownership"]).reduce((sum, count) => sum + count, 0));
        for (const kind of ["yaml-error", "region", "huge-value"] as const) {
            expect(report.counts[kind]["0 clean"], `${kind} sets planned clean`).to.equal(0);
        }
    });
});

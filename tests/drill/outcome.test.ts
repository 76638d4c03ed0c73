/** The precedence of a drill's outcomes. */
import { expect } from "chai";
import { PhaseReport, SignalReport } from "../../drill/report/types";
import { drillOutcome, DrillHappenings } from "../../drill/runner/outcome";

function phase(name: "outage" | "recovery", verdicts: ("pass" | "fail")[], end: PhaseReport["end"] = "settled"): PhaseReport {
    return {
        phase: name, startedAt: "2025-06-01T00:00:00.000Z", leverSeconds: 1, leverEffectiveSeconds: {}, observedSeconds: 60, end,
        signals: verdicts.map((verdict, index) => ({ id: `s${index}`, verdict, measuredSeconds: 10 * (index + 1) }) as unknown as SignalReport),
    };
}

const calm: DrillHappenings = {
    phases: [phase("outage", ["pass", "pass"]), phase("recovery", ["pass"])],
    interrupted: false, manualRestore: ["pulumi up --stack seoul"], verified: true, timeoutSeconds: 360, objectiveSeconds: 180,
};

describe("drill outcome", () => {
    it("passes when every signal passed and the restore read back clean, naming the slowest times", () => {
        expect(drillOutcome(calm)).to.deep.equal({ outcome: "passed", summary: "Every signal moved as modelled within the 180 s objective (slowest 20 s) and came back (slowest 10 s)." });
    });

    it("fails on a failed signal, a timeout, a tripped guard or a read-back that differs", () => {
        expect(drillOutcome({ ...calm, phases: [phase("outage", ["pass", "fail"])] }).summary).to.equal("Failed: failed signals: outage s1.");
        expect(drillOutcome({ ...calm, phases: [phase("outage", ["pass"], "timeout")] }).summary).to.equal("Failed: the outage phase timed out after 360 s.");
        expect(drillOutcome({ ...calm, trippedGuard: "guard:health-check:tokyo" }).outcome).to.equal("failed");
        expect(drillOutcome({ ...calm, verified: false, verification: "dial 0 (was 100)" }).summary).to.equal("Failed: restore read back differs: dial 0 (was 100).");
    });

    it("ranks a failed restore above an interrupt, an interrupt above an error, an error above failures", () => {
        const everything = { ...calm, phases: [phase("outage", ["fail"])], interrupted: true, failure: "boom", restoreFailure: "throttled" };
        expect(drillOutcome(everything)).to.deep.equal({ outcome: "error", summary: "RESTORE FAILED: throttled. Restore by hand: pulumi up --stack seoul" });
        expect(drillOutcome({ ...everything, restoreFailure: undefined }).outcome).to.equal("interrupted");
        expect(drillOutcome({ ...everything, restoreFailure: undefined, interrupted: false })).to.deep.equal({ outcome: "error", summary: "The drill failed: boom; the lever was restored and read back as the originals." });
    });

    it("says the lever was restored only when the read-back found the originals (item 14)", () => {
        expect(drillOutcome({ ...calm, interrupted: true }).summary).to.equal("Interrupted (signal); the lever was restored and read back as the originals.");
        expect(drillOutcome({ ...calm, interrupted: true, verified: false, verification: "dial 0 (was 100)" }).summary)
            .to.equal("Interrupted (signal); the lever was restored, but the read back differs: dial 0 (was 100).");
        expect(drillOutcome({ ...calm, interrupted: true, verified: undefined, verification: "AccessDenied" }).summary)
            .to.equal("Interrupted (signal); the lever was restored, but the restored values could not be read back (AccessDenied).");
    });

    it("does not pass when the read-back threw (item 14)", () => {
        const result = drillOutcome({ ...calm, verified: undefined, verification: "ThrottlingException" });
        expect(result).to.deep.equal({ outcome: "failed", summary: "Failed: the restored values could not be read back (ThrottlingException)." });
    });
});

/** How a drill ended, from what happened: pure, so the precedence of outcomes is easy to read. */
import { DrillOutcome, PhaseReport } from "../report/types";

/** What happened during the drill. */
export interface DrillHappenings {
    /** The phases observed. */
    readonly phases: readonly PhaseReport[];
    /** Whether Ctrl-C stopped it. */
    readonly interrupted: boolean;
    /** The error that stopped the outage phase (a lever or a bug). */
    readonly failure?: string;
    /** The error that stopped the restore. */
    readonly restoreFailure?: string;
    /** Commands that restore by hand. */
    readonly manualRestore: readonly string[];
    /** Whether the read-back after restoring found the original values (undefined: not read). */
    readonly verified?: boolean;
    /** What the read-back found. */
    readonly verification?: string;
    /** The guard that stopped the outage phase, if one did. */
    readonly trippedGuard?: string;
    /** How long users had no healthy region when that guard tripped, seconds. */
    readonly usersAtRiskSeconds?: number;
    /** The phase timeout, seconds. */
    readonly timeoutSeconds: number;
    /** The recovery-time objective, seconds. */
    readonly objectiveSeconds: number;
}

/** The outcome and one sentence on it. A failed restore outranks everything, then Ctrl-C, then errors. */
export function drillOutcome(happened: DrillHappenings): { readonly outcome: DrillOutcome; readonly summary: string } {
    if (happened.restoreFailure !== undefined) {
        return { outcome: "error", summary: `RESTORE FAILED: ${happened.restoreFailure}. Restore by hand: ${happened.manualRestore.join(" && ")}` };
    }
    const readBack = happened.verified === true
        ? "restored and read back as the originals"
        : happened.verified === false
            ? `restored, but the read back differs: ${happened.verification}`
            : `restored, but the restored values could not be read back (${happened.verification ?? "not read"})`;
    if (happened.interrupted) {
        return { outcome: "interrupted", summary: `Interrupted (signal); the lever was ${readBack}.` };
    }
    if (happened.failure !== undefined) {
        return { outcome: "error", summary: `The drill failed: ${happened.failure}; the lever was ${readBack}.` };
    }
    const failedSignals = happened.phases.flatMap((phase) => phase.signals.filter((signal) => signal.verdict === "fail").map((signal) => `${phase.phase} ${signal.id}`));
    const problems = [
        ...(happened.trippedGuard ? [`guard ${happened.trippedGuard} tripped: another region stopped being healthy, so the drill restored at once` +
            `${happened.usersAtRiskSeconds !== undefined ? ` (users had no healthy region for at least ${happened.usersAtRiskSeconds} s)` : ""}`] : []),
        ...happened.phases.filter((phase) => phase.end === "timeout").map((phase) => `the ${phase.phase} phase timed out after ${happened.timeoutSeconds} s`),
        ...(failedSignals.length > 0 ? [`failed signals: ${failedSignals.join(", ")}`] : []),
        ...(happened.verified === false ? [`restore read back differs: ${happened.verification}`] : []),
        ...(happened.verified === undefined ? [`the restored values could not be read back (${happened.verification ?? "not read"})`] : []),
    ];
    if (problems.length > 0) {
        return { outcome: "failed", summary: `Failed: ${problems.join("; ")}.` };
    }
    const slowest = (phase: "outage" | "recovery") => Math.max(0, ...happened.phases.filter((candidate) => candidate.phase === phase)
        .flatMap((candidate) => candidate.signals.map((signal) => signal.measuredSeconds ?? 0)));
    return {
        outcome: "passed",
        summary: `Every signal moved as modelled within the ${happened.objectiveSeconds} s objective (slowest ${slowest("outage")} s) and came back (slowest ${slowest("recovery")} s).`,
    };
}

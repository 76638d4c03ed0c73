/** The drill's plan in words: what `--dry-run` prints, and what a real run prints first. */
import { Lever } from "../levers/lever";
import { DrillPrediction } from "../model/timeline";
import { formatSeconds, textTable } from "../report/text";
import { Signal } from "../signals/signal";

/** What the plan describes. */
export interface PlanInput {
    /** `ap-northeast-2 (seoul)`. */
    readonly targetLabel: string;
    /** The lever. */
    readonly lever: Lever;
    /** The signals. */
    readonly signals: readonly Signal[];
    /** Predictions. */
    readonly prediction: DrillPrediction;
    /** Seconds between polls. */
    readonly pollSeconds: number;
    /** Baseline polls before the lever. */
    readonly baselinePolls: number;
    /** Phase timeout, seconds. */
    readonly timeoutSeconds: number;
    /** Where reports go. */
    readonly outDir: string;
}

/** The plan as lines of text. */
export function planLines(input: PlanInput): string[] {
    const { lever, prediction } = input;
    const lines = [`Drill plan: take ${input.targetLabel} out with the ${lever.kind} lever`, "", "Lever:"];
    lines.push(...lever.plan().map((step, index) => `  ${index + 1}. ${step}`));
    if (lever.driftWarning) {
        lines.push("", `!! ${lever.driftWarning}`);
    }
    lines.push("", "Lock: the project's drill lock (_drill-lock TXT record in the hosted zone), taken before anything else; another drill holding it stops this one,",
        "  and so does an earlier drill's unrestored state (_drill-state TXT record), even after its lock expired.",
        "Preflight (read-only), never overridable: every other region healthy by every path its guards read (endpoint check, combined check, followed alarms,",
        "  routing control, accelerator endpoints and dial), the target not already out, no update in progress on any stack, no pending operations or drift",
        "  on the target, nothing pending on the lever's resources.",
        `Baseline: ${input.baselinePolls} polls, ${input.pollSeconds} s apart, before anything changes; every guard must read validly, and every signal that should change`,
        "  too (--force goes on without a measured signal that cannot be read; the drill then fails on it if it never reads).",
        "Drill state: the lever, stacks, ids and original values are written to the _drill-state TXT record beside the lock (and a local copy) before the first change;",
        "  npm run drill -- restore resumes from it on any machine with access to the zone.",
        "", `Signals, polled every ${input.pollSeconds} s from the lever's start until every change is confirmed (then the same after restoring):`);
    lines.push(...textTable(["Signal", "Before -> during", "Predicted", "What"], input.signals.map((signal) => [
        signal.id,
        `${signal.expected.before.join(", ") || "-"} -> ${signal.expected.during.join(", ") || "-"}`,
        signal.predictedSeconds === null ? (signal.guard ? "guard" : "no change") : formatSeconds(signal.predictedSeconds),
        signal.description,
    ])));
    lines.push("", "Predicted timeline (worst case after the lever takes effect):");
    for (const event of prediction.events) {
        lines.push(`  ${event.phase.padEnd(8)} +${String(event.atSeconds).padStart(3)} s  ${event.description}`);
    }
    lines.push("",
        `Each phase times out after ${input.timeoutSeconds} s; the recovery-time objective is ${prediction.recoveryTimeObjectiveSeconds} s.`,
        "Restore always runs: after the outage is confirmed, on Ctrl-C, SIGTERM or SIGHUP, on error and on timeout; the drill state and the lock go once the restore reads back clean.",
        "A guard that reads another region failing stops the drill within that poll and restores at once (the config lever through the SDK first, then its update).",
        `Reports: ${input.outDir}/drill-<stack>-<time>.json and .md`);
    return lines;
}

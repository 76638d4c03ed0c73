/**
 * Judges each signal of a phase: did it change as the model said, how long after the lever took
 * effect, and is that within the prediction and the recovery-time objective.
 */
import { LeverTiming } from "../levers/lever";
import { ChangeDetector } from "../signals/detector";
import { Observation, Signal } from "../signals/signal";
import type { PhaseRun } from "../runner/phase";
import { PhaseReport, SignalChange, SignalReport } from "./types";

/** What a signal is judged against. */
export interface Judgement {
    /** The phase: the outage (lever applied) or the recovery (lever undone). @default "outage" */
    readonly phase?: "outage" | "recovery";
    /** When the phase began (clock ms). */
    readonly phaseStartMs: number;
    /** The lever action's timing, when it finished. */
    readonly lever?: LeverTiming;
    /** The recovery-time objective, seconds. */
    readonly objectiveSeconds: number;
    /** The guard that stopped the phase, if one did. */
    readonly trippedGuard?: string;
    /** The signal's observations in this phase, with their times (for the change list). */
    readonly observations: readonly { readonly atMs: number; readonly observation: Observation }[];
}

function seconds(ms: number): number {
    return Math.round(ms / 100) / 10;
}

/** Every change of value, in seconds after the phase began. */
export function changesOf(judgement: Judgement): SignalChange[] {
    const changes: SignalChange[] = [];
    for (const { atMs, observation } of judgement.observations) {
        if (changes.at(-1)?.value !== observation.value) {
            changes.push({ atSeconds: seconds(atMs - judgement.phaseStartMs), value: observation.value, detail: observation.detail });
        }
    }
    return changes;
}

/**
 * What a signal is held to in a phase: its prediction (the recovery's own when it has one), and
 * whether the objective applies. An alarm's time is detection, one part of a path; a failback
 * that waits for a hold-down is slow on purpose: both are judged against their prediction only.
 */
export function expectationOf(signal: Signal, phase: "outage" | "recovery"): { predictedSeconds: number | null; heldToObjective: boolean; why?: string } {
    if (signal.judgedAgainstObjective === false) {
        return { predictedSeconds: signal.predictedSeconds, heldToObjective: false, why: "detection, one part of a path: judged against its prediction, not the objective" };
    }
    if (phase === "recovery" && signal.recoverySeconds !== undefined && signal.recoverySeconds !== signal.predictedSeconds) {
        return { predictedSeconds: signal.recoverySeconds, heldToObjective: false, why: "failback waits for the followed alarms' hold-down on purpose: judged against its prediction, not the objective" };
    }
    return { predictedSeconds: signal.predictedSeconds, heldToObjective: true };
}

/** The report of one signal in one phase. */
export function judgeSignal(signal: Signal, detector: ChangeDetector, judgement: Judgement): SignalReport {
    const notes: string[] = [];
    const changedAtMs = detector.changedAtMs;
    const effectiveAtMs = judgement.lever?.effectiveAtMs[signal.follows] ?? judgement.lever?.finishedAtMs ?? judgement.phaseStartMs;
    const rawSeconds = changedAtMs === undefined ? null : seconds(changedAtMs - effectiveAtMs);
    const measuredSeconds = rawSeconds === null ? null : Math.max(0, rawSeconds);
    const expectsChange = detector.mode !== "unchanged";
    let verdict: "pass" | "fail" = "pass";
    const fail = (note: string) => {
        verdict = "fail";
        notes.push(note);
    };
    if (detector.samples.length === 0) {
        fail("no samples were taken");
    } else if (expectsChange && !detector.settled) {
        fail(`did not settle in ${[...detector.next].join(" or ")} (last value ${detector.latest})`);
    } else if (signal.guard) {
        if (judgement.trippedGuard === signal.id) {
            fail("guard tripped: another region stopped being healthy, so the drill restored at once");
        } else if (detector.strays > 0) {
            notes.push("guard: briefly not healthy");
        }
    } else if (!expectsChange && detector.samples.some((sample) => !detector.next.has(sample.value) && !sample.value.startsWith("!"))) {
        fail(`left ${[...detector.next].join(" or ")}: ${[...new Set(detector.samples.map((sample) => sample.value))].join(", ")}`);
    } else if (!expectsChange) {
        // "Stayed as it was" needs evidence: a signal whose reads mostly failed did not show that.
        const confirmed = detector.samples.filter((sample) => detector.next.has(sample.value)).length;
        if (confirmed * 2 < detector.samples.length || confirmed === 0) {
            fail(`only ${confirmed} of ${detector.samples.length} samples were in ${[...detector.next].join(" or ")}; the rest failed (${[...new Set(detector.samples.filter((sample) => !detector.next.has(sample.value)).map((sample) => sample.value))].join(", ")})`);
        }
    }
    if (rawSeconds !== null && rawSeconds < 0) {
        notes.push(`changed ${-rawSeconds} s before the lever's recorded effect time; counted as 0 s (the effect time is when the step or call began, read after it, so it can be late by up to a poll)`);
    }
    const { predictedSeconds, heldToObjective, why } = expectationOf(signal, judgement.phase ?? "outage");
    const withinObjective = measuredSeconds === null || !heldToObjective ? null : measuredSeconds <= judgement.objectiveSeconds;
    if (withinObjective === false) {
        fail(`${measuredSeconds} s is over the ${judgement.objectiveSeconds} s recovery-time objective`);
    }
    if (!heldToObjective && measuredSeconds !== null && why !== undefined) {
        notes.push(why);
    }
    const withinPrediction = measuredSeconds === null || predictedSeconds === null ? null : measuredSeconds <= predictedSeconds;
    if (withinPrediction === false) {
        notes.push(`slower than the predicted ${predictedSeconds} s worst case`);
    }
    if (detector.mode === "narrowing" && measuredSeconds !== null) {
        notes.push("measured from the start of the final run of expected answers (sampled; may be early by a poll or two)");
    }
    if (detector.strays > 0) {
        notes.push(`${detector.strays} sample(s) in no expected state (errors, unknown IPs or unexpected regions)`);
    }
    notes.push(...(signal.explain?.(judgement.observations, effectiveAtMs, changedAtMs) ?? []));
    return {
        id: signal.id,
        kind: signal.kind,
        description: signal.description,
        follows: signal.follows,
        from: [...detector.previous].sort(),
        to: [...detector.next].sort(),
        mode: detector.mode,
        predictedSeconds: expectsChange ? predictedSeconds : null,
        measuredSeconds,
        sinceLeverStartSeconds: changedAtMs === undefined ? null : seconds(changedAtMs - judgement.phaseStartMs),
        withinObjective,
        withinPrediction,
        verdict,
        notes,
        samples: detector.samples.length,
        strays: detector.strays,
        changes: changesOf(judgement),
    };
}

/** The report of a phase: the lever's timing and every signal judged. */
export function reportPhase(run: PhaseRun, signals: readonly Signal[], objectiveSeconds: number): PhaseReport {
    const timing = run.timing;
    return {
        phase: run.phase,
        startedAt: new Date(run.startedAtMs).toISOString(),
        leverSeconds: timing ? seconds(timing.finishedAtMs - timing.startedAtMs) : null,
        leverEffectiveSeconds: Object.fromEntries(Object.entries(timing?.effectiveAtMs ?? {}).map(([leverPath, atMs]) => [leverPath, seconds(atMs - run.startedAtMs)])),
        observedSeconds: run.polled ? seconds(run.polled.endedAtMs - run.polled.startedAtMs) : 0,
        end: run.polled?.end ?? "not-observed",
        signals: run.polled === undefined ? [] : signals.map((signal) => judgeSignal(signal, run.detectors.get(signal.id)!, {
            phase: run.phase, phaseStartMs: run.startedAtMs, lever: timing, objectiveSeconds,
            trippedGuard: run.polled?.trippedGuard, observations: run.observations.get(signal.id) ?? [],
        })),
    };
}

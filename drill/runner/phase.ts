/**
 * One phase of a drill: run a lever action (apply or restore) and, at the same time, poll the
 * signals from the moment the action starts, so that changes made while `pulumi up` is still
 * running are timed too. The phase never ends before the action has finished.
 */
import { Clock, ProgressSink } from "../clients/types";
import { LeverTiming } from "../levers/lever";
import { formatSeconds } from "../report/text";
import { ChangeDetector } from "../signals/detector";
import { pollPhase, PhasePolled } from "../signals/poller";
import { isState, Observation, Signal } from "../signals/signal";
import { boardLines } from "./board";

/** A timed observation. */
export interface TimedObservation {
    /** When it was read (clock ms). */
    readonly atMs: number;
    /** What was read. */
    readonly observation: Observation;
}

/** How to run a phase. */
export interface PhaseSetup {
    /** Which phase. */
    readonly phase: "outage" | "recovery";
    /** The lever action. */
    readonly action: () => Promise<LeverTiming>;
    /** Whether to poll the signals (false: only run the action, e.g. after Ctrl-C). */
    readonly observe: boolean;
    /** The signals. */
    readonly signals: readonly Signal[];
    /** The states each signal moves from and to in this phase. */
    readonly states: (signal: Signal) => { readonly previous: ReadonlySet<string>; readonly next: ReadonlySet<string> };
    /** The value each signal had before the phase (for change lines). */
    readonly lastValues: ReadonlyMap<string, string>;
    /** Time. */
    readonly clock: Clock;
    /** Progress output. */
    readonly progress: ProgressSink;
    /** Milliseconds between polls. */
    readonly pollMs: number;
    /** Phase timeout, milliseconds. */
    readonly timeoutMs: number;
    /** Polls in a row that confirm a change. */
    readonly confirmPolls: number;
    /** Misses in a row that trip a guard. */
    readonly guardMisses: number;
    /** Ctrl-C: stops polling (the action still runs to its end). */
    readonly interrupt?: AbortSignal;
    /** Called the moment a guard trips, before waiting for the action (a `pulumi up`) to end. */
    readonly onGuardTripped?: (trip: GuardTrip) => Promise<void>;
}

/** A guard that tripped. */
export interface GuardTrip {
    /** The guard's signal id. */
    readonly guard: string;
    /** When its reading first showed the failure that tripped it (clock ms). */
    readonly seenAtMs: number;
    /** Whether the phase's action was still under way. */
    readonly actionRunning: boolean;
}

/** What happened in a phase. */
export interface PhaseRun {
    /** Which phase. */
    readonly phase: "outage" | "recovery";
    /** When it began (clock ms). */
    readonly startedAtMs: number;
    /** The action's timing, when it succeeded. */
    readonly timing?: LeverTiming;
    /** The action's error, when it failed. */
    readonly actionError?: unknown;
    /** How polling ended, when the phase was observed. */
    readonly polled?: PhasePolled;
    /** One detector per signal. */
    readonly detectors: ReadonlyMap<string, ChangeDetector>;
    /** Every observation per signal. */
    readonly observations: ReadonlyMap<string, readonly TimedObservation[]>;
}

/** Runs the action and polls until the phase ends. */
export async function runPhase(setup: PhaseSetup): Promise<PhaseRun> {
    const { clock, progress, signals } = setup;
    const startedAtMs = clock.now();
    const detectors = new Map(signals.map((signal) => {
        const { previous, next } = setup.states(signal);
        return [signal.id, new ChangeDetector(previous, next, setup.confirmPolls)] as const;
    }));
    const observations = new Map<string, TimedObservation[]>(signals.map((signal) => [signal.id, []]));
    const last = new Map(setup.lastValues);
    const seen = new Map(signals.map((signal) => [signal.id, new Set([setup.lastValues.get(signal.id) ?? "-"])]));
    const settled = new Set<string>();
    const stop = new AbortController();
    const onInterrupt = () => stop.abort();
    setup.interrupt?.addEventListener("abort", onInterrupt, { once: true });
    if (setup.interrupt?.aborted) {
        stop.abort();
    }

    let finished = false;
    let timing: LeverTiming | undefined;
    let actionError: unknown;
    const acting = setup.action().then(
        (result) => {
            timing = result;
        },
        (error: unknown) => {
            actionError = error;
            stop.abort();
        },
    ).finally(() => {
        finished = true;
    });

    let polled: PhasePolled | undefined;
    try {
        if (setup.observe) {
            const title = setup.phase === "outage" ? "Outage" : "Recovery";
            polled = await pollPhase({
                signals, detectors, clock,
                pollMs: setup.pollMs,
                timeoutMs: setup.timeoutMs,
                guardMisses: setup.guardMisses,
                stop: stop.signal,
                mayFinish: () => finished,
                onObservation: (signal, observation, atMs) => {
                    observations.get(signal.id)!.push({ atMs, observation });
                    const at = `  +${formatSeconds((atMs - startedAtMs) / 1000).padStart(7)}  ${signal.id}:`;
                    // A value seen for the first time in the phase, or a new failure; not every flip of a weighted answer.
                    const values = seen.get(signal.id)!;
                    if (!values.has(observation.value) || (!isState(observation.value) && last.get(signal.id) !== observation.value)) {
                        progress.event(`${at} ${last.get(signal.id) ?? "-"} -> ${observation.value}${observation.detail ? ` (${observation.detail})` : ""}`);
                        values.add(observation.value);
                    }
                    last.set(signal.id, observation.value);
                    const detector = detectors.get(signal.id)!;
                    if (detector.mode !== "unchanged" && detector.settled && !settled.has(signal.id)) {
                        settled.add(signal.id);
                        progress.event(`${at} settled in ${[...detector.next].join(" or ")} (changed at +${formatSeconds((detector.changedAtMs! - startedAtMs) / 1000)})`);
                    }
                },
                onPoll: (elapsedMs) => progress.board(boardLines(`${title} phase`, elapsedMs, signals, detectors, startedAtMs)),
            });
            if (polled.end === "guard" && polled.trippedGuard !== undefined) {
                const detector = detectors.get(polled.trippedGuard)!;
                const failing = detector.samples.slice(-Math.max(1, detector.trailingMisses));
                await setup.onGuardTripped?.({ guard: polled.trippedGuard, seenAtMs: failing[0]?.atMs ?? clock.now(), actionRunning: !finished });
            }
        }
    } finally {
        await acting;
        setup.interrupt?.removeEventListener("abort", onInterrupt);
        progress.board([]);
    }
    return { phase: setup.phase, startedAtMs, timing, actionError, polled, detectors, observations };
}

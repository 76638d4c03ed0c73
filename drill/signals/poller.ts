/**
 * Polls a phase's signals until every change is settled, the phase times out, a guard trips
 * or the drill is stopped. Reads in one lane run one after another; lanes run in parallel.
 */
import { Clock } from "../clients/types";
import { ChangeDetector } from "./detector";
import { errorObservation, isState, Observation, Signal } from "./signal";

/** Why a phase stopped polling. */
export type PhaseEnd = "settled" | "timeout" | "stopped" | "guard";

/** How to poll one phase. */
export interface PhasePolling {
    /** The signals. */
    readonly signals: readonly Signal[];
    /** One detector per signal id. */
    readonly detectors: ReadonlyMap<string, ChangeDetector>;
    /** Time. */
    readonly clock: Clock;
    /** Milliseconds between polls. */
    readonly pollMs: number;
    /** The phase gives up after this long (once `mayFinish` allows). */
    readonly timeoutMs: number;
    /** A guard that cannot be read trips after this many failed reads in a row (one that reads unhealthy trips at once). */
    readonly guardMisses: number;
    /** Aborted to stop polling at once (Ctrl-C, a lever failure). */
    readonly stop: AbortSignal;
    /** False while the phase must go on regardless (the lever is still being applied). */
    readonly mayFinish: () => boolean;
    /** Called with every new observation, after its detector recorded it. */
    readonly onObservation: (signal: Signal, observation: Observation, atMs: number) => void;
    /** Called after every poll. */
    readonly onPoll: (elapsedMs: number) => void;
}

/** How a phase's polling ended. */
export interface PhasePolled {
    /** When polling began (clock ms). */
    readonly startedAtMs: number;
    /** When it ended (clock ms). */
    readonly endedAtMs: number;
    /** Why it ended. */
    readonly end: PhaseEnd;
    /** The guard that tripped, when `end` is `guard`. */
    readonly trippedGuard?: string;
}

/** Reads every signal once, lane by lane. */
export async function pollOnce(signals: readonly Signal[], clock: Clock, record: (signal: Signal, observation: Observation, atMs: number) => void): Promise<void> {
    const lanes = new Map<string, Signal[]>();
    for (const signal of signals) {
        lanes.set(signal.lane, [...(lanes.get(signal.lane) ?? []), signal]);
    }
    await Promise.all([...lanes.values()].map(async (lane) => {
        for (const signal of lane) {
            let observation: Observation;
            try {
                observation = await signal.read();
            } catch (error) {
                observation = errorObservation(error);
            }
            if (observation.noSample !== true) {
                record(signal, observation, clock.now());
            }
        }
    }));
}

/**
 * Whether a guard stops the drill: its latest reading shows the other region failing (a state
 * outside the expected ones: unhealthy, alarm, off, a dial of 0), which stops it within the poll
 * that saw it; or it could not be read `misses` times in a row.
 */
export function guardTripped(detector: ChangeDetector, misses: number): boolean {
    const latest = detector.latest;
    if (latest !== undefined && isState(latest) && !detector.next.has(latest)) {
        return true;
    }
    return detector.trailingMisses >= misses;
}

function stopped(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true })));
}

/** Polls until the phase ends. */
export async function pollPhase(polling: PhasePolling): Promise<PhasePolled> {
    const { clock, signals, detectors } = polling;
    const startedAtMs = clock.now();
    const stop = stopped(polling.stop);
    for (;;) {
        await pollOnce(signals, clock, (signal, observation, atMs) => {
            detectors.get(signal.id)!.add({ atMs, value: observation.value });
            polling.onObservation(signal, observation, atMs);
        });
        const now = clock.now();
        polling.onPoll(now - startedAtMs);
        const end = (reason: PhaseEnd, trippedGuard?: string): PhasePolled => ({ startedAtMs, endedAtMs: now, end: reason, trippedGuard });
        const tripped = signals.find((signal) => signal.guard && guardTripped(detectors.get(signal.id)!, polling.guardMisses));
        if (tripped !== undefined) {
            return end("guard", tripped.id);
        }
        if (polling.stop.aborted) {
            return end("stopped");
        }
        if (polling.mayFinish()) {
            if (signals.every((signal) => detectors.get(signal.id)!.settled)) {
                return end("settled");
            }
            if (now - startedAtMs >= polling.timeoutMs) {
                return end("timeout");
            }
        }
        await Promise.race([clock.sleep(polling.pollMs), stop]);
        if (polling.stop.aborted) {
            return { startedAtMs, endedAtMs: clock.now(), end: "stopped" };
        }
    }
}

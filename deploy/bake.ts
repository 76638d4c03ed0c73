/**
 * The bake after a stack is deployed: for a while, the deployed regions' alarms, Route 53 health
 * checks and accelerator endpoint groups are read, with the drill's readers (drill/signals/), and
 * judged. An alarm in ALARM halts at once (CloudWatch already waited its evaluation periods); a
 * health check or endpoint group that was healthy and reads unhealthy twice in a row halts; one
 * that never reads healthy within the bake halts at its end (a new region's check starts without
 * observations, and its targets start `initial`, so it is given the bake to come up).
 */
import { AwsClients, Clock } from "../drill/clients/types";
import { ClusterEndpoint } from "../components/traffic/routingControlStates";
import { DeployedRegion, routingControlsOf } from "../drill/clients/outputs";
import { alarmSignals, followedAlarms } from "../drill/signals/alarms";
import { guardSignals } from "../drill/signals/guards";
import { pollOnce } from "../drill/signals/poller";
import { isState, Observation, Signal } from "../drill/signals/signal";

/** Unhealthy reads in a row, after a healthy one, that halt the rollout. */
export const unhealthyReadsToHalt = 2;

/**
 * The signals watched in `regions`: every alarm, and the drill's guards on each region (endpoint
 * health check, accelerator endpoint group, followed alarms, routing control, combined check).
 */
export function bakeSignals(regions: readonly DeployedRegion[], aws: AwsClients, clock: Clock, endpoints?: readonly ClusterEndpoint[]): Signal[] {
    // The routing controls are read through the owner stack's cluster endpoints, whichever region it is (`endpoints` when the owner is not watched).
    const clusterEndpoints = endpoints ?? routingControlsOf(regions).endpoints;
    // The guards read the alarms Route 53 follows (the combined check's guard uses those reads); the rest are read here.
    const followed = new Set(regions.flatMap((region) => followedAlarms(region).map((alarm) => `alarm:${region.stack}:${alarm.key}`)));
    return [
        ...guardSignals({ others: regions, clusterEndpoints, aws, clock }),
        ...regions.flatMap((region) => alarmSignals({ target: region, path: "endpoint", aws })).filter((signal) => !followed.has(signal.id)),
    ];
}

/** Why a bake stopped the rollout. */
export interface BakeHalt {
    /** The signal, e.g. `alarm:tokyo:serving-badly`. */
    readonly signalId: string;
    /** What it watches, for people. */
    readonly description: string;
    /** What was read: the state and its detail, or why nothing was. */
    readonly reading: string;
    /** Seconds into the bake. */
    readonly atSeconds: number;
}

/** How a bake ended. */
export type BakeEnd = { readonly kind: "passed"; readonly reads: number } | { readonly kind: "halted"; readonly halt: BakeHalt } | { readonly kind: "interrupted" };

/** What one signal has shown so far. */
interface SignalRecord {
    seenGood: boolean;
    unhealthyInRow: number;
    last?: Observation;
}

const reading = (observation: Observation | undefined): string =>
    observation === undefined ? "never read" : `${observation.value}${observation.detail ? ` (${observation.detail})` : ""}`;

/** The judgement of one read: a halt reason, or undefined to go on. `strict`: one read in a state other than healthy halts. */
function judge(signal: Signal, observation: Observation, record: SignalRecord, strict: boolean): string | undefined {
    const good = signal.expected.during.includes(observation.value);
    record.last = observation;
    if (good) {
        record.seenGood = true;
        record.unhealthyInRow = 0;
        return undefined;
    }
    if (!isState(observation.value)) {
        // A failed read (or a new check without observations) says nothing either way.
        return undefined;
    }
    if (observation.value === "alarm") {
        // An alarm, followed by Route 53 or not, already waited its evaluation periods.
        return "fired";
    }
    if (strict) {
        return `read ${observation.value}`;
    }
    record.unhealthyInRow = record.seenGood ? record.unhealthyInRow + 1 : 0;
    return record.unhealthyInRow >= unhealthyReadsToHalt ? `turned ${observation.value}` : undefined;
}

/** What a bake needs. */
export interface BakeOptions {
    /** How long to watch. */
    readonly seconds: number;
    /** Seconds between reads. */
    readonly pollSeconds: number;
    /** Time. */
    readonly clock: Clock;
    /** Aborted on Ctrl-C: the bake ends at once. */
    readonly interrupt?: AbortSignal;
    /** Told each halt-worthy change and each poll's count. */
    readonly onRead?: (signal: Signal, observation: Observation) => void;
    /** One read in a state other than healthy halts (a hold-down: the region must stay healthy throughout). @default false */
    readonly strict?: boolean;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
    if (signal === undefined) {
        return clock.sleep(ms);
    }
    return Promise.race([clock.sleep(ms), new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true })))]);
}

/**
 * Watches `signals` for `options.seconds`, reading every `options.pollSeconds`; returns at the
 * first halt, on an interrupt, or when the time is up (then every signal must have read healthy once).
 */
export async function bake(signals: readonly Signal[], options: BakeOptions): Promise<BakeEnd> {
    const { clock } = options;
    const startedAtMs = clock.now();
    const records = new Map(signals.map((signal) => [signal.id, { seenGood: false, unhealthyInRow: 0 } as SignalRecord]));
    let reads = 0;
    for (;;) {
        let halt: BakeHalt | undefined;
        await pollOnce(signals, clock, (signal, observation, atMs) => {
            options.onRead?.(signal, observation);
            const why = judge(signal, observation, records.get(signal.id)!, options.strict ?? false);
            if (why !== undefined && halt === undefined) {
                halt = { signalId: signal.id, description: signal.description, reading: `${why}: ${reading(observation)}`, atSeconds: Math.round((atMs - startedAtMs) / 1000) };
            }
        });
        reads++;
        if (halt !== undefined) {
            return { kind: "halted", halt };
        }
        if (options.interrupt?.aborted) {
            return { kind: "interrupted" };
        }
        const elapsedMs = clock.now() - startedAtMs;
        if (elapsedMs >= options.seconds * 1000) {
            const silent = signals.find((signal) => !records.get(signal.id)!.seenGood);
            return silent === undefined ? { kind: "passed", reads } : {
                kind: "halted",
                halt: {
                    signalId: silent.id, description: silent.description, atSeconds: Math.round(elapsedMs / 1000),
                    reading: `never read ${silent.expected.during.join(" or ")} within the bake: last ${reading(records.get(silent.id)!.last)}`,
                },
            };
        }
        await pause(clock, Math.min(options.pollSeconds * 1000, options.seconds * 1000 - elapsedMs), options.interrupt);
        if (options.interrupt?.aborted) {
            return { kind: "interrupted" };
        }
    }
}

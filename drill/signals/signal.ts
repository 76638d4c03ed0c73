/**
 * A signal is one thing the drill watches (a health check's status, what Route 53 answers for a
 * name, a page's serving region, ...). Each read yields a value token: a state such as
 * `ap-northeast-1`, `unhealthy` or `dial=0`, or a failure starting with `!` (`!error`,
 * `!unknown-ip`), which never counts as any state.
 */

/** What a signal watches. */
export type SignalKind = "health-check" | "dns-answer" | "accelerator-dial" | "http" | "connection" | "alarm" | "guard";

/** The lever effect a signal follows: its time zero is when that part of the lever took effect. */
export type LeverPath = "route53" | "globalAccelerator";

/** One read of a signal. */
export interface Observation {
    /** State token, or a failure token starting with `!`. */
    readonly value: string;
    /** More about the read, for the report (e.g. the IPs answered, an error message). */
    readonly detail?: string;
    /** The connection that carried an HTTP read, for a keep-alive client's signal. */
    readonly connection?: { readonly reused: boolean; readonly localPort?: number };
    /** No sample this poll (a modelled client pausing between its requests): the poller records nothing. */
    readonly noSample?: boolean;
}

/** The states a signal is expected in, from the routing model. */
export interface ExpectedStates {
    /** States before the drill and after restoring. */
    readonly before: readonly string[];
    /** States while the region is out. */
    readonly during: readonly string[];
}

/** One watched signal. */
export interface Signal {
    /** Stable identifier, e.g. `dns:failover@any`. */
    readonly id: string;
    /** What it watches. */
    readonly kind: SignalKind;
    /** One line for people. */
    readonly description: string;
    /** Reads in the same lane run one after another (API rate limits); lanes run in parallel. */
    readonly lane: "route53" | "globalAccelerator" | "http" | "cloudwatch" | "arc";
    /** Route 53 requests one read makes, when not the usual (2 for a health check, 1 for TestDNSAnswer). */
    readonly route53Requests?: number;
    /** Which lever effect starts its clock. */
    readonly follows: LeverPath;
    /** Expected states from the model. */
    readonly expected: ExpectedStates;
    /**
     * True when `expected` is a union over client locations because the reader's location is
     * unknown (HTTP probes from this machine): the states seen before the drill then stand for
     * "before" better than the model does.
     */
    readonly expectationIsUnion: boolean;
    /** Predicted worst-case seconds to change after the lever takes effect; null when it should not change. */
    readonly predictedSeconds: number | null;
    /** Predicted worst-case seconds to change back after the lever is undone, when it differs (a hold-down). @default predictedSeconds */
    readonly recoverySeconds?: number | null;
    /**
     * Whether its measured time is held to the recovery-time objective: false for what only
     * detects (an alarm firing), whose time is one part of a path, not traffic moving. @default true
     */
    readonly judgedAgainstObjective?: boolean;
    /** A guard: a change here (another region failing) stops the drill and restores at once. */
    readonly guard: boolean;
    /** Reads the current value. */
    read(): Promise<Observation>;
    /**
     * Notes for the report on how the change came about, from the phase's observations, the
     * moment the lever took effect and the moment the signal changed (clock ms).
     */
    explain?(observations: readonly { readonly atMs: number; readonly observation: Observation }[], effectiveAtMs: number, changedAtMs: number | undefined): string[];
}

/** True for a state token, false for a failure token. */
export function isState(value: string): boolean {
    return !value.startsWith("!");
}

/** A failure token for an error thrown by a read. */
export function errorObservation(error: unknown): Observation {
    return { value: "!error", detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

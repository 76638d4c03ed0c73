/**
 * A lever takes the target region out and puts it back. Every lever records what it changes
 * before changing it and restores exactly that; restore is safe to call after a partial apply,
 * and waits for any of the lever's own work still under way (LeverWork) so that its change
 * lands last. A lever that can read where each of its values stands (`assess`) lets `drill
 * restore` put back only what still holds the drill's value and leave alone what someone
 * changed since.
 */
import type { PreflightCheck } from "../report/types";
import type { Clock } from "../clients/types";
import type { DrillPath } from "../model/timeline";
import type { LeverPath } from "../signals/signal";

/**
 * Which lever: the stack config switch (`pulumi up`), direct SDK calls on the endpoint check
 * and dial, a real fault (a listener rule answering 503 on every path, which the endpoint check
 * and the followed alarms see), or the region's routing control switched off through the
 * cluster's data plane. There is no alarm lever: Route 53 follows an alarm's data stream, not
 * its state, so SetAlarmState cannot move it (docs/alarms-and-routing-controls.md).
 */
export type LeverKind = "config" | "health-check" | "fault" | "routing-control";

/** Every lever, for the command line. */
export const leverKinds: readonly LeverKind[] = ["config", "health-check", "fault", "routing-control"];

/** The failover path a lever exercises. */
export function drillPathOf(kind: LeverKind): DrillPath {
    return kind === "fault" || kind === "routing-control" ? kind : "endpoint";
}

/** When a lever action ran and when each of its effects took hold. */
export interface LeverTiming {
    /** When the action began (clock ms). */
    readonly startedAtMs: number;
    /** When it finished (clock ms). */
    readonly finishedAtMs: number;
    /** When each path's change was in AWS (clock ms); a missing path took effect at `finishedAtMs`. */
    readonly effectiveAtMs: Readonly<Partial<Record<LeverPath, number>>>;
}

/** A read-back of the restored values. */
export interface RestoreVerification {
    /** Whether everything is back to its original value. */
    readonly ok: boolean;
    /** What was found. */
    readonly detail: string;
}

/**
 * Where a value a lever changes stands now: back at its `original`, still at the value the drill
 * set (`drill`), `changed` by someone or something since (another value, or the same value
 * written again after the drill), or `unreadable`.
 */
export type ValueStanding = "original" | "drill" | "changed" | "unreadable";

/** One value a lever changes, as it stands now. */
export interface LeverValue {
    /** Stable key, as `restore` takes it: `inverted`, `dial`, `threshold`, `config`, `routing-control`, ... */
    readonly key: string;
    /** What it is, for people, e.g. `health check hc-1 Inverted`. */
    readonly name: string;
    /** Its value before the drill. */
    readonly original: string;
    /** The value the drill sets. */
    readonly drillValue: string;
    /** Its value now, or why it could not be read. */
    readonly current: string;
    /** How it stands. */
    readonly standing: ValueStanding;
    /** Why it counts as changed when its value alone does not say so. */
    readonly note?: string;
}

/** How a value stands from its original, the drill's value and its current value. */
export function standingOf(original: string, drillValue: string, current: string | undefined): ValueStanding {
    if (current === undefined) {
        return "unreadable";
    }
    return current === original ? "original" : current === drillValue ? "drill" : "changed";
}

/** Takes a region out and puts it back. */
export interface Lever {
    /** Which lever. */
    readonly kind: LeverKind;
    /** One line: what it changes. */
    readonly summary: string;
    /** Shown loudly before and after an SDK lever: the change is drift until restored. */
    readonly driftWarning?: string;
    /** The planned steps, for --dry-run and the log. */
    plan(): string[];
    /** Lever-specific preflight checks (read-only). */
    preflight(): Promise<PreflightCheck[]>;
    /** Takes the region out. */
    apply(): Promise<LeverTiming>;
    /**
     * Puts back every value apply changed (or tried to change), or only the values whose keys are
     * in `only` (as `assess` names them); throws naming what is still out. Waits first for the
     * lever's own work under way (an apply step still in flight), which stops for good.
     */
    restore(only?: ReadonlySet<string>): Promise<LeverTiming>;
    /**
     * Where each value the lever changes stands now, against its original and the drill's value.
     * A lever without it cannot tell the drill's change from someone else's: `drill restore` then
     * asks before restoring.
     */
    assess?(): Promise<LeverValue[]>;
    /**
     * Undoes the change by the fastest means AWS offers, without waiting for a slow apply still
     * running (the config lever's `pulumi up`): called when a guard trips. `restore` follows once
     * the apply has ended, and reconciles what the fast path left (the stack's configuration). A
     * lever whose restore is fast already (SDK calls) leaves it out: the runner restores as soon
     * as the apply's step under way has ended.
     */
    urgentRestore?(): Promise<LeverTiming>;
    /** Reads the values back after restoring. */
    verifyRestored(): Promise<RestoreVerification>;
    /** The original values recorded by apply. */
    originals(): Record<string, string | number | boolean | null>;
    /** How to restore by hand if the tool dies before restoring. */
    manualRestore(): string[];
    /**
     * Reads and records the original values without changing anything, so that the runner can
     * write them to the state file before `apply`. A lever without it records them in `apply`
     * (the state file then holds them only after the change).
     */
    prepare?(): Promise<void>;
    /** What the lever needs to restore after a restart (plain JSON), for the state file and `drill restore`. */
    savedState?(): Record<string, unknown>;
}

/**
 * Runs one change that acts on Route 53 (a routing-control state) and times it:
 * the Route 53 path takes effect when the call returns. A failed restoring call names what is
 * still out (`stillOut`).
 */
export async function timedRoute53Change(clock: Clock, call: () => Promise<unknown>, stillOut?: string): Promise<LeverTiming> {
    const startedAtMs = clock.now();
    try {
        await call();
    } catch (error) {
        if (stillOut === undefined) {
            throw error;
        }
        throw new Error(`restore failed: ${stillOut} (${error instanceof Error ? error.message : String(error)})`);
    }
    const effectiveAtMs = clock.now();
    return { startedAtMs, finishedAtMs: effectiveAtMs, effectiveAtMs: { route53: effectiveAtMs } };
}

/** The verification of a lever that never changed anything. */
export const nothingChanged: RestoreVerification = { ok: true, detail: "nothing was changed" };

/**
 * The state a lever reads before its first change: read once (prepare), or taken from a drill
 * state file (resume), so that restoring puts back what was there.
 */
export class RememberedState<T> {
    private value: T | undefined;
    private known = false;

    /** @param read reads the current state from AWS. */
    constructor(private readonly read: () => Promise<T | undefined>) {}

    /** Reads the state the first time it is called; later calls keep the first reading. */
    async remember(): Promise<void> {
        if (!this.known) {
            this.value = await this.read();
            this.known = true;
        }
    }

    /** Takes the state recorded in a drill state file instead of reading it. */
    resume(value: T | undefined): void {
        this.value = value;
        this.known = true;
    }

    /** The state before the drill, when known. */
    get original(): T | undefined {
        return this.value;
    }
}

/**
 * The lever's own work under way: apply's steps. Restoring first closes it: a step that has not
 * started never starts, one already sent is awaited, so the restore's change lands after it (a
 * guard that trips while the lever is being applied).
 */
export class LeverWork {
    private closed = false;
    private readonly running = new Set<Promise<unknown>>();

    /** True once restoring has begun. */
    get isClosed(): boolean {
        return this.closed;
    }

    /** Runs `step` unless restoring has begun (then it never starts); resolves when it has ended. */
    async run(step: () => Promise<unknown>): Promise<void> {
        if (this.closed) {
            return;
        }
        const running = step();
        this.running.add(running);
        try {
            await running;
        } finally {
            this.running.delete(running);
        }
    }

    /** Stops every later step and waits for those under way (their errors are the steps' own business). */
    async close(): Promise<void> {
        this.closed = true;
        await Promise.allSettled([...this.running]);
    }
}

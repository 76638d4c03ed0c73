/**
 * Where a drill keeps its state: the zone's `_drill-state` record is the state every operator
 * sees (drill/safety/sharedState.ts); the local file is a cache that names the drill on this
 * machine even when the zone cannot be read. A drill writes both before its first change,
 * replaces both at every stage and removes both once restored.
 */
import { decodeState, Route53DrillState, SharedState } from "./sharedState";
import { DrillState, readState, removeState, writeState } from "./stateFile";

/** An earlier drill's state found before a new drill starts. */
export interface UnfinishedDrill {
    /** The state, when it could be read. */
    readonly state?: DrillState;
    /** Where it was found, for the refusal. */
    readonly where: string;
    /** Why it could not be read. */
    readonly error?: string;
}

/**
 * An earlier drill's unrestored state for people: whose drill (or holding shift), since when, where
 * its state is and what to run. The refusal of a drill or shift and the readiness check say it alike.
 */
export function describeUnfinished(found: UnfinishedDrill): string {
    const state = found.state;
    return state === undefined
        ? `${found.where} holds a drill state that cannot be read (${found.error}); check the region and delete it by hand (drill/RUNBOOK.md)`
        : state.lever === "shift" && state.stage === "applied"
        ? `a shift by ${state.by} (started ${state.startedAt}) holds ${state.target.stack}'s traffic away on purpose: its state is in ${found.where}. ` +
          `Return it with npm run drill -- shift --back --from ${state.target.stack} (or npm run drill -- restore, at once)`
        : `the drill ${state.lock.id} of ${state.target.stack} (${state.lever} lever, by ${state.by}, started ${state.startedAt}, stage ${state.stage}) is not restored: ` +
          `its state is in ${found.where}. Run npm run drill -- restore first (from any machine with access to the zone)`;
}

/** What a new drill finds before it starts. */
export interface EarlierDrills {
    /** An earlier drill whose state is unrestored: the zone's, or an unreadable one. */
    readonly unfinished?: UnfinishedDrill;
    /**
     * This machine's copy of a drill the zone no longer holds: finished from another machine, or
     * dead before its first change (the zone's state is written before the lever moves anything).
     */
    readonly staleCopy?: DrillState;
}

/** Where the zone's drill state is, as refusals and reports name it. */
function whereInZone(shared: Route53DrillState): string {
    return `${shared.recordName} (TXT)`;
}

/**
 * The unrestored drill the zone holds, from any machine: its state, or why the record's values
 * make none; undefined when the zone holds no drill state. Throws when the zone cannot be read.
 * @param shared the zone's drill state record
 */
export async function unfinishedInZone(shared: Route53DrillState): Promise<UnfinishedDrill | undefined> {
    const values = await shared.readValues();
    if (values === undefined) {
        return undefined;
    }
    try {
        return { state: decodeState(values, shared.recordName), where: whereInZone(shared) };
    } catch (error) {
        return { where: whereInZone(shared), error: error instanceof Error ? error.message : String(error) };
    }
}

/** A drill's state, in the zone and in the local cache. */
export class DrillStateStore {
    private values: readonly string[] | undefined;

    constructor(readonly shared: Route53DrillState, readonly localFile: string) {}

    /** Takes over a state read from the zone (drill restore), so it can be replaced and removed. */
    adopt(found: SharedState): void {
        this.values = found.values;
    }

    /**
     * Any earlier drill's unrestored state: the zone's, from any machine. The zone is the record:
     * a local copy of a drill the zone does not hold is only stale.
     */
    async earlier(): Promise<EarlierDrills> {
        try {
            const unfinished = await unfinishedInZone(this.shared);
            if (unfinished !== undefined) {
                return { unfinished };
            }
        } catch (error) {
            return { unfinished: { where: whereInZone(this.shared), error: error instanceof Error ? error.message : String(error) } };
        }
        try {
            const local = readState(this.localFile);
            return local === undefined ? {} : { staleCopy: local };
        } catch (error) {
            return { unfinished: { where: this.localFile, error: error instanceof Error ? error.message : String(error) } };
        }
    }

    /** Removes this machine's copy (stale: the zone holds no state). */
    forgetLocalCopy(): void {
        removeState(this.localFile);
    }

    /**
     * Writes a drill's first state, local copy first, then the zone. Throws when either fails or
     * another drill's state appeared in the zone meanwhile; the local copy is then removed again.
     */
    async create(state: DrillState): Promise<void> {
        writeState(this.localFile, state);
        try {
            const result = await this.shared.create(state);
            if (!result.created) {
                const other = result.existing?.state;
                throw new Error(`${this.shared.recordName} already holds ${other ? `the state of drill ${other.lock.id} of ${other.target.stack}` : "a drill state"}`);
            }
            this.values = result.values;
        } catch (error) {
            removeState(this.localFile);
            throw error;
        }
    }

    /** Writes a later stage; throws when the zone no longer holds this drill's state (removed by hand). */
    async update(state: DrillState): Promise<void> {
        writeState(this.localFile, state);
        const next = this.values === undefined ? undefined : await this.shared.replace(this.values, state);
        if (next === undefined) {
            throw new Error(`${this.shared.recordName} no longer holds this drill's state (removed or replaced by hand); the local copy ${this.localFile} was updated`);
        }
        this.values = next;
    }

    /** Removes the state from the zone and the local copy; false when the zone no longer held it. */
    async remove(): Promise<boolean> {
        const removed = this.values === undefined ? false : await this.shared.remove(this.values);
        this.values = undefined;
        removeState(this.localFile);
        return removed;
    }
}

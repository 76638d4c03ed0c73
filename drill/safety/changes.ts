/**
 * Everything a drill state records as changed, rebuilt for `drill restore`: the lever (or a
 * shift's weight and dial) and, with `--pre-scale`, the survivors' Auto Scaling groups. Restoring
 * puts the traffic back first and the capacity after it, so that the survivors keep their
 * instances until the traffic has left them.
 */
import { PreScale } from "../capacity/preScale";
import { LeverValue, RestoreVerification } from "../levers/lever";
import { LeverDependencies, resumeLever } from "../levers/make";
import { ShiftValues } from "../shift/trafficValues";
import { DrillState } from "./stateFile";

/** What restoring needs of a change: where its values stand, putting them back, reading them back (as a lever has them). */
export interface Restorable {
    /** Where each value stands now (see Lever.assess); absent when the change cannot tell. */
    assess?(): Promise<LeverValue[]>;
    /** Puts back the values whose keys are in `only`, or every one (see Lever.restore). */
    restore(only?: ReadonlySet<string>): Promise<unknown>;
    /** Reads the values back. */
    verifyRestored(): Promise<RestoreVerification>;
}

/** The parts restored in order; `assess` only when every part can assess. */
export function restoredInOrder(parts: readonly Restorable[]): Restorable {
    const keysOf = new Map<number, Set<string>>();
    const assessParts = parts.every((part) => part.assess !== undefined)
        ? async (): Promise<LeverValue[]> => {
            const values: LeverValue[] = [];
            for (const [index, part] of parts.entries()) {
                const own = await part.assess!();
                keysOf.set(index, new Set(own.map((value) => value.key)));
                values.push(...own);
            }
            return values;
        }
        : undefined;
    return {
        ...(assessParts ? { assess: assessParts } : {}),
        async restore(only?: ReadonlySet<string>) {
            for (const [index, part] of parts.entries()) {
                const own = keysOf.get(index);
                const wanted = only === undefined ? undefined : new Set([...only].filter((key) => own === undefined || own.has(key)));
                if (wanted === undefined || wanted.size > 0) {
                    await part.restore(wanted);
                }
            }
        },
        async verifyRestored(): Promise<RestoreVerification> {
            const results = await Promise.all(parts.map((part) => part.verifyRestored()));
            return { ok: results.every((result) => result.ok), detail: results.map((result) => result.detail).join("; ") };
        },
    };
}

/** The change a drill state records, ready to assess and restore; throws for a lever this tool cannot resume. */
export function resumeChanges(state: DrillState, deps: LeverDependencies): Restorable {
    const traffic = state.lever === "shift" ? ShiftValues.resume(deps.aws, state.target, state.leverState) : resumeLever(state.lever, deps, state.target, state.leverState);
    if (state.preScale === undefined) {
        return traffic;
    }
    return restoredInOrder([traffic, PreScale.resume(deps.aws, deps.clock, state.preScale)]);
}

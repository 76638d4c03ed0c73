/**
 * The shape every cross-stack check returns, in a file of its own so that the files of the checks
 * (crossStack.ts and the topic files beside it) can share it without importing each other.
 */

/** One finding: errors fail the plan, warnings are printed, `not-checked` says what could not be checked. */
export interface CrossStackFinding {
    /** Short name of the check, e.g. `failover-roles`. */
    readonly check: string;
    /**
     * `error` fails `npm run plan`; `warning` is advice; `not-checked`: the checks of an
     * environment did not run because one of its stack files has input errors (any finding
     * without that stack's settings could be false).
     */
    readonly level: "error" | "warning" | "not-checked";
    /** What is wrong and how to fix it. */
    readonly message: string;
    /** The stacks involved. */
    readonly stacks: string[];
    /** The stack files of `stacks`, in the same order (filled in by checkAcrossStacks). */
    readonly files?: string[];
    /** The environment whose stacks were checked together. */
    readonly environment?: string;
}

/**
 * The shape every cross-stack check returns, in a file of its own so that the files of the checks
 * (crossStack.ts and the topic files beside it) can share it without importing each other.
 */

/** One finding: errors fail the plan, warnings are printed. */
export interface CrossStackFinding {
    /** Short name of the check, e.g. `failover-roles`. */
    readonly check: string;
    /** `error` fails `npm run plan`; `warning` is advice. */
    readonly level: "error" | "warning";
    /** What is wrong and how to fix it. */
    readonly message: string;
    /** The stacks involved. */
    readonly stacks: string[];
    /** The environment whose stacks were checked together. */
    readonly environment?: string;
}

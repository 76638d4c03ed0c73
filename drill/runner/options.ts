/** The options of `drill run`. */
import type { LeverKind } from "../levers/lever";

/** What to drill and how. */
export interface DrillOptions {
    /** The project directory (Pulumi.yaml and the stack files). */
    readonly projectDir: string;
    /** The stack or region to take out (`--fail`). */
    readonly target: string;
    /** Which lever. @default "config" */
    readonly lever: LeverKind;
    /** Print the plan and change nothing. @default false */
    readonly dryRun: boolean;
    /**
     * Go on although a signal that is only measured (not a guard) has no valid baseline reading;
     * never overrides the health of the regions that would take the traffic. @default false
     */
    readonly force: boolean;
    /** Where reports are written. @default "drill-reports" */
    readonly outDir: string;
    /** Seconds between polls. @default 5 */
    readonly pollSeconds: number;
    /** Seconds each phase may take; undefined is twice the larger of the objective and the slowest prediction. */
    readonly timeoutSeconds?: number;
    /** Polls before the lever, to see the normal state. @default 3 */
    readonly baselinePolls: number;
    /** Polls in a row that confirm a change. @default 3 */
    readonly confirmPolls: number;
    /** Failed reads in a row of another region's guard that stop the drill (a read showing it unhealthy stops it at once). @default 2 */
    readonly guardMisses: number;
    /** Seconds an HTTP probe may take. @default 5 */
    readonly probeTimeoutSeconds: number;
    /** The state file. @default `<projectDir>/.drill/state.json` */
    readonly stateFile?: string;
    /** Who runs the drill, written into the lock. @default the OS user name */
    readonly operator?: string;
    /** Raise the survivors' Auto Scaling minimum to what the moved load needs before the lever, and put it back after (`--pre-scale`). @default false */
    readonly preScale: boolean;
    /** Seconds to wait for the pre-scaled instances to be InService before the lever (`--pre-scale-wait`). @default 600 */
    readonly preScaleWaitSeconds: number;
}

/** Defaults of everything but the project and the target. */
export const drillDefaults: Omit<DrillOptions, "projectDir" | "target"> = {
    lever: "config",
    dryRun: false,
    force: false,
    outDir: "drill-reports",
    pollSeconds: 5,
    baselinePolls: 3,
    confirmPolls: 3,
    guardMisses: 2,
    probeTimeoutSeconds: 5,
    preScale: false,
    preScaleWaitSeconds: 600,
};

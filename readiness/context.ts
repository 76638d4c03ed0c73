/** What every check reads from: the deployed regions with their stack files, the clients, time and the options. */
import type { StackConfig } from "../config/load";
import type { DeployedRegion } from "../drill/clients/outputs";
import type { Clock } from "../drill/clients/types";
import type { LockLocation } from "../drill/safety/lock";
import type { ReadinessAwsClients } from "./clients";
import type { ReadinessCheck } from "./types";

/** What to check and how. */
export interface ReadinessOptions {
    /** The project directory (Pulumi.yaml and the stack files). */
    readonly projectDir: string;
    /** A certificate must be valid for more than this many days. @default 30 */
    readonly certificateDays: number;
    /** The drill's state file on this machine. @default <project>/.drill/state.json */
    readonly stateFile?: string;
}

/** Defaults of everything but the project. */
export const readinessDefaults: Omit<ReadinessOptions, "projectDir"> = { certificateDays: 30 };

/** A regional stack: its validated stack file and what it deployed. */
export interface RegionUnderCheck {
    /** The stack file's configuration. */
    readonly config: StackConfig;
    /** Its outputs. */
    readonly deployed: DeployedRegion;
}

/** The routing controls' states, read through the cluster's data plane; a seam issue 19's reader can fill. */
export interface RoutingControlStates {
    /**
     * The state (`On`, `Off`) of each control, by ARN, read through the cluster's endpoints, each
     * tried in turn; throws when no endpoint answers.
     */
    read(controlArns: readonly string[], endpoints: readonly { readonly endpoint: string; readonly region: string }[]): Promise<ReadonlyMap<string, string | undefined>>;
}

/** Drills that changed something and were not restored; a seam issue 22's shared state can fill. */
export interface DrillStateSource {
    /** One row per place that holds drill state (the lock, a state file), failing when it holds an unrestored drill. */
    rows(): Promise<ReadinessCheck[]>;
}

/** Everything a check reads from. */
export interface CheckContext {
    /** Every regional stack that is deployed. */
    readonly regions: readonly RegionUnderCheck[];
    /** Every regional stack file, deployed or not (the capacity model). */
    readonly configs: readonly StackConfig[];
    /** AWS SDK clients. */
    readonly aws: ReadinessAwsClients;
    /** Time. */
    readonly clock: Clock;
    /** The options. */
    readonly options: ReadinessOptions;
    /** Routing-control states. */
    readonly routingControls: RoutingControlStates;
    /** Unrestored drills. */
    readonly drillState: DrillStateSource;
    /** The hosted zone holding the drill lock and the last pass, when the project has one and a deployed stack names its id. */
    readonly lockLocation?: LockLocation;
    /** The zone's name from the stack files, when the project has DNS (set even when no output gave its id). */
    readonly zoneName?: string;
}

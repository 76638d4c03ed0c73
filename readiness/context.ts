/** What every check reads from: the deployed regions with their stack files, the clients, time and the options. */
import type { StackConfig } from "../config/load";
import type { DeployedRegion } from "../drill/clients/outputs";
import type { Clock } from "../drill/clients/types";
import type { ZoneLocation } from "../drill/safety/zoneRecord";
import type { ReadinessAwsClients } from "./clients";

/** What to check and how. */
export interface ReadinessOptions {
    /** The project directory (Pulumi.yaml and the stack files). */
    readonly projectDir: string;
    /** A certificate must be valid for more than this many days. @default 30 */
    readonly certificateDays: number;
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
    /** The hosted zone holding the drill lock and the last pass, when the project has one and a deployed stack names its id. */
    readonly lockLocation?: ZoneLocation;
    /** The zone's name from the stack files, when the project has DNS (set even when no output gave its id). */
    readonly zoneName?: string;
}

/** Builds a lever for a new drill, or rebuilds one from a state file for `drill restore`. */
import { DeployedRegion, routingControlsOf } from "../clients/outputs";
import { AwsClients, Clock, ProgressSink, StackAutomation } from "../clients/types";
import { ConfigLever } from "./configLever";
import { FaultLever } from "./faultLever";
import { HealthCheckLever } from "./healthCheckLever";
import { Lever, LeverKind } from "./lever";
import { RoutingControlLever } from "./routingControlLever";

/** What a lever may need. */
export interface LeverDependencies {
    /** AWS SDK clients. */
    readonly aws: AwsClients;
    /** The Pulumi stacks. */
    readonly automation: StackAutomation;
    /** Time. */
    readonly clock: Clock;
    /** Progress output (pulumi's lines). */
    readonly progress: ProgressSink;
}

/** A fresh lever of `kind` on `target`; `deployment` (every region) holds the routing-control cluster's endpoints. */
export function makeLever(kind: LeverKind, deps: LeverDependencies, target: DeployedRegion, deployment: readonly DeployedRegion[]): Lever {
    switch (kind) {
        case "config":
            return new ConfigLever(deps.automation, deps.clock, deps.progress, target, deps.aws);
        case "health-check":
            return new HealthCheckLever(deps.aws, deps.clock, target);
        case "fault":
            return new FaultLever(deps.aws, deps.clock, target);
        case "routing-control":
            return new RoutingControlLever(deps.aws, deps.clock, target, routingControlsOf(deployment).endpoints);
    }
}

/** The lever a state file describes, ready to restore; throws for a lever this tool cannot resume. */
export function resumeLever(kind: string, deps: LeverDependencies, target: DeployedRegion, saved: Readonly<Record<string, unknown>>): Lever {
    switch (kind) {
        case "config":
            return ConfigLever.resume(deps.automation, deps.clock, deps.progress, target, saved, deps.aws);
        case "health-check":
            return HealthCheckLever.resume(deps.aws, deps.clock, target, saved);
        case "fault":
            return FaultLever.resume(deps.aws, deps.clock, target, saved);
        case "routing-control":
            return RoutingControlLever.resume(deps.aws, deps.clock, target, saved);
        default:
            throw new Error(`the state file names lever ${kind}, which this version of the drill tool cannot restore; restore by hand with the state file's manualRestore commands`);
    }
}

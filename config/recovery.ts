/**
 * The predicted recovery of a region's loss, in parts the objective
 * (`app:drill.recoveryTimeObjectiveSeconds`) applies to each (docs/capacity-and-recovery.md):
 * traffic moved (the failover prediction of domain/failover.ts, on the endpoint paths the stack
 * takes part in), open connections moved (domain/connections.ts), and capacity recovered (the
 * surviving region carries the moved load: at once when its standing instances do, else after a
 * scale-out, domain/scaleOut.ts).
 */
import { FailoverPrediction } from "../domain/failover";
import { reconnectionBoundSeconds } from "../domain/connections";
import { instancesFor, PathLoad } from "../domain/capacity";
import { predictScaleOut, ScaleOutPrediction } from "../domain/scaleOut";
import { populatedTargetGroups } from "./derive";
import { TrafficMoved, trafficMoved } from "./trafficMoved";
import { fleetCapacityOf } from "./crossStackCapacity";
import type { StackConfig } from "./load";
import type { StackSettings } from "./schema";

/** One part of the prediction against the objective. */
export interface RecoveryPart {
    /** Worst-case seconds after the region stops serving; undefined when it never completes. */
    readonly seconds?: number;
    /** True when `seconds` is within the objective. */
    readonly meets: boolean;
}

/** Clients on open connections reach a survivor: after traffic moved, the ALB's keepalive and idle timeout. */
export interface ConnectionsPart extends RecoveryPart {
    /** `alb.clientKeepAliveSeconds`. */
    readonly clientKeepAliveSeconds: number;
    /** `alb.idleTimeoutSeconds`. */
    readonly idleTimeoutSeconds: number;
}

/** This region, surviving another's loss, carries what reaches it. */
export interface CapacityPart extends RecoveryPart {
    /** The loss that burdens it most, and on which path. */
    readonly load: PathLoad & { readonly lost: string };
    /** Instances that load needs. */
    readonly instancesNeeded: number;
    /** Instances it runs whatever the load (`fleet.minSize`). */
    readonly standingInstances: number;
    /** Its `fleet.maxSize`: above it the load is never carried. */
    readonly maxInstances: number;
    /** The scale-out it would take (the time is added only when the standing instances fall short). */
    readonly scaleOut: ScaleOutPrediction;
    /** True when the standing instances fall short and the fleet must scale out. */
    readonly scalesOut: boolean;
}

/** The predicted recovery of a stack's region. */
export interface RecoveryPrediction {
    /** `drill.recoveryTimeObjectiveSeconds`. */
    readonly objectiveSeconds: number;
    /** Traffic moved; absent when the stack takes part in no failover path. */
    readonly traffic?: RecoveryPart & TrafficMoved;
    /** Open connections moved; with traffic. */
    readonly connections?: ConnectionsPart;
    /** Capacity recovered in this region when it survives another's loss; with traffic, a fleet and a declared peak. */
    readonly capacity?: CapacityPart;
}

/** What the stack's fleet does when the scaling target group's new instances start. */
function scaleOutOf(settings: StackSettings): ScaleOutPrediction {
    const [scaling] = populatedTargetGroups(settings);
    const group = settings.targetGroups[scaling];
    return predictScaleOut({
        launchSeconds: settings.fleet.launchSeconds,
        healthCheck: group?.healthCheck ?? { intervalSeconds: 0, healthyThreshold: 0 },
        slowStartSeconds: group?.slowStartSeconds ?? 0,
    });
}

const within = (objective: number, seconds: number | undefined): boolean => seconds !== undefined && seconds <= objective;

/** The capacity part: the worst loss's load against the standing instances, else the scale-out. */
function capacityPart(config: StackConfig, afterLoss: PathLoad & { readonly lost: string }, trafficSeconds: number, objective: number): CapacityPart | undefined {
    const fleet = fleetCapacityOf(config);
    if (fleet === undefined) {
        return undefined;
    }
    const instancesNeeded = instancesFor(afterLoss.requestsPerSecond, fleet.instanceRequestsPerSecond);
    const scaleOut = scaleOutOf(config.settings);
    const scalesOut = instancesNeeded > fleet.standingInstances;
    // The extra load has fully arrived once traffic has moved; a scale-out starts from there.
    const seconds = instancesNeeded > fleet.maxInstances ? undefined : trafficSeconds + (scalesOut ? scaleOut.totalSeconds : 0);
    return {
        load: afterLoss, instancesNeeded, standingInstances: fleet.standingInstances, maxInstances: fleet.maxInstances,
        scaleOut, scalesOut, seconds, meets: within(objective, seconds),
    };
}

/**
 * The stack's predicted recovery, each part against the objective.
 * @param config the stack
 * @param prediction its failover prediction (domain/failover.ts)
 * @param afterLoss the load it receives when the region that burdens it most is lost (config/crossStackCapacity.ts)
 * @default afterLoss none: no capacity part (no peak declared, or no other region)
 */
export function predictRecovery(config: StackConfig, prediction: FailoverPrediction, afterLoss?: PathLoad & { readonly lost: string }): RecoveryPrediction {
    const objective = config.settings.drill.recoveryTimeObjectiveSeconds;
    const moved = trafficMoved(config.settings, prediction);
    if (moved === undefined) {
        return { objectiveSeconds: objective };
    }
    const { alb } = config.settings;
    const connectionsSeconds = moved.seconds + reconnectionBoundSeconds(alb);
    const capacity = afterLoss === undefined ? undefined : capacityPart(config, afterLoss, moved.seconds, objective);
    return {
        objectiveSeconds: objective,
        traffic: { ...moved, meets: within(objective, moved.seconds) },
        connections: {
            seconds: connectionsSeconds, meets: within(objective, connectionsSeconds),
            clientKeepAliveSeconds: alb.clientKeepAliveSeconds, idleTimeoutSeconds: alb.idleTimeoutSeconds,
        },
        ...(capacity ? { capacity } : {}),
    };
}

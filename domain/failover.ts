/**
 * Worst-case failover arithmetic (README, "Failover time"): how long after a region stops
 * serving each traffic path sends users elsewhere.
 */
import { elbAliasTtlSeconds, globalAcceleratorReactionSeconds } from "./awsFacts";

/** The inputs of the prediction, all from the stack's configuration. */
export interface FailoverTimingInput {
    /** Route 53 health check request interval (10 or 30). */
    readonly route53IntervalSeconds: number;
    /** Route 53 health check failure threshold. */
    readonly route53FailureThreshold: number;
    /** Health checks of the target groups that have targets (the ALB is unhealthy when any of them is). */
    readonly targetGroupChecks: readonly { intervalSeconds: number; unhealthyThreshold: number }[];
}

/** Worst-case seconds for each path, with the parts they are made of. */
export interface FailoverPrediction {
    /** DNS: Route 53 notices, then resolvers let the 60 s ELB answer expire. */
    readonly dns: { detectionSeconds: number; ttlSeconds: number; totalSeconds: number };
    /** Global Accelerator: the ALB marks targets unhealthy, then GA moves new connections. */
    readonly globalAccelerator: { detectionSeconds: number; reactionSeconds: number; totalSeconds: number };
}

/** Predicts the worst-case failover time of both paths. */
export function predictFailover(input: FailoverTimingInput): FailoverPrediction {
    const dnsDetection = input.route53IntervalSeconds * input.route53FailureThreshold;
    const targetDetection = Math.max(0, ...input.targetGroupChecks.map((check) => check.intervalSeconds * check.unhealthyThreshold));
    return {
        dns: { detectionSeconds: dnsDetection, ttlSeconds: elbAliasTtlSeconds, totalSeconds: dnsDetection + elbAliasTtlSeconds },
        globalAccelerator: {
            detectionSeconds: targetDetection,
            reactionSeconds: globalAcceleratorReactionSeconds,
            totalSeconds: targetDetection + globalAcceleratorReactionSeconds,
        },
    };
}

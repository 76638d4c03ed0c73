/**
 * Worst-case failover arithmetic (docs/failover-paths.md, "Failover time"): how long after a region stops
 * serving each traffic path sends users elsewhere.
 */
import {
    alarmToHealthCheckSeconds,
    albMetricDelaySeconds,
    elbAliasTtlSeconds,
    globalAcceleratorReactionSeconds,
    routingControlPropagationSeconds,
} from "./awsFacts";

/** The inputs of the prediction, all from the stack's configuration. */
export interface FailoverTimingInput {
    /** Route 53 health check request interval (10 or 30). */
    readonly route53IntervalSeconds: number;
    /** Route 53 health check failure threshold. */
    readonly route53FailureThreshold: number;
    /** Health checks of the target groups that have targets (the ALB is unhealthy when any of them is). */
    readonly targetGroupChecks: readonly { intervalSeconds: number; unhealthyThreshold: number }[];
    /** The serving-badly alarm Route 53 follows (alarm-driven health), when there is one. */
    readonly alarm?: { readonly periodSeconds: number; readonly evaluationPeriods: number };
    /** True when a routing control's RECOVERY_CONTROL health check is on the records. */
    readonly routingControl?: boolean;
}

/** The alarm path: CloudWatch sees the breach, the alarm fires, Route 53 follows, resolvers expire. */
export interface AlarmPathPrediction {
    /** Metrics arrive (about a minute) plus period x evaluation periods. */
    readonly detectionSeconds: number;
    /** Route 53 turns the alarm into the health check's status (estimate). */
    readonly route53Seconds: number;
    /** The ELB alias TTL. */
    readonly ttlSeconds: number;
    /** The sum. */
    readonly totalSeconds: number;
}

/** The routing-control path: an operator flips the control, Route 53 follows, resolvers expire. */
export interface RoutingControlPathPrediction {
    /** The cluster propagates the new state to Route 53 (estimate). */
    readonly propagationSeconds: number;
    /** The ELB alias TTL. */
    readonly ttlSeconds: number;
    /** The sum, from the moment the control is flipped. */
    readonly totalSeconds: number;
}

/** Worst-case seconds for each path, with the parts they are made of. */
export interface FailoverPrediction {
    /** DNS: Route 53 notices, then resolvers let the 60 s ELB answer expire. */
    readonly dns: { detectionSeconds: number; ttlSeconds: number; totalSeconds: number };
    /** Global Accelerator: the ALB marks targets unhealthy, then GA moves new connections. */
    readonly globalAccelerator: { detectionSeconds: number; reactionSeconds: number; totalSeconds: number };
    /** Alarm-driven health (a region that answers /health but serves badly), when configured. */
    readonly alarm?: AlarmPathPrediction;
    /** Routing control (moved on purpose through ARC's data plane), when configured. */
    readonly routingControl?: RoutingControlPathPrediction;
}

/** Worst-case seconds of the alarm path. */
export function predictAlarmPath(alarm: { readonly periodSeconds: number; readonly evaluationPeriods: number }): AlarmPathPrediction {
    const detectionSeconds = albMetricDelaySeconds + alarm.periodSeconds * alarm.evaluationPeriods;
    return {
        detectionSeconds,
        route53Seconds: alarmToHealthCheckSeconds,
        ttlSeconds: elbAliasTtlSeconds,
        totalSeconds: detectionSeconds + alarmToHealthCheckSeconds + elbAliasTtlSeconds,
    };
}

/** Worst-case seconds of the routing-control path. */
export function predictRoutingControlPath(): RoutingControlPathPrediction {
    return {
        propagationSeconds: routingControlPropagationSeconds,
        ttlSeconds: elbAliasTtlSeconds,
        totalSeconds: routingControlPropagationSeconds + elbAliasTtlSeconds,
    };
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
        ...(input.alarm ? { alarm: predictAlarmPath(input.alarm) } : {}),
        ...(input.routingControl ? { routingControl: predictRoutingControlPath() } : {}),
    };
}

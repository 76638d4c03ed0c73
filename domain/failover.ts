/**
 * Worst-case failover arithmetic (docs/alarms-and-routing-controls.md, "Predicted failover"): how
 * long after a region stops serving each traffic path sends users elsewhere. Every path is a
 * sum of terms, and each term says where its figure comes from or that it is an estimate.
 */
import {
    alarmToHealthCheckSeconds,
    albMetricIntervalSeconds,
    elbAliasTtlSeconds,
    globalAcceleratorReactionSeconds,
    routingControlPropagationSeconds,
} from "./awsFacts";

/** One part of a predicted path. */
export interface PredictionTerm {
    /** What happens in this part, e.g. `2 breaching periods of 60 s`. */
    readonly label: string;
    /** Worst-case seconds. */
    readonly seconds: number;
    /** The public document the figure rests on, or what the estimate is based on. */
    readonly source: string;
    /** True when AWS publishes no figure and this one is ours. */
    readonly estimate: boolean;
}

/** The followed alarms as deployed: what the alarm path's prediction is derived from. */
export interface AlarmTimingInput {
    /** Seconds per period (alarms.periodSeconds). */
    readonly periodSeconds: number;
    /** Breaching periods that take the region out: CloudWatch's DatapointsToAlarm (alarms.evaluationPeriods). */
    readonly breachingPeriods: number;
    /** Healthy periods before the region may come back (alarms.holdDownPeriods). */
    readonly holdDownPeriods: number;
}

/** The inputs of the prediction, all from the stack's configuration. */
export interface FailoverTimingInput {
    /** Route 53 health check request interval (10 or 30). */
    readonly route53IntervalSeconds: number;
    /** Route 53 health check failure threshold. */
    readonly route53FailureThreshold: number;
    /** Health checks of the target groups that have targets (the ALB is unhealthy when any of them is). */
    readonly targetGroupChecks: readonly { intervalSeconds: number; unhealthyThreshold: number }[];
    /** The followed alarms (alarm-driven health), when Route 53 follows any. */
    readonly alarm?: AlarmTimingInput;
    /** True when a routing control's RECOVERY_CONTROL health check is on the records. */
    readonly routingControl?: boolean;
}

/** A predicted path: its terms and their sum. */
export interface PathPrediction {
    /** The parts, in the order they happen. */
    readonly terms: readonly PredictionTerm[];
    /** The sum of the terms. */
    readonly totalSeconds: number;
    /** The part of the sum that is estimated (0 when every term is sourced). */
    readonly estimatedSeconds: number;
}

/** The DNS path on the endpoint health check. */
export interface DnsPathPrediction extends PathPrediction {
    /** Route 53 notices: request interval x failure threshold. */
    readonly detectionSeconds: number;
    /** The ELB alias TTL. */
    readonly ttlSeconds: number;
}

/** The Global Accelerator path. */
export interface AcceleratorPathPrediction extends PathPrediction {
    /** The ALB marks its targets unhealthy: interval x unhealthy threshold of the slowest group. */
    readonly detectionSeconds: number;
    /** Global Accelerator moves new connections. */
    readonly reactionSeconds: number;
}

/** The alarm path: CloudWatch sees the breach, the alarm's data stream breaches, Route 53 follows, resolvers expire. */
export interface AlarmPathPrediction extends PathPrediction {
    /** Breaching periods plus the metrics' delivery interval: when the alarm's data shows the breach. */
    readonly detectionSeconds: number;
    /** Route 53 turns the data stream into the health check's status (estimate). */
    readonly route53Seconds: number;
    /** The ELB alias TTL. */
    readonly ttlSeconds: number;
    /** How long a region that failed stays out once it is healthy again: hold-down periods x period. */
    readonly holdDownSeconds: number;
}

/** The routing-control path: an operator flips the control, Route 53 follows, resolvers expire. */
export interface RoutingControlPathPrediction extends PathPrediction {
    /** The cluster propagates the new state to Route 53 (estimate). */
    readonly propagationSeconds: number;
    /** The ELB alias TTL. */
    readonly ttlSeconds: number;
}

/** Worst-case seconds for each path, with the parts they are made of. */
export interface FailoverPrediction {
    /** DNS: Route 53's endpoint check notices, then resolvers let the 60 s ELB answer expire. */
    readonly dns: DnsPathPrediction;
    /** Global Accelerator: the ALB marks targets unhealthy, then GA moves new connections. */
    readonly globalAccelerator: AcceleratorPathPrediction;
    /** Alarm-driven health (a region that answers /health but fails users), when configured. */
    readonly alarm?: AlarmPathPrediction;
    /** Routing control (moved on purpose through ARC's data plane), when configured. */
    readonly routingControl?: RoutingControlPathPrediction;
}

const sources = {
    route53Check: "Route 53 Developer Guide: request interval x failure threshold",
    ttl: "Route 53 Developer Guide: an alias to an ELB has the ELB's 60 s TTL",
    targetCheck: "ALB User Guide: target health check interval x unhealthy threshold",
    accelerator: "AWS workshop figure; the GA developer guide gives none",
    breach: "CloudWatch User Guide, Evaluating an alarm: DatapointsToAlarm",
    delivery: "ALB User Guide: metrics are sent in 60-second intervals",
    route53Follow: "AWS gives no figure; Route 53 reads the alarm's data stream",
    propagation: "AWS gives no figure; ARC propagates a change across the cluster",
    holdDown: "CloudWatch User Guide, Evaluating an alarm: OK once fewer than DatapointsToAlarm of EvaluationPeriods breach",
} as const;

function sum(terms: readonly PredictionTerm[]): { totalSeconds: number; estimatedSeconds: number } {
    return {
        totalSeconds: terms.reduce((total, term) => total + term.seconds, 0),
        estimatedSeconds: terms.filter((term) => term.estimate).reduce((total, term) => total + term.seconds, 0),
    };
}

function ttlTerm(): PredictionTerm {
    return { label: "resolvers' cached answers expire (ELB alias TTL)", seconds: elbAliasTtlSeconds, source: sources.ttl, estimate: false };
}

/** Worst-case seconds of the alarm path, derived from the alarm settings as deployed. */
export function predictAlarmPath(alarm: AlarmTimingInput): AlarmPathPrediction {
    const breach = alarm.periodSeconds * alarm.breachingPeriods;
    const terms: PredictionTerm[] = [
        { label: `${alarm.breachingPeriods} breaching period(s) of ${alarm.periodSeconds} s`, seconds: breach, source: sources.breach, estimate: false },
        { label: "the last period's ALB metrics reach CloudWatch", seconds: albMetricIntervalSeconds, source: sources.delivery, estimate: false },
        { label: "Route 53 follows the alarm's data stream", seconds: alarmToHealthCheckSeconds, source: sources.route53Follow, estimate: true },
        ttlTerm(),
    ];
    return {
        terms,
        ...sum(terms),
        detectionSeconds: breach + albMetricIntervalSeconds,
        route53Seconds: alarmToHealthCheckSeconds,
        ttlSeconds: elbAliasTtlSeconds,
        holdDownSeconds: alarm.holdDownPeriods * alarm.periodSeconds,
    };
}

/** Worst-case seconds of the routing-control path. */
export function predictRoutingControlPath(): RoutingControlPathPrediction {
    const terms: PredictionTerm[] = [
        { label: "the cluster propagates the new state to Route 53", seconds: routingControlPropagationSeconds, source: sources.propagation, estimate: true },
        ttlTerm(),
    ];
    return { terms, ...sum(terms), propagationSeconds: routingControlPropagationSeconds, ttlSeconds: elbAliasTtlSeconds };
}

/** Worst-case seconds of the DNS path on the endpoint health check. */
export function predictDnsPath(intervalSeconds: number, failureThreshold: number): DnsPathPrediction {
    const detectionSeconds = intervalSeconds * failureThreshold;
    const terms: PredictionTerm[] = [
        { label: `${failureThreshold} failed checks ${intervalSeconds} s apart`, seconds: detectionSeconds, source: sources.route53Check, estimate: false },
        ttlTerm(),
    ];
    return { terms, ...sum(terms), detectionSeconds, ttlSeconds: elbAliasTtlSeconds };
}

/** Worst-case seconds of the Global Accelerator path. */
export function predictAcceleratorPath(targetGroupChecks: FailoverTimingInput["targetGroupChecks"]): AcceleratorPathPrediction {
    const detectionSeconds = Math.max(0, ...targetGroupChecks.map((check) => check.intervalSeconds * check.unhealthyThreshold));
    const terms: PredictionTerm[] = [
        { label: "the ALB marks its targets unhealthy (slowest populated group)", seconds: detectionSeconds, source: sources.targetCheck, estimate: false },
        { label: "Global Accelerator moves new connections", seconds: globalAcceleratorReactionSeconds, source: sources.accelerator, estimate: true },
    ];
    return { terms, ...sum(terms), detectionSeconds, reactionSeconds: globalAcceleratorReactionSeconds };
}

/** Predicts the worst-case failover time of every path the stack has. */
export function predictFailover(input: FailoverTimingInput): FailoverPrediction {
    return {
        dns: predictDnsPath(input.route53IntervalSeconds, input.route53FailureThreshold),
        globalAccelerator: predictAcceleratorPath(input.targetGroupChecks),
        ...(input.alarm ? { alarm: predictAlarmPath(input.alarm) } : {}),
        ...(input.routingControl ? { routingControl: predictRoutingControlPath() } : {}),
    };
}

/** The hold-down term's source, for the plan and the docs. */
export const holdDownSource = sources.holdDown;

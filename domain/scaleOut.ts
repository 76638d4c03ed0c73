/**
 * How long a surviving region's fleet takes to grow once a lost region's load reaches it: the
 * target-tracking policy notices, launches instances, and the ALB starts sending them requests.
 * Each term's source is in docs/capacity-and-recovery.md; the estimates say so.
 */
import { albMetricIntervalSeconds } from "./awsFacts";

/**
 * Target tracking on ALBRequestCountPerTarget judges the metric per minute: its target value is
 * "the optimal average request count per instance during any one-minute interval" (EC2 Auto
 * Scaling API, TargetTrackingConfiguration.TargetValue).
 */
export const targetTrackingPeriodSeconds = 60;

/**
 * Periods in a row the metric must be above target before the policy's scale-out alarm fires: an
 * estimate. AWS creates and manages the alarm and the guide does not state its evaluation
 * periods; 3 is what the alarms AWS creates are commonly reported to use, and more periods would
 * make the prediction longer (the safe side is to count them, never fewer than one).
 */
export const targetTrackingAlarmPeriods = 3;

/** What the scale-out takes, from the stack's configuration. */
export interface ScaleOutInput {
    /** Seconds from the scale-out decision until a new instance's app answers its health check (EC2 launch and boot; an estimate). */
    readonly launchSeconds: number;
    /** The scaling target group's health check: a new target gets requests once it passes `healthyThreshold` checks in a row. */
    readonly healthCheck: { readonly intervalSeconds: number; readonly healthyThreshold: number };
    /** The target group's slow start: a new target's share of requests grows linearly over this long (0: off). */
    readonly slowStartSeconds: number;
}

/** The scale-out's worst-case seconds, term by term. */
export interface ScaleOutPrediction {
    /** ALB metrics reach CloudWatch about a minute after the requests (an estimate, docs/alarms-and-routing-controls.md). */
    readonly metricSeconds: number;
    /** The target-tracking alarm's periods above target. */
    readonly alarmSeconds: number;
    /** EC2 launch and the app's boot (the stack's estimate, app:fleet.launchSeconds). */
    readonly launchSeconds: number;
    /** The target group's health checks until the new target is healthy: healthy threshold x interval. */
    readonly healthCheckSeconds: number;
    /** Slow start, until a new target takes its full share. */
    readonly slowStartSeconds: number;
    /** The sum. */
    readonly totalSeconds: number;
}

/**
 * Seconds from the moment the extra load reaches a region until the instances it asked for carry
 * their full share. One scale-out step suffices: the policy adds capacity "proportional to the
 * metric value as fast as it can" (Application Auto Scaling User Guide, target tracking), so the
 * instance warm-up, which only holds back a further step, is not a term.
 */
export function predictScaleOut(input: ScaleOutInput): ScaleOutPrediction {
    const terms = {
        metricSeconds: albMetricIntervalSeconds,
        alarmSeconds: targetTrackingAlarmPeriods * targetTrackingPeriodSeconds,
        launchSeconds: input.launchSeconds,
        healthCheckSeconds: input.healthCheck.healthyThreshold * input.healthCheck.intervalSeconds,
        slowStartSeconds: input.slowStartSeconds,
    };
    return { ...terms, totalSeconds: Object.values(terms).reduce((sum, seconds) => sum + seconds, 0) };
}

/**
 * The alarms each region gets on what its users feel, as data: which ALB metric, statistic and
 * comparison each watches, how it treats missing data, what outage it catches and what it
 * misses. The component (components/observability/regionAlarms.ts) builds them from this table;
 * the config check asks domain/route53Alarms.ts whether Route 53 can follow each one; the docs
 * (docs/alarms-and-routing-controls.md) list the same catches and misses.
 *
 * Sources (ALB User Guide, "CloudWatch metrics for your Application Load Balancer"):
 * RequestCount counts only requests for which the load balancer could choose a target;
 * HTTPCode_ELB_5XX_Count counts 5XX responses the load balancer itself generates (no target, a
 * fixed-response action, a target it could not reach) and, like HTTPCode_Target_5XX_Count, is
 * reported only when it is not zero; HealthyHostCount and UnHealthyHostCount are per target group.
 */

/** Keys of the alarms that are the same in every region. */
export const fixedAlarmKeys = ["elb-5xx", "target-5xx", "latency", "rejected-connections", "serving-badly"] as const;

/** One of them. */
export type FixedAlarmKey = (typeof fixedAlarmKeys)[number];

/** Prefix of the per-target-group healthy-hosts alarms: `healthy-hosts-<group>`. */
export const healthyHostsPrefix = "healthy-hosts-";

/** In `alarms.followed`: every populated target group's healthy-hosts alarm. */
export const everyHealthyHostsKey = "healthy-hosts";

/** The setting of `alarms` that gives an alarm its threshold. */
export type ThresholdSetting = "elb5xxPerPeriod" | "target5xxPerPeriod" | "targetResponseTimeSeconds" | "rejectedConnections" | "minimumHealthyHosts";

/** A single-metric alarm on the region's ALB or one of its target groups. */
export interface SingleMetricAlarmSpec {
    /** Discriminator. */
    readonly kind: "metric";
    /** `AWS/ApplicationELB` metric name. */
    readonly metricName: string;
    /** Statistic over each period. */
    readonly statistic: "Sum" | "Average" | "Minimum" | "Maximum";
    /** `LoadBalancer` alone, or `TargetGroup` and `LoadBalancer`. */
    readonly dimensions: "loadBalancer" | "targetGroup";
    /** How the statistic is compared with the threshold. */
    readonly comparison: "GreaterThanOrEqualToThreshold" | "GreaterThanThreshold" | "LessThanThreshold";
    /** Which setting is the threshold. */
    readonly threshold: ThresholdSetting;
    /**
     * How CloudWatch treats a period without data: the 5xx counts are reported only when not
     * zero, so a missing point is a good one; a target group whose health metric stops is not
     * known to be healthy, so a missing point breaches.
     */
    readonly missingData: "notBreaching" | "breaching";
    /** The outage it catches. */
    readonly catches: string;
    /** What it does not catch. */
    readonly misses: string;
}

/** The notify-only alarm on a metric-math expression: Route 53 cannot follow it. */
export interface MetricMathAlarmSpec {
    /** Discriminator. */
    readonly kind: "metric-math";
    /** What it watches. */
    readonly catches: string;
    /** Why it is never followed. */
    readonly misses: string;
}

/** Any alarm of the region. */
export type RegionAlarmSpec = SingleMetricAlarmSpec | MetricMathAlarmSpec;

/** Every fixed alarm, by key. */
export const fixedAlarms: Readonly<Record<FixedAlarmKey, RegionAlarmSpec>> = {
    "elb-5xx": {
        kind: "metric", metricName: "HTTPCode_ELB_5XX_Count", statistic: "Sum", dimensions: "loadBalancer",
        comparison: "GreaterThanOrEqualToThreshold", threshold: "elb5xxPerPeriod", missingData: "notBreaching",
        catches: "the ALB answering 5xx itself: 503 with no registered target, a fixed-response 503 rule (the drill's fault lever), 502/504 from targets it cannot reach",
        misses: "errors the application returns (target-5xx), slow answers (latency), and a region with fewer such answers per period than the threshold",
    },
    "target-5xx": {
        kind: "metric", metricName: "HTTPCode_Target_5XX_Count", statistic: "Sum", dimensions: "loadBalancer",
        comparison: "GreaterThanOrEqualToThreshold", threshold: "target5xxPerPeriod", missingData: "notBreaching",
        catches: "the application answering 5xx on the paths users call while /health still passes",
        misses: "answers the ALB generates (elb-5xx), and a region with fewer such answers per period than the threshold",
    },
    latency: {
        kind: "metric", metricName: "TargetResponseTime", statistic: "Average", dimensions: "loadBalancer",
        comparison: "GreaterThanThreshold", threshold: "targetResponseTimeSeconds", missingData: "notBreaching",
        catches: "targets answering slowly on average",
        misses: "a slow tail (averages hide it; Route 53 cannot follow percentile alarms) and errors",
    },
    "rejected-connections": {
        kind: "metric", metricName: "RejectedConnectionCount", statistic: "Sum", dimensions: "loadBalancer",
        comparison: "GreaterThanOrEqualToThreshold", threshold: "rejectedConnections", missingData: "notBreaching",
        catches: "the ALB at its connection limit, turning clients away",
        misses: "everything that happens after a connection is accepted",
    },
    "serving-badly": {
        kind: "metric-math",
        catches: "the 5xx share of requests above alarms.errorRatePercent, or too few healthy hosts (a dashboard and notification signal)",
        misses: "never followed: Route 53 cannot follow a metric-math alarm, and RequestCount leaves out requests that found no target",
    },
};

/** The healthy-hosts alarm of one target group. */
export const healthyHostsAlarm: SingleMetricAlarmSpec = {
    kind: "metric", metricName: "HealthyHostCount", statistic: "Minimum", dimensions: "targetGroup",
    comparison: "LessThanThreshold", threshold: "minimumHealthyHosts", missingData: "breaching",
    catches: "a target group with fewer healthy targets than alarms.minimumHealthyHosts, whatever the traffic (targets failing, the fleet scaled in or gone)",
    misses: "targets that pass their health check but fail users' requests",
};

/** The followed alarms when `alarms.followed` is not set: every single-metric failure signal. */
export const defaultFollowedAlarms: readonly string[] = ["elb-5xx", "target-5xx", everyHealthyHostsKey];

/** The keys of a region's alarms, given its populated target groups. */
export function regionAlarmKeys(populatedGroups: readonly string[]): string[] {
    return [...fixedAlarmKeys, ...populatedGroups.map((group) => `${healthyHostsPrefix}${group}`)];
}

/** The alarm a key names, or undefined for an unknown key. */
export function regionAlarmSpec(key: string, populatedGroups: readonly string[]): RegionAlarmSpec | undefined {
    if (key.startsWith(healthyHostsPrefix)) {
        return populatedGroups.includes(key.slice(healthyHostsPrefix.length)) ? healthyHostsAlarm : undefined;
    }
    return (fixedAlarms as Readonly<Record<string, RegionAlarmSpec>>)[key];
}

/** `alarms.followed` with `healthy-hosts` expanded to every populated group's alarm, in order, without repeats. */
export function expandFollowed(followed: readonly string[], populatedGroups: readonly string[]): string[] {
    const keys = followed.flatMap((key) => (key === everyHealthyHostsKey ? populatedGroups.map((group) => `${healthyHostsPrefix}${group}`) : [key]));
    return [...new Set(keys)];
}

/**
 * CloudWatch's M-out-of-N evaluation as a hold-down: an alarm that needs `breachingPeriods` (M)
 * breaching points goes back to OK once fewer than M of the last N points breach (CloudWatch
 * User Guide, "Evaluating an alarm"). After the last breaching point, that takes N - M + 1 good
 * periods; so N = M + holdDownPeriods - 1 keeps a failed region out for `holdDownPeriods`
 * healthy periods.
 */
export function evaluationPeriodsFor(breachingPeriods: number, holdDownPeriods: number): number {
    return breachingPeriods + holdDownPeriods - 1;
}

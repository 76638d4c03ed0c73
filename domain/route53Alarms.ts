/**
 * Which CloudWatch alarms a Route 53 CLOUDWATCH_METRIC health check can follow, as data with
 * its public source. The config check (config/checks.ts), the offline mocks' CreateHealthCheck
 * (offline/awsMocks.ts) and the policy pack (policy/rules/observability.ts, through
 * policy/facts.json) all read these rules; docs/alarms-and-routing-controls.md quotes them.
 */

/** The statistics Route 53 supports in a followed alarm (route53 `Statistic` enum). */
export const route53AlarmStatistics = ["Average", "Sum", "SampleCount", "Maximum", "Minimum"] as const;

/**
 * What Route 53 stores of a followed alarm: botocore `route53` shape `CloudWatchAlarmConfiguration`
 * requires these members, so an alarm without a metric name, namespace, statistic and period
 * (a metric-math or composite alarm) cannot be followed.
 */
export const route53FollowedAlarmFields = ["EvaluationPeriods", "Threshold", "ComparisonOperator", "Period", "MetricName", "Namespace", "Statistic"] as const;

/** The shortest standard-resolution period; 10, 20 and 30 s make a high-resolution alarm (PutMetricAlarm `Period`). */
export const standardResolutionPeriodSeconds = 60;

/** The regions an `AlarmIdentifier` may name (botocore `route53` shape `CloudWatchRegion`). */
export const route53AlarmRegions = [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3",
    "ap-east-1", "me-south-1", "me-central-1", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-northeast-1",
    "ap-northeast-2", "ap-northeast-3", "eu-north-1", "sa-east-1", "cn-northwest-1", "cn-north-1", "af-south-1", "eu-south-1", "eu-south-2",
    "us-gov-west-1", "us-gov-east-1", "us-iso-east-1", "us-iso-west-1", "us-isob-east-1", "ap-southeast-4", "il-central-1", "ca-west-1",
    "ap-southeast-5", "mx-central-1", "us-isof-south-1", "us-isof-east-1", "ap-southeast-7", "ap-east-2", "eu-isoe-west-1", "ap-southeast-6",
    "us-isob-west-1", "eusc-de-east-1",
] as const;

/** Where each rule comes from, for messages and docs. */
export const route53AlarmSources = {
    singleMetric: "Route 53 API Reference, CloudWatchAlarmConfiguration (MetricName, Namespace, Statistic and Period are required)",
    resolutionAndStatistics: "Route 53 API Reference, AlarmIdentifier (Name): standard-resolution metrics; Average, Minimum, Maximum, Sum and SampleCount",
    region: "Route 53 API Reference, AlarmIdentifier (Region): the region that the alarm was created in; botocore route53 CloudWatchRegion",
    dataStream: "Route 53 Developer Guide, How Route 53 determines whether a health check is healthy: health checks monitor the alarm's data stream, " +
        "so SetAlarmState cannot change their status",
} as const;

/** A CloudWatch alarm as far as Route 53 cares. */
export type FollowableAlarm =
    | {
        /** A single-metric alarm. */
        readonly kind: "metric";
        /** The region it was created in. */
        readonly region: string;
        /** Its statistic (Statistic). */
        readonly statistic?: string;
        /** Its percentile or other extended statistic (ExtendedStatistic). */
        readonly extendedStatistic?: string;
        /** Its period in seconds. */
        readonly periodSeconds: number;
    }
    /** An alarm on a metric-math expression (Metrics), or a composite alarm (AlarmRule). */
    | { readonly kind: "metric-math" | "composite"; readonly region: string };

/**
 * Why Route 53 cannot follow `alarm` from a health check whose AlarmIdentifier names
 * `namedRegion` (empty when it can). Each reason says what AWS supports instead.
 */
export function route53CannotFollow(alarm: FollowableAlarm, namedRegion: string): string[] {
    const reasons: string[] = [];
    if (alarm.kind !== "metric") {
        reasons.push(`it is a ${alarm.kind === "composite" ? "composite" : "metric-math"} alarm; Route 53 follows single-metric alarms only ` +
            `(CloudWatchAlarmConfiguration requires ${["MetricName", "Namespace", "Statistic", "Period"].join(", ")})`);
    } else {
        if (alarm.extendedStatistic !== undefined) {
            reasons.push(`it uses the extended statistic ${alarm.extendedStatistic}; Route 53 supports ${route53AlarmStatistics.join(", ")} only`);
        } else if (alarm.statistic !== undefined && !(route53AlarmStatistics as readonly string[]).includes(alarm.statistic)) {
            reasons.push(`it uses the statistic ${alarm.statistic}; Route 53 supports ${route53AlarmStatistics.join(", ")} only`);
        }
        if (alarm.periodSeconds < standardResolutionPeriodSeconds || alarm.periodSeconds % standardResolutionPeriodSeconds !== 0) {
            reasons.push(`its period of ${alarm.periodSeconds} s makes it a high-resolution alarm; Route 53 supports standard-resolution alarms only (a period of ${standardResolutionPeriodSeconds} s or a multiple of it)`);
        }
    }
    if (!(route53AlarmRegions as readonly string[]).includes(namedRegion)) {
        reasons.push(`${namedRegion || "(no region)"} is not a region an AlarmIdentifier can name (route53 CloudWatchRegion)`);
    } else if (alarm.region !== "" && alarm.region !== namedRegion) {
        reasons.push(`the alarm was created in ${alarm.region}, but the health check looks for it in ${namedRegion} (AlarmIdentifier.Region is the region the alarm was created in)`);
    }
    return reasons;
}

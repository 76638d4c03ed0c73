import * as aws from "@pulumi/aws";
import { maxAlarmMetrics, servingBadlyFixedMetrics } from "../../domain/awsFacts";
import {
    evaluationPeriodsFor, fixedAlarms, healthyHostsAlarm, healthyHostsPrefix, SingleMetricAlarmSpec, ThresholdSetting,
} from "../../domain/regionAlarms";
import * as pulumi from "@pulumi/pulumi";
import { componentTypes, namedTags, Tags } from "../common";

/** Arguments of {@link RegionAlarms}. */
export interface RegionAlarmsArgs {
    /** The ALB's ARN suffix (`app/<name>/<id>`), the `LoadBalancer` dimension. */
    readonly albArnSuffix: pulumi.Input<string>;
    /** ARN suffixes (`targetgroup/<name>/<id>`) of the target groups that have targets, by key. */
    readonly targetGroups: Readonly<Record<string, pulumi.Input<string>>>;
    /** Seconds per period, a multiple of 60 (Route 53 reads standard-resolution alarms only). */
    readonly periodSeconds: number;
    /** Breaching periods that fire an alarm (CloudWatch DatapointsToAlarm). */
    readonly breachingPeriods: number;
    /** Healthy periods a fired alarm needs before it returns to OK (EvaluationPeriods = breaching + hold-down - 1). @default 1 */
    readonly holdDownPeriods?: number;
    /** 5xx answers of the ALB itself per period at which the elb-5xx alarm fires. */
    readonly elb5xxPerPeriod: number;
    /** 5xx answers of the targets per period at which the target-5xx alarm fires. */
    readonly target5xxPerPeriod: number;
    /** Notify-only serving-badly alarm: ALB plus target 5xx, as a percentage of requests, above which the region serves badly. */
    readonly errorRatePercent: number;
    /** Requests per period below which the 5xx share is not judged. @default 0 */
    readonly minimumRequests?: number;
    /** Healthy targets each target group must keep. @default 1 */
    readonly minimumHealthyHosts?: number;
    /** Average target response time (seconds) above which the latency alarm fires. */
    readonly targetResponseTimeSeconds: number;
    /** Rejected connections per period at which the rejected-connections alarm fires. */
    readonly rejectedConnections: number;
    /** E-mail addresses subscribed to the topic. @default [] */
    readonly notifyEmails?: readonly string[];
    /** Tags for the topic and the alarms. @default {} */
    readonly tags?: pulumi.Input<Tags>;
}

/** Checks what CloudWatch would refuse, before anything is created. */
export function validateRegionAlarms(args: Pick<RegionAlarmsArgs, "periodSeconds" | "targetGroups">): string[] {
    const problems: string[] = [];
    if (args.periodSeconds < 60 || args.periodSeconds % 60 !== 0) {
        problems.push(`periodSeconds must be a multiple of 60 (Route 53 reads standard-resolution alarms only), got ${args.periodSeconds}`);
    }
    const metrics = servingBadlyFixedMetrics + Object.keys(args.targetGroups).length;
    if (metrics > maxAlarmMetrics) {
        problems.push(`the serving-badly alarm would fetch ${metrics} metrics; CloudWatch allows ${maxAlarmMetrics} (at most ${maxAlarmMetrics - servingBadlyFixedMetrics} target groups)`);
    }
    return problems;
}

type MetricQuery = aws.types.input.cloudwatch.MetricAlarmMetricQuery;

/** The comparison in words, for alarm descriptions. */
const comparisonWords: Readonly<Record<SingleMetricAlarmSpec["comparison"], string>> = {
    GreaterThanOrEqualToThreshold: "at least",
    GreaterThanThreshold: "above",
    LessThanThreshold: "below",
};

/**
 * The serving-badly expression: 1 when the 5xx share of enough requests is above the limit, or
 * when any populated target group has fewer healthy hosts than the minimum; else 0. Only
 * standard statistics (Sum, Minimum), because Route 53 refuses alarms with extended statistics.
 */
export function servingBadlyQueries(args: RegionAlarmsArgs): MetricQuery[] {
    const period = args.periodSeconds;
    const albMetric = (id: string, metricName: string): MetricQuery => ({
        id, returnData: false,
        metric: { namespace: "AWS/ApplicationELB", metricName, stat: "Sum", period, dimensions: { LoadBalancer: args.albArnSuffix } },
    });
    const hostIds = Object.keys(args.targetGroups).map((_, index) => `hosts${index}`);
    const queries: MetricQuery[] = [
        albMetric("requests", "RequestCount"),
        albMetric("elb5xx", "HTTPCode_ELB_5XX_Count"),
        albMetric("target5xx", "HTTPCode_Target_5XX_Count"),
        // No requests also means no 5xx: missing counts are zeros, and the share is then 0.
        { id: "errorshare", label: "5xx share of requests (%)", returnData: false, expression: "100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / FILL(requests, 1)" },
        {
            id: "errorsbad", returnData: false,
            expression: `IF(FILL(requests, 0) >= ${args.minimumRequests ?? 0} AND errorshare > ${args.errorRatePercent}, 1, 0)`,
        },
        ...Object.entries(args.targetGroups).map(([key, suffix], index): MetricQuery => ({
            id: hostIds[index], label: `healthy hosts in ${key}`, returnData: false,
            metric: { namespace: "AWS/ApplicationELB", metricName: "HealthyHostCount", stat: "Minimum", period, dimensions: { TargetGroup: suffix, LoadBalancer: args.albArnSuffix } },
        })),
    ];
    const parts = ["errorsbad"];
    if (hostIds.length > 0) {
        // A point missing for the newest minute repeats the last one rather than counting as zero hosts.
        queries.push({ id: "hostsbad", returnData: false, expression: `IF(MIN([${hostIds.map((id) => `FILL(${id}, REPEAT)`).join(", ")}]) < ${args.minimumHealthyHosts ?? 1}, 1, 0)` });
        parts.push("hostsbad");
    }
    queries.push({ id: "servingbadly", label: "serving badly (1) or well (0)", returnData: true, expression: parts.length === 1 ? parts[0] : `MAX([${parts.join(", ")}])` });
    return queries;
}

/**
 * The region's alarms on what users feel, and the SNS topic they notify (in the same region:
 * CloudWatch refuses actions on a topic elsewhere). Each single-metric alarm (domain/regionAlarms.ts:
 * ALB 5xx, target 5xx, healthy hosts per target group, latency, rejected connections) is one
 * Route 53 can follow; the program decides which it follows. The metric-math serving-badly alarm
 * only notifies and feeds the dashboard: Route 53 cannot follow metric math.
 */
export class RegionAlarms extends pulumi.ComponentResource {
    /** The topic every alarm notifies. */
    public readonly topicArn: pulumi.Output<string>;
    /** Name of the notify-only serving-badly alarm (5xx share or too few healthy hosts); never followed by Route 53. */
    public readonly servingBadlyAlarmName: pulumi.Output<string>;
    /** Every alarm's name, by key (`elb-5xx`, `target-5xx`, `latency`, `rejected-connections`, `healthy-hosts-<group>`, `serving-badly`). */
    public readonly alarmNames: pulumi.Output<Record<string, string>>;
    /** The alarms, by the same keys. */
    public readonly alarms: Readonly<Record<string, aws.cloudwatch.MetricAlarm>>;

    constructor(name: string, args: RegionAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentTypes.regionAlarms, name, {}, opts);
        const problems = validateRegionAlarms(args);
        if (problems.length > 0) {
            throw new Error(`RegionAlarms ${name}: ${problems.join("; ")}`);
        }
        const topic = new aws.sns.Topic(`${name}-topic`, { tags: namedTags(args.tags, `${name}-topic`) }, { parent: this });
        for (const email of args.notifyEmails ?? []) {
            new aws.sns.TopicSubscription(`${name}-notify-${email.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`, {
                topic: topic.arn, protocol: "email", endpoint: email,
            }, { parent: this });
        }
        const evaluationPeriods = evaluationPeriodsFor(args.breachingPeriods, args.holdDownPeriods ?? 1);
        const common = (key: string, description: string) => ({
            alarmDescription: description,
            // M out of N: the alarm fires after M breaching periods and returns to OK only after N - M + 1 good ones (the hold-down).
            evaluationPeriods,
            datapointsToAlarm: args.breachingPeriods,
            alarmActions: [topic.arn],
            okActions: [topic.arn],
            tags: namedTags(args.tags, `${name}-${key}`),
        });
        const thresholds: Readonly<Record<ThresholdSetting, number>> = {
            elb5xxPerPeriod: args.elb5xxPerPeriod,
            target5xxPerPeriod: args.target5xxPerPeriod,
            targetResponseTimeSeconds: args.targetResponseTimeSeconds,
            rejectedConnections: args.rejectedConnections,
            minimumHealthyHosts: args.minimumHealthyHosts ?? 1,
        };
        const singleMetric = (key: string, spec: SingleMetricAlarmSpec, dimensions: Record<string, pulumi.Input<string>>) => new aws.cloudwatch.MetricAlarm(`${name}-${key}`, {
            ...common(key, `${spec.metricName} ${spec.statistic} ${comparisonWords[spec.comparison]} ${thresholds[spec.threshold]} per ${args.periodSeconds} s period: ${spec.catches}`),
            namespace: "AWS/ApplicationELB", metricName: spec.metricName, statistic: spec.statistic, period: args.periodSeconds, dimensions,
            comparisonOperator: spec.comparison, threshold: thresholds[spec.threshold],
            treatMissingData: spec.missingData,
        }, { parent: this });
        const alarms: Record<string, aws.cloudwatch.MetricAlarm> = {};
        for (const [key, spec] of Object.entries(fixedAlarms)) {
            if (spec.kind === "metric") {
                alarms[key] = singleMetric(key, spec, { LoadBalancer: args.albArnSuffix });
            }
        }
        for (const [group, suffix] of Object.entries(args.targetGroups)) {
            alarms[`${healthyHostsPrefix}${group}`] = singleMetric(`${healthyHostsPrefix}${group}`, healthyHostsAlarm, { TargetGroup: suffix, LoadBalancer: args.albArnSuffix });
        }
        alarms["serving-badly"] = new aws.cloudwatch.MetricAlarm(`${name}-serving-badly`, {
            ...common("serving-badly", `5xx above ${args.errorRatePercent}% of requests, or fewer than ${args.minimumHealthyHosts ?? 1} healthy hosts in a target group; notify only (Route 53 cannot follow a metric-math alarm)`),
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: 1,
            metricQueries: servingBadlyQueries(args),
            treatMissingData: "notBreaching",
        }, { parent: this });

        this.alarms = alarms;
        this.topicArn = topic.arn;
        this.servingBadlyAlarmName = alarms["serving-badly"].name;
        this.alarmNames = pulumi.output(Object.fromEntries(Object.entries(alarms).map(([key, alarm]) => [key, alarm.name])));
        this.registerOutputs({ topicArn: this.topicArn, servingBadlyAlarmName: this.servingBadlyAlarmName, alarmNames: this.alarmNames });
    }
}

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentTypes, namedTags, Tags } from "../common";

/** A metric math alarm may fetch at most this many metrics (CloudWatch PutMetricAlarm). */
export const maxAlarmMetrics = 10;
/** Metrics the serving-badly alarm fetches besides one per target group. */
const fixedServingMetrics = 3;

/** Arguments of {@link RegionAlarms}. */
export interface RegionAlarmsArgs {
    /** The ALB's ARN suffix (`app/<name>/<id>`), the `LoadBalancer` dimension. */
    readonly albArnSuffix: pulumi.Input<string>;
    /** ARN suffixes (`targetgroup/<name>/<id>`) of the target groups that have targets, by key. */
    readonly targetGroups: Readonly<Record<string, pulumi.Input<string>>>;
    /** Seconds per period, a multiple of 60 (Route 53 reads standard-resolution alarms only). */
    readonly periodSeconds: number;
    /** Periods in a row that must breach. */
    readonly evaluationPeriods: number;
    /** ALB plus target 5xx, as a percentage of requests, above which the region serves badly. */
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
    const metrics = fixedServingMetrics + Object.keys(args.targetGroups).length;
    if (metrics > maxAlarmMetrics) {
        problems.push(`the serving-badly alarm would fetch ${metrics} metrics; CloudWatch allows ${maxAlarmMetrics} (at most ${maxAlarmMetrics - fixedServingMetrics} target groups)`);
    }
    return problems;
}

type MetricQuery = aws.types.input.cloudwatch.MetricAlarmMetricQuery;

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
 * CloudWatch refuses actions on a topic elsewhere). The serving-badly alarm is the one Route 53
 * follows; the others (healthy hosts per target group, latency, rejected connections) notify.
 */
export class RegionAlarms extends pulumi.ComponentResource {
    /** The topic every alarm notifies. */
    public readonly topicArn: pulumi.Output<string>;
    /** Name of the serving-badly alarm (5xx share or too few healthy hosts), for Route 53. */
    public readonly servingBadlyAlarmName: pulumi.Output<string>;
    /** Every alarm's name, by key (`serving-badly`, `latency`, `rejected-connections`, `healthy-hosts-<group>`). */
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
        const common = (key: string, description: string) => ({
            alarmDescription: description,
            evaluationPeriods: args.evaluationPeriods,
            alarmActions: [topic.arn],
            okActions: [topic.arn],
            tags: namedTags(args.tags, `${name}-${key}`),
        });
        const alarms: Record<string, aws.cloudwatch.MetricAlarm> = {};
        alarms["serving-badly"] = new aws.cloudwatch.MetricAlarm(`${name}-serving-badly`, {
            ...common("serving-badly", `5xx above ${args.errorRatePercent}% of requests, or fewer than ${args.minimumHealthyHosts ?? 1} healthy hosts in a target group; Route 53 follows this alarm`),
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: 1,
            metricQueries: servingBadlyQueries(args),
            treatMissingData: "notBreaching",
        }, { parent: this });
        for (const [key, suffix] of Object.entries(args.targetGroups)) {
            alarms[`healthy-hosts-${key}`] = new aws.cloudwatch.MetricAlarm(`${name}-healthy-hosts-${key}`, {
                ...common(`healthy-hosts-${key}`, `Fewer than ${args.minimumHealthyHosts ?? 1} healthy hosts in target group ${key}`),
                namespace: "AWS/ApplicationELB", metricName: "HealthyHostCount", statistic: "Minimum", period: args.periodSeconds,
                dimensions: { TargetGroup: suffix, LoadBalancer: args.albArnSuffix },
                comparisonOperator: "LessThanThreshold", threshold: args.minimumHealthyHosts ?? 1,
                treatMissingData: "breaching",
            }, { parent: this });
        }
        alarms.latency = new aws.cloudwatch.MetricAlarm(`${name}-latency`, {
            ...common("latency", `Average target response time above ${args.targetResponseTimeSeconds} s`),
            namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime", statistic: "Average", period: args.periodSeconds,
            dimensions: { LoadBalancer: args.albArnSuffix },
            comparisonOperator: "GreaterThanThreshold", threshold: args.targetResponseTimeSeconds,
            treatMissingData: "notBreaching",
        }, { parent: this });
        alarms["rejected-connections"] = new aws.cloudwatch.MetricAlarm(`${name}-rejected-connections`, {
            ...common("rejected-connections", `At least ${args.rejectedConnections} connections rejected per period (the ALB is at its connection limit)`),
            namespace: "AWS/ApplicationELB", metricName: "RejectedConnectionCount", statistic: "Sum", period: args.periodSeconds,
            dimensions: { LoadBalancer: args.albArnSuffix },
            comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: args.rejectedConnections,
            treatMissingData: "notBreaching",
        }, { parent: this });

        this.alarms = alarms;
        this.topicArn = topic.arn;
        this.servingBadlyAlarmName = alarms["serving-badly"].name;
        this.alarmNames = pulumi.output(Object.fromEntries(Object.entries(alarms).map(([key, alarm]) => [key, alarm.name])));
        this.registerOutputs({ topicArn: this.topicArn, servingBadlyAlarmName: this.servingBadlyAlarmName, alarmNames: this.alarmNames });
    }
}

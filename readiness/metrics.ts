/**
 * The latest datapoint of CloudWatch metrics, read with GetMetricData: one request per 500 metrics,
 * newest first, over the last {@link metricLookbackMinutes} minutes.
 */
import { CloudWatchClient, GetMetricDataCommand, MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { getMetricDataLimits, metricLookbackMinutes } from "../domain/readinessFacts";

/** One metric to read. */
export interface MetricQuery {
    /** Namespace, e.g. `AWS/Route53`. */
    readonly namespace: string;
    /** Metric name, e.g. `HealthCheckStatus`. */
    readonly metricName: string;
    /** Dimensions by name. */
    readonly dimensions: Readonly<Record<string, string>>;
    /** Statistic, e.g. `Minimum`. */
    readonly stat: string;
    /** Period in seconds. */
    readonly periodSeconds: number;
}

/**
 * The latest value of each query, in the order given; undefined where CloudWatch has no datapoint
 * in the window (a metric that is not published in this region, or not yet).
 * @param cloudWatch CloudWatch in the metrics' region
 * @param queries the metrics
 * @param nowMs the end of the window
 */
export async function latestValues(cloudWatch: CloudWatchClient, queries: readonly MetricQuery[], nowMs: number): Promise<(number | undefined)[]> {
    const values: (number | undefined)[] = [];
    for (let start = 0; start < queries.length; start += getMetricDataLimits.queriesPerCall) {
        const chunk = queries.slice(start, start + getMetricDataLimits.queriesPerCall);
        const metricQueries: MetricDataQuery[] = chunk.map((query, index) => ({
            Id: `m${index}`,
            MetricStat: {
                Metric: { Namespace: query.namespace, MetricName: query.metricName, Dimensions: Object.entries(query.dimensions).map(([Name, Value]) => ({ Name, Value })) },
                Period: query.periodSeconds,
                Stat: query.stat,
            },
            ReturnData: true,
        }));
        const latest = new Map<string, number>();
        let nextToken: string | undefined;
        do {
            const page = await cloudWatch.send(new GetMetricDataCommand({
                MetricDataQueries: metricQueries, StartTime: new Date(nowMs - metricLookbackMinutes * 60_000), EndTime: new Date(nowMs), ScanBy: "TimestampDescending", NextToken: nextToken,
            }));
            for (const result of page.MetricDataResults ?? []) {
                // Newest first: the first value seen of each query is its latest.
                if (result.Id !== undefined && !latest.has(result.Id) && (result.Values ?? []).length > 0) {
                    latest.set(result.Id, result.Values![0]);
                }
            }
            nextToken = page.NextToken;
        } while (nextToken !== undefined && chunk.some((_, index) => !latest.has(`m${index}`)));
        values.push(...chunk.map((_, index) => latest.get(`m${index}`)));
    }
    return values;
}

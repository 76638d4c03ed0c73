/**
 * Route 53's record selection, as AWS documents it, over one group of records that share a
 * name and type. Pure functions: health in, share of answers out, with the rules applied.
 */
import { byProximity, ClientLocation } from "./clients";
import { RuleId } from "./rules";

/** Share of answers (or of traffic) per region, summing to 1. */
export type Shares = Readonly<Record<string, number>>;

/** What a routing decision answers, and why. */
export interface RoutedAnswer {
    /** Share per region; a region missing from the map gets nothing. */
    readonly shares: Shares;
    /** The documented rules that produced the answer, in the order applied. */
    readonly rules: readonly RuleId[];
}

/** The state of a Route 53 health check as a record sees it. */
export type HealthCheckState = "healthy" | "unhealthy" | "none";

/** What decides whether one record counts as healthy. */
export interface RecordHealthInput {
    /** The record's health check, or `none` when it has none. */
    readonly healthCheck: HealthCheckState;
    /** Whether the alias record evaluates its target's health. */
    readonly evaluateTargetHealth: boolean;
    /** Whether the alias target (the ALB) is healthy. */
    readonly targetHealthy: boolean;
}

/** True when Route 53 counts the record as healthy. */
export function isRecordHealthy(input: RecordHealthInput): boolean {
    return input.healthCheck !== "unhealthy" && (!input.evaluateTargetHealth || input.targetHealthy);
}

/** The rule that explains a record's health. */
export function recordHealthRule(input: RecordHealthInput): RuleId {
    return input.healthCheck === "none" && !input.evaluateTargetHealth ? "r53.no-health-check" : "r53.record-health";
}

/** One region's record in a group. */
export interface GroupRecord {
    /** The region the record points at. */
    readonly region: string;
    /** Whether Route 53 counts the record as healthy. */
    readonly healthy: boolean;
}

/** One record of a failover pair. */
export interface FailoverRecord extends GroupRecord {
    /** PRIMARY or SECONDARY. */
    readonly role: "PRIMARY" | "SECONDARY";
}

/** One record of a weighted group. */
export interface WeightedRecord extends GroupRecord {
    /** Weight, 0..255. */
    readonly weight: number;
}

function only(region: string, rules: RuleId[]): RoutedAnswer {
    return { shares: { [region]: 1 }, rules };
}

/** When every record is unhealthy, Route 53 answers as if all were healthy. */
function failOpen<T extends GroupRecord>(records: readonly T[]): { records: T[]; rules: RuleId[] } {
    return records.length > 0 && records.every((record) => !record.healthy)
        ? { records: records.map((record) => ({ ...record, healthy: true })), rules: ["r53.fail-open"] }
        : { records: [...records], rules: [] };
}

/** Failover routing: primary while healthy, else a healthy secondary, else the primary. */
export function failoverAnswer(group: readonly FailoverRecord[]): RoutedAnswer {
    const primary = group.find((record) => record.role === "PRIMARY");
    const secondary = group.find((record) => record.role === "SECONDARY");
    if (primary === undefined || secondary === undefined) {
        const single = primary ?? secondary;
        if (single === undefined) {
            return { shares: {}, rules: [] };
        }
        return only(single.region, single.healthy ? [single.role === "PRIMARY" ? "r53.failover.primary" : "r53.failover.secondary"] : ["r53.fail-open"]);
    }
    if (primary.healthy) {
        return only(primary.region, ["r53.failover.primary"]);
    }
    if (secondary.healthy) {
        return only(secondary.region, ["r53.failover.secondary"]);
    }
    return only(primary.region, ["r53.failover.secondary-unhealthy", "r53.fail-open"]);
}

/** Weighted routing: weight over the sum of healthy non-zero weights; zero weights as a last resort. */
export function weightedAnswer(group: readonly WeightedRecord[]): RoutedAnswer {
    const opened = failOpen(group);
    const healthy = opened.records.filter((record) => record.healthy);
    const nonZero = healthy.filter((record) => record.weight > 0);
    if (nonZero.length > 0) {
        const total = nonZero.reduce((sum, record) => sum + record.weight, 0);
        const zeroLeftOut = opened.records.some((record) => record.weight === 0);
        return {
            shares: sumShares(nonZero.map((record) => [record.region, record.weight / total])),
            rules: [...opened.rules, "r53.weighted.share", ...(zeroLeftOut ? ["r53.weighted.zero" as const] : [])],
        };
    }
    const allZero = group.every((record) => record.weight === 0);
    const rule: RuleId = allZero ? "r53.weighted.all-zero" : "r53.weighted.zero";
    return { shares: sumShares(healthy.map((record) => [record.region, 1 / healthy.length])), rules: [...opened.rules, rule] };
}

/** Latency routing: the client's lowest-latency region with a healthy record, else the next best. */
export function latencyAnswer(group: readonly GroupRecord[], location: ClientLocation): RoutedAnswer {
    const opened = failOpen(group);
    const order = byProximity(location, opened.records.map((record) => record.region));
    const chosen = order.find((region) => opened.records.some((record) => record.region === region && record.healthy));
    if (chosen === undefined) {
        return { shares: {}, rules: opened.rules };
    }
    const rules: RuleId[] = [...opened.rules, "r53.latency.nearest"];
    if (chosen !== order[0]) {
        rules.push("r53.latency.fallback");
    }
    return only(chosen, rules);
}

/** Adds up `[region, share]` pairs into a share map with regions in name order. */
export function sumShares(pairs: readonly (readonly [string, number])[]): Shares {
    const shares: Record<string, number> = {};
    for (const [region, share] of pairs) {
        shares[region] = (shares[region] ?? 0) + share;
    }
    return Object.fromEntries(Object.entries(shares).filter(([, share]) => share > 0).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The drill's view of the deployment: what each region's stack puts into the shared record
 * names and the accelerator, read from validated stack configuration, and the routing answers
 * for every record name and client under a given set of region conditions.
 */
import { dnsEnabled } from "../../config/derive";
import { StackConfig } from "../../config/load";
import { RecordKind, recordKinds } from "../../program/outputs";
import { acceleratorAnswer } from "./accelerator";
import { ClientLocation } from "./clients";
import { failoverAnswer, isRecordHealthy, latencyAnswer, recordHealthRule, RoutedAnswer, weightedAnswer } from "./routing";

/** The routing policies of the shared record names, as the stacks' `records` output keys them (program/outputs.ts). */
export type RecordPolicy = RecordKind;
/** Every record policy, in display order. */
export const recordPolicies: readonly RecordPolicy[] = recordKinds;

/** One region's record under a shared name. */
export interface PlannedRecord {
    /** Routing policy. */
    readonly policy: RecordPolicy;
    /** The record name: FQDN when the zone is given by name, else the name relative to the zone. */
    readonly name: string;
    /** Failover role, for failover records. */
    readonly role?: "PRIMARY" | "SECONDARY";
    /** Weight, for weighted records. */
    readonly weight?: number;
}

/** What one region's stack contributes to the shared traffic paths. */
export interface RegionPlan {
    /** Stack name, e.g. `seoul`. */
    readonly stack: string;
    /** AWS region, e.g. `ap-northeast-2`. */
    readonly region: string;
    /** The region's records (empty without a hosted zone); each carries the region's health check. */
    readonly records: readonly PlannedRecord[];
    /** The region's Global Accelerator endpoint group, when it takes part. */
    readonly accelerator?: { readonly trafficDial: number; readonly endpointWeight: number };
}

/** The state of one region that routing depends on. */
export interface RegionCondition {
    /** Status of the region's Route 53 health check (an inverted check on a healthy ALB reads unhealthy). */
    readonly healthCheckHealthy: boolean;
    /** Whether the ALB has healthy targets (evaluate target health; Global Accelerator endpoint health). */
    readonly albHealthy: boolean;
    /** Traffic dial of the region's endpoint group. */
    readonly trafficDial: number;
}

/** Conditions by region. */
export type Conditions = Readonly<Record<string, RegionCondition>>;

/** The routing answer for one record name (or the accelerator) and one client. */
export interface RouteRow {
    /** `dns` for Route 53 record names, `globalAccelerator` for the accelerator. */
    readonly path: "dns" | "globalAccelerator";
    /** Routing policy, or `accelerator`. */
    readonly policy: RecordPolicy | "accelerator";
    /** The record name, or `accelerator`. */
    readonly name: string;
    /** Client location id, or `any` where the policy does not depend on the client. */
    readonly client: string;
    /** What is answered and why. */
    readonly answer: RoutedAnswer;
}

/** The region plan of a validated stack. */
export function regionPlanOf(config: StackConfig): RegionPlan {
    const { dns, globalAccelerator } = config.settings;
    const records: PlannedRecord[] = [];
    if (dnsEnabled(config.settings)) {
        const zone = dns.zoneName.replace(/\.$/, "");
        const name = (relative: string) => (zone === "" ? relative : `${relative}.${zone}`);
        if (dns.failover) {
            records.push({ policy: "failover", name: name(dns.failoverName), role: dns.failoverRole === "SECONDARY" ? "SECONDARY" : "PRIMARY" });
        }
        if (dns.weighted) {
            records.push({ policy: "weighted", name: name(dns.weightedName), weight: dns.weight });
        }
        if (dns.latency) {
            records.push({ policy: "latency", name: name(dns.latencyName) });
        }
    }
    const accelerator = globalAccelerator.enabled
        ? { trafficDial: globalAccelerator.trafficDial, endpointWeight: globalAccelerator.endpointWeight }
        : undefined;
    return { stack: config.stack, region: config.region, records, accelerator };
}

/** The conditions the stack files configure: a configured outage or inverted check counts. */
export function configuredCondition(config: StackConfig): RegionCondition {
    const { healthCheck, drill, globalAccelerator } = config.settings;
    return {
        healthCheckHealthy: !(healthCheck.inverted || drill.simulateOutage),
        albHealthy: true,
        trafficDial: drill.simulateOutage ? 0 : globalAccelerator.trafficDial,
    };
}

/** `conditions` with `region` taken out the way the drill's levers do it. */
export function withOutage(conditions: Conditions, region: string): Conditions {
    return { ...conditions, [region]: { ...conditions[region], healthCheckHealthy: false, trafficDial: 0 } };
}

/** `conditions` with `region` out of DNS only (alarm or routing-control path): Global Accelerator is untouched. */
export function withDnsOutage(conditions: Conditions, region: string): Conditions {
    return { ...conditions, [region]: { ...conditions[region], healthCheckHealthy: false } };
}

/** Routing answers for every record name and the accelerator, for every client location. */
export function routeAll(plans: readonly RegionPlan[], conditions: Conditions, locations: readonly ClientLocation[]): RouteRow[] {
    const rows: RouteRow[] = [];
    const healthOf = (region: string) => {
        const condition = conditions[region];
        const input = { healthCheck: condition.healthCheckHealthy ? "healthy" : "unhealthy", evaluateTargetHealth: true, targetHealthy: condition.albHealthy } as const;
        return { healthy: isRecordHealthy(input), rule: recordHealthRule(input) };
    };
    for (const policy of recordPolicies) {
        const names = [...new Set(plans.flatMap((plan) => plan.records.filter((record) => record.policy === policy).map((record) => record.name)))];
        for (const name of names) {
            const group = plans.flatMap((plan) => plan.records
                .filter((record) => record.policy === policy && record.name === name)
                .map((record) => ({ ...record, region: plan.region, healthy: healthOf(plan.region).healthy })));
            const withHealthRule = (answer: RoutedAnswer): RoutedAnswer => ({ ...answer, rules: [healthOf(group[0].region).rule, ...answer.rules] });
            if (policy === "latency") {
                for (const location of locations) {
                    rows.push({ path: "dns", policy, name, client: location.id, answer: withHealthRule(latencyAnswer(group, location)) });
                }
            } else {
                const answer = policy === "failover"
                    ? failoverAnswer(group.map((record) => ({ region: record.region, healthy: record.healthy, role: record.role ?? "PRIMARY" })))
                    : weightedAnswer(group.map((record) => ({ region: record.region, healthy: record.healthy, weight: record.weight ?? 0 })));
                rows.push({ path: "dns", policy, name, client: "any", answer: withHealthRule(answer) });
            }
        }
    }
    const groups = plans.flatMap((plan) => (plan.accelerator === undefined ? [] : [{
        region: plan.region,
        trafficDial: conditions[plan.region].trafficDial,
        healthy: conditions[plan.region].albHealthy && plan.accelerator.endpointWeight > 0,
    }]));
    if (groups.length > 0) {
        for (const location of locations) {
            rows.push({ path: "globalAccelerator", policy: "accelerator", name: "accelerator", client: location.id, answer: acceleratorAnswer(groups, location) });
        }
    }
    return rows;
}

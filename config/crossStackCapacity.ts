/**
 * Capacity across stacks (docs/capacity-and-recovery.md): for the service's peak
 * (`app:capacity.peakRequestsPerSecond`), the load every region receives with every region up and
 * after the loss of any one other region, on the path that burdens it most, against what its
 * fleet carries at `app:fleet.maxSize`. A set whose survivors cannot carry a lost region's load
 * is refused, naming the stack file, the key and the numbers; the plan prints each region's
 * headroom. The arithmetic is domain/capacity.ts.
 */
import {
    CapacityMember,
    FleetCapacity,
    fleetCapacityRequestsPerSecond,
    instanceRequestsPerSecond,
    instancesFor,
    PathLoad,
    pathRedistribution,
    worstLoads,
} from "../domain/capacity";
import { dnsEnabled, isGlobalStack } from "./derive";
import type { StackConfig } from "./load";
import type { CrossStackFinding } from "./crossStackTypes";

/** How the stack takes part in the traffic paths, from its settings. */
export function capacityMemberOf(config: StackConfig): CapacityMember {
    const { dns, globalAccelerator, capacity } = config.settings;
    const dnsOn = dnsEnabled(config.settings);
    const role = dns.failoverRole === "" ? undefined : dns.failoverRole;
    return {
        stack: config.stack,
        region: config.region,
        ...(dnsOn && dns.failover && role !== undefined ? { failoverRole: role } : {}),
        ...(dnsOn && dns.weighted ? { weight: dns.weight } : {}),
        latency: dnsOn && dns.latency,
        ...(globalAccelerator.enabled ? { accelerator: { trafficDial: globalAccelerator.trafficDial, endpointWeight: globalAccelerator.endpointWeight } } : {}),
        nearbyClientsShare: capacity.nearbyClientsPercent / 100,
    };
}

/** What the stack's fleet carries; undefined when the program runs no fleet there (its targets are someone else's). */
export function fleetCapacityOf(config: StackConfig): FleetCapacity | undefined {
    const { fleet } = config.settings;
    return fleet.enabled
        ? { instanceRequestsPerSecond: instanceRequestsPerSecond(fleet.requestsPerTarget), maxInstances: fleet.maxSize, standingInstances: fleet.minSize }
        : undefined;
}

/** One region's loads against its fleet. */
export interface RegionHeadroom {
    /** Stack name. */
    readonly stack: string;
    /** AWS region. */
    readonly region: string;
    /** The stack file, for messages. */
    readonly stackFile: string;
    /** Its fleet; absent when the program runs none there (not checked). */
    readonly fleet?: FleetCapacity;
    /** Every region up: the path that sends it the most. */
    readonly normal: PathLoad;
    /** The loss of another region that burdens it most; absent when it is the only region. */
    readonly afterLoss?: PathLoad & { readonly lost: string };
    /** The larger of the two. */
    readonly worst: PathLoad & { readonly lost?: string };
    /** What its fleet carries at its maximum size, requests per second (with a fleet). */
    readonly capacityRequestsPerSecond?: number;
    /** Capacity less the worst load; negative when the fleet cannot carry it (with a fleet). */
    readonly headroomRequestsPerSecond?: number;
    /** Instances the worst load needs (with a fleet). */
    readonly instancesNeeded?: number;
}

/** The capacity of one environment's regions. */
export interface CapacityReport {
    /** The service's peak, requests per second. */
    readonly peakRequestsPerSecond: number;
    /** Every regional stack, in the order given. */
    readonly regions: RegionHeadroom[];
}

const regional = (configs: readonly StackConfig[]) => configs.filter((config) => !isGlobalStack(config.settings));

/** The peak the stacks declare (the largest, should they differ); 0 when none does. */
function declaredPeak(configs: readonly StackConfig[]): number {
    return Math.max(0, ...configs.map((config) => config.settings.capacity.peakRequestsPerSecond));
}

/**
 * Loads and headroom of one environment's regional stacks; undefined when no stack declares a
 * peak (`app:capacity.peakRequestsPerSecond` 0: the check is off).
 * @param configs the environment's stacks (the global stack is left out here)
 */
export function capacityReport(configs: readonly StackConfig[]): CapacityReport | undefined {
    const regions = regional(configs);
    const peak = declaredPeak(regions);
    if (peak === 0) {
        return undefined;
    }
    const loads = worstLoads(regions.map(capacityMemberOf), peak);
    return {
        peakRequestsPerSecond: peak,
        regions: regions.map((config) => {
            const { normal, afterLoss } = loads[config.stack];
            const worst = afterLoss !== undefined && afterLoss.requestsPerSecond > normal.requestsPerSecond ? afterLoss : normal;
            const fleet = fleetCapacityOf(config);
            const capacity = fleet === undefined ? undefined : fleetCapacityRequestsPerSecond(fleet);
            return {
                stack: config.stack, region: config.region, stackFile: config.stackFile, normal, worst,
                ...(afterLoss ? { afterLoss } : {}),
                ...(fleet && capacity !== undefined ? {
                    fleet,
                    capacityRequestsPerSecond: capacity,
                    headroomRequestsPerSecond: capacity - worst.requestsPerSecond,
                    instancesNeeded: instancesFor(worst.requestsPerSecond, fleet.instanceRequestsPerSecond),
                } : {}),
            };
        }),
    };
}

/** One environment's capacity report. */
export interface EnvironmentCapacity extends CapacityReport {
    /** The environment (production, staging, ...). */
    readonly environment: string;
}

/**
 * The capacity report of each environment that declares a peak, environments in the order their
 * first stack comes.
 * @param configs every valid stack of the project
 */
export function capacityReports(configs: readonly StackConfig[]): EnvironmentCapacity[] {
    const environments = [...new Set(configs.map((config) => config.settings.environment))];
    return environments.flatMap((environment) => {
        const report = capacityReport(configs.filter((config) => config.settings.environment === environment));
        return report === undefined ? [] : [{ environment, ...report }];
    });
}

/** Requests per second as the plan prints them: whole numbers as they are, others to one decimal. */
export function formatRate(requestsPerSecond: number): string {
    return Number.isInteger(requestsPerSecond) ? String(requestsPerSecond) : requestsPerSecond.toFixed(1);
}

/** A rounding residue of the per-instance arithmetic (x / 60 x n) is not a shortfall. */
const rateTolerance = 1e-9;

/** Stacks that declare a different peak than the others: the service has one. */
function checkOnePeak(configs: readonly StackConfig[]): CrossStackFinding[] {
    const peaks = new Map<number, string[]>();
    for (const config of configs) {
        const peak = config.settings.capacity.peakRequestsPerSecond;
        peaks.set(peak, [...(peaks.get(peak) ?? []), config.stack]);
    }
    return peaks.size <= 1 ? [] : [{
        check: "capacity-peak", level: "error", stacks: configs.map((config) => config.stack),
        message: `app:capacity.peakRequestsPerSecond differs between stacks (${[...peaks.entries()].map(([peak, stacks]) => `${formatRate(peak)} in ${stacks.join(", ")}`).join("; ")}): ` +
            "the service has one peak; set it once in Pulumi.yaml and remove it from the stack files",
    }];
}

/** The finding for a region whose fleet cannot carry its worst load. */
function overloaded(region: RegionHeadroom, peak: number, requestsPerTarget: number): CrossStackFinding {
    const fleet = region.fleet!;
    const worst = region.worst;
    const when = worst.lost === undefined ? "with every region up" : `when ${worst.lost} is lost`;
    return {
        check: "capacity", level: "error", stacks: worst.lost === undefined ? [region.stack] : [region.stack, worst.lost],
        message: `${region.stackFile}: app:fleet.maxSize ${fleet.maxInstances} cannot carry what ${region.stack} receives ${when}: ` +
            `${formatRate(worst.requestsPerSecond)} rps of app:capacity.peakRequestsPerSecond ${formatRate(peak)} (${pathRedistribution[worst.path]}), ` +
            `while ${fleet.maxInstances} instances x ${formatRate(fleet.instanceRequestsPerSecond)} rps (app:fleet.requestsPerTarget ${requestsPerTarget} per minute) carry ${formatRate(region.capacityRequestsPerSecond!)} rps: ` +
            `set app:fleet.maxSize to at least ${region.instancesNeeded}, or raise app:fleet.requestsPerTarget if one instance serves more`,
    };
}

/**
 * Refuses a set whose regions cannot carry the peak: with every region up, or after the loss of
 * any one other region. Regions without a fleet are not checked; one environment at a time.
 * @param configs the environment's stacks
 */
export function checkCapacity(configs: readonly StackConfig[]): CrossStackFinding[] {
    const regions = regional(configs);
    const peakFindings = checkOnePeak(regions);
    const report = capacityReport(regions);
    if (report === undefined || peakFindings.length > 0) {
        return peakFindings;
    }
    const byStack = new Map(regions.map((config) => [config.stack, config]));
    return report.regions
        .filter((region) => region.headroomRequestsPerSecond !== undefined && region.headroomRequestsPerSecond < -rateTolerance)
        .map((region) => overloaded(region, report.peakRequestsPerSecond, byStack.get(region.stack)!.settings.fleet.requestsPerTarget));
}

/**
 * Capacity arithmetic (docs/capacity-and-recovery.md): the load each region receives from the
 * service's peak under each traffic path, with every region up and after one region's traffic
 * moves away, and how many instances carry it. Pure: plain values in, requests per second out.
 *
 * Each path redistributes the way AWS documents it (drill/model/rules.ts has the same rules with
 * their pages): failover answers the PRIMARY while it is healthy, else the SECONDARY; weighted
 * records share by weight among the healthy records with a weight above 0 (zero weights only
 * when no other record is healthy); latency records and the accelerator send a client to its
 * nearest healthy region. Where clients are is not known offline: each region declares at most
 * what share of the service's clients is nearest to it (`nearbyClientsShare`, 1 when nothing is
 * known), and a lost region's clients are taken to be near it, so they reach the survivor
 * nearest to the lost region.
 */
import { distanceKm, regionFacts } from "./regions";

/** The traffic paths, in the order the plan shows them. */
export const trafficPaths = ["failover", "weighted", "latency", "accelerator"] as const;

/** One traffic path. */
export type TrafficPath = (typeof trafficPaths)[number];

/** What each path does with a lost region's load, in a few words for messages. */
export const pathRedistribution: Readonly<Record<TrafficPath, string>> = {
    failover: "failover: the PRIMARY's load moves to the SECONDARY",
    weighted: "weighted: the surviving records share it by weight",
    latency: "latency: the lost region's clients go to the survivor nearest it",
    accelerator: "accelerator: the lost endpoint group's clients go to the group nearest it",
};

/** How one region takes part in the traffic paths. */
export interface CapacityMember {
    /** Stack name: identifies the member in every result. */
    readonly stack: string;
    /** AWS region code, for distances. */
    readonly region: string;
    /** Its failover record's role; absent without a failover record. */
    readonly failoverRole?: "PRIMARY" | "SECONDARY";
    /** Its weighted record's weight; absent without a weighted record. */
    readonly weight?: number;
    /** True when it has a latency record. */
    readonly latency: boolean;
    /** Its endpoint group on the accelerator; absent when it does not take part. */
    readonly accelerator?: { readonly trafficDial: number; readonly endpointWeight: number };
    /** At most this share (0..1) of the service's clients is nearest to it (latency records and the accelerator). */
    readonly nearbyClientsShare: number;
}

/** What one region's fleet can carry. */
export interface FleetCapacity {
    /** Requests per second one instance serves: the target-tracking goal per minute over 60. */
    readonly instanceRequestsPerSecond: number;
    /** The Auto Scaling group's maximum size. */
    readonly maxInstances: number;
    /** Instances that run whatever the load: the group's minimum size. */
    readonly standingInstances: number;
}

/**
 * Traffic moved away from one region: `keptShare` 0 is the region lost (its health check fails,
 * or a drill takes it out); between 0 and 1, the share its weight and accelerator dial keep (a
 * staged shift; failover and latency records are either in or out, so they move only at 0).
 */
export interface TrafficMove {
    /** The stack whose traffic moves. */
    readonly stack: string;
    /** What it keeps: 0..1. */
    readonly keptShare: number;
}

/** Requests per second each stack receives, for one path. */
export type Loads = Readonly<Record<string, number>>;

/** One stack's load on one path. */
export interface PathLoad {
    /** The path. */
    readonly path: TrafficPath;
    /** Requests per second. */
    readonly requestsPerSecond: number;
}

/**
 * Requests per second one instance serves. The target-tracking value of ALBRequestCountPerTarget
 * is "the optimal average request count per instance during any one-minute interval" (EC2 Auto
 * Scaling API, TargetTrackingConfiguration.TargetValue), so an instance is full at that rate.
 */
export function instanceRequestsPerSecond(requestsPerTargetPerMinute: number): number {
    return requestsPerTargetPerMinute / 60;
}

/** Instances that carry `requestsPerSecond` at `perInstance` each (a rounding residue of 1e-9 is not an instance). */
export function instancesFor(requestsPerSecond: number, perInstance: number): number {
    return Math.max(0, Math.ceil(requestsPerSecond / perInstance - 1e-9));
}

/** What a fleet carries at its maximum size. */
export function fleetCapacityRequestsPerSecond(fleet: FleetCapacity): number {
    return fleet.maxInstances * fleet.instanceRequestsPerSecond;
}

const isLost = (member: CapacityMember, move?: TrafficMove) => move?.stack === member.stack && move.keptShare === 0;

/** `from`'s nearest member among `candidates` (by the distance of their regions, then by name); undefined when none. */
function nearest(from: CapacityMember, candidates: readonly CapacityMember[]): CapacityMember | undefined {
    const location = (member: CapacityMember) => regionFacts(member.region)?.location;
    const distance = (member: CapacityMember) => {
        const [a, b] = [location(from), location(member)];
        return a === undefined || b === undefined ? Number.POSITIVE_INFINITY : distanceKm(a, b);
    };
    return [...candidates].sort((a, b) => distance(a) - distance(b) || a.stack.localeCompare(b.stack))[0];
}

function add(loads: Record<string, number>, stack: string, requestsPerSecond: number): void {
    loads[stack] = (loads[stack] ?? 0) + requestsPerSecond;
}

/** Failover: the PRIMARY carries everything while it is in; without it, the SECONDARY; with neither, the PRIMARY (fail open). */
function failoverLoads(members: readonly CapacityMember[], peak: number, move?: TrafficMove): Loads {
    const primary = members.find((member) => member.failoverRole === "PRIMARY");
    const secondary = members.find((member) => member.failoverRole === "SECONDARY");
    const answered = primary !== undefined && isLost(primary, move) && secondary !== undefined ? secondary : primary ?? secondary;
    return answered === undefined ? {} : { [answered.stack]: peak };
}

/** Weighted: weight over the sum of the healthy non-zero weights; zero weights share evenly when no other record is healthy. */
function weightedLoads(members: readonly CapacityMember[], peak: number, move?: TrafficMove): Loads {
    const healthy = members.filter((member) => member.weight !== undefined && !isLost(member, move))
        .map((member) => ({ stack: member.stack, weight: member.weight! * (move?.stack === member.stack ? move.keptShare : 1) }));
    const nonZero = healthy.filter((member) => member.weight > 0);
    const total = nonZero.reduce((sum, member) => sum + member.weight, 0);
    return nonZero.length > 0
        ? Object.fromEntries(nonZero.map((member) => [member.stack, (peak * member.weight) / total]))
        : Object.fromEntries(healthy.map((member) => [member.stack, peak / healthy.length]));
}

/** Latency: each region's nearby clients; a lost region's go to the survivor nearest it. */
function latencyLoads(members: readonly CapacityMember[], peak: number, move?: TrafficMove): Loads {
    const group = members.filter((member) => member.latency);
    const survivors = group.filter((member) => !isLost(member, move));
    const loads: Record<string, number> = {};
    for (const member of group) {
        const target = isLost(member, move) ? nearest(member, survivors) : member;
        if (target !== undefined) {
            add(loads, target.stack, peak * member.nearbyClientsShare);
        }
    }
    return loads;
}

/**
 * The accelerator: a group keeps its traffic dial's share of its nearby clients and sends the rest
 * to the next closest group; a group without a serving endpoint (lost, or endpoint weight 0) sends
 * all of them to the closest group that has one, its dial ignored.
 */
function acceleratorLoads(members: readonly CapacityMember[], peak: number, move?: TrafficMove): Loads {
    const group = members.filter((member) => member.accelerator !== undefined);
    const serving = group.filter((member) => member.accelerator!.endpointWeight > 0 && !isLost(member, move));
    const loads: Record<string, number> = {};
    for (const member of group) {
        const clients = peak * member.nearbyClientsShare;
        if (!serving.includes(member)) {
            const target = nearest(member, serving);
            if (target !== undefined) {
                add(loads, target.stack, clients);
            }
            continue;
        }
        const dial = (member.accelerator!.trafficDial / 100) * (move?.stack === member.stack ? move.keptShare : 1);
        // Traffic dialled away from every group goes to the closest healthy group: this one.
        const next = nearest(member, serving.filter((other) => other !== member)) ?? member;
        add(loads, member.stack, clients * dial);
        add(loads, next.stack, clients * (1 - dial));
    }
    return loads;
}

const pathModels: Readonly<Record<TrafficPath, (members: readonly CapacityMember[], peak: number, move?: TrafficMove) => Loads>> = {
    failover: failoverLoads,
    weighted: weightedLoads,
    latency: latencyLoads,
    accelerator: acceleratorLoads,
};

/**
 * The load each stack receives on each path, every load capped at the peak (no region receives
 * more than the whole service); paths no member takes part in are left out.
 * @param members every region of the set
 * @param peak the service's peak, requests per second
 * @param move traffic moved away from one region
 * @default move none: every region up
 */
export function pathLoads(members: readonly CapacityMember[], peak: number, move?: TrafficMove): Partial<Record<TrafficPath, Loads>> {
    const result: Partial<Record<TrafficPath, Loads>> = {};
    for (const path of trafficPaths) {
        const loads = pathModels[path](members, peak, move);
        if (Object.keys(loads).length > 0) {
            result[path] = Object.fromEntries(Object.entries(loads).map(([stack, load]) => [stack, Math.min(peak, load)]));
        }
    }
    return result;
}

/** `stack`'s largest load over the paths (the first path on a tie); zero on the failover path when no path sends it anything. */
function worstPath(loads: Partial<Record<TrafficPath, Loads>>, stack: string): PathLoad {
    let worst: PathLoad = { path: "failover", requestsPerSecond: 0 };
    for (const path of trafficPaths) {
        const load = loads[path]?.[stack] ?? 0;
        if (load > worst.requestsPerSecond) {
            worst = { path, requestsPerSecond: load };
        }
    }
    return worst;
}

/** One stack's worst loads: with every region up, and after the loss of the region that burdens it most. */
export interface WorstLoads {
    /** Every region up: the path that sends it the most. */
    readonly normal: PathLoad;
    /** One other region lost (the worst one, then its worst path); absent when there is no other region. */
    readonly afterLoss?: PathLoad & { readonly lost: string };
}

/**
 * Each stack's worst loads over the paths: the worst case takes every client to use the path that
 * burdens the region most, since which path clients use is theirs to choose.
 * @param members every region of the set
 * @param peak the service's peak, requests per second
 */
export function worstLoads(members: readonly CapacityMember[], peak: number): Readonly<Record<string, WorstLoads>> {
    const normal = pathLoads(members, peak);
    const losses = members.map((lost) => ({ lost: lost.stack, loads: pathLoads(members, peak, { stack: lost.stack, keptShare: 0 }) }));
    return Object.fromEntries(members.map((member) => {
        let afterLoss: WorstLoads["afterLoss"];
        for (const { lost, loads } of losses.filter((loss) => loss.lost !== member.stack)) {
            const worst = worstPath(loads, member.stack);
            if (afterLoss === undefined || worst.requestsPerSecond > afterLoss.requestsPerSecond) {
                afterLoss = { ...worst, lost };
            }
        }
        return [member.stack, { normal: worstPath(normal, member.stack), ...(afterLoss ? { afterLoss } : {}) }];
    }));
}

/** What one region needs after a traffic move. */
export interface SurvivorNeed extends PathLoad {
    /** Instances that carry it. */
    readonly instances: number;
}

/**
 * How many instances each other region needs once `move` is made, on the path that burdens it
 * most: the survivors' minimum capacity a failover command would raise before moving traffic.
 * Regions without a fleet (`fleets` lacks them) are left out.
 * @param members every region of the set
 * @param fleets each region's fleet, by stack
 * @param peak the service's peak, requests per second
 * @param move the traffic move (keptShare 0: the region is taken out)
 */
export function instancesForMove(members: readonly CapacityMember[], fleets: Readonly<Record<string, FleetCapacity>>, peak: number, move: TrafficMove): Readonly<Record<string, SurvivorNeed>> {
    const loads = pathLoads(members, peak, move);
    return Object.fromEntries(members.filter((member) => member.stack !== move.stack && fleets[member.stack] !== undefined).map((member) => {
        const worst = worstPath(loads, member.stack);
        return [member.stack, { ...worst, instances: instancesFor(worst.requestsPerSecond, fleets[member.stack].instanceRequestsPerSecond) }];
    }));
}

/**
 * Global Accelerator's choice of endpoint group for a client, as AWS documents it: closest
 * group first, traffic dials applied to the traffic a group would get, failover to the next
 * closest group with a healthy endpoint (ignoring dials), fail-open after three groups.
 */
import { byProximity, ClientLocation } from "./clients";
import { RoutedAnswer, sumShares } from "./routing";
import { RuleId } from "./rules";

/** How many of the closest groups Global Accelerator tries before it fails open. */
export const acceleratorFailoverGroups = 3;

/** One region's endpoint group on the shared listener. */
export interface EndpointGroupState {
    /** The group's region. */
    readonly region: string;
    /** Traffic dial, 0..100. */
    readonly trafficDial: number;
    /** Whether the group has a healthy endpoint with a weight above 0. */
    readonly healthy: boolean;
}

/** Where Global Accelerator sends new connections from a client at `location`. */
export function acceleratorAnswer(groups: readonly EndpointGroupState[], location: ClientLocation): RoutedAnswer {
    const order = byProximity(location, groups.map((group) => group.region)).map((region) => groups.find((group) => group.region === region)!);
    if (order.length === 0) {
        return { shares: {}, rules: [] };
    }
    const tried = order.slice(0, acceleratorFailoverGroups);
    const fallback = tried.find((group) => group.healthy);
    if (fallback === undefined) {
        return { shares: { [order[0].region]: 1 }, rules: ["ga.fail-open"] };
    }
    const rules = new Set<RuleId>(["ga.proximity"]);
    const pairs: [string, number][] = [];
    let remaining = 1;
    let failedOver = 0;
    for (const group of order) {
        // The dial as a fraction is exactly 1 at 100, so a group dialled to 100 keeps exactly what
        // reaches it and leaves exactly 0 for the groups after it (no rounding residue).
        const kept = remaining * (group.trafficDial / 100);
        if (group.trafficDial < 100 && remaining > 0) {
            rules.add("ga.dial");
        }
        if (group.healthy) {
            pairs.push([group.region, kept]);
        } else {
            failedOver += kept;
        }
        remaining -= kept;
    }
    if (failedOver > 0) {
        rules.add("ga.failover");
        if (fallback.trafficDial === 0) {
            rules.add("ga.dial-ignored");
        }
    }
    if (remaining > 0) {
        rules.add("ga.dial-leftover");
    }
    pairs.push([fallback.region, failedOver + remaining]);
    return { shares: sumShares(pairs), rules: [...rules] };
}

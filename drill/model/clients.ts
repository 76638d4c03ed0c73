/**
 * Where the drill's model clients sit, and which AWS regions are nearest to them: one client
 * near every region the stacks deploy to (`clientLocationsFor`), so a London stack's failover
 * is seen from Europe. This is a model, not a measurement: Route 53 latency routing and Global
 * Accelerator use AWS's own, changing latency data. Clients in `clientLocations` have a
 * resolver and subnet of their country, so `drill run` also asks Route 53 what it answers them
 * (TestDNSAnswer) and warns when it differs from the model; a client derived from a region's
 * place has none, so its latency answers are modelled only (docs/drill-aws-facts.md).
 */
import { distanceKm, regionCodes, regionFacts } from "../../domain/regions";

/**
 * The client TestDNSAnswer stands in for: a resolver in the client's country (ResolverIP) and the
 * client's EDNS0 subnet. The API applies the subnet only when the named resolver supports EDNS0
 * and otherwise places the query at the resolver, so both are in the same country (see
 * docs/drill-aws-facts.md).
 */
export interface ClientSubnet {
    /** A resolver address in the same country, e.g. `168.126.63.1` (KT's public resolver). */
    readonly resolverIp: string;
    /** Network address, e.g. `168.126.63.0`. */
    readonly ip: string;
    /** Prefix length, e.g. 24. */
    readonly mask: number;
}

/** A place clients are modelled from. */
export interface ClientLocation {
    /** Identifier used in reports, e.g. `korea`. */
    readonly id: string;
    /** Human label, e.g. `client in Korea`. */
    readonly label: string;
    /**
     * A subnet registered to an ISP of that country, so that Route 53 places the simulated
     * query there, with a resolver address of the same block. Korea: KT (KORNET) resolver block;
     * Japan: IIJ block. Absent for a client placed by its region's city alone: TestDNSAnswer
     * cannot be asked for it, and its latency answers are the model's.
     */
    readonly clientSubnet?: ClientSubnet;
    /** AWS regions from lowest to highest latency as modelled; unlisted regions rank after, by name. */
    readonly regionsByLatency: readonly string[];
}

/** The client locations with a resolver and subnet of their country (TestDNSAnswer can place them). */
export const clientLocations: readonly ClientLocation[] = [
    {
        id: "korea",
        label: "client in Korea",
        clientSubnet: { resolverIp: "168.126.63.1", ip: "168.126.63.0", mask: 24 },
        regionsByLatency: ["ap-northeast-2", "ap-northeast-1", "ap-northeast-3", "ap-east-1", "ap-southeast-1"],
    },
    {
        id: "japan",
        label: "client in Japan",
        clientSubnet: { resolverIp: "210.130.1.1", ip: "210.130.1.0", mask: 24 },
        regionsByLatency: ["ap-northeast-1", "ap-northeast-3", "ap-northeast-2", "ap-east-1", "ap-southeast-1"],
    },
];

/** `regions` ordered from nearest to farthest for a client at `location`. */
export function byProximity(location: ClientLocation, regions: readonly string[]): string[] {
    const rank = (region: string) => {
        const index = location.regionsByLatency.indexOf(region);
        return index < 0 ? location.regionsByLatency.length : index;
    };
    return [...regions].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * A client in the city of `region` (domain/regions.ts), with every commercial region ranked by
 * great-circle distance from it: the model's stand-in for latency where no table row says more.
 * @param region a region code of the table
 */
export function clientNear(region: string): ClientLocation {
    const facts = regionFacts(region);
    if (facts === undefined) {
        throw new Error(`no region ${region} in domain/regions.ts`);
    }
    const ranked = regionCodes.map((code) => ({ code, km: distanceKm(facts.location, regionFacts(code)!.location) }))
        .sort((a, b) => a.km - b.km || a.code.localeCompare(b.code));
    return { id: `near-${region}`, label: `client near ${facts.name}`, regionsByLatency: ranked.map(({ code }) => code) };
}

/**
 * The clients a drill models for a stack set: one near each region the stacks deploy to, the
 * table's client where its nearest region is that one (Korea for Seoul, Japan for Tokyo), else a
 * client in the region's city (`clientNear`). In the order of `regions`, one per region.
 * @param regions the regions of the stack set's regional stacks
 */
export function clientLocationsFor(regions: readonly string[]): ClientLocation[] {
    return [...new Set(regions)].map((region) => clientLocations.find((location) => location.regionsByLatency[0] === region) ?? clientNear(region));
}

/**
 * Where the drill's model clients sit, and which AWS regions are nearest to them. This is a
 * model, not a measurement: Route 53 latency routing and Global Accelerator use AWS's own,
 * changing latency data. Extend the table to add a region or a client location; `drill run`
 * warns when what Route 53 answers before a drill differs from what this table predicts.
 */

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
     * Japan: IIJ block.
     */
    readonly clientSubnet: ClientSubnet;
    /** AWS regions from lowest to highest latency as modelled; unlisted regions rank after, by name. */
    readonly regionsByLatency: readonly string[];
}

/** The client locations the drill models. */
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

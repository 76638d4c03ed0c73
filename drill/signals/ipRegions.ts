/**
 * Which region an A answer points at. An alias record to an ALB answers the ALB's current IPs,
 * so the drill resolves every region's ALB name and remembers which IPs belong to which region.
 * ALB IPs change as the load balancer scales: an answer holding an IP not seen yet triggers a
 * fresh resolution of every ALB name before it is classified, and IPs once seen stay known
 * (AWS does not hand an ALB's address to another region's ALB within a drill's minutes).
 */
import { DnsResolver } from "../clients/types";

/** A region's ALB name. */
export interface RegionAlb {
    /** AWS region. */
    readonly region: string;
    /** The ALB's DNS name. */
    readonly albDnsName: string;
}

/** Maps answer IPs to regions through the ALBs' own DNS names. */
export class IpRegionMap {
    private readonly regionByIp = new Map<string, string>();

    constructor(private readonly resolver: DnsResolver, private readonly albs: readonly RegionAlb[]) {}

    /** Resolves every ALB name again; a name that fails to resolve keeps what was known. */
    async refresh(): Promise<void> {
        await Promise.all(this.albs.map(async (alb) => {
            try {
                for (const ip of await this.resolver.resolve4(alb.albDnsName)) {
                    this.regionByIp.set(ip, alb.region);
                }
            } catch {
                // Kept as it was: the next unknown answer tries again.
            }
        }));
    }

    /** The region all `ips` belong to, `!unknown-ip` if one is unknown, `!mixed` if they span regions. */
    async classify(ips: readonly string[]): Promise<string> {
        if (ips.length === 0) {
            return "!no-answer";
        }
        if (ips.some((ip) => !this.regionByIp.has(ip))) {
            await this.refresh();
        }
        const regions = new Set(ips.map((ip) => this.regionByIp.get(ip) ?? "!unknown-ip"));
        if (regions.has("!unknown-ip")) {
            return "!unknown-ip";
        }
        return regions.size === 1 ? [...regions][0] : "!mixed";
    }
}

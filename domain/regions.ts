/**
 * Every commercial AWS region (partition `aws`) and the facts the program needs of it. One
 * table, so a new region is a new stack file, never new code. Sources, with the date they were
 * read, are in docs/aws-facts.md ("Regions"):
 * - ELB canonical hosted zone ids: AWS General Reference, "Elastic Load Balancing endpoints and
 *   quotas" (Application Load Balancers column).
 * - Access-log delivery: ELB User Guide for ALBs, "Enable access logs" (bucket policy): regions
 *   available before August 2022 grant a regional ELB account, newer ones the log-delivery
 *   service principal.
 * - Location: AWS Regions list (the city each region is in), for the nearest health checkers.
 */

/** What the program needs to know of one region. */
export interface RegionFacts {
    /** Region code, e.g. `ap-northeast-2`. */
    readonly code: string;
    /** Where it is, as AWS names it, e.g. `Asia Pacific (Seoul)`. */
    readonly name: string;
    /** Canonical hosted zone id of Application Load Balancers in the region (alias records). */
    readonly albZoneId: string;
    /** The regional ELB account that writes access logs; absent where the service principal does. */
    readonly elbLogAccount?: string;
    /** Latitude and longitude of the region's city, in degrees. */
    readonly location: readonly [number, number];
}

/** The service principal that delivers ALB access logs in regions without an ELB account. */
export const logDeliveryServicePrincipal = "logdelivery.elasticloadbalancing.amazonaws.com";

type Row = readonly [code: string, name: string, albZoneId: string, elbLogAccount: string, latitude: number, longitude: number];

// code, name, ALB hosted zone id, ELB log account ("" = service principal), latitude, longitude
const rows: readonly Row[] = [
    ["us-east-1", "US East (N. Virginia)", "Z35SXDOTRQ7X7K", "127311923021", 39.04, -77.49],
    ["us-east-2", "US East (Ohio)", "Z3AADJGX6KTTL2", "033677994240", 39.96, -83.0],
    ["us-west-1", "US West (N. California)", "Z368ELLRRE2KJ0", "027434742980", 37.77, -122.42],
    ["us-west-2", "US West (Oregon)", "Z1H1FL5HABSF5", "797873946194", 45.84, -119.7],
    ["af-south-1", "Africa (Cape Town)", "Z268VQBMOI5EKX", "098369216593", -33.92, 18.42],
    ["ap-east-1", "Asia Pacific (Hong Kong)", "Z3DQVH9N71FHZ0", "754344448648", 22.32, 114.17],
    ["ap-east-2", "Asia Pacific (Taipei)", "Z02789141MW7T1WBU19PO", "", 25.03, 121.57],
    ["ap-south-1", "Asia Pacific (Mumbai)", "ZP97RAFLXTNZK", "718504428378", 19.08, 72.88],
    ["ap-south-2", "Asia Pacific (Hyderabad)", "Z0173938T07WNTVAEPZN", "", 17.39, 78.49],
    ["ap-southeast-1", "Asia Pacific (Singapore)", "Z1LMS91P8CMLE5", "114774131450", 1.35, 103.82],
    ["ap-southeast-2", "Asia Pacific (Sydney)", "Z1GM3OXH4ZPM65", "783225319266", -33.87, 151.21],
    ["ap-southeast-3", "Asia Pacific (Jakarta)", "Z08888821HLRG5A9ZRTER", "589379963580", -6.21, 106.85],
    ["ap-southeast-4", "Asia Pacific (Melbourne)", "Z09517862IB2WZLPXG76F", "", -37.81, 144.96],
    ["ap-southeast-5", "Asia Pacific (Malaysia)", "Z06010284QMVVW7WO5J", "", 3.14, 101.69],
    ["ap-southeast-6", "Asia Pacific (New Zealand)", "Z023301818UFJ50CIO0MV", "", -36.85, 174.76],
    ["ap-southeast-7", "Asia Pacific (Thailand)", "Z0390008CMBRTHFGWBCB", "", 13.76, 100.5],
    ["ap-northeast-1", "Asia Pacific (Tokyo)", "Z14GRHDCWA56QT", "582318560864", 35.68, 139.69],
    ["ap-northeast-2", "Asia Pacific (Seoul)", "ZWKZPGTI48KDX", "600734575887", 37.57, 126.98],
    ["ap-northeast-3", "Asia Pacific (Osaka)", "Z5LXEXXYW11ES", "383597477331", 34.69, 135.5],
    ["ca-central-1", "Canada (Central)", "ZQSVJUPU6J1EY", "985666609251", 45.5, -73.57],
    ["ca-west-1", "Canada West (Calgary)", "Z06473681N0SF6OS049SD", "", 51.05, -114.07],
    ["eu-central-1", "Europe (Frankfurt)", "Z215JYRZR1TBD5", "054676820928", 50.11, 8.68],
    ["eu-central-2", "Europe (Zurich)", "Z06391101F2ZOEP8P5EB3", "", 47.38, 8.54],
    ["eu-west-1", "Europe (Ireland)", "Z32O12XQLNTSW2", "156460612806", 53.35, -6.26],
    ["eu-west-2", "Europe (London)", "ZHURV8PSTC4K8", "652711504416", 51.51, -0.13],
    ["eu-west-3", "Europe (Paris)", "Z3Q77PNBQS71R4", "009996457667", 48.86, 2.35],
    ["eu-south-1", "Europe (Milan)", "Z3ULH7SSC9OV64", "635631232127", 45.46, 9.19],
    ["eu-south-2", "Europe (Spain)", "Z0956581394HF5D5LXGAP", "", 41.65, -0.88],
    ["eu-north-1", "Europe (Stockholm)", "Z23TAZ6LKFMNIO", "897822967062", 59.33, 18.07],
    ["il-central-1", "Israel (Tel Aviv)", "Z09170902867EHPV2DABU", "", 32.09, 34.78],
    ["me-south-1", "Middle East (Bahrain)", "ZS929ML54UICD", "076674570225", 26.07, 50.56],
    ["me-central-1", "Middle East (UAE)", "Z08230872XQRWHG2XF6I", "", 25.2, 55.27],
    ["mx-central-1", "Mexico (Central)", "Z023552324OKD1BB28BH5", "", 20.59, -100.39],
    ["sa-east-1", "South America (São Paulo)", "Z2P70J7HTTTPLU", "507241528517", -23.55, -46.63],
];

/** Every commercial region, by code. */
export const regions: Readonly<Record<string, RegionFacts>> = Object.fromEntries(rows.map(
    ([code, name, albZoneId, elbLogAccount, latitude, longitude]) => [code, {
        code, name, albZoneId, location: [latitude, longitude] as const, ...(elbLogAccount ? { elbLogAccount } : {}),
    }],
));

/** Every commercial region code, sorted. */
export const regionCodes: readonly string[] = Object.keys(regions).sort();

/** The facts of `code`, or undefined for a region outside the table. */
export function regionFacts(code: string): RegionFacts | undefined {
    return Object.prototype.hasOwnProperty.call(regions, code) ? regions[code] : undefined;
}

/**
 * The regions Route 53 health checkers run in (the API's HealthCheckRegion values). There is no
 * checker in most regions, Seoul among them.
 */
export const route53CheckerRegions = [
    "us-east-1",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "sa-east-1",
] as const;

/**
 * The regions where a Global Accelerator endpoint group (and so an ALB endpoint) can be: AWS
 * Global Accelerator Developer Guide, "AWS Region availability for AWS Global Accelerator"
 * (https://docs.aws.amazon.com/global-accelerator/latest/dg/preserve-client-ip-address.regions.html,
 * read 2026-12-01; its tail from Europe (Ireland) on as the Korean and Chinese editions of the
 * same page list it). Regions of ./regions.ts not listed there (Taipei, New Zealand, Thailand,
 * Mexico) cannot join an accelerator.
 */
export const globalAcceleratorEndpointRegions = [
    "us-east-2", "us-east-1", "us-west-1", "us-west-2",
    "af-south-1",
    "ap-east-1", "ap-south-1", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ap-northeast-3", "ap-southeast-1",
    "ap-southeast-2", "ap-southeast-5", "ap-northeast-1", "ap-northeast-2",
    "ca-central-1", "ca-west-1",
    "eu-central-1", "eu-west-1", "eu-west-2", "eu-south-1", "eu-west-3", "eu-south-2", "eu-north-1", "eu-central-2",
    "il-central-1", "me-south-1", "me-central-1",
    "sa-east-1",
] as const;

/** True when Global Accelerator can have an endpoint group in `code`. */
export function acceleratorServes(code: string): boolean {
    return (globalAcceleratorEndpointRegions as readonly string[]).includes(code);
}

/** A Route 53 health checker region. */
export type CheckerRegion = (typeof route53CheckerRegions)[number];

/** Route 53 needs at least this many checker regions. */
export const minimumCheckerRegions = 3;

/** Great-circle distance between two points, in kilometres. */
export function distanceKm(from: readonly [number, number], to: readonly [number, number]): number {
    const radians = (degrees: number) => (degrees * Math.PI) / 180;
    const [lat1, lon1] = from.map(radians);
    const [lat2, lon2] = to.map(radians);
    const haversine = Math.sin((lat2 - lat1) / 2) ** 2 + Math.cos(lat1) * Math.cos(lat2) * Math.sin((lon2 - lon1) / 2) ** 2;
    return 2 * 6371 * Math.asin(Math.sqrt(haversine));
}

/**
 * The `count` health-checker regions nearest to `code`, nearest first: checks from nearby
 * see what the region's own users see, and a far-away network fault does not flap the check.
 */
export function nearestCheckerRegions(code: string, count: number = minimumCheckerRegions): CheckerRegion[] {
    const facts = regionFacts(code);
    if (facts === undefined) {
        return [];
    }
    return [...route53CheckerRegions]
        .map((checker) => ({ checker, km: distanceKm(facts.location, regions[checker].location) }))
        .sort((a, b) => a.km - b.km || a.checker.localeCompare(b.checker))
        .slice(0, count)
        .map(({ checker }) => checker);
}

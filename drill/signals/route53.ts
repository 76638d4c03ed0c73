/**
 * Route 53 signals: a health check's status (per-checker observations, the >18% rule, and the
 * check's Inverted flag) and what Route 53 answers for a record name (TestDNSAnswer).
 */
import { GetHealthCheckCommand, GetHealthCheckStatusCommand, Route53Client, TestDNSAnswerCommand } from "@aws-sdk/client-route-53";
import { ClientSubnet } from "../model/clients";
import { IpRegionMap } from "./ipRegions";
import { Observation } from "./signal";

/** Route 53 counts an endpoint healthy when more than this share of its checkers report it healthy. */
export const healthyCheckerShare = 0.18;

/** What a health check reports now. */
export interface HealthCheckReading {
    /** Checkers reporting success. */
    readonly healthyCheckers: number;
    /** Checkers reporting at all. */
    readonly checkers: number;
    /** Whether the check is inverted. */
    readonly inverted: boolean;
    /** The status Route 53 routes on: checkers' verdict by the >18% rule, flipped when inverted. */
    readonly healthy: boolean;
}

/**
 * Reads a health check. GetHealthCheckStatus lists each checker's last observation of the
 * endpoint; inversion is applied to the aggregated status (inference from the Route 53 guide,
 * "Inverting health checks": the checkers keep checking, Route 53 considers the opposite).
 * AWS marks GetHealthCheckStatus as a diagnostic call, not for high rates: poll it gently.
 */
export async function readHealthCheck(route53: Route53Client, healthCheckId: string, knownInverted?: boolean): Promise<HealthCheckReading> {
    const status = await route53.send(new GetHealthCheckStatusCommand({ HealthCheckId: healthCheckId }));
    const observations = status.HealthCheckObservations ?? [];
    const healthyCheckers = observations.filter((observation) => observation.StatusReport?.Status?.startsWith("Success") ?? false).length;
    const inverted = knownInverted ?? (await route53.send(new GetHealthCheckCommand({ HealthCheckId: healthCheckId }))).HealthCheck?.HealthCheckConfig?.Inverted === true;
    const checkersHealthy = observations.length === 0 || healthyCheckers / observations.length > healthyCheckerShare;
    return { healthyCheckers, checkers: observations.length, inverted, healthy: checkersHealthy !== inverted };
}

/** A health check reading as an observation: `healthy` / `unhealthy`. */
export function healthObservation(reading: HealthCheckReading): Observation {
    return {
        value: reading.healthy ? "healthy" : "unhealthy",
        detail: `${reading.healthyCheckers}/${reading.checkers} checkers healthy${reading.inverted ? ", inverted" : ""}`,
    };
}

/** One TestDNSAnswer query. */
export interface DnsQuery {
    /** The hosted zone. */
    readonly hostedZoneId: string;
    /** The record name. */
    readonly recordName: string;
    /** The client subnet to simulate, when the answer depends on where the client is. */
    readonly clientSubnet?: ClientSubnet;
}

/** What Route 53 answers for a name now, as the region its IPs belong to. */
export async function readDnsAnswer(route53: Route53Client, ipRegions: IpRegionMap, query: DnsQuery): Promise<Observation> {
    const answer = await route53.send(new TestDNSAnswerCommand({
        HostedZoneId: query.hostedZoneId,
        RecordName: query.recordName,
        RecordType: "A",
        ...(query.clientSubnet ? { EDNS0ClientSubnetIP: query.clientSubnet.ip, EDNS0ClientSubnetMask: String(query.clientSubnet.mask) } : {}),
    }));
    const ips = answer.RecordData ?? [];
    if (answer.ResponseCode !== undefined && answer.ResponseCode !== "NOERROR") {
        return { value: `!${answer.ResponseCode}`, detail: `response code ${answer.ResponseCode}` };
    }
    return { value: await ipRegions.classify(ips), detail: ips.join(" ") };
}

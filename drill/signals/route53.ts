/**
 * Route 53 signals: a health check's status as Route 53 computes it (each checker's latest
 * observation, read through the check's Inverted flag, and the >18% rule) and what Route 53
 * answers for a record name (TestDNSAnswer).
 */
import { GetHealthCheckCommand, GetHealthCheckStatusCommand, Route53Client, TestDNSAnswerCommand } from "@aws-sdk/client-route-53";
import { ClientSubnet } from "../model/clients";
import { IpRegionMap } from "./ipRegions";
import { Observation } from "./signal";

/** Route 53 counts an endpoint healthy when more than this share of its checkers report it healthy. */
export const healthyCheckerShare = 0.18;

/** What a health check reports now. */
export interface HealthCheckReading {
    /** Checkers whose latest observation counts as healthy (after inversion). */
    readonly healthyCheckers: number;
    /** Checkers reporting at all. */
    readonly checkers: number;
    /** Checkers whose latest observation predates the latest change of the Inverted flag. */
    readonly staleCheckers: number;
    /** Whether the check is inverted now (read on every call, never cached). */
    readonly inverted: boolean;
    /** The status Route 53 routes on, or undefined when no checker reported (no status to read). */
    readonly healthy: boolean | undefined;
}

/**
 * Where the Inverted flag was seen to change, so that a checker's observation made before the
 * change is read with the flag it was made under. One per health check; the guard, the target's
 * row and preflight each keep their own.
 */
export class InversionHistory {
    private flag: boolean | undefined;
    private changedAtMs: number | undefined;
    private previous = false;

    /** Records the flag read at `atMs`. */
    see(inverted: boolean, atMs: number): void {
        if (this.flag !== undefined && this.flag !== inverted) {
            this.previous = this.flag;
            this.changedAtMs = atMs;
        }
        this.flag = inverted;
    }

    /** The flag an observation checked at `checkedAtMs` was made under. */
    flagAt(checkedAtMs: number | undefined): boolean {
        const now = this.flag ?? false;
        if (this.changedAtMs === undefined || checkedAtMs === undefined || checkedAtMs >= this.changedAtMs) {
            return now;
        }
        return this.previous;
    }

    /** When the flag was last seen to change. */
    get lastChangeMs(): number | undefined {
        return this.changedAtMs;
    }
}

/**
 * Reads a health check. GetHealthCheckStatus lists each checker's latest observation of the
 * endpoint (`Success: ...` / `Failure: ...`, with its CheckedTime); the Inverted flag comes from
 * GetHealthCheck on every read. Route 53 inverts the status it computes from the checkers
 * (Route 53 guide, "Inverting health checks"); an observation is read under the flag that was in
 * force when it was checked, so the status turns as the checkers report after a flip, not the
 * moment the flag is written. Without observations there is no status: `healthy` is undefined.
 * AWS marks GetHealthCheckStatus as a diagnostic call, not for high rates: poll it gently.
 */
export async function readHealthCheck(route53: Route53Client, healthCheckId: string, history: InversionHistory, nowMs: number): Promise<HealthCheckReading> {
    const check = await route53.send(new GetHealthCheckCommand({ HealthCheckId: healthCheckId }));
    const inverted = check.HealthCheck?.HealthCheckConfig?.Inverted === true;
    history.see(inverted, nowMs);
    const status = await route53.send(new GetHealthCheckStatusCommand({ HealthCheckId: healthCheckId }));
    const observations = status.HealthCheckObservations ?? [];
    let healthyCheckers = 0;
    let staleCheckers = 0;
    for (const observation of observations) {
        const checkedAtMs = observation.StatusReport?.CheckedTime?.getTime();
        const flag = history.flagAt(checkedAtMs);
        if (flag !== inverted) {
            staleCheckers++;
        }
        const success = observation.StatusReport?.Status?.startsWith("Success") ?? false;
        if (success !== flag) {
            healthyCheckers++;
        }
    }
    const healthy = observations.length === 0 ? undefined : healthyCheckers / observations.length > healthyCheckerShare;
    return { healthyCheckers, checkers: observations.length, staleCheckers, inverted, healthy };
}

/** A health check reading as an observation: `healthy`, `unhealthy`, or `!no-observations`. */
export function healthObservation(reading: HealthCheckReading): Observation {
    const detail = `${reading.healthyCheckers}/${reading.checkers} checkers healthy${reading.inverted ? ", inverted" : ""}` +
        `${reading.staleCheckers > 0 ? `, ${reading.staleCheckers} not yet reported since the flag changed` : ""}`;
    if (reading.healthy === undefined) {
        return { value: "!no-observations", detail: "GetHealthCheckStatus listed no checker observations" };
    }
    return { value: reading.healthy ? "healthy" : "unhealthy", detail };
}

/** One TestDNSAnswer query. */
export interface DnsQuery {
    /** The hosted zone. */
    readonly hostedZoneId: string;
    /** The record name. */
    readonly recordName: string;
    /** The client to simulate (resolver and client subnet), when the answer depends on where the client is. */
    readonly clientSubnet?: ClientSubnet;
}

/**
 * What Route 53 answers for a name now, as the region its IPs belong to. The API documents the
 * client subnet as applying to the resolver named in ResolverIP (botocore route53
 * TestDNSAnswerRequest; without ResolverIP a resolver in us-east-1 is used), so a located query
 * sends both: a resolver in the client's country and the client's subnet.
 */
export async function readDnsAnswer(route53: Route53Client, ipRegions: IpRegionMap, query: DnsQuery): Promise<Observation> {
    const subnet = query.clientSubnet;
    const answer = await route53.send(new TestDNSAnswerCommand({
        HostedZoneId: query.hostedZoneId,
        RecordName: query.recordName,
        RecordType: "A",
        ...(subnet ? { ResolverIP: subnet.resolverIp, EDNS0ClientSubnetIP: subnet.ip, EDNS0ClientSubnetMask: String(subnet.mask) } : {}),
    }));
    const ips = answer.RecordData ?? [];
    if (answer.ResponseCode !== undefined && answer.ResponseCode !== "NOERROR") {
        return { value: `!${answer.ResponseCode}`, detail: `response code ${answer.ResponseCode}` };
    }
    return { value: await ipRegions.classify(ips), detail: ips.join(" ") };
}

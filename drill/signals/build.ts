/**
 * The signals of a drill, from the deployed regions (stack outputs) and the model's expected
 * answers (the simulation of the same drill from the stack files).
 */
import { ClusterEndpoint } from "../../components/traffic/routingControlStates";
import type { ConnectionSettings } from "../../domain/connections";
import { AwsClients, Clock, HttpProber, KeepAliveProber } from "../clients/types";
import { connectionSignals } from "./connections";
import { DeployedRegion } from "../clients/outputs";
import { recordPolicies, RouteRow } from "../model/topology";
import { answeredRegions, Simulation } from "../simulate/simulate";
import { dialObservation, dialToken, endpointHealthObservation, readEndpointGroup } from "./accelerator";
import { alarmSignals } from "./alarms";
import { guardSignals } from "./guards";
import { faultAnswerToken, readServedRegion } from "./http";
import { IpRegionMap } from "./ipRegions";
import { healthObservation, InversionHistory, readDnsAnswer, readHealthCheck } from "./route53";
import { Signal } from "./signal";

/** What the signals are built from. */
export interface SignalContext {
    /** The region the drill takes out. */
    readonly target: DeployedRegion;
    /** Every other region. */
    readonly others: readonly DeployedRegion[];
    /** The model of the same drill (expected answers, predicted timings). */
    readonly simulation: Simulation;
    /** The target's configured traffic dial (what the dial returns to). */
    readonly configuredDial: number;
    /** AWS SDK clients. */
    readonly aws: AwsClients;
    /** HTTP prober. */
    readonly prober: HttpProber;
    /** Answer IP to region. */
    readonly ipRegions: IpRegionMap;
    /** Timeout of each HTTP probe. */
    readonly probeTimeoutMs: number;
    /** Time (when a health check's Inverted flag was seen to change). */
    readonly clock: Clock;
    /** The routing-control cluster's data-plane endpoints, for the other regions' routing-control guards. @default [] */
    readonly clusterEndpoints?: readonly ClusterEndpoint[];
    /** Keep-alive clients and what bounds their connections (the target ALB's settings, the poll); without them, fresh connections only. */
    readonly connections?: { readonly keepAlive: KeepAliveProber; readonly settings: ConnectionSettings; readonly pollSeconds: number };
}

function union(rows: readonly RouteRow[]): string[] {
    return [...new Set(rows.flatMap(answeredRegions))].sort();
}

/** The prediction, or null when the model expects no change. */
function predictedFor(before: readonly string[], during: readonly string[], seconds: number): number | null {
    const same = before.length === during.length && before.every((state) => during.includes(state));
    return same ? null : seconds;
}

function matches(row: RouteRow, fqdn: string): boolean {
    return row.name === fqdn || fqdn.startsWith(`${row.name}.`);
}

/** Every signal of the drill: the target's health check, each record name's answers, GA, alarms, guards (drill/signals/guards.ts), HTTP probes. */
export function buildSignals(context: SignalContext): Signal[] {
    const { target, others, simulation, aws } = context;
    const lever = simulation.prediction.lever;
    const regions = [target, ...others];
    const signals: Signal[] = [];

    // The config and health-check levers invert the endpoint check and dial to 0; the fault fails the endpoint check for real;
    // the routing-control lever leaves both alone.
    const endpointPath = simulation.path === "endpoint";
    const checkFails = endpointPath || simulation.path === "fault";
    if (target.healthCheckId !== undefined) {
        const id = target.healthCheckId;
        const history = new InversionHistory();
        signals.push({
            id: `health-check:${target.stack}`, kind: "health-check", lane: "route53", follows: "route53", guard: false, expectationIsUnion: false,
            description: `Route 53's status of health check ${id} of ${target.region} (checkers' reports through the Inverted flag)`,
            expected: { before: ["healthy"], during: [checkFails ? "unhealthy" : "healthy"] },
            predictedSeconds: checkFails ? lever.healthCheckSeconds : null,
            read: async () => healthObservation(await readHealthCheck(aws.route53, id, history, context.clock.now())),
        });
    }
    const hostedZoneId = regions.find((region) => region.hostedZoneId !== undefined)?.hostedZoneId;
    const fqdns = new Map(recordPolicies.flatMap((policy) => {
        const fqdn = regions.find((region) => region.records[policy] !== undefined)?.records[policy]?.fqdn;
        return fqdn === undefined ? [] : [[policy, fqdn] as const];
    }));
    for (const [policy, fqdn] of fqdns) {
        const rows = simulation.phases.before.routes.filter((row) => row.policy === policy && matches(row, fqdn));
        for (const before of rows) {
            const during = simulation.phases.during.routes.find((row) => row.policy === policy && row.name === before.name && row.client === before.client);
            const location = simulation.clients.find((candidate) => candidate.id === before.client);
            const subnet = location?.clientSubnet;
            // A client placed by its region's city alone has no resolver to ask from: modelled only.
            if (hostedZoneId === undefined || during === undefined || (location !== undefined && subnet === undefined)) {
                continue;
            }
            const predicted = predictedFor(answeredRegions(before), answeredRegions(during), lever.dnsAnswerSeconds);
            signals.push({
                id: `dns:${policy}@${before.client}`, kind: "dns-answer", lane: "route53", follows: "route53", guard: false, expectationIsUnion: false,
                description: `TestDNSAnswer ${fqdn} A${location && subnet ? ` from ${location.label} (resolver ${subnet.resolverIp}, client ${subnet.ip}/${subnet.mask})` : ""}`,
                expected: { before: answeredRegions(before), during: answeredRegions(during) },
                predictedSeconds: predicted,
                recoverySeconds: predicted === null ? null : lever.recoveryDnsAnswerSeconds,
                read: () => readDnsAnswer(aws.route53, context.ipRegions, { hostedZoneId, recordName: fqdn, clientSubnet: subnet }),
            });
        }
    }

    if (target.endpointGroupArn !== undefined) {
        const arn = target.endpointGroupArn;
        signals.push({
            id: `accelerator-dial:${target.stack}`, kind: "accelerator-dial", lane: "globalAccelerator", follows: "globalAccelerator", guard: false, expectationIsUnion: false,
            description: `Traffic dial of ${target.region}'s Global Accelerator endpoint group`,
            expected: { before: [dialToken(context.configuredDial)], during: [dialToken(endpointPath ? 0 : context.configuredDial)] },
            predictedSeconds: endpointPath ? 0 : null,
            read: async () => dialObservation(await readEndpointGroup(aws.globalAccelerator, arn)),
        });
    }
    if (target.endpointGroupArn !== undefined && simulation.path === "fault") {
        const arn = target.endpointGroupArn;
        signals.push({
            id: `accelerator-health:${target.stack}`, kind: "accelerator-dial", lane: "globalAccelerator", follows: "globalAccelerator", guard: false, expectationIsUnion: false,
            description: `Global Accelerator's view of ${target.region}: it judges the ALB by its targets' health, which stays healthy behind the fault rule, so it keeps sending traffic there`,
            expected: { before: ["healthy"], during: ["healthy"] },
            predictedSeconds: null,
            read: async () => endpointHealthObservation(await readEndpointGroup(aws.globalAccelerator, arn)),
        });
    }
    signals.push(...alarmSignals({ target, path: simulation.path, lever, aws }));
    signals.push(...guardSignals({ others, clusterEndpoints: context.clusterEndpoints ?? [], aws, clock: context.clock }));
    signals.push(...httpSignals(context, fqdns));
    return signals;
}

/**
 * Without DNS records there is no service name to present, and neither the accelerator's nor the
 * ALB's generated name is on the certificate: such probes skip certificate verification (they
 * read which region served the page, not who it is).
 */
const noNameOnCertificate = " (certificate not verified: no service name to present)";

function httpSignals(context: SignalContext, fqdns: ReadonlyMap<string, string>): Signal[] {
    const { target, others, simulation, prober, probeTimeoutMs } = context;
    const lever = simulation.prediction.lever;
    const fault = simulation.path === "fault";
    // Under the fault the target answers 503 on every path: that answer is a state the signals expect.
    const answered = (regions: readonly string[]) => (fault ? regions.map((region) => (region === target.region ? faultAnswerToken : region)) : [...regions]);
    const scheme = target.url.startsWith("https:") ? "https:" : "http:";
    const serviceName = fqdns.values().next().value;
    const signals: Signal[] = [];
    for (const [policy, fqdn] of fqdns) {
        const url = `${scheme}//${fqdn}/`;
        const rows = (phase: "before" | "during") => simulation.phases[phase].routes.filter((row) => row.policy === policy && matches(row, fqdn));
        const predicted = predictedFor(union(rows("before")), union(rows("during")), lever.dnsClientSeconds);
        const connections = context.connections;
        if (connections !== undefined && fqdn === serviceName) {
            // Clients on open connections to the service's first name (the failover name when there is one).
            signals.push(...connectionSignals({
                ...connections, clock: context.clock, request: { url, timeoutMs: probeTimeoutMs }, faultExpected: fault,
                expected: { before: union(rows("before")), during: union(rows("during")) }, newConnectionSeconds: lever.dnsClientSeconds,
            }));
        }
        signals.push({
            id: `http:${policy}`, kind: "http", lane: "http", follows: "route53", guard: false, expectationIsUnion: true,
            description: `GET ${url} through this machine's resolver`,
            expected: { before: union(rows("before")), during: union(rows("during")) },
            predictedSeconds: predicted,
            recoverySeconds: predicted === null ? null : lever.recoveryDnsAnswerSeconds + (lever.dnsClientSeconds - lever.dnsAnswerSeconds),
            read: () => readServedRegion(prober, { url, timeoutMs: probeTimeoutMs }, fault),
        });
    }
    const owner = [target, ...others].find((region) => region.acceleratorDnsName !== undefined);
    const acceleratorRows = (phase: "before" | "during") => simulation.phases[phase].routes.filter((row) => row.path === "globalAccelerator");
    if (owner?.acceleratorDnsName !== undefined && acceleratorRows("before").length > 0) {
        const host = owner.acceleratorRecordFqdn ?? owner.acceleratorDnsName;
        const url = `${scheme}//${host}/`;
        // The accelerator's own name is not on the certificate: present a service name instead.
        const hostHeader = owner.acceleratorRecordFqdn === undefined ? serviceName : undefined;
        const verifyTls = scheme === "http:" || owner.acceleratorRecordFqdn !== undefined || hostHeader !== undefined;
        const during = answered(union(acceleratorRows("during")));
        signals.push({
            id: "http:accelerator", kind: "http", lane: "http", follows: "globalAccelerator", guard: false, expectationIsUnion: true,
            description: `GET ${url}${hostHeader ? ` as ${hostHeader}` : ""} through Global Accelerator${verifyTls ? "" : noNameOnCertificate}` +
                (fault ? `: the accelerator does not move, so clients it sends to ${target.region} get the fault's 503` : ""),
            expected: { before: union(acceleratorRows("before")), during },
            // The fault answers at once; the accelerator itself moves nobody.
            predictedSeconds: predictedFor(union(acceleratorRows("before")), during, fault ? 0 : lever.acceleratorSeconds),
            read: () => readServedRegion(prober, { url, hostHeader, timeoutMs: probeTimeoutMs, verifyTls }, fault),
        });
    }
    const verifyAlbTls = scheme === "http:" || serviceName !== undefined;
    signals.push({
        id: `http:alb:${target.stack}`, kind: "http", lane: "http", follows: "route53", guard: false, expectationIsUnion: false,
        description: `GET ${target.url}${serviceName ? ` as ${serviceName}` : ""}: ` +
            (fault ? `the region answers the fault's 503 while the rule is in place${verifyAlbTls ? "" : noNameOnCertificate}` : `the region itself keeps serving (the outage is simulated)${verifyAlbTls ? "" : noNameOnCertificate}`),
        expected: { before: [target.region], during: answered([target.region]) },
        predictedSeconds: fault ? 0 : null,
        read: () => readServedRegion(prober, { url: target.url, hostHeader: serviceName, timeoutMs: probeTimeoutMs, verifyTls: verifyAlbTls }, fault),
    });
    return signals;
}

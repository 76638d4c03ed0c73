/**
 * Routing-control states through Route 53 ARC's data plane: a cluster's five regional endpoints,
 * tried in turn until one answers (ARC Developer Guide, "Getting and updating routing control
 * states using the ARC API": "try connecting to different cluster endpoints in rotation"). Used
 * at deploy time (routingControlInitialState.ts turns a new control On), by the drill (the
 * routing-control lever and the preflight that refuses while a control is Off) and by the
 * readiness check. Clients are injected, so tests drive every path.
 */
import {
    GetRoutingControlStateCommand,
    Route53RecoveryClusterClient,
    RoutingControlState,
    UpdateRoutingControlStateCommand,
} from "@aws-sdk/client-route53-recovery-cluster";
import { HealthCheck, ListHealthChecksCommand, Route53Client } from "@aws-sdk/client-route-53";

/** One of a cluster's regional data-plane endpoints (the `routingControlClusterEndpoints` output). */
export interface ClusterEndpoint {
    /** URL, e.g. `https://abc.route53-recovery-cluster.us-west-2.amazonaws.com/v1`. */
    readonly endpoint: string;
    /** Its region, which signs the requests. */
    readonly region: string;
}

/** Makes a data-plane client for one endpoint. */
export type ClusterClientFactory = (endpoint: string, region: string) => Route53RecoveryClusterClient;

/** Calls `call` on each endpoint in turn until one answers; throws listing every endpoint's error. */
export async function onAnyEndpoint<T>(
    endpoints: readonly ClusterEndpoint[],
    client: ClusterClientFactory,
    call: (client: Route53RecoveryClusterClient) => Promise<T>,
): Promise<{ value: T; endpoint: ClusterEndpoint; failures: string[] }> {
    const failures: string[] = [];
    for (const endpoint of endpoints) {
        try {
            return { value: await call(client(endpoint.endpoint, endpoint.region)), endpoint, failures };
        } catch (error) {
            failures.push(`${endpoint.region}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        }
    }
    throw new Error(`no cluster endpoint answered (${failures.join("; ") || "no endpoints"})`);
}

/** A routing control's state, read through any endpoint. */
export async function readRoutingControlState(endpoints: readonly ClusterEndpoint[], client: ClusterClientFactory, arn: string): Promise<RoutingControlState | undefined> {
    const answer = await onAnyEndpoint(endpoints, client, (cluster) => cluster.send(new GetRoutingControlStateCommand({ RoutingControlArn: arn })));
    return answer.value.RoutingControlState;
}

/** Sets a routing control's state through any endpoint. */
export async function writeRoutingControlState(endpoints: readonly ClusterEndpoint[], client: ClusterClientFactory, arn: string, state: RoutingControlState): Promise<void> {
    await onAnyEndpoint(endpoints, client, (cluster) => cluster.send(new UpdateRoutingControlStateCommand({ RoutingControlArn: arn, RoutingControlState: state })));
}

/** What one routing control reads as. */
export interface ControlReading {
    /** `On` or `Off`, when it could be read. */
    readonly state?: string;
    /** Why it could not be read. */
    readonly error?: string;
}

/** Every control's state by key (region); a control that cannot be read says why instead. */
export async function readRoutingControlStates(
    endpoints: readonly ClusterEndpoint[],
    client: ClusterClientFactory,
    arns: Readonly<Record<string, string>>,
): Promise<Record<string, ControlReading>> {
    const readings: Record<string, ControlReading> = {};
    for (const [key, arn] of Object.entries(arns)) {
        try {
            readings[key] = { state: await readRoutingControlState(endpoints, client, arn) ?? "unknown" };
        } catch (error) {
            readings[key] = { error: error instanceof Error ? error.message : String(error) };
        }
    }
    return readings;
}

/** The controls that are not known to be On (Off, or unreadable), by key: what stops failover working. */
export function controlsNotOn(readings: Readonly<Record<string, ControlReading>>): string[] {
    return Object.entries(readings).filter(([, reading]) => reading.state !== RoutingControlState.On).map(([key]) => key);
}

/** One line per control: `ap-northeast-2 On`, `ap-northeast-1 Off`, `us-west-2 unreadable (...)`. */
export function describeReadings(readings: Readonly<Record<string, ControlReading>>): string {
    return Object.entries(readings).map(([key, reading]) => `${key} ${reading.state ?? `unreadable (${reading.error})`}`).join(", ") || "no routing controls";
}

/** The Route 53 health checks that follow a routing control (RECOVERY_CONTROL checks naming its ARN), by id. */
export async function healthChecksFollowing(route53: Route53Client, arn: string): Promise<string[]> {
    const following: string[] = [];
    let marker: string | undefined;
    do {
        const page = await route53.send(new ListHealthChecksCommand({ Marker: marker }));
        following.push(...(page.HealthChecks ?? []).filter((check: HealthCheck) => check.HealthCheckConfig?.RoutingControlArn === arn).map((check) => check.Id ?? "?"));
        marker = page.IsTruncated ? page.NextMarker : undefined;
    } while (marker !== undefined);
    return following;
}

/**
 * Routing-control states through Route 53 ARC's data plane: a cluster's five regional endpoints,
 * tried in turn until one answers (ARC Developer Guide, "Getting and updating routing control
 * states using the ARC API": "try connecting to different cluster endpoints in rotation"). Used
 * at deploy time (routingControlInitialState.ts turns a new control On), by the drill (the
 * routing-control lever and the preflight that refuses while a control is Off) and by the
 * readiness check. Clients are injected, so tests drive every path.
 *
 * Calls try the endpoints in turn only while the failure is an endpoint's: a refusal (a safety
 * rule blocking the change, a missing control, a denied permission) is the cluster's answer and
 * would be the same from every endpoint, so it stops the call at once with ARC's own words.
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

/**
 * ARC's errors that say another endpoint may do better: `EndpointTemporarilyUnavailableException`
 * ("Try another cluster endpoint"), throttling and internal errors (route53-recovery-cluster
 * 2019-12-02 error shapes). A failure to reach an endpoint at all (no HTTP status) is tried
 * elsewhere too.
 */
const tryAnotherEndpoint: ReadonlySet<string> = new Set(["EndpointTemporarilyUnavailableException", "ThrottlingException", "InternalServerException"]);

/** ARC's errors that are the cluster's answer, the same from every endpoint (route53-recovery-cluster error shapes). */
const clusterAnswers: ReadonlySet<string> = new Set(["AccessDeniedException", "ResourceNotFoundException", "ValidationException", "ConflictException"]);

/**
 * Whether an error is the cluster's own refusal rather than a failure to reach one endpoint: a
 * safety rule blocking the change (its message names the rule's ARN, ARC guide "Overriding safety
 * rules"), a missing control, a denied permission. AWS does not say which exception a safety rule
 * raises: any client error other than throttling counts (docs/drill-aws-facts.md).
 */
export function isClusterRefusal(error: unknown): boolean {
    if (!(error instanceof Error) || tryAnotherEndpoint.has(error.name)) {
        return false;
    }
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    return clusterAnswers.has(error.name) || (status !== undefined && status >= 400 && status < 500 && status !== 429);
}

function described(error: unknown): string {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Calls `call` on each endpoint in turn until one answers; throws listing every endpoint's error
 * when none does, or at once with the cluster's words when one refuses (another would refuse too).
 */
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
            if (isClusterRefusal(error)) {
                throw new Error(`the routing-control cluster refused at its ${endpoint.region} endpoint: ${described(error)}` +
                    `${failures.length > 0 ? ` (before it: ${failures.join("; ")})` : ""}; the other endpoints would give the same answer, so none was tried`);
            }
            failures.push(`${endpoint.region}: ${described(error)}`);
        }
    }
    throw new Error(`no cluster endpoint answered (${failures.join("; ") || "no endpoints"})`);
}

/** A routing control's state, read through the first endpoint that answers, with the endpoints that failed before it. */
export async function readRoutingControlState(
    endpoints: readonly ClusterEndpoint[],
    client: ClusterClientFactory,
    arn: string,
): Promise<{ state: RoutingControlState | undefined; failures: string[] }> {
    const answer = await onAnyEndpoint(endpoints, client, (cluster) => cluster.send(new GetRoutingControlStateCommand({ RoutingControlArn: arn })));
    return { state: answer.value.RoutingControlState, failures: answer.failures };
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
            readings[key] = { state: (await readRoutingControlState(endpoints, client, arn)).state ?? "unknown" };
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

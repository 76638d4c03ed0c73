/**
 * Route 53 ARC's data plane: a cluster's five regional endpoints, any of which serves a read or
 * an update of a routing control's state (ARC guide, "Get and update routing control states using
 * the API"). Calls try the endpoints in turn, but only while the failure is an endpoint's: a
 * refusal is the cluster's answer and would be the same everywhere.
 */
import { GetRoutingControlStateCommand, Route53RecoveryClusterClient, RoutingControlState } from "@aws-sdk/client-route53-recovery-cluster";

/** One of the cluster's regional data-plane endpoints. */
export interface ClusterEndpoint {
    /** URL, e.g. `https://abc.route53-recovery-cluster.us-west-2.amazonaws.com/v1`. */
    readonly endpoint: string;
    /** Its region, which signs the requests. */
    readonly region: string;
}

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
    client: (endpoint: string, region: string) => Route53RecoveryClusterClient,
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


/** A routing control's state, read through the first endpoint that answers. */
export async function readRoutingControlState(
    endpoints: readonly ClusterEndpoint[],
    client: (endpoint: string, region: string) => Route53RecoveryClusterClient,
    routingControlArn: string,
): Promise<{ state: RoutingControlState | undefined; failures: string[] }> {
    const result = await onAnyEndpoint(endpoints, client, async (cluster) => (await cluster.send(new GetRoutingControlStateCommand({ RoutingControlArn: routingControlArn }))).RoutingControlState);
    return { state: result.value, failures: result.failures };
}

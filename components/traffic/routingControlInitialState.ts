/**
 * A new routing control's first state, set during `pulumi up`. ARC creates routing controls Off,
 * and a RECOVERY_CONTROL health check on an Off control is unhealthy: with `childThreshold: all`
 * every region's combined check would be unhealthy and Route 53 would fail open to PRIMARY. This
 * dynamic resource is created with its control (it is replaced only when the control's ARN
 * changes, and never updated), and turns the control On through the cluster's data-plane
 * endpoints in turn.
 *
 * It never undoes an operator's decision: before changing anything it lists the Route 53 health
 * checks that follow the control. A control that none follows steers no traffic, so turning it
 * On changes nothing users see (the stack creates its own RECOVERY_CONTROL check only after this
 * resource). A control that a health check already follows (a stack deployed before this
 * resource existed) is left as it is, and the resource says so in its `action` output.
 *
 * Credentials: the dynamic provider runs inside the Pulumi engine's Node.js process and uses the
 * AWS SDK's default credential chain (AWS_PROFILE, SSO, environment), as `npx pulumi up` is run.
 */
import { Route53Client } from "@aws-sdk/client-route-53";
import { Route53RecoveryClusterClient, RoutingControlState } from "@aws-sdk/client-route53-recovery-cluster";
import * as pulumi from "@pulumi/pulumi";
import { ClusterClientFactory, ClusterEndpoint, healthChecksFollowing, readRoutingControlState, writeRoutingControlState } from "./routingControlStates";

/** What the resource is given. */
export interface RoutingControlInitialStateInputs {
    /** The routing control. */
    readonly routingControlArn: string;
    /** The cluster's data-plane endpoints, tried in turn. */
    readonly clusterEndpoints: readonly ClusterEndpoint[];
    /** The state a new control gets. */
    readonly state: RoutingControlState;
}

/** What it did. */
export interface InitialStateOutcome {
    /** `turned-on`, `already-on`, or `left-alone` (a health check already follows the control). */
    readonly action: "turned-on" | "already-on" | "left-alone";
    /** The state it found. */
    readonly stateBefore: string;
    /** The state it read back afterwards. */
    readonly stateAfter: string;
    /** Health checks that already followed the control. */
    readonly followedBy: readonly string[];
}

/** The calls it makes, injectable for tests. */
export interface InitialStateClients {
    /** A data-plane client per cluster endpoint. */
    readonly cluster: ClusterClientFactory;
    /** Route 53, to list the health checks that follow the control. */
    readonly route53: Route53Client;
    /** Waits between attempts while a new control has not reached the data plane. */
    readonly sleep: (ms: number) => Promise<void>;
}

/** Attempts and the wait between them: a new control may take a while to reach the data plane. */
export const initialStateRetry = { attempts: 30, waitMs: 5000 } as const;

/** Errors that no retry can cure: a wrong ARN, a missing permission. */
const permanent = /AccessDeniedException|ValidationException/;

async function retried<T>(clients: InitialStateClients, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (error) {
            const text = error instanceof Error ? error.message : String(error);
            if (attempt >= initialStateRetry.attempts || permanent.test(text)) {
                throw error;
            }
            await clients.sleep(initialStateRetry.waitMs);
        }
    }
}

/** Sets a new control's first state, unless a health check already follows it (then it is an operator's to change). */
export async function setInitialState(inputs: RoutingControlInitialStateInputs, clients: InitialStateClients): Promise<InitialStateOutcome> {
    const { routingControlArn: arn, clusterEndpoints: endpoints, state } = inputs;
    const followedBy = await healthChecksFollowing(clients.route53, arn);
    const stateBefore = (await retried(clients, () => readRoutingControlState(endpoints, clients.cluster, arn))).state ?? "unknown";
    if (followedBy.length > 0 || stateBefore === state) {
        return { action: stateBefore === state ? "already-on" : "left-alone", stateBefore, stateAfter: stateBefore, followedBy };
    }
    await retried(clients, () => writeRoutingControlState(endpoints, clients.cluster, arn, state));
    const stateAfter = (await retried(clients, () => readRoutingControlState(endpoints, clients.cluster, arn))).state ?? "unknown";
    if (stateAfter !== state) {
        throw new Error(`routing control ${arn} reads ${stateAfter} after UpdateRoutingControlState ${state}`);
    }
    return { action: "turned-on", stateBefore, stateAfter, followedBy };
}

/** The real clients: SDK defaults for credentials, Route 53's API in us-east-1. */
export function realInitialStateClients(): InitialStateClients {
    return {
        cluster: (endpoint, region) => new Route53RecoveryClusterClient({ endpoint, region }),
        route53: new Route53Client({ region: "us-east-1" }),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
}

/**
 * The dynamic provider: create sets the first state; a changed ARN (a new control) replaces the
 * resource, so the new control gets its first state too; nothing else is ever changed or deleted.
 */
export function initialStateProvider(clients: () => InitialStateClients): pulumi.dynamic.ResourceProvider {
    return {
        async create(inputs: RoutingControlInitialStateInputs) {
            const outcome = await setInitialState(inputs, clients());
            return { id: `${inputs.routingControlArn}/initial-state`, outs: { ...inputs, ...outcome } };
        },
        async diff(_id: string, olds: RoutingControlInitialStateInputs, news: RoutingControlInitialStateInputs) {
            const replaced = olds.routingControlArn !== news.routingControlArn;
            return { changes: replaced, replaces: replaced ? ["routingControlArn"] : [] };
        },
    };
}

const provider = initialStateProvider(realInitialStateClients);

/** Arguments of {@link RoutingControlInitialState}. */
export interface RoutingControlInitialStateArgs {
    /** The routing control. */
    readonly routingControlArn: pulumi.Input<string>;
    /** The cluster's data-plane endpoints. */
    readonly clusterEndpoints: pulumi.Input<ClusterEndpoint[]>;
    /** The first state. @default "On" */
    readonly state?: RoutingControlState;
}

/** The token of the resource type, for the plan, the mocks and the policy pack. */
export const routingControlInitialStateType = "pulumi-nodejs:dynamic/arc:RoutingControlInitialState";

/** A new routing control turned On once, at creation, through ARC's data plane. */
export class RoutingControlInitialState extends pulumi.dynamic.Resource {
    /** What it did: `turned-on`, `already-on` or `left-alone`. */
    public readonly action!: pulumi.Output<InitialStateOutcome["action"]>;
    /** The state it found. */
    public readonly stateBefore!: pulumi.Output<string>;

    constructor(name: string, args: RoutingControlInitialStateArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, {
            routingControlArn: args.routingControlArn,
            clusterEndpoints: args.clusterEndpoints,
            state: args.state ?? RoutingControlState.On,
            action: undefined,
            stateBefore: undefined,
        }, opts, "arc", "RoutingControlInitialState");
    }
}

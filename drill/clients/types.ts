/**
 * The seams of `drill run`: everything that touches time, the network, AWS or the Pulumi engine
 * is one of these interfaces. The CLI builds the real ones (drill/clients/real*.ts); tests
 * drive the same runner with mocked AWS clients, a fake clock and fakes for the rest.
 */
import type { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import type { GlobalAcceleratorClient } from "@aws-sdk/client-global-accelerator";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { Route53Client } from "@aws-sdk/client-route-53";
import type { Route53RecoveryClusterClient } from "@aws-sdk/client-route53-recovery-cluster";

/** Time, so that tests can run a ten-minute drill in milliseconds. */
export interface Clock {
    /** Milliseconds since the epoch. */
    now(): number;
    /** Resolves after `ms` milliseconds. */
    sleep(ms: number): Promise<void>;
}

/** One HTTP probe. */
export interface ProbeRequest {
    /** URL to fetch, e.g. `https://app.example.com/`. */
    readonly url: string;
    /** Host name to present (Host header and TLS SNI) instead of the URL's, e.g. to probe an ALB directly. */
    readonly hostHeader?: string;
    /** Give up after this many milliseconds. */
    readonly timeoutMs: number;
    /** Verify the server's certificate against the presented name. @default true */
    readonly verifyTls?: boolean;
}

/** What a probe saw. */
export interface ProbeResult {
    /** HTTP status, when a response arrived. */
    readonly status?: number;
    /** The region that served the page (X-Served-Region header or the page's marker). */
    readonly servedRegion?: string;
    /** Why there is no response, when there is none. */
    readonly error?: string;
}

/** Fetches a page with a fresh connection (so that DNS and Global Accelerator changes show). */
export interface HttpProber {
    /** Fetches the page and reports who served it. */
    probe(request: ProbeRequest): Promise<ProbeResult>;
}

/** What a probe over a modelled client's own kept-alive connection saw. */
export interface ConnectionProbeResult extends ProbeResult {
    /** Whether the request went over a connection the client had used before (Node's `req.reusedSocket`). */
    readonly reused?: boolean;
    /** The connection's local port: a new port is a new connection. */
    readonly localPort?: number;
    /** The address the connection reached. */
    readonly remoteAddress?: string;
}

/**
 * One modelled client that keeps its connection open between requests, as browsers and SDKs do:
 * it looks the name up only when it opens a connection, so a kept connection goes on reaching the
 * region it was opened to until the server closes it (docs/capacity-and-recovery.md).
 */
export interface KeepAliveClient {
    /** Fetches the page over the kept connection (a new one when there is none) and says which. */
    probe(request: ProbeRequest): Promise<ConnectionProbeResult>;
    /** Closes the kept connection. */
    close(): void;
}

/** Makes keep-alive clients, one connection each. */
export interface KeepAliveProber {
    /** A new client named `name` (for its connection's traces). */
    client(name: string): KeepAliveClient;
}

/** Resolves names to IPv4 addresses (the ALBs' names, to tell answers' regions apart). */
export interface DnsResolver {
    /** The A records of `hostname`. */
    resolve4(hostname: string): Promise<string[]>;
}

/** Where the runner reports progress. */
export interface ProgressSink {
    /** A line worth keeping: a step, a signal change, a warning. */
    event(line: string): void;
    /** The live status board, replaced on every poll (a TTY redraws it; other outputs may ignore it). */
    board(lines: readonly string[]): void;
}

/** What the runner hears while `pulumi up` runs. */
export interface UpListener {
    /** A line of the engine's output. */
    onOutput(line: string): void;
    /** A resource's step began (`update`, `same`, ...): the provider is about to call AWS. */
    onResourceStarted?(type: string, operation: string): void;
    /** A resource finished an operation (`update`, `same`, ...), by resource type token. */
    onResourceDone(type: string, operation: string): void;
}

/** The Pulumi stacks, through the Automation API. */
export interface StackAutomation {
    /** The stack's outputs, plain values. */
    outputs(stack: string): Promise<Record<string, unknown>>;
    /** A config value of the stack (project namespace), or undefined when unset. */
    getConfig(stack: string, key: string): Promise<string | undefined>;
    /** Sets a config value (not path mode: `drill.simulateOutage` is a flat key). */
    setConfig(stack: string, key: string, value: string): Promise<void>;
    /** Removes a config value from the stack file. */
    removeConfig(stack: string, key: string): Promise<void>;
    /**
     * Previews the stack (only `targets`, by URN, when given); resolves with the count of resources
     * that would change. `listener` hears the engine's output lines.
     */
    preview(stack: string, targets?: readonly string[], listener?: Pick<UpListener, "onOutput">): Promise<{ readonly changes: number; readonly summary: Readonly<Record<string, number>> }>;
    /** Runs `pulumi up` on the stack (only `targets`, by URN, when given). */
    up(stack: string, listener: UpListener, targets?: readonly string[]): Promise<void>;
    /** The stack's checkpoint: its resources and any operations an interrupted update left pending. */
    exportDeployment(stack: string): Promise<DeploymentSnapshot>;
    /** The latest update of the stack, if any (`in-progress` while another update holds the stack). */
    lastUpdate(stack: string): Promise<{ readonly kind: string; readonly result: string; readonly startTime: string } | undefined>;
}

/** A stack's checkpoint, as much as the drill reads. */
export interface DeploymentSnapshot {
    /** Every resource: URN, type token and recorded outputs. */
    readonly resources: readonly { readonly urn: string; readonly type: string; readonly outputs: Readonly<Record<string, unknown>> }[];
    /** Operations an interrupted update left pending (a resource that may or may not exist). */
    readonly pendingOperations: readonly { readonly urn: string; readonly type: string }[];
}

/** The AWS SDK clients: Route 53's control plane is in us-east-1, Global Accelerator's in us-west-2. */
export interface AwsClients {
    /** Route 53 (region us-east-1). */
    readonly route53: Route53Client;
    /** Global Accelerator (region us-west-2). */
    readonly globalAccelerator: GlobalAcceleratorClient;
    /** CloudWatch in a region (alarms live, and are read and set, in their own region). */
    readonly cloudWatch?: (region: string) => CloudWatchClient;
    /** Route 53 ARC's data plane at one of a cluster's regional endpoints. */
    readonly recoveryCluster?: (endpoint: string, region: string) => Route53RecoveryClusterClient;
    /** Elastic Load Balancing in a region (the fault lever's listener rule lives with its ALB). */
    readonly elbv2?: (region: string) => ElasticLoadBalancingV2Client;
    /** EC2 Auto Scaling in a region (a group is read and changed in its own region), for pre-scaling. */
    readonly autoScaling?: (region: string) => AutoScalingClient;
}

/** Everything `drill run` needs from the outside world. */
export interface DrillDependencies {
    /** AWS SDK clients. */
    readonly aws: AwsClients;
    /** The stacks, through the Automation API. */
    readonly automation: StackAutomation;
    /** Time. */
    readonly clock: Clock;
    /** HTTP probes. */
    readonly prober: HttpProber;
    /** Keep-alive clients, for when reused connections move; without it the drill measures fresh connections only. */
    readonly keepAlive?: KeepAliveProber;
    /** DNS resolution of the ALBs' names. */
    readonly resolver: DnsResolver;
    /** Progress output. */
    readonly progress: ProgressSink;
    /** Aborted on Ctrl-C: the runner stops polling, restores and reports `interrupted`. */
    readonly interrupt?: AbortSignal;
}

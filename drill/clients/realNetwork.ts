/**
 * The real clock, HTTP prober, DNS resolver and AWS clients.
 *
 * The prober uses node:http(s) with `agent: false` rather than global fetch: fetch pools
 * keep-alive connections, and a reused connection would keep reaching the old region after
 * DNS or Global Accelerator moved (GA never moves established connections), hiding the very
 * change the drill measures. Each probe is a fresh connection and a fresh name lookup.
 *
 * The keep-alive clients do the opposite on purpose: each has its own agent holding at most one
 * connection, kept between requests, so that the drill sees when a client on an open connection
 * moves (the ALB closes it: its idle timeout, or its client keepalive's `Connection: close`).
 */
import * as dns from "node:dns/promises";
import * as http from "node:http";
import * as https from "node:https";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { GlobalAcceleratorClient } from "@aws-sdk/client-global-accelerator";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { Route53Client } from "@aws-sdk/client-route-53";
import { Route53RecoveryClusterClient } from "@aws-sdk/client-route53-recovery-cluster";
import { globalAcceleratorApiRegion } from "../../domain/awsFacts";
import { servedRegionOf } from "../../components/fleet/demoPage";
import { LookupFunction } from "node:net";
import { AwsClients, Clock, ConnectionProbeResult, DnsResolver, HttpProber, KeepAliveClient, KeepAliveProber, ProbeRequest } from "./types";

/** Route 53's control plane (health checks, TestDNSAnswer) is served from us-east-1. */
export const route53ApiRegion = "us-east-1";

/** The SDK clients, in the regions their APIs live in; each is created on first use. */
export function realAwsClients(): AwsClients {
    let route53: Route53Client | undefined;
    let globalAccelerator: GlobalAcceleratorClient | undefined;
    return {
        get route53() {
            return (route53 ??= new Route53Client({ region: route53ApiRegion }));
        },
        get globalAccelerator() {
            return (globalAccelerator ??= new GlobalAcceleratorClient({ region: globalAcceleratorApiRegion }));
        },
        cloudWatch: cached((region) => new CloudWatchClient({ region })),
        // ARC's data plane: each cluster endpoint is its own URL, signed for its own region.
        recoveryCluster: cached((endpoint, region) => new Route53RecoveryClusterClient({ region, endpoint })),
        elbv2: cached((region) => new ElasticLoadBalancingV2Client({ region })),
        autoScaling: cached((region) => new AutoScalingClient({ region })),
    };
}

/** A factory that creates each client once per argument list. */
export function cached<A extends string[], C>(create: (...args: A) => C): (...args: A) => C {
    const clients = new Map<string, C>();
    return (...args: A) => {
        const key = args.join(" ");
        let client = clients.get(key);
        if (client === undefined) {
            client = create(...args);
            clients.set(key, client);
        }
        return client;
    };
}

/** Wall-clock time. */
export const systemClock: Clock = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The system's configured DNS servers. */
export const systemResolver: DnsResolver = {
    resolve4: (hostname) => dns.resolve4(hostname),
};

/** Reading stops after this much body: the demo page's marker is near its start. */
const maxBodyBytes = 64 * 1024;

/**
 * One request: the status and the serving region, and which connection carried it.
 * @param agent false: a fresh connection; an agent: its kept connection, when it has one.
 * @param lookup resolves the name when a connection is opened. @default the system's
 */
function probeOnce(request: ProbeRequest, agent: http.Agent | false, lookup?: LookupFunction): Promise<ConnectionProbeResult> {
    return new Promise<ConnectionProbeResult>((resolve) => {
        const url = new URL(request.url);
        const transport = url.protocol === "https:" ? https : http;
        const host = request.hostHeader ?? url.hostname;
        const settle = (result: ConnectionProbeResult) => {
            clearTimeout(timer);
            resolve(result);
        };
        const outgoing = transport.request(url, {
            method: "GET",
            agent,
            ...(lookup ? { lookup } : {}),
            headers: { host, "cache-control": "no-cache", "user-agent": "multi-region-drill" },
            ...(url.protocol === "https:" ? { servername: host, rejectUnauthorized: request.verifyTls !== false } : {}),
        }, (response) => {
            // Only a kept connection's probe says which connection carried it (a fresh one is always new).
            const connection = agent === false ? {} : { reused: outgoing.reusedSocket, localPort: response.socket?.localPort, remoteAddress: response.socket?.remoteAddress };
            const chunks: Buffer[] = [];
            let size = 0;
            const finish = (cut: boolean) => {
                const header = response.headers["x-served-region"];
                const fromHeader = Array.isArray(header) ? header[0] : header;
                settle({ status: response.statusCode, servedRegion: fromHeader ?? servedRegionOf(Buffer.concat(chunks).toString("utf8")), ...connection });
                if (cut || agent === false) {
                    // A cut body cannot leave the connection reusable; a fresh connection is not kept anyway.
                    response.destroy();
                }
            };
            response.on("data", (chunk: Buffer) => {
                chunks.push(chunk);
                size += chunk.length;
                if (size >= maxBodyBytes) {
                    finish(true);
                }
            });
            response.on("end", () => finish(false));
            response.on("error", (error) => settle({ status: response.statusCode, error: error.message, ...connection }));
        });
        // The whole exchange, not only an idle socket, must fit in the timeout.
        const timer = setTimeout(() => outgoing.destroy(new Error(`no response within ${request.timeoutMs} ms`)), request.timeoutMs);
        outgoing.on("error", (error) => settle({ error: error.message, ...(agent === false ? {} : { reused: outgoing.reusedSocket }) }));
        outgoing.end();
    });
}

/** HTTP(S) probes on fresh connections. */
export const nodeHttpProber: HttpProber = {
    probe: (request: ProbeRequest) => probeOnce(request, false),
};

/** A client with one connection of its own, kept between requests (agents per scheme, one socket each). */
class NodeKeepAliveClient implements KeepAliveClient {
    private readonly agents = {
        http: new http.Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 }),
        https: new https.Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 }),
    };

    constructor(private readonly lookup?: LookupFunction) {}

    probe(request: ProbeRequest): Promise<ConnectionProbeResult> {
        return probeOnce(request, request.url.startsWith("https:") ? this.agents.https : this.agents.http, this.lookup);
    }

    close(): void {
        this.agents.http.destroy();
        this.agents.https.destroy();
    }
}

/**
 * Keep-alive clients over node:http(s).
 * @param lookup resolves names when a client opens a connection (tests point it at loopback servers). @default the system's
 */
export function nodeKeepAliveProber(lookup?: LookupFunction): KeepAliveProber {
    return { client: () => new NodeKeepAliveClient(lookup) };
}

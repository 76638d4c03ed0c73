/**
 * The real clock, HTTP prober, DNS resolver and AWS clients.
 *
 * The prober uses node:http(s) with `agent: false` rather than global fetch: fetch pools
 * keep-alive connections, and a reused connection would keep reaching the old region after
 * DNS or Global Accelerator moved (GA never moves established connections), hiding the very
 * change the drill measures. Each probe is a fresh connection and a fresh name lookup.
 */
import * as dns from "node:dns/promises";
import * as http from "node:http";
import * as https from "node:https";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { GlobalAcceleratorClient } from "@aws-sdk/client-global-accelerator";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { Route53Client } from "@aws-sdk/client-route-53";
import { Route53RecoveryClusterClient } from "@aws-sdk/client-route53-recovery-cluster";
import { globalAcceleratorApiRegion } from "../../domain/awsFacts";
import { servedRegionOf } from "../../components/fleet/demoPage";
import { AwsClients, Clock, DnsResolver, HttpProber, ProbeRequest, ProbeResult } from "./types";

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
        autoScaling: cached((region) => new AutoScalingClient({ region })),
    };
}

/** A factory that creates each client once per argument list. */
function cached<A extends string[], C>(create: (...args: A) => C): (...args: A) => C {
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

/** HTTP(S) probes on fresh connections. */
export const nodeHttpProber: HttpProber = {
    probe: (request: ProbeRequest) => new Promise<ProbeResult>((resolve) => {
        const url = new URL(request.url);
        const transport = url.protocol === "https:" ? https : http;
        const host = request.hostHeader ?? url.hostname;
        const settle = (result: ProbeResult) => {
            clearTimeout(timer);
            resolve(result);
        };
        const outgoing = transport.request(url, {
            method: "GET",
            agent: false,
            headers: { host, "cache-control": "no-cache", "user-agent": "multi-region-drill" },
            ...(url.protocol === "https:" ? { servername: host, rejectUnauthorized: request.verifyTls !== false } : {}),
        }, (response) => {
            const chunks: Buffer[] = [];
            let size = 0;
            const finish = () => {
                const header = response.headers["x-served-region"];
                const fromHeader = Array.isArray(header) ? header[0] : header;
                settle({ status: response.statusCode, servedRegion: fromHeader ?? servedRegionOf(Buffer.concat(chunks).toString("utf8")) });
                response.destroy();
            };
            response.on("data", (chunk: Buffer) => {
                chunks.push(chunk);
                size += chunk.length;
                if (size >= maxBodyBytes) {
                    finish();
                }
            });
            response.on("end", finish);
            response.on("error", (error) => settle({ status: response.statusCode, error: error.message }));
        });
        // The whole exchange, not only an idle socket, must fit in the timeout.
        const timer = setTimeout(() => outgoing.destroy(new Error(`no response within ${request.timeoutMs} ms`)), request.timeoutMs);
        outgoing.on("error", (error) => settle({ error: error.message }));
        outgoing.end();
    }),
};

/**
 * Connections that move (docs/capacity-and-recovery.md, "Open connections"): besides its probes on
 * fresh connections (drill/signals/build.ts), the drill models two clients that keep their
 * connection open, each with a connection of its own:
 *
 * - a busy client requests on every poll, more often than the ALB's idle timeout, so its
 *   connection lives until the ALB's client keepalive ends it (`Connection: close` on the first
 *   response after the connection is that old): it shows when reused connections move, to be
 *   compared with the plan's bound (traffic moved + keepalive + idle timeout, domain/connections.ts);
 * - a pausing client waits longer than the idle timeout between requests, so the ALB has closed
 *   its connection each time: it moves like a new connection, up to one pause late.
 *
 * Each read says whether the request reused the client's connection and from which local port,
 * and the report says on which kind of connection the client reached the survivor.
 */
import { ConnectionSettings, reconnectionBoundSeconds } from "../../domain/connections";
import { Clock, KeepAliveClient, KeepAliveProber, ProbeRequest } from "../clients/types";
import { readServedRegion } from "./http";
import { Observation, Signal } from "./signal";

/** What the connection signals are built from. */
export interface ConnectionContext {
    /** Makes the clients. */
    readonly keepAlive: KeepAliveProber;
    /** Time (when the pausing client last asked). */
    readonly clock: Clock;
    /** The service's URL and how to present it (the same request as the fresh probe of that name). */
    readonly request: ProbeRequest;
    /** What a fresh probe of the same URL is expected to see (before and during the outage). */
    readonly expected: Signal["expected"];
    /** Worst-case seconds until a new connection lands in the survivor (the DNS clients' prediction). */
    readonly newConnectionSeconds: number;
    /** The target ALB's keepalive and idle timeout (`alb.clientKeepAliveSeconds`, `alb.idleTimeoutSeconds`). */
    readonly settings: ConnectionSettings;
    /** Seconds between polls: the busy client's interval. */
    readonly pollSeconds: number;
    /** Under the fault lever: a 503 on a kept connection to the target is the fault's answer, as for the fresh probes. @default false */
    readonly faultExpected?: boolean;
}

/** A read through a kept connection, with which connection carried it. */
async function readKept(client: KeepAliveClient, request: ProbeRequest, faultExpected: boolean): Promise<Observation> {
    const result = await client.probe(request);
    const observation = await readServedRegion({ probe: async () => result }, request, faultExpected);
    if (result.reused === undefined) {
        return observation;
    }
    const how = `${result.reused ? "reused" : "new"} connection${result.localPort ? ` from local port ${result.localPort}` : ""}${result.remoteAddress ? ` to ${result.remoteAddress}` : ""}`;
    return { ...observation, detail: `${observation.detail ?? ""} on a ${how}`.trim(), connection: { reused: result.reused, ...(result.localPort ? { localPort: result.localPort } : {}) } };
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/**
 * How the change came about for a keep-alive client: on which connection it reached the new
 * region, and how long its old connection kept serving the old one after the lever took effect.
 */
export function connectionNotes(observations: readonly { readonly atMs: number; readonly observation: Observation }[], effectiveAtMs: number, changedAtMs: number | undefined): string[] {
    const moved = observations.find((item) => item.atMs === changedAtMs);
    if (moved === undefined) {
        return [];
    }
    const reached = moved.observation.value;
    const notes = [`reached ${reached} on a ${moved.observation.connection?.reused ? "REUSED" : "new"} connection${moved.observation.connection?.localPort ? ` (local port ${moved.observation.connection.localPort})` : ""}`];
    const stayed = observations.filter((item) => item.atMs >= effectiveAtMs && item.atMs < moved.atMs && item.observation.value !== reached && item.observation.connection !== undefined);
    const kept = stayed.filter((item) => item.observation.connection!.reused);
    const opened = stayed.length - kept.length;
    if (kept.length > 0) {
        const ports = [...new Set(kept.map((item) => item.observation.connection!.localPort).filter((port) => port !== undefined))];
        notes.push(`${kept.length} request(s) on kept connections${ports.length > 0 ? ` (local ports ${ports.join(", ")})` : ""} still reached ${kept[0].observation.value} after the lever took effect, ` +
            `the last ${seconds(kept.at(-1)!.atMs - effectiveAtMs)} s after it`);
    }
    if (opened > 0) {
        notes.push(`${opened} new connection(s) opened meanwhile still reached ${stayed[0].observation.value} (the client's DNS answer had not moved yet)`);
    }
    return notes;
}

/** The busy and the pausing keep-alive clients of the service URL. */
export function connectionSignals(context: ConnectionContext): Signal[] {
    const { settings, pollSeconds, clock, request } = context;
    const faultExpected = context.faultExpected ?? false;
    const bound = reconnectionBoundSeconds(settings);
    const busy = context.keepAlive.client("busy");
    const pausing = context.keepAlive.client("pausing");
    // Longer than the idle timeout, in whole polls: the ALB has closed the connection before each request.
    const pauseSeconds = Math.ceil((settings.idleTimeoutSeconds + 1) / pollSeconds) * pollSeconds;
    let lastAskedMs: number | undefined;
    const base = { kind: "connection", lane: "http", follows: "route53", guard: false, expectationIsUnion: true, expected: context.expected } as const;
    const boundText = `the plan's bound for an open connection: traffic ${context.newConnectionSeconds} s + keepalive ${settings.clientKeepAliveSeconds} s + idle timeout ${settings.idleTimeoutSeconds} s = ${context.newConnectionSeconds + bound} s`;
    return [{
        ...base, id: "connection:busy",
        description: `GET ${request.url} every ${pollSeconds} s on one kept connection (busier than the ${settings.idleTimeoutSeconds} s idle timeout: it moves when the ALB's ${settings.clientKeepAliveSeconds} s keepalive closes it)`,
        predictedSeconds: context.newConnectionSeconds + bound,
        read: () => readKept(busy, request, faultExpected),
        explain: (observations, effectiveAtMs, changedAtMs) => [...connectionNotes(observations, effectiveAtMs, changedAtMs), boundText],
    }, {
        ...base, id: "connection:pausing",
        description: `GET ${request.url} every ${pauseSeconds} s on one kept connection (longer than the ${settings.idleTimeoutSeconds} s idle timeout: the ALB closed it before each request)`,
        predictedSeconds: context.newConnectionSeconds + pauseSeconds,
        read: async () => {
            const now = clock.now();
            if (lastAskedMs !== undefined && now - lastAskedMs < pauseSeconds * 1000) {
                return { value: "!pausing", noSample: true };
            }
            lastAskedMs = now;
            return readKept(pausing, request, faultExpected);
        },
        explain: connectionNotes,
    }];
}

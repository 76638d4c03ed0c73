/**
 * When a region's traffic has moved: the slowest endpoint failover path the stack takes part in.
 * The parts of the recovery prediction (config/recovery.ts) and the connection rule
 * (config/rules/connections.ts) start from it.
 */
import { FailoverPrediction } from "../domain/failover";
import { dnsEnabled, isGlobalStack } from "./derive";
import type { StackSettings } from "./schema";

/** The failover paths whose time the parts start from: the endpoint health paths. */
export type EndpointPath = "dns" | "globalAccelerator";

/** When traffic has moved: the slowest endpoint path the stack takes part in. */
export interface TrafficMoved {
    /** The path. */
    readonly path: EndpointPath;
    /** Worst-case seconds after the region stops serving. */
    readonly seconds: number;
}

/**
 * The slowest of the endpoint paths the stack takes part in (its DNS records, the accelerator),
 * or undefined when it takes part in neither or is the global stack (nothing fails over). The alarm and routing-control
 * paths move DNS on other signals; their predictions are shown beside these.
 */
export function trafficMoved(settings: StackSettings, prediction: FailoverPrediction): TrafficMoved | undefined {
    if (isGlobalStack(settings)) {
        // The global stack serves no region: it has nothing to fail over.
        return undefined;
    }
    const paths: TrafficMoved[] = [
        ...(dnsEnabled(settings) ? [{ path: "dns" as const, seconds: prediction.dns.totalSeconds }] : []),
        ...(settings.globalAccelerator.enabled ? [{ path: "globalAccelerator" as const, seconds: prediction.globalAccelerator.totalSeconds }] : []),
    ];
    return paths.reduce<TrafficMoved | undefined>((slowest, path) => (slowest === undefined || path.seconds > slowest.seconds ? path : slowest), undefined);
}


/**
 * What a shift watches and for how long. After each step the regions taking the traffic are
 * watched (their alarms and health, as `npm run deploy`'s bake reads them) for as long as the
 * moved traffic takes to arrive (the 60 s ELB alias TTL) and an alarm takes to fire on it; a
 * failback first watches the returning region for a hold-down time: as long as its own alarms
 * take to fire (or, without alarms, its Route 53 health check takes to fail), so that a region
 * still failing shows it before traffic returns.
 */
import { elbAliasTtlSeconds } from "../../domain/awsFacts";
import { predictAlarmPath } from "../../domain/failover";
import { alarmTiming } from "../../config/derive";
import type { StackConfig } from "../../config/load";
import { bakeSignals } from "../../deploy/bake";
import { AwsClients, Clock } from "../clients/types";
import { DeployedRegion } from "../clients/outputs";
import { ClusterEndpoint } from "../../components/traffic/routingControlStates";
import { readEndpointGroup } from "../signals/accelerator";
import { Signal } from "../signals/signal";

/** Seconds until a failure of the region shows: its alarms' detection, else its health check's. */
export function detectionSecondsOf(config: StackConfig): number {
    const { settings } = config;
    return settings.alarms.enabled
        ? predictAlarmPath(alarmTiming(settings.alarms)).detectionSeconds
        : settings.healthCheck.requestInterval * settings.healthCheck.failureThreshold;
}

/** The default watch after a step: the alias TTL, then the slowest detection of the regions watched. */
export function stepHoldSeconds(watched: readonly StackConfig[]): number {
    return elbAliasTtlSeconds + Math.max(0, ...watched.map(detectionSecondsOf));
}

/** The default hold-down of a failback: the returning region's detection time. */
export function holdDownSeconds(target: StackConfig): number {
    return detectionSecondsOf(target);
}

/**
 * The returning region's own signals for a failback: its guards and alarms as the bake reads them,
 * except that its accelerator endpoints are judged by their health alone (its dial is the shift's
 * own doing until the failback ends).
 */
export function returningRegionSignals(region: DeployedRegion, aws: AwsClients, clock: Clock, clusterEndpoints: readonly ClusterEndpoint[]): Signal[] {
    const acceleratorGuard = `guard:accelerator:${region.stack}`;
    const signals = bakeSignals([region], aws, clock, clusterEndpoints).filter((signal) => signal.id !== acceleratorGuard);
    const arn = region.endpointGroupArn;
    if (arn === undefined) {
        return signals;
    }
    return [...signals, {
        id: `accelerator-endpoints:${region.stack}`, kind: "guard", lane: "globalAccelerator", follows: "globalAccelerator", guard: true, expectationIsUnion: false,
        description: `Global Accelerator endpoints of ${region.region} must be HEALTHY (its dial is the shift's)`,
        expected: { before: ["healthy"], during: ["healthy"] }, predictedSeconds: null,
        read: async () => {
            const reading = await readEndpointGroup(aws.globalAccelerator, arn);
            const healthy = reading.endpoints > 0 && reading.healthyEndpoints === reading.endpoints;
            return { value: healthy ? "healthy" : "unhealthy", detail: `${reading.healthyEndpoints}/${reading.endpoints} endpoints healthy, dial ${reading.trafficDial}` };
        },
    }];
}

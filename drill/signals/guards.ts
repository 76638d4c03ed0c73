/**
 * Guards: what the drill reads of every other region on every poll, so that a real failure of a
 * region that takes the traffic stops the drill and restores at once, whatever path shows it.
 * Each path the records or the accelerator follow has its own guard:
 *
 * - the endpoint health check (its checkers, under its Inverted flag, by the >18% rule);
 * - the Global Accelerator endpoint group (endpoints HEALTHY and a dial above 0);
 * - each followed alarm (the stack's `followedAlarmNames` output, its child check the `alarm-<key>`
 *   entry of `healthCheckIds`; for stacks deployed before that output, the `alarm-<key>` entries
 *   named by `alarmNames`), in its own region;
 * - the routing control (through the cluster's data plane), when the region has one;
 * - the combined (CALCULATED) check the records carry. Route 53 does not report a calculated
 *   check's status through GetHealthCheckStatus, so the guard reads its configuration (children,
 *   HealthThreshold, Inverted) on every poll and computes its status from its children as the
 *   other guards last read them: someone raising its threshold or inverting it trips it as
 *   surely as a failing child.
 *
 * Which alarms are followed and which checks exist come from the stack's outputs
 * (program/outputs.ts), never from a list of names here.
 */
import { GetHealthCheckCommand, HealthCheck } from "@aws-sdk/client-route-53";
import { ClusterEndpoint, readRoutingControlState } from "../../components/traffic/routingControlStates";
import { AwsClients, Clock } from "../clients/types";
import { DeployedRegion } from "../clients/outputs";
import { endpointHealthObservation, readEndpointGroup } from "./accelerator";
import { followedAlarms, quietStates, readAlarm } from "./alarms";
import { healthObservation, InversionHistory, readHealthCheck } from "./route53";
import { Observation, Signal } from "./signal";

/** What the guards are built from. */
export interface GuardContext {
    /** The regions that take the traffic while the target is out. */
    readonly others: readonly DeployedRegion[];
    /** The routing-control cluster's data-plane endpoints (from the owner stack's outputs). */
    readonly clusterEndpoints: readonly ClusterEndpoint[];
    /** AWS SDK clients. */
    readonly aws: AwsClients;
    /** Time (when a health check's Inverted flag was seen to change). */
    readonly clock: Clock;
}

/** The health of a combined check's children as the other guards last read them, by health check id. */
class ChildHealth {
    private readonly latest = new Map<string, boolean | undefined>();
    private readonly alarmTokens = new Map<string, string>();
    private readonly lastKnown = new Map<string, boolean>();
    /** Each alarm child's InsufficientDataHealthStatus, read once. */
    private readonly insufficientData = new Map<string, string>();

    set(childId: string | undefined, healthy: boolean | undefined): void {
        if (childId !== undefined) {
            this.latest.set(childId, healthy);
            if (healthy !== undefined) {
                this.lastKnown.set(childId, healthy);
            }
        }
    }

    setAlarm(childId: string | undefined, token: string): void {
        if (childId === undefined) {
            return;
        }
        this.alarmTokens.set(childId, token);
        this.set(childId, token === "alarm" ? false : token === "ok" ? true : undefined);
    }

    /**
     * A child's health: as read, or for an alarm without data, what its check makes of that
     * (route53 `InsufficientDataHealthStatus`: Healthy, Unhealthy, or the last known status).
     */
    async of(childId: string, readConfig: (id: string) => Promise<HealthCheck | undefined>): Promise<boolean | undefined> {
        const token = this.alarmTokens.get(childId);
        if (token === "insufficient-data") {
            if (!this.insufficientData.has(childId)) {
                this.insufficientData.set(childId, (await readConfig(childId))?.HealthCheckConfig?.InsufficientDataHealthStatus ?? "LastKnownStatus");
            }
            const status = this.insufficientData.get(childId);
            return status === "Healthy" ? true : status === "Unhealthy" ? false : this.lastKnown.get(childId);
        }
        return this.latest.get(childId);
    }
}

function healthToken(healthy: boolean): string {
    return healthy ? "healthy" : "unhealthy";
}

/** The combined check's status from its configuration and its children's health (route53 `HealthThreshold`, `Inverted`). */
async function combinedObservation(aws: AwsClients, combinedId: string, roles: ReadonlyMap<string, string>, children: ChildHealth): Promise<Observation> {
    const readConfig = async (id: string) => (await aws.route53.send(new GetHealthCheckCommand({ HealthCheckId: id }))).HealthCheck;
    const config = (await readConfig(combinedId))?.HealthCheckConfig;
    const childIds = config?.ChildHealthChecks ?? [];
    const threshold = config?.HealthThreshold ?? childIds.length;
    const inverted = config?.Inverted === true;
    let healthyChildren = 0;
    const unread: string[] = [];
    for (const childId of childIds) {
        const healthy = await children.of(childId, readConfig);
        if (healthy === undefined) {
            unread.push(`${roles.get(childId) ?? "unknown child"} ${childId}`);
        } else if (healthy) {
            healthyChildren++;
        }
    }
    const detail = `${healthyChildren}/${childIds.length} children healthy, threshold ${threshold}${inverted ? ", inverted" : ""}`;
    if (unread.length > 0) {
        return { value: "!child-unread", detail: `${detail}; no reading of ${unread.join(", ")}` };
    }
    // Above the number of children, Route 53 always considers a calculated check unhealthy; 0 always healthy.
    const healthy = (healthyChildren >= threshold) !== inverted;
    return { value: healthToken(healthy), detail };
}

function guard(id: string, lane: Signal["lane"], description: string, expected: readonly string[], read: () => Promise<Observation>, route53Requests?: number): Signal {
    return {
        id, kind: "guard", lane, follows: "route53", guard: true, expectationIsUnion: false, description,
        expected: { before: expected, during: expected }, predictedSeconds: null, read, ...(route53Requests !== undefined ? { route53Requests } : {}),
    };
}

/** Every guard of one other region, the combined check's last (it uses what the others read). */
function regionGuards(context: GuardContext, other: DeployedRegion): Signal[] {
    const { aws, clock } = context;
    const ids = other.healthCheckIds ?? {};
    const roles = new Map(Object.entries(ids).map(([role, id]) => [id, role]));
    const children = new ChildHealth();
    const guards: Signal[] = [];
    if (other.healthCheckId !== undefined) {
        const id = other.healthCheckId;
        // Everything is read again on every poll: someone may invert this check during the drill.
        const history = new InversionHistory();
        guards.push(guard(`guard:health-check:${other.stack}`, "route53", `Route 53 health check ${id} of ${other.region} must stay healthy`, ["healthy"], async () => {
            const reading = await readHealthCheck(aws.route53, id, history, clock.now());
            children.set(id, reading.healthy);
            return healthObservation(reading);
        }));
    }
    if (other.endpointGroupArn !== undefined) {
        const arn = other.endpointGroupArn;
        guards.push(guard(`guard:accelerator:${other.stack}`, "globalAccelerator", `Global Accelerator endpoints of ${other.region} must stay healthy and take traffic (dial above 0)`,
            ["healthy"], async () => endpointHealthObservation(await readEndpointGroup(aws.globalAccelerator, arn))));
    }
    const cloudWatch = aws.cloudWatch;
    for (const alarm of cloudWatch === undefined ? [] : followedAlarms(other)) {
        guards.push(guard(`guard:alarm:${other.stack}:${alarm.key}`, "cloudwatch", `CloudWatch alarm ${alarm.name} (${alarm.key}), which Route 53 follows for ${other.region}, must not fire`,
            quietStates, async () => {
                const observation = await readAlarm(cloudWatch!(other.region), alarm.name);
                children.setAlarm(alarm.childId, observation.value);
                return observation;
            }));
    }
    const controlArn = other.routingControlArn;
    const recoveryCluster = aws.recoveryCluster;
    if (controlArn !== undefined && recoveryCluster !== undefined && context.clusterEndpoints.length > 0) {
        guards.push(guard(`guard:routing-control:${other.stack}`, "arc", `Routing control ${controlArn} of ${other.region} must stay On`, ["on"], async () => {
            const { state, failures } = await readRoutingControlState(context.clusterEndpoints, recoveryCluster, controlArn);
            const value = state === undefined ? "!unknown" : state.toLowerCase();
            children.set(ids.control, value === "on" ? true : value === "off" ? false : undefined);
            return { value, detail: `state ${state ?? "unknown"}${failures.length > 0 ? `; endpoints that failed first: ${failures.join("; ")}` : ""}` };
        }));
    }
    if (ids.combined !== undefined) {
        const combinedId = ids.combined;
        guards.push(guard(`guard:combined:${other.stack}`, "route53",
            `Combined health check ${combinedId} of ${other.region} (what its records follow) must stay healthy: its children as the guards read them, its threshold and Inverted flag read on every poll`,
            ["healthy"], () => combinedObservation(aws, combinedId, roles, children), 1));
    }
    return guards;
}

/** The guards of every other region. */
export function guardSignals(context: GuardContext): Signal[] {
    return context.others.flatMap((other) => regionGuards(context, other));
}

/**
 * Values derived from the settings. Every "auto" or "0 means" default is resolved here and
 * nowhere else, so the program, the plan and the drill tool agree.
 */
import { AlarmTimingInput, FailoverTimingInput } from "../domain/failover";
import { expandFollowed } from "../domain/regionAlarms";
import { listenerPorts } from "../domain/listenerPorts";
import { CheckerRegion, nearestCheckerRegions } from "../domain/regions";
import { productionEnvironment, StackSettings } from "./schema";

/** True when the stack has a hosted zone and so takes part in DNS routing. */
export function dnsEnabled(settings: Pick<StackSettings, "dns">): boolean {
    return settings.dns.zoneName !== "" || settings.dns.zoneId !== "";
}

/** Protocol and port the Route 53 health check uses. */
export function healthCheckEndpoint(settings: Pick<StackSettings, "alb" | "healthCheck">): { protocol: "HTTP" | "HTTPS"; port: number } {
    const protocol = settings.healthCheck.protocol === "auto"
        ? (settings.alb.certificateArn ? "HTTPS" : "HTTP")
        : settings.healthCheck.protocol;
    const port = settings.healthCheck.port !== 0 ? settings.healthCheck.port : (protocol === "HTTPS" ? 443 : 80);
    return { protocol, port };
}

/** The accelerator listener's ports: the configured ones, or the ALB's listener ports. */
export function acceleratorPorts(settings: Pick<StackSettings, "alb" | "globalAccelerator">): number[] {
    return settings.globalAccelerator.ports.length > 0 ? settings.globalAccelerator.ports : listenerPorts(settings.alb.certificateArn);
}

/** Keys of the target groups that get targets from this program (the fleet's). */
export function populatedTargetGroups(settings: Pick<StackSettings, "fleet">): string[] {
    return settings.fleet.enabled ? settings.fleet.targetGroups : [];
}

/** The timing inputs of the failover prediction. */
export function failoverTimingInput(settings: StackSettings): FailoverTimingInput {
    const populated = populatedTargetGroups(settings);
    const keys = populated.length > 0 ? populated : Object.keys(settings.targetGroups);
    return {
        route53IntervalSeconds: settings.healthCheck.requestInterval,
        route53FailureThreshold: settings.healthCheck.failureThreshold,
        targetGroupChecks: keys.map((key) => settings.targetGroups[key].healthCheck),
        ...(followedAlarmKeys(settings).length > 0 ? { alarm: alarmTiming(settings.alarms) } : {}),
        ...(routingControlsEnabled(settings) ? { routingControl: true } : {}),
    };
}

/** True for the stack that owns the Global Accelerator and nothing else (`app:scope: global`). */
export function isGlobalStack(settings: Pick<StackSettings, "scope">): boolean {
    return settings.scope === "global";
}

/**
 * Whether the accelerator preserves client IPs on this region's ALB: AWS always does for
 * internal ALBs, so the program asks for what AWS will do. The default is off: with it on, a
 * client that reaches the same ALB through DNS and through the accelerator can collide on one
 * source address and port (Global Accelerator developer guide, "Preserve client IP addresses").
 */
export function clientIpPreservation(settings: Pick<StackSettings, "alb" | "globalAccelerator">): boolean {
    return settings.alb.internal || settings.globalAccelerator.clientIpPreservation;
}

/** The ALB's listener that carries the Route 53 health check: the one of the check's protocol. */
export function healthCheckListenerPort(settings: Pick<StackSettings, "alb" | "healthCheck">): number {
    return healthCheckEndpoint(settings).protocol === "HTTPS" ? 443 : 80;
}

/** Keys of the target groups the ALB's listeners send traffic to (default action and rules). */
export function attachedTargetGroups(settings: Pick<StackSettings, "alb" | "listenerRules">): string[] {
    const keys = new Set([settings.alb.defaultTargetGroup]);
    for (const rule of Object.values(settings.listenerRules)) {
        const action = rule.action;
        for (const key of action.type === "forward" ? [action.targetGroup] : action.type === "weightedForward" ? Object.keys(action.targetGroups) : []) {
            keys.add(key);
        }
    }
    return [...keys];
}

/** The followed alarms' timing as deployed: period, breaching periods (DatapointsToAlarm) and hold-down. */
export function alarmTiming(alarms: StackSettings["alarms"]): AlarmTimingInput {
    return { periodSeconds: alarms.periodSeconds, breachingPeriods: alarms.evaluationPeriods, holdDownPeriods: alarms.holdDownPeriods };
}

/** True when Route 53 follows the region's alarms (CLOUDWATCH_METRIC children of the combined check). */
export function alarmHealthEnabled(settings: Pick<StackSettings, "alarms" | "dns">): boolean {
    return settings.alarms.enabled && settings.alarms.healthCheck && dnsEnabled(settings);
}

/** True when a routing control's RECOVERY_CONTROL health check joins the records' combined check. */
export function routingControlsEnabled(settings: Pick<StackSettings, "routingControls" | "dns">): boolean {
    return settings.routingControls.enabled && dnsEnabled(settings);
}

/** The other stacks this stack reads through StackReferences (the global stack's accelerator, the routing-control owner, the dashboard's regions). */
export function referencedStacks(settings: Pick<StackSettings, "scope" | "globalAccelerator" | "routingControls" | "dashboard">): string[] {
    const { globalAccelerator, routingControls, dashboard } = settings;
    return [
        ...(globalAccelerator.enabled && !globalAccelerator.owner && !isGlobalStack(settings) ? [globalAccelerator.globalStack] : []),
        ...(routingControls.enabled && !routingControls.owner ? [routingControls.ownerStack] : []),
        ...(dashboard.owner ? dashboard.stacks : []),
    ].filter((name) => name !== "");
}

/** The Route 53 checker regions of the stack's health check: the configured ones, or the three nearest. */
export function healthCheckerRegions(settings: Pick<StackSettings, "healthCheck">, region: string): CheckerRegion[] {
    return settings.healthCheck.regions.length > 0 ? settings.healthCheck.regions : nearestCheckerRegions(region);
}

/** True for the production environment, which gets every production requirement. */
export function isProduction(settings: Pick<StackSettings, "environment">): boolean {
    return settings.environment === productionEnvironment;
}

/** A production requirement a non-production stack relaxed. */
export interface Relaxation {
    /** The key, without the project namespace. */
    readonly key: string;
    /** What production requires of it. */
    readonly requirement: string;
}

/**
 * What only production needs, as checks over the settings: production stacks must meet each;
 * other environments may relax them, and the plan lists what they relaxed.
 */
export const productionRequirements: readonly { readonly key: string; readonly requirement: string; readonly met: (settings: StackSettings) => boolean }[] = [
    { key: "alb.deletionProtection", requirement: "true (Security Hub ELB.6)", met: (settings) => settings.alb.deletionProtection },
    {
        key: "network.natGateways",
        requirement: "onePerAz or none: with a single NAT gateway one AZ's outage cuts the fleet in the others off",
        met: (settings) => settings.network.vpcId !== "" || settings.network.natGateways !== "single",
    },
    {
        key: "alb.accessLogsRetentionDays",
        requirement: "at least 90 days of access logs",
        met: (settings) => !settings.alb.accessLogs || settings.alb.accessLogsBucket !== "" || settings.alb.accessLogsRetentionDays >= 90,
    },
    { key: "alb.accessLogsForceDestroy", requirement: "false: destroying the stack must not delete its access logs", met: (settings) => !settings.alb.accessLogsForceDestroy },
];

/** The production requirements these settings do not meet. */
export function relaxations(settings: StackSettings): Relaxation[] {
    return productionRequirements.filter((requirement) => !requirement.met(settings))
        .map(({ key, requirement }) => ({ key, requirement }));
}

/**
 * The keys of the alarms Route 53 follows: `alarms.followed` with `healthy-hosts` expanded to
 * every populated target group's alarm; none when alarm-driven health is off.
 */
export function followedAlarmKeys(settings: Pick<StackSettings, "alarms" | "dns" | "fleet">): string[] {
    return alarmHealthEnabled(settings) ? expandFollowed(settings.alarms.followed, populatedTargetGroups(settings)) : [];
}

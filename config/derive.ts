/**
 * Values derived from the settings. Every "auto" or "0 means" default is resolved here and
 * nowhere else, so the program, the plan and the drill tool agree.
 */
import { listenerPorts } from "../domain/listenerPorts";
import { FailoverTimingInput } from "../domain/failover";
import { StackSettings } from "./schema";

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

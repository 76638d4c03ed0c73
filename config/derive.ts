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
        ...(alarmHealthEnabled(settings) ? { alarm: { periodSeconds: settings.alarms.periodSeconds, evaluationPeriods: settings.alarms.evaluationPeriods } } : {}),
        ...(routingControlsEnabled(settings) ? { routingControl: true } : {}),
    };
}

/** True when Route 53 follows the region's serving-badly alarm (a CLOUDWATCH_METRIC child of the combined check). */
export function alarmHealthEnabled(settings: Pick<StackSettings, "alarms" | "dns">): boolean {
    return settings.alarms.enabled && settings.alarms.healthCheck && dnsEnabled(settings);
}

/** True when a routing control's RECOVERY_CONTROL health check joins the records' combined check. */
export function routingControlsEnabled(settings: Pick<StackSettings, "routingControls" | "dns">): boolean {
    return settings.routingControls.enabled && dnsEnabled(settings);
}

/** The other stacks this stack reads through StackReferences (Global Accelerator owner, routing-control owner, dashboard regions). */
export function referencedStacks(settings: Pick<StackSettings, "globalAccelerator" | "routingControls" | "dashboard">): string[] {
    const { globalAccelerator, routingControls, dashboard } = settings;
    return [
        ...(globalAccelerator.enabled && !globalAccelerator.owner ? [globalAccelerator.ownerStack] : []),
        ...(routingControls.enabled && !routingControls.owner ? [routingControls.ownerStack] : []),
        ...(dashboard.owner ? dashboard.stacks : []),
    ].filter((name) => name !== "");
}

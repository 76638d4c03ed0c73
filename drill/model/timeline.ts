/**
 * The predicted timeline of a drill, from the target stack's configured intervals, thresholds
 * and TTLs. The worst-case failover figures are `predictFailover`'s; the drill's own lever
 * skips the ALB's target detection on the Global Accelerator path (it dials the group to 0
 * while the ALB stays healthy), so that path is predicted from Global Accelerator's reaction.
 */
import { alarmToHealthCheckSeconds, elbAliasTtlSeconds, globalAcceleratorReactionSeconds, routingControlPropagationSeconds } from "../../domain/awsFacts";
import { failoverTimingInput } from "../../config/derive";
import { StackSettings } from "../../config/schema";
import { FailoverPrediction, predictFailover } from "../../domain/failover";

/**
 * Which failover path a drill exercises: `endpoint` takes the region out through its endpoint
 * health check (and dials Global Accelerator to 0); `alarm` sets the serving-badly alarm to
 * ALARM (Route 53 follows its CLOUDWATCH_METRIC check; GA is untouched); `routing-control`
 * switches the region's routing control off (its RECOVERY_CONTROL check; GA is untouched).
 */
export type DrillPath = "endpoint" | "alarm" | "routing-control";

/** One predicted moment, in seconds after the lever takes effect (outage) or is undone (recovery). */
export interface TimelineEvent {
    /** Which half of the drill. */
    readonly phase: "outage" | "recovery";
    /** Seconds after the phase began (worst case). */
    readonly atSeconds: number;
    /** The traffic path the event belongs to. */
    readonly path: "dns" | "globalAccelerator";
    /** What happens. */
    readonly description: string;
}

/** Predicted seconds for each kind of signal the drill observes, after its lever takes effect. */
export interface LeverPrediction {
    /** Route 53 marks the region's health check unhealthy (or healthy again): interval x threshold. */
    readonly healthCheckSeconds: number;
    /** Route 53's answers change (TestDNSAnswer): the same moment. */
    readonly dnsAnswerSeconds: number;
    /** Clients behind resolvers follow: answers change plus the ELB alias TTL. */
    readonly dnsClientSeconds: number;
    /** New connections through Global Accelerator move: its reaction time (about 30 s). */
    readonly acceleratorSeconds: number;
}

/** Everything predicted about a drill on one stack. */
export interface DrillPrediction {
    /** Worst-case failover after a real regional failure (predictFailover). */
    readonly failover: FailoverPrediction;
    /** What the drill's lever should take, per signal kind. */
    readonly lever: LeverPrediction;
    /** The stack's recovery-time objective. */
    readonly recoveryTimeObjectiveSeconds: number;
    /** Predicted events of both phases, in time order. */
    readonly events: readonly TimelineEvent[];
}

/** Seconds from the lever taking effect until Route 53 considers the region's records unhealthy, and why. */
function route53Reaction(path: DrillPath, settings: StackSettings, detectionSeconds: number): { seconds: number; why: string } {
    switch (path) {
        case "alarm": return { seconds: alarmToHealthCheckSeconds, why: "its CLOUDWATCH_METRIC check follows the alarm" };
        case "routing-control": return { seconds: routingControlPropagationSeconds, why: "its RECOVERY_CONTROL check follows the routing control" };
        case "endpoint": return { seconds: detectionSeconds, why: `${settings.healthCheck.requestInterval} s x ${settings.healthCheck.failureThreshold} checks` };
    }
}

/** Predicts a drill on a stack with these settings; `paths` says which traffic paths it has, `path` which failover path the lever exercises. */
export function predictDrill(
    settings: StackSettings,
    paths: { readonly dns: boolean; readonly globalAccelerator: boolean },
    regionLabel: string,
    survivorLabel: string,
    path: DrillPath = "endpoint",
): DrillPrediction {
    const failover = predictFailover(failoverTimingInput(settings));
    const reaction = route53Reaction(path, settings, failover.dns.detectionSeconds);
    const lever: LeverPrediction = {
        healthCheckSeconds: reaction.seconds,
        dnsAnswerSeconds: reaction.seconds,
        dnsClientSeconds: reaction.seconds + elbAliasTtlSeconds,
        acceleratorSeconds: globalAcceleratorReactionSeconds,
    };
    const { failureThreshold } = settings.healthCheck;
    const events: TimelineEvent[] = [];
    if (paths.dns) {
        // A health check on the endpoint turns healthy again after `failureThreshold` passing checks.
        const backAfter = path === "endpoint" ? ` (${failureThreshold} passing checks)` : "";
        events.push(
            { phase: "outage", atSeconds: lever.healthCheckSeconds, path: "dns", description: `Route 53 marks ${regionLabel} unhealthy (${reaction.why}) and changes its answers to ${survivorLabel}` },
            { phase: "outage", atSeconds: lever.dnsClientSeconds, path: "dns", description: `Resolvers' cached answers expire (ELB alias TTL ${elbAliasTtlSeconds} s): every DNS client is on ${survivorLabel}` },
            { phase: "recovery", atSeconds: lever.healthCheckSeconds, path: "dns", description: `Route 53 marks ${regionLabel} healthy again${backAfter} and answers it again` },
            { phase: "recovery", atSeconds: lever.dnsClientSeconds, path: "dns", description: "Cached answers expire: DNS clients are back on their usual regions" },
        );
    }
    if (paths.globalAccelerator && path === "endpoint") {
        events.push(
            { phase: "outage", atSeconds: lever.acceleratorSeconds, path: "globalAccelerator", description: `Global Accelerator sends new connections to ${survivorLabel} (dial 0; existing connections stay; a real ALB failure takes up to ${failover.globalAccelerator.totalSeconds} s)` },
            { phase: "recovery", atSeconds: lever.acceleratorSeconds, path: "globalAccelerator", description: `Global Accelerator routes new connections to ${regionLabel} again (dial restored)` },
        );
    }
    events.sort((a, b) => (a.phase === b.phase ? a.atSeconds - b.atSeconds : a.phase === "outage" ? -1 : 1));
    return { failover, lever, recoveryTimeObjectiveSeconds: settings.drill.recoveryTimeObjectiveSeconds, events };
}

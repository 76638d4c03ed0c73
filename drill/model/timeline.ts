/**
 * The predicted timeline of a drill, from the target stack's configured intervals, thresholds
 * and TTLs. The worst-case failover figures are `predictFailover`'s; the drill's own lever
 * skips the ALB's target detection on the Global Accelerator path (it dials the group to 0
 * while the ALB stays healthy), so that path is predicted from Global Accelerator's reaction.
 */
import { elbAliasTtlSeconds, globalAcceleratorReactionSeconds } from "../../domain/awsFacts";
import { failoverTimingInput } from "../../config/derive";
import { StackSettings } from "../../config/schema";
import { FailoverPrediction, predictFailover } from "../../domain/failover";

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

/** Predicts a drill on a stack with these settings; `paths` says which traffic paths it has. */
export function predictDrill(settings: StackSettings, paths: { readonly dns: boolean; readonly globalAccelerator: boolean }, regionLabel: string, survivorLabel: string): DrillPrediction {
    const failover = predictFailover(failoverTimingInput(settings));
    const lever: LeverPrediction = {
        healthCheckSeconds: failover.dns.detectionSeconds,
        dnsAnswerSeconds: failover.dns.detectionSeconds,
        dnsClientSeconds: failover.dns.totalSeconds,
        acceleratorSeconds: globalAcceleratorReactionSeconds,
    };
    const { requestInterval, failureThreshold } = settings.healthCheck;
    const events: TimelineEvent[] = [];
    if (paths.dns) {
        events.push(
            { phase: "outage", atSeconds: lever.healthCheckSeconds, path: "dns", description: `Route 53 marks ${regionLabel} unhealthy (${requestInterval} s x ${failureThreshold} checks) and changes its answers to ${survivorLabel}` },
            { phase: "outage", atSeconds: lever.dnsClientSeconds, path: "dns", description: `Resolvers' cached answers expire (ELB alias TTL ${elbAliasTtlSeconds} s): every DNS client is on ${survivorLabel}` },
            { phase: "recovery", atSeconds: lever.healthCheckSeconds, path: "dns", description: `Route 53 marks ${regionLabel} healthy again (${failureThreshold} passing checks) and answers it again` },
            { phase: "recovery", atSeconds: lever.dnsClientSeconds, path: "dns", description: `Cached answers expire: DNS clients are back on their usual regions` },
        );
    }
    if (paths.globalAccelerator) {
        events.push(
            { phase: "outage", atSeconds: lever.acceleratorSeconds, path: "globalAccelerator", description: `Global Accelerator sends new connections to ${survivorLabel} (dial 0; existing connections stay; a real ALB failure takes up to ${failover.globalAccelerator.totalSeconds} s)` },
            { phase: "recovery", atSeconds: lever.acceleratorSeconds, path: "globalAccelerator", description: `Global Accelerator routes new connections to ${regionLabel} again (dial restored)` },
        );
    }
    events.sort((a, b) => (a.phase === b.phase ? a.atSeconds - b.atSeconds : a.phase === "outage" ? -1 : 1));
    return { failover, lever, recoveryTimeObjectiveSeconds: settings.drill.recoveryTimeObjectiveSeconds, events };
}

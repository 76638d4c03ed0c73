/**
 * The predicted timeline of a drill, from the target stack's configured intervals, thresholds
 * and TTLs. The worst-case failover figures are `predictFailover`'s; the drill's own lever
 * skips the ALB's target detection on the Global Accelerator path (it dials the group to 0
 * while the ALB stays healthy), so that path is predicted from Global Accelerator's reaction.
 */
import { albMetricIntervalSeconds, elbAliasTtlSeconds, globalAcceleratorReactionSeconds, routingControlPropagationSeconds } from "../../domain/awsFacts";
import { failoverTimingInput, followedAlarmKeys } from "../../config/derive";
import { StackSettings } from "../../config/schema";
import { FailoverPrediction, predictFailover } from "../../domain/failover";
import { faultRule } from "../../domain/faultRule";

/**
 * Which failover path a drill exercises: `endpoint` takes the region out through its endpoint
 * health check (and dials Global Accelerator to 0); `fault` makes the region answer 503 on every
 * path (its endpoint check fails, its followed ALB 5xx alarm fires, and the accelerator, which
 * judges the ALB by its healthy targets, keeps sending traffic there); `routing-control`
 * switches the region's routing control off (its RECOVERY_CONTROL check; GA is untouched).
 */
export type DrillPath = "endpoint" | "fault" | "routing-control";

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
    /** Fault path: the followed ALB 5xx alarm fires (breaching periods plus metric delivery); null on other paths or without one. */
    readonly alarmSeconds: number | null;
    /**
     * Seconds after the lever is undone until Route 53's answers come back (TestDNSAnswer): the
     * same as going out, except on the fault path, where the fired alarm holds the region out for
     * its hold-down first.
     */
    readonly recoveryDnsAnswerSeconds: number;
    /** Fault path: the fired alarm is back to OK after its hold-down (and the last good period's delivery); null without one. */
    readonly recoveryAlarmSeconds: number | null;
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
    const checks = `${settings.healthCheck.requestInterval} s x ${settings.healthCheck.failureThreshold} checks`;
    switch (path) {
        case "routing-control": return { seconds: routingControlPropagationSeconds, why: "its RECOVERY_CONTROL check follows the routing control" };
        case "fault": return { seconds: detectionSeconds, why: `its endpoint check gets ${faultRule.statusCode}: ${checks}` };
        case "endpoint": return { seconds: detectionSeconds, why: checks };
    }
}

/** The followed alarm the fault moves: the ALB's own 5xx count (the targets are never reached, so the others stay quiet). */
export const faultAlarmKey = "elb-5xx";

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
    const alarm = path === "fault" && followedAlarmKeys(settings).includes(faultAlarmKey) ? failover.alarm : undefined;
    // After the fault, the alarm goes back to OK only after its hold-down, and Route 53 follows it; the endpoint check is back sooner.
    const recoveryDnsAnswerSeconds = alarm === undefined ? reaction.seconds
        : Math.max(reaction.seconds, alarm.holdDownSeconds + albMetricIntervalSeconds + alarm.route53Seconds);
    const lever: LeverPrediction = {
        healthCheckSeconds: reaction.seconds,
        dnsAnswerSeconds: reaction.seconds,
        dnsClientSeconds: reaction.seconds + elbAliasTtlSeconds,
        acceleratorSeconds: globalAcceleratorReactionSeconds,
        alarmSeconds: alarm?.detectionSeconds ?? null,
        recoveryDnsAnswerSeconds,
        recoveryAlarmSeconds: alarm === undefined ? null : alarm.holdDownSeconds + albMetricIntervalSeconds,
    };
    const { failureThreshold } = settings.healthCheck;
    const events: TimelineEvent[] = [];
    if (paths.dns) {
        // A health check on the endpoint turns healthy again after `failureThreshold` passing checks.
        const backAfter = path === "routing-control" ? "" : ` (${failureThreshold} passing checks${alarm ? `, then the followed alarms' hold-down of ${alarm.holdDownSeconds} s` : ""})`;
        events.push(
            { phase: "outage", atSeconds: lever.healthCheckSeconds, path: "dns", description: `Route 53 marks ${regionLabel} unhealthy (${reaction.why}) and changes its answers to ${survivorLabel}` },
            { phase: "outage", atSeconds: lever.dnsClientSeconds, path: "dns", description: `Resolvers' cached answers expire (ELB alias TTL ${elbAliasTtlSeconds} s): every DNS client is on ${survivorLabel}` },
            { phase: "recovery", atSeconds: recoveryDnsAnswerSeconds, path: "dns", description: `Route 53 marks ${regionLabel} healthy again${backAfter} and answers it again` },
            { phase: "recovery", atSeconds: recoveryDnsAnswerSeconds + elbAliasTtlSeconds, path: "dns", description: "Cached answers expire: DNS clients are back on their usual regions" },
        );
        if (alarm !== undefined) {
            events.push({ phase: "outage", atSeconds: alarm.detectionSeconds, path: "dns", description: `The followed ${faultAlarmKey} alarm fires (${settings.alarms.evaluationPeriods} breaching period(s) of ${settings.alarms.periodSeconds} s + ${albMetricIntervalSeconds} s metric delivery); the region would be out by now even if /health still answered` });
        }
    }
    if (paths.globalAccelerator && path === "endpoint") {
        events.push(
            { phase: "outage", atSeconds: lever.acceleratorSeconds, path: "globalAccelerator", description: `Global Accelerator sends new connections to ${survivorLabel} (dial 0; existing connections stay; a real ALB failure takes up to ${failover.globalAccelerator.totalSeconds} s)` },
            { phase: "recovery", atSeconds: lever.acceleratorSeconds, path: "globalAccelerator", description: `Global Accelerator routes new connections to ${regionLabel} again (dial restored)` },
        );
    }
    if (paths.globalAccelerator && path === "fault") {
        events.push({ phase: "outage", atSeconds: 0, path: "globalAccelerator", description: `Global Accelerator keeps sending new connections to ${regionLabel}: it judges the ALB by its targets' health, which stays healthy behind the fault rule, so those clients get ${faultRule.statusCode} until the drill restores` });
    }
    events.sort((a, b) => (a.phase === b.phase ? a.atSeconds - b.atSeconds : a.phase === "outage" ? -1 : 1));
    return { failover, lever, recoveryTimeObjectiveSeconds: settings.drill.recoveryTimeObjectiveSeconds, events };
}

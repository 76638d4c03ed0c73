/**
 * Connections that move (docs/capacity-and-recovery.md, "Open connections"): after traffic has
 * moved, a client on an open connection keeps reaching the failed region until the ALB closes the
 * connection, which takes up to the client keepalive duration plus an idle timeout
 * (domain/connections.ts). A stack whose two settings take longer than the recovery objective
 * leaves after the traffic moved is refused; when the traffic part alone leaves less than the
 * smallest settings need, no setting of these keys can help, and the plan says which part misses.
 */
import { clientKeepAliveLimits, idleTimeoutLimits, reconnectionBoundSeconds } from "../../domain/connections";
import { predictFailover } from "../../domain/failover";
import { failoverTimingInput, populatedTargetGroups } from "../derive";
import { trafficMoved } from "../trafficMoved";
import type { StackSettings } from "../schema";

const pathNames = { dns: "DNS path", globalAccelerator: "Global Accelerator path" } as const;

/** The smallest reconnection bound the ALB allows. */
const smallestBound = clientKeepAliveLimits.min + idleTimeoutLimits.min;

/** The entries the rule reads (config/checks.ts runs it once they all parsed). */
export const connectionRuleNeeds = ["alb", "drill", "dns", "healthCheck", "globalAccelerator", "fleet", "targetGroups", "alarms", "routingControls"] as const;

/** The rule's problems: none, or one on `alb.clientKeepAliveSeconds` with the numbers. */
export function connectionProblems(settings: StackSettings): { key: string; message: string; got: unknown }[] {
    if (populatedTargetGroups(settings).some((key) => !(key in settings.targetGroups))) {
        // The fleet names a target group that does not exist (its own problem): no prediction to judge.
        return [];
    }
    const moved = trafficMoved(settings, predictFailover(failoverTimingInput(settings)));
    const objective = settings.drill.recoveryTimeObjectiveSeconds;
    if (moved === undefined) {
        return [];
    }
    const room = objective - moved.seconds;
    const bound = reconnectionBoundSeconds(settings.alb);
    if (room < smallestBound || bound <= room) {
        return [];
    }
    return [{
        key: "alb.clientKeepAliveSeconds",
        message: `with alb.idleTimeoutSeconds ${settings.alb.idleTimeoutSeconds} lets a client on an open connection keep reaching a failed region ${bound} s after traffic moved ` +
            `(${moved.seconds} s, ${pathNames[moved.path]}), past drill.recoveryTimeObjectiveSeconds ${objective}: ` +
            `keep alb.clientKeepAliveSeconds + alb.idleTimeoutSeconds at or below ${room} s (the ALB closes a connection that old after one more request, or after that long idle)`,
        got: settings.alb.clientKeepAliveSeconds,
    }];
}

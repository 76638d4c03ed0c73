/**
 * Drills: none may have left anything unrestored (a held lock, a drill state in the zone, a stack
 * deployed with `drill.simulateOutage: true`), and the last passing drill must be younger than
 * `app:drill.maximumAgeDays`. The lock and the state are read as the drill reads them, in the
 * project's hosted zone (drill/safety/lock.ts, drill/safety/stateStore.ts), so an unrestored drill
 * from any machine counts; the last pass from the `_drill-passed` TXT record the drill leaves beside
 * its lock (drill/safety/lastPass.ts).
 */
import { readLastPass } from "../../drill/safety/lastPass";
import { describeHolder, Route53DrillLock } from "../../drill/safety/lock";
import { Route53DrillState } from "../../drill/safety/sharedState";
import { describeUnfinished, unfinishedInZone } from "../../drill/safety/stateStore";
import { CheckContext } from "../context";
import { attempt, row, RowSubject } from "../read";
import { ReadinessCheck } from "../types";

const dayMs = 86_400_000;

/** The drill lock and the drill state, both in the zone: each fails while it holds a drill. */
async function zoneRows(context: CheckContext): Promise<ReadinessCheck[]> {
    const location = context.lockLocation;
    if (location === undefined) {
        const unread = `the id of ${context.zoneName}, where drills keep their lock and state, is in the stacks' outputs, and no deployed stack gave it`;
        return context.zoneName === undefined ? [] : [
            row({ id: "drill-state:lock", category: "drill-state", subject: "drill lock" }, "unreadable", unread),
            row({ id: "drill-state:zone", category: "drill-state", subject: "drill state" }, "unreadable", unread),
        ];
    }
    const now = context.clock.now();
    const lock = new Route53DrillLock(context.aws.route53, location);
    const lockSubject: RowSubject = { id: "drill-state:lock", category: "drill-state", subject: `drill lock ${lock.recordName}` };
    const held = await attempt(lockSubject, ["route53:ListResourceRecordSets"], () => lock.read());
    const shared = new Route53DrillState(context.aws.route53, location);
    const stateSubject: RowSubject = { id: "drill-state:zone", category: "drill-state", subject: `drill state ${shared.recordName}` };
    const unfinished = await attempt(stateSubject, ["route53:ListResourceRecordSets"], () => unfinishedInZone(shared));
    return [
        !held.ok ? held.row : held.value === undefined ? row(lockSubject, "ok", "free")
            : row(lockSubject, "fail", `held by ${describeHolder(held.value.holder, held.value.raw, now)}: a drill is running, or died before restoring (npm run drill -- restore)`),
        !unfinished.ok ? unfinished.row : unfinished.value === undefined ? row(stateSubject, "ok", "none: every drill was restored")
            : row(stateSubject, "fail", describeUnfinished(unfinished.value)),
    ];
}

/** Stacks deployed with `drill.simulateOutage: true`: a config-lever drill that did not restore them. */
function simulatedOutageRows(context: CheckContext): ReadinessCheck[] {
    return context.regions.filter((region) => region.deployed.simulateOutage).map(({ deployed, config }) => row(
        { id: `drill-state:${deployed.stack}:simulate-outage`, category: "drill-state", stack: deployed.stack, subject: `${deployed.region} drill.simulateOutage` },
        "fail", `deployed with drill.simulateOutage: true: the region is taken out on purpose (${config.stackFile}); remove the key and run pulumi up, or npm run drill -- restore`));
}

/** The strictest `app:drill.maximumAgeDays` of the regional stacks that set one above 0; undefined when every stack turns the check off. */
function maximumAgeDays(context: CheckContext): number | undefined {
    const limits = context.configs.map((config) => config.settings.drill.maximumAgeDays).filter((days) => days > 0);
    return limits.length === 0 ? undefined : Math.min(...limits);
}

async function lastPassRow(context: CheckContext): Promise<ReadinessCheck> {
    const subject: RowSubject = { id: "drill-age", category: "drill-age", subject: "last passing drill" };
    const maximum = maximumAgeDays(context);
    if (maximum === undefined) {
        return row(subject, "skipped", "app:drill.maximumAgeDays is 0 in every stack");
    }
    const location = context.lockLocation;
    if (location === undefined) {
        return context.zoneName === undefined ? row(subject, "fail", "the project has no hosted zone, where drills record their passes: no drill can have passed")
            : row(subject, "unreadable", `the id of ${context.zoneName}, where drills record their passes, is in the stacks' outputs, and no deployed stack gave it`);
    }
    const read = await attempt(subject, ["route53:ListResourceRecordSets"], () => readLastPass(context.aws.route53, location));
    if (!read.ok) {
        return read.row;
    }
    if (read.value === undefined) {
        return row(subject, "fail", `no passing drill recorded (_drill-passed TXT record in ${location.zoneName}): run npm run drill -- run --fail <stack>`);
    }
    const drill = read.value.drill;
    if (drill === undefined) {
        return row(subject, "fail", `the record holds ${read.value.raw}, which is no drill's`);
    }
    const days = (context.clock.now() - Date.parse(drill.finishedAt)) / dayMs;
    const detail = `${drill.target} (${drill.lever} lever) passed ${drill.finishedAt}, ${days.toFixed(1)} days ago, by ${drill.by || "unknown"}; at most ${maximum} (app:drill.maximumAgeDays)`;
    return row(subject, days <= maximum ? "ok" : "fail", detail);
}

/** Unrestored drills and the last pass's age. */
export async function drillRows(context: CheckContext): Promise<ReadinessCheck[]> {
    return [...await zoneRows(context), ...simulatedOutageRows(context), await lastPassRow(context)];
}

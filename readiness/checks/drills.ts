/**
 * Drills: none may have left anything unrestored (a held lock, a state file, a stack deployed with
 * `drill.simulateOutage: true`), and the last passing drill must be younger than
 * `app:drill.maximumAgeDays`. The unrestored state is read behind {@link DrillStateSource}: today the
 * lock record in the hosted zone and this machine's state file (drill/safety/); the last pass from
 * the `_drill-passed` TXT record the drill leaves beside its lock (drill/safety/lastPass.ts).
 */
import { readLastPass } from "../../drill/safety/lastPass";
import { describeHolder, LockLocation, Route53DrillLock } from "../../drill/safety/lock";
import { readState } from "../../drill/safety/stateFile";
import type { Route53Client } from "@aws-sdk/client-route-53";
import { CheckContext, DrillStateSource } from "../context";
import { attempt, row, RowSubject } from "../read";
import { ReadinessCheck } from "../types";

const dayMs = 86_400_000;

/**
 * {@link DrillStateSource} over today's drill state: the lock record (when the project has a
 * hosted zone) and the state file on this machine.
 * @param route53 Route 53 (us-east-1)
 * @param location the hosted zone holding the lock
 * @param stateFile the state file's path
 * @param nowMs the time, to say whether the lock has expired
 * @param label the state file as the report names it
 * @default label its path
 */
export function lockAndStateFile(route53: Route53Client, location: LockLocation | undefined, stateFile: string, nowMs: () => number, label: string = stateFile): DrillStateSource {
    return {
        async rows() {
            const rows: ReadinessCheck[] = [];
            if (location !== undefined) {
                const lock = new Route53DrillLock(route53, location);
                const subject: RowSubject = { id: "drill-state:lock", category: "drill-state", subject: `drill lock ${lock.recordName}` };
                const read = await attempt(subject, ["route53:ListResourceRecordSets"], () => lock.read());
                rows.push(!read.ok ? read.row : read.value === undefined ? row(subject, "ok", "free")
                    : row(subject, "fail", `held by ${describeHolder(read.value.holder, read.value.raw, nowMs())}: a drill is running, or died before restoring (npm run drill -- restore)`));
            }
            const subject: RowSubject = { id: "drill-state:state-file", category: "drill-state", subject: `state file ${label}` };
            const state = await attempt(subject, [], async () => readState(stateFile));
            rows.push(!state.ok ? state.row : state.value === undefined ? row(subject, "ok", "none on this machine")
                : row(subject, "fail", `a drill of ${state.value.target.stack} (${state.value.lever} lever, ${state.value.stage}, since ${state.value.startedAt}) was not restored: npm run drill -- restore`));
            return rows;
        },
    };
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
    return [...await context.drillState.rows(), ...simulatedOutageRows(context), await lastPassRow(context)];
}

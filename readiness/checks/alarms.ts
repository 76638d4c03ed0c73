/**
 * Every alarm Route 53 follows must be out of ALARM: a followed alarm in ALARM makes its
 * CLOUDWATCH_METRIC child, and with it the region's combined check, unhealthy. The followed alarms
 * are the `alarm-<key>` entries of the `healthCheckIds` output, named by the `alarmNames` output,
 * read with the drill's reader in their own region.
 */
import { readAlarm } from "../../drill/signals/alarms";
import { CheckContext } from "../context";
import { attempt, row, RowSubject } from "../read";
import { ReadinessCheck } from "../types";

const followedPrefix = "alarm-";

/** Every followed alarm of every region. */
export async function alarmRows(context: CheckContext): Promise<ReadinessCheck[]> {
    const rows: ReadinessCheck[] = [];
    for (const { deployed } of context.regions) {
        const keys = Object.keys(deployed.healthCheckIds ?? {}).filter((role) => role.startsWith(followedPrefix)).map((role) => role.slice(followedPrefix.length));
        for (const key of keys) {
            const name = deployed.alarmNames?.[key];
            const subject: RowSubject = { id: `alarm:${deployed.stack}:${key}`, category: "alarm", stack: deployed.stack, subject: `${deployed.region} alarm ${name ?? key}` };
            if (name === undefined) {
                rows.push(row(subject, "fail", `Route 53 follows alarm ${key}, but the stack's alarmNames output has no such alarm`));
                continue;
            }
            const read = await attempt(subject, ["cloudwatch:DescribeAlarms"], () => readAlarm(context.aws.cloudWatch(deployed.region), name));
            if (!read.ok) {
                rows.push(read.row);
            } else if (read.value.value === "alarm") {
                rows.push(row(subject, "fail", `in ALARM: Route 53 takes ${deployed.region} out (${read.value.detail})`));
            } else if (read.value.value.startsWith("!")) {
                rows.push(row(subject, "fail", `${read.value.detail}: Route 53 follows an alarm that is not there`));
            } else {
                rows.push(row(subject, "ok", read.value.detail ?? read.value.value));
            }
        }
    }
    return rows;
}

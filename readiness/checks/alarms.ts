/**
 * Every alarm Route 53 follows must be out of ALARM: a followed alarm in ALARM makes its
 * CLOUDWATCH_METRIC child, and with it the region's combined check, unhealthy. The followed alarms
 * are the drill's guards' (drill/signals/alarms.ts `followedAlarms`: the `followedAlarmNames`
 * output, or on older stacks the `alarm-<key>` checks of `healthCheckIds`), read with the drill's
 * reader in their own region. Alarms that only notify may fire without stopping failover.
 */
import { followedAlarms, readAlarm } from "../../drill/signals/alarms";
import { CheckContext } from "../context";
import { attempt, row, RowSubject } from "../read";
import { ReadinessCheck } from "../types";

/** Every followed alarm of every region. */
export async function alarmRows(context: CheckContext): Promise<ReadinessCheck[]> {
    const rows: ReadinessCheck[] = [];
    for (const { deployed } of context.regions) {
        for (const { key, name } of followedAlarms(deployed)) {
            const subject: RowSubject = { id: `alarm:${deployed.stack}:${key}`, category: "alarm", stack: deployed.stack, subject: `${deployed.region} alarm ${name}` };
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

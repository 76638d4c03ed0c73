/**
 * CloudWatch alarm signals: the state of each of the target region's alarms (those Route 53
 * follows, and the ones that only notify), and the other regions' followed alarms as guards.
 * Each read carries the time the alarm last changed state, so the report shows when every alarm
 * fired. Alarms are read in their own region. Under the fault lever the followed ALB 5xx alarm
 * must fire: its time is the alarm path's detection, measured.
 */
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { AwsClients } from "../clients/types";
import { DeployedRegion } from "../clients/outputs";
import { DrillPath, faultAlarmKey, LeverPrediction } from "../model/timeline";
import { Observation, Signal } from "./signal";

/** States of an alarm that is not firing. */
export const quietStates: readonly string[] = ["ok", "insufficient-data"];

/** An alarm's StateValue as a state token: `ok`, `alarm`, `insufficient-data`. */
export function alarmToken(state: string | undefined): string {
    return state === undefined ? "!unknown" : state.toLowerCase().replace(/_/g, "-");
}

/** Reads one alarm's state, with when it last changed and why. */
export async function readAlarm(cloudWatch: CloudWatchClient, name: string): Promise<Observation> {
    const alarm = (await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms?.[0];
    if (alarm === undefined) {
        return { value: "!missing", detail: `no alarm ${name}` };
    }
    const since = alarm.StateUpdatedTimestamp ? ` since ${alarm.StateUpdatedTimestamp.toISOString()}` : "";
    return { value: alarmToken(alarm.StateValue), detail: `${alarm.StateValue ?? "?"}${since}: ${alarm.StateReason ?? ""}`.trim() };
}

/** What the alarm signals are built from. */
export interface AlarmSignalContext {
    /** The region the drill takes out. */
    readonly target: DeployedRegion;
    /** Every other region. */
    readonly others: readonly DeployedRegion[];
    /** The failover path the lever exercises. */
    readonly path: DrillPath;
    /** What the lever should take (the fault path's alarm times). */
    readonly lever: LeverPrediction;
    /** AWS SDK clients (the CloudWatch factory is needed). */
    readonly aws: AwsClients;
}

/** The target's alarms, and the other regions' followed alarms as guards; none without a CloudWatch client. */
export function alarmSignals({ target, others, path, lever, aws }: AlarmSignalContext): Signal[] {
    const cloudWatch = aws.cloudWatch;
    if (cloudWatch === undefined) {
        return [];
    }
    const followed = new Set(Object.keys(target.followedAlarmNames ?? {}));
    const signals: Signal[] = Object.entries(target.alarmNames ?? {}).map(([key, name]) => {
        // The fault answers 503 from the ALB itself: its own 5xx count is the one metric it moves.
        const fires = path === "fault" && key === faultAlarmKey && lever.alarmSeconds !== null;
        return {
            id: `alarm:${target.stack}:${key}`, kind: "alarm", lane: "cloudwatch", follows: "route53", guard: false, expectationIsUnion: false,
            description: `CloudWatch alarm ${name} (${key}${followed.has(key) ? ", followed by Route 53" : ", notifies only"}) in ${target.region}`,
            expected: { before: quietStates, during: fires ? ["alarm"] : quietStates },
            predictedSeconds: fires ? lever.alarmSeconds : null,
            recoverySeconds: fires ? lever.recoveryAlarmSeconds : null,
            judgedAgainstObjective: false,
            read: () => readAlarm(cloudWatch(target.region), name),
        };
    });
    for (const other of others) {
        for (const [key, name] of Object.entries(other.followedAlarmNames ?? {})) {
            signals.push({
                id: `guard:alarm:${other.stack}:${key}`, kind: "guard", lane: "cloudwatch", follows: "route53", guard: true, expectationIsUnion: false,
                description: `CloudWatch alarm ${name} (${key}, followed by Route 53) of ${other.region} must not fire`,
                expected: { before: quietStates, during: quietStates },
                predictedSeconds: null,
                read: () => readAlarm(cloudWatch(other.region), name),
            });
        }
    }
    return signals;
}

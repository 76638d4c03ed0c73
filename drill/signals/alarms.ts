/**
 * CloudWatch alarm signals: the state of each of the target region's alarms (the ones Route 53
 * follows, and the ones that only notify). Each read carries the time the alarm last changed
 * state, so the report shows when every alarm fired. Alarms are read in their own region. The
 * other regions' followed alarms are guards (drill/signals/guards.ts).
 */
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { AwsClients } from "../clients/types";
import { DeployedRegion } from "../clients/outputs";
import { DrillPath } from "../model/timeline";
import { Observation, Signal } from "./signal";

/** The alarm Route 53 follows, by its key in the `alarmNames` output. */
export const servingBadlyKey = "serving-badly";

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
    /** The failover path the lever exercises. */
    readonly path: DrillPath;
    /** AWS SDK clients (the CloudWatch factory is needed). */
    readonly aws: AwsClients;
}

/** The target's alarms; none without a CloudWatch client. */
export function alarmSignals({ target, path, aws }: AlarmSignalContext): Signal[] {
    const cloudWatch = aws.cloudWatch;
    if (cloudWatch === undefined) {
        return [];
    }
    return Object.entries(target.alarmNames ?? {}).map(([key, name]): Signal => {
        const forced = path === "alarm" && key === servingBadlyKey;
        return {
            id: `alarm:${target.stack}:${key}`, kind: "alarm", lane: "cloudwatch", follows: "route53", guard: false, expectationIsUnion: false,
            description: `CloudWatch alarm ${name} (${key}) in ${target.region}`,
            expected: { before: quietStates, during: forced ? ["alarm"] : quietStates },
            predictedSeconds: forced ? 0 : null,
            read: () => readAlarm(cloudWatch(target.region), name),
        };
    });
}

/**
 * CloudWatch alarm signals: the state of each of the target region's alarms (those Route 53
 * follows, and the ones that only notify). Each read carries the time the alarm last changed
 * state, so the report shows when every alarm fired. Alarms are read in their own region. Under
 * the fault lever the followed ALB 5xx alarm must fire: its time is the alarm path's detection,
 * measured. The other regions' followed alarms are guards (drill/signals/guards.ts).
 */
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { AwsClients } from "../clients/types";
import { DeployedRegion } from "../clients/outputs";
import { DrillPath, faultAlarmKey, LeverPrediction } from "../model/timeline";
import { Observation, Signal } from "./signal";

/** The alarm stacks deployed before issue 19 followed, by its key in the `alarmNames` output (notify-only since). */
export const servingBadlyKey = "serving-badly";

/** The role prefix of a followed alarm's child check in `healthCheckIds`. */
const alarmRolePrefix = "alarm-";

/**
 * The alarms Route 53 follows for a region: key, alarm name and its child check. Read from the
 * `followedAlarmNames` output (each child check is the `alarm-<key>` entry of `healthCheckIds`);
 * stacks deployed before that output name them by their `alarm-<key>` checks and `alarmNames`.
 */
export function followedAlarms(region: DeployedRegion): { key: string; name: string; childId?: string }[] {
    const ids = region.healthCheckIds ?? {};
    if (region.followedAlarmNames !== undefined) {
        return Object.entries(region.followedAlarmNames).map(([key, name]) => {
            const childId = ids[`${alarmRolePrefix}${key}`];
            return { key, name, ...(childId ? { childId } : {}) };
        });
    }
    const followed: { key: string; childId?: string }[] = Object.entries(ids).filter(([role]) => role.startsWith(alarmRolePrefix))
        .map(([role, childId]) => ({ key: role.slice(alarmRolePrefix.length), childId }));
    // Stacks deployed before `healthCheckIds` listed the alarms' checks followed the serving-badly alarm.
    const keys = followed.length > 0 || Object.keys(ids).length > 0 ? followed : (region.alarmNames?.[servingBadlyKey] ? [{ key: servingBadlyKey }] : []);
    return keys.flatMap(({ key, childId }) => {
        const name = region.alarmNames?.[key];
        return name === undefined ? [] : [{ key, name, ...(childId ? { childId } : {}) }];
    });
}

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
    /** What the lever should take (the fault path's alarm times); not needed off the fault path. */
    readonly lever?: LeverPrediction;
    /** AWS SDK clients (the CloudWatch factory is needed). */
    readonly aws: AwsClients;
}

/** The target's alarms; none without a CloudWatch client. */
export function alarmSignals({ target, path, lever, aws }: AlarmSignalContext): Signal[] {
    const cloudWatch = aws.cloudWatch;
    if (cloudWatch === undefined) {
        return [];
    }
    const followed = new Set(followedAlarms(target).map((alarm) => alarm.key));
    return Object.entries(target.alarmNames ?? {}).map(([key, name]): Signal => {
        // The fault answers 503 from the ALB itself: its own 5xx count is the one metric it moves.
        const alarmSeconds = path === "fault" && key === faultAlarmKey ? lever?.alarmSeconds ?? null : null;
        const fires = alarmSeconds !== null;
        return {
            id: `alarm:${target.stack}:${key}`, kind: "alarm", lane: "cloudwatch", follows: "route53", guard: false, expectationIsUnion: false,
            description: `CloudWatch alarm ${name} (${key}${followed.has(key) ? ", followed by Route 53" : ", notifies only"}) in ${target.region}`,
            expected: { before: quietStates, during: fires ? ["alarm"] : quietStates },
            predictedSeconds: alarmSeconds,
            recoverySeconds: fires ? lever?.recoveryAlarmSeconds ?? null : null,
            judgedAgainstObjective: false,
            read: () => readAlarm(cloudWatch(target.region), name),
        };
    });
}

/**
 * The alarm lever (`--lever alarm`): exercises the alarm path. It forces the region's
 * serving-badly alarm to ALARM with SetAlarmState, so Route 53's CLOUDWATCH_METRIC check and
 * the records' combined check take the region out while its /health still answers. CloudWatch
 * puts an alarm back to its real state at its next evaluation, so the lever re-asserts ALARM
 * until it is restored; restoring sets OK and lets CloudWatch judge the real metrics again.
 * The alarm's actions run: the region's topic tells its subscribers.
 *
 * Restoring sets OK rather than the recorded state: with `alarms.insufficientData:
 * LastKnownStatus`, an alarm put back to INSUFFICIENT_DATA would leave Route 53 on the forced
 * ALARM. If the process dies, nothing re-asserts ALARM any more and CloudWatch puts the alarm
 * back at its next evaluation; `drill restore` sets OK only if it still reads ALARM.
 */
import { CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand, StateValue } from "@aws-sdk/client-cloudwatch";
import { AwsClients, Clock } from "../clients/types";
import { DeployedRegion } from "../clients/outputs";
import { PreflightCheck } from "../report/types";
import { Lever, LeverTiming, nothingChanged, RememberedState, RestoreVerification, timedRoute53Change } from "./lever";

/** How often the lever re-asserts ALARM: well inside a one-minute evaluation. */
export const defaultHoldEveryMs = 20_000;

const drillReason = "Failover drill: forced to ALARM to exercise the alarm path (drill/levers/alarmLever.ts)";
const restoreReason = "Failover drill restored: OK until CloudWatch evaluates the real metrics again";

/** What the alarm lever keeps in the state file. */
interface AlarmLeverState {
    /** The alarm's StateValue before the drill. */
    readonly originalState: string | null;
}

/** {@link Lever} through CloudWatch's SetAlarmState. */
export class AlarmLever implements Lever {
    readonly kind = "alarm";
    readonly summary: string;
    readonly driftWarning: string;
    private readonly before = new RememberedState<string>(() => this.readState());
    private attempted = false;
    private holding = false;
    /** The re-assertion under way, which restoring waits for so that OK lands last. */
    private inFlight: Promise<unknown> = Promise.resolve();
    private readonly holdErrors: string[] = [];

    constructor(private readonly aws: AwsClients, private readonly clock: Clock, private readonly target: DeployedRegion, private readonly holdEveryMs = defaultHoldEveryMs) {
        this.summary = `force alarm ${target.servingBadlyAlarmName ?? "(none)"} in ${target.region} to ALARM with SetAlarmState, every ${holdEveryMs / 1000} s until restored`;
        this.driftWarning = `ALARM: the alarm's actions run while it is forced: the subscribers of ${target.region}'s alarm topic are notified at the start and the end of the drill.`;
    }

    /** A lever rebuilt from a state file, for `drill restore`: it sets OK if the alarm still reads ALARM. */
    static resume(aws: AwsClients, clock: Clock, target: DeployedRegion, saved: Readonly<Record<string, unknown>>): AlarmLever {
        const lever = new AlarmLever(aws, clock, target);
        lever.before.resume((saved as Partial<AlarmLeverState>).originalState ?? undefined);
        lever.attempted = true;
        return lever;
    }

    private client(): CloudWatchClient {
        if (this.aws.cloudWatch === undefined) {
            throw new Error("the alarm lever needs a CloudWatch client");
        }
        return this.aws.cloudWatch(this.target.region);
    }

    private get alarmName(): string {
        if (this.target.servingBadlyAlarmName === undefined) {
            throw new Error(`stack ${this.target.stack} has no servingBadlyAlarmName output: deploy it with alarms.enabled`);
        }
        return this.target.servingBadlyAlarmName;
    }

    plan(): string[] {
        return [
            `DescribeAlarms ${this.target.servingBadlyAlarmName ?? "(none)"} in ${this.target.region}: record StateValue.`,
            `SetAlarmState ALARM, again every ${this.holdEveryMs / 1000} s (CloudWatch re-evaluates each period).`,
            "Restore: stop re-asserting; SetAlarmState OK; CloudWatch then judges the real metrics at its next evaluation.",
        ];
    }

    async preflight(): Promise<PreflightCheck[]> {
        const name = this.target.servingBadlyAlarmName;
        if (name === undefined) {
            return [{ id: "alarm-lever:alarm", description: "the target has a serving-badly alarm", ok: false, detail: `stack ${this.target.stack} has no servingBadlyAlarmName output (alarms.enabled)`, onFailure: "refuse-always" }];
        }
        const state = await this.readState();
        return [{
            id: "alarm-lever:alarm", description: `alarm ${name} is not already in ALARM`, ok: state !== StateValue.ALARM,
            // Already firing: Route 53 has taken the region out, a drill would measure nothing.
            detail: `StateValue ${state ?? "unknown"}`, onFailure: "refuse-always",
        }];
    }

    private async readState(): Promise<string | undefined> {
        const answer = await this.client().send(new DescribeAlarmsCommand({ AlarmNames: [this.alarmName] }));
        const alarm = answer.MetricAlarms?.[0];
        if (alarm === undefined) {
            throw new Error(`alarm ${this.alarmName} not found in ${this.target.region}`);
        }
        return alarm.StateValue;
    }

    private setState(state: StateValue, reason: string): Promise<unknown> {
        return this.client().send(new SetAlarmStateCommand({ AlarmName: this.alarmName, StateValue: state, StateReason: reason }));
    }

    prepare(): Promise<void> {
        return this.before.remember();
    }

    savedState(): Record<string, unknown> {
        const state: AlarmLeverState = { originalState: this.before.original ?? null };
        return { ...state };
    }

    async apply(): Promise<LeverTiming> {
        await this.prepare();
        this.attempted = true;
        const timing = await timedRoute53Change(this.clock, () => this.setState(StateValue.ALARM, drillReason));
        this.holding = true;
        void this.hold();
        return timing;
    }

    /** Re-asserts ALARM until restored; a failed call is kept for the report and retried next time. */
    private async hold(): Promise<void> {
        while (this.holding) {
            await this.clock.sleep(this.holdEveryMs);
            if (!this.holding) {
                return;
            }
            this.inFlight = this.setState(StateValue.ALARM, drillReason).catch((error: unknown) => {
                this.holdErrors.push(error instanceof Error ? error.message : String(error));
            });
            await this.inFlight;
        }
    }

    async restore(): Promise<LeverTiming> {
        this.holding = false;
        if (!this.attempted) {
            const now = this.clock.now();
            return { startedAtMs: now, finishedAtMs: now, effectiveAtMs: {} };
        }
        await this.inFlight;
        return timedRoute53Change(this.clock, () => this.setState(StateValue.OK, restoreReason), `alarm ${this.alarmName} may stay in ALARM until its next evaluation`);
    }

    async verifyRestored(): Promise<RestoreVerification> {
        if (!this.attempted) {
            return nothingChanged;
        }
        const state = await this.readState();
        const failedHolds = this.holdErrors.length > 0 ? `; ${this.holdErrors.length} re-assertion(s) failed: ${this.holdErrors[0]}` : "";
        return { ok: state !== StateValue.ALARM, detail: `alarm ${this.alarmName} StateValue ${state} (was ${this.before.original})${failedHolds}` };
    }

    originals(): Record<string, string | number | boolean | null> {
        return { alarmState: this.before.original ?? null };
    }

    manualRestore(): string[] {
        return [`aws cloudwatch set-alarm-state --region ${this.target.region} --alarm-name ${this.target.servingBadlyAlarmName ?? "<alarm>"} --state-value OK --state-reason "drill restored by hand"`];
    }
}

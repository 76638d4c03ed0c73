/**
 * The alarm lever and the alarm signals, with CloudWatch mocked by aws-sdk-client-mock: one
 * alarm (seoul's serving-badly alarm) whose state SetAlarmState changes. Like CloudWatch,
 * DescribeAlarms lists only the alarms it has by the names asked for (none for an unknown
 * name), SetAlarmState of an unknown alarm fails with ResourceNotFound, and a throttled call
 * fails with Throttling. The tests assert on the calls the lever makes and on what it reports.
 */
import { CloudWatchClient, DescribeAlarmsCommand, ResourceNotFound, SetAlarmStateCommand, StateValue } from "@aws-sdk/client-cloudwatch";
import { GlobalAcceleratorClient } from "@aws-sdk/client-global-accelerator";
import { Route53Client } from "@aws-sdk/client-route-53";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { AwsClients } from "../../drill/clients/types";
import { DeployedRegion, parseStackOutputs } from "../../drill/clients/outputs";
import { AlarmLever } from "../../drill/levers/alarmLever";
import { alarmSignals, alarmToken } from "../../drill/signals/alarms";
import { Clock } from "../../drill/clients/types";
import { FakeClock } from "./fakes";

/** A clock whose sleepers wake only when the test says so. */
class ManualClock implements Clock {
    private time = 0;
    private readonly sleepers: (() => void)[] = [];
    now(): number {
        return this.time;
    }
    sleep(ms: number): Promise<void> {
        return new Promise((resolve) => this.sleepers.push(() => { this.time += ms; resolve(); }));
    }
    /** Wakes the sleepers and waits until someone sleeps again (or a while passes). */
    async wake(): Promise<void> {
        this.sleepers.splice(0).forEach((wake) => wake());
        for (let turn = 0; turn < 100 && this.sleepers.length === 0; turn++) {
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
    }
}

const seoul: DeployedRegion = parseStackOutputs("seoul", {
    region: "ap-northeast-2", url: "https://seoul-alb.example/", albDnsName: "seoul-alb.example",
    alarmNames: { "serving-badly": "seoul-alarms-serving-badly-1a2b3c4", latency: "seoul-alarms-latency-5d6e7f8" },
    servingBadlyAlarmName: "seoul-alarms-serving-badly-1a2b3c4",
});
const tokyo: DeployedRegion = parseStackOutputs("tokyo", {
    region: "ap-northeast-1", url: "https://tokyo-alb.example/", albDnsName: "tokyo-alb.example",
    alarmNames: { "serving-badly": "tokyo-alarms-serving-badly-9a8b7c6" },
});

describe("alarm lever", () => {
    const cloudWatch = mockClient(CloudWatchClient);
    const regions: string[] = [];
    let state: string;
    /** How many of the next SetAlarmState calls CloudWatch throttles. */
    let throttled: number;
    let aws: AwsClients;

    beforeEach(() => {
        cloudWatch.reset();
        regions.length = 0;
        state = StateValue.OK;
        throttled = 0;
        cloudWatch.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[] }) => ({
            MetricAlarms: (input.AlarmNames ?? []).includes(seoul.servingBadlyAlarmName!) ? [{ AlarmName: seoul.servingBadlyAlarmName, StateValue: state }] : [],
        }));
        cloudWatch.on(SetAlarmStateCommand).callsFake(async (input: { AlarmName: string; StateValue: string }) => {
            if (throttled > 0) {
                throttled--;
                throw Object.assign(new Error("Rate exceeded"), { name: "Throttling" });
            }
            if (input.AlarmName !== seoul.servingBadlyAlarmName) {
                throw new ResourceNotFound({ message: `Alarm ${input.AlarmName} does not exist`, $metadata: {} });
            }
            state = input.StateValue;
            return {};
        });
        aws = {
            route53: new Route53Client({ region: "us-east-1" }),
            globalAccelerator: new GlobalAcceleratorClient({ region: "us-west-2" }),
            cloudWatch: (region) => {
                regions.push(region);
                return new CloudWatchClient({ region });
            },
        };
    });

    it("forces the serving-badly alarm to ALARM in the target's region, holds it there and sets OK on restore", async () => {
        const clock = new ManualClock();
        const lever = new AlarmLever(aws, clock, seoul, 20_000);
        expect(await lever.preflight()).to.deep.include({ id: "alarm-lever:alarm", description: "alarm seoul-alarms-serving-badly-1a2b3c4 is not already in ALARM", ok: true, detail: "StateValue OK", onFailure: "refuse-always" });
        const applied = await lever.apply();
        expect(applied.effectiveAtMs.route53).to.equal(0);
        await clock.wake();
        await clock.wake();
        await clock.wake();
        const forced = cloudWatch.commandCalls(SetAlarmStateCommand).map((call) => call.args[0].input);
        // Once at apply, then at 20, 40 and 60 s: CloudWatch would otherwise put it back at its next evaluation.
        expect(forced.map((input) => input.StateValue)).to.deep.equal(["ALARM", "ALARM", "ALARM", "ALARM"]);
        expect(forced.every((input) => input.AlarmName === "seoul-alarms-serving-badly-1a2b3c4")).to.equal(true);
        await lever.restore();
        expect(cloudWatch.commandCalls(SetAlarmStateCommand).at(-1)!.args[0].input.StateValue).to.equal("OK");
        expect(await lever.verifyRestored()).to.deep.equal({ ok: true, detail: "alarm seoul-alarms-serving-badly-1a2b3c4 StateValue OK (was OK)" });
        expect(lever.originals()).to.deep.equal({ alarmState: "OK" });
        expect([...new Set(regions)]).to.deep.equal(["ap-northeast-2"]);
        await clock.wake();
        expect(cloudWatch.commandCalls(SetAlarmStateCommand)).to.have.length(5);
    });

    it("refuses to start, even with --force, when the alarm already fires or there is no alarm", async () => {
        state = StateValue.ALARM;
        expect((await new AlarmLever(aws, new FakeClock(), seoul).preflight())[0]).to.include({ ok: false, onFailure: "refuse-always" });
        expect((await new AlarmLever(aws, new FakeClock(), tokyo).preflight())[0]).to.include({ ok: false, onFailure: "refuse-always" });
    });

    it("restores nothing when apply never changed anything, and says how to restore by hand", async () => {
        const lever = new AlarmLever(aws, new FakeClock(), seoul);
        await lever.restore();
        expect(cloudWatch.commandCalls(SetAlarmStateCommand)).to.have.length(0);
        expect(lever.manualRestore()[0]).to.equal('aws cloudwatch set-alarm-state --region ap-northeast-2 --alarm-name seoul-alarms-serving-badly-1a2b3c4 --state-value OK --state-reason "drill restored by hand"');
    });

    it("reports a restore that did not take", async () => {
        const lever = new AlarmLever(aws, new FakeClock(), seoul);
        await lever.apply();
        cloudWatch.on(SetAlarmStateCommand).rejects(new Error("Throttling"));
        let failure: Error | undefined;
        await lever.restore().catch((error: Error) => { failure = error; });
        expect(failure?.message).to.match(/restore failed: alarm seoul-alarms-serving-badly-1a2b3c4 may stay in ALARM .*Throttling/);
        expect(await lever.verifyRestored()).to.include({ ok: false });
    });

    it("says which alarm it forces and how often, warns that the alarm's actions run, and plans the three steps", () => {
        const lever = new AlarmLever(aws, new FakeClock(), seoul, 20_000);
        expect(lever.summary).to.equal("force alarm seoul-alarms-serving-badly-1a2b3c4 in ap-northeast-2 to ALARM with SetAlarmState, every 20 s until restored");
        expect(lever.driftWarning).to.equal(
            "ALARM: the alarm's actions run while it is forced: the subscribers of ap-northeast-2's alarm topic are notified at the start and the end of the drill.",
        );
        expect(lever.plan()).to.deep.equal([
            "DescribeAlarms seoul-alarms-serving-badly-1a2b3c4 in ap-northeast-2: record StateValue.",
            "SetAlarmState ALARM, again every 20 s (CloudWatch re-evaluates each period).",
            "Restore: stop re-asserting; SetAlarmState OK; CloudWatch then judges the real metrics at its next evaluation.",
        ]);
    });

    it("without a serving-badly alarm: says (none), refuses in preflight, names the missing output on apply and leaves a placeholder by hand", async () => {
        const lever = new AlarmLever(aws, new FakeClock(), tokyo);
        expect(lever.summary).to.equal("force alarm (none) in ap-northeast-1 to ALARM with SetAlarmState, every 20 s until restored");
        expect(lever.plan()[0]).to.equal("DescribeAlarms (none) in ap-northeast-1: record StateValue.");
        expect(await lever.preflight()).to.deep.equal([{
            id: "alarm-lever:alarm", description: "the target has a serving-badly alarm", ok: false,
            detail: "stack tokyo has no servingBadlyAlarmName output (alarms.enabled)", onFailure: "refuse-always",
        }]);
        const failure = await lever.apply().then(() => undefined, (error: Error) => error);
        expect(failure?.message).to.equal("stack tokyo has no servingBadlyAlarmName output: deploy it with alarms.enabled");
        expect(lever.manualRestore()).to.deep.equal(['aws cloudwatch set-alarm-state --region ap-northeast-1 --alarm-name <alarm> --state-value OK --state-reason "drill restored by hand"']);
        expect(cloudWatch.commandCalls(SetAlarmStateCommand)).to.have.length(0);
    });

    it("needs a CloudWatch client", async () => {
        const lever = new AlarmLever({ route53: aws.route53, globalAccelerator: aws.globalAccelerator }, new FakeClock(), seoul);
        const failure = await lever.prepare().then(() => undefined, (error: Error) => error);
        expect(failure?.message).to.equal("the alarm lever needs a CloudWatch client");
    });

    it("names an alarm that CloudWatch does not have, and changes nothing", async () => {
        const renamed = { ...seoul, servingBadlyAlarmName: "seoul-alarms-serving-badly-deleted" };
        const lever = new AlarmLever(aws, new FakeClock(), renamed);
        const failure = await lever.apply().then(() => undefined, (error: Error) => error);
        expect(failure?.message).to.equal("alarm seoul-alarms-serving-badly-deleted not found in ap-northeast-2");
        expect(cloudWatch.commandCalls(SetAlarmStateCommand)).to.have.length(0);
    });

    it("passes CloudWatch's own error on when forcing ALARM fails", async () => {
        throttled = 1;
        const lever = new AlarmLever(aws, new FakeClock(), seoul);
        const failure = await lever.apply().then(() => undefined, (error: Error) => error);
        expect(failure).to.include({ name: "Throttling", message: "Rate exceeded" });
        expect(state).to.equal("OK");
    });

    it("reads nothing back when it never changed anything", async () => {
        const lever = new AlarmLever(aws, new FakeClock(), seoul);
        expect(await lever.verifyRestored()).to.deep.equal({ ok: true, detail: "nothing was changed" });
        expect(cloudWatch.commandCalls(DescribeAlarmsCommand)).to.have.length(0);
    });

    it("keeps holding after a throttled re-assertion and reports it when reading back", async () => {
        const clock = new ManualClock();
        const lever = new AlarmLever(aws, clock, seoul, 20_000);
        await lever.apply();
        throttled = 1;
        await clock.wake();
        await clock.wake();
        expect(cloudWatch.commandCalls(SetAlarmStateCommand)).to.have.length(3);
        await lever.restore();
        expect(state).to.equal("OK");
        expect(await lever.verifyRestored()).to.deep.equal({
            ok: true, detail: "alarm seoul-alarms-serving-badly-1a2b3c4 StateValue OK (was OK); 1 re-assertion(s) failed: Rate exceeded",
        });
    });

    describe("alarm signals", () => {
        it("read every alarm of the target, with when it last changed, in the target's region", async () => {
            cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ StateValue: "ALARM", StateReason: "Threshold crossed", StateUpdatedTimestamp: new Date(Date.UTC(2025, 5, 1, 0, 2, 0)) }] });
            const signals = alarmSignals({ target: seoul, path: "alarm", aws });
            expect(signals.map((signal) => [signal.id, signal.guard, signal.expected.during])).to.deep.equal([
                ["alarm:seoul:serving-badly", false, ["alarm"]],
                ["alarm:seoul:latency", false, ["ok", "insufficient-data"]],
            ]);
            expect(await signals[0].read()).to.deep.equal({ value: "alarm", detail: "ALARM since 2025-06-01T00:02:00.000Z: Threshold crossed" });
            expect(cloudWatch.commandCalls(DescribeAlarmsCommand)[0].args[0].input).to.deep.equal({ AlarmNames: ["seoul-alarms-serving-badly-1a2b3c4"] });
            expect(regions).to.deep.equal(["ap-northeast-2"]);
        });

        it("expect the serving-badly alarm to stay quiet when another path is drilled", () => {
            expect(alarmSignals({ target: seoul, path: "endpoint", aws })[0].expected.during).to.deep.equal(["ok", "insufficient-data"]);
        });

        it("map CloudWatch's states to tokens", () => {
            expect(["OK", "ALARM", "INSUFFICIENT_DATA", undefined].map(alarmToken)).to.deep.equal(["ok", "alarm", "insufficient-data", "!unknown"]);
        });
    });
});

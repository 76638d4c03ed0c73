/** The alarm lever and the alarm signals, with CloudWatch mocked by aws-sdk-client-mock. */
import { CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand, StateValue } from "@aws-sdk/client-cloudwatch";
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
    let aws: AwsClients;

    beforeEach(() => {
        cloudWatch.reset();
        regions.length = 0;
        state = StateValue.OK;
        cloudWatch.on(DescribeAlarmsCommand).callsFake(() => ({ MetricAlarms: [{ AlarmName: seoul.servingBadlyAlarmName, StateValue: state }] }));
        cloudWatch.on(SetAlarmStateCommand).callsFake(async (input: { StateValue: string }) => {
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

    describe("alarm signals", () => {
        it("read every alarm of the target, with when it last changed, and guard the other regions' serving-badly alarm", async () => {
            cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ StateValue: "ALARM", StateReason: "Threshold crossed", StateUpdatedTimestamp: new Date(Date.UTC(2025, 5, 1, 0, 2, 0)) }] });
            const signals = alarmSignals({ target: seoul, others: [tokyo], path: "alarm", aws });
            expect(signals.map((signal) => [signal.id, signal.guard, signal.expected.during])).to.deep.equal([
                ["alarm:seoul:serving-badly", false, ["alarm"]],
                ["alarm:seoul:latency", false, ["ok", "insufficient-data"]],
                ["guard:alarm:tokyo", true, ["ok", "insufficient-data"]],
            ]);
            expect(await signals[0].read()).to.deep.equal({ value: "alarm", detail: "ALARM since 2025-06-01T00:02:00.000Z: Threshold crossed" });
            expect(cloudWatch.commandCalls(DescribeAlarmsCommand)[0].args[0].input).to.deep.equal({ AlarmNames: ["seoul-alarms-serving-badly-1a2b3c4"] });
            await signals[2].read();
            expect(regions).to.deep.equal(["ap-northeast-2", "ap-northeast-1"]);
        });

        it("expect the serving-badly alarm to stay quiet when another path is drilled", () => {
            expect(alarmSignals({ target: seoul, others: [], path: "endpoint", aws })[0].expected.during).to.deep.equal(["ok", "insufficient-data"]);
        });

        it("map CloudWatch's states to tokens", () => {
            expect(["OK", "ALARM", "INSUFFICIENT_DATA", undefined].map(alarmToken)).to.deep.equal(["ok", "alarm", "insufficient-data", "!unknown"]);
        });
    });
});

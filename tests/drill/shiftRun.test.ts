/**
 * `drill shift`'s run (drill/shift/shift.ts) line by line and at its edges: the whole transcript of
 * a pre-scaled shift, a dry-run failback and the failback; the refusals before anything is changed
 * (cross-stack errors, nothing left to move, a failback without a completed shift of the region or
 * with a value changed since); a shift interrupted or whose pre-scaling fails, rolled back. The
 * shift's values against Route 53 and the failback's hold-down are in shift.test.ts.
 */
import * as path from "node:path";
import { ChangeResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { expect } from "chai";
import { runShift, ShiftOptions } from "../../drill/shift/shift";
import { failureOf } from "../thrown";
import { fakeDrill, groupName, ids, temporaryDirectory, weightedRecordSet, zone } from "./fakes";
import { shiftDeps, shiftOptions } from "./shiftFixtures";
import { projectVariant } from "./projects";

type Drill = ReturnType<typeof fakeDrill>;

const seoulArn = ids.seoul.endpointGroupArn;

describe("drill shift's run (drill/shift/shift.ts)", () => {
    let drill: Drill;
    let stateFile: string;
    beforeEach(() => {
        stateFile = path.join(temporaryDirectory(), "state.json");
    });
    afterEach(() => drill.restore());

    const shift = (overrides: Partial<ShiftOptions> = {}) => runShift(shiftOptions({ stateFile, ...overrides }), shiftDeps(drill));
    /** The progress lines since the last call, the state file's path named `<state>`. */
    const lines = () => drill.progress.events.splice(0).map((line) => line.split(stateFile).join("<state>"));

    it("says what it plans, does and leaves, step by step: a pre-scaled shift, a dry-run failback, the failback", async () => {
        drill = fakeDrill({}, { groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 4 } } });
        const asg = groupName("tokyo");
        const moves = [
            "  weighted record weighted.example.com (ap-northeast-2): weight %W (Route 53 ChangeResourceRecordSets: DELETE of the record set as read and CREATE with the new weight in one batch, refused if anyone changed it meanwhile; alias target and health check kept)",
            `  endpoint group ${seoulArn}: traffic dial %D (UpdateEndpointGroup in us-west-2; new connections only)`,
            "  not moved by a shift: failover record app.example.com, latency record latency.example.com (they follow health, not weights; npm run drill -- run takes a region out on every path)",
        ];
        const tail = (watched: string) => [
            `After each step: watch ${watched} (2 signal(s): alarms, health checks, accelerator endpoints) for 60 s, reading every 15 s; an alarm, or a health check unhealthy twice in a row, rolls back.`,
            "Control planes: Route 53's API (us-east-1) and Global Accelerator's configuration API (us-west-2) must answer: a shift is a planned move, not a lever for a region outage.",
            "Drift: until the traffic is back, the weight and dial differ from stack seoul's state; do not deploy it meanwhile (pulumi up would put them back).",
            "",
        ];
        const forward = (text: string) => text.replace("%W", "50 -> 25 -> 0").replace("%D", "100 -> 50 -> 0");
        const backward = (text: string) => text.replace("%W", "0 -> 25 -> 50").replace("%D", "0 -> 50 -> 100");
        const restoreLine = `aws autoscaling update-auto-scaling-group --region ap-northeast-1 --auto-scaling-group-name ${asg} --min-size 1`;
        const upsert = `aws route53 change-resource-record-sets --hosted-zone-id ${zone.hostedZoneId} --change-batch '${JSON.stringify({ Changes: [{ Action: "UPSERT", ResourceRecordSet: weightedRecordSet("seoul", 50) }] })}'`;

        const shifted = await shift({ preScale: true });
        expect(shifted).to.deep.equal({
            outcome: "shifted", exitCode: 0,
            summary: "seoul keeps 0% of its weight and dial; the drill state holds the shift until npm run drill -- shift --back --from seoul returns the traffic (or npm run drill -- restore returns it at once).",
        });
        expect(lines()).to.deep.equal([
            "Shift plan: move traffic away from ap-northeast-2 (seoul) in 2 step(s): 100% -> 50% -> 0% of its weight and dial.",
            ...moves.map(forward),
            `  pre-scale before the first step: tokyo (ap-northeast-1): needs 2 instance(s) for 30 rps of the 30 rps peak (latency: the lost region's clients go to the survivor nearest it); UpdateAutoScalingGroup ${asg} MinSize 1 -> 2, DesiredCapacity 1 -> 2.`,
            ...tail("tokyo"),
            "State written: _drill-state.example.com (TXT, readable by every operator of the account) and <state>; if this process dies, run npm run drill -- restore (from this or any other checkout).",
            "Original values: weight=50, trafficDialPercentage=100, minSize:tokyo=1",
            `By hand, if this tool dies: npm run drill -- restore, or ${upsert} && aws globalaccelerator update-endpoint-group --region us-west-2 --endpoint-group-arn ${seoulArn} --traffic-dial-percentage 100 && ${restoreLine}`,
            `Pre-scaled tokyo: ${asg} MinSize 1 -> 2, DesiredCapacity 1 -> 2.`,
            "Pre-scaled capacity is InService: tokyo 2+ (120 s).",
            "State: applying.", "State: applied.",
            "Step 1/2: 100% -> 50% of seoul's traffic: weight 25, dial 50; watching for 60 s.",
            "State: applying.", "State: applied.",
            "Step 2/2: 50% -> 0% of seoul's traffic: weight 0, dial 0; watching for 60 s.",
            `Outcome: SHIFTED: ${shifted.summary}`,
        ]);

        const failbackPlan = [
            "Failback plan: the shift of seoul by tester, started 2025-06-01T00:00:00.000Z, holds 0%.",
            "  first 60 s of hold-down: ap-northeast-2 (seoul) must read healthy on every read (2 signal(s): its alarms, health checks, accelerator endpoints), else nothing is returned.",
            "  then return its traffic in 2 step(s): 0% -> 50% -> 100% of its weight and dial.",
            ...moves.map(backward),
            `  after the last step, the pre-scaled capacity goes back (MinSize only, where it still holds the shift's value): ${restoreLine}`,
            ...tail("seoul"),
        ];
        const planned = await shift({ back: true, holdDownSeconds: 60, dryRun: true });
        expect(planned).to.deep.equal({ outcome: "planned", exitCode: 0, summary: "Dry run of a failback to ap-northeast-2 (seoul): nothing was changed." });
        expect(lines()).to.deep.equal([...failbackPlan, `Outcome: PLANNED: ${planned.summary}`]);
        expect(drill.world.weight("seoul"), "a dry run sends nothing").to.equal(0);

        const returned = await shift({ back: true, holdDownSeconds: 60 });
        expect(returned).to.deep.equal({ outcome: "returned", exitCode: 0, summary: "seoul has its weight and dial back; the drill state and the lock are removed." });
        expect(lines()).to.deep.equal([
            ...failbackPlan,
            "State: applied.",
            "Hold-down: watching ap-northeast-2 (seoul) for 60 s.",
            "State: applying.", "State: applied.",
            "Failback step 1/2: 0% -> 50% of seoul's traffic: weight 25, dial 50; watching for 60 s.",
            "State: applying.", "State: applied.",
            "Failback step 2/2: 50% -> 100% of seoul's traffic: weight 50, dial 100; watching for 60 s.",
            `Read back: weighted record weighted.example.com (ap-northeast-2) weight 50 (was 50); endpoint group ${seoulArn} traffic dial 100 (was 100); tokyo's Auto Scaling group ${asg} MinSize 1 (was 1)`,
            "Lock released: _drill-lock.example.com.",
            `Outcome: RETURNED: ${returned.summary}`,
        ]);
    });

    it("lists in a dry run what would refuse it: an unhealthy survivor", async () => {
        drill = fakeDrill();
        drill.world.setCheckersHealthy("tokyo", false);
        expect((await shift({ dryRun: true })).outcome).to.equal("planned");
        expect(lines().filter((line) => line.startsWith("  would refuse: "))).to.deep.equal([
            `  would refuse: Route 53 health check ${ids.tokyo.healthCheckId} of ap-northeast-1 must stay healthy: it reads unhealthy (0/3 checkers healthy)`,
        ]);
    });

    it("pre-scales for the steps' shares of the traffic: one step keeping half", async () => {
        drill = fakeDrill({}, { groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 4 } } });
        const nearHalf = projectVariant({ "Pulumi.tokyo.yaml": [["  app:dns.weight: 50\n", "  app:dns.weight: 50\n  app:capacity.nearbyClientsPercent: 50\n"]] });
        expect((await shift({ projectDir: nearHalf, steps: [50], preScale: true, dryRun: true })).outcome).to.equal("planned");
        expect(lines().filter((line) => line.startsWith("  pre-scale"))).to.deep.equal([`  pre-scale before the first step: tokyo (ap-northeast-1): needs 2 instance(s) for 30 rps of the 30 rps peak ` +
            `(accelerator: the lost endpoint group's clients go to the group nearest it); UpdateAutoScalingGroup ${groupName("tokyo")} MinSize 1 -> 2, DesiredCapacity 1 -> 2.`]);
    });

    it("refuses a project with cross-stack errors before reading anything", async () => {
        drill = fakeDrill();
        const twoPrimaries = projectVariant({ "Pulumi.tokyo.yaml": [["app:dns.failoverRole: SECONDARY", "app:dns.failoverRole: PRIMARY"]] });
        expect((await failureOf(shift({ projectDir: twoPrimaries })))?.message).to.match(/failover name "app" needs exactly one PRIMARY record, found 2 \(seoul, tokyo\)/);
        expect(drill.world.route53Mock.calls()).to.have.length(0);
    });

    it("refuses to move a region whose weight and dial are already 0, changing nothing and keeping no lock", async () => {
        drill = fakeDrill({}, { weights: { seoul: 0 }, dial: { seoul: 0 } });
        expect(await shift()).to.deep.equal({
            outcome: "refused", exitCode: 1, summary: "Refused: seoul's weight and dial are already 0: there is no traffic to move. Nothing was changed.",
        });
        expect(drill.world.recordSets.size, "no state, no lock").to.equal(0);
    });

    it("rolls back when interrupted before its first step, and when interrupted while watching a step", async () => {
        drill = fakeDrill();
        drill.interrupt.abort();
        const early = await shift();
        expect(early).to.deep.equal({ outcome: "interrupted", exitCode: 1, summary: "Every step was rolled back: interrupted." });
        expect(lines()).to.include("Rolling back: interrupted.");
        expect(drill.world.route53Mock.commandCalls(ChangeResourceRecordSetsCommand).filter((call) => call.args[0].input.ChangeBatch?.Changes?.[0]?.ResourceRecordSet?.Type === "A"),
            "no step sent").to.deep.equal([]);
        expect([drill.world.weight("seoul"), drill.world.dial("seoul")]).to.deep.equal([50, 100]);
        expect(drill.world.recordSets.size).to.equal(0);
        drill.restore();

        drill = fakeDrill();
        drill.world.onChange = (what) => {
            if (what === "dial seoul 50") {
                drill.interrupt.abort();
            }
        };
        // One step: nothing after the watch would notice the interrupt but the watch's own end.
        expect(await shift({ steps: [50] })).to.deep.include({ outcome: "interrupted", summary: "Every step was rolled back: interrupted." });
        expect([drill.world.weight("seoul"), drill.world.dial("seoul")], "the step put back").to.deep.equal([50, 100]);
        expect(drill.world.recordSets.size).to.equal(0);
    });

    it("rolls back, sending no step, when the pre-scaled instances are not InService in time", async () => {
        drill = fakeDrill({ instanceLaunchMs: 300_000 }, { groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 4 } } });
        const result = await shift({ preScale: true, preScaleWaitSeconds: 60 });
        expect(result).to.deep.equal({
            outcome: "rolled-back", exitCode: 1,
            summary: "Every step was rolled back: pre-scaling failed: the pre-scaled instances were not InService within 60 s (InService: tokyo 1/2); traffic was not moved.",
        });
        expect(drill.world.weight("seoul")).to.equal(50);
        expect(drill.world.groupSizes("tokyo").minSize, "MinSize put back").to.equal(1);
        expect(drill.world.recordSets.size).to.equal(0);
    });

    it("defaults its hold to the survivors' detection, not the region's it moves away from", async () => {
        drill = fakeDrill();
        // seoul's alarms take 300 s x 2 + 60 s to fire; tokyo's the defaults' 180 s.
        const slowSeoul = projectVariant({ "Pulumi.seoul.yaml": [["  app:dns.weight: 50\n", "  app:dns.weight: 50\n  app:alarms.periodSeconds: 300\n"]] });
        expect((await shift({ projectDir: slowSeoul, holdSeconds: undefined, steps: [0] })).outcome).to.equal("shifted");
        expect(lines()).to.include("Step 1/1: 100% -> 0% of seoul's traffic: weight 0, dial 0; watching for 240 s.");
        // The failback watches seoul: its own detection for the hold-down and, plus the TTL, for each step.
        expect((await shift({ projectDir: slowSeoul, holdSeconds: undefined, back: true })).outcome).to.equal("returned");
        const failback = lines();
        expect(failback).to.include("Hold-down: watching ap-northeast-2 (seoul) for 660 s.");
        expect(failback).to.include("Failback step 1/1: 0% -> 100% of seoul's traffic: weight 50, dial 100; watching for 720 s.");
    });

    it("takes the lock for the steps' watches, the pre-scaling wait and half an hour more", async () => {
        drill = fakeDrill();
        const expiries: string[] = [];
        drill.world.onChange = (what) => {
            if (what.startsWith("dial seoul")) {
                expiries.push(/expires=(\S+)/.exec(drill.world.recordSets.get("_drill-lock.example.com. TXT")!.ResourceRecords![0].Value!)![1]);
            }
        };
        const startMs = drill.clock.now();
        expect((await shift({ steps: [50, 0], preScaleWaitSeconds: 100 })).outcome).to.equal("shifted");
        expect(expiries[0]).to.equal(new Date(startMs + (2 * 60 + 100 + 1800) * 1000).toISOString());
        const backMs = drill.clock.now();
        expect((await shift({ back: true, holdDownSeconds: 90 })).outcome).to.equal("returned");
        // Taken over at the start of the failback: the hold-down, two steps' watches, half an hour.
        expect(expiries[2]).to.equal(new Date(backMs + (90 + 2 * 60 + 1800) * 1000).toISOString());
    });

    it("moves the dial of a region whose weight is already 0", async () => {
        drill = fakeDrill({}, { weights: { seoul: 0 } });
        expect((await shift()).outcome).to.equal("shifted");
        expect(drill.world.dial("seoul")).to.equal(0);
        expect(lines().filter((line) => line.startsWith("Step "))).to.deep.equal([
            "Step 1/2: 100% -> 50% of seoul's traffic: weight 0, dial 50; watching for 60 s.",
            "Step 2/2: 50% -> 0% of seoul's traffic: weight 0, dial 0; watching for 60 s.",
        ]);
    });

    it("lets a step's watch pass one bad read of an endpoint group (two in a row roll back)", async () => {
        /** Tokyo's accelerator endpoint unhealthy from 20 s into the step's watch for `seconds` (reads every 15 s). */
        const blip = (seconds: number) => {
            drill.world.onChange = (what) => {
                if (what === "dial seoul 50") {
                    drill.world.at(drill.clock.elapsedSeconds() + 20, () => (drill.world.endpointHealth.tokyo = "UNHEALTHY"));
                    drill.world.at(drill.clock.elapsedSeconds() + 20 + seconds, () => (drill.world.endpointHealth.tokyo = "HEALTHY"));
                }
            };
        };
        drill = fakeDrill();
        blip(15);
        expect((await shift({ steps: [50] })).outcome, "one bad read").to.equal("shifted");
        drill.restore();
        drill = fakeDrill();
        blip(30);
        expect((await shift({ steps: [50] })).outcome, "two bad reads").to.equal("rolled-back");
    });

    describe("a failback", () => {
        it("returns in the shift's steps reversed", async () => {
            drill = fakeDrill();
            expect((await shift({ steps: [75, 25, 0] })).outcome).to.equal("shifted");
            const sent: string[] = [];
            drill.world.onChange = (what) => {
                if (what.startsWith("dial seoul")) {
                    sent.push(what);
                }
            };
            expect((await shift({ back: true, holdDownSeconds: 60 })).outcome).to.equal("returned");
            expect(sent).to.deep.equal(["dial seoul 25", "dial seoul 75", "dial seoul 100"]);
        });

        it("is refused by one bad read in its hold-down", async () => {
            drill = fakeDrill();
            expect((await shift()).outcome).to.equal("shifted");
            drill.world.at(drill.clock.elapsedSeconds() + 20, () => (drill.world.endpointHealth.seoul = "UNHEALTHY"));
            drill.world.at(drill.clock.elapsedSeconds() + 35, () => (drill.world.endpointHealth.seoul = "HEALTHY"));
            const result = await shift({ back: true, holdDownSeconds: 120 });
            expect(result.outcome, drill.progress.events.join("\n")).to.equal("refused");
            expect(result.summary).to.equal("Failback refused: Global Accelerator endpoints of ap-northeast-2 must be HEALTHY (its dial is the shift's): read unhealthy: unhealthy (0/1 endpoints healthy, dial 0) (30 s into the hold-down). " +
                "The traffic stays where the shift put it (0%); run the failback again once seoul has been healthy for 120 s.");
            expect(drill.world.dial("seoul")).to.equal(0);
        });

        it("ends as interrupted when interrupted in its hold-down, returning nothing", async () => {
            drill = fakeDrill();
            expect((await shift()).outcome).to.equal("shifted");
            drill.world.at(drill.clock.elapsedSeconds() + 30, () => drill.interrupt.abort());
            expect(await shift({ back: true, holdDownSeconds: 120 })).to.deep.equal({
                outcome: "interrupted", exitCode: 1,
                summary: "Failback refused: interrupted. The traffic stays where the shift put it (0%); run the failback again once seoul has been healthy for 120 s.",
            });
            expect(drill.world.dial("seoul")).to.equal(0);
        });

        it("of a shift that did not complete is refused: drill restore finishes it", async () => {
            drill = fakeDrill();
            drill.world.onChange = (what) => {
                if (what === "dial seoul 50") {
                    drill.world.die();
                }
            };
            void shift();
            while (drill.world.dial("seoul") === 100) {
                await drill.clock.sleep(1000);
            }
            drill.world.revive();
            drill.world.onChange = undefined;
            expect((await shift({ back: true })).summary).to.equal(
                "Refused: the zone's drill state is a shift of seoul at stage applying, not a completed shift of seoul: run npm run drill -- restore to finish it.");
        });

        it("says where it rolls back to when the returning region's alarm fires", async () => {
            drill = fakeDrill({}, { alarms: true });
            expect((await shift()).outcome).to.equal("shifted");
            drill.world.onChange = (what) => {
                if (what === "dial seoul 50") {
                    drill.world.at(drill.clock.elapsedSeconds() + 15, () => drill.world.setAlarmFiring("seoul"));
                }
            };
            lines();
            const result = await shift({ back: true, holdDownSeconds: 60 });
            expect(result.outcome).to.equal("rolled-back");
            const said = lines();
            const rolling = said.find((line) => line.startsWith("Rolling the failback back to 0%: "));
            expect(rolling, said.join("\n")).to.match(/^Rolling the failback back to 0%: CloudWatch alarm seoul-\S+ .*must not fire: fired: alarm \(ALARM since .*\)\.$/);
            expect(said).to.include("Back at 0%: weight 0, dial 0.");
            expect(result.summary).to.equal(`Failback rolled back: ${rolling!.slice("Rolling the failback back to 0%: ".length, -1)}. The traffic stays away from seoul; the drill state holds the shift.`);
        });

        it("is refused without a drill state, and for another region than the shift's", async () => {
            drill = fakeDrill();
            expect(await shift({ back: true })).to.deep.equal({
                outcome: "refused", exitCode: 1, summary: "Refused: no shift to return: the zone holds no drill state (_drill-state.example.com).",
            });
            expect((await shift()).outcome).to.equal("shifted");
            expect((await shift({ back: true, target: "tokyo" })).summary).to.equal(
                "Refused: the zone's drill state is a shift of seoul at stage applied, not a completed shift of tokyo: run npm run drill -- restore to finish it.");
            expect(drill.world.weight("seoul"), "nothing returned").to.equal(0);
        });

        it("is refused before its hold-down when a value was changed since the shift, sending nothing", async () => {
            drill = fakeDrill();
            expect((await shift()).outcome).to.equal("shifted");
            drill.world.setDial("seoul", 30);
            const result = await shift({ back: true, holdDownSeconds: 60 });
            expect(result.outcome).to.equal("refused");
            expect(result.summary).to.equal(`Refused: endpoint group ${seoulArn} traffic dial is 30 (the shift set 0): changed since the shift or unreadable. ` +
                "Nothing was changed; npm run drill -- restore says what stands where and leaves someone else's change alone.");
            expect(lines()).to.not.include("Hold-down: watching ap-northeast-2 (seoul) for 60 s.");
            expect([drill.world.weight("seoul"), drill.world.dial("seoul")]).to.deep.equal([0, 30]);
        });
    });
});

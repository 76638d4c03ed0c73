/**
 * Pre-scaling's own steps (drill/capacity/preScale.ts) against the fake account's EC2 Auto Scaling:
 * what it plans, reads, raises, waits for, reports and puts back, each with the exact values and
 * words. The drills and shifts that use it are in shift.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { expect } from "chai";
import { capacityKey, PreScale } from "../../drill/capacity/preScale";
import { needText, ScaleTarget, scaleTargets } from "../../drill/capacity/needs";
import { parseStackOutputs } from "../../drill/clients/outputs";
import { AwsClients } from "../../drill/clients/types";
import { findTarget, loadProjectStacks } from "../../drill/stacks";
import { InputError } from "../../domain/exitCodes";
import { errorOf, failureOf } from "../thrown";
import { fakeDrill, groupName, ids, projectDir } from "./fakes";
import { projectVariant } from "./projects";
import { refusingClient } from "./shiftFixtures";

type Drill = ReturnType<typeof fakeDrill>;
type Stack = "seoul" | "tokyo";

/** A survivor that needs `instances`, for 30 rps of a 30 rps peak on the failover path. */
function target(stack: Stack, instances: number): ScaleTarget {
    return { stack, region: ids[stack].region, groupName: groupName(stack), need: { path: "failover", requestsPerSecond: 30, instances }, peakRequestsPerSecond: 30 };
}

/** The account's clients, counting the Auto Scaling calls by command name. */
function counted(drill: Drill): { aws: AwsClients; calls: string[] } {
    const calls: string[] = [];
    const aws: AwsClients = {
        ...drill.world.aws,
        autoScaling: (region) => {
            const client = drill.world.aws.autoScaling!(region);
            return { send: (command: { constructor: { name: string } }) => {
                calls.push(command.constructor.name);
                return client.send(command as never);
            } } as unknown as AutoScalingClient;
        },
    };
    return { aws, calls };
}

/** Clients whose Auto Scaling refuses every call with `message`. */
function refusing(drill: Drill, message: string): AwsClients {
    return { ...drill.world.aws, autoScaling: () => refusingClient<AutoScalingClient>(message) };
}

const quiet = { timeoutMs: 600_000, pollMs: 10_000, say: () => undefined };

describe("pre-scaling (drill/capacity/preScale.ts)", () => {
    let drill: Drill;
    afterEach(() => drill.restore());

    it("plans in words: before reading what it will read and send; after, the exact change, DesiredCapacity only when below the need", async () => {
        drill = fakeDrill({}, { groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 4 }, seoul: { minSize: 1, desiredCapacity: 2, maxSize: 4 } } });
        const preScale = new PreScale(drill.world.aws, drill.clock, [target("tokyo", 2), target("seoul", 2)]);
        const why = "30 rps of the 30 rps peak (failover: the PRIMARY's load moves to the SECONDARY)";
        expect(preScale.plan()).to.deep.equal([
            `tokyo (ap-northeast-1): needs 2 instance(s) for ${why}; DescribeAutoScalingGroups ${groupName("tokyo")}: record MinSize and DesiredCapacity; UpdateAutoScalingGroup MinSize=2 (and DesiredCapacity when below it) if MinSize is lower.`,
            `seoul (ap-northeast-2): needs 2 instance(s) for ${why}; DescribeAutoScalingGroups ${groupName("seoul")}: record MinSize and DesiredCapacity; UpdateAutoScalingGroup MinSize=2 (and DesiredCapacity when below it) if MinSize is lower.`,
        ]);
        await preScale.prepare();
        expect(preScale.plan()).to.deep.equal([
            `tokyo (ap-northeast-1): needs 2 instance(s) for ${why}; UpdateAutoScalingGroup ${groupName("tokyo")} MinSize 1 -> 2, DesiredCapacity 1 -> 2.`,
            `seoul (ap-northeast-2): needs 2 instance(s) for ${why}; UpdateAutoScalingGroup ${groupName("seoul")} MinSize 1 -> 2.`,
        ]);
    });

    it("leaves a group alone whose MinSize already carries the need (equal is enough), and says so", async () => {
        drill = fakeDrill({}, { groups: { tokyo: { minSize: 2, desiredCapacity: 2, maxSize: 4 } } });
        const { aws, calls } = counted(drill);
        const preScale = new PreScale(aws, drill.clock, [target("tokyo", 2)]);
        await preScale.raise(quiet);
        expect(preScale.plan()[0]).to.match(/; its MinSize 2 already carries it: nothing to change\.$/);
        expect(calls).to.not.include("UpdateAutoScalingGroupCommand");
        expect(preScale.keys()).to.deep.equal([]);
        expect(preScale.originals()).to.deep.equal({});
        expect(preScale.manualRestore()).to.deep.equal([]);
        expect(await preScale.verifyRestored()).to.deep.equal({ ok: true, detail: "no Auto Scaling group was changed" });
    });

    it("reads each group once however often it is prepared", async () => {
        drill = fakeDrill({}, { groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 4 } } });
        const { aws, calls } = counted(drill);
        const preScale = new PreScale(aws, drill.clock, [target("tokyo", 2)]);
        await preScale.prepare();
        drill.world.setGroupSizes("tokyo", { minSize: 3, desiredCapacity: 3, maxSize: 4 });
        await preScale.prepare();
        expect(calls).to.deep.equal(["DescribeAutoScalingGroupsCommand"]);
        expect(preScale.saved().groups[0]).to.include({ originalMinSize: 1, originalDesiredCapacity: 1, drillMinSize: 2 });
    });

    it("raises DesiredCapacity only when it is below the need: equal or above is left to the group", async () => {
        for (const [index, [desired, sent]] of ([[1, 2], [2, undefined], [3, undefined]] as const).entries()) {
            if (index > 0) {
                drill.restore();
            }
            drill = fakeDrill({}, { groups: { tokyo: { minSize: 1, desiredCapacity: desired, maxSize: 4 } } });
            const lines: string[] = [];
            await new PreScale(drill.world.aws, drill.clock, [target("tokyo", 2)]).raise({ ...quiet, say: (line) => lines.push(line) });
            expect(drill.world.groupSizes("tokyo"), `desired ${desired}`).to.deep.equal({ minSize: 2, desiredCapacity: sent ?? desired, maxSize: 4 });
            expect(lines[0]).to.equal(sent === undefined
                ? `Pre-scaled tokyo: ${groupName("tokyo")} MinSize 1 -> 2.`
                : `Pre-scaled tokyo: ${groupName("tokyo")} MinSize 1 -> 2, DesiredCapacity 1 -> 2.`);
        }
    });

    it("refuses every group above its MaxSize at once, in AWS's words, before sending anything", async () => {
        drill = fakeDrill({}, { groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 2 }, seoul: { minSize: 1, desiredCapacity: 1, maxSize: 1 } } });
        const { aws, calls } = counted(drill);
        const error = await failureOf(new PreScale(aws, drill.clock, [target("tokyo", 3), target("seoul", 2)]).raise(quiet));
        expect(error?.message).to.equal(`pre-scaling refused, nothing was changed: tokyo's group ${groupName("tokyo")} cannot take MinSize 3 (MaxSize 2); AWS would answer: ` +
            `Max bound, 2, must be greater than or equal to min bound, 3; seoul's group ${groupName("seoul")} cannot take MinSize 2 (MaxSize 1); AWS would answer: ` +
            "Max bound, 1, must be greater than or equal to min bound, 2");
        expect(calls).to.deep.equal(["DescribeAutoScalingGroupsCommand", "DescribeAutoScalingGroupsCommand"]);
    });

    it("waits until the raised instances are InService, reading every poll, and says how long it took", async () => {
        drill = fakeDrill({ instanceLaunchMs: 120_000 }, { groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 4 } } });
        const lines: string[] = [];
        const startedMs = drill.clock.now();
        await new PreScale(drill.world.aws, drill.clock, [target("tokyo", 2)]).raise({ ...quiet, pollMs: 30_000, say: (line) => lines.push(line) });
        expect(drill.clock.now() - startedMs).to.equal(120_000);
        expect(lines).to.deep.equal([`Pre-scaled tokyo: ${groupName("tokyo")} MinSize 1 -> 2, DesiredCapacity 1 -> 2.`, "Pre-scaled capacity is InService: tokyo 2+ (120 s)."]);
    });

    it("does not wait when the groups already have the instances InService", async () => {
        drill = fakeDrill({}, { groups: { tokyo: { minSize: 1, desiredCapacity: 3, maxSize: 4 }, seoul: { minSize: 1, desiredCapacity: 2, maxSize: 4 } } });
        const lines: string[] = [];
        const startedMs = drill.clock.now();
        await new PreScale(drill.world.aws, drill.clock, [target("tokyo", 2), target("seoul", 2)]).raise({ ...quiet, say: (line) => lines.push(line) });
        expect(drill.clock.now()).to.equal(startedMs);
        expect(lines).to.deep.equal([
            `Pre-scaled tokyo: ${groupName("tokyo")} MinSize 1 -> 2.`, `Pre-scaled seoul: ${groupName("seoul")} MinSize 1 -> 2.`, "Pre-scaled capacity is InService: tokyo 2+, seoul 2+ (0 s).",
        ]);
    });

    it("gives up at the timeout exactly, naming what is InService, and on an interrupt", async () => {
        const short = { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 4 }, seoul: { minSize: 1, desiredCapacity: 1, maxSize: 4 } };
        drill = fakeDrill({ instanceLaunchMs: 300_000 }, { groups: short });
        const startedMs = drill.clock.now();
        const late = await failureOf(new PreScale(drill.world.aws, drill.clock, [target("tokyo", 2), target("seoul", 3)]).raise({ ...quiet, timeoutMs: 60_000, pollMs: 30_000 }));
        expect(late?.message).to.equal("the pre-scaled instances were not InService within 60 s (InService: tokyo 1/2, seoul 1/3); traffic was not moved");
        expect(drill.clock.now() - startedMs, "the read at 60 s is the last").to.equal(60_000);
        drill.restore();

        drill = fakeDrill({ instanceLaunchMs: 300_000 }, { groups: short });
        const interrupt = new AbortController();
        interrupt.abort();
        const stopped = await failureOf(new PreScale(drill.world.aws, drill.clock, [target("tokyo", 2), target("seoul", 2)]).raise({ ...quiet, interrupt: interrupt.signal }));
        expect(stopped?.message).to.equal("interrupted while waiting for the pre-scaled instances (InService: tokyo 1/2, seoul 1/2)");
    });

    it("assesses each raised MinSize: the drill's, back at the original, changed by someone, unreadable", async () => {
        drill = fakeDrill({}, { groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 4 }, seoul: { minSize: 3, desiredCapacity: 3, maxSize: 4 } } });
        const preScale = new PreScale(drill.world.aws, drill.clock, [target("tokyo", 2), target("seoul", 2)]);
        await preScale.raise(quiet);
        const name = `tokyo's Auto Scaling group ${groupName("tokyo")} MinSize`;
        const base = { key: capacityKey("tokyo"), name, original: "1", drillValue: "2" };
        expect(await preScale.assess(), "seoul was not raised").to.deep.equal([{ ...base, current: "2", standing: "drill" }]);
        drill.world.setGroupSizes("tokyo", { minSize: 3, desiredCapacity: 3, maxSize: 4 });
        expect(await preScale.assess()).to.deep.equal([{ ...base, current: "3", standing: "changed" }]);
        drill.world.setGroupSizes("tokyo", { minSize: 1, desiredCapacity: 3, maxSize: 4 });
        expect(await preScale.assess()).to.deep.equal([{ ...base, current: "1", standing: "original" }]);
        const unreadable = PreScale.resume(refusing(drill, "AccessDenied: not allowed"), drill.clock, preScale.saved());
        expect(await unreadable.assess()).to.deep.equal([{ ...base, current: "unreadable: AccessDenied: not allowed", standing: "unreadable" }]);
        expect(capacityKey("tokyo")).to.equal("capacity:tokyo");
    });

    it("puts back only a MinSize that still holds the drill's value, or the ones named; reads back what it left", async () => {
        drill = fakeDrill({}, { groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 4 }, seoul: { minSize: 1, desiredCapacity: 1, maxSize: 4 } } });
        const preScale = new PreScale(drill.world.aws, drill.clock, [target("tokyo", 2), target("seoul", 2)]);
        await preScale.raise(quiet);
        expect(preScale.keys()).to.deep.equal(["capacity:tokyo", "capacity:seoul"]);
        expect(preScale.originals()).to.deep.equal({ "minSize:tokyo": 1, "minSize:seoul": 1 });
        expect(preScale.manualRestore()).to.deep.equal([
            `aws autoscaling update-auto-scaling-group --region ap-northeast-1 --auto-scaling-group-name ${groupName("tokyo")} --min-size 1`,
            `aws autoscaling update-auto-scaling-group --region ap-northeast-2 --auto-scaling-group-name ${groupName("seoul")} --min-size 1`,
        ]);
        expect((await preScale.verifyRestored()).ok, "still raised").to.equal(false);
        // An operator raised seoul further during the drill: theirs stays.
        drill.world.setGroupSizes("seoul", { minSize: 3, desiredCapacity: 3, maxSize: 4 });
        await preScale.restore();
        expect(drill.world.groupSizes("tokyo").minSize).to.equal(1);
        expect(drill.world.groupSizes("seoul").minSize).to.equal(3);
        expect(await preScale.verifyRestored()).to.deep.equal({
            ok: true,
            detail: `tokyo's Auto Scaling group ${groupName("tokyo")} MinSize 1 (was 1); seoul's Auto Scaling group ${groupName("seoul")} MinSize 3 (was 1; changed since the drill, left alone)`,
        });
        // Named (drill restore --force): put back although changed.
        await preScale.restore(new Set(["capacity:seoul"]));
        expect(drill.world.groupSizes("seoul").minSize).to.equal(1);
    });

    it("names each group still raised when AWS refuses to put it back", async () => {
        drill = fakeDrill({}, { groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 4 }, seoul: { minSize: 1, desiredCapacity: 1, maxSize: 4 } } });
        const preScale = new PreScale(drill.world.aws, drill.clock, [target("tokyo", 2), target("seoul", 2)]);
        await preScale.raise(quiet);
        const failing = PreScale.resume(refusing(drill, "Throttling: Rate exceeded"), drill.clock, preScale.saved());
        const error = await failureOf(failing.restore(new Set([capacityKey("tokyo"), capacityKey("seoul")])));
        expect(error?.message).to.equal(`restore failed: tokyo's ${groupName("tokyo")} MinSize is still 2 (Throttling: Rate exceeded); seoul's ${groupName("seoul")} MinSize is still 2 (Throttling: Rate exceeded)`);
        expect(drill.world.groupSizes("tokyo").minSize).to.equal(2);
    });

    it("says which client or group is missing", async () => {
        drill = fakeDrill();
        const withoutClient = new PreScale({ ...drill.world.aws, autoScaling: undefined }, drill.clock, [target("tokyo", 3)]);
        expect((await failureOf(withoutClient.prepare()))?.message).to.equal(
            "no EC2 Auto Scaling client: pre-scaling needs autoscaling:DescribeAutoScalingGroups and autoscaling:UpdateAutoScalingGroup");
        const elsewhere = new PreScale(drill.world.aws, drill.clock, [{ ...target("tokyo", 3), region: "ap-northeast-2" }]);
        expect((await failureOf(elsewhere.prepare()))?.message).to.equal(`Auto Scaling group ${groupName("tokyo")} of tokyo not found in ap-northeast-2`);
    });

    it("keeps and resumes its state: a resumed pre-scaling restores what the first one raised", async () => {
        drill = fakeDrill({}, { groups: { tokyo: { minSize: 1, desiredCapacity: 1, maxSize: 4 } } });
        const first = new PreScale(drill.world.aws, drill.clock, [target("tokyo", 2)]);
        await first.raise(quiet);
        const saved = JSON.parse(JSON.stringify(first.saved()));
        const resumed = PreScale.resume(drill.world.aws, drill.clock, saved);
        expect(resumed.saved()).to.deep.equal(first.saved());
        await resumed.restore();
        expect(drill.world.groupSizes("tokyo").minSize).to.equal(1);
        // The saved copy is the resumed one's own: changing it does not change the state.
        saved.groups[0].drillMinSize = 9;
        expect(resumed.saved().groups[0].drillMinSize).to.equal(2);
    });
});

describe("pre-scaling's targets (drill/capacity/needs.ts)", () => {
    let drill: Drill;
    beforeEach(() => {
        drill = fakeDrill();
    });
    afterEach(() => drill.restore());

    /** The fake account's deployment of both regions. */
    const deployment = () => (["seoul", "tokyo"] as const).map((stack) => parseStackOutputs(stack, drill.world.outputs(stack, false)));
    const targetsOf = (directory: string, keptShares: readonly number[], deployed = deployment()) => {
        const stacks = loadProjectStacks(directory);
        return scaleTargets(stacks, findTarget(stacks, "seoul"), keptShares, deployed);
    };

    it("asks of each survivor the most instances any step needs, with its group and the reason", () => {
        // Half of the clients near Tokyo: a step that keeps all of Seoul's share still sends Tokyo its weighted half.
        const nearHalf = projectVariant({ "Pulumi.tokyo.yaml": [["  app:dns.weight: 50\n", "  app:dns.weight: 50\n  app:capacity.nearbyClientsPercent: 50\n"]] });
        expect(targetsOf(nearHalf, [1]).map((scale) => scale.need), "one instance is asked for").to.deep.equal([{ path: "weighted", requestsPerSecond: 15, instances: 1 }]);
        const [tokyo] = targetsOf(nearHalf, [1, 0]);
        expect(tokyo).to.deep.equal({
            stack: "tokyo", region: "ap-northeast-1", groupName: groupName("tokyo"), peakRequestsPerSecond: 30,
            need: { path: "failover", requestsPerSecond: 30, instances: 2 },
        });
        expect(needText(tokyo)).to.equal("30 rps of the 30 rps peak (failover: the PRIMARY's load moves to the SECONDARY)");
        // Steps that need as many: the first step's reason stays.
        expect(targetsOf(projectDir, [0.5, 0]).map((scale) => scale.need.path)).to.deep.equal(["latency"]);
        expect(targetsOf(projectDir, [0, 0.5]).map((scale) => scale.need.path)).to.deep.equal(["failover"]);
    });

    it("counts only the target's environment: another environment's stacks and peak are not survivors", () => {
        const directory = projectVariant({});
        fs.writeFileSync(path.join(directory, "Pulumi.osaka.yaml"), "config:\n  aws:region: ap-northeast-3\n  app:environment: staging\n  app:network.cidr: 10.40.0.0/16\n" +
            "  app:alb.certificateArn: arn:aws:acm:ap-northeast-3:111122223333:certificate/3a4b5c6d-7e8f-4a9b-8c0d-1e2f3a4b5c6d\n  app:capacity.peakRequestsPerSecond: 3000\n  app:dns.failover: false\n");
        const osaka = parseStackOutputs("osaka", { ...drill.world.outputs("tokyo", false), region: "ap-northeast-3", autoScalingGroupName: "osaka-asg" });
        expect(targetsOf(directory, [0], [...deployment(), osaka]).map((scale) => [scale.stack, scale.peakRequestsPerSecond, scale.need.instances])).to.deep.equal([["tokyo", 30, 2]]);
    });

    it("refuses without the service's peak, naming the key and the environment, and names a survivor that exports no group", () => {
        const noPeak = projectVariant({ "Pulumi.yaml": [["    value: 30\n", "    value: 0\n"]] });
        const error = errorOf(() => targetsOf(noPeak, [0]));
        expect(error).to.be.instanceOf(InputError);
        expect(error?.message).to.equal("--pre-scale needs the service's peak: app:capacity.peakRequestsPerSecond is 0 for production (set it once in Pulumi.yaml; docs/capacity-and-recovery.md)");
        const older = deployment().map((region) => (region.stack === "tokyo" ? { ...region, autoScalingGroupName: undefined } : region));
        expect(errorOf(() => targetsOf(projectDir, [0], older))?.message).to.equal(
            "stack tokyo exports no autoScalingGroupName (deployed before this version): deploy it, or run without --pre-scale");
    });
});


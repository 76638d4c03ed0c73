/**
 * UpdateAutoScalingGroup's size rule (domain/autoScaling.ts), each side of each boundary, and the
 * fake account answering with it as EC2 Auto Scaling does.
 */
import { DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { expect } from "chai";
import { updatedSizes } from "../../domain/autoScaling";
import { FakeClock, FakeWorld, groupName } from "../drill/fakes";
import { failureOf } from "../thrown";

const group = { minSize: 2, maxSize: 4, desiredCapacity: 2 };

describe("UpdateAutoScalingGroup sizes", () => {
    it("takes MinSize up to MaxSize, and refuses one above it in AWS's words", () => {
        expect(updatedSizes(group, { minSize: 4 })).to.deep.equal({ sizes: { minSize: 4, maxSize: 4, desiredCapacity: 4 } });
        expect(updatedSizes(group, { minSize: 5 })).to.deep.equal({ refusal: "Max bound, 4, must be greater than or equal to min bound, 5" });
    });

    it("raises DesiredCapacity to a new MinSize above it when the request leaves DesiredCapacity out, and keeps it otherwise", () => {
        expect(updatedSizes(group, { minSize: 3 })).to.deep.equal({ sizes: { minSize: 3, maxSize: 4, desiredCapacity: 3 } });
        expect(updatedSizes({ ...group, desiredCapacity: 4 }, { minSize: 3 })).to.deep.equal({ sizes: { minSize: 3, maxSize: 4, desiredCapacity: 4 } });
        expect(updatedSizes({ ...group, minSize: 3, desiredCapacity: 4 }, { minSize: 1 }), "a lower MinSize leaves DesiredCapacity alone").to.deep.equal({ sizes: { minSize: 1, maxSize: 4, desiredCapacity: 4 } });
    });

    it("lowers DesiredCapacity to a new MaxSize below it when the request leaves DesiredCapacity out", () => {
        expect(updatedSizes({ ...group, desiredCapacity: 4 }, { maxSize: 3 })).to.deep.equal({ sizes: { minSize: 2, maxSize: 3, desiredCapacity: 3 } });
    });

    it("refuses a DesiredCapacity outside MinSize..MaxSize, and takes one at either end", () => {
        expect(updatedSizes(group, { minSize: 3, desiredCapacity: 2 })).to.deep.equal({ refusal: "Desired capacity:2 must be between the specified min size:3 and max size:4" });
        expect(updatedSizes(group, { desiredCapacity: 5 })).to.deep.equal({ refusal: "Desired capacity:5 must be between the specified min size:2 and max size:4" });
        expect(updatedSizes(group, { desiredCapacity: 4 })).to.deep.equal({ sizes: { ...group, desiredCapacity: 4 } });
        expect(updatedSizes(group, { minSize: 3, desiredCapacity: 3 })).to.deep.equal({ sizes: { minSize: 3, maxSize: 4, desiredCapacity: 3 } });
    });

    describe("the fake account", () => {
        it("refuses what AWS refuses with a ValidationError, launches instances that turn InService after the launch time", async () => {
            const clock = new FakeClock();
            const world = new FakeWorld(clock, { instanceLaunchMs: 90_000 });
            const client = world.aws.autoScaling!("ap-northeast-1");
            const refused = await failureOf(client.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: groupName("tokyo"), MinSize: 5 })));
            expect(refused).to.include({ name: "ValidationError", message: "Max bound, 4, must be greater than or equal to min bound, 5" });
            await client.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: groupName("tokyo"), MinSize: 3 }));
            const states = async () => (await client.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [groupName("tokyo")] })))
                .AutoScalingGroups![0].Instances!.map((instance) => instance.LifecycleState);
            expect(await states()).to.deep.equal(["InService", "InService", "Pending"]);
            await clock.sleep(90_000);
            expect(await states()).to.deep.equal(["InService", "InService", "InService"]);
            expect((await world.aws.autoScaling!("ap-northeast-2").send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [groupName("tokyo")] }))).AutoScalingGroups,
                "a group is found only in its own region").to.deep.equal([]);
        });
    });
});

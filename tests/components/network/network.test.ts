import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { Network, NetworkArgs } from "../../../components/network/network";
import { StackRun } from "../../../offline/runStack";
import { named, ofType, runComponents, valueOf } from "../../harness";

const created: NetworkArgs = {
    existingPublicSubnetIds: [], existingPrivateSubnetIds: [], cidr: "10.20.0.0/16", availabilityZones: 3, natGateways: "onePerAz", tags: { team: "platform" },
};

function build(args: NetworkArgs, seen: { network?: Network } = {}): Promise<StackRun> {
    return runComponents(() => {
        const provider = new aws.Provider("test-ap-northeast-2", { region: "ap-northeast-2" });
        seen.network = new Network("test-network", args, { providers: [provider] });
    });
}

describe("Network", () => {
    it("creates an awsx VPC with the CIDR, AZ count and NAT strategy asked for", async () => {
        const run = await build(created);
        const vpc = named(run.resources, "awsx:ec2:Vpc", "test-network-vpc");
        expect(vpc.inputs).to.deep.include({ cidrBlock: "10.20.0.0/16", numberOfAvailabilityZones: 3, natGateways: { strategy: "OnePerAz" }, enableDnsHostnames: true });
    });

    for (const [mode, strategy] of [["none", "None"], ["single", "Single"]] as const) {
        it(`maps NAT mode ${mode} to awsx strategy ${strategy}`, async () => {
            const run = await build({ ...created, natGateways: mode });
            expect(named(run.resources, "awsx:ec2:Vpc", "test-network-vpc").inputs.natGateways).to.deep.equal({ strategy });
        });
    }

    it("exposes one public and one private subnet per AZ and the VPC's CIDR", async () => {
        const seen: { network?: Network } = {};
        await build(created, seen);
        expect(await valueOf(seen.network!.publicSubnetIds)).to.have.length(3);
        expect(await valueOf(seen.network!.privateSubnetIds)).to.have.length(3);
        expect(await valueOf(seen.network!.vpcCidr)).to.equal("10.20.0.0/16");
        expect(seen.network!.hasNat).to.equal(true);
    });

    it("uses an existing VPC and its subnets without creating one, reading its CIDR in the stack's region", async () => {
        const seen: { network?: Network } = {};
        const run = await build({ ...created, existingVpcId: "vpc-0a1b2c3d4e5f60718", existingPublicSubnetIds: ["subnet-p1", "subnet-p2"], existingPrivateSubnetIds: ["subnet-q1", "subnet-q2"] }, seen);
        expect(ofType(run.resources, "awsx:ec2:Vpc")).to.have.length(0);
        const lookup = run.invokes.find((invoke) => invoke.token === "aws:ec2/getVpc:getVpc");
        expect(lookup?.inputs.id).to.equal("vpc-0a1b2c3d4e5f60718");
        expect(lookup?.region).to.equal("ap-northeast-2");
        expect(await valueOf(seen.network!.vpcCidr)).to.equal("172.31.0.0/16");
        expect(await valueOf(seen.network!.publicSubnetIds)).to.deep.equal(["subnet-p1", "subnet-p2"]);
    });
});

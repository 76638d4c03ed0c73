import * as aws from "@pulumi/aws";
// Only awsx's ec2 module: the package index also loads its ECS, ECR and classic modules (~100 ms).
import { Vpc } from "@pulumi/awsx/ec2";
import type { NatGatewayStrategy } from "@pulumi/awsx/types/enums/ec2";
import * as pulumi from "@pulumi/pulumi";
import { componentTypes, Tags } from "../common";

/** How many NAT gateways a created VPC gets. */
export type NatGatewayMode = "none" | "single" | "onePerAz";

/** Arguments of {@link Network}: either a VPC to create, or an existing one to use. */
export interface NetworkArgs {
    /** An existing VPC to use; when set, no VPC is created. @default create a VPC */
    readonly existingVpcId?: string;
    /** Existing VPC: its public subnets, one per AZ (empty when creating a VPC). */
    readonly existingPublicSubnetIds: string[];
    /** Existing VPC: its private subnets, one per AZ (empty when creating a VPC). */
    readonly existingPrivateSubnetIds: string[];
    /** Created VPC: its CIDR block. */
    readonly cidr: string;
    /** Created VPC: how many AZs it spans (2 or more, for the ALB). */
    readonly availabilityZones: number;
    /** Created VPC: NAT gateways; with none, workloads belong in public subnets. */
    readonly natGateways: NatGatewayMode;
    /** Tags for every taggable child. */
    readonly tags: pulumi.Input<Tags>;
}

const natStrategies: Record<NatGatewayMode, NatGatewayStrategy> = {
    none: "None",
    single: "Single",
    onePerAz: "OnePerAz",
};

/** The VPC a region's service runs in: subnets for the ALB and for the workloads. */
export class Network extends pulumi.ComponentResource {
    /** VPC id. */
    public readonly vpcId: pulumi.Output<string>;
    /** VPC CIDR block, the only range the ALB sends traffic to. */
    public readonly vpcCidr: pulumi.Output<string>;
    /** Public subnets, one per AZ. */
    public readonly publicSubnetIds: pulumi.Output<string[]>;
    /** Private subnets, one per AZ. */
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    /** Whether private subnets can reach the internet through NAT. */
    public readonly hasNat: boolean;
    /** The awsx VPC, when this component created one. */
    public readonly vpc?: Vpc;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentTypes.network, name, {}, opts);
        if (args.existingVpcId) {
            const existing = aws.ec2.getVpcOutput({ id: args.existingVpcId }, { parent: this });
            this.vpcId = pulumi.output(args.existingVpcId);
            this.vpcCidr = existing.cidrBlock;
            this.publicSubnetIds = pulumi.output(args.existingPublicSubnetIds);
            this.privateSubnetIds = pulumi.output(args.existingPrivateSubnetIds);
            // An existing VPC's routing is its owner's business: assume private subnets can egress.
            this.hasNat = true;
        } else {
            this.vpc = new Vpc(`${name}-vpc`, {
                cidrBlock: args.cidr,
                numberOfAvailabilityZones: args.availabilityZones,
                natGateways: { strategy: natStrategies[args.natGateways] },
                enableDnsHostnames: true,
                tags: args.tags,
            }, { parent: this });
            this.vpcId = this.vpc.vpcId;
            this.vpcCidr = pulumi.output(args.cidr);
            this.publicSubnetIds = this.vpc.publicSubnetIds;
            this.privateSubnetIds = this.vpc.privateSubnetIds;
            this.hasNat = args.natGateways !== "none";
        }
        this.registerOutputs({
            vpcId: this.vpcId,
            vpcCidr: this.vpcCidr,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
        });
    }
}

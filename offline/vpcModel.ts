/**
 * awsx's Vpc is a component: offline its children (subnets, NAT gateways, Elastic IPs, route
 * tables, routes) are never registered, yet they are what costs money and what a reviewer must
 * see. This models them from the Vpc's inputs the way awsx 3 lays them out by default: per AZ
 * one public and one private subnet with a route table each, one internet gateway, NAT gateways
 * (each with an Elastic IP) in the public subnets by the NAT strategy, and a default route from
 * every subnet (public via the internet gateway, private via a NAT gateway when there is one).
 */
import { PlanResource } from "./planner";

const vpcType = "awsx:ec2:Vpc";

/** True for the awsx Vpc component, whose children the plan models. */
export function isAwsxVpc(resource: Pick<PlanResource, "type">): boolean {
    return resource.type === vpcType;
}

/**
 * The children awsx would create for `vpc`, marked `modelled`, in URN order.
 * @param vpc the recorded awsx Vpc
 * @param region the stack's region
 */
export function modelVpcChildren(vpc: PlanResource, region: string): PlanResource[] {
    const azCount = typeof vpc.inputs.numberOfAvailabilityZones === "number" ? vpc.inputs.numberOfAvailabilityZones : 3;
    const strategy = (vpc.inputs.natGateways as { strategy?: string } | undefined)?.strategy ?? "Single";
    const natCount = strategy === "None" ? 0 : strategy === "OnePerAz" ? azCount : 1;
    const zones = Array.from({ length: azCount }, (_, index) => `${region}${String.fromCharCode(97 + index)}`);
    const children: PlanResource[] = [];
    const add = (type: string, name: string, inputs: Record<string, unknown>) => children.push({
        urn: `${vpc.urn}$${type}::${name}`, type, name, parent: vpc.urn, region: vpc.region ?? region, inputs, modelled: true,
    });
    add("aws:ec2/vpc:Vpc", vpc.name, { cidrBlock: vpc.inputs.cidrBlock, enableDnsHostnames: vpc.inputs.enableDnsHostnames });
    add("aws:ec2/internetGateway:InternetGateway", vpc.name, { vpcId: `\${${vpc.name}.id}` });
    zones.forEach((zone, index) => {
        for (const tier of ["public", "private"] as const) {
            const subnet = `${vpc.name}-${tier}-${index + 1}`;
            add("aws:ec2/subnet:Subnet", subnet, { availabilityZone: zone, mapPublicIpOnLaunch: tier === "public", cidrBlock: `(part of ${String(vpc.inputs.cidrBlock)})` });
            add("aws:ec2/routeTable:RouteTable", subnet, { vpcId: `\${${vpc.name}.id}` });
            add("aws:ec2/routeTableAssociation:RouteTableAssociation", subnet, { subnetId: `\${${subnet}.id}`, routeTableId: `\${${subnet}.id}` });
            const nat = natCount === 0 ? undefined : `${vpc.name}-${Math.min(index, natCount - 1) + 1}`;
            if (tier === "public") {
                add("aws:ec2/route:Route", subnet, { destinationCidrBlock: "0.0.0.0/0", gatewayId: `\${${vpc.name}.internetGatewayId}` });
            } else if (nat !== undefined) {
                add("aws:ec2/route:Route", subnet, { destinationCidrBlock: "0.0.0.0/0", natGatewayId: `\${${nat}.id}` });
            }
        }
        if (index < natCount) {
            add("aws:ec2/eip:Eip", `${vpc.name}-${index + 1}`, { domain: "vpc" });
            add("aws:ec2/natGateway:NatGateway", `${vpc.name}-${index + 1}`, { subnetId: `\${${vpc.name}-public-${index + 1}.id}`, allocationId: `\${${vpc.name}-${index + 1}.allocationId}` });
        }
    });
    return children.sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}

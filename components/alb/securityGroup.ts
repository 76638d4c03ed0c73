import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { namedTags, Tags } from "../common";

/** Route 53's health checkers, admitted to the checked port through an AWS-managed prefix list. */
export interface HealthCheckerIngress {
    /** The port Route 53 checks. */
    readonly port: number;
    /** The prefix list's name, e.g. com.amazonaws.ap-northeast-2.route53-healthchecks. */
    readonly prefixListName: string;
}

/** What the ALB's security group admits and lets out. */
export interface AlbSecurityGroupArgs {
    /** VPC of the group. */
    readonly vpcId: pulumi.Input<string>;
    /** The listener ports, the only ports opened to clients. */
    readonly listenerPorts: number[];
    /** Client CIDR blocks admitted. */
    readonly ingressCidrs: string[];
    /** Managed prefix lists admitted. */
    readonly ingressPrefixListIds: string[];
    /** Route 53's checkers, when clients are restricted and DNS checks the ALB. @default none */
    readonly healthCheckerIngress?: HealthCheckerIngress;
    /** Ports on the targets; egress goes only there, and only inside the VPC. */
    readonly targetPorts: number[];
    /** The VPC's CIDR block, the only egress destination. */
    readonly vpcCidr: pulumi.Input<string>;
    /** Tags for the group. */
    readonly tags: pulumi.Input<Tags>;
}

/** A name part for a CIDR or prefix list, stable when the list is reordered. */
function slug(value: string): string {
    return value.replace(/[^A-Za-z0-9]+/g, "-");
}

/**
 * The ALB's security group: listener ports from the configured sources, and egress to the
 * target ports inside the VPC. Rules are separate resources keyed by port and source, so
 * adding one never rewrites the others (and no inline rules fight with them).
 */
export function createAlbSecurityGroup(name: string, args: AlbSecurityGroupArgs, parent: pulumi.Resource): aws.ec2.SecurityGroup {
    const group = new aws.ec2.SecurityGroup(name, {
        vpcId: args.vpcId,
        description: "ALB: listener ports from allowed clients, egress to targets in the VPC",
        tags: namedTags(args.tags, name),
    }, { parent });
    for (const port of args.listenerPorts) {
        const common = { securityGroupId: group.id, ipProtocol: "tcp", fromPort: port, toPort: port };
        for (const cidr of args.ingressCidrs) {
            new aws.vpc.SecurityGroupIngressRule(`${name}-in-${port}-${slug(cidr)}`, {
                ...common, cidrIpv4: cidr, description: `Clients from ${cidr} to listener port ${port}`,
            }, { parent });
        }
        for (const prefixListId of args.ingressPrefixListIds) {
            new aws.vpc.SecurityGroupIngressRule(`${name}-in-${port}-${slug(prefixListId)}`, {
                ...common, prefixListId, description: `Clients in ${prefixListId} to listener port ${port}`,
            }, { parent });
        }
    }
    if (args.healthCheckerIngress) {
        const { port, prefixListName } = args.healthCheckerIngress;
        // Looked up through the component, so it runs in the ALB's region. Counts its weight
        // (25) against the group's inbound rule quota (docs/aws-limits.md).
        const checkers = aws.ec2.getManagedPrefixListOutput({ name: prefixListName }, { parent });
        new aws.vpc.SecurityGroupIngressRule(`${name}-in-${port}-route53-healthchecks`, {
            securityGroupId: group.id, ipProtocol: "tcp", fromPort: port, toPort: port, prefixListId: checkers.id,
            description: `Route 53 health checkers to port ${port}`,
        }, { parent });
    }
    for (const port of [...new Set(args.targetPorts)].sort((a, b) => a - b)) {
        new aws.vpc.SecurityGroupEgressRule(`${name}-out-${port}`, {
            securityGroupId: group.id, ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4: args.vpcCidr,
            description: `Targets and health checks on port ${port} inside the VPC`,
        }, { parent });
    }
    return group;
}

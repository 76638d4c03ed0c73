import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentTypes, namedTags, Tags } from "../common";
import { demoUserData } from "./userData";

/** Arguments of {@link AppFleet}. */
export interface AppFleetArgs {
    /** VPC of the instances. */
    readonly vpcId: pulumi.Input<string>;
    /** Subnets the Auto Scaling group spreads over, one per AZ. */
    readonly subnetIds: pulumi.Input<string[]>;
    /** Give instances public IPs (only when the subnets are public because the VPC has no NAT). */
    readonly publicIps: boolean;
    /** The ALB's security group: the only source the instances admit. */
    readonly albSecurityGroupId: pulumi.Input<string>;
    /** ARNs of the target groups the instances register in. */
    readonly targetGroupArns: pulumi.Input<string>[];
    /** ARN suffix of the target group whose request count per target drives scaling. */
    readonly scalingTargetGroupArnSuffix: pulumi.Input<string>;
    /** ARN suffix of the ALB, for the request-count scaling metric. */
    readonly albArnSuffix: pulumi.Input<string>;
    /** Port the app serves on (the target groups' port). */
    readonly port: number;
    /** Path of the app's health endpoint (the target group's health check path). */
    readonly healthPath: string;
    /** EC2 instance type. */
    readonly instanceType: string;
    /** AMI pinned for the instances; absent resolves amiParameter once and ignores its later changes. */
    readonly amiId?: string;
    /** Public SSM parameter with the AMI id; read only when amiId is absent. */
    readonly amiParameter: string;
    /** What must exist before the scaling policy: the listeners and rules that put its target group behind the ALB. */
    readonly scalingDependsOn: pulumi.Input<pulumi.Resource>[];
    /** Fewest instances. */
    readonly minSize: number;
    /** Most instances. */
    readonly maxSize: number;
    /** Instances at deployment; scaling owns the number afterwards. */
    readonly desiredCapacity: number;
    /** Target-tracking goal in ALB requests per target per minute. */
    readonly requestsPerTarget: number;
    /** Tags for every taggable child and the instances. */
    readonly tags: pulumi.Input<Tags>;
}

/**
 * The demo backend: an Auto Scaling group of Amazon Linux instances serving a page that names
 * their region, registered in a target group, scaled on requests per target, and reachable
 * only from the ALB.
 */
export class AppFleet extends pulumi.ComponentResource {
    /** The instances' security group. */
    public readonly securityGroupId: pulumi.Output<string>;
    /** Auto Scaling group name. */
    public readonly autoScalingGroupName: pulumi.Output<string>;
    /** The Auto Scaling group. */
    public readonly group: aws.autoscaling.Group;

    constructor(name: string, args: AppFleetArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentTypes.appFleet, name, {}, opts);
        const tags = args.tags;
        const securityGroup = this.createSecurityGroup(name, args, tags);
        const launchTemplate = this.createLaunchTemplate(name, args, securityGroup.id, tags);

        this.group = new aws.autoscaling.Group(name, {
            vpcZoneIdentifiers: args.subnetIds,
            minSize: args.minSize,
            maxSize: args.maxSize,
            desiredCapacity: args.desiredCapacity,
            launchTemplate: { id: launchTemplate.id, version: pulumi.interpolate`${launchTemplate.latestVersion}` },
            targetGroupArns: args.targetGroupArns,
            // Replace instances the ALB finds unhealthy, not only those EC2 finds broken.
            healthCheckType: "ELB",
            healthCheckGracePeriod: 90,
            // A new launch template version rolls through the group without taking it below half.
            instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 50 } },
            tags: pulumi.output(namedTags(tags, name)).apply((all) => Object.entries(all).map(([key, value]) => ({ key, value, propagateAtLaunch: true }))),
        }, { parent: this, ignoreChanges: ["desiredCapacity"] });

        new aws.autoscaling.Policy(`${name}-requests`, {
            autoscalingGroupName: this.group.name,
            policyType: "TargetTrackingScaling",
            targetTrackingConfiguration: {
                predefinedMetricSpecification: {
                    predefinedMetricType: "ALBRequestCountPerTarget",
                    resourceLabel: pulumi.interpolate`${args.albArnSuffix}/${args.scalingTargetGroupArnSuffix}`,
                },
                targetValue: args.requestsPerTarget,
            },
        }, { parent: this, dependsOn: args.scalingDependsOn });

        this.securityGroupId = securityGroup.id;
        this.autoScalingGroupName = this.group.name;
        this.registerOutputs({ securityGroupId: this.securityGroupId, autoScalingGroupName: this.autoScalingGroupName });
    }

    private createSecurityGroup(name: string, args: AppFleetArgs, tags: pulumi.Input<Tags>): aws.ec2.SecurityGroup {
        const group = new aws.ec2.SecurityGroup(`${name}-sg`, {
            vpcId: args.vpcId,
            description: "App fleet: the app port from the ALB only",
            tags: namedTags(tags, `${name}-sg`),
        }, { parent: this });
        new aws.vpc.SecurityGroupIngressRule(`${name}-sg-in-alb`, {
            securityGroupId: group.id,
            ipProtocol: "tcp",
            fromPort: args.port,
            toPort: args.port,
            referencedSecurityGroupId: args.albSecurityGroupId,
            description: `App port ${args.port} from the ALB`,
        }, { parent: this });
        // HTTPS out, for the SSM agent and OS updates; nothing else leaves the instances.
        new aws.vpc.SecurityGroupEgressRule(`${name}-sg-out-https`, {
            securityGroupId: group.id,
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrIpv4: "0.0.0.0/0",
            description: "HTTPS to AWS APIs and package repositories",
        }, { parent: this });
        return group;
    }

    private createLaunchTemplate(name: string, args: AppFleetArgs, securityGroupId: pulumi.Input<string>, tags: pulumi.Input<Tags>): aws.ec2.LaunchTemplate {
        // An unpinned AMI is resolved once: a newly published image must not roll every fleet on
        // the next `up` (in an incident, the surviving region too). Pin app:fleet.amiId to move it.
        const imageId = args.amiId ?? aws.ssm.getParameterOutput({ name: args.amiParameter }, { parent: this }).value;
        return new aws.ec2.LaunchTemplate(`${name}-lt`, {
            imageId,
            instanceType: args.instanceType,
            userData: Buffer.from(demoUserData({ port: args.port, healthPath: args.healthPath })).toString("base64"),
            networkInterfaces: [{
                deviceIndex: 0,
                associatePublicIpAddress: String(args.publicIps),
                securityGroups: [securityGroupId],
                deleteOnTermination: "true",
            }],
            // IMDSv2 only, and not reachable from containers one hop further.
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
            monitoring: { enabled: true },
            updateDefaultVersion: true,
            tagSpecifications: [
                { resourceType: "instance", tags: namedTags(tags, name) },
                { resourceType: "volume", tags: namedTags(tags, name) },
            ],
            tags: namedTags(tags, `${name}-lt`),
        }, { parent: this, ...(args.amiId === undefined ? { ignoreChanges: ["imageId"] } : {}) });
    }
}

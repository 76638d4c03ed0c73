/**
 * What AWS computes when a resource is created, per resource type: the attributes the program
 * reads back (ARNs, ids, DNS names, canonical zone ids), shaped as AWS shapes them. Values are
 * derived from a hash of the stack and resource name, so a plan is the same on every run.
 */
import { createHash } from "crypto";
import { globalAcceleratorHostedZoneId, recoveryClusterEndpointRegions } from "../domain/awsFacts";
import { regionFacts } from "../domain/regions";

/** The account the offline runs pretend to deploy into. */
export const mockAccountId = "123456789012";

/** What a value generator knows about the resource being created. */
export interface ResourceContext {
    /** Stack name, for the hash. */
    readonly stack: string;
    /** Logical name. */
    readonly name: string;
    /** Region of the resource's provider. */
    readonly region: string;
    /** The inputs the program asked for. */
    readonly inputs: Record<string, unknown>;
}

/** A deterministic hex string of `length` characters for `parts`. */
export function hex(length: number, ...parts: string[]): string {
    let out = "";
    for (let round = 0; out.length < length; round++) {
        out += createHash("sha256").update([...parts, String(round)].join("\u0000")).digest("hex");
    }
    return out.slice(0, length);
}

/** Pulumi's auto-name: the logical name, a dash, seven random characters. */
export function autoName(context: ResourceContext): string {
    return `${context.name}-${hex(7, context.stack, context.name, "autoname")}`;
}

function elbArn(context: ResourceContext, kind: string, physicalName: string): { arn: string; suffix: string } {
    const suffix = `${kind}/${physicalName}/${hex(16, context.stack, context.name, kind)}`;
    return { arn: `arn:aws:elasticloadbalancing:${context.region}:${mockAccountId}:${suffix}`, suffix };
}

function text(value: unknown): string {
    return typeof value === "string" ? value : "";
}

type Generator = (context: ResourceContext) => { id: string; state: Record<string, unknown> };

/** Computed attributes by resource type. A type missing here gets an id and nothing else. */
export const computedAttributes: Readonly<Record<string, Generator>> = {
    "aws:lb/loadBalancer:LoadBalancer": (context) => {
        const name = text(context.inputs.name) || autoName(context);
        const { arn, suffix } = elbArn(context, "loadbalancer/app", name);
        const zoneId = regionFacts(context.region)?.albZoneId;
        if (zoneId === undefined) {
            throw new Error(`InvalidClientTokenId: the region ${context.region || "(none)"} is not a commercial AWS region the offline mocks know`);
        }
        const prefix = context.inputs.internal === true ? "internal-" : "";
        const dnsName = `${prefix}${name}-${parseInt(hex(8, context.stack, context.name, "dns"), 16)}.${context.region}.elb.amazonaws.com`;
        return { id: arn, state: { arn, arnSuffix: suffix.replace(/^loadbalancer\//, ""), name, dnsName, zoneId } };
    },
    "aws:lb/targetGroup:TargetGroup": (context) => {
        const name = text(context.inputs.name) || autoName(context);
        const { arn, suffix } = elbArn(context, "targetgroup", name);
        return { id: arn, state: { arn, arnSuffix: suffix, name } };
    },
    "aws:lb/listener:Listener": (context) => {
        const balancer = text(context.inputs.loadBalancerArn).replace(":loadbalancer/", ":listener/");
        const arn = `${balancer}/${hex(16, context.stack, context.name)}`;
        return { id: arn, state: { arn } };
    },
    "aws:lb/listenerRule:ListenerRule": (context) => {
        const listener = text(context.inputs.listenerArn).replace(":listener/", ":listener-rule/");
        const arn = `${listener}/${hex(16, context.stack, context.name)}`;
        return { id: arn, state: { arn } };
    },
    "aws:lb/listenerCertificate:ListenerCertificate": (context) => ({
        id: `${text(context.inputs.listenerArn)}_${text(context.inputs.certificateArn)}`, state: {},
    }),
    "aws:ec2/securityGroup:SecurityGroup": (context) => {
        const id = `sg-${hex(17, context.stack, context.name)}`;
        return { id, state: { arn: `arn:aws:ec2:${context.region}:${mockAccountId}:security-group/${id}`, name: autoName(context) } };
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (context) => securityGroupRule(context),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (context) => securityGroupRule(context),
    "aws:s3/bucket:Bucket": (context) => {
        const bucket = text(context.inputs.bucket) || autoName(context).toLowerCase();
        return {
            id: bucket,
            state: { bucket, arn: `arn:aws:s3:::${bucket}`, bucketDomainName: `${bucket}.s3.amazonaws.com`, region: context.region },
        };
    },
    "aws:ec2/launchTemplate:LaunchTemplate": (context) => {
        const id = `lt-${hex(17, context.stack, context.name)}`;
        return { id, state: { arn: `arn:aws:ec2:${context.region}:${mockAccountId}:launch-template/${id}`, latestVersion: 1, defaultVersion: 1, name: autoName(context) } };
    },
    "aws:autoscaling/group:Group": (context) => {
        const name = text(context.inputs.name) || autoName(context);
        return { id: name, state: { name, arn: `arn:aws:autoscaling:${context.region}:${mockAccountId}:autoScalingGroup:${hex(8, context.stack, context.name)}-${hex(4, context.name)}:autoScalingGroupName/${name}` } };
    },
    "aws:autoscaling/policy:Policy": (context) => {
        const name = text(context.inputs.name) || autoName(context);
        return { id: name, state: { name, arn: `arn:aws:autoscaling:${context.region}:${mockAccountId}:scalingPolicy:${hex(8, context.stack, context.name)}:policyName/${name}` } };
    },
    "aws:route53/healthCheck:HealthCheck": (context) => {
        const id = uuid(context);
        return { id, state: { arn: `arn:aws:route53:::healthcheck/${id}` } };
    },
    "aws:route53/record:Record": (context) => {
        const zoneId = text(context.inputs.zoneId);
        const name = text(context.inputs.name);
        return {
            id: [zoneId, name, text(context.inputs.type), text(context.inputs.setIdentifier)].filter(Boolean).join("_"),
            state: { fqdn: name },
        };
    },
    "aws:globalaccelerator/accelerator:Accelerator": (context) => {
        const arn = `arn:aws:globalaccelerator::${mockAccountId}:accelerator/${uuid(context)}`;
        const first = parseInt(hex(4, context.stack, context.name, "ip"), 16);
        const ipSets: Record<string, unknown>[] = [{ ipFamily: "IPv4", ipAddresses: [`75.2.${first % 256}.${(first >> 8) % 256}`, `99.83.${(first >> 4) % 256}.${first % 199}`] }];
        const dualStack = context.inputs.ipAddressType === "DUAL_STACK";
        if (dualStack) {
            ipSets.push({ ipFamily: "IPv6", ipAddresses: [`2600:9000:a${hex(3, context.name)}::1`, `2600:9000:a${hex(3, context.name, "b")}::1`] });
        }
        const dnsName = `a${hex(16, context.stack, context.name)}.awsglobalaccelerator.com`;
        return {
            id: arn,
            state: {
                arn, dnsName, hostedZoneId: globalAcceleratorHostedZoneId, ipSets,
                dualStackDnsName: dualStack ? `a${hex(16, context.stack, context.name)}.dualstack.awsglobalaccelerator.com` : "",
                name: text(context.inputs.name) || autoName(context),
            },
        };
    },
    "aws:globalaccelerator/listener:Listener": (context) => {
        const arn = `${text(context.inputs.acceleratorArn)}/listener/${hex(8, context.stack, context.name)}`;
        return { id: arn, state: { arn } };
    },
    "aws:globalaccelerator/endpointGroup:EndpointGroup": (context) => {
        const arn = `${text(context.inputs.listenerArn)}/endpoint-group/${hex(12, context.stack, context.name)}`;
        return { id: arn, state: { arn } };
    },
    "aws:sns/topic:Topic": (context) => {
        const name = text(context.inputs.name) || autoName(context);
        const arn = `arn:aws:sns:${context.region}:${mockAccountId}:${name}`;
        return { id: arn, state: { arn, name } };
    },
    "aws:sns/topicSubscription:TopicSubscription": (context) => {
        // E-mail subscriptions stay pending until the address confirms them.
        const arn = `${text(context.inputs.topic)}:${uuid(context)}`;
        return { id: arn, state: { arn, pendingConfirmation: context.inputs.protocol === "email" } };
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": (context) => {
        const name = text(context.inputs.name) || autoName(context);
        return { id: name, state: { name, arn: `arn:aws:cloudwatch:${context.region}:${mockAccountId}:alarm:${name}` } };
    },
    "aws:cloudwatch/dashboard:Dashboard": (context) => {
        const name = text(context.inputs.dashboardName);
        return { id: name, state: { dashboardArn: `arn:aws:cloudwatch::${mockAccountId}:dashboard/${name}` } };
    },
    "aws:route53recoverycontrol/cluster:Cluster": (context) => {
        const arn = `arn:aws:route53-recovery-control::${mockAccountId}:cluster/${uuid(context)}`;
        const host = hex(8, context.stack, context.name, "endpoint");
        return {
            id: arn,
            state: {
                arn, name: text(context.inputs.name) || autoName(context), status: "DEPLOYED", networkType: "IPV4",
                clusterEndpoints: recoveryClusterEndpointRegions.map((region) => ({ endpoint: `https://${host}.route53-recovery-cluster.${region}.amazonaws.com/v1`, region })),
            },
        };
    },
    "aws:route53recoverycontrol/controlPanel:ControlPanel": (context) => {
        const arn = `arn:aws:route53-recovery-control::${mockAccountId}:controlpanel/${hex(32, context.stack, context.name)}`;
        return { id: arn, state: { arn, name: text(context.inputs.name) || autoName(context), status: "DEPLOYED", defaultControlPanel: false, routingControlCount: 0 } };
    },
    "aws:route53recoverycontrol/routingControl:RoutingControl": (context) => {
        const arn = `${text(context.inputs.controlPanelArn)}/routingcontrol/${hex(16, context.stack, context.name)}`;
        return { id: arn, state: { arn, name: text(context.inputs.name) || autoName(context), status: "DEPLOYED" } };
    },
    "aws:route53recoverycontrol/safetyRule:SafetyRule": (context) => {
        const arn = `${text(context.inputs.controlPanelArn)}/safetyrule/${hex(16, context.stack, context.name)}`;
        return { id: arn, state: { arn, name: text(context.inputs.name) || autoName(context), status: "DEPLOYED" } };
    },
};

function securityGroupRule(context: ResourceContext): { id: string; state: Record<string, unknown> } {
    const id = `sgr-${hex(17, context.stack, context.name)}`;
    return { id, state: { arn: `arn:aws:ec2:${context.region}:${mockAccountId}:security-group-rule/${id}`, securityGroupRuleId: id } };
}

function uuid(context: ResourceContext): string {
    const h = hex(32, context.stack, context.name, "uuid");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

/** The subnets and VPC id awsx's Vpc component reports, for `count` AZs. */
export function awsxVpcOutputs(context: ResourceContext): Record<string, unknown> {
    const count = typeof context.inputs.numberOfAvailabilityZones === "number" ? context.inputs.numberOfAvailabilityZones : 3;
    const subnets = (kind: string) => Array.from({ length: count }, (_, index) => `subnet-${hex(17, context.stack, context.name, kind, String(index))}`);
    return { vpcId: `vpc-${hex(17, context.stack, context.name)}`, publicSubnetIds: subnets("public"), privateSubnetIds: subnets("private"), isolatedSubnetIds: [] };
}

/**
 * Resource kinds and how one resource's property refers to another resource. A reference is
 * resolved three ways: by the offline plan's `${name.attribute}` form, by real value equality
 * (after `pulumi up`), or, for a preview unknown, through the property's recorded dependencies.
 */
import { PolicyResource } from "./types";
import { isKnown, unknownValue } from "./values";

/** Type tokens per kind of resource (the `aws.alb` module aliases `aws.lb`). */
export const resourceTypes = {
    loadBalancer: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
    listener: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
    listenerRule: ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"],
    listenerCertificate: ["aws:lb/listenerCertificate:ListenerCertificate", "aws:alb/listenerCertificate:ListenerCertificate"],
    targetGroup: ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"],
    targetGroupAttachment: ["aws:lb/targetGroupAttachment:TargetGroupAttachment", "aws:alb/targetGroupAttachment:TargetGroupAttachment"],
    autoScalingGroup: ["aws:autoscaling/group:Group"],
    autoScalingAttachment: ["aws:autoscaling/attachment:Attachment"],
    record: ["aws:route53/record:Record"],
    healthCheck: ["aws:route53/healthCheck:HealthCheck"],
    accelerator: ["aws:globalaccelerator/accelerator:Accelerator"],
    endpointGroup: ["aws:globalaccelerator/endpointGroup:EndpointGroup"],
    securityGroup: ["aws:ec2/securityGroup:SecurityGroup"],
    securityGroupIngressRule: ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"],
} as const;

/** A kind of resource the rules know. */
export type ResourceKind = keyof typeof resourceTypes;

/** True when `resource` is of `kind`. */
export function isKind(resource: PolicyResource, kind: ResourceKind): boolean {
    return (resourceTypes[kind] as readonly string[]).includes(resource.type);
}

/** The resources of `kind`. */
export function ofKind(resources: readonly PolicyResource[], kind: ResourceKind): PolicyResource[] {
    return resources.filter((resource) => isKind(resource, kind));
}

/** Where a value sits: needed to look up what an unknown value depends on. */
export interface ValueSite {
    /** The resource holding the value. */
    readonly resource: PolicyResource;
    /** The top-level property the value is in. */
    readonly property: string;
}

/**
 * The candidates `value` may be one of the `attributes` of. A reference or a real value names at
 * most one; an unknown value may be any candidate the property depends on. Undefined when nothing
 * can be told: an unknown value without dependency information.
 */
export function referents(value: unknown, candidates: readonly PolicyResource[], attributes: readonly string[], site?: ValueSite): PolicyResource[] | undefined {
    if (value === unknownValue) {
        const urns = site?.resource.dependencies?.[site.property];
        return urns === undefined ? undefined : candidates.filter((candidate) => urns.includes(candidate.urn));
    }
    if (typeof value !== "string" || value === "") {
        return [];
    }
    const found = candidates.find((candidate) => attributes.some((attribute) =>
        value === `\${${candidate.name}.${attribute}}` || (isKnown(value) && candidate.props[attribute] === value)));
    return found ? [found] : [];
}

/** The one candidate `value` refers to, or undefined when that cannot be told. */
export function referent(value: unknown, candidates: readonly PolicyResource[], attributes: readonly string[], site?: ValueSite): PolicyResource | undefined {
    const found = referents(value, candidates, attributes, site);
    return found?.length === 1 ? found[0] : undefined;
}

/** Attributes by which other resources refer to an ELB resource (ARN and id are the same). */
export const arnAttributes = ["arn", "id"] as const;

/** The region in a known ELB ARN, e.g. `arn:aws:elasticloadbalancing:ap-northeast-2:...`. */
export function elbArnRegion(value: unknown): string | undefined {
    return isKnown(value) && typeof value === "string" ? /^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):/.exec(value)?.[1] : undefined;
}

/** True for an ALB (the type defaults to application), false for others, undefined when unknown. */
export function isApplicationLoadBalancer(loadBalancer: PolicyResource): boolean | undefined {
    const type = loadBalancer.props.loadBalancerType;
    if (type === undefined) {
        return true;
    }
    return isKnown(type) ? type === "application" : undefined;
}

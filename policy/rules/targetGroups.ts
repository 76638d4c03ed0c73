/**
 * Target group rules: explicit health checks, names Pulumi can replace, and targets behind every
 * group a listener routes to.
 */
import facts from "../facts.json";

const { elbNameMaxLength } = facts;
import { arnAttributes, ofKind, referents, resourceTypes, ResourceKind } from "./relations";
import { PolicyResource, ResourceRule, StackRule } from "./types";
import { asList, asObject, isComputed, show } from "./values";

export const healthCheckEnabled: ResourceRule = {
    name: "target-group-health-check-enabled",
    description: "Every target group enables its health check explicitly.",
    source: "ELB API reference, CreateTargetGroup (health check defaults); the AWS provider's aws_lb_target_group defaults differ from the API's",
    enforcementLevel: "mandatory",
    scope: "resource",
    types: resourceTypes.targetGroup,
    check(group) {
        const healthCheck = group.props.healthCheck;
        const enabled = asObject(healthCheck)?.enabled;
        if (isComputed(healthCheck) || isComputed(enabled) || enabled === true) {
            return [];
        }
        return [`Target group ${group.name} has healthCheck.enabled ${show(enabled)}: set healthCheck: { enabled: true, path, interval, ` +
            "timeout, healthyThreshold, unhealthyThreshold } explicitly, so the ALB (and Route 53 and Global Accelerator through it) " +
            "can tell a failed target from a healthy one."];
    },
};

/** True for a name Pulumi generated: the logical name (possibly cut short), a dash, seven hex digits. */
function isAutoName(physical: string, logical: string): boolean {
    const prefix = physical.slice(0, -7);
    return physical.length <= elbNameMaxLength && /^[0-9a-f]{7}$/.test(physical.slice(-7)) && prefix.length > 0 && `${logical}-`.startsWith(prefix);
}

export const autoNamed: ResourceRule = {
    name: "target-group-auto-named",
    description: "Target groups have no fixed name (auto-naming or a short namePrefix), so they can be replaced create-before-delete.",
    source: "ELB API reference, CreateTargetGroup (names are unique per region and account): a fixed name blocks create-before-delete replacement",
    enforcementLevel: "mandatory",
    scope: "resource",
    types: resourceTypes.targetGroup,
    check(group) {
        const name = group.props.name;
        if (typeof name !== "string" || name === "" || isComputed(name) || isAutoName(name, group.name)) {
            return [];
        }
        return [`Target group ${group.name} has the fixed name ${show(name)}: remove name and let Pulumi auto-name it (or use a namePrefix ` +
            "of at most 6 characters). With a fixed name, a change of port, protocol or target type fails with ResourceInUse, " +
            "because the replacement cannot be created while a listener still uses the old group."];
    },
};

/** The target group ARNs an ELB action (listener default action or rule action) forwards to. */
function actionTargets(actions: unknown): unknown[] {
    return (asList(actions) ?? []).flatMap((action) => {
        const fields = asObject(action);
        const forward = asObject(fields?.forward)?.targetGroups;
        const weighted = isComputed(forward) ? [forward] : (asList(forward) ?? []).map((group) => isComputed(group) ? group : asObject(group)?.arn);
        return isComputed(action) ? [action] : [fields?.targetGroupArn, ...weighted];
    });
}

/** Where a kind of resource names target groups: its kind, the property, how to pick the ARNs out of it. */
type GroupSite = readonly [ResourceKind, string, (value: unknown) => unknown[]];

const listOrValue = (value: unknown): unknown[] => asList(value) ?? [value];
const routers: readonly GroupSite[] = [["listener", "defaultActions", actionTargets], ["listenerRule", "actions", actionTargets]];
const targetSources: readonly GroupSite[] = [
    ["autoScalingGroup", "targetGroupArns", listOrValue],
    ["targetGroupAttachment", "targetGroupArn", listOrValue],
    ["autoScalingAttachment", "lbTargetGroupArn", listOrValue],
];

/** The groups a property refers to; undefined when that cannot be told (an unknown without dependencies). */
function groupsIn(resource: PolicyResource, [, property, pick]: GroupSite, groups: readonly PolicyResource[]): PolicyResource[] | undefined {
    const value = resource.props[property];
    const values = isComputed(value) ? [value] : pick(value);
    const found: PolicyResource[] = [];
    for (const item of values) {
        const matches = referents(item, groups, arnAttributes, { resource, property });
        if (matches === undefined) {
            return undefined;
        }
        found.push(...matches);
    }
    return found;
}

export const targetGroupHasTargets: StackRule = {
    name: "target-group-has-targets",
    description: "Every target group a listener routes to gets targets from the stack.",
    source: "Route 53 API reference, AliasTarget.EvaluateTargetHealth: \"A target group that has no registered targets is considered unhealthy\"",
    enforcementLevel: "mandatory",
    scope: "stack",
    check(resources) {
        const groups = ofKind(resources, "targetGroup");
        const routedBy = new Map<string, string>();
        for (const site of routers) {
            for (const router of ofKind(resources, site[0])) {
                for (const group of groupsIn(router, site, groups) ?? []) {
                    routedBy.set(group.urn, router.name);
                }
            }
        }
        const targeted = new Set<string>();
        for (const site of targetSources) {
            for (const source of ofKind(resources, site[0])) {
                const found = groupsIn(source, site, groups);
                if (found === undefined) {
                    return [];
                }
                found.forEach((group) => targeted.add(group.urn));
            }
        }
        return groups.filter((group) => routedBy.has(group.urn) && !targeted.has(group.urn)).map((group) => ({
            urn: group.urn,
            message: `Target group ${group.name} receives requests from ${routedBy.get(group.urn)} but nothing in the stack registers targets ` +
                "in it (no Auto Scaling group targetGroupArns, aws.lb.TargetGroupAttachment or aws.autoscaling.Attachment refers to it). " +
                "A group without targets counts as unhealthy, so Route 53 evaluate-target-health and Global Accelerator treat the whole " +
                "ALB as unhealthy: register targets in it, or stop routing to it.",
        }));
    },
};

/**
 * The architecture of a plan as a graph, built from the planned resources' recorded inputs (not
 * drawn by hand): one lane per region (VPC, ALB, listeners, target groups, fleet) and a global
 * lane (Route 53 health checks and record names by routing policy; the accelerator, its
 * listener and endpoint groups). Rendered by graphviz.ts (SVG) and mermaid.ts.
 */
import type { Plan, PlanResource, StackPlan } from "../planner";
import { natGatewayCount } from "../cost/estimate";

/** What a node stands for; renderers pick shapes and colours by it. */
export type NodeKind = "alb" | "listener" | "targetGroup" | "fleet" | "healthCheck" | "record" | "accelerator" | "acceleratorListener" | "endpointGroup";

/** A box. */
export interface DiagramNode {
    /** Unique id (the resource's logical name, or `record:<name>:<policy>`). */
    readonly id: string;
    /** Lines of the label. */
    readonly label: readonly string[];
    /** What it is. */
    readonly kind: NodeKind;
    /** Id of the group it sits in. */
    readonly group: string;
}

/** A lane or a box of boxes. */
export interface DiagramGroup {
    /** Unique id: `region:<region>`, `vpc:<name>`, `global`, `global:route53`, `global:accelerator`. */
    readonly id: string;
    /** Its title. */
    readonly label: string;
    /** A region lane, a VPC inside one, the global lane or a service inside it. */
    readonly kind: "region" | "vpc" | "global" | "service";
    /** The group it sits in, for nested groups. */
    readonly parent?: string;
}

/** An arrow. */
export interface DiagramEdge {
    /** Tail node id. */
    readonly from: string;
    /** Head node id. */
    readonly to: string;
    /** Label. */
    readonly label?: string;
    /** Traffic (solid) or a health check watching (dashed). */
    readonly style: "traffic" | "watch";
}

/** The whole diagram. */
export interface ArchitectureGraph {
    /** Groups, parents before children. */
    readonly groups: readonly DiagramGroup[];
    /** Nodes. */
    readonly nodes: readonly DiagramNode[];
    /** Edges, without duplicates. */
    readonly edges: readonly DiagramEdge[];
}

/** The logical names `${name.attribute}` references point at, anywhere inside `value`. */
export function referencedNames(value: unknown): string[] {
    const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
    return [...text.matchAll(/\$\{([^.}()]+)\.[^}]+\}/g)].map((match) => match[1]);
}

const globalLane = "global";
const route53Group = "global:route53";
const acceleratorGroup = "global:accelerator";

class GraphBuilder {
    readonly groups = new Map<string, DiagramGroup>();
    readonly nodes = new Map<string, DiagramNode>();
    readonly edges = new Map<string, DiagramEdge>();

    group(group: DiagramGroup): void {
        if (!this.groups.has(group.id)) {
            this.groups.set(group.id, group);
        }
    }

    node(node: DiagramNode): void {
        this.nodes.set(node.id, node);
    }

    edge(edge: DiagramEdge): void {
        const key = `${edge.from}->${edge.to}`;
        const existing = this.edges.get(key);
        // Several rules between one listener and one target group make one arrow with every label.
        this.edges.set(key, existing?.label && edge.label && !existing.label.split(", ").includes(edge.label)
            ? { ...existing, label: `${existing.label}, ${edge.label}` } : existing ?? edge);
    }
}

function ofType(stack: StackPlan, type: string): PlanResource[] {
    return stack.resources.filter((resource) => resource.type === type);
}

function listenerLabel(resource: PlanResource): string[] {
    return [`${String(resource.inputs.protocol ?? "HTTP")} :${String(resource.inputs.port ?? "")}`, resource.name];
}

/** Target groups a listener action forwards to (simple forward or weighted forward). */
function forwardTargets(actions: unknown): { name: string; weight?: number }[] {
    const list = Array.isArray(actions) ? actions as { targetGroupArn?: unknown; forward?: { targetGroups?: { arn?: unknown; weight?: number }[] } }[] : [];
    return list.flatMap((action) => [
        ...referencedNames(action.targetGroupArn).map((name) => ({ name })),
        ...(action.forward?.targetGroups ?? []).flatMap((target) => referencedNames(target.arn).map((name) => ({ name, weight: target.weight }))),
    ]);
}

function addRegion(builder: GraphBuilder, stack: StackPlan): void {
    const regional = ["awsx:ec2:Vpc", "aws:lb/loadBalancer:LoadBalancer"].some((type) => ofType(stack, type).length > 0);
    if (!regional) {
        // The global stack (accelerator, its listener and record) has no lane of its own: its
        // resources are drawn in the global lane, in us-west-2 only because that API lives there.
        return;
    }
    const lane = `region:${stack.region}`;
    builder.group({ id: lane, label: `${stack.region} (stack ${stack.stack})`, kind: "region" });
    const vpcs = ofType(stack, "awsx:ec2:Vpc");
    for (const vpc of vpcs) {
        const zones = vpc.inputs.numberOfAvailabilityZones ?? 3;
        builder.group({ id: `vpc:${vpc.name}`, label: `VPC ${String(vpc.inputs.cidrBlock ?? "")}: ${String(zones)} AZs, ${natGatewayCount(vpc.inputs)} NAT gateways`, kind: "vpc", parent: lane });
    }
    const inside = vpcs.length === 1 ? `vpc:${vpcs[0].name}` : lane;
    for (const alb of ofType(stack, "aws:lb/loadBalancer:LoadBalancer")) {
        builder.node({ id: alb.name, label: [`ALB ${alb.name}`, alb.inputs.internal === true ? "internal" : "internet-facing"], kind: "alb", group: inside });
    }
    for (const listener of ofType(stack, "aws:lb/listener:Listener")) {
        builder.node({ id: listener.name, label: listenerLabel(listener), kind: "listener", group: inside });
        for (const alb of referencedNames(listener.inputs.loadBalancerArn)) {
            builder.edge({ from: alb, to: listener.name, style: "traffic" });
        }
    }
    for (const group of ofType(stack, "aws:lb/targetGroup:TargetGroup")) {
        const check = group.inputs.healthCheck as { path?: string } | undefined;
        builder.node({ id: group.name, label: [`target group ${group.name}`, `${String(group.inputs.protocol ?? "")} :${String(group.inputs.port ?? "")}${check?.path ? ` ${check.path}` : ""}`], kind: "targetGroup", group: inside });
    }
    for (const listener of ofType(stack, "aws:lb/listener:Listener")) {
        for (const target of forwardTargets(listener.inputs.defaultActions)) {
            builder.edge({ from: listener.name, to: target.name, label: "default", style: "traffic" });
        }
    }
    for (const rule of ofType(stack, "aws:lb/listenerRule:ListenerRule")) {
        for (const listener of referencedNames(rule.inputs.listenerArn)) {
            for (const target of forwardTargets(rule.inputs.actions)) {
                builder.edge({ from: listener, to: target.name, label: `rule ${String(rule.inputs.priority ?? "")}${target.weight !== undefined ? ` (${target.weight}%)` : ""}`, style: "traffic" });
            }
        }
    }
    for (const fleet of ofType(stack, "aws:autoscaling/group:Group")) {
        const template = stack.resources.find((resource) => referencedNames((fleet.inputs.launchTemplate as { id?: unknown } | undefined)?.id).includes(resource.name));
        builder.node({ id: fleet.name, label: [`Auto Scaling group ${fleet.name}`, `${String(fleet.inputs.desiredCapacity ?? fleet.inputs.minSize ?? "?")} x ${String(template?.inputs.instanceType ?? "?")} (${String(fleet.inputs.minSize ?? "?")}..${String(fleet.inputs.maxSize ?? "?")})`], kind: "fleet", group: inside });
        for (const group of referencedNames(fleet.inputs.targetGroupArns)) {
            builder.edge({ from: group, to: fleet.name, style: "traffic" });
        }
    }
}

function addGlobalGroups(builder: GraphBuilder, plan: Plan): void {
    builder.group({ id: globalLane, label: "global services", kind: "global" });
    const resources = plan.stacks.flatMap((stack) => stack.resources);
    if (resources.some((resource) => resource.type.startsWith("aws:route53/"))) {
        builder.group({ id: route53Group, label: "Route 53", kind: "service", parent: globalLane });
    }
    if (resources.some((resource) => resource.type.startsWith("aws:globalaccelerator/"))) {
        builder.group({ id: acceleratorGroup, label: "Global Accelerator", kind: "service", parent: globalLane });
    }
}

function healthCheckLabel(check: PlanResource): string[] {
    const type = String(check.inputs.type ?? "");
    const detail = type === "CALCULATED" ? "calculated" : type === "CLOUDWATCH_METRIC" ? "CloudWatch alarm" :
        `${type} ${String(check.inputs.resourcePath ?? "")} every ${String(check.inputs.requestInterval ?? 30)} s`;
    return [`health check ${check.name}`, detail];
}

/** The routing policy of a record and what it says about this target. */
function policyOf(record: PlanResource): { policy: string; detail?: string } {
    const inputs = record.inputs as Record<string, { type?: string; weight?: number; region?: string }[] | undefined>;
    if (inputs.failoverRoutingPolicies?.length) {
        return { policy: "failover", detail: inputs.failoverRoutingPolicies[0].type };
    }
    if (inputs.weightedRoutingPolicies?.length) {
        return { policy: "weighted", detail: `weight ${inputs.weightedRoutingPolicies[0].weight}` };
    }
    if (inputs.latencyRoutingPolicies?.length) {
        return { policy: "latency", detail: inputs.latencyRoutingPolicies[0].region };
    }
    return { policy: "simple" };
}

function addRoute53(builder: GraphBuilder, stack: StackPlan): void {
    for (const check of ofType(stack, "aws:route53/healthCheck:HealthCheck")) {
        builder.node({ id: check.name, label: healthCheckLabel(check), kind: "healthCheck", group: route53Group });
        for (const target of referencedNames(check.inputs.fqdn)) {
            builder.edge({ from: check.name, to: target, label: "checks", style: "watch" });
        }
        for (const child of referencedNames(check.inputs.childHealthchecks)) {
            builder.edge({ from: check.name, to: child, label: "child", style: "watch" });
        }
    }
    for (const record of ofType(stack, "aws:route53/record:Record")) {
        const zone = /getZone\(([^)]+)\)/.exec(String(record.inputs.zoneId ?? ""))?.[1];
        const name = `${String(record.inputs.name ?? "")}${zone ? `.${zone}` : ""}`;
        const { policy, detail } = policyOf(record);
        const id = `record:${name}:${policy}`;
        builder.node({ id, label: [name, `${policy} ${String(record.inputs.type ?? "")}`], kind: "record", group: route53Group });
        const aliases = Array.isArray(record.inputs.aliases) ? record.inputs.aliases as { name?: unknown }[] : [];
        for (const target of aliases.flatMap((alias) => referencedNames(alias.name))) {
            builder.edge({ from: id, to: target, label: detail, style: "traffic" });
        }
        for (const check of referencedNames(record.inputs.healthCheckId)) {
            builder.edge({ from: check, to: id, label: "gates", style: "watch" });
        }
    }
}

function addAccelerator(builder: GraphBuilder, stack: StackPlan): void {
    for (const accelerator of ofType(stack, "aws:globalaccelerator/accelerator:Accelerator")) {
        builder.node({ id: accelerator.name, label: [`accelerator ${accelerator.name}`, `${String(accelerator.inputs.ipAddressType ?? "IPV4")}, 2 static IPs`], kind: "accelerator", group: acceleratorGroup });
    }
    for (const listener of ofType(stack, "aws:globalaccelerator/listener:Listener")) {
        const ports = Array.isArray(listener.inputs.portRanges) ? (listener.inputs.portRanges as { fromPort?: number; toPort?: number }[])
            .map((range) => (range.fromPort === range.toPort ? String(range.fromPort) : `${range.fromPort}-${range.toPort}`)).join(", ") : "";
        builder.node({ id: listener.name, label: [`listener ${String(listener.inputs.protocol ?? "")} ${ports}`, `affinity ${String(listener.inputs.clientAffinity ?? "NONE")}`], kind: "acceleratorListener", group: acceleratorGroup });
        for (const accelerator of referencedNames(listener.inputs.acceleratorArn)) {
            builder.edge({ from: accelerator, to: listener.name, style: "traffic" });
        }
    }
    for (const group of ofType(stack, "aws:globalaccelerator/endpointGroup:EndpointGroup")) {
        builder.node({ id: group.name, label: [`endpoint group ${String(group.inputs.endpointGroupRegion ?? "")}`, `dial ${String(group.inputs.trafficDialPercentage ?? 100)}%`], kind: "endpointGroup", group: acceleratorGroup });
        for (const listener of referencedNames(group.inputs.listenerArn)) {
            builder.edge({ from: listener, to: group.name, style: "traffic" });
        }
        const endpoints = Array.isArray(group.inputs.endpointConfigurations) ? group.inputs.endpointConfigurations as { endpointId?: unknown; weight?: number }[] : [];
        for (const endpoint of endpoints) {
            for (const target of referencedNames(endpoint.endpointId)) {
                builder.edge({ from: group.name, to: target, label: endpoint.weight !== undefined ? `weight ${endpoint.weight}` : undefined, style: "traffic" });
            }
        }
    }
}

/** The diagram of a plan. Edges to nodes the plan does not hold (another stack not planned) are dropped. */
export function buildArchitecture(plan: Plan): ArchitectureGraph {
    const builder = new GraphBuilder();
    addGlobalGroups(builder, plan);
    for (const stack of plan.stacks) {
        addRegion(builder, stack);
        addRoute53(builder, stack);
        addAccelerator(builder, stack);
    }
    const edges = [...builder.edges.values()].filter((edge) => builder.nodes.has(edge.from) && builder.nodes.has(edge.to));
    const used = new Set([...builder.nodes.values()].map((node) => node.group));
    const groups = [...builder.groups.values()];
    // A group is kept when it, or a group inside it, holds a node.
    const keep = (group: DiagramGroup): boolean => used.has(group.id) || groups.some((child) => child.parent === group.id && keep(child));
    return { groups: groups.filter(keep), nodes: [...builder.nodes.values()], edges };
}

/**
 * The architecture of a plan as a graph, built from the planned resources' recorded inputs (not
 * drawn by hand), read left to right the way a request travels: the clients; the global
 * services (one box per DNS name, the accelerator); then one lane per region with what its
 * stack owns: its record sets (each with the value that decides traffic: failover role, DNS
 * weight, latency region), its accelerator endpoint group (dial and endpoint weight), its
 * health checks, the ALB with its listeners, target groups and fleet. A value that belongs to
 * one region's path is written in that region's box, never as a label floating between
 * arrows, so it cannot be read against the wrong arrow. Rendered by graphviz.ts (SVG) and
 * mermaid.ts.
 */
import type { Plan, PlanResource, StackPlan } from "../planner";
import { natGatewayCount } from "../cost/estimate";

/** What a node stands for; renderers pick shapes and colours by it. */
export type NodeKind = "clients" | "alb" | "targetGroup" | "fleet" | "healthCheck" | "record" | "recordSet" | "accelerator" | "endpointGroup";

/** A box. */
export interface DiagramNode {
    /** Unique id (the resource's logical name, or `record:<name>:<policy>`, or `clients`). */
    readonly id: string;
    /** Lines of the label. */
    readonly label: readonly string[];
    /** What it is. */
    readonly kind: NodeKind;
    /** Id of the group it sits in; absent for a node outside every group (the clients). */
    readonly group?: string;
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
    /** Label: only between neighbouring boxes of one lane (listener rules to target groups). */
    readonly label?: string;
    /** Traffic (solid) or a health check watching or gating (dashed). */
    readonly style: "traffic" | "watch";
    /**
     * False for an arrow that must not push its head a column further right: the alias record
     * to the accelerator, which would otherwise shift every region's column by one.
     * @default true
     */
    readonly ordersColumns?: boolean;
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

/** The legend every rendering of the diagram needs beside it. */
export const diagramLegend = "Solid arrows carry requests; dashed red arrows are Route 53 health checks: a check points at what it " +
    "watches, and the combined check points at the record sets it takes out of DNS. DNS weights split a name's answers between " +
    "regions; an accelerator endpoint weight splits a region's endpoint group between its endpoints; a traffic dial is the share " +
    "of the accelerator's traffic a region takes.";

/** The logical names `${name.attribute}` references point at, anywhere inside `value`. */
export function referencedNames(value: unknown): string[] {
    const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
    return [...text.matchAll(/\$\{([^.}()]+)\.[^}]+\}/g)].map((match) => match[1]);
}

/** The node every request starts from. */
export const clientsNode = "clients";
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
        // Several rules between one ALB and one target group make one arrow with every label.
        this.edges.set(key, existing?.label && edge.label && !existing.label.split(", ").includes(edge.label)
            ? { ...existing, label: `${existing.label}, ${edge.label}` } : existing ?? edge);
    }
}

function ofType(stack: StackPlan, type: string): PlanResource[] {
    return stack.resources.filter((resource) => resource.type === type);
}

/** Target groups a listener action forwards to (simple forward or weighted forward). */
function forwardTargets(actions: unknown): { name: string; weight?: number }[] {
    const list = Array.isArray(actions) ? actions as { targetGroupArn?: unknown; forward?: { targetGroups?: { arn?: unknown; weight?: number }[] } }[] : [];
    return list.flatMap((action) => [
        ...referencedNames(action.targetGroupArn).map((name) => ({ name })),
        ...(action.forward?.targetGroups ?? []).flatMap((target) => referencedNames(target.arn).map((name) => ({ name, weight: target.weight }))),
    ]);
}

/** `HTTPS :443`, `HTTP :80 (redirects)`: one line per listener of an ALB, in the ALB's box. */
function listenerLine(listener: PlanResource): string {
    const actions = Array.isArray(listener.inputs.defaultActions) ? listener.inputs.defaultActions as { type?: string; redirect?: { port?: string } }[] : [];
    const redirect = actions.find((action) => action.type === "redirect");
    return `${String(listener.inputs.protocol ?? "HTTP")} :${String(listener.inputs.port ?? "")}${redirect ? ` → :${String(redirect.redirect?.port ?? "")}` : ""}`;
}

/** A target group's key: the ALB's name cut off its logical name (`seoul-alb-tg-web` -> `web`). */
function targetGroupKey(name: string): string {
    return /-tg-(.+)$/.exec(name)?.[1] ?? name;
}

function addRegion(builder: GraphBuilder, stack: StackPlan): string | undefined {
    const regional = ["awsx:ec2:Vpc", "aws:lb/loadBalancer:LoadBalancer"].some((type) => ofType(stack, type).length > 0);
    if (!regional) {
        // The global stack (accelerator, its listener and record) has no lane of its own: its
        // resources are drawn in the global lane, in us-west-2 only because that API lives there.
        return undefined;
    }
    const lane = `region:${stack.region}`;
    builder.group({ id: lane, label: `${stack.region} (stack ${stack.stack})`, kind: "region" });
    const vpcs = ofType(stack, "awsx:ec2:Vpc");
    for (const vpc of vpcs) {
        const zones = vpc.inputs.numberOfAvailabilityZones ?? 3;
        builder.group({ id: `vpc:${vpc.name}`, label: `VPC ${String(vpc.inputs.cidrBlock ?? "")}: ${String(zones)} AZs, ${natGatewayCount(vpc.inputs)} NAT gateways`, kind: "vpc", parent: lane });
    }
    const inside = vpcs.length === 1 ? `vpc:${vpcs[0].name}` : lane;
    const listeners = ofType(stack, "aws:lb/listener:Listener");
    const albOf = new Map(listeners.flatMap((listener) => referencedNames(listener.inputs.loadBalancerArn).map((alb) => [listener.name, alb] as const)));
    for (const alb of ofType(stack, "aws:lb/loadBalancer:LoadBalancer")) {
        const own = listeners.filter((listener) => albOf.get(listener.name) === alb.name).map(listenerLine);
        builder.node({ id: alb.name, label: [`ALB ${alb.name}`, alb.inputs.internal === true ? "internal" : "internet-facing", ...(own.length > 0 ? [own.join(", ")] : [])], kind: "alb", group: inside });
    }
    // Which listener rules send a target group its requests is written in the target group's box.
    const sources = new Map<string, string[]>();
    const from = (target: string, text: string) => sources.set(target, [...(sources.get(target) ?? []), text]);
    for (const listener of listeners) {
        for (const target of forwardTargets(listener.inputs.defaultActions)) {
            from(target.name, "default");
            builder.edge({ from: albOf.get(listener.name) ?? listener.name, to: target.name, style: "traffic" });
        }
    }
    const rules = ofType(stack, "aws:lb/listenerRule:ListenerRule").sort((a, b) => Number(a.inputs.priority ?? 0) - Number(b.inputs.priority ?? 0));
    for (const rule of rules) {
        const targets = forwardTargets(rule.inputs.actions);
        const total = targets.reduce((sum, target) => sum + (target.weight ?? 0), 0);
        for (const listener of referencedNames(rule.inputs.listenerArn)) {
            for (const target of targets) {
                from(target.name, `${String(rule.inputs.priority ?? "")}${target.weight !== undefined ? ` (weight ${target.weight} of ${total})` : ""}`);
                builder.edge({ from: albOf.get(listener) ?? listener, to: target.name, style: "traffic" });
            }
        }
    }
    for (const group of ofType(stack, "aws:lb/targetGroup:TargetGroup")) {
        const check = group.inputs.healthCheck as { path?: string } | undefined;
        const routed = [...new Set(sources.get(group.name) ?? [])];
        builder.node({
            id: group.name, kind: "targetGroup", group: inside,
            label: [`target group ${targetGroupKey(group.name)}`, `${String(group.inputs.protocol ?? "")} :${String(group.inputs.port ?? "")}${check?.path ? ` ${check.path}` : ""}`,
                ...(routed.length > 0 ? [`rules ${routed.join(", ")}`] : [])],
        });
    }
    for (const fleet of ofType(stack, "aws:autoscaling/group:Group")) {
        const template = stack.resources.find((resource) => referencedNames((fleet.inputs.launchTemplate as { id?: unknown } | undefined)?.id).includes(resource.name));
        builder.node({ id: fleet.name, label: ["Auto Scaling group", `${String(fleet.inputs.desiredCapacity ?? fleet.inputs.minSize ?? "?")} x ${String(template?.inputs.instanceType ?? "?")} (${String(fleet.inputs.minSize ?? "?")}..${String(fleet.inputs.maxSize ?? "?")})`], kind: "fleet", group: inside });
        for (const group of referencedNames(fleet.inputs.targetGroupArns)) {
            builder.edge({ from: group, to: fleet.name, style: "traffic" });
        }
    }
    return lane;
}

function addGlobalGroups(builder: GraphBuilder, plan: Plan): void {
    builder.node({ id: clientsNode, label: ["clients"], kind: "clients" });
    builder.group({ id: globalLane, label: "global services", kind: "global" });
    const resources = plan.stacks.flatMap((stack) => stack.resources);
    if (resources.some((resource) => resource.type === "aws:route53/record:Record")) {
        builder.group({ id: route53Group, label: "Route 53 names", kind: "service", parent: globalLane });
    }
    if (resources.some((resource) => resource.type.startsWith("aws:globalaccelerator/"))) {
        builder.group({ id: acceleratorGroup, label: "Global Accelerator", kind: "service", parent: globalLane });
    }
}

function healthCheckLabel(check: PlanResource): string[] {
    const type = String(check.inputs.type ?? "");
    switch (type) {
        case "CALCULATED":
            return ["combined check", `${String(check.inputs.childHealthThreshold ?? "?")} of ${referencedNames(check.inputs.childHealthchecks).length} healthy needed`];
        case "CLOUDWATCH_METRIC":
            return ["alarm check", /\$\{[^.]*?-alarms-([^.]+)\.name\}/.exec(String(check.inputs.cloudwatchAlarmName ?? ""))?.[1] ?? String(check.inputs.cloudwatchAlarmName ?? "an alarm")];
        case "RECOVERY_CONTROL":
            return ["routing-control check", "On or Off by an operator"];
        default:
            return ["endpoint check", `${type} :${String(check.inputs.port ?? "")}${String(check.inputs.resourcePath ?? "")}, ${String(check.inputs.requestInterval ?? 30)} s`];
    }
}

/** The routing policy of a record, and the value that decides its region's share. */
function policyOf(record: PlanResource, weights: ReadonlyMap<string, number>): { policy: string; decides: string } {
    const inputs = record.inputs as Record<string, { type?: string; weight?: number; region?: string }[] | undefined>;
    if (inputs.failoverRoutingPolicies?.length) {
        return { policy: "failover", decides: inputs.failoverRoutingPolicies[0].type ?? "?" };
    }
    if (inputs.weightedRoutingPolicies?.length) {
        const weight = inputs.weightedRoutingPolicies[0].weight ?? 0;
        return { policy: "weighted", decides: `DNS weight ${weight} of ${weights.get(String(record.inputs.name ?? "")) ?? weight}` };
    }
    if (inputs.latencyRoutingPolicies?.length) {
        return { policy: "latency", decides: `region ${inputs.latencyRoutingPolicies[0].region ?? "?"}` };
    }
    return { policy: "simple", decides: "simple" };
}

/** The sum of the DNS weights of each weighted name across the plan's stacks, for `weight 50 of 100`. */
function weightTotals(plan: Plan): Map<string, number> {
    const totals = new Map<string, number>();
    for (const record of plan.stacks.flatMap((stack) => ofType(stack, "aws:route53/record:Record"))) {
        const weight = (record.inputs.weightedRoutingPolicies as { weight?: number }[] | undefined)?.[0]?.weight;
        if (weight !== undefined) {
            totals.set(String(record.inputs.name ?? ""), (totals.get(String(record.inputs.name ?? "")) ?? 0) + weight);
        }
    }
    return totals;
}

function addRoute53(builder: GraphBuilder, stack: StackPlan, lane: string | undefined, weights: ReadonlyMap<string, number>): void {
    for (const check of ofType(stack, "aws:route53/healthCheck:HealthCheck")) {
        builder.node({ id: check.name, label: healthCheckLabel(check), kind: "healthCheck", group: lane ?? route53Group });
        for (const target of referencedNames(check.inputs.fqdn)) {
            builder.edge({ from: check.name, to: target, style: "watch" });
        }
        for (const child of referencedNames(check.inputs.childHealthchecks)) {
            builder.edge({ from: check.name, to: child, style: "watch" });
        }
    }
    for (const record of ofType(stack, "aws:route53/record:Record")) {
        const zone = /getZone\(([^)]+)\)/.exec(String(record.inputs.zoneId ?? ""))?.[1];
        const name = `${String(record.inputs.name ?? "")}${zone ? `.${zone}` : ""}`;
        const { policy, decides } = policyOf(record, weights);
        const aliases = Array.isArray(record.inputs.aliases) ? record.inputs.aliases as { name?: unknown }[] : [];
        const targets = aliases.flatMap((alias) => referencedNames(alias.name));
        const accelerator = targets.some((target) => builder.nodes.get(target)?.kind === "accelerator" || /accelerator/.test(target));
        const id = `record:${name}:${policy}`;
        builder.node({ id, label: [name, accelerator ? "alias to the accelerator" : policy], kind: "record", group: route53Group });
        builder.edge({ from: clientsNode, to: id, style: "traffic" });
        // The region's own record set, in its lane, carries what decides its share of the name.
        const set = lane === undefined ? id : record.name;
        if (lane !== undefined) {
            builder.node({ id: set, label: [`${String(record.inputs.name ?? "")} record set`, decides], kind: "recordSet", group: lane });
            builder.edge({ from: id, to: set, style: "traffic" });
        }
        for (const target of targets) {
            builder.edge({ from: set, to: target, style: "traffic", ...(accelerator ? { ordersColumns: false } : {}) });
        }
        for (const check of referencedNames(record.inputs.healthCheckId)) {
            builder.edge({ from: check, to: set, style: "watch" });
        }
    }
}

function addAccelerator(builder: GraphBuilder, stack: StackPlan, lane: string | undefined): void {
    const listeners = ofType(stack, "aws:globalaccelerator/listener:Listener");
    for (const accelerator of ofType(stack, "aws:globalaccelerator/accelerator:Accelerator")) {
        const own = listeners.filter((listener) => referencedNames(listener.inputs.acceleratorArn).includes(accelerator.name));
        const ports = own.flatMap((listener) => (Array.isArray(listener.inputs.portRanges) ? listener.inputs.portRanges as { fromPort?: number; toPort?: number }[] : [])
            .map((range) => (range.fromPort === range.toPort ? String(range.fromPort) : `${range.fromPort}-${range.toPort}`)));
        const affinity = own.map((listener) => String(listener.inputs.clientAffinity ?? "NONE"))[0];
        builder.node({
            id: accelerator.name, kind: "accelerator", group: acceleratorGroup,
            label: ["accelerator", `${String(accelerator.inputs.ipAddressType ?? "IPV4")}, 2 static IPs`, ...(own.length > 0 ? [`TCP ${ports.join(", ")}, affinity ${affinity}`] : [])],
        });
        builder.edge({ from: clientsNode, to: accelerator.name, style: "traffic" });
    }
    for (const group of ofType(stack, "aws:globalaccelerator/endpointGroup:EndpointGroup")) {
        const endpoints = Array.isArray(group.inputs.endpointConfigurations) ? group.inputs.endpointConfigurations as { endpointId?: unknown; weight?: number }[] : [];
        const weights = endpoints.map((endpoint) => endpoint.weight).filter((weight) => weight !== undefined);
        builder.node({
            id: group.name, kind: "endpointGroup", group: lane ?? acceleratorGroup,
            label: ["accelerator endpoint group", `dial ${String(group.inputs.trafficDialPercentage ?? 100)}%${weights.length > 0 ? `, endpoint weight ${weights.join(", ")}` : ""}`],
        });
        // From the listener, which has no box: buildArchitecture redraws it from the listener's accelerator.
        for (const listener of referencedNames(group.inputs.listenerArn)) {
            builder.edge({ from: listener, to: group.name, style: "traffic" });
        }
        for (const endpoint of endpoints) {
            for (const target of referencedNames(endpoint.endpointId)) {
                builder.edge({ from: group.name, to: target, style: "traffic" });
            }
        }
    }
}

/** Each accelerator listener's accelerator, over every stack: the listener is drawn in the accelerator's box. */
function listenerOwners(plan: Plan): Map<string, string> {
    return new Map(plan.stacks.flatMap((stack) => ofType(stack, "aws:globalaccelerator/listener:Listener"))
        .flatMap((listener) => referencedNames(listener.inputs.acceleratorArn).map((accelerator) => [listener.name, accelerator] as const)));
}

/** The diagram of a plan. Edges to nodes the plan does not hold (another stack not planned) are dropped. */
export function buildArchitecture(plan: Plan): ArchitectureGraph {
    const builder = new GraphBuilder();
    addGlobalGroups(builder, plan);
    const weights = weightTotals(plan);
    const lanes = new Map(plan.stacks.map((stack) => [stack.stack, addRegion(builder, stack)]));
    for (const stack of plan.stacks) {
        addAccelerator(builder, stack, lanes.get(stack.stack));
    }
    for (const stack of plan.stacks) {
        addRoute53(builder, stack, lanes.get(stack.stack), weights);
    }
    // An endpoint group joins its accelerator through the listener, which has no box of its own.
    const owners = listenerOwners(plan);
    const edges = [...builder.edges.values()]
        .map((edge) => (owners.has(edge.from) ? { ...edge, from: owners.get(edge.from)! } : edge))
        .filter((edge) => builder.nodes.has(edge.from) && builder.nodes.has(edge.to));
    const used = new Set([...builder.nodes.values()].map((node) => node.group));
    const groups = [...builder.groups.values()];
    // A group is kept when it, or a group inside it, holds a node.
    const keep = (group: DiagramGroup): boolean => used.has(group.id) || groups.some((child) => child.parent === group.id && keep(child));
    const unique = new Map(edges.map((edge) => [`${edge.from}->${edge.to}`, edge]));
    return { groups: groups.filter(keep), nodes: [...builder.nodes.values()], edges: [...unique.values()] };
}

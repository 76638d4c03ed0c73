/**
 * The control planes each failover path needs (docs/control-planes.md): for every way a region
 * leaves the traffic, which AWS APIs detect the failure and which ones the lever calls, where they
 * are served, and whether each is a data plane (the service's core function, built to stay up
 * during disruptive events) or a control plane (create, update, delete: optimized for
 * consistency, and what an impaired region or service loses first). Well-Architected REL11-BP04
 * asks for recovery that relies on data planes. Pure: plain values in, plain values out; every
 * fact names its AWS page.
 */

/** Sources of the facts below. */
export const controlPlaneSources = {
    route53Planes: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/route-53-concepts.html#route-53-concepts-control-and-data-plane",
    globalServices: "https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/global-services.html",
    regionalServices: "https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/regional-services.html",
    arcPlanes: "https://docs.aws.amazon.com/r53recovery/latest/dg/data-and-control-planes.html",
    acceleratorApi: "https://docs.aws.amazon.com/global-accelerator/latest/api/Welcome.html",
    acceleratorFailover: "https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoints-endpoint-weights.unhealthy-endpoints.html",
    alarmIdentifier: "https://docs.aws.amazon.com/Route53/latest/APIReference/API_AlarmIdentifier.html",
    healthDetermined: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html",
    rel11bp04: "https://docs.aws.amazon.com/wellarchitected/latest/framework/rel_withstand_component_failures_avoid_control_plane.html",
} as const;

/** A data plane keeps serving when control planes are impaired; a control plane is what changes configuration. */
export type Plane = "data" | "control";

/**
 * Where an API is served: one fixed region (a global service's control plane), the stack's own
 * region (a regional service), the edge (Route 53's name servers and health checkers, Global
 * Accelerator's edge locations), or any of a Route 53 ARC cluster's five regional endpoints.
 */
export type ApiLocation = { readonly kind: "fixed"; readonly region: string } | { readonly kind: "stack" } | { readonly kind: "edge" } | { readonly kind: "cluster" };

/** One API (or one function of a service that is no API call, such as health checkers) a path uses. */
export interface ApiUse {
    /** The service, e.g. `Route 53`. */
    readonly service: string;
    /** The operation, e.g. `UpdateHealthCheck`, or what the service does, e.g. `health checkers`. */
    readonly operation: string;
    /** Data or control plane. */
    readonly plane: Plane;
    /** Where it is served. */
    readonly location: ApiLocation;
    /** The AWS page that says so. */
    readonly source: string;
}

/** The traffic a lever moves: the DNS records, or the accelerator's endpoint groups. */
export type TrafficKind = "dns" | "accelerator";

/** The failover paths of a stack set, and the planned move of `drill shift`, in the order the plan shows them. */
export const failoverPaths = ["endpoint-health-check", "followed-alarm", "routing-control", "accelerator", "config-lever", "fault-lever", "shift"] as const;

/** One failover path. */
export type FailoverPath = (typeof failoverPaths)[number];

/** What one path needs to detect a failure and to take a region out on purpose. */
export interface FailoverPathPlanes {
    /** For people, e.g. `endpoint health check`. */
    readonly title: string;
    /** What notices the failure (automatic paths) or decides it (an operator). */
    readonly detection: readonly ApiUse[];
    /** What the lever calls to take a region out; empty when the path has no lever of its own. */
    readonly lever: readonly ApiUse[];
    /** The traffic the lever moves. */
    readonly moves: readonly TrafficKind[];
    /** One line on the lever (the command that pulls it), or why there is none. */
    readonly note: string;
}

const route53ControlRegion = "us-east-1";
const acceleratorControlRegion = "us-west-2";

const healthCheckers: ApiUse = { service: "Route 53", operation: "health checkers", plane: "data", location: { kind: "edge" }, source: controlPlaneSources.globalServices };
const dnsAnswers: ApiUse = { service: "Route 53", operation: "DNS answers", plane: "data", location: { kind: "edge" }, source: controlPlaneSources.route53Planes };
const updateHealthCheck: ApiUse = {
    service: "Route 53", operation: "UpdateHealthCheck", plane: "control", location: { kind: "fixed", region: route53ControlRegion }, source: controlPlaneSources.globalServices,
};
const updateEndpointGroup: ApiUse = {
    service: "Global Accelerator", operation: "UpdateEndpointGroup", plane: "control", location: { kind: "fixed", region: acceleratorControlRegion }, source: controlPlaneSources.acceleratorApi,
};

/** Each path's APIs, with their sources (docs/control-planes.md renders this table). */
export const pathPlanes: Readonly<Record<FailoverPath, FailoverPathPlanes>> = {
    "endpoint-health-check": {
        title: "endpoint health check",
        detection: [healthCheckers, dnsAnswers],
        lever: [updateHealthCheck],
        moves: ["dns"],
        note: "automatic; by hand, Inverted=true on the region's check (drill --lever health-check)",
    },
    "followed-alarm": {
        title: "followed alarm",
        detection: [
            { service: "CloudWatch", operation: "alarm evaluation", plane: "data", location: { kind: "stack" }, source: controlPlaneSources.alarmIdentifier },
            { service: "Route 53", operation: "CLOUDWATCH_METRIC health check", plane: "data", location: { kind: "edge" }, source: controlPlaneSources.healthDetermined },
            dnsAnswers,
        ],
        lever: [],
        moves: ["dns"],
        note: "automatic; no lever of its own: SetAlarmState cannot change a health check's status (the fault lever exercises it)",
    },
    "routing-control": {
        title: "routing control",
        detection: [
            { service: "Route 53", operation: "RECOVERY_CONTROL health check", plane: "data", location: { kind: "edge" }, source: controlPlaneSources.arcPlanes },
            dnsAnswers,
        ],
        lever: [{ service: "Route 53 ARC", operation: "UpdateRoutingControlState", plane: "data", location: { kind: "cluster" }, source: controlPlaneSources.arcPlanes }],
        moves: ["dns"],
        note: "an operator's decision; the state is set through any of the cluster's five endpoints (drill --lever routing-control)",
    },
    accelerator: {
        title: "accelerator",
        detection: [
            { service: "Elastic Load Balancing", operation: "target health", plane: "data", location: { kind: "stack" }, source: controlPlaneSources.regionalServices },
            { service: "Global Accelerator", operation: "endpoint health checks", plane: "data", location: { kind: "edge" }, source: controlPlaneSources.acceleratorFailover },
        ],
        lever: [updateEndpointGroup],
        moves: ["accelerator"],
        note: "automatic; by hand, the endpoint group's traffic dial to 0",
    },
    "config-lever": {
        title: "config lever",
        detection: [],
        lever: [updateHealthCheck, updateEndpointGroup],
        moves: ["dns", "accelerator"],
        note: "drill.simulateOutage and a targeted pulumi up (the Pulumi state backend too): the check inverted, the dial to 0",
    },
    "fault-lever": {
        title: "fault lever",
        detection: [],
        lever: [{ service: "Elastic Load Balancing", operation: "CreateRule / DeleteRule", plane: "control", location: { kind: "stack" }, source: controlPlaneSources.regionalServices }],
        moves: ["dns"],
        note: "a priority-1 rule answering 503 on the region's listener, detected like a real failure (drill --lever fault)",
    },
    shift: {
        title: "staged shift",
        detection: [],
        lever: [
            { service: "Route 53", operation: "ChangeResourceRecordSets", plane: "control", location: { kind: "fixed", region: route53ControlRegion }, source: controlPlaneSources.globalServices },
            updateEndpointGroup,
        ],
        moves: ["dns", "accelerator"],
        note: "drill shift: a planned move of the weighted record's weight and the dial in steps, rolled back on an alarm; failover and latency records do not move",
    },
};

/** How one stack takes part in the paths. */
export interface StackPathsInput {
    /** Stack name. */
    readonly stack: string;
    /** AWS region. */
    readonly region: string;
    /** It has records and an endpoint health check. */
    readonly dns: boolean;
    /** It has a weighted record (what a shift moves in DNS). */
    readonly weighted: boolean;
    /** Route 53 follows alarms of the region. */
    readonly followedAlarms: boolean;
    /** A routing control joins its records' combined check. */
    readonly routingControl: boolean;
    /** It takes part in the accelerator. */
    readonly accelerator: boolean;
}

/** The paths a stack has, in the order of {@link failoverPaths}. */
export function pathsOf(stack: StackPathsInput): FailoverPath[] {
    const has: Readonly<Record<FailoverPath, boolean>> = {
        "endpoint-health-check": stack.dns,
        "followed-alarm": stack.dns && stack.followedAlarms,
        "routing-control": stack.dns && stack.routingControl,
        accelerator: stack.accelerator,
        "config-lever": stack.dns || stack.accelerator,
        "fault-lever": stack.dns || stack.accelerator,
        shift: (stack.dns && stack.weighted) || stack.accelerator,
    };
    return failoverPaths.filter((path) => has[path]);
}

/** The traffic a path moves for a stack: a shift moves DNS answers only through a weighted record. */
function movesOf(path: FailoverPath, stack: StackPathsInput): readonly TrafficKind[] {
    return path === "shift" && !(stack.dns && stack.weighted) ? ["accelerator"] : pathPlanes[path].moves;
}

/** The region an API is served from for a stack; undefined for the edge and the cluster (no one region). */
export function regionOf(location: ApiLocation, stackRegion: string): string | undefined {
    return location.kind === "fixed" ? location.region : location.kind === "stack" ? stackRegion : undefined;
}

/** A lever's control planes in `region`, as `Route 53 UpdateHealthCheck`. */
function controlPlanesIn(path: FailoverPath, region: string): string[] {
    return pathPlanes[path].lever.filter((use) => use.plane === "control" && regionOf(use.location, region) === region).map((use) => `${use.service} ${use.operation}`);
}

/** A stack whose every lever for some traffic needs a control plane in its own region. */
export interface ControlPlaneWarning {
    /** The stack. */
    readonly stack: string;
    /** Its region. */
    readonly region: string;
    /** The traffic no independent lever moves. */
    readonly traffic: TrafficKind;
    /** Each lever and the control planes in the region it needs. */
    readonly levers: readonly { readonly path: FailoverPath; readonly controlPlanes: readonly string[] }[];
}

const trafficNames: Readonly<Record<TrafficKind, string>> = { dns: "DNS answers", accelerator: "the accelerator" };

/**
 * The stacks whose only fast ways out of some traffic need a control plane in the region being
 * taken out: when that region is impaired, so may be the control plane that would move traffic away
 * from it ("Your multi-Region application runs in the same Region as a global service control
 * plane whose services you depend on during failover": AWS Fault Isolation Boundaries, Global
 * services). The automatic paths (health checks, alarms) keep working on data planes; this is about
 * taking a region out on purpose, a gray failure the checks do not see.
 * @param stacks every regional stack of the set
 */
export function controlPlaneWarnings(stacks: readonly StackPathsInput[]): ControlPlaneWarning[] {
    return stacks.flatMap((stack) => {
        const levers = pathsOf(stack).filter((path) => pathPlanes[path].lever.length > 0);
        const traffics: TrafficKind[] = [...(stack.dns ? ["dns" as const] : []), ...(stack.accelerator ? ["accelerator" as const] : [])];
        return traffics.flatMap((traffic) => {
            const moving = levers.filter((path) => movesOf(path, stack).includes(traffic));
            const dependent = moving.map((path) => ({ path, controlPlanes: controlPlanesIn(path, stack.region) }));
            return moving.length > 0 && dependent.every((lever) => lever.controlPlanes.length > 0)
                ? [{ stack: stack.stack, region: stack.region, traffic, levers: dependent }] : [];
        });
    });
}

/** A warning as one line. */
export function describeControlPlaneWarning(warning: ControlPlaneWarning): string {
    const levers = warning.levers.map((lever) => `${pathPlanes[lever.path].title} (${lever.controlPlanes.join(", ")})`).join("; ");
    return `${warning.stack} (${warning.region}): every lever that takes it out of ${trafficNames[warning.traffic]} needs a control plane in ${warning.region}, ` +
        `the region it would leave: ${levers}. If ${warning.region} is impaired, so may they be; ` +
        `${warning.traffic === "dns" ? "turn on routing controls (app:routingControls.enabled), whose states change through ARC's data plane" : "keep the accelerator's control plane out of the set's regions"} (REL11-BP04)`;
}

/** Where an API is served, in a few words. */
const locationNames: Readonly<Record<ApiLocation["kind"], string>> = { fixed: "", stack: "own region", edge: "edge", cluster: "cluster's 5 endpoints" };

/** An API use as `Route 53 UpdateHealthCheck (control, us-east-1)`. */
export function describeApiUse(use: ApiUse): string {
    return `${use.service} ${use.operation} (${use.plane}, ${use.location.kind === "fixed" ? use.location.region : locationNames[use.location.kind]})`;
}

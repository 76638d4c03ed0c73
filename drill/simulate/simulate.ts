/**
 * `drill simulate`: from the stack files alone, what Route 53 and Global Accelerator answer
 * before, during and after an outage of one region, and when each change is predicted.
 */
import { dnsEnabled, failoverTimingInput } from "../../config/derive";
import { InputError } from "../../domain/exitCodes";
import { predictFailover } from "../../domain/failover";
import { StackConfig } from "../../config/load";
import { ClientLocation, clientLocationsFor } from "../model/clients";
import { DrillPath, DrillPrediction, predictDrill } from "../model/timeline";
import { Conditions, configuredCondition, RegionPlan, regionPlanOf, routeAll, RouteRow, withDnsOutage, withOutage } from "../model/topology";
import { ProjectStacks, regionLabel } from "../stacks";

/** The routing of one phase. */
export interface PhaseRouting {
    /** The conditions of every region in this phase. */
    readonly conditions: Conditions;
    /** Answers for every record name and the accelerator, per client. */
    readonly routes: readonly RouteRow[];
}

/** The offline model of a drill. */
export interface Simulation {
    /** The region taken out. */
    readonly target: { readonly stack: string; readonly region: string };
    /** The failover path the drill's lever exercises. */
    readonly path: DrillPath;
    /** What each region contributes to the shared names and the accelerator. */
    readonly regions: readonly RegionPlan[];
    /** The client locations modelled. */
    readonly clients: readonly ClientLocation[];
    /** Before the drill (as configured), during the outage, and after restoring. */
    readonly phases: { readonly before: PhaseRouting; readonly during: PhaseRouting; readonly after: PhaseRouting };
    /** Predicted timings and timeline. */
    readonly prediction: DrillPrediction;
    /** Whether each path's worst-case failover is within the recovery-time objective (absent: path not used). */
    readonly withinObjective: { readonly dns?: boolean; readonly globalAccelerator?: boolean; readonly alarm?: boolean; readonly routingControl?: boolean };
}

/** Models a drill that takes `target` out through `path`. */
export function simulateDrill(stacks: ProjectStacks, target: StackConfig, locations: readonly ClientLocation[] = clientLocationsFor(stacks.configs.map((config) => config.region)), path: DrillPath = "endpoint"): Simulation {
    const plans = stacks.configs.map(regionPlanOf);
    const configured: Conditions = Object.fromEntries(stacks.configs.map((config) => [config.region, configuredCondition(config)]));
    const outage = path === "endpoint" ? withOutage(configured, target.region) : withDnsOutage(configured, target.region);
    const paths = { dns: dnsEnabled(target.settings), globalAccelerator: target.settings.globalAccelerator.enabled };
    if (!paths.dns && !paths.globalAccelerator) {
        throw new InputError(`${target.stackFile}: the stack has neither DNS records nor a Global Accelerator endpoint group; a drill has nothing to take out`);
    }
    const survivors = stacks.configs.filter((config) => config.region !== target.region).map(regionLabel).join(", ");
    const needs = path === "alarm" ? "alarm" : path === "routing-control" ? "routingControl" : undefined;
    // The alarm lever forces the serving-badly alarm: Route 53 must be following it.
    const followsServingBadly = path !== "alarm" || target.settings.alarms.followed.includes("serving-badly");
    if (needs !== undefined && (!paths.dns || !followsServingBadly || predictFailover(failoverTimingInput(target.settings))[needs] === undefined)) {
        throw new InputError(`${target.stackFile}: a drill on the ${path} path needs ${path === "alarm" ? "alarms with their health check following serving-badly (alarms.enabled, alarms.healthCheck, alarms.followed)" : "routing controls (routingControls.enabled)"} and DNS records`);
    }
    const prediction = predictDrill(target.settings, paths, regionLabel(target), survivors, path);
    const objective = prediction.recoveryTimeObjectiveSeconds;
    return {
        target: { stack: target.stack, region: target.region },
        path,
        regions: plans,
        clients: locations,
        phases: {
            before: { conditions: configured, routes: routeAll(plans, configured, locations) },
            during: { conditions: outage, routes: routeAll(plans, outage, locations) },
            after: { conditions: configured, routes: routeAll(plans, configured, locations) },
        },
        prediction,
        withinObjective: {
            ...(paths.dns ? { dns: prediction.failover.dns.totalSeconds <= objective } : {}),
            ...(paths.globalAccelerator ? { globalAccelerator: prediction.failover.globalAccelerator.totalSeconds <= objective } : {}),
            ...(prediction.failover.alarm ? { alarm: prediction.failover.alarm.totalSeconds <= objective } : {}),
            ...(prediction.failover.routingControl ? { routingControl: prediction.failover.routingControl.totalSeconds <= objective } : {}),
        },
    };
}

/** The regions a row's answer can hold, i.e. those with a share above 0. */
export function answeredRegions(row: RouteRow): string[] {
    return Object.keys(row.answer.shares);
}

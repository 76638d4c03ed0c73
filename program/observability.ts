/**
 * The region's observability and alarm-driven routing, as steps called from region.ts: the
 * alarms and their topic, the routing controls (owner) or the owner's reference (members), the
 * combined health check the records use, the environment's dashboard (owner), and the outputs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RegionalAlb } from "../components/alb/regionalAlb";
import { DashboardRegion, RegionsDashboard } from "../components/observability/dashboard";
import { RegionAlarms } from "../components/observability/regionAlarms";
import { RegionHealth } from "../components/traffic/regionHealth";
import { RoutingControls } from "../components/traffic/routingControls";
import { followedAlarmKeys, populatedTargetGroups, routingControlsEnabled } from "../config/derive";
import { FailoverPrediction } from "../domain/failover";
import { RegionContext } from "./args";
import { outputKeys, PredictedFailoverOutput } from "./outputs";

/** What the steps share: region.ts's step context. */
export interface ObservabilityContext extends RegionContext {
    /** Options with the regional provider. */
    readonly opts: pulumi.ComponentResourceOptions;
}

/** The alarms and routing controls of a region, before its records exist. */
export interface Observability {
    /** The region's alarms, when `alarms.enabled`. */
    readonly alarms?: RegionAlarms;
    /** The routing controls, on the owner stack. */
    readonly routingControls?: RoutingControls;
    /** This region's routing control, when routing controls are on. */
    readonly routingControlArn?: pulumi.Output<string>;
    /** The combined check, once {@link recordHealthCheckId} created it. */
    health?: RegionHealth;
}

/** Creates the alarms and the routing controls (or finds the owner's) of the region. */
export function startObservability(context: ObservabilityContext, alb: RegionalAlb, recoveryControlProvider?: aws.Provider): Observability {
    const { stack, region, settings, tags, opts } = context;
    const alarmSettings = settings.alarms;
    const alarms = alarmSettings.enabled
        ? new RegionAlarms(`${stack}-alarms`, {
            albArnSuffix: alb.arnSuffix,
            targetGroups: Object.fromEntries(populatedTargetGroups(settings).map((key) => [key, alb.targetGroups[key].arnSuffix])),
            periodSeconds: alarmSettings.periodSeconds,
            breachingPeriods: alarmSettings.evaluationPeriods,
            holdDownPeriods: alarmSettings.holdDownPeriods,
            elb5xxPerPeriod: alarmSettings.elb5xxPerPeriod,
            target5xxPerPeriod: alarmSettings.target5xxPerPeriod,
            errorRatePercent: alarmSettings.errorRatePercent,
            minimumRequests: alarmSettings.minimumRequests,
            minimumHealthyHosts: alarmSettings.minimumHealthyHosts,
            targetResponseTimeSeconds: alarmSettings.targetResponseTimeSeconds,
            rejectedConnections: alarmSettings.rejectedConnections,
            notifyEmails: alarmSettings.notifyEmails,
            tags,
        }, opts)
        : undefined;
    if (!routingControlsEnabled(settings)) {
        return { alarms };
    }
    const controls = settings.routingControls;
    if (controls.owner) {
        if (recoveryControlProvider === undefined) {
            throw new Error("routingControls.owner needs the us-west-2 provider from the program root");
        }
        const routingControls = new RoutingControls(`${stack}-routing`, {
            provider: recoveryControlProvider,
            regions: controls.regions,
            minimumOn: controls.minimumRegionsOn,
            tags,
        }, opts);
        return { alarms, routingControls, routingControlArn: routingControls.routingControlArns.apply((arns) => arns[region]) };
    }
    // Exactly one stack owns the cluster; members read their control through a stack reference.
    const owner = new pulumi.StackReference(`${stack}-routing-owner`, { name: controls.ownerStack });
    const routingControlArn = owner.requireOutput(outputKeys.routingControlArns).apply((arns) => {
        const arn = (arns as Record<string, string>)[region];
        if (arn === undefined) {
            throw new Error(`stack ${controls.ownerStack} has no routing control for ${region}: add it to the owner's routingControls.regions`);
        }
        return arn;
    });
    return { alarms, routingControlArn };
}

/** The health check the records carry: the combined check when alarms or a routing control join the endpoint check. */
export function recordHealthCheckId(context: ObservabilityContext, observability: Observability, endpointHealthCheckId: pulumi.Output<string>): pulumi.Output<string> {
    const { stack, region, settings, tags, opts } = context;
    const created = observability.alarms?.alarms ?? {};
    // Single-metric alarms only: the config check refuses a followed alarm Route 53 cannot follow.
    const alarms = Object.fromEntries(followedAlarmKeys(settings).filter((key) => created[key] !== undefined).map((key) => [key, { name: created[key].name, region }]));
    if (Object.keys(alarms).length === 0 && observability.routingControlArn === undefined) {
        return endpointHealthCheckId;
    }
    observability.health = new RegionHealth(`${stack}-region-health`, {
        endpointHealthCheckId,
        alarms,
        insufficientData: settings.alarms.insufficientData,
        routingControlArn: observability.routingControlArn,
        childThreshold: settings.alarms.childThreshold,
        forceUnhealthy: settings.drill.simulateOutage,
        tags,
    }, opts);
    return observability.health.healthCheckId;
}

/** The stack outputs of the observability steps, and the dashboard on its owner stack. */
export function finishObservability(
    context: ObservabilityContext,
    alb: RegionalAlb,
    observability: Observability,
    endpointHealthCheckId: pulumi.Output<string> | undefined,
    acceleratorListenerArn: pulumi.Output<string> | undefined,
): Record<string, unknown> {
    const { stack, region, settings, opts } = context;
    const { alarms, routingControls, health } = observability;
    const healthChecks: Record<string, pulumi.Output<string>> = {
        ...(endpointHealthCheckId ? { endpoint: endpointHealthCheckId } : {}),
        ...Object.fromEntries(Object.entries(health?.alarmHealthCheckIds ?? {}).map(([key, id]) => [`alarm-${key}`, id])),
        ...(health?.recoveryControlHealthCheckId ? { control: health.recoveryControlHealthCheckId } : {}),
        ...(health ? { combined: health.healthCheckId } : {}),
    };
    const acceleratorArn = acceleratorListenerArn?.apply((arn) => arn.split("/listener/")[0]);
    const observed = pulumi.output({
        stack,
        region,
        albArnSuffix: alb.arnSuffix,
        targetGroups: Object.fromEntries(populatedTargetGroups(settings).map((key) => [key, alb.targetGroups[key].arnSuffix])),
        healthChecks,
        accelerator: settings.globalAccelerator.enabled,
        ...(acceleratorArn ? { acceleratorArn } : {}),
    });
    const outputs: Record<string, unknown> = { [outputKeys.observability]: observed, [outputKeys.healthCheckIds]: pulumi.output(healthChecks) };
    if (alarms) {
        const followed = followedAlarmKeys(settings).filter((key) => alarms.alarms[key] !== undefined);
        Object.assign(outputs, {
            [outputKeys.alarmTopicArn]: alarms.topicArn,
            [outputKeys.alarmNames]: alarms.alarmNames,
            [outputKeys.followedAlarmNames]: pulumi.output(Object.fromEntries(followed.map((key) => [key, alarms.alarms[key].name]))),
            [outputKeys.servingBadlyAlarmName]: alarms.servingBadlyAlarmName,
        });
    }
    if (observability.routingControlArn) {
        outputs[outputKeys.routingControlArn] = observability.routingControlArn;
    }
    if (routingControls) {
        Object.assign(outputs, {
            [outputKeys.routingControlClusterArn]: routingControls.clusterArn,
            [outputKeys.routingControlClusterEndpoints]: routingControls.clusterEndpoints,
            [outputKeys.routingControlPanelArn]: routingControls.controlPanelArn,
            [outputKeys.routingControlArns]: routingControls.routingControlArns,
            [outputKeys.routingControlSafetyRuleArn]: routingControls.safetyRuleArn,
            [outputKeys.routingControlInitialStates]: routingControls.initialStates,
        });
    }
    if (settings.dashboard.owner) {
        // The other regions' stacks deploy first; their `observability` outputs place them on the dashboard.
        const others = settings.dashboard.stacks.map((name) =>
            new pulumi.StackReference(`${stack}-dashboard-${name.split("/").pop()}`, { name }).requireOutput(outputKeys.observability));
        const regions = pulumi.all([observed, ...others]).apply((all) => all as (DashboardRegion & { acceleratorArn?: string })[]);
        const dashboard = new RegionsDashboard(`${stack}-dashboard`, {
            dashboardName: settings.dashboard.name,
            regions,
            acceleratorArn: regions.apply((all) => all.find((entry) => entry.acceleratorArn !== undefined)?.acceleratorArn),
        }, opts);
        Object.assign(outputs, { [outputKeys.dashboardName]: settings.dashboard.name, [outputKeys.dashboardArn]: dashboard.dashboardArn });
    }
    return outputs;
}

/** The `predictedFailoverSeconds` output: worst-case seconds per path the stack has. */
export function predictedFailoverSeconds(prediction: FailoverPrediction): PredictedFailoverOutput {
    return {
        dns: prediction.dns.totalSeconds,
        globalAccelerator: prediction.globalAccelerator.totalSeconds,
        ...(prediction.alarm ? { alarm: prediction.alarm.totalSeconds } : {}),
        ...(prediction.routingControl ? { routingControl: prediction.routingControl.totalSeconds } : {}),
    };
}

/**
 * The control planes each failover path of a stack set needs (domain/controlPlanes.ts), from the
 * stack files: per environment, the paths each regional stack has, what each path's detection and
 * lever call and where, and a warning for every stack whose only levers need a control plane in its
 * own region. The plan prints it (offline/controlPlaneText.ts) and puts it in plan.json.
 */
import { controlPlaneWarnings, describeControlPlaneWarning, FailoverPath, FailoverPathPlanes, pathPlanes, pathsOf, StackPathsInput } from "../domain/controlPlanes";
import { alarmHealthEnabled, dnsEnabled, isGlobalStack, routingControlsEnabled } from "./derive";
import type { StackConfig } from "./load";

/** How a stack takes part in the failover paths, from its settings. */
export function stackPathsOf(config: StackConfig): StackPathsInput {
    const { settings } = config;
    return {
        stack: config.stack,
        region: config.region,
        dns: dnsEnabled(settings),
        weighted: dnsEnabled(settings) && settings.dns.weighted,
        followedAlarms: alarmHealthEnabled(settings) && settings.alarms.followed.length > 0,
        routingControl: routingControlsEnabled(settings),
        accelerator: settings.globalAccelerator.enabled,
    };
}

/** One environment's paths and warnings. */
export interface EnvironmentControlPlanes {
    /** The environment. */
    readonly environment: string;
    /** Each regional stack and its paths. */
    readonly stacks: readonly { readonly stack: string; readonly region: string; readonly paths: readonly FailoverPath[] }[];
    /** The paths any of its stacks has, with their APIs, planes, regions and sources. */
    readonly paths: Readonly<Partial<Record<FailoverPath, FailoverPathPlanes>>>;
    /** Stacks whose only levers need a control plane in their own region, one line each. */
    readonly warnings: readonly string[];
}

/**
 * The control planes of each environment's regional stacks, environments in the order their first
 * stack comes; environments without a failover path are left out.
 * @param configs every valid stack of the project
 */
export function controlPlaneReports(configs: readonly StackConfig[]): EnvironmentControlPlanes[] {
    const regional = configs.filter((config) => !isGlobalStack(config.settings));
    return [...new Set(regional.map((config) => config.settings.environment))].flatMap((environment) => {
        const inputs = regional.filter((config) => config.settings.environment === environment).map(stackPathsOf);
        const stacks = inputs.map((input) => ({ stack: input.stack, region: input.region, paths: pathsOf(input) }));
        const used = new Set(stacks.flatMap((stack) => stack.paths));
        return used.size === 0 ? [] : [{
            environment,
            stacks,
            paths: Object.fromEntries([...used].map((path) => [path, pathPlanes[path]])),
            warnings: controlPlaneWarnings(inputs).map(describeControlPlaneWarning),
        }];
    });
}

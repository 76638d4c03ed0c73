/**
 * What pre-scaling asks of each survivor: the instances its fleet needs once traffic moves away
 * from the target, on the path that burdens it most (domain/capacity.ts `instancesForMove`), from
 * the stack files' capacity model (`app:capacity.peakRequestsPerSecond`, `app:fleet.*`), and the
 * Auto Scaling group to raise (the survivor's `autoScalingGroupName` output).
 */
import { instancesForMove, SurvivorNeed } from "../../domain/capacity";
import { InputError } from "../../domain/exitCodes";
import { capacityMemberOf, fleetCapacityOf, formatRate } from "../../config/crossStackCapacity";
import { pathRedistribution } from "../../domain/capacity";
import type { StackConfig } from "../../config/load";
import type { DeployedRegion } from "../clients/outputs";
import type { ProjectStacks } from "../stacks";

/** One survivor's group and what it needs. */
export interface ScaleTarget {
    /** The survivor's stack. */
    readonly stack: string;
    /** Its AWS region (the group is read and changed there). */
    readonly region: string;
    /** Its Auto Scaling group. */
    readonly groupName: string;
    /** Instances it needs, with the load and path that need them. */
    readonly need: SurvivorNeed;
    /** The service's peak the need comes from, requests per second. */
    readonly peakRequestsPerSecond: number;
}

/** Why a survivor needs its instances, for the plan: `30 rps on the failover path (...)`. */
export function needText(target: ScaleTarget): string {
    return `${formatRate(target.need.requestsPerSecond)} rps of the ${formatRate(target.peakRequestsPerSecond)} rps peak (${pathRedistribution[target.need.path]})`;
}

/**
 * The survivors to pre-scale for moving traffic away from `target` in steps that keep
 * `keptShares` (0..1; 0 takes the region out): each survivor's largest need over the steps.
 * Throws an InputError when the stack files declare no peak, and an Error naming a survivor whose
 * stack does not export its group.
 */
export function scaleTargets(stacks: ProjectStacks, target: StackConfig, keptShares: readonly number[], deployment: readonly DeployedRegion[]): ScaleTarget[] {
    const environment = stacks.configs.filter((config) => config.settings.environment === target.settings.environment);
    const peak = Math.max(0, ...environment.map((config) => config.settings.capacity.peakRequestsPerSecond));
    if (peak === 0) {
        throw new InputError(`--pre-scale needs the service's peak: app:capacity.peakRequestsPerSecond is 0 for ${target.settings.environment} (set it once in Pulumi.yaml; docs/capacity-and-recovery.md)`);
    }
    const members = environment.map(capacityMemberOf);
    const fleets = Object.fromEntries(environment.flatMap((config) => {
        const fleet = fleetCapacityOf(config);
        return fleet === undefined ? [] : [[config.stack, fleet] as const];
    }));
    const needs = new Map<string, SurvivorNeed>();
    for (const keptShare of keptShares) {
        for (const [stack, need] of Object.entries(instancesForMove(members, fleets, peak, { stack: target.stack, keptShare }))) {
            if ((needs.get(stack)?.instances ?? -1) < need.instances) {
                needs.set(stack, need);
            }
        }
    }
    return [...needs.entries()].map(([stack, need]) => {
        const deployed = deployment.find((region) => region.stack === stack);
        if (deployed?.autoScalingGroupName === undefined) {
            throw new Error(`stack ${stack} exports no autoScalingGroupName (deployed before this version): deploy it, or run without --pre-scale`);
        }
        return { stack, region: deployed.region, groupName: deployed.autoScalingGroupName, need, peakRequestsPerSecond: peak };
    });
}

/**
 * The offline plan: every stack file run through the real program under reference-style
 * mocks, in deploy order (the global stack before the regions that join its accelerator), then
 * the policy rules and the cross-stack checks over the result. No credentials, no network, no Pulumi CLI.
 */
import { failoverTimingInput, isProduction, referencedStacks, Relaxation, relaxations } from "../config/derive";
import { FailoverPrediction, predictFailover } from "../domain/failover";
import { evaluatePolicies, PolicyFinding, PolicyResource } from "../policy/evaluate";
import { checkAcrossStacks, CrossStackFinding } from "../config/crossStack";
import { deployOrder, destroyOrder, joinsAccelerator, referencedStackName } from "../config/acceleratorStacks";
import { closest, ConfigError } from "../config/load";
import { InputError } from "../domain/exitCodes";
import { ProjectFiles, validateProject } from "../config/stackFiles";
import { PlannedResource, runStack } from "./runStack";
import type { ProtectedReplacement } from "./replacements";

/** One resource as the plan reports it. */
export interface PlanResource {
    /** URN as the engine would build it. */
    readonly urn: string;
    /** Type token. */
    readonly type: string;
    /** Logical name. */
    readonly name: string;
    /** Parent URN; absent for the stack itself. */
    readonly parent?: string;
    /** Region of its provider; absent for components. */
    readonly region?: string;
    /** The inputs the program asked for; AWS-computed values as `${resource.attribute}`. */
    readonly inputs: Record<string, unknown>;
}

/** The plan of one stack. */
export interface StackPlan {
    /** Stack name. */
    readonly stack: string;
    /** AWS region. */
    readonly region: string;
    /** Every resource, in registration order. */
    readonly resources: PlanResource[];
    /** The stack outputs. */
    readonly outputs: Record<string, unknown>;
    /** Policy findings over the resources. */
    readonly policy: PolicyFinding[];
    /** Predicted worst-case failover of both traffic paths. */
    readonly failover: FailoverPrediction;
    /** The stack's environment. */
    readonly environment: string;
    /** Production requirements this non-production stack relaxed. */
    readonly relaxed: Relaxation[];
}

/** The plan of a project. */
export interface Plan {
    /** The stacks asked for, in deploy order. */
    readonly stacks: StackPlan[];
    /** Findings over all stack files at once. */
    readonly crossStack: CrossStackFinding[];
    /** Advice about the configuration, each naming file and key. */
    readonly warnings: string[];
    /** Every stack of the project in the order to deploy them: the global stack first. */
    readonly deployOrder: string[];
    /** Every stack in the order to destroy them: the global stack last. */
    readonly destroyOrder: string[];
    /** Replacements of protected resources against a previous plan, when one was given. */
    readonly replacements?: ProtectedReplacement[];
}

/** What the policy rules read of a planned resource: its inputs, as the engine would check them. */
export function policyResources(resources: readonly PlannedResource[]): PolicyResource[] {
    return resources.map(({ urn, type, name, inputs, region }) => ({ urn, type, name, props: inputs, region }));
}

export { deployOrder, deployWaves } from "../config/acceleratorStacks";

/** Plans `selected` stacks (all when empty), running the owners they reference too. */
export async function planProject(files: ProjectFiles, selected: readonly string[] = []): Promise<Plan> {
    const unknown = selected.filter((stack) => !files.stacks.includes(stack));
    if (unknown.length > 0) {
        throw new InputError(`no stack file for ${unknown.map((stack) => `${stack}${closest(stack, files.stacks)}`).join(", ")} (have: ${files.stacks.join(", ") || "none"})`);
    }
    const { configs, problems, warnings } = validateProject(files);
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    const wanted = new Set(selected.length > 0 ? selected : files.stacks);
    for (const config of configs) {
        if (wanted.has(config.stack)) {
            referencedStacks(config.settings).forEach((name) => wanted.add(referencedStackName(name)));
        }
    }
    const stackOutputs: Record<string, Record<string, unknown>> = {};
    const planned: StackPlan[] = [];
    const checked = [];
    for (const config of deployOrder(configs)) {
        if (!wanted.has(config.stack)) {
            checked.push({ config });
            continue;
        }
        const world = { hostedZones: {}, vpcs: {}, stackOutputs: { ...stackOutputs } };
        if (joinsAccelerator(config) && stackOutputs[referencedStackName(config.settings.globalAccelerator.globalStack)]?.globalAcceleratorListenerArn === undefined) {
            // Nothing to join: the cross-stack check explains why; AWS would refuse the endpoint group.
            checked.push({ config });
            continue;
        }
        for (const name of referencedStacks(config.settings)) {
            const referenced = stackOutputs[referencedStackName(name)];
            if (referenced !== undefined) {
                // A stack reference resolves to the referenced stack's planned outputs.
                world.stackOutputs[name] = referenced;
            }
        }
        // The values already read and validated: each stack file is read once per plan.
        const run = await runStack(config.stack, { files, style: "reference", world, config: { ...config.values } });
        stackOutputs[config.stack] = run.outputs;
        // Registration order depends on timing; URN order is stable, so plans diff cleanly.
        const resources: PlanResource[] = run.resources
            .map(({ urn, type, name, parent, region, inputs }) => ({ urn, type, name, parent, region, inputs }))
            .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
        planned.push({
            stack: config.stack,
            region: config.region,
            resources,
            outputs: run.outputs,
            // Non-production stacks may go without deletion protection (the pack's non-production config).
            policy: evaluatePolicies(policyResources(run.resources), { requireDeletionProtection: isProduction(config.settings) }),
            failover: predictFailover(failoverTimingInput(config.settings)),
            environment: config.settings.environment,
            relaxed: isProduction(config.settings) ? [] : relaxations(config.settings),
        });
        checked.push({ config, resources: run.resources });
    }
    const shown = selected.length > 0 ? planned.filter((plan) => selected.includes(plan.stack)) : planned;
    return {
        stacks: shown,
        crossStack: checkAcrossStacks(checked),
        warnings,
        deployOrder: deployOrder(configs).map((config) => config.stack),
        destroyOrder: destroyOrder(configs).map((config) => config.stack),
    };
}

/**
 * Pulumi's SDK records a stack trace for every promise it makes, for leak reports the offline
 * plan never prints; with source maps on, those traces are most of the plan's time (see
 * `npm run bench`). The plan's entry points keep traces to one frame unless asked to debug.
 */
export function keepStackTracesShort(): void {
    Error.stackTraceLimit = 1;
}

/** True when the plan must fail: a mandatory policy or a cross-stack error. */
export function planFails(plan: Plan): boolean {
    return plan.crossStack.some((finding) => finding.level === "error") || (plan.replacements ?? []).length > 0 ||
        plan.stacks.some((stack) => stack.policy.some((finding) => finding.enforcementLevel === "mandatory"));
}

/**
 * The offline plan: every stack file run through the real program under reference-style
 * mocks, in deploy order (the global stack before the regions that join its accelerator), then
 * the policy rules and the cross-stack checks over the result. No credentials, no network, no Pulumi CLI.
 */
import * as path from "path";
import { ConfigError, StackConfig, stackFileName } from "../config/load";
import { failoverTimingInput, isProduction, referencedStacks, Relaxation, relaxations } from "../config/derive";
import { FailoverPrediction, predictFailover } from "../domain/failover";
import { evaluatePolicies, PolicyFinding, PolicyResource } from "../policy/evaluate";
import { checkAcceleratorOwnership, checkAcrossStacks, CheckedStack, CrossStackFinding, UncheckedStack } from "../config/crossStack";
import { deployOrder, destroyOrder, joinsAccelerator, referencedStackName } from "../config/acceleratorStacks";
import { meaninglessSettings } from "../config/warnings";
import { didYouMean } from "../domain/didYouMean";
import { ExitCode, ExitCodeValue, InputError } from "../domain/exitCodes";
import { isAwsxVpc, modelVpcChildren } from "./vpcModel";
import { AwsRefusal, PlannedOptions, PlannedResource, runStack } from "./runStack";
import { declaredEnvironment, ProjectFiles, validateStackFile } from "../config/stackFiles";
import type { ProtectedReplacement } from "./replacements";
import { capacityReports, EnvironmentCapacity } from "../config/crossStackCapacity";
import { controlPlaneReports, EnvironmentControlPlanes } from "../config/controlPlanes";
import { predictRecovery, RecoveryPrediction } from "../config/recovery";

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
    /** Options that change how the engine replaces or protects it; absent when none is set. */
    readonly options?: PlanOptions;
    /** True for a child of a component that the mocks never see (awsx's VPC children), modelled from the component's inputs. */
    readonly modelled?: true;
}

/** The resource options a plan records (those set; absent ones are left out). */
export interface PlanOptions extends PlannedOptions {
    /** Resources it waits for besides those it reads from, by logical name. */
    readonly dependsOn?: string[];
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
    /** Predicted worst-case failover of every traffic path, term by term. */
    readonly failover: FailoverPrediction;
    /** The predicted recovery, each part (traffic moved, open connections, capacity recovered) against the objective. */
    readonly recovery: RecoveryPrediction;
    /** The stack's recovery-time objective (drill.recoveryTimeObjectiveSeconds), which each path is held to. */
    readonly recoveryTimeObjectiveSeconds: number;
    /** The stack's environment. */
    readonly environment: string;
    /** Production requirements this non-production stack relaxed. */
    readonly relaxed: Relaxation[];
}

/** Why a stack has no plan. */
export type ProblemKind =
    /** Its input is wrong (stack file, configuration, a value AWS would refuse): exit code 2. */
    | "input"
    /** It depends on a stack that failed (the accelerator owner): reported, counted with its cause. */
    | "skipped"
    /** A bug in the program or the planner: exit code 3. */
    | "internal";

/** A stack that could not be planned, with every reason. */
export interface StackProblem {
    /** Stack name. */
    readonly stack: string;
    /** What kind of failure. */
    readonly kind: ProblemKind;
    /** Each a line naming the stack file and key. */
    readonly messages: string[];
    /** For internal errors: the stack trace, printed only under `--debug`. */
    readonly trace?: string;
}

/** How to plan. */
export interface PlanningOptions {
    /** The program to run for each stack (tests of the planner's error handling). @default the project's index */
    readonly program?: string;
    /** Keep the SDK's diagnostics (stack traces among them) while the stacks' programs run (`--debug`; RunOptions.diagnostics). @default false */
    readonly diagnostics?: boolean;
}

/** The plan of a project. */
export interface Plan {
    /** The stacks asked for and planned, in deploy order. */
    readonly stacks: StackPlan[];
    /** Findings over all stack files at once. */
    readonly crossStack: CrossStackFinding[];
    /** The stacks asked for that could not be planned. */
    readonly problems: StackProblem[];
    /** Advice about the configuration, each naming file and key: settings others make meaningless, and the loader's. */
    readonly warnings: string[];
    /** Every stack of the project in the order to deploy them: the global stack first. */
    readonly deployOrder: string[];
    /** Every stack in the order to destroy them: the global stack last. */
    readonly destroyOrder: string[];
    /** Replacements of protected resources against a previous plan, when one was given. */
    readonly replacements?: ProtectedReplacement[];
    /** Each environment's loads and headroom per region, when it declares a peak (app:capacity.peakRequestsPerSecond). */
    readonly capacity: EnvironmentCapacity[];
    /** Each environment's failover paths, the APIs and planes they need, and the stacks whose only levers need their own region's control plane. */
    readonly controlPlanes: EnvironmentControlPlanes[];
}

/** What the policy rules read of a planned resource: its inputs, as the engine would check them. */
export function policyResources(resources: readonly Pick<PlanResource, "urn" | "type" | "name" | "inputs" | "region">[]): PolicyResource[] {
    return resources.map(({ urn, type, name, inputs, region }) => ({ urn, type, name, props: inputs, region }));
}

export { deployOrder, deployWaves } from "../config/acceleratorStacks";

/** Every stack file validated on its own, so one broken file does not hide the others. */
function loadEach(files: ProjectFiles): { configs: StackConfig[]; problems: StackProblem[]; warnings: string[]; unchecked: UncheckedStack[] } {
    const configs: StackConfig[] = [];
    const problems: StackProblem[] = [];
    const warnings: string[] = [];
    const unchecked: UncheckedStack[] = [];
    for (const stack of files.stacks) {
        try {
            const result = validateStackFile(files, stack);
            warnings.push(...result.warnings);
            if (result.config) {
                configs.push(result.config);
                warnings.push(...meaninglessSettings(result.config, files.project, result.origins));
            } else {
                problems.push({ stack, kind: "input", messages: result.problems });
            }
        } catch (error) {
            problems.push(describeStackError(stack, error, files.stackFiles[stack].file));
        }
        if (!configs.some((config) => config.stack === stack)) {
            unchecked.push({ stack, file: files.stackFiles[stack].file, environment: declaredEnvironment(files, stack) });
        }
    }
    return { configs, problems, warnings, unchecked };
}

/** The stack file's name first, unless the message already holds it. */
function inFile(file: string, message: string): string {
    return message.startsWith(file) || message.includes(`${path.sep}${file}`) ? message : `${file}: ${message}`;
}

/**
 * Sorts an error from reading or running one stack: input problems (invalid configuration, a
 * file that cannot be read offline, a request AWS would refuse) or an internal error.
 */
export function describeStackError(stack: string, error: unknown, file: string = stackFileName(stack)): StackProblem {
    if (error instanceof ConfigError) {
        return { stack, kind: "input", messages: [...error.problems] };
    }
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof AwsRefusal) {
        return {
            stack,
            kind: "input",
            messages: [
                ...error.refusals.map((refusal) => inFile(file, `AWS would refuse ${refusal}`)),
                ...error.neverServes.map((never) => inFile(file, `AWS would accept but never serve ${never}`)),
            ],
        };
    }
    if (error instanceof InputError || (error instanceof Error && /^(YAMLParseError|YAMLException|SecretError)$/.test(error.name)) ||
        (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT" || /is a secret; the offline plan cannot decrypt it/.test(message)) {
        return { stack, kind: "input", messages: [inFile(file, message.split("\n")[0])] };
    }
    // The program turns invalid configuration into a RunError, whose message lists the problems.
    if (error instanceof Error && error.name === "RunError" && /^Invalid configuration/.test(message)) {
        return { stack, kind: "input", messages: message.split("\n").slice(1).map((line) => line.replace(/^ {2}- /, "")) };
    }
    return { stack, kind: "internal", messages: [inFile(file, `internal error: ${message.split("\n")[0]}`)], trace: error instanceof Error ? error.stack : undefined };
}

/** The options that are set (true, or a non-empty list), absent when none is. */
export function setOptions(options: PlannedResource["options"]): PlanOptions | undefined {
    const set = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined && value !== false &&
        !(Array.isArray(value) && value.length === 0)));
    return Object.keys(set).length > 0 ? set as PlanOptions : undefined;
}

/**
 * Plans `selected` stacks (all when empty), running the owners they reference too. Problems of
 * one stack are reported with its name; the other stacks are still planned.
 * @param files the project's Pulumi files
 * @param selected stack names to show; the accelerator owners they reference are planned too
 * @param options how to plan
 * @default selected every stack file
 */
export async function planProject(files: ProjectFiles, selected: readonly string[] = [], options: PlanningOptions = {}): Promise<Plan> {
    const unknown = selected.filter((stack) => !files.stacks.includes(stack));
    if (unknown.length > 0) {
        throw new InputError(unknown.map((stack) => `--stack ${stack}: there is no stack file ${stackFileName(stack)}${didYouMean(stack, files.stacks)} (have: ${files.stacks.join(", ") || "none"})`).join("\n"));
    }
    const { configs, problems, warnings, unchecked } = loadEach(files);
    const ownership = checkAcceleratorOwnership(configs, unchecked);
    const capacity = capacityReports(configs);
    /** The load a stack's region receives when the region that burdens it most is lost. */
    const afterLossOf = (config: StackConfig) => capacity.find((report) => report.environment === config.settings.environment)
        ?.regions.find((region) => region.stack === config.stack)?.afterLoss;
    const wanted = new Set(selected.length > 0 ? selected : files.stacks);
    for (const config of configs) {
        if (wanted.has(config.stack)) {
            referencedStacks(config.settings).forEach((name) => wanted.add(referencedStackName(name)));
        }
    }
    const stackOutputs: Record<string, Record<string, unknown>> = {};
    const planned: StackPlan[] = [];
    const checked: CheckedStack[] = [];
    /** Why `config` cannot be planned yet: a stack it reads failed or exports nothing to read (say so instead of failing in the reference). */
    const reasonsNotToPlan = (config: StackConfig): string[] => {
        if (joinsAccelerator(config)) {
            const reference = config.settings.globalAccelerator.globalStack;
            const globalName = referencedStackName(reference);
            if (stackOutputs[globalName]?.globalAcceleratorListenerArn === undefined) {
                // Nothing to join, and AWS would refuse the endpoint group.
                const cause = problems.some((problem) => problem.stack === globalName) ? `${files.stackFiles[globalName].file} has problems of its own`
                    : ownership.some((finding) => finding.level === "error") ? "see the accelerator-stacks finding" : "its plan exports none";
                return [`${config.stackFile}: not planned: app:globalAccelerator.globalStack names ${reference}, whose accelerator listener is unknown (${cause})`];
            }
        }
        return referencedStacks(config.settings)
            .filter((name) => stackOutputs[referencedStackName(name)] === undefined && problems.some((problem) => problem.stack === referencedStackName(name)))
            .map((name) => `${config.stackFile}: not planned: it reads ${name} through a StackReference, and ${files.stackFiles[referencedStackName(name)].file} has problems of its own`);
    };
    for (const config of deployOrder(configs)) {
        if (!wanted.has(config.stack)) {
            checked.push({ config });
            continue;
        }
        const world = { hostedZones: {}, vpcs: {}, stackOutputs: { ...stackOutputs } };
        const skipped = reasonsNotToPlan(config);
        if (skipped.length > 0) {
            problems.push({ stack: config.stack, kind: "skipped", messages: skipped });
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
        let run;
        try {
            // The values already read and validated: each stack file is read once per plan.
            run = await runStack(config.stack, { files, style: "reference", world, config: { ...config.values }, program: options.program, diagnostics: options.diagnostics });
        } catch (error) {
            problems.push(describeStackError(config.stack, error, config.stackFile));
            checked.push({ config });
            continue;
        }
        // run.warnings are the program's pulumi.log.warn calls: index.ts logs only the loader's
        // warnings, which loadEach has already, naming each value's file, so they are not repeated.
        stackOutputs[config.stack] = run.outputs;
        const failover = predictFailover(failoverTimingInput(config.settings));
        // Registration order depends on timing; URN order is stable, so plans diff cleanly.
        const recorded: PlanResource[] = run.resources
            .map(({ urn, type, name, parent, region, inputs, options }) => ({ urn, type, name, parent, region, inputs, options: setOptions(options) }));
        const resources = [...recorded, ...recorded.filter(isAwsxVpc).flatMap((vpc) => modelVpcChildren(vpc, config.region))]
            .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
        planned.push({
            stack: config.stack,
            region: config.region,
            resources,
            outputs: run.outputs,
            // Non-production stacks may go without deletion protection (the pack's non-production config).
            policy: evaluatePolicies([...policyResources(run.resources), ...policyResources(resources.filter((resource) => resource.modelled))],
                { requireDeletionProtection: isProduction(config.settings) }),
            failover,
            recovery: predictRecovery(config, failover, afterLossOf(config)),
            recoveryTimeObjectiveSeconds: config.settings.drill.recoveryTimeObjectiveSeconds,
            environment: config.settings.environment,
            relaxed: isProduction(config.settings) ? [] : relaxations(config.settings),
        });
        checked.push({ config, resources: run.resources });
    }
    const shown = selected.length > 0 ? planned.filter((plan) => selected.includes(plan.stack)) : planned;
    const order = new Map(files.stacks.map((stack, index) => [stack, index]));
    const reported = problems.filter((problem) => wanted.has(problem.stack)).sort((a, b) => order.get(a.stack)! - order.get(b.stack)!);
    return {
        stacks: shown,
        crossStack: checkAcrossStacks(checked, ownership, unchecked),
        problems: reported,
        warnings,
        deployOrder: deployOrder(configs).map((config) => config.stack),
        destroyOrder: destroyOrder(configs).map((config) => config.stack),
        capacity,
        controlPlanes: controlPlaneReports(configs),
    };
}

/** True when the plan found problems: a mandatory policy, a cross-stack error or a stack left unplanned for one. */
export function planFails(plan: Plan): boolean {
    return plan.crossStack.some((finding) => finding.level === "error") || (plan.replacements ?? []).length > 0 ||
        plan.problems.some((problem) => problem.kind === "skipped") ||
        plan.stacks.some((stack) => stack.policy.some((finding) => finding.enforcementLevel === "mandatory"));
}

/** The plan's exit code: internal errors over input problems over findings (domain/exitCodes.ts). */
export function planExitCode(plan: Plan): ExitCodeValue {
    if (plan.problems.some((problem) => problem.kind === "internal")) {
        return ExitCode.internal;
    }
    if (plan.problems.some((problem) => problem.kind === "input")) {
        return ExitCode.badInput;
    }
    return planFails(plan) ? ExitCode.findings : ExitCode.clean;
}

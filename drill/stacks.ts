/**
 * The project's stacks as the drill sees them: every stack file read the way the engine reads
 * it, validated, and the drill's target found by stack name or region.
 */
import { checkAcrossStacks } from "../config/crossStack";
import { StackConfig } from "../config/load";
import { loadAllStackConfigs, readProject } from "../config/stackFiles";
import { isGlobalStack } from "../config/derive";
import { InputError } from "../domain/exitCodes";

/** Every validated stack of a project directory. */
export interface ProjectStacks {
    /** The directory holding Pulumi.yaml. */
    readonly directory: string;
    /** Project name (namespace of its config keys). */
    readonly project: string;
    /** Validated configuration of each regional stack, in stack-name order. */
    readonly configs: readonly StackConfig[];
    /** The global stacks (`app:scope: global`): they own accelerators and serve no region. @default [] */
    readonly globals?: readonly StackConfig[];
}

/** Reads and validates every stack file; throws one ConfigError listing every stack's problems. */
export function loadProjectStacks(directory: string): ProjectStacks {
    const files = readProject(directory);
    const all = loadAllStackConfigs(files);
    return {
        directory,
        project: files.project,
        configs: all.filter((config) => !isGlobalStack(config.settings)),
        globals: all.filter((config) => isGlobalStack(config.settings)),
    };
}

/** The stack a drill takes out, named by stack (`seoul`) or region (`ap-northeast-2`); `flag` names the option in messages. */
export function findTarget(stacks: ProjectStacks, name: string, flag = "--fail"): StackConfig {
    const target = stacks.configs.find((config) => config.stack === name) ?? stacks.configs.find((config) => config.region === name);
    if (target === undefined) {
        const known = stacks.configs.map((config) => `${config.stack} (${config.region})`).join(", ");
        throw new InputError(`${flag} ${name}: no stack or region of that name; the project has ${known || "no stacks"}`);
    }
    if (stacks.configs.length < 2) {
        throw new InputError(`${flag} ${name}: the project has one stack; a failover drill needs a region to fail over to`);
    }
    return target;
}

/** `region (stack)`, the way the drill names a region for people. */
export function regionLabel(config: Pick<StackConfig, "stack" | "region">): string {
    return `${config.region} (${config.stack})`;
}

/** A project whose stack files break a cross-stack rule: the same checks `npm run plan` fails on (exit 1, as the plan). */
export class CrossStackError extends Error {
    constructor(readonly findings: readonly string[]) {
        super(`the stack files break cross-stack rules (npm run plan shows the same):\n${findings.map((finding) => `  ${finding}`).join("\n")}`);
        this.name = "CrossStackError";
    }
}

/**
 * Throws when the stacks break a cross-stack rule (two PRIMARY records for one name, two
 * accelerator owners, ...): a drill or a simulation of such a project models a routing no
 * deployment can have. Warnings do not stop it.
 */
export function refuseCrossStackErrors(stacks: ProjectStacks): void {
    const errors = checkAcrossStacks([...stacks.configs, ...(stacks.globals ?? [])].map((config) => ({ config }))).filter((finding) => finding.level === "error");
    if (errors.length > 0) {
        throw new CrossStackError(errors.map((finding) => `[error] ${finding.check} (${finding.stacks.join(", ")}): ${finding.message}`));
    }
}

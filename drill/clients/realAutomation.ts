/**
 * The Automation API facade over the project's stacks: `LocalWorkspace.selectStack` in the
 * project directory, as `pulumi stack select <name>` would, with the CLI in its own process
 * group (drill/clients/pulumiProcess.ts). Needs the pulumi CLI and a logged-in backend, like any
 * `pulumi up`; without the CLI the first call throws an input error saying what to install.
 */
import type { PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { DeploymentSnapshot, StackAutomation, UpListener } from "./types";
import { automationApi, groupedPulumiCommand } from "./pulumiProcess";

/** The part of an Automation API stack the drill uses. */
export type AutomationStack = Pick<Stack, "outputs" | "getAllConfig" | "setConfig" | "removeConfig" | "preview" | "up" | "exportStack" | "history">;

/** Selects a stack with a given CLI. */
export type StackSelector = (stackName: string, workDir: string, pulumiCommand: PulumiCommand) => Promise<AutomationStack>;

/** The CrossGuard policy packs every preview and update runs (`npm run deploy` sets them; the drill runs none). */
export interface PolicyPacks {
    /** Paths of the packs, e.g. `<repository>/policy`. */
    readonly packs: readonly string[];
    /** The pack configuration files of a stack, e.g. the non-production relaxations. */
    readonly configsOf: (stack: string) => readonly string[];
}

/** The engine's output, as it arrives in chunks, handed on line by line (empty lines left out). */
function outputLines(listener: Pick<UpListener, "onOutput">): (output: string) => void {
    return (output) => output.split("\n").filter((line) => line.trim() !== "").forEach((line) => listener.onOutput(line));
}

/** {@link StackAutomation} on the Pulumi CLI, in `workDir`. */
export class LocalWorkspaceAutomation implements StackAutomation {
    private readonly stacks = new Map<string, Promise<AutomationStack>>();
    private command?: Promise<PulumiCommand>;

    /**
     * @param workDir the project directory
     * @param project the project name (namespace of config keys)
     * @param cancel aborting it cancels a running update (SIGINT to the CLI's process group); the CLI never does on its own
     * @param selectStack the Automation API's stack selection (a seam for tests)
     * @param findCli finds the CLI (a seam for tests)
     * @param policy policy packs every preview and update runs
     * @default policy none
     */
    constructor(
        private readonly workDir: string,
        private readonly project: string,
        private readonly cancel?: AbortSignal,
        private readonly selectStack: StackSelector = async (stackName, workDir, pulumiCommand) => (await automationApi()).LocalWorkspace.selectStack({ stackName, workDir }, { pulumiCommand }),
        private readonly findCli: () => Promise<PulumiCommand> = () => groupedPulumiCommand(),
        private readonly policy?: PolicyPacks,
    ) {}

    /** The policy options of a preview or update of `stack`, when packs are set. */
    private policyOptions(stack: string): { policyPacks?: string[]; policyPackConfigs?: string[] } {
        if (this.policy === undefined) {
            return {};
        }
        const configs = this.policy.configsOf(stack);
        return { policyPacks: [...this.policy.packs], ...(configs.length > 0 ? { policyPackConfigs: [...configs] } : {}) };
    }

    private select(stack: string): Promise<AutomationStack> {
        let selected = this.stacks.get(stack);
        if (selected === undefined) {
            this.command ??= this.findCli();
            this.command.catch(() => (this.command = undefined));
            selected = this.command.then((command) => this.selectStack(stack, this.workDir, command));
            this.stacks.set(stack, selected);
            selected.catch(() => this.stacks.delete(stack));
        }
        return selected;
    }

    async outputs(stack: string): Promise<Record<string, unknown>> {
        const outputs = await (await this.select(stack)).outputs();
        return Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value as unknown]));
    }

    async getConfig(stack: string, key: string): Promise<string | undefined> {
        const config = await (await this.select(stack)).getAllConfig();
        return config[`${this.project}:${key}`]?.value;
    }

    async setConfig(stack: string, key: string, value: string): Promise<void> {
        // Not path mode: `drill.simulateOutage` is one flat key, not field simulateOutage of `drill`.
        await (await this.select(stack)).setConfig(key, { value }, false);
    }

    async removeConfig(stack: string, key: string): Promise<void> {
        await (await this.select(stack)).removeConfig(key, false);
    }

    async preview(stack: string, targets?: readonly string[], listener?: Pick<UpListener, "onOutput">): Promise<{ changes: number; summary: Record<string, number> }> {
        const result = await (await this.select(stack)).preview({
            color: "never",
            ...(targets ? { target: [...targets] } : {}),
            ...this.policyOptions(stack),
            ...(listener ? { onOutput: outputLines(listener) } : {}),
        });
        const summary: Record<string, number> = { ...result.changeSummary };
        const changes = Object.entries(summary).filter(([operation]) => operation !== "same").reduce((sum, [, count]) => sum + count, 0);
        return { changes, summary };
    }

    async up(stack: string, listener: UpListener, targets?: readonly string[]): Promise<void> {
        await (await this.select(stack)).up({
            color: "never",
            ...(targets ? { target: [...targets] } : {}),
            ...(this.cancel ? { signal: this.cancel } : {}),
            ...this.policyOptions(stack),
            onOutput: outputLines(listener),
            onEvent: (event) => {
                const started = event.resourcePreEvent;
                if (started !== undefined && !started.planning) {
                    listener.onResourceStarted?.(started.metadata.type, started.metadata.op);
                }
                const done = event.resOutputsEvent;
                if (done !== undefined && !done.planning) {
                    listener.onResourceDone(done.metadata.type, done.metadata.op);
                }
            },
        });
    }

    async exportDeployment(stack: string): Promise<DeploymentSnapshot> {
        const exported = await (await this.select(stack)).exportStack();
        const deployment = (exported.deployment ?? {}) as { resources?: { urn: string; type: string; outputs?: Record<string, unknown> }[]; pending_operations?: { resource: { urn: string; type: string } }[] };
        return {
            resources: (deployment.resources ?? []).map((resource) => ({ urn: resource.urn, type: resource.type, outputs: resource.outputs ?? {} })),
            pendingOperations: (deployment.pending_operations ?? []).map((operation) => ({ urn: operation.resource.urn, type: operation.resource.type })),
        };
    }

    async lastUpdate(stack: string): Promise<{ kind: string; result: string; startTime: string } | undefined> {
        const [latest] = await (await this.select(stack)).history(1);
        return latest === undefined ? undefined : { kind: latest.kind, result: latest.result, startTime: new Date(latest.startTime).toISOString() };
    }
}

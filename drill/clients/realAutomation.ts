/**
 * The Automation API facade over the project's stacks: `LocalWorkspace.selectStack` in the
 * project directory, as `pulumi stack select <name>` would. Needs the pulumi CLI and a logged-in
 * backend, like any `pulumi up`.
 */
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { StackAutomation, UpListener } from "./types";

/** The part of an Automation API stack the drill uses. */
export type AutomationStack = Pick<Stack, "outputs" | "getAllConfig" | "setConfig" | "removeConfig" | "preview" | "up">;

/** {@link StackAutomation} on the Pulumi CLI, in `workDir`. */
export class LocalWorkspaceAutomation implements StackAutomation {
    private readonly stacks = new Map<string, Promise<AutomationStack>>();

    constructor(
        private readonly workDir: string,
        private readonly project: string,
        private readonly selectStack: (stackName: string, workDir: string) => Promise<AutomationStack> =
        (stackName, workDir) => LocalWorkspace.selectStack({ stackName, workDir }),
    ) {}

    private select(stack: string): Promise<AutomationStack> {
        let selected = this.stacks.get(stack);
        if (selected === undefined) {
            selected = this.selectStack(stack, this.workDir);
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

    async preview(stack: string): Promise<{ changes: number; summary: Record<string, number> }> {
        const result = await (await this.select(stack)).preview({ color: "never" });
        const summary: Record<string, number> = { ...result.changeSummary };
        const changes = Object.entries(summary).filter(([operation]) => operation !== "same").reduce((sum, [, count]) => sum + count, 0);
        return { changes, summary };
    }

    async up(stack: string, listener: UpListener): Promise<void> {
        await (await this.select(stack)).up({
            color: "never",
            onOutput: (output) => output.split("\n").filter((line) => line.trim() !== "").forEach((line) => listener.onOutput(line)),
            onEvent: (event) => {
                const done = event.resOutputsEvent;
                if (done !== undefined && !done.planning) {
                    listener.onResourceDone(done.metadata.type, done.metadata.op);
                }
            },
        });
    }
}

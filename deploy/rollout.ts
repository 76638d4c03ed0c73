/**
 * `npm run deploy`: the stacks in their deploy order (config/acceleratorStacks.ts, the order the
 * plan prints), one at a time through the Automation API: the global stack, then one region at a
 * time, a first region and then the rest. After each stack a bake watches the regions it serves
 * (every region after the global stack, the region itself after a regional one); an alarm or a
 * health check that turns halts the rollout before the next stack and says which stacks are on the
 * new version. `--preview` previews every stack instead and changes nothing.
 *
 * Everything outside (the Automation API, AWS, time, output) is injected, as in the drill
 * (drill/clients/types.ts): the command line builds the real clients (deploy/cli.ts), the tests
 * the fakes.
 */
import { deployOrder } from "../config/acceleratorStacks";
import { alarmTiming, isGlobalStack } from "../config/derive";
import { StackConfig } from "../config/load";
import { predictAlarmPath } from "../domain/failover";
import { ExitCode, ExitCodeValue, isInputError } from "../domain/exitCodes";
import { AwsClients, Clock, ProgressSink, StackAutomation } from "../drill/clients/types";
import { DeployedRegion, parseStackOutputs } from "../drill/clients/outputs";
import { pollOnce } from "../drill/signals/poller";
import { isState } from "../drill/signals/signal";
import { CrossStackError, loadProjectStacks, ProjectStacks, refuseCrossStackErrors } from "../drill/stacks";
import { bake, BakeHalt, bakeSignals } from "./bake";

/** What to deploy and how. */
export interface RolloutOptions {
    /** The project directory (Pulumi.yaml and the stack files). */
    readonly projectDir: string;
    /** Preview every stack instead of deploying. @default false */
    readonly preview: boolean;
    /** Seconds each bake watches. @default 300 */
    readonly bakeSeconds: number;
    /** Seconds between a bake's reads. @default 15 */
    readonly pollSeconds: number;
}

/** Defaults of everything but the project. */
export const rolloutDefaults: Omit<RolloutOptions, "projectDir"> = { preview: false, bakeSeconds: 300, pollSeconds: 15 };

/** Everything the rollout needs from outside. */
export interface RolloutDependencies {
    /** The stacks, through the Automation API. */
    readonly automation: StackAutomation;
    /** AWS SDK clients (Route 53, Global Accelerator, CloudWatch per region). */
    readonly aws: AwsClients;
    /** Time. */
    readonly clock: Clock;
    /** Progress output. */
    readonly progress: ProgressSink;
    /** Aborted on Ctrl-C: the running update finishes, nothing further starts. */
    readonly interrupt?: AbortSignal;
}

/** How a rollout ended. */
export type RolloutOutcome = "complete" | "previewed" | "halted" | "failed" | "refused" | "interrupted";

/** What a rollout did. */
export interface RolloutResult {
    /** How it ended. */
    readonly outcome: RolloutOutcome;
    /** Stacks whose update finished: on the new version. */
    readonly deployed: readonly string[];
    /** The stack whose update failed, which may be partly updated. */
    readonly failed?: string;
    /** Stacks not started: on the old version. */
    readonly notStarted: readonly string[];
    /** What halted it, and in whose bake. */
    readonly halt?: BakeHalt & { readonly stack: string };
    /** One paragraph for people (also the last progress line). */
    readonly summary: string;
    /** 0 complete or previewed; 1 halted, failed, refused or interrupted (domain/exitCodes.ts). */
    readonly exitCode: ExitCodeValue;
}

const list = (stacks: readonly string[]) => (stacks.length === 0 ? "none" : stacks.join(", "));

/** The regions a stack's bake watches: every regional stack after a global one, the stack itself after a regional one. */
function watchedBy(config: StackConfig, stacks: ProjectStacks): StackConfig[] {
    return isGlobalStack(config.settings) ? [...stacks.configs] : [config];
}

/** A region's outputs, checked; undefined when the stack has none yet (never deployed). */
async function deployedRegion(automation: StackAutomation, config: StackConfig): Promise<DeployedRegion | undefined> {
    const outputs = await automation.outputs(config.stack);
    return outputs.region === undefined ? undefined : parseStackOutputs(config.stack, outputs);
}

/** The rollout of one project, stack by stack. */
class Rollout {
    private readonly deployed: string[] = [];
    private readonly order: StackConfig[];

    constructor(private readonly options: RolloutOptions, private readonly deps: RolloutDependencies, private readonly stacks: ProjectStacks) {
        this.order = deployOrder([...(stacks.globals ?? []), ...stacks.configs]);
    }

    private say(line: string): void {
        this.deps.progress.event(line);
    }

    private result(outcome: RolloutOutcome, summary: string, extra: Partial<RolloutResult> = {}): RolloutResult {
        const started = new Set([...this.deployed, ...(extra.failed ? [extra.failed] : [])]);
        this.say(summary);
        return {
            outcome, deployed: [...this.deployed], notStarted: this.order.map((config) => config.stack).filter((stack) => !started.has(stack)),
            summary, exitCode: outcome === "complete" || outcome === "previewed" ? ExitCode.clean : ExitCode.findings, ...extra,
        };
    }

    async run(): Promise<RolloutResult> {
        const names = this.order.map((config) => config.stack);
        if (this.options.preview) {
            this.say(`Preview of ${names.length} stack(s) in deploy order: ${names.join(" -> ")} (nothing changes)`);
            return this.previewAll();
        }
        this.say(`Rollout of ${names.length} stack(s), one at a time: ${names.join(" -> ")}; a ${this.options.bakeSeconds} s bake after each (reads every ${this.options.pollSeconds} s)`);
        this.warnShortBake();
        const refusal = await this.preflight();
        if (refusal !== undefined) {
            return this.result("refused", `refused: ${refusal}; nothing was deployed`);
        }
        for (const config of this.order) {
            if (this.deps.interrupt?.aborted) {
                return this.interrupted();
            }
            const stopped = await this.deployStack(config);
            if (stopped !== undefined) {
                return stopped;
            }
        }
        return this.result("complete", `Rollout complete: ${names.join(", ")} on the new version.`);
    }

    private async previewAll(): Promise<RolloutResult> {
        for (const config of this.order) {
            const listener = { onOutput: (line: string) => this.say(`[${config.stack}] ${line}`) };
            try {
                const { changes, summary } = await this.deps.automation.preview(config.stack, undefined, listener);
                this.say(`${config.stack}: ${changes} change(s) (${Object.entries(summary).map(([operation, count]) => `${operation} ${count}`).join(", ") || "no resources"})`);
            } catch (error) {
                return this.result("failed", `preview of ${config.stack} failed: ${failureText(error)}; nothing was deployed`, { failed: config.stack });
            }
        }
        return this.result("previewed", `Preview done: ${this.order.map((config) => config.stack).join(", ")}; nothing was deployed.`);
    }

    /** Regions whose bake may end before their alarms can fire. */
    private warnShortBake(): void {
        for (const config of this.stacks.configs.filter((item) => item.settings.alarms.enabled)) {
            const { detectionSeconds } = predictAlarmPath(alarmTiming(config.settings.alarms));
            if (this.options.bakeSeconds < detectionSeconds) {
                this.say(`warning: ${config.stack}'s alarms need up to ${detectionSeconds} s to fire (metrics, then alarms.periodSeconds x alarms.evaluationPeriods), longer than the ${this.options.bakeSeconds} s bake: pass --bake ${detectionSeconds} or more`);
            }
        }
    }

    /** Every deployed region must be quiet before anything changes, or a halt could not be told from what was there. */
    private async preflight(): Promise<string | undefined> {
        const regions: DeployedRegion[] = [];
        for (const config of this.stacks.configs) {
            let region: DeployedRegion | undefined;
            try {
                region = await deployedRegion(this.deps.automation, config);
            } catch (error) {
                return `${config.stack}'s outputs cannot be read (${failureText(error)})`;
            }
            if (region === undefined) {
                this.say(`${config.stack} has no outputs yet: it is deployed for the first time`);
            } else {
                regions.push(region);
            }
        }
        const bad: string[] = [];
        await pollOnce(bakeSignals(regions, this.deps.aws, this.deps.clock), this.deps.clock, (signal, observation) => {
            if (isState(observation.value) && !signal.expected.during.includes(observation.value)) {
                bad.push(`${signal.description}; it reads ${observation.value}${observation.detail ? ` (${observation.detail})` : ""}`);
            }
        });
        return bad.length === 0 ? undefined : `before the rollout, ${bad.join("; ")}`;
    }

    private interrupted(): RolloutResult {
        return this.result("interrupted", `interrupted: on the new version: ${list(this.deployed)}; ${this.notStartedText()}`);
    }

    private notStartedText(after?: string): string {
        const done = new Set([...this.deployed, ...(after ? [after] : [])]);
        return `not started (old version): ${list(this.order.map((config) => config.stack).filter((stack) => !done.has(stack)))}`;
    }

    /** Deploys one stack and bakes it; a result when the rollout stops there. */
    private async deployStack(config: StackConfig): Promise<RolloutResult | undefined> {
        this.say(`${config.stack}: pulumi up`);
        try {
            await this.deps.automation.up(config.stack, {
                onOutput: (line) => this.say(`[${config.stack}] ${line}`),
                onResourceDone: () => undefined,
            });
        } catch (error) {
            return this.result("failed", `${config.stack}: pulumi up failed: ${failureText(error)}. ` +
                `On the new version: ${list(this.deployed)}; ${config.stack} may be partly updated (pulumi stack history --stack ${config.stack}); ${this.notStartedText(config.stack)}`, { failed: config.stack });
        }
        this.deployed.push(config.stack);
        const watched = watchedBy(config, this.stacks);
        let regions: DeployedRegion[];
        try {
            regions = (await Promise.all(watched.map((region) => deployedRegion(this.deps.automation, region)))).filter((region): region is DeployedRegion => region !== undefined);
        } catch (error) {
            return this.result("halted", `halted after ${config.stack}: its outputs cannot be read (${failureText(error)}), so its bake cannot watch it. On the new version: ${list(this.deployed)}; ${this.notStartedText()}`);
        }
        const signals = bakeSignals(regions, this.deps.aws, this.deps.clock);
        this.say(`${config.stack}: updated; baking ${this.options.bakeSeconds} s, watching ${signals.length} signal(s) of ${list(regions.map((region) => region.stack))}`);
        const end = await bake(signals, { seconds: this.options.bakeSeconds, pollSeconds: this.options.pollSeconds, clock: this.deps.clock, interrupt: this.deps.interrupt });
        if (end.kind === "interrupted") {
            return this.interrupted();
        }
        if (end.kind === "halted") {
            const { halt } = end;
            return this.result("halted", `HALTED in ${config.stack}'s bake, ${halt.atSeconds} s in: ${halt.description}; it ${halt.reading}. ` +
                `On the new version: ${list(this.deployed)} (${config.stack}'s change is live: roll it back or fix forward); ${this.notStartedText()}`, { halt: { ...halt, stack: config.stack } });
        }
        this.say(`${config.stack}: bake passed (${end.reads} reads)`);
        return undefined;
    }
}

/**
 * The first line of what an update or a read threw. An input error (the Pulumi CLI missing, say)
 * is thrown on: it is the command's input that is wrong (exit 2), not the stack.
 */
function failureText(error: unknown): string {
    if (isInputError(error)) {
        throw error;
    }
    return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}

/**
 * Rolls the project out (or previews it). Stack files that break a cross-stack rule are refused
 * as the plan refuses them (exit 1); invalid configuration is an input error (exit 2).
 * @param options what to deploy and how
 * @param deps the outside world
 */
export async function runRollout(options: RolloutOptions, deps: RolloutDependencies): Promise<RolloutResult> {
    const stacks = loadProjectStacks(options.projectDir);
    try {
        refuseCrossStackErrors(stacks);
    } catch (error) {
        if (error instanceof CrossStackError) {
            deps.progress.event(`refused: ${error.message}`);
            return { outcome: "refused", deployed: [], notStarted: deployOrder([...(stacks.globals ?? []), ...stacks.configs]).map((config) => config.stack), summary: error.message, exitCode: ExitCode.findings };
        }
        throw error;
    }
    return new Rollout(options, deps, stacks).run();
}

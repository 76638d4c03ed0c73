/**
 * `npm run deploy -- [options]`: the staged rollout's command line. Builds the real clients (the
 * Automation API with the policy pack, the AWS SDK, the system clock) and hands them to the same
 * rollout the tests drive with fakes (deploy/rollout.ts). Exit codes as the plan's
 * (domain/exitCodes.ts); `usage` (deploy/args.ts) lists them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { findProjectDirectory, readProject } from "../config/stackFiles";
import { isProduction } from "../config/derive";
import { ExitCode, ExitCodeValue, readCommandLine, runCommand } from "../domain/exitCodes";
import { streamProgress, OutputStream } from "../drill/cli/progress";
import { groupedPulumiCommand } from "../drill/clients/pulumiProcess";
import { LocalWorkspaceAutomation, PolicyPacks } from "../drill/clients/realAutomation";
import { realAwsClients, systemClock } from "../drill/clients/realNetwork";
import { loadProjectStacks } from "../drill/stacks";
import { DeployUsageError, parseDeployCommand, usage } from "./args";
import { RolloutDependencies, runRollout } from "./rollout";

/** The repository holding deploy/ (from the sources or from their build in bin/): its policy pack is policy/. */
export const repositoryDirectory = findProjectDirectory(path.resolve(__dirname, ".."));

/**
 * The policy pack every preview and update runs, as the CI workflow ran it: policy/, with
 * policy/config/non-production.json for stacks outside production (deletion protection relaxed).
 * @param projectDir the project whose stacks are deployed
 * @param repository the repository holding policy/
 * @default repository the one holding deploy/
 */
export function policyPacksFor(projectDir: string, repository: string = repositoryDirectory): PolicyPacks {
    const stacks = loadProjectStacks(projectDir);
    const nonProduction = new Set([...stacks.configs, ...(stacks.globals ?? [])].filter((config) => !isProduction(config.settings)).map((config) => config.stack));
    const relaxed = path.join(repository, "policy", "config", "non-production.json");
    return { packs: [path.join(repository, "policy")], configsOf: (stack) => (nonProduction.has(stack) ? [relaxed] : []) };
}

/** The real outside world of a rollout, but for progress and the interrupt. */
export function realDeployDependencies(projectDir: string): Omit<RolloutDependencies, "progress" | "interrupt"> {
    return {
        // No cancel signal: a Ctrl-C lets the running update finish (the CLI runs in its own process group) and starts nothing more.
        automation: new LocalWorkspaceAutomation(projectDir, readProject(projectDir).project, undefined, undefined,
            () => groupedPulumiCommand(undefined, "npm run deploy"), policyPacksFor(projectDir)),
        aws: realAwsClients(),
        clock: systemClock,
    };
}

/** Where the command writes. */
export interface DeployStreams {
    /** Standard output: progress and the result. */
    readonly out: OutputStream;
    /** Standard error: usage mistakes. */
    readonly err: (text: string) => void;
}

/**
 * The command without the process: parses `argv`, rolls out, returns the exit code. Errors that
 * escape are input errors (exit 2) or bugs (exit 3), sorted by `runCommand`.
 * @param argv the arguments after the script name
 * @param streams where to write
 * @param world builds the outside world for a project
 * @param interrupt aborted on Ctrl-C
 * @default world the real clients
 */
export async function deployCommand(argv: readonly string[], streams: DeployStreams,
    world: (projectDir: string) => Omit<RolloutDependencies, "progress" | "interrupt"> = realDeployDependencies, interrupt?: AbortSignal): Promise<ExitCodeValue> {
    const line = readCommandLine("deploy", usage, () => parseDeployCommand(argv, process.cwd(), repositoryDirectory), DeployUsageError,
        { out: (text) => streams.out.write(text), err: streams.err });
    if ("answered" in line) {
        return line.answered;
    }
    const { command } = line;
    if (!fs.existsSync(command.options.projectDir)) {
        throw new DeployUsageError(`--project ${command.options.projectDir}: no such directory`);
    }
    const result = await runRollout(command.options, { ...world(command.options.projectDir), progress: streamProgress(streams.out), interrupt });
    return result.exitCode;
}

// The process entry: argv, the real streams, Ctrl-C, the exit code; deployCommand above holds the logic and is tested in process.
if (require.main === module) {
    const argv = process.argv.slice(2);
    const interrupt = new AbortController();
    const stop = () => {
        if (!interrupt.signal.aborted) {
            process.stderr.write("deploy: stopping after the running update (nothing further starts); again to quit at once\n");
            interrupt.abort();
        } else {
            process.exit(ExitCode.findings);
        }
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    runCommand("deploy", () => deployCommand(argv, { out: process.stdout, err: (text) => process.stderr.write(text) }, realDeployDependencies, interrupt.signal), argv.includes("--debug"));
}

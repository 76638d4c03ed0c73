/**
 * `npm run drill -- <simulate|run> --fail <stack|region> ...`: the command line of the failover
 * drill tool. Builds the real clients and hands them to the same runner the tests drive.
 */
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { ConfigError } from "../config/load";
import { findProjectDirectory, readProject } from "../config/stackFiles";
import { parseCommand, usage, UsageError } from "./cli/args";
import { streamProgress } from "./cli/progress";
import { LocalWorkspaceAutomation } from "./clients/realAutomation";
import { nodeHttpProber, realAwsClients, systemClock, systemResolver } from "./clients/realNetwork";
import { routingRules } from "./model/rules";
import { renderSimulationHtml } from "./report/html";
import { runDrill } from "./runner/runner";
import { formatSimulation } from "./simulate/format";
import { simulateDrill } from "./simulate/simulate";
import { findTarget, loadProjectStacks } from "./stacks";

async function simulate(target: string, json: boolean, projectDir: string, outDir?: string): Promise<number> {
    const stacks = loadProjectStacks(projectDir);
    const simulation = simulateDrill(stacks, findTarget(stacks, target));
    if (outDir !== undefined) {
        await fs.mkdir(outDir, { recursive: true });
        const file = path.join(outDir, "report.html");
        await fs.writeFile(file, renderSimulationHtml(simulation));
        process.stderr.write(`wrote ${file}\n`);
    }
    // The JSON carries the rules' wording and sources, so that `answer.rules` ids explain themselves.
    process.stdout.write(json ? `${JSON.stringify({ ...simulation, rules: routingRules }, null, 2)}\n` : `${formatSimulation(simulation).join("\n")}\n`);
    return 0;
}

async function run(options: Parameters<typeof runDrill>[0]): Promise<number> {
    const progress = streamProgress(process.stdout);
    const interrupt = new AbortController();
    let signals = 0;
    const onSignal = (name: string) => {
        signals++;
        if (signals === 1) {
            progress.event(`${name}: stopping the drill; restoring before exit (press Ctrl-C again to exit WITHOUT restoring).`);
            interrupt.abort();
            return;
        }
        process.stderr.write(`\n${name} again: exiting WITHOUT restoring. Restore by hand: drill/RUNBOOK.md, "If the tool dies before restoring".\n`);
        process.exit(130);
    };
    const onInt = () => onSignal("Ctrl-C");
    const onTerm = () => onSignal("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
    try {
        const result = await runDrill(options, {
            aws: realAwsClients(),
            automation: new LocalWorkspaceAutomation(options.projectDir, readProject(options.projectDir).project),
            clock: systemClock,
            prober: nodeHttpProber,
            resolver: systemResolver,
            progress,
            interrupt: interrupt.signal,
        });
        return result.exitCode;
    } finally {
        process.off("SIGINT", onInt);
        process.off("SIGTERM", onTerm);
    }
}

async function main(argv: readonly string[]): Promise<number> {
    try {
        // The project holding drill/: from the sources or from their build in bin/.
        const command = parseCommand(argv, process.cwd(), findProjectDirectory(path.resolve(__dirname, "..")));
        switch (command.kind) {
            case "help":
                process.stdout.write(usage);
                return 0;
            case "simulate":
                return await simulate(command.target, command.json, command.projectDir, command.outDir);
            case "run":
                return await run(command.options);
        }
    } catch (error) {
        if (error instanceof UsageError) {
            process.stderr.write(`drill: ${error.message}\n\n${usage}`);
            return 2;
        }
        process.stderr.write(`drill: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
        return 2;
    }
}

void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
});

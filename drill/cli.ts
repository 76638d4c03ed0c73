/**
 * `npm run drill -- <simulate|run|shift|restore|unlock> ...`: the command line of the failover drill
 * tool. Builds the real clients and hands them to the same runner the tests drive. Exit codes
 * as `npm run plan` has them (domain/exitCodes.ts): 0 passed or planned, 1 a drill that ran and
 * did not pass (failed, refused, interrupted, error), 2 bad input or a missing tool, 3 internal.
 */
import * as fs from "node:fs/promises";
import * as path from "node:path";
import * as readline from "node:readline/promises";
import { ExitCode, readCommandLine, runCommand } from "../domain/exitCodes";
import { outputKeys } from "../program/outputs";
import { findProjectDirectory } from "../config/stackFiles";
import { parseCommand, usage, UsageError } from "./cli/args";
import { worldDependencies } from "./cli/dependencies";
import { installInterrupts } from "./cli/interrupts";
import { streamProgress } from "./cli/progress";
import { runningPulumiProcesses } from "./clients/pulumiProcess";
import { drillPathOf, LeverKind } from "./levers/lever";
import { routingRules } from "./model/rules";
import { DrillOptions } from "./runner/options";
import { renderSimulationHtml } from "./report/html";
import { runDrill } from "./runner/runner";
import { runShift, ShiftOptions } from "./shift/shift";
import { Route53DrillLock } from "./safety/lock";
import { breakLock, resumeRestore } from "./safety/restore";
import { Route53DrillState } from "./safety/sharedState";
import { stateFilePath } from "./safety/stateFile";
import { ZoneLocation } from "./safety/zoneRecord";
import { WorldDependencies } from "./cli/dependencies";
import { formatSimulation } from "./simulate/format";
import { simulateDrill } from "./simulate/simulate";
import { CrossStackError, findTarget, loadProjectStacks, refuseCrossStackErrors } from "./stacks";

/** Set on SIGHUP: the terminal is gone, and writing to it would fail. */
let terminalGone = false;

function write(stream: NodeJS.WriteStream, text: string): void {
    if (!terminalGone) {
        stream.write(text);
    }
}

const output = { write: (text: string) => write(process.stdout, text), get isTTY() { return process.stdout.isTTY; }, get columns() { return process.stdout.columns; } };

async function simulate(target: string, lever: LeverKind, json: boolean, projectDir: string, outDir?: string): Promise<number> {
    const stacks = loadProjectStacks(projectDir);
    const config = findTarget(stacks, target);
    refuseCrossStackErrors(stacks);
    const simulation = simulateDrill(stacks, config, undefined, drillPathOf(lever));
    if (outDir !== undefined) {
        await fs.mkdir(outDir, { recursive: true });
        const file = path.join(outDir, "report.html");
        await fs.writeFile(file, renderSimulationHtml(simulation));
        write(process.stderr, `wrote ${file}\n`);
    }
    // The JSON carries the rules' wording and sources, so that `answer.rules` ids explain themselves.
    write(process.stdout, json ? `${JSON.stringify({ ...simulation, rules: routingRules }, null, 2)}\n` : `${formatSimulation(simulation).join("\n")}\n`);
    return ExitCode.clean;
}

async function run(options: DrillOptions): Promise<number> {
    const progress = streamProgress(output);
    // Cancelling a pulumi update is never automatic: this controller is not aborted by any signal.
    const cancelUpdates = new AbortController();
    const interrupts = installInterrupts({
        source: process, progress, stateFile: options.stateFile ?? stateFilePath(options.projectDir),
        writeError: (text) => write(process.stderr, text), runningPulumi: runningPulumiProcesses,
        exit: (code) => process.exit(code), onHangup: () => (terminalGone = true), now: Date.now,
    });
    try {
        const world = await worldDependencies(options.projectDir, cancelUpdates.signal);
        const result = await runDrill(options, { ...world, progress, interrupt: interrupts.signal });
        return result.exitCode;
    } finally {
        interrupts.dispose();
    }
}

async function shift(options: ShiftOptions): Promise<number> {
    const progress = streamProgress(output);
    const interrupts = installInterrupts({
        source: process, progress, stateFile: options.stateFile ?? stateFilePath(options.projectDir),
        writeError: (text) => write(process.stderr, text), runningPulumi: runningPulumiProcesses,
        exit: (code) => process.exit(code), onHangup: () => (terminalGone = true), now: Date.now,
    });
    try {
        const world = await worldDependencies(options.projectDir);
        return (await runShift(options, { aws: world.aws, automation: world.automation, clock: world.clock, progress, interrupt: interrupts.signal })).exitCode;
    } finally {
        interrupts.dispose();
    }
}

/** The hosted zone that holds the drill's lock and state: the stack files' zone name and the first deployed zone id. */
async function projectZone(projectDir: string, world: WorldDependencies): Promise<ZoneLocation | undefined> {
    const stacks = loadProjectStacks(projectDir);
    const zoneName = stacks.configs.map((config) => config.settings.dns.zoneName).find((name) => name !== "");
    if (zoneName === undefined) {
        return undefined;
    }
    for (const config of stacks.configs) {
        const id = (await world.automation.outputs(config.stack))[outputKeys.hostedZoneId];
        if (typeof id === "string" && id !== "") {
            return { hostedZoneId: id, zoneName };
        }
    }
    return undefined;
}

/** Asks on the terminal; undefined when there is none (the caller then needs --yes). */
function terminalQuestion(): ((question: string) => Promise<string>) | undefined {
    if (!process.stdin.isTTY) {
        return undefined;
    }
    return async (question) => {
        const prompt = readline.createInterface({ input: process.stdin, output: process.stdout });
        try {
            return await prompt.question(question);
        } finally {
            prompt.close();
        }
    };
}

async function restore(projectDir: string, stateFile: string | undefined, force: boolean, yes: boolean): Promise<number> {
    const world = await worldDependencies(projectDir);
    // A restore must not depend on stack files that may have been edited since: the local copy names the zone too.
    const location = await projectZone(projectDir, world).catch((error: unknown) => {
        write(process.stderr, `drill: could not find the project's zone from its stacks (${error instanceof Error ? error.message : String(error)}); using this machine's copy of the state, if any\n`);
        return undefined;
    });
    return resumeRestore({
        ...world, progress: streamProgress(output), stateFile: stateFile ?? stateFilePath(projectDir),
        ...(location ? { location } : {}), force, yes, confirm: terminalQuestion(),
    });
}

async function unlock(projectDir: string, stateFile: string | undefined, force: boolean, yes: boolean): Promise<number> {
    const world = await worldDependencies(projectDir);
    const location = await projectZone(projectDir, world);
    if (location === undefined) {
        write(process.stdout, "No hosted zone, so no drill lock.\n");
        return ExitCode.clean;
    }
    const ask = terminalQuestion();
    const confirm = async (question: string) => {
        if (ask === undefined) {
            throw new UsageError("unlock asks for confirmation on a terminal; pass --yes to break the lock without asking");
        }
        return ask(question);
    };
    return breakLock({ force, yes }, {
        lock: new Route53DrillLock(world.aws.route53, location), state: new Route53DrillState(world.aws.route53, location),
        stateFile: stateFile ?? stateFilePath(projectDir), now: () => world.clock.now(), confirm, say: (line) => write(process.stdout, `${line}\n`),
    });
}

async function main(argv: readonly string[]): Promise<number> {
    // The project holding drill/: from the sources or from their build in bin/.
    const line = readCommandLine("drill", usage, () => parseCommand(argv, process.cwd(), findProjectDirectory(path.resolve(__dirname, ".."))), UsageError,
        { out: (text) => write(process.stdout, text), err: (text) => write(process.stderr, text) });
    if ("answered" in line) {
        return line.answered;
    }
    const { command } = line;
    try {
        switch (command.kind) {
            case "simulate":
                return await simulate(command.target, command.lever, command.json, command.projectDir, command.outDir);
            case "run":
                return await run(command.options);
            case "shift":
                return await shift(command.options);
            case "restore":
                return await restore(command.projectDir, command.stateFile, command.force, command.yes);
            case "unlock":
                return await unlock(command.projectDir, command.stateFile, command.force, command.yes);
        }
    } catch (error) {
        if (error instanceof CrossStackError) {
            write(process.stderr, `drill: ${error.message}\n`);
            return ExitCode.findings;
        }
        throw error;
    }
}

// A closed terminal (SIGHUP) makes writes fail asynchronously: such errors must not end the drill.
process.stdout.on("error", () => undefined);
process.stderr.on("error", () => undefined);
const argv = process.argv.slice(2);
runCommand("drill", () => main(argv), argv.includes("--debug"));

/**
 * The drill's command line as a function of its process: arguments, streams, environment, working
 * directory and signals come in through {@link DrillIo}, the exit code goes out. drill/cli.ts hands
 * it the real process; the tests hand it captured streams, so a command whose process boundary is
 * not what they test (a restore after a killed drill, a simulate) runs in their own process.
 */
import * as fs from "node:fs/promises";
import * as path from "node:path";
import * as readline from "node:readline/promises";
import { ExitCode, readCommandLine } from "../../domain/exitCodes";
import { outputKeys } from "../../program/outputs";
import { findProjectDirectory } from "../../config/stackFiles";
import { parseCommand, usage, UsageError } from "./args";
import { WorldDependencies, worldDependencies } from "./dependencies";
import { installInterrupts, SignalSource } from "./interrupts";
import { OutputStream, streamProgress } from "./progress";
import { runningPulumiProcesses } from "../clients/pulumiProcess";
import { ProgressSink } from "../clients/types";
import { drillPathOf, LeverKind } from "../levers/lever";
import { routingRules } from "../model/rules";
import { DrillOptions } from "../runner/options";
import { renderSimulationHtml } from "../report/html";
import { runDrill } from "../runner/runner";
import { runShift, ShiftOptions } from "../shift/shift";
import { Route53DrillLock } from "../safety/lock";
import { breakLock, resumeRestore } from "../safety/restore";
import { Route53DrillState } from "../safety/sharedState";
import { stateFilePath } from "../safety/stateFile";
import { ZoneLocation } from "../safety/zoneRecord";
import { formatSimulation } from "../simulate/format";
import { simulateDrill } from "../simulate/simulate";
import { CrossStackError, findTarget, loadProjectStacks, refuseCrossStackErrors } from "../stacks";

/** The process a drill command runs in: `process` itself for `npm run drill`. */
export interface DrillIo {
    /** Standard output: progress, tables, the simulate JSON. */
    readonly stdout: OutputStream;
    /** Standard error: files written, warnings, usage mistakes. */
    readonly stderr: { write(text: string): unknown };
    /** The terminal to ask a confirmation on; undefined when standard input is not one (then `--yes` is needed). */
    readonly terminal?: { readonly input: NodeJS.ReadableStream; readonly output: NodeJS.WritableStream };
    /** The environment: `DRILL_TEST_WORLD` and the test world's own variables (drill/cli/dependencies.ts). */
    readonly environment: NodeJS.ProcessEnv;
    /** The working directory, which relative paths start from. */
    readonly cwd: string;
    /** Where SIGINT, SIGTERM and SIGHUP come from during run and shift (`process`). */
    readonly signals: SignalSource;
    /** Ends the process at once: a second Ctrl-C during run or shift (`process.exit`). */
    readonly exit: (code: number) => void;
}

/** One command's process, and whether its terminal is still there to write to. */
class Session {
    /** Set on SIGHUP: the terminal is gone, and writing to it would fail. */
    private terminalGone = false;

    /** Standard output as progress writes to it: nothing once the terminal is gone. */
    readonly output: OutputStream;

    /** @param io the process the command runs in */
    constructor(readonly io: DrillIo) {
        const stdout = io.stdout;
        this.output = { write: (text: string) => this.out(text), get isTTY() { return stdout.isTTY; }, get columns() { return stdout.columns; } };
    }

    /**
     * Writes to standard output unless the terminal is gone.
     * @param text what to write
     */
    out(text: string): void {
        if (!this.terminalGone) {
            this.io.stdout.write(text);
        }
    }

    /**
     * Writes to standard error unless the terminal is gone.
     * @param text what to write
     */
    err(text: string): void {
        if (!this.terminalGone) {
            this.io.stderr.write(text);
        }
    }

    /** The terminal closed (SIGHUP): nothing more is written to it. */
    hangUp(): void {
        this.terminalGone = true;
    }

    /** Asks on the terminal; undefined when there is none (the caller then needs --yes). */
    question(): ((question: string) => Promise<string>) | undefined {
        const terminal = this.io.terminal;
        if (terminal === undefined) {
            return undefined;
        }
        return async (question) => {
            const prompt = readline.createInterface({ input: terminal.input, output: terminal.output });
            try {
                return await prompt.question(question);
            } finally {
                prompt.close();
            }
        };
    }

    /**
     * The stand-ins `DRILL_TEST_WORLD` names in the environment, else the real clients.
     * @param projectDir the project
     * @param cancel the only thing that may stop a pulumi update
     */
    world(projectDir: string, cancel?: AbortSignal): Promise<WorldDependencies> {
        return worldDependencies(projectDir, cancel, this.io.environment);
    }

    /**
     * Signal handlers for run and shift, writing through this session.
     * @param progress the command's progress output
     * @param stateFile the state file a second signal names
     */
    interrupts(progress: ProgressSink, stateFile: string) {
        return installInterrupts({
            source: this.io.signals, progress, stateFile, writeError: (text) => this.err(text), runningPulumi: runningPulumiProcesses,
            exit: this.io.exit, onHangup: () => this.hangUp(), now: Date.now,
        });
    }
}

async function simulate(session: Session, target: string, lever: LeverKind, json: boolean, projectDir: string, outDir?: string): Promise<number> {
    const stacks = loadProjectStacks(projectDir);
    const config = findTarget(stacks, target);
    refuseCrossStackErrors(stacks);
    const simulation = simulateDrill(stacks, config, undefined, drillPathOf(lever));
    if (outDir !== undefined) {
        await fs.mkdir(outDir, { recursive: true });
        const file = path.join(outDir, "report.html");
        await fs.writeFile(file, renderSimulationHtml(simulation));
        session.err(`wrote ${file}\n`);
    }
    // The JSON carries the rules' wording and sources, so that `answer.rules` ids explain themselves.
    session.out(json ? `${JSON.stringify({ ...simulation, rules: routingRules }, null, 2)}\n` : `${formatSimulation(simulation).join("\n")}\n`);
    return ExitCode.clean;
}

async function run(session: Session, options: DrillOptions): Promise<number> {
    const progress = streamProgress(session.output);
    // Cancelling a pulumi update is never automatic: this controller is not aborted by any signal.
    const cancelUpdates = new AbortController();
    const interrupts = session.interrupts(progress, options.stateFile ?? stateFilePath(options.projectDir));
    try {
        const world = await session.world(options.projectDir, cancelUpdates.signal);
        const result = await runDrill(options, { ...world, progress, interrupt: interrupts.signal });
        return result.exitCode;
    } finally {
        interrupts.dispose();
    }
}

async function shift(session: Session, options: ShiftOptions): Promise<number> {
    const progress = streamProgress(session.output);
    const interrupts = session.interrupts(progress, options.stateFile ?? stateFilePath(options.projectDir));
    try {
        const world = await session.world(options.projectDir);
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

async function restore(session: Session, projectDir: string, stateFile: string | undefined, force: boolean, yes: boolean): Promise<number> {
    const world = await session.world(projectDir);
    // A restore must not depend on stack files that may have been edited since: the local copy names the zone too.
    const location = await projectZone(projectDir, world).catch((error: unknown) => {
        session.err(`drill: could not find the project's zone from its stacks (${error instanceof Error ? error.message : String(error)}); using this machine's copy of the state, if any\n`);
        return undefined;
    });
    return resumeRestore({
        ...world, progress: streamProgress(session.output), stateFile: stateFile ?? stateFilePath(projectDir),
        ...(location ? { location } : {}), force, yes, confirm: session.question(),
    });
}

async function unlock(session: Session, projectDir: string, stateFile: string | undefined, force: boolean, yes: boolean): Promise<number> {
    const world = await session.world(projectDir);
    const location = await projectZone(projectDir, world);
    if (location === undefined) {
        session.out("No hosted zone, so no drill lock.\n");
        return ExitCode.clean;
    }
    const ask = session.question();
    const confirm = async (question: string) => {
        if (ask === undefined) {
            throw new UsageError("unlock asks for confirmation on a terminal; pass --yes to break the lock without asking");
        }
        return ask(question);
    };
    return breakLock({ force, yes }, {
        lock: new Route53DrillLock(world.aws.route53, location), state: new Route53DrillState(world.aws.route53, location),
        stateFile: stateFile ?? stateFilePath(projectDir), now: () => world.clock.now(), confirm, say: (line) => session.out(`${line}\n`),
    });
}

/**
 * Runs one drill command; resolves with its exit code (domain/exitCodes.ts). Rejects only with an
 * error none of its parts sorted, which the caller reports as `runCommand` does.
 * @param argv the arguments after `drill`
 * @param io the process it runs in
 */
export async function drillCommandLine(argv: readonly string[], io: DrillIo): Promise<number> {
    const session = new Session(io);
    // The project holding drill/: from the sources or from their build in bin/.
    const line = readCommandLine("drill", usage, () => parseCommand(argv, io.cwd, findProjectDirectory(path.resolve(__dirname, "..", ".."))), UsageError,
        { out: (text) => session.out(text), err: (text) => session.err(text) });
    if ("answered" in line) {
        return line.answered;
    }
    const { command } = line;
    try {
        switch (command.kind) {
            case "simulate":
                return await simulate(session, command.target, command.lever, command.json, command.projectDir, command.outDir);
            case "run":
                return await run(session, command.options);
            case "shift":
                return await shift(session, command.options);
            case "restore":
                return await restore(session, command.projectDir, command.stateFile, command.force, command.yes);
            case "unlock":
                return await unlock(session, command.projectDir, command.stateFile, command.force, command.yes);
        }
    } catch (error) {
        if (error instanceof CrossStackError) {
            session.err(`drill: ${error.message}\n`);
            return ExitCode.findings;
        }
        throw error;
    }
}

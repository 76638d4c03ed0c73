/**
 * The Pulumi CLI, run in its own process group. The Automation API spawns `pulumi` in the
 * drill's process group, so the terminal's Ctrl-C (SIGINT to the foreground group) and a dropped
 * session's SIGHUP reach the CLI too, and the CLI cancels its update: a Ctrl-C during the
 * restore's `pulumi up` would cancel the restore itself. Here every `pulumi` the Automation API
 * runs is spawned detached (its own process group and session), so only the drill decides when
 * it stops: it sends SIGINT to the group when the operation's AbortSignal fires, never otherwise.
 * (One window remains: a terminal signal sent in the instant between the fork of the CLI and its
 * setsid still reaches it, since the new process is in the drill's group until then.)
 */
import { spawn } from "node:child_process";
import * as os from "node:os";
import type { PulumiCommand } from "@pulumi/pulumi/automation";
import { InputError } from "../../domain/exitCodes";

/**
 * The Automation API, loaded on first use: it takes about a second to load, which every command
 * that never reaches a real stack (`--help`, a refused argument, the simulation, a test world)
 * would otherwise pay at start.
 */
export function automationApi(): Promise<typeof import("@pulumi/pulumi/automation")> {
    return import("@pulumi/pulumi/automation");
}

/** What a command run returns to the Automation API (the shape of its CommandResult). */
export interface CommandOutcome {
    /** Everything written to stdout. */
    readonly stdout: string;
    /** Everything written to stderr. */
    readonly stderr: string;
    /** The exit code. */
    readonly code: number;
}

/** How to run one command. */
export interface GroupedRun {
    /** The executable. */
    readonly command: string;
    /** Its arguments. */
    readonly args: readonly string[];
    /** Working directory. */
    readonly cwd?: string;
    /** Variables added to the environment. */
    readonly env?: Readonly<Record<string, string>>;
    /** Called with each chunk of stdout. */
    readonly onOutput?: (data: string) => void;
    /** Called with each chunk of stderr. */
    readonly onError?: (data: string) => void;
    /** Aborting it sends SIGINT to the command's process group: the only way the drill stops it. */
    readonly signal?: AbortSignal;
}

const running = new Set<number>();

/** Process ids of the commands running now (each leads its own process group). */
export function runningPulumiProcesses(): number[] {
    return [...running];
}

/** Runs a command as the leader of a new process group and session; rejects only when it cannot start. */
export function runInOwnProcessGroup(run: GroupedRun): Promise<CommandOutcome> {
    return new Promise((resolve, reject) => {
        const child = spawn(run.command, [...run.args], {
            cwd: run.cwd, env: { ...process.env, ...run.env }, detached: true, stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (data: string) => {
            stdout += data;
            run.onOutput?.(data);
        });
        child.stderr.setEncoding("utf8").on("data", (data: string) => {
            stderr += data;
            run.onError?.(data);
        });
        const cancel = () => {
            if (child.pid !== undefined && child.exitCode === null) {
                process.kill(-child.pid, "SIGINT");
            }
        };
        run.signal?.addEventListener("abort", cancel, { once: true });
        if (child.pid !== undefined) {
            running.add(child.pid);
        }
        child.on("error", (error) => {
            run.signal?.removeEventListener("abort", cancel);
            reject(error);
        });
        child.on("close", (code, signal) => {
            if (child.pid !== undefined) {
                running.delete(child.pid);
            }
            run.signal?.removeEventListener("abort", cancel);
            resolve({ stdout, stderr, code: code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : -1) });
        });
    });
}

/** The last non-empty lines of a CLI's stderr, on one line: enough to say what went wrong. */
function gist(stderr: string): string {
    return stderr.split("\n").map((line) => line.trim()).filter((line) => line !== "").slice(-3).join(" / ").slice(0, 300);
}

/**
 * Finds the Pulumi CLI (as `PulumiCommand.get` would) and returns one whose runs are in their
 * own process group. A missing or broken CLI is an input error: one line saying what to install.
 * @param get finds the CLI
 * @param command the command that needs it, named in that line
 * @default get the Automation API's PulumiCommand.get
 * @default command "drill run"
 */
export async function groupedPulumiCommand(get?: () => Promise<PulumiCommand>, command = "drill run"): Promise<PulumiCommand> {
    // Loaded before the try: a module that fails to load is a bug of ours, not a missing CLI.
    const api = get === undefined ? await automationApi() : undefined;
    const find = get ?? (() => api!.PulumiCommand.get());
    let found: PulumiCommand;
    try {
        found = await find();
    } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        // The Automation API's message is a transcript (code, stdout, stderr, err?): keep what the CLI said.
        const said = /stderr:([\s\S]*?)(?:\n err\?:|$)/.exec(text)?.[1] ?? text;
        const detail = /ENOENT/.test(text) ? "not found on PATH" : gist(said);
        throw new InputError(`${command} needs the Pulumi CLI, and \`pulumi version\` failed (${detail || "not found"}): ` +
            "install it (https://www.pulumi.com/docs/iac/download-install/), put it on PATH and log in to the stacks' backend (pulumi login)");
    }
    // PulumiCommand.run is the Automation API's one place that spawns the CLI (marked internal); it is
    // replaced on this instance only, keeping the arguments and environment it would have used.
    const grouped = Object.create(found) as PulumiCommand & { run: unknown };
    grouped.run = async (args: string[], cwd: string, additionalEnv: Record<string, string>, onOutput?: (data: string) => void, onError?: (data: string) => void, signal?: AbortSignal) => {
        const fullArgs = args.includes("--non-interactive") ? args : [...args, "--non-interactive"];
        const outcome = await runInOwnProcessGroup({
            command: found.command, args: fullArgs, cwd, env: { ...additionalEnv, PULUMI_AUTOMATION_API: "true" }, onOutput, onError, signal,
        });
        if (outcome.code !== 0) {
            throw new Error(`pulumi ${args[0] ?? ""} failed (exit ${outcome.code}): ${gist(outcome.stderr) || gist(outcome.stdout)}`);
        }
        return { ...outcome, toString: () => outcome.stdout };
    };
    return grouped;
}

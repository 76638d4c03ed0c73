/**
 * The exit codes every command of the project uses (`npm run plan`, `npm run drill`, `npm run deploy`,
 * `npm run readiness`), so that a CI job or a script can tell what kind of failure it was without
 * reading the output:
 *
 * - 0 clean: the plan passed, the drill passed (or only planned).
 * - 1 findings: the command ran and found problems (policy, cross-stack checks, a failed verdict).
 * - 2 bad input: the input is wrong (configuration, files, flags) or a tool it needs is missing.
 * - 3 internal error: a bug; the only case that prints a stack trace, and only with `--debug`.
 *   `npm run readiness` also ends with 3 when a check could not be read (the report names each).
 *
 * Imports nothing, so every layer can use it.
 */

/** The exit codes, by meaning. */
export const ExitCode = {
    clean: 0,
    findings: 1,
    badInput: 2,
    internal: 3,
} as const;

/** One of the exit codes. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error in what the user gave (configuration, files, flags, a missing tool): printed as its
 * message alone and ended with exit code 2. Subclasses name the kind (ConfigError, UsageError).
 */
export class InputError extends Error {
    /** Always 2: the input is wrong. */
    readonly exitCode = ExitCode.badInput;

    constructor(message: string) {
        super(message);
        this.name = "InputError";
    }
}

/** True for an error that says the input is wrong rather than that the program is. */
export function isInputError(error: unknown): error is InputError {
    return error instanceof InputError;
}

/** A parsed command line, or the answer a command already gave without running (see readCommandLine). */
export type CommandLine<Command> = { readonly command: Command } | { readonly answered: ExitCodeValue };

/** Where a command writes its usage: stdout for `--help`, stderr beside a usage mistake. */
export interface UsageStreams {
    /** Standard output. */
    readonly out: (text: string) => void;
    /** Standard error. */
    readonly err: (text: string) => void;
}

/**
 * Parses a command's arguments and answers what needs no run: `--help` prints the usage (exit 0);
 * a usage mistake (an error of the class `mistake`) prints "<command>: <message>", a blank line and
 * the usage (exit 2). Any other error escapes, for runCommand to sort.
 * @param command the command's name, first on the mistake's line (drill, deploy, readiness)
 * @param usage the usage text
 * @param parse parses the arguments; a `{ kind: "help" }` result asks for the usage
 * @param mistake the parser's usage-error class
 * @param streams where to write
 */
export function readCommandLine<Command extends { readonly kind: string }>(command: string, usage: string, parse: () => Command,
    mistake: abstract new (message: string) => Error, streams: UsageStreams): CommandLine<Exclude<Command, { readonly kind: "help" }>> {
    let parsed: Command;
    try {
        parsed = parse();
    } catch (error) {
        if (error instanceof mistake) {
            streams.err(`${command}: ${error.message}\n\n${usage}`);
            return { answered: ExitCode.badInput };
        }
        throw error;
    }
    if (parsed.kind === "help") {
        streams.out(usage);
        return { answered: ExitCode.clean };
    }
    return { command: parsed as Exclude<Command, { readonly kind: "help" }> };
}

/** What a command prints and returns for an error that escaped it. */
export function describeFailure(command: string, error: unknown, debug: boolean): { text: string; exitCode: ExitCodeValue } {
    if (isInputError(error)) {
        return { text: `${command}: ${error.message}`, exitCode: ExitCode.badInput };
    }
    const detail = error instanceof Error ? (debug ? error.stack ?? error.message : error.message) : String(error);
    const hint = debug ? "" : "\n(run again with --debug for the stack trace)";
    return {
        text: `${command}: internal error, please report it: ${detail}${hint}`,
        exitCode: ExitCode.internal,
    };
}

/** What a closed-pipe guard needs of an output stream: its error events. */
export interface ErrorEmitter {
    on(event: "error", listener: (error: NodeJS.ErrnoException) => void): unknown;
    listenerCount(event: "error"): number;
}

/**
 * Lets a command end quietly when the reader of its output goes away (`npm run plan | head`):
 * writing to a closed pipe fails with EPIPE, which Node reports as an 'error' event that would
 * otherwise end the process with a stack trace. Nothing more can reach that reader, so the
 * error is dropped and the command finishes with its own exit code. Other errors are thrown as
 * before, unless the command listens for them itself (the drill, whose terminal may close).
 * @param stream the output stream (process.stdout, process.stderr)
 */
export function quietOnClosedPipe(stream: ErrorEmitter): void {
    stream.on("error", (error) => {
        if (error.code !== "EPIPE" && stream.listenerCount("error") === 1) {
            throw error;
        }
    });
}

/** What runCommand needs of its process (Node's `process`; tests give an emitter of their own). */
export interface CommandProcess {
    /** Where the command's output goes: its closed pipe is dropped. */
    readonly stdout: ErrorEmitter;
    /** Where failures are written. */
    readonly stderr: ErrorEmitter & { write(text: string): unknown };
    /** The code the process exits with. */
    exitCode?: number | string | null;
    /** `beforeExit`: Node's event loop has nothing left to run. */
    once(event: "beforeExit", listener: () => void): unknown;
}

/**
 * Runs a command's `main` and sets the process exit code from its result or its error, printing
 * input errors as one message and internal errors with a trace only under `--debug`. A closed
 * pipe on stdout or stderr ends the output quietly (quietOnClosedPipe). When nothing is left to
 * run and `main` has not settled (a promise that never will, such as a stack's program waiting on
 * a resource input that never resolves), Node would end the process with exit code 0 and no word:
 * it ends as an internal error instead.
 * @param command the command's name, first on a failure's line
 * @param main the command; resolves with its exit code
 * @param debug print an internal error's stack trace (`--debug`)
 * @param host the process @default process
 */
export function runCommand(command: string, main: () => Promise<number>, debug: boolean, host: CommandProcess = process): void {
    quietOnClosedPipe(host.stdout);
    quietOnClosedPipe(host.stderr);
    let settled = false;
    host.once("beforeExit", () => {
        if (!settled) {
            host.stderr.write(`${command}: internal error, please report it: nothing was left to run but the command had not finished (a promise that never settles, such as a stack's program or a resource input that never resolves)\n`);
            host.exitCode = ExitCode.internal;
        }
    });
    main().then((code) => {
        settled = true;
        host.exitCode = code;
    }, (error: unknown) => {
        settled = true;
        const failure = describeFailure(command, error, debug);
        host.stderr.write(`${failure.text}\n`);
        host.exitCode = failure.exitCode;
    });
}

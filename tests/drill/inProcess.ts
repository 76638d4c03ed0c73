/**
 * The drill's command line run in the test's own process (drill/cli/command.ts, which
 * drill/cli.ts hands the real process): for a command whose process boundary is not what a test
 * is about, e.g. the restore after a killed drill, or a simulate whose output is compared. The
 * tests of exit codes, signals and terminals start the real command (fakes.ts's drillCommand).
 */
import { describeFailure } from "../../domain/exitCodes";
import { drillCommandLine } from "../../drill/cli/command";
import { repositoryRoot } from "./fakes";

/** What a command printed and its exit code. */
export interface DrillOutcome {
    /** The exit code the process would end with. */
    readonly code: number;
    /** Standard output. */
    readonly stdout: string;
    /** Standard error. */
    readonly stderr: string;
    /** Both, in the order they were written (as a terminal shows them). */
    readonly output: string;
}

/**
 * Runs `drill <argv>` in process; an error the command did not sort is reported as the command
 * line reports it (`runCommand`).
 * @param argv the arguments after `drill`
 * @param environment the command's environment (the test world's variables); nothing of the test process's
 * @param cwd the working directory relative paths start from
 */
export async function drillInProcess(argv: readonly string[], environment: NodeJS.ProcessEnv = {}, cwd = repositoryRoot): Promise<DrillOutcome> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const output: string[] = [];
    const stream = (into: string[]) => ({ write: (text: string) => (into.push(text), output.push(text)) });
    const code = await drillCommandLine(argv, {
        stdout: stream(stdout), stderr: stream(stderr), environment, cwd,
        // run and shift install handlers; no signal is ever sent to the test's process.
        signals: { on: () => undefined, off: () => undefined },
        exit: (exitCode) => {
            throw new Error(`drill ${argv.join(" ")} tried to end the test's process with exit code ${exitCode}`);
        },
    }).catch((error: unknown) => {
        const failure = describeFailure("drill", error, argv.includes("--debug"));
        stream(stderr).write(`${failure.text}\n`);
        return failure.exitCode;
    });
    return { code, stdout: stdout.join(""), stderr: stderr.join(""), output: output.join("") };
}

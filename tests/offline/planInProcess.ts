/**
 * `npm run plan` in the test's own process (offline/planCommand.ts, which offline/plan.ts hands
 * the real process): for the tests of what the plan prints and writes. The tests of its exit codes
 * as a process start the real command (plan.test.ts, "command line (spawned)").
 */
import { describeFailure } from "../../domain/exitCodes";
import { planCommand } from "../../offline/planCommand";

/**
 * Runs the command in process, capturing what it prints; errors are sorted as the CLI sorts them.
 * @param argv the arguments after `plan`
 * @param isTty whether stdout is a terminal (colours, the verdict's colour)
 * @param environment the command's environment (NO_COLOR, npm's variables); nothing of the test process's
 */
export async function planInProcess(argv: string[], isTty = false, environment: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    const out: string[] = [];
    const err: string[] = [];
    try {
        const code = await planCommand(argv, { out: (text) => out.push(text), err: (text) => err.push(text), isTty, environment });
        return { code, stdout: out.join("\n"), stderr: err.join("\n") };
    } catch (error) {
        const failure = describeFailure("plan", error, argv.includes("--debug"));
        return { code: failure.exitCode, stdout: out.join("\n"), stderr: [...err, failure.text].join("\n") };
    }
}

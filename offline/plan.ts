/**
 * `npm run plan -- [options]`: the offline plan of every stack file (or the named ones), as a
 * process. See `usage` (offline/planArguments.ts) for the options and the exit codes
 * (domain/exitCodes.ts); offline/planCommand.ts holds the command itself and is tested in process.
 *
 * `--help` and a wrong flag are answered before the planner loads: the planner brings Pulumi's
 * SDK, about a second of start-up, which neither needs.
 */
// First: every module loaded after it comes from the compile cache.
import "./compileCache";
import { ExitCode, runCommand } from "../domain/exitCodes";
import { parsePlanArguments, usage } from "./planArguments";

// Stryker disable all: run only by the spawned CLI tests of tests/offline/plan.test.ts ("command line (spawned: the real exit codes)"), which Stryker's coverage cannot see
if (require.main === module) {
    const argv = process.argv.slice(2);
    const debug = argv.includes("--debug");
    runCommand("plan", async () => {
        if (parsePlanArguments(argv).help) {
            process.stdout.write(`${usage}\n`);
            return ExitCode.clean;
        }
        const { planCommand } = await import("./planCommand");
        return planCommand(argv, {
            out: (text) => process.stdout.write(`${text}\n`),
            err: (text) => process.stderr.write(`${text}\n`),
            isTty: process.stdout.isTTY,
            errIsTty: process.stderr.isTTY,
            environment: process.env,
        });
    }, debug);
}
// Stryker restore all

/**
 * `npm run drill -- <simulate|run|shift|restore|unlock> ...`: the command line of the failover drill
 * tool. Builds the real clients and hands them to the same runner the tests drive. Exit codes
 * as `npm run plan` has them (domain/exitCodes.ts): 0 passed or planned, 1 a drill that ran and
 * did not pass (failed, refused, interrupted, error), 2 bad input or a missing tool, 3 internal.
 */
import { runCommand } from "../domain/exitCodes";
import { drillCommandLine } from "./cli/command";

// A closed terminal (SIGHUP) makes writes fail asynchronously: such errors must not end the drill.
process.stdout.on("error", () => undefined);
process.stderr.on("error", () => undefined);
const argv = process.argv.slice(2);
runCommand("drill", () => drillCommandLine(argv, {
    stdout: process.stdout, stderr: process.stderr, environment: process.env, cwd: process.cwd(), signals: process,
    exit: (code) => process.exit(code),
    ...(process.stdin.isTTY ? { terminal: { input: process.stdin, output: process.stdout } } : {}),
}), argv.includes("--debug"));

/** Command-line parsing of `npm run deploy -- [options]`. */
import { InputError } from "../domain/exitCodes";
import { parseFlags, projectDirectory } from "../drill/cli/flags";
import { minimumPollSeconds } from "../drill/runner/rateBudget";
import { rolloutDefaults, RolloutOptions } from "./rollout";

/** The usage text. */
export const usage = `Staged deployment.

Usage:
  npm run deploy -- [--preview] [--bake SECONDS] [--poll SECONDS] [--project DIR]

Deploys every stack of the project with the policy pack, through Pulumi's Automation API, one stack
at a time in deploy order (the order npm run plan prints): the global stack, then one region at a
time. After each stack a bake watches the regions it serves (every region after the global stack,
the region itself after a regional one): their CloudWatch alarms, Route 53 health checks and Global
Accelerator endpoint groups. An alarm, or a check that turns unhealthy, halts the rollout before the
next stack and says which stacks are on the new version. Every region must be quiet before it starts.

Options:
  --preview     preview every stack instead (pulumi preview with the policy pack); change nothing
  --bake        seconds each bake watches (default ${rolloutDefaults.bakeSeconds}; at least as long as the alarms take to fire)
  --poll        seconds between a bake's reads (default ${rolloutDefaults.pollSeconds}, at least ${minimumPollSeconds})
  --project     project directory (default: the one holding deploy/)
  --debug       print the stack trace of an internal error
  --help        print this text

Needs the Pulumi CLI logged in to the stacks' backend (PULUMI_BACKEND_URL or pulumi login), the
stacks created (pulumi stack init), and AWS credentials that may deploy them and read CloudWatch
alarms, Route 53 health checks and Global Accelerator endpoint groups.

Exit codes:
  0  every stack deployed and baked (or previewed)
  1  halted on an alarm or an unhealthy check, an update failed, refused (a region not quiet before
     it started, a cross-stack error) or interrupted: the last line says which stacks are on the new version
  2  bad input: a flag, a stack file or a configuration value is wrong, or the Pulumi CLI is missing
  3  internal error: a bug; the stack trace is printed only with --debug
`;

/** Wrong flags or arguments: exit code 2. */
export class DeployUsageError extends InputError {}

/** A parsed command. */
export type DeployCommand = { readonly kind: "help" } | { readonly kind: "deploy"; readonly options: RolloutOptions; readonly debug: boolean };

function seconds(name: string, text: string | undefined, fallback: number, minimum: number): number {
    if (text === undefined) {
        return fallback;
    }
    const value = Number(text);
    if (!Number.isFinite(value) || value < minimum) {
        throw new DeployUsageError(`--${name} must be a number of seconds, at least ${minimum}, got ${text}`);
    }
    return value;
}

/**
 * Parses the arguments after `deploy`; relative paths are taken from `cwd`.
 * @param argv the arguments
 * @param cwd the working directory
 * @param defaultProjectDir the project when --project is absent
 */
export function parseDeployCommand(argv: readonly string[], cwd: string, defaultProjectDir: string): DeployCommand {
    const values = parseFlags(argv, {
        preview: { type: "boolean", default: false },
        bake: { type: "string" },
        poll: { type: "string" },
    }, (message) => new DeployUsageError(message));
    if (values.help) {
        return { kind: "help" };
    }
    return {
        kind: "deploy",
        debug: values.debug,
        options: {
            projectDir: projectDirectory(values.project, cwd, defaultProjectDir),
            preview: values.preview,
            bakeSeconds: seconds("bake", values.bake, rolloutDefaults.bakeSeconds, 0),
            pollSeconds: seconds("poll", values.poll, rolloutDefaults.pollSeconds, minimumPollSeconds),
        },
    };
}

/** Command-line parsing of `npm run readiness -- [options]`. */
import * as path from "node:path";
import { InputError } from "../domain/exitCodes";
import { parseFlags, projectDirectory } from "../drill/cli/flags";
import { readinessDefaults, ReadinessOptions } from "./context";

/** The usage text. */
export const usage = `Would failover work now?

Usage:
  npm run readiness -- [--json] [--out DIR] [--certificate-days DAYS] [--project DIR]
  npm run readiness -- --iam-policy

Reads the deployed stacks (their outputs, through the Pulumi CLI) and the account, read-only, and
checks what failover needs: every Route 53 health check healthy (the combined ones through
CloudWatch), every alarm Route 53 follows out of ALARM, every routing control On, accelerator dials
and endpoint weights as configured, enough healthy targets, certificates far from expiry, room for
the survivors to scale out (their Auto Scaling groups and the account's On-Demand vCPU quota), no
unrestored drill (the lock and the drill state in the hosted zone, from any machine), and a passing
drill no older than app:drill.maximumAgeDays.

Options:
  --json               print the report as JSON
  --out DIR            also write DIR/readiness.html (one self-contained page) and DIR/readiness.json
  --certificate-days   a certificate must be valid for more than this many days (default ${readinessDefaults.certificateDays})
  --project            project directory (default: the one holding readiness/)
  --iam-policy         print the IAM policy the checks need (read-only) and exit
  --debug              print the stack trace of an internal error
  --help               print this text

Exit codes:
  0  ready: every check passed
  1  not ready: a condition would stop failover (the last line names each), or the stack files break a cross-stack rule
  2  bad input: a flag, a stack file or a configuration value is wrong, or the Pulumi CLI is missing
  3  unknown: a check could not be read (the report names each, and for AccessDenied the IAM action it needs), or a bug
`;

/** Wrong flags or arguments: exit code 2. */
export class ReadinessUsageError extends InputError {}

/** A parsed command. */
export type ReadinessCommand =
    | { readonly kind: "help" }
    | { readonly kind: "iam-policy" }
    | { readonly kind: "check"; readonly options: ReadinessOptions; readonly json: boolean; readonly outDir?: string; readonly debug: boolean };

/**
 * Parses the arguments; relative paths are taken from `cwd`.
 * @param argv the arguments
 * @param cwd the working directory
 * @param defaultProjectDir the project when --project is absent
 */
export function parseReadinessCommand(argv: readonly string[], cwd: string, defaultProjectDir: string): ReadinessCommand {
    const values = parseFlags(argv, {
        json: { type: "boolean", default: false },
        out: { type: "string" },
        "certificate-days": { type: "string" },
        "iam-policy": { type: "boolean", default: false },
    }, (message) => new ReadinessUsageError(message));
    if (values.help) {
        return { kind: "help" };
    }
    if (values["iam-policy"]) {
        return { kind: "iam-policy" };
    }
    const daysText = values["certificate-days"];
    const certificateDays = daysText === undefined ? readinessDefaults.certificateDays : Number(daysText);
    if (!Number.isFinite(certificateDays) || certificateDays < 0) {
        throw new ReadinessUsageError(`--certificate-days must be a number of days, at least 0, got ${daysText}`);
    }
    return {
        kind: "check",
        json: values.json,
        debug: values.debug,
        ...(values.out === undefined ? {} : { outDir: path.resolve(cwd, values.out) }),
        options: {
            projectDir: projectDirectory(values.project, cwd, defaultProjectDir),
            certificateDays,
        },
    };
}

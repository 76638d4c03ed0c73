/**
 * The flags every command of the project parses alike (`--project`, `--debug`, `--help`), and the
 * parse itself: node's parseArgs, strict, no positional arguments, a mistake thrown as the
 * command's usage error (exit 2).
 */
import * as path from "node:path";
import { parseArgs, ParseArgsOptionsConfig } from "node:util";

/** The flags every command has. */
export const commonFlags = {
    project: { type: "string" },
    debug: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
} as const satisfies ParseArgsOptionsConfig;

/**
 * Parses `argv` with the command's own flags and the common ones.
 * @param argv the arguments
 * @param own the command's flags
 * @param usageError turns parseArgs' message into the command's usage error
 */
export function parseFlags<T extends ParseArgsOptionsConfig>(argv: readonly string[], own: T, usageError: (message: string) => Error) {
    try {
        return parseArgs({ args: [...argv], allowPositionals: false, strict: true, options: { ...own, ...commonFlags } }).values;
    } catch (error) {
        throw usageError(error instanceof Error ? error.message : String(error));
    }
}

/** `--project DIR` taken from `cwd`, or the default project. */
export function projectDirectory(project: string | undefined, cwd: string, defaultProjectDir: string): string {
    return project === undefined ? defaultProjectDir : path.resolve(cwd, project);
}

/**
 * `npm run migrate -- [--project DIR] [--dry-run]`: rewrites the previous release's stack files
 * into today's form (config/migrate.ts: the accelerator into a global stack file, ownerStack
 * into globalStack, shared values into Pulumi.yaml) and prints every change and what to do next.
 * With --dry-run it only prints. Exit codes as every command's (domain/exitCodes.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { migrateProject, ProjectTexts } from "../config/migrate";
import { findProjectDirectory } from "../config/stackFiles";
import { ExitCode, InputError, runCommand } from "../domain/exitCodes";

/** What `--help` prints. */
export const migrateUsage = `Usage: npm run migrate -- [--project DIR] [--dry-run]

Rewrites stack files written for the previous release into today's form, keeping their comments:
the accelerator moves from the regional stack that owned it (app:globalAccelerator.owner) into a
new global stack file, app:globalAccelerator.ownerStack becomes app:globalAccelerator.globalStack,
and values every region's stack file sets alike move to Pulumi.yaml. Prints each change.

Options:
  --project DIR   migrate the Pulumi files in DIR instead of this project
  --dry-run       print the changes without writing them
  --help          print this text`;

/** The project's files as text. */
export function readProjectTexts(directory: string): ProjectTexts {
    const projectFile = ["Pulumi.yaml", "Pulumi.yml"].find((name) => fs.existsSync(path.join(directory, name)));
    if (projectFile === undefined) {
        throw new InputError(`${directory}: no Pulumi.yaml here`);
    }
    const text = fs.readFileSync(path.join(directory, projectFile), "utf8");
    const name = (parse(text) as { name?: unknown } | null)?.name;
    if (typeof name !== "string" || name === "") {
        throw new InputError(`${projectFile}: name is required: the project's name, the namespace of its config keys`);
    }
    const stackFiles = Object.fromEntries(fs.readdirSync(directory)
        .filter((file) => /^Pulumi\..+\.ya?ml$/.test(file) && fs.statSync(path.join(directory, file)).isFile())
        .map((file) => [file, fs.readFileSync(path.join(directory, file), "utf8")]));
    return { project: name, projectFile: { name: projectFile, text }, stackFiles };
}

/**
 * The command without the process: migrates, writes (unless a dry run), reports.
 * @param argv the arguments after the script name
 * @param print where the report goes
 */
export function migrateCommand(argv: readonly string[], print: (text: string) => void): number {
    if (argv.includes("--help") || argv.includes("-h")) {
        print(migrateUsage);
        return ExitCode.clean;
    }
    const unknown = argv.filter((argument, index) => !["--project", "--dry-run"].includes(argument) && argv[index - 1] !== "--project");
    if (unknown.length > 0) {
        throw new InputError(`unknown argument ${unknown[0]}\n(npm run migrate -- --help for usage)`);
    }
    const projectIndex = argv.indexOf("--project");
    const directory = projectIndex >= 0 ? path.resolve(argv[projectIndex + 1] ?? ".") : findProjectDirectory();
    let migration;
    try {
        migration = migrateProject(readProjectTexts(directory));
    } catch (error) {
        throw error instanceof InputError ? error : new InputError(error instanceof Error ? error.message : String(error));
    }
    if (migration.changes.length === 0) {
        print("Nothing to migrate: the stack files use today's keys.");
        return ExitCode.clean;
    }
    const dryRun = argv.includes("--dry-run");
    if (!dryRun) {
        for (const [file, text] of Object.entries(migration.files)) {
            fs.writeFileSync(path.join(directory, file), text);
        }
    }
    print([
        dryRun ? "Would change (dry run, nothing written):" : "Changed:",
        ...migration.changes.map((change) => `  ${change}`),
        "Next:",
        ...migration.nextSteps.map((step, index) => `  ${index + 1}. ${step}`),
    ].join("\n"));
    return ExitCode.clean;
}

// Stryker disable all: the process entry, run by tests/scripts/migrate.test.ts through the real CLI
if (require.main === module) {
    runCommand("migrate", async () => migrateCommand(process.argv.slice(2), (text) => process.stdout.write(`${text}\n`)), process.argv.includes("--debug"));
}
// Stryker restore all

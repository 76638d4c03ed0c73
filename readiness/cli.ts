/**
 * `npm run readiness -- [options]`: the readiness check's command line. Builds the real clients
 * (the Automation API, the AWS SDK, the system clock) and hands them to the same run the tests drive
 * with the fake account (readiness/run.ts). Exit codes as the plan's (domain/exitCodes.ts): `usage`
 * (readiness/args.ts) lists them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { findProjectDirectory, readProject } from "../config/stackFiles";
import { ExitCode, ExitCodeValue, readCommandLine, runCommand } from "../domain/exitCodes";
import { readinessPolicy } from "../domain/readinessPermissions";
import { groupedPulumiCommand } from "../drill/clients/pulumiProcess";
import { LocalWorkspaceAutomation } from "../drill/clients/realAutomation";
import { systemClock } from "../drill/clients/realNetwork";
import { parseReadinessCommand, ReadinessUsageError, usage } from "./args";
import { realReadinessClients } from "./clients";
import { renderReadinessText } from "./report/text";
import { writeReadinessReport } from "./report/write";
import { ReadinessDependencies, runReadiness } from "./run";

/** The repository holding readiness/ (from the sources or from their build in bin/). */
export const repositoryDirectory = findProjectDirectory(path.resolve(__dirname, ".."));

/** The real outside world: the Automation API in the project, the SDK clients, the system clock. */
export function realReadinessDependencies(projectDir: string): ReadinessDependencies {
    return {
        automation: new LocalWorkspaceAutomation(projectDir, readProject(projectDir).project, undefined, undefined, () => groupedPulumiCommand(undefined, "npm run readiness")),
        aws: realReadinessClients(),
        clock: systemClock,
    };
}

/** Where the command writes. */
export interface ReadinessStreams {
    /** Standard output: the report. */
    readonly out: (text: string) => void;
    /** Standard error: usage mistakes and the files written. */
    readonly err: (text: string) => void;
}

/**
 * The command without the process: parses `argv`, checks, prints, returns the exit code. Errors
 * that escape are input errors (exit 2) or bugs (exit 3), sorted by `runCommand`.
 * @param argv the arguments after the script name
 * @param streams where to write
 * @param world builds the outside world for a project
 * @default world the real clients
 */
export async function readinessCommand(argv: readonly string[], streams: ReadinessStreams,
    world: (projectDir: string) => ReadinessDependencies = realReadinessDependencies): Promise<ExitCodeValue> {
    const line = readCommandLine("readiness", usage, () => parseReadinessCommand(argv, process.cwd(), repositoryDirectory), ReadinessUsageError, streams);
    if ("answered" in line) {
        return line.answered;
    }
    const { command } = line;
    if (command.kind === "iam-policy") {
        streams.out(`${JSON.stringify(readinessPolicy(), null, 2)}\n`);
        return ExitCode.clean;
    }
    if (!fs.existsSync(command.options.projectDir)) {
        throw new ReadinessUsageError(`--project ${command.options.projectDir}: no such directory`);
    }
    const { report, exitCode } = await runReadiness(command.options, world(command.options.projectDir));
    if (command.outDir !== undefined) {
        const files = await writeReadinessReport(report, command.outDir);
        streams.err(`wrote ${files.html} and ${files.json}\n`);
    }
    streams.out(command.json ? `${JSON.stringify(report, null, 2)}\n` : renderReadinessText(report));
    return exitCode;
}

// The process entry: argv, the real streams, the exit code; readinessCommand above holds the logic and is tested in process.
if (require.main === module) {
    const argv = process.argv.slice(2);
    runCommand("readiness", () => readinessCommand(argv, { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) }), argv.includes("--debug"));
}

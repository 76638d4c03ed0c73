/**
 * `npm run -s stacks [-- --project DIR]`: the project's stacks as the CI workflow needs them,
 * found from the stack files (never a list to keep in step by hand). Prints GitHub Actions
 * outputs (`name=value` lines, values as JSON):
 * - `all`: every stack with its region, for the preview matrix;
 * - `wave1`, `wave2`, `wave3`: the deploy waves (each stack after the stacks it reads through
 *   stack references: the global stack, then the regions, then a dashboard's owner), each a
 *   matrix list, `[]` when empty.
 */
import * as path from "path";
import { loadAllStackConfigs, findProjectDirectory, readProject } from "../config/stackFiles";
import { InputError, runCommand } from "../domain/exitCodes";
import { deployWaves } from "../config/acceleratorStacks";

/** The workflow's deploy jobs, one per wave, each reading its matrix from one output. */
export const waveOutputs = ["wave1", "wave2", "wave3"] as const;
type WaveOutput = (typeof waveOutputs)[number];

/** One entry of a matrix: the stack and the region its credentials are for. */
export interface StackEntry {
    /** Stack name. */
    readonly stack: string;
    /** AWS region. */
    readonly region: string;
}

/** The workflow's matrices for the project in `directory`. */
export function stackMatrices(directory: string): Record<"all" | WaveOutput, StackEntry[]> {
    const configs = loadAllStackConfigs(readProject(directory));
    const entry = ({ stack, region }: { stack: string; region: string }): StackEntry => ({ stack, region });
    const waves = deployWaves(configs);
    if (waves.length > waveOutputs.length) {
        throw new InputError(`the stacks deploy in ${waves.length} waves (${waves.map((wave) => wave.map((config) => config.stack).join(", ")).join(" -> ")}), ` +
            `but the CI workflow has ${waveOutputs.length} deploy jobs: add a job for wave ${waveOutputs.length + 1} to .github/workflows/infrastructure.yml and an output here`);
    }
    return {
        all: configs.map(entry),
        ...Object.fromEntries(waveOutputs.map((name, index) => [name, (waves[index] ?? []).map(entry)])) as Record<WaveOutput, StackEntry[]>,
    };
}

async function main(): Promise<number> {
    const index = process.argv.indexOf("--project");
    const directory = index > 0 ? path.resolve(process.argv[index + 1]) : findProjectDirectory();
    for (const [name, value] of Object.entries(stackMatrices(directory))) {
        process.stdout.write(`${name}=${JSON.stringify(value)}\n`);
    }
    return 0;
}

if (require.main === module) {
    runCommand("stacks", main, process.argv.includes("--debug"));
}

/**
 * `npm run -s stacks [-- --project DIR]`: the project's stacks as the CI workflow needs them,
 * found from the stack files (never a list to keep in step by hand). Prints GitHub Actions
 * outputs (`name=value` lines, values as JSON):
 * - `all`: every stack with its region, for the preview matrix;
 * - `first`, `then`: the deploy waves (stacks that others read through stack references deploy
 *   first), each a matrix list, `[]` when empty.
 */
import * as path from "path";
import { loadAllStackConfigs, findProjectDirectory, readProject } from "../config/stackFiles";
import { runCommand } from "../domain/exitCodes";
import { deployWaves } from "../offline/planner";

/** One entry of a matrix: the stack and the region its credentials are for. */
export interface StackEntry {
    /** Stack name. */
    readonly stack: string;
    /** AWS region. */
    readonly region: string;
}

/** The workflow's matrices for the project in `directory`. */
export function stackMatrices(directory: string): { all: StackEntry[]; first: StackEntry[]; then: StackEntry[] } {
    const configs = loadAllStackConfigs(readProject(directory));
    const entry = ({ stack, region }: { stack: string; region: string }): StackEntry => ({ stack, region });
    const [first, then] = deployWaves(configs);
    return { all: configs.map(entry), first: first.map(entry), then: then.map(entry) };
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

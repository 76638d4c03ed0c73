/**
 * `npm run -s stacks [-- --project DIR]`: the project's stacks as the CI workflow needs them,
 * found from the stack files (never a list to keep in step by hand). Prints GitHub Actions
 * outputs (`name=value` lines, values as JSON): `all`, every stack with its region, for the
 * preview matrix. Deployments need no list: `npm run deploy` finds the stacks and their order.
 */
import * as path from "path";
import { loadAllStackConfigs, findProjectDirectory, readProject } from "../config/stackFiles";
import { runCommand } from "../domain/exitCodes";

/** One entry of a matrix: the stack and the region its credentials are for. */
export interface StackEntry {
    /** Stack name. */
    readonly stack: string;
    /** AWS region. */
    readonly region: string;
}

/** The workflow's matrices for the project in `directory`. */
export function stackMatrices(directory: string): Record<"all", StackEntry[]> {
    const configs = loadAllStackConfigs(readProject(directory));
    return { all: configs.map(({ stack, region }): StackEntry => ({ stack, region })) };
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

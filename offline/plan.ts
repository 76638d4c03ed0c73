/**
 * `npm run plan [-- --stack NAME ...] [--json] [--write-golden] [--project DIR] [--out DIR] [--prices FILE] [--debug]`: the offline
 * plan of every stack file (or the named ones) of this project (or of the Pulumi files in DIR). Exit code 0 when it passes, 1 when a mandatory policy or a
 * cross-stack check fails, 2 for invalid configuration or a program error.
 */
// First: every module loaded after it comes from the compile cache.
import "./compileCache";
import * as fs from "fs";
import * as path from "path";
import { renderPlan } from "./render";
import { keepStackTracesShort, Plan, planFails, planProject } from "./planner";
import { findProjectDirectory, readProject } from "../config/stackFiles";
import { estimateCost } from "./cost/estimate";
import { loadPriceTable } from "./cost/priceTable";
import { renderCostText } from "./cost/render";
import { writePlanFiles } from "./planFiles";

/** Where the reviewed snapshots of the examples' plans live: tests/golden/<example>/<stack>.plan.json. */
export const goldenDirectory = path.resolve(__dirname, "..", "tests", "golden");

/** The examples every user can copy from, each a complete project: examples/<name>/. */
export const examplesDirectory = path.resolve(__dirname, "..", "examples");

/** The examples' names: every folder of examples/ with a Pulumi.yaml. */
export function exampleNames(): string[] {
    return fs.readdirSync(examplesDirectory)
        .filter((name) => fs.existsSync(path.join(examplesDirectory, name, "Pulumi.yaml")))
        .sort();
}

/** The golden file of one example's stack. */
export function goldenFile(example: string, stack: string): string {
    return path.join(goldenDirectory, example, `${stack}.plan.json`);
}

/** Plans every example and writes its golden plans (`npm run golden:update`). */
async function writeGoldens(): Promise<void> {
    fs.rmSync(goldenDirectory, { recursive: true, force: true });
    for (const example of exampleNames()) {
        const plan = await planProject(readProject(path.join(examplesDirectory, example)));
        fs.mkdirSync(path.join(goldenDirectory, example), { recursive: true });
        for (const stack of plan.stacks) {
            fs.writeFileSync(goldenFile(example, stack.stack), goldenOf(plan, stack.stack));
            console.log(`wrote ${path.relative(process.cwd(), goldenFile(example, stack.stack))}`);
        }
    }
}

/** The snapshot of one stack's plan: stable, reviewable JSON. */
export function goldenOf(plan: Plan, stack: string): string {
    const stackPlan = plan.stacks.find((item) => item.stack === stack);
    if (stackPlan === undefined) {
        throw new Error(`no plan for stack ${stack}`);
    }
    return `${JSON.stringify(stackPlan, null, 2)}\n`;
}

interface Arguments { stacks: string[]; json: boolean; writeGolden: boolean; debug: boolean; project?: string; out?: string; prices?: string }

function parseArguments(argv: readonly string[]): Arguments {
    const parsed: Arguments = { stacks: [], json: false, writeGolden: false, debug: false };
    for (let index = 0; index < argv.length; index++) {
        const argument = argv[index];
        if (argument === "--json") {
            parsed.json = true;
        } else if (argument === "--debug") {
            parsed.debug = true;
        } else if (argument === "--write-golden") {
            parsed.writeGolden = true;
        } else if (argument === "--stack" && argv[index + 1]) {
            parsed.stacks.push(argv[++index]);
        } else if (argument === "--project" && argv[index + 1]) {
            parsed.project = argv[++index];
        } else if (argument === "--out" && argv[index + 1]) {
            parsed.out = argv[++index];
        } else if (argument === "--prices" && argv[index + 1]) {
            parsed.prices = argv[++index];
        } else if (argument.startsWith("--stack=")) {
            parsed.stacks.push(argument.slice("--stack=".length));
        } else {
            throw new Error(`unknown argument ${argument}; usage: npm run plan -- [--stack NAME ...] [--json] [--write-golden] [--project DIR] [--out DIR] [--prices FILE] [--debug]`);
        }
    }
    return parsed;
}

async function main(): Promise<number> {
    const args = parseArguments(process.argv.slice(2));
    if (!args.debug) {
        keepStackTracesShort();
    }
    if (args.writeGolden) {
        await writeGoldens();
        return 0;
    }
    const files = readProject(args.project ? path.resolve(args.project) : findProjectDirectory());
    const plan = await planProject(files, args.stacks);
    const costed = { ...plan, cost: estimateCost(plan, loadPriceTable(args.prices)) };
    if (args.out !== undefined) {
        const written = await writePlanFiles(costed, path.resolve(args.out));
        console.error(`wrote ${Object.values(written).map((file) => path.relative(process.cwd(), file)).join(", ")}`);
    }
    console.log(args.json ? JSON.stringify(costed, null, 2) : `${renderPlan(plan)}\n\n${renderCostText(costed.cost)}`);
    return planFails(plan) ? 1 : 0;
}

if (require.main === module) {
    main().then((code) => {
        process.exitCode = code;
    }, (error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exitCode = 2;
    });
}

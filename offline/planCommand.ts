/**
 * The plan command without the process (`planCommand`): plans, prints, returns the exit code; the
 * golden plans of the examples. offline/plan.ts is the process entry, offline/planArguments.ts
 * its command line.
 */
import * as fs from "fs";
import * as path from "path";
import { renderPlan, renderProblems, renderStopped, renderVerdict } from "./render";
import { PreviousPlan, protectedReplacements } from "./replacements";
import { Plan, planExitCode, planProject } from "./planner";
import { findProjectDirectory, hasProjectFile, readProject } from "../config/stackFiles";
import { ExitCode, ExitCodeValue, InputError } from "../domain/exitCodes";
import { parsePlanArguments, usage } from "./planArguments";
import { Palette, paletteFor } from "./colour";
import { estimateCost } from "./cost/estimate";
import { loadPriceTable } from "./cost/priceTable";
import { renderCostText } from "./cost/render";
import { CostedPlan, writePlanFiles } from "./planFiles";

/** Where the reviewed snapshots of the examples' plans live: tests/golden/<example>/<stack>.plan.json. */
export const goldenDirectory = path.resolve(__dirname, "..", "tests", "golden");

/** The examples every user can copy from, each a complete project: examples/<name>/. */
export const examplesDirectory = path.resolve(__dirname, "..", "examples");

/** Where `--write-golden` reads the examples from and writes their golden plans to. */
export interface GoldenDirectories {
    /** The examples, each a project folder: <examples>/<name>/Pulumi.yaml. */
    readonly examples: string;
    /** The golden plans: <golden>/<example>/<stack>.plan.json. */
    readonly golden: string;
}

/** The repository's examples and golden plans (`npm run golden:update`). */
export const repositoryGoldens: GoldenDirectories = { examples: examplesDirectory, golden: goldenDirectory };

/**
 * The examples' names: every folder of `directory` with a Pulumi.yaml, sorted.
 * @param directory the examples folder
 * @default directory examples/
 */
export function exampleNames(directory: string = examplesDirectory): string[] {
    return fs.readdirSync(directory)
        .filter((name) => hasProjectFile(path.join(directory, name)))
        .sort();
}

/**
 * The golden file of one example's stack.
 * @param example the example's folder name under examples/
 * @param stack the stack's name
 * @param directory the golden plans' folder
 * @default directory tests/golden/
 */
export function goldenFile(example: string, stack: string, directory: string = goldenDirectory): string {
    return path.join(directory, example, `${stack}.plan.json`);
}

/**
 * Plans every example and writes its golden plans, replacing the whole golden folder.
 * @param directories where the examples are and where their golden plans go
 * @param print told each file written
 */
export async function writeGoldens(directories: GoldenDirectories, print: (text: string) => void): Promise<void> {
    fs.rmSync(directories.golden, { recursive: true, force: true });
    for (const example of exampleNames(directories.examples)) {
        const plan = await planProject(readProject(path.join(directories.examples, example)));
        fs.mkdirSync(path.join(directories.golden, example), { recursive: true });
        for (const stack of plan.stacks) {
            const file = goldenFile(example, stack.stack, directories.golden);
            fs.writeFileSync(file, goldenOf(plan, stack.stack));
            print(`wrote ${path.relative(process.cwd(), file)}`);
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

/**
 * `npm run` prints a banner on stdout before the script's own output (a blank line, then lines
 * starting with `> `: the package and script, then the command), unless npm runs silent
 * (`npm run -s`). A plan saved with `npm run plan -- --json > before.json` starts with it.
 */
const npmBanner = /^\s*(?:> [^\n]*\n)+\s*/;

/**
 * The text of a `--json` plan as a previous plan, npm's banner before it skipped (a plan saved
 * through `npm run` without -s carries it); text that is not JSON is an input error.
 * @param text the file's text
 * @param file the file's name, for the message
 */
export function parsePreviousPlan(text: string, file: string): PreviousPlan {
    try {
        return JSON.parse(text.replace(npmBanner, "")) as PreviousPlan;
    } catch (error) {
        throw new InputError(`--previous ${file}: cannot read it as a plan (${error instanceof Error ? error.message : String(error)}); ` +
            "write one with npm run -s plan -- --json > FILE, or use the plan.json that --out DIR writes");
    }
}

/** A previous plan from `--previous FILE`; a file that is missing or not JSON is an input error. */
function readPreviousPlan(file: string): PreviousPlan {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new InputError(`--previous ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    return parsePreviousPlan(text, file);
}

/**
 * True when npm has just printed its banner on the same stdout as this `--json` plan: the
 * command runs as an npm script (npm sets npm_lifecycle_event), npm is not silent, and stdout
 * goes to a file or a pipe rather than a terminal. npm cannot be stopped from doing it, so the
 * plan says on stderr what to run instead.
 * @param environment the process environment
 * @param isTty whether stdout is a terminal
 */
export function npmBannerOnStdout(environment: NodeJS.ProcessEnv, isTty: boolean | undefined): boolean {
    return environment.npm_lifecycle_event !== undefined && environment.npm_config_loglevel !== "silent" && isTty !== true;
}

/** The note printed on stderr when npm's banner went to stdout ahead of the JSON. */
export const npmBannerNote = "note: npm printed its \"> multi-region-alb plan\" banner on stdout before this JSON, which breaks jq and other readers: " +
    "run npm run -s plan -- --json (npm's -s, --silent, leaves the banner out), or --out DIR for plan.json";

/** Where the command writes. */
export interface PlanStreams {
    /** Standard output: the plan. */
    readonly out: (text: string) => void;
    /** Standard error: problems. */
    readonly err: (text: string) => void;
    /** Whether stdout is a terminal (for colour). */
    readonly isTty?: boolean;
    /** Whether stderr is a terminal (for colour of what goes there). @default not a terminal */
    readonly errIsTty?: boolean;
    /** The environment (NO_COLOR). */
    readonly environment: NodeJS.ProcessEnv;
}

/**
 * The text plan as stdout shows it, the verdict aside: the whole plan with its cost, or, when a
 * stack file has input errors or the program failed, what was planned instead (the errors to fix
 * go to stderr, and hundreds of lines of other stacks would bury them).
 * @param plan the plan with its cost estimate
 * @param palette colours
 */
export function planText(plan: CostedPlan, palette: Palette): string {
    const stopped = plan.problems.some((problem) => problem.kind === "input" || problem.kind === "internal");
    return stopped ? renderStopped(plan, palette) : renderPlan(plan, palette, { cost: renderCostText(plan.cost) });
}

/**
 * The plan command without the process: parses `argv`, plans, prints, returns the exit code.
 * Errors that escape are input errors (exit 2) or bugs (exit 3), sorted by `runCommand`.
 * @param argv the arguments after the script name
 * @param streams where to print
 * @param goldens where `--write-golden` reads the examples and writes their golden plans
 * @default goldens the repository's examples/ and tests/golden/
 */
export async function planCommand(argv: readonly string[], streams: PlanStreams, goldens: GoldenDirectories = repositoryGoldens): Promise<ExitCodeValue> {
    const args = parsePlanArguments(argv);
    if (args.help) {
        streams.out(usage);
        return ExitCode.clean;
    }
    if (args.writeGolden) {
        await writeGoldens(goldens, streams.out);
        return ExitCode.clean;
    }
    const directory = args.project ? path.resolve(args.project) : findProjectDirectory();
    if (args.project && !hasProjectFile(directory)) {
        throw new InputError(`--project ${args.project}: no Pulumi.yaml or Pulumi.yml in ${directory}`);
    }
    const planned = await planProject(readProject(directory), args.stacks, { program: args.program, diagnostics: args.debug });
    // A previous plan (`--json` output or a golden file) shows what the change would replace.
    const plan = args.previous === undefined ? planned : { ...planned, replacements: protectedReplacements(readPreviousPlan(args.previous), planned) };
    const costed = { ...plan, cost: estimateCost(plan, loadPriceTable(args.prices)) };
    const outPalette = paletteFor(streams.isTty, streams.environment);
    const errPalette = paletteFor(streams.errIsTty, streams.environment);
    const problems = renderProblems(plan, { debug: args.debug, palette: args.json ? errPalette : outPalette });
    if (args.json) {
        // stdout holds the JSON alone; everything for people goes to stderr, the verdict last.
        streams.out(JSON.stringify(costed, null, 2));
        if (npmBannerOnStdout(streams.environment, streams.isTty)) {
            streams.err(npmBannerNote);
        }
    } else {
        streams.out(planText(costed, outPalette));
    }
    if (args.out !== undefined) {
        const written = await writePlanFiles(costed, path.resolve(args.out));
        streams.err(`wrote ${Object.values(written).map((file) => path.relative(process.cwd(), file)).join(", ")}`);
    }
    if (problems !== "") {
        streams.err(problems);
    }
    // The verdict is the last line: on stdout for people, on stderr beside --json.
    (args.json ? streams.err : streams.out)(`\n${renderVerdict(plan, args.json ? errPalette : outPalette)}`);
    return planExitCode(plan);
}

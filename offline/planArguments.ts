/**
 * The plan's command line: its usage text and its parser. Light on purpose: the process entry
 * (offline/plan.ts) answers `--help` and a wrong flag from here before it loads the planner.
 */
import * as path from "path";
import { InputError } from "../domain/exitCodes";
import { didYouMean } from "../domain/didYouMean";

/** What `--help` prints. */
export const usage = `Usage: npm run plan -- [options]

Plans every stack file of the project offline (no AWS, no Pulumi CLI): the resources each stack
would create, the policy pack's findings, the cross-stack checks and the predicted failover.

Options:
  --stack NAME       plan only this stack (repeatable; the stacks it reads are planned too)
  --json             print the plan as JSON on stdout, nothing else (problems and the verdict go to stderr);
                     through npm, run npm run -s plan -- --json: npm prints a banner on stdout unless -s
  --project DIR      plan the Pulumi files in DIR instead of this project
  --out DIR          also write DIR/plan.json, plan.md (with the cost estimate), diagram.svg and pr-comment.md
  --prices FILE      prices and traffic assumptions laid over the shipped table (offline/cost/prices.json):
                     what FILE sets replaces the shipped value, everything else stays
  --previous FILE    a previous plan (--json output, --out's plan.json or a golden file): list replacements
                     of protected resources
  --write-golden     rewrite tests/golden/<example>/<stack>.plan.json from examples/
  --debug            print stack traces of internal errors
  --program FILE     run FILE instead of the project's index.ts (tests of the plan's error paths)
  --help             print this text

The last line is the verdict: clean, or what failed and how many, with the exit code. Colour is
used on a terminal unless NO_COLOR is set.

Exit codes:
  0  clean: every stack planned, no mandatory policy violation, no cross-stack error
  1  findings: a mandatory policy violation, a cross-stack error, or a stack left unplanned because of one
  2  bad input: a stack file, a configuration value or a flag is wrong (each problem names file and key)
  3  internal error: a bug; the stack trace is printed only with --debug`;

/** The parsed command line. */
export interface PlanArguments {
    /** Stacks to plan; empty plans all. */
    readonly stacks: string[];
    /** Print JSON. */
    readonly json: boolean;
    /** Rewrite the golden files. */
    readonly writeGolden: boolean;
    /** Print stack traces of internal errors. */
    readonly debug: boolean;
    /** Print the usage. */
    readonly help: boolean;
    /** Project directory. */
    readonly project?: string;
    /** A program module to run instead of index.ts (tests of the error paths). */
    readonly program?: string;
    /** Directory to write plan.json and plan.md into. */
    readonly out?: string;
    /** Price table file instead of the shipped one. */
    readonly prices?: string;
    /** A previous plan (--json output or a golden file) to show protected replacements against. */
    readonly previous?: string;
}

/** An example value of each flag that takes one, for the message when it is missing. */
const flagExamples = {
    "--stack": "seoul", "--project": "path/to/project", "--out": "plan-out", "--prices": "prices.json", "--previous": "previous-plan.json", "--program": "program.ts",
} as const;

const flags = ["--stack", "--json", "--project", "--write-golden", "--debug", "--help", "--program", "--out", "--prices", "--previous"];

/**
 * Parses the plan's command line; throws an InputError naming the argument that is wrong.
 * @param argv the arguments after the script name
 */
export function parsePlanArguments(argv: readonly string[]): PlanArguments {
    const parsed = { stacks: [] as string[], json: false, writeGolden: false, debug: false, help: false, project: undefined as string | undefined, program: undefined as string | undefined,
        out: undefined as string | undefined, prices: undefined as string | undefined, previous: undefined as string | undefined };
    const valueOf = (flag: keyof typeof flagExamples, index: number): string => {
        const value = argv[index + 1];
        if (value === undefined || value.startsWith("--")) {
            throw new InputError(`${flag} needs a value, e.g. ${flag} ${flagExamples[flag]}\n(npm run plan -- --help for usage)`);
        }
        return value;
    };
    for (let index = 0; index < argv.length; index++) {
        const argument = argv[index];
        const [flag, inline] = argument.startsWith("--") && argument.includes("=") ? [argument.slice(0, argument.indexOf("=")), argument.slice(argument.indexOf("=") + 1)] : [argument, undefined];
        switch (flag) {
            case "--json": parsed.json = true; break;
            case "--debug": parsed.debug = true; break;
            case "--help": case "-h": parsed.help = true; break;
            case "--write-golden": parsed.writeGolden = true; break;
            case "--stack": parsed.stacks.push(inline ?? valueOf(flag, index++)); break;
            case "--project": parsed.project = inline ?? valueOf(flag, index++); break;
            case "--program": parsed.program = path.resolve(inline ?? valueOf(flag, index++)); break;
            case "--out": parsed.out = inline ?? valueOf(flag, index++); break;
            case "--prices": parsed.prices = inline ?? valueOf(flag, index++); break;
            case "--previous": parsed.previous = inline ?? valueOf(flag, index++); break;
            default:
                throw new InputError(`unknown argument ${argument}${didYouMean(flag, flags)}\n(npm run plan -- --help for usage)`);
        }
    }
    return parsed;
}

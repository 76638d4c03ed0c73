/**
 * `npm run docs:readme`: writes the README's figures from the program, into its marked regions
 * (scripts/markedRegions.ts): the resources each stack plans, the monthly cost per stack, and
 * what `npm run plan` prints last, for the shipped layout and for the same files with one bad
 * value. They come from `examples/two-regions`, the shipped stack files, so neither the figures nor
 * the test that keeps them in step (tests/scripts/readmeFigures.test.ts) depend on a user's own
 * stack files. `--check` writes nothing and exits 1 when the README is out of date.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readProject } from "../config/stackFiles";
import { estimateCost } from "../offline/cost/estimate";
import { loadPriceTable } from "../offline/cost/priceTable";
import { dollars } from "../offline/cost/render";
import { examplesDirectory, planCommand } from "../offline/planCommand";
import { Plan, planProject } from "../offline/planner";
import { withRegion } from "./markedRegions";

/** The project the figures are planned from: the shipped layout. */
export const figuresProject = path.join(examplesDirectory, "two-regions");

/** The README. */
export const readmeFile = path.resolve(__dirname, "..", "README.md");

/** How many of the plan's last lines the README shows. */
const tailLines = 6;

/** The bad value the second example output is planned with: one file, one key. */
export const badValue = { file: "Pulumi.tokyo.yaml", from: "app:dns.weight: 50", to: "app:dns.weight: 300" } as const;

function resourceCounts(plan: Plan): string {
    const rows = plan.stacks.map((stack) => {
        const aws = stack.resources.filter((resource) => resource.region !== undefined && !resource.type.startsWith("pulumi:")).length;
        const modelled = stack.resources.filter((resource) => resource.modelled).length;
        return `| ${stack.stack} | ${stack.region} | ${stack.resources.length} | ${aws}${modelled > 0 ? ` (${modelled} modelled)` : ""} |`;
    });
    const total = plan.stacks.reduce((sum, stack) => sum + stack.resources.length, 0);
    return ["| Stack | Region | Resources planned | Of them in AWS |", "| --- | --- | ---: | ---: |", ...rows, `| **all** | | **${total}** | |`].join("\n");
}

function costTable(plan: Plan): string {
    const cost = estimateCost(plan, loadPriceTable());
    const shared = cost.shared.reduce((sum, line) => sum + (line.monthlyUsd ?? 0), 0);
    const nat = [...cost.stacks.flatMap((stack) => stack.lines), ...cost.shared]
        .filter((line) => line.item.startsWith("NAT gateway")).reduce((sum, line) => sum + (line.monthlyUsd ?? 0), 0);
    return [
        "| Stack | Region | Monthly |", "| --- | --- | ---: |",
        ...cost.stacks.map((stack) => `| ${stack.stack} | ${stack.region} | ${dollars(stack.monthlyUsd)} |`),
        ...(cost.shared.length > 0 ? [`| shared by the stacks | (the hosted zone) | ${dollars(shared)} |`] : []),
        `| **Total** | | **${dollars(cost.totalMonthlyUsd)}** |`,
        "",
        `At on-demand list prices, ${cost.hoursPerMonth} hours a month, 1 LCU per ALB and ${cost.traffic.natGigabytesPerMonth} GB a month through each VPC's NAT ` +
        `gateways, before data transfer and log storage; the NAT gateways are ${Math.round((nat / cost.totalMonthlyUsd) * 100)}% of it.`,
    ].join("\n");
}

/** What the plan command prints, stdout and stderr in the order written, for `directory`. */
async function printed(directory: string): Promise<string[]> {
    const lines: string[] = [];
    const write = (text: string) => lines.push(...text.split("\n"));
    await planCommand(["--project", directory], { out: write, err: write, isTty: false, environment: {} });
    return lines;
}

/** A copy of the shipped layout with one bad value. */
function withBadValue(): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "readme-figures-"));
    for (const file of fs.readdirSync(figuresProject)) {
        const text = fs.readFileSync(path.join(figuresProject, file), "utf8");
        fs.writeFileSync(path.join(directory, file), file === badValue.file ? text.replace(badValue.from, badValue.to) : text);
    }
    return directory;
}

/** The last lines of what was printed, from its first non-empty one, in a text fence. */
function fence(lines: readonly string[]): string {
    const tail = lines.slice(-tailLines);
    return ["```text", ...tail.slice(tail.findIndex((line) => line !== "")), "```"].join("\n");
}

/** Every generated region of the README, by marker name. */
export async function readmeFigures(): Promise<Record<string, string>> {
    const plan = await planProject(readProject(figuresProject));
    const broken = withBadValue();
    try {
        return {
            "resource-counts": resourceCounts(plan),
            "cost": costTable(plan),
            "plan-tail": fence(await printed(figuresProject)),
            "plan-tail-bad-input": fence(await printed(broken)),
        };
    } finally {
        fs.rmSync(broken, { recursive: true, force: true });
    }
}

/**
 * The README with every generated region holding its figures.
 * @param current the README's text
 * @param figures the regions' contents, by name
 */
export function expectedReadme(current: string, figures: Readonly<Record<string, string>>): string {
    return Object.entries(figures).reduce((text, [name, content]) => withRegion(text, name, content, "README.md"), current);
}

async function main(): Promise<void> {
    const current = fs.readFileSync(readmeFile, "utf8");
    const expected = expectedReadme(current, await readmeFigures());
    if (expected === current) {
        return;
    }
    if (process.argv.includes("--check")) {
        console.error("README.md's figures are out of date: run npm run docs:readme");
        process.exitCode = 1;
        return;
    }
    fs.writeFileSync(readmeFile, expected);
    console.log("wrote README.md");
}

// Stryker disable all: the process entry, run by `npm run docs:readme`
if (require.main === module) {
    main().catch((error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exitCode = 2;
    });
}
// Stryker restore all

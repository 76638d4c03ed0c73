/**
 * Every command block of the README, run exactly as written, so the README can never drift from
 * the program again. One copy of the project is made for all of them (its dependencies linked,
 * its stack files the shipped layout of examples/two-regions, so a user's own stack files never
 * turn this test red), and the blocks run in order in it, through bash with pipefail, as a user
 * would type them: npm's banner, pipes into jq and head, files written by one command and read by
 * the next. Each command must exit 0; JSON it prints or writes must parse; a closed pipe must end
 * quietly.
 *
 * Blocks fenced `sh aws` need an AWS account and are not run. Two commands are never run, by
 * name: `npm ci` (the copy shares the installed node_modules, and CI runs it for real) and `npm
 * test` (the command running this very test).
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";

const run = promisify(execFile);
const root = path.resolve(__dirname, "..");

/** The commands never run here, with the reason. */
export const notRun: Readonly<Record<string, string>> = {
    "npm ci": "the copy shares the installed dependencies; CI runs npm ci itself",
    "npm test": "the command running this test",
};

/** One fenced block of a Markdown file. */
export interface CommandBlock {
    /** The fence's info words, e.g. ["sh"] or ["sh", "aws"]. */
    readonly info: string[];
    /** Its commands, comments and blank lines removed. */
    readonly commands: string[];
}

/**
 * The shell blocks of a Markdown text: fences whose info string starts with `sh`.
 * @param markdown the text
 */
export function commandBlocks(markdown: string): CommandBlock[] {
    return [...markdown.matchAll(/^```(sh\b[^\n]*)\n([\s\S]*?)^```$/gm)].map((match) => ({
        info: match[1].trim().split(/\s+/),
        commands: match[2].split("\n").map((line) => line.replace(/(^|\s)#.*$/, "").trim()).filter((line) => line !== ""),
    }));
}

/** The parts of a command line joined by `&&`, `npm ci` left out (notRun); empty when nothing is left to run. */
export function runnableParts(command: string): { run: string; skipped: string[] } {
    const parts = command.split("&&").map((part) => part.trim());
    const skipped = parts.filter((part) => part in notRun);
    // npm ci && npm test: nothing of it runs.
    return { run: skipped.includes("npm test") ? "" : parts.filter((part) => !(part in notRun)).join(" && "), skipped };
}

/** Copies the project into a temporary directory: sources and bin/ with their times, node_modules linked, the shipped layout's stack files. */
function copyOfProject(): string {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "readme-"));
    const left = new Set(["node_modules", ".git", "test-output", "reports", "drill-reports", "out", "plan-out", ".stryker-tmp", ".drill", "scratch"]);
    for (const entry of fs.readdirSync(root)) {
        if (!left.has(entry) && !/^Pulumi\..*ya?ml$/.test(entry)) {
            fs.cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true, preserveTimestamps: true });
        }
    }
    fs.symlinkSync(path.join(root, "node_modules"), path.join(copy, "node_modules"), "dir");
    const shipped = path.join(root, "examples", "two-regions");
    for (const file of fs.readdirSync(shipped)) {
        fs.cpSync(path.join(shipped, file), path.join(copy, file), { preserveTimestamps: true });
    }
    return copy;
}

/** True when `program` is on the PATH. */
function onPath(program: string): boolean {
    return (process.env.PATH ?? "").split(path.delimiter).some((directory) => fs.existsSync(path.join(directory, program)));
}

/** A stand-in for jq where the machine has none: it parses its input as JSON (the check that matters) and prints it. */
function jqStandIn(directory: string): void {
    fs.mkdirSync(directory, { recursive: true });
    const script = path.join(directory, "jq");
    fs.writeFileSync(script, `#!/usr/bin/env node\nlet text = "";\nprocess.stdin.on("data", (chunk) => { text += chunk; });\n` +
        "process.stdin.on(\"end\", () => { try { process.stdout.write(JSON.stringify(JSON.parse(text), null, 2) + \"\\n\"); } catch (error) { console.error(`parse error: ${error.message}`); process.exit(4); } });\n");
    fs.chmodSync(script, 0o755);
}

describe("the README's commands, run as written", function () {
    this.timeout(15 * 60_000);
    const blocks = commandBlocks(fs.readFileSync(path.join(root, "README.md"), "utf8"));
    const runnable = blocks.filter((block) => !block.info.includes("aws"));
    let copy: string;
    let environment: NodeJS.ProcessEnv;

    before(() => {
        copy = copyOfProject();
        const shims = path.join(copy, ".readme-test-bin");
        if (!onPath("jq")) {
            jqStandIn(shims);
            console.log("    (no jq on this machine: a stand-in checks that what the README pipes into jq parses as JSON)");
        }
        // As a user runs them: not inside an npm script (npm would pass its own variables on), with this Node first.
        environment = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("npm_")));
        environment.PATH = [shims, path.dirname(process.execPath), process.env.PATH].join(path.delimiter);
        delete environment.NO_COLOR;
    });

    after(() => {
        if (copy) {
            fs.rmSync(copy, { recursive: true, force: true });
        }
    });

    it("has command blocks to run, the first one with the offline plan and the tests", () => {
        expect(runnable.length).to.be.above(3);
        expect(blocks[0].commands).to.deep.equal(["npm ci && npm run plan", "npm ci && npm test"]);
        expect(blocks.some((block) => block.info.includes("aws")), "blocks that need an AWS account are fenced sh aws").to.equal(true);
    });

    it("skips only the commands it names, never a command it does not know", () => {
        const skipped = runnable.flatMap((block) => block.commands.flatMap((command) => runnableParts(command).skipped));
        expect([...new Set(skipped)].sort()).to.deep.equal(Object.keys(notRun).sort());
    });

    for (const [index, block] of commandBlocks(fs.readFileSync(path.join(root, "README.md"), "utf8")).entries()) {
        if (block.info.includes("aws")) {
            continue;
        }
        it(`block ${index + 1}: ${block.commands.join("; ")}`, async () => {
            for (const command of block.commands) {
                const { run: line } = runnableParts(command);
                if (line === "") {
                    continue;
                }
                const result = await run("bash", ["-o", "pipefail", "-c", line], { cwd: copy, env: environment, maxBuffer: 64 * 1024 * 1024 })
                    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }), (error: { code: number; stdout: string; stderr: string }) => error);
                expect(result.code, `${line}\n${result.stderr.slice(-3000)}`).to.equal(0);
                expect(result.stderr, `${line}: no stack trace`).to.not.match(/EPIPE|Unhandled 'error' event|\n {4}at /);
                const redirected = />\s*(\S+)\s*$/.exec(line)?.[1];
                if (redirected === undefined) {
                    expect(result.stdout.trim(), `${line} prints something`).to.not.equal("");
                } else if (redirected.endsWith(".json")) {
                    expect(() => JSON.parse(fs.readFileSync(path.join(copy, redirected), "utf8")) as unknown, `${line}: ${redirected} is JSON`).to.not.throw();
                }
                if (/--json(\s|$)/.test(line) && !/[|>]/.test(line)) {
                    expect(() => JSON.parse(result.stdout) as unknown, `${line}: stdout is JSON`).to.not.throw();
                }
                const out = /--out\s+(\S+)/.exec(line)?.[1];
                for (const file of out ? fs.readdirSync(path.join(copy, out)).filter((name) => name.endsWith(".json")) : []) {
                    expect(() => JSON.parse(fs.readFileSync(path.join(copy, out!, file), "utf8")) as unknown, `${out}${file} parses`).to.not.throw();
                }
            }
        });
    }

    // The compiled commands read files beside their modules (the price table, the report page's script): what the README's --out commands wrote shows they found them.
    it("the README's --out commands wrote whole files: the plan's four with the shipped prices, the drill's report with its charts' script", () => {
        const commands = runnable.flatMap((block) => block.commands);
        const outOf = (command: RegExp) => /--out\s+(\S+)/.exec(commands.find((line) => command.test(line) && /--out\s/.test(line)) ?? "")?.[1];
        const planOut = outOf(/npm run plan\b/);
        const drillOut = outOf(/npm run drill -- simulate\b/);
        expect([planOut, drillOut], "the README writes the plan's files and the drill's report with --out").to.not.include(undefined);
        const plan = JSON.parse(fs.readFileSync(path.join(copy, planOut!, "plan.json"), "utf8")) as { cost: { totalMonthlyUsd: number } };
        expect(plan.cost.totalMonthlyUsd).to.be.greaterThan(0);
        expect(fs.readdirSync(path.join(copy, planOut!))).to.include.members(["diagram.svg", "plan.json", "plan.md", "pr-comment.md"]);
        expect(fs.readFileSync(path.join(copy, drillOut!, "report.html"), "utf8")).to.contain("document.body.setAttribute(\"data-ready\", \"true\")");
    });
});

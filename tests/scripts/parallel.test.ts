/**
 * scripts/parallel.js, which `npm test` uses to run the typecheck and the lint beside mocha: the
 * live script's output comes first and whole, each held script's after it, a failing script is
 * named, and the exit code is the first non-zero one in the order the scripts are named.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";

const parallel = path.resolve(__dirname, "..", "..", "scripts", "parallel.js");

/** A project whose npm scripts print and exit as told (`exit`) after `waitMs`, so the held script ends first. */
function project(): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "parallel-"));
    const script = (text: string, exit: number, waitMs = 0) =>
        `node -e "setTimeout(() => { console.log('${text} line 1'); console.error('${text} line 2'); process.exit(${exit}); }, ${waitMs})"`;
    fs.writeFileSync(path.join(directory, "package.json"), JSON.stringify({
        name: "parallel-test", private: true,
        scripts: { check: script("check", 0), failing: script("failing", 4), worse: script("worse", 5), tests: script("tests", 0, 300), failingTests: script("failingTests", 6, 300) },
    }));
    return directory;
}

function run(cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return runWith({}, cwd, ...args);
}

function runWith(extra: NodeJS.ProcessEnv, cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const environment = { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("npm_"))), ...extra };
        const child = spawn(process.execPath, [parallel, ...args], { cwd, env: environment, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

describe("scripts/parallel.js (npm test's typecheck and lint beside mocha)", () => {
    let directory: string;
    before(() => {
        directory = project();
    });
    after(() => fs.rmSync(directory, { recursive: true, force: true }));

    it("prints the live script's output first, then each held script's whole, and exits 0 when all pass", async () => {
        const result = await run(directory, "check", "--live", "tests");
        expect(result.code).to.equal(0);
        // The held script ends first (the live one waits 300 ms), yet its output follows the live one's.
        expect(result.stdout).to.equal("tests line 1\ncheck line 1\ncheck line 2\n");
        expect(result.stderr).to.equal("tests line 2\n");
    });

    it("names a failing held script and exits with its code, the tests having run to the end", async () => {
        const result = await run(directory, "failing", "check", "--live", "tests");
        expect(result.code).to.equal(4);
        expect(result.stdout).to.equal("tests line 1\nfailing line 1\nfailing line 2\nnpm run failing failed (exit 4); the tests result is above\ncheck line 1\ncheck line 2\n");
    });

    it("exits with the first non-zero code in the order the scripts are named", async () => {
        expect((await run(directory, "worse", "failing", "--live", "failingTests")).code).to.equal(5);
        expect((await run(directory, "check", "--live", "failingTests")).code).to.equal(6);
    });

    it("says so when npm cannot be started, for the live script too (exit 127, as a shell would)", async () => {
        const result = await runWith({ PATH: path.join(directory, "no-such-directory") }, directory, "check", "--live", "tests");
        expect(result.code).to.equal(127);
        expect(result.stdout).to.equal("could not start npm for check: spawn npm ENOENT\nnpm run check failed (exit 127); the tests result is above\ncould not start npm for tests: spawn npm ENOENT\n");
    });

    it("refuses --live without a script (exit 2)", async () => {
        const result = await run(directory, "check", "--live");
        expect(result.code).to.equal(2);
        expect(result.stderr).to.match(/^usage: node scripts\/parallel.js/);
    });
});

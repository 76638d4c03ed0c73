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

/**
 * A project whose npm scripts print two lines and exit with the code they are given. The held
 * scripts (check, failing, worse) end at once and touch the file PARALLEL_TEST_HELD_ENDED names;
 * the live ones (tests, failingTests) print only once that file exists, so a held script has
 * always ended before the live one, on any machine (an event, not a head start). Should none ever
 * end, the live script says so after 30 s and the output comparison fails.
 */
function project(): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "parallel-"));
    const print = "const [name, code] = process.argv.slice(2); const end = () => { console.log(`${name} line 1`); console.error(`${name} line 2`); process.exit(Number(code)); };";
    fs.writeFileSync(path.join(directory, "held.js"), `${print}\nrequire("node:fs").writeFileSync(process.env.PARALLEL_TEST_HELD_ENDED, name);\nend();\n`);
    fs.writeFileSync(path.join(directory, "live.js"), `${print}\nconst started = Date.now();\n` +
        "const wait = () => require(\"node:fs\").existsSync(process.env.PARALLEL_TEST_HELD_ENDED) ? end() : Date.now() - started > 30000 ? (console.log(\"no held script ended\"), end()) : setTimeout(wait, 20);\nwait();\n");
    // Stands in for npm where npm itself is not what a test is about (npm_execpath names it, as npm sets it for
    // scripts): `run -s <script>` runs the script's `node <file> <arguments>` in its own process, without a shell.
    fs.writeFileSync(path.join(directory, "npm-stand-in.js"), "const name = process.argv[4];\n" +
        "const [, file, ...rest] = require(\"./package.json\").scripts[name].split(\" \");\n" +
        "process.argv = [process.argv[0], require(\"node:path\").join(__dirname, file), ...rest];\nrequire(process.argv[1]);\n");
    const held = (name: string, exit: number) => `node held.js ${name} ${exit}`;
    const live = (name: string, exit: number) => `node live.js ${name} ${exit}`;
    fs.writeFileSync(path.join(directory, "package.json"), JSON.stringify({
        name: "parallel-test", private: true,
        scripts: { check: held("check", 0), failing: held("failing", 4), worse: held("worse", 5), tests: live("tests", 0), failingTests: live("failingTests", 6) },
    }));
    return directory;
}

/** Runs parallel.js in `cwd` with the real npm. */
function run(cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return runWith({}, cwd, ...args);
}

/** Runs parallel.js in `cwd` with the stand-in for npm: half the processes, where npm's own part is not tested. */
function runQuickly(cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return runWith({ npm_execpath: path.join(cwd, "npm-stand-in.js") }, cwd, ...args);
}

/** Runs parallel.js in `cwd` with `extra` in its environment, and a file of its own for the held scripts to touch when they end. */
function runWith(extra: NodeJS.ProcessEnv, cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const heldEnded = path.join(fs.mkdtempSync(path.join(cwd, "run-")), "held-ended");
        const environment = { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("npm_"))), PARALLEL_TEST_HELD_ENDED: heldEnded, ...extra };
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
        // The held script ended first (the live one waited for it), yet its output follows the live one's.
        expect(result.stdout).to.equal("tests line 1\ncheck line 1\ncheck line 2\n");
        expect(result.stderr).to.equal("tests line 2\n");
    });

    it("names a failing held script and exits with its code, the tests having run to the end", async () => {
        const result = await runQuickly(directory, "failing", "check", "--live", "tests");
        expect(result.code).to.equal(4);
        expect(result.stdout).to.equal("tests line 1\nfailing line 1\nfailing line 2\nnpm run failing failed (exit 4); the tests result is above\ncheck line 1\ncheck line 2\n");
    });

    it("exits with the first non-zero code in the order the scripts are named", async () => {
        expect((await runQuickly(directory, "worse", "failing", "--live", "failingTests")).code).to.equal(5);
        expect((await runQuickly(directory, "check", "--live", "failingTests")).code).to.equal(6);
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

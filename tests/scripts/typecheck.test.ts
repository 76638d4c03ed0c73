/**
 * scripts/typecheck.js (`npm run typecheck`): tsc's build mode over a scratch project laid out as
 * this one is (tsconfig.json, tsconfig.typecheck.json, node_modules with typescript linked). A
 * type error fails every run until it is fixed, never only the first; a run with nothing changed
 * checks nothing; a new source file, or a new install of the dependencies, is checked again. The
 * checks run in this process (the script is a CommonJS module); one runs the command line, for its
 * exit code and output.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { checking, editSource, scratchProject } from "./scratch";

const root = path.resolve(__dirname, "..", "..");
const script = path.join(root, "scripts", "typecheck.js");
const { typecheck: check } = createRequire(__filename)(script) as {
    typecheck(options: { root: string; force?: boolean; write?: (text: string) => void; pretty?: boolean }): { code: number; program: object | undefined };
};

/** The check in this process: its exit code and report. */
function typecheck(directory: string): Promise<{ code: number; output: string; checked: boolean }> {
    return checking(directory, () => {
        let output = "";
        const { code } = check({ root: directory, write: (text) => (output += text), pretty: false });
        return { code, output };
    });
}

describe("scripts/typecheck.js (tsc's build mode, npm run typecheck)", function () {
    this.timeout(120_000);
    let directory: string;
    before(() => {
        directory = scratchProject({ prefix: "typecheck-", lib: "ES5", copied: ["scripts/typecheck.js"], linked: ["typescript"] });
    });
    after(() => fs.rmSync(directory, { recursive: true, force: true }));

    it("checks once, then skips the check while nothing changed", async () => {
        expect(await typecheck(directory)).to.deep.equal({ code: 0, output: "", checked: true });
        expect(await typecheck(directory)).to.deep.equal({ code: 0, output: "", checked: false });
    });

    it("fails on a type error every time, not only the first, and passes once it is fixed", async () => {
        editSource(directory, "b.ts", "export const b: number = \"one\";\n");
        const error = "src/b.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.";
        const first = await typecheck(directory);
        expect([first.code, first.checked]).to.deep.equal([1, true]);
        expect(first.output).to.include(error);
        // The command line, run again: the same error and exit code.
        const again = await promisify(execFile)(process.execPath, [path.join(directory, "scripts", "typecheck.js")], { cwd: directory })
            .then(({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }), (failed: { code: number; stdout: string; stderr: string }) => ({ code: failed.code, output: failed.stdout + failed.stderr }));
        expect(again).to.deep.equal({ code: 1, output: `${error}\n` });
        editSource(directory, "b.ts", "export const b: number = 2;\n");
        expect((await typecheck(directory)).code).to.equal(0);
    });

    it("hands over the program it built, none when it had nothing to check", async () => {
        editSource(directory, "later.ts", "export const d = 4;\n");
        const built = check({ root: directory, write: () => undefined });
        expect(built.code).to.equal(0);
        expect((built.program as { getRootFileNames(): string[] }).getRootFileNames().map((file) => path.basename(file))).to.include.members(["a.ts", "later.ts"]);
        expect(check({ root: directory, write: () => undefined })).to.deep.equal({ code: 0, program: undefined });
    });

    it("colours its report on a terminal, as tsc does", async () => {
        editSource(directory, "e.ts", "export const e: string = 5;\n");
        let output = "";
        expect(check({ root: directory, write: (text) => (output += text), pretty: true }).code).to.equal(1);
        expect(output).to.include("\u001b[").and.include("TS2322").and.include("export const e: string = 5;");
        fs.rmSync(path.join(directory, "src", "e.ts"));
        expect((await typecheck(directory)).code).to.equal(0);
    });

    it("checks again after a new install of the dependencies (node_modules/.package-lock.json changed)", async () => {
        expect((await typecheck(directory)).checked).to.equal(false);
        fs.writeFileSync(path.join(directory, "node_modules", ".package-lock.json"), "{\"install\": 2}\n");
        expect(await typecheck(directory)).to.deep.equal({ code: 0, output: "", checked: true });
        expect((await typecheck(directory)).checked).to.equal(false);
    });

    it("catches a deleted file that another imports", async () => {
        editSource(directory, "c.ts", "import { a } from \"./a\";\nexport const c = a + 1;\n");
        expect((await typecheck(directory)).code).to.equal(0);
        fs.rmSync(path.join(directory, "src", "a.ts"));
        const result = await typecheck(directory);
        expect(result.code).to.not.equal(0);
        expect(result.output).to.include("Cannot find module './a'");
    });
});

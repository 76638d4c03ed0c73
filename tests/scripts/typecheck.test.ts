/**
 * scripts/typecheck.js (`npm run typecheck`): tsc's build mode over a scratch project laid out as
 * this one is (tsconfig.json, tsconfig.typecheck.json, node_modules with typescript linked). A
 * type error fails every run until it is fixed, never only the first; a run with nothing changed
 * checks nothing; a new source file, or a new install of the dependencies, is checked again.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";

const root = path.resolve(__dirname, "..", "..");
const buildInfo = ["node_modules", ".cache", "typecheck", "tsconfig.tsbuildinfo"];

/** A project with one source file, the typecheck script and config copied from this one, typescript linked. */
function scratchProject(): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "typecheck-"));
    fs.mkdirSync(path.join(directory, "scripts"));
    fs.copyFileSync(path.join(root, "scripts", "typecheck.js"), path.join(directory, "scripts", "typecheck.js"));
    fs.copyFileSync(path.join(root, "tsconfig.typecheck.json"), path.join(directory, "tsconfig.typecheck.json"));
    fs.writeFileSync(path.join(directory, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, types: [], lib: ["ES5"] }, include: ["src/**/*.ts"] }));
    fs.mkdirSync(path.join(directory, "src"));
    fs.writeFileSync(path.join(directory, "src", "a.ts"), "export const a: number = 1;\n");
    fs.mkdirSync(path.join(directory, "node_modules"));
    fs.symlinkSync(path.join(root, "node_modules", "typescript"), path.join(directory, "node_modules", "typescript"), "dir");
    fs.writeFileSync(path.join(directory, "node_modules", ".package-lock.json"), "{\"install\": 1}\n");
    return directory;
}

async function typecheck(directory: string): Promise<{ code: number; output: string; checked: boolean }> {
    const record = path.join(directory, ...buildInfo);
    const before = fs.existsSync(record) ? fs.statSync(record).mtimeMs : undefined;
    const result = await promisify(execFile)(process.execPath, [path.join(directory, "scripts", "typecheck.js")], { cwd: directory })
        .then(({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }), (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }));
    // tsc rewrites its record whenever it checked; build mode leaves it alone when the project was up to date.
    const after = fs.existsSync(record) ? fs.statSync(record).mtimeMs : undefined;
    return { ...result, checked: after !== before };
}

describe("scripts/typecheck.js (tsc's build mode, npm run typecheck)", function () {
    this.timeout(120_000);
    let directory: string;
    before(() => {
        directory = scratchProject();
    });
    after(() => fs.rmSync(directory, { recursive: true, force: true }));

    it("checks once, then skips the check while nothing changed", async () => {
        expect(await typecheck(directory)).to.deep.equal({ code: 0, output: "", checked: true });
        expect(await typecheck(directory)).to.deep.equal({ code: 0, output: "", checked: false });
    });

    it("fails on a type error every time, not only the first, and passes once it is fixed", async () => {
        const file = path.join(directory, "src", "b.ts");
        fs.writeFileSync(file, "export const b: number = \"one\";\n");
        for (const attempt of [1, 2]) {
            const result = await typecheck(directory);
            expect(result.code, `attempt ${attempt}`).to.not.equal(0);
            expect(result.output, `attempt ${attempt}`).to.include("src/b.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.");
        }
        fs.writeFileSync(file, "export const b: number = 2;\n");
        expect((await typecheck(directory)).code).to.equal(0);
    });

    it("checks again after a new install of the dependencies (node_modules/.package-lock.json changed)", async () => {
        expect((await typecheck(directory)).checked).to.equal(false);
        fs.writeFileSync(path.join(directory, "node_modules", ".package-lock.json"), "{\"install\": 2}\n");
        expect(await typecheck(directory)).to.deep.equal({ code: 0, output: "", checked: true });
        expect((await typecheck(directory)).checked).to.equal(false);
    });

    it("catches a deleted file that another imports", async () => {
        fs.writeFileSync(path.join(directory, "src", "c.ts"), "import { a } from \"./a\";\nexport const c = a + 1;\n");
        expect((await typecheck(directory)).code).to.equal(0);
        fs.rmSync(path.join(directory, "src", "a.ts"));
        const result = await typecheck(directory);
        expect(result.code).to.not.equal(0);
        expect(result.output).to.include("Cannot find module './a'");
    });
});

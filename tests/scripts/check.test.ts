/**
 * scripts/check.js (`npm run check`, npm test's typecheck and lint): over a scratch project with
 * this project's ESLint config, a type error and a floating promise are both reported whichever
 * program gives the lint its types (the typecheck's, when it ran; ESLint's own, when the typecheck
 * was up to date but a file is not in ESLint's cache), and a clean project passes without checking
 * again. Run in this process (the scripts are CommonJS modules) to spare two Node start-ups a run.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { expect } from "chai";
import { checking, editSource, scratchProject } from "./scratch";

const root = path.resolve(__dirname, "..", "..");
const { check, typeInformation } = createRequire(__filename)(path.join(root, "scripts", "check.js")) as {
    check(options: { root: string; force?: boolean; write?: (text: string) => void; pretty?: boolean }): Promise<number>;
    typeInformation(program: object | undefined, root: string): { programs?: object[]; projectService: boolean; toJSON(): unknown };
};

describe("scripts/check.js (npm test's typecheck and lint, one TypeScript program)", function () {
    this.timeout(120_000);
    let directory: string;
    /** Runs the check; its exit code, its report, and whether the typecheck ran. */
    async function run(): Promise<{ code: number; output: string; typechecked: boolean }> {
        let output = "";
        const { code, checked } = await checking(directory, async () => ({ code: await check({ root: directory, write: (text) => (output += text), pretty: false }) }));
        return { code, output, typechecked: checked };
    }

    before(() => {
        directory = scratchProject({ prefix: "check-", lib: "ES2015", copied: ["eslint.config.mjs"], linked: ["typescript", "eslint", "typescript-eslint", "@eslint/js"] });
    });
    after(() => fs.rmSync(directory, { recursive: true, force: true }));

    it("passes a clean project, then passes again without checking its types or linting again", async () => {
        expect(await run()).to.deep.equal({ code: 0, output: "", typechecked: true });
        const lintCache = () => fs.readdirSync(path.join(directory, "node_modules", ".cache", "eslint-check")).map((file) => fs.readFileSync(path.join(directory, "node_modules", ".cache", "eslint-check", file), "utf8"));
        const linted = lintCache();
        expect(await run()).to.deep.equal({ code: 0, output: "", typechecked: false });
        // ESLint records the config's digest beside each file: a second config (no program this time) would have linted a.ts again.
        expect(lintCache()).to.deep.equal(linted);
    });

    it("gives ESLint the typecheck's program when there is one, its project service otherwise, the two alike for its cache", () => {
        const program = { getRootFileNames: () => [] };
        const given = typeInformation(program, directory);
        expect([given.programs, given.projectService]).to.deep.equal([[program], false]);
        const own = typeInformation(undefined, directory);
        expect([own.programs, own.projectService]).to.deep.equal([undefined, true]);
        expect(JSON.stringify(given)).to.equal(JSON.stringify(own));
    });

    it("reports a type error and a floating promise together, the typecheck's exit code first", async () => {
        editSource(directory, "b.ts", "export const b: number = \"one\";\nasync function later(): Promise<number> { return 1; }\nexport function floats(): void { later(); }\n");
        const result = await run();
        expect(result.code).to.equal(1);
        expect(result.output).to.include("src/b.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.");
        expect(result.output).to.include("typecheck failed (exit 1); the lint follows");
        expect(result.output).to.match(/3:34 +error +Promises must be awaited.*@typescript-eslint\/no-floating-promises/);
    });

    it("lints with the typecheck's program after a change, and with ESLint's own when the types were up to date", async () => {
        editSource(directory, "b.ts", "async function later(): Promise<number> { return 1; }\nexport function floats(): void { later(); }\n");
        const changed = await run();
        expect([changed.code, changed.typechecked]).to.deep.equal([1, true]);
        expect(changed.output).to.match(/2:34 +error +Promises must be awaited.*no-floating-promises/);
        // Types up to date, the lint's cache gone: ESLint builds its own program, with the same finding.
        fs.rmSync(path.join(directory, "node_modules", ".cache", "eslint-check"), { recursive: true, force: true });
        const fresh = await run();
        expect([fresh.code, fresh.typechecked]).to.deep.equal([1, false]);
        expect(fresh.output).to.match(/2:34 +error +Promises must be awaited.*no-floating-promises/);
    });

    it("passes once the promise is handled", async () => {
        editSource(directory, "b.ts", "async function later(): Promise<number> { return 1; }\nexport function floats(): void { void later(); }\n");
        expect(await run()).to.deep.equal({ code: 0, output: "", typechecked: true });
    });
});

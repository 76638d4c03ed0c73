/**
 * .mocharc.cjs: every test file runs exactly once, and the files it starts first (the slowest)
 * exist, so a renamed or deleted test file cannot leave a stale name in the list.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parallelMainVariable } from "./setup";

const root = path.resolve(__dirname, "..");

describe("the suite's file order (.mocharc.cjs)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require(path.join(root, ".mocharc.cjs")) as { spec: string[] };
    const onDisk = fs.globSync("tests/**/*.test.ts", { cwd: root }).map((file) => file.split(path.sep).join("/")).sort();

    it("lists every test file once, and no file that is not there", () => {
        expect([...config.spec].sort()).to.deep.equal(onDisk);
        expect(onDisk).to.include("tests/suiteOrder.test.ts");
    });

    it("starts the slow files first: the README's, the plan's and the browser's", () => {
        expect(config.spec.slice(0, 3)).to.deep.equal(["tests/readme.test.ts", "tests/offline/plan.test.ts", "tests/browser/visuals.test.ts"]);
    });

    it("names mocha's main process for tests/setup.ts only there, never a worker that reads the file (as this one did above)", function () {
        if (process.env.MOCHA_WORKER_ID === undefined) {
            this.skip(); // not in a parallel worker (a single file run without .mocharc.cjs, or --no-parallel)
        }
        expect(process.env[parallelMainVariable]).to.be.a("string").and.not.equal(String(process.pid));
    });
});

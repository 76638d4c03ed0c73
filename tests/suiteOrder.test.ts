/**
 * .mocharc.cjs: every test file runs exactly once, and the files it starts first (the slowest)
 * exist, so a renamed or deleted test file cannot leave a stale name in the list.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";

const root = path.resolve(__dirname, "..");

describe("the suite's file order (.mocharc.cjs)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require(path.join(root, ".mocharc.cjs")) as { spec: string[] };
    const onDisk = fs.globSync("tests/**/*.test.ts", { cwd: root }).map((file) => file.split(path.sep).join("/")).sort();

    it("lists every test file once, and no file that is not there", () => {
        expect([...config.spec].sort()).to.deep.equal(onDisk);
        expect(onDisk).to.include("tests/suiteOrder.test.ts");
    });

    it("starts the slow files first: the plan's, the README's and the killed drills'", () => {
        expect(config.spec.slice(0, 3)).to.deep.equal(["tests/offline/plan.test.ts", "tests/readme.test.ts", "tests/drill/interrupted.test.ts"]);
    });
});

/**
 * `npm run test:soak` (scripts/soak.js): its counts come from the command line, refused when they
 * are not whole numbers; with no runs it runs nothing and says so. (Its runs are `npm test`
 * itself, which the suite cannot run from inside.)
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { expect } from "chai";

const soak = path.resolve(__dirname, "..", "..", "scripts", "soak.js");
const run = (...args: string[]) => spawnSync(process.execPath, [soak, ...args], { encoding: "utf8" });

describe("npm run test:soak", () => {
    it("refuses a count that is not a whole number, naming the option (exit 2)", () => {
        const result = run("--runs", "ten");
        expect(result.status).to.equal(2);
        expect(result.stderr).to.equal("--runs needs a whole number, got ten\n");
        expect(run("--loaded", "-1").stderr).to.equal("--loaded needs a whole number, got -1\n");
    });

    it("runs nothing when asked for no runs, and says how many passed and how many were under load", () => {
        const result = run("--runs", "0");
        expect(result.status).to.equal(0);
        expect(result.stdout).to.equal("soak: 0/0 runs passed, 0 of them under load\n");
    });
});

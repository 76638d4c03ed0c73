/**
 * The user's commands run the compiled program (scripts/launch.js builds bin/). The visual
 * outputs read files beside their modules (the price table, the report page's script), so this
 * runs both commands the way users do and checks what they write.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { projectFiles } from "../harness";

const root = path.resolve(__dirname, "..", "..");
const launch = (...args: string[]) => promisify(execFile)(process.execPath, [path.join(root, "scripts", "launch.js"), ...args], { cwd: root, maxBuffer: 16 * 1024 * 1024 });

describe("compiled commands (scripts/launch.js)", function () {
    this.timeout(240_000);

    it("npm run plan -- --out writes the plan files with the shipped prices", async () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "compiled-plan-"));
        await launch("offline/plan", "--project", projectFiles.directory, "--out", out);
        const plan = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")) as { cost: { totalMonthlyUsd: number } };
        expect(plan.cost.totalMonthlyUsd).to.be.greaterThan(0);
        expect(fs.readdirSync(out).sort()).to.deep.equal(["diagram.svg", "plan.json", "plan.md", "pr-comment.md"]);
    });

    it("npm run drill -- simulate --out writes report.html with its charts' script", async () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "compiled-drill-"));
        await launch("drill/cli", "simulate", "--fail", "seoul", "--project", projectFiles.directory, "--out", out);
        expect(fs.readFileSync(path.join(out, "report.html"), "utf8")).to.contain("document.body.setAttribute(\"data-ready\", \"true\")");
    });
});

/**
 * `npm run readiness`'s command line in process against the fake account: flags, exit codes, the
 * text, JSON and HTML reports, an account where every condition fails at once, and the real entry
 * spawned without a Pulumi CLI.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { parseReadinessCommand, usage } from "../../readiness/args";
import { readinessCommand, realReadinessDependencies } from "../../readiness/cli";
import { readinessDefaults } from "../../readiness/context";
import { ReadinessReport } from "../../readiness/types";
import { lockValue } from "../../drill/safety/lock";
import { projectDir, readinessIds, repositoryRoot, temporaryDirectory } from "../drill/fakes";
import { readinessWorld, routingControlWorld } from "./world";

/** Runs the command with a fake world, capturing what it writes. */
async function readiness(argv: string[], fake = readinessWorld()): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await readinessCommand(argv, { out: (text) => out.push(text), err: (text) => err.push(text) }, () => fake.deps);
    return { code, out: out.join(""), err: err.join("") };
}

/** An account where every kind of check finds a condition that would stop failover. */
function brokenEverywhere() {
    const fake = routingControlWorld();
    const { regional, world } = fake;
    world.setDial("seoul", 0);
    world.setCheckersHealthy("seoul", false);
    world.setAlarmFiring("tokyo", "target-5xx");
    world.setControl("tokyo", "Off");
    regional.targetGroups.get(readinessIds.tokyo.targetGroups.canary)!.targets = [];
    regional.certificates.get(readinessIds.seoul.certificates[0])!.notAfter = new Date(fake.clock.startMs + 5 * 86_400_000);
    world.setGroupSizes("tokyo", { minSize: 1, maxSize: 1, desiredCapacity: 1 });
    world.groups.seoul.instances = [];
    regional.quotas.set("ap-northeast-2", { applied: 16, defaultValue: 5, usage: 14 });
    world.recordSets.set("_drill-lock.example.com. TXT", { Name: "_drill-lock.example.com.", Type: "TXT", TTL: 60, ResourceRecords: [{ Value: lockValue({
        id: "drill-0042", target: "tokyo", lever: "routing-control", startedAt: "2025-05-31T23:50:00.000Z", expiresAt: "2025-06-01T00:30:00.000Z", by: "alice",
    }) }] });
    world.recordSets.delete("_drill-passed.example.com. TXT");
    return fake;
}

describe("npm run readiness: command line", () => {
    describe("flags", () => {
        it("takes --json, --out, --certificate-days and --project, with defaults", () => {
            expect(parseReadinessCommand([], "/work", "/repo")).to.deep.equal({ kind: "check", json: false, debug: false, options: { projectDir: "/repo", certificateDays: readinessDefaults.certificateDays } });
            expect(parseReadinessCommand(["--json", "--out", "report", "--certificate-days", "45", "--project", "examples/x"], "/work", "/repo")).to.deep.equal({
                kind: "check", json: true, debug: false, outDir: "/work/report", options: { projectDir: "/work/examples/x", certificateDays: 45 },
            });
        });

        it("refuses a negative --certificate-days, at the boundary", () => {
            expect(parseReadinessCommand(["--certificate-days", "0"], "/w", "/r")).to.deep.include({ kind: "check" });
            expect(() => parseReadinessCommand(["--certificate-days=-1"], "/w", "/r")).to.throw("--certificate-days must be a number of days, at least 0, got -1");
            expect(() => parseReadinessCommand(["--certificate-days", "soon"], "/w", "/r")).to.throw("--certificate-days must be a number of days, at least 0, got soon");
        });
    });

    describe("exit codes and output", () => {
        it("0 and the usage for --help; 2 and the usage for an unknown flag", async () => {
            expect(await readiness(["--help"])).to.deep.include({ code: 0, out: usage });
            const wrong = await readiness(["--stack", "seoul"]);
            expect(wrong.code).to.equal(2);
            expect(wrong.err).to.match(/^readiness: Unknown option '--stack'/).and.contain("Usage:\n  npm run readiness --");
        });

        it("prints the IAM policy the checks need with --iam-policy", async () => {
            const { code, out } = await readiness(["--iam-policy"]);
            expect(code).to.equal(0);
            expect(out).to.equal(fs.readFileSync(path.join(repositoryRoot, "docs", "readiness-iam-policy.json"), "utf8"));
        });

        it("0 for a healthy account, the verdict on the last line", async () => {
            const { code, out } = await readiness(["--project", projectDir]);
            expect(code).to.equal(0);
            expect(out.trimEnd().split("\n").at(-1)).to.match(/^READY: failover would work now: \d+ check\(s\) passed$/);
        });

        it("reports each condition that would stop failover, exit 1, in text, JSON and a self-contained HTML page", async () => {
            const out = temporaryDirectory();
            const broken = brokenEverywhere();
            const text = await readiness(["--project", broken.directory, "--out", out], broken);
            expect(text.code).to.equal(1);
            const failing = text.out.split("\n").filter((line) => line.startsWith("  FAIL"));
            // One failing line per condition, under every heading but the deployment's.
            const headings = ["Route 53 health checks", "Alarms Route 53 follows", "Routing controls", "Global Accelerator", "Healthy targets", "Certificates",
                "Capacity after a region's loss", "On-Demand vCPU quota", "Unrestored drills", "Last passing drill"];
            const sections = text.out.split("\n\n");
            for (const heading of headings) {
                const section = sections.find((candidate) => candidate.startsWith(`${heading}\n`));
                expect(section, heading).to.match(/\n {2}FAIL {2}/);
            }
            expect(failing.length).to.be.at.least(headings.length);
            expect(text.out.trimEnd().split("\n").at(-1)).to.match(new RegExp(`^NOT READY: ${failing.length} condition\\(s\\) would stop failover: `));
            const report = JSON.parse(fs.readFileSync(path.join(out, "readiness.json"), "utf8")) as ReadinessReport;
            expect(report.checks.filter((check) => check.status === "fail")).to.have.length(failing.length);
            const html = fs.readFileSync(path.join(out, "readiness.html"), "utf8");
            expect(html.match(/data-status="fail"/g)).to.have.length(failing.length);
            expect(html).to.contain(`<section id="verdict" data-verdict="not-ready">`).and.contain("content=\"default-src 'none'; style-src 'unsafe-inline'\"");
            // Nothing that would load: no script, no stylesheet link, no source or link attribute.
            expect(html).to.not.match(/<script|<link|\ssrc=|\shref=/i);
            expect(text.err).to.equal(`wrote ${path.join(out, "readiness.html")} and ${path.join(out, "readiness.json")}\n`);
        });

        it("prints the report as JSON with --json", async () => {
            const { code, out } = await readiness(["--project", projectDir, "--json"]);
            const report = JSON.parse(out) as ReadinessReport;
            expect(code).to.equal(0);
            expect(report).to.deep.include({ schemaVersion: 1, project: "app", verdict: "ready", checkedAt: "2025-06-01T00:00:00.000Z" });
        });
    });

    describe("the real entry (spawned)", () => {
        it("reads the stacks through the Pulumi CLI and, without one on PATH, exits 2 saying what to install", async () => {
            const environment = { ...process.env, PATH: [path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter) };
            const failure = await promisify(execFile)(process.execPath, [path.join(repositoryRoot, "scripts", "launch.js"), "readiness/cli", "--project", projectDir], { env: environment, cwd: repositoryRoot })
                .then(() => undefined, (error: { code: number; stdout: string; stderr: string }) => error);
            expect(failure?.code).to.equal(2);
            expect(failure?.stderr).to.match(/^readiness: npm run readiness needs the Pulumi CLI, and `pulumi version` failed \(not found on PATH\): install it/);
        });

        it("builds the SDK clients in the regions their APIs live in", async () => {
            const { aws } = realReadinessDependencies(projectDir);
            expect(await aws.route53.config.region()).to.equal("us-east-1");
            expect(await aws.globalAccelerator.config.region()).to.equal("us-west-2");
            expect(await aws.serviceQuotas("ap-northeast-2").config.region()).to.equal("ap-northeast-2");
            expect(await aws.acm("ap-northeast-1").config.region()).to.equal("ap-northeast-1");
            expect(aws.elbv2("eu-west-1")).to.equal(aws.elbv2("eu-west-1"));
        });
    });
});

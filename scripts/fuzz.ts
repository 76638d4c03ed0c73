/**
 * `npm run fuzz [-- --seed N | --random] [--sets N] [--shards N] [--traces]`: plans generated
 * stack-file sets (1,000 by default) and checks the rules every run keeps (tests/offline/fuzzRun.ts:
 * every class, no internal error, hang or message without a file, every commercial region). CI
 * runs it with the fixed seed after `npm test`; `--random` picks a seed, printed for replay. The
 * sets are planned in `--shards` processes at once (default: one per core, at most 2 on CI's
 * machine), each the sets whose number modulo the shard count is its own, so the counts are the
 * same whatever the shard count. Exit 0 when every rule is kept, 1 when one is broken, 3 on a
 * crash of the run itself. `--traces` records the stack traces of internal errors, as the plan's
 * --debug does.
 */
import { spawn } from "node:child_process";
import * as os from "node:os";
import { regionCodes } from "../domain/regions";
import { formatReport, FuzzReport, fuzzRules, fuzzSeed, mergeReports, runFuzz } from "../tests/offline/fuzzRun";

/** The value after `name`, as a number. */
function option(argv: readonly string[], name: string): number | undefined {
    const index = argv.indexOf(name);
    return index >= 0 ? Number(argv[index + 1]) : undefined;
}

/** A report as JSON (the set of regions as a list), for a shard's output. */
function toJson(report: FuzzReport): string {
    return JSON.stringify({ ...report, regionsPlanned: [...report.regionsPlanned] });
}

/** A shard's JSON output as a report. */
function fromJson(text: string): FuzzReport {
    const parsed = JSON.parse(text) as Omit<FuzzReport, "regionsPlanned"> & { regionsPlanned: string[] };
    return { ...parsed, regionsPlanned: new Set(parsed.regionsPlanned) };
}

/** Runs shard `index` of `count` in a process of its own; resolves with its report. */
function runShard(argv: readonly string[], index: number, count: number): Promise<FuzzReport> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [...process.execArgv, __filename, ...argv, "--shard", String(index), String(count)], { stdio: ["ignore", "pipe", "inherit"] });
        const output: Buffer[] = [];
        child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
        child.on("error", reject);
        child.on("close", (code) => {
            if (code !== 0) {
                reject(new Error(`fuzz shard ${index + 1} of ${count} exited ${code}`));
                return;
            }
            resolve(fromJson(Buffer.concat(output).toString("utf8")));
        });
    });
}

async function main(argv: readonly string[]): Promise<number> {
    const sets = option(argv, "--sets") ?? 1000;
    const traces = argv.includes("--traces");
    const shardAt = argv.indexOf("--shard");
    if (shardAt >= 0) {
        const report = await runFuzz({ seed: option(argv, "--seed") ?? fuzzSeed, sets, traces, shard: { index: Number(argv[shardAt + 1]), count: Number(argv[shardAt + 2]) } });
        process.stdout.write(toJson(report));
        return 0;
    }
    const seed = argv.includes("--random") ? Math.floor(Math.random() * 2 ** 31) : option(argv, "--seed") ?? fuzzSeed;
    const shards = Math.max(1, option(argv, "--shards") ?? Math.min(2, os.availableParallelism()));
    const passOn = ["--seed", String(seed), "--sets", String(sets), ...(traces ? ["--traces"] : [])];
    console.log(`fuzz: seed ${seed}, ${sets} sets in ${shards} process(es) (replay: npm run fuzz -- --seed ${seed} --sets ${sets})`);
    const report = mergeReports(await Promise.all(Array.from({ length: shards }, (_, index) => runShard(passOn, index, shards))));
    console.log(formatReport(report));
    // Every region needs the full run's sets; a shorter run (--sets) checks the other rules.
    const full = sets >= 1000;
    const rules = fuzzRules(report, full ? regionCodes : undefined, full ? 1000 : sets);
    for (const rule of rules) {
        console.log(`${rule.broken.length === 0 ? "  ok     " : "  BROKEN "} ${rule.rule}`);
        rule.broken.slice(0, 20).forEach((line) => console.log(`           ${line}`));
    }
    if (report.failures.length > 0 && !traces) {
        console.log(`stack traces: npm run fuzz -- --seed ${seed} --sets ${sets} --traces`);
    }
    const broken = rules.filter((rule) => rule.broken.length > 0).length;
    // Read by .ci/run, which adds the rules to the suite's closing count.
    console.log(`fuzz rules: ${rules.length - broken} kept, ${broken} broken`);
    return broken > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error: unknown) => {
    console.error(error);
    process.exitCode = 3;
});

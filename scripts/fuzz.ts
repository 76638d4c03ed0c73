/**
 * `npm run fuzz [-- --seed N] [--sets N] [--traces]`: the plan's fuzz test with a random seed
 * (printed, so a failure can be replayed with --seed; --traces records the stack traces of
 * internal errors, as the plan's --debug does). Exit 1 when any set ends in an internal error, a
 * hang or a message that names no file.
 */
import { formatReport, runFuzz } from "../tests/offline/fuzzRun";

function option(name: string): number | undefined {
    const index = process.argv.indexOf(name);
    return index >= 0 ? Number(process.argv[index + 1]) : undefined;
}

async function main(): Promise<number> {
    const seed = option("--seed") ?? Math.floor(Math.random() * 2 ** 31);
    const sets = option("--sets") ?? 1000;
    console.log(`fuzz seed ${seed} (replay: npm run fuzz -- --seed ${seed} --sets ${sets})`);
    const traces = process.argv.includes("--traces");
    const report = await runFuzz({ seed, sets, traces });
    console.log(formatReport(report));
    for (const failure of report.failures) {
        console.log(`set ${failure.index} [${failure.kind}] ${failure.defect}: ${failure.reason}`);
    }
    if (report.failures.length > 0 && !traces) {
        console.log(`stack traces: npm run fuzz -- --seed ${seed} --sets ${sets} --traces`);
    }
    return report.failures.length > 0 ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
    console.error(error);
    process.exitCode = 3;
});

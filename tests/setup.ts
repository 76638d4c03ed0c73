/**
 * Loaded by .mocharc before any test file. In every process that runs tests it loads
 * tests/mocks.ts first: the Pulumi runtime in mock mode before any program code is imported. Mocha's
 * main process in parallel mode runs no test (its workers do): .mocharc.cjs names it by its process
 * id in {@link parallelMainVariable}, and it skips loading Pulumi, which took 1.5 to 2 CPU-seconds
 * before the workers could start.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

/** Set by .mocharc.cjs to the id of the process that read it, when mocha runs the files in parallel workers. */
export const parallelMainVariable = "MULTIREGION_MOCHA_PARALLEL_MAIN";

if (process.env[parallelMainVariable] !== String(process.pid)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("./mocks");
}

/**
 * Once, before any test file runs: brings bin/ up to date (scripts/launch.js --build), so the
 * tests that start the commands as users do find it built instead of each waiting for the build
 * and seeing its "Compiling" line on stderr.
 */
export function mochaGlobalSetup(): void {
    const result = spawnSync(process.execPath, [path.join(__dirname, "..", "scripts", "launch.js"), "--build"], { encoding: "utf8" });
    if (result.status !== 0) {
        throw new Error(`scripts/launch.js --build failed (exit ${result.status}):\n${result.stderr}`);
    }
}

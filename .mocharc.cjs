/**
 * Mocha's configuration for `npm test`: TypeScript through tsx, tests/setup.ts first (Pulumi's
 * mocks), every tests/**\/*.test.ts file, two workers (CI's two cores).
 *
 * The files that take longest start first. Mocha hands the files to its two workers in list
 * order; in name order the README's commands (25 s) came last and ran alone while the other
 * worker had finished, for up to 20 s. Started first, they run beside the rest and both workers
 * end within a few seconds of each other. A file named here that no longer exists is an error
 * (tests/suiteOrder.test.ts), so the list cannot rot silently.
 */
"use strict";
const fs = require("node:fs");

/** The slowest test files (wall time in npm test on two cores, 5 December 2026), slowest first. */
const slowestFirst = [
    "tests/readme.test.ts",
    "tests/offline/plan.test.ts",
    "tests/browser/visuals.test.ts",
    "tests/drill/pty.test.ts",
    "tests/program/wiring.test.ts",
    "tests/drill/interrupted.test.ts",
    "tests/offline/fuzz.test.ts",
];

/**
 * Mocha's main process reads this file and, in parallel mode, runs no test file itself:
 * tests/setup.ts then skips loading Pulumi's mocks here (the workers load them). Not when
 * --no-parallel is given, where the tests run in this process, nor in a worker that reads this
 * file (tests/suiteOrder.test.ts does).
 */
if (process.env.MOCHA_WORKER_ID === undefined && !process.argv.some((argument) => /^--(no-parallel|parallel=false)$/.test(argument))) {
    process.env.MULTIREGION_MOCHA_PARALLEL_MAIN = String(process.pid);
}

const allFiles = fs.globSync("tests/**/*.test.ts", { cwd: __dirname }).map((file) => file.split("\\").join("/")).sort();

module.exports = {
    require: ["tsx/cjs", "tests/setup.ts"],
    extension: ["ts"],
    spec: [...slowestFirst, ...allFiles.filter((file) => !slowestFirst.includes(file))],
    timeout: 60000,
    reporter: "spec",
    parallel: true,
    jobs: 2,
};

#!/usr/bin/env node
/**
 * `node scripts/parallel.js [--live <npm script>] <npm script> ...`: runs npm scripts at the same
 * time and exits with the first non-zero exit code, in the order the scripts are named. The
 * `--live` script writes to the terminal as it goes; each other script's output is held and
 * printed whole once it ends (after the live one's, so the two never interleave), with a line
 * naming it when it failed.
 *
 * `npm test` runs the typecheck and the lint beside mocha: on two cores the checks fill the time
 * mocha's workers spend waiting on the processes they start, instead of running first.
 */
"use strict";
const { spawn } = require("node:child_process");

const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
const argv = process.argv.slice(2);
const liveAt = argv.indexOf("--live");
const live = liveAt >= 0 ? argv[liveAt + 1] : undefined;
const scripts = liveAt >= 0 ? [...argv.slice(0, liveAt), live, ...argv.slice(liveAt + 2)] : argv;
if (scripts.length === 0 || (liveAt >= 0 && live === undefined)) {
    process.stderr.write("usage: node scripts/parallel.js [--live <npm script>] <npm script> ...\n");
    process.exit(2);
}

/** Runs one npm script; resolves with its exit code and, unless it is live, its output. */
function runScript(script) {
    return new Promise((resolve) => {
        const isLive = script === live;
        const child = spawn(npm[0], [...npm.slice(1), "run", "-s", script], { stdio: isLive ? "inherit" : ["ignore", "pipe", "pipe"] });
        const output = [];
        child.stdout?.on("data", (chunk) => output.push(chunk));
        child.stderr?.on("data", (chunk) => output.push(chunk));
        // npm not found: said in the output, exit 127 as a shell would.
        child.on("error", (error) => resolve({ script, code: 127, output: Buffer.from(`could not start npm for ${script}: ${error.message}\n`) }));
        child.on("close", (code, signal) => resolve({ script, code: code ?? (signal ? 1 : 0), output: Buffer.concat(output) }));
    });
}

const runs = scripts.map(runScript);
(async () => {
    const liveRun = live === undefined ? undefined : await runs[scripts.indexOf(live)];
    const results = await Promise.all(runs);
    for (const result of results) {
        // The live script's output went to the terminal already; it has some here only when npm could not start.
        process.stdout.write(result.output);
        if (result.code !== 0 && result !== liveRun) {
            process.stdout.write(`npm run ${result.script} failed (exit ${result.code})${liveRun ? `; the ${live} result is above` : ""}\n`);
        }
    }
    process.exitCode = results.find((result) => result.code !== 0)?.code ?? 0;
})();

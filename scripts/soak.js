#!/usr/bin/env node
/**
 * `npm run test:soak [-- --runs N --loaded N]`: runs `npm test` N times in a row (default 10),
 * the last `--loaded` of them (default 5) with two CPU-bound processes beside it, as a busy 2-core
 * CI machine would be. A test that depends on timing or on the scheduler fails here first. Prints
 * one line per run (its time, its passing and failing counts) and keeps each failing run's output
 * in a file it names. Exit 0 when every run passed, 1 otherwise.
 */
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/** The number after `name` on the command line, or `fallback`. */
function option(name, fallback) {
    const index = process.argv.indexOf(name);
    const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
    if (!Number.isInteger(value) || value < 0) {
        process.stderr.write(`${name} needs a whole number, got ${process.argv[index + 1]}\n`);
        process.exit(2);
    }
    return value;
}

const runs = option("--runs", 10);
const loaded = Math.min(runs, option("--loaded", 5));
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
const logs = fs.mkdtempSync(path.join(os.tmpdir(), "soak-"));

/** Two processes that keep a core busy each until stopped. */
function startLoad() {
    return [0, 1].map(() => spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
}

let failures = 0;
for (let run = 1; run <= runs; run++) {
    const underLoad = run > runs - loaded;
    const load = underLoad ? startLoad() : [];
    const started = Date.now();
    const result = spawnSync(npm[0], [...npm.slice(1), "test"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    load.forEach((hog) => hog.kill("SIGKILL"));
    const output = `${result.stdout}${result.stderr}`;
    const passing = /^ +(\d+) passing/m.exec(output)?.[1] ?? "0";
    const failing = /^ +(\d+) failing/m.exec(output)?.[1] ?? "0";
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    let line = `run ${run}/${runs}${underLoad ? " (2 CPU-bound processes beside it)" : ""}: ${result.status === 0 ? "passed" : `FAILED (exit ${result.status})`}, ${passing} passing, ${failing} failing, ${seconds} s`;
    if (result.status !== 0) {
        failures++;
        const file = path.join(logs, `run-${run}.log`);
        fs.writeFileSync(file, output);
        line += `; output in ${file}`;
    }
    process.stdout.write(`${line}\n`);
}
process.stdout.write(`soak: ${runs - failures}/${runs} runs passed, ${loaded} of them under load\n`);
process.exitCode = failures > 0 ? 1 : 0;

#!/usr/bin/env node
/**
 * `node scripts/parallel.js <npm script> ...`: runs npm scripts at the same time (the typecheck
 * and the lint each keep one core busy), prints each one's output when it ends, and exits with
 * the first non-zero exit code. `npm test` uses it so the two checks take the time of the longer.
 */
"use strict";
const { spawn } = require("node:child_process");

const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
const runs = process.argv.slice(2).map((script) => new Promise((resolve) => {
    const child = spawn(npm[0], [...npm.slice(1), "run", "-s", script], { stdio: ["ignore", "pipe", "pipe"] });
    const output = [];
    child.stdout.on("data", (chunk) => output.push(chunk));
    child.stderr.on("data", (chunk) => output.push(chunk));
    child.on("close", (code) => {
        process.stdout.write(Buffer.concat(output));
        resolve(code ?? 1);
    });
}));
Promise.all(runs).then((codes) => {
    process.exitCode = codes.find((code) => code !== 0) ?? 0;
});

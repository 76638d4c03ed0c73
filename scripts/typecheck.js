#!/usr/bin/env node
/**
 * `npm run typecheck`: tsc over every TypeScript file of tsconfig.json (strict, no output), in
 * tsc's build mode (tsconfig.typecheck.json). Build mode skips the whole check when no source
 * file is newer than the last check's record and that check passed (a second or so, where tsc's
 * plain --incremental still parses all 5,000-odd files, declarations included, for about fifteen
 * CPU-seconds); a check that failed is run again every time, so its errors keep being reported.
 *
 * Build mode looks at the project's own files only, not at node_modules: when the installed
 * dependencies change (npm writes node_modules/.package-lock.json on every install), the check is
 * forced. `node scripts/typecheck.js --force` forces it by hand.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const cacheDirectory = path.join(root, "node_modules", ".cache", "typecheck");
/** Records which install the last check saw. */
const stamp = path.join(cacheDirectory, "installed");

/** A digest of what npm last installed ("none" without node_modules/.package-lock.json). */
function installed() {
    const lock = path.join(root, "node_modules", ".package-lock.json");
    return fs.existsSync(lock) ? crypto.createHash("sha256").update(fs.readFileSync(lock)).digest("hex") : "none";
}

const current = installed();
const previous = fs.existsSync(stamp) ? fs.readFileSync(stamp, "utf8") : "";
const force = process.argv.includes("--force") || previous !== current;
const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
const result = spawnSync(process.execPath, [tsc, "--build", path.join(root, "tsconfig.typecheck.json"), ...(force ? ["--force"] : [])], { stdio: "inherit", cwd: root });
if (result.error) {
    process.stderr.write(`could not start tsc: ${result.error.message}\n`);
    process.exit(127);
}
fs.mkdirSync(cacheDirectory, { recursive: true });
fs.writeFileSync(stamp, current);
process.exit(result.status ?? 1);

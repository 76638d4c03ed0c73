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
 *
 * The check runs in this process through TypeScript's own build API (what `tsc --build` runs), so
 * that scripts/check.js can hand the program it built to ESLint.
 */
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

/** Where the check keeps its records, under the project's node_modules. */
const cacheFolder = ["node_modules", ".cache", "typecheck"];

/**
 * A digest of what npm last installed in `root` ("none" without node_modules/.package-lock.json).
 * @param {string} root the project's folder
 */
function installed(root) {
    const lock = path.join(root, "node_modules", ".package-lock.json");
    return fs.existsSync(lock) ? crypto.createHash("sha256").update(fs.readFileSync(lock)).digest("hex") : "none";
}

/**
 * Reports diagnostics as tsc does: with colour and the source line on a terminal, one plain
 * `file(line,col): error TSnnnn: ...` line each otherwise.
 * @param {typeof import("typescript")} ts the project's TypeScript
 * @param {(text: string) => void} write where the report goes
 * @param {boolean} pretty colour and source lines
 */
function diagnosticReporter(ts, write, pretty) {
    const host = { getCurrentDirectory: () => ts.sys.getCurrentDirectory(), getCanonicalFileName: (name) => name, getNewLine: () => ts.sys.newLine };
    const format = pretty ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
    return (diagnostic) => write(format([diagnostic], host) + (pretty ? ts.sys.newLine : ""));
}

/**
 * Checks the types of the project in `root` (tsc's build mode over its tsconfig.typecheck.json),
 * reporting its errors.
 * @param {object} options
 * @param {string} options.root the project's folder: tsconfig.typecheck.json, node_modules with typescript
 * @param {boolean} [options.force] check even when nothing changed since a check that passed
 * @param {(text: string) => void} [options.write] where the errors go (stdout by default)
 * @param {boolean} [options.pretty] colour and source lines (by default when stdout is a terminal, as tsc has it)
 * @returns {{ code: number, program: import("typescript").Program | undefined }} code: 0 when the
 *     types check or nothing changed since a check that passed, tsc's exit status otherwise, 127
 *     when TypeScript cannot be loaded; program: the program the check built, when it ran
 */
function typecheck({ root, force = false, write = (text) => process.stdout.write(text), pretty = Boolean(process.stdout.isTTY) }) {
    let ts;
    try {
        ts = require(require.resolve("typescript", { paths: [root] }));
    } catch (error) {
        write(`could not load TypeScript: ${error.message}\n`);
        return { code: 127, program: undefined };
    }
    const cacheDirectory = path.join(root, ...cacheFolder);
    const stamp = path.join(cacheDirectory, "installed");
    const current = installed(root);
    const previous = fs.existsSync(stamp) ? fs.readFileSync(stamp, "utf8") : "";
    const host = ts.createSolutionBuilderHost(ts.sys, undefined, diagnosticReporter(ts, write, pretty));
    const builder = ts.createSolutionBuilder(host, [path.join(root, "tsconfig.typecheck.json")], { force: force || previous !== current });
    let code = 0;
    let program;
    // One project (no references); nothing to build when it is up to date.
    for (let project = builder.getNextInvalidatedProject(); project; project = builder.getNextInvalidatedProject()) {
        if (project.kind === ts.InvalidatedProjectKind.Build) {
            program = project.getProgram();
        }
        const status = project.done();
        code = code || status;
    }
    fs.mkdirSync(cacheDirectory, { recursive: true });
    fs.writeFileSync(stamp, current);
    return { code, program };
}

module.exports = { typecheck };

if (require.main === module) {
    process.exitCode = typecheck({ root: path.resolve(__dirname, ".."), force: process.argv.includes("--force") }).code;
}

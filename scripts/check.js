#!/usr/bin/env node
/**
 * `npm run check` (what `npm test` runs beside mocha): the typecheck (scripts/typecheck.js), then
 * ESLint with `npm run lint`'s rules, in one process. When the typecheck built TypeScript's program
 * (something changed), ESLint takes its type information from that program instead of building a
 * second one of the same 5,600 files: on a clean clone the two cost 36 to 40 CPU-seconds instead
 * of about 58. When nothing changed, neither builds a program: the typecheck is up to date and ESLint
 * answers from its cache, where a changed file is linted with a program of ESLint's own, as
 * `npm run lint` does.
 *
 * ESLint's cache is `node_modules/.cache/eslint-check/`, not `npm run lint`'s: ESLint keys its
 * cache by the configuration, and this one describes the type information by the tsconfig it
 * comes from (the same whichever program supplies it), where the lint's names the project service.
 *
 * Exit code: the typecheck's when it failed (ESLint still runs and reports), else 1 when ESLint
 * found errors, 2 when ESLint could not run.
 */
"use strict";
const path = require("node:path");
const { typecheck } = require("./typecheck");

/**
 * The parser options that give ESLint its type information: the typecheck's program when there is
 * one, else typescript-eslint's project service (as eslint.config.mjs has it). Both serialize the
 * same for ESLint's cache (`toJSON`): they describe one tsconfig, and a program object cannot be
 * serialized.
 * @param {import("typescript").Program | undefined} program the program the typecheck built
 * @param {string} root the project's folder
 */
function typeInformation(program, root) {
    const options = program ? { programs: [program], projectService: false } : { projectService: true, tsconfigRootDir: root };
    return Object.assign(options, { toJSON: () => ({ typeInformation: "tsconfig.json" }) });
}

/**
 * Lints the project with the config of its eslint.config.mjs; resolves with the exit code.
 * @param {string} root the project's folder
 * @param {import("typescript").Program | undefined} program the program the typecheck built, if it ran
 * @param {(text: string) => void} write where the report goes
 */
async function lint(root, program, write) {
    const { ESLint } = require(require.resolve("eslint", { paths: [root] }));
    const eslint = new ESLint({
        cwd: root,
        cache: true,
        cacheLocation: path.join(root, "node_modules", ".cache", "eslint-check") + path.sep,
        // Only the TypeScript files have type information (eslint.config.mjs turns it off for JavaScript).
        overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parserOptions: typeInformation(program, root) } }],
    });
    const results = await eslint.lintFiles(["."]);
    const formatter = await eslint.loadFormatter("stylish");
    write(await formatter.format(results));
    return results.some((result) => result.errorCount > 0) ? 1 : 0;
}

/**
 * The typecheck, then the lint, of the project in `root`; resolves with the exit code.
 * @param {object} options
 * @param {string} options.root the project's folder
 * @param {boolean} [options.force] typecheck even when nothing changed since a check that passed
 * @param {(text: string) => void} [options.write] where the reports go (stdout by default)
 * @param {boolean} [options.pretty] the typecheck's errors with colour and source lines (by default on a terminal)
 */
async function check({ root, force = false, write = (text) => process.stdout.write(text), pretty = Boolean(process.stdout.isTTY) }) {
    const checked = typecheck({ root, force, write, pretty });
    if (checked.code !== 0) {
        write(`typecheck failed (exit ${checked.code}); the lint follows\n`);
    }
    const linted = await lint(root, checked.program, write).catch((error) => {
        write(`ESLint could not run: ${error.message}\n`);
        return 2;
    });
    return checked.code || linted;
}

module.exports = { check, typeInformation };

if (require.main === module) {
    check({ root: path.resolve(__dirname, ".."), force: process.argv.includes("--force") }).then((code) => {
        process.exitCode = code;
    });
}

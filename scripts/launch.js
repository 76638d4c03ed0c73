#!/usr/bin/env node
/**
 * `node scripts/launch.js <entry> [args...]`: runs a command of the project (e.g. `offline/plan`)
 * from its compiled JavaScript in bin/, rebuilding bin/ first whenever a source file is newer
 * than the last build. The user's commands (`npm run plan`, `npm run drill`) go through here:
 * compiled code with Node's compile cache starts in about half the time TypeScript compiled on
 * the fly takes, and the rebuild check costs a few milliseconds. `node scripts/launch.js --build`
 * only brings bin/ up to date.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const nodeModule = require("node:module");
const os = require("node:os");
const { deferPulumiTypeScript } = require("./deferModule");

const root = path.resolve(__dirname, "..");
const bin = path.join(root, "bin");
const stamp = path.join(bin, ".build-stamp");
/**
 * The folders the build compiles, and the files in them it reads: the program's (tsconfig.build.json)
 * and tests/, whose fuzz run `npm run fuzz` uses and whose fake worlds the drill's process tests
 * load into the compiled command.
 */
const sourceFolders = ["index.ts", "domain", "config", "components", "program", "offline", "policy", "drill", "deploy", "readiness", "scripts", "tests"];
const sourceFile = /\.(ts|json)$/;

// module.enableCompileCache exists from Node 22.1; older versions run uncached.
nodeModule.enableCompileCache?.(path.join(os.tmpdir(), `multiregion-compile-cache-${os.userInfo().uid}`));

/** Newest modification time among the sources, in milliseconds. */
function newestSource() {
    let newest = fs.statSync(path.join(root, "tsconfig.build.json")).mtimeMs;
    const visit = (file) => {
        const stat = fs.statSync(file);
        if (stat.isDirectory()) {
            for (const name of fs.readdirSync(file)) {
                if (name !== "node_modules") {
                    visit(path.join(file, name));
                }
            }
        } else if (sourceFile.test(file)) {
            newest = Math.max(newest, stat.mtimeMs);
        }
    };
    for (const folder of sourceFolders) {
        visit(path.join(root, folder));
    }
    return newest;
}

/** True when bin/ is older than a source file. */
function stale() {
    const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
    return built < newestSource();
}

/** Blocks for `ms` milliseconds (the launcher has nothing else to do meanwhile). */
function pause(ms) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Takes the build lock (a directory: creating one is atomic), so that commands started together
 * after a change build bin/ once instead of writing over each other's output while the others
 * load it. A lock older than ten minutes was left by a killed build and is taken over.
 */
function withBuildLock(work) {
    fs.mkdirSync(bin, { recursive: true });
    const lock = path.join(bin, ".build-lock");
    for (;;) {
        try {
            fs.mkdirSync(lock);
            break;
        } catch (error) {
            if (error.code !== "EEXIST") {
                throw error;
            }
            const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
            if (age > 10 * 60 * 1000) {
                fs.rmSync(lock, { recursive: true, force: true });
            } else {
                pause(200);
            }
        }
    }
    try {
        work();
    } finally {
        fs.rmSync(lock, { recursive: true, force: true });
    }
}

function buildIfStale() {
    if (!stale()) {
        return;
    }
    let built = true;
    withBuildLock(() => {
        // Another command may have built it while this one waited for the lock.
        if (stale()) {
            built = build();
        }
    });
    if (!built) {
        process.stderr.write("The build failed (see above); `npm run typecheck` checks the types as well.\n");
        process.exit(3);
    }
}

/** The TypeScript and JSON files of the source folders (tests/ without its fixtures and golden plans). */
function buildInputs() {
    const found = { ts: [], json: [] };
    const visit = (file) => {
        const stat = fs.statSync(file);
        if (stat.isDirectory()) {
            for (const name of fs.readdirSync(file)) {
                if (name !== "node_modules" && name !== "fixtures" && name !== "golden") {
                    visit(path.join(file, name));
                }
            }
        } else if (/\.ts$/.test(file) && !/\.d\.ts$/.test(file)) {
            found.ts.push(file);
        } else if (/\.json$/.test(file)) {
            found.json.push(file);
        }
    };
    for (const folder of sourceFolders) {
        visit(path.join(root, folder));
    }
    return found;
}

/**
 * Compiles the project into bin/ and stamps it; false when the compiler failed. esbuild strips
 * the types file by file (as tsx does for the tests), in about a second where tsc takes half a
 * minute on a clean clone; the types are checked by `npm run typecheck` (and `npm test`), and
 * `npm run build` is the full tsc build.
 */
function build() {
    process.stderr.write("Compiling the project into bin/ (once after each change)...\n");
    const inputs = buildInputs();
    try {
        require("esbuild").buildSync({
            entryPoints: inputs.ts, outdir: bin, outbase: root, format: "cjs", platform: "node", target: "node22", sourcemap: true, logLevel: "error",
            // import() becomes require(), as tsc's CommonJS output has it (ESM import() cannot load a folder such as @pulumi/pulumi/automation).
            supported: { "dynamic-import": false },
        });
    } catch {
        return false;
    }
    for (const file of inputs.json) {
        const target = path.join(bin, path.relative(root, file));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(file, target);
    }
    fs.writeFileSync(stamp, new Date().toISOString());
    return true;
}

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
    process.stderr.write("usage: node scripts/launch.js <entry, e.g. offline/plan> [args...] | --build\n");
    process.exit(2);
}
buildIfStale();
if (entry === "--build") {
    // Only the build (the tests' global setup, before processes start at once).
    process.exit(0);
}
// TypeScript's compiler loads only when a function is serialized (a plan with routing controls), not with @pulumi/pulumi.
deferPulumiTypeScript(root);
// Run the compiled entry as the main module, so that its `require.main === module` holds.
process.argv = [process.argv[0], path.join(bin, `${entry}.js`), ...args];
nodeModule.runMain();

/**
 * Defers loading a CommonJS module until something uses it. The commands load `@pulumi/pulumi`,
 * which requires TypeScript's compiler (9 MB of JavaScript) as it loads, for one purpose: parsing
 * the functions it serializes, a dynamic provider's code. A plan parses one only for a stack with
 * routing controls (their initial state is a dynamic resource); the other plans, the drill and the
 * other commands never do, and loading the compiler cost each of them about a quarter of a
 * CPU-second (1.50 to 1.27 CPU-s for a plan of the two-region fixture, medians of ten alternating
 * runs). With the module deferred, `require` returns a stand-in at once; the first time anything
 * reads, lists or changes a property of it, the real module loads and the stand-in becomes a copy
 * of its exports (same properties, same getters, same prototype), so code that uses it sees no
 * difference, only later. For modules whose exports are an object that does not change after
 * loading (TypeScript's are getters over its own bindings).
 */
"use strict";
const nodeModule = require("node:module");
const path = require("node:path");

/**
 * Puts a stand-in for the module at `file` into Node's module cache, unless it is loaded already.
 * @param {string} file the module's resolved file name (what `require.resolve` returns)
 * @returns {{ loaded: () => boolean }} whether the real module has been loaded since
 */
function deferModule(file) {
    if (require.cache[file] !== undefined) {
        return { loaded: () => true };
    }
    const standIn = {};
    let real;
    const load = () => {
        if (real === undefined) {
            if (require.cache[file] === cached) {
                delete require.cache[file];
            }
            const loaded = require(file);
            if (typeof loaded !== "object" || loaded === null) {
                throw new Error(`deferModule: ${file} exports a ${typeof loaded}, not an object of exports; it cannot be deferred`);
            }
            // The copy keeps the real module's property descriptors (its exports are getters), so
            // the proxy's answers stay consistent with its target, as JavaScript requires.
            Object.defineProperties(standIn, Object.getOwnPropertyDescriptors(loaded));
            Object.setPrototypeOf(standIn, Object.getPrototypeOf(loaded));
            real = loaded;
        }
        return standIn;
    };
    const traps = ["get", "set", "has", "ownKeys", "getOwnPropertyDescriptor", "defineProperty", "deleteProperty", "getPrototypeOf", "setPrototypeOf", "isExtensible", "preventExtensions"];
    const handler = Object.fromEntries(traps.map((trap) => [trap, (_target, ...args) => Reflect[trap](load(), ...args)]));
    const cached = new nodeModule.Module(file, null);
    cached.filename = file;
    cached.loaded = true;
    cached.exports = new Proxy(standIn, handler);
    require.cache[file] = cached;
    return { loaded: () => real !== undefined };
}

/**
 * Defers TypeScript's compiler as `@pulumi/pulumi` in `root`'s dependencies would load it; nothing
 * when either cannot be found there (the SDK then loads its own copy, as it would anyway).
 * @param {string} root the project's folder
 * @returns {{ loaded: () => boolean } | undefined} whether the compiler has been loaded since; undefined when nothing was deferred
 */
function deferPulumiTypeScript(root) {
    let compiler;
    try {
        const pulumiFolder = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [root] }));
        compiler = require.resolve("typescript", { paths: [pulumiFolder] });
    } catch (error) {
        if (error.code !== "MODULE_NOT_FOUND") {
            throw error;
        }
        return undefined;
    }
    return deferModule(compiler);
}

module.exports = { deferModule, deferPulumiTypeScript };

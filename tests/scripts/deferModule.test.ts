/**
 * scripts/deferModule.js: a deferred module is not evaluated until used, then behaves as itself;
 * and the commands' deferral of TypeScript's compiler (scripts/launch.js) keeps Pulumi's function
 * serialization, the one thing the compiler is loaded for, exactly as it is without it.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";

const root = path.resolve(__dirname, "..", "..");
const scriptFile = path.join(root, "scripts", "deferModule.js");
const load = createRequire(__filename);
const { deferModule } = load(scriptFile) as { deferModule(file: string): { loaded(): boolean } };

/** Module source: counts its evaluations on globalThis; exports a getter (as esbuild's bundles do), a function and a call counter. */
const moduleSource = (counter: string) => `"use strict";
globalThis.${counter} = (globalThis.${counter} ?? 0) + 1;
let calls = 0;
Object.defineProperty(exports, "answer", { get: () => 42, enumerable: true });
exports.twice = (n) => { calls += 1; return n * 2; };
exports.calls = () => calls;
`;

/** A function whose serialization needs TypeScript's parser (a method using `super`). */
const serializedSource = `class Base { greet() { return "hello"; } }
class Loud extends Base { greet() { return super.greet().toUpperCase(); } }
const loud = new Loud();
module.exports = () => loud.greet() + "!";`;

describe("scripts/deferModule.js (TypeScript's compiler loaded only when used)", () => {
    let directory: string;
    before(() => {
        directory = fs.mkdtempSync(path.join(os.tmpdir(), "defer-"));
    });
    after(() => fs.rmSync(directory, { recursive: true, force: true }));

    /** Writes a module counting its evaluations in `counter`; its file name. */
    function writeModule(counter: string): string {
        const file = path.join(directory, `${counter}.js`);
        fs.writeFileSync(file, moduleSource(counter));
        return file;
    }
    const evaluations = (counter: string) => (globalThis as Record<string, unknown>)[counter];

    it("evaluates the module only when a property is first used, once, and then hands out the real module", () => {
        const file = writeModule("deferA");
        const deferred = deferModule(file);
        const standIn = load(file) as { twice(n: number): number; answer: number; calls(): number };
        expect(evaluations("deferA"), "evaluated by require").to.equal(undefined);
        expect(deferred.loaded()).to.equal(false);

        expect(standIn.twice(2)).to.equal(4);
        expect(evaluations("deferA")).to.equal(1);
        expect(deferred.loaded()).to.equal(true);
        expect(standIn.answer).to.equal(42);
        const real = load(file) as typeof standIn;
        expect(real).not.to.equal(standIn);
        // The same module: the call made through the stand-in is counted by it.
        expect(real.calls()).to.equal(1);
        expect(evaluations("deferA")).to.equal(1);
    });

    it("answers listing, `in` and descriptors as the module does (its non-configurable getters included)", () => {
        const file = writeModule("deferB");
        deferModule(file);
        const standIn = load(file) as object;
        expect(Object.keys(standIn)).to.deep.equal(["answer", "twice", "calls"]);
        const real = load(file) as object;
        expect(Object.keys(standIn)).to.deep.equal(Object.keys(real));
        expect("twice" in standIn).to.equal(true);
        expect("missing" in standIn).to.equal(false);
        const descriptor = Object.getOwnPropertyDescriptor(standIn, "answer");
        expect(descriptor?.configurable).to.equal(false);
        expect(descriptor?.get?.()).to.equal(42);
        expect(Object.getPrototypeOf(standIn)).to.equal(Object.getPrototypeOf(real));
    });

    it("leaves a module that is already loaded as it is", () => {
        const file = writeModule("deferC");
        const real = load(file) as object;
        expect(deferModule(file).loaded()).to.equal(true);
        expect(load(file)).to.equal(real);
        expect(evaluations("deferC")).to.equal(1);
    });

    it("refuses, when first used, a module whose exports are not an object", () => {
        const file = path.join(directory, "function.js");
        fs.writeFileSync(file, "module.exports = () => 1;\n");
        const deferred = deferModule(file);
        const standIn = load(file) as { name?: string };
        const refusal = `deferModule: ${file} exports a function, not an object of exports; it cannot be deferred`;
        expect(() => standIn.name).to.throw(refusal);
        expect(() => standIn.name, "every time, never an empty stand-in").to.throw(refusal);
        expect(deferred.loaded()).to.equal(false);
    });

    it("with the compiler deferred as the commands do, @pulumi/pulumi loads without it and serializes a function exactly as without", async () => {
        const serializedFile = path.join(directory, "serialized.js");
        fs.writeFileSync(serializedFile, serializedSource);
        // A process of its own: this one loaded the compiler with Pulumi's mocks.
        const child = `const { deferPulumiTypeScript } = require(${JSON.stringify(scriptFile)});
const deferred = deferPulumiTypeScript(${JSON.stringify(root)});
const pulumi = require(require.resolve("@pulumi/pulumi", { paths: [${JSON.stringify(root)}] }));
const beforeUse = deferred.loaded();
pulumi.runtime.serializeFunction(require(${JSON.stringify(serializedFile)})).then((serialized) => {
    process.stdout.write(JSON.stringify({ beforeUse, afterUse: deferred.loaded(), text: serialized.text }));
});`;
        const { stdout } = await promisify(execFile)(process.execPath, ["-e", child], { cwd: root });
        const result = JSON.parse(stdout) as { beforeUse: boolean; afterUse: boolean; text: string };
        expect(result.beforeUse, "the compiler was loaded with @pulumi/pulumi").to.equal(false);
        expect(result.afterUse, "serializing a function loads the compiler").to.equal(true);
        const here = await pulumi.runtime.serializeFunction(load(serializedFile) as () => string);
        expect(result.text).to.include("super.greet");
        expect(result.text).to.equal(here.text);
    });
});

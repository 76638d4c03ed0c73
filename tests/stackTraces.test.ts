/**
 * tests/mocks.ts (loaded by tests/setup.ts) leaves Pulumi's bookkeeping stack captures
 * unformatted in the test workers; a failing test must still point at its TypeScript line.
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";

describe("stack traces in the tests (tests/mocks.ts)", () => {
    it("maps an error of the tests or the program to its TypeScript file and line", () => {
        const error = new Error("where am I"); // the line the stack must name
        const line = fs.readFileSync(__filename, "utf8").split("\n").findIndex((text) => text.includes("// the line the stack must name")) + 1;
        expect(error.stack?.split("\n")[1]).to.include(`${__filename}:${line}:`);
    });

    it("leaves Pulumi's own captures (an Error without a message, made in @pulumi/pulumi) as one line, so they cost nothing", () => {
        // Resource.callsites() (private in Pulumi's types) is how Pulumi finds a resource's source position: none in the tests.
        const { callsites } = pulumi.Resource as unknown as { callsites(): { file?: string }[] };
        expect(callsites().filter((site) => site.file !== undefined)).to.deep.equal([]);
        // An Error without a message made elsewhere keeps its frames.
        expect(new Error().stack?.split("\n").length).to.be.above(2);
    });
});

/**
 * Puts the Pulumi runtime into mock mode before any program code is imported, so nothing can ever
 * reach a real engine or AWS (each run then installs its own recording mocks, tests/harness.ts),
 * and leaves Pulumi's own stack captures unformatted. Loaded by tests/setup.ts in every process
 * that runs tests.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { OfflineAwsMocks } from "../offline/awsMocks";
import { testWorld } from "./harness";

/**
 * Pulumi captures a stack trace for every resource and every promise it tracks (`new Error()`
 * without a message, in @pulumi/pulumi's resource.js and runtime/debuggable.js) and formats it at
 * once; with tsx's source maps, each frame was mapped too. That was half of a plan's CPU time in
 * the tests, for source positions the mocks never read. Those captures get one line saying so;
 * every other error (a failing assertion, an error of the program) keeps Node's source-mapped
 * stack, pointing at the TypeScript line.
 */
const mappedStack = Error.prepareStackTrace;
const pulumiRuntime = `${path.sep}node_modules${path.sep}@pulumi${path.sep}pulumi${path.sep}`;
if (mappedStack) {
    Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]): unknown =>
        error.message === "" && frames[0]?.getFileName()?.includes(pulumiRuntime)
            ? `${String(error)}\n    (Pulumi's bookkeeping stack, not formatted in the tests: tests/mocks.ts)`
            : mappedStack(error, frames);
}

void pulumi.runtime.setMocks(new OfflineAwsMocks("test", "aws", testWorld), "app", "test");

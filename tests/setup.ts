/**
 * Loaded by .mocharc before any test file: puts the Pulumi runtime into mock mode before any
 * program code is imported, so nothing can ever reach a real engine or AWS. Each run then
 * installs its own recording mocks (tests/harness.ts).
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { OfflineAwsMocks } from "../offline/awsMocks";
import { testWorld } from "./harness";

void pulumi.runtime.setMocks(new OfflineAwsMocks("test", "aws", testWorld), "app", "test");

/**
 * Once, before any test file runs: brings bin/ up to date (scripts/launch.js --build), so the
 * tests that start the commands as users do find it built instead of each waiting for the build
 * and seeing its "Compiling" line on stderr.
 */
export function mochaGlobalSetup(): void {
    const result = spawnSync(process.execPath, [path.join(__dirname, "..", "scripts", "launch.js"), "--build"], { encoding: "utf8" });
    if (result.status !== 0) {
        throw new Error(`scripts/launch.js --build failed (exit ${result.status}):\n${result.stderr}`);
    }
}

/**
 * The tests' way into the program: run a real stack file (or a variation of it) under the
 * offline AWS mocks, or run a single component, and look at what was asked of AWS.
 */
import * as pulumi from "@pulumi/pulumi";
import { OfflineAwsMocks, OfflineWorld } from "../offline/awsMocks";
import { PlannedResource, runStack, StackRun } from "../offline/runStack";
import * as path from "path";
import { readProject, readStackConfig } from "../config/stackFiles";

/** The fixture projects (Pulumi.yaml and stack files of their own), by name. */
export const fixtureDirectory = (name: string): string => path.join(__dirname, "fixtures", name);

/**
 * The project most tests run: two regions, the shape of the shipped default. A fixture of the
 * tests' own, so that users editing the repository's stack files never turn the suite red.
 */
export const projectFiles = readProject(fixtureDirectory("two-regions"));

/** The hosted zones and VPCs the test AWS account has. */
export const testWorld: OfflineWorld = {
    hostedZones: { "example.com": "Z0123456789EXAMPLE" },
    vpcs: { "vpc-0a1b2c3d4e5f60718": "172.31.0.0/16" },
    stackOutputs: {},
};

/** A stack's real configuration with some keys replaced (`undefined` removes a key). */
export function configFor(stack: string, changes: Record<string, unknown> = {}): Record<string, string> {
    return withValues(readStackConfig(projectFiles, stack), changes);
}

/** `config` with keys replaced, as the engine hands them over (`app:` when no namespace; JSON for non-strings; `undefined` removes). */
export function withValues(base: Record<string, string>, changes: Record<string, unknown>): Record<string, string> {
    const config = { ...base };
    for (const [key, value] of Object.entries(changes)) {
        const full = key.includes(":") ? key : `app:${key}`;
        if (value === undefined) {
            delete config[full];
        } else {
            config[full] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return config;
}

/** What a deployed global stack (`app:scope: global`) exports, as AWS would name it. */
export const globalStackOutputs: Record<string, unknown> = {
    scope: "global",
    globalAcceleratorDnsName: "a1234567890abcdef.awsglobalaccelerator.com",
    globalAcceleratorStaticIps: ["75.2.0.10", "99.83.0.10"],
    globalAcceleratorListenerArn: "arn:aws:globalaccelerator::111122223333:accelerator/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9/listener/0f1e2d3c",
};

/** Runs a stack (real file, or `config`) with AWS-like values; other stacks' outputs feed references (the global stack's by default). */
export function runTestStack(stack: string, config?: Record<string, string>, stackOutputs: Record<string, Record<string, unknown>> = { "organization/app/global": globalStackOutputs }): Promise<StackRun> {
    return runStack(stack, { files: projectFiles, style: "aws", world: { ...testWorld, stackOutputs }, config });
}

/** Runs the global stack, then Seoul and Tokyo with its outputs behind their stack references. */
export async function runBothStacks(): Promise<{ global: StackRun; seoul: StackRun; tokyo: StackRun }> {
    const global = await runTestStack("global", undefined, {});
    const outputs = { "organization/app/global": global.outputs };
    const seoul = await runTestStack("seoul", undefined, outputs);
    // Tokyo owns the dashboard, which reads seoul's outputs.
    const tokyo = await runTestStack("tokyo", undefined, { ...outputs, "organization/app/seoul": seoul.outputs });
    return { global, seoul, tokyo };
}

/** Runs `build` as a program of its own under recording mocks; returns what it registered. */
export async function runComponents(build: () => void, region = "ap-northeast-2"): Promise<StackRun> {
    return runStack("unit", {
        files: projectFiles,
        style: "aws",
        world: testWorld,
        config: { "aws:region": region },
        program: async () => {
            build();
            return {};
        },
    });
}

/** Runs a stack with `mocks`, so a test can see what was registered even when the program fails. */
export async function runRecording(stack: string, config: Record<string, string>): Promise<{ mocks: OfflineAwsMocks; error?: Error }> {
    const world = { ...testWorld, stackOutputs: { "organization/app/global": globalStackOutputs } };
    const mocks = new OfflineAwsMocks(stack, "aws", world);
    try {
        await runStack(stack, { files: projectFiles, style: "aws", world, config, mocks });
        return { mocks };
    } catch (error) {
        return { mocks, error: error as Error };
    }
}

/** The resources of one type. */
export function ofType(resources: readonly PlannedResource[], type: string): PlannedResource[] {
    return resources.filter((resource) => resource.type === type);
}

/** The one resource with this type and name; throws when absent. */
export function named(resources: readonly PlannedResource[], type: string, name: string): PlannedResource {
    const found = resources.find((resource) => resource.type === type && resource.name === name);
    if (!found) {
        throw new Error(`no ${type} named ${name}; have: ${ofType(resources, type).map((resource) => resource.name).join(", ") || "none"}`);
    }
    return found;
}

/** Resolves an output (tests await values through this one helper). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((value) => { resolve(value); return value; }));
}

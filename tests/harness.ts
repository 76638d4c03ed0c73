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
    const config = readStackConfig(projectFiles, stack);
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

/** Runs a stack (real file, or `config`) with AWS-like values; other stacks' outputs feed references. */
export function runTestStack(stack: string, config?: Record<string, string>, stackOutputs: Record<string, Record<string, unknown>> = {}): Promise<StackRun> {
    return runStack(stack, { files: projectFiles, style: "aws", world: { ...testWorld, stackOutputs }, config });
}

/** Runs the Seoul stack, then Tokyo with Seoul's outputs behind its stack reference. */
export async function runBothStacks(): Promise<{ seoul: StackRun; tokyo: StackRun }> {
    const seoul = await runTestStack("seoul");
    const tokyo = await runTestStack("tokyo", undefined, { "organization/app/seoul": seoul.outputs });
    return { seoul, tokyo };
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
    const mocks = new OfflineAwsMocks(stack, "aws", testWorld);
    try {
        await runStack(stack, { files: projectFiles, style: "aws", world: testWorld, config, mocks });
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

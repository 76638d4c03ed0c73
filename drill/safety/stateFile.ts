/**
 * The drill state file: everything needed to put a region back if the tool dies, written and
 * fsync'd before the lever changes anything and kept until a restore has been read back.
 * `drill restore` resumes from it. One per project, at `<project>/.drill/state.json`, matching
 * the one lock per project.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { DeployedRegion } from "../clients/outputs";
import type { LeverKind } from "../levers/lever";
import type { LockLocation } from "./lock";

/** Where the drill is, for the one reading the file. */
export type DrillStage = "applying" | "restoring";

/** What the state file holds. */
export interface DrillState {
    /** File format version. */
    readonly schemaVersion: 1;
    /** The Pulumi project. */
    readonly project: string;
    /** The lever. */
    readonly lever: LeverKind;
    /** The region taken out, with every id and ARN the lever touches. */
    readonly target: DeployedRegion;
    /** Every stack of the project (the others must not be deployed from this drill). */
    readonly stacks: readonly string[];
    /** The values the lever recorded before changing anything (as in the report). */
    readonly originals: Readonly<Record<string, string | number | boolean | null>>;
    /** What the lever needs to restore (its own fields). */
    readonly leverState: Readonly<Record<string, unknown>>;
    /** How to restore by hand. */
    readonly manualRestore: readonly string[];
    /** The drill lock: where it is and the exact value to delete once restored. */
    readonly lock: { readonly location: LockLocation; readonly id: string; readonly value: string };
    /** The stage reached. */
    readonly stage: DrillStage;
    /** When the drill began (ISO time). */
    readonly startedAt: string;
    /** When this file was written (ISO time). */
    readonly updatedAt: string;
}

/** The state file of a project directory. */
export function stateFilePath(projectDir: string): string {
    return path.join(projectDir, ".drill", "state.json");
}

/**
 * Writes the state durably: a temporary file written and fsync'd, renamed over the old one, and
 * the directory fsync'd, so that a crash leaves either the old file or the new one, never half.
 */
export function writeState(file: string, state: DrillState): void {
    const directory = path.dirname(file);
    fs.mkdirSync(directory, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    const descriptor = fs.openSync(temporary, "w", 0o600);
    try {
        fs.writeSync(descriptor, `${JSON.stringify(state, null, 2)}\n`);
        fs.fsyncSync(descriptor);
    } finally {
        fs.closeSync(descriptor);
    }
    fs.renameSync(temporary, file);
    const directoryDescriptor = fs.openSync(directory, "r");
    try {
        fs.fsyncSync(directoryDescriptor);
    } finally {
        fs.closeSync(directoryDescriptor);
    }
}

/** The state, or undefined when there is no state file. Throws on a file that is not a drill state. */
export function readState(file: string): DrillState | undefined {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "ENOTDIR") {
            return undefined;
        }
        throw error;
    }
    const state = JSON.parse(text) as DrillState;
    if (state.schemaVersion !== 1 || typeof state.lever !== "string" || typeof state.target?.stack !== "string") {
        throw new Error(`${file} is not a drill state file (schemaVersion 1)`);
    }
    return state;
}

/** Removes the state file (only after a restore was read back). */
export function removeState(file: string): void {
    fs.rmSync(file, { force: true });
}

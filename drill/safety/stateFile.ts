/**
 * The drill state: everything needed to put a region back if the tool dies. It is written before
 * the lever changes anything and kept until a restore has found every value back (or left to the
 * operator who changed it since). Its home is a TXT record beside the drill lock in the project's
 * hosted zone (drill/safety/sharedState.ts), so any operator can resume it; this module is its
 * format and the local copy kept as a cache at `<project>/.drill/state.json` (`--state FILE`).
 *
 * Format history: version 1 (no `by`, no `lock.expiresAt`, stages `applying` and `restoring`) and
 * version 2 (no `preScale`, no `shift` lever) are read and upgraded; version 3 is written. A tool
 * that reads only version 2 refuses a version 3 state instead of restoring part of it (a shift's
 * weights, or a pre-scaled group, would be left behind without a word).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { DeployedRegion } from "../clients/outputs";
import type { PreScaleState } from "../capacity/preScale";
import type { LeverKind } from "../levers/lever";
import { LockLocation, parseLockValue } from "./lock";

/**
 * Where the drill is: `applying` is written before the lever's first change (the lever may be
 * anywhere from untouched to fully applied), `applied` once the lever's change is complete,
 * `restoring` when the restore begins. Every stage is unrestored until a restore reads back.
 */
export type DrillStage = "applying" | "applied" | "restoring";

/** The current format version. */
export const stateSchemaVersion = 3;

/** The change a state records: a drill's lever, or a staged traffic shift (`drill shift`). */
export type ChangeKind = LeverKind | "shift";

/** What the state holds. */
export interface DrillState {
    /** Format version. */
    readonly schemaVersion: typeof stateSchemaVersion;
    /** The Pulumi project. */
    readonly project: string;
    /** The lever, or `shift`. */
    readonly lever: ChangeKind;
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
    /** The survivors' Auto Scaling groups raised before traffic moved (`--pre-scale`), with their originals. */
    readonly preScale?: PreScaleState;
    /** The drill lock: where it is, the exact value to delete once restored, and when it expires. */
    readonly lock: { readonly location: LockLocation; readonly id: string; readonly value: string; readonly expiresAt: string };
    /** The stage reached. */
    readonly stage: DrillStage;
    /** Who ran the drill. */
    readonly by: string;
    /** When the drill began (ISO time). */
    readonly startedAt: string;
    /** When this state was written (ISO time). */
    readonly updatedAt: string;
}

/** The local copy's path for a project directory. */
export function stateFilePath(projectDir: string): string {
    return path.join(projectDir, ".drill", "state.json");
}

/**
 * Writes the local copy durably: a temporary file written and fsync'd, renamed over the old one,
 * and the directory fsync'd, so that a crash leaves either the old file or the new one, never half.
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

/** Checks a parsed state of any known version and returns it in the current one; throws naming `source` otherwise. */
export function upgradeState(parsed: unknown, source: string): DrillState {
    const state = parsed as Omit<Partial<DrillState>, "schemaVersion" | "lock"> & { schemaVersion?: number; lock?: { location?: LockLocation; id?: string; value?: string; expiresAt?: string } };
    const known = state?.schemaVersion === 1 || state?.schemaVersion === 2 || state?.schemaVersion === stateSchemaVersion;
    if (!known || typeof state.lever !== "string" || typeof state.target?.stack !== "string" || typeof state.lock?.value !== "string") {
        throw new Error(`${source} is not a drill state (schemaVersion 1, 2 or ${stateSchemaVersion}): a newer drill tool may have written it; update this checkout`);
    }
    if (state.schemaVersion !== 1) {
        // Version 2 is version 3 without its new fields.
        return { ...(state as unknown as DrillState), schemaVersion: stateSchemaVersion };
    }
    // Version 1 kept the expiry and the operator only inside the lock's value.
    const holder = parseLockValue(state.lock.value);
    return {
        ...(state as unknown as DrillState),
        schemaVersion: stateSchemaVersion,
        lock: { ...(state.lock as DrillState["lock"]), expiresAt: holder?.expiresAt ?? state.startedAt ?? new Date(0).toISOString() },
        by: holder?.by ?? "unknown",
    };
}

/** The local copy, or undefined when there is none. Throws on a file that is not a drill state. */
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
    return upgradeState(JSON.parse(text), file);
}

/** Removes the local copy (only after a restore finished). */
export function removeState(file: string): void {
    fs.rmSync(file, { force: true });
}

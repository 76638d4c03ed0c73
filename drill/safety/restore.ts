/**
 * `drill restore` and `drill unlock`: finishing a drill whose process died. Restore reads the
 * state file, rebuilds the lever from it, reads the values back and restores only when they
 * differ (so running it twice, or after the dead drill's own restore finished, changes nothing),
 * and removes the state file and the lock only once the read-back shows the originals. Unlock
 * breaks a dead drill's lock on purpose, after confirmation.
 */
import { ExitCode, ExitCodeValue, InputError } from "../../domain/exitCodes";
import { resumeLever, LeverDependencies } from "../levers/make";
import { describeHolder, Route53DrillLock } from "./lock";
import { readState, removeState } from "./stateFile";

/** What `drill restore` needs. */
export interface RestoreDependencies extends LeverDependencies {
    /** The state file. */
    readonly stateFile: string;
}

function message(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/** Resumes the restore a state file describes; returns the exit code (0 restored or nothing to do, 1 not confirmed). */
export async function resumeRestore(deps: RestoreDependencies): Promise<ExitCodeValue> {
    const say = (line: string) => deps.progress.event(line);
    const state = readState(deps.stateFile);
    if (state === undefined) {
        say(`Nothing to restore: no state file at ${deps.stateFile}.`);
        return ExitCode.clean;
    }
    say(`Restoring the drill of ${state.target.stack} (${state.target.region}) started ${state.startedAt}: ${state.lever} lever, stage ${state.stage}, lock ${state.lock.id}.`);
    say(`Original values: ${Object.entries(state.originals).map(([key, value]) => `${key}=${String(value)}`).join(", ") || "-"}`);
    say(`By hand, if this fails: ${state.manualRestore.join(" && ")}`);
    const lever = resumeLever(state.lever, deps, state.target, state.leverState);
    if (state.lever === "config") {
        const last = await deps.automation.lastUpdate(state.target.stack);
        if (last?.result === "in-progress") {
            say(`An update of ${state.target.stack} is still running (started ${last.startTime}): the dead drill's pulumi up may still be finishing. Wait for it, then run npm run drill -- restore again.`);
            return ExitCode.findings;
        }
    }
    const before = await lever.verifyRestored().catch((error: unknown) => ({ ok: false, detail: `could not read: ${message(error)}` }));
    say(`Read back before restoring: ${before.detail}`);
    if (!before.ok) {
        await lever.restore();
    }
    const after = before.ok ? before : await lever.verifyRestored();
    if (!after.ok) {
        say(`The read back still differs after restoring: ${after.detail}. The state file and the lock stay; restore by hand: ${state.manualRestore.join(" && ")}`);
        return ExitCode.findings;
    }
    say(`Restored and read back: ${after.detail}.`);
    removeState(deps.stateFile);
    say(`State file removed: ${deps.stateFile}.`);
    const lock = new Route53DrillLock(deps.aws.route53, state.lock.location);
    const released = await lock.deleteIfValue(state.lock.value);
    say(released ? `Lock released: ${lock.recordName}.` : `The lock ${lock.recordName} no longer held this drill's value; nothing was deleted.`);
    return ExitCode.clean;
}

/** What `drill unlock` needs. */
export interface UnlockDependencies {
    /** The project's lock. */
    readonly lock: Route53DrillLock;
    /** The state file of this machine (a lock of this machine's unfinished drill is restored, not broken). */
    readonly stateFile: string;
    /** Now, in ms. */
    readonly now: () => number;
    /** Asks the operator to type the lock id; resolves with what was typed. */
    readonly confirm: (question: string) => Promise<string>;
    /** Output. */
    readonly say: (line: string) => void;
}

/** Options of `drill unlock`. */
export interface UnlockOptions {
    /** Break a lock that has not expired yet. */
    readonly force: boolean;
    /** Skip the typed confirmation (scripts). */
    readonly yes: boolean;
}

/** Breaks the project's drill lock on purpose; returns the exit code. */
export async function breakLock(options: UnlockOptions, deps: UnlockDependencies): Promise<ExitCodeValue> {
    const current = await deps.lock.read();
    if (current === undefined) {
        deps.say(`No drill lock: ${deps.lock.recordName} does not exist.`);
        return ExitCode.clean;
    }
    const nowMs = deps.now();
    deps.say(`${deps.lock.recordName} is held by ${describeHolder(current.holder, current.raw, nowMs)}.`);
    const local = readState(deps.stateFile);
    if (local !== undefined && local.lock.id === current.holder?.id) {
        throw new InputError(`this machine's state file ${deps.stateFile} belongs to that drill: run npm run drill -- restore, which puts the region back and then releases the lock`);
    }
    const expired = current.holder !== undefined && Date.parse(current.holder.expiresAt) <= nowMs;
    if (!expired && !options.force) {
        throw new InputError("the lock has not expired: its drill may still be running. Check with its operator; --force breaks it anyway");
    }
    const id = current.holder?.id ?? "break";
    if (!options.yes) {
        const typed = (await deps.confirm(`Breaking the lock lets another drill start while that drill's region may still be out. Type ${id} to break it: `)).trim();
        if (typed !== id) {
            deps.say("Not confirmed: the lock stays.");
            return ExitCode.findings;
        }
    }
    if (!(await deps.lock.deleteIfValue(current.raw))) {
        deps.say("The lock changed while it was read (released or taken again); nothing was deleted.");
        return ExitCode.findings;
    }
    deps.say(`Lock broken: ${deps.lock.recordName} deleted. If that drill's region is still out, restore it by hand (drill/RUNBOOK.md).`);
    return ExitCode.clean;
}

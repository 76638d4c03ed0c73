/**
 * `drill restore` and `drill unlock`: finishing a drill whose process died, from this machine or
 * any other. Restore finds the drill's state in the zone (its local copy when the zone holds
 * none), rebuilds the lever from it and reads where every value stands before changing anything:
 *
 * - a value back at its original needs nothing (so running it twice changes nothing);
 * - a value still at what the drill set is restored;
 * - a value someone changed since (another value, or the same value written again after the
 *   drill) is reported and left alone, unless `--force`: a restore never undoes an operator's
 *   decision on its own;
 * - a state older than its lock's lifetime needs the drill's id typed (`--yes` for scripts),
 *   since whoever reads it may be looking at a region an operator has taken out on purpose.
 *
 * The state and the lock go once no value holds the drill's setting any more. Unlock breaks a
 * dead drill's lock on purpose, after confirmation.
 */
import { ExitCode, ExitCodeValue, InputError } from "../../domain/exitCodes";
import { LeverValue } from "../levers/lever";
import { LeverDependencies } from "../levers/make";
import { resumeChanges } from "./changes";
import { describeHolder, Route53DrillLock } from "./lock";
import { Route53DrillState, SharedState } from "./sharedState";
import { DrillState, readState, removeState } from "./stateFile";
import { DrillStateStore } from "./stateStore";
import { ZoneLocation } from "./zoneRecord";

/** What `drill restore` needs. */
export interface RestoreDependencies extends LeverDependencies {
    /** The local copy of the state. */
    readonly stateFile: string;
    /** The zone holding the drill's state and lock, when the project has one. */
    readonly location?: ZoneLocation;
    /** Restore values someone changed since the drill too. @default false */
    readonly force?: boolean;
    /** Do not ask before restoring an old state (scripts). @default false */
    readonly yes?: boolean;
    /** Asks the operator to type an answer; undefined without a terminal. */
    readonly confirm?: (question: string) => Promise<string>;
}

function message(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/** The state to restore: the zone's, else the local copy. */
async function findState(deps: RestoreDependencies, say: (line: string) => void): Promise<{ state: DrillState; shared?: SharedState; store?: DrillStateStore } | undefined> {
    const local = readState(deps.stateFile);
    // Without the stacks' zone (stack files unreadable), the local copy names the zone its drill wrote to.
    const location = deps.location ?? local?.lock.location;
    const store = location === undefined ? undefined : new DrillStateStore(new Route53DrillState(deps.aws.route53, location), deps.stateFile);
    const shared = await store?.shared.read();
    if (shared !== undefined) {
        store!.adopt(shared);
        return { state: shared.state, shared, store };
    }
    if (local === undefined) {
        return undefined;
    }
    say(`The zone holds no drill state${store ? ` (${store.shared.recordName})` : ""}: restoring from this machine's copy ${deps.stateFile}. ` +
        "If another operator already finished this drill, every value reads back as it is and nothing is changed.");
    return { state: local, store };
}

/** Asks for the drill's id to be typed; true when it was, or `--yes`. */
async function confirmed(deps: RestoreDependencies, state: DrillState, why: string, say: (line: string) => void): Promise<boolean> {
    if (deps.yes) {
        say(`${why} Going on: --yes.`);
        return true;
    }
    if (deps.confirm === undefined) {
        throw new InputError(`${why} restore asks for confirmation on a terminal; pass --yes to restore without asking`);
    }
    const typed = (await deps.confirm(`${why} Type ${state.lock.id} to restore it: `)).trim();
    if (typed !== state.lock.id) {
        say("Not confirmed: nothing was changed; the drill state and the lock stay.");
        return false;
    }
    return true;
}

function describeValue(value: LeverValue, force: boolean): string {
    const verdict = {
        original: "back as before the drill: nothing to do",
        drill: "still as the drill set it: restoring",
        changed: force ? "CHANGED since the drill: restoring anyway (--force)" : "CHANGED since the drill: left alone (--force restores it)",
        unreadable: "could not be read: nothing is decided",
    }[value.standing];
    return `  ${value.name}: was ${value.original}, the drill set ${value.drillValue}, now ${value.current}${value.note ? ` (${value.note})` : ""}: ${verdict}`;
}

/** Resumes the restore a drill state describes; returns the exit code (0 restored or nothing to do, 1 not everything is back). */
export async function resumeRestore(deps: RestoreDependencies): Promise<ExitCodeValue> {
    const say = (line: string) => deps.progress.event(line);
    let found: Awaited<ReturnType<typeof findState>>;
    try {
        found = await findState(deps, say);
    } catch (error) {
        say(`Could not read the drill state (${message(error)}): nothing was changed. Fix access to the zone (route53:ListResourceRecordSets), or see drill/RUNBOOK.md, "Restoring by hand".`);
        return ExitCode.findings;
    }
    if (found === undefined) {
        say(`Nothing to restore: no drill state${deps.location ? ` in the zone (_drill-state.${deps.location.zoneName.replace(/\.$/, "")})` : ""} and none at ${deps.stateFile}.`);
        return ExitCode.clean;
    }
    const { state, store } = found;
    const force = deps.force ?? false;
    say(`Restoring the drill ${state.lock.id} of ${state.target.stack} (${state.target.region}) by ${state.by}, started ${state.startedAt}: ${state.lever} lever, stage ${state.stage}.`);
    say(`Original values: ${Object.entries(state.originals).map(([key, value]) => `${key}=${String(value)}`).join(", ") || "-"}`);
    say(`By hand, if this fails: ${state.manualRestore.join(" && ")}`);
    const nowMs = deps.clock.now();
    if (Date.parse(state.lock.expiresAt) <= nowMs) {
        const why = `This drill state is older than its lock's lifetime (the lock expired at ${state.lock.expiresAt}): since then an operator or an incident may have taken the region out on purpose.`;
        if (!(await confirmed(deps, state, why, say))) {
            return ExitCode.findings;
        }
    }
    if (state.lever === "shift" && state.stage === "applied") {
        // A completed shift is an operator's decision to hold the traffic elsewhere: undoing it is asked for.
        const why = `This is a staged traffic shift away from ${state.target.stack} that holds its traffic elsewhere on purpose: restore returns it at once. ` +
            `npm run drill -- shift --back --from ${state.target.stack} returns it in steps, after the region has been healthy for a hold-down time.`;
        if (!(await confirmed(deps, state, why, say))) {
            return ExitCode.findings;
        }
    }
    const lever = resumeChanges(state, deps);
    if (state.lever === "config") {
        const last = await deps.automation.lastUpdate(state.target.stack);
        if (last?.result === "in-progress") {
            say(`An update of ${state.target.stack} is still running (started ${last.startTime}): the dead drill's pulumi up may still be finishing. Wait for it, then run npm run drill -- restore again.`);
            return ExitCode.findings;
        }
    }
    const values = await lever.assess?.();
    let changedLeft: LeverValue[] = [];
    if (values === undefined) {
        // A lever that cannot say where its values stand: restore only what differs, after asking.
        const before = await lever.verifyRestored().catch((error: unknown) => ({ ok: false, detail: `could not read: ${message(error)}` }));
        say(`Read back before restoring: ${before.detail}`);
        if (!before.ok) {
            const why = `The ${state.lever} lever cannot tell the drill's change from someone else's: restoring puts back the values before the drill.`;
            if (!(await confirmed(deps, state, why, say))) {
                return ExitCode.findings;
            }
            await lever.restore();
        }
    } else {
        say("Where each value stands now:");
        values.forEach((value) => say(describeValue(value, force)));
        const unreadable = values.filter((value) => value.standing === "unreadable");
        if (unreadable.length > 0) {
            say(`Could not read ${unreadable.map((value) => value.name).join(", ")}: nothing was changed; the drill state and the lock stay. Fix access and run it again.`);
            return ExitCode.findings;
        }
        changedLeft = force ? [] : values.filter((value) => value.standing === "changed");
        const toRestore = values.filter((value) => value.standing === "drill" || (force && value.standing === "changed"));
        if (toRestore.length > 0) {
            try {
                await lever.restore(new Set(toRestore.map((value) => value.key)));
            } catch (error) {
                say(`The restore failed: ${message(error)}. The drill state and the lock stay; restore by hand: ${state.manualRestore.join(" && ")}`);
                return ExitCode.findings;
            }
        }
    }
    const after = await lever.assess?.();
    const stillOut = after?.filter((value) => value.standing === "drill" || value.standing === "unreadable" || (value.standing === "changed" && !changedLeft.some((left) => left.key === value.key)));
    const verification = after === undefined ? await lever.verifyRestored() : { ok: stillOut!.length === 0, detail: after.map((value) => `${value.name} ${value.current}`).join("; ") || "nothing was changed" };
    if (!verification.ok) {
        say(`The read back still differs after restoring: ${verification.detail}. The drill state and the lock stay; restore by hand: ${state.manualRestore.join(" && ")}`);
        return ExitCode.findings;
    }
    say(`Read back: ${verification.detail}.`);
    await finish(deps, state, store, say);
    if (changedLeft.length > 0) {
        say(`Not as before the drill, on purpose: ${changedLeft.map((value) => `${value.name} is ${value.current} (was ${value.original})`).join("; ")}. ` +
            "Someone changed it since the drill; it is theirs now. Put it back by hand if that was not meant (drill/RUNBOOK.md).");
        return ExitCode.findings;
    }
    return ExitCode.clean;
}

/** The drill is over: its state (zone and local copy) and its lock go. */
async function finish(deps: RestoreDependencies, state: DrillState, store: DrillStateStore | undefined, say: (line: string) => void): Promise<void> {
    if (store !== undefined) {
        const removed = await store.remove();
        say(removed ? `Drill state removed: ${store.shared.recordName} and ${deps.stateFile}.` : `Local copy removed: ${deps.stateFile}.`);
    } else {
        removeState(deps.stateFile);
        say(`Local copy removed: ${deps.stateFile}.`);
    }
    const lock = new Route53DrillLock(deps.aws.route53, state.lock.location);
    const released = await lock.deleteIfValue(state.lock.value);
    say(released ? `Lock released: ${lock.recordName}.` : `The lock ${lock.recordName} no longer held this drill's value; nothing was deleted.`);
}

/** What `drill unlock` needs. */
export interface UnlockDependencies {
    /** The project's lock. */
    readonly lock: Route53DrillLock;
    /** The project's drill state in the zone (a lock whose drill is unrestored is restored, not broken). */
    readonly state?: Route53DrillState;
    /** The state file of this machine. */
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
    const shared = await deps.state?.read().catch(() => undefined);
    const local = readState(deps.stateFile);
    for (const [state, where] of [[shared?.state, deps.state?.recordName], [local, deps.stateFile]] as const) {
        if (state !== undefined && state.lock.id === current.holder?.id) {
            throw new InputError(`that drill's state is in ${where}: run npm run drill -- restore, which puts the region back and then releases the lock`);
        }
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

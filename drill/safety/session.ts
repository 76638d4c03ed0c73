/**
 * What every command that changes AWS goes through (`drill run`, `drill shift`): the project's
 * drill lock, no earlier drill's unrestored state, the drill state written before the first
 * change and at every stage (the zone's `_drill-state` record and the local copy), and, once a
 * restore reads back, the state removed and the lock released. `drill restore` finishes any of
 * them from the state alone.
 */
import { randomUUID } from "node:crypto";
import * as os from "node:os";
import { Route53Client } from "@aws-sdk/client-route-53";
import { Clock } from "../clients/types";
import type { PreflightCheck } from "../report/types";
import { describeHolder, LockHolder, lockValue, parseLockValue, Route53DrillLock } from "./lock";
import { Route53DrillState, SharedState } from "./sharedState";
import { DrillStage, DrillState, stateSchemaVersion } from "./stateFile";
import { describeUnfinished, DrillStateStore } from "./stateStore";
import { ZoneLocation } from "./zoneRecord";

/** What a session needs. */
export interface SessionDependencies {
    /** Route 53 (us-east-1): the lock and the state live in the zone. */
    readonly route53: Route53Client;
    /** Time. */
    readonly clock: Clock;
    /** A line worth keeping. */
    readonly say: (line: string) => void;
    /** A warning (kept for the report). */
    readonly warn: (line: string) => void;
}

/** The state's fields that the caller knows (the session adds the lock, the operator, the stage and the times). */
export type StateContent = Omit<DrillState, "schemaVersion" | "lock" | "stage" | "by" | "startedAt" | "updatedAt">;

/** The lock as a new drill takes it. */
export interface LockRequest {
    /** The stack the command changes. */
    readonly target: string;
    /** The lever, or `shift`. */
    readonly lever: string;
    /** Who runs it. @default the OS user name */
    readonly operator?: string;
    /** How long the lock holds before it may be broken, seconds. */
    readonly lifetimeSeconds: number;
}

function message(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/** The OS user name, without spaces (it goes into the lock's TXT string). */
export function operatorName(): string {
    try {
        return os.userInfo().username.replace(/\s+/g, "_");
    } catch {
        return "unknown";
    }
}

/** One command's hold on the project: its lock and its drill state. */
export class DrillSession {
    private held?: { readonly lock: Route53DrillLock; readonly holder: LockHolder; readonly value: string };
    /** The id of the lock this session took (or took over), kept after its release. */
    private takenId?: string;
    /** The state store, when the project has a zone. */
    readonly store?: DrillStateStore;
    private written = false;
    private readonly startedAtMs: number;

    constructor(private readonly deps: SessionDependencies, readonly location: ZoneLocation | undefined, readonly stateFile: string) {
        this.store = location === undefined ? undefined : new DrillStateStore(new Route53DrillState(deps.route53, location), stateFile);
        this.startedAtMs = deps.clock.now();
    }

    /** Whether a drill state of this session exists (then the lock stays until a restore reads back). */
    get stateWritten(): boolean {
        return this.written;
    }

    /** The lock's holder, once taken. */
    get holder(): LockHolder | undefined {
        return this.held?.holder;
    }

    /** The drill's id (its lock's), once the lock was taken; still known after the lock is released. */
    get drillId(): string | undefined {
        return this.takenId;
    }

    /** No earlier drill's state is unrestored: in the zone (from any machine) or in this machine's copy. A stale local copy is removed unless `dryRun`. */
    async unfinishedCheck(dryRun: boolean): Promise<PreflightCheck> {
        const description = "no earlier drill's state is unrestored (the _drill-state record in Route 53, and this machine's copy)";
        const store = this.store;
        if (store === undefined) {
            return { id: "no-unrestored-drill", description, ok: false, detail: "the project has no hosted zone to hold the drill state (_drill-state TXT record)", onFailure: "refuse-always" };
        }
        const { unfinished: found, staleCopy } = await store.earlier();
        if (found === undefined) {
            if (staleCopy !== undefined && !dryRun) {
                this.deps.warn(`this machine's copy ${this.stateFile} of drill ${staleCopy.lock.id} is stale: the zone holds no drill state (it was finished from another machine, or died before its first change); removed`);
                store.forgetLocalCopy();
            }
            return { id: "no-unrestored-drill", description, ok: true, detail: `${store.shared.recordName} does not exist`, onFailure: "refuse-always" };
        }
        return { id: "no-unrestored-drill", description, ok: false, detail: describeUnfinished(found), onFailure: "refuse-always" };
    }

    /** The lock: taken (`request`; refused when another drill holds it), or only read (dry run). */
    async lockCheck(request: LockRequest | undefined): Promise<PreflightCheck> {
        const description = "no other drill of this project is running (the drill lock in Route 53)";
        const location = this.location;
        if (location === undefined) {
            return { id: "drill-lock", description, ok: false, detail: "the project has no hosted zone to hold the lock (_drill-lock TXT record)", onFailure: "refuse-always" };
        }
        const lock = new Route53DrillLock(this.deps.route53, location);
        const now = this.deps.clock.now();
        try {
            if (request === undefined) {
                const current = await lock.read();
                return { id: "drill-lock", description, ok: current === undefined, detail: current ? `held by ${describeHolder(current.holder, current.raw, now)}` : `${lock.recordName} is free`, onFailure: "refuse-always" };
            }
            const holder: LockHolder = {
                id: randomUUID(), target: request.target, lever: request.lever, by: request.operator ?? operatorName(),
                startedAt: new Date(now).toISOString(), expiresAt: new Date(now + request.lifetimeSeconds * 1000).toISOString(),
            };
            const taken = await lock.acquire(holder);
            if (!taken.acquired) {
                const current = taken.current;
                return {
                    id: "drill-lock", description, ok: false, onFailure: "refuse-always",
                    detail: `held by ${current ? describeHolder(current.holder, current.raw, now) : "a drill whose lock vanished while it was read"}; if that drill is dead, run npm run drill -- unlock`,
                };
            }
            this.held = { lock, holder, value: lockValue(holder) };
            this.takenId = holder.id;
            return { id: "drill-lock", description, ok: true, detail: `taken: ${lock.recordName} = drill ${holder.id}, expires ${holder.expiresAt}`, onFailure: "refuse-always" };
        } catch (error) {
            return { id: "drill-lock", description, ok: false, detail: `could not ${request ? "take" : "read"} the lock: ${message(error)}`, onFailure: "refuse-always" };
        }
    }

    /**
     * Takes over an earlier command's state and lock from the zone (a failback of a shift): the
     * lock's exact value is replaced by a new one with a new expiry in one atomic change, so two
     * operators cannot both go on; throws when the lock no longer holds that drill's value.
     */
    async takeOver(found: SharedState, lifetimeSeconds: number, operator?: string): Promise<DrillState> {
        const store = this.store!;
        const lock = new Route53DrillLock(this.deps.route53, this.location!);
        const old = found.state.lock;
        const now = this.deps.clock.now();
        const previous = parseLockValue(old.value);
        const holder: LockHolder = {
            id: old.id, target: found.state.target.stack, lever: found.state.lever, by: operator ?? operatorName(),
            startedAt: previous?.startedAt ?? found.state.startedAt, expiresAt: new Date(now + lifetimeSeconds * 1000).toISOString(),
        };
        const value = lockValue(holder);
        if (!(await lock.replaceValue(old.value, value))) {
            throw new Error(`the lock ${lock.recordName} no longer holds drill ${old.id}'s value (broken, or taken over by another operator): nothing was changed`);
        }
        this.held = { lock, holder, value };
        this.takenId = holder.id;
        store.adopt(found);
        this.written = true;
        return { ...found.state, lock: { ...old, value, expiresAt: holder.expiresAt }, by: holder.by };
    }

    /** Releases the lock, if this session holds it. */
    async releaseLock(): Promise<void> {
        const held = this.held;
        if (held === undefined) {
            return;
        }
        this.held = undefined;
        try {
            if (await held.lock.deleteIfValue(held.value)) {
                this.deps.say(`Lock released: ${held.lock.recordName}.`);
            } else {
                this.deps.warn(`the drill lock ${held.lock.recordName} no longer held this drill's value (broken by someone?); nothing was deleted`);
            }
        } catch (error) {
            this.deps.warn(`could not release the drill lock ${held.lock.recordName}: ${message(error)}; run npm run drill -- unlock`);
        }
    }

    /**
     * Writes the drill state: before the first change (the zone's record, which any operator can
     * resume, and the local copy, fsync'd), and again at each stage.
     */
    async save(content: StateContent, stage: DrillStage, startedAt = new Date(this.startedAtMs).toISOString()): Promise<void> {
        const held = this.held!;
        const store = this.store!;
        const state: DrillState = {
            schemaVersion: stateSchemaVersion, ...content,
            lock: { location: held.lock.location, id: held.holder.id, value: held.value, expiresAt: held.holder.expiresAt },
            stage, by: held.holder.by, startedAt, updatedAt: new Date(this.deps.clock.now()).toISOString(),
        };
        if (!this.written) {
            await store.create(state);
            this.written = true;
            this.deps.say(`State written: ${store.shared.recordName} (TXT, readable by every operator of the account) and ${this.stateFile}; ` +
                "if this process dies, run npm run drill -- restore (from this or any other checkout).");
            return;
        }
        await store.update(state);
        this.deps.say(`State: ${stage}.`);
    }

    /** After a restore that read back as the originals: the drill state and the lock go; otherwise both stay. */
    async settle(verified: boolean): Promise<void> {
        if (verified) {
            try {
                if (!(await this.store!.remove())) {
                    this.deps.warn(`the drill state ${this.store!.shared.recordName} no longer held this drill's state (removed by hand?); nothing was deleted`);
                }
            } catch (error) {
                this.deps.warn(`could not remove the drill state ${this.store!.shared.recordName}: ${message(error)}; run npm run drill -- restore, which finds the region back and removes it`);
                return;
            }
            this.written = false;
            await this.releaseLock();
            return;
        }
        this.deps.warn(`the restore was not confirmed: the drill state (${this.store?.shared.recordName}, ${this.stateFile}) and the drill lock stay; run npm run drill -- restore`);
    }
}

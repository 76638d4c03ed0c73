/**
 * The drill lock: one per project, on AWS, so that a second drill (from any machine) sees the
 * first. It is a TXT record `_drill-lock.<zone>` in the project's hosted zone, created with a
 * Route 53 CREATE change, which fails when the record exists (atomic create-if-absent), and
 * removed with a DELETE of the exact value, which fails when the value is not ours (compare and
 * delete). The value names the holder and an expiry; an expired lock is never taken over
 * silently: `drill unlock` breaks it on purpose, after confirmation.
 *
 * The value is one TXT string, and Route 53 refuses a string over 255 characters
 * (CharacterStringTooLong): every field is bounded so the whole value always fits, cutting the
 * operator's name first, then the stack's name.
 */
import { Route53Client } from "@aws-sdk/client-route-53";
import { route53TxtStringMaxLength } from "../../domain/awsLimits";
import { ZoneLocation, ZoneTxtRecord } from "./zoneRecord";

/** Who holds the lock, as its TXT value says. */
export interface LockHolder {
    /** Random id of the drill that holds it (also in its state). */
    readonly id: string;
    /** The stack the drill takes out. */
    readonly target: string;
    /** The lever it uses. */
    readonly lever: string;
    /** When it was taken (ISO time). */
    readonly startedAt: string;
    /** When it may be broken (ISO time). */
    readonly expiresAt: string;
    /** The operator's user name. */
    readonly by: string;
}

/** Where the lock lives. */
export type LockLocation = ZoneLocation;

/** A field as the value carries it: no spaces or quotes, which would end the field or the string. */
function token(text: string): string {
    return text.replace(/[^A-Za-z0-9._@+:-]/g, "_");
}

function formatLock(holder: LockHolder): string {
    return `drill-lock id=${token(holder.id)} target=${holder.target} lever=${token(holder.lever)} started=${token(holder.startedAt)} expires=${token(holder.expiresAt)} by=${holder.by}`;
}

/**
 * The holder as the lock records it: fields made safe for a TXT string, and the operator's name,
 * then the stack's name, cut so the string is at most 255 characters.
 */
export function boundedHolder(holder: LockHolder): LockHolder {
    let bounded = { ...holder, target: token(holder.target), by: token(holder.by) };
    const over = () => formatLock(bounded).length - route53TxtStringMaxLength;
    if (over() > 0) {
        bounded = { ...bounded, by: bounded.by.slice(0, Math.max(0, bounded.by.length - over())) };
    }
    if (over() > 0) {
        bounded = { ...bounded, target: bounded.target.slice(0, Math.max(1, bounded.target.length - over())) };
    }
    return bounded;
}

/** The TXT value of a holder: one quoted string of at most 255 characters. */
export function lockValue(holder: LockHolder): string {
    return `"${formatLock(boundedHolder(holder))}"`;
}

/** Reads a holder back from a TXT value; undefined when the value is not a drill lock. */
export function parseLockValue(value: string): LockHolder | undefined {
    const match = /^"drill-lock id=(\S+) target=(\S+) lever=(\S+) started=(\S+) expires=(\S+) by=(\S*)"$/.exec(value);
    if (match === null) {
        return undefined;
    }
    const [, id, target, lever, startedAt, expiresAt, by] = match;
    return { id, target, lever, startedAt, expiresAt, by };
}

/** One line on a holder, for refusals and `drill unlock`. */
export function describeHolder(holder: LockHolder | undefined, raw: string, nowMs: number): string {
    if (holder === undefined) {
        return `an unreadable lock value ${raw}`;
    }
    const expired = Date.parse(holder.expiresAt) <= nowMs;
    return `drill ${holder.id} of ${holder.target} (${holder.lever} lever) by ${holder.by || "unknown"}, since ${holder.startedAt}, ` +
        `${expired ? "EXPIRED at" : "expires"} ${holder.expiresAt}`;
}

/** The lock as read from Route 53. */
export interface ReadLock {
    /** The raw TXT value. */
    readonly raw: string;
    /** The holder, when the value parses. */
    readonly holder?: LockHolder;
}

/** The result of trying to take the lock. */
export type Acquired = { readonly acquired: true } | { readonly acquired: false; readonly current?: ReadLock };

/** The project's drill lock in its hosted zone. */
export class Route53DrillLock {
    private readonly record: ZoneTxtRecord;

    constructor(route53: Route53Client, readonly location: LockLocation) {
        this.record = new ZoneTxtRecord(route53, location, "_drill-lock");
    }

    /** The lock record's name, e.g. `_drill-lock.example.com`. */
    get recordName(): string {
        return this.record.name;
    }

    /**
     * Takes the lock; when another drill holds it, says who. A refusal for any other reason (a value
     * Route 53 rejects) is thrown, never reported as a held lock.
     */
    async acquire(holder: LockHolder): Promise<Acquired> {
        if (await this.record.create([lockValue(holder)], "failover drill lock (create)")) {
            return { acquired: true };
        }
        return { acquired: false, current: await this.read() };
    }

    /** The lock's current value, if the record exists. */
    async read(): Promise<ReadLock | undefined> {
        const values = await this.record.read();
        if (values === undefined) {
            return undefined;
        }
        const raw = values[0] ?? "";
        return { raw, holder: parseLockValue(raw) };
    }

    /**
     * Deletes the lock if it still holds exactly `raw`; false when it did not (gone, or someone
     * else's). Used to release our own lock and to break a dead drill's lock on purpose.
     */
    deleteIfValue(raw: string): Promise<boolean> {
        return this.record.deleteIfValues([raw], "failover drill lock (delete)");
    }

    /** Replaces the lock's exact value `raw` by `next` in one atomic change (a shift's failback takes its lock over); false when it no longer holds `raw`. */
    replaceValue(raw: string, next: string): Promise<boolean> {
        return this.record.replace([raw], [next], "failover drill lock (taken over)");
    }
}

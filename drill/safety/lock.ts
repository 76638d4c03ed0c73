/**
 * The drill lock: one per project, on AWS, so that a second drill (from any machine) sees the
 * first. It is a TXT record `_drill-lock.<zone>` in the project's hosted zone, created with a
 * Route 53 CREATE change, which fails when the record exists (atomic create-if-absent), and
 * removed with a DELETE of the exact value, which fails when the value is not ours (compare and
 * delete). The value names the holder and an expiry; an expired lock is never taken over
 * silently: `drill unlock` breaks it on purpose, after confirmation.
 */
import { ChangeResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";
import { readTxtRecord } from "./txtRecords";

/** Who holds the lock, as its TXT value says. */
export interface LockHolder {
    /** Random id of the drill that holds it (also in its state file). */
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
export interface LockLocation {
    /** The hosted zone holding the project's records. */
    readonly hostedZoneId: string;
    /** The zone's name, e.g. `example.com`. */
    readonly zoneName: string;
}

/** The lock record's TTL: short, since only the drill tool reads it, through the API. */
const lockTtlSeconds = 60;

/** The TXT value of a holder (quoted, one string; Route 53 allows 255 characters per string). */
export function lockValue(holder: LockHolder): string {
    return `"drill-lock id=${holder.id} target=${holder.target} lever=${holder.lever} started=${holder.startedAt} expires=${holder.expiresAt} by=${holder.by}"`;
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

function isAwsError(error: unknown, name: string): boolean {
    return error instanceof Error && error.name === name;
}

/** The project's drill lock in its hosted zone. */
export class Route53DrillLock {
    /** The lock record's name, e.g. `_drill-lock.example.com`. */
    readonly recordName: string;

    constructor(private readonly route53: Route53Client, readonly location: LockLocation) {
        this.recordName = `_drill-lock.${location.zoneName.replace(/\.$/, "")}`;
    }

    private change(action: "CREATE" | "DELETE", value: string) {
        return new ChangeResourceRecordSetsCommand({
            HostedZoneId: this.location.hostedZoneId,
            ChangeBatch: {
                Comment: `failover drill lock (${action.toLowerCase()})`,
                Changes: [{ Action: action, ResourceRecordSet: { Name: this.recordName, Type: "TXT", TTL: lockTtlSeconds, ResourceRecords: [{ Value: value }] } }],
            },
        });
    }

    /** Takes the lock; when another drill holds it, says who. */
    async acquire(holder: LockHolder): Promise<Acquired> {
        try {
            await this.route53.send(this.change("CREATE", lockValue(holder)));
            return { acquired: true };
        } catch (error) {
            // CREATE of an existing record set is rejected as InvalidChangeBatch ("... but it already exists").
            if (isAwsError(error, "InvalidChangeBatch")) {
                return { acquired: false, current: await this.read() };
            }
            throw error;
        }
    }

    /** The lock's current value, if the record exists. */
    async read(): Promise<ReadLock | undefined> {
        const raw = await readTxtRecord(this.route53, this.location.hostedZoneId, this.recordName);
        return raw === undefined ? undefined : { raw, holder: parseLockValue(raw) };
    }

    /**
     * Deletes the lock if it still holds exactly `raw`; false when it did not (gone, or someone
     * else's). Used to release our own lock and to break a dead drill's lock on purpose.
     */
    async deleteIfValue(raw: string): Promise<boolean> {
        try {
            await this.route53.send(this.change("DELETE", raw));
            return true;
        } catch (error) {
            // DELETE of a record set that is absent, or whose value differs, is rejected as InvalidChangeBatch.
            if (isAwsError(error, "InvalidChangeBatch")) {
                return false;
            }
            throw error;
        }
    }
}

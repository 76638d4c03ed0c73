/**
 * The last passing drill, where any operator and a scheduled job can find it: a TXT record
 * `_drill-passed.<zone>` beside the drill lock, in the project's hosted zone. A drill that passes
 * writes it (UPSERT: it replaces the previous one); `npm run readiness` reads it and judges its age
 * against `app:drill.maximumAgeDays`. The reports in `drill-reports/` stay on the machine that ran
 * the drill; this record is what a CI job, with read-only credentials, can see.
 */
import { ChangeResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";
import type { LockLocation } from "./lock";
import { readTxtRecord } from "./txtRecords";

/** What the record says of the drill that passed. */
export interface PassedDrill {
    /** The stack the drill took out. */
    readonly target: string;
    /** The lever it used. */
    readonly lever: string;
    /** When it finished (ISO time). */
    readonly finishedAt: string;
    /** The drill's id (its lock's). */
    readonly id: string;
    /** The operator's user name (cut so the value stays within one TXT string). */
    readonly by: string;
}

/** Route 53 takes at most 255 characters per TXT string (quotes aside). */
const txtStringLength = 255;

/** The record's TTL: only tools read it, through the API. */
const passTtlSeconds = 60;

/** The record's name in a zone, e.g. `_drill-passed.example.com`. */
export function lastPassRecordName(zoneName: string): string {
    return `_drill-passed.${zoneName.replace(/\.$/, "")}`;
}

/** The TXT value of a passed drill: quoted, one string, the user name cut to fit. */
export function lastPassValue(drill: PassedDrill): string {
    const head = `drill-passed target=${drill.target} lever=${drill.lever} finished=${drill.finishedAt} id=${drill.id} by=`;
    return `"${head}${drill.by.slice(0, Math.max(0, txtStringLength - head.length))}"`;
}

/** Reads a passed drill back from its TXT value; undefined when the value is not one. */
export function parseLastPassValue(value: string): PassedDrill | undefined {
    const match = /^"drill-passed target=(\S+) lever=(\S+) finished=(\S+) id=(\S+) by=(\S*)"$/.exec(value);
    if (match === null || Number.isNaN(Date.parse(match[3]))) {
        return undefined;
    }
    const [, target, lever, finishedAt, id, by] = match;
    return { target, lever, finishedAt, id, by };
}

/**
 * Records a passed drill (UPSERT of `_drill-passed.<zone>`).
 * @param route53 Route 53 (us-east-1)
 * @param location the zone of the drill lock
 * @param drill the drill that passed
 */
export async function recordPassedDrill(route53: Route53Client, location: LockLocation, drill: PassedDrill): Promise<void> {
    await route53.send(new ChangeResourceRecordSetsCommand({
        HostedZoneId: location.hostedZoneId,
        ChangeBatch: {
            Comment: "last passing failover drill",
            Changes: [{ Action: "UPSERT", ResourceRecordSet: { Name: lastPassRecordName(location.zoneName), Type: "TXT", TTL: passTtlSeconds, ResourceRecords: [{ Value: lastPassValue(drill) }] } }],
        },
    }));
}

/** The last passed drill as read: the raw value, and the drill when the value parses. */
export interface ReadLastPass {
    /** The record's value. */
    readonly raw: string;
    /** The drill, when the value is one. */
    readonly drill?: PassedDrill;
}

/**
 * The last passed drill of the zone, or undefined when no drill has passed since drills began to
 * record it.
 * @param route53 Route 53 (us-east-1)
 * @param location the zone
 */
export async function readLastPass(route53: Route53Client, location: LockLocation): Promise<ReadLastPass | undefined> {
    const raw = await readTxtRecord(route53, location.hostedZoneId, lastPassRecordName(location.zoneName));
    return raw === undefined ? undefined : { raw, drill: parseLastPassValue(raw) };
}

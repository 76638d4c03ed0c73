/**
 * The last passing drill, where any operator and a scheduled job can find it: a TXT record
 * `_drill-passed.<zone>` beside the drill lock, in the project's hosted zone. A drill that passes
 * writes it (UPSERT: it replaces the previous one); `npm run readiness` reads it and judges its age
 * against `app:drill.maximumAgeDays`. The reports in `drill-reports/` stay on the machine that ran
 * the drill; this record is what a CI job, with read-only credentials, can see.
 */
import { Route53Client } from "@aws-sdk/client-route-53";
import { route53TxtStringMaxLength } from "../../domain/awsLimits";
import { ZoneLocation, ZoneTxtRecord } from "./zoneRecord";

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

/** The record's first label: `_drill-passed.<zone>`. */
const lastPassLabel = "_drill-passed";

/** The record of a zone. */
function lastPassRecord(route53: Route53Client, location: ZoneLocation): ZoneTxtRecord {
    return new ZoneTxtRecord(route53, location, lastPassLabel);
}

/** The TXT value of a passed drill: quoted, one string, the user name cut to fit. */
export function lastPassValue(drill: PassedDrill): string {
    const head = `drill-passed target=${drill.target} lever=${drill.lever} finished=${drill.finishedAt} id=${drill.id} by=`;
    return `"${head}${drill.by.slice(0, Math.max(0, route53TxtStringMaxLength - head.length))}"`;
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
export async function recordPassedDrill(route53: Route53Client, location: ZoneLocation, drill: PassedDrill): Promise<void> {
    await lastPassRecord(route53, location).upsert([lastPassValue(drill)], "last passing failover drill");
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
export async function readLastPass(route53: Route53Client, location: ZoneLocation): Promise<ReadLastPass | undefined> {
    const values = await lastPassRecord(route53, location).read();
    if (values === undefined) {
        return undefined;
    }
    const raw = values[0] ?? "";
    return { raw, drill: parseLastPassValue(raw) };
}

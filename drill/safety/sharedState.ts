/**
 * The drill state where every operator of the account can read it: a TXT record
 * `_drill-state.<zone>` beside the drill lock, in the hosted zone the stacks already own. `drill
 * restore` on any machine with access to the zone resumes from it, and no drill starts while it
 * exists, whatever became of the lock.
 *
 * The state's JSON is deflated and written in base64url (no character a TXT string must escape),
 * cut into strings of at most 255 characters (Route 53's limit per TXT string), grouped into
 * values of at most 4,000 characters (its limit per value). The first string of each value is a
 * header `drill-state v=2 id=<lock id> part=<i>/<n> sha256=<prefix>`, since a record's values come
 * back in no promised order. Writes are atomic: CREATE (fails if a state exists), DELETE of the
 * exact values with CREATE of the new ones in one batch, DELETE of the exact values. Such a
 * replacing batch carries both states, so one state may take at most half of the 32,000 value
 * characters Route 53 allows in a request (docs/drill-aws-facts.md).
 *
 * The zone is public DNS: while a drill is unrestored, anyone resolving the name can read the
 * state (stack names, health check ids, ARNs with the account id, the operator's user name), as
 * they can read the lock.
 */
import { createHash } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { Route53Client } from "@aws-sdk/client-route-53";
import { route53Limits } from "../../domain/apiLimits";
import { route53ChangeBatchValueCharacters, route53TxtStringMaxLength } from "../../domain/awsLimits";
import { DrillState, stateSchemaVersion, upgradeState } from "./stateFile";
import { ZoneLocation, ZoneTxtRecord } from "./zoneRecord";

/** The most value characters one state may take: half a change batch, so that replacing it fits one request. */
export const maxStateCharacters = Math.floor(route53ChangeBatchValueCharacters / 2);

/** A TXT value's characters for `strings`: each quoted, separated by one space. */
function valueLength(strings: readonly string[]): number {
    return strings.reduce((sum, text) => sum + text.length + 2, 0) + Math.max(0, strings.length - 1);
}

function quote(strings: readonly string[]): string {
    return strings.map((text) => `"${text}"`).join(" ");
}

/** The strings of a TXT value (`"a" "b"`), unquoted. */
export function txtStrings(value: string): string[] {
    return [...value.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) => match[1]);
}

function digest(data: string): string {
    return createHash("sha256").update(data).digest("hex").slice(0, 16);
}

/** The state as TXT values, each within Route 53's limits; throws when the whole would not fit one request. */
export function encodeState(state: DrillState): string[] {
    const data = deflateRawSync(Buffer.from(JSON.stringify(state), "utf8")).toString("base64url");
    const chunks: string[] = [];
    for (let at = 0; at < data.length; at += route53TxtStringMaxLength) {
        chunks.push(data.slice(at, at + route53TxtStringMaxLength));
    }
    // Room for the header string: the longest header this state can have.
    const headerRoom = valueLength([`drill-state v=${stateSchemaVersion} id=${state.lock.id} part=999/999 sha256=${"0".repeat(16)}`]) + 1;
    const groups: string[][] = [[]];
    for (const chunk of chunks) {
        const group = groups[groups.length - 1];
        if (group.length > 0 && headerRoom + valueLength([...group, chunk]) > route53Limits.recordValueLength.max) {
            groups.push([chunk]);
        } else {
            group.push(chunk);
        }
    }
    const sha = digest(data);
    const values = groups.map((group, index) => quote([`drill-state v=${stateSchemaVersion} id=${state.lock.id} part=${index + 1}/${groups.length} sha256=${sha}`, ...group]));
    const total = values.reduce((sum, value) => sum + value.length, 0);
    if (total > maxStateCharacters) {
        throw new Error(`the drill state takes ${total} characters of TXT values, over the ${maxStateCharacters} a Route 53 change batch can replace (${route53ChangeBatchValueCharacters} per request, both states in one batch)`);
    }
    return values;
}

/** The state a record's values hold; throws, saying what is wrong, when they do not make one. */
export function decodeState(values: readonly string[], recordName: string): DrillState {
    const parts = values.map((value) => {
        const [header = "", ...data] = txtStrings(value);
        const match = /^drill-state v=(\d+) id=(\S+) part=(\d+)\/(\d+) sha256=([0-9a-f]+)$/.exec(header);
        if (match === null) {
            throw new Error(`${recordName} holds a value that is not part of a drill state: ${value.slice(0, 80)}`);
        }
        return { part: Number(match[3]), of: Number(match[4]), sha: match[5], data: data.join("") };
    }).sort((a, b) => a.part - b.part);
    const of = parts[0]?.of ?? 0;
    if (parts.length !== of || parts.some((part, index) => part.part !== index + 1 || part.of !== of || part.sha !== parts[0].sha)) {
        throw new Error(`${recordName} holds parts ${parts.map((part) => `${part.part}/${part.of}`).join(", ") || "none"} of a drill state: some are missing or belong to another state`);
    }
    const data = parts.map((part) => part.data).join("");
    if (digest(data) !== parts[0].sha) {
        throw new Error(`${recordName} holds a drill state whose checksum does not match: it was changed by hand or cut`);
    }
    return upgradeState(JSON.parse(inflateRawSync(Buffer.from(data, "base64url")).toString("utf8")), recordName);
}

/** A state as read from the zone: the state and the exact values that hold it (to replace or delete them). */
export interface SharedState {
    /** The state. */
    readonly state: DrillState;
    /** The record's values as Route 53 returned them. */
    readonly values: readonly string[];
}

/** The project's drill state record in its hosted zone. */
export class Route53DrillState {
    private readonly record: ZoneTxtRecord;

    constructor(route53: Route53Client, readonly location: ZoneLocation) {
        this.record = new ZoneTxtRecord(route53, location, "_drill-state");
    }

    /** The record's name, e.g. `_drill-state.example.com`. */
    get recordName(): string {
        return this.record.name;
    }

    /** The record's values as Route 53 returns them, undecoded; undefined when no drill state exists. */
    readValues(): Promise<string[] | undefined> {
        return this.record.read();
    }

    /** The state in the zone, if any; throws when the record exists but does not hold a readable state. */
    async read(): Promise<SharedState | undefined> {
        const values = await this.readValues();
        return values === undefined ? undefined : { state: decodeState(values, this.recordName), values };
    }

    /** Writes a first state; the state already there (another drill's) when one exists. */
    async create(state: DrillState): Promise<{ readonly created: true; readonly values: readonly string[] } | { readonly created: false; readonly existing?: SharedState }> {
        const values = encodeState(state);
        if (await this.record.create(values, `failover drill state of ${state.target.stack} (${state.stage})`)) {
            return { created: true, values };
        }
        return { created: false, existing: await this.read().catch(() => undefined) };
    }

    /** Replaces the state held by exactly `current`; undefined when the record no longer holds it. */
    async replace(current: readonly string[], state: DrillState): Promise<readonly string[] | undefined> {
        const values = encodeState(state);
        return (await this.record.replace(current, values, `failover drill state of ${state.target.stack} (${state.stage})`)) ? values : undefined;
    }

    /** Deletes the state held by exactly `values`; false when the record no longer holds them. */
    remove(values: readonly string[]): Promise<boolean> {
        return this.record.deleteIfValues(values, "failover drill state (restored)");
    }
}

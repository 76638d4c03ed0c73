/**
 * A TXT record set in the project's hosted zone, changed only in ways Route 53 makes atomic: a
 * CREATE fails when the set exists, a DELETE fails unless every value matches, and a change batch
 * is applied all or nothing (docs/drill-aws-facts.md). The drill lock, the drill state and the
 * last passing drill each live in one such record beside the project's own records, so every
 * operator of the account reads the same ones. A refused change is told apart from other failures by reading the record
 * back, not by parsing Route 53's message.
 */
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";

/** Where the drill's records live. */
export interface ZoneLocation {
    /** The hosted zone holding the project's records. */
    readonly hostedZoneId: string;
    /** The zone's name, e.g. `example.com`. */
    readonly zoneName: string;
}

/** The TTL of the drill's records: short, since only the drill tool reads them, through the API. */
export const drillRecordTtlSeconds = 60;

type Action = "CREATE" | "DELETE" | "UPSERT";

function isInvalidChangeBatch(error: unknown): boolean {
    return error instanceof Error && error.name === "InvalidChangeBatch";
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
    const sortedB = [...b].sort();
    return a.length === b.length && [...a].sort().every((value, index) => value === sortedB[index]);
}

/** One TXT record set of the zone, e.g. `_drill-lock.example.com`. */
export class ZoneTxtRecord {
    /** The record's name, without the trailing dot. */
    readonly name: string;

    /** @param label the first label, e.g. `_drill-lock`. */
    constructor(private readonly route53: Route53Client, readonly location: ZoneLocation, label: string) {
        this.name = `${label}.${location.zoneName.replace(/\.$/, "")}`;
    }

    private change(changes: readonly (readonly [Action, readonly string[]])[], comment: string): ChangeResourceRecordSetsCommand {
        return new ChangeResourceRecordSetsCommand({
            HostedZoneId: this.location.hostedZoneId,
            ChangeBatch: {
                Comment: comment,
                Changes: changes.map(([action, values]) => ({
                    Action: action,
                    ResourceRecordSet: { Name: this.name, Type: "TXT", TTL: drillRecordTtlSeconds, ResourceRecords: values.map((value) => ({ Value: value })) },
                })),
            },
        });
    }

    /** The record's values, or undefined when it does not exist. */
    async read(): Promise<string[] | undefined> {
        const listed = await this.route53.send(new ListResourceRecordSetsCommand({
            HostedZoneId: this.location.hostedZoneId, StartRecordName: this.name, StartRecordType: "TXT", MaxItems: 1,
        }));
        const record = listed.ResourceRecordSets?.[0];
        if (record === undefined || record.Type !== "TXT" || record.Name?.replace(/\.$/, "") !== this.name) {
            return undefined;
        }
        return (record.ResourceRecords ?? []).map((resourceRecord) => resourceRecord.Value ?? "");
    }

    /**
     * Writes the record with `values` whatever it held (UPSERT): for a record only ever replaced
     * as a whole, such as the last passing drill, where no compare is needed.
     */
    async upsert(values: readonly string[], comment: string): Promise<void> {
        await this.route53.send(this.change([["UPSERT", values]], comment));
    }

    /**
     * Creates the record with `values`; false when it already exists (any values). Any other
     * refusal (a value Route 53 rejects) is thrown as Route 53 worded it.
     */
    async create(values: readonly string[], comment: string): Promise<boolean> {
        try {
            await this.route53.send(this.change([["CREATE", values]], comment));
            return true;
        } catch (error) {
            if (isInvalidChangeBatch(error) && (await this.read()) !== undefined) {
                return false;
            }
            throw error;
        }
    }

    /** Replaces exactly `current` by `next` in one batch; false when the record no longer holds `current`. */
    async replace(current: readonly string[], next: readonly string[], comment: string): Promise<boolean> {
        return this.compareAndChange(current, [["DELETE", current], ["CREATE", next]], comment);
    }

    /** Deletes the record if it holds exactly `values`; false when it does not (gone, or changed). */
    async deleteIfValues(values: readonly string[], comment: string): Promise<boolean> {
        return this.compareAndChange(values, [["DELETE", values]], comment);
    }

    private async compareAndChange(current: readonly string[], changes: readonly (readonly [Action, readonly string[]])[], comment: string): Promise<boolean> {
        try {
            await this.route53.send(this.change(changes, comment));
            return true;
        } catch (error) {
            if (isInvalidChangeBatch(error)) {
                const found = await this.read();
                if (found === undefined || !sameValues(found, current)) {
                    return false;
                }
            }
            throw error;
        }
    }
}

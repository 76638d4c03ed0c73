/**
 * What a staged shift (`drill shift`) moves: the weight of the region's weighted record and the
 * traffic dial of its Global Accelerator endpoint group, each a percentage of its value before
 * the shift. Failover and latency records follow health, not weights: a shift leaves them alone
 * (docs/drill-shift.md).
 *
 * Each value is read first and recorded in the drill state; a step's values are recorded as the
 * shift's before they are sent (`intend`), so that a restore after a crash at any point knows
 * what the shift may have left. The weight is changed by a compare-and-swap in Route 53: one
 * change batch that deletes the record set exactly as last read (or as the shift last wrote it)
 * and creates it with the new weight, every other element kept. Route 53 applies a batch all or
 * nothing and deletes a set only when given all its current values, so a weight someone changed
 * after that read makes Route 53 refuse the batch and nothing changes (docs/drill-aws-facts.md).
 * The dial is set with UpdateEndpointGroup (us-west-2), which has no such condition: it is read
 * again before each step instead. Restoring puts back the original only where a value still holds
 * what the shift set: the same record set with one of the shift's weights, the shift's dial.
 */
import { DescribeEndpointGroupCommand, UpdateEndpointGroupCommand } from "@aws-sdk/client-global-accelerator";
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, ListResourceRecordSetsCommandOutput, ResourceRecordSet } from "@aws-sdk/client-route-53";
import { AwsClients } from "../clients/types";
import { DeployedRegion } from "../clients/outputs";
import { LeverValue, RestoreVerification } from "../levers/lever";

/** The keys of the values, as `assess` and `restore` name them. */
export const shiftValueKeys = { weight: "weight", dial: "dial" } as const;

/** What the drill state keeps (the shift's `leverState`, with its steps). */
export interface ShiftValuesState {
    /** The weighted record set before the shift, exactly as Route 53 listed it; null without a weighted record. */
    readonly record: ResourceRecordSet | null;
    /** The endpoint group's traffic dial before the shift; null without an endpoint group. */
    readonly originalDial: number | null;
    /** The values the shift may have left in AWS now: its last step's, and the one being sent. */
    readonly shiftWeights: readonly number[];
    /** The same for the dial. */
    readonly shiftDials: readonly number[];
}

/** The values one step sets. */
export interface StepValues {
    /** The record's weight, when the region has a weighted record. */
    readonly weight?: number;
    /** The dial, when the region has an endpoint group. */
    readonly dial?: number;
}

function message(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/** The record set without its weight, to tell the shift's change from someone else's. */
function withoutWeight(set: ResourceRecordSet): string {
    return JSON.stringify([set.Name?.replace(/\.$/, ""), set.Type, set.SetIdentifier, set.TTL, set.HealthCheckId, (set.ResourceRecords ?? []).map((record) => record.Value),
        set.AliasTarget?.HostedZoneId, set.AliasTarget?.DNSName, set.AliasTarget?.EvaluateTargetHealth]);
}

/** A region's weight and dial, as a shift moves them. */
export class ShiftValues {
    private record?: ResourceRecordSet;
    private originalDial?: number;
    private shiftWeights: number[] = [];
    private shiftDials: number[] = [];
    private prepared = false;
    /** The record set as this process last read or wrote it: what the next weight change deletes. */
    private inPlace?: ResourceRecordSet;

    /** @param hostedZoneId the zone of the region's records. */
    constructor(private readonly aws: AwsClients, readonly target: DeployedRegion, private readonly hostedZoneId: string | undefined) {}

    /** Rebuilt from a drill state, for `drill restore` and a failback. */
    static resume(aws: AwsClients, target: DeployedRegion, saved: Readonly<Record<string, unknown>>): ShiftValues {
        const values = new ShiftValues(aws, target, target.hostedZoneId);
        const state = saved as unknown as ShiftValuesState;
        values.record = state.record ?? undefined;
        values.originalDial = state.originalDial ?? undefined;
        values.shiftWeights = [...(state.shiftWeights ?? [])];
        values.shiftDials = [...(state.shiftDials ?? [])];
        values.prepared = true;
        return values;
    }

    /** The weighted record a shift moves, when the region has one. */
    get weighted(): { readonly fqdn: string; readonly setIdentifier: string } | undefined {
        return this.hostedZoneId === undefined ? undefined : this.target.records.weighted;
    }

    /** Whether the shift has anything to move. */
    get movesAnything(): boolean {
        return this.weighted !== undefined || this.target.endpointGroupArn !== undefined;
    }

    /** Reads the weighted record set as Route 53 lists it (every weighted set of the name, up to 100, is listed from the name). */
    private async readRecord(): Promise<ResourceRecordSet> {
        const { fqdn, setIdentifier } = this.weighted!;
        let start: { name: string; identifier?: string } | undefined = { name: fqdn };
        while (start !== undefined) {
            const listed: ListResourceRecordSetsCommandOutput = await this.aws.route53.send(new ListResourceRecordSetsCommand({
                HostedZoneId: this.hostedZoneId, StartRecordName: start.name, StartRecordType: "A", ...(start.identifier ? { StartRecordIdentifier: start.identifier } : {}), MaxItems: 100,
            }));
            const sets = (listed.ResourceRecordSets ?? []).filter((set) => set.Name?.replace(/\.$/, "") === fqdn && set.Type === "A");
            const found = sets.find((set) => set.SetIdentifier === setIdentifier);
            if (found !== undefined) {
                return found;
            }
            const more = listed.IsTruncated === true && listed.NextRecordName?.replace(/\.$/, "") === fqdn && listed.NextRecordType === "A";
            start = more ? { name: fqdn, identifier: listed.NextRecordIdentifier } : undefined;
        }
        throw new Error(`Route 53 zone ${this.hostedZoneId} has no weighted A record ${fqdn} with set identifier ${setIdentifier}`);
    }

    private async readDial(): Promise<number> {
        const group = (await this.aws.globalAccelerator.send(new DescribeEndpointGroupCommand({ EndpointGroupArn: this.target.endpointGroupArn }))).EndpointGroup;
        // The API's default dial is 100 when the field is absent.
        return group?.TrafficDialPercentage ?? 100;
    }

    /** Reads and records the originals, once. */
    async prepare(): Promise<void> {
        if (this.prepared) {
            return;
        }
        if (this.weighted !== undefined) {
            this.record = await this.readRecord();
            this.inPlace = this.record;
        }
        if (this.target.endpointGroupArn !== undefined) {
            this.originalDial = await this.readDial();
        }
        this.prepared = true;
    }

    /** The weight and dial before the shift. */
    originalValues(): StepValues {
        return { ...(this.record ? { weight: this.record.Weight ?? 0 } : {}), ...(this.originalDial !== undefined ? { dial: this.originalDial } : {}) };
    }

    /** The values that keep `percent` of the original weight and dial (rounded to whole numbers). */
    valuesAt(percent: number): StepValues {
        const scale = (value: number) => Math.round((value * percent) / 100);
        const original = this.originalValues();
        return { ...(original.weight !== undefined ? { weight: scale(original.weight) } : {}), ...(original.dial !== undefined ? { dial: scale(original.dial) } : {}) };
    }

    /** Records `percent`'s values as the shift's, before they are sent (the caller writes the drill state next). */
    intend(percent: number): void {
        const { weight, dial } = this.valuesAt(percent);
        if (weight !== undefined && !this.shiftWeights.includes(weight)) {
            this.shiftWeights.push(weight);
        }
        if (dial !== undefined && !this.shiftDials.includes(dial)) {
            this.shiftDials.push(dial);
        }
    }

    /**
     * Sends `percent`'s values (after `intend` and a state write); then only they are the shift's.
     * The weight goes only if the record set is still as this process last read or wrote it (or,
     * when it has read nothing yet, as it reads it now and finds it the original or the shift's).
     */
    async send(percent: number): Promise<StepValues> {
        const values = this.valuesAt(percent);
        if (values.weight !== undefined && this.record !== undefined) {
            const expected = this.inPlace ?? (await this.readOwnRecord());
            if ((expected.Weight ?? 0) !== values.weight) {
                await this.swapWeight(expected, values.weight, `drill shift of ${this.target.stack}: ${percent}% of its weight`);
            }
        }
        if (values.dial !== undefined) {
            await this.aws.globalAccelerator.send(new UpdateEndpointGroupCommand({ EndpointGroupArn: this.target.endpointGroupArn, TrafficDialPercentage: values.dial }));
        }
        this.shiftWeights = values.weight !== undefined ? [values.weight] : [];
        this.shiftDials = values.dial !== undefined ? [values.dial] : [];
        return values;
    }

    /** Reads the record set and returns it when it holds the original weight or one of the shift's; throws when someone changed it. */
    private async readOwnRecord(): Promise<ResourceRecordSet> {
        const current = await this.readRecord();
        if (this.weightStanding(current) === "changed") {
            throw new Error(`weighted record ${this.weighted?.fqdn} (${current.SetIdentifier}) holds weight ${current.Weight ?? 0}, neither the original ${this.originalValues().weight} ` +
                `nor the shift's ${this.shiftWeights.join(" or ") || "-"}, or another element changed: changed since the shift; not sent`);
        }
        return current;
    }

    /** Whether a record set read now is the recorded one in every element but its weight. */
    private sameSet(current: ResourceRecordSet): boolean {
        return withoutWeight(current) === withoutWeight(this.record!);
    }

    /** Where a record set read now stands: the original weight, one of the shift's, or changed by someone (its weight or another element). */
    private weightStanding(current: ResourceRecordSet): "original" | "drill" | "changed" {
        const weight = current.Weight ?? 0;
        if (!this.sameSet(current)) {
            return "changed";
        }
        return weight === this.originalValues().weight ? "original" : this.shiftWeights.includes(weight) ? "drill" : "changed";
    }

    /**
     * Compare-and-swap of the weight: one change batch that deletes `expected` exactly and creates
     * it with `weight`. When the set is no longer `expected`, Route 53 refuses the whole batch
     * (InvalidChangeBatch: "… but the values provided do not match the current values") and
     * nothing changes.
     * @param expected the record set as last read or written, every element as Route 53 listed it
     * @param weight the weight the set gets
     * @param comment the change batch's comment
     */
    private async swapWeight(expected: ResourceRecordSet, weight: number, comment: string): Promise<void> {
        const next = { ...expected, Weight: weight };
        await this.aws.route53.send(new ChangeResourceRecordSetsCommand({
            HostedZoneId: this.hostedZoneId,
            ChangeBatch: { Comment: comment, Changes: [{ Action: "DELETE", ResourceRecordSet: expected }, { Action: "CREATE", ResourceRecordSet: next }] },
        }));
        this.inPlace = next;
    }

    /** Where each value stands: back at its original, at one of the shift's values, or changed by someone since. */
    async assess(): Promise<LeverValue[]> {
        const values: LeverValue[] = [];
        const original = this.originalValues();
        if (this.record !== undefined && original.weight !== undefined) {
            const base = {
                key: shiftValueKeys.weight, name: `weighted record ${this.weighted?.fqdn ?? this.record.Name} (${this.record.SetIdentifier}) weight`,
                original: String(original.weight), drillValue: this.shiftWeights.join(" or ") || "-",
            };
            try {
                const current = await this.readRecord();
                const weight = current.Weight ?? 0;
                const standing = this.weightStanding(current);
                // The next change of the weight swaps exactly this set: a change made after this read is refused by Route 53.
                this.inPlace = current;
                values.push({ ...base, current: String(weight), standing, ...(this.sameSet(current) ? {} : { note: "its alias target, health check or another element changed since the shift" }) });
            } catch (error) {
                values.push({ ...base, current: `unreadable: ${message(error)}`, standing: "unreadable" });
            }
        }
        if (this.target.endpointGroupArn !== undefined && original.dial !== undefined) {
            const base = { key: shiftValueKeys.dial, name: `endpoint group ${this.target.endpointGroupArn} traffic dial`, original: String(original.dial), drillValue: this.shiftDials.join(" or ") || "-" };
            try {
                const dial = await this.readDial();
                const standing = dial === original.dial ? "original" : this.shiftDials.includes(dial) ? "drill" : "changed";
                values.push({ ...base, current: String(dial), standing });
            } catch (error) {
                values.push({ ...base, current: `unreadable: ${message(error)}`, standing: "unreadable" });
            }
        }
        return values;
    }

    /**
     * Puts back the originals: of the keys in `only` (as `assess` names them), or, without it, of
     * every value that still holds the shift's. Throws naming what is still moved.
     */
    async restore(only?: ReadonlySet<string>): Promise<void> {
        const keys = only ?? new Set((await this.assess()).filter((value) => value.standing === "drill").map((value) => value.key));
        const failures: string[] = [];
        const original = this.originalValues();
        const attempt = async (stillMoved: string, call: () => Promise<unknown>) => {
            try {
                await call();
            } catch (error) {
                failures.push(`${stillMoved} (${message(error)})`);
            }
        };
        if (keys.has(shiftValueKeys.weight) && this.record !== undefined) {
            await attempt(`the weight of ${this.weighted?.fqdn} is still moved`,
                async () => this.swapWeight(this.inPlace ?? (await this.readRecord()), original.weight ?? 0, `drill shift of ${this.target.stack}: restored`));
        }
        if (keys.has(shiftValueKeys.dial) && original.dial !== undefined) {
            await attempt(`the dial of ${this.target.endpointGroupArn} is still moved`,
                () => this.aws.globalAccelerator.send(new UpdateEndpointGroupCommand({ EndpointGroupArn: this.target.endpointGroupArn, TrafficDialPercentage: original.dial })));
        }
        if (failures.length > 0) {
            throw new Error(`restore failed: ${failures.join("; ")}`);
        }
    }

    /** Reads back: every value at its original, or changed by someone since (left alone, said). */
    async verifyRestored(): Promise<RestoreVerification> {
        const values = await this.assess();
        return {
            ok: values.every((value) => value.standing === "original" || value.standing === "changed"),
            detail: values.map((value) => `${value.name} ${value.current} (was ${value.original}${value.standing === "changed" ? "; changed since the shift, left alone" : ""})`).join("; ") || "nothing was changed",
        };
    }

    /** The recorded originals. */
    originals(): Record<string, number | null> {
        const original = this.originalValues();
        return { ...(original.weight !== undefined ? { weight: original.weight } : {}), ...(original.dial !== undefined ? { trafficDialPercentage: original.dial } : {}) };
    }

    /** The AWS CLI lines that put the originals back by hand. */
    manualRestore(): string[] {
        const lines: string[] = [];
        if (this.record !== undefined) {
            const batch = JSON.stringify({ Changes: [{ Action: "UPSERT", ResourceRecordSet: this.record }] });
            lines.push(`aws route53 change-resource-record-sets --hosted-zone-id ${this.hostedZoneId} --change-batch '${batch}'`);
        }
        if (this.originalDial !== undefined) {
            lines.push(`aws globalaccelerator update-endpoint-group --region us-west-2 --endpoint-group-arn ${this.target.endpointGroupArn} --traffic-dial-percentage ${this.originalDial}`);
        }
        return lines;
    }

    /** What the drill state keeps. */
    saved(): ShiftValuesState {
        return { record: this.record ?? null, originalDial: this.originalDial ?? null, shiftWeights: [...this.shiftWeights], shiftDials: [...this.shiftDials] };
    }
}

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentTypes } from "../common";

/** The hosted zone, found by name or given by id. */
export type HostedZone = { readonly name: string } | { readonly id: string };

/** The routing policy of one record and its policy-specific setting. */
export type RoutingPolicy =
    | { readonly kind: "failover"; readonly role: "PRIMARY" | "SECONDARY" }
    | { readonly kind: "weighted"; readonly weight: number }
    | { readonly kind: "latency" };

/** One record of the region: its name (relative to the zone) and routing policy. */
export interface RoutingRecordSpec {
    /** Record name relative to the zone, e.g. `app`. */
    readonly name: string;
    /** Routing policy. */
    readonly policy: RoutingPolicy;
}

/** Arguments of {@link RoutingRecords}. */
export interface RoutingRecordsArgs {
    /** The shared public hosted zone. */
    readonly zone: HostedZone;
    /** The region this stack deploys, used as latency region and set identifier. */
    readonly region: string;
    /** Set identifier of this region's records, unique per name across stacks. */
    readonly setIdentifier: string;
    /** The alias target: the region's ALB DNS name. */
    readonly aliasName: pulumi.Input<string>;
    /** The alias target's canonical hosted zone id (the ALB's `zoneId`, never the record's zone). */
    readonly aliasZoneId: pulumi.Input<string>;
    /** The region's health check, attached to every record. */
    readonly healthCheckId: pulumi.Input<string>;
    /** The records, by key (`failover`, `weighted`, `latency`). */
    readonly records: Record<string, RoutingRecordSpec>;
}

/** What a record's routing policy puts into the provider arguments. */
function policyArgs(policy: RoutingPolicy, region: string): Partial<aws.route53.RecordArgs> {
    switch (policy.kind) {
        case "failover": return { failoverRoutingPolicies: [{ type: policy.role }] };
        case "weighted": return { weightedRoutingPolicies: [{ weight: policy.weight }] };
        case "latency": return { latencyRoutingPolicies: [{ region }] };
    }
}

/**
 * This region's share of the shared names: one alias A record per routing policy, pointing at
 * the region's ALB, carrying the region's health check. The other regions' stacks create their
 * own records under the same names with their own set identifiers.
 */
export class RoutingRecords extends pulumi.ComponentResource {
    /** The zone id the records live in. */
    public readonly zoneId: pulumi.Output<string>;
    /** Each record's FQDN and set identifier, by key. */
    public readonly records: pulumi.Output<Record<string, { fqdn: string; setIdentifier: string }>>;

    constructor(name: string, args: RoutingRecordsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentTypes.routingRecords, name, {}, opts);
        this.zoneId = "id" in args.zone
            ? pulumi.output(args.zone.id)
            : aws.route53.getZoneOutput({ name: args.zone.name, privateZone: false }, { parent: this }).zoneId;
        const created = Object.entries(args.records).map(([key, spec]) => {
            const record = new aws.route53.Record(`${name}-${key}`, {
                zoneId: this.zoneId,
                name: spec.name,
                type: "A",
                setIdentifier: args.setIdentifier,
                healthCheckId: args.healthCheckId,
                aliases: [{ name: args.aliasName, zoneId: args.aliasZoneId, evaluateTargetHealth: true }],
                ...policyArgs(spec.policy, args.region),
                // Create-first replacement can write the new record and then delete it with the old one.
            }, { parent: this, deleteBeforeReplace: true });
            return [key, pulumi.output({ fqdn: record.fqdn, setIdentifier: args.setIdentifier })] as const;
        });
        this.records = pulumi.output(Object.fromEntries(created));
        this.registerOutputs({ zoneId: this.zoneId, records: this.records });
    }
}

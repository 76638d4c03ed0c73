/**
 * The contract of a region stack's outputs: what `program/region.ts` exports and what the drill
 * tool, the offline plan and operators read back. One definition, used on both sides.
 */

/** The key of each output, so writers and readers spell them alike. */
export const outputKeys = {
    region: "region",
    environment: "environment",
    albArn: "albArn",
    albDnsName: "albDnsName",
    albZoneId: "albZoneId",
    albSecurityGroupId: "albSecurityGroupId",
    targetGroupArns: "targetGroupArns",
    listenerArns: "listenerArns",
    url: "url",
    simulateOutage: "simulateOutage",
    predictedFailoverSeconds: "predictedFailoverSeconds",
    healthCheckId: "healthCheckId",
    hostedZoneId: "hostedZoneId",
    records: "records",
    serviceUrl: "serviceUrl",
    globalAcceleratorDnsName: "globalAcceleratorDnsName",
    globalAcceleratorStaticIps: "globalAcceleratorStaticIps",
    globalAcceleratorListenerArn: "globalAcceleratorListenerArn",
    globalAcceleratorRecordFqdn: "globalAcceleratorRecordFqdn",
    globalAcceleratorEndpointGroupArn: "globalAcceleratorEndpointGroupArn",
} as const;

/** The routing policies a region's records use, by output key. */
export const recordKinds = ["failover", "weighted", "latency"] as const;

/** One kind of routing record. */
export type RecordKind = (typeof recordKinds)[number];

/** One of the region's records, as the `records` output lists it. */
export interface RecordOutput {
    /** Fully qualified record name, e.g. `app.example.com`. */
    readonly fqdn: string;
    /** The record's set identifier (the region). */
    readonly setIdentifier: string;
}

/** Worst-case failover seconds of each traffic path. */
export interface PredictedFailoverOutput {
    /** Route 53 health check plus the alias TTL. */
    readonly dns: number;
    /** ALB target health plus Global Accelerator's reaction. */
    readonly globalAccelerator: number;
}

/** A region stack's outputs, resolved (as `pulumi stack output --json` prints them). */
export interface RegionStackOutputs {
    /** AWS region of the stack. */
    readonly region: string;
    /** The stack's environment (production, staging, dev, ...). */
    readonly environment: string;
    /** ALB ARN. */
    readonly albArn: string;
    /** ALB DNS name. */
    readonly albDnsName: string;
    /** The ALB's canonical hosted zone id. */
    readonly albZoneId: string;
    /** The ALB's security group. */
    readonly albSecurityGroupId: string;
    /** Target group ARNs by key. */
    readonly targetGroupArns: Readonly<Record<string, string>>;
    /** Listener ARNs by key (`http`, `https`). */
    readonly listenerArns: Readonly<Record<string, string>>;
    /** The ALB's own URL. */
    readonly url: string;
    /** Whether the stack was deployed with `drill.simulateOutage: true`. */
    readonly simulateOutage: boolean;
    /** Predicted worst-case failover of each path. */
    readonly predictedFailoverSeconds: PredictedFailoverOutput;
    /** The Route 53 health check on the ALB (DNS on). */
    readonly healthCheckId?: string;
    /** The hosted zone of the records (DNS on). */
    readonly hostedZoneId?: string;
    /** The region's records by routing policy (DNS on). */
    readonly records?: Readonly<Partial<Record<RecordKind, RecordOutput>>>;
    /** The URL users open: the failover name (DNS and failover on). */
    readonly serviceUrl?: string;
    /** The accelerator's DNS name (owner only). */
    readonly globalAcceleratorDnsName?: string;
    /** The accelerator's static IPv4 addresses (owner only). */
    readonly globalAcceleratorStaticIps?: readonly string[];
    /** The accelerator listener, which members join (owner only). */
    readonly globalAcceleratorListenerArn?: string;
    /** The alias record to the accelerator (owner only, when configured). */
    readonly globalAcceleratorRecordFqdn?: string;
    /** The region's endpoint group (when it takes part in the accelerator). */
    readonly globalAcceleratorEndpointGroupArn?: string;
}

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
    autoScalingGroupName: "autoScalingGroupName",
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
    observability: "observability",
    healthCheckIds: "healthCheckIds",
    alarmTopicArn: "alarmTopicArn",
    alarmNames: "alarmNames",
    followedAlarmNames: "followedAlarmNames",
    servingBadlyAlarmName: "servingBadlyAlarmName",
    routingControlArn: "routingControlArn",
    routingControlClusterArn: "routingControlClusterArn",
    routingControlClusterEndpoints: "routingControlClusterEndpoints",
    routingControlPanelArn: "routingControlPanelArn",
    routingControlArns: "routingControlArns",
    routingControlSafetyRuleArn: "routingControlSafetyRuleArn",
    routingControlInitialStates: "routingControlInitialStates",
    dashboardName: "dashboardName",
    dashboardArn: "dashboardArn",
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
    /** The followed alarms' breaching periods, metric delivery, Route 53 and the alias TTL (alarm-driven health on). */
    readonly alarm?: number;
    /** A routing-control flip's propagation plus the alias TTL (routing controls on). */
    readonly routingControl?: number;
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
    /** The demo fleet's Auto Scaling group (fleet on): what the drill's pre-scaling raises and readiness sizes up. */
    readonly autoScalingGroupName?: string;
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
    /** The accelerator's DNS name (the global stack's; regions pass it on). */
    readonly globalAcceleratorDnsName?: string;
    /** The accelerator's static IPv4 addresses (the global stack, or a deprecated owner). */
    readonly globalAcceleratorStaticIps?: readonly string[];
    /** The accelerator listener, which regions join (the global stack, or a deprecated owner). */
    readonly globalAcceleratorListenerArn?: string;
    /** The alias record to the accelerator, when configured (the global stack's; regions pass it on). */
    readonly globalAcceleratorRecordFqdn?: string;
    /** The region's endpoint group (when it takes part in the accelerator). */
    readonly globalAcceleratorEndpointGroupArn?: string;
    /** What the environment's dashboard shows of this region (program/observability.ts). */
    readonly observability: Readonly<Record<string, unknown>>;
    /** The region's Route 53 health checks by role: endpoint, alarm, control, combined (DNS on). */
    readonly healthCheckIds: Readonly<Record<string, string>>;
    /** The SNS topic the region's alarms notify (alarms on). */
    readonly alarmTopicArn?: string;
    /** The region's alarms by key (alarms on). */
    readonly alarmNames?: Readonly<Record<string, string>>;
    /** The alarms Route 53 follows, by key (alarms on; empty when alarms.healthCheck is off or the stack has no DNS). */
    readonly followedAlarmNames?: Readonly<Record<string, string>>;
    /** The notify-only serving-badly alarm, which Route 53 never follows (alarms on). */
    readonly servingBadlyAlarmName?: string;
    /** The region's routing control (routing controls on). */
    readonly routingControlArn?: string;
    /** The ARC cluster (routing-control owner only). */
    readonly routingControlClusterArn?: string;
    /** The cluster's five regional data-plane endpoints (routing-control owner only). */
    readonly routingControlClusterEndpoints?: readonly { readonly endpoint: string; readonly region: string }[];
    /** The control panel (routing-control owner only). */
    readonly routingControlPanelArn?: string;
    /** Every region's routing control, by region (routing-control owner only). */
    readonly routingControlArns?: Readonly<Record<string, string>>;
    /** The safety rule that keeps regions on (routing-control owner only). */
    readonly routingControlSafetyRuleArn?: string;
    /** What the deploy's first-state step did to each control, by region: turned-on, already-on or left-alone (routing-control owner only). */
    readonly routingControlInitialStates?: Readonly<Record<string, string>>;
    /** The environment's dashboard (dashboard owner only). */
    readonly dashboardName?: string;
    /** The dashboard's ARN (dashboard owner only). */
    readonly dashboardArn?: string;
}

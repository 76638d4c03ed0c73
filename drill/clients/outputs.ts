/**
 * A region's stack outputs, checked: what `drill run` needs to find the region's health check,
 * records, endpoint group and URLs. The keys and shapes are the program's outputs contract
 * (program/outputs.ts); this module only checks the values a deployed stack returned.
 */
import { outputKeys, RecordKind, recordKinds, RecordOutput, RegionStackOutputs } from "../../program/outputs";

/** One of the region's records, as the `records` output lists it. */
export type DeployedRecord = RecordOutput;

/** A deployed region, from its stack outputs. */
export interface DeployedRegion {
    /** Stack name. */
    readonly stack: string;
    /** AWS region. */
    readonly region: string;
    /** The ALB's URL, e.g. `https://seoul-alb-123.ap-northeast-2.elb.amazonaws.com/`. */
    readonly url: string;
    /** The ALB's DNS name. */
    readonly albDnsName: string;
    /** Whether the stack was deployed with `drill.simulateOutage: true`. */
    readonly simulateOutage: boolean;
    /** The Route 53 health check on the ALB, when the stack has DNS. */
    readonly healthCheckId?: string;
    /** The hosted zone of the records, when the stack has DNS. */
    readonly hostedZoneId?: string;
    /** The region's records by policy. */
    readonly records: NonNullable<RegionStackOutputs["records"]>;
    /** The region's Global Accelerator endpoint group, when it takes part. */
    readonly endpointGroupArn?: string;
    /** The accelerator's DNS name (the global stack's, passed on by every region that joins it). */
    readonly acceleratorDnsName?: string;
    /** The alias record to the accelerator, when configured (passed on like the DNS name). */
    readonly acceleratorRecordFqdn?: string;
    /**
     * The region's Route 53 health checks by role (`endpoint`, `alarm-<key>` per followed alarm,
     * `control`, `combined`), as the `healthCheckIds` output lists them; empty without DNS.
     */
    readonly healthCheckIds?: Readonly<Record<string, string>>;
    /** The ALB's listeners by key (`http`, `https`). */
    readonly listenerArns?: Readonly<Record<string, string>>;
    /** The region's alarms by key (`elb-5xx`, `serving-badly`, `latency`, ...), when it has alarms. */
    readonly alarmNames?: Readonly<Record<string, string>>;
    /**
     * The alarms Route 53 follows, by key (empty when it follows none); absent on stacks deployed
     * before the output, whose followed alarms the `alarm-<key>` entries of `healthCheckIds` name.
     */
    readonly followedAlarmNames?: Readonly<Record<string, string>>;
    /** The notify-only serving-badly alarm, when it has alarms. */
    readonly servingBadlyAlarmName?: string;
    /** The region's routing control, when routing controls are on. */
    readonly routingControlArn?: string;
    /** The cluster's data-plane endpoints (routing-control owner stack only). */
    readonly routingControlClusterEndpoints?: readonly { readonly endpoint: string; readonly region: string }[];
    /** Every region's routing control, by region (routing-control owner stack only). @default {} */
    readonly routingControlArns?: Readonly<Record<string, string>>;
    /** Target group ARNs by key. @default {} */
    readonly targetGroupArns?: Readonly<Record<string, string>>;
    /** The fleet's Auto Scaling group, when the stack runs one (what pre-scaling raises; readiness checks its size). */
    readonly autoScalingGroupName?: string;
}

function stringMap(value: unknown, key: string, stack: string): Record<string, string> {
    if (value === undefined || value === null) {
        return {};
    }
    if (typeof value !== "object" || Array.isArray(value) || Object.values(value).some((item) => typeof item !== "string")) {
        throw new Error(`stack ${stack}: output ${key} must map names to strings, got ${JSON.stringify(value)}`);
    }
    return value as Record<string, string>;
}

function clusterEndpoints(value: unknown, stack: string): { endpoint: string; region: string }[] | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    const valid = Array.isArray(value) && value.every((item) => typeof item?.endpoint === "string" && typeof item?.region === "string");
    if (!valid) {
        throw new Error(`stack ${stack}: output routingControlClusterEndpoints must list endpoint and region strings, got ${JSON.stringify(value)}`);
    }
    return (value as { endpoint: string; region: string }[]).map(({ endpoint, region }) => ({ endpoint, region }));
}

function text(outputs: Record<string, unknown>, key: keyof typeof outputKeys, stack: string, required: boolean): string | undefined {
    const value = outputs[key];
    if (value === undefined || value === null || value === "") {
        if (required) {
            throw new Error(`stack ${stack}: output ${key} is missing; deploy the stack (pulumi up) before a drill`);
        }
        return undefined;
    }
    if (typeof value !== "string") {
        throw new Error(`stack ${stack}: output ${key} must be a string, got ${JSON.stringify(value)}`);
    }
    return value;
}

function recordsOf(value: unknown, stack: string): Partial<Record<RecordKind, DeployedRecord>> {
    if (value === undefined || value === null) {
        return {};
    }
    if (typeof value !== "object" || Array.isArray(value)) {
        throw new Error(`stack ${stack}: output records must be an object, got ${JSON.stringify(value)}`);
    }
    const records: Partial<Record<RecordKind, DeployedRecord>> = {};
    for (const policy of recordKinds) {
        const record = (value as Record<string, unknown>)[policy];
        if (record === undefined) {
            continue;
        }
        const { fqdn, setIdentifier } = (record ?? {}) as Record<string, unknown>;
        if (typeof fqdn !== "string" || typeof setIdentifier !== "string") {
            throw new Error(`stack ${stack}: output records.${policy} must hold fqdn and setIdentifier strings`);
        }
        records[policy] = { fqdn: fqdn.replace(/\.$/, ""), setIdentifier };
    }
    return records;
}

/** Checks a stack's outputs; throws naming the stack and output that is missing or malformed. */
export function parseStackOutputs(stack: string, outputs: Record<string, unknown>): DeployedRegion {
    return {
        stack,
        region: text(outputs, outputKeys.region, stack, true)!,
        url: text(outputs, outputKeys.url, stack, true)!,
        albDnsName: text(outputs, outputKeys.albDnsName, stack, true)!,
        simulateOutage: outputs[outputKeys.simulateOutage] === true,
        healthCheckId: text(outputs, outputKeys.healthCheckId, stack, false),
        hostedZoneId: text(outputs, outputKeys.hostedZoneId, stack, false),
        healthCheckIds: stringMap(outputs[outputKeys.healthCheckIds], outputKeys.healthCheckIds, stack),
        records: recordsOf(outputs[outputKeys.records], stack),
        endpointGroupArn: text(outputs, outputKeys.globalAcceleratorEndpointGroupArn, stack, false),
        acceleratorDnsName: text(outputs, outputKeys.globalAcceleratorDnsName, stack, false),
        acceleratorRecordFqdn: text(outputs, outputKeys.globalAcceleratorRecordFqdn, stack, false)?.replace(/\.$/, ""),
        listenerArns: stringMap(outputs[outputKeys.listenerArns], outputKeys.listenerArns, stack),
        alarmNames: stringMap(outputs[outputKeys.alarmNames], outputKeys.alarmNames, stack),
        // Absent (not empty) on stacks deployed before the output: the guards then fall back to healthCheckIds.
        ...(outputs[outputKeys.followedAlarmNames] === undefined || outputs[outputKeys.followedAlarmNames] === null ? {}
            : { followedAlarmNames: stringMap(outputs[outputKeys.followedAlarmNames], outputKeys.followedAlarmNames, stack) }),
        servingBadlyAlarmName: text(outputs, outputKeys.servingBadlyAlarmName, stack, false),
        routingControlArn: text(outputs, outputKeys.routingControlArn, stack, false),
        routingControlClusterEndpoints: clusterEndpoints(outputs[outputKeys.routingControlClusterEndpoints], stack),
        routingControlArns: stringMap(outputs[outputKeys.routingControlArns], outputKeys.routingControlArns, stack),
        targetGroupArns: stringMap(outputs[outputKeys.targetGroupArns], outputKeys.targetGroupArns, stack),
        autoScalingGroupName: text(outputs, outputKeys.autoScalingGroupName, stack, false),
    };
}

/** The listener users are served on: HTTPS when the ALB has it (HTTP then only redirects), else HTTP. */
export function servingListenerArn(region: Pick<DeployedRegion, "listenerArns">): string | undefined {
    return region.listenerArns?.https ?? region.listenerArns?.http;
}

/**
 * The stack set's routing controls: every region's control by region (the owner's list, which
 * also names regions whose stacks are not deployed, and each stack's own), and the cluster
 * endpoints the owner stack outputs.
 */
export function routingControlsOf(deployment: readonly DeployedRegion[]): { readonly arns: Record<string, string>; readonly endpoints: readonly { readonly endpoint: string; readonly region: string }[] } {
    return {
        arns: Object.fromEntries(deployment.flatMap((region) => [
            ...Object.entries(region.routingControlArns ?? {}),
            ...(region.routingControlArn === undefined ? [] : [[region.region, region.routingControlArn]]),
        ])),
        endpoints: deployment.find((region) => region.routingControlClusterEndpoints !== undefined)?.routingControlClusterEndpoints ?? [],
    };
}

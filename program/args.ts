/**
 * Settings to component arguments: the one place that knows both the stack's validated
 * configuration (config/) and what each component takes (components/). Every value comes from
 * the settings or from the facts of the stack's region; components hold no defaults.
 */
import * as pulumi from "@pulumi/pulumi";
import { RegionalAlbArgs } from "../components/alb/regionalAlb";
import { ListenerRuleSpec, TargetGroupSpec } from "../components/alb/types";
import { Tags } from "../components/common";
import { AppFleetArgs } from "../components/fleet/appFleet";
import { NetworkArgs } from "../components/network/network";
import { AcceleratorEndpointGroupArgs } from "../components/traffic/acceleratorEndpointGroup";
import { RegionHealthCheckArgs } from "../components/traffic/regionHealthCheck";
import { RoutingRecordSpec } from "../components/traffic/routingRecords";
import { clientIpPreservation, dnsEnabled, healthCheckEndpoint, healthCheckerRegions, healthCheckListenerPort } from "../config/derive";
import { admitsEveryone, route53HealthCheckPrefixListName } from "../domain/networkFacts";
import { StackConfig } from "../config/load";
import { ListenerRuleSettings, StackSettings, TargetGroupSettings } from "../config/schema";
import { logDeliveryServicePrincipal, regions } from "../domain/regions";

/**
 * Compile-time proof that the schema's output satisfies what the components take: when either
 * side changes shape, this stops compiling.
 */
type Satisfies<T extends U, U> = T;
export type SchemaFitsComponents = [
    Satisfies<TargetGroupSettings, TargetGroupSpec>,
    Satisfies<ListenerRuleSettings, ListenerRuleSpec>,
];

/** What every step of a region shares. */
export interface RegionContext {
    /** Stack name, the prefix of every resource name. */
    readonly stack: string;
    /** The stack's AWS region. */
    readonly region: string;
    /** The validated settings. */
    readonly settings: StackSettings;
    /** Tags for every taggable resource. */
    readonly tags: Tags;
}

/** The context of one region's stack: its settings, and the tags every resource carries. */
export function regionContext(config: StackConfig): RegionContext {
    const { stack, region, settings } = config;
    return {
        stack,
        region,
        settings,
        tags: { ...settings.tags, "app:stack": stack, "app:region": region, "app:environment": settings.environment },
    };
}

/** The network: a created VPC, or the existing one the settings name. */
export function networkArgs({ settings, tags }: RegionContext): NetworkArgs {
    const network = settings.network;
    return {
        existingVpcId: network.vpcId || undefined,
        existingPublicSubnetIds: network.publicSubnetIds,
        existingPrivateSubnetIds: network.privateSubnetIds,
        cidr: network.cidr,
        availabilityZones: network.availabilityZones,
        natGateways: network.natGateways,
        tags,
    };
}

/** The network's outputs the ALB and the fleet are placed in. */
export interface Placement {
    /** VPC id. */
    readonly vpcId: pulumi.Input<string>;
    /** VPC CIDR block. */
    readonly vpcCidr: pulumi.Input<string>;
    /** Subnets for the ALB. */
    readonly subnetIds: pulumi.Input<string[]>;
}

/** The ALB with its listeners, target groups, rules and access logs. */
export function albArgs({ region, settings, tags }: RegionContext, placement: Placement): RegionalAlbArgs {
    const alb = settings.alb;
    const elbAccountId = regions[region].elbLogAccount;
    return {
        ...placement,
        internal: alb.internal,
        ingressCidrs: alb.ingressCidrs,
        ingressPrefixListIds: alb.ingressPrefixListIds,
        idleTimeoutSeconds: alb.idleTimeoutSeconds,
        clientKeepAliveSeconds: alb.clientKeepAliveSeconds,
        http2: alb.http2,
        desyncMitigationMode: alb.desyncMitigationMode,
        dropInvalidHeaderFields: alb.dropInvalidHeaderFields,
        deletionProtection: alb.deletionProtection,
        accessLogs: {
            enabled: alb.accessLogs,
            existingBucket: alb.accessLogsBucket,
            retentionDays: alb.accessLogsRetentionDays,
            logDelivery: elbAccountId ? { elbAccountId } : { service: logDeliveryServicePrincipal },
            forceDestroy: alb.accessLogsForceDestroy,
        },
        certificateArn: alb.certificateArn,
        sniCertificateArns: alb.sniCertificateArns,
        sslPolicy: alb.sslPolicy,
        targetGroups: settings.targetGroups,
        defaultTargetGroup: alb.defaultTargetGroup,
        listenerRules: settings.listenerRules,
        // Route 53's checkers must reach the checked port when clients are restricted.
        healthCheckerIngress: dnsEnabled(settings) && !admitsEveryone(alb.ingressCidrs)
            ? { port: healthCheckListenerPort(settings), prefixListName: route53HealthCheckPrefixListName(region) }
            : undefined,
        tags,
    };
}

/** What the fleet needs of the network and the ALB. */
export type FleetPlacement = Pick<AppFleetArgs, "vpcId" | "subnetIds" | "publicIps" | "albSecurityGroupId" | "targetGroupArns" | "scalingTargetGroupArnSuffix" | "albArnSuffix" | "scalingDependsOn">;

/** The demo fleet: the first of its target groups drives scaling and gives port and health path. */
export function fleetArgs({ settings, tags }: RegionContext, placement: FleetPlacement): AppFleetArgs {
    const fleet = settings.fleet;
    const scalingGroup = settings.targetGroups[fleet.targetGroups[0]];
    return {
        ...placement,
        port: scalingGroup.port,
        healthPath: scalingGroup.healthCheck.path,
        instanceType: fleet.instanceType,
        amiId: fleet.amiId || undefined,
        amiParameter: fleet.amiParameter,
        minSize: fleet.minSize,
        maxSize: fleet.maxSize,
        desiredCapacity: fleet.desiredCapacity,
        requestsPerTarget: fleet.requestsPerTarget,
        tags,
    };
}

/** The Route 53 health check on the region's ALB. */
export function healthCheckArgs({ region, settings, tags }: RegionContext, albDnsName: pulumi.Input<string>): RegionHealthCheckArgs {
    const endpoint = healthCheckEndpoint(settings);
    return {
        fqdn: albDnsName,
        protocol: endpoint.protocol,
        port: endpoint.port,
        path: settings.healthCheck.path,
        requestInterval: settings.healthCheck.requestInterval,
        failureThreshold: settings.healthCheck.failureThreshold,
        regions: healthCheckerRegions(settings, region),
        // A drill inverts the check: a disabled check would count as healthy.
        inverted: settings.healthCheck.inverted || settings.drill.simulateOutage,
        tags,
    };
}

/** The region's records under the shared names, by key. */
export function recordSpecs(dns: StackSettings["dns"]): Record<string, RoutingRecordSpec> {
    // Exactly one PRIMARY and one SECONDARY per failover name, and weights not all 0, can only
    // be seen across stack files: `npm run plan` checks them (config/crossStack.ts).
    const records: Record<string, RoutingRecordSpec> = {};
    if (dns.failover) {
        records.failover = { name: dns.failoverName, policy: { kind: "failover", role: dns.failoverRole as "PRIMARY" | "SECONDARY" } };
    }
    if (dns.weighted) {
        records.weighted = { name: dns.weightedName, policy: { kind: "weighted", weight: dns.weight } };
    }
    if (dns.latency) {
        records.latency = { name: dns.latencyName, policy: { kind: "latency" } };
    }
    return records;
}

/** The region's endpoint group on the accelerator listener. */
export function endpointGroupArgs(
    { region, settings }: RegionContext,
    wiring: Pick<AcceleratorEndpointGroupArgs, "provider" | "listenerArn" | "albArn">,
): AcceleratorEndpointGroupArgs {
    const accelerator = settings.globalAccelerator;
    return {
        ...wiring,
        region,
        weight: accelerator.endpointWeight,
        // A drill dials the region to 0; GA still sends traffic here if every other region fails.
        trafficDial: settings.drill.simulateOutage ? 0 : accelerator.trafficDial,
        clientIpPreservation: clientIpPreservation(settings),
    };
}

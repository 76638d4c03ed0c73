/**
 * One region's stack, as a list of steps: the network, the ALB, the demo fleet, and the
 * region's share of the cross-region traffic (health check, routing records, Global
 * Accelerator endpoint group). Returns the stack outputs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RegionalAlb } from "../components/alb/regionalAlb";
import { Tags } from "../components/common";
import { StackConfig } from "../config/load";
import { acceleratorPorts, dnsEnabled, failoverTimingInput, healthCheckEndpoint } from "../config/derive";
import { StackSettings } from "../config/schema";
import { AppFleet } from "../components/fleet/appFleet";
import { albName, setIdentifier } from "../domain/naming";
import { Network } from "../components/network/network";
import { AcceleratorEndpointGroup } from "../components/traffic/acceleratorEndpointGroup";
import { predictFailover } from "../domain/failover";
import { GlobalAccelerator } from "../components/traffic/globalAccelerator";
import { RegionHealthCheck } from "../components/traffic/regionHealthCheck";
import { RoutingRecords, RoutingRecordSpec } from "../components/traffic/routingRecords";
import { finishObservability, Observability, predictedFailoverSeconds, recordHealthCheckId, startObservability } from "./observability";

/** The providers the program root creates; components never create their own. */
export interface StackProviders {
    /** The stack's region (`aws:region`). */
    readonly regional: aws.Provider;
    /** us-west-2, for Global Accelerator; required when the stack takes part in it. */
    readonly accelerator?: aws.Provider;
    /** us-west-2, for Route 53 ARC's recovery-control configuration; required on the routing-control owner. */
    readonly recoveryControl?: aws.Provider;
}

/** What every step shares. */
interface StepContext {
    readonly stack: string;
    readonly region: string;
    readonly settings: StackSettings;
    readonly tags: Tags;
    readonly opts: pulumi.ComponentResourceOptions;
}

/** Builds every resource of one region's stack and returns the stack outputs. */
export function buildStack(config: StackConfig, providers: StackProviders): Record<string, unknown> {
    const { stack, region, settings } = config;
    const context: StepContext = {
        stack,
        region,
        settings,
        tags: { ...settings.tags, "app:stack": stack, "app:region": region },
        opts: { providers: [providers.regional] },
    };
    const network = createNetwork(context);
    const alb = createAlb(context, network);
    if (settings.fleet.enabled) {
        createFleet(context, network, alb);
    }
    const prediction = predictFailover(failoverTimingInput(settings));
    const observability = startObservability(context, alb, providers.recoveryControl);
    const dns = dnsEnabled(settings) ? createDnsRouting(context, alb, observability) : undefined;
    const accelerator = settings.globalAccelerator.enabled
        ? joinAccelerator(context, alb, dns?.zoneId, providers.accelerator)
        : {};
    return {
        region,
        albArn: alb.arn,
        albDnsName: alb.dnsName,
        albZoneId: alb.zoneId,
        albSecurityGroupId: alb.securityGroupId,
        targetGroupArns: alb.targetGroupArns,
        listenerArns: alb.listenerArns,
        url: alb.url,
        simulateOutage: settings.drill.simulateOutage,
        predictedFailoverSeconds: predictedFailoverSeconds(prediction),
        ...(dns ? { healthCheckId: dns.healthCheckId, hostedZoneId: dns.zoneId, records: dns.records, ...serviceUrl(settings, dns.records) } : {}),
        ...accelerator,
        ...finishObservability(context, alb, observability, dns?.healthCheckId, accelerator.globalAcceleratorListenerArn as pulumi.Output<string> | undefined),
    };
}

/** The URL users open: the failover name, which the certificate covers (the ALB's own name is not). */
function serviceUrl(settings: StackSettings, records: pulumi.Output<Record<string, { fqdn: string }>>): { serviceUrl?: pulumi.Output<string> } {
    if (!settings.dns.failover) {
        return {};
    }
    const scheme = settings.alb.certificateArn ? "https" : "http";
    return { serviceUrl: records.apply((all) => `${scheme}://${all.failover.fqdn}/`) };
}

function createNetwork({ stack, settings, tags, opts }: StepContext): Network {
    return new Network(`${stack}-network`, {
        existingVpcId: settings.network.vpcId || undefined,
        existingPublicSubnetIds: settings.network.publicSubnetIds,
        existingPrivateSubnetIds: settings.network.privateSubnetIds,
        cidr: settings.network.cidr,
        availabilityZones: settings.network.availabilityZones,
        natGateways: settings.network.natGateways,
        tags,
    }, opts);
}

function createAlb({ stack, settings, tags, opts }: StepContext, network: Network): RegionalAlb {
    const alb = settings.alb;
    return new RegionalAlb(albName(stack), {
        vpcId: network.vpcId,
        vpcCidr: network.vpcCidr,
        subnetIds: alb.internal ? network.privateSubnetIds : network.publicSubnetIds,
        internal: alb.internal,
        ingressCidrs: alb.ingressCidrs,
        ingressPrefixListIds: alb.ingressPrefixListIds,
        idleTimeoutSeconds: alb.idleTimeoutSeconds,
        http2: alb.http2,
        desyncMitigationMode: alb.desyncMitigationMode,
        dropInvalidHeaderFields: alb.dropInvalidHeaderFields,
        deletionProtection: alb.deletionProtection,
        accessLogs: { enabled: alb.accessLogs, existingBucket: alb.accessLogsBucket, retentionDays: alb.accessLogsRetentionDays },
        certificateArn: alb.certificateArn,
        sniCertificateArns: alb.sniCertificateArns,
        sslPolicy: alb.sslPolicy,
        targetGroups: settings.targetGroups,
        defaultTargetGroup: alb.defaultTargetGroup,
        listenerRules: settings.listenerRules,
        tags,
    }, opts);
}

function createFleet({ stack, settings, tags, opts }: StepContext, network: Network, alb: RegionalAlb): AppFleet {
    const fleet = settings.fleet;
    const [scalingKey] = fleet.targetGroups;
    const scalingGroup = settings.targetGroups[scalingKey];
    return new AppFleet(`${stack}-fleet`, {
        vpcId: network.vpcId,
        // Without NAT, instances in private subnets could not be reached for updates or SSM.
        subnetIds: network.hasNat ? network.privateSubnetIds : network.publicSubnetIds,
        publicIps: !network.hasNat,
        albSecurityGroupId: alb.securityGroupId,
        targetGroupArns: fleet.targetGroups.map((key) => alb.targetGroups[key].arn),
        scalingTargetGroupArnSuffix: alb.targetGroups[scalingKey].arnSuffix,
        albArnSuffix: alb.arnSuffix,
        port: scalingGroup.port,
        healthPath: scalingGroup.healthCheck.path,
        instanceType: fleet.instanceType,
        amiParameter: fleet.amiParameter,
        minSize: fleet.minSize,
        maxSize: fleet.maxSize,
        desiredCapacity: fleet.desiredCapacity,
        requestsPerTarget: fleet.requestsPerTarget,
        tags,
    }, opts);
}

/** The region's records under the shared names, by key. */
function recordSpecs(dns: StackSettings["dns"]): Record<string, RoutingRecordSpec> {
    // Exactly one PRIMARY and one SECONDARY per failover name, and weights not all 0, can only
    // be seen across stack files: `npm run plan` checks them (README, "Cross-stack rules").
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

function createDnsRouting(context: StepContext, alb: RegionalAlb, observability: Observability) {
    const { stack, region, settings, tags, opts } = context;
    const endpoint = healthCheckEndpoint(settings);
    const healthCheck = new RegionHealthCheck(`${stack}-health`, {
        fqdn: alb.dnsName,
        protocol: endpoint.protocol,
        port: endpoint.port,
        path: settings.healthCheck.path,
        requestInterval: settings.healthCheck.requestInterval,
        failureThreshold: settings.healthCheck.failureThreshold,
        regions: settings.healthCheck.regions,
        // A drill inverts the check: a disabled check would count as healthy.
        inverted: settings.healthCheck.inverted || settings.drill.simulateOutage,
        tags,
    }, opts);
    const routing = new RoutingRecords(`${stack}-records`, {
        zone: settings.dns.zoneId ? { id: settings.dns.zoneId } : { name: settings.dns.zoneName },
        region,
        setIdentifier: setIdentifier(region),
        aliasName: alb.dnsName,
        aliasZoneId: alb.zoneId,
        healthCheckId: recordHealthCheckId(context, observability, healthCheck.healthCheckId),
        records: recordSpecs(settings.dns),
    }, opts);
    return { healthCheckId: healthCheck.healthCheckId, zoneId: routing.zoneId, records: routing.records };
}

function joinAccelerator(
    { stack, region, settings, tags, opts }: StepContext,
    alb: RegionalAlb,
    zoneId: pulumi.Output<string> | undefined,
    provider: aws.Provider | undefined,
): Record<string, unknown> {
    if (provider === undefined) {
        throw new Error("globalAccelerator.enabled needs the us-west-2 provider from the program root");
    }
    const ga = settings.globalAccelerator;
    const outputs: Record<string, unknown> = {};
    let listenerArn: pulumi.Input<string>;
    if (ga.owner) {
        const accelerator = new GlobalAccelerator(`${stack}-accelerator`, {
            provider,
            ipAddressType: ga.ipAddressType,
            ports: acceleratorPorts(settings),
            clientAffinity: ga.clientAffinity,
            record: ga.recordName && zoneId ? { zoneId, name: ga.recordName } : undefined,
            tags,
        }, opts);
        listenerArn = accelerator.listenerArn;
        Object.assign(outputs, {
            globalAcceleratorDnsName: accelerator.dnsName,
            globalAcceleratorStaticIps: accelerator.staticIps,
            globalAcceleratorListenerArn: accelerator.listenerArn,
            ...(accelerator.recordFqdn ? { globalAcceleratorRecordFqdn: accelerator.recordFqdn } : {}),
        });
    } else {
        // Exactly one stack owns the accelerator (checked across stack files by `npm run plan`);
        // members find its listener through a stack reference, so the owner deploys first.
        const owner = new pulumi.StackReference(`${stack}-accelerator-owner`, { name: ga.ownerStack });
        listenerArn = owner.requireOutput("globalAcceleratorListenerArn") as pulumi.Output<string>;
    }
    const endpoints = new AcceleratorEndpointGroup(`${stack}-endpoints`, {
        provider,
        listenerArn,
        region,
        albArn: alb.arn,
        weight: ga.endpointWeight,
        // A drill dials the region to 0; GA still sends traffic here if every other region fails.
        trafficDial: settings.drill.simulateOutage ? 0 : ga.trafficDial,
        clientIpPreservation: ga.clientIpPreservation,
    }, opts);
    outputs.globalAcceleratorEndpointGroupArn = endpoints.endpointGroupArn;
    return outputs;
}

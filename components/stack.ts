/**
 * One region's stack: the network, the ALB, the demo fleet, and the region's share of the
 * cross-region traffic (health check, routing records, Global Accelerator endpoint group).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RegionalAlb } from "./alb/regionalAlb";
import { dnsEnabled } from "./config/crossChecks";
import { StackConfig } from "./config/load";
import { acceleratorPorts, failoverTimingInput, healthCheckEndpoint } from "./config/resolve";
import { AppFleet } from "./fleet/appFleet";
import { albName, setIdentifier } from "./naming";
import { Network } from "./network/network";
import { AcceleratorEndpointGroup } from "./traffic/acceleratorEndpointGroup";
import { predictFailover } from "./traffic/failoverTimes";
import { GlobalAccelerator } from "./traffic/globalAccelerator";
import { RegionHealthCheck } from "./traffic/regionHealthCheck";
import { HostedZone, RoutingRecords, RoutingRecordSpec } from "./traffic/routingRecords";

/** The providers the program root creates; components never create their own. */
export interface StackProviders {
    /** The stack's region (`aws:region`). */
    readonly regional: aws.Provider;
    /** us-west-2, for Global Accelerator; present when the stack takes part in it. */
    readonly accelerator?: aws.Provider;
}

/** Builds every resource of one region's stack and returns the stack outputs. */
export function buildStack(config: StackConfig, providers: StackProviders): Record<string, unknown> {
    const { stack, region, settings } = config;
    const tags = { ...settings.tags, "app:stack": stack, "app:region": region };
    const opts: pulumi.ComponentResourceOptions = { providers: [providers.regional] };

    const network = new Network(`${stack}-network`, {
        existingVpcId: settings.network.vpcId || undefined,
        existingPublicSubnetIds: settings.network.publicSubnetIds,
        existingPrivateSubnetIds: settings.network.privateSubnetIds,
        cidr: settings.network.cidr,
        availabilityZones: settings.network.availabilityZones,
        natGateways: settings.network.natGateways,
        tags,
    }, opts);

    const alb = new RegionalAlb(albName(stack), {
        vpcId: network.vpcId,
        vpcCidr: network.vpcCidr,
        subnetIds: settings.alb.internal ? network.privateSubnetIds : network.publicSubnetIds,
        internal: settings.alb.internal,
        ingressCidrs: settings.alb.ingressCidrs,
        ingressPrefixListIds: settings.alb.ingressPrefixListIds,
        idleTimeoutSeconds: settings.alb.idleTimeoutSeconds,
        http2: settings.alb.http2,
        desyncMitigationMode: settings.alb.desyncMitigationMode,
        dropInvalidHeaderFields: settings.alb.dropInvalidHeaderFields,
        deletionProtection: settings.alb.deletionProtection,
        accessLogs: {
            enabled: settings.alb.accessLogs,
            existingBucket: settings.alb.accessLogsBucket,
            retentionDays: settings.alb.accessLogsRetentionDays,
        },
        certificateArn: settings.alb.certificateArn,
        sniCertificateArns: settings.alb.sniCertificateArns,
        sslPolicy: settings.alb.sslPolicy,
        targetGroups: settings.targetGroups,
        defaultTargetGroup: settings.alb.defaultTargetGroup,
        listenerRules: settings.listenerRules,
        tags,
    }, opts);

    if (settings.fleet.enabled) {
        const [scalingKey] = settings.fleet.targetGroups;
        const fleetGroup = settings.targetGroups[scalingKey];
        new AppFleet(`${stack}-fleet`, {
            vpcId: network.vpcId,
            // Without NAT, instances in private subnets could not be reached for updates or SSM.
            subnetIds: network.hasNat ? network.privateSubnetIds : network.publicSubnetIds,
            publicIps: !network.hasNat,
            albSecurityGroupId: alb.securityGroupId,
            targetGroupArns: settings.fleet.targetGroups.map((key) => alb.targetGroups[key].arn),
            scalingTargetGroupArnSuffix: alb.targetGroups[scalingKey].arnSuffix,
            albArnSuffix: alb.arnSuffix,
            port: fleetGroup.port,
            healthPath: fleetGroup.healthCheck.path,
            instanceType: settings.fleet.instanceType,
            amiParameter: settings.fleet.amiParameter,
            minSize: settings.fleet.minSize,
            maxSize: settings.fleet.maxSize,
            desiredCapacity: settings.fleet.desiredCapacity,
            requestsPerTarget: settings.fleet.requestsPerTarget,
            tags,
        }, opts);
    }

    const outage = settings.drill.simulateOutage;
    const outputs: Record<string, unknown> = {
        region,
        albArn: alb.arn,
        albDnsName: alb.dnsName,
        albZoneId: alb.zoneId,
        albSecurityGroupId: alb.securityGroupId,
        targetGroupArns: alb.targetGroupArns,
        listenerArns: alb.listenerArns,
        url: alb.url,
        simulateOutage: outage,
        predictedFailoverSeconds: (() => {
            const prediction = predictFailover(failoverTimingInput(settings));
            return { dns: prediction.dns.totalSeconds, globalAccelerator: prediction.globalAccelerator.totalSeconds };
        })(),
    };

    let zoneId: pulumi.Input<string> | undefined;
    if (dnsEnabled(settings)) {
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
            inverted: settings.healthCheck.inverted || outage,
            tags,
        }, opts);
        const zone: HostedZone = settings.dns.zoneId ? { id: settings.dns.zoneId } : { name: settings.dns.zoneName };
        // Exactly one PRIMARY and one SECONDARY per failover name, and weights not all 0, can only
        // be seen across stack files: `npm run plan` checks them (README, "Cross-stack rules").
        const records: Record<string, RoutingRecordSpec> = {};
        if (settings.dns.failover) {
            records.failover = { name: settings.dns.failoverName, policy: { kind: "failover", role: settings.dns.failoverRole as "PRIMARY" | "SECONDARY" } };
        }
        if (settings.dns.weighted) {
            records.weighted = { name: settings.dns.weightedName, policy: { kind: "weighted", weight: settings.dns.weight } };
        }
        if (settings.dns.latency) {
            records.latency = { name: settings.dns.latencyName, policy: { kind: "latency" } };
        }
        const routing = new RoutingRecords(`${stack}-records`, {
            zone,
            region,
            setIdentifier: setIdentifier(region),
            aliasName: alb.dnsName,
            aliasZoneId: alb.zoneId,
            healthCheckId: healthCheck.healthCheckId,
            records,
        }, opts);
        zoneId = routing.zoneId;
        outputs.healthCheckId = healthCheck.healthCheckId;
        outputs.hostedZoneId = routing.zoneId;
        outputs.records = routing.records;
    }

    const ga = settings.globalAccelerator;
    if (ga.enabled && providers.accelerator) {
        let listenerArn: pulumi.Input<string>;
        if (ga.owner) {
            // One stack owns the accelerator; the others find its listener through a stack reference.
            const accelerator = new GlobalAccelerator(`${stack}-accelerator`, {
                provider: providers.accelerator,
                ipAddressType: ga.ipAddressType,
                ports: acceleratorPorts(settings),
                clientAffinity: ga.clientAffinity,
                record: ga.recordName && zoneId !== undefined ? { zoneId, name: ga.recordName } : undefined,
                tags,
            }, opts);
            listenerArn = accelerator.listenerArn;
            outputs.globalAcceleratorDnsName = accelerator.dnsName;
            outputs.globalAcceleratorStaticIps = accelerator.staticIps;
            outputs.globalAcceleratorListenerArn = accelerator.listenerArn;
            if (accelerator.recordFqdn) {
                outputs.globalAcceleratorRecordFqdn = accelerator.recordFqdn;
            }
        } else {
            const owner = new pulumi.StackReference(`${stack}-accelerator-owner`, { name: ga.ownerStack });
            listenerArn = owner.requireOutput("globalAcceleratorListenerArn") as pulumi.Output<string>;
        }
        const endpoints = new AcceleratorEndpointGroup(`${stack}-endpoints`, {
            provider: providers.accelerator,
            listenerArn,
            region,
            albArn: alb.arn,
            weight: ga.endpointWeight,
            trafficDial: outage ? 0 : ga.trafficDial,
            clientIpPreservation: ga.clientIpPreservation,
        }, opts);
        outputs.globalAcceleratorEndpointGroupArn = endpoints.endpointGroupArn;
    }
    return outputs;
}

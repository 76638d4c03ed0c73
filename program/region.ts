/**
 * One region's stack, as a list of steps: the network, the ALB, the demo fleet, and the
 * region's share of the cross-region traffic (health check, routing records, Global
 * Accelerator). Returns the stack outputs (program/outputs.ts is their contract).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RegionalAlb } from "../components/alb/regionalAlb";
import { AppFleet } from "../components/fleet/appFleet";
import { Network } from "../components/network/network";
import { AcceleratorEndpointGroup } from "../components/traffic/acceleratorEndpointGroup";
import { GlobalAccelerator } from "../components/traffic/globalAccelerator";
import { RegionHealthCheck } from "../components/traffic/regionHealthCheck";
import { RoutingRecords } from "../components/traffic/routingRecords";
import { acceleratorPorts, dnsEnabled, failoverTimingInput } from "../config/derive";
import { StackConfig } from "../config/load";
import { predictFailover } from "../domain/failover";
import { albName, setIdentifier } from "../domain/naming";
import {
    albArgs, endpointGroupArgs, fleetArgs, healthCheckArgs, networkArgs, recordSpecs, RegionContext, regionContext,
} from "./args";
import { outputKeys } from "./outputs";

/** The providers the program root creates; components never create their own. */
export interface StackProviders {
    /** The stack's region (`aws:region`). */
    readonly regional: aws.Provider;
    /** us-west-2, for Global Accelerator; required when the stack takes part in it. */
    readonly accelerator?: aws.Provider;
}

/** A step's view: the region's context and the options every top-level component gets. */
interface Step extends RegionContext {
    /** Options with the regional provider. */
    readonly opts: pulumi.ComponentResourceOptions;
}

/** Outputs as the program returns them (values may still be pending). */
type PendingOutputs = Record<string, unknown>;

/** Builds every resource of one region's stack and returns the stack outputs. */
export function buildRegion(config: StackConfig, providers: StackProviders): PendingOutputs {
    const step: Step = { ...regionContext(config), opts: { providers: [providers.regional] } };
    const { settings } = step;
    const network = new Network(`${step.stack}-network`, networkArgs(step), step.opts);
    const alb = createAlb(step, network);
    if (settings.fleet.enabled) {
        createFleet(step, network, alb);
    }
    const dns = dnsEnabled(settings) ? createDnsRouting(step, alb) : {};
    const accelerator = settings.globalAccelerator.enabled
        ? joinAccelerator(step, alb, dns[outputKeys.hostedZoneId] as pulumi.Output<string> | undefined, providers.accelerator)
        : {};
    const prediction = predictFailover(failoverTimingInput(settings));
    return {
        [outputKeys.region]: step.region,
        [outputKeys.environment]: settings.environment,
        [outputKeys.albArn]: alb.arn,
        [outputKeys.albDnsName]: alb.dnsName,
        [outputKeys.albZoneId]: alb.zoneId,
        [outputKeys.albSecurityGroupId]: alb.securityGroupId,
        [outputKeys.targetGroupArns]: alb.targetGroupArns,
        [outputKeys.listenerArns]: alb.listenerArns,
        [outputKeys.url]: alb.url,
        [outputKeys.simulateOutage]: settings.drill.simulateOutage,
        [outputKeys.predictedFailoverSeconds]: { dns: prediction.dns.totalSeconds, globalAccelerator: prediction.globalAccelerator.totalSeconds },
        ...dns,
        ...accelerator,
    };
}

function createAlb(step: Step, network: Network): RegionalAlb {
    return new RegionalAlb(albName(step.stack), albArgs(step, {
        vpcId: network.vpcId,
        vpcCidr: network.vpcCidr,
        subnetIds: step.settings.alb.internal ? network.privateSubnetIds : network.publicSubnetIds,
    }), step.opts);
}

function createFleet(step: Step, network: Network, alb: RegionalAlb): AppFleet {
    const keys = step.settings.fleet.targetGroups;
    return new AppFleet(`${step.stack}-fleet`, fleetArgs(step, {
        vpcId: network.vpcId,
        // Without NAT, instances in private subnets could not be reached for updates or SSM.
        subnetIds: network.hasNat ? network.privateSubnetIds : network.publicSubnetIds,
        publicIps: !network.hasNat,
        albSecurityGroupId: alb.securityGroupId,
        targetGroupArns: keys.map((key) => alb.targetGroups[key].arn),
        scalingTargetGroupArnSuffix: alb.targetGroups[keys[0]].arnSuffix,
        albArnSuffix: alb.arnSuffix,
    }), step.opts);
}

function createDnsRouting(step: Step, alb: RegionalAlb): PendingOutputs {
    const { stack, region, settings } = step;
    const healthCheck = new RegionHealthCheck(`${stack}-health`, healthCheckArgs(step, alb.dnsName), step.opts);
    const routing = new RoutingRecords(`${stack}-records`, {
        zone: settings.dns.zoneId ? { id: settings.dns.zoneId } : { name: settings.dns.zoneName },
        region,
        setIdentifier: setIdentifier(region),
        aliasName: alb.dnsName,
        aliasZoneId: alb.zoneId,
        healthCheckId: healthCheck.healthCheckId,
        records: recordSpecs(settings.dns),
    }, step.opts);
    const outputs: PendingOutputs = {
        [outputKeys.healthCheckId]: healthCheck.healthCheckId,
        [outputKeys.hostedZoneId]: routing.zoneId,
        [outputKeys.records]: routing.records,
    };
    if (settings.dns.failover) {
        // The URL users open: the failover name, which the certificate covers (the ALB's own name is not).
        const scheme = settings.alb.certificateArn ? "https" : "http";
        outputs[outputKeys.serviceUrl] = routing.records.apply((all) => `${scheme}://${all.failover.fqdn}/`);
    }
    return outputs;
}

function joinAccelerator(step: Step, alb: RegionalAlb, zoneId: pulumi.Output<string> | undefined, provider: aws.Provider | undefined): PendingOutputs {
    if (provider === undefined) {
        throw new Error("globalAccelerator.enabled needs the us-west-2 provider from the program root");
    }
    const { stack, settings, tags, opts } = step;
    const ga = settings.globalAccelerator;
    const outputs: PendingOutputs = {};
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
            [outputKeys.globalAcceleratorDnsName]: accelerator.dnsName,
            [outputKeys.globalAcceleratorStaticIps]: accelerator.staticIps,
            [outputKeys.globalAcceleratorListenerArn]: accelerator.listenerArn,
            ...(accelerator.recordFqdn ? { [outputKeys.globalAcceleratorRecordFqdn]: accelerator.recordFqdn } : {}),
        });
    } else {
        // Exactly one stack owns the accelerator (checked across stack files by `npm run plan`);
        // members find its listener through a stack reference, so the owner deploys first.
        const owner = new pulumi.StackReference(`${stack}-accelerator-owner`, { name: ga.ownerStack });
        listenerArn = owner.requireOutput(outputKeys.globalAcceleratorListenerArn) as pulumi.Output<string>;
    }
    const endpoints = new AcceleratorEndpointGroup(`${stack}-endpoints`, endpointGroupArgs(step, { provider, listenerArn, albArn: alb.arn }), opts);
    outputs[outputKeys.globalAcceleratorEndpointGroupArn] = endpoints.endpointGroupArn;
    return outputs;
}

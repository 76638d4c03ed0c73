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
import { acceleratorOutputs } from "./global";
import { RegionHealthCheck } from "../components/traffic/regionHealthCheck";
import { RoutingRecords } from "../components/traffic/routingRecords";
import { acceleratorPorts, dnsEnabled, failoverTimingInput } from "../config/derive";
import { StackConfig } from "../config/load";
import { predictFailover } from "../domain/failover";
import { albName, setIdentifier } from "../domain/naming";
import {
    albArgs, endpointGroupArgs, fleetArgs, healthCheckArgs, networkArgs, recordSpecs, RegionContext, regionContext,
} from "./args";
import { finishObservability, Observability, predictedFailoverSeconds, recordHealthCheckId, startObservability } from "./observability";
import { outputKeys } from "./outputs";

/** The providers the program root creates; components never create their own. */
export interface StackProviders {
    /** The stack's region (`aws:region`). */
    readonly regional: aws.Provider;
    /** us-west-2, for Global Accelerator; required when the stack takes part in it. */
    readonly accelerator?: aws.Provider;
    /** us-west-2, for Route 53 ARC's recovery-control configuration; required on the routing-control owner. */
    readonly recoveryControl?: aws.Provider;
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
    const fleet = settings.fleet.enabled ? createFleet(step, network, alb) : undefined;
    const observability = startObservability(step, alb, providers.recoveryControl);
    const dns = dnsEnabled(settings) ? createDnsRouting(step, alb, observability) : {};
    const accelerator: JoinedAccelerator = settings.globalAccelerator.enabled
        ? joinAccelerator(step, alb, dns[outputKeys.hostedZoneId] as pulumi.Output<string> | undefined, providers.accelerator)
        : { outputs: {} };
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
        ...(fleet ? { [outputKeys.autoScalingGroupName]: fleet.autoScalingGroupName } : {}),
        [outputKeys.url]: alb.url,
        [outputKeys.simulateOutage]: settings.drill.simulateOutage,
        [outputKeys.predictedFailoverSeconds]: predictedFailoverSeconds(prediction),
        ...dns,
        ...accelerator.outputs,
        ...finishObservability(step, alb, observability, dns[outputKeys.healthCheckId] as pulumi.Output<string> | undefined, accelerator.listenerArn),
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
        // The request-count policy needs its target group behind a listener first.
        scalingDependsOn: alb.routing,
    }), step.opts);
}

function createDnsRouting(step: Step, alb: RegionalAlb, observability: Observability): PendingOutputs {
    const { stack, region, settings } = step;
    const healthCheck = new RegionHealthCheck(`${stack}-health`, healthCheckArgs(step, alb.dnsName), step.opts);
    const routing = new RoutingRecords(`${stack}-records`, {
        zone: settings.dns.zoneId ? { id: settings.dns.zoneId } : { name: settings.dns.zoneName },
        region,
        setIdentifier: setIdentifier(region),
        aliasName: alb.dnsName,
        aliasZoneId: alb.zoneId,
        healthCheckId: recordHealthCheckId(step, observability, healthCheck.healthCheckId),
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

/** What joining the accelerator gives the stack: its outputs, and the listener the endpoint group is on. */
interface JoinedAccelerator {
    /** Stack outputs (the accelerator's names, the endpoint group). */
    readonly outputs: PendingOutputs;
    /** The listener, whichever stack owns it: the dashboard's accelerator widget reads it. @default none (not in the accelerator) */
    readonly listenerArn?: pulumi.Output<string>;
}

function joinAccelerator(step: Step, alb: RegionalAlb, zoneId: pulumi.Output<string> | undefined, provider: aws.Provider | undefined): JoinedAccelerator {
    if (provider === undefined) {
        throw new Error("globalAccelerator.enabled needs the us-west-2 provider from the program root");
    }
    const { stack, settings, tags, opts } = step;
    const ga = settings.globalAccelerator;
    const outputs: PendingOutputs = {};
    let listenerArn: pulumi.Output<string>;
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
        // Deprecated (globalAccelerator.owner): the loader warned; the global stack replaces this.
        Object.assign(outputs, acceleratorOutputs(accelerator));
    } else {
        // The global stack owns the accelerator (`npm run plan` checks it exists and comes first);
        // regions find its listener through a stack reference, and pass its names on to the drill.
        const global = new pulumi.StackReference(`${stack}-global-stack`, { name: ga.globalStack });
        listenerArn = global.requireOutput(outputKeys.globalAcceleratorListenerArn) as pulumi.Output<string>;
        outputs[outputKeys.globalAcceleratorDnsName] = global.getOutput(outputKeys.globalAcceleratorDnsName);
        // null, not undefined, when the global stack has no record: the engine drops undefined outputs with a warning.
        outputs[outputKeys.globalAcceleratorRecordFqdn] = global.getOutput(outputKeys.globalAcceleratorRecordFqdn).apply((fqdn: unknown) => fqdn ?? null);
    }
    const endpoints = new AcceleratorEndpointGroup(`${stack}-endpoints`, endpointGroupArgs(step, { provider, listenerArn, albArn: alb.arn }), opts);
    outputs[outputKeys.globalAcceleratorEndpointGroupArn] = endpoints.endpointGroupArn;
    return { outputs, listenerArn };
}

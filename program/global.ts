/**
 * The global stack (`app:scope: global`): the Global Accelerator, its listener and its optional
 * alias record, and nothing else. It reads and writes only global APIs (Global Accelerator in
 * us-west-2, Route 53), so an outage of any one region never blocks a change to the accelerator.
 * Regions attach their endpoint groups to its listener (program/region.ts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config/load";
import { dnsEnabled } from "../config/derive";
import { GlobalAccelerator } from "../components/traffic/globalAccelerator";
import { outputKeys } from "./outputs";

/** The stack outputs of an accelerator; regions and the drill read them by these names. */
export function acceleratorOutputs(accelerator: GlobalAccelerator): Record<string, unknown> {
    return {
        [outputKeys.globalAcceleratorDnsName]: accelerator.dnsName,
        [outputKeys.globalAcceleratorStaticIps]: accelerator.staticIps,
        [outputKeys.globalAcceleratorListenerArn]: accelerator.listenerArn,
        ...(accelerator.recordFqdn ? { [outputKeys.globalAcceleratorRecordFqdn]: accelerator.recordFqdn } : {}),
    };
}

/** Builds the global stack; `provider` is the us-west-2 provider the program root created. */
export function buildGlobalStack(config: StackConfig, provider: aws.Provider): Record<string, unknown> {
    const { stack, settings } = config;
    const ga = settings.globalAccelerator;
    if (!ga.enabled) {
        return { scope: "global" };
    }
    const opts: pulumi.ComponentResourceOptions = { providers: [provider] };
    const zoneId = ga.recordName !== "" && dnsEnabled(settings)
        // Route 53 is a global API: the zone is found through the us-west-2 provider like the rest.
        ? (settings.dns.zoneId ? pulumi.output(settings.dns.zoneId) : aws.route53.getZoneOutput({ name: settings.dns.zoneName, privateZone: false }, { provider }).zoneId)
        : undefined;
    const accelerator = new GlobalAccelerator(`${stack}-accelerator`, {
        provider,
        ipAddressType: ga.ipAddressType,
        ports: ga.ports,
        clientAffinity: ga.clientAffinity,
        record: zoneId ? { zoneId, name: ga.recordName } : undefined,
        tags: { ...settings.tags, "app:stack": stack, "app:scope": "global", "app:environment": settings.environment },
    }, opts);
    return { scope: "global", ...acceleratorOutputs(accelerator) };
}

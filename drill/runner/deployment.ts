/**
 * The deployed regions: every stack's outputs through the Automation API, or, for a dry run
 * without access to the stacks, placeholders derived from the stack files.
 */
import { dnsEnabled, followedAlarmKeys, healthCheckEndpoint, populatedTargetGroups, routingControlsEnabled } from "../../config/derive";
import { StackConfig } from "../../config/load";
import { regionAlarmKeys } from "../../domain/regionAlarms";
import { StackAutomation } from "../clients/types";
import { DeployedRegion, parseStackOutputs } from "../clients/outputs";
import { regionPlanOf } from "../model/topology";
import { ProjectStacks } from "../stacks";
import { referencedStackName } from "../../config/acceleratorStacks";

/** Reads and checks every stack's outputs; the region must match the stack file's. */
export async function loadDeployment(automation: StackAutomation, stacks: ProjectStacks): Promise<DeployedRegion[]> {
    const deployed: DeployedRegion[] = [];
    for (const config of stacks.configs) {
        const region = parseStackOutputs(config.stack, await automation.outputs(config.stack));
        if (region.region !== config.region) {
            throw new Error(`stack ${config.stack}: deployed in ${region.region} but ${config.stackFile} says ${config.region}; deploy the stack file first`);
        }
        deployed.push(region);
    }
    return deployed;
}

/** The health checks the program creates for a stack, by role, as placeholders (program/observability.ts). */
function placeholderHealthChecks(config: StackConfig): Record<string, string> {
    if (!dnsEnabled(config.settings)) {
        return {};
    }
    const placeholder = (role: string) => `<healthCheckIds.${role} of ${config.stack}>`;
    const followed = followedAlarmKeys(config.settings);
    const control = routingControlsEnabled(config.settings);
    return {
        endpoint: placeholder("endpoint"),
        ...Object.fromEntries(followed.map((key) => [`alarm-${key}`, placeholder(`alarm-${key}`)])),
        ...(control ? { control: placeholder("control") } : {}),
        ...(followed.length > 0 || control ? { combined: placeholder("combined") } : {}),
    };
}

/** Stand-ins for outputs, named `<output of stack>`, so a dry run can show its plan offline. */
export function placeholderDeployment(stacks: ProjectStacks): DeployedRegion[] {
    return stacks.configs.map((config) => {
        const plan = regionPlanOf(config);
        const { protocol } = healthCheckEndpoint(config.settings);
        const albDnsName = `<albDnsName of ${config.stack}>`;
        const dns = dnsEnabled(config.settings);
        const ga = config.settings.globalAccelerator;
        // The accelerator's names come from the stack that creates it: the global stack, or a deprecated owner.
        const creator = ga.owner ? config : stacks.globals?.find((global) => global.stack === referencedStackName(ga.globalStack));
        const recordName = creator?.settings.globalAccelerator.recordName ?? "";
        const zone = (creator ?? config).settings.dns.zoneName.replace(/\.$/, "");
        return {
            stack: config.stack,
            region: config.region,
            url: `${protocol.toLowerCase()}://${albDnsName}/`,
            albDnsName,
            simulateOutage: config.settings.drill.simulateOutage,
            healthCheckId: dns ? `<healthCheckId of ${config.stack}>` : undefined,
            healthCheckIds: placeholderHealthChecks(config),
            hostedZoneId: dns ? `<hostedZoneId of ${config.stack}>` : undefined,
            records: Object.fromEntries(plan.records.map((record) => [record.policy, { fqdn: record.name, setIdentifier: config.region }])),
            endpointGroupArn: ga.enabled ? `<globalAcceleratorEndpointGroupArn of ${config.stack}>` : undefined,
            acceleratorDnsName: ga.enabled && creator ? `<globalAcceleratorDnsName of ${creator.stack}>` : undefined,
            acceleratorRecordFqdn: ga.enabled && recordName !== "" && zone !== "" ? `${recordName}.${zone}` : undefined,
            listenerArns: { [config.settings.alb.certificateArn ? "https" : "http"]: `<listenerArns of ${config.stack}>` },
            ...(config.settings.alarms.enabled ? {
                alarmNames: Object.fromEntries(regionAlarmKeys(populatedTargetGroups(config.settings)).map((key) => [key, `<alarmNames.${key} of ${config.stack}>`])),
                followedAlarmNames: Object.fromEntries(followedAlarmKeys(config.settings).map((key) => [key, `<alarmNames.${key} of ${config.stack}>`])),
                servingBadlyAlarmName: `<servingBadlyAlarmName of ${config.stack}>`,
            } : {}),
            routingControlArn: config.settings.routingControls.enabled ? `<routingControlArn of ${config.stack}>` : undefined,
        };
    });
}

/**
 * Settings that other settings make meaningless: a value given (different from its default)
 * that the program never reads because another key switched its feature off. Not errors (the
 * stack deploys as configured), but usually a mistake, so the plan prints them.
 */
import { StackConfig } from "./load";
import { dnsEnabled } from "./derive";
import { GroupName, groupSchemas, StackSettings } from "./schema";

/** One rule: when `applies`, the listed fields of `group` are ignored, for `reason`. */
interface IgnoredWhen {
    readonly group: GroupName;
    readonly fields: readonly string[];
    readonly applies: (settings: StackSettings) => boolean;
    readonly reason: string;
}

const rules: readonly IgnoredWhen[] = [
    {
        group: "network", fields: ["cidr", "availabilityZones", "natGateways"],
        applies: (settings) => settings.network.vpcId !== "",
        reason: "network.vpcId uses an existing VPC",
    },
    {
        group: "globalAccelerator",
        fields: ["owner", "ownerStack", "ipAddressType", "ports", "clientAffinity", "recordName", "endpointWeight", "trafficDial", "clientIpPreservation"],
        applies: (settings) => !settings.globalAccelerator.enabled,
        reason: "globalAccelerator.enabled is false",
    },
    {
        group: "dns", fields: ["failover", "failoverName", "failoverRole", "weighted", "weightedName", "weight", "latency", "latencyName"],
        applies: (settings) => !dnsEnabled(settings),
        reason: "DNS is off (dns.zoneName and dns.zoneId are empty)",
    },
    {
        group: "healthCheck", fields: ["protocol", "path", "port", "requestInterval", "failureThreshold", "regions", "inverted"],
        applies: (settings) => !dnsEnabled(settings),
        reason: "DNS is off (dns.zoneName and dns.zoneId are empty), so there is no Route 53 health check",
    },
    {
        group: "dns", fields: ["failoverName", "failoverRole"],
        applies: (settings) => dnsEnabled(settings) && !settings.dns.failover,
        reason: "dns.failover is false",
    },
    {
        group: "dns", fields: ["weightedName", "weight"],
        applies: (settings) => dnsEnabled(settings) && !settings.dns.weighted,
        reason: "dns.weighted is false",
    },
    {
        group: "dns", fields: ["latencyName"],
        applies: (settings) => dnsEnabled(settings) && !settings.dns.latency,
        reason: "dns.latency is false",
    },
    {
        group: "fleet", fields: ["targetGroups", "instanceType", "amiParameter", "minSize", "maxSize", "desiredCapacity", "requestsPerTarget"],
        applies: (settings) => !settings.fleet.enabled,
        reason: "fleet.enabled is false",
    },
    {
        group: "alb", fields: ["accessLogsRetentionDays"],
        applies: (settings) => !settings.alb.accessLogs || settings.alb.accessLogsBucket !== "",
        reason: "the program creates no access-log bucket (alb.accessLogs is false or alb.accessLogsBucket names an existing one)",
    },
    {
        group: "alb", fields: ["sslPolicy"],
        applies: (settings) => settings.alb.certificateArn === "",
        reason: "alb.certificateArn is empty, so there is no HTTPS listener",
    },
];

const defaults = Object.fromEntries(Object.entries(groupSchemas).map(([group, schema]) => [group, schema.parse({})])) as unknown as Record<GroupName, Record<string, unknown>>;

/**
 * Every setting of `config` that another setting makes meaningless, as
 * `<file>: app:<key> is ignored: <reason>`, naming the file that set it.
 * @param config a validated stack configuration
 * @param project the namespace of the keys in messages
 * @param origins the file each value came from, keyed `namespace:key` (Pulumi.yaml for shared values)
 * @default project app
 * @default origins every value from the stack file
 */
export function meaninglessSettings(config: StackConfig, project = "app", origins: Readonly<Record<string, string>> = {}): string[] {
    const warnings: string[] = [];
    for (const rule of rules.filter((candidate) => candidate.applies(config.settings))) {
        const values = config.settings[rule.group] as Record<string, unknown>;
        for (const field of rule.fields) {
            const key = `${rule.group}.${field}`;
            // The rules that name one key never apply together (DNS off, or DNS on with a record off).
            if (JSON.stringify(values[field]) !== JSON.stringify(defaults[rule.group][field])) {
                const origin = origins[`${project}:${key}`] ?? config.stackFile;
                const where = origin === config.stackFile ? "" : ` in stack ${config.stack}`;
                warnings.push(`${origin}: ${project}:${key} is ignored${where}: ${rule.reason} (it is ${JSON.stringify(values[field])})`);
            }
        }
    }
    return warnings;
}

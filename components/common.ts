/**
 * What every component shares: type tokens and tag merging.
 */
import * as pulumi from "@pulumi/pulumi";

/** Type tokens of the program's components (`<package>:<module>:<Type>`). */
export const componentTypes = {
    network: "multiregion:network:Network",
    regionalAlb: "multiregion:alb:RegionalAlb",
    accessLogBucket: "multiregion:alb:AccessLogBucket",
    appFleet: "multiregion:fleet:AppFleet",
    regionHealthCheck: "multiregion:traffic:RegionHealthCheck",
    routingRecords: "multiregion:traffic:RoutingRecords",
    globalAccelerator: "multiregion:traffic:GlobalAccelerator",
    acceleratorEndpointGroup: "multiregion:traffic:AcceleratorEndpointGroup",
    regionAlarms: "multiregion:observability:RegionAlarms",
    regionsDashboard: "multiregion:observability:RegionsDashboard",
    regionHealth: "multiregion:traffic:RegionHealth",
    routingControls: "multiregion:traffic:RoutingControls",
} as const;

/** Tags as AWS takes them. */
export type Tags = Record<string, string>;

/** The component's tags plus a `Name` tag, for a child resource. */
export function namedTags(tags: pulumi.Input<Tags> | undefined, name: string): pulumi.Output<Tags> {
    return pulumi.output(tags ?? {}).apply((base): Tags => ({ ...base, Name: name }));
}

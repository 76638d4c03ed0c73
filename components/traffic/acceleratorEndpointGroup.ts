import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentTypes } from "../common";

/** Arguments of {@link AcceleratorEndpointGroup}. */
export interface AcceleratorEndpointGroupArgs {
    /** Provider in us-west-2, where the Global Accelerator API lives. */
    readonly provider: aws.Provider;
    /** The owner's listener. */
    readonly listenerArn: pulumi.Input<string>;
    /** This stack's region. Always explicit: it defaults to the provider's region (us-west-2). */
    readonly region: string;
    /** The region's ALB. */
    readonly albArn: pulumi.Input<string>;
    /** Weight of the ALB in the group, 0..255. */
    readonly weight: number;
    /** Percentage of the region's share that the group takes, 0..100. */
    readonly trafficDial: number;
    /** Preserve client IPs on the ALB (set explicitly: API and provider disagree on the default). */
    readonly clientIpPreservation: boolean;
}

/** This region's endpoint group on the shared accelerator listener, with its ALB as endpoint. */
export class AcceleratorEndpointGroup extends pulumi.ComponentResource {
    /** Endpoint group ARN, for the drill tool. */
    public readonly endpointGroupArn: pulumi.Output<string>;

    constructor(name: string, args: AcceleratorEndpointGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentTypes.acceleratorEndpointGroup, name, {}, opts);
        const group = new aws.globalaccelerator.EndpointGroup(name, {
            listenerArn: args.listenerArn,
            endpointGroupRegion: args.region,
            trafficDialPercentage: args.trafficDial,
            // For ALB endpoints Global Accelerator follows the ALB's own target health; these
            // settings only matter for other endpoint kinds but are kept explicit.
            healthCheckIntervalSeconds: 10,
            thresholdCount: 3,
            endpointConfigurations: [{
                endpointId: args.albArn,
                weight: args.weight,
                clientIpPreservationEnabled: args.clientIpPreservation,
            }],
        }, { parent: this, provider: args.provider });
        this.endpointGroupArn = group.arn;
        this.registerOutputs({ endpointGroupArn: this.endpointGroupArn });
    }
}

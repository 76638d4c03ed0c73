import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentTypes, namedTags, Tags } from "../common";

/** Arguments of {@link GlobalAccelerator}. */
export interface GlobalAcceleratorArgs {
    /** Provider in us-west-2, where the Global Accelerator API lives. */
    readonly provider: aws.Provider;
    /** IPV4 or DUAL_STACK. */
    readonly ipAddressType: "IPV4" | "DUAL_STACK";
    /** TCP ports the listener accepts (the ALBs' listener ports). */
    readonly ports: number[];
    /** NONE, or SOURCE_IP to keep a client on one endpoint. */
    readonly clientAffinity: "NONE" | "SOURCE_IP";
    /** Optional alias record to the accelerator in the shared zone. @default none */
    readonly record?: { readonly zoneId: pulumi.Input<string>; readonly name: string };
    /** Tags for the accelerator. */
    readonly tags: pulumi.Input<Tags>;
}

/**
 * The accelerator and its TCP listener, created by the one owner stack. Every participating
 * stack, the owner included, adds its region's endpoint group to this listener.
 */
export class GlobalAccelerator extends pulumi.ComponentResource {
    /** The accelerator's DNS name. */
    public readonly dnsName: pulumi.Output<string>;
    /** The two static anycast IPv4 addresses (and IPv6 ones for dual stack). */
    public readonly staticIps: pulumi.Output<string[]>;
    /** The listener ARN members attach their endpoint groups to. */
    public readonly listenerArn: pulumi.Output<string>;
    /** FQDN of the alias record, when one was asked for. */
    public readonly recordFqdn?: pulumi.Output<string>;

    constructor(name: string, args: GlobalAcceleratorArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentTypes.globalAccelerator, name, {}, opts);
        const accelerator = new aws.globalaccelerator.Accelerator(name, {
            ipAddressType: args.ipAddressType,
            enabled: true,
            tags: namedTags(args.tags, name),
        }, { parent: this, provider: args.provider });
        const listener = new aws.globalaccelerator.Listener(`${name}-tcp`, {
            acceleratorArn: accelerator.arn,
            protocol: "TCP",
            clientAffinity: args.clientAffinity,
            portRanges: args.ports.map((port) => ({ fromPort: port, toPort: port })),
        }, { parent: this, provider: args.provider });
        if (args.record) {
            // Route 53 records are global; this one sits with the other records of the stack.
            const record = new aws.route53.Record(`${name}-record`, {
                zoneId: args.record.zoneId,
                name: args.record.name,
                type: "A",
                aliases: [{ name: accelerator.dnsName, zoneId: accelerator.hostedZoneId, evaluateTargetHealth: true }],
            }, { parent: this, deleteBeforeReplace: true });
            this.recordFqdn = record.fqdn;
        }
        this.dnsName = accelerator.dnsName;
        this.staticIps = accelerator.ipSets.apply((sets) => sets.flatMap((set) => set.ipAddresses ?? []));
        this.listenerArn = listener.id;
        this.registerOutputs({ dnsName: this.dnsName, staticIps: this.staticIps, listenerArn: this.listenerArn, recordFqdn: this.recordFqdn });
    }
}

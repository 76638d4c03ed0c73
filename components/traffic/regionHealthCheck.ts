import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentTypes, namedTags, Tags } from "../common";

/** Arguments of {@link RegionHealthCheck}. */
export interface RegionHealthCheckArgs {
    /** The DNS name checked: the region's ALB. */
    readonly fqdn: pulumi.Input<string>;
    /** HTTP or HTTPS (HTTPS checks do not validate the certificate). */
    readonly protocol: "HTTP" | "HTTPS";
    /** Port checked. */
    readonly port: number;
    /** Path requested. */
    readonly path: string;
    /** Seconds between checks from each checker: 10 or 30, fixed once created. */
    readonly requestInterval: 10 | 30;
    /** Consecutive failures before the region is unhealthy, 1..10. */
    readonly failureThreshold: number;
    /** Checker regions, at least 3. */
    readonly regions: string[];
    /** Report the opposite of what the checkers see: how a drill takes a region out. */
    readonly inverted: boolean;
    /** Tags for the check. */
    readonly tags: pulumi.Input<Tags>;
}

/**
 * A Route 53 health check on the region's ALB, attached to every routing record of the
 * region. A drill inverts it; it is never disabled, because a disabled check counts as healthy.
 */
export class RegionHealthCheck extends pulumi.ComponentResource {
    /** Health check id, for records and for the drill tool. */
    public readonly healthCheckId: pulumi.Output<string>;

    constructor(name: string, args: RegionHealthCheckArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentTypes.regionHealthCheck, name, {}, opts);
        const check = new aws.route53.HealthCheck(name, {
            type: args.protocol,
            fqdn: args.fqdn,
            port: args.port,
            resourcePath: args.path,
            requestInterval: args.requestInterval,
            failureThreshold: args.failureThreshold,
            regions: args.regions,
            invertHealthcheck: args.inverted,
            disabled: false,
            measureLatency: true,
            ...(args.protocol === "HTTPS" ? { enableSni: true } : {}),
            tags: namedTags(args.tags, name),
        }, { parent: this });
        this.healthCheckId = check.id;
        this.registerOutputs({ healthCheckId: this.healthCheckId });
    }
}

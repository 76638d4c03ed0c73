import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentTypes, namedTags, Tags } from "../common";
import { targetGroupName } from "../../domain/naming";
import { AccessLogBucket, LogDeliveryPrincipal } from "./accessLogBucket";
import { listenerPorts } from "../../domain/listenerPorts";
import { ruleActions, ruleConditions } from "./listenerRules";
import { createAlbSecurityGroup, HealthCheckerIngress } from "./securityGroup";
import { targetGroupArgs } from "./targetGroup";
import { ListenerRuleSpec, TargetGroupSpec } from "./types";

/** Where access logs go. */
export interface AccessLogSettings {
    /** Write access logs at all. */
    readonly enabled: boolean;
    /** An existing bucket in the ALB's region; empty creates one. */
    readonly existingBucket: string;
    /** Days a created bucket keeps logs. */
    readonly retentionDays: number;
    /** Who delivers the region's logs into a created bucket. */
    readonly logDelivery: LogDeliveryPrincipal;
    /** Let `pulumi destroy` delete a created bucket with its logs. */
    readonly forceDestroy: boolean;
}

/** Arguments of {@link RegionalAlb}. */
export interface RegionalAlbArgs {
    /** VPC of the ALB and its target groups. */
    readonly vpcId: pulumi.Input<string>;
    /** The VPC's CIDR block: the ALB sends traffic nowhere else. */
    readonly vpcCidr: pulumi.Input<string>;
    /** Subnets of the ALB, one per AZ, at least 2 (public for internet-facing, private for internal). */
    readonly subnetIds: pulumi.Input<string[]>;
    /** Internal instead of internet-facing. */
    readonly internal: boolean;
    /** Client CIDR blocks admitted to the listener ports. */
    readonly ingressCidrs: string[];
    /** Managed prefix lists admitted to the listener ports. */
    readonly ingressPrefixListIds: string[];
    /** Idle timeout in seconds. */
    readonly idleTimeoutSeconds: number;
    /** HTTP client keepalive duration in seconds: a client connection this old is closed after one more request. */
    readonly clientKeepAliveSeconds: number;
    /** Serve HTTP/2. */
    readonly http2: boolean;
    /** Desync mitigation mode (Security Hub ELB.12 wants defensive or strictest). */
    readonly desyncMitigationMode: "monitor" | "defensive" | "strictest";
    /** Drop invalid header fields (Security Hub ELB.4). */
    readonly dropInvalidHeaderFields: boolean;
    /** Deletion protection (Security Hub ELB.6). */
    readonly deletionProtection: boolean;
    /** Access logs (Security Hub ELB.5). */
    readonly accessLogs: AccessLogSettings;
    /** ACM certificate of the HTTPS listener; without one the ALB serves HTTP only. @default none */
    readonly certificateArn?: string;
    /** Extra ACM certificates for SNI on the HTTPS listener. */
    readonly sniCertificateArns: string[];
    /** TLS policy of the HTTPS listener. */
    readonly sslPolicy: string;
    /** Target groups by key; each becomes `<name>-tg-<key>`. */
    readonly targetGroups: Record<string, TargetGroupSpec>;
    /** Key of the target group the listener's default action forwards to. */
    readonly defaultTargetGroup: string;
    /** Listener rules by key, on the serving listener. */
    readonly listenerRules: Record<string, ListenerRuleSpec>;
    /** Admit Route 53's health checkers (an AWS-managed prefix list, by name) to this port; absent admits none. */
    readonly healthCheckerIngress?: HealthCheckerIngress;
    /** Tags for every taggable child. */
    readonly tags: pulumi.Input<Tags>;
}

/**
 * An Application Load Balancer with its security group, access logs, listeners, target
 * groups and listener rules: everything one region needs in front of its targets.
 */
export class RegionalAlb extends pulumi.ComponentResource {
    /** The load balancer. */
    public readonly loadBalancer: aws.lb.LoadBalancer;
    /** ALB ARN. */
    public readonly arn: pulumi.Output<string>;
    /** ALB ARN suffix, for CloudWatch metrics and scaling policies. */
    public readonly arnSuffix: pulumi.Output<string>;
    /** ALB DNS name. */
    public readonly dnsName: pulumi.Output<string>;
    /** The ALB's canonical hosted zone id, for alias records. */
    public readonly zoneId: pulumi.Output<string>;
    /** The ALB's security group; targets admit traffic from it alone. */
    public readonly securityGroupId: pulumi.Output<string>;
    /** Target groups by key. */
    public readonly targetGroups: Record<string, aws.lb.TargetGroup>;
    /** Target group ARNs by key. */
    public readonly targetGroupArns: pulumi.Output<Record<string, string>>;
    /** Listeners by protocol (`http`, and `https` when a certificate is set). */
    public readonly listeners: Record<string, aws.lb.Listener>;
    /** Listener ARNs by protocol. */
    public readonly listenerArns: pulumi.Output<Record<string, string>>;
    /** The listener that serves requests (HTTPS with a certificate, HTTP otherwise). */
    public readonly servingListener: aws.lb.Listener;
    /** Listeners and listener rules: what puts target groups behind the ALB. */
    public readonly routing: pulumi.Resource[];
    /** Ports the ALB listens on. */
    public readonly listenerPorts: number[];
    /** The URL to open. */
    public readonly url: pulumi.Output<string>;

    constructor(name: string, args: RegionalAlbArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentTypes.regionalAlb, name, {}, opts);
        const tags = args.tags;
        const https = Boolean(args.certificateArn);
        this.listenerPorts = listenerPorts(args.certificateArn);

        const securityGroup = createAlbSecurityGroup(`${name}-sg`, {
            vpcId: args.vpcId,
            listenerPorts: this.listenerPorts,
            ingressCidrs: args.ingressCidrs,
            ingressPrefixListIds: args.ingressPrefixListIds,
            healthCheckerIngress: args.healthCheckerIngress,
            targetPorts: Object.values(args.targetGroups).filter((group) => group.targetType !== "lambda").map((group) => group.port),
            vpcCidr: args.vpcCidr,
            tags,
        }, this);
        this.loadBalancer = this.createLoadBalancer(name, args, securityGroup.id, tags);
        this.targetGroups = Object.fromEntries(Object.entries(args.targetGroups).map(([key, settings]) => {
            const groupName = targetGroupName(name, key);
            return [key, new aws.lb.TargetGroup(groupName, targetGroupArgs(settings, args.vpcId, namedTags(tags, groupName)), { parent: this })];
        }));
        const arns = Object.fromEntries(Object.entries(this.targetGroups).map(([key, group]) => [key, group.arn]));
        this.listeners = this.createListeners(name, args, arns[args.defaultTargetGroup], tags);
        this.servingListener = this.listeners.https ?? this.listeners.http;
        this.routing = [...Object.values(this.listeners)];
        for (const [key, rule] of Object.entries(args.listenerRules)) {
            this.routing.push(new aws.lb.ListenerRule(`${name}-rule-${key}`, {
                listenerArn: this.servingListener.arn,
                priority: rule.priority,
                conditions: ruleConditions(rule.conditions),
                actions: ruleActions(rule.action, arns),
                tags: namedTags(tags, `${name}-rule-${key}`),
            }, { parent: this }));
        }

        this.arn = this.loadBalancer.arn;
        this.arnSuffix = this.loadBalancer.arnSuffix;
        this.dnsName = this.loadBalancer.dnsName;
        this.zoneId = this.loadBalancer.zoneId;
        this.securityGroupId = securityGroup.id;
        this.targetGroupArns = pulumi.output(arns);
        this.listenerArns = pulumi.output(Object.fromEntries(Object.entries(this.listeners).map(([key, listener]) => [key, listener.arn])));
        this.url = pulumi.interpolate`${https ? "https" : "http"}://${this.dnsName}/`;
        this.registerOutputs({
            arn: this.arn,
            arnSuffix: this.arnSuffix,
            dnsName: this.dnsName,
            zoneId: this.zoneId,
            securityGroupId: this.securityGroupId,
            targetGroupArns: this.targetGroupArns,
            listenerArns: this.listenerArns,
            url: this.url,
        });
    }

    private createLoadBalancer(name: string, args: RegionalAlbArgs, securityGroupId: pulumi.Input<string>, tags: pulumi.Input<Tags>): aws.lb.LoadBalancer {
        let accessLogs: aws.types.input.lb.LoadBalancerAccessLogs | undefined;
        const dependsOn: pulumi.Resource[] = [];
        if (args.accessLogs.enabled) {
            let bucket: pulumi.Input<string> | undefined = args.accessLogs.existingBucket;
            if (!bucket) {
                const created = new AccessLogBucket(`${name}-logs`, {
                    prefix: name,
                    retentionDays: args.accessLogs.retentionDays,
                    logDelivery: args.accessLogs.logDelivery,
                    forceDestroy: args.accessLogs.forceDestroy,
                    tags,
                }, { parent: this });
                bucket = created.bucketName;
                dependsOn.push(created.policy);
            }
            accessLogs = { bucket, prefix: name, enabled: true };
        }
        return new aws.lb.LoadBalancer(name, {
            loadBalancerType: "application",
            internal: args.internal,
            subnets: args.subnetIds,
            securityGroups: [securityGroupId],
            idleTimeout: args.idleTimeoutSeconds,
            clientKeepAlive: args.clientKeepAliveSeconds,
            enableHttp2: args.http2,
            desyncMitigationMode: args.desyncMitigationMode,
            dropInvalidHeaderFields: args.dropInvalidHeaderFields,
            enableDeletionProtection: args.deletionProtection,
            accessLogs,
            tags: namedTags(tags, name),
        }, { parent: this, dependsOn });
    }

    private createListeners(name: string, args: RegionalAlbArgs, defaultTargetGroupArn: pulumi.Input<string>, tags: pulumi.Input<Tags>): Record<string, aws.lb.Listener> {
        const forward = [{ type: "forward", targetGroupArn: defaultTargetGroupArn }];
        if (!args.certificateArn) {
            return {
                http: new aws.lb.Listener(`${name}-http`, {
                    loadBalancerArn: this.loadBalancer.arn, port: 80, protocol: "HTTP", defaultActions: forward, tags: namedTags(tags, `${name}-http`),
                }, { parent: this }),
            };
        }
        const httpsListener = new aws.lb.Listener(`${name}-https`, {
            loadBalancerArn: this.loadBalancer.arn,
            port: 443,
            protocol: "HTTPS",
            sslPolicy: args.sslPolicy,
            certificateArn: args.certificateArn,
            defaultActions: forward,
            tags: namedTags(tags, `${name}-https`),
        }, { parent: this });
        for (const certificateArn of args.sniCertificateArns) {
            new aws.lb.ListenerCertificate(`${name}-sni-${certificateArn.split("/").pop()}`, {
                listenerArn: httpsListener.arn, certificateArn,
            }, { parent: this });
        }
        // Security Hub ELB.1: plain HTTP only redirects, permanently, to HTTPS.
        const httpListener = new aws.lb.Listener(`${name}-http`, {
            loadBalancerArn: this.loadBalancer.arn,
            port: 80,
            protocol: "HTTP",
            defaultActions: [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }],
            tags: namedTags(tags, `${name}-http`),
        }, { parent: this });
        return { http: httpListener, https: httpsListener };
    }
}

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentTypes, namedTags, Tags } from "../common";

/** What Route 53 makes of an alarm when CloudWatch lacks data. */
export type InsufficientDataStatus = "LastKnownStatus" | "Healthy" | "Unhealthy";

/** Arguments of {@link RegionHealth}. */
export interface RegionHealthArgs {
    /** The region's endpoint health check (HTTP/HTTPS on the ALB). */
    readonly endpointHealthCheckId: pulumi.Input<string>;
    /** The alarms to follow, by key (each its own CLOUDWATCH_METRIC child): name and the region it was created in. @default {} */
    readonly alarms?: Readonly<Record<string, { readonly name: pulumi.Input<string>; readonly region: string }>>;
    /** What Route 53 makes of a followed alarm when CloudWatch lacks data. @default "LastKnownStatus" */
    readonly insufficientData?: InsufficientDataStatus;
    /** A routing control whose state the records follow (RECOVERY_CONTROL health check). */
    readonly routingControlArn?: pulumi.Input<string>;
    /** Healthy children the combined check needs: `all` or `any` (with a routing control only `all`). @default "all" */
    readonly childThreshold?: "all" | "any";
    /** Make the combined check always unhealthy (threshold above the children): how a drill takes the region out. @default false */
    readonly forceUnhealthy?: boolean;
    /** Tags for the checks. @default {} */
    readonly tags?: pulumi.Input<Tags>;
}

/** What Route 53 would refuse, or what would defeat the routing control, before anything is created. */
export function validateRegionHealth(args: Pick<RegionHealthArgs, "alarms" | "routingControlArn" | "childThreshold">): string[] {
    const problems: string[] = [];
    if (Object.keys(args.alarms ?? {}).length === 0 && args.routingControlArn === undefined) {
        problems.push("needs an alarm or a routing control to combine with the endpoint check");
    }
    if (args.routingControlArn !== undefined && (args.childThreshold ?? "all") !== "all") {
        problems.push("childThreshold must be all with a routing control, or switching the control off would not take the region out");
    }
    return problems;
}

/**
 * The region's health as the records see it: a CALCULATED check over the endpoint check, one
 * CLOUDWATCH_METRIC check per followed alarm (a region that answers /health but fails users),
 * and a RECOVERY_CONTROL check on the region's routing control, each when configured.
 */
export class RegionHealth extends pulumi.ComponentResource {
    /** The combined (CALCULATED) check, for the records. */
    public readonly healthCheckId: pulumi.Output<string>;
    /** The CLOUDWATCH_METRIC checks, by alarm key. */
    public readonly alarmHealthCheckIds: Readonly<Record<string, pulumi.Output<string>>>;
    /** The RECOVERY_CONTROL check, when a routing control is followed. */
    public readonly recoveryControlHealthCheckId?: pulumi.Output<string>;

    constructor(name: string, args: RegionHealthArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentTypes.regionHealth, name, {}, opts);
        const problems = validateRegionHealth(args);
        if (problems.length > 0) {
            throw new Error(`RegionHealth ${name}: ${problems.join("; ")}`);
        }
        const children: pulumi.Input<string>[] = [args.endpointHealthCheckId];
        const alarmChecks: Record<string, pulumi.Output<string>> = {};
        for (const [key, alarm] of Object.entries(args.alarms ?? {})) {
            const check = new aws.route53.HealthCheck(`${name}-alarm-${key}`, {
                type: "CLOUDWATCH_METRIC",
                cloudwatchAlarmName: alarm.name,
                cloudwatchAlarmRegion: alarm.region,
                insufficientDataHealthStatus: args.insufficientData ?? "LastKnownStatus",
                tags: namedTags(args.tags, `${name}-alarm-${key}`),
            }, { parent: this });
            alarmChecks[key] = check.id;
            children.push(check.id);
        }
        this.alarmHealthCheckIds = alarmChecks;
        if (args.routingControlArn !== undefined) {
            const check = new aws.route53.HealthCheck(`${name}-control`, {
                type: "RECOVERY_CONTROL",
                routingControlArn: args.routingControlArn,
                tags: namedTags(args.tags, `${name}-control`),
            }, { parent: this });
            this.recoveryControlHealthCheckId = check.id;
            children.push(check.id);
        }
        const needed = (args.childThreshold ?? "all") === "all" ? children.length : 1;
        const combined = new aws.route53.HealthCheck(`${name}-combined`, {
            type: "CALCULATED",
            childHealthchecks: children,
            // Above the number of children, Route 53 always considers a calculated check unhealthy.
            childHealthThreshold: args.forceUnhealthy ? children.length + 1 : needed,
            tags: namedTags(args.tags, `${name}-combined`),
        }, { parent: this });
        this.healthCheckId = combined.id;
        this.registerOutputs({
            healthCheckId: this.healthCheckId,
            alarmHealthCheckIds: this.alarmHealthCheckIds,
            recoveryControlHealthCheckId: this.recoveryControlHealthCheckId,
        });
    }
}

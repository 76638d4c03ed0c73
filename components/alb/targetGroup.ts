import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Tags } from "../common";
import { TargetGroupSpec } from "./types";

/**
 * The provider arguments of a target group. No `name`: Pulumi auto-names target groups, so a
 * change that forces replacement creates the new group before the listener lets go of the old.
 * Every health check field is explicit because the provider's defaults differ from AWS's.
 */
export function targetGroupArgs(settings: TargetGroupSpec, vpcId: pulumi.Input<string>, tags: pulumi.Input<Tags>): aws.lb.TargetGroupArgs {
    const check = settings.healthCheck;
    const isLambda = settings.targetType === "lambda";
    return {
        targetType: settings.targetType,
        ...(isLambda ? {} : {
            vpcId,
            port: settings.port,
            protocol: settings.protocol,
            loadBalancingAlgorithmType: settings.algorithm,
            slowStart: settings.slowStartSeconds,
        }),
        deregistrationDelay: settings.deregistrationDelaySeconds,
        healthCheck: {
            enabled: true,
            path: check.path,
            matcher: check.matcher,
            interval: check.intervalSeconds,
            timeout: check.timeoutSeconds,
            healthyThreshold: check.healthyThreshold,
            unhealthyThreshold: check.unhealthyThreshold,
            ...(isLambda ? {} : { protocol: settings.protocol, port: "traffic-port" }),
        },
        stickiness: settings.stickiness === undefined
            ? (isLambda ? undefined : { enabled: false, type: "lb_cookie" })
            : {
                enabled: true,
                type: settings.stickiness.type,
                cookieDuration: settings.stickiness.durationSeconds,
                ...(settings.stickiness.type === "app_cookie" ? { cookieName: settings.stickiness.cookieName } : {}),
            },
        tags,
    };
}

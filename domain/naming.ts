/**
 * Logical names of the program's resources. Validation uses the same functions to check that
 * auto-generated physical names fit AWS's limits, so the two can never disagree.
 */

/** Name of the regional ALB component and of its load balancer, e.g. `seoul-alb`. */
export function albName(prefix: string): string {
    return `${prefix}-alb`;
}

/** Name of the target group for `key`, e.g. `seoul-alb-tg-web`. */
export function targetGroupName(albComponentName: string, key: string): string {
    return `${albComponentName}-tg-${key}`;
}

/** The set identifier of a region's routing records: the region itself, unique per stack. */
export function setIdentifier(region: string): string {
    return region;
}

/**
 * A stack as a StackReference names it: `stack`, `org/stack` or `org/project/stack`, each part
 * of letters, digits, hyphens, underscores and periods (Pulumi, "Stacks":
 * https://www.pulumi.com/docs/iac/concepts/stacks/).
 */
export const stackReferencePattern = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+){0,2}$/;

/**
 * Security-group facts the program relies on. Sources: docs/aws-limits.md.
 */

/** The AWS-managed prefix list of Route 53's health checkers (IPv4) in `region`. */
export function route53HealthCheckPrefixListName(region: string): string {
    return `com.amazonaws.${region}.route53-healthchecks`;
}

/**
 * Weight of that prefix list: a rule that references it counts as this many rules against the
 * security group's quota (VPC user guide, "AWS-managed prefix list weight").
 */
export const route53HealthCheckPrefixListWeight = 25;

/** Default quota of inbound rules per security group (VPC quotas; adjustable on request). */
export const securityGroupInboundRuleQuota = 60;

/** True when ingress admits every IPv4 address, so nothing else needs opening. */
export function admitsEveryone(ingressCidrs: readonly string[]): boolean {
    return ingressCidrs.includes("0.0.0.0/0");
}

/** The region segment of an ARN (`arn:partition:service:region:account:...`); undefined when it has none. */
export function arnRegion(arn: string): string | undefined {
    const parts = arn.split(":");
    return parts.length >= 6 ? parts[3] : undefined;
}

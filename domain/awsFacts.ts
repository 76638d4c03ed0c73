/**
 * AWS limits and constants the program must encode. Each is listed with its public source in
 * docs/aws-facts.md; per-region facts are in ./regions.ts.
 */

/** The TTL Route 53 gives answers for alias records that point at an ELB. */
export const elbAliasTtlSeconds = 60;

/** Global Accelerator's own reaction after an ALB reports its targets unhealthy (AWS workshop figure). */
export const globalAcceleratorReactionSeconds = 30;

/** The Global Accelerator API exists only in this region. */
export const globalAcceleratorApiRegion = "us-west-2";

/** Hosted zone id of every accelerator's DNS name, for alias records. */
export const globalAcceleratorHostedZoneId = "Z2BJ6XQ5FK7U4H";

/** TLS policies that satisfy Security Hub ELB.17 (TLS 1.3 capable, no legacy ciphers). */
export const tls13Policies = [
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
] as const;

/**
 * The name prefix of the ELB security policies that offer TLS 1.3 alone (ELB User Guide for
 * Application Load Balancers, "Security policies": the ELBSecurityPolicy-TLS13-1-3-* policies list
 * TLSv1.3 as their only protocol).
 */
export const tls13OnlyPolicyPrefix = "ELBSecurityPolicy-TLS13-1-3-";

/**
 * The TLS versions Route 53's HTTPS health checkers speak: "If you specify HTTPS for the value of
 * Type, the endpoint must support TLS v1.0, v1.1, or v1.2" (Route 53 API reference,
 * HealthCheckConfig.Type; botocore route53 2013-04-01). A listener that offers TLS 1.3 alone
 * fails every HTTPS check, so its region reads unhealthy for ever.
 */
export const route53HealthCheckTlsVersions = ["TLSv1.0", "TLSv1.1", "TLSv1.2"] as const;

/** True when an HTTPS listener with `sslPolicy` can answer Route 53's HTTPS health checkers. */
export function route53CanCheckHttps(sslPolicy: string): boolean {
    return !sslPolicy.startsWith(tls13OnlyPolicyPrefix);
}

/** Desync mitigation modes that satisfy Security Hub ELB.12. */
export const safeDesyncModes = ["defensive", "strictest"] as const;

/** Cookie name prefixes the ALB reserves for its own stickiness cookies. */
export const reservedCookiePrefixes = ["AWSALB", "AWSALBAPP", "AWSALBTG"] as const;

/** Names of load balancers and target groups are at most this long. */
export const elbNameMaxLength = 32;

/** Pulumi's auto-naming appends a dash and seven random characters. */
export const autoNameSuffixLength = 8;

/** Listener rules may carry at most this many condition values in all. */
export const maxConditionValuesPerRule = 5;

/**
 * Seconds from the alarm's data stream breaching to Route 53 changing the CLOUDWATCH_METRIC
 * health check that follows it: an estimate, one standard-resolution evaluation. AWS publishes
 * no figure; Route 53 reads the alarm's data stream, not its state (docs/alarms-and-routing-controls.md).
 */
export const alarmToHealthCheckSeconds = 60;

/**
 * ALB metrics reach CloudWatch in 60-second intervals ("Elastic Load Balancing measures and sends
 * its metrics in 60-second intervals", ALB User Guide, CloudWatch metrics for your ALB).
 */
export const albMetricIntervalSeconds = 60;

/**
 * Seconds from a routing-control state change to Route 53 acting on its RECOVERY_CONTROL health
 * check: an estimate (the ARC guide says the change propagates to the cluster's five regions and
 * then to Route 53), see docs/alarms-and-routing-controls.md.
 */
export const routingControlPropagationSeconds = 10;

/** Route 53 ARC's recovery-control configuration API exists only in this region. */
export const recoveryControlApiRegion = "us-west-2";

/** Route 53 publishes health-check metrics in this region only; alarms on them must live here. */
export const route53MetricsRegion = "us-east-1";

/** Global Accelerator publishes its metrics in this region only. */
export const globalAcceleratorMetricsRegion = "us-west-2";

/** The regions of an ARC cluster's five data-plane endpoints. */
export const recoveryClusterEndpointRegions = ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1", "ap-southeast-2"] as const;

/** A metric math alarm may fetch at most this many metrics. */
export const maxMetricsPerMathAlarm = 10;

/** A CloudWatch metric-math alarm fetches at most this many metrics (PutMetricAlarm, Metrics). */
export const maxAlarmMetrics = 10;

/** Metrics the serving-badly alarm always fetches (requests, ALB 5xx, target 5xx); one more per populated target group. */
export const servingBadlyFixedMetrics = 3;

/**
 * AWS limits and constants the program must encode. Sources: the ELB, Route 53 and Global
 * Accelerator developer guides, collected in ../shared/AWS-NOTES.md.
 */

/** The checker regions Route 53 health checks can use. There is no Seoul checker. */
export const route53CheckerRegions = [
    "us-east-1",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "sa-east-1",
] as const;

/** Route 53 needs at least this many checker regions. */
export const minimumCheckerRegions = 3;

/** The TTL Route 53 gives answers for alias records that point at an ELB. */
export const elbAliasTtlSeconds = 60;

/** Global Accelerator's own reaction after an ALB reports its targets unhealthy (AWS workshop figure). */
export const globalAcceleratorReactionSeconds = 30;

/** The Global Accelerator API exists only in this region. */
export const globalAcceleratorApiRegion = "us-west-2";

/** Hosted zone id of every accelerator's DNS name, for alias records. */
export const globalAcceleratorHostedZoneId = "Z2BJ6XQ5FK7U4H";

/**
 * Canonical hosted zone ids of Application Load Balancers, per region (ELB endpoints table).
 * Used by the offline mocks to answer like AWS; the program itself always reads the ALB's
 * `zoneId` output.
 */
export const albCanonicalZoneIds: Readonly<Record<string, string>> = {
    "us-east-1": "Z35SXDOTRQ7X7K",
    "us-east-2": "Z3AADJGX6KTTL2",
    "us-west-1": "Z368ELLRRE2KJ0",
    "us-west-2": "Z1H1FL5HABSF5",
    "ap-northeast-1": "Z14GRHDCWA56QT",
    "ap-northeast-2": "ZWKZPGTI48KDX",
    "ap-northeast-3": "Z5LXEXXYW11ES",
    "ap-southeast-1": "Z1LMS91P8CMLE5",
    "ap-southeast-2": "Z1GM3OXH4ZPM65",
    "ap-south-1": "ZP97RAFLXTNZK",
    "eu-west-1": "Z32O12XQLNTSW2",
    "eu-central-1": "Z215JYRZR1TBD5",
    "sa-east-1": "Z2P70J7HTTTPLU",
    "ca-central-1": "ZQSVJUPU6J1EY",
};

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

/** A shape check for AWS region names such as ap-northeast-2. */
export const regionPattern = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/**
 * Seconds from an alarm changing state to Route 53 changing a CLOUDWATCH_METRIC health check:
 * an estimate (AWS publishes no figure), one standard-resolution evaluation (docs/alarms-and-routing-controls.md).
 */
export const alarmToHealthCheckSeconds = 60;

/** ALB metrics reach CloudWatch about a minute after the requests (standard resolution). */
export const albMetricDelaySeconds = 60;

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

/** Hourly price of one ARC cluster in USD (aws.amazon.com/application-recovery-controller/pricing). */
export const recoveryClusterHourlyUsd = 2.5;

/** The regions of an ARC cluster's five data-plane endpoints. */
export const recoveryClusterEndpointRegions = ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1", "ap-southeast-2"] as const;

/** Statistics Route 53 accepts in an alarm bound to a health check (no extended statistics). */
export const route53AlarmStatistics = ["Average", "Minimum", "Maximum", "Sum", "SampleCount"] as const;

/** A metric math alarm may fetch at most this many metrics. */
export const maxMetricsPerMathAlarm = 10;

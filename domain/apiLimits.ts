/**
 * Limits from AWS's published API models (botocore `data/<service>/<version>/service-2.json`),
 * named after the model's shape. The schema and the policy rules use exactly these values;
 * docs/aws-limits.md cites each shape, and tests/domain/apiLimits.test.ts compares this table
 * with the models when botocore is installed.
 */

/** One integer shape's bounds. */
export interface IntegerLimit {
    /** Service model and shape name, e.g. `elbv2 RulePriority`. */
    readonly shape: string;
    readonly min: number;
    readonly max: number;
}

/** elbv2 2015-12-01. */
export const elbv2Limits = {
    /** Listener rule priority. */
    rulePriority: { shape: "elbv2 RulePriority", min: 1, max: 50000 },
    /** Target group health check interval. */
    healthCheckIntervalSeconds: { shape: "elbv2 HealthCheckIntervalSeconds", min: 5, max: 300 },
    /** Target group health check timeout. */
    healthCheckTimeoutSeconds: { shape: "elbv2 HealthCheckTimeoutSeconds", min: 2, max: 120 },
    /** Healthy and unhealthy threshold counts. */
    healthCheckThresholdCount: { shape: "elbv2 HealthCheckThresholdCount", min: 2, max: 10 },
    /** Target and listener ports. */
    port: { shape: "elbv2 Port", min: 1, max: 65535 },
    /** Target group health check path length. */
    healthCheckPathLength: { shape: "elbv2 Path", min: 1, max: 1024 },
    /** Fixed-response body length. */
    fixedResponseMessageLength: { shape: "elbv2 FixedResponseActionMessage", min: 0, max: 1024 },
    /** Redirect host length. */
    redirectHostLength: { shape: "elbv2 RedirectActionHost", min: 1, max: 128 },
    /** Redirect path length. */
    redirectPathLength: { shape: "elbv2 RedirectActionPath", min: 1, max: 128 },
    /** Redirect query length. */
    redirectQueryLength: { shape: "elbv2 RedirectActionQuery", min: 0, max: 128 },
} as const satisfies Record<string, IntegerLimit>;

/** elbv2 FixedResponseActionStatusCode: 2XX, 4XX or 5XX only (no 3XX, no 1XX). */
export const fixedResponseStatusCodePattern = /^(2|4|5)\d\d$/;
/** elbv2 RedirectActionStatusCodeEnum. */
export const redirectStatusCodes = ["HTTP_301", "HTTP_302"] as const;
/** elbv2 FixedResponseActionConfig ContentType: the documented valid values. */
export const fixedResponseContentTypes = ["text/plain", "text/css", "text/html", "application/javascript", "application/json"] as const;

/** route53 2013-04-01. */
export const route53Limits = {
    /** Health check request interval (the API accepts only 10 or 30). */
    requestInterval: { shape: "route53 RequestInterval", min: 10, max: 30 },
    /** Consecutive failures before the check changes state. */
    failureThreshold: { shape: "route53 FailureThreshold", min: 1, max: 10 },
    /** Health check port. */
    port: { shape: "route53 Port", min: 1, max: 65535 },
    /** Checker regions of one health check. */
    checkerRegions: { shape: "route53 HealthCheckRegionList", min: 3, max: 64 },
    /** Resource path length. */
    resourcePathLength: { shape: "route53 ResourcePath", min: 0, max: 255 },
    /** Weighted record weight. */
    weight: { shape: "route53 ResourceRecordSetWeight", min: 0, max: 255 },
    /** One value of a record (`ResourceRecord.Value`): at most 4,000 characters, quotes and spaces of a TXT value included. */
    recordValueLength: { shape: "route53 RData", min: 0, max: 4000 },
    /** A CALCULATED health check's threshold of healthy children (above the count of children: always unhealthy). */
    healthThreshold: { shape: "route53 HealthThreshold", min: 0, max: 256 },
} as const satisfies Record<string, IntegerLimit>;


/** globalaccelerator 2018-08-08. */
export const globalAcceleratorLimits = {
    /** Endpoint weight. */
    endpointWeight: { shape: "globalaccelerator EndpointWeight", min: 0, max: 255 },
    /** Endpoint group traffic dial (a float in the model; this project uses whole percentages). */
    trafficDialPercentage: { shape: "globalaccelerator TrafficDialPercentage", min: 0, max: 100 },
    /** Listener port. */
    portNumber: { shape: "globalaccelerator PortNumber", min: 1, max: 65535 },
    /** Port ranges of one listener. */
    portRanges: { shape: "globalaccelerator PortRanges", min: 1, max: 10 },
} as const satisfies Record<string, IntegerLimit>;

/** globalaccelerator IpAddressType enum. */
export const acceleratorIpAddressTypes = ["IPV4", "DUAL_STACK"] as const;
/** globalaccelerator ClientAffinity enum. */
export const acceleratorClientAffinities = ["NONE", "SOURCE_IP"] as const;

/** cloudwatch 2010-08-01 (for alarms other branches add). */
export const cloudwatchLimits = {
    /** Alarm name length. */
    alarmNameLength: { shape: "cloudwatch AlarmName", min: 1, max: 255 },
} as const satisfies Record<string, IntegerLimit>;

/**
 * PutMetricAlarm: Period x EvaluationPeriods is at most one day for periods under an hour, and at
 * most seven days otherwise (the model's `Period` documentation).
 */
export const alarmEvaluationWindow = {
    /** Where the rule is written. */
    shape: "cloudwatch PutMetricAlarmInput.Period",
    /** Periods of this many seconds or more get the longer window. */
    longPeriodSeconds: 3600,
    /** The window of shorter periods. */
    shortPeriodMaxSeconds: 86400,
    /** The window of periods of an hour or more. */
    longPeriodMaxSeconds: 604800,
} as const;

/** route53-recovery-cluster 2019-12-02: the data plane of routing controls. */
export const recoveryClusterLimits = {
    /** A routing control's ARN (`Arn`: 1..255 characters of `^[A-Za-z0-9:.\/_-]*$`). */
    arnLength: { shape: "route53-recovery-cluster Arn", min: 1, max: 255 },
} as const satisfies Record<string, IntegerLimit>;

/** route53-recovery-cluster `Arn` pattern. */
export const recoveryClusterArnPattern = new RegExp("^[A-Za-z0-9:.\\/_-]*$");
/** route53-recovery-cluster `RoutingControlState` enum. */
export const routingControlStates = ["On", "Off"] as const;

/** route53-recovery-control-config 2020-11-02: the routing control's name (CreateRoutingControl `RoutingControlName`). */
export const recoveryControlConfigLimits = {
    /** 1..64 characters without white space (`^\S+$`). */
    routingControlNameLength: { shape: "route53-recovery-control-config __stringMin1Max64PatternS", min: 1, max: 64 },
} as const satisfies Record<string, IntegerLimit>;

/** Every integer limit, for the test that compares them with the models. */
export const allIntegerLimits: readonly IntegerLimit[] = [
    ...Object.values(elbv2Limits),
    ...Object.values(route53Limits),
    ...Object.values(globalAcceleratorLimits),
    ...Object.values(cloudwatchLimits),
    ...Object.values(recoveryClusterLimits),
    ...Object.values(recoveryControlConfigLimits),
];

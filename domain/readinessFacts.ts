/**
 * AWS facts `npm run readiness` relies on, each with its source (docs/readiness.md, "What it relies
 * on"). Pure data and two small rules; the checks in readiness/ and the fake account the tests
 * run them against (tests/drill/) read them from here.
 */

/**
 * Route 53's health-check status as CloudWatch has it: namespace `AWS/Route53`, metric
 * `HealthCheckStatus`, dimension `HealthCheckId`, 1 healthy and 0 unhealthy, published in us-east-1
 * only (Route 53 Developer Guide, "Monitoring health checks using CloudWatch"). The one way to read a
 * calculated check's status: "If you want to check the status of a calculated health check, you
 * must use the Amazon Route 53 console or the CloudWatch console. You can't use
 * GetHealthCheckStatus" (botocore route53, GetHealthCheckStatusRequest.HealthCheckId).
 */
export const healthCheckStatusMetric = { namespace: "AWS/Route53", metricName: "HealthCheckStatus", dimension: "HealthCheckId", healthy: 1 } as const;

/** How far back the readiness check looks for a health check's or the quota's latest datapoint, in minutes. */
export const metricLookbackMinutes = 15;

/**
 * GetMetricData "can retrieve as many as 500 different metrics in a single request"; each query's
 * Id "must be unique within a single call", of letters, numbers and underscores, starting with a
 * lowercase letter (botocore cloudwatch, GetMetricData and MetricDataQuery.Id).
 */
export const getMetricDataLimits = { queriesPerCall: 500, queryId: /^[a-z][a-zA-Z0-9_]*$/ } as const;

/**
 * The On-Demand vCPU quota the fleets' instance types fall under, as Service Quotas names it (AWS
 * CLI User Guide, Service Quotas examples: `get-aws-default-service-quota --service-code ec2
 * --quota-code L-1216C47A` returns "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z)
 * instances", its usage metric AWS/Usage ResourceCount with Service EC2, Type Resource, Resource
 * vCPU, Class Standard/OnDemand, statistic Maximum).
 */
export const onDemandStandardQuota = { serviceCode: "ec2", quotaCode: "L-1216C47A", name: "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances" } as const;

/**
 * Whether an instance type counts against {@link onDemandStandardQuota}: its family starts with
 * one of the letters the quota's name lists, and is none of the families with On-Demand quotas of
 * their own that start with such a letter (DL, HPC, Inf, Trn, as Service Quotas names them
 * "Running On-Demand DL/HPC/Inf/Trn instances"). Inference from the quotas' names: AWS publishes no
 * list of families per quota; a type this rule leaves out is reported, not compared.
 */
export function countsAgainstStandardQuota(instanceType: string): boolean {
    const family = /^[a-z]+/.exec(instanceType)?.[0] ?? "";
    return /^[acdhimrtz]/.test(family) && !["dl", "hpc", "inf", "trn"].includes(family);
}

/** The target state that serves traffic (elbv2 TargetHealthStateEnum: initial, healthy, unhealthy, unhealthy.draining, unused, draining, unavailable). */
export const healthyTargetState = "healthy";

/** The endpoint state that serves traffic (globalaccelerator HealthState: INITIAL, HEALTHY, UNHEALTHY). */
export const healthyEndpointState = "HEALTHY";

/** The certificate status that serves traffic (acm CertificateStatus: PENDING_VALIDATION, ISSUED, INACTIVE, EXPIRED, VALIDATION_TIMED_OUT, REVOKED, FAILED). */
export const issuedCertificateStatus = "ISSUED";

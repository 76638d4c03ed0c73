/**
 * The AWS calls `npm run readiness` makes, each with the IAM action that authorizes it and the
 * resources that action applies to, as the Service Authorization Reference lists them: an action
 * with a resource type is granted on that type's ARN pattern, one without on `*` (the reference:
 * "If there is no value for this column, you must specify all resources ("*")"). Every call is a
 * read; docs/readiness-iam-policy.json is this table as a policy, and a test keeps the two, and the
 * calls the code makes against the fake account, in step.
 */
import { onDemandStandardQuota } from "./readinessFacts";

/** The Service Authorization Reference page of each service prefix. */
export const authorizationReference = {
    route53: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonroute53.html",
    cloudwatch: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html",
    globalaccelerator: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsglobalaccelerator.html",
    elasticloadbalancing: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html",
    acm: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscertificatemanager.html",
    autoscaling: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2autoscaling.html",
    ec2: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html",
    servicequotas: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_servicequotas.html",
    "route53-recovery-cluster": "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonroute53recoverycluster.html",
} as const;

/** An IAM service prefix. */
export type ServicePrefix = keyof typeof authorizationReference;

/** One read the readiness check makes. */
export interface ReadPermission {
    /** The IAM action, e.g. `route53:GetHealthCheckStatus` (the API operation of the same name). */
    readonly action: `${ServicePrefix}:${string}`;
    /** The resources it is granted on: the resource type's ARN pattern, or `*` when the action has none. */
    readonly resource: string;
    /** Where the call goes. */
    readonly region: string;
    /** Which check makes it. */
    readonly usedFor: string;
}

/** Every read, in the order the checks run. */
export const readinessPermissions: readonly ReadPermission[] = [
    { action: "route53:GetHealthCheck", resource: "arn:aws:route53:::healthcheck/*", region: "us-east-1", usedFor: "endpoint health checks: the Inverted flag" },
    { action: "route53:GetHealthCheckStatus", resource: "arn:aws:route53:::healthcheck/*", region: "us-east-1", usedFor: "endpoint health checks: each checker's latest observation (the >18% rule)" },
    { action: "cloudwatch:GetMetricData", resource: "*", region: "us-east-1 and each stack's region", usedFor: "combined, alarm and control health checks (AWS/Route53 HealthCheckStatus, us-east-1); vCPUs in use (the quota's usage metric)" },
    { action: "cloudwatch:DescribeAlarms", resource: "arn:aws:cloudwatch:*:*:alarm:*", region: "each stack's region", usedFor: "alarms Route 53 follows" },
    { action: "route53-recovery-cluster:GetRoutingControlState", resource: "arn:aws:route53-recovery-control::*:controlpanel/*/routingcontrol/*", region: "the cluster's endpoints", usedFor: "routing controls On" },
    { action: "globalaccelerator:DescribeEndpointGroup", resource: "arn:aws:globalaccelerator::*:accelerator/*/listener/*/endpoint-group/*", region: "us-west-2", usedFor: "traffic dials, endpoint weights and health" },
    { action: "elasticloadbalancing:DescribeTargetHealth", resource: "*", region: "each stack's region", usedFor: "healthy targets per target group" },
    { action: "elasticloadbalancing:DescribeListenerCertificates", resource: "*", region: "each stack's region", usedFor: "the HTTPS listener's certificates" },
    { action: "acm:DescribeCertificate", resource: "arn:aws:acm:*:*:certificate/*", region: "each certificate's region", usedFor: "certificate status and expiry (NotAfter)" },
    { action: "autoscaling:DescribeAutoScalingGroups", resource: "*", region: "each stack's region", usedFor: "the fleet's deployed size limits and instances in service" },
    { action: "ec2:DescribeInstanceTypes", resource: "*", region: "each stack's region", usedFor: "vCPUs per instance of the fleet's type" },
    { action: "servicequotas:GetServiceQuota", resource: `arn:aws:servicequotas:*:*:${onDemandStandardQuota.serviceCode}/${onDemandStandardQuota.quotaCode}`, region: "each stack's region", usedFor: "the On-Demand vCPU quota (applied value)" },
    { action: "servicequotas:GetAWSDefaultServiceQuota", resource: "*", region: "each stack's region", usedFor: "the quota's default, when no applied value is available" },
    { action: "route53:ListResourceRecordSets", resource: "arn:aws:route53:::hostedzone/*", region: "us-east-1", usedFor: "the drill lock, the drill state and the last passing drill (TXT records in the hosted zone)" },
];

/** An IAM policy document. */
export interface PolicyDocument {
    /** Policy language version. */
    readonly Version: "2012-10-17";
    /** One statement per resource pattern. */
    readonly Statement: readonly { readonly Sid: string; readonly Effect: "Allow"; readonly Action: readonly string[]; readonly Resource: string }[];
}

/** A statement id from a resource pattern, letters and digits only (IAM's `Sid`): `ReadRoute53Healthcheck`; `ReadAnyResource` for `*`. */
function statementId(resource: string): string {
    if (resource === "*") {
        return "ReadAnyResource";
    }
    const [, , service, , , path] = resource.split(":");
    const words = [service, path.split("/")[0]].flatMap((part) => part.split(/[^a-z0-9]+/i)).filter((word) => word !== "");
    return `Read${words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("")}`;
}

/**
 * The permissions as an IAM policy: one statement per resource pattern, actions sorted.
 * @param permissions the reads
 * @default permissions every read the readiness check makes
 */
export function readinessPolicy(permissions: readonly ReadPermission[] = readinessPermissions): PolicyDocument {
    const byResource = new Map<string, string[]>();
    for (const permission of permissions) {
        byResource.set(permission.resource, [...(byResource.get(permission.resource) ?? []), permission.action]);
    }
    return {
        Version: "2012-10-17",
        Statement: [...byResource.entries()].map(([resource, actions]) => ({ Sid: statementId(resource), Effect: "Allow", Action: [...new Set(actions)].sort(), Resource: resource })),
    };
}

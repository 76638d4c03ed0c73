/**
 * The regional part of the fake account (tests/drill/fakes.ts), for `npm run readiness`: per region,
 * Elastic Load Balancing's target health and listener certificates (answered by the world's load
 * balancer clients), Certificate Manager, EC2 (instance types), Service Quotas and the quota's usage
 * metric (the world's CloudWatch asks for it). The world keeps health checks, alarms, routing
 * controls and Auto Scaling groups. Each client is one region's, and answers as AWS does:
 * - a resource of another region is not found there (TargetGroupNotFound, ListenerNotFound,
 *   ResourceNotFoundException), an unknown instance type is InvalidInstanceType;
 * - DescribeListenerCertificates lists the default certificate twice (IsDefault true, and false in
 *   the certificate list), as its documentation says;
 * - GetServiceQuota fails with NoSuchResourceException when there is no applied value, and
 *   GetAWSDefaultServiceQuota answers with the quota as the AWS CLI User Guide prints it (usage
 *   metric AWS/Usage ResourceCount, EC2 Standard/OnDemand vCPU, statistic Maximum);
 * - an IAM action in `denied` fails as AWS denies it, naming the action.
 * Every call of the account (the world's services too) is recorded as its IAM action, so a test can
 * compare what the code asked for with the IAM policy.
 */
import { ACMClient, DescribeCertificateCommand, InvalidArnException, ResourceNotFoundException as CertificateNotFound } from "@aws-sdk/client-acm";
import { DescribeInstanceTypesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeListenerCertificatesCommand, DescribeTargetHealthCommand, ListenerNotFoundException, TargetGroupNotFoundException } from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, NoSuchResourceException, ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { mockClient } from "aws-sdk-client-mock";
import { onDemandStandardQuota } from "../../domain/readinessFacts";
import { cached } from "../../drill/clients/realNetwork";
import type { ReadinessAwsClients } from "../../readiness/clients";

/** The fake account's id (AWS's documentation account). */
export const accountId = "111122223333";

/** A target group: its region and targets. */
export interface TargetGroupState {
    readonly region: string;
    /** Each target's id and state (elbv2 TargetHealthStateEnum), with a reason when not healthy. */
    targets: { id: string; state: string; reason?: string }[];
}

/** An ACM certificate. */
export interface CertificateState {
    /** NotAfter. */
    notAfter: Date;
    /** CertificateStatus. */
    status: string;
    /** AMAZON_ISSUED or IMPORTED. */
    type: string;
}

/** The On-Demand Standard vCPU quota of one region. */
export interface QuotaState {
    /** The applied value; undefined: Service Quotas has none (GetServiceQuota fails). */
    applied?: number;
    /** AWS's default. */
    defaultValue: number;
    /** vCPUs in use (the usage metric's latest datapoint); undefined: no datapoint. */
    usage?: number;
}

/** The error AWS returns when IAM denies `action`, named as `service`'s errors are. */
function denial(action: string, name: string): Error {
    return Object.assign(new Error(`User: arn:aws:sts::${accountId}:assumed-role/readiness/ci is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`),
        { name, $metadata: { httpStatusCode: 403 } });
}

/** A client's mock, whatever the service. */
type AnyStub = ReturnType<typeof mockClient>;

/** Creates one mocked client per argument list, each answering through `install`. */
function perKey<C extends { send: unknown }, A extends string[]>(create: (...args: A) => C, install: (mock: AnyStub, ...args: A) => void): (...args: A) => C {
    return cached((...args: A) => {
        const client = create(...args);
        install(mockClient(client as never), ...args);
        return client;
    });
}

/** The regional services of the fake account. */
export class RegionalAccount {
    readonly targetGroups = new Map<string, TargetGroupState>();
    /** Listeners: region and certificate ARNs, the default first. */
    readonly listeners = new Map<string, { region: string; certificates: string[] }>();
    readonly certificates = new Map<string, CertificateState>();
    /** The quota per region. */
    readonly quotas = new Map<string, QuotaState>();
    /** vCPUs of the instance types EC2 knows. */
    readonly instanceTypes: Record<string, number> = { "t3.micro": 2, "t3.large": 2, "m5.xlarge": 4, "g4dn.xlarge": 4 };
    /** IAM actions the caller may not call. */
    readonly denied = new Set<string>();
    /** Every call, as `<IAM action> <region>`. */
    readonly calls: string[] = [];

    /** Records a call and applies IAM: a denied action fails as AWS fails it. */
    authorize(action: string, region: string, errorName = "AccessDeniedException"): void {
        this.calls.push(`${action} ${region}`);
        if (this.denied.has(action)) {
            throw denial(action, errorName);
        }
    }

    /** The vCPU usage of the region's quota (AWS/Usage ResourceCount), for the world's GetMetricData; undefined for any other metric. */
    metricValue(region: string, namespace?: string, name?: string, dimensions: Record<string, string | undefined> = {}): number | undefined {
        const usage = namespace === "AWS/Usage" && name === "ResourceCount" && dimensions.Service === "EC2" && dimensions.Resource === "vCPU" && dimensions.Class === "Standard/OnDemand";
        return usage ? this.quotas.get(region)?.usage : undefined;
    }

    /** Target health and listener certificates on one region's load balancer client (the world's, which has the listener rules). */
    installLoadBalancing(mock: AnyStub, region: string): void {
        mock.on(DescribeTargetHealthCommand).callsFake((input: { TargetGroupArn?: string }) => {
            this.authorize("elasticloadbalancing:DescribeTargetHealth", region, "AccessDenied");
            const group = this.targetGroups.get(input.TargetGroupArn ?? "");
            if (group === undefined || group.region !== region) {
                throw new TargetGroupNotFoundException({ message: "One or more target groups not found", $metadata: {} });
            }
            return {
                TargetHealthDescriptions: group.targets.map((target) => ({
                    Target: { Id: target.id, Port: 80 }, HealthCheckPort: "80",
                    TargetHealth: { State: target.state, ...(target.state === "healthy" ? {} : { Reason: target.reason ?? "Target.FailedHealthChecks" }) },
                })),
            };
        });
        mock.on(DescribeListenerCertificatesCommand).callsFake((input: { ListenerArn?: string }) => {
            this.authorize("elasticloadbalancing:DescribeListenerCertificates", region, "AccessDenied");
            const listener = this.listeners.get(input.ListenerArn ?? "");
            if (listener === undefined || listener.region !== region) {
                throw new ListenerNotFoundException({ message: "One or more listeners not found", $metadata: {} });
            }
            const [defaultArn] = listener.certificates;
            // "If the default certificate is also in the certificate list, it appears twice."
            return { Certificates: [{ CertificateArn: defaultArn, IsDefault: true }, ...listener.certificates.map((arn) => ({ CertificateArn: arn, IsDefault: false }))] };
        });
    }

    readonly acm = perKey((region: string) => new ACMClient({ region }), (mock, region) => {
        mock.onAnyCommand().rejects(new Error("fake AWS: unexpected ACM command"));
        mock.on(DescribeCertificateCommand).callsFake((input: { CertificateArn?: string }) => {
            this.authorize("acm:DescribeCertificate", region);
            const arn = input.CertificateArn ?? "";
            if (!/^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/.+$/.test(arn)) {
                throw new InvalidArnException({ message: `String '${arn}' is not a valid ARN.`, $metadata: {} });
            }
            const certificate = this.certificates.get(arn);
            if (certificate === undefined || arn.split(":")[3] !== region) {
                throw new CertificateNotFound({ message: `Could not find certificate ${arn}.`, $metadata: {} });
            }
            return { Certificate: { CertificateArn: arn, Status: certificate.status, Type: certificate.type, NotAfter: certificate.notAfter, ...(certificate.type === "AMAZON_ISSUED" ? { RenewalSummary: { RenewalStatus: "SUCCESS" } } : {}) } };
        });
    });

    readonly ec2 = perKey((region: string) => new EC2Client({ region }), (mock, region) => {
        mock.onAnyCommand().rejects(new Error("fake AWS: unexpected EC2 command"));
        mock.on(DescribeInstanceTypesCommand).callsFake((input: { InstanceTypes?: string[] }) => {
            this.authorize("ec2:DescribeInstanceTypes", region, "UnauthorizedOperation");
            const unknown = (input.InstanceTypes ?? []).filter((type) => this.instanceTypes[type] === undefined);
            if (unknown.length > 0) {
                throw Object.assign(new Error(`The following supplied instance types do not exist: [${unknown.join(", ")}]`), { name: "InvalidInstanceType" });
            }
            return { InstanceTypes: (input.InstanceTypes ?? []).map((type) => ({ InstanceType: type, VCpuInfo: { DefaultVCpus: this.instanceTypes[type] } })) };
        });
    });

    /** The quota as Service Quotas describes it (AWS CLI User Guide, get-aws-default-service-quota). */
    private quota(region: string, value: number, applied: boolean) {
        return {
            Quota: {
                ServiceCode: onDemandStandardQuota.serviceCode, ServiceName: "Amazon Elastic Compute Cloud (Amazon EC2)",
                QuotaArn: `arn:aws:servicequotas:${region}:${applied ? accountId : ""}:${onDemandStandardQuota.serviceCode}/${onDemandStandardQuota.quotaCode}`,
                QuotaCode: onDemandStandardQuota.quotaCode, QuotaName: onDemandStandardQuota.name, Value: value, Unit: "None", Adjustable: true, GlobalQuota: false,
                UsageMetric: { MetricNamespace: "AWS/Usage", MetricName: "ResourceCount", MetricDimensions: { Class: "Standard/OnDemand", Resource: "vCPU", Service: "EC2", Type: "Resource" }, MetricStatisticRecommendation: "Maximum" },
            },
        };
    }

    readonly serviceQuotas = perKey((region: string) => new ServiceQuotasClient({ region }), (mock, region) => {
        mock.onAnyCommand().rejects(new Error("fake AWS: unexpected Service Quotas command"));
        const find = (input: { ServiceCode?: string; QuotaCode?: string }) => {
            const state = this.quotas.get(region);
            if (state === undefined || input.ServiceCode !== onDemandStandardQuota.serviceCode || input.QuotaCode !== onDemandStandardQuota.quotaCode) {
                throw new NoSuchResourceException({ message: "The request failed because the specified service does not exist.", $metadata: {} });
            }
            return state;
        };
        mock.on(GetServiceQuotaCommand).callsFake((input: { ServiceCode?: string; QuotaCode?: string }) => {
            this.authorize("servicequotas:GetServiceQuota", region);
            const state = find(input);
            if (state.applied === undefined) {
                throw new NoSuchResourceException({ message: "The request failed because the specified service quota does not exist.", $metadata: {} });
            }
            return this.quota(region, state.applied, true);
        });
        mock.on(GetAWSDefaultServiceQuotaCommand).callsFake((input: { ServiceCode?: string; QuotaCode?: string }) => {
            this.authorize("servicequotas:GetAWSDefaultServiceQuota", region);
            return this.quota(region, find(input).defaultValue, false);
        });
    });

    /** The regional clients, as the readiness check takes them. */
    get clients(): Pick<ReadinessAwsClients, "acm" | "ec2" | "serviceQuotas"> {
        return { acm: this.acm, ec2: this.ec2, serviceQuotas: this.serviceQuotas };
    }
}

/**
 * The AWS SDK clients `npm run readiness` reads with: the drill's (Route 53 in us-east-1, Global
 * Accelerator in us-west-2, CloudWatch and ARC's cluster endpoints), and per region the services
 * the fleet, its load balancer, its certificates and the account's quota live in. Tests hand in
 * clients answered by the fake account (tests/drill/fakes.ts).
 */
import { ACMClient } from "@aws-sdk/client-acm";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { EC2Client } from "@aws-sdk/client-ec2";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { Route53RecoveryClusterClient } from "@aws-sdk/client-route53-recovery-cluster";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { cached, realAwsClients } from "../drill/clients/realNetwork";
import { AwsClients } from "../drill/clients/types";

/** Every client the readiness check reads with; the regional ones are created per region. */
export interface ReadinessAwsClients extends AwsClients {
    /** CloudWatch in a region: alarms in theirs, Route 53's metrics in us-east-1, quota usage in each stack's. */
    readonly cloudWatch: (region: string) => CloudWatchClient;
    /** Route 53 ARC's data plane at one of a cluster's regional endpoints. */
    readonly recoveryCluster: (endpoint: string, region: string) => Route53RecoveryClusterClient;
    /** Elastic Load Balancing (target health, listener certificates) in a region: the drill's client (its fault lever's rules). */
    readonly elbv2: (region: string) => ElasticLoadBalancingV2Client;
    /** Certificate Manager in a region (a certificate lives in its load balancer's). */
    readonly acm: (region: string) => ACMClient;
    /** EC2 Auto Scaling in a region: the drill's client (what pre-scaling raises). */
    readonly autoScaling: (region: string) => AutoScalingClient;
    /** EC2 in a region (instance types). */
    readonly ec2: (region: string) => EC2Client;
    /** Service Quotas in a region (quotas are per region). */
    readonly serviceQuotas: (region: string) => ServiceQuotasClient;
}

/** The real clients, each created on first use in the region it serves. */
export function realReadinessClients(): ReadinessAwsClients {
    const drill = realAwsClients();
    return {
        get route53() {
            return drill.route53;
        },
        get globalAccelerator() {
            return drill.globalAccelerator;
        },
        cloudWatch: drill.cloudWatch!,
        recoveryCluster: drill.recoveryCluster!,
        elbv2: drill.elbv2!,
        acm: cached((region) => new ACMClient({ region })),
        autoScaling: drill.autoScaling!,
        ec2: cached((region) => new EC2Client({ region })),
        serviceQuotas: cached((region) => new ServiceQuotasClient({ region })),
    };
}

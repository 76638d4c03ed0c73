import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentTypes, namedTags, Tags } from "../common";

/** Arguments of {@link AccessLogBucket}. */
export interface AccessLogBucketArgs {
    /** Key prefix the ALB writes under (`<prefix>/AWSLogs/<account>/...`). */
    readonly prefix: string;
    /** Days a log object is kept before it expires. */
    readonly retentionDays: number;
    /** Who delivers the region's logs: its regional ELB account, or (newer regions) the log-delivery service principal. */
    readonly logDelivery: LogDeliveryPrincipal;
    /** Let `pulumi destroy` delete the bucket with the logs in it. */
    readonly forceDestroy: boolean;
    /** Tags for every taggable child. */
    readonly tags: pulumi.Input<Tags>;
}

/** The principal that writes a region's ALB access logs. */
export type LogDeliveryPrincipal = { readonly elbAccountId: string } | { readonly service: string };

/**
 * An S3 bucket, in the ALB's region, that the ELB service may write access logs to: private,
 * encrypted with SSE-S3 (the only encryption ELB log delivery supports), TLS-only, expiring.
 */
export class AccessLogBucket extends pulumi.ComponentResource {
    /** Bucket name, for the ALB's `accessLogs.bucket`. */
    public readonly bucketName: pulumi.Output<string>;
    /** The policy that lets ELB write; the ALB must wait for it or creation fails. */
    public readonly policy: aws.s3.BucketPolicy;

    constructor(name: string, args: AccessLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentTypes.accessLogBucket, name, {}, opts);
        const bucket = new aws.s3.Bucket(name, { forceDestroy: args.forceDestroy, tags: namedTags(args.tags, name) }, { parent: this });
        const publicAccess = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }, { parent: this });
        new aws.s3.BucketOwnershipControls(`${name}-ownership`, {
            bucket: bucket.id,
            rule: { objectOwnership: "BucketOwnerEnforced" },
        }, { parent: this });
        new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
            bucket: bucket.id,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        }, { parent: this });
        new aws.s3.BucketLifecycleConfiguration(`${name}-expiry`, {
            bucket: bucket.id,
            rules: [{ id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: args.retentionDays } }],
        }, { parent: this });

        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        // Regions opened before August 2022 deliver logs from a regional ELB account, newer ones
        // through the log-delivery service principal (ELB User Guide, "Enable access logs").
        const principal = "elbAccountId" in args.logDelivery
            ? { AWS: `arn:aws:iam::${args.logDelivery.elbAccountId}:root` }
            : { Service: args.logDelivery.service };
        this.policy = new aws.s3.BucketPolicy(`${name}-policy`, {
            bucket: bucket.id,
            policy: pulumi.all([bucket.arn, account]).apply(([arn, accountId]) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ElbLogDelivery",
                        Effect: "Allow",
                        Principal: principal,
                        Action: "s3:PutObject",
                        Resource: `${arn}/${args.prefix}/AWSLogs/${accountId}/*`,
                    },
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [arn, `${arn}/*`],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            })),
        }, { parent: this, dependsOn: [publicAccess] });
        this.bucketName = bucket.bucket;
        this.registerOutputs({ bucketName: this.bucketName });
    }
}

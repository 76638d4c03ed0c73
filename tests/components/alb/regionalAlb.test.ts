import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { RegionalAlb, RegionalAlbArgs } from "../../../components/alb/regionalAlb";
import { targetGroupSchema } from "../../../config/schema";
import { StackRun } from "../../../offline/runStack";
import { named, ofType, runComponents } from "../../harness";

const types = {
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    rule: "aws:lb/listenerRule:ListenerRule",
    certificate: "aws:lb/listenerCertificate:ListenerCertificate",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    bucket: "aws:s3/bucket:Bucket",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
};
const certificate = "arn:aws:acm:ap-northeast-2:111122223333:certificate/main";
const sni = "arn:aws:acm:ap-northeast-2:111122223333:certificate/extra";

const logs = { enabled: true, existingBucket: "", retentionDays: 30, logDelivery: { elbAccountId: "600734575887" }, forceDestroy: false };

function baseArgs(changes: Partial<RegionalAlbArgs> = {}): RegionalAlbArgs {
    return {
        vpcId: "vpc-1",
        vpcCidr: "10.20.0.0/16",
        subnetIds: ["subnet-a", "subnet-b"],
        ingressCidrs: ["0.0.0.0/0", "198.51.100.0/24"],
        ingressPrefixListIds: ["pl-12345678"],
        internal: false,
        idleTimeoutSeconds: 60,
        clientKeepAliveSeconds: 3600,
        http2: true,
        desyncMitigationMode: "defensive",
        dropInvalidHeaderFields: true,
        deletionProtection: true,
        sniCertificateArns: [],
        listenerRules: {},
        tags: {},
        accessLogs: logs,
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        targetGroups: { web: targetGroupSchema.parse({}), api: targetGroupSchema.parse({ port: 8080 }) },
        defaultTargetGroup: "web",
        ...changes,
    };
}

function build(args: RegionalAlbArgs): Promise<StackRun> {
    return runComponents(() => {
        const provider = new aws.Provider("test-ap-northeast-2", { region: "ap-northeast-2" });
        new RegionalAlb("test-alb", args, { providers: [provider] });
    });
}

describe("RegionalAlb", () => {
    describe("security group", () => {
        it("opens only the listener ports, to the configured CIDRs and prefix lists", async () => {
            const run = await build(baseArgs({ certificateArn: certificate }));
            const openings = ofType(run.resources, types.ingress).map((rule) => `${rule.inputs.fromPort}-${rule.inputs.toPort} ${rule.inputs.cidrIpv4 ?? rule.inputs.prefixListId}`);
            expect(openings).to.have.members([
                "80-80 0.0.0.0/0", "80-80 198.51.100.0/24", "80-80 pl-12345678",
                "443-443 0.0.0.0/0", "443-443 198.51.100.0/24", "443-443 pl-12345678",
            ]);
        });

        it("opens only port 80 without a certificate", async () => {
            const run = await build(baseArgs());
            expect(new Set(ofType(run.resources, types.ingress).map((rule) => rule.inputs.fromPort))).to.deep.equal(new Set([80]));
        });

        it("lets traffic out only to the target ports inside the VPC", async () => {
            const run = await build(baseArgs());
            const egress = ofType(run.resources, types.egress).map((rule) => `${rule.inputs.fromPort}-${rule.inputs.toPort} ${rule.inputs.cidrIpv4}`);
            expect(egress).to.have.members(["80-80 10.20.0.0/16", "8080-8080 10.20.0.0/16"]);
        });
    });

    describe("load balancer", () => {
        it("sets the hardened attributes explicitly", async () => {
            const run = await build(baseArgs());
            const balancer = named(run.resources, types.loadBalancer, "test-alb");
            expect(balancer.inputs).to.include({
                loadBalancerType: "application", internal: false, idleTimeout: 60, enableHttp2: true,
                desyncMitigationMode: "defensive", dropInvalidHeaderFields: true, enableDeletionProtection: true,
            });
            expect(balancer.inputs.subnets).to.deep.equal(["subnet-a", "subnet-b"]);
            expect(balancer.inputs).to.not.have.property("name");
        });

        it("honours internal, idle timeout, client keepalive, HTTP/2, desync and deletion protection settings", async () => {
            const run = await build(baseArgs({ internal: true, idleTimeoutSeconds: 120, clientKeepAliveSeconds: 75, http2: false, desyncMitigationMode: "strictest", deletionProtection: false }));
            expect(named(run.resources, types.loadBalancer, "test-alb").inputs).to.include({
                internal: true, idleTimeout: 120, clientKeepAlive: 75, enableHttp2: false, desyncMitigationMode: "strictest", enableDeletionProtection: false,
            });
            expect(named(run.resources, types.loadBalancer, "test-alb").state.dnsName).to.match(/^internal-test-alb-/);
        });

        it("writes access logs to a private bucket in its region that only the regional ELB account may write", async () => {
            const run = await build(baseArgs());
            const bucket = named(run.resources, types.bucket, "test-alb-logs");
            expect(bucket.region).to.equal("ap-northeast-2");
            const balancer = named(run.resources, types.loadBalancer, "test-alb");
            expect(balancer.inputs.accessLogs).to.deep.equal({ bucket: bucket.state.bucket, prefix: "test-alb", enabled: true });
            const policy = JSON.parse(String(named(run.resources, types.bucketPolicy, "test-alb-logs-policy").inputs.policy));
            const write = policy.Statement.find((statement: { Sid: string }) => statement.Sid === "ElbLogDelivery");
            // Seoul's ELB log delivery account.
            expect(write.Principal).to.deep.equal({ AWS: "arn:aws:iam::600734575887:root" });
            expect(write.Resource).to.equal(`arn:aws:s3:::${bucket.state.bucket}/test-alb/AWSLogs/123456789012/*`);
            expect(policy.Statement.find((statement: { Sid: string }) => statement.Sid === "DenyInsecureTransport").Effect).to.equal("Deny");
            expect(named(run.resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "test-alb-logs-public-access").inputs)
                .to.include({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
        });

        it("uses an existing log bucket without creating one, and none when logs are off", async () => {
            const existing = await build(baseArgs({ accessLogs: { ...logs, existingBucket: "central-logs" } }));
            expect(ofType(existing.resources, types.bucket)).to.have.length(0);
            expect(named(existing.resources, types.loadBalancer, "test-alb").inputs.accessLogs).to.deep.equal({ bucket: "central-logs", prefix: "test-alb", enabled: true });
            const off = await build(baseArgs({ accessLogs: { ...logs, enabled: false } }));
            expect(ofType(off.resources, types.bucket)).to.have.length(0);
            expect(named(off.resources, types.loadBalancer, "test-alb").inputs).to.not.have.property("accessLogs");
        });
    });

    describe("listeners", () => {
        it("redirects HTTP to HTTPS when a certificate is set", async () => {
            const run = await build(baseArgs({ certificateArn: certificate }));
            const http = named(run.resources, types.listener, "test-alb-http");
            expect(http.inputs.defaultActions).to.deep.equal([{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }]);
        });

        it("serves HTTPS with the certificate, the TLS 1.3 policy and a forward to the default group", async () => {
            const run = await build(baseArgs({ certificateArn: certificate }));
            const https = named(run.resources, types.listener, "test-alb-https");
            const web = named(run.resources, types.targetGroup, "test-alb-tg-web");
            expect(https.inputs).to.include({ port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", certificateArn: certificate });
            expect(https.inputs.defaultActions).to.deep.equal([{ type: "forward", targetGroupArn: web.state.arn }]);
        });

        it("adds each extra certificate for SNI to the HTTPS listener", async () => {
            const run = await build(baseArgs({ certificateArn: certificate, sniCertificateArns: [sni] }));
            const https = named(run.resources, types.listener, "test-alb-https");
            const certificates = ofType(run.resources, types.certificate);
            expect(certificates.map((resource) => resource.inputs)).to.deep.equal([{ listenerArn: https.state.arn, certificateArn: sni }]);
        });

        it("forwards plain HTTP when there is no certificate", async () => {
            const run = await build(baseArgs());
            expect(ofType(run.resources, types.listener).map((listener) => listener.name)).to.deep.equal(["test-alb-http"]);
            expect(named(run.resources, types.listener, "test-alb-http").inputs.defaultActions).to.deep.equal([
                { type: "forward", targetGroupArn: named(run.resources, types.targetGroup, "test-alb-tg-web").state.arn },
            ]);
        });
    });

    describe("target groups", () => {
        it("leaves names to Pulumi so replacements are created before the old group goes", async () => {
            const run = await build(baseArgs());
            for (const group of ofType(run.resources, types.targetGroup)) {
                expect(group.inputs, group.name).to.not.have.property("name");
                expect(group.inputs, group.name).to.not.have.property("namePrefix");
            }
        });

        it("sets every health check field, draining, slow start, algorithm and stickiness explicitly", async () => {
            const api = targetGroupSchema.parse({
                port: 8080,
                healthCheck: { path: "/ready", matcher: "200-299", intervalSeconds: 15, timeoutSeconds: 6, healthyThreshold: 4, unhealthyThreshold: 3 },
                stickiness: { type: "app_cookie", cookieName: "session", durationSeconds: 600 },
                deregistrationDelaySeconds: 120,
                slowStartSeconds: 45,
                algorithm: "weighted_random",
            });
            const run = await build(baseArgs({ targetGroups: { web: targetGroupSchema.parse({}), api } }));
            const group = named(run.resources, types.targetGroup, "test-alb-tg-api");
            expect(group.inputs).to.include({ targetType: "instance", vpcId: "vpc-1", port: 8080, protocol: "HTTP", deregistrationDelay: 120, slowStart: 45, loadBalancingAlgorithmType: "weighted_random" });
            expect(group.inputs.healthCheck).to.deep.equal({ enabled: true, path: "/ready", matcher: "200-299", interval: 15, timeout: 6, healthyThreshold: 4, unhealthyThreshold: 3, protocol: "HTTP", port: "traffic-port" });
            expect(group.inputs.stickiness).to.deep.equal({ enabled: true, type: "app_cookie", cookieDuration: 600, cookieName: "session" });
        });

        it("turns lb_cookie stickiness on with its duration and leaves it off by default", async () => {
            const sticky = targetGroupSchema.parse({ stickiness: { type: "lb_cookie", durationSeconds: 3600 } });
            const run = await build(baseArgs({ targetGroups: { web: targetGroupSchema.parse({}), sticky } }));
            expect(named(run.resources, types.targetGroup, "test-alb-tg-sticky").inputs.stickiness).to.deep.equal({ enabled: true, type: "lb_cookie", cookieDuration: 3600 });
            expect(named(run.resources, types.targetGroup, "test-alb-tg-web").inputs.stickiness).to.deep.equal({ enabled: false, type: "lb_cookie" });
        });

        it("gives lambda groups no port, protocol or VPC", async () => {
            const run = await build(baseArgs({ targetGroups: { web: targetGroupSchema.parse({}), fn: targetGroupSchema.parse({ targetType: "lambda" }) } }));
            const fn = named(run.resources, types.targetGroup, "test-alb-tg-fn");
            expect(fn.inputs.targetType).to.equal("lambda");
            for (const key of ["port", "protocol", "vpcId", "slowStart"]) {
                expect(fn.inputs).to.not.have.property(key);
            }
        });
    });

    describe("listener rules", () => {
        it("attaches rules to the HTTPS listener with every condition kind", async () => {
            const run = await build(baseArgs({
                certificateArn: certificate,
                listenerRules: {
                    mixed: {
                        priority: 5,
                        conditions: {
                            hostHeaders: ["api.example.com"], pathPatterns: ["/v1/*"], httpMethods: ["GET"],
                            sourceIps: ["192.0.2.0/24"], httpHeaders: { "X-Env": ["blue"] },
                        },
                        action: { type: "forward", targetGroup: "api" },
                    },
                    query: { priority: 6, conditions: { queryStrings: [{ key: "debug", value: "1" }] }, action: { type: "forward", targetGroup: "web" } },
                },
            }));
            const https = named(run.resources, types.listener, "test-alb-https");
            const mixed = named(run.resources, types.rule, "test-alb-rule-mixed");
            expect(mixed.inputs.listenerArn).to.equal(https.state.arn);
            expect(mixed.inputs.priority).to.equal(5);
            expect(mixed.inputs.conditions).to.deep.equal([
                { hostHeader: { values: ["api.example.com"] } },
                { pathPattern: { values: ["/v1/*"] } },
                { httpRequestMethod: { values: ["GET"] } },
                { sourceIp: { values: ["192.0.2.0/24"] } },
                { httpHeader: { httpHeaderName: "X-Env", values: ["blue"] } },
            ]);
            expect(mixed.inputs.actions).to.deep.equal([{ type: "forward", targetGroupArn: named(run.resources, types.targetGroup, "test-alb-tg-api").state.arn }]);
            expect(named(run.resources, types.rule, "test-alb-rule-query").inputs.conditions).to.deep.equal([{ queryStrings: [{ key: "debug", value: "1" }] }]);
        });

        it("builds weighted forwards with group stickiness, redirects and fixed responses", async () => {
            const run = await build(baseArgs({
                listenerRules: {
                    split: { priority: 1, conditions: { pathPatterns: ["/beta/*"] }, action: { type: "weightedForward", targetGroups: { web: 90, api: 10 }, stickinessSeconds: 300 } },
                    moved: { priority: 2, conditions: { hostHeaders: ["old.example.com"] }, action: { type: "redirect", statusCode: "HTTP_302", protocol: "HTTPS", host: "new.example.com", port: "443", path: "/#{path}", query: "#{query}" } },
                    down: { priority: 3, conditions: { pathPatterns: ["/down"] }, action: { type: "fixedResponse", statusCode: "503", contentType: "text/plain", messageBody: "later" } },
                },
            }));
            const arn = (key: string) => named(run.resources, types.targetGroup, `test-alb-tg-${key}`).state.arn;
            expect(named(run.resources, types.rule, "test-alb-rule-split").inputs.actions).to.deep.equal([{
                type: "forward",
                forward: { targetGroups: [{ arn: arn("web"), weight: 90 }, { arn: arn("api"), weight: 10 }], stickiness: { enabled: true, duration: 300 } },
            }]);
            expect(named(run.resources, types.rule, "test-alb-rule-moved").inputs.actions).to.deep.equal([{
                type: "redirect", redirect: { statusCode: "HTTP_302", protocol: "HTTPS", host: "new.example.com", port: "443", path: "/#{path}", query: "#{query}" },
            }]);
            expect(named(run.resources, types.rule, "test-alb-rule-down").inputs.actions).to.deep.equal([{
                type: "fixed-response", fixedResponse: { statusCode: "503", contentType: "text/plain", messageBody: "later" },
            }]);
        });
    });
});

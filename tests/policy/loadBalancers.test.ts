import { expect } from "chai";
import { changed, deployedStack, findingsOf, onlyFinding, plannedStack, ref, resource, types } from "./fixtures";

describe("policy", () => {
    describe("ELB.1", () => {
        const policy = "elb-1-http-redirects-to-https";
        const forward = [{ type: "forward", targetGroupArn: ref("web-tg", "arn") }];

        it("passes an HTTP listener that redirects to HTTPS", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
            expect(findingsOf(policy, deployedStack())).to.deep.equal([]);
        });

        it("reports an HTTP listener that forwards beside an HTTPS one, by reference and by real ARN", () => {
            const forwarding = changed(plannedStack(), "web-alb-http", { defaultActions: forward });
            for (const stack of [forwarding, deployedStack(forwarding)]) {
                const finding = onlyFinding(policy, stack);
                expect(finding).to.include({ source: "AWS Security Hub ELB.1", enforcementLevel: "mandatory", urn: stack[1].urn });
                expect(finding.message).to.contain("HTTP listener web-alb-http").and.contain('redirect: { protocol: "HTTPS"');
            }
        });

        it("leaves plain HTTP alone on an ALB without an HTTPS listener", () => {
            const httpOnly = changed(plannedStack(), "web-alb-https", { loadBalancerArn: ref("other-alb", "arn") });
            expect(findingsOf(policy, changed(httpOnly, "web-alb-http", { defaultActions: forward }))).to.deep.equal([]);
        });

        it("does not judge default actions that are not known yet", () => {
            const unknown = changed(plannedStack(), "web-alb-http", { defaultActions: [{ type: "redirect", redirect: { protocol: ref("settings", "protocol") } }] });
            expect(findingsOf(policy, unknown)).to.deep.equal([]);
        });
    });

    describe("ELB.4", () => {
        const policy = "elb-4-drop-invalid-header-fields";

        it("passes an ALB that drops invalid header fields", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
        });

        it("reports an ALB that keeps them, and one that leaves AWS's default", () => {
            for (const value of [false, undefined]) {
                const finding = onlyFinding(policy, changed(plannedStack(), "web-alb", { dropInvalidHeaderFields: value }));
                expect(finding).to.include({ source: "AWS Security Hub ELB.4", urn: plannedStack()[0].urn });
                expect(finding.message).to.contain("ALB web-alb").and.contain("set dropInvalidHeaderFields: true");
            }
        });

        it("judges only ALBs, and only known values", () => {
            expect(findingsOf(policy, changed(plannedStack(), "web-alb", { loadBalancerType: "network", dropInvalidHeaderFields: false }))).to.deep.equal([]);
            expect(findingsOf(policy, changed(plannedStack(), "web-alb", { dropInvalidHeaderFields: ref("settings", "drop") }))).to.deep.equal([]);
        });
    });

    describe("ELB.5", () => {
        const policy = "elb-5-access-logs-enabled";

        it("passes an ALB that logs to a bucket, even one not created yet", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
            expect(findingsOf(policy, changed(plannedStack(), "web-alb", { accessLogs: { enabled: true, bucket: ref("logs", "bucket") } }))).to.deep.equal([]);
        });

        it("reports an ALB without access logs, or with logs but no bucket", () => {
            for (const accessLogs of [undefined, { enabled: false, bucket: "web-alb-logs" }, { enabled: true, bucket: "" }]) {
                const finding = onlyFinding(policy, changed(plannedStack(), "web-alb", { accessLogs }));
                expect(finding.message).to.contain("ALB web-alb does not write access logs").and.contain("accessLogs: { enabled: true, bucket:");
            }
        });
    });

    describe("ELB.6", () => {
        const policy = "elb-6-deletion-protection";
        const unprotected = changed(plannedStack(), "web-alb", { enableDeletionProtection: false });

        it("passes a protected load balancer", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
        });

        it("reports an unprotected one and says how to relax the rule", () => {
            const finding = onlyFinding(policy, unprotected);
            expect(finding.message).to.contain("set enableDeletionProtection: true").and.contain('"requireDeletionProtection": false');
            expect(onlyFinding(policy, changed(plannedStack(), "web-alb", { enableDeletionProtection: undefined })).message).to.contain("not set");
        });

        it("lets non-production stacks turn it off", () => {
            expect(findingsOf(policy, unprotected, { requireDeletionProtection: false })).to.deep.equal([]);
            expect(findingsOf(policy, unprotected, { requireDeletionProtection: true })).to.have.length(1);
        });
    });

    describe("ELB.12", () => {
        const policy = "elb-12-desync-mitigation-mode";

        it("passes defensive, strictest, and AWS's default (defensive)", () => {
            for (const mode of ["defensive", "strictest", undefined]) {
                expect(findingsOf(policy, changed(plannedStack(), "web-alb", { desyncMitigationMode: mode }))).to.deep.equal([]);
            }
        });

        it("reports monitor mode", () => {
            const finding = onlyFinding(policy, changed(plannedStack(), "web-alb", { desyncMitigationMode: "monitor" }));
            expect(finding.message).to.contain('desyncMitigationMode "monitor"').and.contain('"defensive" or "strictest"');
        });
    });

    describe("ELB.13", () => {
        const policy = "elb-13-multiple-availability-zones";

        it("passes two subnets, given as ids, references or subnet mappings", () => {
            const variants = [
                { subnets: [ref("vpc", "publicSubnetIds[0]"), ref("vpc", "publicSubnetIds[1]")] },
                { subnets: undefined, subnetMappings: [{ subnetId: "subnet-0a" }, { subnetId: "subnet-0b" }] },
            ];
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
            for (const variant of variants) {
                expect(findingsOf(policy, changed(plannedStack(), "web-alb", variant))).to.deep.equal([]);
            }
        });

        it("reports one subnet, the same subnet twice, and a single unknown subnet", () => {
            for (const subnets of [["subnet-0a"], ["subnet-0a", "subnet-0a"], [ref("vpc", "publicSubnetIds[0]")]]) {
                const finding = onlyFinding(policy, changed(plannedStack(), "web-alb", { subnets }));
                expect(finding.message).to.contain("web-alb is in 1 subnet(s)").and.contain("at least 2 Availability Zones");
            }
        });
    });

    describe("ELB.17", () => {
        const policy = "elb-17-tls13-policy";

        it("passes an HTTPS listener with a TLS 1.3 policy, and ignores plain HTTP", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
        });

        it("reports a legacy policy and a missing one", () => {
            const legacy = onlyFinding(policy, changed(plannedStack(), "web-alb-https", { sslPolicy: "ELBSecurityPolicy-2016-08" }));
            expect(legacy.message).to.contain('HTTPS listener web-alb-https has sslPolicy "ELBSecurityPolicy-2016-08"').and.contain("TLS 1.3 policy");
            const missing = onlyFinding(policy, changed(plannedStack(), "web-alb-https", { sslPolicy: undefined }));
            expect(missing.message).to.contain("no sslPolicy").and.contain("weak ELBSecurityPolicy-2016-08");
        });

        it("judges TLS listeners of network load balancers too", () => {
            const tls = resource(types.listener, "nlb-tls", { protocol: "TLS", sslPolicy: "ELBSecurityPolicy-TLS-1-2-2017-01" });
            expect(onlyFinding(policy, [tls]).urn).to.equal(tls.urn);
        });
    });
});

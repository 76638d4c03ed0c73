import { expect } from "chai";
import { changed, computed, deployedStack, findingsOf, hostedZoneId, onlyFinding, plannedStack, ref, resource, types } from "./fixtures";

describe("policy", () => {
    describe("alias hosted zones", () => {
        const policy = "alias-canonical-zone";
        const aliasTo = (name: unknown, zoneId: unknown) => ({ aliases: [{ name, zoneId, evaluateTargetHealth: true }] });

        it("passes aliases with the ALB's and the accelerator's canonical zones, by reference or by real value", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
            expect(findingsOf(policy, deployedStack())).to.deep.equal([]);
        });

        it("reports an ALB alias that carries the record's own zone, by reference or by real value", () => {
            const ownZone = changed(plannedStack(), "web-failover", aliasTo(ref("web-alb", "dnsName"), hostedZoneId));
            for (const stack of [ownZone, deployedStack(ownZone)]) {
                const finding = onlyFinding(policy, stack);
                expect(finding.message).to.contain("points at load balancer web-alb").and.contain("(the record's own hosted zone)")
                    .and.contain("(ZWKZPGTI48KDX)");
            }
        });

        it("reports the record's zone even while both are references to one lookup", () => {
            const zone = ref("getZone(example.com)", "zoneId");
            const stack = changed(plannedStack(), "web-failover", { zoneId: zone, ...aliasTo(ref("web-alb", "dnsName"), zone) });
            expect(onlyFinding(policy, stack).message).to.contain("the record's own hosted zone");
        });

        it("knows an ALB's canonical zone from its region while the zone id itself is a reference", () => {
            const tokyoZone = changed(plannedStack(), "web-failover", aliasTo(ref("web-alb", "dnsName"), "Z14GRHDCWA56QT"));
            expect(onlyFinding(policy, tokyoZone).message).to.contain('zoneId "Z14GRHDCWA56QT"').and.contain("(ZWKZPGTI48KDX)");
        });

        it("reports an accelerator alias without Z2BJ6XQ5FK7U4H, also for an accelerator outside the stack", () => {
            const inStack = changed(plannedStack(), "web-global", aliasTo(ref("web-accelerator", "dnsName"), "ZWKZPGTI48KDX"));
            expect(onlyFinding(policy, inStack).message).to.contain("points at accelerator web-accelerator").and.contain("(Z2BJ6XQ5FK7U4H)");
            const outside = changed(plannedStack(), "web-global", aliasTo("a9999999999999999.awsglobalaccelerator.com", hostedZoneId));
            expect(onlyFinding(policy, outside).message).to.contain("accelerator a9999999999999999.awsglobalaccelerator.com");
        });

        it("reads the region of an ALB outside the stack from its DNS name", () => {
            const seoulAlb = computed[ref("web-alb", "dnsName")];
            const stack = changed(plannedStack(), "web-failover", aliasTo(seoulAlb, "Z14GRHDCWA56QT"));
            expect(onlyFinding(policy, stack.filter((item) => item.name !== "web-alb")).message).to.contain("(ZWKZPGTI48KDX)");
        });

        it("leaves aliases to other records in the same zone alone", () => {
            const stack = changed(plannedStack(), "web-global", aliasTo("app.example.com", hostedZoneId));
            expect(findingsOf(policy, stack)).to.deep.equal([]);
        });
    });

    describe("set identifiers", () => {
        const policy = "routing-record-set-identifier";

        it("passes routing records with a set identifier and simple records without one", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
        });

        it("reports failover, weighted and latency records without one", () => {
            const policies = [
                { failoverRoutingPolicies: [{ type: "PRIMARY" }] },
                { failoverRoutingPolicies: undefined, weightedRoutingPolicies: [{ weight: 50 }] },
                { failoverRoutingPolicies: undefined, latencyRoutingPolicies: [{ region: "ap-northeast-2" }] },
            ];
            for (const routing of policies) {
                const finding = onlyFinding(policy, changed(plannedStack(), "web-failover", { ...routing, setIdentifier: undefined }));
                expect(finding.message).to.contain("Record web-failover has a routing policy but no setIdentifier");
            }
        });
    });

    describe("failover target health", () => {
        const policy = "failover-alias-evaluates-target-health";

        it("passes failover aliases that evaluate target health", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
        });

        it("reports a failover alias that does not, and leaves other records alone", () => {
            const alias = { name: ref("web-alb", "dnsName"), zoneId: ref("web-alb", "zoneId"), evaluateTargetHealth: false };
            const finding = onlyFinding(policy, changed(plannedStack(), "web-failover", { aliases: [alias] }));
            expect(finding.message).to.contain("aliases[0].evaluateTargetHealth false: set it to true");
            expect(findingsOf(policy, changed(plannedStack(), "web-global", { aliases: [alias] }))).to.deep.equal([]);
        });
    });

    describe("health check regions", () => {
        const policy = "health-check-checker-regions";

        it("passes three checker regions, and none (every region)", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
            expect(findingsOf(policy, changed(plannedStack(), "web-health", { regions: undefined }))).to.deep.equal([]);
        });

        it("reports fewer than three regions and regions without checkers", () => {
            const few = onlyFinding(policy, changed(plannedStack(), "web-health", { regions: ["us-east-1", "us-west-2"] }));
            expect(few.message).to.contain('regions ["us-east-1","us-west-2"]').and.contain("use at least 3 of");
            const seoul = onlyFinding(policy, changed(plannedStack(), "web-health", { regions: ["ap-northeast-1", "ap-northeast-2", "ap-southeast-1"] }));
            expect(seoul.message).to.contain('["ap-northeast-2"] are not checker regions');
        });

        it("ignores calculated checks, which have no checkers", () => {
            const calculated = resource(types.healthCheck, "all-regions", { type: "CALCULATED", regions: ["us-east-1"] });
            expect(findingsOf(policy, [calculated])).to.deep.equal([]);
        });
    });

    describe("disabled health checks", () => {
        const policy = "health-check-not-disabled";

        it("passes enabled and inverted checks", () => {
            expect(findingsOf(policy, changed(plannedStack(), "web-health", { invertHealthcheck: true }))).to.deep.equal([]);
        });

        it("reports a disabled check and points to inverting instead", () => {
            const finding = onlyFinding(policy, changed(plannedStack(), "web-health", { disabled: true }));
            expect(finding.message).to.contain("counts a disabled check as healthy").and.contain("invertHealthcheck: true");
        });
    });

    describe("HTTPS health checks and TLS 1.3-only listeners", () => {
        const policy = "https-health-check-tls-version";
        const tls13Only = (stack = plannedStack()) => changed(stack, "web-alb-https", { sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" });

        it("reports an HTTPS check of a listener that offers TLS 1.3 alone, by reference or by real value", () => {
            for (const stack of [tls13Only(), deployedStack(tls13Only())]) {
                expect(onlyFinding(policy, stack).message).to.contain("HTTPS health check web-health checks listener web-alb-https on port 443")
                    .and.contain("TLSv1.0, TLSv1.1, TLSv1.2").and.match(/Use a policy that also offers TLS 1\.2 \(e\.g\. ELBSecurityPolicy-TLS13-1-2-Res-2021-06; stack config app:alb\.sslPolicy\)\.$/);
            }
        });

        it("finds the listener's ALB by a reference to its id as well as its ARN (the same value for an ELB resource)", () => {
            expect(findingsOf(policy, changed(tls13Only(), "web-alb-https", { loadBalancerArn: ref("web-alb", "id") }))).to.have.length(1);
        });

        it("reports an HTTPS_STR_MATCH check too, and never an HTTP check of the same port", () => {
            expect(onlyFinding(policy, changed(tls13Only(), "web-health", { type: "HTTPS_STR_MATCH", searchString: "ok" })).message).to.contain("HTTPS health check web-health checks listener web-alb-https on port 443");
            expect(findingsOf(policy, changed(tls13Only(), "web-health", { type: "HTTP", port: 443 }))).to.deep.equal([]);
        });

        it("passes a TLS 1.2-capable policy, an HTTP check, and a check of another port", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
            expect(findingsOf(policy, changed(tls13Only(), "web-health", { type: "HTTP", port: 80 }))).to.deep.equal([]);
            expect(findingsOf(policy, changed(tls13Only(), "web-health", { port: 8443 }))).to.deep.equal([]);
        });
    });
});

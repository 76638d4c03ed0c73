import { expect } from "chai";
import { changed, deployedStack, findingsOf, onlyFinding, plannedStack, ref, resource, types } from "./fixtures";

describe("policy", () => {
    describe("certificates in the listener's region", () => {
        const policy = "elb-certificate-in-listener-region";

        it("refuses an HTTPS listener whose certificate is in another region", () => {
            const stack = changed(plannedStack(), "web-alb-https", { certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/0f3c1a9e" });
            const finding = onlyFinding(policy, stack);
            expect(finding).to.include({ enforcementLevel: "mandatory", urn: stack.find((item) => item.name === "web-alb-https")?.urn });
            expect(finding.message).to.contain("from us-east-1, but its load balancer is in ap-northeast-2").and.contain("app:alb.certificateArn");
        });

        it("refuses an SNI certificate from another region", () => {
            const sni = resource("aws:lb/listenerCertificate:ListenerCertificate", "web-alb-sni", {
                listenerArn: ref("web-alb-https", "arn"), certificateArn: "arn:aws:acm:ap-northeast-1:111122223333:certificate/7b8c",
            });
            expect(onlyFinding(policy, [...plannedStack(), sni]).urn).to.equal(sni.urn);
        });

        it("passes certificates of the listener's region, and values not known yet", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
            expect(findingsOf(policy, deployedStack())).to.deep.equal([]);
            const later = changed(plannedStack(), "web-alb-https", { certificateArn: ref("certificate", "arn") });
            expect(findingsOf(policy, later)).to.deep.equal([]);
            expect(types.listener).to.equal("aws:lb/listener:Listener");
        });
    });
});

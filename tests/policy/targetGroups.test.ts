import { expect } from "chai";
import { changed, deployedStack, findingsOf, onlyFinding, plannedStack, ref, resource, types } from "./fixtures";

describe("policy", () => {
    describe("target group health checks", () => {
        const policy = "target-group-health-check-enabled";

        it("passes a health check enabled explicitly", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
        });

        it("reports a missing health check and one not enabled explicitly", () => {
            for (const healthCheck of [undefined, { path: "/health" }, { enabled: false, path: "/health" }]) {
                const finding = onlyFinding(policy, changed(plannedStack(), "web-tg", { healthCheck }));
                expect(finding.message).to.contain("Target group web-tg has healthCheck.enabled").and.contain("healthCheck: { enabled: true");
            }
        });
    });

    describe("target group names", () => {
        const policy = "target-group-auto-named";

        it("passes auto-naming (no name, or the name Pulumi generated) and a namePrefix", () => {
            for (const naming of [{}, { name: "web-tg-1a2b3c4" }, { namePrefix: "web-" }]) {
                expect(findingsOf(policy, changed(plannedStack(), "web-tg", naming))).to.deep.equal([]);
            }
        });

        it("reports a fixed name and explains the replacement it blocks", () => {
            const finding = onlyFinding(policy, changed(plannedStack(), "web-tg", { name: "web" }));
            expect(finding.message).to.contain('fixed name "web"').and.contain("namePrefix").and.contain("ResourceInUse");
        });
    });

    describe("target groups behind listeners", () => {
        const policy = "target-group-has-targets";
        const withoutFleet = () => plannedStack().filter((item) => item.name !== "web-fleet");

        it("passes a group the Auto Scaling group registers in, by reference or by real ARN", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
            expect(findingsOf(policy, deployedStack())).to.deep.equal([]);
        });

        it("passes a group with an explicit attachment", () => {
            const attachment = resource(types.targetGroupAttachment, "web-target", { targetGroupArn: ref("web-tg", "arn"), targetId: "i-0123456789abcdef0" });
            expect(findingsOf(policy, [...withoutFleet(), attachment])).to.deep.equal([]);
        });

        it("refuses a routed group nothing registers targets in, by reference or by real ARN", () => {
            for (const stack of [withoutFleet(), deployedStack(withoutFleet())]) {
                const finding = onlyFinding(policy, stack);
                expect(finding).to.include({ enforcementLevel: "mandatory", urn: stack.find((item) => item.name === "web-tg")?.urn });
                expect(finding.message).to.contain("web-tg receives requests from web-alb-https").and.contain("whole ALB as unhealthy");
            }
        });

        it("sees groups in weighted forwards of listener rules", () => {
            const spare = resource(types.targetGroup, "spare-tg", { healthCheck: { enabled: true } });
            const rule = resource(types.listenerRule, "web-rule-beta", {
                listenerArn: ref("web-alb-https", "arn"), priority: 10,
                actions: [{ type: "forward", forward: { targetGroups: [{ arn: ref("web-tg", "arn"), weight: 90 }, { arn: ref("spare-tg", "arn"), weight: 10 }] } }],
            });
            const finding = onlyFinding(policy, [...plannedStack(), spare, rule]);
            expect(finding.urn).to.equal(spare.urn);
            expect(finding.message).to.contain("spare-tg receives requests from web-rule-beta");
        });

        it("ignores groups no listener routes to", () => {
            const idle = resource(types.targetGroup, "idle-tg", { healthCheck: { enabled: true } });
            expect(findingsOf(policy, [...plannedStack(), idle])).to.deep.equal([]);
        });
    });
});

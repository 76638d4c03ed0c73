import { expect } from "chai";
import { changed, deployedStack, findingsOf, guardedAlb, onlyFinding, plannedStack, ref, resource, types } from "./fixtures";

describe("policy", () => {
    describe("endpoint group region", () => {
        const explicit = "endpoint-group-region-explicit";
        const matches = "endpoint-group-region-matches-endpoint";

        it("passes a group in its ALB's region, by reference or by real ARN", () => {
            for (const stack of [plannedStack(), deployedStack()]) {
                expect(findingsOf(explicit, stack)).to.deep.equal([]);
                expect(findingsOf(matches, stack)).to.deep.equal([]);
            }
        });

        it("reports a group that leaves its region to the provider (us-west-2)", () => {
            const stack = changed(plannedStack(), "web-endpoints", { endpointGroupRegion: undefined });
            expect(onlyFinding(explicit, stack).message).to.contain("does not set endpointGroupRegion, so it takes the provider's region (us-west-2)");
            expect(onlyFinding(matches, stack).message).to.contain("is a load balancer in ap-northeast-2 but the group is in us-west-2")
                .and.contain('set endpointGroupRegion: "ap-northeast-2"');
        });

        it("reports a group in another region than its ALB, by reference or by real ARN", () => {
            const wrong = changed(plannedStack(), "web-endpoints", { endpointGroupRegion: "ap-northeast-1" });
            for (const stack of [wrong, deployedStack(wrong)]) {
                expect(onlyFinding(matches, stack).message).to.contain("in ap-northeast-2 but the group is in ap-northeast-1");
            }
        });

        it("reads the region of an ALB in another stack from its ARN, and leaves unknown endpoints alone", () => {
            const tokyoArn = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/tokyo-alb/0123456789abcdef";
            const group = (endpointId: string) => resource(types.endpointGroup, "tokyo-endpoints", {
                endpointGroupRegion: "ap-northeast-2", endpointConfigurations: [{ endpointId, clientIpPreservationEnabled: true }],
            }, "us-west-2");
            expect(onlyFinding(matches, [group(tokyoArn)]).message).to.contain("in ap-northeast-1 but the group is in ap-northeast-2");
            expect(findingsOf(matches, [group(ref("tokyo-alb", "arn"))])).to.deep.equal([]);
        });
    });

    describe("client IP preservation", () => {
        const policy = "endpoint-client-ip-preservation-explicit";

        it("passes endpoints that set it either way", () => {
            for (const value of [true, false]) {
                const stack = changed(plannedStack(), "web-endpoints", { endpointConfigurations: [{ endpointId: ref("web-alb", "arn"), clientIpPreservationEnabled: value }] });
                expect(findingsOf(policy, stack)).to.deep.equal([]);
            }
        });

        it("reports an endpoint that leaves it to a default", () => {
            const stack = changed(plannedStack(), "web-endpoints", { endpointConfigurations: [{ endpointId: ref("web-alb", "arn"), weight: 128 }] });
            const finding = onlyFinding(policy, stack);
            expect(finding.message).to.contain("Endpoint 0 (\"${web-alb.arn}\") of endpoint group web-endpoints does not set clientIpPreservationEnabled");
        });
    });

    describe("endpoint group in a region the accelerator serves", () => {
        const policy = "endpoint-group-region-served";

        it("passes a group in Seoul, and one whose region is not known yet", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
            expect(findingsOf(policy, changed(plannedStack(), "web-endpoints", { endpointGroupRegion: ref("somewhere", "region") }))).to.deep.equal([]);
        });

        it("reports a group in Taipei, where Global Accelerator has no endpoints", () => {
            const stack = changed(plannedStack(), "web-endpoints", { endpointGroupRegion: "ap-east-2" });
            expect(onlyFinding(policy, stack).message).to.contain("is in ap-east-2, where Global Accelerator cannot have endpoints (it serves 30 regions)");
        });

        it("takes the provider's region for a group that leaves endpointGroupRegion unset or empty", () => {
            for (const endpointGroupRegion of [undefined, ""]) {
                const group = resource(types.endpointGroup, "taipei-endpoints", { endpointGroupRegion, endpointConfigurations: [] }, "ap-east-2");
                expect(onlyFinding(policy, [group]).message, String(endpointGroupRegion)).to.contain("is in ap-east-2, where Global Accelerator cannot have endpoints");
                expect(findingsOf(policy, [{ ...group, region: "ap-northeast-2" }]), String(endpointGroupRegion)).to.deep.equal([]);
            }
        });
    });

    describe("accelerator traffic and the ALB's security group", () => {
        const policy = "accelerator-traffic-admitted";
        it("reports listed clients behind an endpoint without client IP preservation", () => {
            const finding = onlyFinding(policy, guardedAlb(["203.0.113.0/24"], false));
            expect(finding.message).to.contain("is load balancer web-alb with clientIpPreservationEnabled false, but its security groups admit listed clients only")
                .and.contain("app:globalAccelerator.clientIpPreservation").and.match(/, or admit 0\.0\.0\.0\/0\.$/);
        });

        it("counts only the rules of the ALB's own group: another group's 0.0.0.0/0 admits no one here", () => {
            const stack = [
                ...guardedAlb(["203.0.113.0/24"], false),
                resource(types.securityGroup, "other-sg", { vpcId: "vpc-0a1b2c3d4e5f60718" }),
                resource(types.securityGroupIngressRule, "other-sg-in", { securityGroupId: ref("other-sg", "id"), ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }),
            ];
            expect(findingsOf(policy, stack)).to.have.length(1);
        });

        it("says nothing while a source is not known yet (a rule's CIDR, or the group's inline rules), or when the ALB lists no security group", () => {
            expect(findingsOf(policy, guardedAlb(["203.0.113.0/24", ref("clients", "cidr")], false)), "one rule's CIDR unknown").to.deep.equal([]);
            expect(findingsOf(policy, changed(guardedAlb(["203.0.113.0/24"], false), "web-alb-sg", { ingress: ref("rules", "list") })), "inline rules unknown").to.deep.equal([]);
            expect(findingsOf(policy, guardedAlb([], false, { securityGroups: [] })), "no group named").to.deep.equal([]);
        });

        it("passes with preservation on, with 0.0.0.0/0 admitted, with an internal ALB, and when the group is not in the stack", () => {
            expect(findingsOf(policy, guardedAlb(["203.0.113.0/24"], true))).to.deep.equal([]);
            expect(findingsOf(policy, guardedAlb(["203.0.113.0/24", "0.0.0.0/0"], false))).to.deep.equal([]);
            expect(findingsOf(policy, guardedAlb(["203.0.113.0/24"], false, { internal: true }))).to.deep.equal([]);
            expect(findingsOf(policy, guardedAlb(["203.0.113.0/24"], false, { securityGroups: ["sg-0123456789abcdef0"] }))).to.deep.equal([]);
        });

        it("reads inline ingress rules of the group too", () => {
            const inline = (cidrBlocks: string[]) => changed(guardedAlb([], false), "web-alb-sg", { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks }] });
            expect(findingsOf(policy, inline(["10.0.0.0/8"]))).to.have.length(1);
            expect(findingsOf(policy, inline(["0.0.0.0/0"]))).to.deep.equal([]);
        });
    });
});

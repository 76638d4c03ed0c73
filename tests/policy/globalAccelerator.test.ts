import { expect } from "chai";
import { changed, deployedStack, findingsOf, onlyFinding, plannedStack, ref, resource, types } from "./fixtures";

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
});

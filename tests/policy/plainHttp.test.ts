import { expect } from "chai";
import { changed, deployedStack, findingsOf, onlyFinding, plannedStack, ref } from "./fixtures";

/** An ALB with only its HTTP listener, which forwards: what a stack without a certificate builds. */
function httpOnly() {
    const stack = plannedStack().filter((item) => item.name !== "web-alb-https");
    return changed(stack, "web-alb-http", { defaultActions: [{ type: "forward", targetGroupArn: ref("web-tg", "arn") }] });
}

describe("policy", () => {
    describe("ELB.1 on an HTTP-only ALB", () => {
        const policy = "elb-1-plain-http-alb";

        it("advises, naming the key to set, by reference and by real ARN", () => {
            for (const stack of [httpOnly(), deployedStack(httpOnly())]) {
                const finding = onlyFinding(policy, stack);
                expect(finding).to.include({ enforcementLevel: "advisory", urn: stack.find((item) => item.name === "web-alb-http")?.urn });
                expect(finding.message).to.contain("Security Hub ELB.1 fails it").and.contain("app:alb.certificateArn");
            }
        });

        it("passes an ALB with HTTPS, whose HTTP listener redirects", () => {
            expect(findingsOf(policy, plannedStack())).to.deep.equal([]);
            expect(findingsOf(policy, deployedStack())).to.deep.equal([]);
        });

        it("passes an HTTP-only listener that redirects to HTTPS elsewhere", () => {
            const redirecting = changed(httpOnly(), "web-alb-http", { defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] });
            expect(findingsOf(policy, redirecting)).to.deep.equal([]);
        });
    });
});

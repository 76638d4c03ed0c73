/**
 * The fault lever on its own, against the fake account's Elastic Load Balancing (fakes.ts): the
 * listener rule it adds and the one it deletes, what it refuses before changing anything, and a
 * restore from a state file that never learned the rule's ARN.
 */
import { expect } from "chai";
import { faultRule } from "../../domain/faultRule";
import { parseStackOutputs } from "../../drill/clients/outputs";
import { FaultLever } from "../../drill/levers/faultLever";
import { fakeDrill, ids } from "./fakes";
import { failureOf } from "../thrown";

describe("fault lever", () => {
    let drill: ReturnType<typeof fakeDrill>;
    afterEach(() => drill.restore());

    function seoul(outputs: Record<string, unknown> = {}) {
        drill = fakeDrill({}, { alarms: true });
        return parseStackOutputs("seoul", { ...drill.world.outputs("seoul", false), ...outputs });
    }

    it("goes on the HTTPS listener when there is one (HTTP only redirects), else on HTTP", () => {
        const both = seoul();
        expect(new FaultLever(drill.world.aws, drill.clock, both).savedState()).to.deep.equal({ listenerArn: ids.seoul.listenerArn, ruleArn: null });
        drill.restore();
        const httpOnly = seoul({ listenerArns: { http: "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:listener/app/seoul-alb/1/80" } });
        expect(new FaultLever(drill.world.aws, drill.clock, httpOnly).savedState()).to.include({ listenerArn: "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:listener/app/seoul-alb/1/80" });
    });

    it("adds one rule at the reserved priority that answers 503 on every path, effective for Route 53 and the accelerator alike, and deletes only it", async () => {
        const target = seoul();
        const lever = new FaultLever(drill.world.aws, drill.clock, target);
        expect(await lever.preflight()).to.deep.equal([{
            id: "fault-lever:listener", description: "priority 1 of ap-northeast-2's serving listener is free for the fault rule", ok: true, detail: "free", onFailure: "refuse-always",
        }]);
        const timing = await lever.apply();
        expect(timing.effectiveAtMs).to.deep.equal({ route53: timing.finishedAtMs, globalAccelerator: timing.finishedAtMs });
        expect(drill.world.rules.seoul).to.have.length(1);
        expect(drill.world.rules.seoul[0]).to.deep.include({
            Priority: "1", Conditions: [{ Field: "path-pattern", PathPatternConfig: { Values: ["*"] } }],
            Actions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "503", ContentType: "text/plain", MessageBody: faultRule.messageBody } }],
        });
        expect(drill.world.elbv2Calls.find((call) => call.command === "CreateRule")!.input.Tags).to.deep.equal([{ Key: "app:drill-fault", Value: "seoul" }]);
        expect(lever.savedState()).to.deep.equal({ listenerArn: ids.seoul.listenerArn, ruleArn: drill.world.rules.seoul[0].RuleArn });
        expect(drill.world.faultedAt("seoul", drill.clock.now())).to.equal(true);
        expect(await lever.verifyRestored()).to.deep.include({ ok: false });

        drill.world.rules.seoul.push({ RuleArn: "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:listener-rule/app/seoul-alb/x/y/theirs", Priority: "5", Actions: [{ Type: "forward" }] });
        await lever.restore();
        expect(drill.world.rules.seoul.map((rule) => rule.Priority)).to.deep.equal(["5"]);
        expect(await lever.verifyRestored()).to.deep.equal({ ok: true, detail: `no fault rule on ${ids.seoul.listenerArn} (2 rules, default included)` });
    });

    it("refuses before any change when priority 1 is held: by someone's rule, or by an earlier drill's that was never restored", async () => {
        const target = seoul();
        drill.world.rules.seoul.push({ RuleArn: "arn:x/theirs", Priority: "1", Actions: [{ Type: "forward" }] });
        expect((await new FaultLever(drill.world.aws, drill.clock, target).preflight())[0]).to.deep.include({ ok: false, detail: "rule arn:x/theirs holds it (not the drill's)" });
        drill.world.rules.seoul[0] = { RuleArn: "arn:x/left", Priority: "1", Actions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "503", MessageBody: faultRule.messageBody } }] };
        expect((await new FaultLever(drill.world.aws, drill.clock, target).preflight())[0]).to.deep.include({
            ok: false, detail: "an earlier drill's fault rule is still there (arn:x/left): run npm run drill -- restore",
        });
        expect(drill.world.elbv2Calls.filter((call) => call.command !== "DescribeRules")).to.deep.equal([]);
    });

    it("refuses a target without a listener output, and fails without changing anything on a listener at its rule quota", async () => {
        const bare = seoul({ listenerArns: undefined });
        expect((await new FaultLever(drill.world.aws, drill.clock, bare).preflight())[0]).to.deep.include({ ok: false, detail: "stack seoul has no listenerArns output" });
        drill.world.ruleQuota = 0;
        const lever = new FaultLever(drill.world.aws, drill.clock, parseStackOutputs("seoul", drill.world.outputs("seoul", false)));
        expect((await failureOf(lever.apply()))?.message).to.equal("The maximum number of rules has been reached");
        expect(drill.world.rules.seoul).to.deep.equal([]);
        await lever.restore();
        expect((await lever.verifyRestored()).ok).to.equal(true);
    });

    it("restores from a state file written before the rule's ARN was known, by the listener and the fault's body", async () => {
        const target = seoul();
        await new FaultLever(drill.world.aws, drill.clock, target).apply();
        const resumed = FaultLever.resume(drill.world.aws, drill.clock, target, { listenerArn: ids.seoul.listenerArn, ruleArn: null });
        expect(resumed.manualRestore()).to.deep.equal([
            `aws elbv2 describe-rules --region ap-northeast-2 --listener-arn ${ids.seoul.listenerArn} --query "Rules[?Priority=='1'].RuleArn"`,
            "aws elbv2 delete-rule --region ap-northeast-2 --rule-arn <the ARN the first command printed>",
        ]);
        await resumed.restore();
        expect(drill.world.rules.seoul).to.deep.equal([]);
        expect(() => FaultLever.resume(drill.world.aws, drill.clock, target, {})).to.throw("the state file's fault lever names no listener");
    });
});

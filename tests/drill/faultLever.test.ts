/**
 * The fault lever on its own, against the fake account's Elastic Load Balancing (fakes.ts): the
 * listener rule it adds and the one it deletes, what it refuses before changing anything, and a
 * restore from a state file that never learned the rule's ARN.
 */
import { Rule } from "@aws-sdk/client-elastic-load-balancing-v2";
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
        const ruleArn = drill.world.rules.seoul[0].RuleArn;
        expect(await lever.verifyRestored()).to.deep.equal({ ok: false, detail: `fault rule ${ruleArn} still on ${ids.seoul.listenerArn} (priority 1, fixed-response 503 (the fault's body))` });

        drill.world.rules.seoul.push({ RuleArn: "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:listener-rule/app/seoul-alb/x/y/theirs", Priority: "5", Actions: [{ Type: "forward" }] });
        const restoredAt = drill.clock.now();
        expect(await lever.restore()).to.deep.equal({ startedAtMs: restoredAt, finishedAtMs: restoredAt, effectiveAtMs: { route53: restoredAt, globalAccelerator: restoredAt } });
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
        expect((await new FaultLever(drill.world.aws, drill.clock, bare).preflight())[0]).to.deep.include({ description: "the target has a serving listener", ok: false, detail: "stack seoul has no listenerArns output" });
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

    describe("what it says, and what it leaves to others", () => {
        const theirs = (priority: string, body: string = faultRule.messageBody): Rule => ({
            RuleArn: `arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:listener-rule/app/seoul-alb/x/y/p${priority}`, Priority: priority,
            Actions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "503", MessageBody: body } }],
        });

        it("names the rule, the listener and the drift in its summary, warning and plan", () => {
            const target = seoul();
            const lever = new FaultLever(drill.world.aws, drill.clock, target);
            expect(lever.summary).to.equal("add a listener rule at priority 1 answering a fixed 503 on every path to ap-northeast-2's serving listener");
            expect(lever.driftWarning).to.equal("FAULT: users of ap-northeast-2 (seoul) get HTTP 503 on every path until the drill restores, " +
                "including those Global Accelerator keeps sending there (it judges the ALB by its targets' health, which stays healthy behind the rule). " +
                "The rule is not in the stack: pulumi up leaves it alone, npm run drill -- restore removes it.");
            expect(lever.plan()).to.deep.equal([
                `DescribeRules ${ids.seoul.listenerArn} in ap-northeast-2: priority 1 must be free.`,
                "CreateRule priority 1, path-pattern *, fixed-response 503: the region fails Route 53's checks and its ALB 5xx alarm fires; its targets stay healthy.",
                "Restore: DeleteRule of the rule at priority 1 that answers with the fault's body; DescribeRules reads it back.",
            ]);
            drill.restore();
            expect(new FaultLever(drill.world.aws, drill.clock, seoul({ listenerArns: undefined })).plan()[0]).to.equal("DescribeRules (no listener) in ap-northeast-2: priority 1 must be free.");
        });

        it("reads every page of the listener's rules (DescribeRules NextMarker) to find its rule", async () => {
            const target = seoul();
            const lever = new FaultLever(drill.world.aws, drill.clock, target);
            await lever.apply();
            drill.world.rules.seoul.unshift(theirs("5", "another body"), theirs("6", "another body"));
            drill.world.rulesPageSize = 2;
            expect((await lever.assess())[0]).to.deep.include({ standing: "drill" });
            await lever.restore();
            expect(drill.world.rules.seoul.map((rule) => rule.Priority)).to.deep.equal(["5", "6"]);
            expect(await lever.verifyRestored()).to.deep.equal({ ok: true, detail: `no fault rule on ${ids.seoul.listenerArn} (3 rules, default included)` });
            expect(drill.world.elbv2Calls.filter((call) => call.command === "DescribeRules").slice(-2).map((call) => call.input.Marker)).to.deep.equal([undefined, "2"]);
        });

        it("without the rule's ARN, takes the rule at priority 1 among those answering with the fault's body, else the first of them", async () => {
            const target = seoul();
            drill.world.rules.seoul.push(theirs("7"), theirs("1"));
            const resumed = () => FaultLever.resume(drill.world.aws, drill.clock, target, { listenerArn: ids.seoul.listenerArn, ruleArn: null });
            expect((await resumed().assess())[0]).to.deep.include({ current: `priority 1, fixed-response 503 (the fault's body) (${theirs("1").RuleArn})`, standing: "drill" });
            await resumed().restore();
            expect(drill.world.rules.seoul.map((rule) => rule.Priority)).to.deep.equal(["7"]);
            // Only one rule with the fault's body is left, at priority 7: someone moved the drill's rule.
            expect((await resumed().assess())[0]).to.deep.include({
                current: `priority 7, fixed-response 503 (the fault's body) (${theirs("7").RuleArn})`, standing: "changed", note: "the drill's rule was modified since: someone may be using it",
            });
        });

        it("counts its rule as changed by someone once its status code, body or priority differ from the drill's", async () => {
            const target = seoul();
            const lever = new FaultLever(drill.world.aws, drill.clock, target);
            await lever.apply();
            const rule = drill.world.rules.seoul[0];
            rule.Actions![0].FixedResponseConfig!.StatusCode = "500";
            expect((await lever.assess())[0]).to.deep.include({ current: `priority 1, fixed-response 500 (the fault's body) (${rule.RuleArn})`, standing: "changed" });
            rule.Actions![0].FixedResponseConfig!.StatusCode = "503";
            rule.Priority = "2";
            expect((await lever.assess())[0]).to.deep.include({ current: `priority 2, fixed-response 503 (the fault's body) (${rule.RuleArn})`, standing: "changed" });
            rule.Priority = "1";
            rule.Actions![0] = { Type: "forward", TargetGroupArn: "arn:tg" };
            expect((await lever.assess())[0]).to.deep.include({ current: `priority 1, forward (${rule.RuleArn})`, standing: "changed" });
        });

        it("a lever that never applied (refused, or closed first) reads and deletes nothing: not even an earlier drill's rule", async () => {
            const target = seoul();
            drill.world.rules.seoul.push(theirs("1"));
            const lever = new FaultLever(drill.world.aws, drill.clock, target);
            expect(await lever.restore()).to.deep.equal({ startedAtMs: drill.clock.now(), finishedAtMs: drill.clock.now(), effectiveAtMs: {} });
            // Restoring closed its work: an apply after it sends nothing.
            expect((await lever.apply()).effectiveAtMs).to.deep.equal({});
            expect(await lever.assess()).to.deep.equal([]);
            expect(await lever.verifyRestored()).to.deep.equal({ ok: true, detail: "nothing was changed" });
            expect(drill.world.elbv2Calls).to.deep.equal([]);
            expect(drill.world.rules.seoul.map((rule) => rule.Priority)).to.deep.equal(["1"]);
        });

        it("restores only when asked for its key, and names the listener when it cannot read the rules", async () => {
            const target = seoul();
            const lever = new FaultLever(drill.world.aws, drill.clock, target);
            await lever.apply();
            expect((await lever.restore(new Set(["dial"]))).effectiveAtMs).to.deep.equal({});
            expect(drill.world.rules.seoul).to.have.length(1);
            const elsewhere = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:listener/app/gone/1/2";
            const lost = FaultLever.resume(drill.world.aws, drill.clock, target, { listenerArn: elsewhere, ruleArn: "arn:x" });
            expect((await failureOf(lost.restore()))?.message).to.equal(`restore failed: the fault rule may still answer 503 on ${elsewhere} (One or more listeners not found)`);
            expect(await lost.assess()).to.deep.equal([{
                key: "fault-rule", name: `fault rule on ${elsewhere}`, original: "absent", drillValue: "priority 1, fixed-response 503 (the fault's body)",
                current: "unreadable: One or more listeners not found", standing: "unreadable",
            }]);
        });
    });
});

/**
 * The fault lever (`--lever fault`): makes the region really fail what its checks watch. It adds
 * a listener rule to the region's serving listener at priority 1 (reserved for it: the
 * configuration refuses a service rule there) that answers a fixed 503 on every path. Route 53's
 * endpoint checkers get 503s, the ALB's own 5xx count climbs so the followed elb-5xx alarm fires,
 * and the drill measures each path as it really moves. Global Accelerator judges an ALB by its
 * targets' health, which stays healthy behind the rule: the accelerator keeps sending traffic to
 * the region, and the report says so.
 *
 * It records that the listener had no rule at priority 1 before adding one, and restores by
 * deleting only the drill's own rule: the one it created (by ARN), or, when the process died
 * before it learned the ARN, the rule that answers with the fault's own body (domain/faultRule.ts),
 * so it never deletes a rule someone else put there. `drill restore` finds the rule from the
 * listener ARN in the state file, and first reads where it stands (`assess`): gone (as before the
 * drill), still at priority 1 answering the fault's 503 (the drill's value: deleted), or changed
 * since by someone (another priority, body or action: left alone unless `--force`). The create
 * runs as the lever's work (LeverWork), so a restore that begins while it is in flight waits for
 * it and deletes the rule it made.
 */
import {
    CreateRuleCommand,
    DeleteRuleCommand,
    DescribeRulesCommand,
    ElasticLoadBalancingV2Client,
    Rule,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { faultRule } from "../../domain/faultRule";
import { AwsClients, Clock } from "../clients/types";
import { DeployedRegion, servingListenerArn } from "../clients/outputs";
import { PreflightCheck } from "../report/types";
import { Lever, LeverTiming, LeverValue, LeverWork, nothingChanged, RestoreVerification } from "./lever";

/** What the fault lever keeps in the state file. */
interface FaultLeverState {
    /** The listener the rule goes on. */
    readonly listenerArn: string | null;
    /** The rule's ARN, once it was created. */
    readonly ruleArn: string | null;
}

/** The key of the fault rule, as `assess` and `restore` name it. */
export const faultRuleValueKey = "fault-rule";

/** True for a rule whose one action answers with the fault's body, at whatever priority. */
function answersWithFaultBody(rule: Rule): boolean {
    const action = rule.Actions?.[0];
    return action?.Type === "fixed-response" && action.FixedResponseConfig?.MessageBody === faultRule.messageBody;
}

/** True for the fault lever's own rule as the drill set it: priority 1, a fixed response with the fault's body. */
export function isFaultRule(rule: Rule): boolean {
    return rule.Priority === String(faultRule.priority) && answersWithFaultBody(rule) && rule.Actions?.[0]?.FixedResponseConfig?.StatusCode === faultRule.statusCode;
}

/** A rule, for people: `priority 1, fixed-response 503 (the fault's body)`. */
function describeRule(rule: Rule): string {
    const action = rule.Actions?.[0];
    const answer = action?.Type === "fixed-response"
        ? `fixed-response ${action.FixedResponseConfig?.StatusCode ?? "?"}${answersWithFaultBody(rule) ? " (the fault's body)" : " (another body)"}`
        : action?.Type ?? "no action";
    return `priority ${rule.Priority ?? "?"}, ${answer}`;
}

/** {@link Lever} through the Elastic Load Balancing API in the target's region. */
export class FaultLever implements Lever {
    readonly kind = "fault";
    readonly summary: string;
    readonly driftWarning: string;
    private readonly listenerArn: string | undefined;
    private ruleArn: string | undefined;
    private attempted = false;
    private readonly work = new LeverWork();

    constructor(private readonly aws: AwsClients, private readonly clock: Clock, private readonly target: DeployedRegion, listenerArn = servingListenerArn(target)) {
        this.listenerArn = listenerArn;
        this.summary = `add a listener rule at priority ${faultRule.priority} answering a fixed ${faultRule.statusCode} on every path to ${target.region}'s serving listener`;
        this.driftWarning = `FAULT: users of ${target.region} (${target.stack}) get HTTP ${faultRule.statusCode} on every path until the drill restores, ` +
            "including those Global Accelerator keeps sending there (it judges the ALB by its targets' health, which stays healthy behind the rule). " +
            `The rule is not in the stack: pulumi up leaves it alone, npm run drill -- restore removes it.`;
    }

    /** A lever rebuilt from a state file, for `drill restore`: it deletes the fault rule if it is still on the listener. */
    static resume(aws: AwsClients, clock: Clock, target: DeployedRegion, saved: Readonly<Record<string, unknown>>): FaultLever {
        const state = saved as Partial<FaultLeverState>;
        if (typeof state.listenerArn !== "string") {
            throw new Error("the state file's fault lever names no listener");
        }
        const lever = new FaultLever(aws, clock, target, state.listenerArn);
        lever.ruleArn = state.ruleArn ?? undefined;
        lever.attempted = true;
        return lever;
    }

    private client(): ElasticLoadBalancingV2Client {
        if (this.aws.elbv2 === undefined) {
            throw new Error("the fault lever needs an Elastic Load Balancing client");
        }
        return this.aws.elbv2(this.target.region);
    }

    private get listener(): string {
        if (this.listenerArn === undefined) {
            throw new Error(`stack ${this.target.stack} has no listenerArns output: deploy it before a drill`);
        }
        return this.listenerArn;
    }

    /** Every rule of the listener (DescribeRules pages by Marker). */
    private async rules(): Promise<Rule[]> {
        const rules: Rule[] = [];
        let marker: string | undefined;
        do {
            const page = await this.client().send(new DescribeRulesCommand({ ListenerArn: this.listener, Marker: marker }));
            rules.push(...(page.Rules ?? []));
            marker = page.NextMarker;
        } while (marker !== undefined);
        return rules;
    }

    plan(): string[] {
        return [
            `DescribeRules ${this.listenerArn ?? "(no listener)"} in ${this.target.region}: priority ${faultRule.priority} must be free.`,
            `CreateRule priority ${faultRule.priority}, path-pattern ${faultRule.pathPattern}, fixed-response ${faultRule.statusCode}: the region fails Route 53's checks and its ALB 5xx alarm fires; its targets stay healthy.`,
            `Restore: DeleteRule of the rule at priority ${faultRule.priority} that answers with the fault's body; DescribeRules reads it back.`,
        ];
    }

    async preflight(): Promise<PreflightCheck[]> {
        const id = "fault-lever:listener";
        if (this.listenerArn === undefined) {
            return [{ id, description: "the target has a serving listener", ok: false, detail: `stack ${this.target.stack} has no listenerArns output`, onFailure: "refuse-always" }];
        }
        const taken = (await this.rules()).find((rule) => rule.Priority === String(faultRule.priority));
        return [{
            id, description: `priority ${faultRule.priority} of ${this.target.region}'s serving listener is free for the fault rule`, ok: taken === undefined,
            detail: taken === undefined ? "free"
                : isFaultRule(taken) ? `an earlier drill's fault rule is still there (${taken.RuleArn}): run npm run drill -- restore`
                    : `rule ${taken.RuleArn} holds it (not the drill's)`,
            onFailure: "refuse-always",
        }];
    }

    async prepare(): Promise<void> {
        // Nothing to read: the original is "no rule at priority 1", which preflight checked.
    }

    savedState(): Record<string, unknown> {
        const state: FaultLeverState = { listenerArn: this.listenerArn ?? null, ruleArn: this.ruleArn ?? null };
        return { ...state };
    }

    async apply(): Promise<LeverTiming> {
        const listener = this.listener;
        const startedAtMs = this.clock.now();
        let effectiveAtMs: number | undefined;
        await this.work.run(async () => {
            this.attempted = true;
            const created = await this.client().send(new CreateRuleCommand({
                ListenerArn: listener,
                Priority: faultRule.priority,
                Conditions: [{ Field: "path-pattern", PathPatternConfig: { Values: [faultRule.pathPattern] } }],
                Actions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: faultRule.statusCode, ContentType: faultRule.contentType, MessageBody: faultRule.messageBody } }],
                Tags: [{ Key: faultRule.tagKey, Value: this.target.stack }],
            }));
            this.ruleArn = created.Rules?.[0]?.RuleArn;
            // Every request the ALB answers from now on gets the 503: Route 53's checkers and the accelerator's users alike.
            effectiveAtMs = this.clock.now();
        });
        const finishedAtMs = this.clock.now();
        return { startedAtMs, finishedAtMs, effectiveAtMs: effectiveAtMs === undefined ? {} : { route53: effectiveAtMs, globalAccelerator: effectiveAtMs } };
    }

    /** The drill's own rule on the listener now: by its ARN, else (a state written before the ARN was known) by the fault's body, priority 1 first. */
    private drillRule(rules: readonly Rule[]): Rule | undefined {
        if (this.ruleArn !== undefined) {
            return rules.find((rule) => rule.RuleArn === this.ruleArn);
        }
        const candidates = rules.filter(answersWithFaultBody);
        return candidates.find((rule) => rule.Priority === String(faultRule.priority)) ?? candidates[0];
    }

    /**
     * Deletes the drill's rule if it is still on the listener, whatever it answers now (`drill
     * restore` decides through `assess` whether a changed one is restored). Waits first for a
     * create still in flight, so the delete lands after it.
     */
    async restore(only?: ReadonlySet<string>): Promise<LeverTiming> {
        await this.work.close();
        const startedAtMs = this.clock.now();
        if (!this.attempted || (only !== undefined && !only.has(faultRuleValueKey))) {
            return { startedAtMs, finishedAtMs: startedAtMs, effectiveAtMs: {} };
        }
        try {
            const rule = this.drillRule(await this.rules());
            if (rule !== undefined) {
                await this.client().send(new DeleteRuleCommand({ RuleArn: rule.RuleArn }));
            }
        } catch (error) {
            throw new Error(`restore failed: the fault rule may still answer ${faultRule.statusCode} on ${this.listener} (${error instanceof Error ? error.message : String(error)})`);
        }
        const effectiveAtMs = this.clock.now();
        return { startedAtMs, finishedAtMs: effectiveAtMs, effectiveAtMs: { route53: effectiveAtMs, globalAccelerator: effectiveAtMs } };
    }

    /**
     * Where the drill's rule stands: gone (`original`: the listener as before the drill), at
     * priority 1 answering the fault's 503 (`drill`), or changed since by someone (another
     * priority, status, body or action: `changed`).
     */
    async assess(): Promise<LeverValue[]> {
        if (!this.attempted) {
            return [];
        }
        const name = `fault rule on ${this.listenerArn ?? "(no listener)"}`;
        const original = "absent";
        const drillValue = `priority ${faultRule.priority}, fixed-response ${faultRule.statusCode} (the fault's body)`;
        let rules: Rule[];
        try {
            rules = await this.rules();
        } catch (error) {
            return [{ key: faultRuleValueKey, name, original, drillValue, current: `unreadable: ${error instanceof Error ? error.message : String(error)}`, standing: "unreadable" }];
        }
        const rule = this.drillRule(rules);
        if (rule === undefined) {
            return [{ key: faultRuleValueKey, name, original, drillValue, current: original, standing: "original" }];
        }
        const current = `${describeRule(rule)} (${rule.RuleArn})`;
        return isFaultRule(rule)
            ? [{ key: faultRuleValueKey, name, original, drillValue, current, standing: "drill" }]
            : [{ key: faultRuleValueKey, name, original, drillValue, current, standing: "changed", note: "the drill's rule was modified since: someone may be using it" }];
    }

    async verifyRestored(): Promise<RestoreVerification> {
        if (!this.attempted) {
            return nothingChanged;
        }
        const rules = await this.rules();
        const left = this.drillRule(rules);
        return {
            ok: left === undefined,
            detail: left === undefined ? `no fault rule on ${this.listener} (${rules.length} rules, default included)` : `fault rule ${left.RuleArn} still on ${this.listener} (${describeRule(left)})`,
        };
    }

    originals(): Record<string, string | number | boolean | null> {
        return { faultRule: null };
    }

    manualRestore(): string[] {
        const listener = this.listenerArn ?? "<serving listener ARN>";
        return [
            `aws elbv2 describe-rules --region ${this.target.region} --listener-arn ${listener} --query "Rules[?Priority=='${faultRule.priority}'].RuleArn"`,
            `aws elbv2 delete-rule --region ${this.target.region} --rule-arn ${this.ruleArn ?? "<the ARN the first command printed>"}`,
        ];
    }
}

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RuleActionSpec, RuleConditionsSpec } from "./types";

type Condition = aws.types.input.lb.ListenerRuleCondition;
type Action = aws.types.input.lb.ListenerRuleAction;

/** One provider condition per kind of match; http-header and query-string may repeat. */
export function ruleConditions(conditions: RuleConditionsSpec): Condition[] {
    const result: Condition[] = [];
    if (conditions.hostHeaders?.length) {
        result.push({ hostHeader: { values: conditions.hostHeaders } });
    }
    if (conditions.pathPatterns?.length) {
        result.push({ pathPattern: { values: conditions.pathPatterns } });
    }
    if (conditions.httpMethods?.length) {
        result.push({ httpRequestMethod: { values: conditions.httpMethods } });
    }
    if (conditions.sourceIps?.length) {
        result.push({ sourceIp: { values: conditions.sourceIps } });
    }
    for (const [httpHeaderName, values] of Object.entries(conditions.httpHeaders ?? {})) {
        result.push({ httpHeader: { httpHeaderName, values } });
    }
    if (conditions.queryStrings?.length) {
        result.push({ queryStrings: conditions.queryStrings.map(({ key, value }) => ({ key, value })) });
    }
    return result;
}

/** The provider action for a rule, with target group keys resolved to ARNs. */
export function ruleActions(action: RuleActionSpec, targetGroupArns: Record<string, pulumi.Input<string>>): Action[] {
    switch (action.type) {
        case "forward":
            return [{ type: "forward", targetGroupArn: targetGroupArns[action.targetGroup] }];
        case "weightedForward":
            return [{
                type: "forward",
                forward: {
                    targetGroups: Object.entries(action.targetGroups).map(([key, weight]) => ({ arn: targetGroupArns[key], weight })),
                    stickiness: { enabled: action.stickinessSeconds > 0, duration: Math.max(action.stickinessSeconds, 1) },
                },
            }];
        case "redirect":
            return [{
                type: "redirect",
                redirect: {
                    statusCode: action.statusCode,
                    protocol: action.protocol,
                    host: action.host,
                    port: action.port,
                    path: action.path,
                    query: action.query,
                },
            }];
        case "fixedResponse":
            return [{
                type: "fixed-response",
                fixedResponse: { statusCode: action.statusCode, contentType: action.contentType, messageBody: action.messageBody },
            }];
    }
}

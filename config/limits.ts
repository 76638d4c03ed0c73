/**
 * AWS's documented limits (domain/awsLimits.ts, docs/aws-limits.md) applied to one stack's
 * settings, so the plan refuses what AWS would refuse halfway through a deployment. Part of the
 * single-stack checks (config/checks.ts).
 */
import {
    maxCertificatesPerAlb,
    maxRulesPerAlb,
    maxTagKeyLength,
    maxTagsPerResource,
    maxTagValueLength,
    maxTargetGroupsPerAlb,
    reservedTagPrefix,
    tagTextPattern,
} from "../domain/awsLimits";
import type { CheckContext, Problem } from "./checks";
import type { StackSettings } from "./schema";

/** Tags the program adds to every resource besides the configured ones (program/region.ts). */
export const programTagKeys = ["app:stack", "app:region"] as const;

/** A long value shortened for a message. */
function excerpt(value: string): string {
    return value.length <= 40 ? value : `${value.slice(0, 37)}... (${value.length} characters)`;
}

/** One check over settings, with the entries it reads. */
interface LimitCheck {
    readonly needs: readonly (keyof StackSettings)[];
    run(settings: StackSettings, context: CheckContext): Problem[];
}

/** The limit checks, in the shape of config/checks.ts's cross checks. */
export const limitChecks: readonly LimitCheck[] = [
    {
        needs: ["tags"],
        run: ({ tags }) => {
            const problems: Problem[] = [];
            const count = Object.keys(tags).length + programTagKeys.length;
            if (count > maxTagsPerResource) {
                problems.push({ key: "tags", message: `must hold at most ${maxTagsPerResource - programTagKeys.length} tags: AWS allows ${maxTagsPerResource} per resource and the program adds ${programTagKeys.join(", ")}`, got: `${Object.keys(tags).length} tags` });
            }
            for (const [key, value] of Object.entries(tags)) {
                if (key.length === 0 || key.length > maxTagKeyLength) {
                    problems.push({ key: `tags.${excerpt(key)}`, message: `key must be 1..${maxTagKeyLength} characters`, got: `${key.length} characters` });
                } else if (!tagTextPattern.test(key)) {
                    problems.push({ key: `tags.${excerpt(key)}`, message: "key may hold only letters, digits, spaces and _ . : / = + - @" });
                } else if (key.toLowerCase().startsWith(reservedTagPrefix) || (programTagKeys as readonly string[]).includes(key)) {
                    problems.push({ key: `tags.${excerpt(key)}`, message: `key is reserved (${reservedTagPrefix}* is AWS's; ${programTagKeys.join(", ")} are the program's)` });
                }
                if (value.length > maxTagValueLength) {
                    problems.push({ key: `tags.${excerpt(key)}`, message: `must be at most ${maxTagValueLength} characters`, got: `${value.length} characters` });
                } else if (!tagTextPattern.test(value)) {
                    problems.push({ key: `tags.${excerpt(key)}`, message: "may hold only letters, digits, spaces and _ . : / = + - @", got: excerpt(value) });
                }
            }
            return problems;
        },
    },
    {
        needs: ["alb", "targetGroups", "listenerRules"],
        run: ({ alb, targetGroups, listenerRules }) => {
            const problems: Problem[] = [];
            if (alb.sniCertificateArns.length > maxCertificatesPerAlb) {
                problems.push({ key: "alb.sniCertificateArns", message: `must list at most ${maxCertificatesPerAlb} certificates (AWS's limit per ALB besides the default certificate)`, got: `${alb.sniCertificateArns.length} certificates` });
            }
            const duplicates = alb.sniCertificateArns.filter((arn, index) => alb.sniCertificateArns.indexOf(arn) !== index || arn === alb.certificateArn);
            if (duplicates.length > 0) {
                problems.push({ key: "alb.sniCertificateArns", message: "must not repeat a certificate (or alb.certificateArn)", got: [...new Set(duplicates)] });
            }
            const groups = Object.keys(targetGroups).length;
            if (groups > maxTargetGroupsPerAlb) {
                problems.push({ key: "targetGroups", message: `must hold at most ${maxTargetGroupsPerAlb} target groups (AWS's limit per ALB)`, got: `${groups} target groups` });
            }
            const rules = Object.keys(listenerRules).length;
            if (rules > maxRulesPerAlb) {
                problems.push({ key: "listenerRules", message: `must hold at most ${maxRulesPerAlb} rules (AWS's limit per ALB besides the default rules)`, got: `${rules} rules` });
            }
            return problems;
        },
    },
];

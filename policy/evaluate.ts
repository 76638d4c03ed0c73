/**
 * The plain API over the rules, for callers outside the Pulumi engine (the offline plan, tests):
 * the same rules the CrossGuard pack runs, over resources in the neutral shape.
 */
import { rules } from "./rules";
import { PolicyFinding, PolicyOptions, PolicyResource, resolveOptions, Rule } from "./rules/types";

export type { PolicyFinding, PolicyOptions, PolicyResource } from "./rules/types";

/** A finding of `rule`. */
function finding(rule: Rule, message: string, urn?: string): PolicyFinding {
    return { policy: rule.name, source: rule.source, enforcementLevel: rule.enforcementLevel, urn, message };
}

/**
 * Every violation of every rule among `resources`: resource rules on each resource of their types,
 * then stack rules on the whole set. Values nobody can know yet (`${...}`) never cause a finding.
 */
export function evaluatePolicies(resources: PolicyResource[], options?: PolicyOptions): PolicyFinding[] {
    const resolved = resolveOptions(options);
    return rules.flatMap((rule) => rule.scope === "resource"
        ? resources
            .filter((resource) => rule.types.includes(resource.type))
            .flatMap((resource) => rule.check(resource, resolved).map((message) => finding(rule, message, resource.urn)))
        : rule.check(resources, resolved).map((violation) => finding(rule, violation.message, violation.urn)));
}

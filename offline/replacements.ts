/**
 * Replacements of protected resources. AWS cannot replace a deletion-protected ALB: the engine
 * creates the new one, then fails to delete the old one, and the deployment stops halfway. The
 * offline plan has no previous state, so it (1) lists, for every protected resource, the keys
 * whose change replaces it and what to do first, and (2) given the JSON of a previous plan
 * (`npm run plan -- --previous old.json`), shows the replacements the change would cause.
 */
import type { Plan, PlanResource, StackPlan } from "./planner";

/** A property whose change replaces the resource, and the config key that sets it. */
interface ReplacingProperty {
    /** Provider input name. */
    readonly property: string;
    /** The stack-file key that sets it. */
    readonly key: string;
}

/** What makes a resource type protected and which of its properties force a replacement. */
interface ProtectedType {
    /** Human name of the type. */
    readonly label: string;
    /** True when this resource cannot be deleted as planned. */
    readonly isProtected: (resource: PlanResource) => boolean;
    /** Properties the provider replaces the resource for (pulumi-aws schema: forces new). */
    readonly replacing: readonly ReplacingProperty[];
    /** What the user must do before the change. */
    readonly firstStep: string;
}

const protectedTypes: Readonly<Record<string, ProtectedType>> = {
    "aws:lb/loadBalancer:LoadBalancer": {
        label: "deletion-protected ALB",
        isProtected: (resource) => resource.inputs.enableDeletionProtection === true,
        replacing: [
            { property: "internal", key: "alb.internal" },
            { property: "loadBalancerType", key: "(program)" },
            { property: "name", key: "the stack name" },
            { property: "namePrefix", key: "the stack name" },
        ],
        firstStep: "set app:alb.deletionProtection: false and deploy that alone, then deploy the change, then turn deletion protection back on",
    },
};

/** One replacement the change would cause. */
export interface ProtectedReplacement {
    readonly stack: string;
    readonly resource: string;
    readonly label: string;
    /** The changed properties with their config keys, before and after. */
    readonly changes: { property: string; key: string; before: unknown; after: unknown }[];
    readonly firstStep: string;
}

/** A previous plan as `npm run plan -- --json` writes it, or one stack's golden plan. */
export type PreviousPlan = Pick<Plan, "stacks"> | StackPlan;

function stacksOf(previous: PreviousPlan): Pick<StackPlan, "stack" | "resources">[] {
    return "stacks" in previous ? previous.stacks : [previous];
}

/** The replacements of protected resources between `previous` and `current`. */
export function protectedReplacements(previous: PreviousPlan, current: Pick<Plan, "stacks">): ProtectedReplacement[] {
    const before = new Map(stacksOf(previous).flatMap((stack) => stack.resources.map((resource) => [`${stack.stack}|${resource.urn}`, resource] as const)));
    const found: ProtectedReplacement[] = [];
    for (const stack of current.stacks) {
        for (const resource of stack.resources) {
            const kind = protectedTypes[resource.type];
            const old = before.get(`${stack.stack}|${resource.urn}`);
            // The old resource's protection is what blocks its deletion.
            if (kind === undefined || old === undefined || !kind.isProtected(old)) {
                continue;
            }
            const changes = kind.replacing
                .filter(({ property }) => JSON.stringify(old.inputs[property]) !== JSON.stringify(resource.inputs[property]))
                .map(({ property, key }) => ({ property, key, before: old.inputs[property], after: resource.inputs[property] }));
            if (changes.length > 0) {
                found.push({ stack: stack.stack, resource: resource.name, label: kind.label, changes, firstStep: kind.firstStep });
            }
        }
    }
    return found;
}

/** The protected resources of a plan and the keys whose change would replace them. */
export function protectedResources(plan: Pick<Plan, "stacks">): { stack: string; resource: string; label: string; keys: string[]; firstStep: string }[] {
    return plan.stacks.flatMap((stack) => stack.resources.flatMap((resource) => {
        const kind = protectedTypes[resource.type];
        return kind !== undefined && kind.isProtected(resource)
            ? [{ stack: stack.stack, resource: resource.name, label: kind.label, keys: [...new Set(kind.replacing.map(({ key }) => key).filter((key) => key !== "(program)"))], firstStep: kind.firstStep }]
            : [];
    }));
}

/** The plan's lines about protected resources and, with a previous plan, their replacements. */
export function replacementLines(plan: Plan): string[] {
    const lines = protectedResources(plan).map((item) =>
        `Protected: ${item.resource} (${item.stack}, ${item.label}); changing ${item.keys.join(" or ")} replaces it: ${item.firstStep}`);
    for (const replacement of plan.replacements ?? []) {
        const changes = replacement.changes.map((change) => `${change.key} (${change.property} ${JSON.stringify(change.before)} -> ${JSON.stringify(change.after)})`).join(", ");
        lines.push(`[error] replaces-protected (${replacement.stack}): ${replacement.resource} is a ${replacement.label} and ${changes} replaces it; AWS cannot delete the old one, so the deployment would stop halfway: ${replacement.firstStep}`);
    }
    return lines;
}

/**
 * The neutral shapes the rules work on. The CrossGuard pack (policy/index.ts) and the plain API
 * (policy/evaluate.ts) both convert their resources into `PolicyResource` and run the same rules.
 */

/** One resource as the rules see it. */
export interface PolicyResource {
    /** URN of the resource. */
    urn: string;
    /** Type token, e.g. `aws:lb/loadBalancer:LoadBalancer`. */
    type: string;
    /** Logical name. */
    name: string;
    /**
     * Its properties. A property that is absent was not set (AWS applies its default); a value
     * nobody can know before deployment is a string `${<resource-name>.<attribute>}` (offline plan)
     * or `${unknown}` (a preview unknown), and no rule reports a violation for it.
     */
    props: Record<string, unknown>;
    /** Region of the resource's provider. @default unknown */
    region?: string;
    /**
     * Per top-level property, the URNs of the resources its value was computed from (CrossGuard's
     * `propertyDependencies`); lets relations resolve while the values themselves are unknown.
     * @default none
     */
    dependencies?: Readonly<Record<string, readonly string[]>>;
}

/** One violation of one rule. */
export interface PolicyFinding {
    /** Policy name, e.g. `elb-4-drop-invalid-header-fields`. */
    policy: string;
    /** Where the rule comes from, e.g. `AWS Security Hub ELB.4`. */
    source: string;
    /** Whether the violation blocks a deployment. */
    enforcementLevel: "mandatory" | "advisory";
    /** URN of the offending resource; absent when the stack as a whole is at fault. */
    urn?: string;
    /** What is wrong and how to fix it. */
    message: string;
}

/** Settings that relax rules, e.g. for throw-away stacks. */
export interface PolicyOptions {
    /** Require deletion protection on load balancers (Security Hub ELB.6). @default true */
    requireDeletionProtection?: boolean;
}

/** A JSON-schema description of one option, for the CrossGuard pack's `configSchema`. */
export interface OptionSchema {
    /** JSON type of the value. */
    readonly type: "boolean";
    /** Value when the option is not given. */
    readonly default: boolean;
    /** What the option does. */
    readonly description: string;
}

/** Every option with its default: the one place defaults live. */
export const optionSchemas: { readonly [Key in keyof Required<PolicyOptions>]: OptionSchema } = {
    requireDeletionProtection: {
        type: "boolean",
        default: true,
        description: "Require deletion protection on load balancers; set false for throw-away stacks.",
    },
};

/** Options with every default filled in. */
export type ResolvedOptions = Required<PolicyOptions>;

/** `options` with defaults for what it leaves out. */
export function resolveOptions(options: PolicyOptions = {}): ResolvedOptions {
    return {
        requireDeletionProtection: options.requireDeletionProtection ?? optionSchemas.requireDeletionProtection.default,
    };
}

/** What every rule declares about itself. */
export interface RuleInfo {
    /** Policy name, unique in the pack. */
    readonly name: string;
    /** One sentence on what the rule requires. */
    readonly description: string;
    /** Where the requirement comes from. */
    readonly source: string;
    /** Whether a violation blocks a deployment. */
    readonly enforcementLevel: "mandatory" | "advisory";
    /** Options the rule reads; the pack exposes them as policy configuration. @default none */
    readonly options?: readonly (keyof PolicyOptions)[];
}

/** A rule that judges one resource on its own properties. */
export interface ResourceRule extends RuleInfo {
    /** Discriminator. */
    readonly scope: "resource";
    /** Type tokens the rule applies to. */
    readonly types: readonly string[];
    /** Violation messages for `resource` (empty when it complies or cannot be judged yet). */
    check(resource: PolicyResource, options: ResolvedOptions): string[];
}

/** One violation a stack rule found. */
export interface Violation {
    /** URN of the offending resource. */
    readonly urn: string;
    /** What is wrong and how to fix it. */
    readonly message: string;
}

/** A rule that judges resources in relation to each other. */
export interface StackRule extends RuleInfo {
    /** Discriminator. */
    readonly scope: "stack";
    /** Violations among `resources`. */
    check(resources: readonly PolicyResource[], options: ResolvedOptions): Violation[];
}

/** Any rule. */
export type Rule = ResourceRule | StackRule;

/**
 * The rules as CrossGuard policies: resource rules become `validateResource` (they run on each
 * resource's inputs before it is created), stack rules `validateStack` (they run on every
 * resource's outputs at the end of a preview or update). Kept apart from index.ts, which starts
 * the policy server, so tests can call the policies directly.
 */
import * as policySdk from "@pulumi/policy";
import { Policies, PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { rules } from "./rules";
import { optionSchemas, PolicyOptions, PolicyResource, ResolvedOptions, resolveOptions, Rule } from "./rules/types";
import { isKnown, unknownValue } from "./rules/values";

// What @pulumi/policy throws when a policy reads a value that is unknown during preview. It is
// exported at run time, but its typings leave it out.
const UnknownValueError = (policySdk as unknown as { UnknownValueError: abstract new (...args: never[]) => Error }).UnknownValueError;

/** What the adapter reads from a CrossGuard resource (validateResource args and stack resources both fit). */
export interface CrossGuardResource {
    /** URN. */
    readonly urn: string;
    /** Type token. */
    readonly type: string;
    /** Logical name. */
    readonly name: string;
    /** Inputs (validateResource) or outputs (validateStack), behind CrossGuard's unknown-checking proxy. */
    readonly props: Record<string, unknown>;
    /** The resource's provider; its `region` property is the resource's region. @default none */
    readonly provider?: { readonly props: Record<string, unknown> };
    /** Resources each property depends on (stack validation only). @default none */
    readonly propertyDependencies?: Record<string, readonly { readonly urn: string }[]>;
}

/** A deep plain copy of what `get` returns, with every unknown replaced by {@link unknownValue}. */
function read(get: () => unknown): unknown {
    let value: unknown;
    try {
        value = get();
    } catch (error) {
        if (error instanceof UnknownValueError) {
            return unknownValue;
        }
        throw error;
    }
    if (Array.isArray(value)) {
        const list: unknown[] = value;
        return Array.from({ length: list.length }, (_, index) => read(() => list[index]));
    }
    if (typeof value === "object" && value !== null) {
        const fields = value as Record<string, unknown>;
        return Object.fromEntries(Object.keys(fields).map((key) => [key, read(() => fields[key])]));
    }
    return value;
}

/** The neutral shape of a CrossGuard resource. */
export function fromCrossGuard(resource: CrossGuardResource): PolicyResource {
    const region = read(() => resource.provider?.props.region);
    const dependencies = resource.propertyDependencies === undefined ? undefined : Object.fromEntries(
        Object.entries(resource.propertyDependencies).map(([property, resources]) => [property, resources.map((dependency) => dependency.urn)]));
    return {
        urn: resource.urn,
        type: resource.type,
        name: resource.name,
        props: read(() => resource.props) as Record<string, unknown>,
        region: typeof region === "string" && region !== "" && isKnown(region) ? region : undefined,
        ...(dependencies ? { dependencies } : {}),
    };
}

/** The options a rule reads, as the policy's configuration schema. */
function configSchema(rule: Rule): PolicyConfigSchema | undefined {
    return rule.options?.length ? { properties: Object.fromEntries(rule.options.map((key) => [key, { ...optionSchemas[key] }])) } : undefined;
}

/** The options from a policy's configuration (`--policy-pack-config`), defaults filled in. */
function optionsOf(args: { getConfig<T extends object>(): T }): ResolvedOptions {
    return resolveOptions(args.getConfig<PolicyOptions>());
}

/** One rule as a CrossGuard policy. */
export function crossGuardPolicy(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
    const common = {
        name: rule.name,
        description: `${rule.description} Source: ${rule.source}.`,
        enforcementLevel: rule.enforcementLevel,
        configSchema: configSchema(rule),
    };
    if (rule.scope === "resource") {
        return {
            ...common,
            validateResource: (args, reportViolation) => {
                if (rule.types.includes(args.type)) {
                    rule.check(fromCrossGuard(args), optionsOf(args)).forEach((message) => reportViolation(message));
                }
            },
        };
    }
    return {
        ...common,
        validateStack: (args, reportViolation) => {
            rule.check(args.resources.map(fromCrossGuard), optionsOf(args)).forEach((violation) => reportViolation(violation.message, violation.urn));
        },
    };
}

/** Every rule as a CrossGuard policy. */
export const policies: Policies = rules.map(crossGuardPolicy);

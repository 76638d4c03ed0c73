/**
 * How rules read property values. Three kinds of value exist: absent (not set, so AWS applies its
 * default), computed (nobody can know it before deployment) and known. Rules judge absent and
 * known values and never report a violation for a computed one.
 */

/** What the CrossGuard adapter puts where the engine reports an unknown (preview) value. */
export const unknownValue = "${unknown}";

/** True for computed values: `${resource.attribute}` references and unknowns. */
export function isComputed(value: unknown): value is string {
    return typeof value === "string" && value.startsWith("${") && value.endsWith("}");
}

/** True for a value that is set and known. */
export function isKnown(value: unknown): boolean {
    return value !== undefined && value !== null && !isComputed(value);
}

/** The reference the offline plan writes for `attribute` of the resource named `name`. */
export function referenceTo(name: string, attribute: string): string {
    return `\${${name}.${attribute}}`;
}

/** `value` as an object, or undefined when it is not one (absent, computed, or another type). */
export function asObject(value: unknown): Record<string, unknown> | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
}

/** `value` as a list, or undefined when it is not one. */
export function asList(value: unknown): unknown[] | undefined {
    return Array.isArray(value) ? value : undefined;
}

/** A value for a message: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
    return value === undefined ? "not set" : JSON.stringify(value);
}

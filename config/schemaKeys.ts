/**
 * Walks the zod schema of config/schema.ts: the keys an object accepts at a path (for "did you
 * mean" on nested keys), and the leaf fields with their defaults (for generated tests).
 */
import { z } from "zod";

interface Def {
    readonly type: string;
    readonly innerType?: z.ZodType;
    readonly in?: z.ZodType;
    readonly shape?: Record<string, z.ZodType>;
    readonly valueType?: z.ZodType;
    readonly element?: z.ZodType;
    readonly options?: z.ZodType[];
}

function defOf(schema: z.ZodType): Def {
    return (schema as unknown as { def: Def }).def;
}

/** The schema without its wrappers (default, prefault, optional, refinements' pipes). */
export function unwrap(schema: z.ZodType): z.ZodType {
    let current = schema;
    for (;;) {
        const def = defOf(current);
        if ((def.type === "default" || def.type === "prefault" || def.type === "optional" || def.type === "nullable") && def.innerType) {
            current = def.innerType;
        } else if (def.type === "pipe" && def.in) {
            current = def.in;
        } else {
            return current;
        }
    }
}

/**
 * The keys the object at `path` inside `schema` accepts; [] when the path does not lead to an
 * object with fixed keys (a keyed map's own keys are free). Map keys and list indexes in the
 * path step into the map's or list's element; a union offers every option's keys.
 * @param schema a config entry's schema
 * @param path the path below it, as zod reports it
 */
export function keysAt(schema: z.ZodType, path: readonly string[]): string[] {
    const def = defOf(unwrap(schema));
    if (path.length === 0) {
        if (def.type === "object" && def.shape) {
            return Object.keys(def.shape);
        }
        if (def.type === "union" && def.options) {
            return [...new Set(def.options.flatMap((option) => keysAt(option, [])))];
        }
        return [];
    }
    const [head, ...rest] = path;
    switch (def.type) {
        case "object": return def.shape?.[head] ? keysAt(def.shape[head], rest) : [];
        case "record": return def.valueType ? keysAt(def.valueType, rest) : [];
        case "array": return def.element ? keysAt(def.element, rest) : [];
        case "union": return [...new Set((def.options ?? []).flatMap((option) => keysAt(option, path)))];
        default: return [];
    }
}

/**
 * The configuration reference, derived from the schema: docs/configuration.md's table of every
 * key, type, default and description. Written by `npm run config:generate`; a test fails when it drifts.
 */
import { z } from "zod";
import { configSchema, groupNames, groupSchemas } from "./schema";

/** One documented key. */
export interface KeyReference {
    /** Key without the project namespace, e.g. `alb.idleTimeoutSeconds`. */
    readonly key: string;
    /** Its type as Pulumi names config types; keyed maps are `object`. */
    readonly type: "string" | "integer" | "boolean" | "array" | "object";
    /** Item type of arrays. */
    readonly items?: "string" | "integer";
    /** Default value. */
    readonly default: unknown;
    /** What the key does. */
    readonly description: string;
}

interface JsonSchemaNode { description?: string; type?: string; items?: { type?: string } }

function describe(key: string, schema: z.ZodType): KeyReference {
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchemaNode;
    const value = schema.parse(undefined);
    const type = Array.isArray(value) ? "array"
        : typeof value === "number" ? "integer"
            : typeof value === "boolean" ? "boolean"
                : typeof value === "string" ? "string" : "object";
    return {
        key,
        type,
        ...(type === "array" ? { items: json.items?.type === "integer" ? "integer" : "string" } : {}),
        default: value,
        description: json.description ?? "",
    };
}

/** Every key, in schema order: group fields first within their group, then keyed maps. */
export function configReference(): KeyReference[] {
    const references: KeyReference[] = [];
    for (const entry of Object.keys(configSchema) as (keyof typeof configSchema)[]) {
        if ((groupNames as readonly string[]).includes(entry)) {
            const shape = groupSchemas[entry as keyof typeof groupSchemas].shape as Record<string, z.ZodType>;
            for (const [field, schema] of Object.entries(shape)) {
                references.push(describe(`${entry}.${field}`, schema));
            }
        } else {
            references.push(describe(entry, configSchema[entry]));
        }
    }
    return references;
}

/** The configuration table of docs/configuration.md (Markdown). */
export function readmeConfigTable(project: string): string {
    const escape = (text: string) => text.replace(/\|/g, "\\|");
    const rows = configReference().map((reference) => {
        const shown = reference.type === "object" ? "see below" : `\`${JSON.stringify(reference.default)}\``;
        return `| \`${project}:${reference.key}\` | ${reference.type}${reference.items ? ` of ${reference.items}` : ""} | ${escape(shown)} | ${escape(reference.description)} |`;
    });
    return ["| Key | Type | Default | Description |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

/**
 * Turns the raw configuration of one stack into validated settings, or into the complete list
 * of problems, each naming the stack file and key. Pure: no Pulumi runtime, no resources.
 */
import { z } from "zod";
import { InputError } from "../domain/exitCodes";
import { regionCodes, regionFacts } from "../domain/regions";
import { checkScope, crossChecks, Problem } from "./checks";
import { convertLegacyKeys } from "./legacy";
import { didYouMean, editDistance } from "../domain/didYouMean";
import { keysAt } from "./schemaKeys";
import { configSchema, globalStackKeys, groupNames, GroupName, groupSchemas, StackSettings } from "./schema";

/** The raw configuration of one stack, as the Pulumi engine hands it to a program. */
export interface RawStackConfig {
    /** Stack name, e.g. `seoul`. */
    readonly stack: string;
    /** Project name: the namespace of the program's keys, e.g. `app`. */
    readonly project: string;
    /** Every config value as a string, keyed `namespace:key` (objects and lists as JSON). */
    readonly values: Readonly<Record<string, string>>;
    /**
     * The file each value came from, keyed like `values` (Pulumi.yaml for the project's shared
     * values). Messages name it; a key not listed is named after the stack file.
     */
    readonly origins?: Readonly<Record<string, string>>;
    /** The stack file's name when it is not `Pulumi.<stack>.yaml` (e.g. `.yml`). */
    readonly stackFile?: string;
}

/** The validated configuration of one stack. */
export interface StackConfig {
    /** Stack name, e.g. `seoul`. */
    readonly stack: string;
    /** The stack file the values came from, e.g. `Pulumi.seoul.yaml`. */
    readonly stackFile: string;
    /** The AWS region of the stack (`aws:region`). */
    readonly region: string;
    /** Settings with every default applied. */
    readonly settings: StackSettings;
    /** The raw values the settings came from, to hand to the program unchanged. */
    readonly values: Readonly<Record<string, string>>;
}

/** Invalid configuration: every problem found, each a full sentence naming file and key. */
export class ConfigError extends InputError {
    constructor(readonly problems: readonly string[]) {
        super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
            problems.map((problem) => `  - ${problem}`).join("\n"));
        this.name = "ConfigError";
    }
}

/** The stack file a stack's configuration lives in. */
export function stackFileName(stack: string): string {
    return `Pulumi.${stack}.yaml`;
}

type Entry = keyof typeof configSchema;
const entryNames = Object.keys(configSchema) as Entry[];

/** Validates a stack's raw configuration; throws a ConfigError listing every problem. */
export function loadStackConfig(raw: RawStackConfig): StackConfig {
    const result = validateStackConfig(raw);
    // validateStackConfig gives a configuration exactly when it found no problem.
    if (result.config === undefined) {
        throw new ConfigError(result.problems);
    }
    return result.config;
}

/** What validation found: the configuration when it is valid, every problem, and advice. */
export interface ValidationResult {
    /** The validated configuration; absent when any problem was found. */
    readonly config?: StackConfig;
    /** Every problem, one full sentence each naming the file and key. */
    readonly problems: string[];
    /** Advice that does not stop the plan, worded like problems. */
    readonly warnings: string[];
}

/**
 * A global stack's configuration without the regions' keys, which do not apply to it (schema.ts,
 * `globalStackKeys`): a region's value in Pulumi.yaml never stops the global stack. One its own
 * stack file sets is a mistake worth a warning; keys of no entry stay, to be reported as unknown.
 */
function globalStackView(raw: RawStackConfig, stackFile: string): { raw: RawStackConfig; warnings: Problem[] } {
    const prefix = `${raw.project}:`;
    const appliesToGlobal = (key: string) => globalStackKeys.includes(key) || globalStackKeys.includes(key.split(".")[0]);
    const regional = Object.keys(raw.values).filter((fullKey) => fullKey.startsWith(prefix) &&
        entryNames.includes(fullKey.slice(prefix.length).split(".")[0] as Entry) && !appliesToGlobal(fullKey.slice(prefix.length)));
    const warnings = regional.filter((fullKey) => raw.origins !== undefined && originOf(stackFile, raw, fullKey) === stackFile).map((fullKey) => ({
        key: fullKey,
        message: "does not apply to a global stack (app:scope: global), which creates only the accelerator, its listener and its alias record: remove it",
    }));
    const values = Object.fromEntries(Object.entries(raw.values).filter(([fullKey]) => !regional.includes(fullKey)));
    return { raw: { ...raw, values }, warnings };
}

/** Validates a stack's raw configuration, returning the settings or every problem found. */
export function validateStackConfig(given: RawStackConfig): ValidationResult {
    const stackFile = given.stackFile ?? stackFileName(given.stack);
    const problems: Problem[] = [];
    const warnings: Problem[] = [];
    const global = given.values[`${given.project}:scope`] === "global" ? globalStackView(given, stackFile) : undefined;
    const raw = global?.raw ?? given;
    warnings.push(...(global?.warnings ?? []));
    const { entries, keyProblems } = groupValues(raw);
    problems.push(...keyProblems);
    const namespaces = checkNamespaces(raw);
    problems.push(...namespaces.problems);
    warnings.push(...namespaces.warnings);

    const region = raw.values["aws:region"];
    if (region === undefined || region === "") {
        problems.push({ key: "aws:region", message: "is required: the stack's AWS region, e.g. ap-northeast-2" });
    } else if (regionFacts(region) === undefined) {
        problems.push({
            key: "aws:region",
            message: `must be a commercial AWS region this program knows (docs/aws-facts.md lists them)${closest(region, regionCodes)}`,
            got: region,
        });
    }

    const parsed: Partial<StackSettings> = {};
    for (const name of entryNames) {
        const result = (configSchema[name] as z.ZodType).safeParse(entries[name]);
        if (result.success) {
            (parsed as Record<string, unknown>)[name] = result.data;
        } else {
            problems.push(...result.error.issues.flatMap((issue) => describeIssue(name, issue, entries[name])));
        }
    }
    warnings.push(...convertLegacyKeys(parsed, (key) => raw.origins?.[`${raw.project}:${key}`]));
    // Checks see the region only when it is known: a missing or unknown one is its own problem.
    const knownRegion = region !== undefined && regionFacts(region) !== undefined ? region : undefined;
    for (const check of crossChecks) {
        if (checkScope(check) === (parsed.scope ?? "region") && check.needs.every((name) => parsed[name] !== undefined)) {
            problems.push(...check.run(parsed as StackSettings, { stack: raw.stack, region: knownRegion }));
        }
    }

    const format = (problem: Problem) => formatProblem(stackFile, raw, problem);
    const messages = problems.map(format);
    if (messages.length > 0) {
        return { problems: messages, warnings: warnings.map(format) };
    }
    return {
        config: { stack: raw.stack, stackFile, region: region!, settings: parsed as StackSettings, values: given.values },
        problems: [],
        warnings: warnings.map(format),
    };
}

/** The most a value is shown in a message; a megabyte of tag text helps nobody. */
const shownValueLength = 120;

function formatProblem(stackFile: string, raw: RawStackConfig, problem: Problem): string {
    // A key outside the project's namespace (aws:region) or a phrase (the stack name) stays as it is;
    // only the first segment counts, since map keys below it may hold colons (tags.app:team).
    const head = problem.key.split(".")[0];
    const key = head.includes(":") || head.includes(" ") ? problem.key : `${raw.project}:${problem.key}`;
    let got = "";
    if ("got" in problem) {
        const shown = JSON.stringify(problem.got) ?? "nothing";
        got = `, got ${shown.length > shownValueLength ? `${shown.slice(0, shownValueLength)}… (${shown.length} characters)` : shown}`;
    }
    return `${originOf(stackFile, raw, key)}: ${key} ${problem.message}${got}`;
}

/** The file that set `key` (or the entry it belongs to): Pulumi.yaml for shared values. */
function originOf(stackFile: string, raw: RawStackConfig, key: string): string {
    if (raw.origins === undefined) {
        return stackFile;
    }
    // `app:targetGroups.web.port` came with the whole `app:targetGroups` value.
    for (let candidate = key; ; candidate = candidate.slice(0, candidate.lastIndexOf("."))) {
        const origin = raw.origins[candidate];
        if (origin !== undefined) {
            return origin;
        }
        if (!candidate.includes(".")) {
            return stackFile;
        }
    }
}

/** Namespaces whose keys belong to Pulumi or its AWS provider, not to this program. */
const foreignNamespaces = ["aws", "pulumi"];

/**
 * Keys outside the project's namespace are invisible to the program. When one is a key of
 * ours, the project was renamed or the key mistyped: a problem, not a silent default.
 */
function checkNamespaces(raw: RawStackConfig): { problems: Problem[]; warnings: Problem[] } {
    const problems: Problem[] = [];
    const warnings: Problem[] = [];
    const known = new Set(knownKeys().map((key) => key.split(".")[0]));
    for (const fullKey of Object.keys(raw.values)) {
        const colon = fullKey.indexOf(":");
        const namespace = colon < 0 ? "" : fullKey.slice(0, colon);
        if (namespace === raw.project || foreignNamespaces.includes(namespace)) {
            continue;
        }
        const key = fullKey.slice(colon + 1);
        if (known.has(key.split(".")[0])) {
            problems.push({
                key: fullKey,
                message: `is in namespace ${namespace || "(none)"}, but the project is named ${raw.project} (Pulumi.yaml name), so the program reads ${raw.project}:${key}; rename the key or the project`,
            });
        } else {
            warnings.push({ key: fullKey, message: `is in namespace ${namespace}, which this program does not read` });
        }
    }
    return { problems, warnings };
}

/**
 * Sorts `project:*` values into entries: `app:alb.idleTimeoutSeconds` becomes field
 * `idleTimeoutSeconds` of entry `alb`; keyed maps (`app:targetGroups`) are whole objects.
 */
function groupValues(raw: RawStackConfig): { entries: Record<string, unknown>; keyProblems: Problem[] } {
    const entries: Record<string, unknown> = {};
    const keyProblems: Problem[] = [];
    const unknown = (key: string) => keyProblems.push({ key, message: `is not a known key${suggestion(key)}` });
    const prefix = `${raw.project}:`;
    for (const [fullKey, text] of Object.entries(raw.values)) {
        if (!fullKey.startsWith(prefix)) {
            continue;
        }
        const key = fullKey.slice(prefix.length);
        const dot = key.indexOf(".");
        const entry = (dot < 0 ? key : key.slice(0, dot)) as Entry;
        if (!entryNames.includes(entry)) {
            unknown(key);
            continue;
        }
        if (dot < 0) {
            if (isGroup(entry)) {
                // Group fields are separate keys so that Pulumi.yaml can declare their types and
                // defaults; a whole-group object would be merged with those defaults unpredictably.
                const example = `${raw.project}:${key}.${Object.keys(groupSchemas[entry].shape)[0]}`;
                keyProblems.push({ key, message: `is a group: write each field as its own key, e.g. ${example}` });
                continue;
            }
            entries[entry] = parseValue(text, configSchema[entry]);
            continue;
        }
        if (!isGroup(entry)) {
            unknown(key);
            continue;
        }
        const field = key.slice(dot + 1);
        const shape = groupSchemas[entry].shape as Record<string, z.ZodType>;
        const group = (isObject(entries[entry]) ? entries[entry] : {}) as Record<string, unknown>;
        group[field] = shape[field] === undefined ? text : parseValue(text, shape[field]);
        entries[entry] = group;
    }
    return { entries, keyProblems };
}

function isGroup(entry: Entry): entry is GroupName {
    return (groupNames as readonly string[]).includes(entry);
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The engine hands every value over as a string. A key that holds text keeps it as it is
 * (a zone id like `123` must stay a string); other keys are JSON (numbers, booleans, lists,
 * objects), and text that is not JSON is left for the schema to reject with a clear message.
 */
function parseValue(text: string, schema: z.ZodType): unknown {
    if (holdsText(schema)) {
        return text;
    }
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function holdsText(schema: z.ZodType): boolean {
    const def = (schema as unknown as { def: { type: string; innerType?: z.ZodType; options?: z.ZodType[]; entries?: object; values?: unknown[] } }).def;
    switch (def.type) {
        case "string": return true;
        case "enum": return Object.values(def.entries ?? {}).every((value) => typeof value === "string");
        case "literal": return (def.values ?? []).every((value) => typeof value === "string");
        case "union": return (def.options ?? []).every(holdsText);
        case "default": case "prefault": case "optional": return holdsText(def.innerType!);
        default: return false;
    }
}

function describeIssue(entry: Entry, issue: z.core.$ZodIssue, input: unknown): Problem[] {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
        // A group's own fields are keys of their own (app:alb.x): suggest the whole key there.
        const siblings = path.length === 0 && isGroup(entry) ? [] : keysAt(configSchema[entry] as z.ZodType, path);
        return issue.keys.map((unknown) => ({
            key: [entry, ...path, unknown].join("."),
            message: `is not a known key${siblings.length > 0 ? ` of ${[entry, ...path].join(".")}${didYouMean(unknown, siblings) || ` (known: ${siblings.join(", ")})`}` : suggestion([entry, ...path, unknown].join("."))}`,
        }));
    }
    if (issue.code === "invalid_key") {
        return [{ key: [entry, ...path].join("."), message: `key ${issue.issues[0]?.message ?? "is not valid"}` }];
    }
    const key = [entry, ...path].join(".");
    const value = valueAt(input, path);
    if (value === undefined) {
        return [{ key, message: `is required: it ${issue.message}` }];
    }
    return [{ key, message: issue.message, got: value }];
}

function valueAt(input: unknown, path: readonly string[]): unknown {
    return path.reduce<unknown>((value, part) => (isObject(value) || Array.isArray(value)
        ? (value as Record<string, unknown>)[part] : undefined), input);
}

/** Every key the program knows, for "did you mean" hints. */
function knownKeys(): string[] {
    return entryNames.flatMap((entry) => (isGroup(entry)
        ? Object.keys(groupSchemas[entry].shape).map((field) => `${entry}.${field}`)
        : [entry]));
}

/** Keys whose field name is close to the typed one, in any group, nearest whole key first. */
function suggestion(key: string): string {
    const leaf = key.split(".").pop()!.toLowerCase();
    const close = knownKeys().filter((known) => {
        const knownLeaf = known.split(".").pop()!.toLowerCase();
        return editDistance(knownLeaf, leaf) <= Math.max(1, Math.floor(leaf.length / 4));
    }).sort((a, b) => editDistance(a.toLowerCase(), key.toLowerCase()) - editDistance(b.toLowerCase(), key.toLowerCase()));
    return close.length > 0 ? ` (did you mean ${close.slice(0, 3).join(" or ")}?)` : "";
}

/** ` (did you mean X?)` for the candidates nearest `value`, or nothing when none is near. */
export function closest(value: string, candidates: readonly string[]): string {
    const limit = Math.max(2, Math.floor(value.length / 3));
    const scored = candidates.map((candidate) => ({ candidate, distance: editDistance(candidate.toLowerCase(), value.toLowerCase()) }))
        .filter(({ distance }) => distance <= limit)
        .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
    return scored.length > 0 ? ` (did you mean ${scored.slice(0, 3).map(({ candidate }) => candidate).join(" or ")}?)` : "";
}

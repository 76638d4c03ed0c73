/**
 * `npm run migrate`: rewrites the previous release's stack files into today's form, so that
 * they plan without deprecation warnings:
 *
 * - the accelerator moves out of the regional stack that owned it (`globalAccelerator.owner:
 *   true`) into a new global stack file (`app:scope: global`, us-west-2);
 * - `globalAccelerator.ownerStack` becomes `globalAccelerator.globalStack`, pointing at it;
 * - a value every regional stack file sets alike moves to Pulumi.yaml's project-level
 *   configuration (or is dropped where Pulumi.yaml already holds it), unless it is one of the
 *   keys that differ by region by nature (`regionalKeys`).
 *
 * Pure: file texts in, file texts and a list of changes out; comments of the files are kept.
 * scripts/migrate.ts reads and writes the files.
 */
import { Document, isMap, parseDocument, YAMLMap } from "yaml";
import { listenerPorts } from "../domain/listenerPorts";
import { z } from "zod";
import { configSchema, globalStackKeys, groupSchemas } from "./schema";
import { parseStackKey } from "./stackFiles";

/** A project's Pulumi files as text. */
export interface ProjectTexts {
    /** The project's name (the namespace of its keys), e.g. `app`. */
    readonly project: string;
    /** Pulumi.yaml's name and text. */
    readonly projectFile: { readonly name: string; readonly text: string };
    /** Every stack file's text, by file name (`Pulumi.seoul.yaml`). */
    readonly stackFiles: Readonly<Record<string, string>>;
}

/** What the migration produced. */
export interface Migration {
    /** The files to write (changed or new), by file name; files not listed stay as they are. */
    readonly files: Readonly<Record<string, string>>;
    /** One line per change, each naming the file and key. */
    readonly changes: string[];
    /** What the operator must do next, in order. */
    readonly nextSteps: string[];
}

/**
 * Keys that differ by region by nature: never moved to Pulumi.yaml, even when every stack
 * file happens to set them alike (two regions of weight 50 still each choose their weight).
 */
export const regionalKeys: readonly string[] = [
    "aws:region", "network.cidr", "network.vpcId", "network.publicSubnetIds", "network.privateSubnetIds",
    "alb.certificateArn", "alb.sniCertificateArns", "alb.accessLogsBucket", "fleet.amiId",
    "dns.failover", "dns.failoverRole", "dns.weight", "healthCheck.regions",
    "globalAccelerator.endpointWeight", "globalAccelerator.trafficDial", "drill.simulateOutage",
    "routingControls.owner", "routingControls.ownerStack", "routingControls.regions", "routingControls.minimumRegionsOn",
    "dashboard.owner", "dashboard.stacks",
];

/** The accelerator's keys that belong to the global stack once it owns the accelerator. */
const acceleratorKeys = ["ipAddressType", "ports", "clientAffinity", "recordName"] as const;

/** The region whose provider the global stack uses: Global Accelerator's API is only there. */
const globalStackRegion = "us-west-2";

interface StackDocument {
    readonly file: string;
    readonly stack: string;
    readonly document: Document;
    readonly config: YAMLMap;
}

/** How the files are written back: flow lists as they are usually written, no folding of long lines. */
const writeOptions = { lineWidth: 0, flowCollectionPadding: false } as const;

/** The schema's default of a key of the project (`alb.http2`), or undefined when it has none or is not one of ours. */
function schemaDefault(name: string): { value: unknown } | undefined {
    const [entry, field] = name.split(".", 2);
    const schema = field === undefined
        ? (configSchema as Record<string, z.ZodType>)[entry]
        : ((groupSchemas as Record<string, z.ZodObject>)[entry]?.shape as Record<string, z.ZodType> | undefined)?.[field];
    const parsed = schema?.safeParse(undefined);
    return parsed?.success ? { value: parsed.data } : undefined;
}

/** JSON with object keys sorted, so equal values compare equal whatever their order. */
function canonical(value: unknown): string {
    if (Array.isArray(value)) {
        return `[${value.map(canonical).join(",")}]`;
    }
    if (typeof value === "object" && value !== null) {
        return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(",")}}`;
    }
    return JSON.stringify(value);
}

function configOf(document: Document, file: string): YAMLMap {
    if (document.errors.length > 0) {
        throw new Error(`${file}: ${document.errors[0].message.split("\n")[0]}: fix the YAML first (npm run plan names the line)`);
    }
    const config = document.get("config");
    if (config === undefined || config === null) {
        const created = new YAMLMap();
        document.set("config", created);
        return created;
    }
    if (!isMap(config)) {
        throw new Error(`${file}: config must map keys to values`);
    }
    return config;
}

/** The stack files' `config:` entries as `namespace:name` -> { written key, value }. */
function entriesOf(stack: StackDocument): Map<string, { written: string; value: unknown }> {
    const entries = new Map<string, { written: string; value: unknown }>();
    for (const pair of stack.config.items) {
        const written = String((pair.key as { value?: unknown } | null)?.value ?? pair.key);
        const parsed = parseStackKey(written);
        if ("problem" in parsed) {
            throw new Error(`${stack.file}: ${parsed.problem}: fix the key first`);
        }
        entries.set(parsed.key, { written, value: (pair.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? pair.value });
    }
    return entries;
}

/** Pulumi.yaml's project-level values as `namespace:name` -> value (a declaration's value, or its default). */
function projectValues(config: YAMLMap, project: string): Map<string, { written: string; value: unknown }> {
    const values = new Map<string, { written: string; value: unknown }>();
    for (const pair of config.items) {
        const written = String((pair.key as { value?: unknown } | null)?.value ?? pair.key);
        const entry = (pair.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? pair.value;
        const declared = typeof entry === "object" && entry !== null && !Array.isArray(entry) && ("value" in entry || "default" in entry);
        const value = declared ? (entry as { value?: unknown; default?: unknown }).value ?? (entry as { default?: unknown }).default : entry;
        values.set(written.includes(":") ? written : `${project}:${written}`, { written, value });
    }
    return values;
}

/** A comment above a key that goes moves to the key after it, which it usually introduces too (or to the end of the block). */
function keepComment(config: YAMLMap, written: string): void {
    const index = config.items.findIndex((pair) => String((pair.key as { value?: unknown } | null)?.value ?? pair.key) === written);
    const comment = (config.items[index]?.key as { commentBefore?: string } | null)?.commentBefore;
    const next = config.items[index + 1]?.key as { commentBefore?: string } | null | undefined;
    if (comment && next && typeof next === "object") {
        next.commentBefore = next.commentBefore ? `${comment}\n${next.commentBefore}` : comment;
    } else if (comment) {
        // The last key goes: the comment stays at the end of the block rather than vanish.
        config.comment = config.comment ? `${config.comment}\n${comment}` : comment;
    }
}

/** `app:globalAccelerator.owner` -> `globalAccelerator.owner`; other namespaces keep theirs. */
function shortKey(key: string, project: string): string {
    return key.startsWith(`${project}:`) ? key.slice(project.length + 1) : key;
}

/** A stack name not taken yet: `global`, else `global-accelerator`, else numbered. */
function globalStackName(taken: readonly string[]): string {
    for (const candidate of ["global", "global-accelerator"]) {
        if (!taken.includes(candidate)) {
            return candidate;
        }
    }
    let index = 2;
    while (taken.includes(`global-${index}`)) {
        index++;
    }
    return `global-${index}`;
}

/**
 * Rewrites the previous release's stack files into today's form.
 * @param texts the project's files
 * @returns the files to write, what changed, and what to do next
 */
export function migrateProject(texts: ProjectTexts): Migration {
    const { project } = texts;
    const key = (name: string) => `${project}:${name}`;
    const changes: string[] = [];
    const nextSteps: string[] = [];
    const projectDocument = parseDocument(texts.projectFile.text);
    const projectConfig = configOf(projectDocument, texts.projectFile.name);
    const stacks: StackDocument[] = Object.entries(texts.stackFiles).sort(([a], [b]) => a.localeCompare(b)).map(([file, text]) => {
        const document = parseDocument(text);
        return { file, stack: /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1] ?? file, document, config: configOf(document, file) };
    });
    const shared = projectValues(projectConfig, project);
    const effective = (stack: StackDocument, name: string): unknown => entriesOf(stack).get(name)?.value ?? shared.get(name)?.value;
    const isGlobal = (stack: StackDocument) => effective(stack, key("scope")) === "global";
    const touched = new Set<StackDocument>();
    const remove = (stack: StackDocument, name: string) => {
        const entry = entriesOf(stack).get(name);
        if (entry !== undefined) {
            keepComment(stack.config, entry.written);
            stack.config.delete(entry.written);
            touched.add(stack);
        }
        return entry;
    };
    const set = (stack: StackDocument, name: string, value: unknown) => {
        stack.config.set(name, stack.document.createNode(value));
        touched.add(stack);
    };

    // 1. The accelerator moves out of the regional stack that owned it into a global stack.
    const owners = stacks.filter((stack) => !isGlobal(stack) && effective(stack, key("globalAccelerator.owner")) === true);
    const preexistingGlobal = stacks.some(isGlobal);
    const created: Record<string, string> = {};
    const ownerReferences = new Map<string, string>();
    for (const owner of owners) {
        const name = globalStackName([...stacks.map((stack) => stack.stack), ...Object.keys(created).map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)![1])]);
        const memberReference = stacks.map((stack) => effective(stack, key("globalAccelerator.ownerStack")))
            .find((value): value is string => typeof value === "string" && value.split("/").pop() === owner.stack);
        const reference = memberReference !== undefined ? [...memberReference.split("/").slice(0, -1), name].join("/") : `organization/${project}/${name}`;
        ownerReferences.set(owner.stack, reference);
        const moved = Object.fromEntries(acceleratorKeys.flatMap((field) => {
            const entry = remove(owner, key(`globalAccelerator.${field}`));
            return entry === undefined ? [] : [[field, entry.value]];
        }));
        remove(owner, key("globalAccelerator.owner"));
        const certificate = effective(owner, key("alb.certificateArn"));
        const ports = Array.isArray(moved.ports) && moved.ports.length > 0 ? moved.ports : listenerPorts(typeof certificate === "string" ? certificate : "");
        const file = `Pulumi.${name}.yaml`;
        const global = new Document({
            config: {
                "aws:region": globalStackRegion,
                [key("scope")]: "global",
                [key("globalAccelerator.enabled")]: true,
                [key("globalAccelerator.ports")]: ports,
                ...(moved.ipAddressType !== undefined ? { [key("globalAccelerator.ipAddressType")]: moved.ipAddressType } : {}),
                ...(moved.clientAffinity !== undefined ? { [key("globalAccelerator.clientAffinity")]: moved.clientAffinity } : {}),
            },
        });
        global.commentBefore = ` The global stack: the Global Accelerator and its TCP listener, nothing else (npm run migrate moved\n` +
            ` them here from ${owner.file}). Deploy it before the regions and destroy it after them.`;
        created[file] = global.toString(writeOptions);
        changes.push(`${file}: created: the global stack (app:scope: global, aws:region ${globalStackRegion}) now creates the accelerator, on ports ${ports.join(", ")}`);
        changes.push(`${owner.file}: removed ${key("globalAccelerator.owner")} and ${Object.keys(moved).map((field) => key(`globalAccelerator.${field}`)).join(", ") || "no other key"}: the accelerator moved to ${file}`);
        set(owner, key("globalAccelerator.globalStack"), reference);
        changes.push(`${owner.file}: set ${key("globalAccelerator.globalStack")}: ${reference}: it joins the global stack's accelerator like every region`);
        nextSteps.push(`pulumi stack init ${name}, then deploy in the order npm run plan prints: ${name} first (a new accelerator: new static IP addresses), then the regions ` +
            `(${owner.stack}'s update deletes its old accelerator)`);
        if (moved.recordName !== undefined) {
            nextSteps.push(`after ${owner.stack} is deployed (its alias record ${String(moved.recordName)} goes with its accelerator; the AWS provider refuses to create a record that exists, its allowOverwrite being off), ` +
                `add ${key("globalAccelerator.recordName")}: ${String(moved.recordName)} to ${file} and deploy ${name} again`);
        }
    }

    // 2. ownerStack becomes globalStack, pointing at the global stack when it named a migrated owner.
    for (const stack of stacks) {
        const entry = remove(stack, key("globalAccelerator.ownerStack"));
        if (entry !== undefined) {
            const named = String(entry.value);
            const reference = ownerReferences.get(named.split("/").pop() ?? named) ?? named;
            set(stack, key("globalAccelerator.globalStack"), reference);
            changes.push(`${stack.file}: ${key("globalAccelerator.ownerStack")}: ${named} became ${key("globalAccelerator.globalStack")}: ${reference}`);
        }
    }

    // 3. Values every region sets alike move to Pulumi.yaml (or go where Pulumi.yaml already has them).
    const regions = stacks.filter((stack) => !isGlobal(stack));
    if (regions.length >= 2) {
        const candidates = [...entriesOf(regions[0]).keys()].filter((name) => !regionalKeys.includes(shortKey(name, project)) &&
            !(preexistingGlobal && globalStackKeys.includes(shortKey(name, project))));
        for (const name of candidates) {
            const values = regions.map((stack) => entriesOf(stack).get(name));
            if (values.some((entry) => entry === undefined || canonical(entry.value) !== canonical(values[0]!.value))) {
                continue;
            }
            const value = values[0]!.value;
            const inProject = shared.get(name);
            if (inProject !== undefined && canonical(inProject.value) !== canonical(value)) {
                continue;
            }
            regions.forEach((stack) => remove(stack, name));
            const files = regions.map((stack) => stack.file).join(", ");
            const fallback = name.startsWith(`${project}:`) ? schemaDefault(shortKey(name, project)) : undefined;
            if (inProject === undefined && fallback !== undefined && canonical(fallback.value) === canonical(value)) {
                changes.push(`${files}: removed ${name}: ${canonical(value)} is its default (config/schema.ts)`);
            } else if (inProject === undefined) {
                projectConfig.set(shortKey(name, project), projectDocument.createNode({ value }));
                changes.push(`${texts.projectFile.name}: added ${name} (every region's stack file set it alike), removed from ${files}`);
            } else {
                changes.push(`${files}: removed ${name}: ${texts.projectFile.name} holds the same value`);
            }
        }
    }

    const files: Record<string, string> = { ...created };
    for (const stack of touched) {
        files[stack.file] = stack.document.toString(writeOptions);
    }
    if (changes.some((change) => change.startsWith(`${texts.projectFile.name}:`))) {
        files[texts.projectFile.name] = projectDocument.toString(writeOptions);
    }
    if (changes.length > 0) {
        const rewritten = [...touched].map((stack) => stack.file).join(", ");
        nextSteps.unshift(`npm run plan: it should plan clean with no deprecation warning; read the comments at the top of ${rewritten}: they still describe the old layout`);
    }
    return { files, changes, nextSteps };
}

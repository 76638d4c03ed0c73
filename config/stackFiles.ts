/**
 * Reads Pulumi.yaml and the stack files the way the Pulumi engine does for a program: the
 * project-level configuration of Pulumi.yaml first (what every stack shares), the stack file's
 * values over it, every value handed over as a string (objects and lists as JSON). Each file is
 * read and parsed once; YAML errors name the file, line and column.
 */
import * as fs from "fs";
import * as path from "path";
import { Alias, Document, LineCounter, parseDocument, visit } from "yaml";
import { ConfigError, StackConfig, validateStackConfig, ValidationResult } from "./load";
import { environmentPattern, productionEnvironment } from "./schema";
import { indentationMistake } from "./yamlIndentation";

/** The project file; Pulumi also accepts `.yml`. */
const projectFileNames = ["Pulumi.yaml", "Pulumi.yml"];

/** A stack file name: `Pulumi.<stack>.yaml` or `.yml`. */
const stackFilePattern = /^Pulumi\.(.+)\.ya?ml$/;

/** One parsed stack file. */
export interface StackFile {
    /** Stack name, e.g. `seoul`. */
    readonly stack: string;
    /** File name, e.g. `Pulumi.seoul.yaml`. */
    readonly file: string;
    /** Its `config:` block as the engine hands it over, or every reason it cannot be read. */
    readonly config: { readonly values: Readonly<Record<string, string>> } | { readonly problems: readonly string[] };
}

/** A project directory's Pulumi files, read and parsed. */
export interface ProjectFiles {
    /** The directory holding Pulumi.yaml. */
    readonly directory: string;
    /** The project name (namespace of its config keys). */
    readonly project: string;
    /** The project file's name (Pulumi.yaml). */
    readonly projectFile: string;
    /** Project-level values every stack inherits, keyed `namespace:key`. */
    readonly shared: Readonly<Record<string, string>>;
    /** Stack names, from the stack files present, sorted. */
    readonly stacks: string[];
    /** The stack files by stack name. */
    readonly stackFiles: Readonly<Record<string, StackFile>>;
}

/** A Pulumi file that cannot be read or parsed: an input error naming file, line and column. */
export class ProjectFileError extends ConfigError {
    constructor(problems: string | readonly string[]) {
        super(typeof problems === "string" ? [problems] : problems);
        this.name = "ProjectFileError";
    }
}

/**
 * The text of a Pulumi file; a path that is a directory or cannot be read is an input error
 * naming it (a folder named like a stack file is a mistake to fix, not a crash).
 * @param directory the project directory
 * @param file the file's name in it
 */
function readPulumiFile(directory: string, file: string): string {
    try {
        return fs.readFileSync(path.join(directory, file), "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new ProjectFileError(code === "EISDIR"
            ? `${file}: is a directory, not a file; Pulumi reads ${file} as a stack file, so rename or remove the directory`
            : `${file}: cannot be read (${code ?? String(error)})`);
    }
}

/**
 * True when `directory` holds a project file (Pulumi.yaml, or Pulumi.yml as the CLI also reads).
 * @param directory the folder to look in
 */
export function hasProjectFile(directory: string): boolean {
    return projectFileNames.some((name) => fs.existsSync(path.join(directory, name)));
}

/**
 * The directory holding Pulumi.yaml, searched upwards from `start`; the same whether the
 * tools run from TypeScript sources or from the compiled `bin/` tree inside the project.
 */
export function findProjectDirectory(start: string = __dirname): string {
    for (let directory = path.resolve(start); ; directory = path.dirname(directory)) {
        if (hasProjectFile(directory)) {
            return directory;
        }
        if (path.dirname(directory) === directory) {
            throw new ProjectFileError(`no Pulumi.yaml in ${start} or above: run the command inside the project, or give --project DIR`);
        }
    }
}

/**
 * Parses one YAML file; syntax errors name the file, line and column. An indentation mistake is
 * reported at the line that is wrong, in plain words: the parser often gives up a line earlier.
 */
function parseYaml(file: string, text: string): unknown {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true, lineCounter });
    const [error] = document.errors;
    if (error !== undefined) {
        const position = error.linePos?.[0];
        const indentation = indentationMistake(text);
        // The parser stops at or after the mistake, never before it.
        if (indentation !== undefined && indentation.line <= (error.linePos?.[1] ?? position)!.line + 1) {
            throw new ProjectFileError(`${file}:${indentation.line}: line ${indentation.line} ${indentation.message}`);
        }
        const where = position ? `:${position.line}:${position.col}` : "";
        throw new ProjectFileError(`${file}${where}: ${error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`);
    }
    try {
        return document.toJS();
    } catch (conversion) {
        // An alias without its anchor (or too many aliases) is found only here, as a ReferenceError.
        if (!(conversion instanceof ReferenceError)) {
            throw conversion;
        }
        const alias = firstAlias(document, conversion.message.split(": ").pop() ?? "");
        const position = alias?.range ? lineCounter.linePos(alias.range[0]) : undefined;
        throw new ProjectFileError(`${file}${position ? `:${position.line}:${position.col}` : ""}: ${conversion.message}`);
    }
}

/** The first alias to the anchor `name` in the document, for the position of an unresolved one. */
function firstAlias(document: Document, name: string): Alias | undefined {
    let found: Alias | undefined;
    visit(document, {
        Alias(_, node) {
            if (node.source === name) {
                found = node;
                return visit.BREAK;
            }
            return undefined;
        },
    });
    return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function engineString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** A key as the engine names it in Pulumi.yaml: `namespace:key`, the project's namespace when none is given. */
function qualified(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/**
 * A stack file's key as Pulumi's config parser reads it (config.ParseKey in pulumi/pulumi,
 * sdk/go/common/resource/config/key.go): `<namespace>:<name>`, or the older
 * `<namespace>:config:<name>`; anything else, a key without a namespace included, is refused
 * with Pulumi's own words. Only Pulumi.yaml may leave the project's namespace out.
 * @param key the key as written
 * @returns the key as `namespace:name`, or the refusal
 */
export function parseStackKey(key: string): { key: string } | { problem: string } {
    const parts = key.split(":");
    if (parts.length === 2) {
        return { key };
    }
    if (parts.length === 3 && parts[1] === "config") {
        return { key: `${parts[0]}:${parts[2]}` };
    }
    return { problem: `could not parse ${key} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)` };
}

/**
 * Project-level values, as the engine applies them to every stack: a key's `value`, or its
 * `default` (a typed declaration), or a plain scalar or list written as the key's value.
 */
function sharedValues(project: string, config: unknown, file: string): Record<string, string> {
    if (config === undefined || config === null) {
        return {};
    }
    if (!isRecord(config)) {
        throw new ProjectFileError(`${file}: config must map keys to values`);
    }
    const values: Record<string, string> = {};
    for (const [key, entry] of Object.entries(config)) {
        const declared = isRecord(entry) && ("value" in entry || "default" in entry || "type" in entry);
        if (isRecord(entry) && !declared) {
            throw new ProjectFileError(`${file}: config.${key} is an object: Pulumi.yaml takes structured values under value:, e.g. ${key}: { value: {...} }`);
        }
        const value = declared ? (entry as { value?: unknown; default?: unknown }).value ?? (entry as { default?: unknown }).default : entry;
        if (value !== undefined && value !== null) {
            values[qualified(project, key)] = engineString(value);
        }
    }
    return values;
}

/** Reads one stack file's `config:` block; a file that cannot be used offline says why. */
function readStackFile(directory: string, project: string, stack: string, file: string): StackFile {
    let parsed: unknown;
    let text: string;
    try {
        text = readPulumiFile(directory, file);
        parsed = parseYaml(file, text);
    } catch (error) {
        if (error instanceof ConfigError) {
            return { stack, file, config: { problems: error.problems } };
        }
        throw error;
    }
    const config = isRecord(parsed) ? parsed.config : undefined;
    if (parsed !== null && parsed !== undefined && !isRecord(parsed)) {
        return { stack, file, config: { problems: [`${file}: must be a YAML mapping with a config: block`] } };
    }
    if (config !== undefined && config !== null && !isRecord(config)) {
        return { stack, file, config: { problems: [`${file}: config must map keys to values`] } };
    }
    const values: Record<string, string> = {};
    const problems: string[] = [];
    for (const [key, value] of Object.entries(config ?? {})) {
        const parsedKey = parseStackKey(key);
        if ("problem" in parsedKey) {
            const line = lineOfKey(text, key);
            const fix = key.includes(":") ? "" : `: write ${project}:${key}`;
            problems.push(`${file}${line ? `:${line}` : ""}: ${parsedKey.problem}${fix}`);
        } else if (isRecord(value) && "secure" in value) {
            problems.push(`${file}: ${key} is a secret; the offline plan cannot decrypt it (run pulumi preview instead)`);
        } else {
            values[parsedKey.key] = engineString(value);
        }
    }
    return { stack, file, config: problems.length > 0 ? { problems } : { values } };
}

/** The line of the first `key:` under config: (for messages), or undefined when not found. */
function lineOfKey(text: string, key: string): number | undefined {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const index = text.split(/\r?\n/).findIndex((line) => new RegExp(`^\\s+["']?${escaped}["']?\\s*:`).test(line));
    return index < 0 ? undefined : index + 1;
}

/** Reads the project in `directory`: Pulumi.yaml and every stack file, each parsed once. */
export function readProject(directory: string): ProjectFiles {
    const projectFile = projectFileNames.find((name) => fs.existsSync(path.join(directory, name)));
    if (projectFile === undefined) {
        throw new ProjectFileError(`${directory}: no Pulumi.yaml here`);
    }
    const parsed = parseYaml(projectFile, readPulumiFile(directory, projectFile));
    const project = isRecord(parsed) ? parsed.name : undefined;
    if (typeof project !== "string" || project === "") {
        throw new ProjectFileError(`${projectFile}: name is required: the project's name, the namespace of its config keys`);
    }
    const shared = sharedValues(project, isRecord(parsed) ? parsed.config : undefined, projectFile);
    const files = fs.readdirSync(directory).filter((file) => stackFilePattern.test(file) && !projectFileNames.includes(file)).sort();
    const stackFiles: Record<string, StackFile> = {};
    for (const file of files) {
        const stack = stackFilePattern.exec(file)![1];
        if (stackFiles[stack] !== undefined) {
            throw new ProjectFileError(`${file}: stack ${stack} also has ${stackFiles[stack].file}; keep one`);
        }
        stackFiles[stack] = readStackFile(directory, project, stack, file);
    }
    return { directory, project, projectFile, shared, stacks: Object.keys(stackFiles).sort(), stackFiles };
}

/** What the engine would hand the program for `stack`, and which file each value came from. */
export function stackValues(files: ProjectFiles, stack: string): { values: Record<string, string>; origins: Record<string, string> } {
    const stackFile = files.stackFiles[stack];
    if (stackFile === undefined) {
        throw new ProjectFileError(`no stack file for ${stack} (have: ${files.stacks.join(", ") || "none"})`);
    }
    if ("problems" in stackFile.config) {
        throw new ProjectFileError(stackFile.config.problems);
    }
    const origins: Record<string, string> = {};
    for (const key of Object.keys(files.shared)) {
        origins[key] = files.projectFile;
    }
    for (const key of Object.keys(stackFile.config.values)) {
        origins[key] = stackFile.file;
    }
    return { values: { ...files.shared, ...stackFile.config.values }, origins };
}

/**
 * The environment a stack's files name (`app:environment`, or the default), when they can be
 * read and name a valid one; undefined otherwise. For stacks whose configuration has errors:
 * the cross-stack checks of that environment cannot run without them.
 * @param files the project's files
 * @param stack the stack
 */
export function declaredEnvironment(files: ProjectFiles, stack: string): string | undefined {
    const stackFile = files.stackFiles[stack];
    if (stackFile === undefined || "problems" in stackFile.config) {
        return undefined;
    }
    const environment = stackValues(files, stack).values[`${files.project}:environment`] ?? productionEnvironment;
    return environmentPattern.test(environment) ? environment : undefined;
}

/** The configuration the engine would hand the program for `stack`. */
export function readStackConfig(files: ProjectFiles, stack: string): Record<string, string> {
    return stackValues(files, stack).values;
}

/** Every stack's validation: its configuration when valid, its problems, and advice. */
export interface ProjectValidation {
    /** The stacks whose configuration is valid. */
    readonly configs: StackConfig[];
    /** Every problem of every file, each naming file and key. */
    readonly problems: string[];
    /** Advice, each naming file and key. */
    readonly warnings: string[];
}

/** One stack's validation from the project's files, with the file each value came from. */
export function validateStackFile(files: ProjectFiles, stack: string): ValidationResult & { readonly origins: Record<string, string> } {
    const { values, origins } = stackValues(files, stack);
    return { ...validateStackConfig({ stack, project: files.project, values, origins, stackFile: files.stackFiles[stack].file }), origins };
}

/** Validates every stack file of the project, collecting every problem and warning. */
export function validateProject(files: ProjectFiles): ProjectValidation {
    const configs: StackConfig[] = [];
    const problems: string[] = [];
    const warnings: string[] = [];
    for (const stack of files.stacks) {
        try {
            const result = validateStackFile(files, stack);
            problems.push(...result.problems);
            warnings.push(...result.warnings);
            if (result.config) {
                configs.push(result.config);
            }
        } catch (error) {
            if (!(error instanceof ConfigError)) {
                throw error;
            }
            problems.push(...error.problems);
        }
    }
    return { configs, problems, warnings };
}

/**
 * Reads and validates every stack file of the project; throws one ConfigError listing every
 * problem of every file (a file that cannot be read offline counts as a problem).
 */
export function loadAllStackConfigs(files: ProjectFiles): StackConfig[] {
    const { configs, problems } = validateProject(files);
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    return configs;
}

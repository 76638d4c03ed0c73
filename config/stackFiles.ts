/**
 * Reads Pulumi.yaml and the stack files the way the Pulumi engine does for a program: project
 * config defaults first, the stack file's values over them, every value handed over as a
 * string (objects and lists as JSON).
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ConfigError, StackConfig, validateStackConfig } from "./load";

/** A project directory's Pulumi files. */
export interface ProjectFiles {
    /** The directory holding Pulumi.yaml. */
    readonly directory: string;
    /** The project name (namespace of its config keys). */
    readonly project: string;
    /** Stack names, from the `Pulumi.<stack>.yaml` files present. */
    readonly stacks: string[];
}

/**
 * The directory holding Pulumi.yaml, searched upwards from `start`; the same whether the
 * tools run from TypeScript sources or from the compiled `bin/` tree inside the project.
 */
export function findProjectDirectory(start: string = __dirname): string {
    for (let directory = path.resolve(start); ; directory = path.dirname(directory)) {
        if (fs.existsSync(path.join(directory, "Pulumi.yaml"))) {
            return directory;
        }
        if (path.dirname(directory) === directory) {
            throw new Error(`no Pulumi.yaml in ${start} or above`);
        }
    }
}

/** Reads the project in `directory`. */
export function readProject(directory: string): ProjectFiles {
    const projectFile = parse(fs.readFileSync(path.join(directory, "Pulumi.yaml"), "utf8")) as { name?: string };
    if (!projectFile?.name) {
        throw new Error(`${path.join(directory, "Pulumi.yaml")} has no project name`);
    }
    const stacks = fs.readdirSync(directory)
        .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
    return { directory, project: projectFile.name, stacks };
}

function engineString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** A key as the engine names it: `namespace:key`, the project's namespace when none is given. */
function qualified(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/**
 * The configuration the engine would hand the program for `stack`: declared defaults from
 * Pulumi.yaml, then the stack file's values. Secure (encrypted) values cannot be read offline
 * and are reported by name.
 */
export function readStackConfig(files: ProjectFiles, stack: string): Record<string, string> {
    const project = parse(fs.readFileSync(path.join(files.directory, "Pulumi.yaml"), "utf8")) as { config?: Record<string, unknown> };
    const values: Record<string, string> = {};
    for (const [key, declaration] of Object.entries(project.config ?? {})) {
        const isSchema = typeof declaration === "object" && declaration !== null && !Array.isArray(declaration);
        const value = isSchema ? (declaration as { default?: unknown; value?: unknown }).default ?? (declaration as { value?: unknown }).value : declaration;
        if (value !== undefined) {
            values[qualified(files.project, key)] = engineString(value);
        }
    }
    const stackFile = path.join(files.directory, `Pulumi.${stack}.yaml`);
    const stackConfig = (parse(fs.readFileSync(stackFile, "utf8")) as { config?: Record<string, unknown> } | null)?.config ?? {};
    for (const [key, value] of Object.entries(stackConfig)) {
        if (typeof value === "object" && value !== null && "secure" in value) {
            throw new Error(`Pulumi.${stack}.yaml: ${key} is a secret; the offline plan cannot decrypt it (run pulumi preview instead)`);
        }
        values[qualified(files.project, key)] = engineString(value);
    }
    return values;
}

/**
 * Reads and validates every stack file of the project; throws one ConfigError listing every
 * problem of every file (a file that cannot be read offline counts as a problem).
 */
export function loadAllStackConfigs(files: ProjectFiles): StackConfig[] {
    const configs: StackConfig[] = [];
    const problems: string[] = [];
    for (const stack of files.stacks) {
        try {
            const result = validateStackConfig({ stack, project: files.project, values: readStackConfig(files, stack) });
            problems.push(...result.problems);
            if (result.config) {
                configs.push(result.config);
            }
        } catch (error) {
            problems.push(error instanceof Error ? error.message : String(error));
        }
    }
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    return configs;
}

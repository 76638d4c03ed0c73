/**
 * Writes the configuration reference derived from config/schema.ts into
 * Pulumi.yaml (its `config:` declarations) and README.md (between the reference markers).
 * `--check` writes nothing and exits 1 when either file is out of date.
 */
import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { projectConfigDeclarations, readmeConfigTable } from "../config/reference";

export const projectName = "app";
const root = path.resolve(__dirname, "..");
const markers = { start: "<!-- config-reference:start -->", end: "<!-- config-reference:end -->" };

/** Pulumi.yaml as generated from the schema. */
export function expectedProjectFile(): string {
    const header = [
        "# Generated from config/schema.ts by `npm run config:generate`: edit the schema, not this file.",
        "# Keyed maps (app:targetGroups, app:listenerRules, app:tags) are objects, which Pulumi.yaml",
        "# cannot declare; the README's configuration reference documents them.",
    ].join("\n");
    return `${header}\n${stringify({
        name: projectName,
        description: "One web service in several AWS regions: regional ALB stacks, Route 53 failover, weighted and latency records, optional Global Accelerator.",
        runtime: { name: "nodejs", options: { packagemanager: "npm" } },
        config: projectConfigDeclarations(),
    }, { lineWidth: 0 })}`;
}

/** README.md with the reference section replaced by the generated table. */
export function expectedReadme(current: string): string {
    const start = current.indexOf(markers.start);
    const end = current.indexOf(markers.end);
    if (start < 0 || end < start) {
        throw new Error(`README.md lacks the markers ${markers.start} ... ${markers.end}`);
    }
    return `${current.slice(0, start + markers.start.length)}\n${readmeConfigTable(projectName)}\n${current.slice(end)}`;
}

function main(): void {
    const check = process.argv.includes("--check");
    const readmePath = path.join(root, "README.md");
    const files: [string, string][] = [
        [path.join(root, "Pulumi.yaml"), expectedProjectFile()],
        [readmePath, expectedReadme(fs.readFileSync(readmePath, "utf8"))],
    ];
    let stale = 0;
    for (const [file, content] of files) {
        const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
        if (current === content) {
            continue;
        }
        stale++;
        if (check) {
            console.error(`${path.relative(root, file)} is out of date: run npm run config:generate`);
        } else {
            fs.writeFileSync(file, content);
            console.log(`wrote ${path.relative(root, file)}`);
        }
    }
    process.exitCode = check && stale > 0 ? 1 : 0;
}

if (require.main === module) {
    main();
}

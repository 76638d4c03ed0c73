/**
 * Writes the files derived from the code: the configuration reference (from config/schema.ts)
 * into README.md between its markers, and the AWS facts the policy pack reads (from domain/)
 * into policy/facts.json, so that the pack stays self-contained for `pulumi policy publish`.
 * `--check` writes nothing and exits 1 when any file is out of date.
 */
import * as fs from "fs";
import * as path from "path";
import { readmeConfigTable } from "../config/reference";
import { policyFacts } from "../config/policyFacts";

export const projectName = "app";
const root = path.resolve(__dirname, "..");
const markers = { start: "<!-- config-reference:start -->", end: "<!-- config-reference:end -->" };

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
        [path.join(root, "policy", "facts.json"), `${JSON.stringify(policyFacts(), null, 2)}\n`],
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

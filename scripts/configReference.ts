/**
 * Writes the files derived from the code: the configuration reference (from config/schema.ts)
 * into docs/configuration.md between its markers, and the AWS facts the policy pack reads (from
 * domain/) into policy/facts.json, so that the pack stays self-contained for `pulumi policy
 * publish`. `--check` writes nothing and exits 1 when any file is out of date.
 */
import * as fs from "fs";
import * as path from "path";
import { readmeConfigTable } from "../config/reference";
import { policyFacts } from "../config/policyFacts";
import { withRegion } from "./markedRegions";

export const projectName = "app";
const root = path.resolve(__dirname, "..");

/** Where the configuration reference lives. */
export const configurationDoc = path.join(root, "docs", "configuration.md");

/** docs/configuration.md with its reference region holding the table generated from the schema. */
export function expectedConfigurationDoc(current: string): string {
    return withRegion(current, "config-reference", readmeConfigTable(projectName), "docs/configuration.md");
}

function main(): void {
    const check = process.argv.includes("--check");
    const files: [string, string][] = [
        [path.join(root, "policy", "facts.json"), `${JSON.stringify(policyFacts(), null, 2)}\n`],
        [configurationDoc, expectedConfigurationDoc(fs.readFileSync(configurationDoc, "utf8"))],
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

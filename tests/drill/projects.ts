/** Variants of the project's stack files in temporary directories, for drills of other setups. */
import * as fs from "node:fs";
import * as path from "node:path";
import { projectDir, temporaryDirectory } from "./fakes";

/** A line of a stack file replaced by another. */
export type Edit = readonly [from: string, to: string];

/** Copies Pulumi.yaml and the stack files to a temporary directory, applying `edits` per file; each edit must match. */
export function projectVariant(edits: Readonly<Record<string, readonly Edit[]>>): string {
    const directory = temporaryDirectory();
    for (const file of fs.readdirSync(projectDir).filter((name) => /^Pulumi(\.[a-z0-9-]+)?\.yaml$/.test(name))) {
        let text = fs.readFileSync(path.join(projectDir, file), "utf8");
        for (const [from, to] of edits[file] ?? []) {
            if (!text.includes(from)) {
                throw new Error(`projectVariant: ${file} has no line ${from}`);
            }
            text = text.replace(from, to);
        }
        fs.writeFileSync(path.join(directory, file), text);
    }
    return directory;
}

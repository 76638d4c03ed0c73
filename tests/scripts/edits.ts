/**
 * Source edits for the scratch projects of the typecheck and check tests, which run their checks
 * in the test's own process, milliseconds apart, and whether a run checked the types.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Where scripts/typecheck.js keeps tsc's build record, under a project's folder. */
const buildRecord = ["node_modules", ".cache", "typecheck", "tsconfig.tsbuildinfo"];

/**
 * Writes `src/<name>` of the project in `directory` as an edit made after its last check. tsc's
 * build mode calls a project up to date when no source file is newer than its build record, and
 * compares the times in milliseconds: a file written within a millisecond of the last check would
 * look as old as the record (tsc's "newest input is older than output"). Its time is set past the
 * record's.
 * @param directory the scratch project
 * @param name the file's name under src/
 * @param text its new text
 */
export function editSource(directory: string, name: string, text: string): void {
    const file = path.join(directory, "src", name);
    fs.writeFileSync(file, text);
    const record = fs.statSync(path.join(directory, ...buildRecord), { throwIfNoEntry: false });
    // tsc compares the Dates of fs.statSync, which Node rounds to the millisecond.
    if (record !== undefined && fs.statSync(file).mtime.getTime() <= record.mtime.getTime()) {
        const later = new Date(record.mtime.getTime() + 1);
        fs.utimesSync(file, later, later);
    }
}

/**
 * Runs `work` on the project in `directory` and says whether it made tsc check the types: tsc
 * rewrites its build record whenever it checked, and build mode leaves it alone when the project
 * was up to date.
 * @param directory the scratch project
 * @param work a typecheck or check run
 */
export async function checking<T>(directory: string, work: () => T | Promise<T>): Promise<T & { checked: boolean }> {
    const record = path.join(directory, ...buildRecord);
    const before = fs.existsSync(record) ? fs.statSync(record).mtimeMs : undefined;
    const result = await work();
    const after = fs.existsSync(record) ? fs.statSync(record).mtimeMs : undefined;
    return { ...result, checked: after !== before };
}

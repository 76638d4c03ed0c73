/**
 * The scratch projects of the typecheck and check tests: laid out as this one is, edited as a user
 * edits (the tests run their checks in their own process, milliseconds apart), and whether a run
 * checked the types.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");

/** Where scripts/typecheck.js keeps tsc's build record, under a project's folder. */
const buildRecord = ["node_modules", ".cache", "typecheck", "tsconfig.tsbuildinfo"];

/**
 * A project with one source file (src/a.ts), a strict tsconfig.json over src/, this project's
 * tsconfig.typecheck.json and the given files copied from it, and the given packages linked from
 * its node_modules (an install recorded in node_modules/.package-lock.json).
 * @param options what it holds
 * @param options.prefix the temporary folder's name prefix
 * @param options.lib the TypeScript `lib` the scratch checks against
 * @param options.copied files of this project to copy, by path from its root
 * @param options.linked packages of this project's node_modules to link
 */
export function scratchProject(options: { readonly prefix: string; readonly lib: string; readonly copied: readonly string[]; readonly linked: readonly string[] }): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), options.prefix));
    for (const file of ["tsconfig.typecheck.json", ...options.copied]) {
        fs.mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
        fs.copyFileSync(path.join(root, file), path.join(directory, file));
    }
    fs.writeFileSync(path.join(directory, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, types: [], lib: [options.lib] }, include: ["src/**/*.ts"] }));
    fs.mkdirSync(path.join(directory, "src"));
    fs.writeFileSync(path.join(directory, "src", "a.ts"), "export const a: number = 1;\n");
    for (const name of options.linked) {
        fs.mkdirSync(path.dirname(path.join(directory, "node_modules", name)), { recursive: true });
        fs.symlinkSync(path.join(root, "node_modules", name), path.join(directory, "node_modules", name), "dir");
    }
    fs.writeFileSync(path.join(directory, "node_modules", ".package-lock.json"), "{\"install\": 1}\n");
    return directory;
}

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

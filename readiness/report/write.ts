/** Writes the readiness report beside each other as HTML and JSON, at fixed names a CI job can upload. */
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { ReadinessReport } from "../types";
import { renderReadinessHtml } from "./html";

/** Where the report was written. */
export interface WrittenReadiness {
    /** `readiness.html`. */
    readonly html: string;
    /** `readiness.json`. */
    readonly json: string;
}

/** Writes `readiness.html` and `readiness.json` into `directory` (created if needed). */
export async function writeReadinessReport(report: ReadinessReport, directory: string): Promise<WrittenReadiness> {
    await fs.mkdir(directory, { recursive: true });
    const files = { html: path.join(directory, "readiness.html"), json: path.join(directory, "readiness.json") };
    await fs.writeFile(files.html, renderReadinessHtml(report));
    await fs.writeFile(files.json, `${JSON.stringify(report, null, 2)}\n`);
    return files;
}

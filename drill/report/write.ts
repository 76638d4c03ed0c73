/** Writes a drill report as JSON, Markdown and self-contained HTML side by side. */
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { renderReportHtml } from "./html";
import { renderMarkdown } from "./markdown";
import { DrillReport } from "./types";

/** Where a report was written. */
export interface WrittenReport {
    /** The JSON file. */
    readonly json: string;
    /** The Markdown file. */
    readonly markdown: string;
    /** The HTML file (timelines and charts; opens without network). */
    readonly html: string;
}

/** Writes `drill-<stack>-<time>.json`, `.md` and `.html` into `directory` (created if needed). */
export async function writeReport(report: DrillReport, directory: string): Promise<WrittenReport> {
    await fs.mkdir(directory, { recursive: true });
    const stamp = report.startedAt.replace(/[:.]/g, "-");
    const base = path.join(directory, `drill-${report.target.stack}-${stamp}`);
    const files = { json: `${base}.json`, markdown: `${base}.md`, html: `${base}.html` };
    await fs.writeFile(files.json, `${JSON.stringify(report, null, 2)}\n`);
    await fs.writeFile(files.markdown, renderMarkdown(report));
    await fs.writeFile(files.html, renderReportHtml(report));
    return files;
}

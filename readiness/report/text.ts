/** The readiness report for people: one line per check under its heading, the verdict last, on one line. */
import { categoryTitles, checkCategories, CheckStatus, ReadinessReport } from "../types";

/** How each status reads in the text report (failures and unreadable checks stand out). */
export const statusLabels: Readonly<Record<CheckStatus, string>> = { ok: "ok", fail: "FAIL", warn: "warn", unreadable: "UNREADABLE", skipped: "skip" };

const labelWidth = Math.max(...Object.values(statusLabels).map((label) => label.length));

/** The report as text, ending with the verdict's line. */
export function renderReadinessText(report: ReadinessReport): string {
    const sections = checkCategories.flatMap((category) => {
        const rows = report.checks.filter((check) => check.category === category);
        return rows.length === 0 ? [] : [categoryTitles[category], ...rows.map((check) => `  ${statusLabels[check.status].padEnd(labelWidth)}  ${check.subject}: ${check.detail}`), ""];
    });
    return [`Readiness of ${report.project}, read-only, at ${report.checkedAt}`, "", ...sections, report.summary, ""].join("\n");
}

/** The reads of the readiness check as a Markdown table (docs/readiness.md holds it; a test keeps the two in step). */
export function permissionsTable(permissions: readonly { action: string; resource: string; region: string; usedFor: string }[]): string {
    return [
        "| IAM action (the API call of the same name) | Resource | Called in | For |",
        "| --- | --- | --- | --- |",
        ...permissions.map((permission) => `| \`${permission.action}\` | \`${permission.resource}\` | ${permission.region} | ${permission.usedFor} |`),
    ].join("\n");
}

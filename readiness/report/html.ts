/**
 * The readiness report as one self-contained HTML page, like the drill's report
 * (drill/report/html.ts): no script, no request leaves the page (a Content-Security-Policy forbids
 * any), one table per kind of check, the verdict first.
 */
import { baseStyle, escapeHtml, pageHead } from "../../drill/report/html";
import { categoryTitles, checkCategories, ReadinessReport } from "../types";
import { statusLabels } from "./text";

const style = `${baseStyle}.status, .verdict { padding: 1px 8px; border-radius: 4px; color: #fff; background: #666; white-space: nowrap; }
.status.ok, .verdict.ready { background: #2f8a4c; } .status.fail, .verdict.not-ready { background: #c23b36; }
.status.unreadable, .verdict.unknown { background: #8a4b00; } .status.warn { background: #b58900; } .status.skipped { background: #888; }
`;

function section(report: ReadinessReport, category: (typeof checkCategories)[number]): string {
    const rows = report.checks.filter((check) => check.category === category);
    if (rows.length === 0) {
        return "";
    }
    const body = rows.map((check) => `<tr class="check" data-id="${escapeHtml(check.id)}" data-status="${check.status}"><td><span class="status ${check.status}">${escapeHtml(statusLabels[check.status])}</span></td>` +
        `<td>${escapeHtml(check.subject)}</td><td>${escapeHtml(check.detail)}${check.needs ? `<br><small>needs ${escapeHtml(check.needs)}</small>` : ""}</td></tr>`).join("");
    return `<section data-category="${category}"><h2>${escapeHtml(categoryTitles[category])}</h2><table><thead><tr><th>Status</th><th>Checked</th><th>Read</th></tr></thead><tbody>${body}</tbody></table></section>`;
}

/** The page. */
export function renderReadinessHtml(report: ReadinessReport): string {
    return `${pageHead(`Readiness of ${report.project}`, style, false)}<body>
<h1>Would failover work now? ${escapeHtml(report.project)}</h1>
<p>Read-only checks of the deployed stacks and the account at ${escapeHtml(report.checkedAt)} (<code>npm run readiness</code>).</p>
<section id="verdict" data-verdict="${report.verdict}"><h2>Verdict: <span class="verdict ${report.verdict}">${escapeHtml(report.verdict.toUpperCase())}</span></h2><p>${escapeHtml(report.summary)}</p></section>
${checkCategories.map((category) => section(report, category)).filter((html) => html !== "").join("\n")}
</body>
</html>
`;
}

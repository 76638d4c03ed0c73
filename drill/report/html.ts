/**
 * The drill report as one self-contained HTML file: no request leaves the page when it is
 * opened (Chart.js and its annotation plugin are inlined from node_modules, the data is inline
 * JSON, and a Content-Security-Policy forbids any fetch). Tables carry the same facts as the
 * charts, one row per signal, so the page reads without scripts too.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatSeconds } from "./text";
import { ReportView, TimelinePhase, TimelineRow, viewOfReport, viewOfSimulation } from "./timelineView";
import { DrillReport } from "./types";
import type { Simulation } from "../simulate/simulate";

/** The page's own script: beside this module, or beside its source when this module was compiled into bin/. */
function clientScriptFile(): string {
    const candidates = [path.join(__dirname, "htmlClient.js"), path.resolve(__dirname, "..", "..", "..", "drill", "report", "htmlClient.js")];
    return candidates.find((file) => fs.existsSync(file)) ?? candidates[0];
}

/** The browser builds of the charting libraries, read from node_modules, and the page's script. */
function pageScripts(): string[] {
    const chart = path.join(path.dirname(require.resolve("chart.js")), "chart.umd.min.js");
    const annotation = path.join(path.dirname(require.resolve("chartjs-plugin-annotation")), "chartjs-plugin-annotation.min.js");
    return [chart, annotation, clientScriptFile()].map((file) => fs.readFileSync(file, "utf8"));
}

/** Text made safe for HTML. */
export function escapeHtml(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A script body that cannot close its own tag. */
function inlineScript(code: string): string {
    return `<script>${code.replace(/<\/script/gi, "<\\/script")}</script>`;
}

/** JSON safe inside a <script type="application/json"> element. */
function inlineJson(value: unknown): string {
    return JSON.stringify(value).replace(/</g, "\\u003c");
}

function table(headers: readonly string[], rows: readonly string[][], attributes: (index: number) => string = () => ""): string {
    const head = headers.some((header) => header !== "") ? `<thead><tr>${headers.map((header) => `<th>${escapeHtml(header)}</th>`).join("")}</tr></thead>` : "";
    return `<table>${head}<tbody>` +
        rows.map((row, index) => `<tr${attributes(index)}>${row.map((cell) => `<td>${cell}</td>`).join("")}</tr>`).join("") + "</tbody></table>";
}

function at(seconds: number | null): string {
    return seconds === null ? "-" : `+${formatSeconds(seconds)}`;
}

function verdictCell(row: TimelineRow): string {
    return row.verdict === undefined ? "predicted" : `<span class="verdict ${row.verdict}">${row.verdict}</span>`;
}

function values(row: TimelineRow): string {
    return row.segments.map((segment) => `${escapeHtml(segment.value)} <small>(${at(segment.from)})</small>`).join(" &rarr; ");
}

function phaseSection(phase: TimelinePhase): string {
    const height = 90 + phase.rows.length * 30;
    const rows = phase.rows.map((row) => [
        `<code>${escapeHtml(row.id)}</code><br><small>${escapeHtml(row.description)}</small>`, escapeHtml(row.client), row.path === "route53" ? "DNS" : "Global Accelerator",
        values(row), at(row.predictedAt), at(row.measuredAt), verdictCell(row), escapeHtml(row.notes.join("; ")),
    ]);
    return `<section class="phase" data-phase="${phase.phase}" data-rows="${phase.rows.length}">
<h2>${escapeHtml(phase.title)}</h2>
<p>Lever: ${phase.levers.map((lever) => `${escapeHtml(lever.label)} at ${at(lever.at)}`).join("; ")}.</p>
<div class="chart" style="height:${height}px"><canvas class="timeline" role="img" aria-label="Timeline of every signal in the ${phase.phase} phase"></canvas></div>
${table(["Signal", "Client", "Path", "Values (from)", "Predicted at", "Measured at", "Verdict", "Notes"], rows, (index) => ` class="signal" data-signal="${escapeHtml(phase.rows[index].id)}"`)}
</section>`;
}

function rowsWhere(view: ReportView, keep: (row: TimelineRow) => boolean): { phase: string; row: TimelineRow }[] {
    return view.phases.flatMap((phase) => phase.rows.filter(keep).map((row) => ({ phase: phase.phase, row })));
}

function guardsSection(view: ReportView): string {
    const guards = rowsWhere(view, (row) => row.guard);
    const body = guards.length === 0 ? "<p>No guards: no other region has a health check or endpoint group to watch.</p>"
        : table(["Phase", "Guard", "Values", "Verdict", "Notes"], guards.map(({ phase, row }) => [phase, `<code>${escapeHtml(row.id)}</code><br><small>${escapeHtml(row.description)}</small>`, values(row), verdictCell(row), escapeHtml(row.notes.join("; "))]));
    return `<section id="guards"><h2>Guards</h2><p>Other regions must stay healthy while one is out; if one stops being healthy the drill restores at once.</p>${body}</section>`;
}

function alarmsSection(view: ReportView): string {
    const alarms = rowsWhere(view, (row) => row.alarm);
    const body = alarms.length > 0
        ? table(["Phase", "Alarm", "States", "Verdict"], alarms.map(({ phase, row }) => [phase, `<code>${escapeHtml(row.id)}</code>`, values(row), verdictCell(row)]))
        : `<p>${view.source === "predicted" ? "The model does not predict CloudWatch alarms; a real drill lists the alarms it watched here." : "No CloudWatch alarm was watched in this drill."}</p>`;
    return `<section id="alarms"><h2>Alarms</h2>${body}</section>`;
}

function verdictSection(view: ReportView): string {
    const judged = rowsWhere(view, (row) => row.verdict !== undefined);
    const failed = judged.filter(({ row }) => row.verdict === "fail").length;
    const detail = view.source === "measured"
        ? `${judged.length - failed} of ${judged.length} signal checks passed${failed > 0 ? `; ${failed} failed` : ""}.`
        : view.paths.map((path) => `${path.label} ${formatSeconds(path.predictedSeconds)}`).join("; ") + ` (objective ${view.objectiveSeconds} s).`;
    return `<section id="verdict" data-outcome="${escapeHtml(view.outcome)}"><h2>Verdict: <span class="outcome ${escapeHtml(view.outcome)}">${escapeHtml(view.outcome.toUpperCase())}</span></h2><p>${escapeHtml(view.summary)}</p><p>${escapeHtml(detail)}</p></section>`;
}

/** One failover path after a real regional failure, as the page shows it. */
export interface FailoverPathRow {
    /** The path's key in the prediction, e.g. `alarm`. */
    readonly key: string;
    /** Its name for people, e.g. `Alarm (the region answers /health but serves badly)`. */
    readonly label: string;
    /** Predicted worst case, seconds. */
    readonly totalSeconds: number;
    /** The terms it adds up, e.g. `detection 30 s + TTL 60 s`; empty when the report holds only the total. */
    readonly terms: string;
    /** Whether the total is within the recovery-time objective. */
    readonly withinObjective: boolean;
}

/** Names of the paths the prediction knows; a path added later shows under its key. */
const pathNames: Readonly<Record<string, string>> = {
    dns: "DNS (Route 53 endpoint check)",
    globalAccelerator: "Global Accelerator",
    alarm: "Alarm (the region answers /health but serves badly)",
    routingControl: "Routing control (switched off on purpose; counted from the flip)",
};

/** `detectionSeconds` -> `detection`, `ttlSeconds` -> `TTL`, `route53Seconds` -> `Route 53`. */
function termName(field: string): string {
    const known: Readonly<Record<string, string>> = { ttlSeconds: "TTL", route53Seconds: "Route 53" };
    return known[field] ?? field.replace(/Seconds$/, "").replace(/([a-z])([A-Z0-9])/g, "$1 $2").toLowerCase();
}

/**
 * Every failover path `drill simulate` predicts (the text report's "Failover after a real
 * regional failure"), with its terms and whether it is within the objective.
 * @param simulation the simulation
 */
export function failoverPathsOfSimulation(simulation: Simulation): FailoverPathRow[] {
    const { failover, recoveryTimeObjectiveSeconds: objective } = simulation.prediction;
    const within = simulation.withinObjective as Readonly<Record<string, boolean | undefined>>;
    return Object.entries(failover as unknown as Record<string, Record<string, number> | undefined>)
        .filter((entry): entry is [string, Record<string, number>] => entry[1] !== undefined && within[entry[0]] !== undefined)
        .map(([key, path]) => ({
            key,
            label: pathNames[key] ?? key,
            totalSeconds: path.totalSeconds,
            terms: Object.entries(path).filter(([field, value]) => field !== "totalSeconds" && typeof value === "number").map(([field, value]) => `${termName(field)} ${formatSeconds(value)}`).join(" + "),
            withinObjective: within[key] ?? path.totalSeconds <= objective,
        }));
}

/**
 * The failover paths a real drill's report predicted (`predictedFailoverSeconds`), each judged
 * against the report's recovery-time objective.
 * @param report the drill's report
 */
export function failoverPathsOfReport(report: DrillReport): FailoverPathRow[] {
    return Object.entries(report.predictedFailoverSeconds as Readonly<Record<string, number | undefined>>)
        .filter((entry): entry is [string, number] => typeof entry[1] === "number")
        .map(([key, totalSeconds]) => ({ key, label: pathNames[key] ?? key, totalSeconds, terms: "", withinObjective: totalSeconds <= report.recoveryTimeObjectiveSeconds }));
}

function failoverSection(rows: readonly FailoverPathRow[], objectiveSeconds: number): string {
    const body = rows.length === 0 ? "<p>No failover path predicted.</p>" : table(["Path", "Predicted worst case", "Terms", `Within the ${objectiveSeconds} s objective`], rows.map((row) => [
        escapeHtml(row.label), formatSeconds(row.totalSeconds), escapeHtml(row.terms || "-"),
        `<span class="verdict ${row.withinObjective ? "pass" : "fail"}">${row.withinObjective ? "within" : "OVER"}</span>`,
    ]), (index) => ` data-path="${escapeHtml(rows[index].key)}" data-within="${rows[index].withinObjective}"`);
    return `<section id="failover"><h2>Failover after a real regional failure (predicted)</h2>
<p>How long each way out of a failed region takes in the worst case, from the stacks' settings.</p>${body}</section>`;
}

const style = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1d1d1d; max-width: 1400px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 28px; }
table { border-collapse: collapse; margin: 8px 0; width: 100%; } th, td { border: 1px solid #d6d6d6; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f2f4f7; } code { font-size: 12px; } small { color: #555; }
.chart { position: relative; width: 100%; margin: 8px 0 12px; }
.outcome, .verdict { padding: 1px 8px; border-radius: 4px; color: #fff; background: #666; }
.outcome.passed, .verdict.pass { background: #2f8a4c; } .outcome.failed, .verdict.fail, .outcome.error { background: #c23b36; }
.outcome.predicted { background: #3b6fb6; } .warnings li { color: #8a4b00; }
`;

/**
 * The page for a view.
 * @param view what the page shows
 * @param failover the failover paths after a real regional failure
 * @default failover none
 */
export function renderHtml(view: ReportView, failover: readonly FailoverPathRow[] = []): string {
    const [chart, annotation, client] = pageScripts();
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(view.title)}</title>
<style>${style}</style>
</head>
<body data-source="${view.source}">
<h1>${escapeHtml(view.title)}</h1>
<p>${view.source === "measured" ? "Measured in a real drill, with the model's predictions beside each signal." : "Predicted by <code>drill simulate</code> from the stack files; no AWS call was made."}</p>
${table(["", ""], view.facts.map(([label, value]) => [escapeHtml(label), escapeHtml(value)]))}
${view.warnings.length > 0 ? `<section class="warnings"><h2>Warnings</h2><ul>${view.warnings.map((warning) => `<li>${escapeHtml(warning)}</li>`).join("")}</ul></section>` : ""}
${verdictSection(view)}
${failoverSection(failover, view.objectiveSeconds)}
${view.phases.map(phaseSection).join("\n")}
<section id="paths" data-paths="${view.paths.length}"><h2>Predicted ${view.source === "measured" ? "and measured " : ""}time per path</h2>
<p>Seconds after the lever took effect (or was undone) until the slowest signal of each path changed.</p>
<div class="chart" style="height:320px"><canvas id="paths-chart" role="img" aria-label="Predicted and measured seconds per traffic path"></canvas></div>
${table(["Path", "Predicted", "Measured"], view.paths.map((path) => [escapeHtml(path.label), formatSeconds(path.predictedSeconds), formatSeconds(path.measuredSeconds)]))}
</section>
${guardsSection(view)}
${alarmsSection(view)}
<script type="application/json" id="report-data">${inlineJson(view)}</script>
${inlineScript(chart)}
${inlineScript(annotation)}
${inlineScript(client)}
</body>
</html>
`;
}

/** The HTML report of a real drill. */
export function renderReportHtml(report: DrillReport): string {
    return renderHtml(viewOfReport(report), failoverPathsOfReport(report));
}

/** The HTML report of `drill simulate`: the predicted timeline. */
export function renderSimulationHtml(simulation: Simulation): string {
    return renderHtml(viewOfSimulation(simulation), failoverPathsOfSimulation(simulation));
}

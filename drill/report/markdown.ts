/** The drill report as Markdown, for people: summary, preflight, both phases, the lever. */
import { formatSeconds } from "./text";
import { DrillReport, PhaseReport, SignalReport } from "./types";

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
    return [`| ${headers.join(" | ")} |`, `| ${headers.map(() => "---").join(" | ")} |`, ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`)];
}

function yesNo(value: boolean | null): string {
    return value === null ? "-" : value ? "yes" : "**no**";
}

function signalRow(signal: SignalReport): string[] {
    return [
        `\`${signal.id}\``,
        `${signal.from.join(", ") || "-"} -> ${signal.to.join(", ") || "-"}`,
        formatSeconds(signal.predictedSeconds),
        formatSeconds(signal.measuredSeconds),
        yesNo(signal.withinObjective),
        signal.verdict === "pass" ? "pass" : "**FAIL**",
        signal.notes.join("; "),
    ];
}

function phaseSection(phase: PhaseReport): string[] {
    const title = phase.phase === "outage" ? "Outage (lever applied)" : "Recovery (lever undone)";
    const effective = Object.entries(phase.leverEffectiveSeconds).map(([path, at]) => `${path} at +${formatSeconds(at)}`).join(", ");
    const lines = [`## ${title}`, "",
        `Started ${phase.startedAt}. Lever: ${formatSeconds(phase.leverSeconds)}${effective ? ` (in effect: ${effective})` : ""}. ` +
        `Observed ${formatSeconds(phase.observedSeconds)}; polling ended: ${phase.end}.`, ""];
    if (phase.signals.length > 0) {
        lines.push(...table(["Signal", "Expected", "Predicted", "Measured", "Within RTO", "Verdict", "Notes"], phase.signals.map(signalRow)), "");
        lines.push("<details><summary>Every change of value</summary>", "");
        for (const signal of phase.signals) {
            lines.push(`- \`${signal.id}\` (${signal.description}): ${signal.changes.map((change) => `+${change.atSeconds} s ${change.value}${change.detail ? ` (${change.detail})` : ""}`).join(" -> ") || "no samples"}`);
        }
        lines.push("", "</details>", "");
    }
    return lines;
}

/** The predicted worst case of each path the stack has. */
function predictedText(predicted: DrillReport["predictedFailoverSeconds"]): string {
    return [
        `DNS ${formatSeconds(predicted.dns)}`, `Global Accelerator ${formatSeconds(predicted.globalAccelerator)}`,
        ...(predicted.alarm === undefined ? [] : [`followed alarms ${formatSeconds(predicted.alarm)}`]),
        ...(predicted.routingControl === undefined ? [] : [`routing control ${formatSeconds(predicted.routingControl)} after the flip`]),
    ].join(", ");
}

/** Renders the report. */
export function renderMarkdown(report: DrillReport): string {
    const lines = [`# Failover drill: ${report.target.region} (${report.target.stack}): ${report.outcome.toUpperCase()}`, "", report.summary, ""];
    lines.push(...table(["", ""], [
        ["Lever", report.lever ? `${report.lever.kind}: ${report.lever.summary}` : "not used"],
        ["Started", report.startedAt],
        ["Finished", report.finishedAt],
        ["Recovery-time objective", formatSeconds(report.recoveryTimeObjectiveSeconds)],
        ["Poll interval", `${formatSeconds(report.pollSeconds)} (every measured time is late by up to this much)`],
        ["Predicted failover after a real failure", predictedText(report.predictedFailoverSeconds)],
    ]), "");
    if ((report.paths ?? []).length > 0) {
        lines.push("## Failover paths: measured against predicted", "");
        lines.push(...table(["Path", "Predicted", "Measured", "Moved", "What it means"], report.paths!.map((path) => [
            path.path, formatSeconds(path.predictedSeconds), formatSeconds(path.measuredSeconds), path.moved ? "yes" : "no", path.note,
        ])), "");
    }
    if (report.error) {
        lines.push(`**Error:** ${report.error}`, "");
    }
    if (report.usersAtRisk) {
        const risk = report.usersAtRisk;
        lines.push(`**Users at risk:** ${formatSeconds(risk.seconds)} with no healthy region: guard \`${risk.guard}\` saw the failure at ${risk.seenAt}; ` +
            `the ${risk.restoredBy} put ${report.target.region} back at ${risk.restoredAt}.`, "");
    }
    if (report.warnings.length > 0) {
        lines.push("## Warnings", "", ...report.warnings.map((warning) => `- ${warning}`), "");
    }
    lines.push("## Preflight", "", `--force: ${report.preflight.forced ? "yes" : "no"}`, "");
    lines.push(...table(["Check", "Result", "Detail"], report.preflight.checks.map((check) => [
        check.description, check.ok ? "ok" : check.onFailure === "warn" ? "warning" : "**failed**", check.detail,
    ])), "");
    for (const phase of report.phases) {
        lines.push(...phaseSection(phase));
    }
    if (report.lever) {
        const originals = Object.entries(report.lever.originals).map(([key, value]) => `${key}=${String(value)}`).join(", ");
        lines.push("## Lever", "", `- Original values: ${originals || "-"}`, `- Restored: ${report.lever.restored ? "yes" : "**NO**"}`,
            `- Read back: ${report.lever.verification}`);
        if (report.lever.driftWarning) {
            lines.push(`- ${report.lever.driftWarning}`);
        }
        lines.push("");
    }
    lines.push("## How to read this report", "",
        "- Measured: seconds from the moment that part of the lever was in AWS (health check inverted / dial set) until the signal settled in its expected state; Predicted: the worst case from the stack's intervals, thresholds and TTLs.",
        "- A signal fails when it did not settle before the phase timed out, settled in an unexpected state, or took longer than the recovery-time objective. Slower than predicted is a note, not a failure.",
        "- DNS answers (`dns:`) show Route 53's decision; HTTP probes (`http:`) add this machine's resolver cache (up to the 60 s ELB TTL). `http:alb:` must not change: the outage is simulated and the region keeps serving.",
        "- Guards watch the other regions: if one stops being healthy the drill restores at once.", "");
    return lines.join("\n");
}

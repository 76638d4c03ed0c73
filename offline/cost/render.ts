/** The cost estimate for people: a text section for the plan, a Markdown table for plan.md and PR comments. */
import { CostEstimate, CostLine } from "./estimate";

/** `$1,234.56`, or `usage-based` / `no price` when there is no amount. */
export function dollars(amount: number | null, line?: CostLine): string {
    if (amount === null) {
        return line?.unit === "usage" ? "usage-based" : "no price";
    }
    return `$${amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function quantity(line: CostLine): string {
    return line.unit === "usage" ? "" : `${Number(line.quantity.toFixed(2)).toLocaleString("en-US")} x ${line.unitUsd === null ? "?" : `$${line.unitUsd}`} per ${line.unit}`;
}

function assumptions(estimate: CostEstimate): string {
    const { traffic, hoursPerMonth } = estimate;
    return `${hoursPerMonth} hours a month; each ALB ${traffic.albAverageLcu} LCU on average; each VPC's NAT gateways ${traffic.natGigabytesPerMonth} GB a month; ` +
        `${traffic.dnsQueriesMillionsPerMonth} million queries a month per non-alias record name`;
}

function groups(estimate: CostEstimate): { title: string; lines: readonly CostLine[]; total: number }[] {
    return [
        ...estimate.stacks.map((stack) => ({ title: `stack ${stack.stack} (${stack.region})`, lines: stack.lines, total: stack.monthlyUsd })),
        ...(estimate.shared.length > 0 ? [{ title: "shared by the stacks", lines: estimate.shared, total: estimate.shared.reduce((sum, line) => sum + (line.monthlyUsd ?? 0), 0) }] : []),
    ];
}

/** The estimate as a section of the text plan. */
export function renderCostText(estimate: CostEstimate): string {
    const lines = ["=== estimated monthly cost (USD, on-demand list prices; docs/pricing.md)", `Assumes ${assumptions(estimate)}.`];
    for (const group of groups(estimate)) {
        lines.push(`  ${group.title}: ${dollars(group.total)}`);
        for (const line of group.lines) {
            lines.push(`    ${dollars(line.monthlyUsd, line).padStart(11)}  ${line.item} — ${line.resource}${quantity(line) ? ` (${quantity(line)})` : ""}`);
            if (line.note) {
                lines.push(`${" ".repeat(17)}${line.note}`);
            }
        }
    }
    lines.push(`  Total: ${dollars(estimate.totalMonthlyUsd)} a month`);
    lines.push(...estimate.unpriced.map((entry) => `  Unpriced type (add a rule in offline/cost/estimate.ts): ${entry}`));
    lines.push(...estimate.notes.map((note) => `  ${note}`));
    return lines.join("\n");
}

function cell(text: string): string {
    return text.replace(/\|/g, "\\|");
}

/** The estimate as Markdown: a summary table per stack and the line items. */
export function renderCostMarkdown(estimate: CostEstimate): string {
    const lines = ["## Estimated monthly cost", "", `**${dollars(estimate.totalMonthlyUsd)} a month** (USD, on-demand list prices). Assumes ${assumptions(estimate)}.`, "",
        "| Stack | Monthly |", "| --- | ---: |",
        ...groups(estimate).map((group) => `| ${cell(group.title)} | ${dollars(group.total)} |`),
        `| **Total** | **${dollars(estimate.totalMonthlyUsd)}** |`, "",
        "| Stack | Item | Resource | Quantity | Monthly |", "| --- | --- | --- | --- | ---: |"];
    for (const group of groups(estimate)) {
        for (const line of group.lines) {
            lines.push(`| ${cell(group.title)} | ${cell(line.item)}${line.note ? ` <br><sub>${cell(line.note)}</sub>` : ""} | \`${cell(line.resource)}\` | ${cell(quantity(line))} | ${dollars(line.monthlyUsd, line)} |`);
        }
    }
    lines.push("", ...estimate.unpriced.map((entry) => `- Unpriced type: ${cell(entry)}`), ...estimate.notes.map((note) => `- ${note}`), "");
    return lines.join("\n");
}

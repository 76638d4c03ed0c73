/** The cost estimate for people: a text section for the plan, a Markdown table for plan.md and PR comments. */
import { CostEstimate, CostLine, lacksPrice } from "./estimate";

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

function groups(estimate: CostEstimate): { title: string; lines: readonly CostLine[]; total: number; complete: boolean }[] {
    return [
        ...estimate.stacks.map((stack) => ({ title: `stack ${stack.stack} (${stack.region})`, lines: stack.lines, total: stack.monthlyUsd, complete: stack.complete })),
        ...(estimate.shared.length > 0 ? [{
            title: "shared by the stacks", lines: estimate.shared, total: estimate.shared.reduce((sum, line) => sum + (line.monthlyUsd ?? 0), 0),
            complete: !estimate.shared.some(lacksPrice),
        }] : []),
    ];
}

/** An amount that leaves something out says so wherever it is printed. */
function amount(total: number, complete: boolean): string {
    return complete ? dollars(total) : `${dollars(total)} (incomplete)`;
}

/** Why the total is incomplete, in one sentence; empty when it is complete. */
function incompleteness(estimate: CostEstimate): string {
    return estimate.complete ? "" : `incomplete: ${estimate.unpriced.length} unpriced item(s) are left out of it, listed under "Unpriced"`;
}

/** The estimate as a section of the text plan. */
export function renderCostText(estimate: CostEstimate): string {
    const lines = ["=== estimated monthly cost (USD, on-demand list prices; docs/pricing.md)", `Assumes ${assumptions(estimate)}.`];
    for (const group of groups(estimate)) {
        lines.push(`  ${group.title}: ${amount(group.total, group.complete)}`);
        for (const line of group.lines) {
            lines.push(`    ${dollars(line.monthlyUsd, line).padStart(11)}  ${line.item} — ${line.resource}${quantity(line) ? ` (${quantity(line)})` : ""}`);
            if (line.note) {
                lines.push(`${" ".repeat(17)}${line.note}`);
            }
        }
    }
    lines.push(`  Total: ${dollars(estimate.totalMonthlyUsd)} a month${estimate.complete ? "" : `, ${incompleteness(estimate)}`}`);
    lines.push(...estimate.unpriced.map((entry) => `  Unpriced: ${entry}`));
    lines.push(...estimate.notes.map((note) => `  ${note}`));
    return lines.join("\n");
}

function cell(text: string): string {
    return text.replace(/\|/g, "\\|");
}

/** The estimate as Markdown: a summary table per stack and the line items. */
export function renderCostMarkdown(estimate: CostEstimate): string {
    const total = `**${dollars(estimate.totalMonthlyUsd)} a month${estimate.complete ? "" : ", incomplete"}**${estimate.complete ? "" : ` (${incompleteness(estimate)})`}`;
    const lines = ["## Estimated monthly cost", "", `${total} (USD, on-demand list prices). Assumes ${assumptions(estimate)}.`, "",
        "| Stack | Monthly |", "| --- | ---: |",
        ...groups(estimate).map((group) => `| ${cell(group.title)} | ${amount(group.total, group.complete)} |`),
        `| **Total** | **${amount(estimate.totalMonthlyUsd, estimate.complete)}** |`, "",
        "| Stack | Item | Resource | Quantity | Monthly |", "| --- | --- | --- | --- | ---: |"];
    for (const group of groups(estimate)) {
        for (const line of group.lines) {
            lines.push(`| ${cell(group.title)} | ${cell(line.item)}${line.note ? ` <br><sub>${cell(line.note)}</sub>` : ""} | \`${cell(line.resource)}\` | ${cell(quantity(line))} | ${dollars(line.monthlyUsd, line)} |`);
        }
    }
    lines.push("", ...estimate.unpriced.map((entry) => `- Unpriced: ${cell(entry)}`), ...estimate.notes.map((note) => `- ${note}`), "");
    return lines.join("\n");
}

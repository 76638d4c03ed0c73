/** Small text helpers shared by the human outputs (terminal tables, shares, durations). */
import { Shares } from "../model/routing";

/** A left-aligned plain-text table with a header underline. */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[], indent = "  "): string[] {
    const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)));
    const line = (cells: readonly string[]) => indent + cells.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd();
    return [line(headers), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)];
}

/** `ap-northeast-1` for a single region, else `ap-northeast-1 50%, ap-northeast-2 50%`. */
export function formatShares(shares: Shares): string {
    const entries = Object.entries(shares);
    if (entries.length === 0) {
        return "(nothing)";
    }
    if (entries.length === 1) {
        return entries[0][0];
    }
    return entries.map(([region, share]) => `${region} ${formatPercent(share)}`).join(", ");
}

/** A share as a percentage with at most one decimal. */
export function formatPercent(share: number): string {
    return `${Math.round(share * 1000) / 10}%`;
}

/** Seconds for people: `45 s`, or `-` when there is no value. */
export function formatSeconds(seconds: number | null | undefined): string {
    return seconds === null || seconds === undefined ? "-" : `${Math.round(seconds * 10) / 10} s`;
}

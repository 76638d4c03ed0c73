/**
 * `npm run plan -- --out DIR`: the plan as files a reviewer opens: plan.json (the `--json`
 * output with the cost estimate), diagram.svg (laid out by Graphviz), plan.md (cost table,
 * the diagram, a Mermaid version for code hosts, the text plan) and pr-comment.md (summary,
 * cost and Mermaid diagram: a comment cannot link the SVG).
 */
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { CostEstimate } from "./cost/estimate";
import { renderCostMarkdown } from "./cost/render";
import { buildArchitecture, diagramLegend } from "./diagram/graph";
import { renderSvg } from "./diagram/graphviz";
import { renderMermaid } from "./diagram/mermaid";
import { Plan, planFails } from "./planner";
import { renderPlan } from "./render";

/** The first line of plan.md and the PR comment: the CI workflow finds its earlier comment by it and updates it. */
export const commentMarker = "<!-- multi-region-alb offline plan -->";

/** The plan with its cost estimate: what `--json` prints and plan.json holds. */
export type CostedPlan = Plan & { readonly cost: CostEstimate };

/** The files written, by role. */
export interface PlanFiles {
    /** plan.json */
    readonly json: string;
    /** plan.md */
    readonly markdown: string;
    /** diagram.svg */
    readonly diagram: string;
    /** pr-comment.md */
    readonly comment: string;
}

function summary(plan: CostedPlan): string {
    const resources = plan.stacks.reduce((sum, stack) => sum + stack.resources.length, 0);
    return `${plan.stacks.length} stack(s) (${plan.stacks.map((stack) => `${stack.stack} in ${stack.region}`).join(", ")}), ${resources} resources; ` +
        `${planFails(plan) ? "**the plan fails** (mandatory policy or cross-stack error)" : "all mandatory checks pass"}.`;
}

/** plan.md; with `image` false, the pull-request comment (no image to link, no text plan: comments are short). */
export function planMarkdown(plan: CostedPlan, options: { readonly image: boolean }): string {
    const mermaid = renderMermaid(buildArchitecture(plan));
    return [
        commentMarker,
        "# Offline plan", "",
        summary(plan), "",
        renderCostMarkdown(plan.cost),
        "## Architecture", "",
        ...(options.image ? ["![Architecture diagram generated from the plan](diagram.svg)", ""] : []),
        diagramLegend, "",
        ...(options.image ? ["<details><summary>Mermaid version</summary>", ""] : []),
        "```mermaid", mermaid, "```", "",
        ...(options.image ? ["</details>", ""] : []),
        ...(options.image ? ["<details><summary>The text plan</summary>", "", "```text", renderPlan(plan), "```", "", "</details>", ""] : []),
    ].join("\n");
}

/** Writes the four files into `directory` (created if needed). */
export async function writePlanFiles(plan: CostedPlan, directory: string): Promise<PlanFiles> {
    await fs.mkdir(directory, { recursive: true });
    const files: PlanFiles = {
        json: path.join(directory, "plan.json"),
        markdown: path.join(directory, "plan.md"),
        diagram: path.join(directory, "diagram.svg"),
        comment: path.join(directory, "pr-comment.md"),
    };
    await fs.writeFile(files.diagram, await renderSvg(buildArchitecture(plan)));
    await fs.writeFile(files.json, `${JSON.stringify(plan, null, 2)}\n`);
    await fs.writeFile(files.markdown, planMarkdown(plan, { image: true }));
    await fs.writeFile(files.comment, planMarkdown(plan, { image: false }));
    return files;
}

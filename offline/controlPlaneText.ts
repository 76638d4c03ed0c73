/**
 * The plan's section on control planes, self-contained so the renderer places it with one line
 * (offline/render.ts): per environment, each failover path its stacks have, what detects a failure
 * and what the lever calls, in which region and on which plane, and a warning for every stack whose
 * only levers need a control plane in its own region.
 */
import { ApiUse, describeApiUse, failoverPaths, pathPlanes } from "../domain/controlPlanes";
import type { Plan } from "./planner";

const uses = (list: readonly ApiUse[]) => list.map(describeApiUse).join("; ");

/**
 * Each environment's control-plane section, uncoloured and unwrapped (offline/render.ts wraps it
 * within the plan's width and paints the `  [warning]` lines).
 * @param plan the plan
 */
export function controlPlaneLines(plan: Pick<Plan, "controlPlanes">): string[] {
    return plan.controlPlanes.flatMap((report) => [
        `Control planes each failover path needs (${report.environment}; recovery should rely on data planes, Well-Architected REL11-BP04):`,
        ...failoverPaths.flatMap((path) => {
            const planes = report.paths[path];
            if (planes === undefined) {
                return [];
            }
            const stacks = report.stacks.filter((stack) => stack.paths.includes(path)).map((stack) => stack.stack);
            return [
                `  ${planes.title} (${stacks.join(", ")}): ${planes.note}`,
                `    detects: ${planes.detection.length === 0 ? "the paths above (it makes the region fail what they watch)" : uses(planes.detection)}`,
                `    lever:   ${planes.lever.length === 0 ? "none" : uses(planes.lever)}`,
            ];
        }),
        ...report.warnings.map((warning) => `  [warning] ${warning}`),
        "",
    ]);
}

/** Every path's APIs as a Markdown table (docs/control-planes.md holds it; a test keeps the two in step). */
export function controlPlaneTable(): string {
    const cell = (list: readonly ApiUse[]) => (list.length === 0 ? "-" : list.map(describeApiUse).join("<br>"));
    return [
        "| Path | Detection | Lever | Notes |",
        "| --- | --- | --- | --- |",
        ...failoverPaths.map((path) => `| ${pathPlanes[path].title} | ${cell(pathPlanes[path].detection)} | ${cell(pathPlanes[path].lever)} | ${pathPlanes[path].note} |`),
    ].join("\n");
}

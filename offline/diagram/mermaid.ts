/**
 * The architecture graph as a Mermaid flowchart, for code hosts that render ```mermaid blocks
 * (plan.md, the pull-request comment). Mermaid lays it out itself; the SVG is the reference.
 */
import { ArchitectureGraph, DiagramGroup, NodeKind } from "./graph";

/** Mermaid ids are words: every other character becomes `_`, with a prefix so keywords never clash. */
function mermaidId(prefix: string, id: string): string {
    return `${prefix}_${id.replace(/[^A-Za-z0-9_]+/g, "_")}`;
}

/** A quoted label: quotes as entities, lines as <br/>. */
function label(lines: readonly string[]): string {
    return `"${lines.map((line) => line.replace(/"/g, "#quot;").replace(/[<>]/g, "")).join("<br/>")}"`;
}

const shapes: Readonly<Record<NodeKind, [string, string]>> = {
    clients: ["([", "])"],
    alb: ["[", "]"],
    targetGroup: ["[", "]"],
    fleet: ["[[", "]]"],
    healthCheck: ["{{", "}}"],
    record: [">", "]"],
    recordSet: ["[", "]"],
    accelerator: ["((", "))"],
    endpointGroup: ["[", "]"],
};

/** The flowchart text (without the ``` fence). */
export function renderMermaid(graph: ArchitectureGraph): string {
    const lines = ["flowchart LR"];
    for (const node of graph.nodes.filter((candidate) => candidate.group === undefined)) {
        const [open, close] = shapes[node.kind];
        lines.push(`  ${mermaidId("n", node.id)}${open}${label(node.label)}${close}`);
    }
    const writeGroup = (group: DiagramGroup, indent: string) => {
        lines.push(`${indent}subgraph ${mermaidId("g", group.id)}[${label([group.label])}]`);
        for (const node of graph.nodes.filter((candidate) => candidate.group === group.id)) {
            const [open, close] = shapes[node.kind];
            lines.push(`${indent}  ${mermaidId("n", node.id)}${open}${label(node.label)}${close}`);
        }
        for (const child of graph.groups.filter((candidate) => candidate.parent === group.id)) {
            writeGroup(child, `${indent}  `);
        }
        lines.push(`${indent}end`);
    };
    for (const group of graph.groups.filter((candidate) => candidate.parent === undefined)) {
        writeGroup(group, "  ");
    }
    for (const edge of graph.edges) {
        const arrow = edge.style === "watch" ? "-.->" : "-->";
        lines.push(`  ${mermaidId("n", edge.from)} ${arrow}${edge.label ? `|${label([edge.label])}|` : ""} ${mermaidId("n", edge.to)}`);
    }
    return lines.join("\n");
}

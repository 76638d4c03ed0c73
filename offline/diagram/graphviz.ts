/**
 * The architecture graph laid out by Graphviz (the `dot` engine, compiled to WebAssembly by
 * @viz-js/viz): lanes are clusters, so Graphviz places every box. The SVG carries ids a test or
 * a reader can find: `lane-<region>` / `lane-global` on the lanes, `node-<id>` on the boxes.
 */
import type { Graph, Subgraph } from "@viz-js/viz";
import { ArchitectureGraph, DiagramGroup, NodeKind } from "./graph";

const nodeStyle: Readonly<Record<NodeKind, { shape: string; fillcolor: string; margin?: string }>> = {
    clients: { shape: "box", fillcolor: "#ffffff" },
    alb: { shape: "box", fillcolor: "#f9d4a8" },
    targetGroup: { shape: "box", fillcolor: "#fdf3e4" },
    fleet: { shape: "box3d", fillcolor: "#d8ecd0" },
    healthCheck: { shape: "box", fillcolor: "#f6d0d0" },
    record: { shape: "cds", fillcolor: "#dcd6f2", margin: "0.16,0.04" },
    recordSet: { shape: "box", fillcolor: "#ece8f8" },
    accelerator: { shape: "box", fillcolor: "#cfe3f6" },
    endpointGroup: { shape: "box", fillcolor: "#eef5fc" },
};

const groupStyle: Readonly<Record<DiagramGroup["kind"], { color: string; fillcolor: string; style: string }>> = {
    region: { color: "#4a6b8a", fillcolor: "#f7fafc", style: "rounded,filled" },
    vpc: { color: "#2e8b57", fillcolor: "#ffffff", style: "dashed,rounded,filled" },
    global: { color: "#6b4a8a", fillcolor: "#fbf8fd", style: "rounded,filled" },
    service: { color: "#8a7aa8", fillcolor: "#ffffff", style: "rounded,filled" },
};

/** An id safe in SVG and CSS selectors. */
export function safeId(text: string): string {
    return text.replace(/[^A-Za-z0-9_-]+/g, "_");
}

/** The id of a group's cluster in the SVG: `lane-<region>` for region lanes. */
export function laneId(group: DiagramGroup): string {
    return group.kind === "region" ? `lane-${safeId(group.id.slice("region:".length))}` : group.kind === "global" ? "lane-global" : `group-${safeId(group.id)}`;
}

/** The graph in @viz-js/viz's object form (no DOT text to quote by hand). */
export function toGraphviz(graph: ArchitectureGraph): Graph {
    const nodeOf = (node: ArchitectureGraph["nodes"][number]) => ({
        name: node.id,
        attributes: { label: node.label.join("\n"), id: `node-${safeId(node.id)}`, class: `node-${node.kind}`, ...nodeStyle[node.kind] },
    });
    const subgraphOf = (group: DiagramGroup): Subgraph => ({
        name: `cluster_${safeId(group.id)}`,
        graphAttributes: { label: group.label, id: laneId(group), class: group.kind === "region" || group.kind === "global" ? "lane" : "group", ...groupStyle[group.kind], fontname: "Helvetica", fontsize: 13 },
        nodes: graph.nodes.filter((node) => node.group === group.id).map(nodeOf),
        subgraphs: graph.groups.filter((child) => child.parent === group.id).map(subgraphOf),
    });
    return {
        name: "architecture",
        directed: true,
        // Left to right as a request travels; lanes stacked, so more regions make it taller, not wider.
        graphAttributes: { rankdir: "LR", fontname: "Helvetica", nodesep: 0.15, ranksep: 0.35, compound: true, newrank: true },
        nodeAttributes: { fontname: "Helvetica", fontsize: 11, style: "filled,rounded", color: "#555555", margin: "0.08,0.04" },
        edgeAttributes: { fontname: "Helvetica", fontsize: 10, color: "#555555" },
        nodes: graph.nodes.filter((node) => node.group === undefined).map(nodeOf),
        subgraphs: graph.groups.filter((group) => group.parent === undefined).map(subgraphOf),
        edges: graph.edges.map((edge) => ({
            tail: edge.from,
            head: edge.to,
            attributes: {
                ...(edge.label ? { label: edge.label } : {}),
                ...(edge.style === "watch" ? { style: "dashed", color: "#b04040", fontcolor: "#b04040" } : {}),
                ...(edge.ordersColumns === false ? { constraint: false } : {}),
            },
        })),
    };
}

/** The diagram as an SVG document. */
export async function renderSvg(graph: ArchitectureGraph): Promise<string> {
    // @viz-js/viz is an ES module; this project compiles to CommonJS, so it is loaded dynamically.
    const { instance } = await import("@viz-js/viz");
    const viz = await instance();
    return viz.renderString(toGraphviz(graph), { format: "svg", engine: "dot" });
}

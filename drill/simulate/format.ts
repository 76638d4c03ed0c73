/** The human rendering of `drill simulate`: routing tables per phase, the rules, the timeline. */
import { routingRules } from "../model/rules";
import { RouteRow } from "../model/topology";
import { formatSeconds, formatShares, textTable } from "../report/text";
import { Simulation } from "./simulate";

function rowLabel(row: RouteRow): string {
    return row.path === "globalAccelerator" ? "Global Accelerator" : `${row.name} (${row.policy})`;
}

function sameRow(a: RouteRow, b: RouteRow): boolean {
    return a.path === b.path && a.name === b.name && a.client === b.client;
}

/** The simulation as lines of text. */
export function formatSimulation(simulation: Simulation): string[] {
    const { phases, prediction, target } = simulation;
    const how = { endpoint: "", fault: " with the fault lever (503 on every path)", "routing-control": " with its routing control Off" }[simulation.path];
    const lines: string[] = [`Drill simulation: take ${target.region} (${target.stack}) out${how}`, ""];
    lines.push("Regions:");
    for (const plan of simulation.regions) {
        const parts = plan.records.map((record) => (record.policy === "failover" ? `failover ${record.role}` : record.policy === "weighted" ? `weight ${record.weight}` : "latency"));
        if (plan.accelerator) {
            parts.push(`accelerator dial ${phases.before.conditions[plan.region].trafficDial}%`);
        }
        lines.push(`  ${plan.region} (${plan.stack}): ${parts.join(", ") || "no shared traffic paths"}`);
    }
    lines.push("", "Who answers (share of answers / new connections per region):");
    const rows = phases.before.routes.map((before) => {
        const during = phases.during.routes.find((row) => sameRow(row, before));
        const after = phases.after.routes.find((row) => sameRow(row, before));
        return [rowLabel(before), before.client, formatShares(before.answer.shares), during ? formatShares(during.answer.shares) : "-", after ? formatShares(after.answer.shares) : "-"];
    });
    lines.push(...textTable(["Name", "Client", "Before", `During (${target.region} out)`, "After restore"], rows));
    const why = { endpoint: "inverted", fault: "answers 503", "routing-control": "routing control Off" }[simulation.path];
    lines.push("", `During the outage: ${Object.entries(phases.during.conditions).map(([region, condition]) =>
        `${region} health check ${condition.healthCheckHealthy ? "healthy" : `unhealthy (${why})`}${simulation.regions.find((plan) => plan.region === region)?.accelerator ? `, dial ${condition.trafficDial}%${condition.albHealthy ? "" : ", targets unhealthy"}` : ""}`).join("; ")}.`);
    lines.push("Why (rules and their AWS sources: drill/model/rules.ts):");
    for (const row of phases.during.routes) {
        const rules = row.answer.rules.filter((rule) => rule !== "r53.record-health");
        lines.push(`  ${rowLabel(row)} [${row.client}]: ${rules.map((rule) => routingRules[rule].text).join(" ")}`);
    }
    lines.push("", "Predicted timeline (worst case; t = 0 when the lever takes effect / is undone):");
    for (const phase of ["outage", "recovery"] as const) {
        lines.push(`  ${phase === "outage" ? "Outage" : "Recovery"}:`);
        for (const event of prediction.events.filter((candidate) => candidate.phase === phase)) {
            lines.push(`    +${String(event.atSeconds).padStart(3)} s  ${event.path === "dns" ? "DNS" : "GA "}  ${event.description}`);
        }
    }
    const { dns, globalAccelerator, alarm, routingControl } = prediction.failover;
    const objective = prediction.recoveryTimeObjectiveSeconds;
    lines.push("", "Failover after a real regional failure (predictFailover):");
    if (simulation.withinObjective.dns !== undefined) {
        lines.push(`  DNS: ${dns.detectionSeconds} s detection + ${dns.ttlSeconds} s TTL = ${formatSeconds(dns.totalSeconds)} (${simulation.withinObjective.dns ? "within" : "OVER"} the ${objective} s objective)`);
    }
    if (simulation.withinObjective.globalAccelerator !== undefined) {
        lines.push(`  Global Accelerator: ${globalAccelerator.detectionSeconds} s target detection + ${globalAccelerator.reactionSeconds} s reaction = ${formatSeconds(globalAccelerator.totalSeconds)} (${simulation.withinObjective.globalAccelerator ? "within" : "OVER"} the ${objective} s objective)`);
    }
    if (alarm !== undefined && simulation.withinObjective.alarm !== undefined) {
        lines.push(`  Followed alarms (the region answers /health but fails users): ${alarm.terms.map((term) => `${term.seconds} s ${term.label}${term.estimate ? " (estimate)" : ""}`).join(" + ")} = ${formatSeconds(alarm.totalSeconds)} (${simulation.withinObjective.alarm ? "within" : "OVER"} the ${objective} s objective); back after ${alarm.holdDownSeconds} s healthy (hold-down)`);
    }
    if (routingControl !== undefined && simulation.withinObjective.routingControl !== undefined) {
        lines.push(`  Routing control (switched off on purpose): ${routingControl.propagationSeconds} s propagation + ${routingControl.ttlSeconds} s TTL = ${formatSeconds(routingControl.totalSeconds)} after the flip (${simulation.withinObjective.routingControl ? "within" : "OVER"} the ${objective} s objective)`);
    }
    lines.push("", "Model notes: client latency order is a model (drill/model/clients.ts); Route 53 and Global Accelerator use AWS's own latency data.");
    return lines;
}

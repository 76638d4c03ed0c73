/**
 * The plan's text for recovery and capacity, as two self-contained sections the renderer places
 * (offline/render.ts): per stack the predicted recovery, each part against the objective, and per
 * environment the headroom table of its regions.
 */
import { formatRate, RegionHeadroom } from "../config/crossStackCapacity";
import { RecoveryPrediction } from "../config/recovery";
import { TrafficPath } from "../domain/capacity";
import { Palette, plain } from "./colour";
import type { Plan, StackPlan } from "./planner";

const pathNames = { dns: "DNS path", globalAccelerator: "Global Accelerator path" } as const;

/** "meets the objective", or by how much it misses. */
function verdict(objective: number, seconds: number | undefined, palette: Palette): string {
    if (seconds === undefined) {
        return palette.red("never recovers");
    }
    return seconds <= objective ? palette.green("meets the objective") : palette.red(`misses the objective by ${seconds - objective} s`);
}

function capacityLine(recovery: RecoveryPrediction, palette: Palette): string[] {
    const capacity = recovery.capacity;
    if (capacity === undefined) {
        return [];
    }
    const { load, scaleOut } = capacity;
    const when = `${formatRate(load.requestsPerSecond)} rps reach it when ${load.lost} is lost (${load.path} path)`;
    const terms = `metrics ${scaleOut.metricSeconds} s + target-tracking alarm ${scaleOut.alarmSeconds} s + launch and boot ${scaleOut.launchSeconds} s (app:fleet.launchSeconds, an estimate) + ` +
        `health checks ${scaleOut.healthCheckSeconds} s${scaleOut.slowStartSeconds > 0 ? ` + slow start ${scaleOut.slowStartSeconds} s` : ""}`;
    if (capacity.seconds === undefined) {
        return [`  Capacity recovered: ${verdict(recovery.objectiveSeconds, undefined, palette)}: ${when}, ${capacity.instancesNeeded} instances' worth, above app:fleet.maxSize ${capacity.maxInstances} (see the capacity finding)`];
    }
    if (!capacity.scalesOut) {
        return [
            `  Capacity recovered: ${capacity.seconds} s, ${verdict(recovery.objectiveSeconds, capacity.seconds, palette)}: ${when}, and the ${capacity.standingInstances} standing instances (app:fleet.minSize) carry it`,
            `    (a scale-out would take ${scaleOut.totalSeconds} s more: ${terms})`,
        ];
    }
    return [
        `  Capacity recovered: ${capacity.seconds} s, ${verdict(recovery.objectiveSeconds, capacity.seconds, palette)}: ${when}, ${capacity.instancesNeeded} instances' worth, ` +
            `and ${capacity.standingInstances} stand (app:fleet.minSize), so it scales out: traffic ${recovery.traffic!.seconds} s + ${scaleOut.totalSeconds} s`,
        `    (${terms}; app:fleet.minSize ${capacity.instancesNeeded} would carry it at once)`,
    ];
}

/**
 * A stack's predicted recovery: traffic moved, open connections moved and capacity recovered, each
 * against `app:drill.recoveryTimeObjectiveSeconds`; nothing when the stack takes part in no failover path.
 * @param plan the stack's plan
 * @param palette colours
 * @default palette no colour
 */
export function recoveryLines(plan: StackPlan, palette: Palette = plain): string[] {
    const { recovery } = plan;
    const objective = recovery.objectiveSeconds;
    if (recovery.traffic === undefined || recovery.connections === undefined) {
        return [];
    }
    const { traffic, connections } = recovery;
    return [
        `Predicted recovery (objective ${objective} s, app:drill.recoveryTimeObjectiveSeconds):`,
        `  Traffic moved: ${traffic.seconds} s on the ${pathNames[traffic.path]}, ${verdict(objective, traffic.seconds, palette)}`,
        `  Open connections moved: ${connections.seconds} s, ${verdict(objective, connections.seconds, palette)}: traffic ${traffic.seconds} s + ` +
            `client keepalive ${connections.clientKeepAliveSeconds} s + idle timeout ${connections.idleTimeoutSeconds} s (app:alb.clientKeepAliveSeconds and app:alb.idleTimeoutSeconds bound it)`,
        ...capacityLine(recovery, palette),
        "",
    ];
}

function loadText(load: { path: TrafficPath; requestsPerSecond: number; lost?: string }): string {
    return `${formatRate(load.requestsPerSecond)} rps (${load.lost === undefined ? "" : `${load.lost} lost, `}${load.path})`;
}

function headroomText(region: RegionHeadroom): string {
    if (region.headroomRequestsPerSecond === undefined || region.capacityRequestsPerSecond === undefined) {
        return "no fleet: not checked";
    }
    const percent = region.capacityRequestsPerSecond === 0 ? 0 : Math.round((100 * region.headroomRequestsPerSecond) / region.capacityRequestsPerSecond);
    return `${formatRate(region.headroomRequestsPerSecond)} rps (${percent}%)`;
}

/** Rows of cells as columns two spaces apart. */
function table(rows: readonly (readonly string[])[]): string[] {
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    return rows.map((row) => `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join("  ")}`);
}

/**
 * Each environment's headroom table: what every region's fleet carries at its maximum size, its
 * load with every region up and after the loss that burdens it most (worst path), and what is left.
 * @param plan the plan
 */
export function capacityLines(plan: Plan): string[] {
    return plan.capacity.flatMap((report) => [
        `Capacity (${report.environment}: app:capacity.peakRequestsPerSecond ${formatRate(report.peakRequestsPerSecond)} rps; the worst of the failover, weighted, latency and accelerator paths; fleet: app:fleet.minSize..maxSize):`,
        ...table([
            ["stack", "region", "fleet", "per instance", "carries", "every region up", "after a loss", "headroom"],
            ...report.regions.map((region) => [
                region.stack,
                region.region,
                region.fleet === undefined ? "-" : `${region.fleet.standingInstances}..${region.fleet.maxInstances}`,
                region.fleet === undefined ? "-" : `${formatRate(region.fleet.instanceRequestsPerSecond)} rps`,
                region.capacityRequestsPerSecond === undefined ? "-" : `${formatRate(region.capacityRequestsPerSecond)} rps`,
                loadText(region.normal),
                region.afterLoss === undefined ? "-" : loadText(region.afterLoss),
                headroomText(region),
            ]),
        ]),
        "",
    ]);
}

/**
 * Each failover path of a drill, measured against its prediction: the endpoint health check, each
 * followed alarm, Route 53's answers, Global Accelerator. Built from the outage phase's judged
 * signals; a path that was expected to stay put and did says so in plain words (the accelerator
 * under the fault lever keeps sending traffic to a region whose targets are healthy).
 */
import type { DrillPath } from "../model/timeline";
import { PathComparison, PhaseReport, SignalReport } from "./types";

function slowest(signals: readonly SignalReport[]): number | null {
    const measured = signals.map((signal) => signal.measuredSeconds).filter((value): value is number => value !== null);
    return measured.length === 0 ? null : Math.max(...measured);
}

function compared(path: string, signals: readonly SignalReport[], stayed: string): PathComparison | undefined {
    if (signals.length === 0) {
        return undefined;
    }
    const predicted = signals.map((signal) => signal.predictedSeconds).filter((value): value is number => value !== null);
    const predictedSeconds = predicted.length === 0 ? null : Math.max(...predicted);
    const measuredSeconds = predictedSeconds === null ? null : slowest(signals.filter((signal) => signal.predictedSeconds !== null));
    const moved = measuredSeconds !== null;
    const note = predictedSeconds === null ? stayed
        : !moved ? `did not move within the phase (predicted ${predictedSeconds} s)`
            : measuredSeconds <= predictedSeconds ? `moved in ${measuredSeconds} s, within the predicted ${predictedSeconds} s`
                : `moved in ${measuredSeconds} s, slower than the predicted ${predictedSeconds} s`;
    return { path, predictedSeconds, measuredSeconds, moved, note };
}

/** The outage's paths, measured against their predictions (empty before the lever was used). */
export function comparePaths(phases: readonly PhaseReport[], drillPath: DrillPath, target: { readonly stack: string; readonly region: string }): PathComparison[] {
    const outage = phases.find((phase) => phase.phase === "outage");
    if (outage === undefined) {
        return [];
    }
    const signals = outage.signals;
    const ofPrefix = (prefix: string) => signals.filter((signal) => signal.id.startsWith(prefix));
    const accelerator = drillPath === "fault"
        ? `did not move: Global Accelerator judges ${target.region}'s ALB by its targets' health, which stayed healthy behind the fault rule, ` +
            `so clients it sent there got 503 until the restore. That is what the accelerator does; only a failure its health checks see (no healthy targets) or a dial of 0 moves it`
        : "stayed put, as predicted for this lever";
    const alarms = ofPrefix(`alarm:${target.stack}:`).filter((signal) => signal.predictedSeconds !== null)
        .map((signal) => compared(`followed alarm ${signal.id.split(":").pop()}`, [signal], "stayed quiet, as predicted"));
    return [
        compared("endpoint health check", ofPrefix(`health-check:${target.stack}`), "stayed healthy, as predicted for this lever"),
        ...alarms,
        compared("DNS answers", ofPrefix("dns:"), "did not change, as predicted"),
        compared("Global Accelerator", [...ofPrefix(`accelerator-health:${target.stack}`), ...ofPrefix(`accelerator-dial:${target.stack}`)], accelerator),
    ].filter((path): path is PathComparison => path !== undefined);
}

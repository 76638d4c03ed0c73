/**
 * What the HTML report shows, built from either source: a real drill's report (measured
 * changes, with the predictions beside them) or `drill simulate`'s model (the predicted
 * timeline only). html.ts renders it; the page's charts read it as JSON.
 */
import { formatShares } from "./text";
import { DrillReport, PhaseReport, SignalReport } from "./types";
import type { Simulation } from "../simulate/simulate";
import type { RouteRow } from "../model/topology";

/** A stretch of time a signal held one value. */
export interface Segment {
    /** Seconds after the phase began. */
    readonly from: number;
    /** Seconds after the phase began. */
    readonly to: number;
    /** The value held. */
    readonly value: string;
}

/** One row of a phase's timeline: one signal (a record name seen from one client location, a health check, ...). */
export interface TimelineRow {
    /** Signal id, e.g. `dns:failover@korea`. */
    readonly id: string;
    /** Label on the chart's axis. */
    readonly label: string;
    /** Client location id, `any`, or `this machine` for probes. */
    readonly client: string;
    /** The lever effect its clock follows. */
    readonly path: "route53" | "globalAccelerator";
    /** What it watches, for people. */
    readonly description: string;
    /** Values over time. */
    readonly segments: readonly Segment[];
    /** Predicted worst-case moment of the change, seconds after the phase began; null when none is expected. */
    readonly predictedAt: number | null;
    /** Measured moment of the change, seconds after the phase began; null when not measured or unchanged. */
    readonly measuredAt: number | null;
    /** Verdict, when measured. */
    readonly verdict?: "pass" | "fail";
    /** Notes. */
    readonly notes: readonly string[];
    /** True for guards (other regions that must stay healthy). */
    readonly guard: boolean;
    /** True for CloudWatch alarms watched by the drill. */
    readonly alarm: boolean;
}

/** A moment of the lever, drawn as a vertical line. */
export interface LeverMoment {
    /** Seconds after the phase began. */
    readonly at: number;
    /** What happened. */
    readonly label: string;
}

/** One phase of the drill. */
export interface TimelinePhase {
    /** Which phase. */
    readonly phase: "outage" | "recovery";
    /** Its title. */
    readonly title: string;
    /** Seconds shown on the time axis. */
    readonly durationSeconds: number;
    /** Lever moments. */
    readonly levers: readonly LeverMoment[];
    /** One row per signal. */
    readonly rows: readonly TimelineRow[];
}

/** Predicted against measured for one traffic path in one phase. */
export interface PathTiming {
    /** `Outage: DNS`, ... */
    readonly label: string;
    /** Worst-case prediction, seconds after the lever took effect. */
    readonly predictedSeconds: number | null;
    /** Slowest measured change of the path's signals, seconds after the lever took effect; null when not measured. */
    readonly measuredSeconds: number | null;
}

/** Everything the page shows. */
export interface ReportView {
    /** `measured` for a real drill, `predicted` for a simulation. */
    readonly source: "measured" | "predicted";
    /** Page title. */
    readonly title: string;
    /** The region taken out. */
    readonly target: { readonly stack: string; readonly region: string };
    /** passed / failed / ... or `predicted`. */
    readonly outcome: string;
    /** One sentence. */
    readonly summary: string;
    /** Key facts as label/value pairs. */
    readonly facts: readonly (readonly [string, string])[];
    /** The recovery-time objective, seconds. */
    readonly objectiveSeconds: number;
    /** Both phases. */
    readonly phases: readonly TimelinePhase[];
    /** Predicted against measured per path and phase. */
    readonly paths: readonly PathTiming[];
    /** Warnings. */
    readonly warnings: readonly string[];
}

const pathLabel = { route53: "DNS", globalAccelerator: "Global Accelerator" } as const;

/** `dns:failover@korea` -> `korea`; ids without a location are `any` (or `this machine` for HTTP probes). */
export function clientOf(id: string): string {
    const at = id.lastIndexOf("@");
    return at >= 0 ? id.slice(at + 1) : id.startsWith("http:") ? "this machine" : "any";
}

function segmentsOf(signal: SignalReport, end: number): Segment[] {
    const changes = signal.changes.length > 0 ? signal.changes : [{ atSeconds: 0, value: "(no samples)" }];
    return changes.map((change, index) => ({ from: change.atSeconds, to: Math.max(change.atSeconds, changes[index + 1]?.atSeconds ?? end), value: change.value }));
}

function isAlarm(signal: SignalReport): boolean {
    return String(signal.kind).includes("alarm") || signal.id.startsWith("alarm:");
}

function measuredRow(signal: SignalReport, phase: PhaseReport): TimelineRow {
    const effective = phase.leverEffectiveSeconds[signal.follows] ?? phase.leverSeconds ?? 0;
    return {
        id: signal.id,
        label: signal.id,
        client: clientOf(signal.id),
        path: signal.follows,
        description: signal.description,
        segments: segmentsOf(signal, phase.observedSeconds),
        predictedAt: signal.predictedSeconds === null ? null : effective + signal.predictedSeconds,
        measuredAt: signal.sinceLeverStartSeconds,
        verdict: signal.verdict,
        notes: signal.notes,
        guard: signal.kind === "guard",
        alarm: isAlarm(signal),
    };
}

function leverMoments(phase: PhaseReport): LeverMoment[] {
    const verb = phase.phase === "outage" ? "applied" : "undone";
    return [
        ...(phase.leverSeconds === null ? [] : [{ at: phase.leverSeconds, label: `lever ${verb}` }]),
        ...Object.entries(phase.leverEffectiveSeconds).map(([leverPath, at]) => ({ at, label: `${pathLabel[leverPath as keyof typeof pathLabel] ?? leverPath} change in effect` })),
    ];
}

function slowest(values: readonly (number | null)[]): number | null {
    const numbers = values.filter((value): value is number => value !== null);
    return numbers.length === 0 ? null : Math.max(...numbers);
}

function pathTimings(phase: string, rows: readonly { path: TimelineRow["path"]; predicted: number | null; measured: number | null }[]): PathTiming[] {
    return (["route53", "globalAccelerator"] as const)
        .filter((path) => rows.some((row) => row.path === path && row.predicted !== null))
        .map((path) => {
            const ofPath = rows.filter((row) => row.path === path);
            return { label: `${phase}: ${pathLabel[path]}`, predictedSeconds: slowest(ofPath.map((row) => row.predicted)), measuredSeconds: slowest(ofPath.map((row) => row.measured)) };
        });
}

const phaseTitle = { outage: "Outage (lever applied)", recovery: "Recovery (lever undone)" } as const;

/** The view of a real drill's report. */
export function viewOfReport(report: DrillReport): ReportView {
    const phases = report.phases.filter((phase) => phase.signals.length > 0).map((phase): TimelinePhase => ({
        phase: phase.phase,
        title: phaseTitle[phase.phase],
        durationSeconds: Math.max(phase.observedSeconds, ...phase.signals.map((signal) => (signal.predictedSeconds ?? 0) + (phase.leverEffectiveSeconds[signal.follows] ?? 0))),
        levers: leverMoments(phase),
        rows: phase.signals.map((signal) => measuredRow(signal, phase)),
    }));
    const paths = report.phases.flatMap((phase) => pathTimings(phaseTitle[phase.phase].split(" ")[0], phase.signals.map((signal) => ({
        path: signal.follows, predicted: signal.predictedSeconds, measured: signal.predictedSeconds === null ? null : signal.measuredSeconds,
    }))));
    return {
        source: "measured",
        title: `Failover drill: ${report.target.region} (${report.target.stack})`,
        target: report.target,
        outcome: report.outcome,
        summary: report.summary,
        facts: [
            ["Lever", report.lever ? `${report.lever.kind}: ${report.lever.summary}` : "not used"],
            ["Started", report.startedAt],
            ["Finished", report.finishedAt],
            ["Recovery-time objective", `${report.recoveryTimeObjectiveSeconds} s`],
            ["Poll interval", `${report.pollSeconds} s (every measured time is late by up to this much)`],
            ["Lever restored", report.lever ? `${report.lever.restored ? "yes" : "NO"}; read back: ${report.lever.verification}` : "-"],
            ...(report.paths ?? []).map((path) => [`Path: ${path.path}`, path.note] as const),
        ],
        objectiveSeconds: report.recoveryTimeObjectiveSeconds,
        phases,
        paths,
        warnings: [...report.warnings, ...(report.error ? [`Error: ${report.error}`] : [])],
    };
}

function regionsOf(row: RouteRow): string {
    return formatShares(row.answer.shares);
}

function flip(id: string, label: string, description: string, path: TimelineRow["path"], client: string, before: string, after: string, changeAt: number, end: number): TimelineRow {
    const changes = before !== after;
    return {
        id, label, client, path, description,
        segments: changes ? [{ from: 0, to: changeAt, value: before }, { from: changeAt, to: end, value: after }] : [{ from: 0, to: end, value: before }],
        predictedAt: changes ? changeAt : null,
        measuredAt: null,
        notes: [],
        guard: false,
        alarm: false,
    };
}

/** The view of `drill simulate`: the model's predicted timeline (t = 0 when the lever takes effect). */
export function viewOfSimulation(simulation: Simulation): ReportView {
    const { prediction, phases, target } = simulation;
    const lever = prediction.lever;
    // A failback that waits for the followed alarms' hold-down (the fault lever) comes back later than the region went out.
    const ttl = lever.dnsClientSeconds - lever.dnsAnswerSeconds;
    const end = Math.ceil(Math.max(lever.dnsClientSeconds, lever.acceleratorSeconds, lever.healthCheckSeconds, lever.recoveryDnsAnswerSeconds + ttl) * 1.2 + 5);
    const healthCheckRegions = simulation.regions.filter((region) => region.records.length > 0).map((region) => region.region);
    const phaseRows = (outage: boolean): TimelineRow[] => {
        const [from, to] = outage ? [phases.before, phases.during] : [phases.during, phases.after];
        const answerAt = outage ? lever.dnsAnswerSeconds : lever.recoveryDnsAnswerSeconds;
        const rows: TimelineRow[] = [];
        if (healthCheckRegions.includes(target.region)) {
            rows.push(flip(`health-check:${target.stack}`, `health-check:${target.stack}`, `Route 53 health check of ${target.region}`, "route53", "any",
                outage ? "healthy" : "unhealthy", outage ? "unhealthy" : "healthy", lever.healthCheckSeconds, end));
        }
        for (const row of from.routes) {
            const next = to.routes.find((candidate) => candidate.path === row.path && candidate.name === row.name && candidate.client === row.client);
            const isDns = row.path === "dns";
            const id = isDns ? `dns:${row.policy}@${row.client}` : `accelerator@${row.client}`;
            rows.push(flip(id, id, isDns ? `Route 53 answer for ${row.name} (${row.policy}) from ${row.client}` : `Global Accelerator's region for new connections from ${row.client}`,
                isDns ? "route53" : "globalAccelerator", row.client, regionsOf(row), next ? regionsOf(next) : "(nothing)", isDns ? answerAt : lever.acceleratorSeconds, end));
            if (isDns) {
                rows.push(flip(`resolver:${row.policy}@${row.client}`, `resolver:${row.policy}@${row.client}`, `What clients behind caching resolvers reach for ${row.name}: Route 53's answer after the ELB alias TTL`,
                    "route53", row.client, regionsOf(row), next ? regionsOf(next) : "(nothing)", answerAt + ttl, end));
            }
        }
        for (const other of simulation.regions.filter((region) => region.region !== target.region && region.records.length > 0)) {
            rows.push({ ...flip(`guard:health-check:${other.stack}`, `guard:health-check:${other.stack}`, `Route 53 health check of ${other.region} must stay healthy`, "route53", "any", "healthy", "healthy", 0, end), guard: true });
        }
        return rows;
    };
    const phaseViews = (["outage", "recovery"] as const).map((phase): TimelinePhase => ({
        phase,
        title: phaseTitle[phase],
        durationSeconds: end,
        levers: [{ at: 0, label: phase === "outage" ? "lever takes effect" : "lever undone" }],
        rows: phaseRows(phase === "outage"),
    }));
    const paths = phaseViews.flatMap((phase) => pathTimings(phase.title.split(" ")[0], phase.rows.map((row) => ({ path: row.path, predicted: row.predictedAt, measured: null }))));
    const { dns, globalAccelerator } = prediction.failover;
    return {
        source: "predicted",
        title: `Drill simulation: ${target.region} (${target.stack})`,
        target,
        outcome: "predicted",
        summary: `Predicted from the stack files: what each record name and the accelerator answer, and when, if ${target.region} is taken out and put back. No AWS call was made.`,
        facts: [
            ["Recovery-time objective", `${prediction.recoveryTimeObjectiveSeconds} s`],
            ...(simulation.withinObjective.dns === undefined ? [] : [["Failover after a real failure: DNS", `${dns.detectionSeconds} s detection + ${dns.ttlSeconds} s TTL = ${dns.totalSeconds} s (${simulation.withinObjective.dns ? "within" : "OVER"} the objective)`] as const]),
            ...(simulation.withinObjective.globalAccelerator === undefined ? [] : [["Failover after a real failure: Global Accelerator", `${globalAccelerator.detectionSeconds} s detection + ${globalAccelerator.reactionSeconds} s reaction = ${globalAccelerator.totalSeconds} s (${simulation.withinObjective.globalAccelerator ? "within" : "OVER"} the objective)`] as const]),
            ["Client locations", simulation.clients.map((client) => client.label).join(", ")],
        ],
        objectiveSeconds: prediction.recoveryTimeObjectiveSeconds,
        phases: phaseViews,
        paths,
        warnings: [],
    };
}

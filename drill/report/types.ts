/** The drill report: what `drill run` writes as JSON (and renders as Markdown). */
import type { LeverKind } from "../levers/lever";
import type { ChangeMode } from "../signals/detector";
import type { PhaseEnd } from "../signals/poller";
import type { LeverPath, SignalKind } from "../signals/signal";

/** One preflight check. */
export interface PreflightCheck {
    /** Stable identifier, e.g. `other-healthy:tokyo`. */
    readonly id: string;
    /** What was checked. */
    readonly description: string;
    /** Whether it passed. */
    readonly ok: boolean;
    /** What was found. */
    readonly detail: string;
    /** What a failure does: refuse (unless --force), refuse even with --force, or only warn. */
    readonly onFailure: "refuse" | "refuse-always" | "warn";
}

/** How the drill ended. */
export type DrillOutcome = "passed" | "failed" | "refused" | "interrupted" | "error" | "planned";

/** A value change of a signal. */
export interface SignalChange {
    /** Seconds after the phase began. */
    readonly atSeconds: number;
    /** The new value. */
    readonly value: string;
    /** Detail of the read (IPs, checker counts, error). */
    readonly detail?: string;
}

/** One signal in one phase. */
export interface SignalReport {
    /** Signal id, e.g. `dns:failover@any`. */
    readonly id: string;
    /** What it watches. */
    readonly kind: SignalKind;
    /** One line for people. */
    readonly description: string;
    /** The lever effect its clock starts from. */
    readonly follows: LeverPath;
    /** States before the phase (observed and modelled). */
    readonly from: readonly string[];
    /** States the phase should end in (modelled). */
    readonly to: readonly string[];
    /** How the change shows (see drill/signals/detector.ts). */
    readonly mode: ChangeMode;
    /** Predicted worst-case seconds, null when no change is expected. */
    readonly predictedSeconds: number | null;
    /** Measured seconds from the lever taking effect to the change, null when it did not change. */
    readonly measuredSeconds: number | null;
    /** Measured seconds from the start of the phase (includes applying the lever). */
    readonly sinceLeverStartSeconds: number | null;
    /** Whether the measured time is within the recovery-time objective (null when not applicable). */
    readonly withinObjective: boolean | null;
    /** Whether the measured time is within the prediction (null when not applicable). */
    readonly withinPrediction: boolean | null;
    /** pass or fail. */
    readonly verdict: "pass" | "fail";
    /** Why it failed, and anything worth knowing. */
    readonly notes: readonly string[];
    /** Samples taken. */
    readonly samples: number;
    /** Samples in no expected state (errors, unknown IPs, unexpected regions). */
    readonly strays: number;
    /** Every change of value. */
    readonly changes: readonly SignalChange[];
}

/** One phase: the outage (lever applied) or the recovery (lever undone). */
export interface PhaseReport {
    /** Which phase. */
    readonly phase: "outage" | "recovery";
    /** When it began (ISO time). */
    readonly startedAt: string;
    /** How long the lever took to apply or undo, seconds. */
    readonly leverSeconds: number | null;
    /** Seconds from the phase start until each part of the lever took effect. */
    readonly leverEffectiveSeconds: Readonly<Partial<Record<LeverPath, number>>>;
    /** How long polling lasted, seconds. */
    readonly observedSeconds: number;
    /** Why polling stopped (`not-observed` when the phase was only restored). */
    readonly end: PhaseEnd | "not-observed";
    /** The signals. */
    readonly signals: readonly SignalReport[];
}

/** What the lever did. */
export interface LeverReport {
    /** Which lever. */
    readonly kind: LeverKind;
    /** What it changes. */
    readonly summary: string;
    /** The values it recorded before changing anything, restored afterwards. */
    readonly originals: Readonly<Record<string, string | number | boolean | null>>;
    /** Whether the restore call succeeded. */
    readonly restored: boolean;
    /** Whether a read-back after restoring found the original values. */
    readonly verified: boolean | null;
    /** What the read-back found. */
    readonly verification: string;
    /** The drift warning of an SDK lever. */
    readonly driftWarning?: string;
}

/**
 * How long users had no healthy region: from the moment a guard saw a region that takes the
 * traffic fail while the target was out, until the target was back in AWS.
 */
export interface UsersAtRisk {
    /** The guard that saw it. */
    readonly guard: string;
    /** When the guard's reading showed the failure (ISO time); the failure may be up to a poll older. */
    readonly seenAt: string;
    /** When the target's restore took effect in AWS (ISO time). */
    readonly restoredAt: string;
    /** Seconds between the two: at least this long, both regions were out. */
    readonly seconds: number;
    /** What put the target back: the lever's fast path through the SDK, or its normal restore. */
    readonly restoredBy: "fast restore" | "restore";
}

/** One failover path in the outage, measured against its prediction (drill/report/paths.ts). */
export interface PathComparison {
    /** What the path is, e.g. `endpoint health check`, `followed alarm elb-5xx`, `DNS answers`. */
    readonly path: string;
    /** Predicted worst-case seconds after the lever took effect; null when it should not move. */
    readonly predictedSeconds: number | null;
    /** Measured seconds (the slowest of its signals); null when it did not move. */
    readonly measuredSeconds: number | null;
    /** Whether it moved. */
    readonly moved: boolean;
    /** What it means, in a sentence. */
    readonly note: string;
}

/** The whole report. */
export interface DrillReport {
    /** Report format version. */
    readonly schemaVersion: 1;
    /** The region taken out. */
    readonly target: { readonly stack: string; readonly region: string };
    /** How the drill ended. */
    readonly outcome: DrillOutcome;
    /** One sentence on the outcome. */
    readonly summary: string;
    /** When the drill began (ISO time). */
    readonly startedAt: string;
    /** When it ended (ISO time). */
    readonly finishedAt: string;
    /** The target stack's recovery-time objective. */
    readonly recoveryTimeObjectiveSeconds: number;
    /** Seconds between polls (the resolution of every measured time). */
    readonly pollSeconds: number;
    /** Predicted worst-case failover after a real failure (predictFailover), for reference. */
    readonly predictedFailoverSeconds: { readonly dns: number; readonly globalAccelerator: number; readonly alarm?: number; readonly routingControl?: number };
    /** Each failover path of the outage, measured against its prediction. @default none (no outage observed) */
    readonly paths?: readonly PathComparison[];
    /** Preflight checks, and whether --force overrode a refusal. */
    readonly preflight: { readonly forced: boolean; readonly checks: readonly PreflightCheck[] };
    /** Baseline values seen before the lever, per signal id. */
    readonly baseline: Readonly<Record<string, readonly string[]>>;
    /** The lever, once it was used. */
    readonly lever?: LeverReport;
    /** The phases observed. */
    readonly phases: readonly PhaseReport[];
    /** When a guard tripped: how long users had no healthy region. */
    readonly usersAtRisk?: UsersAtRisk;
    /** Warnings (model and reality disagreeing, drift, a stopped restore). */
    readonly warnings: readonly string[];
    /** The error, when the outcome is `error`. */
    readonly error?: string;
}

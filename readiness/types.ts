/**
 * What `npm run readiness` reports: one row per thing it checked, each with what it read, and a
 * verdict over them. Shared by the checks (readiness/checks/), the run (readiness/run.ts) and the
 * renderers (readiness/report/).
 */

/** How one check came out. */
export type CheckStatus =
    /** As it must be for failover to work. */
    | "ok"
    /** A condition that would stop failover now. */
    | "fail"
    /** Worth a look, but failover works (e.g. the quota's usage is not published). */
    | "warn"
    /** Could not be read (permissions, throttling, no data): the verdict cannot be "ready". */
    | "unreadable"
    /** Does not apply to these stacks (no HTTPS listener, no peak declared, ...). */
    | "skipped";

/** The kinds of checks, in the order the report shows them. */
export const checkCategories = [
    "deployment", "health-check", "alarm", "routing-control", "accelerator", "targets", "certificate", "capacity", "quota", "drill-state", "drill-age",
] as const;

/** One kind of check. */
export type CheckCategory = (typeof checkCategories)[number];

/** The heading of each kind, for people. */
export const categoryTitles: Readonly<Record<CheckCategory, string>> = {
    deployment: "Deployed stacks",
    "health-check": "Route 53 health checks",
    alarm: "Alarms Route 53 follows",
    "routing-control": "Routing controls",
    accelerator: "Global Accelerator",
    targets: "Healthy targets",
    certificate: "Certificates",
    capacity: "Capacity after a region's loss",
    quota: "On-Demand vCPU quota",
    "drill-state": "Unrestored drills",
    "drill-age": "Last passing drill",
};

/** One row of the report. */
export interface ReadinessCheck {
    /** Stable identifier, e.g. `health-check:seoul:combined`. */
    readonly id: string;
    /** Its kind. */
    readonly category: CheckCategory;
    /** The stack it concerns, when one does. */
    readonly stack?: string;
    /** What was checked, for people. */
    readonly subject: string;
    /** How it came out. */
    readonly status: CheckStatus;
    /** What was read, or why nothing was. */
    readonly detail: string;
    /** The IAM permission that was missing, when AWS denied the read (action on resource). */
    readonly needs?: string;
}

/** The verdict. */
export type ReadinessVerdict = "ready" | "not-ready" | "unknown";

/** The whole report (also the `--json` output and `readiness.json`). */
export interface ReadinessReport {
    /** Format version. */
    readonly schemaVersion: 1;
    /** The Pulumi project. */
    readonly project: string;
    /** When the checks ran (ISO time). */
    readonly checkedAt: string;
    /** ready: every check passed; not-ready: a condition would stop failover; unknown: something could not be read. */
    readonly verdict: ReadinessVerdict;
    /** One line: the verdict and why. */
    readonly summary: string;
    /** Every check, in category order. */
    readonly checks: readonly ReadinessCheck[];
}

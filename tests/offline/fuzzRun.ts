/**
 * Runs the plan over generated stack-file sets in process and sorts each outcome by exit code:
 * 0 clean, 1 findings, 2 input problems, 3 internal error, or a hang. Shared by the fuzz test
 * (fixed seed, in `npm test`) and `npm run fuzz` (random seed, printed for replay).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planExitCode, planProject } from "../../offline/planner";
import { readProject } from "../../config/stackFiles";
import { isInputError } from "../../domain/exitCodes";
import { FuzzClass, fuzzClasses, generateSet, seeded } from "./fuzzGenerator";

/** The seed CI's run uses (`npm run fuzz` without --seed or --random), so its counts are repeatable. */
export const fuzzSeed = 20261126;

/** How a set ended. */
export type Outcome = "0 clean" | "1 findings" | "2 input" | "3 internal" | "hang";

/** A set that broke a rule of the plan: an internal error, a hang, or a message naming no file. */
export interface FuzzFailure {
    /** The set's number (replay: same seed, same number). */
    readonly index: number;
    /** Its kind. */
    readonly kind: FuzzClass;
    /** What was done to it. */
    readonly defect: string;
    /** What went wrong. */
    readonly reason: string;
}

/** The result of a run. */
export interface FuzzReport {
    /** The seed. */
    readonly seed: number;
    /** Sets run. */
    readonly sets: number;
    /** Outcomes per class. */
    readonly counts: Record<FuzzClass, Record<Outcome, number>>;
    /** Sets that broke a rule. */
    readonly failures: FuzzFailure[];
    /** Regions planned (clean or with findings). */
    readonly regionsPlanned: Set<string>;
    /** The slowest set, in milliseconds. */
    readonly slowestMs: number;
    /** Milliseconds spent per class. */
    readonly millis: Record<FuzzClass, number>;
}

/** Options of a run. */
export interface FuzzOptions {
    /** Seed of the generator. */
    readonly seed: number;
    /** How many sets. */
    readonly sets: number;
    /** A set taking longer counts as a hang. @default 10000 */
    readonly hangMs?: number;
    /** Record stack traces, for the report of an internal error (replaying a set). @default false, as the plan without --debug */
    readonly traces?: boolean;
    /** Plan only the sets whose number modulo `count` is `index` (every set is still generated, so each keeps its content). @default every set */
    readonly shard?: { readonly index: number; readonly count: number };
}

const namesAFile = /Pulumi(\.[^\s:]+)?\.ya?ml/;

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | "hang"> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<"hang">((resolve) => { timer = setTimeout(() => resolve("hang"), ms); });
    try {
        return await Promise.race([work, deadline]);
    } finally {
        clearTimeout(timer);
    }
}

/**
 * Generates and plans `options.sets` sets.
 * @param options seed, count, hang limit
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
    const random = seeded(options.seed);
    const counts = Object.fromEntries(fuzzClasses.map((kind) => [kind, { "0 clean": 0, "1 findings": 0, "2 input": 0, "3 internal": 0, hang: 0 }])) as FuzzReport["counts"];
    const failures: FuzzFailure[] = [];
    const regionsPlanned = new Set<string>();
    let slowestMs = 0;
    const millis = Object.fromEntries(fuzzClasses.map((kind) => [kind, 0])) as Record<FuzzClass, number>;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "plan-fuzz-"));
    try {
        for (let index = 0; index < options.sets; index++) {
            const set = generateSet(random, index);
            if (options.shard !== undefined && index % options.shard.count !== options.shard.index) {
                continue;
            }
            const directory = path.join(root, String(index));
            fs.mkdirSync(directory);
            for (const [file, text] of Object.entries(set.files)) {
                fs.writeFileSync(path.join(directory, file), text);
            }
            const fail = (reason: string) => failures.push({ index, kind: set.kind, defect: set.defect, reason });
            const started = Date.now();
            const result = await withDeadline((async () => {
                try {
                    const plan = await planProject(readProject(directory), [], { diagnostics: options.traces });
                    for (const message of [...plan.problems.flatMap((problem) => problem.messages), ...plan.warnings]) {
                        if (!namesAFile.test(message)) {
                            fail(`a message names no file: ${message.slice(0, 200)}`);
                        }
                    }
                    for (const problem of plan.problems.filter((item) => item.kind === "internal")) {
                        fail(`internal error: ${problem.messages.join("; ").slice(0, 300)}`);
                    }
                    plan.stacks.forEach((stack) => regionsPlanned.add(stack.region));
                    return planExitCode(plan);
                } catch (error) {
                    if (isInputError(error)) {
                        if (!namesAFile.test(error.message)) {
                            fail(`a message names no file: ${error.message.slice(0, 200)}`);
                        }
                        return 2;
                    }
                    fail(`internal error (thrown): ${error instanceof Error ? error.stack ?? error.message : String(error)}`.slice(0, 500));
                    return 3;
                }
            })(), options.hangMs ?? 10000);
            slowestMs = Math.max(slowestMs, Date.now() - started);
            millis[set.kind] += Date.now() - started;
            if (result === "hang") {
                fail(`took longer than ${options.hangMs ?? 10000} ms`);
                counts[set.kind].hang++;
            } else {
                counts[set.kind][(["0 clean", "1 findings", "2 input", "3 internal"] as const)[result]]++;
            }
            fs.rmSync(directory, { recursive: true, force: true });
        }
    } finally {
        fs.rmSync(root, { recursive: true, force: true });
    }
    return { seed: options.seed, sets: options.sets, counts, failures, regionsPlanned, slowestMs, millis };
}

/** The counts as a table, one line per class, for the test's output. */
export function formatReport(report: FuzzReport): string {
    const outcomes: Outcome[] = ["0 clean", "1 findings", "2 input", "3 internal", "hang"];
    const header = `${"class".padEnd(22)}${outcomes.map((outcome) => outcome.padStart(12)).join("")}${"seconds".padStart(10)}`;
    const rows = Object.entries(report.counts).map(([kind, counts]) =>
        `${kind.padEnd(22)}${outcomes.map((outcome) => String(counts[outcome]).padStart(12)).join("")}${(report.millis[kind as FuzzClass] / 1000).toFixed(1).padStart(10)}`);
    const totals = outcomes.map((outcome) => String(Object.values(report.counts).reduce((sum, counts) => sum + counts[outcome], 0)).padStart(12)).join("");
    return [`fuzz: seed ${report.seed}, ${report.sets} sets, ${report.regionsPlanned.size} regions planned, slowest set ${report.slowestMs} ms`, header, ...rows, `${"total".padEnd(22)}${totals}`].join("\n");
}

/** One rule every fuzz run keeps, and what broke it (nothing when kept). */
export interface FuzzRule {
    /** The rule, as the test and `npm run fuzz` name it. */
    readonly rule: string;
    /** What broke it. */
    readonly broken: readonly string[];
}

/**
 * The rules of a full run, checked by `npm run fuzz` (and so by CI): enough sets of every class,
 * no internal error, hang or message without a file, every commercial region planned, valid
 * sets never refused as input, each broken class refused as it must be.
 * @param report the run
 * @param regions every commercial region's code; undefined leaves the rule out (a short run plans too few sets to reach each)
 * @param minimumSets the sets a full run plans
 * @default minimumSets 1000
 */
export function fuzzRules(report: FuzzReport, regions: readonly string[] | undefined, minimumSets = 1000): FuzzRule[] {
    const total = (kind: FuzzClass) => Object.values(report.counts[kind]).reduce((sum, count) => sum + count, 0);
    const perClass = Math.floor(report.sets / fuzzClasses.length);
    return [
        {
            rule: `plans at least ${minimumSets} sets, at least ${perClass} of every class`,
            broken: [
                ...(report.sets < minimumSets ? [`${report.sets} sets`] : []),
                ...fuzzClasses.filter((kind) => total(kind) < perClass).map((kind) => `${kind}: ${total(kind)} sets`),
            ],
        },
        {
            rule: "ends no set in an internal error or a hang, and every message names a file",
            broken: report.failures.map((failure) => `set ${failure.index} [${failure.kind}] ${failure.defect}: ${failure.reason}`),
        },
        ...(regions === undefined ? [] : [{
            rule: "plans every commercial region",
            broken: regions.filter((region) => !report.regionsPlanned.has(region)).map((region) => `${region} never planned`),
        }]),
        {
            rule: "plans every valid set clean or with findings, and refuses every broken one as input (exit 2) or a finding (exit 1)",
            broken: [
                ...(report.counts.valid["2 input"] > 0 ? [`${report.counts.valid["2 input"]} valid sets refused as input`] : []),
                ...(report.counts.valid["0 clean"] === 0 ? ["no valid set planned clean"] : []),
                // Every mistake in the accelerator's stacks is a cross-stack finding, never a crash or a pass.
                ...(report.counts["accelerator-ownership"]["1 findings"] !== total("accelerator-ownership") ? ["an accelerator-ownership set ended other than with findings"] : []),
                ...(["yaml-error", "region", "huge-value"] as const).filter((kind) => report.counts[kind]["0 clean"] > 0)
                    .map((kind) => `${report.counts[kind]["0 clean"]} ${kind} sets planned clean`),
            ],
        },
    ];
}

/**
 * Reports of shards of one run (the same seed and sets, each planning its share) as one report.
 * @param reports the shards' reports
 */
export function mergeReports(reports: readonly FuzzReport[]): FuzzReport {
    const [first] = reports;
    const counts = Object.fromEntries(fuzzClasses.map((kind) => [kind, Object.fromEntries(Object.keys(first.counts[kind]).map((outcome) =>
        [outcome, reports.reduce((sum, report) => sum + report.counts[kind][outcome as Outcome], 0)]))])) as FuzzReport["counts"];
    return {
        seed: first.seed,
        sets: first.sets,
        counts,
        failures: reports.flatMap((report) => report.failures).sort((a, b) => a.index - b.index),
        regionsPlanned: new Set(reports.flatMap((report) => [...report.regionsPlanned])),
        slowestMs: Math.max(...reports.map((report) => report.slowestMs)),
        millis: Object.fromEntries(fuzzClasses.map((kind) => [kind, reports.reduce((sum, report) => sum + report.millis[kind], 0)])) as Record<FuzzClass, number>,
    };
}

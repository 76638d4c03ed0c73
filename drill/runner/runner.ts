/**
 * `drill run`: preflight, baseline, apply the lever while watching every signal, restore
 * (always: in a finally, after Ctrl-C, after an error or a timeout) while watching recovery,
 * then judge and write the report.
 */
import { randomUUID } from "node:crypto";
import * as os from "node:os";
import * as path from "node:path";
import { ExitCode, ExitCodeValue, isInputError } from "../../domain/exitCodes";
import { DrillDependencies } from "../clients/types";
import { DeployedRegion } from "../clients/outputs";
import { drillPathOf, Lever, RestoreVerification } from "../levers/lever";
import { makeLever } from "../levers/make";
import { recordPassedDrill } from "../safety/lastPass";
import { describeHolder, LockHolder, lockValue, LockLocation, Route53DrillLock } from "../safety/lock";
import { DrillStage, readState, removeState, stateFilePath, writeState } from "../safety/stateFile";
import { reportPhase } from "../report/evaluate";
import { PhaseReport, PreflightCheck, DrillReport, DrillOutcome } from "../report/types";
import { writeReport, WrittenReport } from "../report/write";
import { buildSignals } from "../signals/build";
import { IpRegionMap } from "../signals/ipRegions";
import { pollOnce } from "../signals/poller";
import { isState, Signal } from "../signals/signal";
import { Simulation, simulateDrill } from "../simulate/simulate";
import { findTarget, loadProjectStacks, ProjectStacks, refuseCrossStackErrors, regionLabel } from "../stacks";
import { loadDeployment, placeholderDeployment } from "./deployment";
import { drillOutcome } from "./outcome";
import { DrillOptions } from "./options";
import { PhaseRun, runPhase } from "./phase";
import { planLines } from "./plan";
import { refusal, runPreflight } from "./preflight";
import { checkRequestRate } from "./rateBudget";
import { runStackChecks } from "./stackChecks";

/** The result of `drill run`. */
export interface DrillResult {
    /** The report (also written to disk unless this was a dry run). */
    readonly report: DrillReport;
    /** Where it was written. */
    readonly files?: WrittenReport;
    /** The process exit code: 0 passed or planned, 1 anything else that ran (failed, refused, interrupted, error). */
    readonly exitCode: ExitCodeValue;
}

/** What restoring left. */
interface Restored {
    /** The restore's error, when it failed. */
    readonly restoreFailure?: unknown;
    /** The read-back, when it succeeded. */
    readonly verification?: RestoreVerification;
    /** Why the read-back could not be made. */
    readonly verifyError?: string;
}

/** Bad input and missing tools are thrown (exit 2); every outcome of a drill that ran is 0 or 1. */
const exitCodes: Readonly<Record<DrillOutcome, ExitCodeValue>> = {
    passed: ExitCode.clean, planned: ExitCode.clean, failed: ExitCode.findings, error: ExitCode.findings, refused: ExitCode.findings, interrupted: ExitCode.findings,
};

function message(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/** An error message on one line, at most 300 characters (CLI errors carry whole transcripts). */
function oneLine(text: string): string {
    const flat = text.replace(/\s+/g, " ").trim();
    return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}

/** Extra time a lock is held beyond the two phase timeouts: the two deployments of the config lever. */
const lockAllowanceSeconds = 30 * 60;

function operatorName(): string {
    try {
        return os.userInfo().username.replace(/\s+/g, "_");
    } catch {
        return "unknown";
    }
}

/** Runs (or, with dryRun, plans) a drill. */
export async function runDrill(options: DrillOptions, deps: DrillDependencies): Promise<DrillResult> {
    const stacks = loadProjectStacks(options.projectDir);
    const targetConfig = findTarget(stacks, options.target);
    refuseCrossStackErrors(stacks);
    const simulation = simulateDrill(stacks, targetConfig, undefined, drillPathOf(options.lever));
    return new DrillRun(options, deps, simulation, targetConfig.settings.globalAccelerator.trafficDial, targetConfig.settings.dns.zoneName).run(stacks);
}

class DrillRun {
    private readonly warnings: string[] = [];
    private readonly startedAtMs: number;
    private checks: PreflightCheck[] = [];
    private readonly baseline = new Map<string, string[]>();
    private readonly phases: PhaseReport[] = [];
    private signals: Signal[] = [];
    private lever?: Lever;
    private target?: DeployedRegion;
    private stacks: readonly string[] = [];
    private readonly baselineDetail = new Map<string, string>();
    private lock?: { readonly lock: Route53DrillLock; readonly holder: LockHolder; readonly value: string };
    /** The lock taken: where it was and its id, kept after its release for the record of a pass. */
    private taken?: { readonly location: LockLocation; readonly id: string };
    private stateWritten = false;

    constructor(
        private readonly options: DrillOptions,
        private readonly deps: DrillDependencies,
        private readonly simulation: Simulation,
        private readonly configuredDial: number,
        private readonly zoneName: string,
    ) {
        this.startedAtMs = deps.clock.now();
    }

    private get stateFile(): string {
        return this.options.stateFile ?? stateFilePath(this.options.projectDir);
    }

    private get objectiveSeconds(): number {
        return this.simulation.prediction.recoveryTimeObjectiveSeconds;
    }

    private get timeoutSeconds(): number {
        const { lever } = this.simulation.prediction;
        return this.options.timeoutSeconds ?? 2 * Math.max(this.objectiveSeconds, lever.dnsClientSeconds, lever.acceleratorSeconds);
    }

    private get interrupted(): boolean {
        return this.deps.interrupt?.aborted ?? false;
    }

    private say(line = ""): void {
        this.deps.progress.event(line);
    }

    private warn(line: string): void {
        this.warnings.push(line);
        this.say(`!! ${line}`);
    }

    async run(stacks: ProjectStacks): Promise<DrillResult> {
        let deployment: DeployedRegion[];
        let offline = false;
        try {
            deployment = await loadDeployment(this.deps.automation, stacks);
        } catch (error) {
            if (isInputError(error)) {
                throw error;
            }
            if (!this.options.dryRun) {
                // Nothing was checked or changed yet: print the error, write no report.
                return this.finish("error", `Could not read the stacks' outputs (the drill reads them through the Pulumi CLI: log in to the stacks' backend and deploy them first): ${oneLine(message(error))}`, message(error), undefined, false);
            }
            this.warn(`stack outputs unavailable (${oneLine(message(error))}); the plan uses placeholders from the stack files and preflight is skipped`);
            deployment = placeholderDeployment(stacks);
            offline = true;
        }
        const target = deployment.find((region) => region.stack === this.simulation.target.stack)!;
        const others = deployment.filter((region) => region !== target);
        this.target = target;
        // A global stack's update (the accelerator) during a drill is as unwelcome as a region's.
        this.stacks = [...deployment.map((region) => region.stack), ...(stacks.globals ?? []).map((global) => global.stack)];
        const lever = makeLever(this.options.lever, this.deps, target, deployment);
        this.lever = lever;
        this.signals = buildSignals({
            target, others, simulation: this.simulation, configuredDial: this.configuredDial,
            aws: this.deps.aws, prober: this.deps.prober,
            ipRegions: new IpRegionMap(this.deps.resolver, deployment),
            probeTimeoutMs: this.options.probeTimeoutSeconds * 1000, clock: this.deps.clock,
        });
        planLines({
            targetLabel: regionLabel(target), lever, signals: this.signals, prediction: this.simulation.prediction,
            pollSeconds: this.options.pollSeconds, baselinePolls: this.options.baselinePolls, timeoutSeconds: this.timeoutSeconds, outDir: this.options.outDir,
        }).forEach((line) => this.say(line));
        this.say();
        checkRequestRate(this.signals, this.options.pollSeconds);

        if (this.options.dryRun) {
            if (!offline) {
                await this.preflight(others, [await this.lockCheck(deployment, false)]);
            }
            this.say("Dry run: nothing was changed.");
            return this.finish("planned", `Dry run of a drill on ${regionLabel(target)}: nothing was changed.`);
        }
        const unfinished = readState(this.stateFile);
        if (unfinished !== undefined) {
            return this.finish("refused", `Refused: a drill of ${unfinished.target.stack} (${unfinished.lever} lever, lock ${unfinished.lock.id}) did not finish restoring; ` +
                `its state file ${this.stateFile} is still there. Run npm run drill -- restore first.`);
        }
        const lockCheck = await this.lockCheck(deployment, true);
        try {
            return await this.afterLock(lever, others, lockCheck);
        } finally {
            // Without a state file nothing was changed: the lock goes. With one, it stays until a restore is read back.
            if (!this.stateWritten) {
                await this.releaseLock();
            }
        }
    }

    private async afterLock(lever: Lever, others: readonly DeployedRegion[], lockCheck: PreflightCheck): Promise<DrillResult> {
        const refused = await this.preflight(others, [lockCheck]);
        if (refused.length > 0) {
            return this.finish("refused", `Refused: ${refused.map((check) => `${check.description} (${check.detail})`).join("; ")}.${refused.some((check) => check.onFailure === "refuse") ? " Use --force to override." : ""}`);
        }
        if (lever.driftWarning) {
            this.warn(lever.driftWarning);
        }
        await this.observeBaseline();
        if (this.interrupted) {
            return this.finish("interrupted", "Interrupted before the lever was used: nothing was changed.");
        }
        const unread = this.unreadBaseline();
        if (unread.length > 0) {
            return this.finish("refused", `Refused: no valid baseline reading of ${unread.join("; ")}. The drill would take the region out without being able to see it move; fix access (permissions, network) first.`);
        }
        try {
            await lever.prepare?.();
            this.saveState("applying");
        } catch (error) {
            return this.finish("error", `Could not record the original values in the state file ${this.stateFile} (${oneLine(message(error))}); nothing was changed.`, message(error));
        }
        this.say(`Original values: ${Object.entries(lever.originals()).map(([key, value]) => `${key}=${String(value)}`).join(", ") || "-"}`);
        this.say(`By hand, if this tool dies: npm run drill -- restore, or ${lever.manualRestore().join(" && ")}`);
        return this.drill(lever);
    }

    /** The lock: taken for a real run (refused when another drill holds it), only read for a dry run. */
    private async lockCheck(deployment: readonly DeployedRegion[], take: boolean): Promise<PreflightCheck> {
        const description = "no other drill of this project is running (the drill lock in Route 53)";
        const hostedZoneId = deployment.find((region) => region.hostedZoneId !== undefined)?.hostedZoneId;
        if (hostedZoneId === undefined || this.zoneName === "") {
            return { id: "drill-lock", description, ok: false, detail: "the project has no hosted zone to hold the lock (_drill-lock TXT record)", onFailure: "refuse-always" };
        }
        const lock = new Route53DrillLock(this.deps.aws.route53, { hostedZoneId, zoneName: this.zoneName });
        const now = this.deps.clock.now();
        try {
            if (!take) {
                const current = await lock.read();
                return { id: "drill-lock", description, ok: current === undefined, detail: current ? `held by ${describeHolder(current.holder, current.raw, now)}` : `${lock.recordName} is free`, onFailure: "refuse-always" };
            }
            const holder: LockHolder = {
                id: randomUUID(), target: this.simulation.target.stack, lever: this.options.lever, by: this.options.operator ?? operatorName(),
                startedAt: new Date(now).toISOString(), expiresAt: new Date(now + (2 * this.timeoutSeconds + lockAllowanceSeconds) * 1000).toISOString(),
            };
            const taken = await lock.acquire(holder);
            if (!taken.acquired) {
                const current = taken.current;
                return {
                    id: "drill-lock", description, ok: false, onFailure: "refuse-always",
                    detail: `held by ${current ? describeHolder(current.holder, current.raw, now) : "a drill whose lock vanished while it was read"}; if that drill is dead, run npm run drill -- unlock`,
                };
            }
            this.lock = { lock, holder, value: lockValue(holder) };
            this.taken = { location: lock.location, id: holder.id };
            return { id: "drill-lock", description, ok: true, detail: `taken: ${lock.recordName} = drill ${holder.id}, expires ${holder.expiresAt}`, onFailure: "refuse-always" };
        } catch (error) {
            return { id: "drill-lock", description, ok: false, detail: `could not ${take ? "take" : "read"} the lock: ${message(error)}`, onFailure: "refuse-always" };
        }
    }

    private async releaseLock(): Promise<void> {
        const held = this.lock;
        if (held === undefined) {
            return;
        }
        this.lock = undefined;
        try {
            if (await held.lock.deleteIfValue(held.value)) {
                this.say(`Lock released: ${held.lock.recordName}.`);
            } else {
                this.warn(`the drill lock ${held.lock.recordName} no longer held this drill's value (broken by someone?); nothing was deleted`);
            }
        } catch (error) {
            this.warn(`could not release the drill lock ${held.lock.recordName}: ${message(error)}; run npm run drill -- unlock`);
        }
    }

    /** Writes the state file (fsync'd) before the lever changes anything, and again at each stage. */
    private saveState(stage: DrillStage): void {
        const lever = this.lever!;
        const held = this.lock!;
        const now = new Date(this.deps.clock.now()).toISOString();
        writeState(this.stateFile, {
            schemaVersion: 1, project: path.basename(this.options.projectDir), lever: lever.kind, target: this.target!, stacks: this.stacks,
            originals: lever.originals(), leverState: lever.savedState?.() ?? {}, manualRestore: lever.manualRestore(),
            lock: { location: held.lock.location, id: held.holder.id, value: held.value },
            stage, startedAt: new Date(this.startedAtMs).toISOString(), updatedAt: now,
        });
        if (!this.stateWritten) {
            this.say(`State written: ${this.stateFile} (if this process dies, run npm run drill -- restore).`);
        }
        this.stateWritten = true;
    }

    /** Signals that must change, and guards, without a valid reading in the baseline (or whose latest reading failed). */
    private unreadBaseline(): string[] {
        return this.signals.filter((signal) => signal.guard || signal.predictedSeconds !== null).flatMap((signal) => {
            const seen = this.baseline.get(signal.id) ?? [];
            const latest = seen.at(-1);
            if (latest !== undefined && isState(latest) && seen.some(isState)) {
                return [];
            }
            return [`${signal.id} (${latest ?? "no reading"}${this.baselineDetail.has(signal.id) ? `: ${this.baselineDetail.get(signal.id)}` : ""})`];
        });
    }

    private async preflight(others: readonly DeployedRegion[], extra: readonly PreflightCheck[]): Promise<PreflightCheck[]> {
        this.say("Preflight:");
        const stackChecks = await runStackChecks({ automation: this.deps.automation, aws: this.deps.aws, target: this.target!, stacks: this.stacks });
        this.checks = [...extra, ...stackChecks, ...await runPreflight({ target: this.target!, others, aws: this.deps.aws, lever: this.lever!, clock: this.deps.clock })];
        for (const check of this.checks) {
            this.say(`  ${check.ok ? "ok  " : check.onFailure === "warn" ? "warn" : "FAIL"}  ${check.description}: ${check.detail}`);
        }
        const refused = refusal(this.checks, this.options.force);
        const forced = this.checks.filter((check) => !check.ok && check.onFailure === "refuse" && this.options.force);
        if (forced.length > 0 && refused.length === 0) {
            this.warn(`--force: going on although ${forced.map((check) => check.description).join("; ")} failed`);
        }
        for (const check of this.checks.filter((candidate) => !candidate.ok && candidate.onFailure === "warn")) {
            this.warn(`${check.description}: ${check.detail}`);
        }
        this.say();
        return refused;
    }

    private async observeBaseline(): Promise<void> {
        const { clock } = this.deps;
        this.say(`Baseline (${this.options.baselinePolls} polls):`);
        for (let poll = 0; poll < this.options.baselinePolls && !this.interrupted; poll++) {
            if (poll > 0) {
                await clock.sleep(this.options.pollSeconds * 1000);
            }
            await pollOnce(this.signals, clock, (signal, observation) => {
                this.baseline.set(signal.id, [...(this.baseline.get(signal.id) ?? []), observation.value]);
                if (observation.detail !== undefined) {
                    this.baselineDetail.set(signal.id, observation.detail);
                }
            });
        }
        for (const signal of this.signals) {
            const seen = this.baseline.get(signal.id) ?? [];
            this.say(`  ${signal.id}: ${[...new Set(seen)].join(", ") || "-"}`);
            const unexpected = [...new Set(seen)].filter((value) => isState(value) && !signal.expected.before.includes(value));
            if (unexpected.length > 0) {
                this.warn(`baseline of ${signal.id} is ${unexpected.join(", ")}; the model expected ${signal.expected.before.join(", ")} (check drill/model/clients.ts and the stacks' configuration)`);
            }
        }
        this.say();
    }

    private baselineStates(signal: Signal): string[] {
        return (this.baseline.get(signal.id) ?? []).filter(isState);
    }

    /** The states a signal is in before the drill: what the baseline saw, and the model's unless it is only a union over locations. */
    private statesBefore(signal: Signal): string[] {
        const seen = this.baselineStates(signal);
        return signal.expectationIsUnion && seen.length > 0 ? seen : [...new Set([...seen, ...signal.expected.before])];
    }

    /**
     * The states a signal should reach in the outage. A union expectation the model does not see
     * change (the accelerator on the alarm path) stays where the baseline saw it.
     */
    private statesDuring(signal: Signal): readonly string[] {
        return signal.expectationIsUnion && signal.predictedSeconds === null ? this.statesBefore(signal) : signal.expected.during;
    }

    private get phaseSettings() {
        return {
            signals: this.signals, clock: this.deps.clock, progress: this.deps.progress, interrupt: this.deps.interrupt,
            pollMs: this.options.pollSeconds * 1000, timeoutMs: this.timeoutSeconds * 1000,
            confirmPolls: this.options.confirmPolls, guardMisses: this.options.guardMisses,
        };
    }

    private async drill(lever: Lever): Promise<DrillResult> {
        let outage: PhaseRun | undefined;
        let failure: unknown;
        let restored: Restored = {};
        try {
            this.say(`Applying the ${lever.kind} lever: ${lever.summary}`);
            outage = await runPhase({
                ...this.phaseSettings, phase: "outage", action: () => lever.apply(), observe: true,
                lastValues: new Map(this.signals.map((signal) => [signal.id, (this.baseline.get(signal.id) ?? []).at(-1) ?? "-"])),
                states: (signal) => ({ previous: new Set(this.statesBefore(signal)), next: new Set(this.statesDuring(signal)) }),
            });
            this.phases.push(this.phaseReport(outage));
            failure = outage.actionError;
        } catch (error) {
            failure = error;
        } finally {
            restored = await this.restore(lever, outage);
        }
        if (failure !== undefined) {
            this.warn(`the drill failed: ${message(failure)}`);
        }
        await this.settle(restored);
        return this.conclude(lever, { outage, failure, ...restored });
    }

    /** Undoes the lever while watching recovery (only restoring, after Ctrl-C); never throws. */
    private async restore(lever: Lever, outage: PhaseRun | undefined): Promise<Restored> {
        this.say(this.interrupted ? "Interrupted: restoring now (a second Ctrl-C exits at once; the state file stays for npm run drill -- restore)." : `Restoring: undoing ${lever.summary}`);
        try {
            this.saveState("restoring");
        } catch (error) {
            this.warn(`could not update the state file: ${message(error)}`);
        }
        const outageSeen = new Map([...(outage?.detectors ?? [])].map(([id, detector]) => [id, detector.samples.map((sample) => sample.value).filter(isState)]));
        let recovery: PhaseRun;
        try {
            recovery = await runPhase({
                ...this.phaseSettings, phase: "recovery", action: () => lever.restore(), observe: !this.interrupted,
                lastValues: new Map(this.signals.map((signal) => [signal.id, outage?.detectors.get(signal.id)?.latest ?? "-"])),
                states: (signal) => ({
                    previous: new Set([...(outageSeen.get(signal.id) ?? []).slice(-this.options.confirmPolls), ...signal.expected.during]),
                    next: new Set([...this.statesBefore(signal), ...signal.expected.before]),
                }),
            });
        } catch (error) {
            return this.restoreFailed(lever, error);
        }
        if (recovery.polled !== undefined) {
            this.phases.push(this.phaseReport(recovery));
        }
        if (recovery.actionError !== undefined) {
            return this.restoreFailed(lever, recovery.actionError);
        }
        try {
            const verification = await lever.verifyRestored();
            this.say(`Restore read back: ${verification.detail}`);
            return { verification };
        } catch (error) {
            this.warn(`could not read the restored values back: ${message(error)}`);
            return { verifyError: message(error) };
        }
    }

    /** After a restore read back as the originals: the state file and the lock go; otherwise both stay. */
    private async settle(restored: Restored): Promise<void> {
        if (restored.verification?.ok === true) {
            removeState(this.stateFile);
            this.stateWritten = false;
            await this.releaseLock();
            return;
        }
        this.warn(`the restore was not confirmed: the state file ${this.stateFile} and the drill lock stay; run npm run drill -- restore`);
    }

    private restoreFailed(lever: Lever, error: unknown): Restored {
        this.warn(`RESTORE FAILED: ${message(error)}. Restore by hand: ${lever.manualRestore().join(" && ")}`);
        return { restoreFailure: error };
    }

    private conclude(lever: Lever, result: { outage?: PhaseRun; failure?: unknown } & Restored): Promise<DrillResult> {
        const restoreFailure = result.restoreFailure === undefined ? undefined : message(result.restoreFailure);
        const failure = result.failure === undefined ? undefined : message(result.failure);
        const { outcome, summary } = drillOutcome({
            phases: this.phases, interrupted: this.interrupted, failure, restoreFailure, manualRestore: lever.manualRestore(),
            verified: result.verification?.ok, verification: result.verification?.detail ?? result.verifyError, trippedGuard: result.outage?.polled?.trippedGuard,
            timeoutSeconds: this.timeoutSeconds, objectiveSeconds: this.objectiveSeconds,
        });
        return this.finish(outcome, summary, restoreFailure ?? failure, {
            kind: lever.kind, summary: lever.summary, originals: lever.originals(),
            restored: restoreFailure === undefined,
            verified: result.verification?.ok ?? null,
            verification: result.verification?.detail ?? (restoreFailure !== undefined ? `not restored: ${restoreFailure}` : `not read back: ${result.verifyError ?? "unknown"}`),
            ...(lever.driftWarning ? { driftWarning: lever.driftWarning } : {}),
        });
    }

    private phaseReport(run: PhaseRun): PhaseReport {
        return reportPhase(run, this.signals, this.objectiveSeconds);
    }

    /** Leaves the pass beside the lock (`_drill-passed.<zone>`), where `npm run readiness` finds it; a failure is a warning. */
    private async recordPass(): Promise<void> {
        const taken = this.taken;
        if (taken === undefined) {
            return;
        }
        try {
            await recordPassedDrill(this.deps.aws.route53, taken.location, {
                target: this.simulation.target.stack, lever: this.options.lever, finishedAt: new Date(this.deps.clock.now()).toISOString(),
                id: taken.id, by: this.options.operator ?? operatorName(),
            });
        } catch (error) {
            this.warn(`could not record the pass for npm run readiness (_drill-passed TXT record): ${message(error)}`);
        }
    }

    private async finish(outcome: DrillOutcome, summary: string, error?: string, lever?: DrillReport["lever"], write = outcome !== "planned"): Promise<DrillResult> {
        if (outcome === "passed") {
            await this.recordPass();
        }
        const { failover } = this.simulation.prediction;
        const report: DrillReport = {
            schemaVersion: 1,
            target: this.simulation.target,
            outcome,
            summary,
            startedAt: new Date(this.startedAtMs).toISOString(),
            finishedAt: new Date(this.deps.clock.now()).toISOString(),
            recoveryTimeObjectiveSeconds: this.objectiveSeconds,
            pollSeconds: this.options.pollSeconds,
            predictedFailoverSeconds: { dns: failover.dns.totalSeconds, globalAccelerator: failover.globalAccelerator.totalSeconds },
            preflight: { forced: this.options.force, checks: this.checks },
            baseline: Object.fromEntries(this.baseline),
            ...(lever ? { lever } : {}),
            phases: this.phases,
            warnings: this.warnings,
            ...(error !== undefined ? { error } : {}),
        };
        this.say(`Outcome: ${outcome.toUpperCase()}: ${summary}`);
        if (!write) {
            return { report, exitCode: exitCodes[outcome] };
        }
        const files = await writeReport(report, path.resolve(this.options.projectDir, this.options.outDir));
        this.say(`Report: ${files.markdown}`);
        this.say(`        ${files.html}`);
        this.say(`        ${files.json}`);
        return { report, files, exitCode: exitCodes[outcome] };
    }
}

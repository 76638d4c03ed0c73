/**
 * `drill run`: preflight, baseline, apply the lever while watching every signal, restore
 * (always: in a finally, after Ctrl-C, after an error or a timeout) while watching recovery,
 * then judge and write the report.
 */
import * as path from "node:path";
import { ExitCode, ExitCodeValue, isInputError } from "../../domain/exitCodes";
import { DrillDependencies } from "../clients/types";
import { DeployedRegion, routingControlsOf } from "../clients/outputs";
import { drillPathOf, Lever, LeverTiming, RestoreVerification } from "../levers/lever";
import { makeLever } from "../levers/make";
import { recordPassedDrill } from "../safety/lastPass";
import { DrillSession, operatorName } from "../safety/session";
import { DrillStage, stateFilePath } from "../safety/stateFile";
import { ZoneLocation } from "../safety/zoneRecord";
import { reportPhase } from "../report/evaluate";
import { comparePaths } from "../report/paths";
import { PhaseReport, PreflightCheck, DrillReport, DrillOutcome, UsersAtRisk } from "../report/types";
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
import { GuardTrip, PhaseRun, runPhase } from "./phase";
import { planLines } from "./plan";
import { refusal, runPreflight } from "./preflight";
import { checkRequestRate } from "./rateBudget";
import { PreScale } from "../capacity/preScale";
import type { ConnectionSettings } from "../../domain/connections";
import { scaleTargets } from "../capacity/needs";
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

/** What the fast restore did when a guard tripped. */
interface UrgentRestore {
    /** The guard that tripped. */
    readonly guard: string;
    /** When the guard's reading showed the failure (clock ms). */
    readonly seenAtMs: number;
    /** Whether the lever's apply was still running (it may have moved values again since). */
    readonly applyWasRunning: boolean;
    /** The fast restore's timing, when it succeeded. */
    readonly timing?: LeverTiming;
}

/** When a restore took effect in AWS: its earliest effect, else its end. */
function effectiveAt(timing: LeverTiming): number {
    const effects = Object.values(timing.effectiveAtMs).filter((at): at is number => at !== undefined);
    return effects.length > 0 ? Math.min(...effects) : timing.finishedAtMs;
}

/** What restoring left. */
interface Restored {
    /** The restore's error, when it failed. */
    readonly restoreFailure?: unknown;
    /** The read-back, when it succeeded. */
    readonly verification?: RestoreVerification;
    /** Why the read-back could not be made. */
    readonly verifyError?: string;
    /** The restore's timing, when it ran. */
    readonly timing?: LeverTiming;
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

/** Runs (or, with dryRun, plans) a drill. */
export async function runDrill(options: DrillOptions, deps: DrillDependencies): Promise<DrillResult> {
    const stacks = loadProjectStacks(options.projectDir);
    const targetConfig = findTarget(stacks, options.target);
    refuseCrossStackErrors(stacks);
    const simulation = simulateDrill(stacks, targetConfig, undefined, drillPathOf(options.lever));
    return new DrillRun(options, deps, simulation, targetConfig.settings.globalAccelerator.trafficDial, targetConfig.settings.dns.zoneName, targetConfig.settings.alb).run(stacks);
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
    /** Every other region of the stack set. */
    private others: readonly DeployedRegion[] = [];
    private stacks: readonly string[] = [];
    private readonly baselineDetail = new Map<string, string>();
    private session?: DrillSession;
    /** The survivors' pre-scaling (`--pre-scale`). */
    private capacity?: PreScale;
    private urgent?: UrgentRestore;
    private usersAtRisk?: UsersAtRisk;

    constructor(
        private readonly options: DrillOptions,
        private readonly deps: DrillDependencies,
        private readonly simulation: Simulation,
        private readonly configuredDial: number,
        private readonly zoneName: string,
        private readonly connectionSettings: ConnectionSettings,
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
        // A failback that waits for the followed alarms' hold-down (the fault lever) gets the time it needs.
        const recoveryClientSeconds = lever.recoveryDnsAnswerSeconds + (lever.dnsClientSeconds - lever.dnsAnswerSeconds);
        return this.options.timeoutSeconds ?? 2 * Math.max(this.objectiveSeconds, lever.dnsClientSeconds, lever.acceleratorSeconds, lever.alarmSeconds ?? 0, recoveryClientSeconds);
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
        this.others = others;
        // A global stack's update (the accelerator) during a drill is as unwelcome as a region's.
        this.stacks = [...deployment.map((region) => region.stack), ...(stacks.globals ?? []).map((global) => global.stack)];
        const lever = makeLever(this.options.lever, this.deps, target, deployment);
        this.lever = lever;
        if (this.options.preScale) {
            this.capacity = new PreScale(this.deps.aws, this.deps.clock, scaleTargets(stacks, findTarget(stacks, target.stack), [0], deployment));
        }
        this.signals = buildSignals({
            target, others, simulation: this.simulation, configuredDial: this.configuredDial,
            aws: this.deps.aws, prober: this.deps.prober,
            ipRegions: new IpRegionMap(this.deps.resolver, deployment),
            probeTimeoutMs: this.options.probeTimeoutSeconds * 1000, clock: this.deps.clock,
            clusterEndpoints: routingControlsOf(deployment).endpoints,
            ...(this.deps.keepAlive ? { connections: { keepAlive: this.deps.keepAlive, settings: this.connectionSettings, pollSeconds: this.options.pollSeconds } } : {}),
        });
        planLines({
            targetLabel: regionLabel(target), lever, signals: this.signals, prediction: this.simulation.prediction,
            pollSeconds: this.options.pollSeconds, baselinePolls: this.options.baselinePolls, timeoutSeconds: this.timeoutSeconds, outDir: this.options.outDir,
        }).forEach((line) => this.say(line));
        this.say();
        checkRequestRate(this.signals, this.options.pollSeconds);
        if (this.capacity !== undefined && !offline) {
            try {
                await this.capacity.prepare();
            } catch (error) {
                if (!this.options.dryRun) {
                    return this.finish("refused", `Refused: ${oneLine(message(error))}. Nothing was changed.`);
                }
                this.warn(`pre-scaling would be refused: ${oneLine(message(error))}`);
            }
        }
        if (this.capacity !== undefined) {
            this.say(`Pre-scaling (--pre-scale), before the lever; the MinSize goes back after the restore (only where it still holds the drill's value), the DesiredCapacity is left to the scaling policy:`);
            this.capacity.plan().forEach((line) => this.say(`  ${line}`));
            this.say();
        }

        const session = new DrillSession({ route53: this.deps.aws.route53, clock: this.deps.clock, say: (line) => this.say(line), warn: (line) => this.warn(line) },
            this.zoneLocation(deployment), this.stateFile);
        this.session = session;
        if (this.options.dryRun) {
            if (!offline) {
                await this.preflight([await session.unfinishedCheck(true), await session.lockCheck(undefined)]);
            }
            this.say("Dry run: nothing was changed.");
            return this.finish("planned", `Dry run of a drill on ${regionLabel(target)}: nothing was changed.`);
        }
        const lockCheck = await session.lockCheck({
            target: this.simulation.target.stack, lever: this.options.lever, operator: this.options.operator, lifetimeSeconds: 2 * this.timeoutSeconds + lockAllowanceSeconds,
        });
        // No drill starts while an earlier one's state is unrestored, even after its lock expired.
        const unfinished = await session.unfinishedCheck(false);
        try {
            return await this.afterLock(lever, [lockCheck, unfinished]);
        } finally {
            // Without a state file nothing was changed: the lock goes. With one, it stays until a restore is read back.
            if (!session.stateWritten) {
                await session.releaseLock();
            }
        }
    }

    private async afterLock(lever: Lever, first: readonly PreflightCheck[]): Promise<DrillResult> {
        const refused = await this.preflight(first);
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
        const unreadGuards = this.unreadBaseline(true);
        if (unreadGuards.length > 0) {
            return this.finish("refused", `Refused: no valid baseline reading of ${unreadGuards.join("; ")}. A guard that cannot be read cannot stop the drill when that region fails; fix access (permissions, network) first.`);
        }
        const unread = this.unreadBaseline(false);
        if (unread.length > 0 && !this.options.force) {
            return this.finish("refused", `Refused: no valid baseline reading of ${unread.join("; ")}. The drill would take the region out without being able to see it move; fix access (permissions, network) first, ` +
                "or use --force to measure without them (the guards still watch every other region).");
        }
        if (unread.length > 0) {
            this.warn(`--force: going on without a baseline of ${unread.join("; ")}; they are still polled, and the drill fails on any that never reads`);
        }
        try {
            await lever.prepare?.();
            await this.saveState("applying");
        } catch (error) {
            return this.finish("error", `Could not record the original values in the drill state (${oneLine(message(error))}); nothing was changed.`, message(error));
        }
        this.say(`Original values: ${Object.entries(this.originals()).map(([key, value]) => `${key}=${String(value)}`).join(", ") || "-"}`);
        this.say(`By hand, if this tool dies: npm run drill -- restore, or ${this.manualRestore().join(" && ")}`);
        const notScaled = await this.raiseCapacity();
        return notScaled ?? this.drill(lever);
    }

    /** Pre-scales the survivors before the lever; on failure puts the capacity back and ends the drill (the lever never moved). */
    private async raiseCapacity(): Promise<DrillResult | undefined> {
        const capacity = this.capacity;
        if (capacity === undefined) {
            return undefined;
        }
        try {
            await capacity.raise({ timeoutMs: this.options.preScaleWaitSeconds * 1000, pollMs: this.options.pollSeconds * 1000, interrupt: this.deps.interrupt, say: (line) => this.say(line) });
            return undefined;
        } catch (error) {
            this.warn(`pre-scaling failed: ${message(error)}`);
            let verified = false;
            try {
                await capacity.restore();
                const verification = await capacity.verifyRestored();
                this.say(`Pre-scaling put back: ${verification.detail}`);
                verified = verification.ok;
            } catch (restoreError) {
                this.warn(`RESTORE FAILED: ${message(restoreError)}. Restore by hand: ${capacity.manualRestore().join(" && ")}`);
            }
            await this.session!.settle(verified);
            return this.finish(this.interrupted ? "interrupted" : "error", `Pre-scaling failed (${oneLine(message(error))}): the lever was not used${verified ? "; the survivors' MinSize is back" : ""}.`, message(error));
        }
    }

    /** The originals of every change: the lever's and the pre-scaled groups'. */
    private originals(): Record<string, string | number | boolean | null> {
        return { ...this.lever!.originals(), ...this.capacity?.originals() };
    }

    /** The commands that restore every change by hand. */
    private manualRestore(): string[] {
        return [...this.lever!.manualRestore(), ...(this.capacity?.manualRestore() ?? [])];
    }

    /** The hosted zone that holds the drill's lock and state, when the project has one. */
    private zoneLocation(deployment: readonly DeployedRegion[]): ZoneLocation | undefined {
        const hostedZoneId = deployment.find((region) => region.hostedZoneId !== undefined)?.hostedZoneId;
        return hostedZoneId === undefined || this.zoneName === "" ? undefined : { hostedZoneId, zoneName: this.zoneName };
    }

    /**
     * Writes the drill state before the lever changes anything (the zone's record, which any
     * operator can resume, and the local copy, fsync'd), and again at each stage.
     */
    private async saveState(stage: DrillStage): Promise<void> {
        const lever = this.lever!;
        await this.session!.save({
            project: path.basename(this.options.projectDir), lever: lever.kind, target: this.target!, stacks: this.stacks,
            originals: this.originals(), leverState: lever.savedState?.() ?? {}, manualRestore: this.manualRestore(),
            ...(this.capacity ? { preScale: this.capacity.saved() } : {}),
        }, stage);
    }

    /** Guards (`guards`), or signals that must change, without a valid reading in the baseline (or whose latest reading failed). */
    private unreadBaseline(guards: boolean): string[] {
        return this.signals.filter((signal) => (guards ? signal.guard : !signal.guard && signal.predictedSeconds !== null)).flatMap((signal) => {
            const seen = this.baseline.get(signal.id) ?? [];
            const latest = seen.at(-1);
            if (latest !== undefined && isState(latest) && seen.some(isState)) {
                return [];
            }
            return [`${signal.id} (${latest ?? "no reading"}${this.baselineDetail.has(signal.id) ? `: ${this.baselineDetail.get(signal.id)}` : ""})`];
        });
    }

    private async preflight(extra: readonly PreflightCheck[]): Promise<PreflightCheck[]> {
        this.say("Preflight:");
        const stackChecks = await runStackChecks({ automation: this.deps.automation, aws: this.deps.aws, target: this.target!, stacks: this.stacks });
        const guards = this.signals.filter((signal) => signal.guard);
        this.checks = [...extra, ...stackChecks, ...await runPreflight({ target: this.target!, others: this.others, guards, aws: this.deps.aws, lever: this.lever!, clock: this.deps.clock })];
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
                ...this.phaseSettings, phase: "outage", action: () => this.applyLever(lever), observe: true,
                lastValues: new Map(this.signals.map((signal) => [signal.id, (this.baseline.get(signal.id) ?? []).at(-1) ?? "-"])),
                states: (signal) => ({ previous: new Set(this.statesBefore(signal)), next: new Set(this.statesDuring(signal)) }),
                onGuardTripped: (trip) => this.urgentRestore(lever, trip),
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
        this.usersAtRisk = this.riskOf(outage, restored);
        await this.session!.settle(restored.verification?.ok === true);
        return this.conclude(lever, { outage, failure, ...restored });
    }

    /** Applies the lever, then records that its change is complete. */
    private async applyLever(lever: Lever): Promise<LeverTiming> {
        const timing = await lever.apply();
        try {
            await this.saveState("applied");
        } catch (error) {
            this.warn(`could not update the drill state: ${message(error)}`);
        }
        return timing;
    }

    /**
     * A guard tripped: a region that takes the traffic is failing while the target is out. The
     * lever's fast path puts the target back at once, without waiting for its apply (a `pulumi up`
     * may run for minutes); the normal restore follows and reconciles.
     */
    private async urgentRestore(lever: Lever, { guard, seenAtMs, actionRunning: applyWasRunning }: GuardTrip): Promise<void> {
        this.urgent = { guard, seenAtMs, applyWasRunning };
        if (lever.urgentRestore === undefined) {
            return;
        }
        this.warn(`guard ${guard} tripped: putting ${this.target!.region} back at once by the lever's fast path${applyWasRunning ? " (the lever's apply is still running; it is put back again once it ends)" : ""}`);
        try {
            const timing = await lever.urgentRestore();
            this.urgent = { ...this.urgent, timing };
            this.say(`Fast restore done in ${Math.round((timing.finishedAtMs - timing.startedAtMs) / 100) / 10} s; the normal restore follows.`);
        } catch (error) {
            this.warn(`the fast restore failed (${message(error)}); the normal restore follows`);
        }
    }

    /** How long users had no healthy region, when a guard tripped. */
    private riskOf(outage: PhaseRun | undefined, restored: Restored): UsersAtRisk | undefined {
        const urgent = this.urgent;
        if (urgent === undefined || outage?.polled?.trippedGuard === undefined) {
            return undefined;
        }
        const fast = urgent.timing;
        const backAtMs = fast !== undefined ? effectiveAt(fast) : restored.timing !== undefined ? effectiveAt(restored.timing) : undefined;
        if (backAtMs === undefined) {
            return undefined;
        }
        const risk: UsersAtRisk = {
            guard: urgent.guard, seenAt: new Date(urgent.seenAtMs).toISOString(), restoredAt: new Date(backAtMs).toISOString(),
            seconds: Math.max(0, Math.round((backAtMs - urgent.seenAtMs) / 100) / 10), restoredBy: fast !== undefined ? "fast restore" : "restore",
        };
        this.warn(`users had no healthy region for at least ${risk.seconds} s: guard ${risk.guard} saw the failure at ${risk.seenAt}, the ${risk.restoredBy} put ${this.target!.region} back at ${risk.restoredAt}`);
        return risk;
    }

    /** The restore action: after a fast restore during an apply that went on, the fast path once more, then the lever's restore. */
    private async restoreLever(lever: Lever): Promise<LeverTiming> {
        if (this.urgent?.applyWasRunning === true && this.urgent.timing !== undefined && lever.urgentRestore !== undefined) {
            await lever.urgentRestore();
        }
        const timing = await lever.restore();
        // The survivors keep their instances until the traffic has moved back.
        await this.capacity?.restore();
        return timing;
    }

    /** Undoes the lever while watching recovery (only restoring, after Ctrl-C); never throws. */
    private async restore(lever: Lever, outage: PhaseRun | undefined): Promise<Restored> {
        this.say(this.interrupted ? "Interrupted: restoring now (a second Ctrl-C exits at once; the drill state stays for npm run drill -- restore)." : `Restoring: undoing ${lever.summary}`);
        try {
            await this.saveState("restoring");
        } catch (error) {
            this.warn(`could not update the drill state: ${message(error)}`);
        }
        const outageSeen = new Map([...(outage?.detectors ?? [])].map(([id, detector]) => [id, detector.samples.map((sample) => sample.value).filter(isState)]));
        let recovery: PhaseRun;
        try {
            recovery = await runPhase({
                ...this.phaseSettings, phase: "recovery", action: () => this.restoreLever(lever), observe: !this.interrupted,
                lastValues: new Map(this.signals.map((signal) => [signal.id, outage?.detectors.get(signal.id)?.latest ?? "-"])),
                states: (signal) => ({
                    previous: new Set([...(outageSeen.get(signal.id) ?? []).slice(-this.options.confirmPolls), ...signal.expected.during]),
                    next: new Set([...this.statesBefore(signal), ...signal.expected.before]),
                }),
            });
        } catch (error) {
            return this.restoreFailed(error);
        }
        if (recovery.polled !== undefined) {
            this.phases.push(this.phaseReport(recovery));
        }
        if (recovery.actionError !== undefined) {
            return this.restoreFailed(recovery.actionError);
        }
        try {
            const verification = await this.verifyRestored(lever);
            this.say(`Restore read back: ${verification.detail}`);
            return { verification, timing: recovery.timing };
        } catch (error) {
            this.warn(`could not read the restored values back: ${message(error)}`);
            return { verifyError: message(error), timing: recovery.timing };
        }
    }

    /** Reads back the lever's values and the pre-scaled groups'. */
    private async verifyRestored(lever: Lever): Promise<RestoreVerification> {
        const results = [await lever.verifyRestored(), ...(this.capacity ? [await this.capacity.verifyRestored()] : [])];
        return { ok: results.every((result) => result.ok), detail: results.map((result) => result.detail).join("; ") };
    }

    private restoreFailed(error: unknown): Restored {
        this.warn(`RESTORE FAILED: ${message(error)}. Restore by hand: ${this.manualRestore().join(" && ")}`);
        return { restoreFailure: error };
    }

    private conclude(lever: Lever, result: { outage?: PhaseRun; failure?: unknown } & Restored): Promise<DrillResult> {
        const restoreFailure = result.restoreFailure === undefined ? undefined : message(result.restoreFailure);
        const failure = result.failure === undefined ? undefined : message(result.failure);
        const { outcome, summary } = drillOutcome({
            phases: this.phases, interrupted: this.interrupted, failure, restoreFailure, manualRestore: this.manualRestore(),
            verified: result.verification?.ok, verification: result.verification?.detail ?? result.verifyError, trippedGuard: result.outage?.polled?.trippedGuard,
            ...(this.usersAtRisk ? { usersAtRiskSeconds: this.usersAtRisk.seconds } : {}),
            timeoutSeconds: this.timeoutSeconds, objectiveSeconds: this.objectiveSeconds,
        });
        return this.finish(outcome, summary, restoreFailure ?? failure, {
            kind: lever.kind, summary: lever.summary, originals: this.originals(),
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
        const location = this.session?.location;
        const id = this.session?.drillId;
        if (location === undefined || id === undefined) {
            return;
        }
        try {
            await recordPassedDrill(this.deps.aws.route53, location, {
                target: this.simulation.target.stack, lever: this.options.lever, finishedAt: new Date(this.deps.clock.now()).toISOString(),
                id, by: this.options.operator ?? operatorName(),
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
            predictedFailoverSeconds: {
                dns: failover.dns.totalSeconds, globalAccelerator: failover.globalAccelerator.totalSeconds,
                ...(failover.alarm ? { alarm: failover.alarm.totalSeconds } : {}),
                ...(failover.routingControl ? { routingControl: failover.routingControl.totalSeconds } : {}),
            },
            preflight: { forced: this.options.force, checks: this.checks },
            baseline: Object.fromEntries(this.baseline),
            ...(lever ? { lever } : {}),
            phases: this.phases,
            ...(this.usersAtRisk ? { usersAtRisk: this.usersAtRisk } : {}),
            ...(this.phases.length > 0 ? { paths: comparePaths(this.phases, this.simulation.path, this.simulation.target) } : {}),
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

/**
 * `drill shift`: a planned, staged move of traffic away from a region (weights and accelerator
 * dials, e.g. 100 -> 50 -> 0 % of what the region had), watching the regions that take it after
 * each step and rolling every step back on an alarm; and `drill shift --back`, which returns the
 * traffic in steps once the region has been healthy for a hold-down time.
 *
 * A shift goes through what a drill goes through (drill/safety/session.ts): the project's lock,
 * no unrestored earlier drill, the drill state in the zone written before every change (the
 * originals read first, each step's values recorded before they are sent), and `drill restore`
 * finishes a shift whose process died. A completed shift keeps its state in the zone (traffic is
 * held away on purpose) until the failback or `drill restore` returns the traffic.
 *
 * Its calls need the control planes: Route 53's (us-east-1) and Global Accelerator's configuration
 * API (us-west-2). It is a planned move, not a lever for a region outage.
 */
import * as path from "node:path";
import { ExitCode, ExitCodeValue, isInputError, InputError } from "../../domain/exitCodes";
import type { StackConfig } from "../../config/load";
import { bake, bakeSignals, BakeEnd } from "../../deploy/bake";
import { scaleTargets } from "../capacity/needs";
import { PreScale } from "../capacity/preScale";
import { AwsClients, Clock, ProgressSink, StackAutomation } from "../clients/types";
import { DeployedRegion, routingControlsOf } from "../clients/outputs";
import { LeverValue } from "../levers/lever";
import { loadDeployment } from "../runner/deployment";
import { runStackChecks } from "../runner/stackChecks";
import { restoredInOrder } from "../safety/changes";
import { DrillSession } from "../safety/session";
import { DrillStage, stateFilePath } from "../safety/stateFile";
import { pollOnce } from "../signals/poller";
import { Signal } from "../signals/signal";
import { findTarget, loadProjectStacks, ProjectStacks, refuseCrossStackErrors, regionLabel } from "../stacks";
import { ShiftValues, ShiftValuesState, StepValues } from "./trafficValues";
import { holdDownSeconds, returningRegionSignals, stepHoldSeconds } from "./watch";

/** The options of `drill shift`. */
export interface ShiftOptions {
    /** The project directory. */
    readonly projectDir: string;
    /** The stack or region traffic moves away from (`--from`). */
    readonly target: string;
    /** The share of its weight and dial the region keeps after each step, in percent, falling (`--steps`). @default [50, 0] */
    readonly steps: readonly number[];
    /** Return the traffic of a completed shift (`--back`). @default false */
    readonly back: boolean;
    /** Seconds to watch after each step (`--hold`); undefined: the alias TTL plus the watched regions' alarm detection. */
    readonly holdSeconds?: number;
    /** Seconds the returning region must stay healthy before a failback moves traffic (`--hold-down`); undefined: its alarm detection time. */
    readonly holdDownSeconds?: number;
    /** Seconds between reads while watching (`--poll`). @default 15 */
    readonly pollSeconds: number;
    /** Raise the survivors' Auto Scaling minimum before the first step (`--pre-scale`). @default false */
    readonly preScale: boolean;
    /** Seconds to wait for the pre-scaled instances (`--pre-scale-wait`). @default 600 */
    readonly preScaleWaitSeconds: number;
    /** Print the plan, read what can be read, change nothing (`--dry-run`). @default false */
    readonly dryRun: boolean;
    /** The local copy of the drill state. @default `<projectDir>/.drill/state.json` */
    readonly stateFile?: string;
    /** Who shifts, written into the lock. @default the OS user name */
    readonly operator?: string;
}

/** Defaults of everything but the project and the region. */
export const shiftDefaults: Omit<ShiftOptions, "projectDir" | "target"> = {
    steps: [50, 0], back: false, pollSeconds: 15, preScale: false, preScaleWaitSeconds: 600, dryRun: false,
};

/** What a shift needs from the outside world. */
export interface ShiftDependencies {
    /** AWS SDK clients. */
    readonly aws: AwsClients;
    /** The stacks' outputs. */
    readonly automation: StackAutomation;
    /** Time. */
    readonly clock: Clock;
    /** Progress output. */
    readonly progress: ProgressSink;
    /** Aborted on Ctrl-C: a shift rolls back, a failback stops where it is. */
    readonly interrupt?: AbortSignal;
}

/** How a shift ended. */
export type ShiftOutcome = "shifted" | "returned" | "planned" | "rolled-back" | "refused" | "interrupted" | "error";

/** The result of `drill shift`. */
export interface ShiftResult {
    /** How it ended. */
    readonly outcome: ShiftOutcome;
    /** One sentence. */
    readonly summary: string;
    /** 0 shifted, returned or planned; 1 anything else that ran. */
    readonly exitCode: ExitCodeValue;
}

/** What the drill state's `leverState` holds for a shift. */
export interface ShiftState extends ShiftValuesState {
    /** The shift's steps, in percent kept. */
    readonly steps: readonly number[];
    /** The percent the values are at (or being sent, at stage `applying`). */
    readonly percent: number;
}

/** Extra lock lifetime beyond the steps' watches: reads, writes and the pre-scaled instances. */
const lockAllowanceSeconds = 30 * 60;

function message(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/** `50 -> 25 -> 0`. */
function arrow(values: readonly (number | undefined)[]): string {
    return values.map((value) => String(value ?? "-")).join(" -> ");
}

/** Runs (or plans) a shift or a failback. */
export async function runShift(options: ShiftOptions, deps: ShiftDependencies): Promise<ShiftResult> {
    const stacks = loadProjectStacks(options.projectDir);
    const target = findTarget(stacks, options.target, "--from");
    refuseCrossStackErrors(stacks);
    return new ShiftRun(options, deps, stacks, target).run();
}

class ShiftRun {
    private session: DrillSession;
    private values?: ShiftValues;
    private capacity?: PreScale;
    private target?: DeployedRegion;
    private steps: readonly number[];
    private startedAt?: string;

    constructor(private readonly options: ShiftOptions, private readonly deps: ShiftDependencies, private readonly stacks: ProjectStacks, private readonly config: StackConfig) {
        this.steps = options.steps;
        // The zone's id comes from the deployment: run() gives the session its zone.
        this.session = new DrillSession(this.sessionDeps, undefined, this.stateFile);
    }

    private get sessionDeps() {
        return { route53: this.deps.aws.route53, clock: this.deps.clock, say: (line: string) => this.say(line), warn: (line: string) => this.say(`!! ${line}`) };
    }

    private get stateFile(): string {
        return this.options.stateFile ?? stateFilePath(this.options.projectDir);
    }

    private get interrupted(): boolean {
        return this.deps.interrupt?.aborted ?? false;
    }

    private say(line = ""): void {
        this.deps.progress.event(line);
    }

    private end(outcome: ShiftOutcome, summary: string): ShiftResult {
        this.say(`Outcome: ${outcome.toUpperCase()}: ${summary}`);
        return { outcome, summary, exitCode: outcome === "shifted" || outcome === "returned" || outcome === "planned" ? ExitCode.clean : ExitCode.findings };
    }

    private others(deployment: readonly DeployedRegion[]): DeployedRegion[] {
        return deployment.filter((region) => region.stack !== this.config.stack);
    }

    private hold(configs: readonly StackConfig[]): number {
        return this.options.holdSeconds ?? stepHoldSeconds(configs);
    }

    async run(): Promise<ShiftResult> {
        let deployment: DeployedRegion[];
        try {
            deployment = await loadDeployment(this.deps.automation, this.stacks);
        } catch (error) {
            if (isInputError(error)) {
                throw error;
            }
            return this.end("error", `Could not read the stacks' outputs (through the Pulumi CLI: log in to the stacks' backend): ${message(error)}`);
        }
        this.target = deployment.find((region) => region.stack === this.config.stack)!;
        const hostedZoneId = deployment.find((region) => region.hostedZoneId !== undefined)?.hostedZoneId;
        const zoneName = this.config.settings.dns.zoneName;
        const location = hostedZoneId === undefined || zoneName === "" ? undefined : { hostedZoneId, zoneName };
        this.session = new DrillSession(this.sessionDeps, location, this.stateFile);
        return this.options.back ? this.back(deployment) : this.forward(deployment);
    }

    // ---- the shift -------------------------------------------------------------------------

    private async forward(deployment: readonly DeployedRegion[]): Promise<ShiftResult> {
        const target = this.target!;
        const values = new ShiftValues(this.deps.aws, target, target.hostedZoneId);
        this.values = values;
        if (!values.movesAnything) {
            throw new InputError(`--from ${this.config.stack}: ${this.config.stack} has neither a weighted record nor a Global Accelerator endpoint group; a shift moves weights and dials (npm run drill -- run takes a region out on every path)`);
        }
        const others = this.others(deployment);
        const survivorConfigs = this.stacks.configs.filter((config) => others.some((region) => region.stack === config.stack));
        if (this.options.preScale) {
            this.capacity = new PreScale(this.deps.aws, this.deps.clock, scaleTargets(this.stacks, this.config, this.steps.map((percent) => percent / 100), deployment));
        }
        const watch = bakeSignals(others, this.deps.aws, this.deps.clock, routingControlsOf(deployment).endpoints);
        const hold = this.hold(survivorConfigs);
        try {
            await values.prepare();
            await this.capacity?.prepare();
        } catch (error) {
            return this.end("refused", `Could not read what the shift would change (${message(error)}); nothing was changed.`);
        }
        this.plan(`Shift plan: move traffic away from ${regionLabel(target)} in ${this.steps.length} step(s)`, [100, ...this.steps], others, watch, hold);
        if (this.options.dryRun) {
            const checks = [await this.session.unfinishedCheck(true), await this.session.lockCheck(undefined)];
            const unhealthy = await this.unhealthy(watch);
            checks.filter((check) => !check.ok).forEach((check) => this.say(`  would refuse: ${check.description}: ${check.detail}`));
            unhealthy.forEach((line) => this.say(`  would refuse: ${line}`));
            return this.end("planned", `Dry run of a shift away from ${regionLabel(target)}: nothing was changed.`);
        }
        const lifetimeSeconds = this.steps.length * hold + this.options.preScaleWaitSeconds + lockAllowanceSeconds;
        const lock = await this.session.lockCheck({ target: target.stack, lever: "shift", operator: this.options.operator, lifetimeSeconds });
        const unfinished = await this.session.unfinishedCheck(false);
        try {
            // As a drill's: no update running on any stack (it could redeploy the weights), no pending operations or drift on the region.
            const stackChecks = await runStackChecks({
                automation: this.deps.automation, aws: this.deps.aws, target,
                stacks: [...deployment.map((region) => region.stack), ...(this.stacks.globals ?? []).map((global) => global.stack)],
            });
            const refused = [lock, unfinished, ...stackChecks].filter((check) => !check.ok).map((check) => `${check.description} (${check.detail})`);
            refused.push(...await this.unhealthy(watch));
            if (refused.length > 0) {
                return this.end("refused", `Refused: ${refused.join("; ")}. Nothing was changed.`);
            }
            const original = values.originalValues();
            if ((original.weight ?? 0) === 0 && (original.dial ?? 0) === 0) {
                return this.end("refused", `Refused: ${target.stack}'s weight and dial are already 0: there is no traffic to move. Nothing was changed.`);
            }
            return await this.shiftSteps(watch, hold);
        } finally {
            if (!this.session.stateWritten) {
                await this.session.releaseLock();
            }
        }
    }

    /** The plan, in words. */
    private plan(title: string, percents: readonly number[], others: readonly DeployedRegion[], watch: readonly Signal[], hold: number): void {
        const values = this.values!;
        const at = percents.map((percent) => values.valuesAt(percent));
        this.say(`${title}: ${percents.map((percent) => `${percent}%`).join(" -> ")} of its weight and dial.`);
        if (values.weighted !== undefined) {
            this.say(`  weighted record ${values.weighted.fqdn} (${values.weighted.setIdentifier}): weight ${arrow(at.map((step) => step.weight))} (Route 53 ChangeResourceRecordSets: DELETE of the record set as read and CREATE with the new weight in one batch, refused if anyone changed it meanwhile; alias target and health check kept)`);
        }
        if (this.target!.endpointGroupArn !== undefined) {
            this.say(`  endpoint group ${this.target!.endpointGroupArn}: traffic dial ${arrow(at.map((step) => step.dial))} (UpdateEndpointGroup in us-west-2; new connections only)`);
        }
        const unmoved = (["failover", "latency"] as const).flatMap((policy) => {
            const record = this.target!.records[policy];
            return record === undefined ? [] : [`${policy} record ${record.fqdn}`];
        });
        if (unmoved.length > 0) {
            this.say(`  not moved by a shift: ${unmoved.join(", ")} (they follow health, not weights; npm run drill -- run takes a region out on every path)`);
        }
        if (this.options.back) {
            this.capacity?.manualRestore().forEach((line) => this.say(`  after the last step, the pre-scaled capacity goes back (MinSize only, where it still holds the shift's value): ${line}`));
        } else {
            this.capacity?.plan().forEach((line) => this.say(`  pre-scale before the first step: ${line}`));
        }
        this.say(`After each step: watch ${others.map((region) => region.stack).join(", ") || "nothing"} (${watch.length} signal(s): alarms, health checks, accelerator endpoints) for ${hold} s, reading every ${this.options.pollSeconds} s; ` +
            "an alarm, or a health check unhealthy twice in a row, rolls back.");
        this.say("Control planes: Route 53's API (us-east-1) and Global Accelerator's configuration API (us-west-2) must answer: a shift is a planned move, not a lever for a region outage.");
        this.say(`Drift: until the traffic is back, the weight and dial differ from stack ${this.target!.stack}'s state; do not deploy it meanwhile (pulumi up would put them back).`);
        this.say();
    }

    /**
     * One read of each signal, in order, as the drill's preflight reads its guards (a combined
     * check's guard comes after its children's and uses their reads): what is not healthy now (or
     * cannot be read).
     */
    private async unhealthy(signals: readonly Signal[]): Promise<string[]> {
        const bad: string[] = [];
        for (const one of signals) {
            await pollOnce([one], this.deps.clock, (signal, observation) => {
                if (!signal.expected.during.includes(observation.value)) {
                    bad.push(`${signal.description}: it reads ${observation.value}${observation.detail ? ` (${observation.detail})` : ""}`);
                }
            });
        }
        return bad;
    }

    private async save(stage: DrillStage, percent: number): Promise<void> {
        const values = this.values!;
        const leverState: ShiftState = { ...values.saved(), steps: this.steps, percent };
        await this.session.save({
            project: path.basename(this.options.projectDir), lever: "shift", target: this.target!, stacks: this.stacks.configs.map((config) => config.stack),
            originals: { ...values.originals(), ...this.capacity?.originals() }, leverState: { ...leverState },
            manualRestore: [...values.manualRestore(), ...(this.capacity?.manualRestore() ?? [])],
            ...(this.capacity ? { preScale: this.capacity.saved() } : {}),
        }, stage, this.startedAt);
    }

    private async shiftSteps(watch: readonly Signal[], hold: number): Promise<ShiftResult> {
        const values = this.values!;
        try {
            await this.save("applying", 100);
        } catch (error) {
            return this.end("error", `Could not write the drill state (${message(error)}); nothing was changed.`);
        }
        this.say(`Original values: ${Object.entries({ ...values.originals(), ...this.capacity?.originals() }).map(([key, value]) => `${key}=${String(value)}`).join(", ")}`);
        this.say(`By hand, if this tool dies: npm run drill -- restore, or ${[...values.manualRestore(), ...(this.capacity?.manualRestore() ?? [])].join(" && ")}`);
        if (this.capacity !== undefined) {
            try {
                await this.capacity.raise({ timeoutMs: this.options.preScaleWaitSeconds * 1000, pollMs: this.options.pollSeconds * 1000, interrupt: this.deps.interrupt, say: (line) => this.say(line) });
            } catch (error) {
                return this.rollBack(`pre-scaling failed: ${message(error)}`);
            }
        }
        let previous = 100;
        for (const [index, percent] of this.steps.entries()) {
            if (this.interrupted) {
                return this.rollBack("interrupted");
            }
            const moved = await this.ours(values);
            if (moved !== undefined) {
                return this.rollBack(moved);
            }
            let sent: StepValues;
            try {
                sent = await this.moveTo(percent);
            } catch (error) {
                return this.rollBack(`step ${index + 1} failed: ${message(error)}`);
            }
            this.say(`Step ${index + 1}/${this.steps.length}: ${previous}% -> ${percent}% of ${this.target!.stack}'s traffic: ${this.describe(sent)}; watching for ${hold} s.`);
            previous = percent;
            const watched = await this.watch(watch, hold, false);
            if (watched.kind === "halted") {
                return this.rollBack(`after step ${index + 1} (${percent}%), ${watched.halt.description}: ${watched.halt.reading} (${watched.halt.atSeconds} s into the watch)`);
            }
            if (watched.kind === "interrupted") {
                return this.rollBack("interrupted");
            }
        }
        return this.end("shifted", `${this.target!.stack} keeps ${previous}% of its weight and dial; the drill state holds the shift until npm run drill -- shift --back --from ${this.target!.stack} ` +
            "returns the traffic (or npm run drill -- restore returns it at once).");
    }

    /** Moves the values to `percent`: recorded as the shift's in the drill state first, then sent, then recorded as in place. */
    private async moveTo(percent: number): Promise<StepValues> {
        this.values!.intend(percent);
        await this.save("applying", percent);
        const sent = await this.values!.send(percent);
        await this.save("applied", percent);
        return sent;
    }

    private describe(values: StepValues): string {
        return [values.weight !== undefined ? `weight ${values.weight}` : undefined, values.dial !== undefined ? `dial ${values.dial}` : undefined].filter(Boolean).join(", ");
    }

    /** Why the shift must stop before its next step: a value someone else changed since the shift (or that cannot be read). */
    private async ours(values: ShiftValues): Promise<string | undefined> {
        const foreign = (await values.assess()).filter((value: LeverValue) => value.standing === "changed" || value.standing === "unreadable");
        return foreign.length === 0 ? undefined : `${foreign.map((value) => `${value.name} is ${value.current} (the shift set ${value.drillValue}${value.note ? `; ${value.note}` : ""})`).join("; ")}: changed since the shift or unreadable`;
    }

    private watch(signals: readonly Signal[], seconds: number, strict: boolean): Promise<BakeEnd> {
        return bake(signals, { seconds, pollSeconds: this.options.pollSeconds, clock: this.deps.clock, interrupt: this.deps.interrupt, strict });
    }

    /** Puts every value still at the shift's setting back, then the pre-scaled capacity; removes the state once it reads back. */
    private async rollBack(why: string): Promise<ShiftResult> {
        this.say(`Rolling back: ${why}.`);
        try {
            await this.save("restoring", 100);
        } catch (error) {
            this.say(`!! could not update the drill state: ${message(error)}`);
        }
        const changes = restoredInOrder([this.values!, ...(this.capacity ? [this.capacity] : [])]);
        let verified = false;
        try {
            await changes.restore();
            const verification = await changes.verifyRestored();
            this.say(`Read back: ${verification.detail}`);
            verified = verification.ok;
        } catch (error) {
            this.say(`!! RESTORE FAILED: ${message(error)}`);
        }
        await this.session.settle(verified);
        const outcome = this.interrupted ? "interrupted" : "rolled-back";
        return this.end(outcome, `${verified ? "Every step was rolled back" : "The roll-back was not confirmed: run npm run drill -- restore"}: ${why}.`);
    }

    // ---- the failback ----------------------------------------------------------------------

    private async back(deployment: readonly DeployedRegion[]): Promise<ShiftResult> {
        const store = this.session.store;
        const found = await store?.shared.read();
        const state = found?.state;
        if (found === undefined || state === undefined) {
            return this.end("refused", `Refused: no shift to return: the zone holds no drill state${store ? ` (${store.shared.recordName})` : ""}.`);
        }
        if (state.lever !== "shift" || state.target.stack !== this.config.stack || state.stage !== "applied") {
            return this.end("refused", `Refused: the zone's drill state is ${state.lever === "shift" ? "a shift" : `a drill (${state.lever} lever)`} of ${state.target.stack} at stage ${state.stage}, ` +
                `not a completed shift of ${this.config.stack}: run npm run drill -- restore to finish it.`);
        }
        const shift = state.leverState as unknown as ShiftState;
        this.target = state.target;
        this.steps = shift.steps;
        this.startedAt = state.startedAt;
        this.values = ShiftValues.resume(this.deps.aws, state.target, state.leverState);
        this.capacity = state.preScale === undefined ? undefined : PreScale.resume(this.deps.aws, this.deps.clock, state.preScale);
        const held = shift.percent;
        const percents = [...new Set([...shift.steps].filter((percent) => percent > held).reverse().concat(100))];
        const hold = this.hold([this.config]);
        const holdDown = this.options.holdDownSeconds ?? holdDownSeconds(this.config);
        const current = deployment.find((region) => region.stack === this.config.stack)!;
        const watch = returningRegionSignals(current, this.deps.aws, this.deps.clock, routingControlsOf(deployment).endpoints);
        this.say(`Failback plan: the shift of ${state.target.stack} by ${state.by}, started ${state.startedAt}, holds ${held}%.`);
        this.say(`  first ${holdDown} s of hold-down: ${regionLabel(state.target)} must read healthy on every read (${watch.length} signal(s): its alarms, health checks, accelerator endpoints), else nothing is returned.`);
        this.plan(`  then return its traffic in ${percents.length} step(s)`, [held, ...percents], [current], watch, hold);
        if (this.options.dryRun) {
            return this.end("planned", `Dry run of a failback to ${regionLabel(state.target)}: nothing was changed.`);
        }
        try {
            await this.session.takeOver(found, holdDown + percents.length * hold + lockAllowanceSeconds, this.options.operator);
        } catch (error) {
            return this.end("refused", `Refused: ${message(error)}.`);
        }
        try {
            // The state names the lock's new value, so that the next failback (or drill restore) can take it over again.
            await this.save("applied", held);
        } catch (error) {
            return this.end("error", `Could not write the drill state (${message(error)}); nothing was changed.`);
        }
        const moved = await this.ours(this.values);
        if (moved !== undefined) {
            return this.end("refused", `Refused: ${moved}. Nothing was changed; npm run drill -- restore says what stands where and leaves someone else's change alone.`);
        }
        this.say(`Hold-down: watching ${regionLabel(state.target)} for ${holdDown} s.`);
        const healthy = await this.watch(watch, holdDown, true);
        if (healthy.kind !== "passed") {
            const why = healthy.kind === "halted" ? `${healthy.halt.description}: ${healthy.halt.reading} (${healthy.halt.atSeconds} s into the hold-down)` : "interrupted";
            return this.end(healthy.kind === "interrupted" ? "interrupted" : "refused",
                `Failback refused: ${why}. The traffic stays where the shift put it (${held}%); run the failback again once ${state.target.stack} has been healthy for ${holdDown} s.`);
        }
        return this.returnSteps(percents, held, watch, hold);
    }

    private async returnSteps(percents: readonly number[], held: number, watch: readonly Signal[], hold: number): Promise<ShiftResult> {
        const values = this.values!;
        let previous = held;
        for (const [index, percent] of percents.entries()) {
            // Read again before each step: the hold-down and the holds are minutes in which someone may take the weight or dial over.
            const moved = await this.ours(values);
            if (moved !== undefined) {
                return this.end("refused", `Failback stopped before step ${index + 1}/${percents.length}: ${moved}. Nothing more was sent; the values stand as they are (the last step sent left ${this.target!.stack} at ${previous}%) ` +
                    "and the drill state holds the shift: npm run drill -- restore says what stands where and leaves someone else's change alone.");
            }
            let sent: StepValues;
            try {
                sent = await this.moveTo(percent);
            } catch (error) {
                return this.backToHeld(held, `step ${index + 1} failed: ${message(error)}`);
            }
            this.say(`Failback step ${index + 1}/${percents.length}: ${previous}% -> ${percent}% of ${this.target!.stack}'s traffic: ${this.describe(sent)}; watching for ${hold} s.`);
            previous = percent;
            const watched = await this.watch(watch, hold, false);
            if (watched.kind !== "passed") {
                return this.backToHeld(held, watched.kind === "halted" ? `${watched.halt.description}: ${watched.halt.reading}` : "interrupted");
            }
        }
        // Traffic is back: now the survivors' capacity may go back too.
        let verified = false;
        try {
            await this.capacity?.restore();
            const verification = await restoredInOrder([values, ...(this.capacity ? [this.capacity] : [])]).verifyRestored();
            this.say(`Read back: ${verification.detail}`);
            verified = verification.ok;
        } catch (error) {
            this.say(`!! RESTORE FAILED: ${message(error)}`);
        }
        await this.session.settle(verified);
        return verified
            ? this.end("returned", `${this.target!.stack} has its weight and dial back; the drill state and the lock are removed.`)
            : this.end("error", "The traffic is back but the read-back differs: run npm run drill -- restore.");
    }

    /** A failback step went wrong: the traffic goes back where the shift held it. */
    private async backToHeld(held: number, why: string): Promise<ShiftResult> {
        this.say(`Rolling the failback back to ${held}%: ${why}.`);
        try {
            const sent = await this.moveTo(held);
            this.say(`Back at ${held}%: ${this.describe(sent)}.`);
        } catch (error) {
            this.say(`!! could not put the shift's values back: ${message(error)}; the drill state stays: run npm run drill -- restore`);
            // Part of the traffic may be back: neither "rolled back" nor "stays away" would be true.
            return this.end(this.interrupted ? "interrupted" : "error",
                `Failback stopped: ${why}, and the shift's values could not be put back: run npm run drill -- restore (the drill state holds the original values).`);
        }
        return this.end(this.interrupted ? "interrupted" : "rolled-back", `Failback rolled back: ${why}. The traffic stays away from ${this.target!.stack}; the drill state holds the shift.`);
    }
}

/**
 * The config lever: `app:drill.simulateOutage: true` on the target stack, then a `pulumi up`
 * limited to the two resources the switch changes (the health check and the endpoint group, by
 * URN), so that neither the outage nor the restore deploys anything else from the local checkout
 * (a new AMI, an edited listener). The program inverts the region's health check and dials its
 * endpoint group to 0: an ordinary, reviewable deployment that leaves no drift. Restoring puts
 * the key back exactly as it was (removed when it was absent) and runs the same targeted update.
 *
 * A deployment takes minutes. Before the first change the lever also records, through the AWS
 * SDK, the values the program will change (drill/levers/targetValues.ts), so that when a guard
 * trips while the outage's `pulumi up` still runs, `urgentRestore` puts them back at once on the
 * same resources; the restore that follows reconciles the stack (the key, and the same targeted
 * update, which then finds AWS as the program wants it).
 */
import { outputKeys } from "../../program/outputs";
import { AwsClients, StackAutomation, Clock, ProgressSink } from "../clients/types";
import { DeployedRegion } from "../clients/outputs";
import { PreflightCheck } from "../report/types";
import { LeverPath } from "../signals/signal";
import { Lever, LeverTiming, LeverValue, LeverWork, RestoreVerification } from "./lever";
import { TargetValues, TargetValuesState } from "./targetValues";

/** The flat config key the program reads (not path mode). */
export const simulateOutageKey = "drill.simulateOutage";

/** Resource types whose update means a path's change is in AWS. */
export const effectByResourceType: Readonly<Record<string, LeverPath>> = {
    "aws:route53/healthCheck:HealthCheck": "route53",
    "aws:globalaccelerator/endpointGroup:EndpointGroup": "globalAccelerator",
};

/** What the config lever keeps in the state file. */
interface ConfigLeverState {
    /** The key's value before the drill; null when it was unset. */
    readonly original: string | null;
    /** URNs of the resources the targeted updates touch. */
    readonly targets: readonly string[];
    /** The AWS values the program changes, recorded through the SDK (absent in state format 1). */
    readonly values?: TargetValuesState;
}

/** The key of the config value, as `assess` and `restore` name it. */
export const configValueKey = "config";

/** {@link Lever} through stack configuration and the Automation API. */
export class ConfigLever implements Lever {
    readonly kind = "config";
    readonly summary: string;
    private original: string | undefined;
    private targets: string[] = [];
    private prepared = false;
    private touched = false;
    /** Set by `urgentRestore`: every value the running update changes from then on is put back at once. */
    private guardTripped = false;
    /** The fast restores under way (restore waits for them). */
    private readonly work = new LeverWork();
    /** The SDK's view of the values the program changes; undefined without AWS clients (tests of the stack side alone). */
    private readonly values?: TargetValues;

    /** @param aws the SDK clients for the fast restore and for reading each value (`drill run` and `drill restore` always pass them). */
    constructor(private readonly automation: StackAutomation, private readonly clock: Clock, private readonly progress: ProgressSink, private readonly target: DeployedRegion, aws?: AwsClients) {
        this.summary = `pulumi config set ${simulateOutageKey} true on stack ${target.stack}, then pulumi up --target (${this.effects().join(" and ")})`;
        this.values = aws === undefined ? undefined : new TargetValues(aws, clock, target, new LeverWork());
    }

    /** A lever rebuilt from a state file, for `drill restore`: it restores whether or not apply got far. */
    static resume(automation: StackAutomation, clock: Clock, progress: ProgressSink, target: DeployedRegion, saved: Readonly<Record<string, unknown>>, aws?: AwsClients): ConfigLever {
        const state = saved as unknown as ConfigLeverState;
        if (!Array.isArray(state.targets) || state.targets.length === 0) {
            throw new Error("the state file's config lever names no target resources");
        }
        // A state of format 1 recorded no SDK values: the lever then restores through Pulumi only.
        const lever = new ConfigLever(automation, clock, progress, target, state.values === undefined ? undefined : aws);
        lever.original = state.original ?? undefined;
        lever.targets = [...state.targets];
        lever.prepared = true;
        lever.touched = true;
        lever.values?.resume({ ...state.values });
        return lever;
    }

    /** What the program changes when the switch is on, from the stack's outputs. */
    private effects(): string[] {
        return [
            ...(this.target.healthCheckId ? ["invert the region's Route 53 health check"] : []),
            ...(this.target.endpointGroupArn ? ["dial its Global Accelerator endpoint group to 0"] : []),
        ];
    }

    plan(): string[] {
        const stack = this.target.stack;
        return [
            `Record the current value of ${simulateOutageKey} on stack ${stack} and the URNs of the resources it changes.`,
            `Set ${simulateOutageKey} = true (Pulumi.${stack}.yaml) and run pulumi up limited to those resources: the program will ${this.effects().join(" and ")}.`,
            `Restore: put ${simulateOutageKey} back as it was (remove it when it was unset) and run the same targeted pulumi up.`,
        ];
    }

    async prepare(): Promise<void> {
        if (this.prepared) {
            return;
        }
        await this.values?.prepare();
        this.original = await this.automation.getConfig(this.target.stack, simulateOutageKey);
        const deployment = await this.automation.exportDeployment(this.target.stack);
        this.targets = deployment.resources.filter((resource) => effectByResourceType[resource.type] !== undefined).map((resource) => resource.urn).sort();
        if (this.targets.length === 0) {
            throw new Error(`stack ${this.target.stack} has no health check or endpoint group for the config lever to change`);
        }
        this.prepared = true;
    }

    async preflight(): Promise<PreflightCheck[]> {
        const checks: PreflightCheck[] = [];
        const current = await this.automation.getConfig(this.target.stack, simulateOutageKey);
        checks.push({
            id: "config-not-set", description: `${simulateOutageKey} is not already true on ${this.target.stack}`,
            ok: current !== "true", detail: `current value: ${current ?? "(unset)"}`, onFailure: "refuse-always",
        });
        await this.prepare();
        const preview = await this.automation.preview(this.target.stack, this.targets);
        checks.push({
            id: "targets-in-sync", description: `pulumi preview --target of ${this.target.stack}'s health check and endpoint group shows no pending changes (the drill's update must change only the switch)`,
            ok: preview.changes === 0, detail: Object.entries(preview.summary).map(([operation, count]) => `${operation} ${count}`).join(", ") || "no resources",
            onFailure: "refuse-always",
        });
        return checks;
    }

    private async deploy(): Promise<Partial<Record<LeverPath, number>>> {
        const effective: Partial<Record<LeverPath, number>> = {};
        await this.automation.up(this.target.stack, {
            onOutput: (line) => this.progress.event(`  pulumi | ${line}`),
            // A step's start is when the provider calls AWS; its end can come much later (an endpoint
            // group update waits for the accelerator to deploy, while traffic already moves).
            onResourceStarted: (type, operation) => {
                const path = effectByResourceType[type];
                if (path !== undefined && operation !== "same") {
                    effective[path] = this.clock.now();
                }
            },
            onResourceDone: (type, operation) => {
                if (this.guardTripped && operation !== "same" && effectByResourceType[type] !== undefined) {
                    this.undoAgain(type);
                }
            },
        }, this.targets);
        return effective;
    }

    /** The outage's update, still running after a guard tripped, changed a resource again: put it back at once. */
    private undoAgain(type: string): void {
        const values = this.values;
        if (values === undefined) {
            return;
        }
        const startedAtMs = this.clock.now();
        void this.work.run(async () => {
            try {
                await values.restore();
                this.progress.event(`  the running update changed ${type} again; put back through the SDK ${Math.round((this.clock.now() - startedAtMs) / 100) / 10} s later`);
            } catch (error) {
                this.progress.event(`  !! the running update changed ${type} again and putting it back failed (${error instanceof Error ? error.message : String(error)}); the restore follows`);
            }
        });
    }

    async apply(): Promise<LeverTiming> {
        await this.prepare();
        const startedAtMs = this.clock.now();
        this.touched = true;
        this.values?.markAttempted();
        await this.automation.setConfig(this.target.stack, simulateOutageKey, "true");
        const effectiveAtMs = await this.deploy();
        return { startedAtMs, finishedAtMs: this.clock.now(), effectiveAtMs };
    }

    /**
     * Puts the key back and runs the targeted update. With `only`, refuses when the update would
     * also put back a value outside it (someone changed it since the drill): a deployment cannot
     * restore one resource and leave another.
     */
    async restore(only?: ReadonlySet<string>): Promise<LeverTiming> {
        await this.work.close();
        const startedAtMs = this.clock.now();
        if (!this.touched) {
            return { startedAtMs, finishedAtMs: startedAtMs, effectiveAtMs: {} };
        }
        if (only !== undefined) {
            const spared = (await this.assess()).filter((value) => value.standing !== "original" && !only.has(value.key));
            if (spared.length > 0) {
                throw new Error(`the config lever restores through a targeted pulumi up, which would also put back ${spared.map((value) => `${value.name} (now ${value.current})`).join(", ")}; ` +
                    "restore by hand, or run drill restore --force to put every value back as it was before the drill");
            }
        }
        if (this.original === undefined) {
            await this.automation.removeConfig(this.target.stack, simulateOutageKey);
        } else {
            await this.automation.setConfig(this.target.stack, simulateOutageKey, this.original);
        }
        const effectiveAtMs = await this.deploy();
        return { startedAtMs, finishedAtMs: this.clock.now(), effectiveAtMs };
    }

    /**
     * Puts the recorded AWS values back through the SDK on the same resources, at once, whether
     * or not the outage's `pulumi up` still runs (a drill never cancels an update); each resource
     * that update changes afterwards is put back again as soon as its step ends. The stack is
     * reconciled by `restore` afterwards.
     */
    async urgentRestore(): Promise<LeverTiming> {
        if (this.values === undefined) {
            throw new Error("the config lever's fast restore needs AWS clients");
        }
        this.guardTripped = true;
        const startedAtMs = this.clock.now();
        const effectiveAtMs = await this.values.restore();
        return { startedAtMs, finishedAtMs: this.clock.now(), effectiveAtMs };
    }

    /** The key (`true` is the drill's value, anything else keeps the region in) and each AWS value the program changes. */
    async assess(): Promise<LeverValue[]> {
        let config: LeverValue;
        try {
            const current = await this.automation.getConfig(this.target.stack, simulateOutageKey);
            config = {
                key: configValueKey, name: `${simulateOutageKey} on stack ${this.target.stack}`, original: this.original ?? "(unset)", drillValue: "true",
                current: current ?? "(unset)", standing: current === "true" ? "drill" : "original",
            };
        } catch (error) {
            config = {
                key: configValueKey, name: `${simulateOutageKey} on stack ${this.target.stack}`, original: this.original ?? "(unset)", drillValue: "true",
                current: `unreadable: ${error instanceof Error ? error.message : String(error)}`, standing: "unreadable",
            };
        }
        return [config, ...(await this.values?.assess() ?? [])];
    }

    async verifyRestored(): Promise<RestoreVerification> {
        const value = await this.automation.getConfig(this.target.stack, simulateOutageKey);
        const outputs = await this.automation.outputs(this.target.stack);
        const deployedOutage = outputs[outputKeys.simulateOutage];
        const inAws = this.touched ? await this.values?.verify() : undefined;
        const ok = value === this.original && deployedOutage !== true && (inAws?.ok ?? true);
        return { ok, detail: `${simulateOutageKey} is ${value ?? "(unset)"} (was ${this.original ?? "(unset)"}); output simulateOutage is ${String(deployedOutage)}${inAws ? `; ${inAws.detail}` : ""}` };
    }

    originals(): Record<string, string | number | boolean | null> {
        return { [simulateOutageKey]: this.original ?? null, ...(this.values?.originals() ?? {}) };
    }

    savedState(): Record<string, unknown> {
        const state: ConfigLeverState = { original: this.original ?? null, targets: this.targets, ...(this.values ? { values: this.values.saved() } : {}) };
        return { ...state };
    }

    manualRestore(): string[] {
        const stack = this.target.stack;
        const targets = this.targets.map((urn) => ` --target '${urn}'`).join("");
        return [
            this.original === undefined ? `pulumi config rm ${simulateOutageKey} --stack ${stack}` : `pulumi config set ${simulateOutageKey} ${this.original} --stack ${stack}`,
            `pulumi up --stack ${stack}${targets}`,
        ];
    }
}

/**
 * The config lever: `app:drill.simulateOutage: true` on the target stack, then a `pulumi up`
 * limited to the two resources the switch changes (the health check and the endpoint group, by
 * URN), so that neither the outage nor the restore deploys anything else from the local checkout
 * (a new AMI, an edited listener). The program inverts the region's health check and dials its
 * endpoint group to 0: an ordinary, reviewable deployment that leaves no drift. Restoring puts
 * the key back exactly as it was (removed when it was absent) and runs the same targeted update.
 */
import { outputKeys } from "../../program/outputs";
import { StackAutomation, Clock, ProgressSink } from "../clients/types";
import { DeployedRegion } from "../clients/outputs";
import { PreflightCheck } from "../report/types";
import { LeverPath } from "../signals/signal";
import { Lever, LeverTiming, RestoreVerification } from "./lever";

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
}

/** {@link Lever} through stack configuration and the Automation API. */
export class ConfigLever implements Lever {
    readonly kind = "config";
    readonly summary: string;
    private original: string | undefined;
    private targets: string[] = [];
    private prepared = false;
    private touched = false;

    constructor(private readonly automation: StackAutomation, private readonly clock: Clock, private readonly progress: ProgressSink, private readonly target: DeployedRegion) {
        this.summary = `pulumi config set ${simulateOutageKey} true on stack ${target.stack}, then pulumi up --target (${this.effects().join(" and ")})`;
    }

    /** A lever rebuilt from a state file, for `drill restore`: it restores whether or not apply got far. */
    static resume(automation: StackAutomation, clock: Clock, progress: ProgressSink, target: DeployedRegion, saved: Readonly<Record<string, unknown>>): ConfigLever {
        const lever = new ConfigLever(automation, clock, progress, target);
        const state = saved as unknown as ConfigLeverState;
        if (!Array.isArray(state.targets) || state.targets.length === 0) {
            throw new Error("the state file's config lever names no target resources");
        }
        lever.original = state.original ?? undefined;
        lever.targets = [...state.targets];
        lever.prepared = true;
        lever.touched = true;
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
            onResourceDone: () => undefined,
        }, this.targets);
        return effective;
    }

    async apply(): Promise<LeverTiming> {
        await this.prepare();
        const startedAtMs = this.clock.now();
        this.touched = true;
        await this.automation.setConfig(this.target.stack, simulateOutageKey, "true");
        const effectiveAtMs = await this.deploy();
        return { startedAtMs, finishedAtMs: this.clock.now(), effectiveAtMs };
    }

    async restore(): Promise<LeverTiming> {
        const startedAtMs = this.clock.now();
        if (!this.touched) {
            return { startedAtMs, finishedAtMs: startedAtMs, effectiveAtMs: {} };
        }
        if (this.original === undefined) {
            await this.automation.removeConfig(this.target.stack, simulateOutageKey);
        } else {
            await this.automation.setConfig(this.target.stack, simulateOutageKey, this.original);
        }
        const effectiveAtMs = await this.deploy();
        return { startedAtMs, finishedAtMs: this.clock.now(), effectiveAtMs };
    }

    async verifyRestored(): Promise<RestoreVerification> {
        const value = await this.automation.getConfig(this.target.stack, simulateOutageKey);
        const outputs = await this.automation.outputs(this.target.stack);
        const deployedOutage = outputs[outputKeys.simulateOutage];
        const ok = value === this.original && deployedOutage !== true;
        return { ok, detail: `${simulateOutageKey} is ${value ?? "(unset)"} (was ${this.original ?? "(unset)"}); output simulateOutage is ${String(deployedOutage)}` };
    }

    originals(): Record<string, string | number | boolean | null> {
        return { [simulateOutageKey]: this.original ?? null };
    }

    savedState(): Record<string, unknown> {
        const state: ConfigLeverState = { original: this.original ?? null, targets: this.targets };
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

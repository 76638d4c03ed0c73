/**
 * The config lever: `app:drill.simulateOutage: true` on the target stack, then `pulumi up`. The
 * program inverts the region's health check and dials its endpoint group to 0, so the drill is
 * an ordinary, reviewable deployment and leaves no drift. Restoring puts the key back exactly
 * as it was (removed when it was absent, which the program reads as false) and runs `pulumi up`.
 */
import { StackAutomation, Clock, ProgressSink } from "../clients/types";
import { PreflightCheck } from "../report/types";
import { LeverPath } from "../signals/signal";
import { Lever, LeverTiming, RestoreVerification } from "./lever";

/** The flat config key the program reads (not path mode). */
export const simulateOutageKey = "drill.simulateOutage";

/** Resource types whose update means a path's change is in AWS. */
const effectByResourceType: Readonly<Record<string, LeverPath>> = {
    "aws:route53/healthCheck:HealthCheck": "route53",
    "aws:globalaccelerator/endpointGroup:EndpointGroup": "globalAccelerator",
};

/** {@link Lever} through stack configuration and the Automation API. */
export class ConfigLever implements Lever {
    readonly kind = "config";
    readonly summary: string;
    private original: string | undefined;
    private touched = false;

    constructor(private readonly automation: StackAutomation, private readonly clock: Clock, private readonly progress: ProgressSink, private readonly stack: string) {
        this.summary = `pulumi config set ${simulateOutageKey} true on stack ${stack}, then pulumi up`;
    }

    plan(): string[] {
        return [
            `Record the current value of ${simulateOutageKey} on stack ${this.stack}.`,
            `Set ${simulateOutageKey} = true (Pulumi.${this.stack}.yaml) and run pulumi up: the program inverts the region's Route 53 health check and dials its Global Accelerator endpoint group to 0.`,
            `Restore: put ${simulateOutageKey} back as it was (remove it when it was unset) and run pulumi up again.`,
        ];
    }

    async preflight(): Promise<PreflightCheck[]> {
        const checks: PreflightCheck[] = [];
        const current = await this.automation.getConfig(this.stack, simulateOutageKey);
        checks.push({
            id: "config-not-set", description: `${simulateOutageKey} is not already true on ${this.stack}`,
            ok: current !== "true", detail: `current value: ${current ?? "(unset)"}`, onFailure: "refuse-always",
        });
        const preview = await this.automation.preview(this.stack);
        checks.push({
            id: "stack-in-sync", description: `pulumi preview of ${this.stack} shows no pending changes (the drill's pulumi up must change nothing else)`,
            ok: preview.changes === 0, detail: Object.entries(preview.summary).map(([operation, count]) => `${operation} ${count}`).join(", ") || "no resources",
            onFailure: "refuse",
        });
        return checks;
    }

    private async deploy(): Promise<Partial<Record<LeverPath, number>>> {
        const effective: Partial<Record<LeverPath, number>> = {};
        await this.automation.up(this.stack, {
            onOutput: (line) => this.progress.event(`  pulumi | ${line}`),
            onResourceDone: (type, operation) => {
                const path = effectByResourceType[type];
                if (path !== undefined && operation !== "same") {
                    effective[path] = this.clock.now();
                }
            },
        });
        return effective;
    }

    async apply(): Promise<LeverTiming> {
        this.original = await this.automation.getConfig(this.stack, simulateOutageKey);
        const startedAtMs = this.clock.now();
        this.touched = true;
        await this.automation.setConfig(this.stack, simulateOutageKey, "true");
        const effectiveAtMs = await this.deploy();
        return { startedAtMs, finishedAtMs: this.clock.now(), effectiveAtMs };
    }

    async restore(): Promise<LeverTiming> {
        const startedAtMs = this.clock.now();
        if (this.touched) {
            if (this.original === undefined) {
                await this.automation.removeConfig(this.stack, simulateOutageKey);
            } else {
                await this.automation.setConfig(this.stack, simulateOutageKey, this.original);
            }
        }
        const effectiveAtMs = this.touched ? await this.deploy() : {};
        return { startedAtMs, finishedAtMs: this.clock.now(), effectiveAtMs };
    }

    async verifyRestored(): Promise<RestoreVerification> {
        const value = await this.automation.getConfig(this.stack, simulateOutageKey);
        const outputs = await this.automation.outputs(this.stack);
        const ok = value === this.original && outputs.simulateOutage !== true;
        return { ok, detail: `${simulateOutageKey} is ${value ?? "(unset)"} (was ${this.original ?? "(unset)"}); output simulateOutage is ${String(outputs.simulateOutage)}` };
    }

    originals(): Record<string, string | number | boolean | null> {
        return { [simulateOutageKey]: this.original ?? null };
    }

    manualRestore(): string[] {
        return this.original === undefined
            ? [`pulumi config rm ${simulateOutageKey} --stack ${this.stack}`, `pulumi up --stack ${this.stack}`]
            : [`pulumi config set ${simulateOutageKey} ${this.original} --stack ${this.stack}`, `pulumi up --stack ${this.stack}`];
    }
}

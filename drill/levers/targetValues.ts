/**
 * The values that take a region out of every traffic path, changed through the AWS SDK: the
 * endpoint health check's `Inverted` flag, the combined (CALCULATED) check's `HealthThreshold`
 * and the Global Accelerator endpoint group's traffic dial. The health-check lever moves them
 * directly; the config lever's program moves the same ones through `pulumi up`, and puts them
 * back through here when a guard trips and a deployment would be too slow.
 *
 * Why the combined check too: with `alarms.childThreshold: any` the records' combined check
 * stays healthy while any child is, so an inverted endpoint check alone would not take the
 * region out. Setting the combined check's threshold above its number of children makes Route 53
 * consider it unhealthy whatever its children say (route53 `HealthThreshold`), which is what the
 * program's `drill.simulateOutage` does.
 *
 * Every change is recorded first (the values, and each health check's `HealthCheckVersion`) and
 * the version each change left is kept, so that `drill restore` can tell a value still at the
 * drill's setting from the same value written again by someone since.
 */
import { DescribeEndpointGroupCommand, EndpointGroup, UpdateEndpointGroupCommand } from "@aws-sdk/client-global-accelerator";
import { GetHealthCheckCommand, HealthCheck, UpdateHealthCheckCommand } from "@aws-sdk/client-route-53";
import { AwsClients, Clock } from "../clients/types";
import { DeployedRegion } from "../clients/outputs";
import { LeverPath } from "../signals/signal";
import { LeverValue, LeverWork, RestoreVerification, standingOf } from "./lever";

/** The keys of the values, as `assess` and `restore` name them. */
export const targetValueKeys = { inverted: "inverted", threshold: "threshold", dial: "dial" } as const;

/** What is kept in the state file (field names of state format 1 kept, so old states resume). */
export interface TargetValuesState {
    /** The endpoint check's Inverted flag before the drill. */
    readonly originalInverted: boolean | null;
    /** The endpoint group's traffic dial before the drill. */
    readonly originalDial: number | null;
    /** The endpoint group's endpoint ids before the drill (checked after restoring); null when not recorded. */
    readonly originalEndpoints: readonly string[] | null;
    /** The endpoint check's version when it was read. */
    readonly version: number | null;
    /** The combined check's threshold before the drill, when the target has a combined check. */
    readonly originalThreshold?: number | null;
    /** The combined check's number of children when it was read. */
    readonly children?: number | null;
    /** The combined check's version when it was read. */
    readonly thresholdVersion?: number | null;
    /** The version each health check had after the drill's change (to see a later change by someone else). */
    readonly appliedVersions?: { readonly inverted?: number; readonly threshold?: number };
}

/** A health check's Inverted flag (false when Route 53 leaves it out). */
function invertedOf(check: HealthCheck | undefined): boolean {
    return check?.HealthCheckConfig?.Inverted ?? false;
}

/** An endpoint group's endpoint ids, sorted (DescribeEndpointGroup keeps no order). */
function endpointIdsOf(group: EndpointGroup | undefined): string[] {
    return (group?.EndpointDescriptions ?? []).map((endpoint) => endpoint.EndpointId ?? "").sort();
}

function message(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/** The target's endpoint check, combined check and dial, with their recorded originals. */
export class TargetValues {
    private originalInverted: boolean | undefined;
    private originalDial: number | undefined;
    /** Undefined when a resumed state did not record them (nothing to compare with). */
    private originalEndpoints: string[] | undefined;
    private version: number | undefined;
    private originalThreshold: number | undefined;
    private children: number | undefined;
    private thresholdVersion: number | undefined;
    private appliedVersions: { inverted?: number; threshold?: number } = {};
    private prepared = false;
    /** What apply changed or tried to change (a resumed state: all the target has). */
    private readonly attempted = new Set<string>();

    constructor(private readonly aws: AwsClients, private readonly clock: Clock, readonly target: DeployedRegion, private readonly work: LeverWork) {}

    /** The combined check the records carry, when the stack has one. */
    get combinedId(): string | undefined {
        return this.target.healthCheckIds?.combined;
    }

    /** The Inverted flag restoring puts back: the recorded one, else Route 53's default (not inverted). */
    get restoredInverted(): boolean {
        return this.originalInverted ?? false;
    }

    /** The dial restoring puts back: the recorded one, else the API's default of 100. */
    get restoredDial(): number {
        return this.originalDial ?? 100;
    }

    /** The threshold that makes the combined check unhealthy whatever its children say. */
    private get outageThreshold(): number {
        return (this.children ?? 0) + 1;
    }

    /** Every key this target has. */
    keys(): string[] {
        return [
            ...(this.target.healthCheckId !== undefined ? [targetValueKeys.inverted] : []),
            ...(this.combinedId !== undefined ? [targetValueKeys.threshold] : []),
            ...(this.target.endpointGroupArn !== undefined ? [targetValueKeys.dial] : []),
        ];
    }

    /** Counts every value as changed (by someone else's hand: the config lever's `pulumi up`), so that restore and assess cover them. */
    markAttempted(): void {
        this.keys().forEach((key) => this.attempted.add(key));
    }

    /** Takes the values recorded in a state file instead of reading them; everything counts as attempted. */
    resume(saved: Readonly<Record<string, unknown>>): void {
        const state = saved as unknown as TargetValuesState;
        this.originalInverted = state.originalInverted ?? undefined;
        this.originalDial = state.originalDial ?? undefined;
        this.originalEndpoints = state.originalEndpoints ? [...state.originalEndpoints] : undefined;
        this.version = state.version ?? undefined;
        this.originalThreshold = state.originalThreshold ?? undefined;
        this.children = state.children ?? undefined;
        this.thresholdVersion = state.thresholdVersion ?? undefined;
        this.appliedVersions = { ...(state.appliedVersions ?? {}) };
        this.prepared = true;
        // A state without the combined check's original (format 1) leaves the combined check alone: restore, assess and verify need it.
        this.markAttempted();
    }

    /** Reads and records the originals, once. */
    async prepare(): Promise<void> {
        if (this.prepared) {
            return;
        }
        const { route53, globalAccelerator } = this.aws;
        const { healthCheckId, endpointGroupArn } = this.target;
        if (healthCheckId !== undefined) {
            const check = (await route53.send(new GetHealthCheckCommand({ HealthCheckId: healthCheckId }))).HealthCheck;
            this.originalInverted = invertedOf(check);
            this.version = check?.HealthCheckVersion;
        }
        if (this.combinedId !== undefined) {
            const combined = (await route53.send(new GetHealthCheckCommand({ HealthCheckId: this.combinedId }))).HealthCheck;
            const config = combined?.HealthCheckConfig;
            this.children = config?.ChildHealthChecks?.length ?? 0;
            this.originalThreshold = config?.HealthThreshold ?? this.children;
            this.thresholdVersion = combined?.HealthCheckVersion;
        }
        if (endpointGroupArn !== undefined) {
            const group = (await globalAccelerator.send(new DescribeEndpointGroupCommand({ EndpointGroupArn: endpointGroupArn }))).EndpointGroup;
            this.originalDial = group?.TrafficDialPercentage ?? 100;
            this.originalEndpoints = endpointIdsOf(group);
        }
        this.prepared = true;
    }

    /** What the state file keeps. */
    saved(): TargetValuesState {
        return {
            originalInverted: this.originalInverted ?? null, originalDial: this.originalDial ?? null,
            originalEndpoints: this.originalEndpoints ?? null, version: this.version ?? null,
            ...(this.combinedId !== undefined ? { originalThreshold: this.originalThreshold ?? null, children: this.children ?? null, thresholdVersion: this.thresholdVersion ?? null } : {}),
            ...(Object.keys(this.appliedVersions).length > 0 ? { appliedVersions: { ...this.appliedVersions } } : {}),
        };
    }

    /** Takes the region out: each step only while restoring has not begun. Returns when each path's change was in AWS. */
    async apply(): Promise<Partial<Record<LeverPath, number>>> {
        await this.prepare();
        const { route53, globalAccelerator } = this.aws;
        const { healthCheckId, endpointGroupArn } = this.target;
        const effective: Partial<Record<LeverPath, number>> = {};
        if (healthCheckId !== undefined) {
            await this.work.run(async () => {
                this.attempted.add(targetValueKeys.inverted);
                const answer = await route53.send(new UpdateHealthCheckCommand({ HealthCheckId: healthCheckId, HealthCheckVersion: this.version, Inverted: true }));
                this.appliedVersions.inverted = answer.HealthCheck?.HealthCheckVersion;
                effective.route53 = this.clock.now();
            });
        }
        const combinedId = this.combinedId;
        if (combinedId !== undefined) {
            await this.work.run(async () => {
                this.attempted.add(targetValueKeys.threshold);
                const answer = await route53.send(new UpdateHealthCheckCommand({ HealthCheckId: combinedId, HealthCheckVersion: this.thresholdVersion, HealthThreshold: this.outageThreshold }));
                this.appliedVersions.threshold = answer.HealthCheck?.HealthCheckVersion;
                effective.route53 = this.clock.now();
            });
        }
        if (endpointGroupArn !== undefined) {
            await this.work.run(async () => {
                this.attempted.add(targetValueKeys.dial);
                // Only the dial is sent: omitted fields keep their values (the endpoints are checked after restoring).
                await globalAccelerator.send(new UpdateEndpointGroupCommand({ EndpointGroupArn: endpointGroupArn, TrafficDialPercentage: 0 }));
                effective.globalAccelerator = this.clock.now();
            });
        }
        return effective;
    }

    /** Puts back the recorded values of what was attempted (only `only`, when given); throws naming what is still out. */
    async restore(only?: ReadonlySet<string>): Promise<Partial<Record<LeverPath, number>>> {
        const { route53, globalAccelerator } = this.aws;
        const effective: Partial<Record<LeverPath, number>> = {};
        const failures: string[] = [];
        const wanted = (key: string) => this.attempted.has(key) && (only === undefined || only.has(key));
        const attempt = async (key: string, stillOut: string, call: () => Promise<LeverPath>) => {
            if (!wanted(key)) {
                return;
            }
            try {
                effective[await call()] = this.clock.now();
            } catch (error) {
                failures.push(`${stillOut} (${message(error)})`);
            }
        };
        const { healthCheckId, endpointGroupArn } = this.target;
        const combinedId = this.combinedId;
        if (healthCheckId !== undefined) {
            await attempt(targetValueKeys.inverted, `health check ${healthCheckId} is still inverted`, async () => {
                const current = (await route53.send(new GetHealthCheckCommand({ HealthCheckId: healthCheckId }))).HealthCheck;
                await route53.send(new UpdateHealthCheckCommand({ HealthCheckId: healthCheckId, HealthCheckVersion: current?.HealthCheckVersion, Inverted: this.restoredInverted }));
                return "route53";
            });
        }
        if (combinedId !== undefined && this.originalThreshold !== undefined) {
            const threshold = this.originalThreshold;
            await attempt(targetValueKeys.threshold, `combined health check ${combinedId} still needs ${this.outageThreshold} healthy children`, async () => {
                const current = (await route53.send(new GetHealthCheckCommand({ HealthCheckId: combinedId }))).HealthCheck;
                await route53.send(new UpdateHealthCheckCommand({ HealthCheckId: combinedId, HealthCheckVersion: current?.HealthCheckVersion, HealthThreshold: threshold }));
                return "route53";
            });
        }
        if (endpointGroupArn !== undefined) {
            await attempt(targetValueKeys.dial, `endpoint group ${endpointGroupArn} is still dialled to 0`, async () => {
                await globalAccelerator.send(new UpdateEndpointGroupCommand({ EndpointGroupArn: endpointGroupArn, TrafficDialPercentage: this.restoredDial }));
                return "globalAccelerator";
            });
        }
        if (failures.length > 0) {
            throw new Error(`restore failed: ${failures.join("; ")}`);
        }
        return effective;
    }

    /** Where each value stands now. A check whose version moved past the drill's change counts as changed. */
    async assess(): Promise<LeverValue[]> {
        const values: LeverValue[] = [];
        const read = async (key: string, name: string, original: string, drillValue: string, current: () => Promise<{ value: string; version?: number }>) => {
            try {
                const now = await current();
                const applied = this.appliedVersions[key as "inverted" | "threshold"];
                let standing = standingOf(original, drillValue, now.value);
                let note: string | undefined;
                if (standing === "drill" && applied !== undefined && now.version !== undefined && now.version > applied) {
                    standing = "changed";
                    note = `its version is ${now.version}, the drill's change left ${applied}: it was updated since`;
                }
                values.push({ key, name, original, drillValue, current: now.value, standing, ...(note ? { note } : {}) });
            } catch (error) {
                values.push({ key, name, original, drillValue, current: `unreadable: ${message(error)}`, standing: "unreadable" });
            }
        };
        const { healthCheckId, endpointGroupArn } = this.target;
        const combinedId = this.combinedId;
        if (healthCheckId !== undefined && this.attempted.has(targetValueKeys.inverted)) {
            await read(targetValueKeys.inverted, `health check ${healthCheckId} Inverted`, String(this.restoredInverted), "true", async () => {
                const check = (await this.aws.route53.send(new GetHealthCheckCommand({ HealthCheckId: healthCheckId }))).HealthCheck;
                return { value: String(invertedOf(check)), version: check?.HealthCheckVersion };
            });
        }
        if (combinedId !== undefined && this.attempted.has(targetValueKeys.threshold) && this.originalThreshold !== undefined) {
            await read(targetValueKeys.threshold, `combined health check ${combinedId} HealthThreshold`, String(this.originalThreshold), String(this.outageThreshold), async () => {
                const check = (await this.aws.route53.send(new GetHealthCheckCommand({ HealthCheckId: combinedId }))).HealthCheck;
                return { value: String(check?.HealthCheckConfig?.HealthThreshold ?? ""), version: check?.HealthCheckVersion };
            });
        }
        if (endpointGroupArn !== undefined && this.attempted.has(targetValueKeys.dial)) {
            await read(targetValueKeys.dial, `endpoint group ${endpointGroupArn} traffic dial`, String(this.restoredDial), "0", async () => {
                const group = (await this.aws.globalAccelerator.send(new DescribeEndpointGroupCommand({ EndpointGroupArn: endpointGroupArn }))).EndpointGroup;
                return { value: String(group?.TrafficDialPercentage ?? 100) };
            });
        }
        return values;
    }

    /** Reads the values back after restoring. */
    async verify(): Promise<RestoreVerification> {
        const found: string[] = [];
        let ok = true;
        const { healthCheckId, endpointGroupArn } = this.target;
        const combinedId = this.combinedId;
        if (healthCheckId !== undefined && this.attempted.has(targetValueKeys.inverted)) {
            const inverted = invertedOf((await this.aws.route53.send(new GetHealthCheckCommand({ HealthCheckId: healthCheckId }))).HealthCheck);
            ok &&= inverted === this.restoredInverted;
            found.push(`health check Inverted=${inverted} (was ${this.restoredInverted})`);
        }
        if (combinedId !== undefined && this.attempted.has(targetValueKeys.threshold) && this.originalThreshold !== undefined) {
            const threshold = (await this.aws.route53.send(new GetHealthCheckCommand({ HealthCheckId: combinedId }))).HealthCheck?.HealthCheckConfig?.HealthThreshold;
            ok &&= threshold === this.originalThreshold;
            found.push(`combined health check threshold ${threshold} (was ${this.originalThreshold})`);
        }
        if (endpointGroupArn !== undefined && this.attempted.has(targetValueKeys.dial)) {
            const group = (await this.aws.globalAccelerator.send(new DescribeEndpointGroupCommand({ EndpointGroupArn: endpointGroupArn }))).EndpointGroup;
            const dial = group?.TrafficDialPercentage ?? 100;
            const endpoints = endpointIdsOf(group);
            const sameEndpoints = this.originalEndpoints === undefined || endpoints.join(" ") === this.originalEndpoints.join(" ");
            ok &&= dial === this.restoredDial && sameEndpoints;
            found.push(`traffic dial ${dial} (was ${this.restoredDial})`);
            if (!sameEndpoints) {
                found.push(`endpoints ${endpoints.join(", ") || "none"} (were ${this.originalEndpoints?.join(", ")})`);
            }
        }
        return { ok, detail: found.join("; ") || "nothing was changed" };
    }

    /** The recorded originals, for the report. */
    originals(): Record<string, string | number | boolean | null> {
        return {
            healthCheckInverted: this.originalInverted ?? null, trafficDialPercentage: this.originalDial ?? null,
            ...(this.combinedId !== undefined ? { combinedHealthThreshold: this.originalThreshold ?? null } : {}),
        };
    }

    /** The AWS CLI lines that put every value back by hand. */
    manualRestore(): string[] {
        const steps: string[] = [];
        if (this.target.healthCheckId) {
            steps.push(`aws route53 update-health-check --health-check-id ${this.target.healthCheckId} ${this.restoredInverted ? "--inverted" : "--no-inverted"}`);
        }
        if (this.combinedId !== undefined && this.originalThreshold !== undefined) {
            steps.push(`aws route53 update-health-check --health-check-id ${this.combinedId} --health-threshold ${this.originalThreshold}`);
        }
        if (this.target.endpointGroupArn) {
            steps.push(`aws globalaccelerator update-endpoint-group --region us-west-2 --endpoint-group-arn ${this.target.endpointGroupArn} --traffic-dial-percentage ${this.restoredDial}`);
        }
        return steps;
    }
}

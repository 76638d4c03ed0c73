/**
 * The SDK lever (`--lever health-check`): inverts the region's Route 53 health check and dials
 * its Global Accelerator endpoint group to 0 directly, for real incidents and short drills. It
 * records the original Inverted flag and traffic dial first and restores exactly those. Until
 * it is restored the stack has drifted from its state.
 */
import { DescribeEndpointGroupCommand, EndpointGroup, UpdateEndpointGroupCommand } from "@aws-sdk/client-global-accelerator";
import { GetHealthCheckCommand, HealthCheck, UpdateHealthCheckCommand } from "@aws-sdk/client-route-53";
import { AwsClients, Clock } from "../clients/types";
import { DeployedRegion } from "../clients/outputs";
import { PreflightCheck } from "../report/types";
import { LeverPath } from "../signals/signal";
import { Lever, LeverTiming, RestoreVerification } from "./lever";

/** What the SDK lever keeps in the state file. */
interface HealthCheckLeverState {
    /** The health check's Inverted flag before the drill. */
    readonly originalInverted: boolean | null;
    /** The endpoint group's traffic dial before the drill. */
    readonly originalDial: number | null;
    /** The endpoint group's endpoint ids before the drill (checked after restoring); null when not recorded. */
    readonly originalEndpoints: readonly string[] | null;
    /** The health check's version when it was read. */
    readonly version: number | null;
}

/** A health check's Inverted flag (false when Route 53 leaves it out). */
function invertedOf(check: HealthCheck | undefined): boolean {
    return check?.HealthCheckConfig?.Inverted ?? false;
}

/** An endpoint group's endpoint ids, sorted (DescribeEndpointGroup keeps no order). */
function endpointIdsOf(group: EndpointGroup | undefined): string[] {
    return (group?.EndpointDescriptions ?? []).map((endpoint) => endpoint.EndpointId ?? "").sort();
}

/** {@link Lever} through the AWS SDK. */
export class HealthCheckLever implements Lever {
    readonly kind = "health-check";
    readonly summary: string;
    readonly driftWarning: string;
    private originalInverted: boolean | undefined;
    private originalDial: number | undefined;
    /** Undefined when a resumed state file did not record them (nothing to compare with). */
    private originalEndpoints: string[] | undefined;
    private version: number | undefined;
    private prepared = false;
    /** What apply changed or tried to change (a resumed lever: all the target has). */
    private readonly attempted: { healthCheckId?: string; endpointGroupArn?: string } = {};

    constructor(private readonly aws: AwsClients, private readonly clock: Clock, private readonly target: DeployedRegion) {
        const parts = [
            ...(target.healthCheckId ? [`invert Route 53 health check ${target.healthCheckId}`] : []),
            ...(target.endpointGroupArn ? ["set the endpoint group's traffic dial to 0"] : []),
        ];
        this.summary = `${parts.join(" and ")} through the AWS SDK`;
        this.driftWarning = `DRIFT: this lever changes ${target.region} behind Pulumi's back. Until the drill restores it, stack ${target.stack} has drifted; ` +
            `pulumi refresh would record the drift and pulumi up --refresh would undo it. Do not deploy ${target.stack} during the drill.`;
    }

    /** The Inverted flag restoring puts back: the recorded one, else Route 53's default (not inverted). */
    private get restoredInverted(): boolean {
        return this.originalInverted ?? false;
    }

    /** The dial restoring puts back: the recorded one, else the API's default of 100. */
    private get restoredDial(): number {
        return this.originalDial ?? 100;
    }

    plan(): string[] {
        const steps: string[] = [];
        if (this.target.healthCheckId) {
            steps.push(`GetHealthCheck ${this.target.healthCheckId}: record Inverted; UpdateHealthCheck Inverted=true.`);
        }
        if (this.target.endpointGroupArn) {
            steps.push(`DescribeEndpointGroup ${this.target.endpointGroupArn}: record TrafficDialPercentage; UpdateEndpointGroup TrafficDialPercentage=0.`);
        }
        const calls = [...(this.target.healthCheckId ? ["UpdateHealthCheck"] : []), ...(this.target.endpointGroupArn ? ["UpdateEndpointGroup"] : [])];
        steps.push(`Restore: ${calls.join(" and ")} back to the recorded values.`);
        return steps;
    }

    async preflight(): Promise<PreflightCheck[]> {
        return [];
    }

    /** A lever rebuilt from a state file, for `drill restore`: restores both paths whatever apply reached. */
    static resume(aws: AwsClients, clock: Clock, target: DeployedRegion, saved: Readonly<Record<string, unknown>>): HealthCheckLever {
        const lever = new HealthCheckLever(aws, clock, target);
        const state = saved as unknown as HealthCheckLeverState;
        lever.originalInverted = state.originalInverted ?? undefined;
        lever.originalDial = state.originalDial ?? undefined;
        lever.originalEndpoints = state.originalEndpoints ? [...state.originalEndpoints] : undefined;
        lever.version = state.version ?? undefined;
        lever.prepared = true;
        lever.attempted.healthCheckId = target.healthCheckId;
        lever.attempted.endpointGroupArn = target.endpointGroupArn;
        return lever;
    }

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
        if (endpointGroupArn !== undefined) {
            const group = (await globalAccelerator.send(new DescribeEndpointGroupCommand({ EndpointGroupArn: endpointGroupArn }))).EndpointGroup;
            this.originalDial = group?.TrafficDialPercentage ?? 100;
            this.originalEndpoints = endpointIdsOf(group);
        }
        this.prepared = true;
    }

    savedState(): Record<string, unknown> {
        const state: HealthCheckLeverState = {
            originalInverted: this.originalInverted ?? null, originalDial: this.originalDial ?? null,
            originalEndpoints: this.originalEndpoints ?? null, version: this.version ?? null,
        };
        return { ...state };
    }

    async apply(): Promise<LeverTiming> {
        const { route53, globalAccelerator } = this.aws;
        const { healthCheckId, endpointGroupArn } = this.target;
        await this.prepare();
        const version = this.version;
        const startedAtMs = this.clock.now();
        const effectiveAtMs: Partial<Record<LeverPath, number>> = {};
        if (healthCheckId !== undefined) {
            this.attempted.healthCheckId = healthCheckId;
            await route53.send(new UpdateHealthCheckCommand({ HealthCheckId: healthCheckId, HealthCheckVersion: version, Inverted: true }));
            effectiveAtMs.route53 = this.clock.now();
        }
        if (endpointGroupArn !== undefined) {
            this.attempted.endpointGroupArn = endpointGroupArn;
            // Only the dial is sent: omitted fields keep their values (the endpoints are checked after restoring).
            await globalAccelerator.send(new UpdateEndpointGroupCommand({ EndpointGroupArn: endpointGroupArn, TrafficDialPercentage: 0 }));
            effectiveAtMs.globalAccelerator = this.clock.now();
        }
        return { startedAtMs, finishedAtMs: this.clock.now(), effectiveAtMs };
    }

    async restore(): Promise<LeverTiming> {
        const { route53, globalAccelerator } = this.aws;
        const startedAtMs = this.clock.now();
        const effectiveAtMs: Partial<Record<LeverPath, number>> = {};
        const failures: string[] = [];
        const { healthCheckId: id, endpointGroupArn: arn } = this.attempted;
        if (id !== undefined) {
            try {
                const current = (await route53.send(new GetHealthCheckCommand({ HealthCheckId: id }))).HealthCheck;
                await route53.send(new UpdateHealthCheckCommand({ HealthCheckId: id, HealthCheckVersion: current?.HealthCheckVersion, Inverted: this.restoredInverted }));
                effectiveAtMs.route53 = this.clock.now();
            } catch (error) {
                failures.push(`health check ${id} is still inverted (${error instanceof Error ? error.message : String(error)})`);
            }
        }
        if (arn !== undefined) {
            try {
                await globalAccelerator.send(new UpdateEndpointGroupCommand({ EndpointGroupArn: arn, TrafficDialPercentage: this.restoredDial }));
                effectiveAtMs.globalAccelerator = this.clock.now();
            } catch (error) {
                failures.push(`endpoint group ${arn} is still dialled to 0 (${error instanceof Error ? error.message : String(error)})`);
            }
        }
        if (failures.length > 0) {
            throw new Error(`restore failed: ${failures.join("; ")}`);
        }
        return { startedAtMs, finishedAtMs: this.clock.now(), effectiveAtMs };
    }

    async verifyRestored(): Promise<RestoreVerification> {
        const found: string[] = [];
        let ok = true;
        const { healthCheckId, endpointGroupArn } = this.attempted;
        if (healthCheckId !== undefined) {
            const inverted = invertedOf((await this.aws.route53.send(new GetHealthCheckCommand({ HealthCheckId: healthCheckId }))).HealthCheck);
            ok &&= inverted === this.restoredInverted;
            found.push(`health check Inverted=${inverted} (was ${this.restoredInverted})`);
        }
        if (endpointGroupArn !== undefined) {
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

    originals(): Record<string, string | number | boolean | null> {
        return { healthCheckInverted: this.originalInverted ?? null, trafficDialPercentage: this.originalDial ?? null };
    }

    manualRestore(): string[] {
        const steps: string[] = [];
        if (this.target.healthCheckId) {
            steps.push(`aws route53 update-health-check --health-check-id ${this.target.healthCheckId} ${this.restoredInverted ? "--inverted" : "--no-inverted"}`);
        }
        if (this.target.endpointGroupArn) {
            steps.push(`aws globalaccelerator update-endpoint-group --region us-west-2 --endpoint-group-arn ${this.target.endpointGroupArn} --traffic-dial-percentage ${this.restoredDial}`);
        }
        return steps;
    }
}

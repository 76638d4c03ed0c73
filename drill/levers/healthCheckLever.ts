/**
 * The SDK lever (`--lever health-check`): inverts the region's Route 53 endpoint health check,
 * makes its combined check unhealthy when the records carry one (its threshold above its
 * children), and dials its Global Accelerator endpoint group to 0 directly, for real incidents
 * and short drills. It records the originals first and restores exactly those (the values and
 * their calls: drill/levers/targetValues.ts). Until it is restored the stack has drifted from its
 * state.
 */
import { AwsClients, Clock } from "../clients/types";
import { DeployedRegion } from "../clients/outputs";
import { PreflightCheck } from "../report/types";
import { Lever, LeverTiming, LeverValue, LeverWork, RestoreVerification } from "./lever";
import { TargetValues } from "./targetValues";

/** {@link Lever} through the AWS SDK. */
export class HealthCheckLever implements Lever {
    readonly kind = "health-check";
    readonly summary: string;
    readonly driftWarning: string;
    private readonly work = new LeverWork();
    private readonly values: TargetValues;

    constructor(aws: AwsClients, private readonly clock: Clock, private readonly target: DeployedRegion) {
        this.values = new TargetValues(aws, clock, target, this.work);
        const parts = [
            ...(target.healthCheckId ? [`invert Route 53 health check ${target.healthCheckId}`] : []),
            ...(this.values.combinedId ? [`raise combined health check ${this.values.combinedId}'s threshold above its children`] : []),
            ...(target.endpointGroupArn ? ["set the endpoint group's traffic dial to 0"] : []),
        ];
        this.summary = `${parts.join(" and ")} through the AWS SDK`;
        this.driftWarning = `DRIFT: this lever changes ${target.region} behind Pulumi's back. Until the drill restores it, stack ${target.stack} has drifted; ` +
            `pulumi refresh would record the drift and pulumi up --refresh would undo it. Do not deploy ${target.stack} during the drill.`;
    }

    plan(): string[] {
        const steps: string[] = [];
        if (this.target.healthCheckId) {
            steps.push(`GetHealthCheck ${this.target.healthCheckId}: record Inverted; UpdateHealthCheck Inverted=true.`);
        }
        if (this.values.combinedId) {
            steps.push(`GetHealthCheck ${this.values.combinedId} (the records' combined check): record HealthThreshold; UpdateHealthCheck HealthThreshold=children+1, ` +
                "so that Route 53 considers it unhealthy whatever its children say (with childThreshold any, an inverted endpoint check alone would not take the region out).");
        }
        if (this.target.endpointGroupArn) {
            steps.push(`DescribeEndpointGroup ${this.target.endpointGroupArn}: record TrafficDialPercentage; UpdateEndpointGroup TrafficDialPercentage=0.`);
        }
        const calls = [...(this.target.healthCheckId || this.values.combinedId ? ["UpdateHealthCheck"] : []), ...(this.target.endpointGroupArn ? ["UpdateEndpointGroup"] : [])];
        steps.push(`Restore: ${calls.join(" and ")} back to the recorded values.`);
        return steps;
    }

    async preflight(): Promise<PreflightCheck[]> {
        return [];
    }

    /** A lever rebuilt from a state file, for `drill restore`: restores every path whatever apply reached. */
    static resume(aws: AwsClients, clock: Clock, target: DeployedRegion, saved: Readonly<Record<string, unknown>>): HealthCheckLever {
        const lever = new HealthCheckLever(aws, clock, target);
        lever.values.resume(saved);
        return lever;
    }

    prepare(): Promise<void> {
        return this.values.prepare();
    }

    savedState(): Record<string, unknown> {
        return { ...this.values.saved() };
    }

    async apply(): Promise<LeverTiming> {
        await this.prepare();
        const startedAtMs = this.clock.now();
        const effectiveAtMs = await this.values.apply();
        return { startedAtMs, finishedAtMs: this.clock.now(), effectiveAtMs };
    }

    async restore(only?: ReadonlySet<string>): Promise<LeverTiming> {
        await this.work.close();
        const startedAtMs = this.clock.now();
        const effectiveAtMs = await this.values.restore(only);
        return { startedAtMs, finishedAtMs: this.clock.now(), effectiveAtMs };
    }

    assess(): Promise<LeverValue[]> {
        return this.values.assess();
    }

    verifyRestored(): Promise<RestoreVerification> {
        return this.values.verify();
    }

    originals(): Record<string, string | number | boolean | null> {
        return this.values.originals();
    }

    manualRestore(): string[] {
        return this.values.manualRestore();
    }
}

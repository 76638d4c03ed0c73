/**
 * Preflight on the Pulumi side (item 6 of the drill-safety audit): no stack of the project is in
 * the middle of an update (the stack lock), the target has no operations an interrupted update
 * left pending, and what the drill will change and restore has not drifted from the stack's
 * checkpoint (the health check's Inverted flag, the endpoint group's traffic dial). All reads.
 */
import { DescribeEndpointGroupCommand } from "@aws-sdk/client-global-accelerator";
import { GetHealthCheckCommand } from "@aws-sdk/client-route-53";
import { DeployedRegion } from "../clients/outputs";
import { AwsClients, DeploymentSnapshot, StackAutomation } from "../clients/types";
import { PreflightCheck } from "../report/types";

/** What the stack checks look at. */
export interface StackCheckContext {
    /** The Pulumi stacks. */
    readonly automation: StackAutomation;
    /** AWS SDK clients (live values for the drift check). */
    readonly aws: AwsClients;
    /** The region the drill takes out. */
    readonly target: DeployedRegion;
    /** Every stack of the project. */
    readonly stacks: readonly string[];
}

function failed(id: string, description: string, error: unknown): PreflightCheck {
    return { id, description, ok: false, detail: `could not check: ${error instanceof Error ? error.message : String(error)}`, onFailure: "refuse-always" };
}

function recorded(snapshot: DeploymentSnapshot, type: string, id: string): Readonly<Record<string, unknown>> | undefined {
    return snapshot.resources.find((resource) => resource.type === type && (resource.outputs.id === id || resource.outputs.arn === id))?.outputs;
}

/** Drift of the two values the levers change, live against the checkpoint. */
async function driftDetail(context: StackCheckContext, snapshot: DeploymentSnapshot): Promise<string[]> {
    const { aws, target } = context;
    const drift: string[] = [];
    if (target.healthCheckId !== undefined) {
        const state = recorded(snapshot, "aws:route53/healthCheck:HealthCheck", target.healthCheckId);
        const live = (await aws.route53.send(new GetHealthCheckCommand({ HealthCheckId: target.healthCheckId }))).HealthCheck?.HealthCheckConfig?.Inverted === true;
        const expected = state?.invertHealthcheck === true;
        if (state === undefined) {
            drift.push(`health check ${target.healthCheckId} is not in the stack's checkpoint`);
        } else if (live !== expected) {
            drift.push(`health check Inverted is ${live} in AWS but ${expected} in the stack`);
        }
    }
    if (target.endpointGroupArn !== undefined) {
        const state = recorded(snapshot, "aws:globalaccelerator/endpointGroup:EndpointGroup", target.endpointGroupArn);
        const live = (await aws.globalAccelerator.send(new DescribeEndpointGroupCommand({ EndpointGroupArn: target.endpointGroupArn }))).EndpointGroup?.TrafficDialPercentage ?? 100;
        const expected = typeof state?.trafficDialPercentage === "number" ? state.trafficDialPercentage : 100;
        if (state === undefined) {
            drift.push(`endpoint group ${target.endpointGroupArn} is not in the stack's checkpoint`);
        } else if (live !== expected) {
            drift.push(`traffic dial is ${live} in AWS but ${expected} in the stack`);
        }
    }
    return drift;
}

/** Every stack check; a check that cannot be read fails. None can be overridden with --force. */
export async function runStackChecks(context: StackCheckContext): Promise<PreflightCheck[]> {
    const { automation, target } = context;
    const checks: PreflightCheck[] = [];
    for (const stack of context.stacks) {
        const description = `no update is in progress on stack ${stack} (the stack is not locked)`;
        try {
            const last = await automation.lastUpdate(stack);
            const busy = last?.result === "in-progress" || last?.result === "not-started";
            checks.push({ id: `stack-not-updating:${stack}`, description, ok: !busy, detail: last ? `last ${last.kind} ${last.result}, started ${last.startTime}` : "no updates yet", onFailure: "refuse-always" });
        } catch (error) {
            checks.push(failed(`stack-not-updating:${stack}`, description, error));
        }
    }
    const pendingDescription = `stack ${target.stack} has no pending operations (an interrupted update leaves them; pulumi refresh clears them)`;
    const driftDescription = `the health check and endpoint group of ${target.stack} match the stack's checkpoint (no drift)`;
    let snapshot: DeploymentSnapshot;
    try {
        snapshot = await automation.exportDeployment(target.stack);
    } catch (error) {
        return [...checks, failed("no-pending-operations", pendingDescription, error), failed("no-drift", driftDescription, error)];
    }
    const pending = snapshot.pendingOperations;
    checks.push({
        id: "no-pending-operations", description: pendingDescription, ok: pending.length === 0,
        detail: pending.length === 0 ? "none" : pending.map((operation) => `${operation.type} ${operation.urn}`).join("; "), onFailure: "refuse-always",
    });
    try {
        const drift = await driftDetail(context, snapshot);
        checks.push({ id: "no-drift", description: driftDescription, ok: drift.length === 0, detail: drift.join("; ") || "in sync", onFailure: "refuse-always" });
    } catch (error) {
        checks.push(failed("no-drift", driftDescription, error));
    }
    return checks;
}

/**
 * Preflight: a drill must not cause the outage it rehearses. Every other region must be healthy
 * by every path that would carry its traffic, read by the same guards that watch it during the
 * drill (drill/signals/guards.ts: its endpoint check, its Global Accelerator endpoints and dial,
 * each followed alarm, its routing control, its combined check), every routing control of the
 * stack set must be On (the target's too, which no guard reads: the question the readiness check
 * asks), and the target must not already be out. No option overrides the health of a region that
 * would take the traffic. All reads; nothing changes.
 */
import { GetHealthCheckCommand } from "@aws-sdk/client-route-53";
import { controlsNotOn, describeReadings, readRoutingControlStates } from "../../components/traffic/routingControlStates";
import { AwsClients, Clock } from "../clients/types";
import { DeployedRegion, routingControlsOf } from "../clients/outputs";
import { Lever } from "../levers/lever";
import { PreflightCheck } from "../report/types";
import { readEndpointGroup } from "../signals/accelerator";
import { InversionHistory, readHealthCheck } from "../signals/route53";
import { Signal } from "../signals/signal";

/** What preflight looks at. */
export interface PreflightContext {
    /** The region the drill takes out. */
    readonly target: DeployedRegion;
    /** Every other region (their routing controls). */
    readonly others: readonly DeployedRegion[];
    /** The guards of every other region (drill/signals/guards.ts), read once each, in order. */
    readonly guards: readonly Signal[];
    /** AWS SDK clients. */
    readonly aws: AwsClients;
    /** The lever, for its own checks. */
    readonly lever: Lever;
    /** Time. */
    readonly clock: Clock;
}

type Check = Omit<PreflightCheck, "ok" | "detail"> & { run(): Promise<{ ok: boolean; detail: string }> };

/**
 * Whether every routing control of the stack set is On, read through ARC's data plane (the
 * cluster's endpoints in turn). A control that is Off takes its region out of the records; the
 * readiness check asks the same question. Undefined when the stack set has no routing controls.
 */
export async function routingControlsOn(aws: AwsClients, deployment: readonly DeployedRegion[]): Promise<{ ok: boolean; detail: string } | undefined> {
    const { arns, endpoints } = routingControlsOf(deployment);
    if (Object.keys(arns).length === 0) {
        return undefined;
    }
    if (aws.recoveryCluster === undefined) {
        throw new Error("reading routing controls needs Route 53 ARC cluster clients");
    }
    if (endpoints.length === 0) {
        return { ok: false, detail: "no stack outputs routingControlClusterEndpoints (the routing-control owner stack)" };
    }
    const readings = await readRoutingControlStates(endpoints, aws.recoveryCluster, arns);
    const notOn = controlsNotOn(readings);
    return { ok: notOn.length === 0, detail: `${describeReadings(readings)}${notOn.length > 0 ? `; not On: ${notOn.join(", ")}` : ""}` };
}

function checksOf(context: PreflightContext): Check[] {
    const { target, aws } = context;
    const checks: Check[] = [{
        id: "target-not-out", description: `${target.stack} is not deployed with drill.simulateOutage`, onFailure: "refuse-always",
        run: async () => ({ ok: !target.simulateOutage, detail: `output simulateOutage is ${target.simulateOutage}` }),
    }];
    if (target.healthCheckId !== undefined) {
        const id = target.healthCheckId;
        checks.push({
            id: "target-check-not-inverted", description: `${target.region}'s health check is not already inverted`, onFailure: "refuse-always",
            run: async () => {
                const inverted = (await aws.route53.send(new GetHealthCheckCommand({ HealthCheckId: id }))).HealthCheck?.HealthCheckConfig?.Inverted === true;
                return { ok: !inverted, detail: `health check ${id} Inverted=${inverted}` };
            },
        }, {
            id: "target-healthy", description: `${target.region} is healthy now (otherwise there is nothing to fail over)`, onFailure: "warn",
            run: async () => {
                const reading = await readHealthCheck(aws.route53, id, new InversionHistory(), context.clock.now());
                return { ok: reading.healthy === true, detail: `${reading.healthyCheckers}/${reading.checkers} checkers healthy` };
            },
        });
    }
    if (target.endpointGroupArn !== undefined) {
        const arn = target.endpointGroupArn;
        checks.push({
            id: "target-dial-not-zero", description: `${target.region}'s endpoint group is not already dialled to 0`, onFailure: "refuse-always",
            run: async () => {
                const reading = await readEndpointGroup(aws.globalAccelerator, arn);
                return { ok: reading.trafficDial > 0, detail: `traffic dial ${reading.trafficDial}` };
            },
        });
    }
    const everyRegion = [target, ...context.others];
    if (Object.keys(routingControlsOf(everyRegion).arns).length > 0) {
        checks.push({
            id: "routing-controls-on", description: "every routing control of the stack set is On (an Off control takes its region out of the records)", onFailure: "refuse-always",
            run: async () => (await routingControlsOn(aws, everyRegion))!,
        });
    }
    return [...checks, ...context.guards.filter((signal) => signal.guard).map(otherRegionCheck)];
}

/** A guard read once: the region it watches must already be healthy by that path. Never overridable. */
function otherRegionCheck(guard: Signal): Check {
    return {
        id: `other:${guard.id.replace(/^guard:/, "")}`, description: guard.description, onFailure: "refuse-always",
        run: async () => {
            const observation = await guard.read();
            const detail = observation.detail ? `${observation.value}: ${observation.detail}` : observation.value;
            return { ok: guard.expected.before.includes(observation.value), detail };
        },
    };
}

/** Runs every check; a check that cannot be read fails (with what went wrong). */
export async function runPreflight(context: PreflightContext): Promise<PreflightCheck[]> {
    const results: PreflightCheck[] = [];
    for (const check of checksOf(context)) {
        const { run, ...rest } = check;
        try {
            results.push({ ...rest, ...(await run()) });
        } catch (error) {
            results.push({ ...rest, ok: false, detail: `could not check: ${error instanceof Error ? error.message : String(error)}` });
        }
    }
    try {
        results.push(...await context.lever.preflight());
    } catch (error) {
        results.push({ id: "lever", description: `the ${context.lever.kind} lever's own checks`, ok: false, detail: `could not check: ${error instanceof Error ? error.message : String(error)}`, onFailure: "refuse-always" });
    }
    return results;
}

/** Whether the drill must stop: any failed `refuse-always` check, or a failed `refuse` check (one that cannot harm users) without --force. */
export function refusal(checks: readonly PreflightCheck[], force: boolean): PreflightCheck[] {
    return checks.filter((check) => !check.ok && (check.onFailure === "refuse-always" || (check.onFailure === "refuse" && !force)));
}

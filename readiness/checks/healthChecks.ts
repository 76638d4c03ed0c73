/**
 * Every region's Route 53 health checks must be healthy: the endpoint check read as the drill reads
 * it (each checker's latest observation under the Inverted flag, then the >18% rule), and the
 * checks GetHealthCheckStatus cannot read (the combined CALCULATED check, the alarm and
 * routing-control children) from CloudWatch's HealthCheckStatus metric in us-east-1. An inverted
 * endpoint check fails whatever its status: Route 53 then routes on the opposite of what the
 * checkers see.
 */
import { route53MetricsRegion } from "../../domain/awsFacts";
import { healthCheckStatusMetric } from "../../domain/readinessFacts";
import { healthObservation, InversionHistory, readHealthCheck } from "../../drill/signals/route53";
import { CheckContext, RegionUnderCheck } from "../context";
import { latestValues } from "../metrics";
import { attempt, row, RowSubject } from "../read";
import { ReadinessCheck } from "../types";

/** The endpoint check's role in the `healthCheckIds` output. */
const endpointRole = "endpoint";

/** A role of the `healthCheckIds` output for people. */
function roleName(role: string): string {
    if (role === "combined") {
        return "combined check (the one the records carry)";
    }
    if (role === "control") {
        return "routing control's check";
    }
    return role.startsWith("alarm-") ? `check following alarm ${role.slice("alarm-".length)}` : `${role} check`;
}

async function endpointRow(context: CheckContext, region: RegionUnderCheck, id: string): Promise<ReadinessCheck> {
    const stack = region.deployed.stack;
    const subject: RowSubject = { id: `health-check:${stack}:${endpointRole}`, category: "health-check", stack, subject: `${region.deployed.region} endpoint check ${id}` };
    const read = await attempt(subject, ["route53:GetHealthCheck", "route53:GetHealthCheckStatus"],
        () => readHealthCheck(context.aws.route53, id, new InversionHistory(), context.clock.now()));
    if (!read.ok) {
        return read.row;
    }
    const observation = healthObservation(read.value);
    if (read.value.inverted) {
        return row(subject, "fail", `Inverted: Route 53 routes on the opposite of what its checkers see (${observation.detail}); a drill's lever or an operator set it`);
    }
    if (observation.value === "healthy") {
        return row(subject, "ok", `healthy: ${observation.detail}`);
    }
    return observation.value === "unhealthy" ? row(subject, "fail", `unhealthy: ${observation.detail}`) : row(subject, "unreadable", observation.detail ?? observation.value);
}

/** The checks CloudWatch reports on, every region's in one request. */
async function metricRows(context: CheckContext, checks: readonly { region: RegionUnderCheck; role: string; id: string }[]): Promise<ReadinessCheck[]> {
    const subjects: RowSubject[] = checks.map(({ region, role, id }) => ({
        id: `health-check:${region.deployed.stack}:${role}`, category: "health-check", stack: region.deployed.stack, subject: `${region.deployed.region} ${roleName(role)} ${id}`,
    }));
    if (checks.length === 0) {
        return [];
    }
    const read = await attempt(subjects[0], ["cloudwatch:GetMetricData"], () => latestValues(context.aws.cloudWatch(route53MetricsRegion), checks.map(({ id }) => ({
        namespace: healthCheckStatusMetric.namespace, metricName: healthCheckStatusMetric.metricName, dimensions: { [healthCheckStatusMetric.dimension]: id }, stat: "Minimum", periodSeconds: 60,
    })), context.clock.now()));
    if (!read.ok) {
        return subjects.map((subject) => ({ ...read.row, ...subject }));
    }
    return subjects.map((subject, index) => {
        const value = read.value[index];
        if (value === undefined) {
            return row(subject, "unreadable", `CloudWatch has no ${healthCheckStatusMetric.metricName} for it in ${route53MetricsRegion} in the last minutes`);
        }
        return value >= healthCheckStatusMetric.healthy ? row(subject, "ok", "healthy (HealthCheckStatus 1, the latest minute's minimum)")
            : row(subject, "fail", "unhealthy (HealthCheckStatus 0, the latest minute's minimum): Route 53 takes the region out of its records");
    });
}

/** Every region's health checks. */
export async function healthCheckRows(context: CheckContext): Promise<ReadinessCheck[]> {
    const rows: ReadinessCheck[] = [];
    const others: { region: RegionUnderCheck; role: string; id: string }[] = [];
    for (const region of context.regions) {
        const ids = { ...(region.deployed.healthCheckId ? { [endpointRole]: region.deployed.healthCheckId } : {}), ...region.deployed.healthCheckIds };
        for (const [role, id] of Object.entries(ids)) {
            if (role === endpointRole) {
                rows.push(await endpointRow(context, region, id));
            } else {
                others.push({ region, role, id });
            }
        }
    }
    return [...rows, ...await metricRows(context, others)];
}

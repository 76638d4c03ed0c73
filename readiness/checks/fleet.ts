/**
 * Capacity for the loss of a region, against what is deployed: the capacity model
 * (config/crossStackCapacity.ts over domain/capacity.ts) says how many instances each region needs
 * once the region that burdens it most is lost; the deployed Auto Scaling group's MaxSize must
 * allow that many, and the account's On-Demand vCPU quota in the region
 * ({@link onDemandStandardQuota}) must leave room for the instances it would add, beside the vCPUs
 * already running there (the quota's own usage metric).
 */
import { AutoScalingGroup, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeInstanceTypesCommand, _InstanceType } from "@aws-sdk/client-ec2";
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, ServiceQuota, ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { capacityReports, formatRate, RegionHeadroom } from "../../config/crossStackCapacity";
import { pathRedistribution } from "../../domain/capacity";
import { countsAgainstStandardQuota, onDemandStandardQuota } from "../../domain/readinessFacts";
import { CheckContext, RegionUnderCheck } from "../context";
import { latestValues } from "../metrics";
import { Attempt, attempt, row, RowSubject } from "../read";
import { ReadinessCheck } from "../types";

/** Lifecycle states of instances that no longer count (or not yet) as the group's. */
const gone = /^(Terminat|Detach|Warmed)/;

/** A region that needs instances after a loss, with its deployed group. */
interface FleetNeed {
    /** The region. */
    readonly region: RegionUnderCheck;
    /** Its loads and the instances they need. */
    readonly headroom: RegionHeadroom;
    /** The deployed group. */
    readonly group: AutoScalingGroup;
}

async function readGroup(context: CheckContext, { deployed }: RegionUnderCheck, subject: RowSubject): Promise<Attempt<AutoScalingGroup | undefined>> {
    const name = deployed.autoScalingGroupName;
    if (name === undefined) {
        return { ok: false, row: row(subject, "unreadable", "the stack has no autoScalingGroupName output: run pulumi up on it once to add it") };
    }
    return attempt(subject, ["autoscaling:DescribeAutoScalingGroups"],
        async () => (await context.aws.autoScaling(deployed.region).send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups?.[0]);
}

function whenText(headroom: RegionHeadroom): string {
    const worst = headroom.worst;
    return `${formatRate(worst.requestsPerSecond)} rps ${worst.lost === undefined ? "with every region up" : `when ${worst.lost} is lost`} (${pathRedistribution[worst.path]})`;
}

/** The group's MaxSize against the instances the model needs; the need when the group was read. */
async function capacityRow(context: CheckContext, region: RegionUnderCheck, headroom: RegionHeadroom): Promise<{ row: ReadinessCheck; need?: FleetNeed }> {
    const { deployed, config } = region;
    const subject: RowSubject = { id: `capacity:${deployed.stack}`, category: "capacity", stack: deployed.stack, subject: `${deployed.region} Auto Scaling group ${deployed.autoScalingGroupName ?? ""}`.trimEnd() };
    const read = await readGroup(context, region, subject);
    if (!read.ok) {
        return { row: read.row };
    }
    const group = read.value;
    if (group === undefined) {
        return { row: row(subject, "fail", `no Auto Scaling group ${deployed.autoScalingGroupName} in ${deployed.region}`) };
    }
    const needed = headroom.instancesNeeded!;
    const maxSize = group.MaxSize ?? 0;
    const perInstance = headroom.fleet!.instanceRequestsPerSecond;
    const drift = maxSize === config.settings.fleet.maxSize ? "" : ` (app:fleet.maxSize says ${config.settings.fleet.maxSize})`;
    const detail = `MaxSize ${maxSize}${drift} carries ${formatRate(maxSize * perInstance)} rps; it receives ${whenText(headroom)}, ${needed} instance(s) at ${formatRate(perInstance)} rps each`;
    return maxSize >= needed
        ? { row: row(subject, "ok", `${detail}: headroom ${formatRate(maxSize * perInstance - headroom.worst.requestsPerSecond)} rps`), need: { region, headroom, group } }
        : { row: row(subject, "fail", `${detail}: the group cannot grow to what a failover sends it`), need: { region, headroom, group } };
}

/** The quota, applied or (when Service Quotas has no applied value) AWS's default. */
async function readQuota(client: ServiceQuotasClient): Promise<{ quota: ServiceQuota; applied: boolean }> {
    const input = { ServiceCode: onDemandStandardQuota.serviceCode, QuotaCode: onDemandStandardQuota.quotaCode };
    try {
        return { quota: (await client.send(new GetServiceQuotaCommand(input))).Quota ?? {}, applied: true };
    } catch (error) {
        // "If the applied quota value is not available for a quota, the quota is not retrieved" (GetServiceQuota).
        if ((error as Error).name !== "NoSuchResourceException") {
            throw error;
        }
        return { quota: (await client.send(new GetAWSDefaultServiceQuotaCommand(input))).Quota ?? {}, applied: false };
    }
}

/** vCPUs in use, from the quota's own usage metric; undefined when the quota names none or it has no recent datapoint. */
async function readUsage(context: CheckContext, region: string, quota: ServiceQuota): Promise<number | undefined> {
    const metric = quota.UsageMetric;
    if (metric?.MetricNamespace === undefined || metric.MetricName === undefined) {
        return undefined;
    }
    const [value] = await latestValues(context.aws.cloudWatch(region), [{
        namespace: metric.MetricNamespace, metricName: metric.MetricName, dimensions: metric.MetricDimensions ?? {}, stat: metric.MetricStatisticRecommendation ?? "Maximum", periodSeconds: 60,
    }], context.clock.now());
    return value;
}

/** The quota in one AWS region against the instances its fleets would add. */
async function quotaRow(context: CheckContext, region: string, needs: readonly FleetNeed[]): Promise<ReadinessCheck> {
    const subject: RowSubject = { id: `quota:${region}`, category: "quota", subject: `${region} ${onDemandStandardQuota.quotaCode} (${onDemandStandardQuota.name})` };
    const types = [...new Set(needs.map((need) => need.region.config.settings.fleet.instanceType))];
    const read = await attempt(subject, ["ec2:DescribeInstanceTypes", "servicequotas:GetServiceQuota", "servicequotas:GetAWSDefaultServiceQuota", "cloudwatch:GetMetricData"], async () => {
        const described = await context.aws.ec2(region).send(new DescribeInstanceTypesCommand({ InstanceTypes: types as _InstanceType[] }));
        const vcpus = new Map((described.InstanceTypes ?? []).map((type) => [type.InstanceType as string, type.VCpuInfo?.DefaultVCpus ?? 0]));
        const { quota, applied } = await readQuota(context.aws.serviceQuotas(region));
        return { vcpus, quota, applied, usage: await readUsage(context, region, quota) };
    });
    if (!read.ok) {
        return read.row;
    }
    const { vcpus, quota, applied, usage } = read.value;
    const parts = needs.map((need) => {
        const type = need.region.config.settings.fleet.instanceType;
        const running = (need.group.Instances ?? []).filter((instance) => !gone.test(instance.LifecycleState ?? "")).length;
        const perInstance = vcpus.get(type) ?? 0;
        const target = need.headroom.instancesNeeded!;
        return { text: `${need.region.deployed.stack} to ${target} ${type} (${perInstance} vCPUs each, ${running} running)`, adds: Math.max(0, target - running) * perInstance, total: target * perInstance };
    });
    const adds = parts.reduce((sum, part) => sum + part.adds, 0);
    const limit = quota.Value ?? 0;
    const quotaText = `the quota is ${limit} vCPUs (${applied ? "applied value" : "AWS default: Service Quotas has no applied value"})`;
    const scaling = `scaling ${parts.map((part) => part.text).join(" and ")} adds ${adds} vCPUs`;
    if (usage === undefined) {
        const total = parts.reduce((sum, part) => sum + part.total, 0);
        return row(subject, total <= limit ? "warn" : "fail", `${scaling}; ${quotaText}; its usage metric has no recent datapoint, so other instances in ${region} are not counted (the fleets alone need ${total})`);
    }
    const free = limit - usage;
    return row(subject, adds <= free ? "ok" : "fail", `${scaling}; ${quotaText}, ${usage} in use: ${free} free`);
}

/** Capacity against the deployed groups, then the quota in each region. */
export async function fleetRows(context: CheckContext): Promise<ReadinessCheck[]> {
    const reports = capacityReports(context.configs);
    if (reports.length === 0) {
        return [row({ id: "capacity", category: "capacity", subject: "capacity model" }, "skipped", "no stack declares app:capacity.peakRequestsPerSecond: neither headroom nor the vCPU quota is checked")];
    }
    const rows: ReadinessCheck[] = [];
    const needs: FleetNeed[] = [];
    for (const headroom of reports.flatMap((report) => report.regions).filter((region) => region.instancesNeeded !== undefined)) {
        const region = context.regions.find((candidate) => candidate.deployed.stack === headroom.stack);
        if (region !== undefined) {
            const checked = await capacityRow(context, region, headroom);
            rows.push(checked.row);
            needs.push(...(checked.need ? [checked.need] : []));
        }
    }
    for (const awsRegion of [...new Set(needs.map((need) => need.region.deployed.region))]) {
        const inRegion = needs.filter((need) => need.region.deployed.region === awsRegion);
        const counted = inRegion.filter((need) => countsAgainstStandardQuota(need.region.config.settings.fleet.instanceType));
        for (const other of inRegion.filter((need) => !counted.includes(need))) {
            rows.push(row({ id: `quota:${awsRegion}:${other.region.deployed.stack}`, category: "quota", stack: other.region.deployed.stack, subject: `${awsRegion} vCPU quota of ${other.region.config.settings.fleet.instanceType}` },
                "warn", `${other.region.config.settings.fleet.instanceType} is not under ${onDemandStandardQuota.quotaCode}; its family's quota is not checked`));
        }
        if (counted.length > 0) {
            rows.push(await quotaRow(context, awsRegion, counted));
        }
    }
    return rows;
}

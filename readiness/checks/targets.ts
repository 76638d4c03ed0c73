/**
 * Each target group the fleet registers in must have at least the fleet's minimum of healthy
 * targets (`app:fleet.minSize`, and at least one: a group without a healthy target cannot serve
 * the traffic a failover sends it). Target groups the fleet does not populate get their targets
 * elsewhere and are not judged. DescribeTargetHealth, in the stack's region.
 */
import { DescribeTargetHealthCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { populatedTargetGroups } from "../../config/derive";
import { healthyTargetState } from "../../domain/readinessFacts";
import { CheckContext, RegionUnderCheck } from "../context";
import { attempt, row, RowSubject } from "../read";
import { ReadinessCheck } from "../types";

async function groupRow(context: CheckContext, { config, deployed }: RegionUnderCheck, key: string, arn: string): Promise<ReadinessCheck> {
    const subject: RowSubject = { id: `targets:${deployed.stack}:${key}`, category: "targets", stack: deployed.stack, subject: `${deployed.region} target group ${key}` };
    const read = await attempt(subject, ["elasticloadbalancing:DescribeTargetHealth"],
        async () => (await context.aws.elbv2(deployed.region).send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }))).TargetHealthDescriptions ?? []);
    if (!read.ok) {
        return read.row;
    }
    const healthy = read.value.filter((target) => target.TargetHealth?.State === healthyTargetState).length;
    const minimum = Math.max(1, config.settings.fleet.minSize);
    const others = read.value.filter((target) => target.TargetHealth?.State !== healthyTargetState)
        .map((target) => `${target.Target?.Id ?? "?"} ${target.TargetHealth?.State ?? "?"}${target.TargetHealth?.Reason ? ` (${target.TargetHealth.Reason})` : ""}`);
    const detail = `${healthy} healthy of ${read.value.length}, at least ${minimum} needed (app:fleet.minSize ${config.settings.fleet.minSize})${others.length > 0 ? `; ${others.join(", ")}` : ""}`;
    return row(subject, healthy >= minimum ? "ok" : "fail", detail);
}

/** Every fleet target group of every region. */
export async function targetRows(context: CheckContext): Promise<ReadinessCheck[]> {
    const rows: ReadinessCheck[] = [];
    for (const region of context.regions) {
        for (const key of populatedTargetGroups(region.config.settings)) {
            const arn = region.deployed.targetGroupArns?.[key];
            if (arn === undefined) {
                rows.push(row({ id: `targets:${region.deployed.stack}:${key}`, category: "targets", stack: region.deployed.stack, subject: `${region.deployed.region} target group ${key}` },
                    "fail", `the stack's targetGroupArns output has no ${key}, which app:fleet.targetGroups names: deploy the stack file`));
                continue;
            }
            rows.push(await groupRow(context, region, key, arn));
        }
    }
    return rows;
}

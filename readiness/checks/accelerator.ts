/**
 * Every region's accelerator endpoint group as the stack file configures it: its traffic dial and
 * its endpoints' weights (a drift names both values: a drill's lever or an operator left it), and
 * its endpoints HEALTHY. Read with the drill's reader (DescribeEndpointGroup, us-west-2).
 */
import { healthyEndpointState } from "../../domain/readinessFacts";
import { readEndpointGroup } from "../../drill/signals/accelerator";
import { CheckContext, RegionUnderCheck } from "../context";
import { attempt, row, RowSubject } from "../read";
import { ReadinessCheck } from "../types";

async function groupRows(context: CheckContext, { config, deployed }: RegionUnderCheck, arn: string): Promise<ReadinessCheck[]> {
    const subject = (part: string, what: string): RowSubject => ({ id: `accelerator:${deployed.stack}:${part}`, category: "accelerator", stack: deployed.stack, subject: `${deployed.region} endpoint group ${what}` });
    const subjects = [subject("dial", "traffic dial"), subject("weights", "endpoint weights"), subject("health", "endpoints")];
    const read = await attempt(subjects[0], ["globalaccelerator:DescribeEndpointGroup"], () => readEndpointGroup(context.aws.globalAccelerator, arn));
    if (!read.ok) {
        return subjects.map((item) => ({ ...read.row, ...item }));
    }
    const { trafficDial, endpointDescriptions } = read.value;
    const configured = config.settings.globalAccelerator;
    const where = `in ${config.stackFile}`;
    const drifted = endpointDescriptions.filter((endpoint) => endpoint.weight !== configured.endpointWeight);
    const unhealthy = endpointDescriptions.filter((endpoint) => endpoint.healthState !== healthyEndpointState);
    return [
        trafficDial === configured.trafficDial ? row(subjects[0], "ok", `${trafficDial}, as configured`)
            : row(subjects[0], "fail", `${trafficDial}, configured ${configured.trafficDial} (app:globalAccelerator.trafficDial ${where}): drift, left by a drill's lever or an operator`),
        drifted.length === 0 && endpointDescriptions.length > 0 ? row(subjects[1], "ok", `${configured.endpointWeight}, as configured`)
            : row(subjects[1], "fail", endpointDescriptions.length === 0 ? "the group has no endpoint"
                : `${drifted.map((endpoint) => `${endpoint.id} weight ${endpoint.weight ?? "unset"}`).join(", ")}, configured ${configured.endpointWeight} (app:globalAccelerator.endpointWeight ${where}): drift`),
        unhealthy.length === 0 && endpointDescriptions.length > 0 ? row(subjects[2], "ok", `${endpointDescriptions.length} ${healthyEndpointState}`)
            : row(subjects[2], "fail", endpointDescriptions.length === 0 ? "no endpoint to take traffic"
                : `${unhealthy.map((endpoint) => `${endpoint.id} ${endpoint.healthState ?? "unknown"}`).join(", ")}: the accelerator sends its clients elsewhere`),
    ];
}

/** Every region's endpoint group. */
export async function acceleratorRows(context: CheckContext): Promise<ReadinessCheck[]> {
    const rows: ReadinessCheck[] = [];
    for (const region of context.regions) {
        if (region.deployed.endpointGroupArn !== undefined) {
            rows.push(...await groupRows(context, region, region.deployed.endpointGroupArn));
        }
    }
    return rows;
}

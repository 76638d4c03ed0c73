import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { globalAcceleratorMetricsRegion, route53MetricsRegion } from "../../domain/awsFacts";
import { componentTypes } from "../common";

/** One region as the dashboard shows it (what each stack's `observability` output holds). */
export interface DashboardRegion {
    /** Stack name, for labels. */
    readonly stack: string;
    /** AWS region of the ALB and its metrics. */
    readonly region: string;
    /** The ALB's ARN suffix, the `LoadBalancer` dimension. */
    readonly albArnSuffix: string;
    /** ARN suffixes of the target groups with targets, by key. */
    readonly targetGroups: Readonly<Record<string, string>>;
    /** Route 53 health checks of the region by role (`endpoint`, `alarm`, `combined`, ...). */
    readonly healthChecks: Readonly<Record<string, string>>;
    /** Whether the region takes part in the Global Accelerator (its endpoint group is named by region). */
    readonly accelerator: boolean;
}

/** Arguments of {@link RegionsDashboard}. */
export interface RegionsDashboardArgs {
    /** Dashboard name (A-Z, a-z, 0-9, - and _). */
    readonly dashboardName: string;
    /** The regions, side by side in this order. */
    readonly regions: pulumi.Input<pulumi.Input<DashboardRegion>[]>;
    /** The accelerator's ARN, for its traffic per endpoint group; absent without one. */
    readonly acceleratorArn?: pulumi.Input<string | undefined>;
}

type Widget = { type: "metric"; x: number; y: number; width: number; height: number; properties: Record<string, unknown> };

const width = 24;
const height = 6;

function metricWidget(title: string, region: string, metrics: unknown[][], stat: string, position: { x: number; y: number; width: number }): Widget {
    return { type: "metric", ...position, height, properties: { title, region, metrics, stat, period: 60, view: "timeSeries" } };
}

/**
 * The dashboard body: one row per measure with one widget per region (each widget in its own
 * region), then Route 53 health-check status (us-east-1) and accelerator traffic per endpoint
 * group (us-west-2) with every region as a line.
 */
export function dashboardBody(regions: readonly DashboardRegion[], acceleratorArn?: string): { widgets: Widget[] } {
    const widgets: Widget[] = [];
    const columns = Math.max(1, regions.length);
    const columnWidth = Math.max(6, Math.floor(width / columns));
    const rows: { title: string; stat: string; metrics: (region: DashboardRegion) => unknown[][] }[] = [
        { title: "Requests", stat: "Sum", metrics: (r) => [["AWS/ApplicationELB", "RequestCount", "LoadBalancer", r.albArnSuffix]] },
        {
            title: "5xx (ALB and targets)", stat: "Sum", metrics: (r) => [
                ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", r.albArnSuffix],
                ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", r.albArnSuffix],
            ],
        },
        {
            title: "Target response time", stat: "Average", metrics: (r) => [
                ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", r.albArnSuffix],
                ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", r.albArnSuffix, { stat: "p99" }],
            ],
        },
        {
            title: "Healthy hosts", stat: "Minimum", metrics: (r) => Object.entries(r.targetGroups).map(([key, suffix]) =>
                ["AWS/ApplicationELB", "HealthyHostCount", "TargetGroup", suffix, "LoadBalancer", r.albArnSuffix, { label: key }]),
        },
    ];
    rows.forEach((row, rowIndex) => {
        regions.forEach((region, column) => {
            widgets.push(metricWidget(`${row.title}: ${region.stack} (${region.region})`, region.region, row.metrics(region), row.stat,
                { x: column * columnWidth, y: rowIndex * height, width: columnWidth }));
        });
    });
    const checks = regions.flatMap((region) => Object.entries(region.healthChecks).map(([role, id]) =>
        ["AWS/Route53", "HealthCheckStatus", "HealthCheckId", id, { label: `${region.stack} ${role}` }]));
    let y = rows.length * height;
    if (checks.length > 0) {
        widgets.push(metricWidget("Route 53 health-check status (1 healthy)", route53MetricsRegion, checks, "Minimum", { x: 0, y, width }));
        y += height;
    }
    const acceleratorId = acceleratorArn?.split("/").pop();
    const groups = regions.filter((region) => region.accelerator);
    if (acceleratorId && groups.length > 0) {
        widgets.push(metricWidget("Global Accelerator new flows per endpoint group", globalAcceleratorMetricsRegion,
            groups.map((region) => ["AWS/GlobalAccelerator", "NewFlowCount", "Accelerator", acceleratorId, "EndpointGroup", region.region, { label: region.stack }]),
            "Sum", { x: 0, y, width }));
    }
    return { widgets };
}

/** One CloudWatch dashboard for the environment, every region side by side. */
export class RegionsDashboard extends pulumi.ComponentResource {
    /** The dashboard's ARN. */
    public readonly dashboardArn: pulumi.Output<string>;

    constructor(name: string, args: RegionsDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentTypes.regionsDashboard, name, {}, opts);
        const body = pulumi.all([pulumi.output(args.regions), pulumi.output(args.acceleratorArn)])
            .apply(([regions, acceleratorArn]) => JSON.stringify(dashboardBody(regions as DashboardRegion[], acceleratorArn ?? undefined)));
        const dashboard = new aws.cloudwatch.Dashboard(name, { dashboardName: args.dashboardName, dashboardBody: body }, { parent: this });
        this.dashboardArn = dashboard.dashboardArn;
        this.registerOutputs({ dashboardArn: this.dashboardArn });
    }
}

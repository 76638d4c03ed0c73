import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentTypes, namedTags, Tags } from "../common";

/** Arguments of {@link RoutingControls}. */
export interface RoutingControlsArgs {
    /** A provider for us-west-2, where ARC's recovery-control configuration API lives. */
    readonly provider: pulumi.ProviderResource;
    /** The regions that get a routing control, one each (keys of the controls). */
    readonly regions: readonly string[];
    /** The safety rule keeps at least this many controls on. @default 1 */
    readonly minimumOn?: number;
    /** Milliseconds the safety rule waits between changes. @default 5000 */
    readonly waitPeriodMs?: number;
    /** Tags for the cluster, control panel and safety rule. @default {} */
    readonly tags?: pulumi.Input<Tags>;
}

/** What ARC would refuse, or what would make the safety rule useless, before anything is created. */
export function validateRoutingControls(args: Pick<RoutingControlsArgs, "regions" | "minimumOn">): string[] {
    const problems: string[] = [];
    const minimumOn = args.minimumOn ?? 1;
    if (args.regions.length < 2) {
        problems.push(`needs at least 2 regions to move traffic between, got ${args.regions.length}`);
    }
    if (minimumOn < 1 || minimumOn >= args.regions.length) {
        problems.push(`minimumOn must be 1..${Math.max(1, args.regions.length - 1)}, got ${minimumOn}`);
    }
    return problems;
}

/**
 * Route 53 ARC routing controls: a cluster (billed by the hour), a control panel, one routing
 * control per region and an assertion safety rule that keeps at least `minimumOn` of them on.
 * Operators flip the controls through the cluster's data-plane endpoints, which keep working
 * when control planes do not; each region's RECOVERY_CONTROL health check follows its control.
 */
export class RoutingControls extends pulumi.ComponentResource {
    /** The cluster's ARN. */
    public readonly clusterArn: pulumi.Output<string>;
    /** The cluster's five regional data-plane endpoints. */
    public readonly clusterEndpoints: pulumi.Output<{ endpoint: string; region: string }[]>;
    /** The control panel's ARN. */
    public readonly controlPanelArn: pulumi.Output<string>;
    /** Each region's routing control ARN, by region. */
    public readonly routingControlArns: pulumi.Output<Record<string, string>>;
    /** The safety rule's ARN. */
    public readonly safetyRuleArn: pulumi.Output<string>;

    constructor(name: string, args: RoutingControlsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentTypes.routingControls, name, {}, opts);
        const problems = validateRoutingControls(args);
        if (problems.length > 0) {
            throw new Error(`RoutingControls ${name}: ${problems.join("; ")}`);
        }
        const childOpts = { parent: this, provider: args.provider };
        const cluster = new aws.route53recoverycontrol.Cluster(`${name}-cluster`, { tags: namedTags(args.tags, `${name}-cluster`) }, childOpts);
        const panel = new aws.route53recoverycontrol.ControlPanel(`${name}-panel`, {
            clusterArn: cluster.arn,
            tags: namedTags(args.tags, `${name}-panel`),
        }, childOpts);
        const controls = Object.fromEntries(args.regions.map((region) => [region, new aws.route53recoverycontrol.RoutingControl(`${name}-${region}`, {
            clusterArn: cluster.arn,
            controlPanelArn: panel.arn,
        }, childOpts)]));
        const rule = new aws.route53recoverycontrol.SafetyRule(`${name}-keep-on`, {
            controlPanelArn: panel.arn,
            assertedControls: Object.values(controls).map((control) => control.arn),
            ruleConfig: { type: "ATLEAST", threshold: args.minimumOn ?? 1, inverted: false },
            waitPeriodMs: args.waitPeriodMs ?? 5000,
            tags: namedTags(args.tags, `${name}-keep-on`),
        }, childOpts);
        this.clusterArn = cluster.arn;
        this.clusterEndpoints = cluster.clusterEndpoints.apply((endpoints) => endpoints.map(({ endpoint, region }) => ({ endpoint, region })));
        this.controlPanelArn = panel.arn;
        this.routingControlArns = pulumi.output(Object.fromEntries(Object.entries(controls).map(([region, control]) => [region, control.arn])));
        this.safetyRuleArn = rule.arn;
        this.registerOutputs({
            clusterArn: this.clusterArn, clusterEndpoints: this.clusterEndpoints, controlPanelArn: this.controlPanelArn,
            routingControlArns: this.routingControlArns, safetyRuleArn: this.safetyRuleArn,
        });
    }
}

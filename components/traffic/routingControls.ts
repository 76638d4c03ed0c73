import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentTypes, namedTags, Tags } from "../common";
import { RoutingControlInitialState } from "./routingControlInitialState";

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
 * control per region, each turned On once when it is created (ARC creates them Off), and an
 * assertion safety rule that keeps at least `minimumOn` of them on. Operators flip the controls
 * through the cluster's data-plane endpoints, which keep working when control planes do not;
 * each region's RECOVERY_CONTROL health check follows its control.
 */
export class RoutingControls extends pulumi.ComponentResource {
    /** The cluster's ARN. */
    public readonly clusterArn: pulumi.Output<string>;
    /** The cluster's five regional data-plane endpoints. */
    public readonly clusterEndpoints: pulumi.Output<{ endpoint: string; region: string }[]>;
    /** The control panel's ARN. */
    public readonly controlPanelArn: pulumi.Output<string>;
    /** Each region's routing control ARN, by region; resolves once every new control has been turned On. */
    public readonly routingControlArns: pulumi.Output<Record<string, string>>;
    /** What the first-state step did to each control, by region: `turned-on`, `already-on` or `left-alone`. */
    public readonly initialStates: pulumi.Output<Record<string, string>>;
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
        const clusterEndpoints = cluster.clusterEndpoints.apply((endpoints) => endpoints.map(({ endpoint, region }) => ({ endpoint, region })));
        // Turned On before the safety rule exists, so no rule can refuse the first state.
        const initialStates = Object.fromEntries(Object.entries(controls).map(([region, control]) => [region, new RoutingControlInitialState(`${name}-${region}-on`, {
            routingControlArn: control.arn,
            clusterEndpoints,
        }, { parent: this })]));
        const rule = new aws.route53recoverycontrol.SafetyRule(`${name}-keep-on`, {
            controlPanelArn: panel.arn,
            assertedControls: Object.values(controls).map((control) => control.arn),
            ruleConfig: { type: "ATLEAST", threshold: args.minimumOn ?? 1, inverted: false },
            waitPeriodMs: args.waitPeriodMs ?? 5000,
            tags: namedTags(args.tags, `${name}-keep-on`),
        }, { ...childOpts, dependsOn: Object.values(initialStates) });
        this.clusterArn = cluster.arn;
        this.clusterEndpoints = clusterEndpoints;
        this.controlPanelArn = panel.arn;
        // The ARNs wait for the first states: a health check that follows a control is created only after it is On.
        const settled = pulumi.all(Object.values(initialStates).map((state) => state.id));
        const arns: Record<string, pulumi.Output<string>> = Object.fromEntries(Object.entries(controls).map(([region, control]) => [region, control.arn]));
        this.routingControlArns = pulumi.all([pulumi.output(arns), settled]).apply(([resolved]) => resolved as Record<string, string>);
        this.initialStates = pulumi.output(Object.fromEntries(Object.entries(initialStates).map(([region, state]) => [region, state.action])));
        this.safetyRuleArn = rule.arn;
        this.registerOutputs({
            clusterArn: this.clusterArn, clusterEndpoints: this.clusterEndpoints, controlPanelArn: this.controlPanelArn,
            routingControlArns: this.routingControlArns, safetyRuleArn: this.safetyRuleArn, initialStates: this.initialStates,
        });
    }
}

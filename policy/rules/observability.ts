/**
 * Alarm-driven health and routing controls: every region has alarms on its load balancer that
 * notify someone, alarms Route 53 reads sit where Route 53 looks for them, routing-control
 * resources are sent to ARC's configuration region, and the records carry the combined check.
 */
import facts from "../facts.json";
import { ofKind, referent, referents } from "./relations";
import { PolicyResource, ResourceRule, StackRule, Violation } from "./types";
import { asList, asObject, isComputed, isKnown, show } from "./values";

/** Type tokens of the resources these rules read (written here: relations.ts lists the others). */
export const observabilityTypes = {
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    compositeAlarm: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
    topic: "aws:sns/topic:Topic",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
} as const;

const { recoveryControlApiRegion, route53AlarmRegions, route53AlarmStatistics, route53MetricsRegion, routingControlNameMaxLength, standardResolutionPeriodSeconds } = facts;

const ofType = (resources: readonly PolicyResource[], type: string) => resources.filter((resource) => resource.type === type);

/** The metrics an alarm reads: its own, or those of its metric queries. */
function alarmMetrics(alarm: PolicyResource): { namespace: unknown; stat: unknown; dimensions: Record<string, unknown> }[] {
    const props = alarm.props;
    const queries = (asList(props.metricQueries) ?? []).map((query) => asObject(asObject(query)?.metric)).filter((metric) => metric !== undefined);
    if (queries.length > 0) {
        return queries.map((metric) => ({ namespace: metric.namespace, stat: metric.stat, dimensions: asObject(metric.dimensions) ?? {} }));
    }
    return props.metricName === undefined ? [] : [{ namespace: props.namespace, stat: props.extendedStatistic ?? props.statistic, dimensions: asObject(props.dimensions) ?? {} }];
}

/** Whether some alarm watches `loadBalancer` (by its ARN suffix); undefined when that cannot be told yet. */
function isWatched(loadBalancer: PolicyResource, alarms: readonly PolicyResource[]): boolean | undefined {
    let undecided = false;
    for (const alarm of alarms) {
        if (isComputed(alarm.props.metricQueries) || isComputed(alarm.props.dimensions)) {
            undecided = true;
            continue;
        }
        for (const { dimensions } of alarmMetrics(alarm)) {
            const value = dimensions.LoadBalancer;
            const found = referents(value, [loadBalancer], ["arnSuffix"]);
            if (found !== undefined && found.length > 0) {
                return true;
            }
            // A real suffix cannot be compared with a load balancer whose suffix is not known yet (before creation).
            undecided ||= found === undefined || (isKnown(value) && !isKnown(loadBalancer.props.arnSuffix)) || isComputed(dimensions);
        }
    }
    return undecided ? undefined : false;
}

export const regionAlarmsNotify: StackRule = {
    name: "region-alarms-notify",
    description: "Every load balancer has CloudWatch alarms on its metrics, and each of them has an action (a topic) to notify.",
    source: "CloudWatch User Guide, using alarm actions (docs/alarms-and-routing-controls.md)",
    enforcementLevel: "mandatory",
    scope: "stack",
    check(resources) {
        const alarms = ofType(resources, observabilityTypes.metricAlarm);
        const violations: Violation[] = [];
        for (const loadBalancer of ofKind(resources, "loadBalancer")) {
            if (isWatched(loadBalancer, alarms) === false) {
                violations.push({ urn: loadBalancer.urn, message: `Load balancer ${loadBalancer.name} has no CloudWatch alarm on its metrics: turn on app:alarms.enabled, so that a region that serves badly is noticed.` });
            }
        }
        for (const alarm of alarms) {
            const actions = alarm.props.alarmActions;
            if (!isComputed(actions) && (asList(actions)?.length ?? 0) === 0) {
                violations.push({ urn: alarm.urn, message: `Alarm ${alarm.name} has no alarmActions ${show(actions)}: point it at the region's SNS topic, or nobody hears it fire.` });
            }
        }
        return violations;
    },
};

export const alarmTopicSubscribed: StackRule = {
    name: "alarm-topic-subscribed",
    description: "The topics alarms notify have at least one subscription.",
    source: "SNS Developer Guide, subscribing to a topic (docs/alarms-and-routing-controls.md)",
    enforcementLevel: "advisory",
    scope: "stack",
    check(resources) {
        const topics = ofType(resources, observabilityTypes.topic);
        const subscriptions = ofType(resources, observabilityTypes.subscription);
        const notified = new Set(ofType(resources, observabilityTypes.metricAlarm)
            .flatMap((alarm) => (asList(alarm.props.alarmActions) ?? []).flatMap((action) => referents(action, topics, ["arn", "id"]) ?? [])));
        return [...notified].filter((topic) => !subscriptions.some((subscription) => referent(subscription.props.topic, [topic], ["arn", "id"]) !== undefined))
            .map((topic) => ({ urn: topic.urn, message: `Alarm topic ${topic.name} has no subscription: list who is told in app:alarms.notifyEmails (or subscribe a pager).` }));
    },
};

export const route53AlarmRegion: StackRule = {
    name: "route53-alarm-region",
    description: `Alarms on Route 53 metrics are in ${route53MetricsRegion}, where Route 53 publishes them.`,
    source: "Route 53 Developer Guide, monitoring health checks with CloudWatch",
    enforcementLevel: "mandatory",
    scope: "stack",
    check(resources) {
        return ofType(resources, observabilityTypes.metricAlarm)
            .filter((alarm) => alarm.region && alarm.region !== route53MetricsRegion && alarmMetrics(alarm).some((metric) => metric.namespace === "AWS/Route53"))
            .map((alarm) => ({ urn: alarm.urn, message: `Alarm ${alarm.name} reads AWS/Route53 metrics in ${alarm.region}; Route 53 publishes them in ${route53MetricsRegion} only: create the alarm with a ${route53MetricsRegion} provider.` }));
    },
};

/** Why Route 53 cannot follow `alarm` from a check naming `region` (policy/facts.json, from domain/route53Alarms.ts); empty when it can or cannot be told yet. */
function unfollowable(alarm: PolicyResource, region: unknown): string[] {
    const reasons: string[] = [];
    const props = alarm.props;
    if (alarm.type === observabilityTypes.compositeAlarm) {
        reasons.push("it is a composite alarm; Route 53 follows single-metric alarms only (CloudWatchAlarmConfiguration needs MetricName, Namespace, Statistic and Period)");
    } else if (props.metricQueries !== undefined && !isComputed(props.metricQueries)) {
        reasons.push("it is a metric-math alarm; Route 53 follows single-metric alarms only (CloudWatchAlarmConfiguration needs MetricName, Namespace, Statistic and Period)");
    } else {
        const statistic = props.extendedStatistic ?? props.statistic;
        if (isKnown(statistic) && !(route53AlarmStatistics as readonly unknown[]).includes(statistic)) {
            reasons.push(`it uses the statistic ${show(statistic)}; Route 53 supports ${route53AlarmStatistics.join(", ")} only`);
        }
        const period = props.period;
        if (typeof period === "number" && (period < standardResolutionPeriodSeconds || period % standardResolutionPeriodSeconds !== 0)) {
            reasons.push(`its period of ${period} s makes it a high-resolution alarm; Route 53 supports standard-resolution alarms only`);
        }
    }
    if (isKnown(region) && !(route53AlarmRegions as readonly unknown[]).includes(region)) {
        reasons.push(`${show(region)} is not a region an AlarmIdentifier can name`);
    } else if (isKnown(region) && alarm.region && region !== alarm.region) {
        reasons.push(`the check looks for it in ${show(region)}, but the alarm is in ${alarm.region}: set cloudwatchAlarmRegion to the alarm's region`);
    }
    return reasons;
}

export const route53FollowableAlarm: StackRule = {
    name: "route53-followable-alarm",
    description: "A CLOUDWATCH_METRIC health check follows an alarm Route 53 can follow: one metric, a standard statistic, standard resolution, named in the region it was created in.",
    source: "Route 53 API reference, AlarmIdentifier and CloudWatchAlarmConfiguration (docs/alarms-and-routing-controls.md)",
    enforcementLevel: "mandatory",
    scope: "stack",
    check(resources) {
        const alarms = [...ofType(resources, observabilityTypes.metricAlarm), ...ofType(resources, observabilityTypes.compositeAlarm)];
        const violations: Violation[] = [];
        for (const check of ofKind(resources, "healthCheck").filter((candidate) => candidate.props.type === "CLOUDWATCH_METRIC")) {
            // A composite alarm's name is its alarmName.
            const alarm = referent(check.props.cloudwatchAlarmName, alarms, ["name", "alarmName", "id"]);
            const reasons = alarm === undefined ? [] : unfollowable(alarm, check.props.cloudwatchAlarmRegion);
            if (alarm !== undefined && reasons.length > 0) {
                violations.push({ urn: check.urn, message: `Health check ${check.name} follows alarm ${alarm.name}, which Route 53 cannot follow: ${reasons.join("; ")}.` });
            }
        }
        return violations;
    },
};

export const routingControlRegion: ResourceRule = {
    name: "routing-control-region",
    description: `Route 53 ARC clusters, control panels, routing controls and safety rules are created through ${recoveryControlApiRegion}.`,
    source: "Route 53 ARC Recovery Control Configuration API reference (the API is only in us-west-2)",
    enforcementLevel: "mandatory",
    scope: "resource",
    types: [
        "aws:route53recoverycontrol/cluster:Cluster", "aws:route53recoverycontrol/controlPanel:ControlPanel",
        "aws:route53recoverycontrol/routingControl:RoutingControl", "aws:route53recoverycontrol/safetyRule:SafetyRule",
    ],
    check(resource) {
        return resource.region === undefined || resource.region === recoveryControlApiRegion ? [] : [
            `${resource.name} is sent to ${resource.region}; Route 53 ARC's configuration API is only in ${recoveryControlApiRegion}: give it a ${recoveryControlApiRegion} provider.`,
        ];
    },
};

/** The deploy step that sets a new routing control's first state (components/traffic/routingControlInitialState.ts). */
const initialStateType = "pulumi-nodejs:dynamic/arc:RoutingControlInitialState";

export const routingControlName: ResourceRule = {
    name: "routing-control-name",
    description: `A routing control's name is 1..${routingControlNameMaxLength} characters without white space, as CreateRoutingControl requires.`,
    source: "Route 53 ARC Recovery Control Configuration API reference, CreateRoutingControl (RoutingControlName)",
    enforcementLevel: "mandatory",
    scope: "resource",
    types: ["aws:route53recoverycontrol/routingControl:RoutingControl"],
    check(resource) {
        const name = resource.props.name;
        return typeof name === "string" && isKnown(name) && (name.length < 1 || name.length > routingControlNameMaxLength || /\s/.test(name))
            ? [`Routing control ${resource.name} is named ${show(name)}; CreateRoutingControl takes 1..${routingControlNameMaxLength} characters without white space.`]
            : [];
    },
};

export const routingControlsTurnedOn: StackRule = {
    name: "routing-control-initial-state",
    description: "Every routing control the stack creates is turned On when it is created: ARC creates them Off, and an Off control takes its region out of the records.",
    source: "Route 53 ARC routing-control states (docs/alarms-and-routing-controls.md, \"After the deploy a routing control is On\")",
    enforcementLevel: "mandatory",
    scope: "stack",
    check(resources) {
        const controls = ofType(resources, "aws:route53recoverycontrol/routingControl:RoutingControl");
        const steps = ofType(resources, initialStateType).map((step) => ({
            step, controls: referents(step.props.routingControlArn, controls, ["arn", "id"], { resource: step, property: "routingControlArn" }),
        }));
        // A step whose control cannot be told yet (a preview unknown without dependencies): no verdict.
        if (steps.some((entry) => entry.controls === undefined)) {
            return [];
        }
        return controls.flatMap((control): Violation[] => {
            const turning = steps.filter((entry) => entry.controls!.includes(control)).map((entry) => entry.step);
            if (turning.some((step) => step.props.state === "On" || !isKnown(step.props.state))) {
                return [];
            }
            return [{
                urn: control.urn,
                message: turning.length > 0
                    ? `Routing control ${control.name} is given the first state ${show(turning[0].props.state)}: it must be On, or its region stays out of the records.`
                    : `Routing control ${control.name} is never turned On: ARC creates it Off, so its region is out of the records after the deploy; create it with the RoutingControls component, which turns it On.`,
            }];
        });
    },
};

export const recordsUseCombinedCheck: StackRule = {
    name: "records-use-combined-check",
    description: "When a region has CLOUDWATCH_METRIC or RECOVERY_CONTROL health checks, its records carry a CALCULATED check that includes them.",
    source: "Route 53 Developer Guide, calculated health checks and health checks on CloudWatch alarms (docs/alarms-and-routing-controls.md)",
    enforcementLevel: "mandatory",
    scope: "stack",
    check(resources) {
        const checks = ofKind(resources, "healthCheck");
        const followers = checks.filter((check) => check.props.type === "CLOUDWATCH_METRIC" || check.props.type === "RECOVERY_CONTROL");
        if (followers.length === 0) {
            return [];
        }
        return ofKind(resources, "record").flatMap((record): Violation[] => {
            // Which check a record carries is known from a reference or, after creation, from the ids.
            const check = referent(record.props.healthCheckId, checks, ["id"], { resource: record, property: "healthCheckId" });
            if (check === undefined || !isKnown(check.props.type)) {
                return [];
            }
            const children = check.props.type === "CALCULATED" ? asList(check.props.childHealthchecks) : [];
            if (children === undefined) {
                return [];
            }
            const missing = followers.filter((follower) => !children.some((child) => referent(child, [follower], ["id"]) !== undefined));
            // A real child id cannot be compared with a check whose id is not known yet.
            const undecided = missing.some((follower) => !isKnown(follower.props.id)) && children.some(isKnown);
            if (missing.length === 0 || undecided) {
                return [];
            }
            return [{
                urn: record.urn,
                message: `Record ${record.name} carries health check ${check.name} (${show(check.props.type)}), which leaves out ${missing.map((follower) => follower.name).join(", ")}: ` +
                    "attach the CALCULATED check that combines the endpoint check with them, or a region that serves badly (or is switched off) keeps its traffic.",
            }];
        });
    },
};

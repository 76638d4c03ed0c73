/**
 * The AWS routing rules the drill's model encodes, each with the documentation it comes from.
 * The model names the rules it applied in every answer, so a reader (and the tests) can see
 * why an answer is what it is.
 */

/** One documented rule. */
export interface RoutingRule {
    /** What the rule says, in one sentence. */
    readonly text: string;
    /** The AWS page the rule is taken from (or the AWS-NOTES entry, for inferences). */
    readonly source: string;
}

const route53Chooses = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html";
const route53Failover = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-types.html";
const route53Weighted = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-weighted.html";
const route53Latency = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-latency.html";
const gaFailover = "https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoints-endpoint-weights.unhealthy-endpoints.html";
const gaDial = "https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoint-groups-traffic-dial.html";

/** Every rule the model can apply, by id. */
export const routingRules = {
    "r53.record-health": {
        text: "A record is healthy when its health check is healthy and, with evaluate target health, its alias target is healthy.",
        source: route53Chooses,
    },
    "r53.no-health-check": {
        text: "A record without a health check (and without evaluate target health) is always healthy.",
        source: route53Chooses,
    },
    "r53.fail-open": {
        text: "If every record in the group is unhealthy, Route 53 considers them all healthy and answers by the routing policy.",
        source: route53Chooses,
    },
    "r53.failover.primary": {
        text: "Failover: the primary is answered while it is healthy.",
        source: route53Failover,
    },
    "r53.failover.secondary": {
        text: "Failover: primary unhealthy and secondary healthy answers the secondary.",
        source: route53Failover,
    },
    "r53.failover.secondary-unhealthy": {
        text: "Failover: secondary unhealthy answers the primary, whatever the primary's health.",
        source: `${route53Chooses} (AWS-NOTES, Route 53 selection)`,
    },
    "r53.weighted.share": {
        text: "Weighted: a record's share is its weight divided by the sum of the weights of the healthy non-zero records.",
        source: route53Weighted,
    },
    "r53.weighted.zero": {
        text: "Weighted: zero-weight records are considered only when every non-zero record is unhealthy.",
        source: route53Chooses,
    },
    "r53.weighted.all-zero": {
        text: "Weighted: if every weight is 0, traffic is split evenly.",
        source: route53Weighted,
    },
    "r53.latency.nearest": {
        text: "Latency: the record of the lowest-latency region for the client is answered.",
        source: route53Latency,
    },
    "r53.latency.fallback": {
        text: "Latency: if the lowest-latency region's record is unhealthy, the next best region's record is answered.",
        source: route53Chooses,
    },
    "ga.proximity": {
        text: "Global Accelerator sends a client to the endpoint group closest to it.",
        source: "https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoint-groups.html",
    },
    "ga.dial": {
        text: "The traffic dial keeps its percentage of the traffic a group would get; the rest goes to the next closest groups.",
        source: gaDial,
    },
    "ga.failover": {
        text: "A group without a healthy endpoint of weight above 0 fails over to the closest group that has one.",
        source: gaFailover,
    },
    "ga.dial-ignored": {
        text: "During failover the traffic dial is ignored: a group dialled to 0 can still receive traffic.",
        source: gaFailover,
    },
    "ga.fail-open": {
        text: "With no healthy endpoint in the 3 closest groups, Global Accelerator fails open to a random endpoint of the closest group.",
        source: gaFailover,
    },
    "ga.dial-leftover": {
        text: "Inference: traffic dialled away from every group goes to the closest healthy group.",
        source: "AWS-NOTES, Global Accelerator (inference; not documented by AWS)",
    },
} as const satisfies Record<string, RoutingRule>;

/** The id of a documented rule. */
export type RuleId = keyof typeof routingRules;

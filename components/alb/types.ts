/**
 * What the ALB component takes for its target groups and listener rules. The component owns
 * these types; the program's settings (config/schema.ts) are checked to satisfy them at
 * compile time (program/args.ts), so the two cannot drift.
 */

/** The health check the ALB runs against a target group's targets. */
export interface TargetHealthCheckSpec {
    /** Path requested. */
    readonly path: string;
    /** HTTP codes that count as healthy, e.g. `200` or `200-299`. */
    readonly matcher: string;
    /** Seconds between checks. */
    readonly intervalSeconds: number;
    /** Seconds before a check fails; below the interval. */
    readonly timeoutSeconds: number;
    /** Successes before a target is healthy. */
    readonly healthyThreshold: number;
    /** Failures before a target is unhealthy. */
    readonly unhealthyThreshold: number;
}

/** Stickiness of a target group. */
export interface StickinessSpec {
    /** `lb_cookie` (the ALB's AWSALB cookie) or `app_cookie` (the application's). */
    readonly type: "lb_cookie" | "app_cookie";
    /** How long a client sticks to a target, in seconds. */
    readonly durationSeconds: number;
    /** The application's cookie (app_cookie only; empty otherwise). */
    readonly cookieName: string;
}

/** One target group. */
export interface TargetGroupSpec {
    /** What the group routes to. */
    readonly targetType: "instance" | "ip" | "lambda";
    /** Protocol to the targets (not for lambda). */
    readonly protocol: "HTTP" | "HTTPS";
    /** Port on the targets (not for lambda). */
    readonly port: number;
    /** Target health check. */
    readonly healthCheck: TargetHealthCheckSpec;
    /** Stickiness; absent is off. */
    readonly stickiness?: StickinessSpec;
    /** Connection draining time on deregistration, in seconds. */
    readonly deregistrationDelaySeconds: number;
    /** Slow start ramp in seconds; 0 is off. */
    readonly slowStartSeconds: number;
    /** Load-balancing algorithm. */
    readonly algorithm: "round_robin" | "least_outstanding_requests" | "weighted_random";
}

/** What a request must match for a listener rule (all given kinds at once). */
export interface RuleConditionsSpec {
    /** Host names, wildcards allowed. */
    readonly hostHeaders?: string[];
    /** Path patterns, wildcards allowed. */
    readonly pathPatterns?: string[];
    /** Header name -> accepted values. */
    readonly httpHeaders?: Record<string, string[]>;
    /** HTTP methods. */
    readonly httpMethods?: string[];
    /** Query string key/value pairs (key optional). */
    readonly queryStrings?: { readonly key?: string; readonly value: string }[];
    /** Client CIDR blocks. */
    readonly sourceIps?: string[];
}

/** What a listener rule does with a match. */
export type RuleActionSpec =
    | { readonly type: "forward"; readonly targetGroup: string }
    | { readonly type: "weightedForward"; readonly targetGroups: Readonly<Record<string, number>>; readonly stickinessSeconds: number }
    | {
        readonly type: "redirect";
        readonly statusCode: "HTTP_301" | "HTTP_302";
        readonly protocol: string;
        readonly host: string;
        readonly port: string;
        readonly path: string;
        readonly query: string;
    }
    | { readonly type: "fixedResponse"; readonly statusCode: string; readonly contentType: string; readonly messageBody: string };

/** One listener rule. */
export interface ListenerRuleSpec {
    /** Evaluation order, unique per listener. */
    readonly priority: number;
    /** What the request must match. */
    readonly conditions: RuleConditionsSpec;
    /** What to do with a match. */
    readonly action: RuleActionSpec;
}

/**
 * Rules that span more than one key. Each runs only when the entries it reads parsed, so one
 * malformed key does not hide the problems of the others.
 */
import {
    autoNameSuffixLength,
    elbNameMaxLength,
    maxConditionValuesPerRule,
    reservedCookiePrefixes,
} from "../domain/awsFacts";
import { maxAlarmMetrics, servingBadlyFixedMetrics } from "../domain/awsFacts";
import { minimumCheckerRegions, regionFacts } from "../domain/regions";
import { listenerPorts } from "../domain/listenerPorts";
import { alarmKeys, dnsEnabled, isProduction, populatedTargetGroups, relaxations } from "./derive";
import { albName, targetGroupName } from "../domain/naming";
import { ListenerRuleSettings, StackSettings } from "./schema";
import { limitChecks } from "./limits";
import { didYouMean } from "../domain/didYouMean";
import { awsFidelityChecks } from "./rules/awsFidelity";
import { connectionProblems, connectionRuleNeeds } from "./rules/connections";

/** One problem: the key (`group.field`, or `namespace:key` outside the project) and what is wrong. */
export type Problem = { key: string; message: string } | { key: string; message: string; got: unknown };

/** What a check knows besides the settings. */
export interface CheckContext {
    /** Stack name, the prefix of every resource name. */
    readonly stack: string;
    /** The stack's AWS region; undefined while aws:region is missing or unknown (its own problem says so). */
    readonly region: string | undefined;
}

/** A rule over several keys of one stack. */
export interface CrossCheck {
    /** The entries it reads; it runs only when all of them parsed. */
    readonly needs: readonly (keyof StackSettings)[];
    /** The kind of stack it applies to (app:scope). @default "region" */
    readonly scope?: StackSettings["scope"];
    run(settings: StackSettings, context: CheckContext): Problem[];
}

/** The kind of stack a check applies to. */
export function checkScope(check: CrossCheck): StackSettings["scope"] {
    return check.scope ?? "region";
}

const recordNamePattern = /^(\*\.)?([a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/;

export const crossChecks: readonly CrossCheck[] = [
    ...awsFidelityChecks,
    { needs: connectionRuleNeeds, run: connectionProblems },
    {
        needs: ["environment", "network", "alb"],
        run: (settings) => (isProduction(settings)
            ? relaxations(settings).map(({ key, requirement }) => ({
                key,
                message: `must be ${requirement} in production; a non-production stack may relax it (app:environment: staging, dev, ...)`,
                got: valueOfKey(settings, key),
            }))
            : []),
    },
    {
        needs: ["network"],
        run: ({ network }) => {
            const problems: Problem[] = [];
            if (network.vpcId === "") {
                for (const key of ["publicSubnetIds", "privateSubnetIds"] as const) {
                    if (network[key].length > 0) {
                        problems.push({ key: `network.${key}`, message: "is only used with network.vpcId (an existing VPC)", got: network[key] });
                    }
                }
                const prefix = Number(network.cidr.split("/")[1]);
                if (prefix < 16 || prefix > 24) {
                    problems.push({ key: "network.cidr", message: "must have a prefix length of /16 to /24", got: network.cidr });
                }
            }
            return problems;
        },
    },
    {
        needs: ["network", "alb", "fleet"],
        run: ({ network, alb, fleet }) => {
            if (network.vpcId === "") {
                return [];
            }
            const problems: Problem[] = [];
            const needPublic = !alb.internal;
            const needPrivate = alb.internal || fleet.enabled;
            if (needPublic && new Set(network.publicSubnetIds).size < 2) {
                problems.push({ key: "network.publicSubnetIds", message: "must list at least 2 subnets in different AZs for an internet-facing ALB", got: network.publicSubnetIds });
            }
            if (needPrivate && new Set(network.privateSubnetIds).size < 2) {
                problems.push({ key: "network.privateSubnetIds", message: "must list at least 2 subnets in different AZs for an internal ALB or the fleet", got: network.privateSubnetIds });
            }
            return problems;
        },
    },
    {
        needs: ["alb", "targetGroups"],
        run: ({ alb, targetGroups }, { stack }) => {
            const problems: Problem[] = [];
            const loadBalancer = albName(stack);
            if (loadBalancer.length + autoNameSuffixLength > elbNameMaxLength) {
                problems.push({ key: "the stack name", message: `is too long: the ALB name ${loadBalancer} plus ${autoNameSuffixLength} random characters must fit in ${elbNameMaxLength}`, got: stack });
            }
            if (Object.keys(targetGroups).length === 0) {
                problems.push({ key: "targetGroups", message: "must hold at least one target group" });
            }
            if (!(alb.defaultTargetGroup in targetGroups)) {
                problems.push({ key: "alb.defaultTargetGroup", message: `must be a key of app:targetGroups (${Object.keys(targetGroups).join(", ") || "none"})${didYouMean(alb.defaultTargetGroup, Object.keys(targetGroups))}`, got: alb.defaultTargetGroup });
            }
            if (alb.certificateArn === "" && alb.sniCertificateArns.length > 0) {
                problems.push({ key: "alb.sniCertificateArns", message: "needs alb.certificateArn (SNI certificates sit on the HTTPS listener)", got: alb.sniCertificateArns });
            }
            if (!alb.accessLogs && alb.accessLogsBucket !== "") {
                problems.push({ key: "alb.accessLogsBucket", message: "is set but alb.accessLogs is false", got: alb.accessLogsBucket });
            }
            for (const [key, group] of Object.entries(targetGroups)) {
                const at = `targetGroups.${key}`;
                const name = targetGroupName(loadBalancer, key);
                if (name.length + autoNameSuffixLength > elbNameMaxLength) {
                    problems.push({ key: at, message: `key is too long: the target group name ${name} plus ${autoNameSuffixLength} random characters must fit in ${elbNameMaxLength}` });
                }
                if (group.slowStartSeconds > 0 && group.algorithm === "least_outstanding_requests") {
                    problems.push({ key: `${at}.slowStartSeconds`, message: "cannot be combined with algorithm least_outstanding_requests", got: group.slowStartSeconds });
                }
                if (group.targetType === "lambda" && group.stickiness !== undefined) {
                    problems.push({ key: `${at}.stickiness`, message: "is not supported for lambda target groups" });
                }
                const stickiness = group.stickiness;
                if (stickiness?.type === "app_cookie") {
                    if (stickiness.cookieName === "") {
                        problems.push({ key: `${at}.stickiness.cookieName`, message: "is required for app_cookie stickiness" });
                    } else if (reservedCookiePrefixes.some((prefix) => stickiness.cookieName.startsWith(prefix))) {
                        problems.push({ key: `${at}.stickiness.cookieName`, message: `must not start with ${reservedCookiePrefixes.join(", ")} (reserved by the ALB)`, got: stickiness.cookieName });
                    }
                } else if (stickiness?.type === "lb_cookie" && stickiness.cookieName !== "") {
                    problems.push({ key: `${at}.stickiness.cookieName`, message: "is only for app_cookie stickiness (lb_cookie uses AWSALB)", got: stickiness.cookieName });
                }
            }
            return problems;
        },
    },
    {
        needs: ["listenerRules", "targetGroups"],
        run: ({ listenerRules, targetGroups }) => {
            const problems: Problem[] = [];
            const byPriority = new Map<number, string>();
            for (const [key, rule] of Object.entries(listenerRules)) {
                const at = `listenerRules.${key}`;
                const clash = byPriority.get(rule.priority);
                if (clash !== undefined) {
                    problems.push({ key: `${at}.priority`, message: `must be unique on the listener; listenerRules.${clash} has it too`, got: rule.priority });
                }
                byPriority.set(rule.priority, key);
                const values = conditionValueCount(rule);
                if (values === 0) {
                    problems.push({ key: `${at}.conditions`, message: "must hold at least one condition value" });
                } else if (values > maxConditionValuesPerRule) {
                    problems.push({ key: `${at}.conditions`, message: `must hold at most ${maxConditionValuesPerRule} condition values in all`, got: values });
                }
                for (const target of referencedTargetGroups(rule)) {
                    if (!(target in targetGroups)) {
                        problems.push({ key: `${at}.action`, message: `names target group ${target}, which is not a key of app:targetGroups (${Object.keys(targetGroups).join(", ") || "none"})${didYouMean(target, Object.keys(targetGroups))}` });
                    }
                }
                if (rule.action.type === "weightedForward") {
                    const weights = Object.values(rule.action.targetGroups);
                    if (weights.length < 1 || weights.length > 5) {
                        problems.push({ key: `${at}.action.targetGroups`, message: "must name 1 to 5 target groups", got: weights.length });
                    } else if (weights.every((weight) => weight === 0)) {
                        problems.push({ key: `${at}.action.targetGroups`, message: "must give at least one target group a weight above 0", got: rule.action.targetGroups });
                    }
                }
            }
            return problems;
        },
    },
    {
        needs: ["fleet", "targetGroups"],
        run: ({ fleet, targetGroups }) => {
            if (!fleet.enabled) {
                return [];
            }
            const problems: Problem[] = [];
            if (fleet.targetGroups.length === 0) {
                problems.push({ key: "fleet.targetGroups", message: "must name at least one target group when fleet.enabled is true", got: [] });
            }
            const ports = new Set<number>();
            for (const key of fleet.targetGroups) {
                const group = targetGroups[key];
                if (group === undefined) {
                    problems.push({ key: "fleet.targetGroups", message: `names ${key}, which is not a key of app:targetGroups (${Object.keys(targetGroups).join(", ") || "none"})${didYouMean(key, Object.keys(targetGroups))}`, got: fleet.targetGroups });
                } else if (group.targetType !== "instance" || group.protocol !== "HTTP") {
                    problems.push({ key: "fleet.targetGroups", message: `must name instance target groups with protocol HTTP; ${key} is ${group.targetType}/${group.protocol}`, got: fleet.targetGroups });
                } else {
                    ports.add(group.port);
                }
            }
            if (ports.size > 1) {
                problems.push({ key: "fleet.targetGroups", message: `must share one port, the port the demo app serves on; they use ${[...ports].join(", ")}`, got: fleet.targetGroups });
            }
            if (fleet.minSize > fleet.maxSize) {
                problems.push({ key: "fleet.minSize", message: `must not exceed fleet.maxSize (${fleet.maxSize})`, got: fleet.minSize });
            }
            if (fleet.desiredCapacity < fleet.minSize || fleet.desiredCapacity > fleet.maxSize) {
                problems.push({ key: "fleet.desiredCapacity", message: `must be within fleet.minSize..fleet.maxSize (${fleet.minSize}..${fleet.maxSize})`, got: fleet.desiredCapacity });
            }
            return problems;
        },
    },
    {
        needs: ["healthCheck", "alb"],
        run: ({ healthCheck, alb }) => {
            const problems: Problem[] = [];
            // Empty means the three checker regions nearest the stack's region.
            if (healthCheck.regions.length > 0 && new Set(healthCheck.regions).size < minimumCheckerRegions) {
                problems.push({ key: "healthCheck.regions", message: `must name at least ${minimumCheckerRegions} different checker regions`, got: healthCheck.regions });
            }
            if (healthCheck.protocol === "HTTPS" && alb.certificateArn === "") {
                problems.push({ key: "healthCheck.protocol", message: "is HTTPS but the ALB has no HTTPS listener (alb.certificateArn is empty)", got: healthCheck.protocol });
            }
            if (healthCheck.protocol === "HTTP" && alb.certificateArn !== "") {
                problems.push({ key: "healthCheck.protocol", message: "is HTTP but the ALB redirects HTTP to HTTPS, and Route 53 counts a redirect as healthy; use auto or HTTPS", got: healthCheck.protocol });
            }
            return problems;
        },
    },
    {
        needs: ["dns", "alb"],
        run: ({ dns, alb }) => (alb.internal && dnsEnabled({ dns })
            ? [{ key: "alb.internal", message: "is true, but Route 53 health checkers on the internet cannot reach an internal ALB, so its records would never count healthy; leave dns.zoneName and dns.zoneId empty (Global Accelerator can still reach it)", got: true }]
            : []),
    },
    {
        needs: ["dns", "globalAccelerator"],
        run: ({ dns, globalAccelerator }) => {
            const problems: Problem[] = [];
            if (dns.zoneName !== "" && dns.zoneId !== "") {
                problems.push({ key: "dns.zoneId", message: "and dns.zoneName are both set; give the zone one way" });
            }
            if (!dnsEnabled({ dns })) {
                if (globalAccelerator.enabled && globalAccelerator.recordName !== "") {
                    problems.push({ key: "globalAccelerator.recordName", message: "needs a hosted zone (dns.zoneName or dns.zoneId)", got: globalAccelerator.recordName });
                }
                return problems;
            }
            if (dns.failover && dns.failoverRole === "") {
                problems.push({ key: "dns.failoverRole", message: "is required when dns.failover is on: PRIMARY or SECONDARY" });
            }
            const names: [string, string][] = [];
            for (const [on, key] of [[dns.failover, "failoverName"], [dns.weighted, "weightedName"], [dns.latency, "latencyName"]] as const) {
                if (on) {
                    names.push([`dns.${key}`, dns[key]]);
                }
            }
            if (globalAccelerator.enabled && globalAccelerator.owner && globalAccelerator.recordName !== "") {
                names.push(["globalAccelerator.recordName", globalAccelerator.recordName]);
            }
            const seen = new Map<string, string>();
            for (const [key, name] of names) {
                if (!recordNamePattern.test(name)) {
                    problems.push({ key, message: "must be a DNS name relative to the zone, e.g. app", got: name });
                }
                const other = seen.get(name.toLowerCase());
                if (other !== undefined) {
                    problems.push({ key, message: `must differ from ${other}: one name cannot mix routing policies`, got: name });
                }
                seen.set(name.toLowerCase(), key);
            }
            return problems;
        },
    },
    {
        needs: ["globalAccelerator", "alb"],
        run: ({ globalAccelerator: ga, alb }) => {
            if (!ga.enabled) {
                return [];
            }
            const problems: Problem[] = [];
            if (!ga.owner) {
                if (ga.globalStack === "") {
                    problems.push({ key: "globalAccelerator.globalStack", message: "is required when globalAccelerator.enabled is true: the global stack that owns the accelerator, e.g. organization/app/global" });
                }
                for (const key of ["recordName", "ports"] as const) {
                    if (ga[key].length > 0) {
                        problems.push({ key: `globalAccelerator.${key}`, message: "is set on a regional stack; only the global stack's applies", got: ga[key] });
                    }
                }
            }
            const ports = listenerPorts(alb.certificateArn);
            const strays = ga.ports.filter((port) => !ports.includes(port));
            if (strays.length > 0) {
                problems.push({ key: "globalAccelerator.ports", message: `must be ALB listener ports (${ports.join(", ")})`, got: ga.ports });
            }
            return problems;
        },
    },
    ...limitChecks,
    {
        needs: ["drill", "dns", "globalAccelerator"],
        run: ({ drill, dns, globalAccelerator }) => (drill.simulateOutage && !dnsEnabled({ dns }) && !globalAccelerator.enabled
            ? [{ key: "drill.simulateOutage", message: "has nothing to take out: the stack has neither DNS records nor a Global Accelerator endpoint", got: true }]
            : []),
    },
    {
        needs: ["alarms"],
        run: ({ alarms }) => (!alarms.enabled && alarms.notifyEmails.length > 0
            ? [{ key: "alarms.notifyEmails", message: "has no alarms to notify about: alarms.enabled is false", got: alarms.notifyEmails }]
            : []),
    },
    {
        needs: ["alarms", "fleet"],
        run: ({ alarms, fleet }) => {
            const metrics = servingBadlyFixedMetrics + (fleet.enabled ? fleet.targetGroups.length : 0);
            if (alarms.enabled && metrics > maxAlarmMetrics) {
                return [{
                    key: "fleet.targetGroups",
                    message: `names ${fleet.targetGroups.length} target groups, but with alarms on the serving-badly alarm fetches one metric per group plus ${servingBadlyFixedMetrics}, and CloudWatch allows ${maxAlarmMetrics}: at most ${maxAlarmMetrics - servingBadlyFixedMetrics} groups, or app:alarms.enabled: false`,
                    got: fleet.targetGroups,
                }];
            }
            if (!alarms.enabled || !alarms.healthCheck) {
                return [];
            }
            const known = alarmKeys(populatedTargetGroups({ fleet }));
            const unknown = alarms.followed.filter((key) => !known.includes(key));
            if (alarms.followed.length === 0) {
                return [{ key: "alarms.followed", message: "must name at least one alarm while alarms.healthCheck is true", got: [] }];
            }
            return unknown.length === 0 ? [] : [{ key: "alarms.followed", message: `must be alarm keys of this stack: ${known.join(", ")}`, got: unknown }];
        },
    },
    {
        needs: ["routingControls", "alarms", "dns"],
        run: ({ routingControls, alarms, dns }, { region }) => {
            const controls = routingControls;
            if (!controls.enabled) {
                return [];
            }
            const problems: Problem[] = [];
            if (!dnsEnabled({ dns })) {
                problems.push({ key: "routingControls.enabled", message: "needs DNS records to steer (set dns.zoneName or dns.zoneId)", got: true });
            }
            if (alarms.enabled && alarms.healthCheck && alarms.childThreshold === "any") {
                problems.push({ key: "alarms.childThreshold", message: "must be all with routing controls: with any, a region switched off would stay in while its endpoint is healthy", got: "any" });
            }
            if (controls.owner) {
                if (controls.ownerStack !== "") {
                    problems.push({ key: "routingControls.ownerStack", message: "is for member stacks; the owner (routingControls.owner: true) must leave it empty", got: controls.ownerStack });
                }
                const strays = controls.regions.filter((name) => regionFacts(name) === undefined);
                if (strays.length > 0) {
                    problems.push({ key: "routingControls.regions", message: "must be AWS regions with ALBs, such as ap-northeast-1", got: strays });
                }
                if (new Set(controls.regions).size !== controls.regions.length) {
                    problems.push({ key: "routingControls.regions", message: "must not repeat a region", got: controls.regions });
                }
                if (region !== undefined && !controls.regions.includes(region)) {
                    problems.push({ key: "routingControls.regions", message: `must include this stack's region ${region}`, got: controls.regions });
                }
                if (controls.minimumRegionsOn >= controls.regions.length) {
                    problems.push({ key: "routingControls.minimumRegionsOn", message: `must be below the number of routing controls (${controls.regions.length}), or no region could ever be switched off`, got: controls.minimumRegionsOn });
                }
            } else {
                if (controls.ownerStack === "") {
                    problems.push({ key: "routingControls.ownerStack", message: "is required for a member stack: the owner's stack, e.g. organization/app/seoul" });
                }
                if (controls.regions.length > 0) {
                    problems.push({ key: "routingControls.regions", message: "is set on a member stack; only the owner's applies", got: controls.regions });
                }
            }
            return problems;
        },
    },
    {
        needs: ["dashboard"],
        run: ({ dashboard }) => (!dashboard.owner && dashboard.stacks.length > 0
            ? [{ key: "dashboard.stacks", message: "is only read by the dashboard's owner (dashboard.owner: true)", got: dashboard.stacks }]
            : []),
    },
];

function conditionValueCount(rule: ListenerRuleSettings): number {
    const conditions = rule.conditions;
    return (conditions.hostHeaders?.length ?? 0) +
        (conditions.pathPatterns?.length ?? 0) +
        (conditions.httpMethods?.length ?? 0) +
        (conditions.sourceIps?.length ?? 0) +
        (conditions.queryStrings?.length ?? 0) +
        Object.values(conditions.httpHeaders ?? {}).reduce((sum, values) => sum + values.length, 0);
}

/** The target group keys a rule's action forwards to. */
export function referencedTargetGroups(rule: ListenerRuleSettings): string[] {
    switch (rule.action.type) {
        case "forward": return [rule.action.targetGroup];
        case "weightedForward": return Object.keys(rule.action.targetGroups);
        default: return [];
    }
}

/** The value of a `group.field` key in the settings (a production requirement's key: its group always exists). */
function valueOfKey(settings: StackSettings, key: string): unknown {
    const [group, field] = key.split(".");
    return (settings as unknown as Record<string, Record<string, unknown>>)[group][field];
}

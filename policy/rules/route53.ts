/**
 * Route 53 rules: alias records aimed at the target's canonical zone, routing records Route 53
 * can tell apart and fail over, and health checks that really check.
 */
import facts from "../facts.json";
import { isApplicationLoadBalancer, ofKind, referent, resourceTypes, ValueSite } from "./relations";
import { PolicyResource, ResourceRule, StackRule } from "./types";
import { asList, asObject, isComputed, isKnown, referenceTo, show, unknownValue } from "./values";


const albZoneIds: Readonly<Record<string, string>> = facts.albZoneIds;

/** What an alias points at and the hosted zone id it must carry. */
interface AliasTarget {
    /** For messages, e.g. `ALB seoul-alb`. */
    readonly label: string;
    /** The canonical zone id, when known. */
    readonly zoneId?: string;
    /** The plan's reference to the target's zone id attribute, when the target is in the stack. */
    readonly zoneReference?: string;
}

/** The ALB or accelerator an alias name points at, found in the stack or read from the DNS name. */
function aliasTarget(name: unknown, resources: readonly PolicyResource[], site: ValueSite): AliasTarget | undefined {
    const loadBalancer = referent(name, ofKind(resources, "loadBalancer"), ["dnsName"], site);
    if (loadBalancer) {
        const known = loadBalancer.props.zoneId;
        const canonical = isApplicationLoadBalancer(loadBalancer) && loadBalancer.region ? albZoneIds[loadBalancer.region] : undefined;
        return {
            label: `load balancer ${loadBalancer.name}`,
            zoneId: isKnown(known) ? String(known) : canonical,
            zoneReference: referenceTo(loadBalancer.name, "zoneId"),
        };
    }
    const accelerator = referent(name, ofKind(resources, "accelerator"), ["dnsName", "dualStackDnsName"], site);
    if (accelerator) {
        return { label: `accelerator ${accelerator.name}`, zoneId: facts.globalAcceleratorHostedZoneId, zoneReference: referenceTo(accelerator.name, "hostedZoneId") };
    }
    if (!isKnown(name) || typeof name !== "string") {
        return undefined;
    }
    if (/\.awsglobalaccelerator\.com\.?$/.test(name)) {
        return { label: `accelerator ${name}`, zoneId: facts.globalAcceleratorHostedZoneId };
    }
    // ALB names end in <region>.elb.amazonaws.com (NLBs in elb.<region>.amazonaws.com, other zones).
    const region = /\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.elb\.amazonaws\.com\.?$/.exec(name)?.[1];
    return region && albZoneIds[region] ? { label: `ALB ${name}`, zoneId: albZoneIds[region] } : undefined;
}

/** Whether an alias zone id is wrong for its target; undefined when that cannot be known. */
function wrongZone(zoneId: unknown, target: AliasTarget, recordZoneId: unknown): boolean | undefined {
    if (zoneId === undefined) {
        return undefined;
    }
    if (zoneId === target.zoneReference) {
        return false;
    }
    // The record's own hosted zone is never a canonical zone, whatever its value turns out to be
    // (two preview unknowns are not known to be equal).
    if (typeof zoneId === "string" && zoneId !== unknownValue && zoneId === recordZoneId) {
        return true;
    }
    return isKnown(zoneId) && target.zoneId !== undefined ? zoneId !== target.zoneId : undefined;
}

export const aliasCanonicalZone: StackRule = {
    name: "alias-canonical-zone",
    description: "Alias records to an ALB or accelerator carry the target's canonical hosted zone id, never the record's own zone.",
    source: "Route 53 Developer Guide, alias records",
    enforcementLevel: "mandatory",
    scope: "stack",
    check(resources) {
        return ofKind(resources, "record").flatMap((record) => (asList(record.props.aliases) ?? []).flatMap((alias, index) => {
            const fields = asObject(alias);
            const target = aliasTarget(fields?.name, resources, { resource: record, property: "aliases" });
            if (!fields || !target || wrongZone(fields.zoneId, target, record.props.zoneId) !== true) {
                return [];
            }
            const own = fields.zoneId === record.props.zoneId ? " (the record's own hosted zone)" : "";
            return [{
                urn: record.urn,
                message: `Alias ${index} of record ${record.name} points at ${target.label} but has zoneId ${show(fields.zoneId)}${own}: ` +
                    `set aliases[${index}].zoneId to the target's canonical hosted zone ${target.zoneId ? `(${target.zoneId}) ` : ""}` +
                    `- the load balancer's zoneId output, or ${facts.globalAcceleratorHostedZoneId} for an accelerator.`,
            }];
        }));
    },
};

/** Routing-policy properties of a record; any of them makes the record one of a set. */
const routingPolicyProperties = [
    "failoverRoutingPolicies", "weightedRoutingPolicies", "latencyRoutingPolicies", "geolocationRoutingPolicies",
    "geoproximityRoutingPolicy", "cidrRoutingPolicy",
] as const;

/** Whether a record has a routing policy; undefined when that cannot be known. */
function hasRoutingPolicy(record: PolicyResource): boolean | undefined {
    const values = [...routingPolicyProperties.map((property) => record.props[property]), record.props.multivalueAnswerRoutingPolicy];
    if (values.some((value) => value === true || (asList(value)?.length ?? 0) > 0 || asObject(value) !== undefined)) {
        return true;
    }
    return values.some(isComputed) ? undefined : false;
}

export const setIdentifier: ResourceRule = {
    name: "routing-record-set-identifier",
    description: "Records with a routing policy (failover, weighted, latency, geo, CIDR, multivalue) have a set identifier.",
    source: "Route 53 API reference, ResourceRecordSet.SetIdentifier",
    enforcementLevel: "mandatory",
    scope: "resource",
    types: resourceTypes.record,
    check(record) {
        const identifier = record.props.setIdentifier;
        if (hasRoutingPolicy(record) !== true || isComputed(identifier) || (typeof identifier === "string" && identifier !== "")) {
            return [];
        }
        return [`Record ${record.name} has a routing policy but no setIdentifier: set one that is unique for its name and type ` +
            "in the zone, e.g. the stack's region."];
    },
};

export const failoverEvaluatesTargetHealth: ResourceRule = {
    name: "failover-alias-evaluates-target-health",
    description: "Failover alias records set evaluateTargetHealth: true.",
    source: "Route 53 Developer Guide, failover routing",
    enforcementLevel: "mandatory",
    scope: "resource",
    types: resourceTypes.record,
    check(record) {
        const failover = record.props.failoverRoutingPolicies;
        if (isComputed(failover) || (asList(failover)?.length ?? 0) === 0) {
            return [];
        }
        return (asList(record.props.aliases) ?? []).flatMap((alias, index) => {
            const evaluate = asObject(alias)?.evaluateTargetHealth;
            return isComputed(alias) || isComputed(evaluate) || evaluate === true ? [] : [
                `Failover record ${record.name} has aliases[${index}].evaluateTargetHealth ${show(evaluate)}: set it to true, or Route 53 ` +
                "keeps answering with this record while every target behind the alias is unhealthy.",
            ];
        });
    },
};

/** Health check types that are measured from checker regions. */
const endpointCheckTypes = ["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP"];

export const checkerRegions: ResourceRule = {
    name: "health-check-checker-regions",
    description: `Endpoint health checks use at least ${facts.minimumCheckerRegions} Route 53 checker regions, all of them real checker regions.`,
    source: "Route 53 API reference, HealthCheckConfig.Regions",
    enforcementLevel: "mandatory",
    scope: "resource",
    types: resourceTypes.healthCheck,
    check(check) {
        const { type, regions } = check.props;
        const list = asList(regions);
        // Not set (or empty) means every checker region.
        if (!endpointCheckTypes.includes(String(type)) || !list || list.length === 0 || list.some(isComputed)) {
            return [];
        }
        const invalid = list.filter((region) => !(facts.route53CheckerRegions as readonly unknown[]).includes(region));
        const count = new Set(list).size;
        if (count >= facts.minimumCheckerRegions && invalid.length === 0) {
            return [];
        }
        return [`Health check ${check.name} has regions ${show(list)}${invalid.length ? `, of which ${show(invalid)} are not checker regions` : ""}: ` +
            `use at least ${facts.minimumCheckerRegions} of ${facts.route53CheckerRegions.join(", ")} (there is no Seoul checker).`];
    },
};

export const healthCheckNotDisabled: ResourceRule = {
    name: "health-check-not-disabled",
    description: "Health checks are never disabled: a disabled check counts as healthy.",
    source: "Route 53 Developer Guide, disabling health checks",
    enforcementLevel: "mandatory",
    scope: "resource",
    types: resourceTypes.healthCheck,
    check(check) {
        if (check.props.disabled !== true) {
            return [];
        }
        return [`Health check ${check.name} is disabled, and Route 53 counts a disabled check as healthy: set disabled: false; ` +
            "to take a region out on purpose, set invertHealthcheck: true instead (app:healthCheck.inverted or app:drill.simulateOutage)."];
    },
};

/** The checked port of an HTTPS health check: its port, or 443 when it leaves it to Route 53's default. */
function httpsCheckPort(check: PolicyResource): unknown {
    return check.props.port ?? 443;
}

export const httpsCheckSpeaksListenerTls: StackRule = {
    name: "https-health-check-tls-version",
    description: `HTTPS health checks go to listeners that offer a TLS version Route 53's checkers speak (${facts.route53HealthCheckTlsVersions.join(", ")}), not TLS 1.3 alone.`,
    source: "Route 53 API reference, HealthCheckConfig.Type (the endpoint must support TLS v1.0, v1.1, or v1.2); ELB User Guide, security policies",
    enforcementLevel: "mandatory",
    scope: "stack",
    check(resources) {
        const loadBalancers = ofKind(resources, "loadBalancer");
        const listeners = ofKind(resources, "listener");
        return ofKind(resources, "healthCheck")
            .filter((check) => check.props.type === "HTTPS" || check.props.type === "HTTPS_STR_MATCH")
            .flatMap((check) => {
                const loadBalancer = referent(check.props.fqdn, loadBalancers, ["dnsName"], { resource: check, property: "fqdn" });
                const port = httpsCheckPort(check);
                const listener = loadBalancer && listeners.find((candidate) => candidate.props.port === port &&
                    referent(candidate.props.loadBalancerArn, [loadBalancer], ["arn", "id"], { resource: candidate, property: "loadBalancerArn" }) !== undefined);
                const policy = listener?.props.sslPolicy;
                if (!listener || typeof policy !== "string" || !policy.startsWith(facts.tls13OnlyPolicyPrefix)) {
                    return [];
                }
                return [{
                    urn: check.urn,
                    message: `HTTPS health check ${check.name} checks listener ${listener.name} on port ${String(port)}, whose sslPolicy ${show(policy)} offers TLS 1.3 alone, ` +
                        `but Route 53's checkers need ${facts.route53HealthCheckTlsVersions.join(", ")}: every check fails and the records never count healthy. ` +
                        "Use a policy that also offers TLS 1.2 (e.g. ELBSecurityPolicy-TLS13-1-2-Res-2021-06; stack config app:alb.sslPolicy).",
                }];
            });
    },
};

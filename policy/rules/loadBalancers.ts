/**
 * Security Hub's ELB controls for load balancers and their listeners.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html
 */
import facts from "../facts.json";

const { safeDesyncModes, tls13Policies } = facts;
import { arnAttributes, isApplicationLoadBalancer, ofKind, referent, resourceTypes } from "./relations";
import { PolicyResource, ResourceRule, StackRule } from "./types";
import { asList, asObject, isComputed, show, unknownValue } from "./values";

/** True when a flag that must be true is known not to be. */
function knownNotTrue(value: unknown): boolean {
    return value !== true && !isComputed(value);
}

/** Whether default actions redirect to HTTPS; undefined when they cannot be known yet. */
function redirectsToHttps(actions: unknown): boolean | undefined {
    if (isComputed(actions)) {
        return undefined;
    }
    let unknown = false;
    for (const action of asList(actions) ?? []) {
        const fields = asObject(action);
        const protocol = asObject(fields?.redirect)?.protocol;
        if (fields?.type === "redirect" && protocol === "HTTPS") {
            return true;
        }
        unknown ||= isComputed(action) || isComputed(fields?.type) || isComputed(fields?.redirect) || isComputed(protocol);
    }
    return unknown ? undefined : false;
}

/**
 * HTTP listeners whose default action is known not to redirect to HTTPS, split by whether their
 * ALB has an HTTPS listener. Listeners of one ALB share its resolved URN or, when it is not in
 * the stack, the same ARN value.
 */
function plainHttpListeners(resources: readonly PolicyResource[]): { besideHttps: PolicyResource[]; httpOnly: PolicyResource[] } {
    const loadBalancers = ofKind(resources, "loadBalancer");
    const listeners = ofKind(resources, "listener");
    const loadBalancerOf = (listener: PolicyResource): PolicyResource | undefined =>
        referent(listener.props.loadBalancerArn, loadBalancers, arnAttributes, { resource: listener, property: "loadBalancerArn" });
    const owner = (listener: PolicyResource): string | undefined => {
        const arn = listener.props.loadBalancerArn;
        return loadBalancerOf(listener)?.urn ?? (typeof arn === "string" && arn !== "" && arn !== unknownValue ? arn : undefined);
    };
    // A listener of a known ALB without a protocol is HTTP, the provider's default for Application
    // Load Balancers; other load balancers' listeners (a Gateway Load Balancer's has none) are not.
    const protocolOf = (listener: PolicyResource): unknown => {
        const loadBalancer = loadBalancerOf(listener);
        return listener.props.protocol ?? (loadBalancer !== undefined && isApplicationLoadBalancer(loadBalancer) === true ? "HTTP" : undefined);
    };
    const withHttps = new Set(listeners.filter((listener) => listener.props.protocol === "HTTPS").map(owner));
    const plain = listeners.filter((listener) => protocolOf(listener) === "HTTP" && owner(listener) !== undefined &&
        redirectsToHttps(listener.props.defaultActions) === false);
    return {
        besideHttps: plain.filter((listener) => withHttps.has(owner(listener))),
        httpOnly: plain.filter((listener) => !withHttps.has(owner(listener))),
    };
}

export const plainHttpAlb: StackRule = {
    name: "elb-1-plain-http-alb",
    description: "An ALB without an HTTPS listener serves plain HTTP, which Security Hub ELB.1 flags.",
    source: "AWS Security Hub ELB.1 (every HTTP listener must redirect to HTTPS)",
    enforcementLevel: "advisory",
    scope: "stack",
    check(resources) {
        return plainHttpListeners(resources).httpOnly.map((listener) => ({
            urn: listener.urn,
            message: `HTTP listener ${listener.name} serves plain HTTP and its ALB has no HTTPS listener, so Security Hub ELB.1 fails it: ` +
                "set app:alb.certificateArn (an ACM certificate in the ALB's region) to add HTTPS and make HTTP redirect to it.",
        }));
    },
};

export const httpRedirectsToHttps: StackRule = {
    name: "elb-1-http-redirects-to-https",
    description: "The HTTP listener of an ALB that has an HTTPS listener redirects every request to HTTPS.",
    source: "AWS Security Hub ELB.1",
    enforcementLevel: "mandatory",
    scope: "stack",
    check(resources) {
        return plainHttpListeners(resources).besideHttps.map((listener) => ({
            urn: listener.urn,
            message: `HTTP listener ${listener.name} serves plain HTTP although its ALB has an HTTPS listener: make its default action ` +
                `{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }.`,
        }));
    },
};

export const dropInvalidHeaderFields: ResourceRule = {
    name: "elb-4-drop-invalid-header-fields",
    description: "ALBs drop HTTP headers with invalid header fields.",
    source: "AWS Security Hub ELB.4",
    enforcementLevel: "mandatory",
    scope: "resource",
    types: resourceTypes.loadBalancer,
    check(loadBalancer) {
        const value = loadBalancer.props.dropInvalidHeaderFields;
        if (isApplicationLoadBalancer(loadBalancer) !== true || !knownNotTrue(value)) {
            return [];
        }
        return [`ALB ${loadBalancer.name} has dropInvalidHeaderFields ${show(value)} (AWS's default is false): ` +
            "set dropInvalidHeaderFields: true so invalid headers cannot be used for request smuggling."];
    },
};

export const accessLogsEnabled: ResourceRule = {
    name: "elb-5-access-logs-enabled",
    description: "ALBs write access logs to an S3 bucket.",
    source: "AWS Security Hub ELB.5",
    enforcementLevel: "mandatory",
    scope: "resource",
    types: resourceTypes.loadBalancer,
    check(loadBalancer) {
        const logs = loadBalancer.props.accessLogs;
        if (isApplicationLoadBalancer(loadBalancer) !== true || isComputed(logs)) {
            return [];
        }
        const enabled = asObject(logs)?.enabled;
        const bucket = asObject(logs)?.bucket;
        const hasBucket = isComputed(bucket) || (typeof bucket === "string" && bucket !== "");
        if ((enabled === true && hasBucket) || isComputed(enabled)) {
            return [];
        }
        return [`ALB ${loadBalancer.name} does not write access logs (accessLogs.enabled ${show(enabled)}, bucket ${show(bucket)}): ` +
            "set accessLogs: { enabled: true, bucket: <a bucket in the ALB's region that ELB may write to> }."];
    },
};

export const deletionProtection: ResourceRule = {
    name: "elb-6-deletion-protection",
    description: "Load balancers have deletion protection (configurable: requireDeletionProtection).",
    source: "AWS Security Hub ELB.6",
    enforcementLevel: "mandatory",
    scope: "resource",
    types: resourceTypes.loadBalancer,
    options: ["requireDeletionProtection"],
    check(loadBalancer, options) {
        const value = loadBalancer.props.enableDeletionProtection;
        if (!options.requireDeletionProtection || !knownNotTrue(value)) {
            return [];
        }
        return [`Load balancer ${loadBalancer.name} has enableDeletionProtection ${show(value)}: set enableDeletionProtection: true ` +
            "(stack config app:alb.deletionProtection). For a throw-away stack, relax this rule instead: policy config " +
            "{ \"elb-6-deletion-protection\": { \"requireDeletionProtection\": false } } (see policy/README.md)."];
    },
};

export const desyncMitigationMode: ResourceRule = {
    name: "elb-12-desync-mitigation-mode",
    description: "ALBs use the defensive or strictest HTTP desync mitigation mode.",
    source: "AWS Security Hub ELB.12",
    enforcementLevel: "mandatory",
    scope: "resource",
    types: resourceTypes.loadBalancer,
    check(loadBalancer) {
        // Not set means AWS's default, defensive.
        const mode = loadBalancer.props.desyncMitigationMode;
        if (isApplicationLoadBalancer(loadBalancer) !== true || mode === undefined || isComputed(mode)
            || (safeDesyncModes as readonly unknown[]).includes(mode)) {
            return [];
        }
        return [`ALB ${loadBalancer.name} has desyncMitigationMode ${show(mode)}: set it to "defensive" or "strictest".`];
    },
};

export const multipleAvailabilityZones: ResourceRule = {
    name: "elb-13-multiple-availability-zones",
    description: "Load balancers span at least two Availability Zones (one subnet per AZ).",
    source: "AWS Security Hub ELB.13",
    enforcementLevel: "mandatory",
    scope: "resource",
    types: resourceTypes.loadBalancer,
    check(loadBalancer) {
        const { subnets, subnetMappings } = loadBalancer.props;
        if (isComputed(subnets) || isComputed(subnetMappings)) {
            return [];
        }
        const mapped = (asList(subnetMappings) ?? []).map((mapping) => isComputed(mapping) ? mapping : asObject(mapping)?.subnetId);
        const ids = [...(asList(subnets) ?? []), ...mapped];
        // AWS takes one subnet per AZ, so distinct subnets are distinct AZs; computed ids may still coincide.
        const count = ids.some(isComputed) ? ids.length : new Set(ids).size;
        if (count >= 2) {
            return [];
        }
        return [`Load balancer ${loadBalancer.name} is in ${count} subnet(s): give it one subnet in each of at least 2 Availability Zones.`];
    },
};

export const tls13Policy: ResourceRule = {
    name: "elb-17-tls13-policy",
    description: "HTTPS and TLS listeners use a TLS 1.3 security policy, set explicitly.",
    source: "AWS Security Hub ELB.17",
    enforcementLevel: "mandatory",
    scope: "resource",
    types: resourceTypes.listener,
    check(listener) {
        const { protocol, sslPolicy } = listener.props;
        if ((protocol !== "HTTPS" && protocol !== "TLS") || isComputed(sslPolicy) || (tls13Policies as readonly unknown[]).includes(sslPolicy)) {
            return [];
        }
        const current = sslPolicy === undefined ? "no sslPolicy (the API then uses the weak ELBSecurityPolicy-2016-08)" : `sslPolicy ${show(sslPolicy)}`;
        return [`${protocol} listener ${listener.name} has ${current}: set sslPolicy to a TLS 1.3 policy such as "${tls13Policies[0]}".`];
    },
};

export const certificateInListenerRegion: ResourceRule = {
    name: "elb-certificate-in-listener-region",
    description: "Listeners and their SNI certificates use ACM certificates of the load balancer's own region.",
    source: "ACM: certificates are regional; an ELB listener can only use one from its own region",
    enforcementLevel: "mandatory",
    scope: "resource",
    types: [...resourceTypes.listener, ...resourceTypes.listenerCertificate],
    check(resource) {
        const arn = resource.props.certificateArn;
        if (typeof arn !== "string" || isComputed(arn) || resource.region === undefined) {
            return [];
        }
        const parts = String(arn).split(":");
        const certificateRegion = parts.length >= 6 && parts[2] === "acm" ? parts[3] : undefined;
        if (certificateRegion === undefined || certificateRegion === resource.region) {
            return [];
        }
        return [`${resource.name} uses certificate ${arn} from ${certificateRegion}, but its load balancer is in ${resource.region} and AWS refuses ` +
            `a certificate from another region: request or import the certificate in ${resource.region} (stack config app:alb.certificateArn, app:alb.sniCertificateArns).`];
    },
};

/**
 * Settings that look legal but that AWS refuses, or runs badly: each rule names the AWS
 * behaviour it encodes (sources in docs/aws-limits.md).
 */
import { CrossCheck, Problem } from "../checks";
import { attachedTargetGroups, clientIpPreservation, dnsEnabled, healthCheckEndpoint, healthCheckListenerPort, populatedTargetGroups } from "../derive";
import { listenerPorts } from "../../domain/listenerPorts";
import {
    admitsEveryone,
    arnRegion,
    route53HealthCheckPrefixListName,
    route53HealthCheckPrefixListWeight,
    securityGroupInboundRuleQuota,
} from "../../domain/networkFacts";
import { StackSettings } from "../schema";
import { route53CanCheckHttps, route53HealthCheckTlsVersions, tls13OnlyPolicyPrefix } from "../../domain/awsFacts";
import { acceleratorServes, globalAcceleratorEndpointRegions, regionFacts } from "../../domain/regions";

/**
 * Stack names become ALB, target group and S3 bucket names: ELB names allow only letters,
 * digits and hyphens, and S3 bucket names only lower-case letters, digits, dots and hyphens.
 */
export const stackNamePattern = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

const dualStackRefusal = "is DUAL_STACK, but a dual-stack accelerator accepts only dual-stack endpoints and this program builds IPv4-only VPCs and ALBs " +
    "(no IPv6 CIDRs, ipAddressType ipv4, no AAAA records); use IPV4";

function stackName(_: StackSettings, { stack }: { stack: string }): Problem[] {
    return stackNamePattern.test(stack)
        ? []
        : [{ key: "the stack name", message: "must hold only lower-case letters, digits and inner hyphens: it becomes ALB, target group and S3 bucket names, which AWS refuses otherwise", got: stack }];
}

/** Every rule of this file; load.ts runs each for the stacks of its scope. */
export const awsFidelityChecks: readonly CrossCheck[] = [
    { needs: [], scope: "region", run: stackName },
    { needs: [], scope: "global", run: stackName },
    {
        // An ALB listener can only use ACM certificates of the ALB's own region.
        needs: ["alb"],
        run: ({ alb }, { region }) => {
            if (region === undefined) {
                return [];
            }
            const arns: [string, string][] = [
                ...(alb.certificateArn ? [["alb.certificateArn", alb.certificateArn] as [string, string]] : []),
                ...alb.sniCertificateArns.map((arn, index): [string, string] => [`alb.sniCertificateArns.${index}`, arn]),
            ];
            return arns
                .filter(([, arn]) => arnRegion(arn) !== region)
                .map(([key, arn]) => ({
                    key,
                    message: `is a certificate in ${arnRegion(arn) || "no region"}, but an ALB in ${region} can only use ACM certificates of its own region: request or import it in ${region}`,
                    got: arn,
                }));
        },
    },
    {
        needs: ["globalAccelerator"],
        run: ({ globalAccelerator }) => (globalAccelerator.enabled && globalAccelerator.ipAddressType === "DUAL_STACK"
            ? [{ key: "globalAccelerator.ipAddressType", message: dualStackRefusal, got: "DUAL_STACK" }] : []),
    },
    {
        needs: ["globalAccelerator"],
        scope: "global",
        run: ({ globalAccelerator }) => (globalAccelerator.enabled && globalAccelerator.ipAddressType === "DUAL_STACK"
            ? [{ key: "globalAccelerator.ipAddressType", message: dualStackRefusal, got: "DUAL_STACK" }] : []),
    },
    {
        // Route 53 checks one port; on any other the region reads unhealthy for ever.
        needs: ["alb", "healthCheck", "dns"],
        run: (settings) => {
            const expected = healthCheckListenerPort(settings);
            const { protocol, port } = healthCheckEndpoint(settings);
            // Port 0 resolves to the expected port, so only a port set by hand can differ.
            return dnsEnabled(settings) && port !== expected
                ? [{ key: "healthCheck.port", message: `must be the ALB's ${protocol} listener port ${expected} (or 0 for it): the ALB listens on ${listenerPorts(settings.alb.certificateArn).join(", ")} only, so the region would read unhealthy for ever`, got: port }]
                : [];
        },
    },
    {
        // Behind an accelerator an internal ALB sees the clients' own addresses (preservation is
        // always on), so there 0.0.0.0/0 admits the accelerator's clients; without one it admits
        // everything routed into the VPC.
        needs: ["alb", "globalAccelerator"],
        run: ({ alb, globalAccelerator }) => (alb.internal && !globalAccelerator.enabled && admitsEveryone(alb.ingressCidrs)
            ? [{ key: "alb.ingressCidrs", message: "admits 0.0.0.0/0 to an internal ALB that no accelerator fronts: everything routed into the VPC (peers, VPNs, Direct Connect) reaches it; list the networks that may, e.g. the VPC's CIDR", got: alb.ingressCidrs }]
            : []),
    },
    {
        // Route 53's HTTPS checkers speak TLS 1.0-1.2 only (HealthCheckConfig.Type): a TLS 1.3-only
        // listener fails every check, and the region would never count healthy.
        needs: ["alb", "healthCheck", "dns"],
        run: (settings) => (dnsEnabled(settings) && healthCheckEndpoint(settings).protocol === "HTTPS" && !route53CanCheckHttps(settings.alb.sslPolicy)
            ? [{
                key: "alb.sslPolicy",
                message: `offers TLS 1.3 alone (${tls13OnlyPolicyPrefix}*), but Route 53's HTTPS health checks need the endpoint to support ${route53HealthCheckTlsVersions.join(", ")} (HealthCheckConfig.Type), so every check would fail and the region would never count healthy: use a policy that also offers TLS 1.2, e.g. ELBSecurityPolicy-TLS13-1-2-Res-2021-06`,
                got: settings.alb.sslPolicy,
            }]
            : []),
    },
    {
        // CreateEndpointGroup takes only the regions Global Accelerator serves (domain/regions.ts).
        needs: ["globalAccelerator"],
        run: ({ globalAccelerator }, { region }) => (globalAccelerator.enabled && region !== undefined && !acceleratorServes(region)
            ? [{
                key: "globalAccelerator.enabled",
                message: `is true, but Global Accelerator cannot have endpoints in ${region} (${regionFacts(region)?.name ?? region}): AWS lists ${globalAcceleratorEndpointRegions.length} regions where it can (Global Accelerator Developer Guide, "AWS Region availability"); set it to false so this region serves through DNS only`,
                got: true,
            }]
            : []),
    },
    {
        // Without client IP preservation the ALB sees the accelerator's addresses, not the
        // clients' (Global Accelerator Developer Guide, "Preserve client IP addresses"), and a
        // security group that lists clients drops them while the accelerator, which judges an ALB
        // by its targets, keeps sending users there. Admitting the accelerator's addresses instead
        // would let every client of the accelerator past the list, so the check asks for
        // preservation, which keeps the list meaningful on both paths.
        needs: ["alb", "globalAccelerator"],
        run: (settings) => (settings.globalAccelerator.enabled && !clientIpPreservation(settings) && !admitsEveryone(settings.alb.ingressCidrs)
            ? [{
                key: "alb.ingressCidrs",
                message: "admit listed clients only, but this ALB joins the Global Accelerator with client IP preservation off: accelerator traffic then reaches it from Global Accelerator's own addresses, which the security group drops, while the accelerator still counts the ALB healthy and keeps sending users there; set app:globalAccelerator.clientIpPreservation: true (the security group then judges the client's own address on both paths), admit 0.0.0.0/0, or set app:globalAccelerator.enabled: false",
                got: settings.alb.ingressCidrs,
            }]
            : []),
    },
    {
        // Route 53 docs (AliasTarget.EvaluateTargetHealth): "A target group that has no
        // registered targets is considered unhealthy", which makes the whole ALB unhealthy. Global
        // Accelerator likewise counts an ALB endpoint healthy "only if each target group behind the
        // load balancer has at least one healthy target" (developer guide, health check options).
        needs: ["alb", "dns", "fleet", "listenerRules", "targetGroups", "globalAccelerator"],
        run: (settings) => {
            const dns = dnsEnabled(settings);
            if (!dns && !settings.globalAccelerator.enabled) {
                return [];
            }
            const populated = new Set(populatedTargetGroups(settings));
            const empty = attachedTargetGroups(settings).filter((key) => key in settings.targetGroups && !populated.has(key));
            const them = empty.length > 1 ? "them" : "it";
            const why = dns
                ? "Route 53 counts an empty target group as unhealthy (EvaluateTargetHealth), so this region would drop out of DNS"
                : "Global Accelerator counts an ALB healthy only if each of its target groups has a healthy target, so this region would drop out of the accelerator";
            return empty.length > 0
                ? [{ key: "fleet.targetGroups", message: `leaves target group${empty.length > 1 ? "s" : ""} ${empty.join(", ")} without registered targets while the ALB's listeners use ${them}; ${why}: register the fleet in ${them} (app:fleet.targetGroups) or stop routing to ${them}`, got: settings.fleet.enabled ? settings.fleet.targetGroups : [] }]
                : [];
        },
    },
    {
        // ALBRequestCountPerTarget needs its target group behind a listener of the ALB.
        needs: ["alb", "fleet", "listenerRules", "targetGroups"],
        run: (settings) => {
            const [scaling] = populatedTargetGroups(settings);
            return scaling !== undefined && scaling in settings.targetGroups && !attachedTargetGroups(settings).includes(scaling)
                ? [{ key: "fleet.targetGroups", message: `starts with ${scaling}, which drives request-count scaling, but no listener routes to it (neither alb.defaultTargetGroup nor a listener rule); AWS refuses the scaling policy: route to it or list a routed group first`, got: settings.fleet.targetGroups }]
                : [];
        },
    },
    {
        // Each prefix-list reference counts its weight against the group's inbound rule quota.
        needs: ["alb", "dns", "healthCheck"],
        run: (settings, { region }) => {
            const { alb } = settings;
            const ports = listenerPorts(alb.certificateArn).length;
            const checkers = dnsEnabled(settings) && !admitsEveryone(alb.ingressCidrs) ? route53HealthCheckPrefixListWeight : 0;
            const rules = ports * (alb.ingressCidrs.length + alb.ingressPrefixListIds.length) + checkers;
            return rules > securityGroupInboundRuleQuota
                ? [{ key: "alb.ingressCidrs", message: `make the ALB's security group count ${rules} inbound rules (${ports} listener port(s) x ${alb.ingressCidrs.length} CIDR(s) and ${alb.ingressPrefixListIds.length} prefix list(s), counted as 1 each${checkers ? `, plus ${checkers} for ${region === undefined ? "the Route 53 health checkers' prefix list" : route53HealthCheckPrefixListName(region)}` : ""}), over the default quota of ${securityGroupInboundRuleQuota}: use fewer CIDRs or a prefix list`, got: alb.ingressCidrs.length }]
                : [];
        },
    },
    {
        needs: ["globalAccelerator", "dns"],
        scope: "global",
        run: ({ globalAccelerator: ga, dns }) => {
            const problems: Problem[] = [];
            // globalAccelerator.globalStack may come from Pulumi.yaml, which every stack inherits: ignored here.
            if (ga.owner) {
                problems.push({ key: "globalAccelerator.owner", message: "is for regional stacks; the global stack owns the accelerator itself", got: true });
            }
            if (!ga.enabled) {
                return problems;
            }
            if (ga.ports.length === 0) {
                problems.push({ key: "globalAccelerator.ports", message: "is required in the global stack: the ALBs' listener ports, e.g. [80, 443]" });
            }
            if (ga.recordName !== "" && !dnsEnabled({ dns })) {
                problems.push({ key: "globalAccelerator.recordName", message: "needs a hosted zone (dns.zoneName or dns.zoneId)", got: ga.recordName });
            }
            if (dns.zoneName !== "" && dns.zoneId !== "") {
                problems.push({ key: "dns.zoneId", message: "and dns.zoneName are both set; give the zone one way" });
            }
            return problems;
        },
    },
];

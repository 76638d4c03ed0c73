import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import * as policySdk from "@pulumi/policy";
import { ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policy/crossguard";
import { evaluatePolicies, PolicyResource } from "../../policy/evaluate";
import { rules } from "../../policy/rules";
import { changed, deployedStack, hostedZoneId, plannedStack, ref, resource, types } from "./fixtures";

// The engine's unknown sentinels (see @pulumi/policy/proxy.js): preview sends these for values
// not known yet, and CrossGuard's proxy throws when a policy reads one.
const unknownBoolean = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";
const unknownString = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const unknownCheckingProxy = (policySdk as unknown as { unknownCheckingProxy<T>(value: T): T }).unknownCheckingProxy;

/** What a policy reported, in the plain API's terms. */
interface Report { policy: string; urn?: string; message: string }

type Config = Record<string, unknown>;
const options = { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } };
const provider = (region?: string) => region ? { type: "pulumi:providers:aws", urn: `urn:pulumi:test::app::pulumi:providers:aws::${region}`, name: region, props: unknownCheckingProxy({ region }) } : undefined;
const typeChecks = { isType: () => false, asType: () => undefined };
const configured = (config: Config) => ({
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => { throw new Error(reason); },
});

/** The args CrossGuard hands validateResource, props behind its unknown-checking proxy. */
function resourceArgs(item: PolicyResource, config: Config): ResourceValidationArgs {
    return {
        type: item.type, urn: item.urn, name: item.name, props: unknownCheckingProxy(item.props), opts: options, provider: provider(item.region),
        stackTags: new Map(), ...typeChecks, ...configured(config),
    };
}

/** The args CrossGuard hands validateStack; `dependencies` maps a resource's properties to the names they depend on. */
function stackArgs(items: PolicyResource[], config: Config, dependencies: Record<string, Record<string, string[]>> = {}): StackValidationArgs {
    const resources: StackValidationArgs["resources"] = items.map((item) => ({
        type: item.type, urn: item.urn, name: item.name, props: unknownCheckingProxy(item.props), opts: options, provider: provider(item.region),
        dependencies: [], propertyDependencies: {}, ...typeChecks,
    }));
    for (const resource of resources) {
        for (const [property, names] of Object.entries(dependencies[resource.name] ?? {})) {
            resource.propertyDependencies[property] = resources.filter((other) => names.includes(other.name));
        }
    }
    return { resources, stackTags: new Map(), ...configured(config) };
}

/** Everything the pack's policies report for `items`, driven as the engine drives them. */
async function packReports(items: PolicyResource[], config: Record<string, Config> = {}, dependencies?: Record<string, Record<string, string[]>>): Promise<Report[]> {
    const reports: Report[] = [];
    for (const policy of policies) {
        const report = (message: string, urn?: string) => reports.push({ policy: policy.name, urn, message });
        const validate = (policy as ResourceValidationPolicy).validateResource;
        if (typeof validate === "function") {
            for (const item of items) {
                await validate(resourceArgs(item, config[policy.name] ?? {}), (message) => report(message, item.urn));
            }
        }
        const validateStack = (policy as StackValidationPolicy).validateStack;
        if (validateStack) {
            await validateStack(stackArgs(items, config[policy.name] ?? {}, dependencies), report);
        }
    }
    return reports;
}

const sorted = (reports: Report[]) => [...reports].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** The fixture with one violation of every rule. */
function brokenStack(): PolicyResource[] {
    let stack = plannedStack().filter((item) => item.name !== "web-fleet");
    stack = changed(stack, "web-alb", {
        dropInvalidHeaderFields: false, accessLogs: undefined, enableDeletionProtection: false, desyncMitigationMode: "monitor", subnets: ["subnet-0a"],
    });
    stack = changed(stack, "web-alb-http", { defaultActions: [{ type: "forward", targetGroupArn: ref("web-tg", "arn") }] });
    stack = changed(stack, "web-alb-https", { sslPolicy: "ELBSecurityPolicy-2016-08", certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/0f3c1a9e" });
    stack = changed(stack, "web-tg", { name: "web", healthCheck: { path: "/health" } });
    stack = changed(stack, "web-health", { regions: ["us-east-1"], disabled: true });
    stack = changed(stack, "web-failover", {
        setIdentifier: undefined, aliases: [{ name: ref("web-alb", "dnsName"), zoneId: hostedZoneId, evaluateTargetHealth: false }],
        healthCheckId: ref("web-health", "id"),
    });
    // A second, HTTP-only ALB outside the stack, for elb-1-plain-http-alb.
    stack = [...stack, resource(types.listener, "plain-http", {
        loadBalancerArn: "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/plain/0123456789abcdef", port: 80, protocol: "HTTP",
        defaultActions: [{ type: "fixed-response", fixedResponse: { statusCode: "200", contentType: "text/plain" } }],
    })];
    stack.push(resource(types.metricAlarm, "web-alarms-latency", {
        namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime", statistic: "Average", period: 60, dimensions: { LoadBalancer: ref("web-alb", "arnSuffix") },
    }));
    stack = stack.filter((item) => item.name !== "web-alarms-notify");
    stack = changed(stack, "web-alarm-health", { cloudwatchAlarmRegion: "us-east-1" });
    stack.push(resource(types.metricAlarm, "web-health-alarm", {
        namespace: "AWS/Route53", metricName: "HealthCheckStatus", statistic: "Minimum", period: 60, dimensions: { HealthCheckId: ref("web-health", "id") },
        alarmActions: [ref("web-alarms-topic", "arn")],
    }));
    stack.push(resource(types.cluster, "web-routing-cluster", {}, "ap-northeast-2"));
    // A TLS 1.3-only listener under an HTTPS check, for https-health-check-tls-version.
    stack.push(
        resource(types.loadBalancer, "tls-alb", { loadBalancerType: "application" }),
        resource(types.listener, "tls-alb-https", { loadBalancerArn: ref("tls-alb", "arn"), port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" }),
        resource(types.healthCheck, "tls-health", { type: "HTTPS", fqdn: ref("tls-alb", "dnsName") }),
    );
    // Listed clients only, and an endpoint in Taipei without preservation: endpoint-group-region-served, accelerator-traffic-admitted.
    stack = changed(stack, "web-alb", { securityGroups: [ref("web-alb-sg", "id")] });
    stack.push(
        resource("aws:ec2/securityGroup:SecurityGroup", "web-alb-sg", {}),
        resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "web-alb-sg-in", { securityGroupId: ref("web-alb-sg", "id"), cidrIpv4: "203.0.113.0/24" }),
        resource(types.endpointGroup, "far-endpoints", {
            endpointGroupRegion: "ap-east-2", endpointConfigurations: [{ endpointId: ref("web-alb", "arn"), clientIpPreservationEnabled: false }],
        }, "us-west-2"),
    );
    // Named against CreateRoutingControl's rule, and never turned On.
    stack.push(resource(types.routingControl, "web-routing-control", { clusterArn: ref("web-routing-cluster", "arn"), name: "web routing" }, "us-west-2"));
    return changed(stack, "web-endpoints", { endpointGroupRegion: undefined, endpointConfigurations: [{ endpointId: ref("web-alb", "arn") }] });
}

describe("policy", () => {
    describe("CrossGuard pack", () => {
        it("has one policy per rule, with its name, enforcement level and source", () => {
            expect(policies.map((policy) => policy.name)).to.deep.equal(rules.map((rule) => rule.name));
            policies.forEach((policy, index) => {
                expect(policy.enforcementLevel).to.equal(rules[index].enforcementLevel);
                expect(policy.description).to.contain(rules[index].source);
                const kind = rules[index].scope === "resource" ? "validateResource" : "validateStack";
                expect(policy).to.have.property(kind).that.is.a("function");
            });
        });

        it("reports exactly what evaluatePolicies reports, for the plan and for a deployed stack", async () => {
            for (const stack of [brokenStack(), deployedStack(brokenStack())]) {
                const expected = evaluatePolicies(stack).map(({ policy, urn, message }) => ({ policy, urn, message }));
                expect(new Set(expected.map((finding) => finding.policy))).to.have.property("size", rules.length);
                expect(sorted(await packReports(stack))).to.deep.equal(sorted(expected));
            }
        });

        it("reports nothing for a compliant stack", async () => {
            expect(await packReports(plannedStack())).to.deep.equal([]);
        });

        it("takes preview unknowns as unknown, never as violations", async () => {
            const stack = changed(plannedStack(), "web-alb", {
                dropInvalidHeaderFields: unknownBoolean, subnets: [unknownString, unknownString], accessLogs: { enabled: true, bucket: unknownString },
            });
            const alb = unknownCheckingProxy(stack[0].props);
            expect(() => alb.dropInvalidHeaderFields).to.throw("can't be known during preview");
            expect(await packReports(stack)).to.deep.equal([]);
            const known = changed(stack, "web-alb", { dropInvalidHeaderFields: false });
            expect((await packReports(known)).map((report) => report.policy)).to.deep.equal(["elb-4-drop-invalid-header-fields"]);
        });

        it("resolves unknown references through the engine's property dependencies", async () => {
            let stack = changed(plannedStack(), "web-failover", { aliases: [{ name: unknownString, zoneId: hostedZoneId, evaluateTargetHealth: true }] });
            stack = changed(stack, "web-endpoints", { endpointGroupRegion: "ap-northeast-1", endpointConfigurations: [{ endpointId: unknownString, clientIpPreservationEnabled: true }] });
            expect(await packReports(stack)).to.deep.equal([]);
            const reports = await packReports(stack, {}, { "web-failover": { aliases: ["web-alb"] }, "web-endpoints": { endpointConfigurations: ["web-alb"] } });
            expect(reports.map((report) => report.policy)).to.have.members(["alias-canonical-zone", "endpoint-group-region-matches-endpoint"]);
            expect(reports.map((report) => report.message).join("\n")).to.contain("the record's own hosted zone").and.contain("load balancer in ap-northeast-2");
            const bothUnknown = changed(stack, "web-failover", { zoneId: unknownString, aliases: [{ name: unknownString, zoneId: unknownString, evaluateTargetHealth: true }] });
            expect(await packReports(bothUnknown, {}, { "web-failover": { aliases: ["web-alb"] } })).to.deep.equal([]);
        });

        it("reads a resource's region from its provider", async () => {
            const stack = changed(plannedStack(), "web-endpoints", { endpointGroupRegion: undefined });
            const messages = (await packReports(stack)).map((report) => report.message);
            expect(messages.join("\n")).to.contain("takes the provider's region (us-west-2)").and.contain("but the group is in us-west-2");
        });

        it("relaxes ELB.6 through its policy configuration", async () => {
            const elb6 = policies.find((policy) => policy.name === "elb-6-deletion-protection");
            expect(elb6?.configSchema?.properties.requireDeletionProtection).to.include({ type: "boolean", default: true });
            const unprotected = changed(plannedStack(), "web-alb", { enableDeletionProtection: false });
            expect((await packReports(unprotected)).map((report) => report.policy)).to.deep.equal(["elb-6-deletion-protection"]);
            expect(await packReports(unprotected, { "elb-6-deletion-protection": { requireDeletionProtection: false } })).to.deep.equal([]);
        });

        it("ships a non-production config that names real policies and settings and relaxes ELB.6", async () => {
            const file = path.resolve(__dirname, "../../policy/config/non-production.json");
            const config = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, Config>;
            for (const [name, settings] of Object.entries(config)) {
                const schema = policies.find((policy) => policy.name === name)?.configSchema?.properties ?? {};
                expect(Object.keys(settings), name).to.have.members(Object.keys(schema));
            }
            expect(await packReports(changed(plannedStack(), "web-alb", { enableDeletionProtection: false }), config)).to.deep.equal([]);
        });

        it("is documented in policy/README.md, one row per rule with its level", () => {
            const readme = fs.readFileSync(path.resolve(__dirname, "../../policy/README.md"), "utf8");
            const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| [^|]+ \| (mandatory|advisory) \|/gm)].map((match) => [match[1], match[2]]);
            expect(rows).to.deep.equal(rules.map((rule) => [rule.name, rule.enforcementLevel]));
        });
    });
});

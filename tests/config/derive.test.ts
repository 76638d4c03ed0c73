/**
 * Values derived from the settings (config/derive.ts): every "auto" or "0 means" default
 * resolved to what AWS documents, and each condition on both sides. Expected values are written
 * out by hand: the ALB listens on 80, and on 443 with a certificate; Route 53 checks from the
 * three checker regions nearest the stack's region when none are named.
 */
import { expect } from "chai";
import {
    acceleratorPorts,
    alarmHealthEnabled,
    attachedTargetGroups,
    dnsEnabled,
    failoverTimingInput,
    healthCheckEndpoint,
    healthCheckerRegions,
    populatedTargetGroups,
    referencedStacks,
    relaxations,
    routingControlsEnabled,
} from "../../config/derive";
import { StackSettings } from "../../config/schema";
import { StackValues, valid } from "../fixtures/awsFidelity";
import { problemsOf } from "./inMemory";

const certificate = "arn:aws:acm:ap-northeast-2:111122223333:certificate/0f3c1a9e-5d2b-4c6a-9b7e-2a1d4c5e6f70";
const dnsOn = { "dns.zoneName": "example.com", "dns.failoverRole": "PRIMARY" };
const routingOwner = { "routingControls.enabled": true, "routingControls.owner": true, "routingControls.regions": ["ap-northeast-2", "ap-northeast-1"] };

/** The validated settings of a stack `b` in Seoul (ap-northeast-2) with `values`. */
function settingsOf(values: StackValues = {}): StackSettings {
    return valid("b", { "aws:region": "ap-northeast-2", ...values }).settings;
}

describe("values derived from the settings", () => {
    describe("DNS", () => {
        it("is on with a hosted zone given by name or by id, and off with neither", () => {
            const { dns } = settingsOf();
            expect(dnsEnabled({ dns })).to.equal(false);
            expect(dnsEnabled({ dns: { ...dns, zoneName: "example.com" } })).to.equal(true);
            expect(dnsEnabled({ dns: { ...dns, zoneId: "Z0123456789EXAMPLE" } })).to.equal(true);
        });
    });

    describe("the Route 53 health check's endpoint", () => {
        it("auto checks HTTPS on 443 with a certificate, HTTP on 80 without: the ALB's listener ports", () => {
            expect(healthCheckEndpoint(settingsOf({ "alb.certificateArn": certificate }))).to.deep.equal({ protocol: "HTTPS", port: 443 });
            expect(healthCheckEndpoint(settingsOf())).to.deep.equal({ protocol: "HTTP", port: 80 });
        });

        it("port 0 means the listener port of the protocol named", () => {
            expect(healthCheckEndpoint(settingsOf({ "alb.certificateArn": certificate, "healthCheck.protocol": "HTTPS" }))).to.deep.equal({ protocol: "HTTPS", port: 443 });
            expect(healthCheckEndpoint(settingsOf({ "healthCheck.protocol": "HTTP" }))).to.deep.equal({ protocol: "HTTP", port: 80 });
        });

        it("a port other than 0 is used as given", () => {
            expect(healthCheckEndpoint(settingsOf({ "alb.certificateArn": certificate, "healthCheck.port": 8443 }))).to.deep.equal({ protocol: "HTTPS", port: 8443 });
            expect(healthCheckEndpoint(settingsOf({ "healthCheck.port": 8080 }))).to.deep.equal({ protocol: "HTTP", port: 8080 });
        });
    });

    describe("the accelerator's listener ports", () => {
        it("are the configured ports when there are any", () => {
            expect(acceleratorPorts(settingsOf({ "alb.certificateArn": certificate, "globalAccelerator.ports": [443] }))).to.deep.equal([443]);
        });

        it("are the ALB's listener ports when none are configured: 80 and 443 with a certificate, 80 without", () => {
            expect(acceleratorPorts(settingsOf({ "alb.certificateArn": certificate }))).to.deep.equal([80, 443]);
            expect(acceleratorPorts(settingsOf())).to.deep.equal([80]);
        });
    });

    describe("target groups", () => {
        it("the fleet populates its target groups, and none when it is off", () => {
            expect(populatedTargetGroups(settingsOf())).to.deep.equal(["web"]);
            expect(populatedTargetGroups(settingsOf({ "fleet.enabled": false }))).to.deep.equal([]);
        });

        it("the listeners use the default group and the groups rules forward to, not redirects or fixed responses", () => {
            const settings = settingsOf({
                targetGroups: { web: {}, api: {}, beta: {} },
                listenerRules: {
                    moved: { priority: 5, conditions: { pathPatterns: ["/old"] }, action: { type: "redirect", host: "example.org" } },
                    api: { priority: 2, conditions: { pathPatterns: ["/api/*"] }, action: { type: "forward", targetGroup: "api" } },
                    gone: { priority: 3, conditions: { pathPatterns: ["/gone"] }, action: { type: "fixedResponse", statusCode: "404" } },
                    canary: { priority: 4, conditions: { pathPatterns: ["/new/*"] }, action: { type: "weightedForward", targetGroups: { web: 9, beta: 1 } } },
                },
            });
            expect(attachedTargetGroups(settings)).to.deep.equal(["web", "api", "beta"]);
        });
    });

    describe("failover timing input", () => {
        const groups = {
            targetGroups: {
                web: { healthCheck: { intervalSeconds: 10, unhealthyThreshold: 2 } },
                api: { healthCheck: { intervalSeconds: 30, timeoutSeconds: 10, unhealthyThreshold: 5 } },
            },
        };
        /** The input with each target group check cut to the two numbers the prediction reads. */
        function timing(values: StackValues) {
            const input = failoverTimingInput(settingsOf(values));
            return { ...input, targetGroupChecks: input.targetGroupChecks.map(({ intervalSeconds, unhealthyThreshold }) => ({ intervalSeconds, unhealthyThreshold })) };
        }

        it("takes the Route 53 check, the fleet's groups only, and the alarm Route 53 follows", () => {
            expect(timing({ ...dnsOn, ...groups, "healthCheck.requestInterval": 30, "healthCheck.failureThreshold": 2, "alarms.periodSeconds": 120, "alarms.evaluationPeriods": 2 })).to.deep.equal({
                route53IntervalSeconds: 30,
                route53FailureThreshold: 2,
                targetGroupChecks: [{ intervalSeconds: 10, unhealthyThreshold: 2 }],
                alarm: { periodSeconds: 120, breachingPeriods: 2, holdDownPeriods: 5 },
            });
        });

        it("takes every group when the fleet populates none, and no alarm without DNS", () => {
            expect(timing({ ...groups, "fleet.enabled": false })).to.deep.equal({
                route53IntervalSeconds: 10,
                route53FailureThreshold: 3,
                targetGroupChecks: [{ intervalSeconds: 10, unhealthyThreshold: 2 }, { intervalSeconds: 30, unhealthyThreshold: 5 }],
            });
        });

        it("marks the routing control's check when routing controls are on", () => {
            expect(timing({ ...dnsOn, ...routingOwner })).to.deep.equal({
                route53IntervalSeconds: 10,
                route53FailureThreshold: 3,
                targetGroupChecks: [{ intervalSeconds: 10, unhealthyThreshold: 2 }],
                alarm: { periodSeconds: 60, breachingPeriods: 2, holdDownPeriods: 5 },
                routingControl: true,
            });
        });
    });

    describe("alarm-driven health", () => {
        it("needs alarms, the alarm health check and DNS, each of them", () => {
            const settings = settingsOf(dnsOn);
            expect(alarmHealthEnabled(settings)).to.equal(true);
            expect(alarmHealthEnabled({ ...settings, alarms: { ...settings.alarms, enabled: false } })).to.equal(false);
            expect(alarmHealthEnabled({ ...settings, alarms: { ...settings.alarms, healthCheck: false } })).to.equal(false);
            expect(alarmHealthEnabled({ ...settings, dns: { ...settings.dns, zoneName: "" } })).to.equal(false);
        });
    });

    describe("routing controls", () => {
        it("join the records' check when on and DNS is on, not otherwise", () => {
            const settings = settingsOf({ ...dnsOn, ...routingOwner });
            expect(routingControlsEnabled(settings)).to.equal(true);
            expect(routingControlsEnabled({ ...settings, routingControls: { ...settings.routingControls, enabled: false } })).to.equal(false);
            expect(routingControlsEnabled({ ...settings, dns: { ...settings.dns, zoneName: "" } })).to.equal(false);
        });
    });

    describe("referenced stacks", () => {
        const member = { "globalAccelerator.enabled": true, "globalAccelerator.globalStack": "organization/app/global" };

        it("a region reads the global stack whose accelerator it joins", () => {
            expect(referencedStacks(settingsOf(member))).to.deep.equal(["organization/app/global"]);
        });

        it("not with the accelerator off, nor in the global stack that inherits globalStack from Pulumi.yaml", () => {
            expect(referencedStacks(settingsOf({ "globalAccelerator.globalStack": "organization/app/global" }))).to.deep.equal([]);
            const global = valid("global", { "aws:region": "us-west-2", scope: "global", ...member, "globalAccelerator.ports": [80, 443] }).settings;
            expect(referencedStacks(global)).to.deep.equal([]);
        });

        it("a routing-control member reads its owner; the owner, or a stack with routing controls off, reads none", () => {
            const routingMember = { ...dnsOn, "routingControls.enabled": true, "routingControls.ownerStack": "organization/app/tokyo" };
            expect(referencedStacks(settingsOf(routingMember))).to.deep.equal(["organization/app/tokyo"]);
            expect(referencedStacks(settingsOf({ ...dnsOn, ...routingOwner }))).to.deep.equal([]);
            expect(referencedStacks(settingsOf({ "routingControls.ownerStack": "organization/app/tokyo" }))).to.deep.equal([]);
        });

        it("the dashboard's owner reads the stacks it shows; other stacks read none", () => {
            expect(referencedStacks(settingsOf({ "dashboard.owner": true, "dashboard.stacks": ["organization/app/seoul", "organization/app/tokyo"] })))
                .to.deep.equal(["organization/app/seoul", "organization/app/tokyo"]);
            expect(referencedStacks(settingsOf())).to.deep.equal([]);
        });

        it("all three kinds at once, and an empty entry names no stack", () => {
            const settings = settingsOf({ ...member, ...dnsOn, "routingControls.enabled": true, "routingControls.ownerStack": "organization/app/tokyo", "dashboard.owner": true });
            expect(referencedStacks({ ...settings, dashboard: { ...settings.dashboard, stacks: ["", "organization/app/osaka"] } }))
                .to.deep.equal(["organization/app/global", "organization/app/tokyo", "organization/app/osaka"]);
        });
    });

    describe("Route 53 checker regions", () => {
        it("are the configured ones when there are any", () => {
            expect(healthCheckerRegions(settingsOf({ "healthCheck.regions": ["us-east-1", "us-west-1", "us-west-2"] }), "ap-northeast-2")).to.deep.equal(["us-east-1", "us-west-1", "us-west-2"]);
        });

        it("are the three nearest the stack's region otherwise: Tokyo, Singapore and Sydney for Seoul", () => {
            expect(healthCheckerRegions(settingsOf(), "ap-northeast-2")).to.deep.equal(["ap-northeast-1", "ap-southeast-1", "ap-southeast-2"]);
        });
    });

    describe("production requirements", () => {
        const dev = { environment: "dev" };

        it("a production stack with the defaults relaxes nothing", () => {
            expect(relaxations(settingsOf())).to.deep.equal([]);
        });

        /** [requirement, the values that relax only it]. */
        const alone: [string, string, StackValues][] = [
            ["alb.deletionProtection", "true (Security Hub ELB.6)", { "alb.deletionProtection": false }],
            ["network.natGateways", "onePerAz or none: with a single NAT gateway one AZ's outage cuts the fleet in the others off", { "network.natGateways": "single" }],
            ["alb.accessLogsRetentionDays", "at least 90 days of access logs", { "alb.accessLogsRetentionDays": 89 }],
            ["alb.accessLogsForceDestroy", "false: destroying the stack must not delete its access logs", { "alb.accessLogsForceDestroy": true }],
        ];
        for (const [key, requirement, values] of alone) {
            it(`a non-production stack may relax ${key} alone, and the plan lists just that`, () => {
                expect(relaxations(settingsOf({ ...dev, ...values }))).to.deep.equal([{ key, requirement }]);
            });
        }

        it("keeps 90 days of access logs: 90 meets the requirement, 89 does not", () => {
            expect(relaxations(settingsOf({ ...dev, "alb.accessLogsRetentionDays": 90 }))).to.deep.equal([]);
            expect(relaxations(settingsOf({ ...dev, "alb.accessLogsRetentionDays": 89 })).map(({ key }) => key)).to.deep.equal(["alb.accessLogsRetentionDays"]);
        });

        it("asks no retention of access logs that are off or go to an existing bucket", () => {
            expect(relaxations(settingsOf({ ...dev, "alb.accessLogs": false, "alb.accessLogsRetentionDays": 30 }))).to.deep.equal([]);
            expect(relaxations(settingsOf({ ...dev, "alb.accessLogsBucket": "existing-logs", "alb.accessLogsRetentionDays": 30 }))).to.deep.equal([]);
        });

        it("asks nothing of NAT gateways in an existing VPC (the program creates none there)", () => {
            const existingVpc = { "network.vpcId": "vpc-0a1b2c3d4e5f60718", "network.publicSubnetIds": ["subnet-a", "subnet-b"], "network.privateSubnetIds": ["subnet-c", "subnet-d"] };
            expect(relaxations(settingsOf({ ...dev, ...existingVpc, "network.natGateways": "single" }))).to.deep.equal([]);
            expect(problemsOf({ ...existingVpc, "network.natGateways": "single" })).to.deep.equal([]);
        });

        it("refuses the relaxations in production, naming key, requirement and value", () => {
            expect(problemsOf({ "alb.accessLogs": false, "alb.accessLogsRetentionDays": 30 })).to.deep.equal([]);
            expect(problemsOf({ "alb.accessLogsBucket": "existing-logs", "alb.accessLogsRetentionDays": 30 })).to.deep.equal([]);
            expect(problemsOf({ "alb.deletionProtection": false, "alb.accessLogsRetentionDays": 30 })).to.deep.equal([
                "Pulumi.b.yaml: app:alb.deletionProtection must be true (Security Hub ELB.6) in production; a non-production stack may relax it (app:environment: staging, dev, ...), got false",
                "Pulumi.b.yaml: app:alb.accessLogsRetentionDays must be at least 90 days of access logs in production; a non-production stack may relax it (app:environment: staging, dev, ...), got 30",
            ]);
            expect(problemsOf({ ...dev, "alb.deletionProtection": false, "alb.accessLogsRetentionDays": 30 })).to.deep.equal([]);
        });
    });
});

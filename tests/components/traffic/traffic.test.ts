import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { StackRun } from "../../../offline/runStack";
import { AcceleratorEndpointGroup } from "../../../components/traffic/acceleratorEndpointGroup";
import { predictFailover } from "../../../domain/failover";
import { GlobalAccelerator } from "../../../components/traffic/globalAccelerator";
import { RegionHealthCheck } from "../../../components/traffic/regionHealthCheck";
import { RoutingRecords } from "../../../components/traffic/routingRecords";
import { named, ofType, runComponents } from "../../harness";

const albArn = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/tokyo-alb-1/0123456789abcdef";

function withProviders(build: (providers: { regional: aws.Provider; accelerator: aws.Provider }) => void): Promise<StackRun> {
    return runComponents(() => {
        build({
            regional: new aws.Provider("test-ap-northeast-1", { region: "ap-northeast-1" }),
            accelerator: new aws.Provider("test-us-west-2", { region: "us-west-2" }),
        });
    }, "ap-northeast-1");
}

describe("RegionHealthCheck", () => {
    it("checks the ALB with the configured protocol, interval, threshold and checker regions", async () => {
        const run = await withProviders(({ regional }) => new RegionHealthCheck("test-health", {
            fqdn: "tokyo-alb-1.ap-northeast-1.elb.amazonaws.com", protocol: "HTTPS", port: 443, path: "/health",
            requestInterval: 30, failureThreshold: 2, regions: ["us-west-2", "eu-west-1", "ap-southeast-1"], inverted: true, tags: {},
        }, { providers: [regional] }));
        expect(named(run.resources, "aws:route53/healthCheck:HealthCheck", "test-health").inputs).to.deep.include({
            type: "HTTPS", fqdn: "tokyo-alb-1.ap-northeast-1.elb.amazonaws.com", port: 443, resourcePath: "/health",
            requestInterval: 30, failureThreshold: 2, regions: ["us-west-2", "eu-west-1", "ap-southeast-1"],
            invertHealthcheck: true, disabled: false, enableSni: true,
        });
    });
});

describe("RoutingRecords", () => {
    it("creates one alias record per policy with the region's set identifier and health check, found by zone name", async () => {
        const run = await withProviders(({ regional }) => new RoutingRecords("test-records", {
            zone: { name: "example.com" }, region: "ap-northeast-1", setIdentifier: "ap-northeast-1",
            aliasName: "tokyo-alb-1.ap-northeast-1.elb.amazonaws.com", aliasZoneId: "Z14GRHDCWA56QT", healthCheckId: "hc-1",
            records: {
                failover: { name: "app", policy: { kind: "failover", role: "SECONDARY" } },
                weighted: { name: "weighted", policy: { kind: "weighted", weight: 0 } },
                latency: { name: "latency", policy: { kind: "latency" } },
            },
        }, { providers: [regional] }));
        const lookup = run.invokes.find((invoke) => invoke.token === "aws:route53/getZone:getZone");
        expect(lookup?.inputs).to.deep.equal({ name: "example.com", privateZone: false });
        const records = ofType(run.resources, "aws:route53/record:Record");
        expect(records.map((record) => record.name)).to.deep.equal(["test-records-failover", "test-records-weighted", "test-records-latency"]);
        for (const record of records) {
            expect(record.inputs).to.deep.include({
                zoneId: "Z0123456789EXAMPLE", type: "A", setIdentifier: "ap-northeast-1", healthCheckId: "hc-1",
                aliases: [{ name: "tokyo-alb-1.ap-northeast-1.elb.amazonaws.com", zoneId: "Z14GRHDCWA56QT", evaluateTargetHealth: true }],
            });
            expect(record.inputs).to.not.have.property("ttl");
            expect(record.options.deleteBeforeReplace).to.equal(true);
        }
        expect(records[0].inputs.failoverRoutingPolicies).to.deep.equal([{ type: "SECONDARY" }]);
        expect(records[1].inputs.weightedRoutingPolicies).to.deep.equal([{ weight: 0 }]);
        expect(records[2].inputs.latencyRoutingPolicies).to.deep.equal([{ region: "ap-northeast-1" }]);
    });
});

describe("GlobalAccelerator", () => {
    it("creates the accelerator and one TCP listener on the given ports in us-west-2", async () => {
        const run = await withProviders(({ regional, accelerator }) => new GlobalAccelerator("test-accelerator", {
            provider: accelerator, ipAddressType: "DUAL_STACK", ports: [80, 443], clientAffinity: "NONE", tags: {},
        }, { providers: [regional] }));
        const accelerator = named(run.resources, "aws:globalaccelerator/accelerator:Accelerator", "test-accelerator");
        expect(accelerator.inputs).to.include({ ipAddressType: "DUAL_STACK", enabled: true });
        expect(accelerator.region).to.equal("us-west-2");
        const listener = named(run.resources, "aws:globalaccelerator/listener:Listener", "test-accelerator-tcp");
        expect(listener.inputs).to.deep.include({ acceleratorArn: accelerator.state.arn, protocol: "TCP", clientAffinity: "NONE", portRanges: [{ fromPort: 80, toPort: 80 }, { fromPort: 443, toPort: 443 }] });
        expect(listener.region).to.equal("us-west-2");
        expect(ofType(run.resources, "aws:route53/record:Record")).to.have.length(0);
    });
});

describe("AcceleratorEndpointGroup", () => {
    it("names its region explicitly and sets client IP preservation, weight and dial", async () => {
        const run = await withProviders(({ regional, accelerator }) => new AcceleratorEndpointGroup("test-endpoints", {
            provider: accelerator, listenerArn: "arn:aws:globalaccelerator::123456789012:accelerator/x/listener/y",
            region: "ap-northeast-1", albArn, weight: 200, trafficDial: 40, clientIpPreservation: false,
        }, { providers: [regional] }));
        const group = named(run.resources, "aws:globalaccelerator/endpointGroup:EndpointGroup", "test-endpoints");
        expect(group.region).to.equal("us-west-2");
        expect(group.inputs).to.deep.include({
            endpointGroupRegion: "ap-northeast-1", trafficDialPercentage: 40,
            endpointConfigurations: [{ endpointId: albArn, weight: 200, clientIpPreservationEnabled: false }],
        });
    });

    it("is refused, like AWS refuses it, when the ALB is in another region than the group", async () => {
        let failure: Error | undefined;
        try {
            await withProviders(({ regional, accelerator }) => new AcceleratorEndpointGroup("test-endpoints", {
                provider: accelerator, listenerArn: "arn:listener", region: "ap-northeast-2", albArn, clientIpPreservation: true, weight: 128, trafficDial: 100,
            }, { providers: [regional] }));
        } catch (error) {
            failure = error as Error;
        }
        expect(failure?.message).to.include("is not a valid load balancer ARN in ap-northeast-2");
    });
});

describe("failover time prediction", () => {
    it("adds detection and the 60 s TTL for DNS, and target detection and GA's 30 s for GA", () => {
        const prediction = predictFailover({
            route53IntervalSeconds: 30, route53FailureThreshold: 3,
            targetGroupChecks: [{ intervalSeconds: 10, unhealthyThreshold: 2 }, { intervalSeconds: 15, unhealthyThreshold: 3 }],
        });
        expect(prediction.dns).to.deep.include({ detectionSeconds: 90, ttlSeconds: 60, totalSeconds: 150, estimatedSeconds: 0 });
        expect(prediction.dns.terms.map((term) => term.seconds)).to.deep.equal([90, 60]);
        expect(prediction.globalAccelerator).to.deep.include({ detectionSeconds: 45, reactionSeconds: 30, totalSeconds: 75, estimatedSeconds: 30 });
    });

    it("derives the alarm path from the deployed alarm settings, each term with its source or marked an estimate", () => {
        const alarm = predictFailover({
            route53IntervalSeconds: 10, route53FailureThreshold: 3, targetGroupChecks: [],
            alarm: { periodSeconds: 120, breachingPeriods: 3, holdDownPeriods: 4 },
        }).alarm!;
        // 3 breaching periods of 120 s + 60 s metric delivery + 60 s Route 53 (estimate) + 60 s TTL.
        expect(alarm.terms.map((term) => [term.seconds, term.estimate])).to.deep.equal([[360, false], [60, false], [60, true], [60, false]]);
        expect(alarm).to.deep.include({ totalSeconds: 540, estimatedSeconds: 60, detectionSeconds: 420, holdDownSeconds: 480 });
        expect(alarm.terms.every((term) => term.source.length > 0)).to.equal(true);
        expect(alarm.terms[0].source).to.include("Evaluating an alarm");
        // The shipped default (2 periods of 60 s) is 300 s; the old prediction (3 periods, same terms) was 360 s.
        expect(predictFailover({ route53IntervalSeconds: 10, route53FailureThreshold: 3, targetGroupChecks: [], alarm: { periodSeconds: 60, breachingPeriods: 2, holdDownPeriods: 5 } }).alarm!.totalSeconds).to.equal(300);
    });
});

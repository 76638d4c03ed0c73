import { expect } from "chai";
import { PlannedResource, StackRun } from "../../offline/runStack";
import { configFor, named, ofType, runBothStacks, runRecording, runTestStack } from "../harness";

const types = {
    record: "aws:route53/record:Record",
    healthCheck: "aws:route53/healthCheck:HealthCheck",
    endpointGroup: "aws:globalaccelerator/endpointGroup:EndpointGroup",
    accelerator: "aws:globalaccelerator/accelerator:Accelerator",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
};

function awsResources(run: StackRun): PlannedResource[] {
    return run.resources.filter((resource) => resource.custom && !resource.type.startsWith("pulumi:"));
}

describe("program", () => {
    let global: StackRun;
    let seoul: StackRun;
    let tokyo: StackRun;
    before(async () => {
        ({ global, seoul, tokyo } = await runBothStacks());
    });

    describe("providers", () => {
        it("binds every AWS resource to an explicit provider in the stack's region (GA in us-west-2)", () => {
            for (const [run, region] of [[seoul, "ap-northeast-2"], [tokyo, "ap-northeast-1"]] as const) {
                const resources = awsResources(run);
                expect(resources.length).to.be.greaterThan(30);
                for (const resource of resources) {
                    const expected = resource.type.startsWith("aws:globalaccelerator/") ? "us-west-2" : region;
                    expect(resource.provider, `${resource.name} provider`).to.match(new RegExp(`^${run.stack}-`));
                    expect(resource.region, `${resource.type} ${resource.name}`).to.equal(expected);
                }
            }
        });

        it("runs every invoke against the stack's regional provider", () => {
            for (const [run, region] of [[seoul, "ap-northeast-2"], [tokyo, "ap-northeast-1"]] as const) {
                expect(run.invokes.length).to.be.greaterThan(0);
                for (const invoke of run.invokes) {
                    expect(invoke.region, invoke.token).to.equal(region);
                }
            }
        });

        it("disables default AWS providers in every stack file", () => {
            for (const run of [seoul, tokyo]) {
                expect(JSON.parse(run.config["pulumi:disable-default-providers"])).to.deep.equal(["aws"]);
            }
        });
    });

    describe("outputs", () => {
        it("exports the region, ALB ARN, DNS name, canonical zone, target groups, listeners and URL", () => {
            // Canonical zones as the AWS General Reference lists them (not the program's own table).
            const canonical = { "ap-northeast-2": "ZWKZPGTI48KDX", "ap-northeast-1": "Z14GRHDCWA56QT" };
            for (const [run, region] of [[seoul, "ap-northeast-2"], [tokyo, "ap-northeast-1"]] as const) {
                const alb = named(run.resources, types.loadBalancer, `${run.stack}-alb`);
                expect(run.outputs.region).to.equal(region);
                expect(run.outputs.albArn).to.equal(alb.state.arn).and.match(new RegExp(`^arn:aws:elasticloadbalancing:${region}:`));
                expect(run.outputs.albDnsName).to.equal(alb.state.dnsName);
                expect(run.outputs.albZoneId).to.equal(canonical[region]);
                expect(Object.keys(run.outputs.targetGroupArns as object)).to.have.members(["web", "canary"]);
                expect(Object.keys(run.outputs.listenerArns as object)).to.have.members(["http", "https"]);
                expect(run.outputs.url).to.equal(`https://${alb.state.dnsName}/`);
            }
        });

        it("predicts worst-case failover from the configured intervals and thresholds", () => {
            // Route 53: 10 s x 3 + 60 s TTL; GA: target group 10 s x 2 + 30 s; alarm: 60 s x 2 breaching + 60 s metric delivery + 60 s Route 53 + 60 s TTL.
            expect(seoul.outputs.predictedFailoverSeconds).to.deep.equal({ dns: 90, globalAccelerator: 50, alarm: 300 });
        });
    });

    describe("regional records", () => {
        it("gives Seoul the PRIMARY and Tokyo the SECONDARY failover record, each aliased to its own ALB", () => {
            for (const [run, role] of [[seoul, "PRIMARY"], [tokyo, "SECONDARY"]] as const) {
                const record = named(run.resources, types.record, `${run.stack}-records-failover`);
                const alb = named(run.resources, types.loadBalancer, `${run.stack}-alb`);
                const check = named(run.resources, types.healthCheck, `${run.stack}-health`);
                expect(record.inputs.failoverRoutingPolicies).to.deep.equal([{ type: role }]);
                expect(record.inputs.setIdentifier).to.equal(run.outputs.region);
                expect(record.inputs.aliases).to.deep.equal([{ name: alb.state.dnsName, zoneId: alb.state.zoneId, evaluateTargetHealth: true }]);
                // The records carry the combined check; the endpoint check (the drill's output) is one of its children.
                const combined = named(run.resources, types.healthCheck, `${run.stack}-region-health-combined`);
                expect(record.inputs.healthCheckId).to.equal(combined.id);
                expect(combined.inputs.childHealthchecks).to.include(check.id);
                expect(check.id).to.equal(run.outputs.healthCheckId);
                expect(check.inputs.fqdn).to.equal(alb.state.dnsName);
                expect(record.inputs.zoneId).to.equal("Z0123456789EXAMPLE");
            }
        });

        it("splits weighted traffic by each stack's weight and routes latency to the stack's region", () => {
            for (const run of [seoul, tokyo]) {
                expect(named(run.resources, types.record, `${run.stack}-records-weighted`).inputs.weightedRoutingPolicies).to.deep.equal([{ weight: 50 }]);
                expect(named(run.resources, types.record, `${run.stack}-records-latency`).inputs.latencyRoutingPolicies).to.deep.equal([{ region: run.outputs.region }]);
            }
        });

        it("replaces records delete-first", () => {
            for (const record of ofType(seoul.resources, types.record)) {
                expect(record.options.deleteBeforeReplace, record.name).to.equal(true);
            }
        });

        it("checks the region's own ALB over HTTPS from the configured checker regions", () => {
            const check = named(seoul.resources, types.healthCheck, "seoul-health");
            expect(check.inputs).to.include({ type: "HTTPS", fqdn: seoul.outputs.albDnsName, port: 443, resourcePath: "/health", requestInterval: 10, failureThreshold: 3, invertHealthcheck: false, disabled: false });
            expect(check.inputs.regions).to.deep.equal(["ap-northeast-1", "ap-southeast-1", "ap-southeast-2"]);
        });

        it("exports the service URL under the failover name", () => {
            expect(seoul.outputs.serviceUrl).to.equal("https://app.example.com/");
            expect(tokyo.outputs.serviceUrl).to.equal("https://app.example.com/");
        });

        it("exports each record's FQDN and set identifier", () => {
            expect(tokyo.outputs.records).to.deep.equal({
                failover: { fqdn: "app.example.com", setIdentifier: "ap-northeast-1" },
                weighted: { fqdn: "weighted.example.com", setIdentifier: "ap-northeast-1" },
                latency: { fqdn: "latency.example.com", setIdentifier: "ap-northeast-1" },
            });
        });
    });

    describe("Global Accelerator", () => {
        it("lets only the global stack create the accelerator, and nothing else", () => {
            expect(ofType(global.resources, types.accelerator)).to.have.length(1);
            expect(ofType(seoul.resources, types.accelerator)).to.have.length(0);
            expect(ofType(tokyo.resources, types.accelerator)).to.have.length(0);
            expect(global.outputs.globalAcceleratorStaticIps).to.have.length(2);
            expect(global.resources.filter((resource) => resource.custom && resource.type !== "pulumi:providers:aws").every((resource) => resource.region === "us-west-2")).to.equal(true);
        });

        it("attaches each region's endpoint group to the global stack's listener through a stack reference", () => {
            for (const run of [seoul, tokyo]) {
                const reference = named(run.resources, "pulumi:pulumi:StackReference", `${run.stack}-global-stack`);
                expect(reference.inputs.name).to.equal("organization/app/global");
                const group = named(run.resources, types.endpointGroup, `${run.stack}-endpoints`);
                expect(group.inputs.listenerArn).to.equal(global.outputs.globalAcceleratorListenerArn);
                expect(run.outputs.globalAcceleratorDnsName).to.equal(global.outputs.globalAcceleratorDnsName);
            }
        });

        it("puts each region's ALB in an endpoint group of its own region, client IP preservation explicit and off beside DNS", () => {
            for (const run of [seoul, tokyo]) {
                const group = named(run.resources, types.endpointGroup, `${run.stack}-endpoints`);
                expect(group.inputs.endpointGroupRegion).to.equal(run.outputs.region);
                expect(group.inputs.trafficDialPercentage).to.equal(100);
                expect(group.inputs.endpointConfigurations).to.deep.equal([{ endpointId: run.outputs.albArn, weight: 128, clientIpPreservationEnabled: false }]);
            }
        });

        it("aliases the global stack's record to the accelerator's hosted zone", () => {
            const record = named(global.resources, types.record, "global-accelerator-record");
            expect(record.inputs.aliases).to.deep.equal([{ name: global.outputs.globalAcceleratorDnsName, zoneId: "Z2BJ6XQ5FK7U4H", evaluateTargetHealth: true }]);
            expect(record.region).to.equal("us-west-2");
            expect(record.options.deleteBeforeReplace).to.equal(true);
        });

        it("creates no Global Accelerator resource and no us-west-2 provider when switched off", async () => {
            const run = await runTestStack("seoul", configFor("seoul", { "globalAccelerator.enabled": false }));
            expect(run.resources.filter((resource) => resource.type.includes("globalaccelerator"))).to.have.length(0);
            expect(run.resources.filter((resource) => resource.type === "pulumi:providers:aws").map((provider) => provider.inputs.region)).to.deep.equal(["ap-northeast-2"]);
            expect(run.outputs).to.not.have.property("globalAcceleratorEndpointGroupArn");
        });
    });

    describe("variations", () => {
        for (const kind of ["failover", "weighted", "latency"] as const) {
            it(`leaves out the ${kind} record when switched off`, async () => {
                const run = await runTestStack("seoul", configFor("seoul", { [`dns.${kind}`]: false }));
                const records = ofType(run.resources, types.record).map((record) => record.name);
                expect(records).to.not.include(`seoul-records-${kind}`);
                expect(records).to.have.length(2);
            });
        }

        it("takes the zone by id without looking it up", async () => {
            const run = await runTestStack("seoul", configFor("seoul", { "dns.zoneName": undefined, "dns.zoneId": "Z0123456789EXAMPLE" }));
            expect(run.invokes.map((invoke) => invoke.token)).to.not.include("aws:route53/getZone:getZone");
            expect(ofType(run.resources, types.record).every((record) => record.inputs.zoneId === "Z0123456789EXAMPLE")).to.equal(true);
        });

        it("creates no DNS resource without a hosted zone", async () => {
            const run = await runTestStack("seoul", configFor("seoul", { "dns.zoneName": undefined, "globalAccelerator.recordName": undefined }));
            expect(run.resources.filter((resource) => resource.type.startsWith("aws:route53/"))).to.have.length(0);
        });

        it("takes the region out on simulateOutage: inverted check, endpoint group dialled to 0", async () => {
            const run = await runTestStack("seoul", configFor("seoul", { "drill.simulateOutage": true }));
            expect(named(run.resources, types.healthCheck, "seoul-health").inputs).to.include({ invertHealthcheck: true, disabled: false });
            expect(named(run.resources, types.endpointGroup, "seoul-endpoints").inputs.trafficDialPercentage).to.equal(0);
        });

        it("deploys a third region from a stack file alone", async () => {
            const config = configFor("tokyo", { "aws:region": "ap-northeast-3", "network.cidr": "10.40.0.0/16", "alb.certificateArn": "arn:aws:acm:ap-northeast-3:111122223333:certificate/abc", "alb.sniCertificateArns": [], "dashboard.owner": false, "dashboard.stacks": [] });
            const osaka = await runTestStack("osaka", config, { "organization/app/global": global.outputs });
            expect(osaka.outputs.albZoneId).to.equal("Z5LXEXXYW11ES");
            expect(named(osaka.resources, types.record, "osaka-records-latency").inputs.latencyRoutingPolicies).to.deep.equal([{ region: "ap-northeast-3" }]);
            expect(named(osaka.resources, types.endpointGroup, "osaka-endpoints").inputs.endpointGroupRegion).to.equal("ap-northeast-3");
        });
    });

    describe("invalid configuration", () => {
        it("fails before any resource exists, naming the stack file and every bad key", async () => {
            const { mocks, error } = await runRecording("tokyo", configFor("tokyo", { "dns.weight": 300, "healthCheck.requestInterval": 20 }));
            expect(error?.message).to.include("Pulumi.tokyo.yaml: app:dns.weight must be a whole number 0..255, got 300");
            expect(error?.message).to.include("Pulumi.tokyo.yaml: app:healthCheck.requestInterval must be 10 or 30, got 20");
            expect(mocks.resources.filter((resource) => resource.custom)).to.deep.equal([]);
        });
    });

    describe("any commercial region", () => {
        it("gives a London stack the nearest health checkers and London's ELB log account", async () => {
            const london = await runTestStack("london", configFor("seoul", {
                "aws:region": "eu-west-2", "network.cidr": "10.60.0.0/16", "alb.sniCertificateArns": [],
                "alb.certificateArn": "arn:aws:acm:eu-west-2:111122223333:certificate/11111111-2222-4333-8444-555555555555",
            }));
            expect(named(london.resources, types.healthCheck, "london-health").inputs.regions).to.deep.equal(["eu-west-1", "us-east-1", "us-west-2"]);
            const policy = JSON.parse(String(named(london.resources, "aws:s3/bucketPolicy:BucketPolicy", "london-alb-logs-policy").inputs.policy));
            expect(policy.Statement[0].Principal).to.deep.equal({ AWS: "arn:aws:iam::652711504416:root" });
            expect(named(london.resources, types.loadBalancer, "london-alb").state.zoneId).to.equal("ZHURV8PSTC4K8");
        });

        it("lets the log-delivery service principal write where the region has no ELB account (Melbourne)", async () => {
            const melbourne = await runTestStack("melbourne", configFor("seoul", {
                "aws:region": "ap-southeast-4", "alb.certificateArn": "", "alb.sniCertificateArns": [], "dns.zoneName": "", "globalAccelerator.enabled": false,
            }));
            const policy = JSON.parse(String(named(melbourne.resources, "aws:s3/bucketPolicy:BucketPolicy", "melbourne-alb-logs-policy").inputs.policy));
            expect(policy.Statement[0].Principal).to.deep.equal({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" });
            expect(JSON.stringify(policy)).to.not.include("arn:aws:iam::");
        });

        it("tags every taggable resource with the stack's environment", async () => {
            const dev = await runTestStack("dev", configFor("seoul", {
                environment: "dev", "alb.deletionProtection": false, "globalAccelerator.enabled": false, "dns.zoneName": "",
            }));
            const tagged = dev.resources.filter((resource) => resource.custom && resource.inputs.tags !== undefined);
            expect(tagged.length).to.be.above(5);
            for (const resource of tagged) {
                // Auto Scaling groups take tags as a list of key/value/propagateAtLaunch.
                const tags = Array.isArray(resource.inputs.tags)
                    ? Object.fromEntries((resource.inputs.tags as { key: string; value: string }[]).map(({ key, value }) => [key, value]))
                    : resource.inputs.tags;
                expect(tags, resource.name).to.include({ "app:environment": "dev" });
            }
            expect(dev.outputs.environment).to.equal("dev");
        });
    });
});

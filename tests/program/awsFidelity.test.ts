/**
 * What the program asks AWS for where the offline plan used to differ from real AWS (issue 11),
 * over in-memory stacks of the tests' own.
 */
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { createAlbSecurityGroup } from "../../components/alb/securityGroup";
import { named, ofType, runComponents } from "../harness";
import { AwsRefusal } from "../../offline/runStack";
import { globalStack, regionalStack, runFixture, StackValues } from "../fixtures/awsFidelity";

const seoul = (changes: StackValues = {}) => regionalStack("ap-northeast-2", "PRIMARY", changes);
const types = {
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    policy: "aws:autoscaling/policy:Policy",
    endpointGroup: "aws:globalaccelerator/endpointGroup:EndpointGroup",
    prefixList: "aws:ec2/getManagedPrefixList:getManagedPrefixList",
    ssm: "aws:ssm/getParameter:getParameter",
};

describe("program: what passes the plan deploys", () => {
    describe("Route 53 health checkers behind a restricted ingress", () => {
        it("admits the region's route53-healthchecks prefix list to the checked port, looked up in the ALB's region", async () => {
            const run = await runFixture("seoul", seoul({ "alb.ingressCidrs": ["203.0.113.0/24"], "globalAccelerator.clientIpPreservation": true }));
            const lookups = run.invokes.filter((invoke) => invoke.token === types.prefixList);
            expect(lookups.map(({ inputs, region }) => ({ name: inputs.name, region }))).to.deep.equal([{ name: "com.amazonaws.ap-northeast-2.route53-healthchecks", region: "ap-northeast-2" }]);
            const rule = named(run.resources, types.ingress, "seoul-alb-sg-in-443-route53-healthchecks");
            expect(rule.inputs).to.include({ ipProtocol: "tcp", fromPort: 443, toPort: 443 });
            expect(String(rule.inputs.prefixListId)).to.match(/^pl-[0-9a-f]{17}$/);
            expect(rule.region).to.equal("ap-northeast-2");
        });

        it("uses the HTTP port on an HTTP-only ALB", async () => {
            const run = await runFixture("seoul", seoul({ "alb.certificateArn": "", "alb.ingressCidrs": ["203.0.113.0/24"], "globalAccelerator.clientIpPreservation": true }));
            expect(named(run.resources, types.ingress, "seoul-alb-sg-in-80-route53-healthchecks").inputs).to.include({ fromPort: 80, toPort: 80 });
        });

        it("adds nothing when every address is admitted, or when DNS is off", async () => {
            for (const values of [seoul(), seoul({ "alb.ingressCidrs": ["203.0.113.0/24"], "dns.zoneName": undefined, "dns.failoverRole": undefined, "globalAccelerator.clientIpPreservation": true })]) {
                const run = await runFixture("seoul", values);
                expect(run.invokes.filter((invoke) => invoke.token === types.prefixList)).to.deep.equal([]);
                expect(ofType(run.resources, types.ingress).filter((rule) => rule.inputs.prefixListId !== undefined)).to.deep.equal([]);
            }
        });

        it("is refused, as AWS refuses it, for a prefix list name the region does not have", async () => {
            const run = runComponents(() => {
                createAlbSecurityGroup("unit-sg", {
                    vpcId: "vpc-0a1b2c3d4e5f60718", listenerPorts: [443], ingressCidrs: ["203.0.113.0/24"], ingressPrefixListIds: [],
                    healthCheckerIngress: { port: 443, prefixListName: "com.amazonaws.ap-northeast-2.route53-checkers" },
                    targetPorts: [80], vpcCidr: "10.0.0.0/16", tags: {},
                }, new aws.ec2.SecurityGroup("unit-anchor", {}));
            });
            await run.then(() => expect.fail("the lookup should fail"), (error: Error) => {
                expect(error.message).to.include("no matching EC2 Managed Prefix List found for name com.amazonaws.ap-northeast-2.route53-checkers");
            });
        });
    });

    describe("what the mocks learned from issue 20", () => {
        /** An ALB with an HTTPS listener on `sslPolicy` and a Route 53 HTTPS check of it, as components register them. */
        const checkedListener = (sslPolicy: string) => () => {
            const opts = { provider: new aws.Provider("unit-seoul", { region: "ap-northeast-2" }) };
            const alb = new aws.lb.LoadBalancer("unit-alb", { loadBalancerType: "application", subnets: ["subnet-a", "subnet-b"] }, opts);
            new aws.lb.Listener("unit-https", {
                loadBalancerArn: alb.arn, port: 443, protocol: "HTTPS", sslPolicy,
                certificateArn: "arn:aws:acm:ap-northeast-2:111122223333:certificate/0f3c1a9e", defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "200" } }],
            }, opts);
            new aws.route53.HealthCheck("unit-health", { type: "HTTPS", fqdn: alb.dnsName, port: 443, resourcePath: "/health", failureThreshold: 3, requestInterval: 10 }, opts);
        };
        const failure = (run: Promise<unknown>) => run.then(() => undefined, (error: unknown) => error);

        it("fails a run whose HTTPS health check can never pass: the listener offers TLS 1.3 alone", async () => {
            const error = await failure(runComponents(checkedListener("ELBSecurityPolicy-TLS13-1-3-2021-06")));
            expect(error).to.be.instanceOf(AwsRefusal);
            expect((error as AwsRefusal).refusals).to.deep.equal([]);
            expect((error as AwsRefusal).neverServes).to.deep.equal([
                'aws:route53/healthCheck:HealthCheck unit-health: checks listener unit-https (sslPolicy ELBSecurityPolicy-TLS13-1-3-2021-06, TLS 1.3 alone), but "the endpoint must support TLSv1.0, TLSv1.1, TLSv1.2" (HealthCheckConfig.Type): the check can never pass',
            ]);
        });

        it("passes the check of a listener that also offers TLS 1.2", async () => {
            const run = await runComponents(checkedListener("ELBSecurityPolicy-TLS13-1-2-Res-2021-06"));
            expect(ofType(run.resources, "aws:route53/healthCheck:HealthCheck")).to.have.length(1);
        });

        /** An endpoint group in `region` on an accelerator listener, through the us-west-2 provider. */
        const endpointGroupIn = (region: string) => () => {
            const provider = new aws.Provider("unit-ga", { region: "us-west-2" });
            new aws.globalaccelerator.EndpointGroup("unit-endpoints", {
                listenerArn: "arn:aws:globalaccelerator::111122223333:accelerator/0a1b2c3d/listener/0f1e2d3c", endpointGroupRegion: region,
                endpointConfigurations: [{ endpointId: `arn:aws:elasticloadbalancing:${region}:111122223333:loadbalancer/app/unit/0123456789abcdef`, clientIpPreservationEnabled: false }],
            }, { provider });
        };

        it("refuses an endpoint group in a region Global Accelerator does not serve (Taipei)", async () => {
            const error = await failure(runComponents(endpointGroupIn("ap-east-2")));
            expect((error as AwsRefusal).refusals).to.deep.equal([
                "aws:globalaccelerator/endpointGroup:EndpointGroup unit-endpoints: InvalidArgumentException: Global Accelerator does not support endpoint groups in ap-east-2",
            ]);
        });

        it("accepts an endpoint group in a region it serves (Seoul)", async () => {
            const run = await runComponents(endpointGroupIn("ap-northeast-2"));
            expect(named(run.resources, types.endpointGroup, "unit-endpoints").region).to.equal("us-west-2");
        });
    });

    describe("AMI", () => {
        it("resolves the public parameter once and ignores newer images after that", async () => {
            const run = await runFixture("seoul", seoul());
            expect(run.invokes.filter((invoke) => invoke.token === types.ssm).map((invoke) => invoke.inputs.name)).to.deep.equal(["/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"]);
            const template = ofType(run.resources, types.launchTemplate)[0];
            expect(template.options.ignoreChanges).to.deep.equal(["imageId"]);
            expect(String(template.inputs.imageId)).to.match(/^ami-[0-9a-f]{17}$/);
        });

        it("uses a pinned AMI as it is, without the lookup, so moving the pin rolls the fleet", async () => {
            const run = await runFixture("seoul", seoul({ "fleet.amiId": "ami-0123456789abcdef0" }));
            expect(run.invokes.filter((invoke) => invoke.token === types.ssm)).to.deep.equal([]);
            const template = ofType(run.resources, types.launchTemplate)[0];
            expect(template.inputs.imageId).to.equal("ami-0123456789abcdef0");
            expect(template.options.ignoreChanges).to.equal(undefined);
        });
    });

    it("creates the request-count scaling policy after the listeners and rules that route to its group", async () => {
        const rules = { api: { priority: 10, conditions: { pathPatterns: ["/api/*"] }, action: { type: "forward", targetGroup: "web" } } };
        const run = await runFixture("seoul", seoul({ listenerRules: rules }));
        const policy = ofType(run.resources, types.policy)[0];
        expect(policy.options.dependsOn).to.have.members(["seoul-alb-http", "seoul-alb-https", "seoul-alb-rule-api"]);
    });

    describe("client IP preservation", () => {
        it("asks for it off by default beside DNS records", async () => {
            const run = await runFixture("seoul", seoul());
            const group = ofType(run.resources, types.endpointGroup)[0];
            expect(group.inputs.endpointConfigurations).to.deep.equal([{ endpointId: run.outputs.albArn, weight: 128, clientIpPreservationEnabled: false }]);
        });

        it("asks for it on for an internal ALB, as AWS always keeps it", async () => {
            const internal = seoul({ "alb.internal": true, "alb.ingressCidrs": ["10.0.0.0/16"], "dns.zoneName": undefined, "dns.failoverRole": undefined });
            const run = await runFixture("seoul", internal);
            const [endpoint] = ofType(run.resources, types.endpointGroup)[0].inputs.endpointConfigurations as { clientIpPreservationEnabled: boolean }[];
            expect(endpoint.clientIpPreservationEnabled).to.equal(true);
        });
    });

    describe("the global stack", () => {
        it("builds the accelerator, its listener and its record, and nothing else, all through us-west-2", async () => {
            const run = await runFixture("global", globalStack(), {});
            const custom = run.resources.filter((resource) => resource.custom);
            expect(custom.map((resource) => resource.type).sort()).to.deep.equal([
                "aws:globalaccelerator/accelerator:Accelerator", "aws:globalaccelerator/listener:Listener", "aws:route53/record:Record", "pulumi:providers:aws",
            ]);
            expect(custom.filter((resource) => resource.type !== "pulumi:providers:aws").map((resource) => resource.region)).to.deep.equal(["us-west-2", "us-west-2", "us-west-2"]);
            expect(run.invokes.map(({ token, region }) => `${token} ${region}`)).to.deep.equal(["aws:route53/getZone:getZone us-west-2"]);
            expect(named(run.resources, "aws:globalaccelerator/listener:Listener", "global-accelerator-tcp").inputs.portRanges).to.deep.equal([{ fromPort: 80, toPort: 80 }, { fromPort: 443, toPort: 443 }]);
            expect(run.outputs).to.include.keys("globalAcceleratorListenerArn", "globalAcceleratorDnsName", "globalAcceleratorRecordFqdn");
        });

        it("builds nothing when the accelerator is off", async () => {
            const run = await runFixture("global", globalStack({ "globalAccelerator.enabled": false }), {});
            expect(run.resources.filter((resource) => resource.custom && resource.type !== "pulumi:providers:aws")).to.deep.equal([]);
        });

        it("leaves regions without any accelerator or listener of their own", async () => {
            const run = await runFixture("seoul", seoul());
            expect(run.resources.map((resource) => resource.type)).to.not.include.members(["aws:globalaccelerator/accelerator:Accelerator", "aws:globalaccelerator/listener:Listener"]);
            expect(named(run.resources, "pulumi:pulumi:StackReference", "seoul-global-stack").inputs.name).to.equal("organization/app/global");
        });
    });
});

import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { AppFleet, AppFleetArgs } from "../../../components/fleet/appFleet";
import { servedRegionMarker } from "../../../components/fleet/demoPage";
import { StackRun } from "../../../offline/runStack";
import { named, ofType, runComponents } from "../../harness";

const args: AppFleetArgs = {
    vpcId: "vpc-1",
    subnetIds: ["subnet-private-a", "subnet-private-b"],
    publicIps: false,
    albSecurityGroupId: "sg-alb",
    targetGroupArns: ["arn:tg/web", "arn:tg/canary"],
    scalingTargetGroupArnSuffix: "targetgroup/web/abc",
    albArnSuffix: "app/test-alb/def",
    scalingDependsOn: [],
    port: 8080,
    healthPath: "/healthz",
    instanceType: "t3.small",
    amiParameter: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    minSize: 2,
    maxSize: 6,
    desiredCapacity: 3,
    requestsPerTarget: 500,
    tags: { team: "platform" },
};

function build(changes: Partial<AppFleetArgs> = {}, region = "ap-northeast-1"): Promise<StackRun> {
    return runComponents(() => {
        const provider = new aws.Provider(`test-${region}`, { region });
        new AppFleet("test-fleet", { ...args, ...changes }, { providers: [provider] });
    }, region);
}

describe("AppFleet", () => {
    let run: StackRun;
    before(async () => {
        run = await build();
    });

    describe("launch template", () => {
        it("boots the current Amazon Linux AMI of the region from the public SSM parameter", () => {
            const lookup = run.invokes.find((invoke) => invoke.token === "aws:ssm/getParameter:getParameter");
            expect(lookup?.inputs.name).to.equal(args.amiParameter);
            expect(lookup?.region).to.equal("ap-northeast-1");
            const template = named(run.resources, "aws:ec2/launchTemplate:LaunchTemplate", "test-fleet-lt");
            expect(template.inputs.imageId).to.match(/^ami-[0-9a-f]{17}$/);
            expect(template.inputs.instanceType).to.equal("t3.small");
        });

        it("requires IMDSv2 and keeps instances off public IPs behind NAT", () => {
            const template = named(run.resources, "aws:ec2/launchTemplate:LaunchTemplate", "test-fleet-lt");
            expect(template.inputs.metadataOptions).to.deep.equal({ httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
            const fleetGroup = named(run.resources, "aws:ec2/securityGroup:SecurityGroup", "test-fleet-sg");
            expect(template.inputs.networkInterfaces).to.deep.equal([{ deviceIndex: 0, associatePublicIpAddress: "false", securityGroups: [fleetGroup.id], deleteOnTermination: "true" }]);
        });

        it("serves a page naming its region and a health endpoint on the target port", () => {
            const template = named(run.resources, "aws:ec2/launchTemplate:LaunchTemplate", "test-fleet-lt");
            const script = Buffer.from(String(template.inputs.userData), "base64").toString("utf8");
            expect(script).to.match(/^#!\/bin\/bash/);
            expect(script).to.include('ThreadingHTTPServer(("", 8080), Handler)');
            expect(script).to.include('self.path == "/healthz"');
            expect(script).to.include(servedRegionMarker("%(region)s").replace(/"/g, '\\"'));
        });
    });

    describe("auto scaling group", () => {
        it("spreads over the given subnets and registers in every target group, replacing instances the ALB finds unhealthy", () => {
            const group = named(run.resources, "aws:autoscaling/group:Group", "test-fleet");
            expect(group.inputs).to.include({ minSize: 2, maxSize: 6, desiredCapacity: 3, healthCheckType: "ELB" });
            expect(group.inputs.vpcZoneIdentifiers).to.deep.equal(["subnet-private-a", "subnet-private-b"]);
            expect(group.inputs.targetGroupArns).to.deep.equal(["arn:tg/web", "arn:tg/canary"]);
            expect(group.inputs.instanceRefresh).to.deep.equal({ strategy: "Rolling", preferences: { minHealthyPercentage: 50 } });
            expect(group.options.ignoreChanges).to.deep.equal(["desiredCapacity"]);
        });

        it("scales on ALB requests per target of the scaling target group", () => {
            const policy = named(run.resources, "aws:autoscaling/policy:Policy", "test-fleet-requests");
            expect(policy.inputs.policyType).to.equal("TargetTrackingScaling");
            expect(policy.inputs.targetTrackingConfiguration).to.deep.equal({
                predefinedMetricSpecification: { predefinedMetricType: "ALBRequestCountPerTarget", resourceLabel: "app/test-alb/def/targetgroup/web/abc" },
                targetValue: 500,
            });
        });

        it("tags instances at launch", () => {
            const group = named(run.resources, "aws:autoscaling/group:Group", "test-fleet");
            expect(group.inputs.tags).to.deep.include({ key: "team", value: "platform", propagateAtLaunch: true });
        });
    });

    describe("security group", () => {
        it("admits only the ALB's group, on the app port", () => {
            const ingress = ofType(run.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
            expect(ingress.map((rule) => rule.inputs)).to.deep.equal([{
                securityGroupId: named(run.resources, "aws:ec2/securityGroup:SecurityGroup", "test-fleet-sg").id,
                ipProtocol: "tcp", fromPort: 8080, toPort: 8080, referencedSecurityGroupId: "sg-alb", description: "App port 8080 from the ALB",
            }]);
        });

        it("lets only HTTPS out", () => {
            const egress = ofType(run.resources, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
            expect(egress.map((rule) => [rule.inputs.fromPort, rule.inputs.toPort, rule.inputs.cidrIpv4])).to.deep.equal([[443, 443, "0.0.0.0/0"]]);
        });
    });

    it("gives instances public IPs only when the VPC has no NAT", async () => {
        const publicRun = await build({ publicIps: true, subnetIds: ["subnet-public-a", "subnet-public-b"] });
        const template = named(publicRun.resources, "aws:ec2/launchTemplate:LaunchTemplate", "test-fleet-lt");
        expect((template.inputs.networkInterfaces as { associatePublicIpAddress: string }[])[0].associatePublicIpAddress).to.equal("true");
    });
});

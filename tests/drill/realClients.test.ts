/**
 * The real construction path of `drill run` and `drill restore` (drill/cli/dependencies.ts): the
 * SDK clients in their APIs' regions whatever the environment says, the Automation API facade,
 * and the test-world switch that the terminal tests use (and nothing else).
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { DescribeEndpointGroupCommand, GlobalAcceleratorClient } from "@aws-sdk/client-global-accelerator";
import { GetHealthCheckCommand, Route53Client } from "@aws-sdk/client-route-53";
import { Route53RecoveryClusterClient } from "@aws-sdk/client-route53-recovery-cluster";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { realDependencies, testWorldVariable, worldDependencies } from "../../drill/cli/dependencies";
import { LocalWorkspaceAutomation } from "../../drill/clients/realAutomation";
import { nodeHttpProber, realAwsClients, systemClock, systemResolver } from "../../drill/clients/realNetwork";
import { readEndpointGroup } from "../../drill/signals/accelerator";
import { projectDir } from "./fakes";

describe("drill's real dependencies", () => {
    const saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION };
    beforeEach(() => {
        // An operator in Seoul: the SDK would default every client to ap-northeast-2.
        process.env.AWS_REGION = "ap-northeast-2";
        process.env.AWS_DEFAULT_REGION = "ap-northeast-2";
    });
    afterEach(() => {
        for (const [key, value] of Object.entries(saved)) {
            if (value === undefined) {
                delete process.env[key];
            } else {
                process.env[key] = value;
            }
        }
    });

    it("forces Global Accelerator to us-west-2 and Route 53 to us-east-1, whatever AWS_REGION says", async () => {
        const aws = realAwsClients();
        expect(aws.globalAccelerator).to.be.instanceOf(GlobalAcceleratorClient);
        expect(await aws.globalAccelerator.config.region()).to.equal("us-west-2");
        expect(aws.route53).to.be.instanceOf(Route53Client);
        expect(await aws.route53.config.region()).to.equal("us-east-1");
        expect(aws.globalAccelerator).to.equal(aws.globalAccelerator, "created once");
    });

    it("builds CloudWatch clients in each alarm's own region and one ARC client per cluster endpoint, signed for its region", async () => {
        const aws = realAwsClients();
        const seoul = aws.cloudWatch!("ap-northeast-2");
        expect(seoul).to.be.instanceOf(CloudWatchClient);
        expect(await aws.cloudWatch!("ap-northeast-1").config.region()).to.equal("ap-northeast-1");
        expect(aws.cloudWatch!("ap-northeast-2")).to.equal(seoul, "created once per region");
        const endpoint = "https://abcd1234.route53-recovery-cluster.eu-west-1.amazonaws.com/v1";
        const cluster = aws.recoveryCluster!(endpoint, "eu-west-1");
        expect(cluster).to.be.instanceOf(Route53RecoveryClusterClient);
        expect(await cluster.config.region()).to.equal("eu-west-1");
        const resolved = await cluster.config.endpoint!();
        expect(`${resolved.protocol}//${resolved.hostname}${resolved.path}`).to.equal(endpoint);
        expect(aws.recoveryCluster!(endpoint, "eu-west-1")).to.equal(cluster, "created once per endpoint");
    });

    it("builds the fault lever's Elastic Load Balancing client in the target's own region, once per region", async () => {
        const aws = realAwsClients();
        const tokyo = aws.elbv2!("ap-northeast-1");
        expect(tokyo).to.be.instanceOf(ElasticLoadBalancingV2Client);
        expect(await tokyo.config.region()).to.equal("ap-northeast-1");
        expect(aws.elbv2!("ap-northeast-1")).to.equal(tokyo, "created once per region");
    });

    it("sends the drill's calls through those clients (class-level mocks see the instances the CLI builds)", async () => {
        const accelerator = mockClient(GlobalAcceleratorClient);
        const route53 = mockClient(Route53Client);
        try {
            accelerator.on(DescribeEndpointGroupCommand).resolves({ EndpointGroup: { TrafficDialPercentage: 40, EndpointDescriptions: [] } });
            route53.on(GetHealthCheckCommand).resolves({});
            const { aws } = realDependencies(projectDir);
            expect((await readEndpointGroup(aws.globalAccelerator, "arn:eg")).trafficDial).to.equal(40);
            const call = accelerator.commandCalls(DescribeEndpointGroupCommand)[0];
            expect(call.args[0].input).to.deep.equal({ EndpointGroupArn: "arn:eg" });
            expect(await (call.thisValue as GlobalAcceleratorClient).config.region()).to.equal("us-west-2");
        } finally {
            accelerator.restore();
            route53.restore();
        }
    });

    it("builds the Automation API facade, the system clock, prober and resolver for the CLI", async () => {
        const world = await worldDependencies(projectDir, undefined, {});
        expect(world.automation).to.be.instanceOf(LocalWorkspaceAutomation);
        expect(world.clock).to.equal(systemClock);
        expect(world.prober).to.equal(nodeHttpProber);
        expect(world.resolver).to.equal(systemResolver);
        expect(await world.aws.globalAccelerator.config.region()).to.equal("us-west-2");
    });

    it(`uses a test world only when ${testWorldVariable} names one`, async () => {
        const world = await worldDependencies(projectDir, undefined, { [testWorldVariable]: `${__dirname}/pty/world.ts` });
        expect(world.automation).to.not.be.instanceOf(LocalWorkspaceAutomation);
    });
});

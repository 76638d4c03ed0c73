import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { RoutingControls, validateRoutingControls } from "../../../components/traffic/routingControls";
import { recoveryClusterEndpointRegions } from "../../../domain/awsFacts";
import { OfflineAwsMocks } from "../../../offline/awsMocks";
import { runStack } from "../../../offline/runStack";
import { named, ofType, projectFiles, runComponents, testWorld, valueOf } from "../../harness";

describe("RoutingControls", () => {
    it("creates the cluster, control panel, one routing control per region and the safety rule, all in us-west-2", async () => {
        let endpoints: Promise<{ endpoint: string; region: string }[]> | undefined;
        const run = await runComponents(() => {
            const oregon = new aws.Provider("test-us-west-2", { region: "us-west-2" });
            const controls = new RoutingControls("env-routing", { provider: oregon, regions: ["ap-northeast-2", "ap-northeast-1", "ap-northeast-3"], minimumOn: 2 });
            endpoints = valueOf(controls.clusterEndpoints);
        });
        const arc = run.resources.filter((resource) => resource.type.startsWith("aws:route53recoverycontrol/"));
        expect(arc).to.have.length(6);
        for (const resource of arc) {
            expect(resource.region, resource.name).to.equal("us-west-2");
        }
        const panel = named(run.resources, "aws:route53recoverycontrol/controlPanel:ControlPanel", "env-routing-panel");
        const controls = ofType(run.resources, "aws:route53recoverycontrol/routingControl:RoutingControl");
        expect(controls.map((control) => control.name)).to.deep.equal(["env-routing-ap-northeast-2", "env-routing-ap-northeast-1", "env-routing-ap-northeast-3"]);
        for (const control of controls) {
            expect(control.inputs.controlPanelArn).to.equal(panel.state.arn);
        }
        const rule = named(run.resources, "aws:route53recoverycontrol/safetyRule:SafetyRule", "env-routing-keep-on");
        expect(rule.inputs.assertedControls).to.deep.equal(controls.map((control) => control.state.arn));
        expect(rule.inputs.ruleConfig).to.deep.equal({ type: "ATLEAST", threshold: 2, inverted: false });
        expect((await endpoints!).map((endpoint) => endpoint.region)).to.deep.equal([...recoveryClusterEndpointRegions]);
    });

    it("validates the regions and the safety rule's minimum at both sides", () => {
        expect(validateRoutingControls({ regions: ["ap-northeast-2"], minimumOn: 1 })[0]).to.match(/at least 2 regions/);
        expect(validateRoutingControls({ regions: ["ap-northeast-2", "ap-northeast-1"], minimumOn: 1 })).to.deep.equal([]);
        expect(validateRoutingControls({ regions: ["ap-northeast-2", "ap-northeast-1"], minimumOn: 2 })[0]).to.match(/minimumOn must be 1..1, got 2/);
        expect(validateRoutingControls({ regions: ["ap-northeast-2", "ap-northeast-1"], minimumOn: 0 })[0]).to.match(/minimumOn must be 1..1, got 0/);
    });

    it("is refused by the mocks outside us-west-2, like ARC's configuration API", async () => {
        const mocks = new OfflineAwsMocks("unit", "aws", testWorld);
        await runStack("unit", {
            files: projectFiles, style: "aws", world: testWorld, config: { "aws:region": "ap-northeast-2" }, mocks,
            program: async () => {
                new RoutingControls("env-routing", { provider: new aws.Provider("test-seoul", { region: "ap-northeast-2" }), regions: ["ap-northeast-2", "ap-northeast-1"] });
                return {};
            },
        }).catch(() => undefined);
        expect(mocks.refusals.join("\n")).to.include("recovery-control configuration API is only in us-west-2; aws:route53recoverycontrol/cluster:Cluster was sent to ap-northeast-2");
    });
});

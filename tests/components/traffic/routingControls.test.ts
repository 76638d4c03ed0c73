import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { RoutingControls, validateRoutingControls } from "../../../components/traffic/routingControls";
import { RoutingControlInitialState, RoutingControlInitialStateArgs } from "../../../components/traffic/routingControlInitialState";
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

describe("offline mocks: ARC safety rules", () => {
    async function refusalsOf(ruleArgs: (controls: aws.route53recoverycontrol.RoutingControl[], panel: aws.route53recoverycontrol.ControlPanel) => Partial<aws.route53recoverycontrol.SafetyRuleArgs>): Promise<string[]> {
        const mocks = new OfflineAwsMocks("unit", "aws", testWorld);
        await runStack("unit", {
            files: projectFiles, style: "aws", world: testWorld, config: { "aws:region": "us-west-2" }, mocks,
            program: async () => {
                const provider = new aws.Provider("test-us-west-2", { region: "us-west-2" });
                const cluster = new aws.route53recoverycontrol.Cluster("cluster", {}, { provider });
                const panel = new aws.route53recoverycontrol.ControlPanel("panel", { clusterArn: cluster.arn }, { provider });
                const other = new aws.route53recoverycontrol.ControlPanel("other-panel", { clusterArn: cluster.arn }, { provider });
                const controls = [panel, panel, other].map((owner, index) => new aws.route53recoverycontrol.RoutingControl(`control-${index}`, { clusterArn: cluster.arn, controlPanelArn: owner.arn }, { provider }));
                new aws.route53recoverycontrol.SafetyRule("rule", {
                    controlPanelArn: panel.arn, waitPeriodMs: 5000, ruleConfig: { type: "ATLEAST", threshold: 1, inverted: false }, ...ruleArgs(controls, panel),
                }, { provider });
                return {};
            },
        }).catch(() => undefined);
        return mocks.refusals;
    }

    it("refuse an ATLEAST threshold above the asserted controls, and accept it at their number", async () => {
        const rule = (threshold: number) => (controls: aws.route53recoverycontrol.RoutingControl[]) => ({
            assertedControls: controls.slice(0, 2).map((control) => control.arn), ruleConfig: { type: "ATLEAST", threshold, inverted: false },
        });
        expect((await refusalsOf(rule(3))).join("\n")).to.include("ATLEAST threshold 3 must be 1..2");
        expect(await refusalsOf(rule(2))).to.deep.equal([]);
    });

    it("refuse asserting a routing control of another control panel", async () => {
        expect((await refusalsOf((controls) => ({ assertedControls: controls.map((control) => control.arn) }))).join("\n")).to.match(/routing controls .*routingcontrol.* are not in control panel/);
    });
});

describe("offline mocks: ARC routing controls and their first state", () => {
    async function refusalsOf(build: (provider: aws.Provider) => void): Promise<string[]> {
        const mocks = new OfflineAwsMocks("unit", "aws", testWorld);
        await runStack("unit", {
            files: projectFiles, style: "aws", world: testWorld, config: { "aws:region": "us-west-2" }, mocks,
            program: async () => { build(new aws.Provider("test-us-west-2", { region: "us-west-2" })); return {}; },
        }).catch(() => undefined);
        return mocks.refusals;
    }
    const cluster = "arn:aws:route53-recovery-control::111122223333:cluster/0123";
    const control = "arn:aws:route53-recovery-control::111122223333:controlpanel/0123456789abcdef0123456789abcdef/routingcontrol/0123456789abcdef";
    const endpoints = [{ endpoint: "https://abcd.route53-recovery-cluster.us-west-2.amazonaws.com/v1", region: "us-west-2" }];

    it("refuse a routing control name CreateRoutingControl refuses (64 characters, no white space), at the boundary", async () => {
        const named = (name: string) => (provider: aws.Provider) => { new aws.route53recoverycontrol.RoutingControl("control", { clusterArn: cluster, name }, { provider }); };
        expect((await refusalsOf(named("x".repeat(65)))).join("\n")).to.include("ValidationException: RoutingControlName must be 1..64 characters without white space");
        expect((await refusalsOf(named("seoul region"))).join("\n")).to.include("without white space");
        expect(await refusalsOf(named("x".repeat(64)))).to.deep.equal([]);
    });

    it("refuse a first state UpdateRoutingControlState refuses: a state other than On or Off, an ARN outside the model's pattern, no endpoints", async () => {
        const first = (inputs: Partial<{ routingControlArn: string; clusterEndpoints: typeof endpoints; state: string }>) => () => {
            new RoutingControlInitialState("first", { routingControlArn: control, clusterEndpoints: endpoints, ...inputs } as RoutingControlInitialStateArgs);
        };
        expect((await refusalsOf(first({ state: "ON" }))).join("\n")).to.include('RoutingControlState must be On or Off, got "ON"');
        expect((await refusalsOf(first({ routingControlArn: `${control} ` }))).join("\n")).to.include("RoutingControlArn must be 1..255 characters of");
        expect((await refusalsOf(first({ clusterEndpoints: [] }))).join("\n")).to.include("no cluster endpoint to call");
        expect(await refusalsOf(first({}))).to.deep.equal([]);
    });
});

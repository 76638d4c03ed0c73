/**
 * The control planes each failover path needs (domain/controlPlanes.ts): which paths a stack has,
 * each API's plane, region and source, and the warning for a stack whose only levers need a
 * control plane in the region they would take it out of.
 */
import { expect } from "chai";
import {
    controlPlaneWarnings, describeControlPlaneWarning, failoverPaths, pathPlanes, pathsOf, regionOf, StackPathsInput,
} from "../../domain/controlPlanes";

const stack = (overrides: Partial<StackPathsInput>): StackPathsInput => ({
    stack: "virginia", region: "us-east-1", dns: true, weighted: false, followedAlarms: false, routingControl: false, accelerator: false, ...overrides,
});

describe("control planes of the failover paths", () => {
    describe("the data", () => {
        it("names the AWS page of every API and function each path uses", () => {
            const uses = failoverPaths.flatMap((path) => [...pathPlanes[path].detection, ...pathPlanes[path].lever]);
            expect(uses.length).to.be.above(10);
            expect(uses.filter((use) => !use.source.startsWith("https://docs.aws.amazon.com/"))).to.deep.equal([]);
        });

        it("has Route 53's control plane in us-east-1, Global Accelerator's in us-west-2, and routing-control states on ARC's data plane", () => {
            expect(pathPlanes["endpoint-health-check"].lever[0]).to.deep.include({ operation: "UpdateHealthCheck", plane: "control", location: { kind: "fixed", region: "us-east-1" } });
            expect(pathPlanes.accelerator.lever[0]).to.deep.include({ operation: "UpdateEndpointGroup", plane: "control", location: { kind: "fixed", region: "us-west-2" } });
            expect(pathPlanes["routing-control"].lever[0]).to.deep.include({ operation: "UpdateRoutingControlState", plane: "data", location: { kind: "cluster" } });
            expect(pathPlanes["followed-alarm"].lever).to.deep.equal([]);
            // drill shift: a change batch of the weighted record and the dial, both control planes.
            expect(pathPlanes.shift.lever.map((use) => [use.operation, use.plane, regionOf(use.location, "ap-northeast-1")])).to.deep.equal([
                ["ChangeResourceRecordSets", "control", "us-east-1"], ["UpdateEndpointGroup", "control", "us-west-2"],
            ]);
        });

        it("detects failures on data planes only", () => {
            const detection = failoverPaths.flatMap((path) => pathPlanes[path].detection);
            expect(detection.filter((use) => use.plane !== "data")).to.deep.equal([]);
        });

        it("places an API in a region: fixed, the stack's, or none (edge, cluster)", () => {
            expect(regionOf({ kind: "fixed", region: "us-west-2" }, "ap-northeast-1")).to.equal("us-west-2");
            expect(regionOf({ kind: "stack" }, "ap-northeast-1")).to.equal("ap-northeast-1");
            expect(regionOf({ kind: "edge" }, "ap-northeast-1")).to.equal(undefined);
            expect(regionOf({ kind: "cluster" }, "ap-northeast-1")).to.equal(undefined);
        });
    });

    describe("the paths of a stack", () => {
        it("follows its settings", () => {
            expect(pathsOf(stack({}))).to.deep.equal(["endpoint-health-check", "config-lever", "fault-lever"]);
            expect(pathsOf(stack({ followedAlarms: true, routingControl: true, accelerator: true }))).to.deep.equal([...failoverPaths]);
            // Without DNS there is nothing for alarms or routing controls to take out of.
            expect(pathsOf(stack({ dns: false, followedAlarms: true, routingControl: true, accelerator: true }))).to.deep.equal(["accelerator", "config-lever", "fault-lever", "shift"]);
            expect(pathsOf(stack({ dns: false }))).to.deep.equal([]);
            // A shift moves a weighted record's weight or an accelerator dial: a stack with neither has nothing to shift.
            expect(pathsOf(stack({ weighted: true }))).to.deep.equal(["endpoint-health-check", "config-lever", "fault-lever", "shift"]);
            expect(pathsOf(stack({ dns: false, weighted: true }))).to.deep.equal([]);
        });
    });

    describe("the warning", () => {
        it("warns for a stack in us-east-1 whose only DNS levers need Route 53's control plane there", () => {
            const [warning, ...rest] = controlPlaneWarnings([stack({})]);
            expect(rest).to.deep.equal([]);
            expect(warning).to.deep.equal({
                stack: "virginia", region: "us-east-1", traffic: "dns", levers: [
                    { path: "endpoint-health-check", controlPlanes: ["Route 53 UpdateHealthCheck"] },
                    { path: "config-lever", controlPlanes: ["Route 53 UpdateHealthCheck"] },
                    { path: "fault-lever", controlPlanes: ["Elastic Load Balancing CreateRule / DeleteRule"] },
                ],
            });
            expect(describeControlPlaneWarning(warning)).to.equal("virginia (us-east-1): every lever that takes it out of DNS answers needs a control plane in us-east-1, the region it would leave: " +
                "endpoint health check (Route 53 UpdateHealthCheck); config lever (Route 53 UpdateHealthCheck); fault lever (Elastic Load Balancing CreateRule / DeleteRule). " +
                "If us-east-1 is impaired, so may they be; turn on routing controls (app:routingControls.enabled), whose states change through ARC's data plane (REL11-BP04)");
        });

        it("lists the shift among a weighted stack's DNS levers in us-east-1 (its weight change is a call to Route 53's control plane), and not among an unweighted one's", () => {
            expect(controlPlaneWarnings([stack({ weighted: true })])[0].levers.map((lever) => lever.path)).to.deep.equal(["endpoint-health-check", "config-lever", "fault-lever", "shift"]);
            expect(controlPlaneWarnings([stack({ accelerator: true })]).find((warning) => warning.traffic === "dns")!.levers.map((lever) => lever.path))
                .to.deep.equal(["endpoint-health-check", "config-lever", "fault-lever"]);
        });

        it("does not warn once a routing control (a data-plane lever) moves the same traffic", () => {
            expect(controlPlaneWarnings([stack({ routingControl: true })])).to.deep.equal([]);
        });

        it("does not warn for a region whose levers' control planes are elsewhere", () => {
            expect(controlPlaneWarnings([stack({ stack: "seoul", region: "ap-northeast-2", accelerator: true })])).to.deep.equal([]);
            // The accelerator's dial is set in us-west-2: a stack in us-east-1 can still leave the accelerator.
            expect(controlPlaneWarnings([stack({ dns: false, accelerator: true })])).to.deep.equal([]);
        });

        it("warns for a stack in us-west-2 whose only accelerator levers need Global Accelerator's control plane there", () => {
            const warnings = controlPlaneWarnings([stack({ stack: "oregon", region: "us-west-2", accelerator: true, routingControl: true })]);
            expect(warnings.map((warning) => [warning.stack, warning.traffic, warning.levers.map((lever) => lever.path)])).to.deep.equal([
                ["oregon", "accelerator", ["accelerator", "config-lever", "shift"]],
            ]);
            expect(describeControlPlaneWarning(warnings[0])).to.contain("keep the accelerator's control plane out of the set's regions");
        });
    });
});

/**
 * The plan's control-plane section (offline/controlPlaneText.ts) and its data in plan.json
 * (config/controlPlanes.ts), from the fixture's stack files and a variant with a region in us-east-1.
 */
import { expect } from "chai";
import { controlPlaneReports } from "../../config/controlPlanes";
import { loadAllStackConfigs, readProject } from "../../config/stackFiles";
import { controlPlaneLines } from "../../offline/controlPlaneText";
import { projectFiles } from "../harness";
import { projectVariant } from "../drill/projects";

/** The fixture with Tokyo moved to us-east-1 (its certificates with it). */
const virginia = () => projectVariant({
    "Pulumi.tokyo.yaml": [
        ["  aws:region: ap-northeast-1\n", "  aws:region: us-east-1\n"],
        ["arn:aws:acm:ap-northeast-1:111122223333:certificate/3a4b5c6d", "arn:aws:acm:us-east-1:111122223333:certificate/3a4b5c6d"],
        ["arn:aws:acm:ap-northeast-1:111122223333:certificate/9e8d7c6b", "arn:aws:acm:us-east-1:111122223333:certificate/9e8d7c6b"],
    ],
});

describe("plan: the control planes each failover path needs", () => {
    it("lists each path of the fixture's stacks with its detection and lever, and no warning", () => {
        const reports = controlPlaneReports(loadAllStackConfigs(projectFiles));
        expect(reports.map((report) => [report.environment, report.stacks.map((stack) => stack.stack), report.warnings])).to.deep.equal([["production", ["seoul", "tokyo"], []]]);
        const lines = controlPlaneLines({ controlPlanes: reports });
        expect(lines[0]).to.equal("Control planes each failover path needs (production; recovery should rely on data planes, Well-Architected REL11-BP04):");
        expect(lines).to.include.members([
            "  endpoint health check (seoul, tokyo): automatic; by hand, Inverted=true on the region's check (drill --lever health-check)",
            "    detects: Route 53 health checkers (data, edge); Route 53 DNS answers (data, edge)",
            "    lever:   Route 53 UpdateHealthCheck (control, us-east-1)",
            "    lever:   Global Accelerator UpdateEndpointGroup (control, us-west-2)",
        ]);
        // drill shift moves the weighted records and the dials: both control planes, neither in the stacks' regions.
        expect(lines).to.include.members([
            "    lever:   Route 53 ChangeResourceRecordSets (control, us-east-1); Global Accelerator UpdateEndpointGroup (control, us-west-2)",
        ]);
        expect(lines.filter((line) => line.includes("routing control"))).to.deep.equal([]);
        expect(lines.filter((line) => line.includes("[warning]"))).to.deep.equal([]);
    });

    it("warns for a stack in us-east-1 whose only DNS levers need Route 53's control plane there, in the text and in plan.json", () => {
        const reports = controlPlaneReports(loadAllStackConfigs(readProject(virginia())));
        expect(reports[0].warnings).to.have.length(1);
        expect(reports[0].warnings[0]).to.match(/^tokyo \(us-east-1\): every lever that takes it out of DNS answers needs a control plane in us-east-1/);
        expect(controlPlaneLines({ controlPlanes: reports }).filter((line) => line.startsWith("  [warning] "))).to.deep.equal([`  [warning] ${reports[0].warnings[0]}`]);
        expect(JSON.parse(JSON.stringify(reports))[0].paths["endpoint-health-check"].lever[0]).to.deep.include({ service: "Route 53", operation: "UpdateHealthCheck", plane: "control" });
    });
});

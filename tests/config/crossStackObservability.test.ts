import { expect } from "chai";
import { StackConfig, validateStackConfig } from "../../config/load";
import { checkAcrossStacks, CrossStackFinding } from "../../config/crossStack";
import { configFor } from "../harness";

/** The fixture's stack file with changes, validated. */
function stack(file: "global" | "seoul" | "tokyo", changes: Record<string, unknown> = {}, name: string = file): StackConfig {
    const result = validateStackConfig({ stack: name, project: "app", values: configFor(file, changes) });
    expect(result.problems, result.problems.join("\n")).to.deep.equal([]);
    return result.config!;
}

const only = (check: string, configs: StackConfig[]): CrossStackFinding[] =>
    checkAcrossStacks(configs.map((config) => ({ config }))).filter((finding) => finding.check === check);

const owner = { "routingControls.enabled": true, "routingControls.owner": true, "routingControls.regions": ["ap-northeast-2", "ap-northeast-1"] };
const member = { "routingControls.enabled": true, "routingControls.ownerStack": "organization/app/seoul" };

describe("cross-stack checks: routing controls and dashboard", () => {
    it("pass one routing-control owner with a control for each member, and one dashboard that shows every region", () => {
        const configs = [stack("global"), stack("seoul", owner), stack("tokyo", { ...member, "dashboard.owner": true, "dashboard.stacks": ["organization/app/seoul"] })];
        expect(checkAcrossStacks(configs.map((config) => ({ config })))).to.deep.equal([]);
    });

    it("need exactly one routing-control owner", () => {
        expect(only("routing-control-owner", [stack("seoul", owner), stack("tokyo", { ...owner, "routingControls.regions": ["ap-northeast-1", "ap-northeast-2"] })])[0].message)
            .to.equal("routing controls need exactly one owner stack (app:routingControls.owner: true), found 2 (seoul, tokyo)");
        expect(only("routing-control-owner", [stack("seoul", { ...member, "routingControls.ownerStack": "organization/app/tokyo" }), stack("tokyo", member)])[0].message)
            .to.match(/found 0$/);
    });

    it("name the owners when there are too many, and every member when there is none", () => {
        const tooMany = only("routing-control-owner", [stack("seoul", owner), stack("tokyo", { ...owner, "routingControls.regions": ["ap-northeast-1", "ap-northeast-2"] }), stack("tokyo", member, "tokyo-b")]);
        expect(tooMany.map(({ message, stacks }) => ({ message, stacks }))).to.deep.equal([
            { message: "routing controls need exactly one owner stack (app:routingControls.owner: true), found 2 (seoul, tokyo)", stacks: ["seoul", "tokyo"] },
        ]);
        const none = only("routing-control-owner", [stack("seoul", member), stack("tokyo", member)]);
        expect(none.map(({ message, stacks }) => ({ message, stacks }))).to.deep.equal([
            { message: "routing controls need exactly one owner stack (app:routingControls.owner: true), found 0", stacks: ["seoul", "tokyo"] },
        ]);
    });

    it("report a member that reads another stack than the owner", () => {
        const list = only("routing-control-owner", [stack("seoul", owner), stack("tokyo", { ...member, "routingControls.ownerStack": "organization/app/osaka" })]);
        expect(list.map((finding) => finding.stacks)).to.deep.equal([["tokyo", "seoul"]]);
        expect(list.map((finding) => finding.message)).to.deep.equal([
            'tokyo reads its routing control from "organization/app/osaka", but the owner is seoul: set app:routingControls.ownerStack to <organization>/<project>/seoul',
        ]);
    });

    it("name the owner and every member whose region has no control", () => {
        const list = only("routing-control-regions", [stack("seoul", { ...owner, "routingControls.regions": ["ap-northeast-2", "ap-northeast-3"] }), stack("tokyo", member), stack("tokyo", member, "tokyo-b")]);
        expect(list.map(({ message, stacks }) => ({ message, stacks }))).to.deep.equal([{
            message: "seoul's app:routingControls.regions leaves out ap-northeast-1 (tokyo), ap-northeast-1 (tokyo-b): every stack with routing controls needs its region's control",
            stacks: ["seoul", "tokyo", "tokyo-b"],
        }]);
    });

    it("name the dashboard's owner and every stack it leaves out", () => {
        const list = only("dashboard-regions", [stack("seoul"), stack("seoul", {}, "seoul-b"), stack("tokyo", { "dashboard.stacks": [] })]);
        expect(list.map(({ message, stacks }) => ({ message, stacks }))).to.deep.equal([{
            message: "tokyo's dashboard leaves out seoul, seoul-b: add <organization>/<project>/<stack> to its app:dashboard.stacks",
            stacks: ["tokyo", "seoul", "seoul-b"],
        }]);
    });

    it("report an owner without a control for a member's region", () => {
        const list = only("routing-control-regions", [stack("seoul", { ...owner, "routingControls.regions": ["ap-northeast-2", "ap-northeast-3"] }), stack("tokyo", member)]);
        expect(list[0]).to.include({ level: "error" });
        expect(list[0].message).to.contain("leaves out ap-northeast-1 (tokyo)");
    });

    it("allow one dashboard owner, and warn when it leaves a region out", () => {
        const dashboard = (stacks: string[]) => ({ "dashboard.owner": true, "dashboard.stacks": stacks });
        expect(only("dashboard-owner", [stack("seoul", dashboard(["organization/app/tokyo"])), stack("tokyo", dashboard(["organization/app/seoul"]))])[0].message)
            .to.contain("found 2 (seoul, tokyo)");
        const partial = only("dashboard-regions", [stack("seoul"), stack("tokyo", dashboard([]))]);
        expect(partial[0]).to.include({ level: "warning" });
        expect(partial[0].message).to.equal("tokyo's dashboard leaves out seoul: add <organization>/<project>/<stack> to its app:dashboard.stacks");
        expect(only("dashboard-regions", [stack("seoul"), stack("tokyo", dashboard(["organization/app/seoul"]))])).to.deep.equal([]);
    });
});

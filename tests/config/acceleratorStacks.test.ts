/**
 * The accelerator across stacks: the global stack owns it, regions join it, the plan computes
 * the deploy and destroy order and refuses the sets AWS would refuse.
 */
import { expect } from "chai";
import { checkAcrossStacks, CrossStackFinding } from "../../config/crossStack";
import { deployOrder, deployWaves, destroyOrder } from "../../config/acceleratorStacks";
import { StackConfig } from "../../config/load";
import { planFails, planProject } from "../../offline/planner";
import { renderPlan } from "../../offline/render";
import { fixtureProject, globalStack, regionalStack, StackValues, valid, validate } from "../fixtures/awsFidelity";
import { unwrapped } from "../text";

const seoul = (changes: StackValues = {}) => regionalStack("ap-northeast-2", "PRIMARY", changes);
const tokyo = (changes: StackValues = {}) => regionalStack("ap-northeast-1", "SECONDARY", changes);

function findings(...configs: StackConfig[]): CrossStackFinding[] {
    return checkAcrossStacks(configs.map((config) => ({ config })));
}

const about = (check: string, list: CrossStackFinding[]) => list.filter((finding) => finding.check === check).map(({ level, message }) => `${level}: ${message}`);
const stacksOf = (check: string, list: CrossStackFinding[]) => list.filter((finding) => finding.check === check).map((finding) => finding.stacks);
const waves = (...configs: StackConfig[]) => deployWaves(configs).map((wave) => wave.map((config) => config.stack));

/** Routing controls owned by `owner` (it controls Seoul, Tokyo and Osaka), and a member reading them. */
const routingOwner = { "routingControls.enabled": true, "routingControls.owner": true, "routingControls.regions": ["ap-northeast-2", "ap-northeast-1", "ap-northeast-3"] };
const routingMember = (owner: string) => ({ "routingControls.enabled": true, "routingControls.ownerStack": `organization/app/${owner}` });
const dashboardOf = (...stacks: string[]) => ({ "dashboard.owner": true, "dashboard.stacks": stacks.map((stack) => `organization/app/${stack}`) });
const noAccelerator = { "globalAccelerator.enabled": false };

describe("Global Accelerator across stacks", () => {
    it("passes a global stack with two regions joining it", () => {
        expect(findings(valid("global", globalStack()), valid("seoul", seoul()), valid("tokyo", tokyo()))).to.deep.equal([]);
    });

    describe("order", () => {
        it("deploys the global stack first and the joining regions after it; destroys in reverse", () => {
            const stacks = [valid("tokyo", tokyo()), valid("seoul", seoul()), valid("global", globalStack()), valid("osaka", regionalStack("ap-northeast-3", "SECONDARY", { "globalAccelerator.enabled": false }))];
            expect(deployOrder(stacks).map((config) => config.stack)).to.deep.equal(["global", "osaka", "seoul", "tokyo"]);
            expect(destroyOrder(stacks).map((config) => config.stack)).to.deep.equal(["tokyo", "seoul", "osaka", "global"]);
        });

        it("prints the order in the plan and plans the global stack before the regions", async () => {
            const plan = await planProject(fixtureProject({ tokyo: tokyo(), seoul: seoul(), global: globalStack() }));
            expect(plan.stacks.map((stack) => stack.stack)).to.deep.equal(["global", "seoul", "tokyo"]);
            const text = renderPlan(plan);
            expect(text).to.include("Deploy order: global -> seoul -> tokyo");
            expect(text).to.include("Destroy order: tokyo -> seoul -> global");
            expect(planFails(plan)).to.equal(false);
            // The regions' endpoint groups sit on the global stack's listener, every AWS call of the global stack in us-west-2.
            const group = plan.stacks[1].resources.find((resource) => resource.type === "aws:globalaccelerator/endpointGroup:EndpointGroup");
            expect(group?.inputs.listenerArn).to.equal("${global-accelerator-tcp.id}");
            expect(plan.stacks[0].resources.filter((resource) => resource.region !== undefined).map((resource) => resource.region)).to.satisfy((regions: string[]) => regions.length > 0 && regions.every((region) => region === "us-west-2"));
        });

        it("deploys in waves: the global stack and stacks that read nothing first, the regions that join it together after", () => {
            const osaka = valid("osaka", regionalStack("ap-northeast-3", "SECONDARY", noAccelerator));
            expect(waves(valid("tokyo", tokyo()), valid("seoul", seoul()), valid("global", globalStack()), osaka)).to.deep.equal([["global", "osaka"], ["seoul", "tokyo"]]);
        });

        it("puts a routing-control member after its owner, and a dashboard's owner after the stacks it shows, whatever their names", () => {
            expect(waves(valid("seoul", seoul({ ...noAccelerator, ...routingMember("tokyo") })), valid("tokyo", tokyo({ ...noAccelerator, ...routingOwner })))).to.deep.equal([["tokyo"], ["seoul"]]);
            expect(waves(valid("seoul", seoul({ ...noAccelerator, ...dashboardOf("tokyo") })), valid("tokyo", tokyo(noAccelerator)))).to.deep.equal([["tokyo"], ["seoul"]]);
        });

        it("waits for every stack a stack reads, not just one of them", () => {
            // seoul reads global (accelerator) and tokyo (routing controls); tokyo reads global.
            const stacks = [valid("seoul", seoul(routingMember("tokyo"))), valid("tokyo", tokyo(routingOwner)), valid("global", globalStack())];
            expect(waves(...stacks)).to.deep.equal([["global"], ["tokyo"], ["seoul"]]);
            expect(deployOrder(stacks).map((config) => config.stack)).to.deep.equal(["global", "tokyo", "seoul"]);
            expect(destroyOrder(stacks).map((config) => config.stack)).to.deep.equal(["seoul", "tokyo", "global"]);
        });

        it("ignores a stack's reference to itself (a dashboard that lists its own stack)", () => {
            const stacks = [
                valid("osaka", regionalStack("ap-northeast-3", "SECONDARY", { ...noAccelerator, "dns.failover": false, "dns.failoverRole": undefined, ...routingMember("seoul") })),
                valid("seoul", seoul({ ...noAccelerator, ...routingOwner, ...dashboardOf("seoul", "tokyo") })),
                valid("tokyo", tokyo(noAccelerator)),
            ];
            expect(waves(...stacks)).to.deep.equal([["tokyo"], ["seoul"], ["osaka"]]);
        });

        it("ignores references to stacks outside the set (their stack file is elsewhere)", () => {
            expect(waves(valid("seoul", seoul()), valid("tokyo", tokyo(noAccelerator)))).to.deep.equal([["seoul", "tokyo"]]);
        });

        it("puts the stacks of a reference cycle, which cannot deploy, together in one last wave", () => {
            // seoul reads tokyo's routing controls; tokyo's dashboard reads seoul.
            const stacks = [valid("seoul", seoul(routingMember("tokyo"))), valid("tokyo", tokyo({ ...routingOwner, ...dashboardOf("seoul") })), valid("global", globalStack())];
            expect(waves(...stacks)).to.deep.equal([["global"], ["seoul", "tokyo"]]);
        });
    });

    describe("refuses what AWS would refuse", () => {
        it("two stacks creating an accelerator (a global stack copied for a new region)", () => {
            expect(about("accelerator-stacks", findings(valid("global", globalStack()), valid("london", globalStack()), valid("seoul", seoul())))).to.deep.equal([
                "error: global, london each create a Global Accelerator, and one service takes one: keep one global stack (app:scope: global) and point every region's app:globalAccelerator.globalStack at it",
            ]);
        });

        it("regions joining an accelerator no stack file creates", () => {
            expect(about("accelerator-stacks", findings(valid("seoul", seoul())))).to.deep.equal([
                'error: seoul joins the accelerator of "organization/app/global", but no stack file of this project is global: add a global stack (app:scope: global, app:globalAccelerator.enabled: true) and deploy it first',
            ]);
        });

        it("the global stack turning the accelerator off while regions still have endpoint groups", () => {
            expect(about("accelerator-stacks", findings(valid("global", globalStack({ "globalAccelerator.enabled": false })), valid("seoul", seoul())))).to.deep.equal([
                "error: global turns the accelerator off while seoul still has an endpoint group on its listener, and AWS refuses to delete a listener with endpoint groups: first set app:globalAccelerator.enabled: false in seoul and deploy it, then deploy global",
            ]);
        });

        it("accepts the accelerator off everywhere (the regions went first)", () => {
            const off = { "globalAccelerator.enabled": false };
            expect(findings(valid("global", globalStack(off)), valid("seoul", seoul(off)), valid("tokyo", tokyo(off)))).to.deep.equal([]);
        });

        it("a deprecated owner turning the accelerator off while a region still joins it", () => {
            const owner = seoul({ "globalAccelerator.globalStack": undefined, "globalAccelerator.owner": true, "globalAccelerator.enabled": false });
            expect(about("accelerator-stacks", findings(valid("seoul", owner), valid("tokyo", tokyo({ "globalAccelerator.globalStack": "organization/app/seoul" }))))).to.deep.equal([
                "error: seoul turns the accelerator off while tokyo still has an endpoint group on its listener, and AWS refuses to delete a listener with endpoint groups: first set app:globalAccelerator.enabled: false in tokyo and deploy it, then deploy seoul",
            ]);
        });

        it("a region joining a regional stack", () => {
            expect(about("accelerator-stacks", findings(valid("global", globalStack()), valid("seoul", seoul({ "globalAccelerator.globalStack": "organization/app/tokyo" })), valid("tokyo", tokyo())))).to.deep.equal([
                "error: seoul joins the accelerator of tokyo, a regional stack that creates none: point app:globalAccelerator.globalStack at the global stack (app:scope: global)",
            ]);
        });

        it("accelerator ports a region's ALB does not listen on", () => {
            const httpOnly = seoul({ "alb.certificateArn": "" });
            expect(about("accelerator-stacks", findings(valid("global", globalStack()), valid("seoul", httpOnly)))).to.deep.equal([
                "error: the accelerator of global listens on port(s) 443, which seoul's ALB does not (it listens on 80): traffic there would fail",
            ]);
        });

        it("lists every accelerator port a region's ALB misses, and every port it listens on", () => {
            expect(about("accelerator-stacks", findings(valid("global", globalStack({ "globalAccelerator.ports": [80, 443, 8080, 8443] })), valid("seoul", seoul())))).to.deep.equal([
                "error: the accelerator of global listens on port(s) 8080, 8443, which seoul's ALB does not (it listens on 80, 443): traffic there would fail",
            ]);
        });

        it("names the joining region, and the stack it joins when there is one", () => {
            expect(stacksOf("accelerator-stacks", findings(valid("seoul", seoul())))).to.deep.equal([["seoul"]]);
            expect(stacksOf("accelerator-stacks", findings(valid("global", globalStack()), valid("seoul", seoul({ "globalAccelerator.globalStack": "organization/app/tokyo" })), valid("tokyo", tokyo()))))
                .to.deep.equal([["seoul", "tokyo"]]);
            expect(stacksOf("accelerator-stacks", findings(valid("global", globalStack({ "globalAccelerator.enabled": false })), valid("seoul", seoul())))).to.deep.equal([["seoul", "global"]]);
            expect(stacksOf("accelerator-stacks", findings(valid("global", globalStack()), valid("seoul", seoul({ "alb.certificateArn": "" }))))).to.deep.equal([["seoul", "global"]]);
        });

        it("fails the plan, exit 1, for such a set", async () => {
            const plan = await planProject(fixtureProject({ global: globalStack({ "globalAccelerator.enabled": false }), seoul: seoul() }));
            expect(plan.crossStack.map((finding) => finding.check)).to.include("accelerator-stacks");
            expect(planFails(plan)).to.equal(true);
        });
    });

    describe("DNS and the accelerator on one ALB", () => {
        it("warns when client IP preservation is on beside DNS records (connection collisions)", () => {
            expect(about("connection-collisions", findings(valid("global", globalStack()), valid("seoul", seoul({ "globalAccelerator.clientIpPreservation": true }))))).to.deep.equal([
                "warning: seoul's ALB takes clients both from its DNS records and from the accelerator with client IP preservation on; AWS documents that as a cause of connection collisions: set app:globalAccelerator.clientIpPreservation: false (the default), or send DNS clients through the accelerator's record instead",
            ]);
        });

        it("names the region the warning is about", () => {
            expect(stacksOf("connection-collisions", findings(valid("global", globalStack()), valid("seoul", seoul({ "globalAccelerator.clientIpPreservation": true }))))).to.deep.equal([["seoul"]]);
        });

        it("says nothing of the global stack, which has no ALB, or of a region outside the accelerator", () => {
            const preserving = { "globalAccelerator.clientIpPreservation": true };
            expect(about("connection-collisions", findings(valid("global", globalStack(preserving)), valid("seoul", seoul())))).to.deep.equal([]);
            expect(about("connection-collisions", findings(valid("global", globalStack()), valid("seoul", seoul({ ...preserving, ...noAccelerator }))))).to.deep.equal([]);
        });

        it("says nothing with the default, or without DNS", () => {
            expect(about("connection-collisions", findings(valid("global", globalStack()), valid("seoul", seoul())))).to.deep.equal([]);
            const noDns = seoul({ "globalAccelerator.clientIpPreservation": true, "dns.zoneName": undefined, "dns.failoverRole": undefined });
            expect(about("connection-collisions", findings(valid("global", globalStack()), valid("seoul", noDns)))).to.deep.equal([]);
        });
    });

    describe("deprecated keys", () => {
        it("reads ownerStack as globalStack, with a warning that names the new key", () => {
            const values = tokyo({ "globalAccelerator.globalStack": undefined, "globalAccelerator.ownerStack": "organization/app/global" });
            expect(valid("tokyo", values).settings.globalAccelerator.globalStack).to.equal("organization/app/global");
            expect(validate("tokyo", values).warnings).to.deep.equal([
                "Pulumi.tokyo.yaml: app:globalAccelerator.ownerStack is deprecated and was read as app:globalAccelerator.globalStack (organization/app/global): rename the key (npm run migrate does it)",
            ]);
            expect(findings(valid("global", globalStack()), valid("seoul", seoul()), valid("tokyo", values))).to.deep.equal([]);
        });

        it("keeps a regional owner planning, with a warning that names the global stack's keys", async () => {
            const owner = seoul({ "globalAccelerator.globalStack": undefined, "globalAccelerator.owner": true, "globalAccelerator.recordName": "global" });
            const member = tokyo({ "globalAccelerator.globalStack": "organization/app/seoul" });
            const plan = await planProject(fixtureProject({ seoul: owner, tokyo: member }));
            expect(plan.deployOrder).to.deep.equal(["seoul", "tokyo"]);
            const deprecated = plan.warnings.filter((warning) => warning.includes("deprecated"));
            expect(deprecated).to.have.length(1);
            expect(deprecated[0]).to.match(/^Pulumi\.seoul\.yaml: app:globalAccelerator\.owner is deprecated/).and.include("app:scope: global").and.include("app:globalAccelerator.globalStack");
            expect(unwrapped(renderPlan(plan))).to.include(deprecated[0]);
            expect(planFails(plan)).to.equal(false);
            expect(plan.stacks[0].resources.some((resource) => resource.type === "aws:globalaccelerator/accelerator:Accelerator")).to.equal(true);
            const group = plan.stacks[1].resources.find((resource) => resource.type === "aws:globalaccelerator/endpointGroup:EndpointGroup");
            expect(group?.inputs.listenerArn).to.equal("${seoul-accelerator-tcp.id}");
        });
    });
});

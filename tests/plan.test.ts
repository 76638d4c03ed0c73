import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { expect } from "chai";
import { goldenDirectory, goldenOf } from "../offline/plan";
import { deployOrder, Plan, planFails, planProject, PlanResource } from "../offline/planner";
import { renderPlan } from "../offline/render";
import { loadAllStackConfigs, readProject } from "../config/stackFiles";
import { projectFiles } from "./harness";

const run = promisify(execFile);
const planScript = path.join(projectFiles.directory, "offline", "plan.ts");

function resource(plan: Plan, stack: string, type: string, name: string): PlanResource {
    const found = plan.stacks.find((item) => item.stack === stack)?.resources.find((item) => item.type === type && item.name === name);
    if (!found) {
        throw new Error(`no ${type} ${name} in ${stack}`);
    }
    return found;
}

/** A throw-away copy of the project's Pulumi files (and links to its code) to plan broken stack files. */
function scratchProject(edit: (directory: string) => void): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    for (const file of fs.readdirSync(projectFiles.directory).filter((name) => /^Pulumi\..*ya?ml$/.test(name))) {
        fs.copyFileSync(path.join(projectFiles.directory, file), path.join(directory, file));
    }
    edit(directory);
    return directory;
}

describe("offline plan", () => {
    let plan: Plan;
    before(async () => {
        plan = await planProject(projectFiles);
    });

    it("plans every stack file in deploy order, the accelerator owner first", () => {
        expect(plan.stacks.map((stack) => [stack.stack, stack.region])).to.deep.equal([["seoul", "ap-northeast-2"], ["tokyo", "ap-northeast-1"]]);
        expect(deployOrder(loadAllStackConfigs(projectFiles)).map((config) => config.stack)).to.deep.equal(["seoul", "tokyo"]);
    });

    it("shows values only AWS knows as references to their source, never invented", () => {
        const check = resource(plan, "seoul", "aws:route53/healthCheck:HealthCheck", "seoul-health");
        expect(check.inputs.fqdn).to.equal("${seoul-alb.dnsName}");
        const record = resource(plan, "seoul", "aws:route53/record:Record", "seoul-records-failover");
        expect(record.inputs.aliases).to.deep.equal([{ name: "${seoul-alb.dnsName}", zoneId: "${seoul-alb.zoneId}", evaluateTargetHealth: true }]);
        expect(record.inputs.zoneId).to.equal("${getZone(example.com).zoneId}");
        expect(JSON.stringify(plan)).to.not.match(/arn:aws:elasticloadbalancing|elb\.amazonaws\.com|awsglobalaccelerator\.com/);
    });

    it("resolves a stack reference to the referenced stack's planned outputs", () => {
        const group = resource(plan, "tokyo", "aws:globalaccelerator/endpointGroup:EndpointGroup", "tokyo-endpoints");
        expect(group.inputs.listenerArn).to.equal("${seoul-accelerator-tcp.id}");
        expect(plan.stacks[0].outputs.globalAcceleratorListenerArn).to.equal("${seoul-accelerator-tcp.id}");
    });

    it("places every resource under its component, each custom resource with its region", () => {
        const seoul = plan.stacks[0];
        const byUrn = new Map(seoul.resources.map((item) => [item.urn, item]));
        const listener = resource(plan, "seoul", "aws:lb/listener:Listener", "seoul-alb-https");
        expect(byUrn.get(listener.parent!)?.type).to.equal("multiregion:alb:RegionalAlb");
        expect(listener.region).to.equal("ap-northeast-2");
        expect(resource(plan, "seoul", "aws:globalaccelerator/accelerator:Accelerator", "seoul-accelerator").region).to.equal("us-west-2");
        expect(seoul.resources.filter((item) => item.parent === undefined).map((item) => item.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
    });

    it("passes the policy pack and the cross-stack checks", () => {
        expect(plan.stacks.flatMap((stack) => stack.policy.filter((finding) => finding.enforcementLevel === "mandatory"))).to.deep.equal([]);
        expect(plan.crossStack).to.deep.equal([]);
        expect(planFails(plan)).to.equal(false);
    });

    it("prints a tree, totals, failover predictions and the reports", () => {
        const text = renderPlan(plan);
        expect(text).to.include("=== stack seoul (ap-northeast-2)");
        expect(text).to.match(/├─ multiregion:alb:RegionalAlb seoul-alb\n/);
        expect(text).to.include("  DNS path: 90 s (Route 53 detection 30 s + resolver TTL 60 s)");
        expect(text).to.include("  Global Accelerator path: 50 s (target detection 20 s + GA reaction 30 s)");
        expect(text).to.include("=== across stacks: all checks pass");
        expect(text).to.match(/Plan: 2 stack\(s\), \d+ resources; 0 mandatory policy violation\(s\), 0 cross-stack error\(s\)\./);
    });

    it("plans one stack with the owner it references, showing only the one asked for", async () => {
        const tokyo = await planProject(projectFiles, ["tokyo"]);
        expect(tokyo.stacks.map((stack) => stack.stack)).to.deep.equal(["tokyo"]);
        expect(resource(tokyo, "tokyo", "aws:globalaccelerator/endpointGroup:EndpointGroup", "tokyo-endpoints").inputs.listenerArn).to.equal("${seoul-accelerator-tcp.id}");
    });

    it("fails a plan that breaks a mandatory policy", async () => {
        const directory = scratchProject((dir) => {
            const file = path.join(dir, "Pulumi.tokyo.yaml");
            fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("config:\n", "config:\n  app:alb.dropInvalidHeaderFields: false\n"));
        });
        const broken = await planProject(readProject(directory));
        expect(broken.stacks[1].policy.some((finding) => finding.enforcementLevel === "mandatory" && finding.source.includes("ELB.4"))).to.equal(true);
        expect(planFails(broken)).to.equal(true);
    });

    describe("golden plans", () => {
        for (const stack of projectFiles.stacks) {
            it(`matches the reviewed snapshot of ${stack} (refresh: npm run golden:update)`, () => {
                const file = path.join(goldenDirectory, `${stack}.plan.json`);
                expect(fs.existsSync(file), `${file} is missing: run npm run golden:update`).to.equal(true);
                expect(goldenOf(plan, stack)).to.equal(fs.readFileSync(file, "utf8"));
            });
        }
    });

    describe("command line", () => {
        it("prints JSON with stacks, resources, outputs, policy and cross-stack findings", async () => {
            const { stdout } = await run(process.execPath, ["--import", "tsx", planScript, "--json", "--stack", "seoul"], { cwd: projectFiles.directory });
            const document = JSON.parse(stdout);
            expect(Object.keys(document)).to.deep.equal(["stacks", "crossStack", "problems"]);
            expect(Object.keys(document.stacks[0])).to.include.members(["stack", "region", "resources", "outputs", "policy"]);
            expect(Object.keys(document.stacks[0].resources[1])).to.include.members(["urn", "type", "name", "parent", "region", "inputs"]);
        });

        it("exits 2 with the program's message on invalid configuration", async () => {
            const directory = scratchProject((dir) => {
                const file = path.join(dir, "Pulumi.tokyo.yaml");
                fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("app:dns.weight: 50", "app:dns.weight: 300"));
            });
            const failure = await run(process.execPath, ["--import", "tsx", planScript, "--project", directory], { cwd: projectFiles.directory })
                .then(() => undefined, (error: { code: number; stderr: string }) => error);
            expect(failure?.code).to.equal(2);
            expect(failure?.stderr).to.include("Pulumi.tokyo.yaml: app:dns.weight must be a whole number 0..255, got 300");
        });
    });
});

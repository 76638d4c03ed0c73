import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { expect } from "chai";
import { parse, stringify } from "yaml";
import {
    exampleNames, examplesDirectory, GoldenDirectories, goldenFile, goldenOf, npmBannerOnStdout, parsePreviousPlan, planCommand, planText, writeGoldens,
} from "../../offline/planCommand";
import { parsePlanArguments, usage } from "../../offline/planArguments";
import { colours, plain } from "../../offline/colour";
import { estimateCost } from "../../offline/cost/estimate";
import { loadPriceTable } from "../../offline/cost/priceTable";
import { deployOrder, describeStackError, Plan, planExitCode, planFails, planProject, PlanResource } from "../../offline/planner";
import { lineWidth, renderPlan, renderStopped, renderVerdict, trafficWords } from "../../offline/render";
import { renderCostText } from "../../offline/cost/render";
import { AwsRefusal } from "../../offline/runStack";
import { ExitCode, InputError } from "../../domain/exitCodes";
import { loadAllStackConfigs, ProjectFiles, readProject } from "../../config/stackFiles";
import { lineDiff } from "../lineDiff";
import { fixtureProject } from "../fixtures/awsFidelity";
import recordsStacks from "../fixtures/programs/recordsStacks";
import { errorOf, failureOf } from "../thrown";
import { escape, unwrapped, withoutColour } from "../text";
import { planInProcess } from "./planInProcess";

const run = promisify(execFile);
const root = path.resolve(__dirname, "..", "..");
const launcher = path.join(root, "scripts", "launch.js");
/** The fixture project: seoul (PRIMARY, accelerator owner) and tokyo (SECONDARY, member). */
const fixture = path.join(__dirname, "..", "fixtures", "two-regions");
const crashingProgram = path.join(__dirname, "..", "fixtures", "programs", "crashes.js");
/** A program that creates and exports nothing and records the stacks it ran for (`recordsStacks.ran`). */
const recordingProgram = path.join(__dirname, "..", "fixtures", "programs", "recordsStacks.ts");
/** A program whose HTTPS health check watches a listener that offers TLS 1.3 alone: AWS accepts both, and the check never passes. */
const neverServingProgram = path.join(__dirname, "..", "fixtures", "programs", "neverServes.ts");

function resource(plan: Plan, stack: string, type: string, name: string): PlanResource {
    const found = plan.stacks.find((item) => item.stack === stack)?.resources.find((item) => item.type === type && item.name === name);
    if (!found) {
        throw new Error(`no ${type} ${name} in ${stack}`);
    }
    return found;
}

/** A throw-away copy of the fixture project with `edits` applied: file -> new text, or a function of the old text. */
function scratchProject(edits: Record<string, string | null | ((text: string) => string)> = {}): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    for (const file of fs.readdirSync(fixture)) {
        fs.copyFileSync(path.join(fixture, file), path.join(directory, file));
    }
    for (const [file, edit] of Object.entries(edits)) {
        const target = path.join(directory, file);
        if (edit === null) {
            fs.rmSync(target);
        } else {
            fs.writeFileSync(target, typeof edit === "string" ? edit : edit(fs.existsSync(target) ? fs.readFileSync(target, "utf8") : ""));
        }
    }
    return directory;
}

/** Sets (or, with undefined, removes) keys under `config:` of a stack file. */
const withConfig = (values: Record<string, unknown>) => (text: string) => {
    const document = parse(text) as { config: Record<string, unknown> };
    for (const [key, value] of Object.entries(values)) {
        if (value === undefined) {
            delete document.config[key];
        } else {
            document.config[key] = value;
        }
    }
    return stringify(document);
};

/** The message of what `run` throws (undefined when it throws nothing, which fails the comparison). */
const messageOf = (run: () => unknown): string | undefined => errorOf(run)?.message;

/** The message `promise` rejects with (undefined when it resolves). */
const rejectedMessageOf = async (promise: Promise<unknown>): Promise<string | undefined> => (await failureOf(promise))?.message;

/** Every file under `directory`, relative to it, sorted. */
function filesUnder(directory: string): string[] {
    return fs.readdirSync(directory, { recursive: true, encoding: "utf8" }).filter((file) => fs.statSync(path.join(directory, file)).isFile()).sort();
}

const examplePlans = new Map<string, Promise<Plan>>();

/**
 * The plan of a shipped example, planned once per run of the file (cleared in its first hook):
 * the golden test, the line widths and the routing controls' step read the same plans (a plan is
 * data; no test changes one).
 */
function examplePlanOf(example: string): Promise<Plan> {
    if (!examplePlans.has(example)) {
        examplePlans.set(example, planProject(readProject(path.join(examplesDirectory, example))));
    }
    return examplePlans.get(example)!;
}

/** Runs the real CLI as `npm run plan` does (scripts/launch.js, the compiled program). Resolves with its exit code and output whatever the code. */
async function planCli(args: string[], nodeOptions: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
    return run(process.execPath, [...nodeOptions, launcher, "offline/plan", ...args], { cwd: root, env: { ...process.env, NO_COLOR: "1" } })
        .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }), (error: { code: number; stdout: string; stderr: string }) => error);
}

describe("offline plan", () => {
    let plan: Plan;
    before(async () => {
        // Planned afresh on every run of the file: Stryker's mocha runner loads the file once and
        // runs it once per mutant, and a plan kept from an earlier run would hide the mutant.
        examplePlans.clear();
        plan = await planProject(readProject(fixture));
    });

    it("prints what was planned instead of the plans when a stack file has input errors or a program failed, the whole plan with its cost otherwise", () => {
        const costed = { ...plan, cost: estimateCost(plan, loadPriceTable()) };
        const withProblem = (kind: Plan["problems"][number]["kind"]) => ({ ...costed, problems: [{ stack: "tokyo", kind, messages: ["Pulumi.tokyo.yaml: something"] }] });
        for (const kind of ["input", "internal"] as const) {
            expect(planText(withProblem(kind), plain), kind).to.equal(renderStopped(withProblem(kind), plain));
        }
        const whole = renderPlan(costed, plain, { cost: renderCostText(costed.cost) });
        expect(whole, "the cost is part of it").to.not.equal(renderPlan(costed, plain));
        expect(planText(costed, plain)).to.equal(whole);
        expect(planText(withProblem("skipped"), plain), "a skipped stack alone stops nothing").to.equal(renderPlan(withProblem("skipped"), plain, { cost: renderCostText(costed.cost) }));
    });

    it("plans every stack file in deploy order, the global stack first", () => {
        expect(plan.stacks.map((stack) => [stack.stack, stack.region])).to.deep.equal([["global", "us-west-2"], ["seoul", "ap-northeast-2"], ["tokyo", "ap-northeast-1"]]);
        expect(deployOrder(loadAllStackConfigs(readProject(fixture))).map((config) => config.stack)).to.deep.equal(["global", "seoul", "tokyo"]);
        expect(plan.destroyOrder).to.deep.equal(["tokyo", "seoul", "global"]);
        expect(plan.problems).to.deep.equal([]);
        expect(plan.warnings).to.deep.equal([]);
    });

    it("lists each stack's resources in URN order, so plans diff cleanly", () => {
        for (const stack of plan.stacks) {
            const urns = stack.resources.map((item) => item.urn);
            expect(urns, stack.stack).to.deep.equal([...urns].sort());
        }
    });

    it("has no golden plan for a stack it did not plan", () => {
        expect(() => goldenOf(plan, "osaka")).to.throw("no plan for stack osaka");
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
        expect(group.inputs.listenerArn).to.equal("${global-accelerator-tcp.id}");
        expect(plan.stacks[0].outputs.globalAcceleratorListenerArn).to.equal("${global-accelerator-tcp.id}");
    });

    it("places every resource under its component, each custom resource with its region", () => {
        const seoul = plan.stacks[1];
        const byUrn = new Map(seoul.resources.map((item) => [item.urn, item]));
        const listener = resource(plan, "seoul", "aws:lb/listener:Listener", "seoul-alb-https");
        expect(byUrn.get(listener.parent!)?.type).to.equal("multiregion:alb:RegionalAlb");
        expect(listener.region).to.equal("ap-northeast-2");
        expect(resource(plan, "global", "aws:globalaccelerator/accelerator:Accelerator", "global-accelerator").region).to.equal("us-west-2");
        expect(seoul.resources.filter((item) => item.parent === undefined).map((item) => item.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
    });

    it("records the resource options that steer replacement (ignoreChanges, dependsOn)", () => {
        expect(resource(plan, "seoul", "aws:autoscaling/group:Group", "seoul-fleet").options?.ignoreChanges).to.include("desiredCapacity");
        expect(resource(plan, "seoul", "aws:s3/bucketPolicy:BucketPolicy", "seoul-alb-logs-policy").options).to.deep.equal({ dependsOn: ["seoul-alb-logs-public-access"] });
        expect(resource(plan, "seoul", "aws:lb/listener:Listener", "seoul-alb-http").options).to.equal(undefined);
    });

    it("models the awsx VPC's children from its inputs: subnets, NAT gateways with Elastic IPs, routes", () => {
        const modelled = (stack: string, type: string) => plan.stacks.find((item) => item.stack === stack)!.resources.filter((item) => item.modelled && item.type === type);
        // seoul: 3 AZs, a NAT gateway per AZ; tokyo: the fixture's own settings.
        expect(modelled("seoul", "aws:ec2/subnet:Subnet")).to.have.length(6);
        expect(modelled("seoul", "aws:ec2/natGateway:NatGateway")).to.have.length(3);
        expect(modelled("seoul", "aws:ec2/eip:Eip")).to.have.length(3);
        expect(modelled("seoul", "aws:ec2/route:Route").map((route) => route.inputs.natGatewayId ?? route.inputs.gatewayId)).to.have.length(6);
        const vpc = resource(plan, "seoul", "awsx:ec2:Vpc", "seoul-network-vpc");
        expect(modelled("seoul", "aws:ec2/subnet:Subnet").every((subnet) => subnet.parent === vpc.urn)).to.equal(true);
    });

    it("passes the policy pack and the cross-stack checks", () => {
        expect(plan.stacks.flatMap((stack) => stack.policy.filter((finding) => finding.enforcementLevel === "mandatory"))).to.deep.equal([]);
        expect(plan.crossStack).to.deep.equal([]);
        expect(planFails(plan)).to.equal(false);
        expect(planExitCode(plan)).to.equal(ExitCode.clean);
    });

    // First of the tests that read the examples' plans: each example is planned in its own golden
    // test, so that per-test coverage (Stryker's) credits the planner's code to the test that
    // compares the whole plan; the later tests read the same plans.
    describe("every shipped example plans clean and matches its reviewed golden plans (refresh: npm run golden:update)", () => {
        const examples = exampleNames();
        it("ships the examples the README lists", () => {
            expect(examples).to.have.members(["dev", "existing-vpc", "internal-accelerator", "routing-controls", "single-region", "three-regions", "two-regions"]);
        });
        for (const example of examples) {
            it(example, async () => {
                const examplePlan = await examplePlanOf(example);
                expect(planFails(examplePlan), renderPlan(examplePlan).split("\n").filter((line) => line.includes("[error]") || line.includes("[mandatory]")).join("\n")).to.equal(false);
                expect(examplePlan.stacks.length).to.be.above(0);
                for (const stack of examplePlan.stacks) {
                    const file = goldenFile(example, stack.stack);
                    expect(fs.existsSync(file), `${file} is missing: run npm run golden:update`).to.equal(true);
                    const diff = lineDiff(fs.readFileSync(file, "utf8"), goldenOf(examplePlan, stack.stack));
                    expect(diff, `the plan of ${example}/${stack.stack} differs from ${path.relative(root, file)} (- reviewed, + now); if intended, run npm run golden:update\n${diff}`).to.equal("");
                }
            });
        }
    });

    describe("text", () => {
        let text: string;
        before(() => {
            text = renderPlan(plan);
        });

        it("prints a tree, outputs, totals, failover predictions and the reports", () => {
            expect(text).to.include("=== stack seoul (ap-northeast-2, production)");
            expect(text).to.include("=== stack global (us-west-2, production) — 6 resources, 3 in AWS\nGlobal stack: the accelerator only; the regions' keys in Pulumi.yaml do not apply to it.\n");
            expect(text).to.match(/├─ multiregion:alb:RegionalAlb seoul-alb\n/);
            expect(text).to.include("  DNS path (endpoint health check): 90 s, within the 180 s objective\n      30 s  3 failed checks 10 s apart (Route 53 Developer Guide");
            expect(text).to.include("  Global Accelerator path: 50 s, within the 180 s objective; 30 s of it estimated");
            expect(text).to.include("      30 s  Global Accelerator moves new connections (estimate: ");
        });

        it("derives the alarm path from the deployed alarm settings, term by term, and says plainly that it is over the objective", () => {
            const seoul = text.slice(text.indexOf("=== stack seoul"), text.indexOf("=== stack tokyo"));
            expect(seoul).to.include("  Alarm path (followed alarms): 300 s, OVER the 180 s objective; 60 s of it estimated\n" +
                "     120 s  2 breaching period(s) of 60 s (CloudWatch User Guide, Evaluating an alarm: DatapointsToAlarm)\n" +
                "      60 s  the last period's ALB metrics reach CloudWatch (ALB User Guide: metrics are sent in 60-second intervals)\n" +
                "      60 s  Route 53 follows the alarm's data stream (estimate: ");
            expect(seoul).to.include("    hold-down: a region that failed stays out until its alarms have been healthy 300 s (CloudWatch User Guide,\n      Evaluating an alarm: ");
            expect(unwrapped(seoul)).to.include("even the fastest alarms Route 53 can follow (60 s periods, 1 breaching period) take 240 s: no alarm setting meets the objective;");
            expect(text).to.include("  serviceUrl = https://${seoul-records-failover.fqdn}/");
            expect(text).to.include("=== across stacks: all checks pass");
            expect(renderVerdict(plan)).to.match(/^Plan clean \(exit 0\): 3 stacks, \d+ resources; 2 advisory findings, 0 warnings; nothing blocks a deploy$/);
        });

        it("keeps every resource line within 120 characters and prints no raw JSON", () => {
            const lines = text.split("\n").filter((line) => /^(pulumi:pulumi:Stack |[│ ]*[├└]─ )/.test(line));
            expect(lines.length).to.be.above(100);
            expect(lines.filter((line) => line.length > 120)).to.deep.equal([]);
            expect(lines.filter((line) => line.includes('":'))).to.deep.equal([]);
        });

        it("shows the values that decide traffic whole: failover role, DNS weight, latency region, dial, what each health check watches", () => {
            const joined = unwrapped(text).replace(/\n[│ ]+(?=\S)/g, " ");
            for (const expected of [
                "route53/Record seoul-records-failover  name=app type=A failover=PRIMARY setIdentifier=ap-northeast-2 alias=${seoul-alb.dnsName} evaluateTargetHealth=true healthCheck=${seoul-region-health-combined.id}",
                "route53/Record tokyo-records-failover  name=app type=A failover=SECONDARY",
                "route53/Record seoul-records-weighted  name=weighted type=A dnsWeight=50",
                "route53/Record seoul-records-latency  name=latency type=A latencyRegion=ap-northeast-2",
                "globalaccelerator/EndpointGroup seoul-endpoints [us-west-2]  region=ap-northeast-2 trafficDial=100% endpoint=${seoul-alb.arn} endpointWeight=128 clientIpPreservation=false",
                "route53/HealthCheck seoul-health  type=HTTPS target=${seoul-alb.dnsName}:443/health everySeconds=10 failureThreshold=3",
                "route53/HealthCheck seoul-region-health-combined  type=CALCULATED children=[${seoul-health.id}, ${seoul-region-health-alarm-elb-5xx.id}, " +
                    "${seoul-region-health-alarm-target-5xx.id}, ${seoul-region-health-alarm-healthy-hosts-web.id}, ${seoul-region-health-alarm-healthy-hosts-canary.id}] healthyChildrenNeeded=5",
            ]) {
                expect(joined).to.include(expected);
            }
            expect(text).to.not.include("failoverRoutingPolicies=");
        });

        it("prints no line longer than 120 characters, colours aside, for the fixture, every example and a plan that fails", async function () {
            this.timeout(300_000);
            const visible = (line: string) => withoutColour(line).length;
            const failing = scratchProject({ "Pulumi.tokyo.yaml": (text) => text.replace("app:dns.failoverRole: SECONDARY", "app:dns.failoverRole: PRIMARY") });
            const broken = scratchProject({ "Pulumi.seoul.yaml": withConfig({ "app:alb.idleTimeoutSecond": 5 }) });
            const projects: [string, () => Promise<Plan>][] = [
                ...[fixture, failing, broken].map((project): [string, () => Promise<Plan>] => [project, () => planProject(readProject(project))]),
                ...exampleNames().map((name): [string, () => Promise<Plan>] => [path.join(examplesDirectory, name), () => examplePlanOf(name)]),
            ];
            let lines = 0;
            for (const [project, planOf] of projects) {
                const planned = await planOf();
                const costed = { ...planned, cost: estimateCost(planned, loadPriceTable()) };
                for (const palette of [plain, colours]) {
                    // What stdout holds, as planCommand writes it: the text, then the verdict.
                    const stdout = `${planText(costed, palette)}\n\n${renderVerdict(costed, palette)}`;
                    const long = stdout.split("\n").filter((line) => visible(line) > lineWidth);
                    expect(long, `${project}${palette === colours ? " (colour)" : ""}`).to.deep.equal([]);
                    lines += stdout.split("\n").length;
                }
            }
            expect(lines).to.be.above(1000);
        });

        it("words a resource of another type as undefined, so it keeps its one cut line", () => {
            expect(trafficWords(resource(plan, "seoul", "aws:lb/loadBalancer:LoadBalancer", "seoul-alb"))).to.equal(undefined);
        });

        it("lists listener rules in priority order, one line each", () => {
            const rules = text.split("\n").filter((line) => line.includes("lb/ListenerRule seoul-alb-rule-"));
            expect(rules.map((line) => Number(/priority=(\d+)/.exec(line)?.[1]))).to.deep.equal([10, 20, 30, 40, 50, 60]);
        });

        it("shows the VPC's modelled children", () => {
            expect(text).to.match(/ec2\/NatGateway seoul-network-vpc-1 \(modelled\)/);
            expect(text).to.match(/ec2\/Subnet seoul-network-vpc-private-1 \(modelled\) {2}availabilityZone=ap-northeast-2a/);
        });
    });

    it("plans one stack with the owner it references, showing only the one asked for", async () => {
        const tokyo = await planProject(readProject(fixture), ["tokyo"]);
        expect(tokyo.stacks.map((stack) => stack.stack)).to.deep.equal(["tokyo"]);
        expect(resource(tokyo, "tokyo", "aws:globalaccelerator/endpointGroup:EndpointGroup", "tokyo-endpoints").inputs.listenerArn).to.equal("${global-accelerator-tcp.id}");
    });

    describe("the stacks asked for (--stack)", () => {
        /** seoul and tokyo out of the accelerator; tokyo still reads seoul's outputs for its dashboard. */
        let withoutAccelerator: ProjectFiles;
        before(() => {
            const off = withConfig({ "app:globalAccelerator.enabled": false });
            withoutAccelerator = readProject(scratchProject({ "Pulumi.seoul.yaml": off, "Pulumi.tokyo.yaml": off }));
        });

        for (const [selected, ran, shown] of [
            [["global"], ["global"], ["global"]],
            [["seoul"], ["seoul"], ["seoul"]],
            [["tokyo"], ["seoul", "tokyo"], ["tokyo"]],
            [[], ["global", "seoul", "tokyo"], ["global", "seoul", "tokyo"]],
        ] as const) {
            it(`${selected.length > 0 ? `--stack ${selected.join(" --stack ")}` : "no --stack"}: runs ${ran.join(", ")} (the selected stacks and the stacks they read), shows ${shown.join(", ")}`, async () => {
                recordsStacks.ran.length = 0;
                const selection = await planProject(withoutAccelerator, selected, { program: recordingProgram });
                expect(recordsStacks.ran).to.deep.equal(ran);
                expect(selection.stacks.map((stack) => stack.stack)).to.deep.equal(shown);
            });
        }

        it("reports no problem of a stack it was not asked to plan", async () => {
            const directory = scratchProject({ "Pulumi.seoul.yaml": (text) => text.replace("app:dns.weight: 50", "app:dns.weight: 300") });
            const global = await planProject(readProject(directory), ["global"]);
            expect(global.stacks.map((stack) => stack.stack)).to.deep.equal(["global"]);
            expect(global.problems).to.deep.equal([]);
        });

        it("names every unknown stack, one line each, with the stacks there are", async () => {
            expect(await rejectedMessageOf(planProject(readProject(fixture), ["tokio", "osaka"]))).to.equal(
                "--stack tokio: there is no stack file Pulumi.tokio.yaml (did you mean tokyo?) (have: global, seoul, tokyo)\n" +
                "--stack osaka: there is no stack file Pulumi.osaka.yaml (have: global, seoul, tokyo)");
            expect(await rejectedMessageOf(planProject(fixtureProject({}), ["seoul"]))).to.equal("--stack seoul: there is no stack file Pulumi.seoul.yaml (have: none)");
        });
    });

    it("says which step turns each routing control On: ARC creates them Off (examples/routing-controls)", async () => {
        const examplePlan = await examplePlanOf("routing-controls");
        const owner = examplePlan.stacks.find((stack) => stack.resources.some((resource) => resource.type === "pulumi-nodejs:dynamic/arc:RoutingControlInitialState"))!;
        const steps = owner.resources.filter((resource) => resource.type === "pulumi-nodejs:dynamic/arc:RoutingControlInitialState");
        const controls = owner.resources.filter((resource) => resource.type === "aws:route53recoverycontrol/routingControl:RoutingControl");
        expect(steps.map((step) => step.inputs.routingControlArn).sort()).to.deep.equal(controls.map((control) => `\${${control.name}.arn}`).sort());
        const text = renderPlan(examplePlan);
        expect(unwrapped(text)).to.include(`Routing controls: ARC creates them Off; pulumi up --stack ${owner.stack} turns each On once, when it is created, before any health check follows it`);
        for (const control of controls) {
            expect(text).to.include(`    ${control.name}-on: \${${control.name}.arn} -> On`);
        }
    });

    describe("problems, in process", () => {
        it("reports invalid configuration by file and key, plans the other stacks without burying the error under them, and ends with the verdict (exit 2)", async () => {
            const directory = scratchProject({ "Pulumi.tokyo.yaml": (text) => text.replace("app:dns.weight: 50", "app:dns.weight: 300") });
            const result = await planInProcess(["--project", directory]);
            expect(result.code).to.equal(ExitCode.badInput);
            expect(result.stderr).to.equal("Pulumi.tokyo.yaml: app:dns.weight must be a whole number 0..255, got 300");
            expect(result.stdout).to.not.include("=== stack seoul");
            expect(unwrapped(result.stdout)).to.include("Planned: global (6 resources), seoul (");
            expect(result.stdout.split("\n").pop()).to.equal("Plan stopped (exit 2, bad input): 1 problem in Pulumi.tokyo.yaml; cross-stack checks not run: fix the files above");
            const json = await planInProcess(["--project", directory, "--json"]);
            expect((JSON.parse(json.stdout) as Plan).stacks.map((stack) => stack.stack), "--json still holds every stack planned").to.deep.equal(["global", "seoul"]);
        });

        it("never reports a cross-stack finding it cannot know: a stack with input errors leaves its environment's checks not run, and says so", async () => {
            // seoul sets PRIMARY, but its file has a mistyped key: tokyo alone must not read as "no PRIMARY".
            const directory = scratchProject({ "Pulumi.seoul.yaml": withConfig({ "app:alb.idleTimeoutSecond": 5 }) });
            const plan = await planProject(readProject(directory));
            expect(plan.crossStack.map((finding) => [finding.level, finding.check])).to.deep.equal([["not-checked", "not-checked"]]);
            const result = await planInProcess(["--project", directory]);
            expect(result.stdout).to.not.include("failover-roles");
            expect(unwrapped(result.stdout)).to.include("[not checked] the cross-stack checks of production did not run: Pulumi.seoul.yaml has input errors");
            const global = scratchProject({ "Pulumi.global.yaml": withConfig({ "app:globalAccelerator.ports": [70000] }) });
            expect(unwrapped((await planInProcess(["--project", global])).stdout)).to.not.include("no stack file of this project is global");
        });

        it("reports a problem of Pulumi.yaml once, naming Pulumi.yaml and the key and the stacks it stops", async () => {
            const directory = scratchProject({ "Pulumi.yaml": (text) => `${text}  fleet.maxSize:\n    value: 0\n` });
            const result = await planInProcess(["--project", directory]);
            expect(result.code).to.equal(ExitCode.badInput);
            expect(result.stderr).to.equal("Pulumi.yaml: app:fleet.maxSize must be a whole number 1..100, got 0 (stops seoul, tokyo)");
            expect(unwrapped(result.stdout)).to.include("Planned: global (6 resources)");
            expect(result.stdout.split("\n").pop()).to.equal("Plan stopped (exit 2, bad input): 1 problem in Pulumi.yaml; cross-stack checks not run: fix the files above");
        });

        it("refuses a key without a namespace in a stack file, naming file, line and the key to write (exit 2)", async () => {
            const directory = scratchProject({ "Pulumi.tokyo.yaml": (text) => text.replace("app:dns.weight: 50", "dns.weight: 7") });
            const result = await planInProcess(["--project", directory, "--stack", "tokyo"]);
            expect(result.code).to.equal(ExitCode.badInput);
            expect(result.stderr).to.match(/^Pulumi\.tokyo\.yaml:\d+: could not parse dns\.weight as a configuration key \(configuration keys should be of the form `<namespace>:<name>`\): write app:dns\.weight$/);
        });

        it("reports a directory named like a stack file as bad input (exit 2), never an internal error", async () => {
            const directory = scratchProject();
            fs.mkdirSync(path.join(directory, "Pulumi.dir.yaml"));
            const result = await planInProcess(["--project", directory]);
            expect(result.code).to.equal(ExitCode.badInput);
            expect(result.stderr).to.equal("Pulumi.dir.yaml: is a directory, not a file; Pulumi reads Pulumi.dir.yaml as a stack file, so rename or remove the directory");
        });

        it("points a YAML indentation mistake at the line that is wrong (exit 2)", async () => {
            const directory = scratchProject({ "Pulumi.tokyo.yaml": (text) => text.replace("  app:dns.weight: 50", "   app:dns.weight: 50") });
            const line = fs.readFileSync(path.join(directory, "Pulumi.tokyo.yaml"), "utf8").split("\n").findIndex((text) => text.startsWith("   app:dns.weight")) + 1;
            const result = await planInProcess(["--project", directory, "--stack", "tokyo"]);
            expect(result.code).to.equal(ExitCode.badInput);
            expect(result.stderr).to.match(new RegExp(`^Pulumi\\.tokyo\\.yaml:${line}: line ${line} is indented 3 spaces, more than line ${line - 1} \\(2\\)`));
        });

        it("reports every problem of every stack at once", async () => {
            const directory = scratchProject({
                "Pulumi.tokyo.yaml": withConfig({ "app:dns.weight": 300, "app:alb.idleTimeoutSeconds": 0 }),
                "Pulumi.seoul.yaml": withConfig({ "app:fleet.minSize": 9 }),
            });
            const result = await planInProcess(["--project", directory]);
            expect(result.stderr.split("\n")).to.include.members([
                "Pulumi.seoul.yaml: app:fleet.minSize must not exceed fleet.maxSize (4), got 9",
                "Pulumi.tokyo.yaml: app:alb.idleTimeoutSeconds must be a whole number 1..4000, got 0",
            ]);
            expect(result.stderr).to.include("Pulumi.tokyo.yaml: app:dns.weight");
        });

        it("reports the problems in stack-file order, whenever each was found", async () => {
            const directory = scratchProject({
                "Pulumi.global.yaml": withConfig({ "app:globalAccelerator.ports": [70000] }),
                "Pulumi.tokyo.yaml": (text) => text.replace("app:dns.weight: 50", "app:dns.weight: 300"),
            });
            expect((await planProject(readProject(directory))).problems).to.deep.equal([
                { stack: "global", kind: "input", messages: ["Pulumi.global.yaml: app:globalAccelerator.ports.0 must be a whole number 1..65535, got 70000"] },
                {
                    stack: "seoul", kind: "skipped",
                    messages: ["Pulumi.seoul.yaml: not planned: app:globalAccelerator.globalStack names organization/app/global, whose accelerator listener is unknown (Pulumi.global.yaml has problems of its own)"],
                },
                { stack: "tokyo", kind: "input", messages: ["Pulumi.tokyo.yaml: app:dns.weight must be a whole number 0..255, got 300"] },
            ]);
        });

        it("skips a stack whose stack reference names a stack with problems, naming that stack's file", async () => {
            const directory = scratchProject({ "Pulumi.seoul.yaml": (text) => text.replace("app:dns.weight: 50", "app:dns.weight: 300") });
            expect((await planProject(readProject(directory))).problems).to.deep.equal([
                { stack: "seoul", kind: "input", messages: ["Pulumi.seoul.yaml: app:dns.weight must be a whole number 0..255, got 300"] },
                {
                    stack: "tokyo", kind: "skipped",
                    messages: ["Pulumi.tokyo.yaml: not planned: it reads organization/app/seoul through a StackReference, and Pulumi.seoul.yaml has problems of its own"],
                },
            ]);
        });

        it("gives each environment's stacks the load of their own environment's lost region, two environments declaring the peak", async () => {
            const staging = (region: string, cidr: string, role: string) => `config:\n  aws:region: ${region}\n  app:environment: staging\n  app:network.cidr: ${cidr}\n` +
                `  app:alb.certificateArn: arn:aws:acm:${region}:111122223333:certificate/0f3c1a9e-5d2b-4c6a-9b7e-2a1d4c5e6f70\n` +
                `  app:dns.failoverRole: ${role}\n  app:dns.weight: 50\n  app:globalAccelerator.enabled: false\n`;
            const directory = scratchProject({
                "Pulumi.stg-seoul.yaml": staging("ap-northeast-2", "10.40.0.0/16", "PRIMARY"),
                "Pulumi.stg-tokyo.yaml": staging("ap-northeast-1", "10.50.0.0/16", "SECONDARY"),
            });
            const twoEnvironments = await planProject(readProject(directory));
            expect(twoEnvironments.problems).to.deep.equal([]);
            expect(twoEnvironments.capacity.map((report) => report.environment)).to.deep.equal(["production", "staging"]);
            expect(twoEnvironments.stacks.filter((stack) => stack.stack !== "global").map((stack) => [stack.stack, stack.recovery.capacity?.load.lost])).to.deep.equal([
                ["stg-seoul", "stg-tokyo"], ["stg-tokyo", "stg-seoul"], ["seoul", "tokyo"], ["tokyo", "seoul"],
            ]);
        });

        it("still plans a stack whose referenced stack is fine when another stack has problems", async () => {
            const directory = scratchProject({ "Pulumi.extra.yaml": "config:\n  aws:region: eu-west-2\n  app:dns.weight: 300\n" });
            const plan = await planProject(readProject(directory));
            expect(plan.problems.map((problem) => [problem.stack, problem.kind])).to.deep.equal([["extra", "input"]]);
            expect(plan.stacks.map((stack) => stack.stack)).to.deep.equal(["global", "seoul", "tokyo"]);
        });

        it("skips a stack for every referenced stack with problems, and only for those", async () => {
            const directory = scratchProject({
                "Pulumi.seoul.yaml": (text) => text.replace("app:dns.weight: 50", "app:dns.weight: 300"),
                "Pulumi.extra.yaml": "config:\n  aws:region: eu-west-2\n  app:dns.weight: 300\n",
                "Pulumi.tokyo.yaml": withConfig({ "app:dashboard.stacks": ["organization/app/seoul", "organization/app/extra"] }),
            });
            expect((await planProject(readProject(directory))).problems.find((problem) => problem.stack === "tokyo")).to.deep.equal({
                stack: "tokyo", kind: "skipped",
                messages: [
                    "Pulumi.tokyo.yaml: not planned: it reads organization/app/seoul through a StackReference, and Pulumi.seoul.yaml has problems of its own",
                    "Pulumi.tokyo.yaml: not planned: it reads organization/app/extra through a StackReference, and Pulumi.extra.yaml has problems of its own",
                ],
            });
        });

        it("refuses a stack that reads a stack the project has no stack file for, naming the stacks it knows", async () => {
            const directory = scratchProject({ "Pulumi.tokyo.yaml": withConfig({ "app:dashboard.stacks": ["organization/other/london"] }) });
            expect((await planProject(readProject(directory))).problems).to.deep.equal([{
                stack: "tokyo", kind: "input",
                messages: ["Pulumi.tokyo.yaml: AWS would refuse pulumi:pulumi:StackReference tokyo-dashboard-london: stack reference organization/other/london: no such stack (known: global, seoul, organization/app/global)"],
            }]);
        });

        it("passes the loader's warnings through, each naming file and key", async () => {
            const directory = scratchProject({ "Pulumi.tokyo.yaml": withConfig({ "other:key": 1 }) });
            expect((await planProject(readProject(directory), ["tokyo"])).warnings).to.deep.equal(["Pulumi.tokyo.yaml: other:key is in namespace other, which this program does not read"]);
        });

        it("names the file of a secret it cannot decrypt (exit 2)", async () => {
            const directory = scratchProject({ "Pulumi.tokyo.yaml": withConfig({ "app:dns.zoneId": { secure: "AAABAKx" } }) });
            const result = await planInProcess(["--project", directory]);
            expect(result.code).to.equal(ExitCode.badInput);
            expect(result.stderr).to.include("Pulumi.tokyo.yaml: app:dns.zoneId is a secret; the offline plan cannot decrypt it");
        });

        it("names the file of a stack file that is not YAML (exit 2)", async () => {
            const directory = scratchProject({ "Pulumi.tokyo.yaml": (text) => text.replace("config:\n", "config:\n  app:dns.weight: 1\n") });
            const result = await planInProcess(["--project", directory]);
            expect(result.code).to.equal(ExitCode.badInput);
            expect(result.stderr).to.match(/Pulumi\.tokyo\.yaml.*unique/);
            expect(unwrapped(result.stdout)).to.include("Planned: global (6 resources), seoul (");
        });

        it("turns what AWS would refuse into a message naming the file (an unknown region), never a crash", async () => {
            const directory = scratchProject({ "Pulumi.tokyo.yaml": (text) => text.replace("aws:region: ap-northeast-1", "aws:region: xx-north-9") });
            const result = await planInProcess(["--project", directory, "--stack", "tokyo"]);
            expect(result.code).to.equal(ExitCode.badInput);
            expect(result.stderr).to.match(/^Pulumi\.tokyo\.yaml: /m);
            expect(result.stderr).to.include("xx-north-9");
            expect(result.stderr).to.not.match(/ at |internal error/);
        });

        it("sorts AWS refusals as input problems naming the file", () => {
            const problem = describeStackError("tokyo", new AwsRefusal(["aws:lb/listener:Listener tokyo-alb-https: ValidationError: A certificate must be specified"]));
            expect(problem).to.deep.equal({ stack: "tokyo", kind: "input", messages: ["Pulumi.tokyo.yaml: AWS would refuse aws:lb/listener:Listener tokyo-alb-https: ValidationError: A certificate must be specified"] });
            expect(describeStackError("tokyo", new TypeError("x is undefined")).kind).to.equal("internal");
        });

        it("stops a stack whose program builds what AWS would accept but never serve, naming the file and the resource (exit 2)", async () => {
            const result = await planInProcess(["--project", fixture, "--stack", "global", "--program", neverServingProgram]);
            expect(result.code, result.stderr).to.equal(ExitCode.badInput);
            const problems = result.stderr.split("\n").filter((line) => line.includes("never serve"));
            expect(problems, result.stderr).to.have.length(1);
            expect(problems[0]).to.match(/^Pulumi\.global\.yaml: AWS would accept but never serve aws:route53\/healthCheck:HealthCheck bug-health: checks listener bug-https \(sslPolicy ELBSecurityPolicy-TLS13-1-3-2021-06, TLS 1\.3 alone\), but "the endpoint must support TLSv1\.0, TLSv1\.1, TLSv1\.2" \(HealthCheckConfig\.Type\): the check can never pass$/);
            expect(result.stderr).to.not.match(/ at |internal error/);
        });

        describe("the accelerator's stacks, checked before any stack reference is read (exit 1)", () => {
            for (const [mistake, edits, finding] of [
                ["globalStack naming a missing stack", { "Pulumi.tokyo.yaml": withConfig({ "app:globalAccelerator.globalStack": "organization/app/globl" }) },
                    'tokyo joins the accelerator of "organization/app/globl", but no stack file of this project is globl'],
                ["the global stack turning the accelerator off", { "Pulumi.global.yaml": withConfig({ "app:globalAccelerator.enabled": false }) },
                    "global turns the accelerator off while"],
                ["no global stack at all", { "Pulumi.global.yaml": null },
                    "but no stack file of this project is global"],
            ] as const) {
                it(mistake, async () => {
                    const directory = scratchProject(edits);
                    const result = await planInProcess(["--project", directory]);
                    expect(result.code, result.stderr).to.equal(ExitCode.findings);
                    expect(unwrapped(result.stdout)).to.include(finding);
                    expect(result.stderr).to.match(/^Pulumi\.tokyo\.yaml: not planned: app:globalAccelerator\.globalStack names [^ ]+, whose accelerator listener is unknown \(see the accelerator-stacks finding\)$/m);
                    expect(result.stderr).to.not.match(/ at |internal error/);
                    expect(result.stdout).to.include(mistake === "globalStack naming a missing stack" ? "=== stack seoul" : "2 stacks not planned (seoul, tokyo)");
                    expect(result.stdout.split("\n").pop()).to.match(/^Plan failed \(exit 1, findings\): \d+ cross-stack errors?, .*: fix them before deploying$/);
                });
            }

            it("skips a member whose global stack has input problems, saying so", async () => {
                const directory = scratchProject({ "Pulumi.global.yaml": withConfig({ "app:globalAccelerator.ports": [70000] }) });
                const result = await planInProcess(["--project", directory]);
                expect(result.code).to.equal(ExitCode.badInput);
                expect(result.stderr.split("\n")).to.include.members([
                    "Pulumi.seoul.yaml: not planned: app:globalAccelerator.globalStack names organization/app/global, whose accelerator listener is unknown (Pulumi.global.yaml has problems of its own)",
                    "Pulumi.tokyo.yaml: not planned: app:globalAccelerator.globalStack names organization/app/global, whose accelerator listener is unknown (Pulumi.global.yaml has problems of its own)",
                ]);
            });

            it("names the global stack's own file when it has problems, Pulumi.global.yml included", async () => {
                const directory = scratchProject({
                    "Pulumi.global.yaml": null,
                    "Pulumi.global.yml": () => withConfig({ "app:globalAccelerator.ports": [70000] })(fs.readFileSync(path.join(fixture, "Pulumi.global.yaml"), "utf8")),
                });
                const problems = (await planProject(readProject(directory))).problems;
                expect(problems.map((problem) => problem.messages[0])).to.deep.equal([
                    "Pulumi.global.yml: app:globalAccelerator.ports.0 must be a whole number 1..65535, got 70000",
                    "Pulumi.seoul.yaml: not planned: app:globalAccelerator.globalStack names organization/app/global, whose accelerator listener is unknown (Pulumi.global.yml has problems of its own)",
                    "Pulumi.tokyo.yaml: not planned: app:globalAccelerator.globalStack names organization/app/global, whose accelerator listener is unknown (Pulumi.global.yml has problems of its own)",
                ]);
            });

            it("points at the accelerator-stacks finding even when warnings come with it", async () => {
                const directory = scratchProject({
                    "Pulumi.global.yaml": withConfig({ "app:globalAccelerator.enabled": false }),
                    "Pulumi.tokyo.yaml": withConfig({ "app:globalAccelerator.clientIpPreservation": true }),
                });
                const skipped = await planProject(readProject(directory));
                expect(skipped.crossStack.map((finding) => [finding.check, finding.level])).to.deep.equal([
                    ["accelerator-stacks", "error"], ["accelerator-stacks", "error"], ["connection-collisions", "warning"],
                ]);
                expect(skipped.problems.find((problem) => problem.stack === "tokyo")?.messages).to.deep.equal([
                    "Pulumi.tokyo.yaml: not planned: app:globalAccelerator.globalStack names organization/app/global, whose accelerator listener is unknown (see the accelerator-stacks finding)",
                ]);
            });

            it("says the global stack's plan exports no listener even when the accelerator's stacks have only warnings", async () => {
                const directory = scratchProject({ "Pulumi.tokyo.yaml": withConfig({ "app:globalAccelerator.clientIpPreservation": true }) });
                const skipped = await planProject(readProject(directory), [], { program: recordingProgram });
                expect(skipped.crossStack.map((finding) => [finding.check, finding.level])).to.deep.equal([["connection-collisions", "warning"]]);
                expect(skipped.problems.map((problem) => problem.messages[0])).to.deep.equal(["seoul", "tokyo"].map((stack) =>
                    `Pulumi.${stack}.yaml: not planned: app:globalAccelerator.globalStack names organization/app/global, whose accelerator listener is unknown (its plan exports none)`));
            });

            it("says the global stack's listener is unknown when the global stack planned exports none", async () => {
                const skipped = await planProject(readProject(fixture), [], { program: recordingProgram });
                expect(skipped.problems).to.deep.equal(["seoul", "tokyo"].map((stack) => ({
                    stack, kind: "skipped",
                    messages: [`Pulumi.${stack}.yaml: not planned: app:globalAccelerator.globalStack names organization/app/global, whose accelerator listener is unknown (its plan exports none)`],
                })));
            });
        });

        it("fails a plan that breaks a mandatory policy (exit 1)", async () => {
            const directory = scratchProject({ "Pulumi.tokyo.yaml": withConfig({ "app:alb.dropInvalidHeaderFields": false }) });
            const broken = await planProject(readProject(directory));
            expect(broken.stacks.find((stack) => stack.stack === "tokyo")!.policy.some((finding) => finding.enforcementLevel === "mandatory" && finding.source.includes("ELB.4"))).to.equal(true);
            expect(planExitCode(broken)).to.equal(ExitCode.findings);
        });

        it("reports a bug in the program as an internal error (exit 3), with its trace only under --debug", async () => {
            const quiet = await planInProcess(["--project", fixture, "--stack", "seoul", "--program", crashingProgram]);
            expect(quiet.code).to.equal(ExitCode.internal);
            expect(quiet.stderr).to.include("Pulumi.global.yaml: internal error: Cannot read properties of undefined (reading 'alb')");
            expect(quiet.stderr).to.not.include("crashes.js:");
            const debug = await planInProcess(["--project", fixture, "--stack", "seoul", "--program", crashingProgram, "--debug"]);
            expect(debug.stderr).to.include("crashes.js:");
        });

        it("names an unknown stack with a suggestion (exit 2)", async () => {
            const result = await planInProcess(["--project", fixture, "--stack", "tokio"]);
            expect(result.code).to.equal(ExitCode.badInput);
            expect(result.stderr).to.include("plan: --stack tokio: there is no stack file Pulumi.tokio.yaml (did you mean tokyo?) (have: global, seoul, tokyo)");
        });

        it("warns about settings other settings make meaningless", async () => {
            const directory = scratchProject({ "Pulumi.tokyo.yaml": withConfig({ "app:globalAccelerator.enabled": false, "app:globalAccelerator.trafficDial": 50 }) });
            const result = await planProject(readProject(directory));
            expect(result.warnings).to.include("Pulumi.tokyo.yaml: app:globalAccelerator.trafficDial is ignored: globalAccelerator.enabled is false (it is 50)");
            expect(renderPlan(result)).to.include("[warning] Pulumi.tokyo.yaml: app:globalAccelerator.trafficDial is ignored");
        });
    });

    describe("arguments", () => {
        it("takes --stack more than once, and --stack=NAME", () => {
            expect(parsePlanArguments(["--stack", "seoul", "--stack=tokyo", "--json"])).to.include({ json: true }).and.to.have.deep.property("stacks", ["seoul", "tokyo"]);
        });

        it("takes every option's value, separate or after =", () => {
            expect(parsePlanArguments(["--out", "o", "--prices=p.json", "--previous", "before.json", "--write-golden"]))
                .to.deep.include({ out: "o", prices: "p.json", previous: "before.json", writeGolden: true, help: false });
            expect(parsePlanArguments([])).to.deep.include({ stacks: [], json: false, writeGolden: false, debug: false, help: false });
            expect(parsePlanArguments(["--prices", "p.json", "--json"])).to.deep.include({ prices: "p.json", json: true });
            expect(messageOf(() => parsePlanArguments(["--out"]))).to.equal("--out needs a value, e.g. --out plan-out\n(npm run plan -- --help for usage)");
            expect(messageOf(() => parsePlanArguments(["--previous"]))).to.equal("--previous needs a value, e.g. --previous previous-plan.json\n(npm run plan -- --help for usage)");
        });

        it("says which value a flag needs, with an example", () => {
            expect(messageOf(() => parsePlanArguments(["--stack"]))).to.equal("--stack needs a value, e.g. --stack seoul\n(npm run plan -- --help for usage)");
            expect(messageOf(() => parsePlanArguments(["--project", "--json"]))).to.equal("--project needs a value, e.g. --project path/to/project\n(npm run plan -- --help for usage)");
        });

        it("takes an inline =value only after a --flag", () => {
            expect(() => parsePlanArguments(["-h=1"])).to.throw("unknown argument -h=1");
        });

        it("prints the usage in process with --help and plans nothing", async () => {
            const result = await planInProcess(["--help", "--project", "/nonexistent"]);
            expect(result).to.deep.equal({ code: 0, stdout: usage, stderr: "" });
        });

        it("writes nothing on stderr for a clean plan, and refuses an unreadable --previous plan (exit 2)", async () => {
            const err: string[] = [];
            const code = await planCommand(["--project", fixture, "--stack", "seoul"], { out: () => undefined, err: (text) => err.push(text), environment: {} });
            expect(code).to.equal(0);
            expect(err).to.deep.equal([]);
            const previous = await planInProcess(["--project", fixture, "--stack", "seoul", "--previous", "/nonexistent/plan.json"]);
            expect(previous.code).to.equal(ExitCode.badInput);
            expect(previous.stderr).to.include("plan: --previous /nonexistent/plan.json: cannot read it (ENOENT)");
        });

        it("reads a --previous plan saved through npm run without -s, npm's banner before the JSON", () => {
            const json = JSON.stringify({ stacks: [] });
            const banner = "\n> multi-region-alb@0.1.0 plan\n> node scripts/launch.js offline/plan --json\n\n";
            expect(parsePreviousPlan(`${banner}${json}\n`, "before.json")).to.deep.equal({ stacks: [] });
            expect(parsePreviousPlan(json, "before.json")).to.deep.equal({ stacks: [] });
            expect(() => parsePreviousPlan("> only a banner\n", "before.json")).to.throw(InputError, "--previous before.json: cannot read it as a plan");
            expect(() => parsePreviousPlan("> only a banner\n", "before.json"), "and says how to write one")
                .to.throw(InputError, /; write one with npm run -s plan -- --json > FILE, or use the plan\.json that --out DIR writes$/);
        });

        it("takes -h for --help and --project=DIR", () => {
            expect(parsePlanArguments(["-h", "--project=some/dir"])).to.deep.include({ help: true, project: "some/dir", json: false, debug: false, writeGolden: false, stacks: [] });
        });

        it("refuses a project directory without Pulumi.yaml (exit 2)", async () => {
            const empty = fs.mkdtempSync(path.join(os.tmpdir(), "no-project-"));
            const result = await planInProcess(["--project", empty]);
            expect(result.code).to.equal(ExitCode.badInput);
            expect(result.stderr).to.include(`plan: --project ${empty}: no Pulumi.yaml or Pulumi.yml in ${empty}`);
            const relative = await planInProcess(["--project", "no/such/project"]);
            expect(relative.code).to.equal(ExitCode.badInput);
            expect(relative.stderr).to.include(`plan: --project no/such/project: no Pulumi.yaml or Pulumi.yml in ${path.resolve("no/such/project")}`);
        });

        it("plans a project whose project file is Pulumi.yml, as the Pulumi CLI reads it", async () => {
            const directory = scratchProject({ "Pulumi.yml": fs.readFileSync(path.join(fixture, "Pulumi.yaml"), "utf8"), "Pulumi.yaml": null });
            const result = await planInProcess(["--project", directory, "--stack", "seoul", "--json"]);
            expect(result.stderr, "the verdict alone, beside --json's stdout").to.match(/^\nPlan clean \(exit 0\): 1 stack, \d+ resources/);
            expect(result.code).to.equal(ExitCode.clean);
            expect((JSON.parse(result.stdout) as { stacks: { stack: string }[] }).stacks.map((stack) => stack.stack)).to.deep.equal(["seoul"]);
        });

        it("also writes the plan files with --out, saying so on stderr", async () => {
            const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-out-")), "out");
            const result = await planInProcess(["--project", fixture, "--stack", "seoul", "--out", out]);
            expect(result.code).to.equal(ExitCode.clean);
            const written = ["plan.json", "plan.md", "diagram.svg", "pr-comment.md"].map((file) => path.relative(process.cwd(), path.join(out, file)));
            expect(result.stderr).to.equal(`wrote ${written.join(", ")}`);
            expect(filesUnder(out)).to.deep.equal(["diagram.svg", "plan.json", "plan.md", "pr-comment.md"]);
            const document = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")) as { stacks: { stack: string }[]; cost: { stacks: { stack: string }[] } };
            expect(document.stacks.map((stack) => stack.stack)).to.deep.equal(["seoul"]);
            expect(document.cost.stacks.map((stack) => stack.stack)).to.deep.equal(["seoul"]);
            expect(result.stdout).to.include("=== stack seoul (ap-northeast-2, production)");
        });

        describe("--write-golden", () => {
            /** A throw-away examples folder: alpha (frankfurt) and beta (dublin), and notes/ that is no project. */
            let directories: GoldenDirectories;
            before(() => {
                const root = fs.mkdtempSync(path.join(os.tmpdir(), "goldens-"));
                directories = { examples: path.join(root, "examples"), golden: path.join(root, "golden") };
                fs.mkdirSync(path.join(directories.examples, "notes"), { recursive: true });
                fs.writeFileSync(path.join(directories.examples, "notes", "README.md"), "not an example\n");
                fs.renameSync(fixtureProject({ dublin: { "aws:region": "eu-west-1" } }).directory, path.join(directories.examples, "beta"));
                fs.renameSync(fixtureProject({ frankfurt: { "aws:region": "eu-central-1" } }).directory, path.join(directories.examples, "alpha"));
            });
            const printed = () => [path.join("alpha", "frankfurt.plan.json"), path.join("beta", "dublin.plan.json")]
                .map((file) => `wrote ${path.relative(process.cwd(), path.join(directories.golden, file))}`);

            it("plans every example and writes one golden plan per stack, saying so on stdout (exit 0)", async () => {
                const out: string[] = [];
                const code = await planCommand(["--write-golden"], { out: (text) => out.push(text), err: () => undefined, environment: {} }, directories);
                expect(code).to.equal(ExitCode.clean);
                expect(out).to.deep.equal(printed());
                expect(filesUnder(directories.golden)).to.deep.equal([path.join("alpha", "frankfurt.plan.json"), path.join("beta", "dublin.plan.json")]);
                const frankfurt = fs.readFileSync(path.join(directories.golden, "alpha", "frankfurt.plan.json"), "utf8");
                // The stack's plan as indented JSON: its stack, region, resources (the ALB among them) and outputs.
                expect(frankfurt).to.match(/^\{\n {2}"stack": "frankfurt",\n {2}"region": "eu-central-1",\n[\s\S]*\n\}\n$/);
                const golden = JSON.parse(frankfurt) as { resources: { type: string; name: string }[]; outputs: Record<string, unknown> };
                expect(golden.resources.filter((resource) => resource.type === "aws:lb/loadBalancer:LoadBalancer").map((resource) => resource.name)).to.deep.equal(["frankfurt-alb"]);
                expect(golden.outputs).to.have.property("albDnsName");
            });

            it("replaces the whole golden folder, dropping plans of stacks that are gone", async () => {
                fs.mkdirSync(path.join(directories.golden, "gamma"), { recursive: true });
                fs.writeFileSync(path.join(directories.golden, "gamma", "osaka.plan.json"), "{}\n");
                const out: string[] = [];
                await writeGoldens(directories, (text) => out.push(text));
                expect(out).to.deep.equal(printed());
                expect(filesUnder(directories.golden)).to.deep.equal([path.join("alpha", "frankfurt.plan.json"), path.join("beta", "dublin.plan.json")]);
            });
        });

        it("refuses an unknown flag with a suggestion, and a flag without its value", () => {
            expect(() => parsePlanArguments(["--jsn"])).to.throw("unknown argument --jsn (did you mean --json?)");
            expect(() => parsePlanArguments(["--stack"])).to.throw("--stack needs a value");
            expect(() => parsePlanArguments(["--stack", "--json"])).to.throw("--stack needs a value");
        });

        it("prints only JSON on stdout with --json", async () => {
            const result = await planInProcess(["--project", fixture, "--stack", "seoul", "--json"]);
            const document = JSON.parse(result.stdout);
            expect(Object.keys(document)).to.deep.equal(["stacks", "crossStack", "problems", "warnings", "deployOrder", "destroyOrder", "capacity", "controlPlanes", "cost"]);
            expect(document.cost.stacks.map((stack: { stack: string }) => stack.stack)).to.deep.equal(["seoul"]);
        });

        it("colours a terminal's output unless NO_COLOR is set", async () => {
            const tty = await planInProcess(["--project", fixture, "--stack", "seoul"], true, {});
            expect(tty.stdout).to.include("\u001b[1m=== stack seoul");
            const noColour = await planInProcess(["--project", fixture, "--stack", "seoul"], true, { NO_COLOR: "1" });
            expect(noColour.stdout).to.not.include("\u001b[");
            const piped = await planInProcess(["--project", fixture, "--stack", "seoul"], false, {});
            expect(piped.stdout).to.not.include("\u001b[");
        });

        it("ends with the verdict, one line, green when clean and red when not on a terminal, plain when piped or under NO_COLOR", async () => {
            const lastLine = (text: string) => text.split("\n").pop();
            const clean = lastLine((await planInProcess(["--project", fixture], true, {})).stdout)!;
            expect(clean.startsWith(`${escape}[32mPlan clean (exit 0): 3 stacks, `) && clean.endsWith(`${escape}[39m`), clean).to.equal(true);
            const failing = scratchProject({ "Pulumi.tokyo.yaml": (text) => text.replace("app:dns.failoverRole: SECONDARY", "app:dns.failoverRole: PRIMARY") });
            expect(lastLine((await planInProcess(["--project", failing], true, {})).stdout)).to.equal("\u001b[31mPlan failed (exit 1, findings): 2 cross-stack errors: fix them before deploying\u001b[39m");
            expect(lastLine((await planInProcess(["--project", failing], true, { NO_COLOR: "1" })).stdout)).to.equal("Plan failed (exit 1, findings): 2 cross-stack errors: fix them before deploying");
            expect(lastLine((await planInProcess(["--project", failing], false, {})).stdout)).to.equal("Plan failed (exit 1, findings): 2 cross-stack errors: fix them before deploying");
        });

        it("keeps stdout to the JSON under --json and puts the verdict last on stderr, coloured only when stderr is a terminal", async () => {
            const out: string[] = [];
            const err: string[] = [];
            const code = await planCommand(["--project", fixture, "--stack", "seoul", "--json"], { out: (text) => out.push(text), err: (text) => err.push(text), isTty: false, errIsTty: true, environment: {} });
            expect(code).to.equal(0);
            expect(() => JSON.parse(out.join("\n")) as unknown).to.not.throw();
            expect(err).to.have.length(1);
            expect(err[0].startsWith(`\n${escape}[32mPlan clean (exit 0)`), err[0]).to.equal(true);
        });

        it("says on stderr how to leave npm's banner out when --json runs through npm run without -s", async () => {
            const npm = { npm_lifecycle_event: "plan", npm_config_loglevel: "notice" };
            const noisy = await planInProcess(["--project", fixture, "--stack", "seoul", "--json"], false, npm);
            expect(noisy.stderr).to.include("note: npm printed its \"> multi-region-alb plan\" banner on stdout before this JSON").and.include("npm run -s plan -- --json");
            const silent = await planInProcess(["--project", fixture, "--stack", "seoul", "--json"], false, { ...npm, npm_config_loglevel: "silent" });
            expect(silent.stderr).to.not.include("note:");
            expect(npmBannerOnStdout({}, false), "not run by npm").to.equal(false);
            expect(npmBannerOnStdout(npm, true), "a terminal: nothing parses it").to.equal(false);
        });
    });

    describe("command line (spawned: the real exit codes)", () => {
        /** Node options that make loading Pulumi's SDK fail the process. */
        const withoutPulumi = ["--require", path.join(__dirname, "plan", "withoutPulumi.cjs")];

        it("the guard works: a plan, which needs Pulumi's SDK, fails under it", async () => {
            const result = await planCli(["--project", fixture, "--stack", "seoul"], withoutPulumi);
            expect(result.code).to.equal(3);
            expect(result.stderr).to.include("the plan loaded @pulumi/pulumi for an answer that does not need it");
        });

        it("0: --help prints the options and the exit codes, without loading the planner (Pulumi's SDK)", async () => {
            const result = await planCli(["--help"], withoutPulumi);
            expect(result.code).to.equal(0);
            expect(result.stdout.trim()).to.equal(usage);
            expect(usage).to.match(/0 +clean[\s\S]*1 +findings[\s\S]*2 +bad input[\s\S]*3 +internal error/);
        });

        it("0: --json prints only the plan's JSON", async () => {
            const result = await planCli(["--project", fixture, "--json"]);
            expect(result.code, result.stderr).to.equal(0);
            const document = JSON.parse(result.stdout);
            expect(document.stacks.map((stack: { stack: string }) => stack.stack)).to.deep.equal(["global", "seoul", "tokyo"]);
        });

        it("1: a cross-stack error", async () => {
            const directory = scratchProject({ "Pulumi.tokyo.yaml": (text) => text.replace("app:dns.failoverRole: SECONDARY", "app:dns.failoverRole: PRIMARY") });
            const result = await planCli(["--project", directory]);
            expect(result.code).to.equal(1);
            expect(unwrapped(result.stdout)).to.include('[error] failover-roles (production: Pulumi.seoul.yaml, Pulumi.tokyo.yaml): failover name "app" needs exactly one PRIMARY record, found 2 (seoul, tokyo)');
            expect(result.stdout.trimEnd().split("\n").pop()).to.equal("Plan failed (exit 1, findings): 2 cross-stack errors: fix them before deploying");
        });

        it("2: invalid configuration, one line per problem naming file and key", async () => {
            const directory = scratchProject({ "Pulumi.tokyo.yaml": (text) => text.replace("app:dns.weight: 50", "app:dns.weight: 300") });
            const result = await planCli(["--project", directory]);
            expect(result.code).to.equal(2);
            expect(result.stderr.trim()).to.equal("Pulumi.tokyo.yaml: app:dns.weight must be a whole number 0..255, got 300");
        });

        it("0: ends quietly when the reader closes the pipe (| head), with the plan's own exit code", async () => {
            const command = `set -o pipefail; "${process.execPath}" "${launcher}" offline/plan --project "${fixture}" --json | head -c 1`;
            // Not as an npm script (the suite may run under npm): npm's banner note is another test's.
            const environment = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("npm_")));
            const result = await run("bash", ["-c", command], { cwd: root, env: { ...environment, NO_COLOR: "1" } })
                .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }), (error: { code: number; stdout: string; stderr: string }) => error);
            expect(result.stdout).to.equal("{");
            expect(result.stderr, "no EPIPE stack trace: the verdict alone").to.match(/^\nPlan clean \(exit 0\)[^\n]*\n$/);
            expect(result.code).to.equal(0);
        });

        it("2: an unknown flag, answered without loading the planner", async () => {
            const result = await planCli(["--bogus"], withoutPulumi);
            expect(result.code).to.equal(2);
            expect(result.stderr).to.include("plan: unknown argument --bogus");
            expect(result.stdout).to.equal("");
        });

        it("3: an internal error, the trace only with --debug", async () => {
            const [quiet, debug] = await Promise.all([
                planCli(["--project", fixture, "--stack", "seoul", "--program", crashingProgram]),
                planCli(["--project", fixture, "--stack", "seoul", "--program", crashingProgram, "--debug"]),
            ]);
            expect(quiet.code).to.equal(3);
            expect(quiet.stderr).to.include("internal error").and.not.include("    at ");
            expect(debug.code).to.equal(3);
            expect(debug.stderr).to.include("    at ");
        });
    });
});

import { expect } from "chai";
import { describeStackError, Plan, planExitCode, planProject, planFails, setOptions, StackPlan, StackProblem } from "../../offline/planner";
import { ConfigError } from "../../config/load";
import { InputError } from "../../domain/exitCodes";
import { PolicyFinding } from "../../policy/evaluate";
import { AwsRefusal, runStack, withoutDiagnostics } from "../../offline/runStack";
import { projectFiles, testWorld } from "../harness";
import { predictFailover } from "../../domain/failover";

const problem = (kind: StackProblem["kind"]): StackProblem => ({ stack: "s", kind, messages: ["Pulumi.s.yaml: x"] });
const plan = (problems: StackProblem[], crossStack: Plan["crossStack"] = []): Plan => ({ stacks: [], crossStack, problems, warnings: [], deployOrder: [], destroyOrder: [], capacity: [], controlPlanes: [] });

/** A planned stack whose only policy finding has `enforcementLevel`. */
const stackWithFinding = (enforcementLevel: PolicyFinding["enforcementLevel"]): StackPlan => ({
    stack: "s", region: "ap-northeast-2", resources: [], outputs: {}, environment: "production", relaxed: [], recoveryTimeObjectiveSeconds: 180,
    policy: [{ policy: "elb-4-drop-invalid-header-fields", source: "AWS Security Hub ELB.4", enforcementLevel, message: "m" }],
    failover: predictFailover({ route53IntervalSeconds: 10, route53FailureThreshold: 3, targetGroupChecks: [{ intervalSeconds: 10, unhealthyThreshold: 2 }] }),
    recovery: { objectiveSeconds: 180 },
});

/** An error as a library throws it: its class shows only in `name`. */
const named = (name: string, message: string): Error => Object.assign(new Error(message), { name });

describe("planner", () => {
    describe("exit codes", () => {
        it("0 for a plan with nothing wrong, warnings included", () => {
            expect(planExitCode(plan([], [{ check: "parity", level: "warning", message: "m", stacks: [] }]))).to.equal(0);
        });

        it("1 for a cross-stack error or a stack skipped because of one", () => {
            expect(planExitCode(plan([], [{ check: "weights", level: "error", message: "m", stacks: [] }]))).to.equal(1);
            expect(planExitCode(plan([problem("skipped")]))).to.equal(1);
            expect(planFails(plan([problem("input")]))).to.equal(false);
        });

        it("fails a plan for each of its conditions alone", () => {
            expect(planFails(plan([], [{ check: "weights", level: "error", message: "m", stacks: [] }]))).to.equal(true);
            expect(planFails(plan([problem("skipped")]))).to.equal(true);
            expect(planFails({ ...plan([]), stacks: [stackWithFinding("mandatory")] })).to.equal(true);
            expect(planFails({ ...plan([]), replacements: [{ stack: "s", resource: "urn:r", label: "ALB s-alb", changes: [], firstStep: "f" }] })).to.equal(true);
        });

        it("passes a plan with only warnings, advisory findings, input problems or no replacements", () => {
            expect(planFails(plan([], [{ check: "parity", level: "warning", message: "m", stacks: [] }]))).to.equal(false);
            expect(planFails({ ...plan([]), stacks: [stackWithFinding("advisory")] })).to.equal(false);
            expect(planFails(plan([problem("input"), problem("internal")]))).to.equal(false);
            expect(planFails({ ...plan([]), replacements: [] })).to.equal(false);
        });

        it("2 for input problems, over findings; 3 for an internal error, over everything", () => {
            expect(planExitCode(plan([problem("input"), problem("skipped")], [{ check: "weights", level: "error", message: "m", stacks: [] }]))).to.equal(2);
            expect(planExitCode(plan([problem("input"), problem("internal")]))).to.equal(3);
        });
    });

    describe("errors of one stack", () => {
        it("lists a ConfigError's problems as they are", () => {
            expect(describeStackError("s", new ConfigError(["Pulumi.s.yaml: app:a must be b", "Pulumi.s.yaml: app:c must be d"]))).to.deep.equal({
                stack: "s", kind: "input", messages: ["Pulumi.s.yaml: app:a must be b", "Pulumi.s.yaml: app:c must be d"],
            });
        });

        it("names the stack file of an input error, a missing file and a secret, first line only", () => {
            expect(describeStackError("s", new InputError("bad value\nmore"))).to.deep.equal({ stack: "s", kind: "input", messages: ["Pulumi.s.yaml: bad value"] });
            const missing = Object.assign(new Error("ENOENT: no such file or directory, open '/p/Pulumi.s.yml'"), { code: "ENOENT" });
            expect(describeStackError("s", missing, "Pulumi.s.yml").messages).to.deep.equal(["ENOENT: no such file or directory, open '/p/Pulumi.s.yml'"]);
            expect(describeStackError("s", new Error("Pulumi.s.yaml: app:k is a secret; the offline plan cannot decrypt it")).messages)
                .to.deep.equal(["Pulumi.s.yaml: app:k is a secret; the offline plan cannot decrypt it"]);
        });

        it("sorts YAML and secret errors by their exact name as input problems of the stack file, first line only", () => {
            for (const name of ["YAMLParseError", "YAMLException", "SecretError"]) {
                expect(describeStackError("s", named(name, "bad indentation\nat line 3"), "Pulumi.s.yml"), name)
                    .to.deep.equal({ stack: "s", kind: "input", messages: ["Pulumi.s.yml: bad indentation"] });
            }
            for (const name of ["MyYAMLParseError", "YAMLExceptionHandler"]) {
                expect(describeStackError("s", named(name, "bad indentation")).kind, name).to.equal("internal");
            }
        });

        it("turns the program's invalid-configuration RunError back into its problems", () => {
            const error = named("RunError", "Invalid configuration (2 problems):\n  - Pulumi.s.yaml: app:a must be b\n  - Pulumi.s.yaml: app:c must be d");
            expect(describeStackError("s", error)).to.deep.equal({ stack: "s", kind: "input", messages: ["Pulumi.s.yaml: app:a must be b", "Pulumi.s.yaml: app:c must be d"] });
        });

        it("takes only a RunError that starts with Invalid configuration for input problems", () => {
            expect(describeStackError("s", named("Error", "Invalid configuration (1 problem):\n  - Pulumi.s.yaml: app:a must be b")))
                .to.deep.include({ kind: "internal", messages: ["Pulumi.s.yaml: internal error: Invalid configuration (1 problem):"] });
            expect(describeStackError("s", named("RunError", "Program failed: Invalid configuration (1 problem):\n  - x")))
                .to.deep.include({ kind: "internal", messages: ["Pulumi.s.yaml: internal error: Program failed: Invalid configuration (1 problem):"] });
            expect(describeStackError("s", named("RunError", "Program failed with an unhandled exception")).kind).to.equal("internal");
        });

        it("reports every AWS refusal, and anything else as an internal error with its trace", () => {
            expect(describeStackError("s", new AwsRefusal(["a: x", "b: y"])).messages).to.deep.equal(["Pulumi.s.yaml: AWS would refuse a: x", "Pulumi.s.yaml: AWS would refuse b: y"]);
            const bug = new TypeError("boom");
            expect(describeStackError("s", bug)).to.deep.equal({ stack: "s", kind: "internal", messages: ["Pulumi.s.yaml: internal error: boom"], trace: bug.stack });
            expect(describeStackError("s", "text")).to.deep.include({ kind: "internal", messages: ["Pulumi.s.yaml: internal error: text"] });
        });
    });

    describe("the SDK's diagnostics (stack traces, promise bookkeeping)", () => {
        /** The SDK's promise bookkeeping function as the runtime calls it (internal to the SDK: offline/runStack.ts). */
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const bookkeeping = () => (require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: unknown }).debuggablePromise;
        /** How many lines the stack of an error made by the program has, whether a run that throws has frames, and whether the program saw the SDK's bookkeeping. */
        const framesInRun = async (diagnostics?: boolean) => {
            const sdkBookkeeping = bookkeeping();
            const run = await runStack("unit", { files: projectFiles, style: "aws", world: testWorld, config: { "aws:region": "ap-northeast-2" }, diagnostics,
                program: async () => ({ lines: new Error("where").stack!.split("\n").length, bookkept: bookkeeping() === sdkBookkeeping }) });
            const failure = await runStack("unit", { files: projectFiles, style: "aws", world: testWorld, config: { "aws:region": "ap-northeast-2" }, diagnostics,
                program: async () => { throw new TypeError("a bug"); } }).then(() => undefined, (error: Error) => error);
            return { lines: run.outputs.lines, bookkept: run.outputs.bookkept, failure: failure?.stack?.split("\n").length };
        };

        it("records no stack trace and skips the bookkeeping while a stack's program runs, and puts both back after, whether the run passed or threw", async () => {
            const limit = Error.stackTraceLimit;
            const sdkBookkeeping = bookkeeping();
            expect(await framesInRun()).to.deep.equal({ lines: 1, bookkept: false, failure: 1 });
            expect(Error.stackTraceLimit).to.equal(limit);
            expect(bookkeeping()).to.equal(sdkBookkeeping);
        });

        it("keeps both with diagnostics (the plan's --debug)", async () => {
            const { lines, bookkept, failure } = await framesInRun(true);
            expect(lines).to.be.above(1);
            expect(bookkept).to.equal(true);
            expect(failure).to.be.above(1);
        });

        it("plans the same with and without them: every stack's resources, inputs, options, findings and outputs, and the cross-stack checks", async () => {
            // The order of registration follows the SDK's promise timing, which the bookkeeping's reactions change; the plan sorts.
            const lean = await planProject(projectFiles);
            const full = await planProject(projectFiles, [], { diagnostics: true });
            expect(lean.stacks.map((stack) => stack.resources.length)).to.satisfy((counts: number[]) => counts.length === 3 && counts.every((count) => count > 0));
            expect(lean).to.deep.equal(full);
        });

        it("puts them back when the last of overlapping runs ends, not the first", async () => {
            const limit = Error.stackTraceLimit;
            const sdkBookkeeping = bookkeeping();
            let finishFirst!: () => void;
            const first = withoutDiagnostics(() => new Promise<void>((resolve) => (finishFirst = resolve)));
            let finishSecond!: () => void;
            const second = withoutDiagnostics(() => new Promise<void>((resolve) => (finishSecond = resolve)));
            finishFirst();
            await first;
            expect(Error.stackTraceLimit, "the second run is still under way").to.equal(0);
            expect(bookkeeping(), "the second run is still under way").to.not.equal(sdkBookkeeping);
            finishSecond();
            await second;
            expect(Error.stackTraceLimit).to.equal(limit);
            expect(bookkeeping()).to.equal(sdkBookkeeping);
        });
    });

    describe("resource options", () => {
        it("keeps what is set and drops what is not", () => {
            expect(setOptions({})).to.equal(undefined);
            expect(setOptions({ protect: false, ignoreChanges: [], deleteBeforeReplace: undefined })).to.equal(undefined);
            expect(setOptions({ protect: true, ignoreChanges: ["desiredCapacity"], deleteBeforeReplace: true, dependsOn: ["a"] }))
                .to.deep.equal({ protect: true, ignoreChanges: ["desiredCapacity"], deleteBeforeReplace: true, dependsOn: ["a"] });
        });
    });
});

import { expect } from "chai";
import { describeStackError, Plan, planExitCode, planFails, setOptions, StackProblem } from "../../offline/planner";
import { ConfigError } from "../../config/load";
import { InputError } from "../../domain/exitCodes";
import { AwsRefusal } from "../../offline/runStack";

const problem = (kind: StackProblem["kind"]): StackProblem => ({ stack: "s", kind, messages: ["Pulumi.s.yaml: x"] });
const plan = (problems: StackProblem[], crossStack: Plan["crossStack"] = []): Plan => ({ stacks: [], crossStack, problems, warnings: [], deployOrder: [], destroyOrder: [] });

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

        it("turns the program's invalid-configuration RunError back into its problems", () => {
            const error = Object.assign(new Error("Invalid configuration (2 problems):\n  - Pulumi.s.yaml: app:a must be b\n  - Pulumi.s.yaml: app:c must be d"), { name: "RunError" });
            expect(describeStackError("s", error)).to.deep.equal({ stack: "s", kind: "input", messages: ["Pulumi.s.yaml: app:a must be b", "Pulumi.s.yaml: app:c must be d"] });
        });

        it("reports every AWS refusal, and anything else as an internal error with its trace", () => {
            expect(describeStackError("s", new AwsRefusal(["a: x", "b: y"])).messages).to.deep.equal(["Pulumi.s.yaml: AWS would refuse a: x", "Pulumi.s.yaml: AWS would refuse b: y"]);
            const bug = new TypeError("boom");
            expect(describeStackError("s", bug)).to.deep.equal({ stack: "s", kind: "internal", messages: ["Pulumi.s.yaml: internal error: boom"], trace: bug.stack });
            expect(describeStackError("s", "text")).to.deep.include({ kind: "internal", messages: ["Pulumi.s.yaml: internal error: text"] });
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

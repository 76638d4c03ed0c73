/**
 * Replacements of protected resources: the plan lists them with what to do first, and against
 * a previous plan it refuses a change that would replace a deletion-protected ALB.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { planFails, planProject } from "../../offline/planner";
import { protectedReplacements, protectedResources } from "../../offline/replacements";
import { renderPlan } from "../../offline/render";
import { fixtureProject, regionalStack, StackValues } from "../fixtures/awsFidelity";
import { unwrapped } from "../text";
import { planInProcess } from "./planInProcess";

/** One internet-facing stack without DNS or accelerator, so that it may turn internal. */
const lone = (changes: StackValues = {}) => regionalStack("ap-northeast-2", "PRIMARY", {
    "dns.zoneName": undefined, "dns.failoverRole": undefined, "globalAccelerator.enabled": false, "globalAccelerator.globalStack": undefined,
    "alb.ingressCidrs": ["10.0.0.0/8"], ...changes,
});

describe("replacements of protected resources", () => {
    it("lists every deletion-protected ALB with the keys that replace it and the first step", async () => {
        const plan = await planProject(fixtureProject({ seoul: lone() }));
        expect(protectedResources(plan)).to.deep.equal([{
            stack: "seoul", resource: "seoul-alb", label: "deletion-protected ALB", keys: ["alb.internal", "the stack name"],
            firstStep: "set app:alb.deletionProtection: false and deploy that alone, then deploy the change, then turn deletion protection back on",
        }]);
        expect(renderPlan(plan)).to.include("Protected: seoul-alb (seoul, deletion-protected ALB); changing alb.internal or the stack name replaces it");
    });

    it("lists none when deletion protection is off", async () => {
        const plan = await planProject(fixtureProject({ seoul: lone({ environment: "dev", "alb.deletionProtection": false }) }));
        expect(protectedResources(plan)).to.deep.equal([]);
    });

    it("refuses flipping alb.internal on a protected ALB, against the previous plan", async () => {
        const before = await planProject(fixtureProject({ seoul: lone() }));
        const after = await planProject(fixtureProject({ seoul: lone({ "alb.internal": true }) }));
        const found = protectedReplacements(before, after);
        expect(found.map(({ stack, resource, changes }) => ({ stack, resource, changes }))).to.deep.equal([
            { stack: "seoul", resource: "seoul-alb", changes: [{ property: "internal", key: "alb.internal", before: false, after: true }] },
        ]);
        const plan = { ...after, replacements: found };
        expect(planFails(plan)).to.equal(true);
        expect(unwrapped(renderPlan(plan))).to.include("[error] replaces-protected (seoul): seoul-alb is a deletion-protected ALB and alb.internal (internal false -> true) replaces it");
    });

    it("lets the same flip through once the previous plan had deletion protection off", async () => {
        const relaxed = { environment: "dev", "alb.deletionProtection": false };
        const before = await planProject(fixtureProject({ seoul: lone(relaxed) }));
        const after = await planProject(fixtureProject({ seoul: lone({ ...relaxed, "alb.internal": true }) }));
        expect(protectedReplacements(before, after)).to.deep.equal([]);
    });

    it("reads a previous plan given on the command line (--previous), a golden file too, and exits 1", async () => {
        const before = fixtureProject({ seoul: lone() });
        const previous = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "previous-")), "plan.json");
        const plan = await planProject(before);
        fs.writeFileSync(previous, JSON.stringify(plan.stacks[0]));
        const after = fixtureProject({ seoul: lone({ "alb.internal": true }) });
        const failure = await planInProcess(["--project", after.directory, "--previous", previous]);
        expect(failure.code, failure.stderr).to.equal(1);
        expect(failure.stdout).to.include("[error] replaces-protected (seoul)");
    });
});

/**
 * The rules over the real program and stack files: what the offline plan sees (inputs, computed
 * values as references), what CrossGuard sees before creation (inputs with AWS's values) and after
 * (state), and variations of a stack file that must produce exactly their finding.
 */
import { expect } from "chai";
import { StackRun, runStack } from "../../offline/runStack";
import { evaluatePolicies, PolicyFinding, PolicyResource } from "../../policy/evaluate";
import { configFor, projectFiles, runBothStacks, runTestStack, testWorld } from "../harness";

/** A run's custom resources in the neutral shape, with their inputs or their state as props. */
function policyResources(run: StackRun, view: "inputs" | "state"): PolicyResource[] {
    return run.resources.filter((item) => item.custom)
        .map((item) => ({ urn: item.urn, type: item.type, name: item.name, props: item[view], region: item.region }));
}

const mandatory = (findings: PolicyFinding[]) => findings.filter((finding) => finding.enforcementLevel === "mandatory");
const summary = (findings: PolicyFinding[]) => findings.map((finding) => `${finding.policy} ${finding.urn?.split("::").pop()}`);

describe("policy", () => {
    describe("real stack files", () => {
        it("finds no mandatory violation in either stack as the offline plan records them", async () => {
            const global = await runStack("global", { files: projectFiles, style: "reference", world: testWorld });
            const world = { ...testWorld, stackOutputs: { "organization/app/global": global.outputs } };
            const seoul = await runStack("seoul", { files: projectFiles, style: "reference", world });
            // Tokyo owns the dashboard, which reads seoul's outputs.
            const tokyo = await runStack("tokyo", { files: projectFiles, style: "reference", world: { ...world, stackOutputs: { ...world.stackOutputs, "organization/app/seoul": seoul.outputs } } });
            for (const run of [seoul, tokyo]) {
                const resources = policyResources(run, "inputs");
                expect(resources.map((item) => item.type)).to.include.members(["aws:lb/loadBalancer:LoadBalancer", "aws:route53/record:Record"]);
                expect(mandatory(evaluatePolicies(resources)), run.stack).to.deep.equal([]);
            }
        });

        it("finds no mandatory violation with AWS's values, before creation (inputs) and after (state)", async () => {
            const { seoul, tokyo } = await runBothStacks();
            for (const run of [seoul, tokyo]) {
                for (const view of ["inputs", "state"] as const) {
                    expect(mandatory(evaluatePolicies(policyResources(run, view))), `${run.stack} ${view}`).to.deep.equal([]);
                }
            }
        });

        it("sees what the program asked AWS for: each weakened setting gives exactly its finding", async () => {
            const variations: [Record<string, unknown>, string][] = [
                [{ "alb.dropInvalidHeaderFields": false }, "elb-4-drop-invalid-header-fields seoul-alb"],
                [{ "alb.accessLogs": false }, "elb-5-access-logs-enabled seoul-alb"],
                [{ "alb.deletionProtection": false, environment: "staging" }, "elb-6-deletion-protection seoul-alb"],
                [{ "alb.desyncMitigationMode": "monitor" }, "elb-12-desync-mitigation-mode seoul-alb"],
            ];
            for (const [change, expected] of variations) {
                const run = await runTestStack("seoul", configFor("seoul", change));
                expect(summary(evaluatePolicies(policyResources(run, "inputs"))), JSON.stringify(change)).to.deep.equal([expected]);
            }
        });

        it("lets a throw-away stack go without deletion protection", async () => {
            const run = await runTestStack("seoul", configFor("seoul", { "alb.deletionProtection": false, environment: "dev" }));
            expect(evaluatePolicies(policyResources(run, "inputs"), { requireDeletionProtection: false })).to.deep.equal([]);
        });

        it("refuses the target groups a listener uses when the fleet is switched off (DNS and the accelerator off, so the config lets it through)", async () => {
            const run = await runTestStack("seoul", configFor("seoul", { "fleet.enabled": false, "dns.zoneName": undefined, "globalAccelerator.enabled": false }));
            // With real values, relations resolve through the ARNs AWS reported: judge the state.
            const findings = evaluatePolicies(policyResources(run, "state"));
            expect(summary(mandatory(findings))).to.have.members(["target-group-has-targets seoul-alb-tg-web", "target-group-has-targets seoul-alb-tg-canary"]);
            // The stack file subscribes nobody to the alarm topic: that advice stands beside the ones under test.
            expect(summary(findings)).to.include("alarm-topic-subscribed seoul-alarms-topic");
        });
    });
});

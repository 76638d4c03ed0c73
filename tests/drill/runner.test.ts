/**
 * The drill runner end to end: real stack files, AWS through aws-sdk-client-mock (fakes.ts
 * plays a two-region account whose answers change with delays), a virtual clock, and fakes
 * for the Automation API, the prober and the resolver.
 */
import * as fs from "node:fs";
import { GetHealthCheckStatusCommand, TestDNSAnswerCommand, UpdateHealthCheckCommand } from "@aws-sdk/client-route-53";
import { UpdateEndpointGroupCommand } from "@aws-sdk/client-global-accelerator";
import { expect } from "chai";
import { DrillReport, SignalReport } from "../../drill/report/types";
import { DrillResult, runDrill } from "../../drill/runner/runner";
import { drillOptions, expectGuardTripped, FakeAutomation, fakeDrill, ids } from "./fakes";

function signal(result: DrillResult, phase: "outage" | "recovery", id: string): SignalReport {
    const found = result.report.phases.find((candidate) => candidate.phase === phase)?.signals.find((candidate) => candidate.id === id);
    expect(found, `${phase} ${id}`).to.not.equal(undefined);
    return found!;
}

function measured(result: DrillResult, phase: "outage" | "recovery"): Record<string, number | null> {
    const report = result.report.phases.find((candidate) => candidate.phase === phase)!;
    return Object.fromEntries(report.signals.map((candidate) => [candidate.id, candidate.measuredSeconds]));
}

function readWritten(result: DrillResult): { json: DrillReport; markdown: string } {
    expect(result.files, "report files").to.not.equal(undefined);
    return { json: JSON.parse(fs.readFileSync(result.files!.json, "utf8")) as DrillReport, markdown: fs.readFileSync(result.files!.markdown, "utf8") };
}

describe("drill runner", () => {
    let drill: ReturnType<typeof fakeDrill>;
    afterEach(() => drill.restore());

    describe("with the config lever", () => {
        it("takes seoul out with pulumi up, measures every signal against the lever's effect, restores and passes", async () => {
            drill = fakeDrill();
            const result = await runDrill(drillOptions(), drill.deps);

            expect(result.report.outcome, result.report.summary).to.equal("passed");
            expect(result.exitCode).to.equal(0);
            // Both updates are limited to the health check and the endpoint group (item 5).
            const targets = [FakeAutomation.urns("seoul").endpointGroup, FakeAutomation.urns("seoul").healthCheck].join(" ");
            expect(drill.automation.mutations.map((call) => `${call.method} ${call.stack} ${call.args.join(" ")}`.trim())).to.deep.equal([
                "setConfig seoul drill.simulateOutage true",
                `up seoul ${targets}`,
                "removeConfig seoul drill.simulateOutage",
                `up seoul ${targets}`,
            ]);
            // The program changes AWS, not the tool: no direct updates.
            expect(drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand)).to.have.length(0);
            expect(drill.world.acceleratorMock.commandCalls(UpdateEndpointGroupCommand)).to.have.length(0);

            // Health check updated 20 s into the up, endpoint group 30 s in; Route 53 answers follow
            // 25 s later, the resolver's cache 60 s after that, Global Accelerator 20 s after the dial.
            const outage = result.report.phases.find((phase) => phase.phase === "outage")!;
            expect(outage.leverSeconds).to.equal(40);
            expect(outage.leverEffectiveSeconds).to.deep.equal({ route53: 20, globalAccelerator: 30 });
            // The health check's row is Route 53's status: it turns once every checker (every 30 s, 10 s apart)
            // has reported under the new flag, not when the flag is written (item 9).
            expect(measured(result, "outage")).to.include({
                "health-check:seoul": 20,
                "dns:failover@any": 25,
                "dns:latency@korea": 25,
                "dns:latency@japan": null,
                "accelerator-dial:seoul": 0,
                "http:failover": 85,
                "http:latency": 85,
                "http:accelerator": 20,
                "http:alb:seoul": null,
            });
            expect(signal(result, "outage", "dns:failover@any").sinceLeverStartSeconds).to.equal(45);
            const weighted = signal(result, "outage", "dns:weighted@any");
            expect(weighted.mode).to.equal("narrowing");
            expect(weighted.measuredSeconds).to.be.within(20, 25);
            // Back to healthy as soon as one checker of three (more than 18%) reports under the restored flag.
            expect(measured(result, "recovery")).to.include({ "health-check:seoul": 5, "dns:failover@any": 25, "http:failover": 85, "http:accelerator": 20 });
            expect(signal(result, "recovery", "dns:weighted@any").measuredSeconds).to.be.within(25, 30);
            for (const phase of result.report.phases) {
                expect(phase.end, phase.phase).to.equal("settled");
                for (const judged of phase.signals) {
                    expect(judged.verdict, `${phase.phase} ${judged.id}: ${judged.notes.join("; ")}`).to.equal("pass");
                }
            }
            expect(signal(result, "outage", "dns:failover@any")).to.include({ predictedSeconds: 30, withinPrediction: true, withinObjective: true });
            expect(result.report.lever).to.include({ kind: "config", restored: true, verified: true });
            expect(drill.automation.config.seoul).to.deep.equal({});
        });

        it("queries TestDNSAnswer for every record name, with Korean and Japanese client subnets for latency", async () => {
            drill = fakeDrill();
            await runDrill(drillOptions(), drill.deps);
            const queries = new Set(drill.world.route53Mock.commandCalls(TestDNSAnswerCommand).map((call) => {
                const input = call.args[0].input;
                return `${input.RecordName} ${input.RecordType} ${input.EDNS0ClientSubnetIP ?? "-"}/${input.EDNS0ClientSubnetMask ?? "-"}`;
            }));
            expect([...queries].sort()).to.deep.equal([
                "app.example.com A -/-",
                "latency.example.com A 168.126.63.0/24",
                "latency.example.com A 210.130.1.0/24",
                "weighted.example.com A -/-",
            ]);
        });

        it("writes the report as JSON and Markdown", async () => {
            drill = fakeDrill();
            const result = await runDrill(drillOptions(), drill.deps);
            const written = readWritten(result);
            expect(written.json).to.deep.equal(JSON.parse(JSON.stringify(result.report)));
            expect(written.json.recoveryTimeObjectiveSeconds).to.equal(180);
            expect(written.markdown).to.match(/^# Failover drill: ap-northeast-2 \(seoul\): PASSED/);
            expect(written.markdown).to.include("| `dns:failover@any` | ap-northeast-2 -> ap-northeast-1 | 30 s | 25 s | yes | pass |");
            expect(written.markdown).to.include("## Recovery (lever undone)");
        });

        it("restores and reports an error when pulumi up fails half way", async () => {
            drill = fakeDrill();
            drill.automation.failUp = 1;
            const result = await runDrill(drillOptions(), drill.deps);
            expect(result.report.outcome).to.equal("error");
            expect(result.exitCode).to.equal(1);
            expect(result.report.error).to.match(/pulumi up failed/);
            expect(drill.automation.mutations.map((call) => call.method)).to.deep.equal(["setConfig", "up", "removeConfig", "up"]);
            expect(drill.world.isInverted("seoul")).to.equal(false);
            expect(result.report.lever).to.include({ restored: true, verified: true });
            expect(readWritten(result).json.outcome).to.equal("error");
        });

        it("refuses, even with --force, when the targeted preview shows changes to the resources it would update (item 5)", async () => {
            drill = fakeDrill();
            drill.automation.pendingChanges = 1;
            const refused = await runDrill(drillOptions({ force: true }), drill.deps);
            expect(refused.report.outcome).to.equal("refused");
            expect(refused.report.summary).to.match(/pulumi preview --target of seoul's health check and endpoint group shows no pending changes .*\(same 119, update 1\)/);
            expect(refused.report.summary).to.not.match(/--force/);
            expect(drill.automation.mutations).to.deep.equal([]);
            expect(drill.automation.calls.find((call) => call.method === "preview")?.args).to.deep.equal([FakeAutomation.urns("seoul").endpointGroup, FakeAutomation.urns("seoul").healthCheck]);
        });
    });

    describe("with the health-check lever", () => {
        it("inverts the check and dials GA to 0 through the SDK, then restores exactly the recorded values", async () => {
            drill = fakeDrill({}, { dial: { seoul: 80 } });
            const result = await runDrill(drillOptions({ lever: "health-check" }), drill.deps);

            const checkUpdates = drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand).map((call) => call.args[0].input);
            expect(checkUpdates.map((input) => [input.HealthCheckId, input.Inverted])).to.deep.equal([[ids.seoul.healthCheckId, true], [ids.seoul.healthCheckId, false]]);
            expect(checkUpdates.every((input) => typeof input.HealthCheckVersion === "number")).to.equal(true);
            const dialUpdates = drill.world.acceleratorMock.commandCalls(UpdateEndpointGroupCommand).map((call) => call.args[0].input);
            expect(dialUpdates.map((input) => [input.EndpointGroupArn, input.TrafficDialPercentage])).to.deep.equal([[ids.seoul.endpointGroupArn, 0], [ids.seoul.endpointGroupArn, 80]]);
            expect(drill.automation.mutations).to.deep.equal([]);

            expect(result.report.lever).to.deep.include({ kind: "health-check", originals: { healthCheckInverted: false, trafficDialPercentage: 80 }, restored: true, verified: true });
            expect(result.report.lever?.driftWarning).to.match(/DRIFT/);
            expect(drill.progress.events.some((line) => line.includes("DRIFT"))).to.equal(true);
            // The dial was 80, not the configured 100: the model's expectation is warned about, not failed.
            expect(result.report.warnings.some((warning) => warning.includes("baseline of accelerator-dial:seoul is dial=80"))).to.equal(true);
            expect(measured(result, "outage")).to.include({ "dns:failover@any": 25, "http:failover": 85, "http:accelerator": 20 });
            expect(result.report.outcome, result.report.summary).to.equal("passed");
        });

        it("puts the health check back when dialling GA fails, and reports the error", async () => {
            drill = fakeDrill();
            drill.world.failures = { updateEndpointGroup: 1 };
            const result = await runDrill(drillOptions({ lever: "health-check" }), drill.deps);
            expect(result.report.outcome).to.equal("error");
            expect(result.report.error).to.match(/UpdateEndpointGroup failed/);
            const inverted = drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand).map((call) => call.args[0].input.Inverted);
            expect(inverted).to.deep.equal([true, false]);
            // The failed dial call is retried as a restore to the recorded value.
            expect(drill.world.acceleratorMock.commandCalls(UpdateEndpointGroupCommand).map((call) => call.args[0].input.TrafficDialPercentage)).to.deep.equal([0, 100]);
            expect(drill.world.isInverted("seoul")).to.equal(false);
        });

        it("says loudly how to restore by hand when restoring fails", async () => {
            drill = fakeDrill();
            drill.world.failures = { updateHealthCheck: 2 };
            const result = await runDrill(drillOptions({ lever: "health-check" }), drill.deps);
            expect(result.report.outcome).to.equal("error");
            expect(result.exitCode).to.equal(1);
            expect(result.report.summary).to.match(/RESTORE FAILED/);
            expect(result.report.summary).to.include(`aws route53 update-health-check --health-check-id ${ids.seoul.healthCheckId} --no-inverted`);
            expect(result.report.lever).to.include({ restored: false });
            // The dial is restored even though the health check is not.
            expect(drill.world.dial("seoul")).to.equal(100);
            expect(drill.world.isInverted("seoul")).to.equal(true);
        });
    });

    describe("stopping early", () => {
        it("on Ctrl-C stops polling, restores, marks the report interrupted and exits 1", async () => {
            drill = fakeDrill();
            const prober = drill.deps.prober;
            const deps = {
                ...drill.deps,
                prober: {
                    probe: (request: Parameters<typeof prober.probe>[0]) => {
                        const setAt = drill.automation.calls.find((call) => call.method === "setConfig")?.atSeconds;
                        if (setAt !== undefined && drill.clock.elapsedSeconds() >= setAt + 30) {
                            drill.interrupt.abort();
                        }
                        return prober.probe(request);
                    },
                },
            };
            const result = await runDrill(drillOptions(), deps);
            expect(result.report.outcome).to.equal("interrupted");
            expect(result.exitCode).to.equal(1);
            expect(drill.automation.mutations.map((call) => call.method)).to.deep.equal(["setConfig", "up", "removeConfig", "up"]);
            // The up in progress is finished before restoring (no concurrent updates of the stack).
            const [firstUp, remove] = drill.automation.mutations.filter((call) => call.method === "up" || call.method === "removeConfig");
            expect(remove.atSeconds - firstUp.atSeconds).to.be.at.least(40);
            expect(result.report.phases.map((phase) => [phase.phase, phase.end])).to.deep.equal([["outage", "stopped"]]);
            expect(readWritten(result).json.outcome).to.equal("interrupted");
            expect(drill.world.isInverted("seoul")).to.equal(false);
        });

        it("on timeout restores and reports failure", async () => {
            drill = fakeDrill({ dnsDelayMs: 10 * 60 * 60 * 1000 });
            const result = await runDrill(drillOptions({ timeoutSeconds: 60 }), drill.deps);
            expect(result.report.outcome).to.equal("failed");
            expect(result.exitCode).to.equal(1);
            expect(result.report.summary).to.match(/outage phase timed out after 60 s/);
            const outage = result.report.phases.find((phase) => phase.phase === "outage")!;
            expect(outage.end).to.equal("timeout");
            expect(outage.observedSeconds).to.be.within(60, 65);
            expect(signal(result, "outage", "dns:failover@any")).to.include({ verdict: "fail", measuredSeconds: null });
            expect(drill.automation.mutations.map((call) => call.method)).to.deep.equal(["setConfig", "up", "removeConfig", "up"]);
        });

        it("fails a signal that moves, but slower than the recovery-time objective", async () => {
            drill = fakeDrill({ dnsDelayMs: 200_000 });
            const result = await runDrill(drillOptions(), drill.deps);
            expect(result.report.outcome).to.equal("failed");
            const dns = signal(result, "outage", "dns:failover@any");
            expect(dns).to.include({ measuredSeconds: 200, withinObjective: false, withinPrediction: false, verdict: "fail" });
            expect(dns.notes.join(" ")).to.match(/over the 180 s recovery-time objective/);
            expect(signal(result, "outage", "http:accelerator").verdict).to.equal("pass");
        });

        it("restores at once when another region stops being healthy during the drill (guard)", async () => {
            drill = fakeDrill();
            drill.world.at(60, () => drill.world.setCheckersHealthy("tokyo", false));
            const result = await runDrill(drillOptions({ lever: "health-check" }), drill.deps);
            expectGuardTripped(result, "guard:health-check:tokyo");
            expect(drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand).map((call) => call.args[0].input.Inverted)).to.deep.equal([true, false]);
        });
    });

    describe("preflight", () => {
        it("refuses when the other region is unhealthy: a drill must not cause the outage it rehearses", async () => {
            drill = fakeDrill();
            drill.world.setCheckersHealthy("tokyo", false);
            const result = await runDrill(drillOptions(), drill.deps);
            expect(result.report.outcome).to.equal("refused");
            expect(result.exitCode).to.equal(1);
            expect(result.report.summary).to.match(/Route 53 health check hc-tokyo-0001 of ap-northeast-1 must stay healthy \(unhealthy: 0\/3 checkers healthy\)/);
            expect(drill.automation.mutations).to.deep.equal([]);
            expect(drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand)).to.have.length(0);
            expect(readWritten(result).json.preflight.checks.find((check) => check.id === "other:health-check:tokyo")).to.include({ ok: false, onFailure: "refuse-always" });
        });

        it("refuses with --force too: --force never overrides the health of a region that would take the traffic (item 5)", async () => {
            drill = fakeDrill();
            drill.world.setCheckersHealthy("tokyo", false);
            const result = await runDrill(drillOptions({ force: true, lever: "health-check" }), drill.deps);
            expect(result.report.preflight.forced).to.equal(true);
            expect(result.report.outcome).to.equal("refused");
            expect(result.report.summary).to.not.include("Use --force");
            expect(drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand)).to.have.length(0);
            expect(drill.world.acceleratorMock.commandCalls(UpdateEndpointGroupCommand)).to.have.length(0);
        });

        it("refuses, even with --force, when the target's check is already inverted", async () => {
            drill = fakeDrill({}, { inverted: { seoul: true } });
            const result = await runDrill(drillOptions({ force: true }), drill.deps);
            expect(result.report.outcome).to.equal("refused");
            expect(result.report.summary).to.match(/not already inverted/);
            expect(result.report.summary).to.not.match(/--force/);
            expect(drill.automation.mutations).to.deep.equal([]);
        });

        it("refuses, even with --force, when the stack already has drill.simulateOutage set", async () => {
            drill = fakeDrill();
            drill.automation.config.seoul["drill.simulateOutage"] = "true";
            const result = await runDrill(drillOptions({ force: true }), drill.deps);
            expect(result.report.outcome).to.equal("refused");
            expect(drill.automation.mutations).to.deep.equal([]);
        });
    });

    describe("--dry-run", () => {
        for (const lever of ["config", "health-check"] as const) {
            it(`prints the plan and runs only read-only checks (${lever} lever)`, async () => {
                drill = fakeDrill();
                const options = drillOptions({ dryRun: true, lever });
                const result = await runDrill(options, drill.deps);
                expect(result.report.outcome).to.equal("planned");
                expect(result.exitCode).to.equal(0);
                expect(result.files).to.equal(undefined);
                expect(fs.readdirSync(options.outDir)).to.deep.equal([]);
                expect(drill.automation.mutations).to.deep.equal([]);
                expect(drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand)).to.have.length(0);
                expect(drill.world.acceleratorMock.commandCalls(UpdateEndpointGroupCommand)).to.have.length(0);
                expect(drill.world.route53Mock.commandCalls(GetHealthCheckStatusCommand).length).to.be.greaterThan(0);
                const printed = drill.progress.events.join("\n");
                expect(printed).to.include(`Drill plan: take ap-northeast-2 (seoul) out with the ${lever} lever`);
                expect(printed).to.match(/dns:failover@any\s+ap-northeast-2 -> ap-northeast-1\s+30 s/);
                expect(printed).to.include("Dry run: nothing was changed.");
            });
        }

        it("plans from the stack files alone, calling no AWS API, when the stacks cannot be reached", async () => {
            drill = fakeDrill();
            drill.automation.outputsError = new Error("no credentials: run pulumi login");
            const result = await runDrill(drillOptions({ dryRun: true }), drill.deps);
            expect(result.report.outcome).to.equal("planned");
            expect(drill.world.route53Mock.calls()).to.have.length(0);
            expect(drill.world.acceleratorMock.calls()).to.have.length(0);
            expect(drill.progress.events.join("\n")).to.match(/stack outputs unavailable \(no credentials: run pulumi login\)/);
            expect(drill.progress.events.join("\n")).to.include("<healthCheckId of seoul>");
        });
    });
});

/**
 * The HTML drill report without a browser: the view built from a report (predicted and
 * measured moments on one clock, segments, lever moments, guards), the simulation's view, the
 * page being self-contained and safe with hostile text; `drill simulate --out DIR` end to end.
 * tests/browser/ opens the same pages in Chromium.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { failoverPathsOfSimulation, renderHtml, renderReportHtml, renderSimulationHtml } from "../../drill/report/html";
import { formatSimulation } from "../../drill/simulate/format";
import { clientOf, viewOfReport, viewOfSimulation } from "../../drill/report/timelineView";
import { DrillReport, PhaseReport, SignalReport } from "../../drill/report/types";
import { simulateDrill } from "../../drill/simulate/simulate";
import { findTarget, loadProjectStacks } from "../../drill/stacks";
import { parseCommand } from "../../drill/cli/args";
import { projectDir } from "./fakes";
import { drillInProcess } from "./inProcess";

function signal(id: string, overrides: Partial<SignalReport> = {}): SignalReport {
    return {
        id, kind: "dns-answer", description: `signal ${id}`, follows: "route53", from: ["ap-northeast-2"], to: ["ap-northeast-1"], mode: "switch",
        predictedSeconds: 30, measuredSeconds: 25, sinceLeverStartSeconds: 45, withinObjective: true, withinPrediction: true, verdict: "pass", notes: [],
        samples: 20, strays: 0, changes: [{ atSeconds: 0, value: "ap-northeast-2" }, { atSeconds: 45, value: "ap-northeast-1" }], ...overrides,
    } as SignalReport;
}

function phase(name: "outage" | "recovery", signals: SignalReport[]): PhaseReport {
    return { phase: name, startedAt: "2026-01-01T00:00:00.000Z", leverSeconds: 40, leverEffectiveSeconds: { route53: 20, globalAccelerator: 30 }, observedSeconds: 120, end: "settled", signals };
}

function report(signals: SignalReport[], overrides: Partial<DrillReport> = {}): DrillReport {
    return {
        schemaVersion: 1, target: { stack: "seoul", region: "ap-northeast-2" }, outcome: "passed", summary: "Every signal moved as modelled.",
        startedAt: "2026-01-01T00:00:00.000Z", finishedAt: "2026-01-01T00:05:00.000Z", recoveryTimeObjectiveSeconds: 180, pollSeconds: 5,
        predictedFailoverSeconds: { dns: 90, globalAccelerator: 50 }, preflight: { forced: false, checks: [] }, baseline: {},
        phases: [phase("outage", signals), phase("recovery", signals)], warnings: [], ...overrides,
    } as DrillReport;
}

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

describe("HTML drill report", () => {
    describe("view of a real drill", () => {
        const view = viewOfReport(report([
            signal("dns:latency@korea"),
            signal("accelerator-dial:seoul", { kind: "accelerator-dial", follows: "globalAccelerator", predictedSeconds: 0, measuredSeconds: 0, sinceLeverStartSeconds: 30, changes: [{ atSeconds: 0, value: "dial=100" }, { atSeconds: 30, value: "dial=0" }] }),
            signal("guard:health-check:tokyo", { kind: "guard", predictedSeconds: null, measuredSeconds: null, sinceLeverStartSeconds: null, changes: [{ atSeconds: 0, value: "healthy" }] }),
        ]));
        const rows = view.phases[0].rows;

        it("puts predicted and measured moments on the phase's clock: the prediction counts from when its path's change took effect", () => {
            expect(rows.map((row) => [row.id, row.client, row.predictedAt, row.measuredAt])).to.deep.equal([
                ["dns:latency@korea", "korea", 20 + 30, 45],
                ["accelerator-dial:seoul", "any", 30 + 0, 30],
                ["guard:health-check:tokyo", "any", null, null],
            ]);
        });

        it("turns the changes into segments that end at the next change or at the end of observation", () => {
            expect(rows[0].segments).to.deep.equal([{ from: 0, to: 45, value: "ap-northeast-2" }, { from: 45, to: 120, value: "ap-northeast-1" }]);
            expect(rows[2].segments).to.deep.equal([{ from: 0, to: 120, value: "healthy" }]);
            expect(rows[2].guard).to.equal(true);
        });

        it("marks the lever's moments and compares each path's slowest signal with its prediction", () => {
            expect(view.phases[0].levers).to.deep.equal([
                { at: 40, label: "lever applied" }, { at: 20, label: "DNS change in effect" }, { at: 30, label: "Global Accelerator change in effect" },
            ]);
            expect(view.paths.slice(0, 2)).to.deep.equal([
                { label: "Outage: DNS", predictedSeconds: 30, measuredSeconds: 25 },
                { label: "Outage: Global Accelerator", predictedSeconds: 0, measuredSeconds: 0 },
            ]);
        });

        it("reads the client location from the signal id", () => {
            expect([clientOf("dns:failover@any"), clientOf("dns:latency@japan"), clientOf("http:failover"), clientOf("health-check:seoul")]).to.deep.equal(["any", "japan", "this machine", "any"]);
        });
    });

    describe("the page", () => {
        it("is self-contained: inline scripts and data, a policy that forbids fetching, no external reference", () => {
            const html = renderReportHtml(report([signal("dns:failover@any")]));
            expect(html).to.contain(`content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"`);
            expect(html).to.not.match(/\b(src|href)\s*=/i);
            expect(html).to.contain("Chart.js v4").and.contain("chartjs-plugin-annotation v3");
        });

        it("has one table row per signal in each phase", () => {
            const html = renderReportHtml(report([signal("dns:failover@any"), signal("dns:latency@korea"), signal("dns:latency@japan")]));
            expect(count(html, /<tr class="signal" data-signal=/g)).to.equal(6);
        });

        it("keeps hostile text from closing its script or adding markup", () => {
            const hostile = "</script><script>alert(1)</script><b>";
            const html = renderReportHtml(report([signal("dns:failover@any", { notes: [hostile], description: hostile })], { summary: hostile }));
            expect(count(html, /<script/g)).to.equal(4);
            expect(html).to.not.contain("<b>");
        });

        it("says when no alarm was watched and lists alarm signals when there are", () => {
            expect(renderReportHtml(report([signal("dns:failover@any")]))).to.contain("No CloudWatch alarm was watched in this drill.");
            const withAlarm = renderReportHtml(report([signal("alarm:seoul-5xx", { changes: [{ atSeconds: 0, value: "OK" }, { atSeconds: 60, value: "ALARM" }] })]));
            expect(withAlarm).to.match(/<section id="alarms">[\s\S]*alarm:seoul-5xx[\s\S]*<\/section>/);
        });
    });

    describe("view of drill simulate", () => {
        const stacks = loadProjectStacks(projectDir);
        const simulation = simulateDrill(stacks, findTarget(stacks, "seoul"));
        const view = viewOfSimulation(simulation);

        it("predicts each answer's change at the model's times, per client location, with guards for the other regions", () => {
            const outage = view.phases.find((candidate) => candidate.phase === "outage")!;
            const lever = simulation.prediction.lever;
            const row = (id: string) => outage.rows.find((candidate) => candidate.id === id);
            expect(row("health-check:seoul")?.predictedAt).to.equal(lever.healthCheckSeconds);
            expect(row("dns:latency@korea")?.segments.map((segment) => segment.value)).to.deep.equal(["ap-northeast-2", "ap-northeast-1"]);
            expect(row("dns:latency@korea")?.predictedAt).to.equal(lever.dnsAnswerSeconds);
            expect(row("resolver:latency@korea")?.predictedAt).to.equal(lever.dnsClientSeconds);
            expect(row("dns:latency@japan")?.predictedAt, "Japan stays on Tokyo").to.equal(null);
            expect(row("accelerator@korea")?.predictedAt).to.equal(lever.acceleratorSeconds);
            expect(row("guard:health-check:tokyo")?.guard).to.equal(true);
            expect(outage.durationSeconds).to.be.greaterThan(lever.dnsClientSeconds);
        });

        it("with the fault lever, brings DNS back only after the followed alarms' hold-down, later than it went out", () => {
            const fault = simulateDrill(stacks, findTarget(stacks, "seoul"), undefined, "fault");
            const lever = fault.prediction.lever;
            const recovery = viewOfSimulation(fault).phases.find((candidate) => candidate.phase === "recovery")!;
            expect(lever.recoveryDnsAnswerSeconds).to.be.greaterThan(lever.dnsAnswerSeconds);
            expect(recovery.rows.find((candidate) => candidate.id === "dns:failover@any")?.predictedAt).to.equal(lever.recoveryDnsAnswerSeconds);
            expect(recovery.rows.find((candidate) => candidate.id === "resolver:failover@any")?.predictedAt).to.equal(lever.recoveryDnsAnswerSeconds + lever.dnsClientSeconds - lever.dnsAnswerSeconds);
            expect(recovery.durationSeconds).to.be.greaterThan(lever.recoveryDnsAnswerSeconds);
        });

        it("renders with the predicted verdict and no measured column values", () => {
            const html = renderHtml(view);
            expect(html).to.contain('data-outcome="predicted"');
            expect(html).to.contain("The model does not predict CloudWatch alarms");
        });
    });

    describe("failover paths (the text report's \"Failover after a real regional failure\")", () => {
        /** The paths the text report lists, by label, with whether each is within the objective. */
        const textPaths = (lines: readonly string[]) => {
            const start = lines.findIndex((line) => line.startsWith("Failover after a real regional failure"));
            return lines.slice(start + 1).filter((line) => /^ {2}\S/.test(line)).map((line) => [line.trim().split(/[:(]/)[0].trim(), /\(within the \d+ s objective\)$/.test(line)] as const);
        };
        /** The paths the page lists, by label, with whether each is within the objective. */
        const pagePaths = (html: string) => [...html.matchAll(/<tr data-path="([^"]+)" data-within="(true|false)"><td>([^<]+)<\/td>/g)].map((match) => [match[3].split(/[:(]/)[0].trim(), match[2] === "true"] as const);

        it("shows every path drill simulate's text shows, the alarm path and the routing-control path included, each within or over the objective", () => {
            const stacks = loadProjectStacks(projectDir);
            const routing = { ...stacks, configs: stacks.configs.map((config) => ({ ...config, settings: { ...config.settings, routingControls: { ...config.settings.routingControls, enabled: true } } })) };
            for (const project of [stacks, routing]) {
                const simulation = simulateDrill(project, findTarget(project, "seoul"));
                const text = textPaths(formatSimulation(simulation));
                expect(text.map(([label]) => label)).to.include.members(["DNS", "Global Accelerator", "Followed alarms"]);
                expect(pagePaths(renderSimulationHtml(simulation))).to.deep.equal(text);
            }
            const withRouting = simulateDrill(routing, findTarget(routing, "seoul"));
            expect(failoverPathsOfSimulation(withRouting).map((row) => row.key)).to.deep.equal(["dns", "globalAccelerator", "alarm", "routingControl"]);
            const alarm = failoverPathsOfSimulation(withRouting).find((row) => row.key === "alarm")!;
            expect(alarm.withinObjective).to.equal(alarm.totalSeconds <= withRouting.prediction.recoveryTimeObjectiveSeconds);
            // Each term as the prediction names it, the estimate marked (the shipped alarm settings: 2 breaching periods of 60 s).
            expect(alarm.terms).to.equal("120 s 2 breaching period(s) of 60 s + 60 s the last period's ALB metrics reach CloudWatch + " +
                "60 s Route 53 follows the alarm's data stream (estimate) + 60 s resolvers' cached answers expire (ELB alias TTL)");
        });

        it("shows a real drill's predicted paths judged against its objective, a path it does not know by its key", () => {
            const html = renderReportHtml(report([signal("dns:latency@korea")], { predictedFailoverSeconds: { dns: 90, globalAccelerator: 50, alarm: 360, future: 10 } as DrillReport["predictedFailoverSeconds"] }));
            expect(pagePaths(html)).to.deep.equal([["DNS", true], ["Global Accelerator", true], ["Followed alarms", false], ["future", true]]);
        });
    });

    describe("drill simulate --out DIR", function () {
        this.timeout(60_000);

        it("parses --out for simulate (and still refuses run-only options)", () => {
            expect(parseCommand(["simulate", "--fail", "seoul", "--out", "reports"], "/work", "/project")).to.deep.include({ kind: "simulate", outDir: "/work/reports" });
            expect(parseCommand(["simulate", "--fail", "seoul"], "/work", "/project")).to.not.have.property("outDir");
            expect(() => parseCommand(["simulate", "--fail", "seoul", "--poll", "2"], "/work", "/project")).to.throw(/--poll is an option of run/);
        });

        it("writes report.html beside the text output", async () => {
            const directory = fs.mkdtempSync(path.join(os.tmpdir(), "simulate-out-"));
            const { code, stdout, stderr } = await drillInProcess(["simulate", "--fail", "seoul", "--project", projectDir, "--out", directory], {}, projectDir);
            expect(code, stderr).to.equal(0);
            expect(stdout).to.contain("Drill simulation: take ap-northeast-2 (seoul) out");
            expect(stderr).to.contain(path.join(directory, "report.html"));
            expect(fs.readFileSync(path.join(directory, "report.html"), "utf8")).to.contain("<title>Drill simulation: ap-northeast-2 (seoul)</title>");
        });
    });
});

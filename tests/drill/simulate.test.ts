/** `drill simulate` against the real stack files (and variations of them). */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { ConfigError, loadStackConfig } from "../../config/load";
import { failoverTimingInput } from "../../config/derive";
import { predictFailover } from "../../domain/failover";
import { RouteRow } from "../../drill/model/topology";
import { formatSimulation } from "../../drill/simulate/format";
import { Simulation, simulateDrill } from "../../drill/simulate/simulate";
import { findTarget, loadProjectStacks, ProjectStacks } from "../../drill/stacks";
import { readProject, readStackConfig } from "../../config/stackFiles";
import { projectDir, temporaryDirectory } from "./fakes";

const seoul = "ap-northeast-2";
const tokyo = "ap-northeast-1";

/** The real stacks, with some keys of one stack changed. */
function stacksWith(changes: Record<string, Record<string, unknown>> = {}): ProjectStacks {
    const files = readProject(projectDir);
    // The global stack serves no region; the drill leaves it out (drill/stacks.ts).
    const configs = files.stacks.filter((stack) => stack !== "global").map((stack) => {
        const values = readStackConfig(files, stack);
        for (const [key, value] of Object.entries(changes[stack] ?? {})) {
            values[`app:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
        }
        return loadStackConfig({ stack, project: files.project, values });
    });
    return { directory: projectDir, project: files.project, configs };
}

function answer(simulation: Simulation, phase: "before" | "during" | "after", policy: RouteRow["policy"], client = "any"): Record<string, number> {
    const row = simulation.phases[phase].routes.find((candidate) => candidate.policy === policy && candidate.client === client);
    expect(row, `${phase} ${policy} ${client}`).to.not.equal(undefined);
    return { ...row!.answer.shares };
}

describe("drill simulate", () => {
    const stacks = loadProjectStacks(projectDir);

    it("sees a London stack's failover from Europe: a client near every region of the stack set", () => {
        const london = loadStackConfig({ stack: "london", project: "app", values: {
            ...readStackConfig(readProject(projectDir), "tokyo"), "aws:region": "eu-west-2", "app:dns.failover": "false",
            "app:alb.certificateArn": "arn:aws:acm:eu-west-2:111122223333:certificate/3a4b5c6d-7e8f-4a9b-8c0d-1e2f3a4b5c6d", "app:alb.sniCertificateArns": "[]",
            "app:dashboard.owner": "false", "app:dashboard.stacks": "[]",
        } });
        const withLondon: ProjectStacks = { ...stacks, configs: [...stacks.configs, london] };
        const simulation = simulateDrill(withLondon, london);
        expect(simulation.clients.map((client) => client.id)).to.deep.equal(["korea", "japan", "near-eu-west-2"]);
        expect(answer(simulation, "before", "latency", "near-eu-west-2")).to.deep.equal({ "eu-west-2": 1 });
        expect(answer(simulation, "during", "latency", "near-eu-west-2")).to.deep.equal({ [seoul]: 1 });
        expect(answer(simulation, "during", "accelerator", "near-eu-west-2")).to.deep.equal({ [seoul]: 1 });
    });

    it("reads both regional stack files, and keeps the global stack apart (it serves no region)", () => {
        expect(stacks.configs.map((config) => `${config.stack} ${config.region}`)).to.deep.equal([`seoul ${seoul}`, `tokyo ${tokyo}`]);
        expect(stacks.globals?.map((config) => config.stack)).to.deep.equal(["global"]);
    });

    describe("with seoul failed", () => {
        const simulation = simulateDrill(stacks, findTarget(stacks, "seoul"));

        it("answers the failover name with tokyo, and seoul again after restoring", () => {
            expect(answer(simulation, "before", "failover")).to.deep.equal({ [seoul]: 1 });
            expect(answer(simulation, "during", "failover")).to.deep.equal({ [tokyo]: 1 });
            expect(answer(simulation, "after", "failover")).to.deep.equal({ [seoul]: 1 });
        });

        it("moves seoul's weighted share (50 of 100) to tokyo", () => {
            expect(answer(simulation, "before", "weighted")).to.deep.equal({ [tokyo]: 0.5, [seoul]: 0.5 });
            expect(answer(simulation, "during", "weighted")).to.deep.equal({ [tokyo]: 1 });
        });

        it("sends a client in Korea to tokyo by latency; a client in Japan stays on tokyo", () => {
            expect(answer(simulation, "before", "latency", "korea")).to.deep.equal({ [seoul]: 1 });
            expect(answer(simulation, "during", "latency", "korea")).to.deep.equal({ [tokyo]: 1 });
            expect(answer(simulation, "during", "latency", "japan")).to.deep.equal({ [tokyo]: 1 });
        });

        it("moves Global Accelerator's Korean clients to tokyo (seoul's dial at 0)", () => {
            expect(answer(simulation, "before", "accelerator", "korea")).to.deep.equal({ [seoul]: 1 });
            expect(answer(simulation, "during", "accelerator", "korea")).to.deep.equal({ [tokyo]: 1 });
            expect(simulation.phases.during.conditions[seoul]).to.deep.equal({ healthCheckHealthy: false, albHealthy: true, trafficDial: 0 });
        });

        it("predicts exactly predictFailover's numbers from seoul's intervals, thresholds and TTL", () => {
            const expected = predictFailover(failoverTimingInput(findTarget(stacks, "seoul").settings));
            expect(simulation.prediction.failover).to.deep.equal(expected);
            expect(simulation.prediction.lever).to.deep.equal({
                healthCheckSeconds: expected.dns.detectionSeconds,
                dnsAnswerSeconds: expected.dns.detectionSeconds,
                dnsClientSeconds: expected.dns.totalSeconds,
                acceleratorSeconds: expected.globalAccelerator.reactionSeconds,
            });
            // Seoul: 10 s x 3 checks, then the 60 s ELB TTL; targets 10 s x 2, then GA's 30 s.
            expect([expected.dns.totalSeconds, expected.globalAccelerator.totalSeconds]).to.deep.equal([90, 50]);
            expect(simulation.prediction.events.filter((event) => event.phase === "outage").map((event) => [event.path, event.atSeconds])).to.deep.equal([
                ["dns", 30], ["globalAccelerator", 30], ["dns", 90],
            ]);
            expect(simulation.withinObjective).to.deep.equal({ dns: true, globalAccelerator: true, alarm: false });
        });

        it("renders tables and the timeline for people", () => {
            const text = formatSimulation(simulation).join("\n");
            expect(text).to.include("Drill simulation: take ap-northeast-2 (seoul) out");
            expect(text).to.match(/app\.example\.com \(failover\)\s+any\s+ap-northeast-2\s+ap-northeast-1\s+ap-northeast-2/);
            expect(text).to.match(/weighted\.example\.com \(weighted\)\s+any\s+ap-northeast-1 50%, ap-northeast-2 50%\s+ap-northeast-1/);
            expect(text).to.include("Failover: primary unhealthy and secondary healthy answers the secondary.");
            expect(text).to.match(/DNS: 30 s detection \+ 60 s TTL = 90 s \(within the 180 s objective\)/);
        });
    });

    describe("with tokyo failed", () => {
        const simulation = simulateDrill(stacks, findTarget(stacks, "ap-northeast-1"));

        it("keeps the failover name on the healthy primary and sends Japan to seoul", () => {
            expect(answer(simulation, "during", "failover")).to.deep.equal({ [seoul]: 1 });
            expect(answer(simulation, "during", "weighted")).to.deep.equal({ [seoul]: 1 });
            expect(answer(simulation, "during", "latency", "japan")).to.deep.equal({ [seoul]: 1 });
            expect(answer(simulation, "during", "accelerator", "japan")).to.deep.equal({ [seoul]: 1 });
        });
    });

    describe("variations of the stack files", () => {
        it("with tokyo's weight at 0, the weighted name fails over to the zero-weight record", () => {
            const simulation = simulateDrill(stacksWith({ tokyo: { "dns.weight": 0 } }), findTarget(stacks, "seoul"));
            expect(answer(simulation, "before", "weighted")).to.deep.equal({ [seoul]: 1 });
            expect(answer(simulation, "during", "weighted")).to.deep.equal({ [tokyo]: 1 });
        });

        it("with tokyo already out (its check inverted), failing seoul fails open: every answer stays on seoul", () => {
            const simulation = simulateDrill(stacksWith({ tokyo: { "drill.simulateOutage": true } }), findTarget(stacks, "seoul"));
            expect(answer(simulation, "during", "failover")).to.deep.equal({ [seoul]: 1 });
            expect(answer(simulation, "during", "weighted")).to.deep.equal({ [tokyo]: 0.5, [seoul]: 0.5 });
            expect(answer(simulation, "during", "latency", "japan")).to.deep.equal({ [tokyo]: 1 });
            // Both groups healthy but dialled to 0: traffic still has to go somewhere.
            expect(answer(simulation, "during", "accelerator", "korea")).to.deep.equal({ [seoul]: 1 });
        });

        it("with a 30 s interval and a 60 s objective, predicts 150 s and says it is over the objective", () => {
            const changed = stacksWith({ seoul: { "healthCheck.requestInterval": 30, "drill.recoveryTimeObjectiveSeconds": 60 } });
            const simulation = simulateDrill(changed, findTarget(changed, "seoul"));
            expect(simulation.prediction.failover.dns).to.deep.equal({ detectionSeconds: 90, ttlSeconds: 60, totalSeconds: 150 });
            expect(simulation.withinObjective).to.deep.equal({ dns: false, globalAccelerator: true, alarm: false });
            expect(formatSimulation(simulation).join("\n")).to.include("(OVER the 60 s objective)");
        });

        it("refuses a target with neither DNS nor Global Accelerator", () => {
            const changed = stacksWith({ seoul: { "dns.zoneName": "", "globalAccelerator.enabled": false, "globalAccelerator.owner": false, "globalAccelerator.recordName": "" } });
            expect(() => simulateDrill(changed, findTarget(changed, "seoul"))).to.throw(/neither DNS records nor a Global Accelerator/);
        });
    });

    describe("targets and stack files", () => {
        it("names the stacks it knows when --fail names none of them", () => {
            expect(() => findTarget(stacks, "osaka")).to.throw("--fail osaka: no stack or region of that name; the project has seoul (ap-northeast-2), tokyo (ap-northeast-1)");
        });

        it("reports every problem of every stack file as one ConfigError", () => {
            const directory = temporaryDirectory();
            fs.copyFileSync(path.join(projectDir, "Pulumi.yaml"), path.join(directory, "Pulumi.yaml"));
            fs.writeFileSync(path.join(directory, "Pulumi.a.yaml"), "config:\n  aws:region: ap-northeast-2\n  app:dns.weight: 300\n");
            fs.writeFileSync(path.join(directory, "Pulumi.b.yaml"), "config:\n  app:healthCheck.failureThreshold: 0\n");
            let error: unknown;
            try {
                loadProjectStacks(directory);
            } catch (caught) {
                error = caught;
            }
            expect(error).to.be.instanceOf(ConfigError);
            const problems = (error as ConfigError).problems.join("\n");
            expect(problems).to.include("Pulumi.a.yaml: app:dns.weight must be a whole number 0..255, got 300");
            expect(problems).to.include("Pulumi.b.yaml: aws:region is required");
        });
    });
});

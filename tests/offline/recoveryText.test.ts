/**
 * The plan's recovery and capacity sections, from plans of the fixture project (peak 30 rps) and
 * of a variant whose Tokyo cannot carry Seoul's loss.
 */
import { expect } from "chai";
import { Plan, planExitCode, planProject, StackPlan } from "../../offline/planner";
import { RecoveryPrediction } from "../../config/recovery";
import { capacityLines, recoveryLines } from "../../offline/recoveryText";
import { renderPlan } from "../../offline/render";
import { readProject } from "../../config/stackFiles";
import { projectFiles } from "../harness";
import { projectVariant } from "../drill/projects";

describe("plan: recovery and capacity", function () {
    this.timeout(120_000);
    let fixture: Plan;
    let overloaded: Plan;

    before(async () => {
        fixture = await planProject(projectFiles);
        // Half the clients near Tokyo, and 2 instances of 800 requests per minute there (26.7 rps):
        // 15 rps with both regions up, 30 once Seoul is lost.
        overloaded = await planProject(readProject(projectVariant({
            "Pulumi.tokyo.yaml": [["  app:dns.weight: 50\n", "  app:dns.weight: 50\n  app:fleet.maxSize: 2\n  app:fleet.requestsPerTarget: 800\n  app:capacity.nearbyClientsPercent: 50\n"]],
        })));
    });

    it("prints each region's headroom for the fixture, whose stacks all pass", () => {
        expect(planExitCode(fixture)).to.equal(0);
        expect(capacityLines(fixture)).to.deep.equal([
            "Capacity (production: app:capacity.peakRequestsPerSecond 30 rps; the worst of the failover, weighted, latency and accelerator paths; fleet: app:fleet.minSize..maxSize):",
            "  stack  region          fleet  per instance  carries   every region up    after a loss                   headroom",
            "  seoul  ap-northeast-2  2..4   16.7 rps      66.7 rps  30 rps (failover)  30 rps (tokyo lost, failover)  36.7 rps (55%)",
            "  tokyo  ap-northeast-1  2..4   16.7 rps      66.7 rps  30 rps (latency)   30 rps (seoul lost, failover)  36.7 rps (55%)",
            "",
        ]);
    });

    it("prints the two-part prediction, each part against the objective", () => {
        const tokyo = fixture.stacks.find((stack) => stack.stack === "tokyo")!;
        expect(recoveryLines(tokyo)).to.deep.equal([
            "Predicted recovery (objective 180 s, app:drill.recoveryTimeObjectiveSeconds):",
            "  Traffic moved: 90 s on the DNS path, meets the objective",
            "  Open connections moved: 180 s, meets the objective: traffic 90 s + client keepalive 60 s + idle timeout 30 s (app:alb.clientKeepAliveSeconds and app:alb.idleTimeoutSeconds bound it)",
            "  Capacity recovered: 90 s, meets the objective: 30 rps reach it when seoul is lost (failover path), and the 2 standing instances (app:fleet.minSize) carry it",
            "    (a scale-out would take 450 s more: metrics 60 s + target-tracking alarm 180 s + launch and boot 120 s (app:fleet.launchSeconds, an estimate) + health checks 30 s + slow start 60 s)",
            "",
        ]);
        expect(recoveryLines(fixture.stacks.find((stack) => stack.stack === "global")!)).to.deep.equal([]);
    });

    it("fails the plan of a set whose survivor cannot carry a lost region, with the finding and the table", () => {
        expect(planExitCode(overloaded)).to.equal(1);
        // The text plan wraps the finding within 120 characters; joined again, it reads as one line.
        const text = renderPlan(overloaded).replace(/\n {4}/g, " ");
        expect(text).to.contain("  [error] capacity (production: Pulumi.tokyo.yaml, Pulumi.seoul.yaml): Pulumi.tokyo.yaml: app:fleet.maxSize 2 cannot carry what tokyo receives when seoul is lost: 30 rps of app:capacity.peakRequestsPerSecond 30 " +
            "(failover: the PRIMARY's load moves to the SECONDARY), while 2 instances x 13.3 rps (app:fleet.requestsPerTarget 800 per minute) carry 26.7 rps: set app:fleet.maxSize to at least 3");
        expect(capacityLines(overloaded)[3]).to.equal("  tokyo  ap-northeast-1  2..2   13.3 rps      26.7 rps  15 rps (weighted)  30 rps (seoul lost, failover)  -3.3 rps (-12%)");
    });
});

describe("plan: recovery lines that miss", () => {
    const scaleOut = { metricSeconds: 60, alarmSeconds: 180, launchSeconds: 120, healthCheckSeconds: 30, slowStartSeconds: 0, totalSeconds: 390 };
    const recovery = (capacity: Partial<NonNullable<RecoveryPrediction["capacity"]>>): StackPlan => ({
        recovery: {
            objectiveSeconds: 180,
            traffic: { path: "globalAccelerator", seconds: 50, meets: true },
            connections: { seconds: 200, meets: false, clientKeepAliveSeconds: 60, idleTimeoutSeconds: 90 },
            capacity: { load: { path: "weighted", requestsPerSecond: 40, lost: "seoul" }, instancesNeeded: 3, standingInstances: 2, maxInstances: 4, scaleOut, scalesOut: true, seconds: 440, meets: false, ...capacity },
        },
    }) as StackPlan;

    it("says by how much a part misses, and what a scale-out is made of", () => {
        expect(recoveryLines(recovery({})).slice(1, 5)).to.deep.equal([
            "  Traffic moved: 50 s on the Global Accelerator path, meets the objective",
            "  Open connections moved: 200 s, misses the objective by 20 s: traffic 50 s + client keepalive 60 s + idle timeout 90 s (app:alb.clientKeepAliveSeconds and app:alb.idleTimeoutSeconds bound it)",
            "  Capacity recovered: 440 s, misses the objective by 260 s: 40 rps reach it when seoul is lost (weighted path), 3 instances' worth, and 2 stand (app:fleet.minSize), so it scales out: traffic 50 s + 390 s",
            "    (metrics 60 s + target-tracking alarm 180 s + launch and boot 120 s (app:fleet.launchSeconds, an estimate) + health checks 30 s; app:fleet.minSize 3 would carry it at once)",
        ]);
    });

    it("says a load above fleet.maxSize never recovers", () => {
        expect(recoveryLines(recovery({ instancesNeeded: 5, seconds: undefined }))[3]).to.equal(
            "  Capacity recovered: never recovers: 40 rps reach it when seoul is lost (weighted path), 5 instances' worth, above app:fleet.maxSize 4 (see the capacity finding)");
    });
});

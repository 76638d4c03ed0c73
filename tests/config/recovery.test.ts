import { expect } from "chai";
import { StackConfig, validateStackConfig } from "../../config/load";
import { predictRecovery } from "../../config/recovery";
import { failoverTimingInput } from "../../config/derive";
import { predictFailover } from "../../domain/failover";
import { configFor } from "../harness";

function stack(file: "global" | "seoul" | "tokyo", changes: Record<string, unknown> = {}): StackConfig {
    const result = validateStackConfig({ stack: file, project: "app", values: configFor(file, changes) });
    expect(result.problems, result.problems.join("\n")).to.deep.equal([]);
    return result.config!;
}

const recoveryOf = (config: StackConfig, afterLoss?: Parameters<typeof predictRecovery>[2]) =>
    predictRecovery(config, predictFailover(failoverTimingInput(config.settings)), afterLoss);

/** Seoul lost: 30 rps reach Tokyo on the failover path (what the fixture's peak gives). */
const seoulLost = { path: "failover" as const, requestsPerSecond: 30, lost: "seoul" };

describe("predicted recovery", () => {
    it("starts from the slowest endpoint path: DNS (30 s detection + 60 s TTL) over the accelerator (20 s + 30 s)", () => {
        expect(recoveryOf(stack("tokyo")).traffic).to.deep.equal({ path: "dns", seconds: 90, meets: true });
        expect(recoveryOf(stack("tokyo", { "dns.zoneName": "", "dns.failoverRole": "" })).traffic).to.deep.equal({ path: "globalAccelerator", seconds: 50, meets: true });
    });

    it("has no parts for the global stack or a region in no failover path", () => {
        expect(recoveryOf(stack("global"))).to.deep.equal({ objectiveSeconds: 180 });
        expect(recoveryOf(stack("tokyo", { "dns.zoneName": "", "dns.failoverRole": "", "globalAccelerator.enabled": false }), seoulLost)).to.deep.equal({ objectiveSeconds: 180 });
    });

    it("bounds open connections by the traffic part plus the client keepalive and the idle timeout", () => {
        expect(recoveryOf(stack("tokyo")).connections).to.deep.equal({ seconds: 90 + 60 + 30, meets: true, clientKeepAliveSeconds: 60, idleTimeoutSeconds: 30 });
        // 140 s leaves 50 s after the traffic moved, less than any keepalive: the part misses, the traffic part meets.
        const tight = recoveryOf(stack("tokyo", { "drill.recoveryTimeObjectiveSeconds": 140 }));
        expect(tight.connections).to.deep.include({ seconds: 180, meets: false });
        expect(tight.traffic?.meets).to.equal(true);
    });

    describe("capacity recovered", () => {
        it("is the traffic part when the standing instances carry the moved load", () => {
            const capacity = recoveryOf(stack("tokyo"), seoulLost).capacity!;
            // 30 rps at 1000 requests per minute per instance: 2 instances, and fleet.minSize is 2.
            expect(capacity).to.deep.include({ instancesNeeded: 2, standingInstances: 2, maxInstances: 4, scalesOut: false, seconds: 90, meets: true });
        });

        it("adds a scale-out, term by term, when they fall short", () => {
            const capacity = recoveryOf(stack("tokyo"), { ...seoulLost, requestsPerSecond: 40 }).capacity!;
            expect(capacity.scaleOut).to.deep.equal({
                // ALB metric delay, 3 one-minute alarm periods, fleet.launchSeconds, 3 x 10 s health checks, the web group's 60 s slow start.
                metricSeconds: 60, alarmSeconds: 180, launchSeconds: 120, healthCheckSeconds: 30, slowStartSeconds: 60, totalSeconds: 450,
            });
            expect(capacity).to.deep.include({ instancesNeeded: 3, scalesOut: true, seconds: 90 + 450, meets: false });
        });

        it("reads the launch estimate, the scaling group's health check and slow start from the stack", () => {
            const tuned = stack("tokyo", {
                "fleet.launchSeconds": 45,
                targetGroups: { web: { port: 80, healthCheck: { intervalSeconds: 5, timeoutSeconds: 2, healthyThreshold: 2 } }, canary: { port: 80 } },
            });
            expect(recoveryOf(tuned, { ...seoulLost, requestsPerSecond: 40 }).capacity!.scaleOut).to.deep.equal({
                metricSeconds: 60, alarmSeconds: 180, launchSeconds: 45, healthCheckSeconds: 10, slowStartSeconds: 0, totalSeconds: 295,
            });
        });

        it("meets an objective equal to its time and misses one a second shorter", () => {
            const at = (objective: number) => recoveryOf(stack("tokyo", { "drill.recoveryTimeObjectiveSeconds": objective }), { ...seoulLost, requestsPerSecond: 40 }).capacity!.meets;
            expect([at(540), at(539)]).to.deep.equal([true, false]);
        });

        it("never completes when the load needs more than fleet.maxSize", () => {
            const capacity = recoveryOf(stack("tokyo"), { ...seoulLost, requestsPerSecond: 70 }).capacity!;
            expect(capacity).to.deep.include({ instancesNeeded: 5, seconds: undefined, meets: false });
        });
    });
});

/**
 * What a shift watches and for how long (drill/shift/watch.ts): the default hold after a step, the
 * failback's hold-down, and the returning region's signals, whose accelerator endpoints are judged
 * by their health alone.
 */
import { expect } from "chai";
import { parseStackOutputs } from "../../drill/clients/outputs";
import { detectionSecondsOf, holdDownSeconds, returningRegionSignals, stepHoldSeconds } from "../../drill/shift/watch";
import { loadProjectStacks } from "../../drill/stacks";
import { fakeDrill, projectDir } from "./fakes";
import { projectVariant } from "./projects";

describe("what a shift watches (drill/shift/watch.ts)", () => {
    it("holds the 60 s alias TTL plus the slowest detection: alarms' periods x breaching periods + 60 s, else the health check's interval x threshold", () => {
        const [seoul, tokyo] = loadProjectStacks(projectDir).configs;
        // The defaults: 60 s periods, 2 breaching periods, 60 s for the metrics to arrive.
        expect(detectionSecondsOf(seoul)).to.equal(180);
        expect(holdDownSeconds(seoul)).to.equal(180);
        expect(stepHoldSeconds([seoul, tokyo])).to.equal(240);
        const [quiet, loud] = loadProjectStacks(projectVariant({
            "Pulumi.seoul.yaml": [["  app:dns.weight: 50\n", "  app:dns.weight: 50\n  app:alarms.enabled: false\n  app:healthCheck.requestInterval: 10\n  app:healthCheck.failureThreshold: 2\n"]],
            "Pulumi.tokyo.yaml": [["  app:dns.weight: 50\n", "  app:dns.weight: 50\n  app:alarms.periodSeconds: 120\n  app:alarms.evaluationPeriods: 3\n"]],
        })).configs;
        expect(detectionSecondsOf(quiet), "without alarms: 10 s x 2").to.equal(20);
        expect(holdDownSeconds(quiet)).to.equal(20);
        expect(detectionSecondsOf(loud), "120 s x 3 + 60 s").to.equal(420);
        expect(stepHoldSeconds([quiet]), "one region").to.equal(80);
        expect(stepHoldSeconds([quiet, loud]), "the slowest").to.equal(480);
        expect(stepHoldSeconds([]), "nothing to watch: the TTL").to.equal(60);
    });

    describe("the returning region's signals", () => {
        let drill: ReturnType<typeof fakeDrill>;
        beforeEach(() => {
            drill = fakeDrill();
        });
        afterEach(() => drill.restore());
        const seoul = () => parseStackOutputs("seoul", drill.world.outputs("seoul", false));

        it("judge its accelerator endpoints by their health, not its dial (the shift's own), instead of the bake's accelerator guard", async () => {
            const signals = returningRegionSignals(seoul(), drill.world.aws, drill.clock, []);
            expect(signals.map((signal) => signal.id)).to.not.include("guard:accelerator:seoul");
            const endpoints = signals.find((signal) => signal.id === "accelerator-endpoints:seoul")!;
            expect(endpoints).to.deep.include({
                kind: "guard", lane: "globalAccelerator", follows: "globalAccelerator", guard: true, expectationIsUnion: false, predictedSeconds: null,
                description: "Global Accelerator endpoints of ap-northeast-2 must be HEALTHY (its dial is the shift's)",
                expected: { before: ["healthy"], during: ["healthy"] },
            });
            drill.world.setDial("seoul", 0);
            expect(await endpoints.read()).to.deep.equal({ value: "healthy", detail: "1/1 endpoints healthy, dial 0" });
            drill.world.endpointHealth.seoul = "UNHEALTHY";
            expect(await endpoints.read()).to.deep.equal({ value: "unhealthy", detail: "0/1 endpoints healthy, dial 0" });
        });

        it("read an endpoint group without endpoints as unhealthy, and have no endpoint signal without a group", async () => {
            const empty = returningRegionSignals(seoul(), {
                ...drill.world.aws,
                globalAccelerator: { send: () => Promise.resolve({ EndpointGroup: { TrafficDialPercentage: 100, EndpointDescriptions: [] } }) } as never,
            }, drill.clock, []).find((signal) => signal.id === "accelerator-endpoints:seoul")!;
            expect(await empty.read()).to.deep.equal({ value: "unhealthy", detail: "0/0 endpoints healthy, dial 100" });
            const withoutGroup = returningRegionSignals({ ...seoul(), endpointGroupArn: undefined }, drill.world.aws, drill.clock, []);
            expect(withoutGroup.map((signal) => signal.id).filter((id) => id.includes("accelerator"))).to.deep.equal([]);
        });
    });
});

/** `drill simulate` and the signals on the alarm and routing-control paths, over stack configs of our own. */
import { expect } from "chai";
import { loadStackConfig, StackConfig } from "../../config/load";
import { buildSignals } from "../../drill/signals/build";
import { parseStackOutputs } from "../../drill/clients/outputs";
import { formatSimulation } from "../../drill/simulate/format";
import { simulateDrill } from "../../drill/simulate/simulate";
import { ProjectStacks } from "../../drill/stacks";
import { IpRegionMap } from "../../drill/signals/ipRegions";
import { withValues } from "../harness";
import { FakeClock } from "./fakes";

function config(stack: string, region: string, values: Record<string, unknown>): StackConfig {
    return loadStackConfig({ stack, project: "app", values: withValues({ "aws:region": region, "app:dns.zoneName": "example.com" }, values) });
}

function stacks(seoulValues: Record<string, unknown> = {}, tokyoValues: Record<string, unknown> = {}): ProjectStacks {
    return {
        directory: "/nowhere", project: "app",
        configs: [
            config("seoul", "ap-northeast-2", { "dns.failoverRole": "PRIMARY", ...seoulValues }),
            config("tokyo", "ap-northeast-1", { "dns.failoverRole": "SECONDARY", ...tokyoValues }),
        ],
    };
}

describe("drill: alarm and routing-control paths", () => {
    it("simulate predicts the alarm path from the alarm period and evaluation periods", () => {
        const project = stacks({ "alarms.periodSeconds": 120, "alarms.evaluationPeriods": 2, "drill.recoveryTimeObjectiveSeconds": 400 });
        const simulation = simulateDrill(project, project.configs[0]);
        // 60 s metric delay + 120 s x 2 + 60 s Route 53 + 60 s TTL.
        expect(simulation.prediction.failover.alarm).to.deep.equal({ detectionSeconds: 300, route53Seconds: 60, ttlSeconds: 60, totalSeconds: 420 });
        expect(simulation.withinObjective.alarm).to.equal(false);
        expect(formatSimulation(simulation).join("\n")).to.include("Alarm (the region answers /health but serves badly): 300 s metrics and alarm + 60 s Route 53 + 60 s TTL = 420 s (OVER the 400 s objective)");
    });

    it("on the alarm path, takes the region out of DNS only and predicts Route 53's reaction to the alarm", () => {
        const project = stacks({ "globalAccelerator.enabled": true, "globalAccelerator.owner": true }, { "globalAccelerator.enabled": true, "globalAccelerator.ownerStack": "organization/app/seoul" });
        const simulation = simulateDrill(project, project.configs[0], undefined, "alarm");
        expect(simulation.path).to.equal("alarm");
        expect(simulation.phases.during.conditions["ap-northeast-2"]).to.deep.equal({ healthCheckHealthy: false, albHealthy: true, trafficDial: 100 });
        expect(simulation.prediction.lever).to.deep.include({ healthCheckSeconds: 60, dnsClientSeconds: 120 });
        expect(simulation.prediction.events.every((event) => event.path === "dns")).to.equal(true);
        const failover = simulation.phases.during.routes.find((row) => row.policy === "failover")!;
        expect(Object.keys(failover.answer.shares)).to.deep.equal(["ap-northeast-1"]);
    });

    it("on the routing-control path, predicts the propagation and refuses stacks without routing controls", () => {
        const project = stacks(
            { "routingControls.enabled": true, "routingControls.owner": true, "routingControls.regions": ["ap-northeast-2", "ap-northeast-1"] },
            { "routingControls.enabled": true, "routingControls.ownerStack": "organization/app/seoul" },
        );
        expect(simulateDrill(project, project.configs[1], undefined, "routing-control").prediction.lever).to.deep.include({ healthCheckSeconds: 10, dnsClientSeconds: 70 });
        const plain = stacks();
        expect(() => simulateDrill(plain, plain.configs[0], undefined, "routing-control")).to.throw(/Pulumi.seoul.yaml: a drill on the routing-control path needs routing controls/);
        const quiet = stacks({ "alarms.healthCheck": false });
        expect(() => simulateDrill(quiet, quiet.configs[0], undefined, "alarm")).to.throw(/needs alarms with their health check/);
        const elsewhere = stacks({ "alarms.followed": ["latency"] });
        expect(() => simulateDrill(elsewhere, elsewhere.configs[0], undefined, "alarm")).to.throw(/following serving-badly/);
    });

    it("builds signals that expect the endpoint check and the dial to stay put on the alarm path", () => {
        const project = stacks({ "globalAccelerator.enabled": true, "globalAccelerator.owner": true }, { "globalAccelerator.enabled": true, "globalAccelerator.ownerStack": "organization/app/seoul" });
        const simulation = simulateDrill(project, project.configs[0], undefined, "alarm");
        const region = (stack: string, name: string) => parseStackOutputs(stack, {
            region: name, url: `https://${stack}-alb.example/`, albDnsName: `${stack}-alb.example`, healthCheckId: `hc-${stack}`,
            globalAcceleratorEndpointGroupArn: `arn:aws:globalaccelerator::111122223333:accelerator/a/listener/l/endpoint-group/${stack}`,
            alarmNames: { "serving-badly": `${stack}-serving-badly` },
        });
        const signals = buildSignals({
            target: region("seoul", "ap-northeast-2"), others: [region("tokyo", "ap-northeast-1")], simulation, configuredDial: 100,
            aws: { cloudWatch: () => { throw new Error("not read here"); } } as never,
            prober: { probe: async () => ({}) }, ipRegions: new IpRegionMap({ resolve4: async () => [] }, []), probeTimeoutMs: 1000, clock: new FakeClock(),
        });
        const byId = new Map(signals.map((signal) => [signal.id, signal]));
        expect(byId.get("health-check:seoul")!.expected).to.deep.equal({ before: ["healthy"], during: ["healthy"] });
        expect(byId.get("accelerator-dial:seoul")!.expected).to.deep.equal({ before: ["dial=100"], during: ["dial=100"] });
        expect(byId.get("alarm:seoul:serving-badly")!.expected.during).to.deep.equal(["alarm"]);
        expect(byId.get("guard:alarm:tokyo:serving-badly")!.guard).to.equal(true);
    });
});

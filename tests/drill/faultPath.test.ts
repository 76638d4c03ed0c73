/** `drill simulate` and the signals on the fault and routing-control paths, over stack configs of our own. */
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

describe("drill: fault and routing-control paths", () => {
    it("simulate predicts the alarm path from the deployed alarm settings, term by term", () => {
        const project = stacks({ "alarms.periodSeconds": 120, "alarms.evaluationPeriods": 2, "drill.recoveryTimeObjectiveSeconds": 400 });
        const simulation = simulateDrill(project, project.configs[0]);
        // 120 s x 2 breaching + 60 s metric delivery + 60 s Route 53 (estimate) + 60 s TTL.
        expect(simulation.prediction.failover.alarm).to.deep.include({ detectionSeconds: 300, route53Seconds: 60, ttlSeconds: 60, totalSeconds: 420, holdDownSeconds: 600 });
        expect(simulation.withinObjective.alarm).to.equal(false);
        expect(formatSimulation(simulation).join("\n")).to.include("Followed alarms (the region answers /health but fails users): 240 s 2 breaching period(s) of 120 s + 60 s the last period's ALB metrics reach CloudWatch + " +
            "60 s Route 53 follows the alarm's data stream (estimate) + 60 s resolvers' cached answers expire (ELB alias TTL) = 420 s (OVER the 400 s objective); back after 600 s healthy (hold-down)");
    });

    it("on the fault path, takes the region out of DNS only: the accelerator keeps it, its targets being healthy", () => {
        const project = stacks({ "globalAccelerator.enabled": true, "globalAccelerator.owner": true }, { "globalAccelerator.enabled": true, "globalAccelerator.ownerStack": "organization/app/seoul" });
        const simulation = simulateDrill(project, project.configs[0], undefined, "fault");
        expect(simulation.path).to.equal("fault");
        expect(simulation.phases.during.conditions["ap-northeast-2"]).to.deep.equal({ healthCheckHealthy: false, albHealthy: true, trafficDial: 100 });
        // The endpoint check fails within 10 s x 3; the followed elb-5xx alarm after 60 s x 2 and the metrics' 60 s;
        // failback waits for the 5 x 60 s hold-down, the last period's delivery and Route 53 (estimate).
        expect(simulation.prediction.lever).to.deep.include({ healthCheckSeconds: 30, dnsClientSeconds: 90, alarmSeconds: 180, recoveryDnsAnswerSeconds: 420, recoveryAlarmSeconds: 360 });
        const accelerator = simulation.phases.during.routes.filter((row) => row.path === "globalAccelerator");
        expect(accelerator.map((row) => Object.keys(row.answer.shares))).to.deep.include(["ap-northeast-2"]);
        expect(simulation.prediction.events.filter((event) => event.path === "globalAccelerator").map((event) => event.description))
            .to.deep.equal(["Global Accelerator keeps sending new connections to ap-northeast-2 (seoul): it judges the ALB by its targets' health, which stays healthy behind the fault rule, so those clients get 503 until the drill restores"]);
        const failover = simulation.phases.during.routes.find((row) => row.policy === "failover")!;
        expect(Object.keys(failover.answer.shares)).to.deep.equal(["ap-northeast-1"]);
    });

    it("on the fault path without a followed elb-5xx alarm, predicts no alarm and a failback on the endpoint check alone", () => {
        const project = stacks({ "alarms.followed": ["target-5xx"] });
        expect(simulateDrill(project, project.configs[0], undefined, "fault").prediction.lever).to.deep.include({ alarmSeconds: null, recoveryDnsAnswerSeconds: 30, recoveryAlarmSeconds: null });
    });

    it("on the routing-control path, predicts the propagation and refuses stacks without routing controls", () => {
        const project = stacks(
            { "routingControls.enabled": true, "routingControls.owner": true, "routingControls.regions": ["ap-northeast-2", "ap-northeast-1"] },
            { "routingControls.enabled": true, "routingControls.ownerStack": "organization/app/seoul" },
        );
        expect(simulateDrill(project, project.configs[1], undefined, "routing-control").prediction.lever).to.deep.include({ healthCheckSeconds: 10, dnsClientSeconds: 70 });
        const plain = stacks();
        expect(() => simulateDrill(plain, plain.configs[0], undefined, "routing-control")).to.throw(/Pulumi.seoul.yaml: a drill on the routing-control path needs routing controls/);
    });

    it("builds signals that expect the endpoint check to fail, the followed elb-5xx alarm to fire and the dial to stay put on the fault path", () => {
        const project = stacks({ "globalAccelerator.enabled": true, "globalAccelerator.owner": true }, { "globalAccelerator.enabled": true, "globalAccelerator.ownerStack": "organization/app/seoul" });
        const simulation = simulateDrill(project, project.configs[0], undefined, "fault");
        const region = (stack: string, name: string) => parseStackOutputs(stack, {
            region: name, url: `https://${stack}-alb.example/`, albDnsName: `${stack}-alb.example`, healthCheckId: `hc-${stack}`,
            globalAcceleratorEndpointGroupArn: `arn:aws:globalaccelerator::111122223333:accelerator/a/listener/l/endpoint-group/${stack}`,
            alarmNames: { "elb-5xx": `${stack}-elb-5xx`, "target-5xx": `${stack}-target-5xx`, "serving-badly": `${stack}-serving-badly` },
            followedAlarmNames: { "elb-5xx": `${stack}-elb-5xx`, "target-5xx": `${stack}-target-5xx` },
        });
        const signals = buildSignals({
            target: region("seoul", "ap-northeast-2"), others: [region("tokyo", "ap-northeast-1")], simulation, configuredDial: 100,
            aws: { cloudWatch: () => { throw new Error("not read here"); } } as never,
            prober: { probe: async () => ({}) }, ipRegions: new IpRegionMap({ resolve4: async () => [] }, []), probeTimeoutMs: 1000, clock: new FakeClock(),
        });
        const byId = new Map(signals.map((signal) => [signal.id, signal]));
        expect(byId.get("health-check:seoul")!.expected).to.deep.equal({ before: ["healthy"], during: ["unhealthy"] });
        expect(byId.get("accelerator-dial:seoul")!.expected).to.deep.equal({ before: ["dial=100"], during: ["dial=100"] });
        expect(byId.get("accelerator-health:seoul")!.expected).to.deep.equal({ before: ["healthy"], during: ["healthy"] });
        expect(byId.get("alarm:seoul:elb-5xx")!).to.deep.include({ predictedSeconds: 180, recoverySeconds: 360, judgedAgainstObjective: false });
        expect(byId.get("alarm:seoul:elb-5xx")!.expected.during).to.deep.equal(["alarm"]);
        // The fault never reaches a target: the targets' 5xx alarm and the notify-only ones stay quiet.
        expect(byId.get("alarm:seoul:target-5xx")!.expected.during).to.deep.equal(["ok", "insufficient-data"]);
        expect(byId.get("alarm:seoul:serving-badly")!.predictedSeconds).to.equal(null);
        // Guards: every alarm the other region's records follow, and only those.
        expect([...byId.keys()].filter((id) => id.startsWith("guard:alarm:"))).to.deep.equal(["guard:alarm:tokyo:elb-5xx", "guard:alarm:tokyo:target-5xx"]);
    });
});

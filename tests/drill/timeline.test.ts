/**
 * The drill's predicted timeline, per failover path and traffic path, from a stack's own
 * intervals. The expected seconds are written out from AWS's documented behaviour
 * (docs/aws-facts.md): the ELB alias record's 60 s TTL, Global Accelerator's ~30 s reaction,
 * a CLOUDWATCH_METRIC check following its alarm's data within 60 s (an estimate), a routing control within 10 s.
 */
import { expect } from "chai";
import { predictDrill } from "../../drill/model/timeline";
import { StackSettings } from "../../config/schema";
import { regionalStack, valid } from "../fixtures/awsFidelity";

/** Route 53 checks every 30 s and needs 4 failures (120 s); the one target group fails after 15 s x 4 (60 s). */
function settings(changes: Record<string, unknown> = {}): StackSettings {
    return valid("seoul", regionalStack("ap-northeast-2", "PRIMARY", {
        "healthCheck.requestInterval": 30,
        "healthCheck.failureThreshold": 4,
        "targetGroups": { web: { port: 80, healthCheck: { path: "/health", intervalSeconds: 15, unhealthyThreshold: 4 } } },
        "fleet.targetGroups": ["web"],
        "listenerRules": {},
        "drill.recoveryTimeObjectiveSeconds": 240,
        ...changes,
    })).settings;
}

const both = { dns: true, globalAccelerator: true };

function lines(events: readonly { phase: string; atSeconds: number; path: string; description: string }[]): string[] {
    return events.map((event) => `${event.phase} ${event.atSeconds} ${event.path}: ${event.description}`);
}

describe("drill timeline prediction", () => {
    it("endpoint path: Route 53 after interval x threshold, clients a TTL later, Global Accelerator after its reaction, in time order per phase", () => {
        const prediction = predictDrill(settings(), both, "Seoul", "Tokyo");
        expect(prediction.lever).to.deep.equal({
            healthCheckSeconds: 120, dnsAnswerSeconds: 120, dnsClientSeconds: 180, acceleratorSeconds: 30, alarmSeconds: null, recoveryDnsAnswerSeconds: 120, recoveryAlarmSeconds: null,
        });
        expect(prediction.recoveryTimeObjectiveSeconds).to.equal(240);
        expect(prediction.failover.dns).to.deep.include({ detectionSeconds: 120, ttlSeconds: 60, totalSeconds: 180 });
        expect(lines(prediction.events)).to.deep.equal([
            "outage 30 globalAccelerator: Global Accelerator sends new connections to Tokyo (dial 0; existing connections stay; a real ALB failure takes up to 90 s)",
            "outage 120 dns: Route 53 marks Seoul unhealthy (30 s x 4 checks) and changes its answers to Tokyo",
            "outage 180 dns: Resolvers' cached answers expire (ELB alias TTL 60 s): every DNS client is on Tokyo",
            "recovery 30 globalAccelerator: Global Accelerator routes new connections to Seoul again (dial restored)",
            "recovery 120 dns: Route 53 marks Seoul healthy again (4 passing checks) and answers it again",
            "recovery 180 dns: Cached answers expire: DNS clients are back on their usual regions",
        ]);
    });

    it("fault path: the endpoint check fails first, the followed elb-5xx alarm after its breaching periods, the accelerator stays; failback waits for the hold-down", () => {
        const prediction = predictDrill(settings({ "alarms.evaluationPeriods": 3, "alarms.holdDownPeriods": 4 }), both, "Seoul", "Tokyo", "fault");
        // Alarm: 3 x 60 s + 60 s delivery = 240 s; back OK after 4 x 60 s + 60 s = 300 s, then Route 53 follows (60 s, estimate).
        expect(prediction.lever).to.deep.equal({
            healthCheckSeconds: 120, dnsAnswerSeconds: 120, dnsClientSeconds: 180, acceleratorSeconds: 30, alarmSeconds: 240, recoveryDnsAnswerSeconds: 360, recoveryAlarmSeconds: 300,
        });
        expect(lines(prediction.events)).to.deep.equal([
            "outage 0 globalAccelerator: Global Accelerator keeps sending new connections to Seoul: it judges the ALB by its targets' health, which stays healthy behind the fault rule, so those clients get 503 until the drill restores",
            "outage 120 dns: Route 53 marks Seoul unhealthy (its endpoint check gets 503: 30 s x 4 checks) and changes its answers to Tokyo",
            "outage 180 dns: Resolvers' cached answers expire (ELB alias TTL 60 s): every DNS client is on Tokyo",
            "outage 240 dns: The followed elb-5xx alarm fires (3 breaching period(s) of 60 s + 60 s metric delivery); the region would be out by now even if /health still answered",
            "recovery 360 dns: Route 53 marks Seoul healthy again (4 passing checks, then the followed alarms' hold-down of 240 s) and answers it again",
            "recovery 420 dns: Cached answers expire: DNS clients are back on their usual regions",
        ]);
    });

    it("routing-control path: Route 53 follows the control within 10 s; Global Accelerator is untouched", () => {
        const prediction = predictDrill(settings(), both, "Seoul", "Tokyo", "routing-control");
        expect(prediction.lever).to.include({ healthCheckSeconds: 10, dnsClientSeconds: 70 });
        expect(lines(prediction.events)).to.deep.equal([
            "outage 10 dns: Route 53 marks Seoul unhealthy (its RECOVERY_CONTROL check follows the routing control) and changes its answers to Tokyo",
            "outage 70 dns: Resolvers' cached answers expire (ELB alias TTL 60 s): every DNS client is on Tokyo",
            "recovery 10 dns: Route 53 marks Seoul healthy again and answers it again",
            "recovery 70 dns: Cached answers expire: DNS clients are back on their usual regions",
        ]);
    });

    it("predicts only the traffic paths the stacks have", () => {
        expect(lines(predictDrill(settings(), { dns: false, globalAccelerator: true }, "Seoul", "Tokyo").events).map((line) => line.split(":")[0]))
            .to.deep.equal(["outage 30 globalAccelerator", "recovery 30 globalAccelerator"]);
        expect(lines(predictDrill(settings(), { dns: true, globalAccelerator: false }, "Seoul", "Tokyo").events).map((line) => line.split(":")[0]))
            .to.deep.equal(["outage 120 dns", "outage 180 dns", "recovery 120 dns", "recovery 180 dns"]);
        expect(predictDrill(settings(), { dns: false, globalAccelerator: true }, "Seoul", "Tokyo", "routing-control").events).to.deep.equal([]);
        expect(predictDrill(settings(), { dns: false, globalAccelerator: false }, "Seoul", "Tokyo").events).to.deep.equal([]);
    });

    it("orders each phase by time even when DNS is faster than Global Accelerator", () => {
        // 10 s x 1 check: Route 53 reacts at 10 s, before Global Accelerator's 30 s.
        const prediction = predictDrill(settings({ "healthCheck.requestInterval": 10, "healthCheck.failureThreshold": 1 }), both, "Seoul", "Tokyo");
        expect(prediction.events.map((event) => `${event.phase} ${event.atSeconds} ${event.path}`)).to.deep.equal([
            "outage 10 dns", "outage 30 globalAccelerator", "outage 70 dns",
            "recovery 10 dns", "recovery 30 globalAccelerator", "recovery 70 dns",
        ]);
    });
});

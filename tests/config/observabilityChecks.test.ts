import { expect } from "chai";
import { validateStackConfig } from "../../config/load";
import { withValues } from "../harness";

/** A minimal stack in Seoul with DNS, plus `values` (keys without the app: prefix are app keys). */
function problemsOf(values: Record<string, unknown>, region = "ap-northeast-2"): string[] {
    const raw = withValues({ "aws:region": region, "app:dns.zoneName": "example.com", "app:dns.failoverRole": "PRIMARY" }, values);
    return validateStackConfig({ stack: "seoul", project: "app", values: raw }).problems;
}

const owner = { "routingControls.enabled": true, "routingControls.owner": true, "routingControls.regions": ["ap-northeast-2", "ap-northeast-1"] };
const member = { "routingControls.enabled": true, "routingControls.ownerStack": "organization/app/seoul" };

/** Eight instance target groups on the fleet's port. */
const eightGroups = Object.fromEntries(Array.from({ length: 8 }, (_, index) => [`g${index + 1}`, { port: 80 }]));

/** [rule, values, the message expected, values one step inside the boundary that must pass]. */
const boundaries: [string, Record<string, unknown>, string, Record<string, unknown>][] = [
    ["alarm period below a minute", { "alarms.periodSeconds": 59 }, "app:alarms.periodSeconds must be a whole number 60..3600, got 59", { "alarms.periodSeconds": 60 }],
    ["alarm period above an hour", { "alarms.periodSeconds": 3660 }, "app:alarms.periodSeconds must be a whole number 60..3600, got 3660", { "alarms.periodSeconds": 3600 }],
    ["alarm period not a multiple of 60", { "alarms.periodSeconds": 90 }, "app:alarms.periodSeconds must be a multiple of 60 (Route 53 reads standard-resolution alarms only), got 90", { "alarms.periodSeconds": 120 }],
    ["no evaluation periods", { "alarms.evaluationPeriods": 0 }, "app:alarms.evaluationPeriods must be a whole number 1..10, got 0", { "alarms.evaluationPeriods": 1 }],
    ["too many evaluation periods", { "alarms.evaluationPeriods": 11 }, "app:alarms.evaluationPeriods must be a whole number 1..10, got 11", { "alarms.evaluationPeriods": 10 }],
    ["a 5xx share below 0.1%", { "alarms.errorRatePercent": 0.09 }, "app:alarms.errorRatePercent must be a number 0.1..100, got 0.09", { "alarms.errorRatePercent": 0.1 }],
    ["a 5xx share above 100%", { "alarms.errorRatePercent": 100.5 }, "app:alarms.errorRatePercent must be a number 0.1..100, got 100.5", { "alarms.errorRatePercent": 100 }],
    ["no healthy hosts required", { "alarms.minimumHealthyHosts": 0 }, "app:alarms.minimumHealthyHosts must be a whole number 1..1000, got 0", { "alarms.minimumHealthyHosts": 1 }],
    ["a latency limit of nothing", { "alarms.targetResponseTimeSeconds": 0.005 }, "app:alarms.targetResponseTimeSeconds must be a number 0.01..60, got 0.005", { "alarms.targetResponseTimeSeconds": 0.01 }],
    ["an insufficient-data status Route 53 does not know", { "alarms.insufficientData": "Ignore" }, "app:alarms.insufficientData must be one of LastKnownStatus, Healthy, Unhealthy", { "alarms.insufficientData": "Unhealthy" }],
    ["a notification address that is not one", { "alarms.notifyEmails": ["ops"] }, 'app:alarms.notifyEmails.0 must be an e-mail address, got "ops"', { "alarms.notifyEmails": ["ops@example.com"] }],
    ["following an alarm the stack does not have", { "alarms.followed": ["healthy-hosts-canary"] }, 'app:alarms.followed must be alarm keys of this stack: elb-5xx, target-5xx, latency, rejected-connections, serving-badly, healthy-hosts-web, healthy-hosts, got ["healthy-hosts-canary"]', { "alarms.followed": ["healthy-hosts-web"] }],
    ["following the metric-math serving-badly alarm", { "alarms.followed": ["elb-5xx", "serving-badly"] },
        "app:alarms.followed names serving-badly, which Route 53 cannot follow: it is a metric-math alarm; Route 53 follows single-metric alarms only (CloudWatchAlarmConfiguration requires MetricName, Namespace, Statistic, Period). Follow single-metric alarms instead, e.g. elb-5xx, target-5xx, healthy-hosts",
        { "alarms.followed": ["elb-5xx", "latency"] }],
    ["following only healthy-hosts without a fleet", { "alarms.followed": ["healthy-hosts"], "fleet.enabled": false },
        "app:alarms.followed follows no alarm: healthy-hosts has no populated target group (fleet.enabled is false)", { "alarms.followed": ["healthy-hosts"] }],
    ["no hold-down", { "alarms.holdDownPeriods": 0 }, "app:alarms.holdDownPeriods must be a whole number 1..60, got 0", { "alarms.holdDownPeriods": 1 }],
    ["a hold-down past CloudWatch's one-day evaluation window", { "alarms.periodSeconds": 1800, "alarms.evaluationPeriods": 10, "alarms.holdDownPeriods": 40 },
        "app:alarms.holdDownPeriods with alarms.evaluationPeriods 10 makes 49 evaluation periods of 1800 s (88200 s); CloudWatch allows at most 86400 s (cloudwatch PutMetricAlarmInput.Period), got 40",
        { "alarms.periodSeconds": 1800, "alarms.evaluationPeriods": 10, "alarms.holdDownPeriods": 39 }],
    ["no ALB 5xx threshold", { "alarms.elb5xxPerPeriod": 0 }, "app:alarms.elb5xxPerPeriod must be a whole number 1..1000000, got 0", { "alarms.elb5xxPerPeriod": 1 }],
    ["no target 5xx threshold", { "alarms.target5xxPerPeriod": 0 }, "app:alarms.target5xxPerPeriod must be a whole number 1..1000000, got 0", { "alarms.target5xxPerPeriod": 1 }],
    ["a service listener rule at the fault rule's priority", { listenerRules: { api: { priority: 1, conditions: { pathPatterns: ["/api/*"] }, action: { type: "forward", targetGroup: "web" } } } },
        "app:listenerRules.api.priority must not be 1: that priority is reserved for the drill's fault rule", { listenerRules: { api: { priority: 2, conditions: { pathPatterns: ["/api/*"] }, action: { type: "forward", targetGroup: "web" } } } }],
    ["following no alarm with the alarm health check on", { "alarms.followed": [] }, "app:alarms.followed must name at least one alarm while alarms.healthCheck is true", { "alarms.followed": [], "alarms.healthCheck": false }],
    ["more populated target groups than the serving-badly alarm can fetch",
        { targetGroups: eightGroups, "fleet.targetGroups": Object.keys(eightGroups), "alb.defaultTargetGroup": "g1" },
        `app:fleet.targetGroups names 8 target groups, but with alarms on the serving-badly alarm fetches one metric per group plus 3, and CloudWatch allows 10: at most 7 groups, or app:alarms.enabled: false, got ${JSON.stringify(Object.keys(eightGroups))}`,
        { targetGroups: eightGroups, "fleet.targetGroups": Object.keys(eightGroups).slice(0, 7), "alb.defaultTargetGroup": "g1" }],
    ["notifications without alarms", { "alarms.enabled": false, "alarms.notifyEmails": ["ops@example.com"] }, "app:alarms.notifyEmails has no alarms to notify about: alarms.enabled is false", { "alarms.enabled": false }],
    ["routing controls without DNS", { ...owner, "dns.zoneName": undefined }, "app:routingControls.enabled needs DNS records to steer (set dns.zoneName or dns.zoneId)", owner],
    ["routing controls with a combined check that needs any child", { ...owner, "alarms.childThreshold": "any" }, "app:alarms.childThreshold must be all with routing controls", { ...owner, "alarms.childThreshold": "all" }],
    ["an owner whose regions leave its own out", { ...owner, "routingControls.regions": ["ap-northeast-1", "ap-northeast-3"] }, "app:routingControls.regions must include this stack's region ap-northeast-2", owner],
    ["an owner whose safety rule could never let a region go", { ...owner, "routingControls.minimumRegionsOn": 2 }, "app:routingControls.minimumRegionsOn must be below the number of routing controls (2)", { ...owner, "routingControls.minimumRegionsOn": 1 }],
    ["an owner with a region twice", { ...owner, "routingControls.regions": ["ap-northeast-2", "ap-northeast-2", "ap-northeast-1"] }, "app:routingControls.regions must not repeat a region", owner],
    ["an owner with something that is not a region", { ...owner, "routingControls.regions": ["ap-northeast-2", "tokyo"] }, "app:routingControls.regions must be AWS regions with ALBs, such as ap-northeast-1", owner],
    ["an owner that names an owner", { ...owner, "routingControls.ownerStack": "organization/app/tokyo" }, "app:routingControls.ownerStack is for member stacks", owner],
    ["a member without its owner", { ...member, "routingControls.ownerStack": "" }, "app:routingControls.ownerStack is required for a member stack", member],
    ["a member listing regions", { ...member, "routingControls.regions": ["ap-northeast-2"] }, "app:routingControls.regions is set on a member stack; only the owner's applies", member],
    ["dashboard regions on a stack that does not own it", { "dashboard.stacks": ["organization/app/tokyo"] }, "app:dashboard.stacks is only read by the dashboard's owner (dashboard.owner: true)", { "dashboard.owner": true, "dashboard.stacks": ["organization/app/tokyo"] }],
    ["a dashboard name CloudWatch refuses", { "dashboard.name": "my dashboard" }, "app:dashboard.name must be 1..255 of A-Z, a-z, 0-9, - and _", { "dashboard.name": "my_dashboard-1" }],
];

describe("configuration: alarms, routing controls and dashboard", () => {
    it("turns alarms and the combined health check on, routing controls and the dashboard off, by default", () => {
        const result = validateStackConfig({ stack: "osaka", project: "app", values: { "aws:region": "ap-northeast-3" } });
        expect(result.problems).to.deep.equal([]);
        const { alarms, routingControls, dashboard } = result.config!.settings;
        expect(alarms).to.deep.include({ enabled: true, healthCheck: true, periodSeconds: 60, evaluationPeriods: 2, holdDownPeriods: 5, childThreshold: "all", insufficientData: "LastKnownStatus" });
        // Single-metric alarms only: Route 53 cannot follow the metric-math serving-badly alarm.
        expect(alarms.followed).to.deep.equal(["elb-5xx", "target-5xx", "healthy-hosts"]);
        expect(routingControls.enabled).to.equal(false);
        expect(dashboard.owner).to.equal(false);
    });

    it("names the value refused, whole", () => {
        expect(problemsOf({ "alarms.followed": [] })).to.deep.equal(["Pulumi.seoul.yaml: app:alarms.followed must name at least one alarm while alarms.healthCheck is true, got []"]);
        expect(problemsOf({ ...owner, "dns.zoneName": undefined })).to.deep.equal([
            "Pulumi.seoul.yaml: app:routingControls.enabled needs DNS records to steer (set dns.zoneName or dns.zoneId), got true",
        ]);
        expect(problemsOf({ ...owner, "alarms.childThreshold": "any" })).to.deep.equal([
            'Pulumi.seoul.yaml: app:alarms.childThreshold must be all with routing controls: with any, a region switched off would stay in while its endpoint is healthy, got "any"',
        ]);
    });

    it("lets routing controls beside childThreshold any when Route 53 follows no alarm (alarms or their health check off)", () => {
        expect(problemsOf({ ...owner, "alarms.childThreshold": "any", "alarms.healthCheck": false })).to.deep.equal([]);
        expect(problemsOf({ ...owner, "alarms.childThreshold": "any", "alarms.enabled": false })).to.deep.equal([]);
    });

    for (const [rule, failing, message, passing] of boundaries) {
        it(`rejects ${rule}, and accepts the value inside the boundary`, () => {
            const problems = problemsOf(failing);
            expect(problems.some((problem) => problem.startsWith(`Pulumi.seoul.yaml: ${message}`)), problems.join("\n") || "no problems").to.equal(true);
            expect(problemsOf(passing)).to.deep.equal([]);
        });
    }
});

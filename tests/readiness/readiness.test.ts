/**
 * `npm run readiness` against the drill's fake account (tests/drill/fakes.ts with the regional
 * services of tests/drill/regionalAccount.ts): a healthy account passes, and each condition that
 * would stop failover fails on its own, with its message; reads AWS refuses are named with the
 * permission they need.
 */
import { expect } from "chai";
import { GetHealthCheckStatusCommand } from "@aws-sdk/client-route-53";
import { readinessPermissions } from "../../domain/readinessPermissions";
import { lockValue } from "../../drill/safety/lock";
import { Route53DrillState } from "../../drill/safety/sharedState";
import { stateSchemaVersion } from "../../drill/safety/stateFile";
import { checkCategories } from "../../readiness/types";
import { childIds, ids, readinessIds, zone } from "../drill/fakes";
import { projectVariant } from "../drill/projects";
import { readinessWorld, routingControlWorld, rowOf, rowsWith } from "./world";

const dayMs = 86_400_000;
const seoulRegion = ids.seoul.region;

describe("npm run readiness", () => {
    describe("a healthy account", () => {
        it("passes every check, exit 0, the verdict last", async () => {
            const fake = readinessWorld();
            const { report, exitCode } = await fake.run();
            expect(rowsWith(report, "fail").concat(rowsWith(report, "unreadable"), rowsWith(report, "warn"))).to.deep.equal([]);
            expect(exitCode).to.equal(0);
            expect(report.verdict).to.equal("ready");
            expect(report.summary).to.equal(`READY: failover would work now: ${rowsWith(report, "ok").length} check(s) passed`);
            // Every kind but routing controls (the fixture has none) is checked.
            expect([...new Set(report.checks.map((check) => check.category))]).to.deep.equal(checkCategories.filter((category) => category !== "routing-control"));
        });

        it("only reads: every call is one of the reads the IAM policy grants, and nothing is changed", async () => {
            const fake = readinessWorld();
            await fake.run();
            const granted = new Set<string>(readinessPermissions.map((permission) => permission.action));
            const called = fake.regional.calls.map((call) => call.split(" ")[0]);
            expect(called.length).to.be.above(20);
            expect(called.filter((action) => !granted.has(action))).to.deep.equal([]);
            expect(fake.automation.mutations).to.deep.equal([]);
        });

        it("reads the combined checks from CloudWatch in us-east-1, never with GetHealthCheckStatus (which cannot read a calculated check)", async () => {
            const fake = readinessWorld();
            const { report } = await fake.run();
            expect(rowOf(report, "health-check:seoul:combined")).to.deep.include({ status: "ok", subject: `${seoulRegion} combined check (the one the records carry) ${childIds("seoul").combined}` });
            expect(fake.regional.calls.filter((call) => call.startsWith("cloudwatch:GetMetricData"))).to.include("cloudwatch:GetMetricData us-east-1");
            const statusReads = fake.world.route53Mock.commandCalls(GetHealthCheckStatusCommand).map((call) => call.args[0].input.HealthCheckId);
            expect(statusReads).to.deep.equal([ids.seoul.healthCheckId, ids.tokyo.healthCheckId]);
        });
    });

    describe("Route 53 health checks", () => {
        it("fails on an unhealthy endpoint check, by the >18% rule", async () => {
            const fake = readinessWorld();
            fake.world.setCheckersHealthy("seoul", false);
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(1);
            expect(rowOf(report, "health-check:seoul:endpoint")).to.deep.include({ status: "fail", detail: "unhealthy: 0/3 checkers healthy" });
            // The combined check follows its endpoint child, as Route 53's does.
            expect(report.summary).to.equal(`NOT READY: 2 condition(s) would stop failover: ${seoulRegion} endpoint check ${ids.seoul.healthCheckId}; ` +
                `${seoulRegion} combined check (the one the records carry) ${childIds("seoul").combined}`);
        });

        it("fails on an inverted endpoint check, even while it reads healthy", async () => {
            const fake = readinessWorld();
            fake.world.setInverted("seoul", true);
            fake.world.setCheckersHealthy("seoul", false);
            const { report } = await fake.run();
            expect(rowOf(report, "health-check:seoul:endpoint")).to.deep.include({
                status: "fail", detail: "Inverted: Route 53 routes on the opposite of what its checkers see (3/3 checkers healthy, inverted); a drill's lever or an operator set it",
            });
        });

        it("fails on an unhealthy combined check (HealthCheckStatus 0)", async () => {
            const fake = readinessWorld();
            // A threshold above its children: Route 53 always considers the calculated check unhealthy.
            fake.world.setCombinedThreshold("tokyo", 9);
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(1);
            expect(rowOf(report, "health-check:tokyo:combined")).to.deep.include({
                status: "fail", detail: "unhealthy (HealthCheckStatus 0, the latest minute's minimum): Route 53 takes the region out of its records",
            });
        });

        it("cannot tell when CloudWatch has no datapoint of a combined check: unknown, exit 3", async () => {
            const fake = readinessWorld();
            fake.world.metricsWithoutData.add(childIds("seoul").combined);
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(3);
            expect(report.verdict).to.equal("unknown");
            expect(rowOf(report, "health-check:seoul:combined")).to.deep.include({ status: "unreadable", detail: "CloudWatch has no HealthCheckStatus for it in us-east-1 in the last minutes" });
            expect(report.summary).to.equal("UNKNOWN: nothing found that would stop failover; 1 check(s) could not be read (health-check:seoul:combined)");
        });
    });

    describe("alarms Route 53 follows", () => {
        it("reads every alarm the followedAlarmNames output names, in its own region", async () => {
            const fake = readinessWorld();
            const { report } = await fake.run();
            expect(report.checks.filter((check) => check.category === "alarm").map((check) => [check.id, check.status])).to.deep.equal(
                ["seoul", "tokyo"].flatMap((stack) => ["elb-5xx", "target-5xx", "healthy-hosts-web"].map((key) => [`alarm:${stack}:${key}`, "ok"])));
            expect(fake.regional.calls.filter((call) => call.startsWith("cloudwatch:DescribeAlarms"))).to.deep.equal([
                ...Array(3).fill(`cloudwatch:DescribeAlarms ${seoulRegion}`), ...Array(3).fill(`cloudwatch:DescribeAlarms ${ids.tokyo.region}`),
            ]);
        });

        it("fails while a followed alarm is in ALARM", async () => {
            const fake = readinessWorld();
            fake.world.setAlarmFiring("seoul", "target-5xx");
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(1);
            expect(rowOf(report, "alarm:seoul:target-5xx").status).to.equal("fail");
            expect(rowOf(report, "alarm:seoul:target-5xx").detail).to.match(/^in ALARM: Route 53 takes ap-northeast-2 out \(ALARM since /);
            // Its CLOUDWATCH_METRIC child, and with it the combined check, are unhealthy too.
            expect(rowOf(report, "health-check:seoul:alarm-target-5xx").status).to.equal("fail");
            expect(rowOf(report, "health-check:seoul:combined").status).to.equal("fail");
        });

        it("lets an alarm Route 53 does not follow fire (it only notifies)", async () => {
            const fake = readinessWorld();
            fake.world.setAlarmFiring("seoul", "latency");
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(0);
            expect(report.checks.map((check) => check.id)).to.not.include("alarm:seoul:latency");
        });

        it("fails when a followed alarm is not there", async () => {
            const fake = readinessWorld();
            fake.world.deletedAlarms.add("tokyo-alarms-elb-5xx");
            const { report } = await fake.run();
            expect(rowOf(report, "alarm:tokyo:elb-5xx")).to.deep.include({ status: "fail", detail: "no alarm tokyo-alarms-elb-5xx: Route 53 follows an alarm that is not there" });
        });
    });

    describe("routing controls", () => {
        it("passes with every control On, read through the cluster's data plane", async () => {
            const fake = routingControlWorld();
            const { report, exitCode } = await fake.run();
            expect(exitCode, report.summary).to.equal(0);
            expect(rowOf(report, "routing-control:seoul")).to.deep.include({ status: "ok", detail: "On" });
            expect(rowOf(report, "routing-control:tokyo")).to.deep.include({ status: "ok", detail: "On" });
            expect(rowOf(report, "health-check:tokyo:control").status).to.equal("ok");
        });

        it("fails on a control left Off", async () => {
            const fake = routingControlWorld();
            fake.world.setControl("tokyo", "Off");
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(1);
            expect(rowOf(report, "routing-control:tokyo").status).to.equal("fail");
            expect(rowOf(report, "routing-control:tokyo").detail).to.match(/^Off: its region's combined check stays unhealthy and Route 53 leaves the region out/);
        });

        it("tries the endpoints in turn, and cannot tell when none answers", async () => {
            const fake = routingControlWorld();
            fake.world.arc.down.add("us-east-1");
            expect((await fake.run()).exitCode).to.equal(0);
            expect(fake.regional.calls).to.include("route53-recovery-cluster:GetRoutingControlState us-west-2");
            ["us-west-2", "eu-west-1", "ap-northeast-1", "ap-southeast-2"].forEach((region) => fake.world.arc.down.add(region));
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(3);
            expect(rowOf(report, "routing-control:seoul").detail).to.match(/^could not read: Error: no cluster endpoint answered \(us-east-1: EndpointTemporarilyUnavailableException/);
        });
    });

    describe("Global Accelerator", () => {
        it("fails on a traffic dial that drifted, naming both values", async () => {
            const fake = readinessWorld();
            fake.world.setDial("seoul", 0);
            const { report } = await fake.run();
            expect(rowOf(report, "accelerator:seoul:dial")).to.deep.include({
                status: "fail", detail: "0, configured 100 (app:globalAccelerator.trafficDial in Pulumi.seoul.yaml): drift, left by a drill's lever or an operator",
            });
        });

        it("fails on an endpoint weight that drifted, naming both values", async () => {
            const fake = readinessWorld();
            fake.world.endpointWeights.tokyo = 0;
            const { report } = await fake.run();
            expect(rowOf(report, "accelerator:tokyo:weights")).to.deep.include({
                status: "fail", detail: "arn:aws:elasticloadbalancing:ap-northeast-1:111122223333:loadbalancer/app/tokyo-alb/1 weight 0, configured 128 (app:globalAccelerator.endpointWeight in Pulumi.tokyo.yaml): drift",
            });
        });

        it("fails on an endpoint that is not HEALTHY", async () => {
            const fake = readinessWorld();
            fake.world.endpointHealth.seoul = "UNHEALTHY";
            const { report } = await fake.run();
            expect(rowOf(report, "accelerator:seoul:health")).to.deep.include({
                status: "fail", detail: "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:loadbalancer/app/seoul-alb/1 UNHEALTHY: the accelerator sends its clients elsewhere",
            });
        });
    });

    describe("healthy targets", () => {
        it("fails on a fleet target group with fewer healthy targets than app:fleet.minSize", async () => {
            const fake = readinessWorld();
            fake.regional.targetGroups.get(readinessIds.seoul.targetGroups.web)!.targets[1].state = "unhealthy";
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(1);
            expect(rowOf(report, "targets:seoul:web")).to.deep.include({
                status: "fail", detail: "1 healthy of 2, at least 2 needed (app:fleet.minSize 2); i-seoulweb0002 unhealthy (Target.FailedHealthChecks)",
            });
            expect(rowOf(report, "targets:seoul:canary").status).to.equal("ok");
        });
    });

    describe("certificates", () => {
        const expiring = (fake: ReturnType<typeof readinessWorld>, days: number) =>
            fake.regional.certificates.get(readinessIds.seoul.certificates[1])!.notAfter = new Date(fake.clock.startMs + days * dayMs);
        const sni = `certificate:seoul:${readinessIds.seoul.certificates[1].split("/").pop()}`;

        it("fails on a certificate 30 days or less from expiry, passes one a little more", async () => {
            const fake = readinessWorld();
            expiring(fake, 30);
            const failing = rowOf((await fake.run()).report, sni);
            expect(failing).to.deep.include({ status: "fail", detail: "AMAZON_ISSUED valid until 2025-07-01T00:00:00.000Z, 30.0 days from now (more than 30 needed: --certificate-days); managed renewal SUCCESS" });
            expiring(fake, 30.01);
            expect(rowOf((await fake.run()).report, sni).status).to.equal("ok");
        });

        it("takes the threshold from --certificate-days", async () => {
            const fake = readinessWorld();
            expiring(fake, 20);
            expect(rowOf((await fake.run()).report, sni).status).to.equal("fail");
            expect(rowOf((await fake.run({ certificateDays: 19 })).report, sni).status).to.equal("ok");
        });

        it("fails on a certificate that is not ISSUED", async () => {
            const fake = readinessWorld();
            fake.regional.certificates.get(readinessIds.tokyo.certificates[0])!.status = "REVOKED";
            const { report } = await fake.run();
            expect(rowOf(report, `certificate:tokyo:${readinessIds.tokyo.certificates[0].split("/").pop()}`)).to.deep.include({
                status: "fail", detail: "status REVOKED, NotAfter 2025-12-18T00:00:00.000Z: the listener cannot serve it; managed renewal SUCCESS",
            });
        });

        it("reads the default certificate once, though the listener lists it twice", async () => {
            const fake = readinessWorld();
            await fake.run();
            expect(fake.regional.calls.filter((call) => call === `acm:DescribeCertificate ${seoulRegion}`)).to.have.length(2);
        });
    });

    describe("capacity after a region's loss", () => {
        it("fails when the deployed group's MaxSize is below what the capacity model needs", async () => {
            const fake = readinessWorld();
            fake.world.setGroupSizes("seoul", { minSize: 1, maxSize: 1, desiredCapacity: 1 });
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(1);
            expect(rowOf(report, "capacity:seoul")).to.deep.include({
                status: "fail",
                detail: "MaxSize 1 (app:fleet.maxSize says 4) carries 16.7 rps; it receives 30 rps with every region up (failover: the PRIMARY's load moves to the SECONDARY), " +
                    "2 instance(s) at 16.7 rps each: the group cannot grow to what a failover sends it",
            });
        });

        it("skips headroom and quota when no stack declares a peak", async () => {
            const fake = readinessWorld(projectVariant({ "Pulumi.yaml": [["  capacity.peakRequestsPerSecond:\n    value: 30\n", "  capacity.peakRequestsPerSecond:\n    value: 0\n"]] }));
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(0);
            expect(rowOf(report, "capacity")).to.deep.include({ status: "skipped" });
            expect(report.checks.filter((check) => check.category === "quota")).to.deep.equal([]);
        });
    });

    describe("On-Demand vCPU quota", () => {
        it("fails when scaling the survivors would need more vCPUs than the quota leaves free", async () => {
            const fake = readinessWorld();
            fake.world.groups.seoul.instances.pop();
            fake.regional.quotas.set(seoulRegion, { applied: 32, defaultValue: 5, usage: 31 });
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(1);
            expect(rowOf(report, `quota:${seoulRegion}`)).to.deep.include({
                status: "fail",
                detail: "scaling seoul to 2 t3.micro (2 vCPUs each, 1 running) adds 2 vCPUs; the quota is 32 vCPUs (applied value), 31 in use: 1 free",
            });
        });

        it("passes when the vCPUs added just fit", async () => {
            const fake = readinessWorld();
            fake.world.groups.seoul.instances.pop();
            fake.regional.quotas.set(seoulRegion, { applied: 32, defaultValue: 5, usage: 30 });
            expect(rowOf((await fake.run()).report, `quota:${seoulRegion}`).status).to.equal("ok");
        });

        it("falls back to AWS's default when Service Quotas has no applied value", async () => {
            const fake = readinessWorld();
            fake.regional.quotas.set(seoulRegion, { defaultValue: 5, usage: 4 });
            const { report } = await fake.run();
            expect(rowOf(report, `quota:${seoulRegion}`)).to.deep.include({
                status: "ok", detail: "scaling seoul to 2 t3.micro (2 vCPUs each, 2 running) adds 0 vCPUs; the quota is 5 vCPUs (AWS default: Service Quotas has no applied value), 4 in use: 1 free",
            });
            expect(fake.regional.calls).to.include(`servicequotas:GetAWSDefaultServiceQuota ${seoulRegion}`);
        });

        it("warns, without failing, when the quota's usage metric has no datapoint", async () => {
            const fake = readinessWorld();
            fake.regional.quotas.set(seoulRegion, { applied: 32, defaultValue: 5 });
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(0);
            expect(rowOf(report, `quota:${seoulRegion}`).status).to.equal("warn");
            expect(report.summary).to.match(/^READY: failover would work now: \d+ check\(s\) passed, 1 warning\(s\)$/);
        });
    });

    describe("drills", () => {
        it("fails while a drill holds the lock", async () => {
            const fake = readinessWorld();
            const holder = { id: "drill-0042", target: "tokyo", lever: "health-check", startedAt: "2025-05-31T23:50:00.000Z", expiresAt: "2025-06-01T00:30:00.000Z", by: "alice" };
            fake.world.recordSets.set("_drill-lock.example.com. TXT", { Name: "_drill-lock.example.com.", Type: "TXT", TTL: 60, ResourceRecords: [{ Value: lockValue(holder) }] });
            const { report } = await fake.run();
            expect(rowOf(report, "drill-state:lock")).to.deep.include({
                status: "fail",
                detail: "held by drill drill-0042 of tokyo (health-check lever) by alice, since 2025-05-31T23:50:00.000Z, expires 2025-06-01T00:30:00.000Z: a drill is running, or died before restoring (npm run drill -- restore)",
            });
        });

        it("fails on an unrestored drill's state in the zone, whichever machine ran it, and passes once it is gone", async () => {
            const fake = readinessWorld();
            expect(rowOf((await fake.run()).report, "drill-state:zone")).to.deep.include({ status: "ok", detail: "none: every drill was restored" });
            const shared = new Route53DrillState(fake.world.route53, zone);
            const created = await shared.create({
                schemaVersion: stateSchemaVersion, project: "app", lever: "health-check", target: { stack: "seoul", region: seoulRegion, url: "", albDnsName: "", simulateOutage: false, records: {} },
                stacks: ["seoul", "tokyo"], originals: {}, leverState: {}, manualRestore: [], lock: { location: zone, id: "drill-0042", value: "", expiresAt: "2025-05-31T23:30:00.000Z" },
                stage: "restoring", by: "alice", startedAt: "2025-05-31T23:00:00.000Z", updatedAt: "2025-05-31T23:10:00.000Z",
            });
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(1);
            expect(rowOf(report, "drill-state:zone")).to.deep.include({
                status: "fail", subject: "drill state _drill-state.example.com",
                detail: "the drill drill-0042 of seoul (health-check lever, by alice, started 2025-05-31T23:00:00.000Z, stage restoring) is not restored: " +
                    "its state is in _drill-state.example.com (TXT). Run npm run drill -- restore first (from any machine with access to the zone)",
            });
            expect(created.created && await shared.remove(created.values)).to.equal(true);
            expect(rowOf((await fake.run()).report, "drill-state:zone").status).to.equal("ok");
        });

        it("fails on a drill state record that holds no readable state", async () => {
            const fake = readinessWorld();
            fake.world.recordSets.set("_drill-state.example.com. TXT", { Name: "_drill-state.example.com.", Type: "TXT", TTL: 60, ResourceRecords: [{ Value: "\"drill-state v=3 id=x part=1/1 sha256=00\" \"garbled\"" }] });
            const { report } = await fake.run();
            expect(rowOf(report, "drill-state:zone").status).to.equal("fail");
            expect(rowOf(report, "drill-state:zone").detail).to.match(/^_drill-state\.example\.com \(TXT\) holds a drill state that cannot be read \(/);
        });

        it("cannot tell whether a drill is unrestored when the zone cannot be read: unreadable, naming the permission", async () => {
            const fake = readinessWorld();
            fake.regional.denied.add("route53:ListResourceRecordSets");
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(3);
            expect(rowOf(report, "drill-state:zone")).to.deep.include({ status: "unreadable", needs: "route53:ListResourceRecordSets on arn:aws:route53:::hostedzone/*" });
        });

        it("fails on a stack deployed with drill.simulateOutage (a config-lever drill that did not restore), and on what it did", async () => {
            const fake = readinessWorld();
            await fake.automation.setConfig("seoul", "drill.simulateOutage", "true");
            await fake.automation.up("seoul", { onOutput: () => undefined, onResourceDone: () => undefined });
            const { report } = await fake.run();
            expect(rowOf(report, "drill-state:seoul:simulate-outage").status).to.equal("fail");
            expect(rowOf(report, "drill-state:seoul:simulate-outage").detail).to.match(/^deployed with drill.simulateOutage: true: the region is taken out on purpose \(Pulumi.seoul.yaml\)/);
            expect(["health-check:seoul:endpoint", "accelerator:seoul:dial"].map((id) => rowOf(report, id).status)).to.deep.equal(["fail", "fail"]);
        });

        it("fails when no passing drill is recorded", async () => {
            const fake = readinessWorld();
            fake.world.recordSets.delete("_drill-passed.example.com. TXT");
            const { report } = await fake.run();
            expect(rowOf(report, "drill-age")).to.deep.include({
                status: "fail", detail: "no passing drill recorded (_drill-passed TXT record in example.com): run npm run drill -- run --fail <stack>",
            });
        });

        it("fails when the last pass is older than app:drill.maximumAgeDays (30), passes at 30 days", async () => {
            const fake = readinessWorld();
            await fake.clock.sleep(27 * dayMs);
            const atLimit = await fake.run();
            expect(rowOf(atLimit.report, "drill-age")).to.deep.include({ status: "ok", detail: "seoul (config lever) passed 2025-05-29T00:00:00.000Z, 30.0 days ago, by tester; at most 30 (app:drill.maximumAgeDays)" });
            await fake.clock.sleep(1);
            expect(rowOf((await fake.run()).report, "drill-age")).to.deep.include({ status: "fail" });
        });

        it("takes the strictest app:drill.maximumAgeDays, and 0 everywhere turns the check off", async () => {
            const strict = readinessWorld(projectVariant({ "Pulumi.tokyo.yaml": [["  app:dns.weight: 50\n", "  app:dns.weight: 50\n  app:drill.maximumAgeDays: 2\n"]] }));
            expect(rowOf((await strict.run()).report, "drill-age").detail).to.match(/3\.0 days ago, by tester; at most 2 \(app:drill.maximumAgeDays\)$/);
            const off = readinessWorld(projectVariant({ "Pulumi.yaml": [["  dns.zoneName:\n", "  drill.maximumAgeDays:\n    value: 0\n  dns.zoneName:\n"]] }));
            off.world.recordSets.delete("_drill-passed.example.com. TXT");
            const { report, exitCode } = await off.run();
            expect(rowOf(report, "drill-age")).to.deep.include({ status: "skipped", detail: "app:drill.maximumAgeDays is 0 in every stack" });
            expect(exitCode).to.equal(0);
        });
    });

    describe("deployment", () => {
        it("fails on a stack file whose stack was never deployed", async () => {
            const fake = readinessWorld();
            const outputs = fake.automation.outputs.bind(fake.automation);
            fake.automation.outputs = async (stack: string) => (stack === "tokyo" ? {} : outputs(stack));
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(1);
            expect(rowOf(report, "deployment:tokyo")).to.deep.include({ status: "fail", detail: "not deployed (no outputs): Pulumi.tokyo.yaml names a region that cannot take traffic" });
        });

        it("cannot tell without the stacks' outputs (no backend): exit 3", async () => {
            const fake = readinessWorld();
            fake.automation.outputsError = new Error("error: no stack named 'seoul' found");
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(3);
            expect(rowOf(report, "deployment:seoul").detail).to.equal("its outputs cannot be read through the Pulumi CLI (log in to the stacks' backend): Error: error: no stack named 'seoul' found");
        });

        it("fails on stack files that break a cross-stack rule, as the plan does", async () => {
            const fake = readinessWorld(projectVariant({ "Pulumi.tokyo.yaml": [["  app:dns.failoverRole: SECONDARY\n", "  app:dns.failoverRole: PRIMARY\n"]] }));
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(1);
            expect(rowOf(report, "deployment:cross-stack").detail).to.match(/^the stack files break cross-stack rules/);
        });
    });

    describe("permissions", () => {
        it("names the IAM action AWS denied, with its resources, and cannot tell (exit 3)", async () => {
            const fake = readinessWorld();
            fake.regional.denied.add("elasticloadbalancing:DescribeTargetHealth");
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(3);
            const denied = rowOf(report, "targets:seoul:web");
            expect(denied).to.deep.include({ status: "unreadable", needs: "elasticloadbalancing:DescribeTargetHealth on *" });
            expect(denied.detail).to.match(/^AccessDenied: grant elasticloadbalancing:DescribeTargetHealth on \* \(AccessDenied: User: arn:aws:sts::111122223333:assumed-role\/readiness\/ci is not authorized/);
        });

        it("names only the action refused when a read makes several calls", async () => {
            const fake = readinessWorld();
            fake.regional.denied.add("route53:GetHealthCheckStatus");
            fake.regional.denied.add("servicequotas:GetServiceQuota");
            const { report } = await fake.run();
            expect(rowOf(report, "health-check:seoul:endpoint").needs).to.equal("route53:GetHealthCheckStatus on arn:aws:route53:::healthcheck/*");
            expect(rowOf(report, `quota:${seoulRegion}`).needs).to.equal("servicequotas:GetServiceQuota on arn:aws:servicequotas:*:*:ec2/L-1216C47A");
        });

        it("says not ready (exit 1) when a condition fails even though another check could not be read", async () => {
            const fake = readinessWorld();
            fake.regional.denied.add("acm:DescribeCertificate");
            fake.world.setDial("tokyo", 0);
            const { report, exitCode } = await fake.run();
            expect(exitCode).to.equal(1);
            expect(report.summary).to.match(/^NOT READY: 1 condition\(s\) would stop failover: ap-northeast-1 endpoint group traffic dial; 4 check\(s\) could not be read \(certificate:seoul:/);
        });
    });
});

/**
 * Which alarms Route 53 can follow (domain/route53Alarms.ts), each rule with a failing input and
 * a passing one, at both sides of each boundary; and the region's alarms as data
 * (domain/regionAlarms.ts): the hold-down arithmetic and what `alarms.followed` expands to.
 */
import { expect } from "chai";
import { defaultFollowedAlarms, evaluationPeriodsFor, expandFollowed, fixedAlarms, regionAlarmKeys, regionAlarmSpec } from "../../domain/regionAlarms";
import { FollowableAlarm, route53AlarmStatistics, route53CannotFollow } from "../../domain/route53Alarms";

const metric = (changes: Partial<Extract<FollowableAlarm, { kind: "metric" }>> = {}): FollowableAlarm =>
    ({ kind: "metric", region: "ap-northeast-2", statistic: "Sum", periodSeconds: 60, ...changes });

describe("alarms Route 53 can follow", () => {
    it("follows a single-metric alarm with each standard statistic at standard resolution in its own region", () => {
        for (const statistic of route53AlarmStatistics) {
            expect(route53CannotFollow(metric({ statistic }), "ap-northeast-2"), statistic).to.deep.equal([]);
        }
    });

    it("cannot follow a metric-math or a composite alarm: CloudWatchAlarmConfiguration needs a metric, statistic and period", () => {
        expect(route53CannotFollow({ kind: "metric-math", region: "ap-northeast-2" }, "ap-northeast-2")).to.deep.equal([
            "it is a metric-math alarm; Route 53 follows single-metric alarms only (CloudWatchAlarmConfiguration requires MetricName, Namespace, Statistic, Period)",
        ]);
        expect(route53CannotFollow({ kind: "composite", region: "ap-northeast-2" }, "ap-northeast-2")[0]).to.match(/^it is a composite alarm;/);
    });

    it("cannot follow an extended statistic or one outside the five", () => {
        expect(route53CannotFollow(metric({ statistic: undefined, extendedStatistic: "p99" }), "ap-northeast-2"))
            .to.deep.equal(["it uses the extended statistic p99; Route 53 supports Average, Sum, SampleCount, Maximum, Minimum only"]);
        expect(route53CannotFollow(metric({ statistic: "IQM" }), "ap-northeast-2")[0]).to.match(/^it uses the statistic IQM;/);
    });

    it("cannot follow a high-resolution alarm: 30 s is refused, 60 s and 120 s pass, 90 s is not a standard period", () => {
        expect(route53CannotFollow(metric({ periodSeconds: 30 }), "ap-northeast-2")[0]).to.match(/period of 30 s makes it a high-resolution alarm/);
        expect(route53CannotFollow(metric({ periodSeconds: 59 }), "ap-northeast-2")).to.have.length(1);
        expect(route53CannotFollow(metric({ periodSeconds: 60 }), "ap-northeast-2")).to.deep.equal([]);
        expect(route53CannotFollow(metric({ periodSeconds: 90 }), "ap-northeast-2")).to.have.length(1);
        expect(route53CannotFollow(metric({ periodSeconds: 120 }), "ap-northeast-2")).to.deep.equal([]);
    });

    it("cannot follow an alarm looked for in another region than the one it was created in, or in a region AlarmIdentifier cannot name", () => {
        expect(route53CannotFollow(metric(), "us-east-1"))
            .to.deep.equal(["the alarm was created in ap-northeast-2, but the health check looks for it in us-east-1 (AlarmIdentifier.Region is the region the alarm was created in)"]);
        expect(route53CannotFollow(metric({ region: "eu-west-9" }), "eu-west-9")).to.deep.equal(["eu-west-9 is not a region an AlarmIdentifier can name (route53 CloudWatchRegion)"]);
        expect(route53CannotFollow(metric(), "")).to.deep.equal(["(no region) is not a region an AlarmIdentifier can name (route53 CloudWatchRegion)"]);
    });

    it("gives every reason at once", () => {
        expect(route53CannotFollow(metric({ statistic: "p50", periodSeconds: 10, region: "ap-northeast-1" }), "ap-northeast-2")).to.have.length(3);
    });
});

describe("the region's alarms", () => {
    it("follows only single-metric alarms by default, every one of which Route 53 can follow", () => {
        const populated = ["web", "api"];
        const followed = expandFollowed(defaultFollowedAlarms, populated);
        expect(followed).to.deep.equal(["elb-5xx", "target-5xx", "healthy-hosts-web", "healthy-hosts-api"]);
        for (const key of followed) {
            const spec = regionAlarmSpec(key, populated)!;
            expect(spec.kind, key).to.equal("metric");
            expect(route53CannotFollow({ kind: "metric", region: "ap-northeast-2", statistic: spec.kind === "metric" ? spec.statistic : undefined, periodSeconds: 60 }, "ap-northeast-2"), key).to.deep.equal([]);
        }
        expect(fixedAlarms["serving-badly"].kind).to.equal("metric-math");
    });

    it("expands healthy-hosts to the populated groups only, keeps order and drops repeats", () => {
        expect(expandFollowed(["healthy-hosts", "healthy-hosts-web", "latency"], ["web"])).to.deep.equal(["healthy-hosts-web", "latency"]);
        expect(expandFollowed(["healthy-hosts"], [])).to.deep.equal([]);
        expect(regionAlarmSpec("healthy-hosts-canary", ["web"])).to.equal(undefined);
        expect(regionAlarmKeys(["web"])).to.deep.equal(["elb-5xx", "target-5xx", "latency", "rejected-connections", "serving-badly", "healthy-hosts-web"]);
    });

    it("holds a fired alarm for the hold-down, as CloudWatch evaluates M out of N (fewer than M breaching of the last N is OK)", () => {
        // CloudWatch User Guide, Evaluating an alarm: over the last EvaluationPeriods points, ALARM unless fewer than DatapointsToAlarm breach.
        const state = (points: readonly boolean[], m: number, n: number) => (points.slice(-n).filter(Boolean).length >= m ? "ALARM" : "OK");
        expect(evaluationPeriodsFor(2, 5)).to.equal(6);
        for (const [breaching, holdDown] of [[1, 1], [2, 5], [3, 4], [10, 60]]) {
            const n = evaluationPeriodsFor(breaching, holdDown);
            const points: boolean[] = Array(n).fill(false);
            let firedAfter = 0;
            while (state(points, breaching, n) === "OK") {
                points.push(true);
                firedAfter++;
            }
            let backAfter = 0;
            while (state(points, breaching, n) === "ALARM") {
                points.push(false);
                backAfter++;
            }
            expect([firedAfter, backAfter], `${breaching} of ${n}`).to.deep.equal([breaching, holdDown]);
        }
    });
});

/** The signal readers and the change detector, one piece at a time. */
import { GetHealthCheckCommand, GetHealthCheckStatusCommand, Route53Client, TestDNSAnswerCommand } from "@aws-sdk/client-route-53";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { ChangeDetector } from "../../drill/signals/detector";
import { readServedRegion } from "../../drill/signals/http";
import { IpRegionMap } from "../../drill/signals/ipRegions";
import { healthObservation, InversionHistory, readDnsAnswer, readHealthCheck } from "../../drill/signals/route53";

function detect(previous: string[], next: string[], values: string[], confirm = 3): ChangeDetector {
    const detector = new ChangeDetector(new Set(previous), new Set(next), confirm);
    values.forEach((value, index) => detector.add({ atMs: index * 5000, value }));
    return detector;
}

describe("drill signals", () => {
    describe("change detector", () => {
        it("times an evidence change from the first sample of the new state", () => {
            const detector = detect(["seoul"], ["tokyo"], ["seoul", "seoul", "tokyo", "tokyo", "tokyo"]);
            expect(detector.mode).to.equal("evidence");
            expect(detector.changedAtMs).to.equal(10_000);
            expect(detector.settled).to.equal(true);
        });

        it("is not settled until enough samples confirm the change", () => {
            const detector = detect(["seoul"], ["tokyo"], ["seoul", "tokyo", "tokyo"]);
            expect(detector.changedAtMs).to.equal(5000);
            expect(detector.settled).to.equal(false);
        });

        it("times a flapping change from the start of the run that lasted", () => {
            const detector = detect(["seoul"], ["tokyo"], ["tokyo", "seoul", "tokyo", "tokyo", "tokyo"]);
            expect(detector.firstSeenAtMs).to.equal(0);
            expect(detector.changedAtMs).to.equal(10_000);
        });

        it("times a narrowing change (a weighted share going to 0) from the start of the final run", () => {
            const detector = detect(["seoul", "tokyo"], ["tokyo"], ["seoul", "tokyo", "seoul", "tokyo", "tokyo", "tokyo"]);
            expect(detector.mode).to.equal("narrowing");
            expect(detector.changedAtMs).to.equal(15_000);
        });

        it("times a widening change (a share coming back) from the first sample of the returning state", () => {
            const detector = detect(["tokyo"], ["seoul", "tokyo"], ["tokyo", "tokyo", "seoul", "tokyo", "tokyo"]);
            expect(detector.mode).to.equal("evidence");
            expect(detector.changedAtMs).to.equal(10_000);
        });

        it("treats failures as no state: they break a run and count as strays", () => {
            const detector = detect(["seoul"], ["tokyo"], ["tokyo", "!error", "tokyo", "tokyo"]);
            expect(detector.changedAtMs).to.equal(10_000);
            expect(detector.strays).to.equal(1);
            expect(detector.settled).to.equal(false);
        });

        it("is always settled when no change is expected, and counts misses in a row for guards", () => {
            const detector = detect(["healthy"], ["healthy"], ["healthy", "unhealthy", "unhealthy"]);
            expect(detector.mode).to.equal("unchanged");
            expect(detector.settled).to.equal(true);
            expect(detector.changedAtMs).to.equal(undefined);
            expect(detector.trailingMisses).to.equal(2);
        });
    });

    describe("Route 53 health check", () => {
        const route53 = new Route53Client({ region: "us-east-1" });
        const mock = mockClient(route53);
        afterEach(() => mock.reset());
        after(() => mock.restore());

        function checkers(healthy: number, total: number, inverted = false, checkedAtMs = 0): void {
            mock.on(GetHealthCheckStatusCommand).resolves({
                HealthCheckObservations: Array.from({ length: total }, (_, index) => ({
                    Region: "us-east-1", StatusReport: { Status: index < healthy ? "Success: HTTP Status Code 200, OK" : "Failure: HTTP Status Code 503", CheckedTime: new Date(checkedAtMs) },
                })),
            });
            mock.on(GetHealthCheckCommand).resolves({ HealthCheck: { Id: "hc", CallerReference: "r", HealthCheckVersion: 3, HealthCheckConfig: { Type: "HTTPS", Inverted: inverted } } });
        }
        const read = (history = new InversionHistory(), nowMs = 0) => readHealthCheck(route53, "hc", history, nowMs);

        it("is healthy when more than 18% of checkers say so (2 of 8 = 25%)", async () => {
            checkers(2, 8);
            expect((await read()).healthy).to.equal(true);
        });

        it("is unhealthy at 18% or less (1 of 8 = 12.5%)", async () => {
            checkers(1, 8);
            expect((await read()).healthy).to.equal(false);
        });

        it("is unhealthy when inverted while every checker succeeds", async () => {
            checkers(8, 8, true);
            const reading = await read();
            expect(reading).to.deep.equal({ healthyCheckers: 0, checkers: 8, staleCheckers: 0, inverted: true, healthy: false });
            expect(mock.commandCalls(GetHealthCheckStatusCommand)[0].args[0].input).to.deep.equal({ HealthCheckId: "hc" });
        });

        it("has no status, rather than a healthy one, when no checker reported (item 9)", async () => {
            mock.on(GetHealthCheckStatusCommand).resolves({ HealthCheckObservations: [] });
            mock.on(GetHealthCheckCommand).resolves({ HealthCheck: { Id: "hc", CallerReference: "r", HealthCheckVersion: 1, HealthCheckConfig: { Type: "HTTPS", Inverted: false } } });
            const reading = await read();
            expect(reading.healthy).to.equal(undefined);
            expect(healthObservation(reading).value).to.equal("!no-observations");
        });

        it("reads the Inverted flag on every call: a flip by someone else shows at once (item 1)", async () => {
            const history = new InversionHistory();
            checkers(3, 3, false, 1_000);
            expect((await read(history, 1_000)).healthy).to.equal(true);
            checkers(3, 3, true, 70_000);
            expect((await read(history, 70_000)).healthy).to.equal(false);
            expect(mock.commandCalls(GetHealthCheckCommand)).to.have.length(2);
        });

        it("turns with the checkers' reports after a flip, not when the flag is written (item 9)", async () => {
            const history = new InversionHistory();
            checkers(3, 3, false, 0);
            await read(history, 0);
            // Flag flipped, seen at 10 s; the checkers last reported at 5 s, under the old flag.
            checkers(3, 3, true, 5_000);
            const before = await read(history, 10_000);
            expect(before).to.include({ healthy: true, staleCheckers: 3, inverted: true });
            checkers(3, 3, true, 40_000);
            expect(await read(history, 40_000)).to.include({ healthy: false, staleCheckers: 0 });
        });
    });

    describe("TestDNSAnswer and answer IPs", () => {
        const route53 = new Route53Client({ region: "us-east-1" });
        const mock = mockClient(route53);
        afterEach(() => mock.reset());
        after(() => mock.restore());
        const albs = [{ region: "ap-northeast-2", albDnsName: "seoul-alb" }, { region: "ap-northeast-1", albDnsName: "tokyo-alb" }];

        it("names the region whose ALB holds the answered IPs, resolving again when an IP is new", async () => {
            let seoulIps = ["3.34.0.1"];
            const lookups: string[] = [];
            const ipRegions = new IpRegionMap({ resolve4: async (name) => { lookups.push(name); return name === "seoul-alb" ? seoulIps : ["52.68.0.1"]; } }, albs);
            expect(await ipRegions.classify(["3.34.0.1"])).to.equal("ap-northeast-2");
            expect(lookups).to.have.length(2);
            expect(await ipRegions.classify(["52.68.0.1"])).to.equal("ap-northeast-1");
            expect(lookups).to.have.length(2);
            seoulIps = ["3.34.0.9"];
            expect(await ipRegions.classify(["3.34.0.9", "3.34.0.1"])).to.equal("ap-northeast-2");
            expect(await ipRegions.classify(["3.34.0.1", "52.68.0.1"])).to.equal("!mixed");
            expect(await ipRegions.classify(["198.51.100.7"])).to.equal("!unknown-ip");
            expect(await ipRegions.classify([])).to.equal("!no-answer");
        });

        it("sends a resolver in the client's country with the client subnet, and reads the answer (item 15)", async () => {
            mock.on(TestDNSAnswerCommand).resolves({ RecordData: ["52.68.0.1"], ResponseCode: "NOERROR" });
            const ipRegions = new IpRegionMap({ resolve4: async (name) => (name === "tokyo-alb" ? ["52.68.0.1"] : ["3.34.0.1"]) }, albs);
            const observation = await readDnsAnswer(route53, ipRegions, { hostedZoneId: "Z1", recordName: "latency.example.com", clientSubnet: { resolverIp: "210.130.1.1", ip: "210.130.1.0", mask: 24 } });
            expect(observation).to.deep.equal({ value: "ap-northeast-1", detail: "52.68.0.1" });
            expect(mock.commandCalls(TestDNSAnswerCommand)[0].args[0].input).to.deep.equal({
                HostedZoneId: "Z1", RecordName: "latency.example.com", RecordType: "A", ResolverIP: "210.130.1.1", EDNS0ClientSubnetIP: "210.130.1.0", EDNS0ClientSubnetMask: "24",
            });
        });

        it("turns a DNS error code into a failure token", async () => {
            mock.on(TestDNSAnswerCommand).resolves({ RecordData: [], ResponseCode: "SERVFAIL" });
            const observation = await readDnsAnswer(route53, new IpRegionMap({ resolve4: async () => [] }, albs), { hostedZoneId: "Z1", recordName: "app.example.com" });
            expect(observation.value).to.equal("!SERVFAIL");
        });
    });

    describe("HTTP probe", () => {
        const probe = (result: Awaited<ReturnType<Parameters<typeof readServedRegion>[0]["probe"]>>) => readServedRegion({ probe: async () => result }, { url: "https://app.example.com/", timeoutMs: 1000 });

        it("reads the serving region, and failure tokens for errors, error statuses and pages without the marker", async () => {
            expect((await probe({ status: 200, servedRegion: "ap-northeast-1" })).value).to.equal("ap-northeast-1");
            expect((await probe({ error: "ECONNREFUSED" })).value).to.equal("!error");
            expect((await probe({ status: 503 })).value).to.equal("!http-503");
            expect((await probe({ status: 200 })).value).to.equal("!no-marker");
        });
    });
});

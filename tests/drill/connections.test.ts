/**
 * Connections that move (issue 24, item 4, the drill's side): the keep-alive clients over real
 * sockets to loopback servers (a kept connection does not follow DNS; the server's `Connection:
 * close` ends it and the next request opens a new one to where the name leads now), and a drill
 * against the fake account that reports when new and reused connections reached the survivor,
 * against the plan's reconnection bound. Ordered by events and the fake clock, never by sleeps.
 */
import * as http from "node:http";
import { LookupFunction } from "node:net";
import { expect } from "chai";
import { nodeKeepAliveProber } from "../../drill/clients/realNetwork";
import { runDrill } from "../../drill/runner/runner";
import { drillOptions, fakeDrill } from "./fakes";
import { loopbackServer } from "./loopback";

/** A server that names itself, and closes the connection with a response when told to (as the ALB does once a connection is keepalive-old). */
function namedServer(name: string, closeNext: { value: boolean }): () => http.Server {
    return () => http.createServer((_request, response) => {
        const close = closeNext.value;
        closeNext.value = false;
        response.writeHead(200, { "x-served-region": name, ...(close ? { connection: "close" } : {}) }).end("ok");
    });
}

describe("connections that move (issue 24, item 4)", () => {
    describe("a keep-alive client over real sockets", () => {
        const closeA = { value: false };
        const a = loopbackServer(namedServer("region-a", closeA));
        const b = loopbackServer(namedServer("region-b", { value: false }), { host: "127.0.0.2", port: () => a.port() });
        let address = "127.0.0.1";
        // The name leads wherever `address` says when a connection is opened (DNS moving).
        const lookup: LookupFunction = (_hostname, options, callback) => {
            const all = (options as { all?: boolean }).all === true;
            (callback as (error: null, address: string | { address: string; family: number }[], family?: number) => void)(null, all ? [{ address, family: 4 }] : address, 4);
        };

        it("reuses its one connection (same local port) after DNS moved, until the server closes it; then reaches where the name leads now on a new one", async () => {
            const client = nodeKeepAliveProber(lookup).client("busy");
            const url = `http://service.test:${a.port()}/`;
            try {
                const first = await client.probe({ url, timeoutMs: 5000 });
                expect(first).to.deep.include({ status: 200, servedRegion: "region-a", reused: false, remoteAddress: "127.0.0.1" });
                const second = await client.probe({ url, timeoutMs: 5000 });
                expect(second).to.deep.include({ servedRegion: "region-a", reused: true, localPort: first.localPort });
                address = "127.0.0.2";
                const afterMove = await client.probe({ url, timeoutMs: 5000 });
                expect(afterMove, "a kept connection does not follow DNS").to.deep.include({ servedRegion: "region-a", reused: true, localPort: first.localPort });
                closeA.value = true;
                const closing = await client.probe({ url, timeoutMs: 5000 });
                expect(closing, "the last response on the old connection").to.deep.include({ servedRegion: "region-a", reused: true, localPort: first.localPort });
                const moved = await client.probe({ url, timeoutMs: 5000 });
                expect(moved).to.deep.include({ servedRegion: "region-b", reused: false, remoteAddress: "127.0.0.2" });
                expect(moved.localPort).to.not.equal(first.localPort);
                expect(b.server().listening).to.equal(true);
            } finally {
                client.close();
                address = "127.0.0.1";
            }
        });
    });

    describe("in a drill", () => {
        let drill: ReturnType<typeof fakeDrill>;
        afterEach(() => drill.restore());

        it("reports when the busy client's reused connection and the pausing client's new ones reached the survivor, within the plan's bound", async () => {
            drill = fakeDrill();
            const result = await runDrill(drillOptions({ lever: "health-check" }), { ...drill.deps, keepAlive: drill.world.keepAlive });
            expect(result.report.outcome, drill.progress.events.join("\n")).to.equal("passed");
            const outage = result.report.phases.find((phase) => phase.phase === "outage")!;
            const signal = (id: string) => outage.signals.find((candidate) => candidate.id === id)!;
            const fresh = signal("http:failover");
            const busy = signal("connection:busy");
            const pausing = signal("connection:pausing");
            expect(busy.kind).to.equal("connection");
            expect([busy.verdict, pausing.verdict]).to.deep.equal(["pass", "pass"]);
            // 90 s on the DNS path + 60 s keepalive + 30 s idle timeout (the fixture's defaults).
            expect(busy.predictedSeconds).to.equal(fresh.predictedSeconds! + 60 + 30);
            expect(busy.measuredSeconds!).to.be.at.least(fresh.measuredSeconds!).and.at.most(busy.predictedSeconds!);
            expect(busy.notes.join("; ")).to.include("reached ap-northeast-1 on a new connection").and.match(/\d+ request\(s\) on kept connections \(local ports [\d, ]+\) still reached ap-northeast-2 after the lever took effect/)
                .and.include(`the plan's bound for an open connection: traffic ${fresh.predictedSeconds} s + keepalive 60 s + idle timeout 30 s`);
            expect(pausing.notes.join("; ")).to.include("reached ap-northeast-1 on a new connection").and.not.include("on kept connections");
            expect(pausing.samples, "the pausing client asks only every 35 s").to.be.below(busy.samples / 3);
            const changes = busy.changes.map((change) => change.detail ?? "");
            expect(changes.some((detail) => / on a reused connection from local port \d+ to 3\.34\.10\.1/.test(detail))).to.equal(true);
            // The busy client stayed on its old connection to seoul after a fresh connection already reached tokyo.
            expect(busy.measuredSeconds!).to.be.above(fresh.measuredSeconds!);
        });
    });
});

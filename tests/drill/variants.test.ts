/** Drills of other setups: stack files that break a cross-stack rule (item 8), and DNS off with HTTPS (item 11). */
import * as fs from "node:fs";
import * as https from "node:https";
import * as path from "node:path";
import { expect } from "chai";
import { servedRegionMarker } from "../../components/fleet/demoPage";
import { nodeHttpProber } from "../../drill/clients/realNetwork";
import { ProbeRequest } from "../../drill/clients/types";
import { placeholderDeployment } from "../../drill/runner/deployment";
import { runDrill } from "../../drill/runner/runner";
import { buildSignals } from "../../drill/signals/build";
import { IpRegionMap } from "../../drill/signals/ipRegions";
import { simulateDrill } from "../../drill/simulate/simulate";
import { CrossStackError, findTarget, loadProjectStacks, refuseCrossStackErrors } from "../../drill/stacks";
import { drillOptions, FakeClock, fakeDrill, projectDir } from "./fakes";
import { drillInProcess } from "./inProcess";
import { loopbackServer } from "./loopback";
import { projectVariant } from "./projects";

const twoSecondaries = { "Pulumi.seoul.yaml": [["app:dns.failoverRole: PRIMARY", "app:dns.failoverRole: SECONDARY"]] } as const;
const dnsOff = {
    "Pulumi.yaml": [["  dns.zoneName:\n    value: example.com", "  dns.zoneName:\n    value: \"\""]],
    "Pulumi.global.yaml": [["  app:globalAccelerator.recordName: global\n", ""]],
} as const;

describe("drill of other setups", () => {
    describe("stack files that break a cross-stack rule (item 8)", () => {
        it("refuses to simulate two SECONDARY records, as npm run plan does", () => {
            const stacks = loadProjectStacks(projectVariant(twoSecondaries));
            expect(() => refuseCrossStackErrors(stacks)).to.throw(CrossStackError, /failover-roles/);
            expect(() => refuseCrossStackErrors(loadProjectStacks(projectDir))).to.not.throw();
        });

        it("exits 1 from drill simulate with the finding, and 0 for the shipped stack files", async () => {
            const simulate = (project: string) => drillInProcess(["simulate", "--fail", "seoul", "--project", project]);
            const broken = await simulate(projectVariant(twoSecondaries));
            expect(broken.code, broken.stderr).to.equal(1);
            expect(broken.stderr).to.match(/^drill: the stack files break cross-stack rules .*\n {2}\[error\] failover-roles/);
            expect(broken.stdout).to.equal("");
            expect((await simulate(projectDir)).code).to.equal(0);
        });

        it("refuses to run a drill of them before calling anything", async () => {
            const drill = fakeDrill();
            try {
                const failure = await runDrill(drillOptions({ projectDir: projectVariant(twoSecondaries) }), drill.deps).then(() => undefined, (error: unknown) => error);
                expect(failure).to.be.instanceOf(CrossStackError);
                expect(drill.automation.calls).to.deep.equal([]);
            } finally {
                drill.restore();
            }
        });
    });

    describe("DNS off, HTTPS on (item 11)", () => {
        async function probeRequests(directory: string): Promise<Map<string, ProbeRequest>> {
            const stacks = loadProjectStacks(directory);
            const target = findTarget(stacks, "seoul");
            const deployment = placeholderDeployment(stacks);
            const requests: ProbeRequest[] = [];
            const drill = fakeDrill();
            try {
                const signals = buildSignals({
                    target: deployment[0], others: deployment.slice(1), simulation: simulateDrill(stacks, target), configuredDial: 100,
                    aws: drill.world.aws, ipRegions: new IpRegionMap(drill.world.resolver, deployment), probeTimeoutMs: 1000, clock: new FakeClock(),
                    prober: { probe: async (request) => { requests.push(request); return { status: 200, servedRegion: "ap-northeast-2" }; } },
                });
                const byId = new Map<string, ProbeRequest>();
                for (const signal of signals.filter((candidate) => candidate.kind === "http")) {
                    await signal.read();
                    byId.set(signal.id, requests.at(-1)!);
                }
                return byId;
            } finally {
                drill.restore();
            }
        }

        it("probes the accelerator and the ALB without certificate verification, since no service name exists to present", async () => {
            const requests = await probeRequests(projectVariant(dnsOff));
            expect([...requests.keys()].sort()).to.deep.equal(["http:accelerator", "http:alb:seoul"]);
            expect(requests.get("http:accelerator")).to.include({ url: "https://<globalAcceleratorDnsName of global>/", hostHeader: undefined, verifyTls: false });
            expect(requests.get("http:alb:seoul")).to.include({ hostHeader: undefined, verifyTls: false });
        });

        it("keeps verifying certificates when a service name is presented", async () => {
            const requests = await probeRequests(projectDir);
            expect(requests.size).to.be.greaterThan(0);
            for (const [id, request] of requests) {
                expect(request.verifyTls, id).to.not.equal(false);
            }
        });

        describe("the real prober", () => {
            const fixtures = path.join(__dirname, "fixtures");
            // A test-only self-signed certificate for app.example.com (tests/drill/fixtures).
            const server = loopbackServer(() => https.createServer({ key: fs.readFileSync(path.join(fixtures, "selfsigned.key.pem")), cert: fs.readFileSync(path.join(fixtures, "selfsigned.cert.pem")) }, (_request, response) => {
                response.writeHead(200).end(`<html><body ${servedRegionMarker("ap-northeast-2")}></body></html>`);
            }));

            it("fails a name that is not on the certificate when verifying, and reads the region when told not to", async () => {
                const url = `https://127.0.0.1:${server.port()}/`;
                expect((await nodeHttpProber.probe({ url, hostHeader: "a1234.awsglobalaccelerator.com", timeoutMs: 2000 })).error).to.match(/self-signed|certificate/i);
                expect(await nodeHttpProber.probe({ url, hostHeader: "a1234.awsglobalaccelerator.com", timeoutMs: 2000, verifyTls: false })).to.deep.equal({ status: 200, servedRegion: "ap-northeast-2" });
            });
        });
    });
});

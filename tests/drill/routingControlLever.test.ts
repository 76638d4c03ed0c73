/**
 * The routing-control lever, with ARC's data plane mocked by aws-sdk-client-mock: one client per
 * cluster endpoint, all serving the one control's state; an endpoint that is down fails every
 * call with EndpointTemporarilyUnavailableException. The tests assert on the calls that reached
 * an endpoint, the control's state and what the lever reports.
 */
import { GlobalAcceleratorClient } from "@aws-sdk/client-global-accelerator";
import { Route53Client } from "@aws-sdk/client-route-53";
import {
    GetRoutingControlStateCommand,
    Route53RecoveryClusterClient,
    RoutingControlState,
    UpdateRoutingControlStateCommand,
} from "@aws-sdk/client-route53-recovery-cluster";
import * as fs from "node:fs";
import * as path from "node:path";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { AwsClients } from "../../drill/clients/types";
import { parseStackOutputs } from "../../drill/clients/outputs";
import { RoutingControlLever } from "../../drill/levers/routingControlLever";
import { lockValue, Route53DrillLock } from "../../drill/safety/lock";
import { resumeRestore } from "../../drill/safety/restore";
import { FakeClock, fakeDrill, hostedZoneId, temporaryDirectory } from "./fakes";
import { failureOf } from "../thrown";

const controlArn = "arn:aws:route53-recovery-control::111122223333:controlpanel/0123456789abcdef0123456789abcdef/routingcontrol/0123456789abcdef";
const endpoints = ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1", "ap-southeast-2"]
    .map((region) => ({ endpoint: `https://abcd1234.route53-recovery-cluster.${region}.amazonaws.com/v1`, region }));
const owner = parseStackOutputs("seoul", {
    region: "ap-northeast-2", url: "https://seoul-alb.example/", albDnsName: "seoul-alb.example",
    routingControlArn: controlArn, routingControlClusterEndpoints: endpoints,
});

describe("routing-control lever", () => {
    /** Every call that reached an endpoint that answered, in order. */
    let sent: { region: string; command: string; input: unknown }[];
    let state: RoutingControlState;
    let aws: AwsClients;
    /** Regions whose endpoint fails every call. */
    let down: Set<string>;

    beforeEach(() => {
        state = RoutingControlState.On;
        down = new Set();
        sent = [];
        aws = {
            route53: new Route53Client({ region: "us-east-1" }),
            globalAccelerator: new GlobalAcceleratorClient({ region: "us-west-2" }),
            recoveryCluster: (endpoint, region) => {
                const client = new Route53RecoveryClusterClient({ region, endpoint });
                const stub = mockClient(client);
                const fail = () => { throw Object.assign(new Error(`endpoint ${region} unreachable`), { name: "EndpointTemporarilyUnavailableException" }); };
                stub.on(GetRoutingControlStateCommand).callsFake((input: { RoutingControlArn: string }) => {
                    if (down.has(region)) fail();
                    sent.push({ region, command: "Get", input });
                    return { RoutingControlArn: input.RoutingControlArn, RoutingControlState: state };
                });
                stub.on(UpdateRoutingControlStateCommand).callsFake((input: { RoutingControlState: RoutingControlState }) => {
                    if (down.has(region)) fail();
                    sent.push({ region, command: "Update", input });
                    state = input.RoutingControlState;
                    return {};
                });
                return client;
            },
        };
    });

    const updates = () => sent.filter((call) => call.command === "Update");

    it("switches the region's control Off and back On through the first endpoint that answers", async () => {
        const clock = new FakeClock();
        const lever = new RoutingControlLever(aws, clock, owner, endpoints);
        expect(await lever.preflight()).to.deep.equal([{ id: "routing-control-lever:control", description: "the target's routing control is On", ok: true, detail: "state On", onFailure: "refuse-always" }]);
        const applied = await lever.apply();
        expect(state).to.equal("Off");
        expect(applied.effectiveAtMs.route53).to.be.a("number");
        await lever.restore();
        expect(state).to.equal("On");
        expect(await lever.verifyRestored()).to.deep.equal({ ok: true, detail: "routing control On (was On)" });
        expect(updates()).to.deep.equal([
            { region: "us-east-1", command: "Update", input: { RoutingControlArn: controlArn, RoutingControlState: "Off" } },
            { region: "us-east-1", command: "Update", input: { RoutingControlArn: controlArn, RoutingControlState: "On" } },
        ]);
    });

    it("tries each endpoint in turn when some are down, and remembers which failed", async () => {
        down = new Set(["us-east-1", "us-west-2"]);
        const lever = new RoutingControlLever(aws, new FakeClock(), owner, endpoints);
        await lever.apply();
        expect(state).to.equal("Off");
        expect(updates().map((call) => call.region)).to.deep.equal(["eu-west-1"]);
        expect(lever.failedEndpoints.filter((failure) => failure.startsWith("us-east-1"))).to.have.length.above(0);
        expect(lever.failedEndpoints[0]).to.match(/us-east-1: EndpointTemporarilyUnavailableException: endpoint us-east-1 unreachable/);
    });

    it("fails naming every endpoint when none answers, and changes nothing", async () => {
        down = new Set(endpoints.map((endpoint) => endpoint.region));
        const lever = new RoutingControlLever(aws, new FakeClock(), owner, endpoints);
        let failure: Error | undefined;
        await lever.apply().catch((error: Error) => { failure = error; });
        expect(failure?.message).to.match(/^no cluster endpoint answered \(us-east-1: .*; ap-southeast-2: .*\)$/);
        expect(state).to.equal("On");
    });

    it("puts back a control that was already Off, not On", async () => {
        state = RoutingControlState.Off;
        const lever = new RoutingControlLever(aws, new FakeClock(), owner, endpoints);
        expect((await lever.preflight())[0]).to.include({ ok: false, detail: "state Off" });
        await lever.apply();
        await lever.restore();
        expect(state).to.equal("Off");
        expect(lever.originals()).to.deep.equal({ routingControlState: "Off" });
    });

    it("records the control's state and the cluster's endpoints before any change, for the state file", async () => {
        const lever = new RoutingControlLever(aws, new FakeClock(), owner, endpoints);
        await lever.prepare();
        expect(updates()).to.deep.equal([]);
        expect(lever.savedState()).to.deep.equal({ originalState: "On", endpoints });
        expect(lever.originals()).to.deep.equal({ routingControlState: "On" });
        await lever.apply();
        // apply uses what prepare recorded: one read in all.
        expect(sent.filter((call) => call.command === "Get")).to.have.length(1);
        expect(state).to.equal("Off");
    });

    const plain = parseStackOutputs("tokyo", { region: "ap-northeast-1", url: "https://t/", albDnsName: "t" });
    it("says which control it switches and through how many endpoints, and plans the three steps", () => {
        const lever = new RoutingControlLever(aws, new FakeClock(), owner, endpoints);
        expect(lever.summary).to.equal(`switch routing control ${controlArn} of ap-northeast-2 Off through ARC's data plane (5 cluster endpoints, tried in turn)`);
        expect(lever.plan()).to.deep.equal([
            `GetRoutingControlState ${controlArn}: record the state (each call tries the 5 cluster endpoints in turn).`,
            "UpdateRoutingControlState Off: the region's RECOVERY_CONTROL check, and with it the records' combined check, turns unhealthy.",
            "Restore: UpdateRoutingControlState back to the recorded state.",
        ]);
    });

    it("without a routing control or endpoints: says (none), refuses naming what is missing, and writes placeholders by hand", async () => {
        const lever = new RoutingControlLever(aws, new FakeClock(), plain, []);
        expect(lever.summary).to.equal("switch routing control (none) of ap-northeast-1 Off through ARC's data plane (0 cluster endpoints, tried in turn)");
        expect(lever.plan()[0]).to.equal("GetRoutingControlState (none): record the state (each call tries the 0 cluster endpoints in turn).");
        const refusal = {
            id: "routing-control-lever:control", description: "the target has a routing control and the cluster's endpoints are known", ok: false, onFailure: "refuse-always",
        };
        expect(await lever.preflight()).to.deep.equal([{ ...refusal, detail: "stack tokyo has no routingControlArn output" }]);
        expect(await new RoutingControlLever(aws, new FakeClock(), owner, []).preflight()).to.deep.equal([{ ...refusal, detail: "no routingControlClusterEndpoints output on the owner stack" }]);
        expect(lever.manualRestore()).to.deep.equal([
            "aws route53-recovery-cluster update-routing-control-state --region <endpoint region> --endpoint-url <cluster endpoint> " +
            "--routing-control-arn <arn> --routing-control-state On (any of the cluster's endpoints will do)",
        ]);
        expect(sent).to.deep.equal([]);
    });

    it("names what it lacks when asked to switch anyway", async () => {
        expect((await failureOf(new RoutingControlLever(aws, new FakeClock(), owner, []).apply()))?.message).to.equal("no cluster endpoint answered (no endpoints)");
        // A missing ARN is said once, before any endpoint is tried.
        expect((await failureOf(new RoutingControlLever(aws, new FakeClock(), plain, endpoints.slice(0, 1)).apply()))?.message)
            .to.equal("stack tokyo has no routingControlArn output: deploy it with routingControls.enabled");
        const withoutClients = { route53: aws.route53, globalAccelerator: aws.globalAccelerator };
        expect((await failureOf(new RoutingControlLever(withoutClients, new FakeClock(), owner, endpoints).apply()))?.message)
            .to.equal("the routing-control lever needs Route 53 ARC cluster clients");
        expect(state).to.equal("On");
    });

    it("changes nothing and reads nothing back before apply", async () => {
        const clock = new FakeClock();
        const lever = new RoutingControlLever(aws, clock, owner, endpoints);
        expect(await lever.restore()).to.deep.equal({ startedAtMs: clock.startMs, finishedAtMs: clock.startMs, effectiveAtMs: {} });
        expect(await lever.verifyRestored()).to.deep.equal({ ok: true, detail: "nothing was changed" });
        expect(await lever.assess()).to.deep.equal([]);
        expect(sent).to.deep.equal([]);
    });

    it("reads back a control that is Off again after the restore as not restored", async () => {
        const lever = new RoutingControlLever(aws, new FakeClock(), owner, endpoints);
        await lever.apply();
        await lever.restore();
        state = RoutingControlState.Off;
        expect(await lever.verifyRestored()).to.deep.equal({ ok: false, detail: "routing control Off (was On)" });
    });

    it("reads a control that was Off before the drill as restored when it is Off again", async () => {
        state = RoutingControlState.Off;
        const lever = new RoutingControlLever(aws, new FakeClock(), owner, endpoints);
        await lever.apply();
        await lever.restore();
        expect(await lever.verifyRestored()).to.deep.equal({ ok: true, detail: "routing control Off (was Off)" });
    });

    it("names the control still Off when no endpoint answers the restore", async () => {
        const lever = new RoutingControlLever(aws, new FakeClock(), owner, endpoints.slice(0, 1));
        await lever.apply();
        down = new Set(["us-east-1"]);
        expect((await failureOf(lever.restore()))?.message).to.equal(
            `restore failed: routing control ${controlArn} is still Off ` +
            "(no cluster endpoint answered (us-east-1: EndpointTemporarilyUnavailableException: endpoint us-east-1 unreachable))",
        );
        expect(state).to.equal("Off");
    });

    it("rebuilt from a state file, puts back the recorded state without reading it again", async () => {
        state = RoutingControlState.Off;
        const lever = RoutingControlLever.resume(aws, new FakeClock(), owner, { originalState: "Off", endpoints });
        await lever.prepare();
        expect(sent).to.deep.equal([]);
        await lever.restore();
        expect(sent).to.deep.equal([{ region: "us-east-1", command: "Update", input: { RoutingControlArn: controlArn, RoutingControlState: "Off" } }]);
    });

    it("refuses a state file that names no cluster endpoints", () => {
        expect(() => RoutingControlLever.resume(aws, new FakeClock(), owner, { originalState: "On" })).to.throw("the state file's routing-control lever names no cluster endpoints");
        expect(() => RoutingControlLever.resume(aws, new FakeClock(), owner, { originalState: "On", endpoints: [] })).to.throw("the state file's routing-control lever names no cluster endpoints");
    });

    describe("drill restore of a dead drill", () => {
        let world: ReturnType<typeof fakeDrill>;
        afterEach(() => world.restore());

        it("switches the control back through the state file's endpoints, trying each in turn, releases the lock, and is idempotent", async () => {
            // A member stack: its outputs name its control but not the cluster's endpoints (only the owner's do).
            const member = parseStackOutputs("tokyo", { region: "ap-northeast-1", url: "https://tokyo-alb.example/", albDnsName: "tokyo-alb.example", routingControlArn: controlArn });
            world = fakeDrill();
            const clock = new FakeClock();
            const lever = new RoutingControlLever(aws, clock, member, endpoints);
            await lever.prepare();
            const lock = new Route53DrillLock(world.world.route53, { hostedZoneId, zoneName: "example.com" });
            const holder = { id: "dead-drill", target: "tokyo", lever: "routing-control", startedAt: "2025-06-01T00:00:00.000Z", expiresAt: "2025-06-01T01:00:00.000Z", by: "tester" };
            expect(await lock.acquire(holder)).to.deep.equal({ acquired: true });
            // A state file of format 1 (an older version of the tool), kept on this machine only.
            const stateFile = path.join(temporaryDirectory(), "state.json");
            fs.writeFileSync(stateFile, JSON.stringify({
                schemaVersion: 1, project: "app", lever: "routing-control", target: member, stacks: ["seoul", "tokyo"],
                originals: lever.originals(), leverState: lever.savedState(), manualRestore: lever.manualRestore(),
                lock: { location: lock.location, id: holder.id, value: lockValue(holder) }, stage: "applying", startedAt: holder.startedAt, updatedAt: holder.startedAt,
            }));
            await lever.apply();
            // The process dies here, with the control Off; then the first endpoint goes down too.
            down = new Set(["us-east-1"]);
            const deps = { aws: { ...aws, route53: world.world.route53 }, automation: world.automation, clock, progress: world.progress, stateFile };
            expect(await resumeRestore(deps)).to.equal(0);
            expect(state).to.equal("On");
            expect(updates().at(-1)).to.deep.equal({ region: "us-west-2", command: "Update", input: { RoutingControlArn: controlArn, RoutingControlState: "On" } });
            expect(world.progress.events).to.include(`  routing control ${controlArn}: was On, the drill set Off, now Off: still as the drill set it: restoring`);
            expect(fs.existsSync(stateFile)).to.equal(false);
            expect(world.world.recordSets.size, "the drill lock").to.equal(0);
            const count = updates().length;
            expect(await resumeRestore(deps)).to.equal(0);
            expect(updates()).to.have.length(count);
        });
    });

    it("refuses without a routing control or cluster endpoints, and writes a manual restore that names an endpoint", async () => {
        const plain = parseStackOutputs("tokyo", { region: "ap-northeast-1", url: "https://t/", albDnsName: "t" });
        expect((await new RoutingControlLever(aws, new FakeClock(), plain, endpoints).preflight())[0]).to.include({ ok: false, onFailure: "refuse-always" });
        expect((await new RoutingControlLever(aws, new FakeClock(), owner, []).preflight())[0]).to.include({ ok: false, onFailure: "refuse-always" });
        expect(new RoutingControlLever(aws, new FakeClock(), owner, endpoints).manualRestore()[0])
            .to.include(`--region us-east-1 --endpoint-url ${endpoints[0].endpoint} --routing-control-arn ${controlArn} --routing-control-state On`);
    });
});

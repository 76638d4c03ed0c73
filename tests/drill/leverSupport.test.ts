/**
 * What the levers share (drill/levers/lever.ts) and how they are built (drill/levers/make.ts):
 * the state read once or taken from a state file, the timing of a Route 53 change and its
 * failure, the routing-control lever getting the cluster's endpoints from the owner stack, and
 * `drill restore` refusing a lever it does not know. Plain unit tests: the reads and calls are
 * counted by hand-written stubs, and no AWS call is made.
 */
import { GlobalAcceleratorClient } from "@aws-sdk/client-global-accelerator";
import { Route53Client } from "@aws-sdk/client-route-53";
import { expect } from "chai";
import { parseStackOutputs } from "../../drill/clients/outputs";
import { LeverDependencies, makeLever, resumeLever } from "../../drill/levers/make";
import { RememberedState, standingOf, timedRoute53Change } from "../../drill/levers/lever";
import { FakeClock, fakeDrill } from "./fakes";

describe("lever support", () => {
    it("tells a value's standing: unreadable without a reading, else original, the drill's, or changed by someone", () => {
        expect(standingOf("1", "0", undefined)).to.equal("unreadable");
        expect(standingOf("1", "0", "1")).to.equal("original");
        expect(standingOf("1", "0", "0")).to.equal("drill");
        expect(standingOf("1", "0", "3")).to.equal("changed");
    });

    describe("remembered state", () => {
        it("reads the state the first time only", async () => {
            const reads: string[] = [];
            const remembered = new RememberedState<string>(async () => {
                reads.push("read");
                return reads.length === 1 ? "On" : "Off";
            });
            await remembered.remember();
            await remembered.remember();
            expect(remembered.original).to.equal("On");
            expect(reads).to.deep.equal(["read"]);
        });

        it("takes a state file's value, even an unknown one, instead of reading", async () => {
            let reads = 0;
            const remembered = new RememberedState<string>(async () => {
                reads++;
                return "Off";
            });
            remembered.resume(undefined);
            await remembered.remember();
            expect(remembered.original).to.equal(undefined);
            expect(reads).to.equal(0);
        });
    });

    describe("a timed Route 53 change", () => {
        const throttled = () => Object.assign(new Error("Rate exceeded"), { name: "Throttling" });

        it("passes the service's error on unchanged when nothing is out yet", async () => {
            const error = throttled();
            const failure = await timedRoute53Change(new FakeClock(), async () => { throw error; }).then(() => undefined, (caught: unknown) => caught);
            expect(failure).to.equal(error);
        });

        it("names what is still out when a restoring change fails", async () => {
            const failure = await timedRoute53Change(new FakeClock(), async () => { throw throttled(); }, "alarm a may stay in ALARM")
                .then(() => undefined, (caught: Error) => caught);
            expect(failure?.message).to.equal("restore failed: alarm a may stay in ALARM (Rate exceeded)");
        });
    });

    describe("building levers", () => {
        const controlArn = "arn:aws:route53-recovery-control::111122223333:controlpanel/0123456789abcdef0123456789abcdef/routingcontrol/0123456789abcdef";
        const clusterEndpoints = [
            { endpoint: "https://abcd1234.route53-recovery-cluster.us-east-1.amazonaws.com/v1", region: "us-east-1" },
            { endpoint: "https://abcd1234.route53-recovery-cluster.us-west-2.amazonaws.com/v1", region: "us-west-2" },
        ];
        // A member stack names its control only; the owner stack also names the cluster's endpoints.
        const member = parseStackOutputs("tokyo", { region: "ap-northeast-1", url: "https://tokyo-alb.example/", albDnsName: "tokyo-alb.example", routingControlArn: controlArn });
        const owner = parseStackOutputs("seoul", {
            region: "ap-northeast-2", url: "https://seoul-alb.example/", albDnsName: "seoul-alb.example",
            routingControlArn: controlArn, routingControlClusterEndpoints: clusterEndpoints,
        });
        let world: ReturnType<typeof fakeDrill>;
        let deps: LeverDependencies;
        beforeEach(() => {
            world = fakeDrill();
            deps = {
                aws: { route53: new Route53Client({ region: "us-east-1" }), globalAccelerator: new GlobalAcceleratorClient({ region: "us-west-2" }) },
                automation: world.automation, clock: world.clock, progress: world.progress,
            };
        });
        afterEach(() => world.restore());

        it("gives the routing-control lever of a member stack the owner stack's cluster endpoints", () => {
            const lever = makeLever("routing-control", deps, member, [member, owner]);
            expect(lever.savedState?.()).to.deep.equal({ originalState: null, endpoints: clusterEndpoints });
            expect(lever.summary).to.equal(`switch routing control ${controlArn} of ap-northeast-1 Off through ARC's data plane (2 cluster endpoints, tried in turn)`);
        });

        it("refuses to resume a lever this version does not know, pointing at the manual restore", () => {
            expect(() => resumeLever("weighted", deps, member, {})).to.throw(
                "the state file names lever weighted, which this version of the drill tool cannot restore; restore by hand with the state file's manualRestore commands",
            );
            // The alarm lever is gone: SetAlarmState never moved Route 53 (it follows the alarm's data), and CloudWatch undoes it by itself.
            expect(() => resumeLever("alarm", deps, member, {})).to.throw("the state file names lever alarm, which this version of the drill tool cannot restore");
        });
    });
});

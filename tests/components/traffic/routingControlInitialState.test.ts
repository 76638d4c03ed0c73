/**
 * A new routing control's first state (case 3 of issue 19): ARC creates controls Off; the deploy
 * turns each new one On through the cluster's data plane, and never touches a control a health
 * check already follows. Driven through the provider's own create and diff with the fake ARC
 * cluster (tests/recoveryCluster.ts) and an injected sleep.
 */
import { RoutingControlState } from "@aws-sdk/client-route53-recovery-cluster";
import { expect } from "chai";
import {
    initialStateProvider, initialStateRetry, InitialStateClients, RoutingControlInitialStateInputs, setInitialState,
} from "../../../components/traffic/routingControlInitialState";
import { clusterEndpoints, controlArn, FakeRecoveryCluster } from "../../recoveryCluster";
import { failureOf } from "../../thrown";

describe("RoutingControlInitialState", () => {
    let arc: FakeRecoveryCluster;
    let sleeps: number[];
    let clients: InitialStateClients;
    const arn = controlArn("0000000000000001");
    const inputs: RoutingControlInitialStateInputs = { routingControlArn: arn, clusterEndpoints, state: RoutingControlState.On };

    beforeEach(() => {
        arc = new FakeRecoveryCluster();
        sleeps = [];
        clients = { cluster: arc.clientFor, route53: arc.route53, sleep: async (ms) => { sleeps.push(ms); } };
        // ARC creates routing controls Off.
        arc.states.set(arn, RoutingControlState.Off);
    });

    it("turns a new control On through the first endpoint that answers, and reads it back", async () => {
        arc.down.add("us-east-1");
        arc.endpointCheck();
        const outcome = await setInitialState(inputs, clients);
        expect(outcome).to.deep.equal({ action: "turned-on", stateBefore: "Off", stateAfter: "On", followedBy: [] });
        expect(arc.states.get(arn)).to.equal("On");
        expect(arc.calls("Update")).to.deep.equal([{ region: "us-west-2", input: { RoutingControlArn: arn, RoutingControlState: "On" } }]);
    });

    it("waits while the new control has not reached the data plane, within its bounded retries", async () => {
        // A control not found is the cluster's answer, which another endpoint would repeat: each attempt asks one endpoint, three before the control is there.
        arc.propagating.set(arn, 3);
        expect((await setInitialState(inputs, clients)).action).to.equal("turned-on");
        expect(sleeps).to.deep.equal([initialStateRetry.waitMs, initialStateRetry.waitMs, initialStateRetry.waitMs]);
        expect(arc.calls("Get").slice(0, 3).map((call) => call.region)).to.deep.equal(["us-east-1", "us-east-1", "us-east-1"]);
    });

    it("gives up after its last retry, naming the cluster's answer", async () => {
        arc.propagating.set(arn, initialStateRetry.attempts);
        const failure = await failureOf(setInitialState(inputs, clients));
        expect(failure?.message).to.match(/^the routing-control cluster refused at its us-east-1 endpoint: ResourceNotFoundException: .*none was tried$/);
        expect(sleeps).to.have.length(initialStateRetry.attempts - 1);
        expect(arc.states.get(arn)).to.equal("Off");
    });

    it("fails at once on a refusal no retry can cure (a missing permission)", async () => {
        arc.denied.add("Update");
        const failure = await failureOf(setInitialState(inputs, clients));
        expect(failure?.message).to.include("AccessDeniedException");
        expect(sleeps).to.deep.equal([]);
    });

    it("leaves a control that a health check already follows as it is: an Off there is an operator's, even on a later page", async () => {
        arc.pageSize = 2;
        arc.endpointCheck();
        arc.endpointCheck();
        arc.follow(arn, "hc-recovery");
        const outcome = await setInitialState(inputs, clients);
        expect(outcome).to.deep.equal({ action: "left-alone", stateBefore: "Off", stateAfter: "Off", followedBy: ["hc-recovery"] });
        expect(arc.calls("Update")).to.deep.equal([]);
        expect(arc.states.get(arn)).to.equal("Off");
    });

    it("changes nothing on a control that is already On", async () => {
        arc.states.set(arn, RoutingControlState.On);
        expect((await setInitialState(inputs, clients)).action).to.equal("already-on");
        expect(arc.calls("Update")).to.deep.equal([]);
    });

    describe("the dynamic provider", () => {
        const provider = () => initialStateProvider(() => clients);

        it("sets the first state on create and returns what it did", async () => {
            const created = await provider().create!(inputs);
            expect(created.outs).to.deep.include({ routingControlArn: arn, action: "turned-on", stateBefore: "Off" });
            expect(arc.states.get(arn)).to.equal("On");
        });

        it("never updates: a new ARN (a new control) replaces it, and nothing else is a change", async () => {
            const diff = provider().diff!;
            expect(await diff("id", inputs, { ...inputs, clusterEndpoints: [...clusterEndpoints].reverse() })).to.deep.equal({ changes: false, replaces: [] });
            expect(await diff("id", inputs, { ...inputs, routingControlArn: controlArn("0000000000000002") })).to.deep.equal({ changes: true, replaces: ["routingControlArn"] });
            expect(provider().update).to.equal(undefined);
            expect(provider().delete).to.equal(undefined);
        });
    });
});

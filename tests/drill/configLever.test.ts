/**
 * The config lever (`--lever config`) on its own: what it asks the Automation API for (config
 * reads and writes, the checkpoint, a targeted preview and `pulumi up`), what it records and
 * saves for `drill restore`, how it times each path from the engine's resource events, and how
 * it reads the switch back.
 *
 * The stack is a small stateful fake of the Automation API, written out here: its config, its
 * checkpoint (the stack, a VPC, the health check and the endpoint group), and an `up` that runs
 * the program: with `drill.simulateOutage` true the health check and the endpoint group carry
 * the outage. Each resource step takes 10 s on a stepping clock; `up` reports `update` for a
 * resource it changes and `same` for the rest (untargeted resources, the stack, the provider),
 * sets the `simulateOutage` output when it succeeds, and can fail after a given resource.
 */
import { expect } from "chai";
import { Clock, DeploymentSnapshot, StackAutomation, UpListener } from "../../drill/clients/types";
import { DeployedRegion } from "../../drill/clients/outputs";
import { ConfigLever } from "../../drill/levers/configLever";
import { Account, deployedRegion } from "./account";
import { RecordingProgress } from "./fakes";
import { failureOf } from "../thrown";

const healthCheckType = "aws:route53/healthCheck:HealthCheck";
const endpointGroupType = "aws:globalaccelerator/endpointGroup:EndpointGroup";
const base = "urn:pulumi:seoul::multi-region-alb::app:traffic:RegionalTraffic$";
const healthCheckUrn = `${base}aws:route53/healthCheck:HealthCheck::seoul-hc`;
const endpointGroupUrn = `${base}aws:globalaccelerator/endpointGroup:EndpointGroup::seoul-eg`;
const stackUrn = "urn:pulumi:seoul::multi-region-alb::pulumi:pulumi:Stack::multi-region-alb-seoul";
const vpcUrn = "urn:pulumi:seoul::multi-region-alb::aws:ec2/vpc:Vpc::seoul-vpc";

/** Time moves only when something sleeps. */
class SteppingClock implements Clock {
    private time = 0;
    now(): number {
        return this.time;
    }
    async sleep(ms: number): Promise<void> {
        this.time += ms;
    }
}

interface Resource {
    readonly urn: string;
    readonly type: string;
    /** For the health check and the endpoint group: whether they carry the outage now. */
    outage: boolean;
}

/** The seoul stack behind the Automation API. */
class Stack implements StackAutomation {
    readonly calls: string[] = [];
    readonly config: Record<string, string> = {};
    /** The `simulateOutage` output of the last successful update. */
    deployedOutage = false;
    /** Make the next `up` fail once it has finished the resource of this type. */
    failAfter?: string;
    /** The checkout pins a newer AWS provider: `up` updates the provider too. */
    providerChanged = false;
    /** The engine sends no summary event, so the preview's change summary is empty. */
    summaryMissing = false;

    constructor(private readonly clock: Clock, readonly resources: Resource[]) {}

    private check(stack: string): void {
        if (stack !== "seoul") {
            throw new Error(`no stack named ${stack}`);
        }
    }

    private switched(resource: Resource): boolean {
        return resource.type === healthCheckType || resource.type === endpointGroupType;
    }

    async outputs(stack: string): Promise<Record<string, unknown>> {
        this.check(stack);
        this.calls.push("outputs");
        return { region: "ap-northeast-2", simulateOutage: this.deployedOutage };
    }

    async getConfig(stack: string, key: string): Promise<string | undefined> {
        this.check(stack);
        this.calls.push(`getConfig ${key}`);
        return this.config[key];
    }

    async setConfig(stack: string, key: string, value: string): Promise<void> {
        this.check(stack);
        this.calls.push(`setConfig ${key} ${value}`);
        this.config[key] = value;
    }

    async removeConfig(stack: string, key: string): Promise<void> {
        this.check(stack);
        this.calls.push(`removeConfig ${key}`);
        delete this.config[key];
    }

    async exportDeployment(stack: string): Promise<DeploymentSnapshot> {
        this.check(stack);
        this.calls.push("exportDeployment");
        return { resources: this.resources.map(({ urn, type }) => ({ urn, type, outputs: {} })), pendingOperations: [] };
    }

    async lastUpdate(): Promise<undefined> {
        return undefined;
    }

    /** Whether `up` would change the resource. */
    private changes(resource: Resource, targets: readonly string[] | undefined): boolean {
        const targeted = targets === undefined || targets.includes(resource.urn);
        return targeted && this.switched(resource) && resource.outage !== (this.config["drill.simulateOutage"] === "true");
    }

    async preview(stack: string, targets?: readonly string[]): Promise<{ changes: number; summary: Record<string, number> }> {
        this.check(stack);
        this.calls.push(`preview ${(targets ?? []).join(" ")}`);
        const listed = this.resources.filter((resource) => targets === undefined || targets.includes(resource.urn));
        const update = listed.filter((resource) => this.changes(resource, targets)).length;
        const same = listed.length - update;
        if (this.summaryMissing) {
            return { changes: update, summary: {} };
        }
        return { changes: update, summary: { ...(same > 0 ? { same } : {}), ...(update > 0 ? { update } : {}) } };
    }

    async up(stack: string, listener: UpListener, targets?: readonly string[]): Promise<void> {
        this.check(stack);
        this.calls.push(`up ${(targets ?? []).join(" ")}`);
        const outage = this.config["drill.simulateOutage"] === "true";
        listener.onOutput("Updating (seoul)");
        listener.onResourceStarted?.("pulumi:providers:aws", this.providerChanged ? "update" : "same");
        listener.onResourceDone("pulumi:providers:aws", this.providerChanged ? "update" : "same");
        for (const resource of this.resources) {
            const operation = this.changes(resource, targets) ? "update" : "same";
            if (resource.urn !== stackUrn) {
                await this.clock.sleep(10_000);
            }
            listener.onResourceStarted?.(resource.type, operation);
            if (operation === "update") {
                resource.outage = outage;
            }
            listener.onResourceDone(resource.type, operation);
            if (this.failAfter === resource.type) {
                this.failAfter = undefined;
                throw new Error("pulumi up failed: error: update failed");
            }
        }
        this.deployedOutage = outage;
        listener.onOutput("Resources: 2 updated, 2 unchanged");
    }
}

function seoul(extra: Partial<DeployedRegion>): DeployedRegion {
    return deployedRegion("seoul", "ap-northeast-2", extra);
}

const both = seoul({ healthCheckId: "hc-seoul-0001", endpointGroupArn: "arn:aws:globalaccelerator::111122223333:accelerator/abcd/listener/0001/endpoint-group/seoul" });
const checkOnly = seoul({ healthCheckId: "hc-seoul-0001" });

describe("config lever", () => {
    let clock: SteppingClock;
    let stack: Stack;
    let progress: RecordingProgress;

    beforeEach(() => {
        clock = new SteppingClock();
        progress = new RecordingProgress();
        stack = new Stack(clock, [
            { urn: stackUrn, type: "pulumi:pulumi:Stack", outage: false },
            { urn: vpcUrn, type: "aws:ec2/vpc:Vpc", outage: false },
            { urn: healthCheckUrn, type: healthCheckType, outage: false },
            { urn: endpointGroupUrn, type: endpointGroupType, outage: false },
        ]);
    });

    const lever = (target: DeployedRegion = both) => new ConfigLever(stack, clock, progress, target);
    describe("what it says it will do", () => {
        it("summarises and plans the switch, the targeted update and what the program changes", () => {
            const subject = lever();
            expect(subject.summary).to.equal(
                "pulumi config set drill.simulateOutage true on stack seoul, then pulumi up --target " +
                "(invert the region's Route 53 health check and dial its Global Accelerator endpoint group to 0)",
            );
            expect(subject.plan()).to.deep.equal([
                "Record the current value of drill.simulateOutage on stack seoul and the URNs of the resources it changes.",
                "Set drill.simulateOutage = true (Pulumi.seoul.yaml) and run pulumi up limited to those resources: " +
                "the program will invert the region's Route 53 health check and dial its Global Accelerator endpoint group to 0.",
                "Restore: put drill.simulateOutage back as it was (remove it when it was unset) and run the same targeted pulumi up.",
            ]);
        });

        it("names only the health check when the stack has no endpoint group", () => {
            const subject = lever(checkOnly);
            expect(subject.summary).to.equal("pulumi config set drill.simulateOutage true on stack seoul, then pulumi up --target (invert the region's Route 53 health check)");
            expect(subject.plan()[1]).to.equal(
                "Set drill.simulateOutage = true (Pulumi.seoul.yaml) and run pulumi up limited to those resources: the program will invert the region's Route 53 health check.",
            );
        });

        it("before it has read the stack, saves no targets and would remove the unset key by hand", () => {
            const subject = lever();
            expect(subject.savedState()).to.deep.equal({ original: null, targets: [] });
            expect(subject.originals()).to.deep.equal({ "drill.simulateOutage": null });
            expect(subject.manualRestore()).to.deep.equal(["pulumi config rm drill.simulateOutage --stack seoul", "pulumi up --stack seoul"]);
            expect(stack.calls).to.deep.equal([]);
        });
    });

    describe("preflight", () => {
        it("checks that the key is not already true and that the targeted preview is clean", async () => {
            expect(await lever().preflight()).to.deep.equal([
                { id: "config-not-set", description: "drill.simulateOutage is not already true on seoul", ok: true, detail: "current value: (unset)", onFailure: "refuse-always" },
                {
                    id: "targets-in-sync",
                    description: "pulumi preview --target of seoul's health check and endpoint group shows no pending changes (the drill's update must change only the switch)",
                    ok: true, detail: "same 2", onFailure: "refuse-always",
                },
            ]);
            expect(stack.calls).to.deep.equal([
                "getConfig drill.simulateOutage", "getConfig drill.simulateOutage", "exportDeployment", `preview ${endpointGroupUrn} ${healthCheckUrn}`,
            ]);
        });

        it("shows the key's current value, and refuses when it is already true", async () => {
            stack.config["drill.simulateOutage"] = "false";
            expect((await lever().preflight())[0]).to.deep.include({ ok: true, detail: "current value: false" });
            stack.config["drill.simulateOutage"] = "true";
            const [check] = await lever().preflight();
            expect(check).to.deep.include({ ok: false, detail: "current value: true" });
        });

        it("says no resources when the engine reports no change summary", async () => {
            stack.summaryMissing = true;
            expect((await lever().preflight())[1]).to.deep.include({ ok: true, detail: "no resources" });
        });
    });

    describe("recording the originals", () => {
        it("reads the key and the checkpoint once and keeps the sorted URNs of the health check and endpoint group", async () => {
            stack.config["drill.simulateOutage"] = "false";
            const subject = lever();
            await subject.prepare();
            await subject.prepare();
            expect(stack.calls).to.deep.equal(["getConfig drill.simulateOutage", "exportDeployment"]);
            expect(subject.savedState()).to.deep.equal({ original: "false", targets: [endpointGroupUrn, healthCheckUrn] });
        });

        it("refuses a stack without a health check or an endpoint group and changes nothing", async () => {
            stack.resources.splice(2, 2);
            const failure = await failureOf(lever().apply());
            expect(failure?.message).to.equal("stack seoul has no health check or endpoint group for the config lever to change");
            expect(stack.calls).to.deep.equal(["getConfig drill.simulateOutage", "exportDeployment"]);
        });
    });

    describe("taking the region out and putting it back", () => {
        it("times each path from the start of its resource's step, not from other resources' steps", async () => {
            stack.providerChanged = true;
            const subject = lever();
            expect(await subject.apply()).to.deep.equal({ startedAtMs: 0, finishedAtMs: 30_000, effectiveAtMs: { route53: 20_000, globalAccelerator: 30_000 } });
            expect(stack.calls.slice(2)).to.deep.equal(["setConfig drill.simulateOutage true", `up ${endpointGroupUrn} ${healthCheckUrn}`]);
            expect(stack.resources.map((resource) => resource.outage)).to.deep.equal([false, false, true, true]);
        });

        it("after an update that failed past the health check, times only the health check's way back", async () => {
            stack.failAfter = healthCheckType;
            const subject = lever();
            const failure = await failureOf(subject.apply());
            expect(failure?.message).to.equal("pulumi up failed: error: update failed");
            const restored = await subject.restore();
            // The endpoint group never changed: its step is `same` and takes nothing back.
            expect(restored).to.deep.equal({ startedAtMs: 20_000, finishedAtMs: 50_000, effectiveAtMs: { route53: 40_000 } });
            expect(stack.calls.slice(2)).to.deep.equal([
                "setConfig drill.simulateOutage true", `up ${endpointGroupUrn} ${healthCheckUrn}`,
                "removeConfig drill.simulateOutage", `up ${endpointGroupUrn} ${healthCheckUrn}`,
            ]);
            expect(await subject.verifyRestored()).to.deep.equal({ ok: true, detail: "drill.simulateOutage is (unset) (was (unset)); output simulateOutage is false" });
        });
    });

    describe("a guard that trips while the outage's update runs", () => {
        it("puts back through the SDK each value the running update changes afterwards, and nothing for a step that changed nothing", async () => {
            const account = new Account();
            account.healthChecks.set("hc-seoul-0001", { inverted: false, version: 7 });
            account.endpointGroups.set("arn:aws:globalaccelerator::111122223333:accelerator/abcd/listener/0001/endpoint-group/seoul", { dial: 100, endpoints: ["alb"] });
            const subject = new ConfigLever(stack, clock, progress, both, account.aws);
            // The endpoint group already carries the outage: its step in the update is `same`.
            stack.resources.find((resource) => resource.urn === endpointGroupUrn)!.outage = true;
            const up = stack.up.bind(stack);
            let tripped = false;
            // The update changes the provider too (a resource of no lever path: nothing to put back for it).
            stack.providerChanged = true;
            stack.up = (name, listener, targets) => up(name, {
                ...listener,
                onResourceStarted: (type, operation) => {
                    if (!tripped) {
                        // A guard trips as the update's first step (the provider's) starts.
                        tripped = true;
                        void subject.urgentRestore();
                    }
                    listener.onResourceStarted?.(type, operation);
                },
            }, targets);
            await subject.apply();
            await subject.restore();
            expect(progress.events.filter((line) => line.includes("again"))).to.deep.equal([
                "  the running update changed aws:route53/healthCheck:HealthCheck again; put back through the SDK 10 s later",
            ]);
            // The urgent restore, then once more after the health check's step changed it again (the two overlap): every value back each time.
            expect(account.calls.filter(([command]) => command.startsWith("Update")).map(([command, input]) => `${command} ${String(input.Inverted ?? input.TrafficDialPercentage)}`).sort()).to.deep.equal([
                "UpdateEndpointGroup 100", "UpdateEndpointGroup 100", "UpdateHealthCheck false", "UpdateHealthCheck false",
            ]);
        });
    });

    describe("reading back after restoring", () => {
        it("confirms an explicit original value", async () => {
            stack.config["drill.simulateOutage"] = "false";
            const subject = lever();
            await subject.apply();
            await subject.restore();
            expect(await subject.verifyRestored()).to.deep.equal({ ok: true, detail: "drill.simulateOutage is false (was false); output simulateOutage is false" });
        });

        it("finds a key left at false where it was unset", async () => {
            const subject = lever();
            await subject.apply();
            await subject.restore();
            stack.config["drill.simulateOutage"] = "false";
            expect(await subject.verifyRestored()).to.deep.equal({ ok: false, detail: "drill.simulateOutage is false (was (unset)); output simulateOutage is false" });
        });

        it("finds the outage still deployed when the restoring update failed", async () => {
            const subject = lever();
            await subject.apply();
            stack.failAfter = healthCheckType;
            await failureOf(subject.restore());
            expect(await subject.verifyRestored()).to.deep.equal({ ok: false, detail: "drill.simulateOutage is (unset) (was (unset)); output simulateOutage is true" });
        });
    });

    describe("drill restore from a state file", () => {
        const resume = (saved: Record<string, unknown>) => ConfigLever.resume(stack, clock, progress, both, saved);

        it("puts the key back as the state file recorded it, with the saved targets, without reading the stack first", async () => {
            // The dead drill's outage is deployed.
            stack.config["drill.simulateOutage"] = "true";
            stack.deployedOutage = true;
            stack.resources.forEach((resource) => { resource.outage = true; });
            const subject = resume({ original: null, targets: [endpointGroupUrn, healthCheckUrn] });
            await subject.prepare();
            expect(stack.calls).to.deep.equal([]);
            expect(subject.manualRestore()).to.deep.equal([
                "pulumi config rm drill.simulateOutage --stack seoul",
                `pulumi up --stack seoul --target '${endpointGroupUrn}' --target '${healthCheckUrn}'`,
            ]);
            await subject.restore();
            expect(stack.calls).to.deep.equal(["removeConfig drill.simulateOutage", `up ${endpointGroupUrn} ${healthCheckUrn}`]);
            expect(await subject.verifyRestored()).to.deep.equal({ ok: true, detail: "drill.simulateOutage is (unset) (was (unset)); output simulateOutage is false" });
        });

        it("with the SDK clients: a state of format 1 (no values) assesses the key alone; one with values assesses them too, and a restore of the key alone is refused", async () => {
            const account = new Account();
            account.healthChecks.set("hc-seoul-0001", { inverted: true, version: 8 });
            stack.config["drill.simulateOutage"] = "true";
            const standings = async (subject: ConfigLever) => (await subject.assess()).map(({ key, name, original, drillValue, current, standing }) => [key, name, original, drillValue, current, standing]);
            const old = ConfigLever.resume(stack, clock, progress, checkOnly, { original: null, targets: [healthCheckUrn] }, account.aws);
            expect(await standings(old)).to.deep.equal([["config", "drill.simulateOutage on stack seoul", "(unset)", "true", "true", "drill"]]);
            expect(old.savedState(), "no SDK values to save").to.deep.equal({ original: null, targets: [healthCheckUrn] });
            const recorded = ConfigLever.resume(stack, clock, progress, checkOnly,
                { original: "false", targets: [healthCheckUrn], values: { originalInverted: false, originalDial: null, originalEndpoints: null, version: 7, appliedVersions: { inverted: 8 } } }, account.aws);
            expect(await standings(recorded)).to.deep.equal([
                ["config", "drill.simulateOutage on stack seoul", "false", "true", "true", "drill"],
                ["inverted", "health check hc-seoul-0001 Inverted", "false", "true", "true", "drill"],
            ]);
            expect(recorded.savedState()).to.deep.equal({
                original: "false", targets: [healthCheckUrn], values: { originalInverted: false, originalDial: null, originalEndpoints: null, version: 7, appliedVersions: { inverted: 8 } },
            });
            expect((await failureOf(recorded.restore(new Set(["config"]))))?.message).to.equal("the config lever restores through a targeted pulumi up, which would also put back " +
                "health check hc-seoul-0001 Inverted (now true); restore by hand, or run drill restore --force to put every value back as it was before the drill");
            expect(stack.calls.filter((call) => !call.startsWith("getConfig")), "nothing was changed").to.deep.equal([]);
            stack.config["drill.simulateOutage"] = "false";
            expect((await standings(recorded))[0]).to.deep.equal(["config", "drill.simulateOutage on stack seoul", "false", "true", "false", "original"]);
            delete stack.config["drill.simulateOutage"];
            expect((await standings(recorded))[0]).to.deep.equal(["config", "drill.simulateOutage on stack seoul", "false", "true", "(unset)", "original"]);
            stack.getConfig = async () => {
                throw new Error("no stack named seoul");
            };
            expect((await standings(recorded))[0]).to.deep.equal(["config", "drill.simulateOutage on stack seoul", "false", "true", "unreadable: no stack named seoul", "unreadable"]);
        });

        it("refuses a state file that names no target resources", () => {
            expect(() => resume({ original: null })).to.throw("the state file's config lever names no target resources");
            expect(() => resume({ original: "false", targets: [] })).to.throw("the state file's config lever names no target resources");
        });
    });
});

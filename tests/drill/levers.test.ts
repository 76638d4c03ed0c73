/** The levers on their own: what they record, what they restore, and restoring after a partial apply. */
import { UpdateEndpointGroupCommand } from "@aws-sdk/client-global-accelerator";
import { UpdateHealthCheckCommand } from "@aws-sdk/client-route-53";
import { expect } from "chai";
import { parseStackOutputs } from "../../drill/clients/outputs";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { InputError } from "../../domain/exitCodes";
import { groupedPulumiCommand } from "../../drill/clients/pulumiProcess";
import { AutomationStack, LocalWorkspaceAutomation } from "../../drill/clients/realAutomation";
import { ConfigLever } from "../../drill/levers/configLever";
import { HealthCheckLever } from "../../drill/levers/healthCheckLever";
import { FakeAutomation, fakeDrill } from "./fakes";

describe("drill levers", () => {
    let drill: ReturnType<typeof fakeDrill>;
    afterEach(() => drill.restore());

    describe("config lever", () => {
        const seoul = () => parseStackOutputs("seoul", drill.world.outputs("seoul", false));
        const targets = () => [FakeAutomation.urns("seoul").endpointGroup, FakeAutomation.urns("seoul").healthCheck].join(" ");

        it("puts an explicit original value back rather than removing the key", async () => {
            drill = fakeDrill();
            drill.automation.config.seoul["drill.simulateOutage"] = "false";
            const lever = new ConfigLever(drill.automation, drill.clock, drill.progress, seoul());
            const applied = await lever.apply();
            expect(drill.world.isInverted("seoul")).to.equal(true);
            expect(applied.effectiveAtMs.route53! - applied.startedAtMs).to.equal(20_000);
            await lever.restore();
            expect(drill.automation.mutations.map((call) => `${call.method} ${call.args.join(" ")}`)).to.deep.equal([
                "setConfig drill.simulateOutage true", `up ${targets()}`, "setConfig drill.simulateOutage false", `up ${targets()}`,
            ]);
            expect(await lever.verifyRestored()).to.include({ ok: true });
            expect(lever.originals()).to.deep.equal({ "drill.simulateOutage": "false" });
            const [endpointGroup, healthCheck] = targets().split(" ");
            expect(lever.manualRestore()).to.deep.equal(["pulumi config set drill.simulateOutage false --stack seoul", `pulumi up --stack seoul --target '${endpointGroup}' --target '${healthCheck}'`]);
        });

        it("restores nothing when apply never got to change anything", async () => {
            drill = fakeDrill();
            const lever = new ConfigLever(drill.automation, drill.clock, drill.progress, seoul());
            await lever.restore();
            expect(drill.automation.mutations).to.deep.equal([]);
        });

        it("forwards pulumi's output to the progress log", async () => {
            drill = fakeDrill();
            const lever = new ConfigLever(drill.automation, drill.clock, drill.progress, seoul());
            await lever.apply();
            expect(drill.progress.events).to.include("  pulumi | Resources: 2 updated, 118 unchanged");
        });
    });

    describe("health-check lever", () => {
        const target = () => parseStackOutputs("seoul", drill.world.outputs("seoul", false));

        it("reads back a difference after restoring as not verified", async () => {
            drill = fakeDrill();
            const lever = new HealthCheckLever(drill.world.aws, drill.clock, target());
            await lever.apply();
            await lever.restore();
            expect(await lever.verifyRestored()).to.deep.equal({ ok: true, detail: "health check Inverted=false (was false); traffic dial 100 (was 100)" });
            drill.world.setDial("seoul", 40);
            expect(await lever.verifyRestored()).to.include({ ok: false });
        });

        it("restores nothing when nothing was changed", async () => {
            drill = fakeDrill();
            const lever = new HealthCheckLever(drill.world.aws, drill.clock, target());
            await lever.restore();
            expect(drill.world.route53Mock.commandCalls(UpdateHealthCheckCommand)).to.have.length(0);
            expect(drill.world.acceleratorMock.commandCalls(UpdateEndpointGroupCommand)).to.have.length(0);
        });

        it("names both the drift and the manual restore commands", () => {
            drill = fakeDrill();
            const lever = new HealthCheckLever(drill.world.aws, drill.clock, target());
            expect(lever.driftWarning).to.match(/^DRIFT: .*pulumi refresh.*pulumi up --refresh would undo it/);
            expect(lever.manualRestore()[1]).to.match(/^aws globalaccelerator update-endpoint-group --region us-west-2 --endpoint-group-arn \S+ --traffic-dial-percentage 100$/);
        });
    });

    describe("stack outputs", () => {
        it("names the stack and output that is missing", () => {
            expect(() => parseStackOutputs("tokyo", { region: "ap-northeast-1", url: "https://x/" })).to.throw("stack tokyo: output albDnsName is missing; deploy the stack (pulumi up) before a drill");
            expect(() => parseStackOutputs("tokyo", { region: "ap-northeast-1", url: "https://x/", albDnsName: "x", records: { failover: { fqdn: 3 } } })).to.throw(/records.failover must hold fqdn and setIdentifier strings/);
        });
    });
});

describe("Automation API facade", () => {
    const cli = async () => ({ command: "pulumi", version: null }) as unknown as PulumiCommand;
    function fakeStack() {
        const calls: string[] = [];
        const stack: AutomationStack = {
            outputs: async () => ({ region: { value: "ap-northeast-2", secret: false }, records: { value: { failover: { fqdn: "app.example.com" } }, secret: false } }),
            getAllConfig: async () => ({ "app:drill.simulateOutage": { value: "true", secret: false } }),
            setConfig: async (key, value, path) => {
                calls.push(`set ${key}=${value.value} path=${String(path)}`);
            },
            removeConfig: async (key, path) => {
                calls.push(`rm ${key} path=${String(path)}`);
            },
            preview: async (options) => {
                calls.push(`preview ${options?.target?.join(",") ?? "all"}`);
                return { stdout: "", stderr: "", changeSummary: { same: 118, update: 2, create: 1 } };
            },
            exportStack: async () => ({ version: 3, deployment: { resources: [{ urn: "urn:a", type: "aws:route53/healthCheck:HealthCheck", outputs: { id: "hc" } }], pending_operations: [{ resource: { urn: "urn:b", type: "aws:ec2/launchTemplate:LaunchTemplate" }, type: "updating" }] } }),
            history: async () => [{ kind: "update", result: "in-progress", startTime: new Date(Date.UTC(2025, 5, 1)), endTime: new Date(0), message: "", environment: {}, config: {}, version: 7 }],
            up: async (options) => {
                options?.onOutput?.("Updating (seoul)\n\nResources: 2 updated\n");
                const event = (op: "update" | "same", type: string, planning?: boolean) => ({
                    sequence: 1, timestamp: 1,
                    resOutputsEvent: { planning, metadata: { op, urn: "urn", type, provider: "p" } },
                });
                const started = (op: "update" | "same", type: string) => ({
                    sequence: 1, timestamp: 1,
                    resourcePreEvent: { metadata: { op, urn: "urn", type, provider: "p" } },
                });
                options?.onEvent?.(started("update", "aws:route53/healthCheck:HealthCheck"));
                options?.onEvent?.(event("update", "aws:route53/healthCheck:HealthCheck", true));
                options?.onEvent?.(event("update", "aws:route53/healthCheck:HealthCheck"));
                options?.onEvent?.(event("same", "aws:ec2/vpc:Vpc"));
                calls.push(`up ${options?.target?.join(",") ?? "all"} signal=${options?.signal ? "yes" : "no"}`);
                return { stdout: "", stderr: "", summary: {} as Awaited<ReturnType<AutomationStack["up"]>>["summary"], outputs: {} };
            },
        };
        return { stack, calls };
    }

    it("selects each stack once in the project directory and reads plain output values", async () => {
        const { stack } = fakeStack();
        const selected: string[] = [];
        const automation = new LocalWorkspaceAutomation("/project", "app", undefined, async (name, workDir) => {
            selected.push(`${name} ${workDir}`);
            return stack;
        }, cli);
        expect(await automation.outputs("seoul")).to.deep.equal({ region: "ap-northeast-2", records: { failover: { fqdn: "app.example.com" } } });
        expect(await automation.getConfig("seoul", "drill.simulateOutage")).to.equal("true");
        expect(await automation.getConfig("seoul", "drill.other")).to.equal(undefined);
        expect(selected).to.deep.equal(["seoul /project"]);
    });

    it("sets and removes the flat key without path mode, counts preview changes, reports finished resources", async () => {
        const { stack, calls } = fakeStack();
        const cancel = new AbortController();
        const automation = new LocalWorkspaceAutomation("/project", "app", cancel.signal, async () => stack, cli);
        await automation.setConfig("seoul", "drill.simulateOutage", "true");
        await automation.removeConfig("seoul", "drill.simulateOutage");
        expect(await automation.preview("seoul", ["urn:a", "urn:b"])).to.deep.equal({ changes: 3, summary: { same: 118, update: 2, create: 1 } });
        const heard: string[] = [];
        await automation.up("seoul", {
            onOutput: (line) => heard.push(`out ${line}`),
            onResourceStarted: (type, operation) => heard.push(`start ${operation} ${type}`),
            onResourceDone: (type, operation) => heard.push(`${operation} ${type}`),
        }, ["urn:a", "urn:b"]);
        expect(calls).to.deep.equal(["set drill.simulateOutage=true path=false", "rm drill.simulateOutage path=false", "preview urn:a,urn:b", "up urn:a,urn:b signal=yes"]);
        expect(heard).to.deep.equal(["out Updating (seoul)", "out Resources: 2 updated", "start update aws:route53/healthCheck:HealthCheck", "update aws:route53/healthCheck:HealthCheck", "same aws:ec2/vpc:Vpc"]);
    });

    it("reads pending operations and the latest update from the checkpoint and history (item 6)", async () => {
        const { stack } = fakeStack();
        const automation = new LocalWorkspaceAutomation("/project", "app", undefined, async () => stack, cli);
        expect(await automation.exportDeployment("seoul")).to.deep.equal({
            resources: [{ urn: "urn:a", type: "aws:route53/healthCheck:HealthCheck", outputs: { id: "hc" } }],
            pendingOperations: [{ urn: "urn:b", type: "aws:ec2/launchTemplate:LaunchTemplate" }],
        });
        expect(await automation.lastUpdate("seoul")).to.deep.equal({ kind: "update", result: "in-progress", startTime: "2025-06-01T00:00:00.000Z" });
    });

    it("turns a missing Pulumi CLI into one input error saying what to install, before selecting any stack (item 12)", async () => {
        let selected = 0;
        const automation = new LocalWorkspaceAutomation("/project", "app", undefined, async () => {
            selected++;
            return fakeStack().stack;
        }, () => groupedPulumiCommand(async () => {
            throw new Error("code: -2\n stdout: \n stderr: Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT\n err?: Error: spawn pulumi ENOENT");
        }));
        const failure = await automation.outputs("seoul").then(() => undefined, (error: unknown) => error);
        expect(failure).to.be.instanceOf(InputError);
        const text = (failure as Error).message;
        expect(text).to.match(/^drill run needs the Pulumi CLI, and `pulumi version` failed \(not found on PATH\): install it \(https:\/\/www.pulumi.com\/docs\/iac\/download-install\/\)/);
        expect(text).to.not.include("\n");
        expect(selected).to.equal(0);
    });
});

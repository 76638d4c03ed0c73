/**
 * The pack as the Pulumi CLI runs it: Pulumi's own policy runner (@pulumi/pulumi/cmd/run-policy-pack,
 * resolved from policy/ as the Node.js language host resolves it) compiles policy/ with its
 * tsconfig.json and serves the analyzer over gRPC; the test talks to it as the engine does.
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { expect } from "chai";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { evaluatePolicies } from "../../policy/evaluate";
import { rules } from "../../policy/rules";
import { hostedZoneId, resource, types } from "./fixtures";

const policyDirectory = path.resolve(__dirname, "../../policy");
// The engine's unknown sentinels (see @pulumi/policy/proxy.js).
const unknownBoolean = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";
const unknownString = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Starts the runner in policy/ and resolves with the port it serves on. */
function startPack(): Promise<{ child: ChildProcess; port: string }> {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [policyDirectory] });
    const child = spawn(process.execPath, [runner, "127.0.0.1:1", "."], { cwd: policyDirectory, stdio: ["ignore", "pipe", "pipe"] });
    let errors = "";
    child.stderr?.on("data", (data: Buffer) => { errors += data.toString(); });
    return new Promise((resolve, reject) => {
        child.stdout?.once("data", (data: Buffer) => resolve({ child, port: data.toString().trim() }));
        child.once("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${errors}`)));
    });
}

/** One unary call, as a promise. */
function call<Response>(send: (callback: (error: grpc.ServiceError | null, response: Response) => void) => unknown): Promise<Response> {
    return new Promise((resolve, reject) => send((error, response) => error ? reject(error) : resolve(response)));
}

/** The engine's view of a resource in Seoul: properties (unknowns as sentinels) and its provider. */
function analyzerResource<T extends analyzer.AnalyzeRequest | analyzer.AnalyzerResource>(message: T, type: string, name: string, props: Record<string, unknown>): T {
    const provider = new analyzer.AnalyzerProviderResource().setType("pulumi:providers:aws").setName("seoul")
        .setUrn("urn:pulumi:test::app::pulumi:providers:aws::seoul").setProperties(Struct.fromJavaScript({ region: "ap-northeast-2" }));
    message.setType(type).setName(name).setUrn(resource(type, name, {}).urn).setProperties(Struct.fromJavaScript(props as never));
    message.setOptions(new analyzer.AnalyzerResourceOptions()).setProvider(provider);
    return message;
}

const albProps = {
    loadBalancerType: "application", subnets: [unknownString, unknownString], accessLogs: { enabled: true, bucket: unknownString },
    desyncMitigationMode: "defensive", dropInvalidHeaderFields: true, enableDeletionProtection: unknownBoolean,
};

describe("policy", () => {
    describe("pack under Pulumi's policy runner", () => {
        let pack: { child: ChildProcess; port: string };
        let client: AnalyzerClient;
        const analyze = async (props: Record<string, unknown>) => (await call<analyzer.AnalyzeResponse>((done) =>
            client.analyze(analyzerResource(new analyzer.AnalyzeRequest(), types.loadBalancer, "web-alb", props), done))).getDiagnosticsList();

        before(async () => {
            pack = await startPack();
            client = new AnalyzerClient(`127.0.0.1:${pack.port}`, grpc.credentials.createInsecure());
        });
        after(() => {
            client?.close();
            pack?.child.kill();
        });

        it("starts and lists every rule with its enforcement level", async () => {
            const info = await call<analyzer.AnalyzerInfo>((done) => client.getAnalyzerInfo(new Empty(), done));
            expect(info.getName()).to.equal("multi-region-alb");
            expect(info.getSupportsconfig()).to.equal(true);
            const levels = info.getPoliciesList().map((policy) => [policy.getName(), policy.getEnforcementlevel()]);
            const level = { mandatory: analyzer.EnforcementLevel.MANDATORY, advisory: analyzer.EnforcementLevel.ADVISORY };
            expect(levels).to.deep.equal(rules.map((rule) => [rule.name, level[rule.enforcementLevel]]));
        });

        it("reports what evaluatePolicies reports for known values, and nothing for unknown ones", async () => {
            expect(await analyze(albProps)).to.deep.equal([]);
            const diagnostics = await analyze({ ...albProps, dropInvalidHeaderFields: false });
            // A lone load balancer also has no alarms (a stack rule, not run by analyze): leave that finding out here.
            const expected = evaluatePolicies([resource(types.loadBalancer, "web-alb", { ...albProps, dropInvalidHeaderFields: false, enableDeletionProtection: true, subnets: ["a", "b"] })])
                .filter((finding) => finding.policy !== "region-alarms-notify");
            expect(diagnostics.map((diagnostic) => diagnostic.getPolicyname())).to.deep.equal(["elb-4-drop-invalid-header-fields"]);
            expect(expected.map((finding) => finding.policy)).to.deep.equal(["elb-4-drop-invalid-header-fields"]);
            expect(diagnostics[0].getMessage()).to.contain(expected[0].message);
        });

        it("resolves relations through property dependencies at the end of a preview", async () => {
            const alb = analyzerResource(new analyzer.AnalyzerResource(), types.loadBalancer, "web-alb", albProps);
            const record = analyzerResource(new analyzer.AnalyzerResource(), types.record, "web-failover", {
                zoneId: hostedZoneId, name: "app", type: "A", setIdentifier: "ap-northeast-2", failoverRoutingPolicies: [{ type: "PRIMARY" }],
                aliases: [{ name: unknownString, zoneId: hostedZoneId, evaluateTargetHealth: true }],
            });
            record.getPropertydependenciesMap().set("aliases", new analyzer.AnalyzerPropertyDependencies().setUrnsList([alb.getUrn()]));
            const response = await call<analyzer.AnalyzeResponse>((done) => client.analyzeStack(new analyzer.AnalyzeStackRequest().setResourcesList([alb, record]), done));
            const diagnostics = response.getDiagnosticsList().map((diagnostic) => [diagnostic.getPolicyname(), diagnostic.getUrn()]);
            // The stack has no alarms on its load balancer either.
            expect(diagnostics).to.deep.equal([["alias-canonical-zone", record.getUrn()], ["region-alarms-notify", alb.getUrn()]]);
        });

        it("takes requireDeletionProtection from the policy pack configuration", async () => {
            const unprotected = { ...albProps, enableDeletionProtection: false };
            expect((await analyze(unprotected)).map((diagnostic) => diagnostic.getPolicyname())).to.deep.equal(["elb-6-deletion-protection"]);
            const relaxed = new analyzer.PolicyConfig().setEnforcementlevel(analyzer.EnforcementLevel.MANDATORY)
                .setProperties(Struct.fromJavaScript({ requireDeletionProtection: false }));
            const request = new analyzer.ConfigureAnalyzerRequest();
            request.getPolicyconfigMap().set("elb-6-deletion-protection", relaxed);
            await call((done) => client.configure(request, done));
            expect(await analyze(unprotected)).to.deep.equal([]);
        });
    });
});

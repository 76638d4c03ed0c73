import { expect } from "chai";
import { StackConfig, validateStackConfig } from "../../config/load";
import { checkAcrossStacks, CrossStackFinding } from "../../config/crossStack";
import { PlannedResource } from "../../offline/runStack";
import { configFor } from "../harness";

/** A validated stack config: a real stack file with changes (stack name may differ from the file). */
function stack(file: "global" | "seoul" | "tokyo", changes: Record<string, unknown> = {}, name: string = file): StackConfig {
    const result = validateStackConfig({ stack: name, project: "app", values: configFor(file, changes) });
    expect(result.problems, result.problems.join("\n")).to.deep.equal([]);
    return result.config!;
}

function findings(...configs: StackConfig[]): CrossStackFinding[] {
    return checkAcrossStacks(configs.map((config) => ({ config })));
}

function only(check: string, list: CrossStackFinding[]): CrossStackFinding[] {
    return list.filter((finding) => finding.check === check);
}

describe("cross-stack checks", () => {
    it("pass for the committed stack files", () => {
        expect(findings(stack("global"), stack("seoul"), stack("tokyo"))).to.deep.equal([]);
    });

    describe("environments", () => {
        const dev = (name: string, changes: Record<string, unknown> = { "dns.failover": false }) =>
            stack("seoul", { environment: "dev", "alb.deletionProtection": false, "globalAccelerator.enabled": false, ...changes }, name);

        it("keeps a dev stack out of production's failover pair and accelerator", () => {
            expect(findings(stack("global"), stack("seoul"), stack("tokyo"), dev("dev"))).to.deep.equal([]);
        });

        it("checks each environment on its own and says which one a finding is about", () => {
            const list = only("failover-roles", findings(stack("seoul"), stack("tokyo"), dev("dev-a", {}), dev("dev-b", {})));
            expect(list.map((finding) => finding.environment)).to.deep.equal(["dev", "dev"]);
            expect(list.map((finding) => finding.stacks)).to.deep.equal([["dev-a", "dev-b"], ["dev-a", "dev-b"]]);
        });

        it("sees a production third region with failover on as a second PRIMARY", () => {
            const list = only("failover-roles", findings(stack("seoul"), stack("tokyo"), stack("seoul", { "aws:region": "eu-west-2", "globalAccelerator.enabled": false, "alb.certificateArn": "arn:aws:acm:eu-west-2:111122223333:certificate/london", "alb.sniCertificateArns": [] }, "london")));
            expect(list.map((finding) => finding.message)).to.deep.equal([
                'failover name "app" needs exactly one PRIMARY record, found 2 (seoul, london): set app:dns.failoverRole in the stack files; failover takes exactly one PRIMARY and one SECONDARY, so further regions set app:dns.failover: false and serve through the weighted and latency records and the accelerator',
            ]);
        });
    });

    describe("a stack file with input errors", () => {
        const broken = { stack: "seoul", file: "Pulumi.seoul.yaml", environment: "production" };

        it("leaves its environment unchecked and says so, instead of a false finding about the stack it cannot see", () => {
            // Without seoul, tokyo alone would be a failover name with no PRIMARY.
            expect(only("failover-roles", findings(stack("tokyo")))).to.have.length(1);
            const result = checkAcrossStacks([{ config: stack("global") }, { config: stack("tokyo") }], undefined, [broken]);
            expect(result).to.deep.equal([{
                check: "not-checked", level: "not-checked", environment: "production", stacks: ["seoul"], files: ["Pulumi.seoul.yaml"],
                message: "the cross-stack checks of production did not run: Pulumi.seoul.yaml has input errors, and every check needs the settings of each stack; fix the errors above and plan again",
            }]);
        });

        it("does not tell a region its global stack is missing when the global stack's file has input errors", () => {
            const result = checkAcrossStacks([{ config: stack("seoul") }, { config: stack("tokyo") }], undefined, [{ stack: "global", file: "Pulumi.global.yaml", environment: "production" }]);
            expect(result.map((finding) => finding.check)).to.deep.equal(["not-checked"]);
        });

        it("still checks the other environments, and blocks every environment when its own is unknown", () => {
            const dev = stack("seoul", { environment: "dev", "alb.deletionProtection": false, "globalAccelerator.enabled": false }, "dev");
            expect(checkAcrossStacks([{ config: stack("tokyo") }, { config: dev }], undefined, [broken]).map((finding) => [finding.check, finding.environment]))
                .to.deep.equal([["not-checked", "production"], ["failover-roles", "dev"]]);
            expect(checkAcrossStacks([{ config: stack("tokyo") }, { config: dev }], undefined, [{ stack: "seoul", file: "Pulumi.seoul.yaml" }]).map((finding) => finding.check))
                .to.deep.equal(["not-checked", "not-checked"]);
        });
    });

    it("names the stack file of every stack a finding is about", () => {
        const result = only("failover-roles", findings(stack("seoul"), stack("tokyo", { "dns.failoverRole": "PRIMARY" })));
        expect(result.map((finding) => finding.files)).to.deep.equal([["Pulumi.seoul.yaml", "Pulumi.tokyo.yaml"], ["Pulumi.seoul.yaml", "Pulumi.tokyo.yaml"]]);
    });

    describe("failover roles", () => {
        it("reject two PRIMARY records for one name (and no SECONDARY)", () => {
            const result = only("failover-roles", findings(stack("seoul"), stack("tokyo", { "dns.failoverRole": "PRIMARY" })));
            expect(result.map((finding) => finding.message)).to.deep.equal([
                'failover name "app" needs exactly one PRIMARY record, found 2 (seoul, tokyo): set app:dns.failoverRole in the stack files; failover takes exactly one PRIMARY and one SECONDARY, so further regions set app:dns.failover: false and serve through the weighted and latency records and the accelerator',
                'failover name "app" needs exactly one SECONDARY record, found 0: set app:dns.failoverRole in the stack files; failover takes exactly one PRIMARY and one SECONDARY, so further regions set app:dns.failover: false and serve through the weighted and latency records and the accelerator',
            ]);
            expect(result.every((finding) => finding.level === "error")).to.equal(true);
        });

        it("count only stacks whose failover record is on", () => {
            const result = only("failover-roles", findings(stack("seoul"), stack("tokyo", { "dns.failover": false, "dns.failoverRole": undefined })));
            expect(result.map((finding) => finding.message)).to.deep.equal([
                'failover name "app" needs exactly one SECONDARY record, found 0: set app:dns.failoverRole in the stack files; failover takes exactly one PRIMARY and one SECONDARY, so further regions set app:dns.failover: false and serve through the weighted and latency records and the accelerator',
            ]);
        });
    });

    it("reject two stacks in one region sharing a name (same set identifier)", () => {
        const result = only("set-identifiers", findings(stack("seoul"), stack("seoul", { "dns.failoverRole": "SECONDARY" }, "seoul-blue")));
        expect(result).to.have.length(3);
        expect(result[0].message).to.equal('record "app" gets set identifier ap-northeast-2 from both seoul and seoul-blue: two stacks in one region cannot share a name');
    });

    it("reject a weighted or latency name missing from a region", () => {
        const result = only("names-in-every-region", findings(stack("seoul"), stack("tokyo", { "dns.latency": false })));
        expect(result.map((finding) => finding.message)).to.deep.equal([
            'latency name "latency" has no record in tokyo: every region must answer it (set app:dns.latencyName, or turn app:dns.latency off everywhere)',
        ]);
    });

    it("reject a weighted or latency name each region gives another value", () => {
        const result = only("names-in-every-region", findings(stack("seoul", { "dns.weightedName": "blue" }), stack("tokyo", { "dns.weightedName": "green" })));
        expect(result.map(({ message, stacks }) => ({ message, stacks }))).to.deep.equal([
            { message: 'weighted name "blue" has no record in tokyo: every region must answer it (set app:dns.weightedName, or turn app:dns.weighted off everywhere)', stacks: ["tokyo"] },
            { message: 'weighted name "green" has no record in seoul: every region must answer it (set app:dns.weightedName, or turn app:dns.weighted off everywhere)', stacks: ["seoul"] },
        ]);
    });

    it("name every region a record is missing from", () => {
        const noLatency = { "dns.latency": false };
        const result = only("names-in-every-region", findings(stack("seoul"), stack("tokyo", noLatency), stack("tokyo", noLatency, "tokyo-b")));
        expect(result.map((finding) => finding.message)).to.deep.equal([
            'latency name "latency" has no record in tokyo, tokyo-b: every region must answer it (set app:dns.latencyName, or turn app:dns.latency off everywhere)',
        ]);
    });

    it("warn, not refuse, when the weights are all 0: AWS accepts it and answers every record with equal probability", () => {
        const result = only("weights", findings(stack("seoul", { "dns.weight": 0 }), stack("tokyo", { "dns.weight": 0 })));
        expect(result).to.have.length(1);
        expect(result[0].level).to.equal("warning");
        expect(result[0].stacks).to.deep.equal(["seoul", "tokyo"]);
        expect(result[0].files).to.deep.equal(["Pulumi.seoul.yaml", "Pulumi.tokyo.yaml"]);
        expect(result[0].message).to.equal('every weight of "weighted" is 0, which AWS accepts: Route 53 then answers with every region\'s record with equal probability ' +
            "(Route 53 API Reference, ResourceRecordSet Weight), so the weights decide nothing; give at least one region a weight above 0 to steer traffic");
        expect(only("weights", findings(stack("seoul", { "dns.weight": 0 }), stack("tokyo")))).to.deep.equal([]);
    });

    it("reject latency records whose region is not their stack's", () => {
        const record = { type: "aws:route53/record:Record", name: "tokyo-records-latency", inputs: { latencyRoutingPolicies: [{ region: "ap-northeast-2" }] } } as unknown as PlannedResource;
        const result = checkAcrossStacks([{ config: stack("seoul") }, { config: stack("tokyo"), resources: [record] }]);
        expect(only("latency-regions", result).map((finding) => finding.message)).to.deep.equal([
            "latency record tokyo-records-latency claims region ap-northeast-2 but its stack deploys ap-northeast-1",
        ]);
        expect(only("latency-regions", result).map((finding) => finding.stacks)).to.deep.equal([["tokyo"]]);
    });

    describe("edges", () => {
        it("name the stacks each finding is about", () => {
            // Two PRIMARY among three: the finding names the two holders, not every member.
            const roles = only("failover-roles", findings(stack("seoul"), stack("tokyo", { "dns.failoverRole": "PRIMARY" }), stack("tokyo", {}, "tokyo-b")));
            expect(roles.map((finding) => finding.stacks)).to.deep.equal([["seoul", "tokyo"]]);
            // No SECONDARY at all: the finding names every stack with the name.
            const none = only("failover-roles", findings(stack("seoul"), stack("tokyo", { "dns.failoverRole": "PRIMARY" })));
            expect(none.map((finding) => finding.stacks)).to.deep.equal([["seoul", "tokyo"], ["seoul", "tokyo"]]);
            const clash = only("set-identifiers", findings(stack("seoul"), stack("seoul", { "dns.failoverRole": "SECONDARY" }, "seoul-blue")));
            expect(clash[0].stacks).to.deep.equal(["seoul", "seoul-blue"]);
        });

        it("a record name of another routing kind does not stand in for the missing one", () => {
            const result = only("names-in-every-region", findings(
                stack("seoul", { "dns.weightedName": "shared", "dns.latency": false }),
                stack("tokyo", { "dns.latencyName": "shared", "dns.weighted": false }),
            ));
            expect(result.map((finding) => finding.message.split(":")[0])).to.deep.equal(['weighted name "shared" has no record in tokyo', 'latency name "shared" has no record in seoul']);
        });

        it("a latency record in its own region, and resources other than records, pass", () => {
            const own = { type: "aws:route53/record:Record", name: "tokyo-records-latency", inputs: { latencyRoutingPolicies: [{ region: "ap-northeast-1" }] } } as unknown as PlannedResource;
            const other = { type: "aws:ec2/vpc:Vpc", name: "x", inputs: { latencyRoutingPolicies: [{ region: "mars-1" }] } } as unknown as PlannedResource;
            expect(only("latency-regions", checkAcrossStacks([{ config: stack("seoul") }, { config: stack("tokyo"), resources: [own, other] }]))).to.deep.equal([]);
        });

        it("parity needs two stacks, shows at most three differences per aspect, and names the listeners", () => {
            expect(only("parity", findings(stack("seoul", { "healthCheck.failureThreshold": 2 })))).to.deep.equal([]);
            const listeners = only("parity", findings(stack("seoul"), stack("tokyo", { "alb.certificateArn": "", "alb.sniCertificateArns": [] })));
            expect(listeners.map((finding) => finding.message)).to.include(
                "listeners differ between regions (HTTP->HTTPS redirect + HTTPS in seoul vs HTTP only in tokyo): a failover moves users to a region that behaves differently");
            const many = only("parity", findings(stack("seoul"), stack("tokyo", { "healthCheck.failureThreshold": 5, "healthCheck.path": "/x", "healthCheck.requestInterval": 30, "healthCheck.protocol": "HTTPS" })));
            const health = many.find((finding) => finding.message.startsWith("health checks"))!.message;
            expect(health.split(" vs ").length - 1).to.equal(3);
        });
    });

    // The accelerator across stacks (global stack, order, deprecated owner): tests/config/acceleratorStacks.test.ts.

    it("rejects stacks in different hosted zones", () => {
        const result = only("shared-zone", findings(stack("seoul"), stack("tokyo", { "dns.zoneName": "example.org" })));
        expect(result[0].message).to.equal("stacks use different hosted zones (example.com: seoul; example.org: tokyo); shared names need one zone");
    });

    it("lists every stack of each hosted zone", () => {
        const result = only("shared-zone", findings(stack("seoul"), stack("tokyo"), stack("tokyo", { "dns.zoneName": "example.org" }, "tokyo-b")));
        expect(result.map(({ message, stacks }) => ({ message, stacks }))).to.deep.equal([{
            message: "stacks use different hosted zones (example.com: seoul, tokyo; example.org: tokyo-b); shared names need one zone",
            stacks: ["seoul", "tokyo", "tokyo-b"],
        }]);
    });

    describe("parity", () => {
        for (const [aspect, changes] of [
            ["listeners", { "alb.certificateArn": "", "alb.sniCertificateArns": [] }],
            ["TLS policy", { "alb.sslPolicy": "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06" }],
            ["target groups", { targetGroups: { web: { port: 80 }, canary: { port: 80, deregistrationDelaySeconds: 300 } } }],
            ["health checks", { "healthCheck.failureThreshold": 2 }],
        ] as const) {
            it(`warns when ${aspect} differ between regions`, () => {
                const result = only("parity", findings(stack("seoul"), stack("tokyo", changes)));
                expect(result.map((finding) => finding.message.split(" (")[0])).to.include(`${aspect} differ between regions`);
                expect(result.every((finding) => finding.level === "warning")).to.equal(true);
            });
        }

        it("says which value differs from which, by path", () => {
            const result = only("parity", findings(stack("seoul"), stack("tokyo", { "healthCheck.failureThreshold": 2, "alb.sslPolicy": "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06" })));
            expect(result.map((finding) => finding.message)).to.include.members([
                "TLS policy differ between regions (ELBSecurityPolicy-TLS13-1-2-Res-2021-06 in seoul vs ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06 in tokyo): a failover moves users to a region that behaves differently",
                "health checks differ between regions (failureThreshold: 3 in seoul vs 2 in tokyo): a failover moves users to a region that behaves differently",
            ]);
        });

        it("shows the first three differing health-check leaves, by path, and leaves the rest out", () => {
            // Without a certificate the check goes to HTTP on 80: five leaves differ.
            const result = only("parity", findings(stack("seoul"), stack("tokyo", { "alb.certificateArn": "", "alb.sniCertificateArns": [], "healthCheck.failureThreshold": 5, "healthCheck.path": "/x", "healthCheck.requestInterval": 30 })));
            expect(result.find((finding) => finding.message.startsWith("health checks"))?.message).to.equal(
                "health checks differ between regions (failureThreshold: 3 in seoul vs 5 in tokyo; path: /health in seoul vs /x in tokyo; port: 443 in seoul vs 80 in tokyo): a failover moves users to a region that behaves differently");
        });

        it("names every stack on each side of a difference", () => {
            const tls13 = { "alb.sslPolicy": "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06" };
            const result = only("parity", findings(stack("seoul"), stack("seoul", {}, "seoul-b"), stack("tokyo", tls13), stack("tokyo", tls13, "tokyo-b")));
            expect(result.map(({ message, stacks }) => ({ message, stacks }))).to.deep.equal([{
                message: "TLS policy differ between regions (ELBSecurityPolicy-TLS13-1-2-Res-2021-06 in seoul, seoul-b vs ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06 in tokyo, tokyo-b): a failover moves users to a region that behaves differently",
                stacks: ["seoul", "seoul-b", "tokyo", "tokyo-b"],
            }]);
        });

        it("names a nested difference and a value only one side has", () => {
            const served = { "fleet.targetGroups": ["web"], listenerRules: {} };
            const result = only("parity", findings(stack("seoul", { ...served, targetGroups: { web: {} } }),
                stack("tokyo", { ...served, targetGroups: { web: { healthCheck: { path: "/ready" } }, extra: {} } })));
            const message = result.find((finding) => finding.message.startsWith("target groups"))?.message;
            expect(message).to.match(/^target groups differ between regions \(extra: unset in seoul vs \{.*\} in tokyo; web\.healthCheck\.path: \/health in seoul vs \/ready in tokyo\)/);
        });
    });
});

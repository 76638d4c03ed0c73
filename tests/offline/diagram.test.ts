/**
 * The architecture diagram: the graph built from synthetic plan resources (lanes, boxes and
 * arrows from recorded inputs), its Graphviz layout (SVG with lane and node ids) and its
 * Mermaid version; then `npm run plan -- --out DIR --prices FILE` end to end.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { buildArchitecture, referencedNames } from "../../offline/diagram/graph";
import { renderSvg } from "../../offline/diagram/graphviz";
import { renderMermaid } from "../../offline/diagram/mermaid";
import { Plan, PlanResource } from "../../offline/planner";
import { projectFiles } from "../harness";

function resource(type: string, name: string, inputs: Record<string, unknown>): PlanResource {
    return { urn: `urn:pulumi:test::app::${type}::${name}`, type, name, inputs };
}

function regionResources(stack: string, role: "PRIMARY" | "SECONDARY"): PlanResource[] {
    return [
        resource("awsx:ec2:Vpc", `${stack}-vpc`, { cidrBlock: "10.1.0.0/16", numberOfAvailabilityZones: 2, natGateways: { strategy: "Single" } }),
        resource("aws:lb/loadBalancer:LoadBalancer", `${stack}-alb`, { internal: false }),
        resource("aws:lb/listener:Listener", `${stack}-https`, { loadBalancerArn: `\${${stack}-alb.arn}`, port: 443, protocol: "HTTPS", defaultActions: [{ type: "forward", targetGroupArn: `\${${stack}-tg-web.arn}` }] }),
        resource("aws:lb/listenerRule:ListenerRule", `${stack}-rule-split`, {
            listenerArn: `\${${stack}-https.arn}`, priority: 30,
            actions: [{ type: "forward", forward: { targetGroups: [{ arn: `\${${stack}-tg-web.arn}`, weight: 90 }, { arn: `\${${stack}-tg-canary.arn}`, weight: 10 }] } }],
        }),
        resource("aws:lb/targetGroup:TargetGroup", `${stack}-tg-web`, { protocol: "HTTP", port: 80, healthCheck: { path: "/health" } }),
        resource("aws:lb/targetGroup:TargetGroup", `${stack}-tg-canary`, { protocol: "HTTP", port: 80 }),
        resource("aws:ec2/launchTemplate:LaunchTemplate", `${stack}-lt`, { instanceType: "t3.small" }),
        resource("aws:autoscaling/group:Group", `${stack}-fleet`, { desiredCapacity: 2, minSize: 2, maxSize: 4, launchTemplate: { id: `\${${stack}-lt.id}` }, targetGroupArns: [`\${${stack}-tg-web.arn}`] }),
        resource("aws:route53/healthCheck:HealthCheck", `${stack}-health`, { type: "HTTPS", fqdn: `\${${stack}-alb.dnsName}`, resourcePath: "/health", requestInterval: 10 }),
        resource("aws:route53/record:Record", `${stack}-failover`, {
            name: "app", type: "A", zoneId: "${getZone(example.com).zoneId}", failoverRoutingPolicies: [{ type: role }],
            aliases: [{ name: `\${${stack}-alb.dnsName}` }], healthCheckId: `\${${stack}-health.id}`,
        }),
        resource("aws:globalaccelerator/endpointGroup:EndpointGroup", `${stack}-endpoints`, {
            listenerArn: "${seoul-ga-tcp.id}", endpointGroupRegion: stack === "seoul" ? "ap-northeast-2" : "ap-northeast-1", trafficDialPercentage: 100,
            endpointConfigurations: [{ endpointId: `\${${stack}-alb.arn}`, weight: 128 }],
        }),
    ];
}

function twoRegionPlan(): Plan {
    const seoul = [...regionResources("seoul", "PRIMARY"),
        resource("aws:globalaccelerator/accelerator:Accelerator", "seoul-ga", { ipAddressType: "IPV4" }),
        resource("aws:globalaccelerator/listener:Listener", "seoul-ga-tcp", { acceleratorArn: "${seoul-ga.arn}", protocol: "TCP", portRanges: [{ fromPort: 443, toPort: 443 }] }),
    ];
    return {
        stacks: [
            { stack: "seoul", region: "ap-northeast-2", resources: seoul, outputs: {}, policy: [] },
            { stack: "tokyo", region: "ap-northeast-1", resources: regionResources("tokyo", "SECONDARY"), outputs: {}, policy: [] },
        ],
        crossStack: [],
    } as unknown as Plan;
}

describe("architecture diagram", () => {
    describe("graph from the plan", () => {
        const graph = buildArchitecture(twoRegionPlan());
        const edge = (from: string, to: string) => graph.edges.find((candidate) => candidate.from === from && candidate.to === to);

        it("has one lane per region, the VPC inside it, and a global lane with Route 53 and Global Accelerator", () => {
            expect(graph.groups.map((group) => [group.id, group.kind, group.parent ?? null])).to.deep.equal([
                ["global", "global", null], ["global:route53", "service", "global"], ["global:accelerator", "service", "global"],
                ["region:ap-northeast-2", "region", null], ["vpc:seoul-vpc", "vpc", "region:ap-northeast-2"],
                ["region:ap-northeast-1", "region", null], ["vpc:tokyo-vpc", "vpc", "region:ap-northeast-1"],
            ]);
            expect(graph.groups.find((group) => group.id === "vpc:seoul-vpc")?.label).to.equal("VPC 10.1.0.0/16: 2 AZs, 1 NAT gateways");
        });

        it("connects ALB, listener, target groups (default action and weighted rule) and the fleet", () => {
            expect(edge("seoul-alb", "seoul-https")).to.not.equal(undefined);
            expect(edge("seoul-https", "seoul-tg-web")?.label).to.equal("default, rule 30 (90%)");
            expect(edge("seoul-https", "seoul-tg-canary")?.label).to.equal("rule 30 (10%)");
            expect(edge("seoul-tg-web", "seoul-fleet")).to.not.equal(undefined);
            expect(graph.nodes.find((node) => node.id === "seoul-fleet")?.label).to.deep.equal(["Auto Scaling group seoul-fleet", "2 x t3.small (2..4)"]);
        });

        it("draws one node per record name and policy with an arrow per region, labelled by its role, and the health checks that gate it", () => {
            const record = "record:app.example.com:failover";
            expect(graph.nodes.filter((node) => node.kind === "record").map((node) => node.id)).to.deep.equal([record]);
            expect([edge(record, "seoul-alb")?.label, edge(record, "tokyo-alb")?.label]).to.deep.equal(["PRIMARY", "SECONDARY"]);
            expect(edge("seoul-health", record)).to.deep.include({ style: "watch", label: "gates" });
            expect(edge("seoul-health", "seoul-alb")).to.deep.include({ style: "watch", label: "checks" });
        });

        it("chains the accelerator, its listener and each region's endpoint group to that region's ALB", () => {
            expect(edge("seoul-ga", "seoul-ga-tcp")).to.not.equal(undefined);
            expect(edge("seoul-ga-tcp", "tokyo-endpoints")).to.not.equal(undefined);
            expect(edge("tokyo-endpoints", "tokyo-alb")?.label).to.equal("weight 128");
        });

        it("drops arrows to resources of stacks not in the plan", () => {
            const tokyoOnly = { ...twoRegionPlan(), stacks: twoRegionPlan().stacks.slice(1) };
            const partial = buildArchitecture(tokyoOnly);
            expect(partial.edges.filter((candidate) => candidate.from === "seoul-ga-tcp")).to.deep.equal([]);
            expect(partial.groups.map((group) => group.id)).to.not.include("region:ap-northeast-2");
        });

        it("reads references anywhere in an input", () => {
            expect(referencedNames({ a: ["${x.arn}", { b: "${y-z.id}" }], c: "${getZone(example.com).zoneId}" })).to.deep.equal(["x", "y-z"]);
        });
    });

    describe("rendering", () => {
        it("lays the graph out with Graphviz into an SVG whose lanes and boxes carry ids", async () => {
            const svg = await renderSvg(buildArchitecture(twoRegionPlan()));
            expect(svg).to.match(/^<\?xml|^<svg|<!DOCTYPE svg/);
            for (const id of ["lane&#45;ap&#45;northeast&#45;2", "lane&#45;ap&#45;northeast&#45;1", "lane&#45;global"]) {
                expect(svg).to.contain(`<g id="${id}" class="cluster lane">`);
            }
            expect(svg).to.contain('<g id="node&#45;tokyo&#45;endpoints" class="node node&#45;endpointGroup">');
            expect(svg).to.match(/<path[^>]*d="M/);
        });

        it("writes a Mermaid flowchart with a subgraph per lane and dashed arrows for health checks", () => {
            const mermaid = renderMermaid(buildArchitecture(twoRegionPlan()));
            expect(mermaid.split("\n")[0]).to.equal("flowchart LR");
            expect(mermaid).to.contain('subgraph g_region_ap_northeast_2["ap-northeast-2 (stack seoul)"]');
            expect(mermaid).to.contain('n_seoul_health -.->|"gates"| n_record_app_example_com_failover');
            expect(mermaid).to.contain('n_record_app_example_com_failover -->|"PRIMARY"| n_seoul_alb');
            expect(mermaid.match(/^\s*subgraph /gm)).to.have.length(7);
            expect(mermaid.match(/^\s*end$/gm)).to.have.length(7);
        });
    });
});

describe("npm run plan -- --out DIR --prices FILE", function () {
    this.timeout(120_000);

    it("writes plan.json with the cost at the given prices, plan.md with the diagram and Mermaid, diagram.svg and the PR comment", async () => {
        const directory = fs.mkdtempSync(path.join(os.tmpdir(), "plan-out-"));
        const prices = path.join(directory, "prices.json");
        fs.writeFileSync(prices, JSON.stringify({ regions: { "ap-northeast-2": { natGatewayHour: { usd: 1 } } } }));
        const script = path.resolve(__dirname, "..", "..", "offline", "plan.ts");
        const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script, "--stack", "seoul", "--out", path.join(directory, "out"), "--prices", prices],
            { cwd: projectFiles.directory, maxBuffer: 16 * 1024 * 1024 });
        const out = (file: string) => fs.readFileSync(path.join(directory, "out", file), "utf8");
        const plan = JSON.parse(out("plan.json")) as { cost: { stacks: { lines: { item: string; unitUsd: number }[] }[] } };
        expect(plan.cost.stacks[0].lines.find((line) => line.item === "NAT gateway hours")?.unitUsd).to.equal(1);
        expect(out("plan.md")).to.contain("![Architecture diagram generated from the plan](diagram.svg)").and.contain("```mermaid\nflowchart LR").and.contain("## Estimated monthly cost");
        expect(out("pr-comment.md")).to.contain("```mermaid").and.not.contain("diagram.svg");
        expect(out("diagram.svg")).to.contain('class="cluster lane"');
        expect(stdout).to.match(/=== estimated monthly cost[\s\S]*NAT gateway hours[\s\S]*Total: \$/);
    });
});

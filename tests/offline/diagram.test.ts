/**
 * The architecture diagram: the graph built from synthetic plan resources (lanes, boxes and
 * arrows from recorded inputs), its Graphviz layout (SVG with lane and node ids) and its
 * Mermaid version; then `npm run plan -- --out DIR --prices FILE` end to end.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { buildArchitecture, clientsNode, referencedNames } from "../../offline/diagram/graph";
import { renderSvg } from "../../offline/diagram/graphviz";
import { renderMermaid } from "../../offline/diagram/mermaid";
import { Plan, PlanResource } from "../../offline/planner";
import { projectFiles } from "../harness";
import { planInProcess } from "./planInProcess";

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

        it("starts every path at a clients node, outside the lanes", () => {
            expect(graph.nodes.find((node) => node.id === clientsNode)).to.deep.equal({ id: "clients", label: ["clients"], kind: "clients" });
            expect(graph.edges.filter((candidate) => candidate.from === clientsNode).map((candidate) => candidate.to)).to.deep.equal(["seoul-ga", "record:app.example.com:failover"]);
        });

        it("connects the ALB (its listeners in its box) to its target groups, each naming the rules and forward weights that reach it, and the fleet", () => {
            expect(graph.nodes.find((node) => node.id === "seoul-alb")?.label).to.deep.equal(["ALB seoul-alb", "internet-facing", "HTTPS :443"]);
            expect(edge("seoul-alb", "seoul-tg-web")).to.deep.equal({ from: "seoul-alb", to: "seoul-tg-web", style: "traffic" });
            expect(graph.nodes.find((node) => node.id === "seoul-tg-web")?.label).to.deep.equal(["target group web", "HTTP :80 /health", "rules default, 30 (weight 90 of 100)"]);
            expect(graph.nodes.find((node) => node.id === "seoul-tg-canary")?.label).to.deep.equal(["target group canary", "HTTP :80", "rules 30 (weight 10 of 100)"]);
            expect(edge("seoul-tg-web", "seoul-fleet")).to.not.equal(undefined);
            expect(graph.nodes.find((node) => node.id === "seoul-fleet")?.label).to.deep.equal(["Auto Scaling group", "2 x t3.small (2..4)"]);
        });

        it("writes each region's failover role in its own record set, in its own lane, never on an arrow another region's arrow passes", () => {
            const name = "record:app.example.com:failover";
            expect(graph.nodes.filter((node) => node.kind === "record").map((node) => node.id)).to.deep.equal([name]);
            const sets = graph.nodes.filter((node) => node.kind === "recordSet");
            expect(sets.map((node) => [node.id, node.group, node.label[1]])).to.deep.equal([
                ["seoul-failover", "region:ap-northeast-2", "PRIMARY"], ["tokyo-failover", "region:ap-northeast-1", "SECONDARY"],
            ]);
            expect([edge(name, "seoul-failover"), edge("seoul-failover", "seoul-alb"), edge("tokyo-failover", "tokyo-alb")].every(Boolean)).to.equal(true);
            expect(graph.edges.filter((candidate) => candidate.label !== undefined), "no label floats between arrows").to.deep.equal([]);
            expect(edge("seoul-health", "seoul-failover")).to.deep.include({ style: "watch" });
            expect(edge("seoul-health", "seoul-alb")).to.deep.include({ style: "watch" });
        });

        it("names the kind of every weight: DNS weight of the name's total, accelerator endpoint weight and traffic dial", () => {
            const weighted = { ...twoRegionPlan() };
            for (const [stack, weight] of [[weighted.stacks[0], 50], [weighted.stacks[1], 150]] as const) {
                stack.resources.push(resource("aws:route53/record:Record", `${stack.stack}-weighted`, {
                    name: "weighted", type: "A", zoneId: "${getZone(example.com).zoneId}", weightedRoutingPolicies: [{ weight }], aliases: [{ name: `\${${stack.stack}-alb.dnsName}` }],
                }));
            }
            const labels = buildArchitecture(weighted).nodes.map((node) => node.label.join(" / "));
            expect(labels).to.include.members(["weighted record set / DNS weight 50 of 200", "weighted record set / DNS weight 150 of 200", "accelerator endpoint group / dial 100%, endpoint weight 128"]);
        });

        it("draws the accelerator with its listener in one box, and each region's endpoint group in that region's lane", () => {
            expect(graph.nodes.find((node) => node.id === "seoul-ga")?.label).to.deep.equal(["accelerator", "IPV4, 2 static IPs", "TCP 443, affinity NONE"]);
            expect(edge("seoul-ga", "tokyo-endpoints")).to.not.equal(undefined);
            expect(graph.nodes.find((node) => node.id === "tokyo-endpoints")?.group).to.equal("region:ap-northeast-1");
            expect(edge("tokyo-endpoints", "tokyo-alb")).to.deep.equal({ from: "tokyo-endpoints", to: "tokyo-alb", style: "traffic" });
        });

        it("drops arrows to resources of stacks not in the plan", () => {
            const tokyoOnly = { ...twoRegionPlan(), stacks: twoRegionPlan().stacks.slice(1) };
            const partial = buildArchitecture(tokyoOnly);
            expect(partial.edges.filter((candidate) => candidate.from === "seoul-ga" || candidate.from === "seoul-ga-tcp")).to.deep.equal([]);
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
            expect(mermaid).to.contain("n_seoul_health -.-> n_seoul_failover");
            expect(mermaid).to.contain("n_record_app_example_com_failover --> n_seoul_failover");
            expect(mermaid).to.contain('n_seoul_failover["app record set<br/>PRIMARY"]');
            expect(mermaid.split("\n")[1]).to.equal('  n_clients(["clients"])');
            expect(mermaid.match(/^\s*subgraph /gm)).to.have.length(7);
            expect(mermaid.match(/^\s*end$/gm)).to.have.length(7);
        });
    });
});

describe("plan --out DIR --prices FILE (the command, in process)", function () {
    this.timeout(120_000);

    it("writes plan.json with the cost at the given prices, plan.md with the diagram and Mermaid, diagram.svg and the PR comment", async () => {
        const directory = fs.mkdtempSync(path.join(os.tmpdir(), "plan-out-"));
        const prices = path.join(directory, "prices.json");
        fs.writeFileSync(prices, JSON.stringify({ regions: { "ap-northeast-2": { natGatewayHour: { usd: 1 } } } }));
        const { code, stdout, stderr } = await planInProcess(["--project", projectFiles.directory, "--stack", "seoul", "--out", path.join(directory, "out"), "--prices", prices]);
        expect(code, stderr).to.equal(0);
        const out = (file: string) => fs.readFileSync(path.join(directory, "out", file), "utf8");
        const plan = JSON.parse(out("plan.json")) as { cost: { stacks: { lines: { item: string; unitUsd: number }[] }[] } };
        expect(plan.cost.stacks[0].lines.find((line) => line.item === "NAT gateway hours")?.unitUsd).to.equal(1);
        expect(out("plan.md")).to.contain("![Architecture diagram generated from the plan](diagram.svg)").and.contain("```mermaid\nflowchart LR").and.contain("## Estimated monthly cost");
        expect(out("pr-comment.md")).to.contain("```mermaid").and.not.contain("diagram.svg");
        expect(out("diagram.svg")).to.contain('class="cluster lane"');
        expect(stdout).to.match(/=== estimated monthly cost[\s\S]*NAT gateway hours[\s\S]*Total: \$/);
    });
});

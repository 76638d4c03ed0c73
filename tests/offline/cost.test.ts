/**
 * The cost estimate over synthetic plan resources (every type token it prices, at both sides
 * of each rule's boundary) and a price table made up here, so that no expected figure comes
 * from the table the code reads. Then the shipped table's shape and the --prices overlay.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { CostEstimate, CostLine, estimateCost, natGatewayCount } from "../../offline/cost/estimate";
import { regionCodes } from "../../domain/regions";
import { defaultPricesFile, loadPriceTable, overlay, parsePriceTable, Price, PriceTable } from "../../offline/cost/priceTable";
import { renderCostMarkdown, renderCostText } from "../../offline/cost/render";
import { Plan, PlanResource } from "../../offline/planner";
import { examplesDirectory, exampleNames } from "../../offline/planCommand";
import { loadAllStackConfigs, readProject } from "../../config/stackFiles";

const read = "2026-01-01";
const price = (usd: number, per = "unit"): Price => ({ usd, per, source: "https://aws.amazon.com/example/pricing/", read });

/** Round, distinct prices so each expected amount can be worked out by hand. */
function testTable(): PriceTable {
    const regional = {
        albHour: price(0.1, "ALB-hour"), albLcuHour: price(0.01, "LCU-hour"), natGatewayHour: price(0.2, "NAT-hour"), natGatewayGigabyte: price(0.05, "GB"),
        publicIpv4Hour: price(0.001, "IPv4-hour"), instanceHour: { "t3.micro": price(0.02, "instance-hour") },
        alarmStandardMonth: price(0.3), alarmHighResolutionMonth: price(0.7), alarmCompositeMonth: price(1.1), dashboardMonth: price(4),
    };
    return parsePriceTable({
        currency: "USD", hoursPerMonth: 100,
        traffic: { albAverageLcu: 2, natGigabytesPerMonth: 40, dnsQueriesMillionsPerMonth: 3 },
        regions: { "ap-northeast-2": regional },
        global: {
            acceleratorHour: price(0.5), healthCheckAwsMonth: price(0.6), healthCheckNonAwsMonth: price(0.9), healthCheckOptionAwsMonth: price(1.5),
            healthCheckOptionNonAwsMonth: price(2.5), hostedZoneMonth: price(0.8), standardQueriesMillion: price(0.4), latencyQueriesMillion: price(0.7), recoveryClusterHour: price(3),
        },
    }, "test table");
}

function resource(type: string, name: string, inputs: Record<string, unknown>, region: string | undefined = "ap-northeast-2"): PlanResource {
    return { urn: `urn:pulumi:test::app::${type}::${name}`, type, name, ...(region ? { region } : {}), inputs };
}

function planOf(...stacks: { stack: string; region?: string; resources: PlanResource[] }[]): Plan {
    return {
        stacks: stacks.map((stack) => ({
            stack: stack.stack, region: stack.region ?? "ap-northeast-2", resources: stack.resources, outputs: {}, policy: [],
            failover: { dns: { detectionSeconds: 30, ttlSeconds: 60, totalSeconds: 90 }, globalAccelerator: { detectionSeconds: 20, reactionSeconds: 30, totalSeconds: 50 } },
        })),
        crossStack: [],
    } as unknown as Plan;
}

function estimate(...resources: PlanResource[]): CostEstimate {
    return estimateCost(planOf({ stack: "seoul", resources }), testTable());
}

function lines(...resources: PlanResource[]): CostLine[] {
    return [...estimate(...resources).stacks[0].lines];
}

function amounts(found: readonly CostLine[]): Record<string, number | null> {
    return Object.fromEntries(found.map((line) => [line.item, line.monthlyUsd === null ? null : Math.round(line.monthlyUsd * 1e6) / 1e6]));
}

const vpcType = "awsx:ec2:Vpc";
const healthCheckType = "aws:route53/healthCheck:HealthCheck";
const alarmType = "aws:cloudwatch/metricAlarm:MetricAlarm";

describe("cost estimate", () => {
    describe("VPC (awsx component: NAT gateways and their Elastic IPs from its inputs)", () => {
        it("prices one NAT gateway and one Elastic IP per availability zone with OnePerAz, and the assumed data", () => {
            const found = lines(resource(vpcType, "seoul-vpc", { natGateways: { strategy: "OnePerAz" }, numberOfAvailabilityZones: 3 }, undefined));
            expect(amounts(found)).to.deep.equal({
                "NAT gateway hours": 3 * 100 * 0.2,
                "NAT gateway Elastic IPs (public IPv4)": 3 * 100 * 0.001,
                "NAT gateway data processed": 40 * 0.05,
            });
            expect(found.every((line) => line.region === "ap-northeast-2"), "a component takes its stack's region").to.equal(true);
        });

        it("counts gateways by strategy and zone count", () => {
            expect(natGatewayCount({ natGateways: { strategy: "OnePerAz" }, numberOfAvailabilityZones: 2 })).to.equal(2);
            expect(natGatewayCount({ natGateways: { strategy: "Single" }, numberOfAvailabilityZones: 3 })).to.equal(1);
            expect(natGatewayCount({ natGateways: { strategy: "None" }, numberOfAvailabilityZones: 3 })).to.equal(0);
            expect(natGatewayCount({}), "awsx defaults: OnePerAz over 3 zones").to.equal(3);
        });

        it("lists nothing for a VPC without NAT gateways", () => {
            expect(lines(resource(vpcType, "seoul-vpc", { natGateways: { strategy: "None" } }, undefined))).to.deep.equal([]);
        });
    });

    describe("Application Load Balancer", () => {
        const alb = (inputs: Record<string, unknown>) => resource("aws:lb/loadBalancer:LoadBalancer", "seoul-alb", inputs);

        it("prices hours, the assumed LCUs and one public IPv4 address per subnet when internet-facing", () => {
            expect(amounts(lines(alb({ internal: false, subnets: ["a", "b", "c"] })))).to.deep.equal({
                "ALB hours": 100 * 0.1, "ALB capacity units": 100 * 2 * 0.01, "ALB public IPv4 addresses": 3 * 100 * 0.001,
            });
        });

        it("has no public addresses when internal", () => {
            expect(Object.keys(amounts(lines(alb({ internal: true, subnets: ["a", "b"] }))))).to.deep.equal(["ALB hours", "ALB capacity units"]);
        });
    });

    describe("Route 53 health checks (by type and options)", () => {
        const check = (inputs: Record<string, unknown>) => lines(resource(healthCheckType, "seoul-health", { fqdn: "${seoul-alb.dnsName}", ...inputs }));

        it("charges HTTPS, the fast interval and string matching as options of an AWS endpoint's check", () => {
            const found = check({ type: "HTTPS_STR_MATCH", requestInterval: 10, searchString: "ok" });
            expect(found.map((line) => [line.item, line.quantity, line.monthlyUsd])).to.deep.equal([
                ["Route 53 health check (HTTPS_STR_MATCH, AWS endpoint)", 1, 0.6],
                ["Route 53 health check options: HTTPS, string matching, fast interval", 3, 4.5],
            ]);
        });

        it("charges no option for HTTP at the 30 s interval, one at 10 s", () => {
            expect(check({ type: "HTTP", requestInterval: 30 }).map((line) => line.monthlyUsd)).to.deep.equal([0.6]);
            expect(check({ type: "HTTP", requestInterval: 10 }).map((line) => line.monthlyUsd)).to.deep.equal([0.6, 1.5]);
        });

        it("prices latency measurement as an option", () => {
            expect(check({ type: "HTTP", requestInterval: 30, measureLatency: true })[1]?.item).to.equal("Route 53 health check options: latency measurement");
        });

        it("prices an endpoint outside AWS at the non-AWS rates", () => {
            expect(check({ fqdn: "status.example.org", type: "HTTPS", requestInterval: 30 }).map((line) => line.monthlyUsd)).to.deep.equal([0.9, 2.5]);
        });

        it("prices calculated and CloudWatch metric checks as basic checks without options", () => {
            for (const type of ["CALCULATED", "CLOUDWATCH_METRIC"]) {
                const found = check({ type, requestInterval: 10, childHealthchecks: ["${a.id}"] });
                expect(found.map((line) => line.monthlyUsd), type).to.deep.equal([0.6]);
            }
        });
    });

    describe("CloudWatch", () => {
        it("prices an alarm at standard resolution from 60 s periods and at high resolution below", () => {
            expect(lines(resource(alarmType, "a", { period: 60 }))[0]).to.include({ item: "CloudWatch standard alarm", monthlyUsd: 0.3 });
            expect(lines(resource(alarmType, "a", { period: 10 }))[0]).to.include({ item: "CloudWatch high-resolution alarm", monthlyUsd: 0.7 });
        });

        it("prices a metric-math alarm per metric, and anomaly detection at three per metric", () => {
            const metricQueries = [{ id: "a", metric: { period: 60 } }, { id: "b", metric: { period: 60 } }, { id: "e", expression: "a+b" }];
            expect(lines(resource(alarmType, "math", { metricQueries }))[0]).to.include({ quantity: 2, monthlyUsd: 0.6 });
            expect(lines(resource(alarmType, "band", { metricQueries: [metricQueries[0]], thresholdMetricId: "band" }))[0]).to.include({ quantity: 3 });
        });

        it("prices dashboards and composite alarms", () => {
            expect(amounts(lines(resource("aws:cloudwatch/dashboard:Dashboard", "d", {}), resource("aws:cloudwatch/compositeAlarm:CompositeAlarm", "c", {}))))
                .to.deep.equal({ "CloudWatch dashboard": 4, "CloudWatch composite alarm": 1.1 });
        });
    });

    describe("SNS", () => {
        it("lists a topic's notifications as usage-based and a subscription not at all", () => {
            const cost = estimate(resource("aws:sns/topic:Topic", "alarms", {}), resource("aws:sns/topicSubscription:TopicSubscription", "oncall", { protocol: "email" }));
            expect(cost.stacks[0].lines.map((line) => [line.item, line.monthlyUsd, line.unit])).to.deep.equal([["SNS notifications", null, "usage"]]);
            expect(cost.unpriced).to.deep.equal([]);
        });
    });

    describe("global services", () => {
        it("prices the accelerator's fixed fee and lists its data transfer premium as usage-based", () => {
            const found = lines(resource("aws:globalaccelerator/accelerator:Accelerator", "ga", {}, "us-west-2"));
            expect(found.map((line) => [line.item, line.monthlyUsd])).to.deep.equal([
                ["Global Accelerator fixed fee", 50], ["Global Accelerator data transfer premium", null],
            ]);
        });

        it("prices a Route 53 ARC cluster by the hour", () => {
            expect(amounts(lines(resource("aws:route53recoverycontrol/cluster:Cluster", "arc", {}, "us-west-2")))).to.deep.equal({ "Route 53 ARC cluster": 300 });
        });

        it("charges no queries for alias records to AWS resources, and the assumed queries otherwise", () => {
            const alias = resource("aws:route53/record:Record", "alias", { aliases: [{ name: "${alb.dnsName}" }], zoneId: "Z1" });
            const latency = resource("aws:route53/record:Record", "latency", { records: ["192.0.2.1"], latencyRoutingPolicies: [{ region: "ap-northeast-2" }], zoneId: "Z1" });
            const simple = resource("aws:route53/record:Record", "simple", { records: ["192.0.2.1"], zoneId: "Z1" });
            expect(amounts(lines(alias))).to.deep.equal({});
            expect(amounts(lines(latency))).to.deep.equal({ "Route 53 latency queries": 2.1 });
            expect(amounts(lines(simple))).to.deep.equal({ "Route 53 standard queries": 1.2 });
        });

        it("counts a looked-up hosted zone once for all stacks, apart from the stacks", () => {
            const record = (stack: string) => resource("aws:route53/record:Record", `${stack}-r`, { aliases: [{ name: "${x.dnsName}" }], zoneId: "${getZone(example.com).zoneId}" });
            const cost = estimateCost(planOf({ stack: "seoul", resources: [record("seoul")] }, { stack: "tokyo", resources: [record("tokyo")] }), testTable());
            expect(cost.shared.map((line) => [line.resource, line.monthlyUsd])).to.deep.equal([["example.com", 0.8]]);
            expect(cost.totalMonthlyUsd).to.equal(0.8);
        });
    });

    describe("EC2 fleet", () => {
        it("prices the desired instances of the launch template's type", () => {
            const template = resource("aws:ec2/launchTemplate:LaunchTemplate", "seoul-lt", { instanceType: "t3.micro" });
            const group = resource("aws:autoscaling/group:Group", "seoul-fleet", { desiredCapacity: 3, minSize: 2, launchTemplate: { id: "${seoul-lt.id}" } });
            expect(amounts(lines(template, group))).to.deep.equal({ "EC2 t3.micro instances": 3 * 100 * 0.02 });
        });
    });

    describe("totals and gaps", () => {
        it("adds the lines per stack and overall", () => {
            const cost = estimate(resource("aws:cloudwatch/dashboard:Dashboard", "d", {}), resource(alarmType, "a", { period: 60 }));
            expect(cost.stacks[0].monthlyUsd).to.be.closeTo(4.3, 1e-9);
            expect(cost.totalMonthlyUsd).to.be.closeTo(4.3, 1e-9);
        });

        it("reports an AWS type without a rule as unpriced, and free types and components not at all", () => {
            const cost = estimate(
                resource("aws:rds/instance:Instance", "db", {}),
                resource("aws:lb/listener:Listener", "l", {}),
                resource("multiregion:alb:RegionalAlb", "c", {}, undefined),
            );
            expect(cost.unpriced).to.deep.equal(["aws:rds/instance:Instance: seoul/db"]);
            expect(cost.stacks[0].lines).to.deep.equal([]);
        });

        it("leaves a region missing from the table out of the total, saying so on the line, in unpriced and in complete", () => {
            const cost = estimateCost(planOf({ stack: "paris", region: "eu-west-3", resources: [resource("aws:cloudwatch/dashboard:Dashboard", "d", {}, "eu-west-3")] }), testTable());
            expect(cost.stacks[0].lines[0]).to.include({ monthlyUsd: null, unitUsd: null });
            expect(cost.stacks[0].lines[0].note).to.match(/no eu-west-3 price .* --prices/);
            expect(cost.totalMonthlyUsd).to.equal(0);
            expect(cost.notes.join(" ")).to.contain("no price for their region");
            expect(cost.unpriced).to.deep.equal(["no eu-west-3 price for dashboardMonth: paris/d"]);
            expect(cost.complete).to.equal(false);
            expect(cost.stacks[0].complete).to.equal(false);
        });

        it("prices what a partly priced region has and lists each missing price once with every resource that needs it", () => {
            const table = parsePriceTable(overlay(testTable(), { regions: { "eu-west-2": { albHour: price(0.1, "ALB-hour") } } }), "partial");
            const plan = planOf({ stack: "london", region: "eu-west-2", resources: [
                resource("aws:lb/loadBalancer:LoadBalancer", "london-alb", { internal: true }, "eu-west-2"),
                resource(alarmType, "a", { period: 60 }, "eu-west-2"),
                resource(alarmType, "b", { period: 60 }, "eu-west-2"),
            ] }, { stack: "seoul", resources: [resource(alarmType, "c", { period: 60 })] });
            const cost = estimateCost(plan, table);
            expect(cost.stacks.map((stack) => [stack.stack, stack.monthlyUsd, stack.complete])).to.deep.equal([["london", 10, false], ["seoul", 0.3, true]]);
            expect(cost.unpriced).to.deep.equal([
                "no eu-west-2 price for albLcuHour: london/london-alb",
                "no eu-west-2 price for alarmStandardMonth: london/a, london/b",
            ]);
            expect(cost.complete).to.equal(false);
        });

        it("is complete when every line has a price or is usage-based", () => {
            const cost = estimate(resource(alarmType, "a", { period: 60 }), resource("aws:sns/topic:Topic", "alarms", {}));
            expect([cost.complete, cost.stacks[0].complete, cost.unpriced]).to.deep.equal([true, true, []]);
        });

        it("counts a type without a rule as incomplete for its stack and the total", () => {
            const cost = estimate(resource("aws:rds/instance:Instance", "db", {}));
            expect([cost.complete, cost.stacks[0].complete]).to.deep.equal([false, false]);
        });
    });

    describe("rendering", () => {
        const cost = () => estimate(resource(vpcType, "seoul-vpc", { natGateways: { strategy: "Single" } }, undefined));

        it("prints a section with the assumptions, each line and the total", () => {
            const text = renderCostText(cost());
            expect(text).to.contain("NAT gateway hours — seoul-vpc (100 x $0.2 per NAT-hour)\n                 1 NAT gateway(s) from natGateways");
            expect(text).to.contain("Total: $22.10 a month");
            expect(text).to.contain("each VPC's NAT gateways 40 GB a month");
        });

        it("writes Markdown tables per stack and per line", () => {
            const markdown = renderCostMarkdown(cost());
            expect(markdown).to.contain("| stack seoul (ap-northeast-2) | $22.10 |");
            expect(markdown).to.contain("| **Total** | **$22.10** |");
            expect(markdown).to.not.contain("incomplete");
        });

        describe("a total that leaves something out", () => {
            const partial = () => estimateCost(planOf(
                { stack: "seoul", resources: [resource(alarmType, "a", { period: 60 })] },
                { stack: "london", region: "eu-west-2", resources: [resource(alarmType, "b", { period: 60 }, "eu-west-2")] },
            ), testTable());

            it("says so on the total and the stack in the text plan, and lists what is unpriced", () => {
                const text = renderCostText(partial());
                expect(text).to.contain('  Total: $0.30 a month, incomplete: 1 unpriced item(s) are left out of it, listed under "Unpriced"');
                expect(text).to.contain("  stack london (eu-west-2): $0.00 (incomplete)");
                expect(text).to.contain("  stack seoul (ap-northeast-2): $0.30\n");
                expect(text).to.contain("  Unpriced: no eu-west-2 price for alarmStandardMonth: london/b");
            });

            it("says so in the Markdown of plan.md and the PR comment: headline, stack row and total row", () => {
                const markdown = renderCostMarkdown(partial());
                expect(markdown).to.contain("**$0.30 a month, incomplete** (incomplete: 1 unpriced item(s) are left out of it");
                expect(markdown).to.contain("| stack london (eu-west-2) | $0.00 (incomplete) |");
                expect(markdown).to.contain("| **Total** | **$0.30 (incomplete)** |");
                expect(markdown).to.contain("- Unpriced: no eu-west-2 price for alarmStandardMonth: london/b");
            });
        });
    });
});

describe("price table", () => {
    it("ships a price for every region's items with an https source and the date it was read", () => {
        const table = loadPriceTable();
        const prices = [...Object.values(table.regions).flatMap((region) => Object.values(region).flatMap((value) => ("usd" in value ? [value] : Object.values(value)))), ...Object.values(table.global)] as Price[];
        expect(prices.length).to.be.greaterThan(20);
        for (const item of prices) {
            // AWS's pricing pages, or the Price List API's offer files (docs/pricing.md).
            expect(item.source).to.match(/^https:\/\/(aws\.amazon\.com\/|pricing\.us-east-1\.amazonaws\.com\/offers\/v1\.0\/aws\/)/);
            expect(item.read).to.match(/^\d{4}-\d{2}-\d{2}$/);
        }
        expect(Object.keys(table.regions)).to.include.members(["ap-northeast-1", "ap-northeast-2", "us-west-2"]);
    });

    it("lays a --prices file over the shipped table, key by key", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "prices-")), "prices.json");
        fs.writeFileSync(file, JSON.stringify({ traffic: { natGigabytesPerMonth: 1000 }, regions: { "ap-northeast-2": { natGatewayHour: { usd: 1 } } } }));
        const table = loadPriceTable(file);
        const shipped = JSON.parse(fs.readFileSync(defaultPricesFile, "utf8")) as PriceTable;
        expect(table.traffic).to.deep.equal({ ...shipped.traffic, natGigabytesPerMonth: 1000 });
        expect(table.regions["ap-northeast-2"].natGatewayHour).to.deep.equal({ ...shipped.regions["ap-northeast-2"].natGatewayHour, usd: 1 });
        expect(table.regions["ap-northeast-2"].albHour).to.deep.equal(shipped.regions["ap-northeast-2"].albHour);
    });

    it("refuses a bad override, naming the file and every key", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "prices-")), "bad.json");
        fs.writeFileSync(file, JSON.stringify({ hoursPerMonth: 0, regions: { "ap-northeast-2": { albHour: { usd: -0.01, source: "http://example.com" } } } }));
        expect(() => loadPriceTable(file)).to.throw(new RegExp(`${file}.*hoursPerMonth must be more than 0[\\s\\S]*regions\\.ap-northeast-2\\.albHour\\.usd must be 0 or more[\\s\\S]*albHour\\.source must be an https:// URL`));
    });

    it("accepts a price of exactly 0 and an override of a whole new region", () => {
        const base = JSON.parse(fs.readFileSync(defaultPricesFile, "utf8")) as PriceTable;
        const table = parsePriceTable(overlay(base, { regions: { "eu-west-3": { ...base.regions["ap-northeast-2"], albHour: price(0) } } }), "test");
        expect(table.regions["eu-west-3"].albHour?.usd).to.equal(0);
    });

    it("says when a --prices file is missing or not JSON", () => {
        expect(() => loadPriceTable("/nonexistent/prices.json")).to.throw(/--prices \/nonexistent\/prices.json: cannot read it/);
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "prices-")), "broken.json");
        fs.writeFileSync(file, "{ not json");
        expect(() => loadPriceTable(file)).to.throw(/broken.json: not JSON/);
    });
});

describe("docs/pricing.md", () => {
    it("shows a --prices example that loads", () => {
        const docs = fs.readFileSync(path.resolve(__dirname, "..", "..", "docs", "pricing.md"), "utf8");
        const example = /```json\n([\s\S]*?)```/.exec(docs)?.[1];
        expect(example, "a json example").to.not.equal(undefined);
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "prices-")), "example.json");
        fs.writeFileSync(file, example!);
        expect(loadPriceTable(file).traffic.albAverageLcu).to.equal(5);
    });

    it("takes a region with some prices only, and names the file and key of a malformed one", () => {
        const base = JSON.parse(fs.readFileSync(defaultPricesFile, "utf8")) as PriceTable;
        const table = parsePriceTable(overlay(base, { regions: { "eu-west-3": { albHour: price(0.03) } } }), "mine.json");
        expect(table.regions["eu-west-3"].albHour?.usd).to.equal(0.03);
        expect(table.regions["eu-west-3"].albLcuHour).to.equal(undefined);
        expect(() => parsePriceTable(overlay(base, { regions: { "eu-west-3": { albLcuHour: { usd: 0.01 } } } }), "mine.json"))
            .to.throw(/mine.json: regions\.eu-west-3\.albLcuHour\.per must say what one unit is/);
    });
});

describe("price table coverage", () => {
    it("gives a stack in every commercial region a complete total, or one marked incomplete with what is missing", () => {
        const table = loadPriceTable();
        expect(regionCodes).to.have.length(34);
        const seen = { complete: 0, incomplete: 0 };
        for (const region of regionCodes) {
            const inRegion = (type: string, name: string, inputs: Record<string, unknown>) => resource(type, `${region}-${name}`, inputs, region);
            const cost = estimateCost(planOf({ stack: region, region, resources: [
                inRegion("aws:lb/loadBalancer:LoadBalancer", "alb", { subnets: ["a", "b"] }),
                inRegion("awsx:ec2:Vpc", "vpc", { natGateways: { strategy: "OnePerAz" }, numberOfAvailabilityZones: 3 }),
                inRegion("aws:ec2/launchTemplate:LaunchTemplate", "lt", { instanceType: "t3.micro" }),
                inRegion("aws:autoscaling/group:Group", "fleet", { desiredCapacity: 2, launchTemplate: { id: `\${${region}-lt.id}` } }),
                inRegion(alarmType, "alarm", { period: 60 }),
                inRegion("aws:cloudwatch/dashboard:Dashboard", "dashboard", {}),
            ] }), table);
            const text = renderCostText(cost);
            const markdown = renderCostMarkdown(cost);
            const json = JSON.parse(JSON.stringify(cost)) as CostEstimate;
            const missing = cost.stacks[0].lines.filter((line) => line.unitUsd === null && line.unit !== "usage");
            if (missing.length === 0) {
                seen.complete++;
                expect([json.complete, json.unpriced, text.includes("incomplete"), markdown.includes("incomplete")], region).to.deep.equal([true, [], false, false]);
            } else {
                seen.incomplete++;
                expect(json.complete, region).to.equal(false);
                expect(json.unpriced.join("\n"), region).to.contain(`no ${region} price for ${missing[0].unit}: ${region}/${missing[0].resource}`);
                expect(text, region).to.match(/Total: \$[\d,.]+ a month, incomplete:/);
                expect(markdown, region).to.match(/\*\*\$[\d,.]+ a month, incomplete\*\*/).and.contain("(incomplete)** |");
            }
        }
        // Both sides are exercised: the shipped table prices some regions fully and leaves others incomplete.
        expect(seen.complete).to.be.greaterThan(0);
        expect(seen.incomplete).to.be.greaterThan(0);
    });

    it("has prices for every region the examples deploy to", () => {
        const regions = exampleNames().flatMap((example) => loadAllStackConfigs(readProject(path.join(examplesDirectory, example))).map((config) => config.region));
        expect(regions).to.not.have.length(0);
        expect([...new Set(regions)].filter((region) => !(region in loadPriceTable().regions))).to.deep.equal([]);
    });
});

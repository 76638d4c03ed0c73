/**
 * Every range check at both sides of each boundary: the schema's whole-number ranges (found by
 * walking the schema, so a new range is tested without a new line here), the rules that span
 * keys, and the AWS limits (domain/awsLimits.ts). Configurations are built in memory: no
 * stack file of the repository is read.
 */
import { expect } from "chai";
import { z } from "zod";
import { problemsOf } from "./inMemory";
import { configSchema } from "../../config/schema";
import { albName } from "../../domain/naming";
import { autoNameSuffixLength, elbNameMaxLength } from "../../domain/awsFacts";
import {
    maxCertificatesPerAlb, maxRulesPerAlb, maxTagKeyLength, maxTagsPerResource, maxTagValueLength, maxTargetGroupsPerAlb,
} from "../../domain/awsLimits";

const certificate = (id: number) => `arn:aws:acm:ap-northeast-2:111122223333:certificate/${String(id).padStart(8, "0")}-0000-4000-8000-000000000000`;
const rule = (priority: number, path = `/r${priority}`) => ({ priority, conditions: { pathPatterns: [path] }, action: { type: "forward", targetGroup: "web" } });

interface JsonSchema {
    readonly type?: string;
    readonly minimum?: number;
    readonly maximum?: number;
    readonly properties?: Record<string, JsonSchema>;
    readonly additionalProperties?: JsonSchema | boolean;
    readonly items?: JsonSchema;
    readonly anyOf?: JsonSchema[];
    readonly oneOf?: JsonSchema[];
    readonly const?: unknown;
    readonly required?: string[];
    readonly enum?: unknown[];
}

/** One whole-number range of the schema: where it sits and how to set it. */
interface Range {
    readonly key: string;
    readonly min: number;
    readonly max: number;
    readonly values: (value: number) => Record<string, unknown>;
}

/** Names used for map entries and list items when walking into keyed maps and lists. */
const mapKeys: Record<string, string> = { targetGroups: "web", listenerRules: "r", tags: "t" };

/** Every whole-number range below `schema`; `build` wraps a leaf value into the entry's value. */
function ranges(schema: JsonSchema, path: string[], build: (leaf: unknown) => unknown, entry: string): Range[] {
    if (schema.type === "integer" && schema.minimum !== undefined && schema.maximum !== undefined) {
        const key = [entry, ...path].join(".");
        const values = (value: number) => ({ [entry]: build(value) });
        return [{ key, min: schema.minimum, max: schema.maximum, values }];
    }
    const options = schema.anyOf ?? schema.oneOf;
    if (options) {
        return options.flatMap((option) => ranges(option, path, build, entry));
    }
    if (schema.type === "array" && schema.items) {
        return ranges(schema.items, [...path, "0"], (leaf) => build([leaf]), entry);
    }
    if (schema.type === "object") {
        const results: Range[] = [];
        // Required fields without defaults (a discriminator, a stickiness type) get their first allowed value.
        const fixed = Object.fromEntries(Object.entries(schema.properties ?? {})
            .filter(([name]) => schema.required?.includes(name))
            .flatMap(([name, property]) => (property.const !== undefined ? [[name, property.const]] : property.enum ? [[name, property.enum[0]]] : [])));
        for (const [name, property] of Object.entries(schema.properties ?? {})) {
            results.push(...ranges(property, [...path, name], (leaf) => build({ ...fixed, [name]: leaf }), entry));
        }
        if (typeof schema.additionalProperties === "object") {
            // A map inside an entry keyed by target group (weighted forward) takes a real group's key.
            const item = path.length === 0 ? mapKeys[entry] ?? "x" : path[path.length - 1] === "targetGroups" ? "web" : "x";
            results.push(...ranges(schema.additionalProperties, [...path, item], (leaf) => build({ [item]: leaf }), entry));
        }
        return results;
    }
    return [];
}

const json = z.toJSONSchema(z.object(configSchema), { io: "input", unrepresentable: "any" }) as JsonSchema;
const allRanges = Object.entries(json.properties ?? {}).flatMap(([entry, schema]) => {
    const isGroup = schema.additionalProperties === false && entry !== "targetGroups" && entry !== "listenerRules";
    if (isGroup) {
        // Group fields are keys of their own: app:<group>.<field>.
        return Object.entries(schema.properties ?? {}).flatMap(([field, property]) =>
            ranges(property, [], (leaf) => leaf, `${entry}.${field}`));
    }
    return ranges(schema, [], (leaf) => leaf, entry);
});

describe("range checks at both sides of each boundary", () => {
    it("finds the schema's ranges (a walk that finds none would test nothing)", () => {
        expect(allRanges.length).to.be.at.least(25);
        expect(allRanges.map((range) => range.key)).to.include.members([
            "alb.idleTimeoutSeconds", "fleet.maxSize", "dns.weight", "globalAccelerator.ports.0",
            "targetGroups.web.healthCheck.intervalSeconds", "targetGroups.web.stickiness.durationSeconds",
            "listenerRules.r.priority", "listenerRules.r.action.targetGroups.web",
        ]);
    });

    for (const range of allRanges) {
        it(`${range.key}: ${range.min - 1} and ${range.max + 1} are refused, ${range.min} and ${range.max} are not`, () => {
            const message = (value: number) => `Pulumi.b.yaml: app:${range.key} must be a whole number ${range.min}..${range.max}, got ${value}`;
            for (const outside of [range.min - 1, range.max + 1]) {
                expect(problemsOf(range.values(outside))).to.include(message(outside));
            }
            for (const inside of [range.min, range.max]) {
                const problems = problemsOf(range.values(inside));
                expect(problems.filter((problem) => problem.startsWith(`Pulumi.b.yaml: app:${range.key} must be a whole number`))).to.deep.equal([]);
            }
        });
    }
});

/** [rule, the last accepted input, the first refused input, the message of the refused one]. */
const edges: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    ["VPC prefix length, short side", { "network.cidr": "10.0.0.0/16" }, { "network.cidr": "10.0.0.0/15" }, 'app:network.cidr must have a prefix length of /16 to /24, got "10.0.0.0/15"'],
    ["VPC prefix length, long side", { "network.cidr": "10.0.0.0/24" }, { "network.cidr": "10.0.0.0/25" }, 'app:network.cidr must have a prefix length of /16 to /24, got "10.0.0.0/25"'],
    ["fleet min <= max", { "fleet.minSize": 4, "fleet.maxSize": 4, "fleet.desiredCapacity": 4 }, { "fleet.minSize": 5, "fleet.maxSize": 4, "fleet.desiredCapacity": 4 }, "app:fleet.minSize must not exceed fleet.maxSize (4), got 5"],
    ["fleet desired <= max", { "fleet.desiredCapacity": 4 }, { "fleet.desiredCapacity": 5 }, "app:fleet.desiredCapacity must be within fleet.minSize..fleet.maxSize (2..4), got 5"],
    ["fleet desired >= min", { "fleet.desiredCapacity": 2 }, { "fleet.desiredCapacity": 1 }, "app:fleet.desiredCapacity must be within fleet.minSize..fleet.maxSize (2..4), got 1"],
    ["slow start is 0 or from 30", { targetGroups: { web: { slowStartSeconds: 30 } } }, { targetGroups: { web: { slowStartSeconds: 29 } } }, "app:targetGroups.web.slowStartSeconds must be 0 (off) or 30..900, got 29"],
    ["target timeout below interval", { targetGroups: { web: { healthCheck: { intervalSeconds: 10, timeoutSeconds: 9 } } } }, { targetGroups: { web: { healthCheck: { intervalSeconds: 10, timeoutSeconds: 10 } } } }, "app:targetGroups.web.healthCheck.timeoutSeconds must be below the health check's intervalSeconds, got 10"],
    ["at least 3 checker regions", { "healthCheck.regions": ["us-east-1", "us-west-1", "us-west-2"] }, { "healthCheck.regions": ["us-east-1", "us-west-1"] }, 'app:healthCheck.regions must name at least 3 different checker regions, got ["us-east-1","us-west-1"]'],
    ["at most 5 condition values", { listenerRules: { r: { ...rule(2), conditions: { pathPatterns: ["/1", "/2", "/3", "/4", "/5"] } } } }, { listenerRules: { r: { ...rule(2), conditions: { pathPatterns: ["/1", "/2", "/3", "/4", "/5", "/6"] } } } }, "app:listenerRules.r.conditions must hold at most 5 condition values in all, got 6"],
    ["at most 5 weighted target groups", { targetGroups: Object.fromEntries(["web", "a", "b", "c", "d", "e"].map((key) => [key, {}])), listenerRules: { r: { ...rule(2), action: { type: "weightedForward", targetGroups: { web: 1, a: 1, b: 1, c: 1, d: 1 } } } } },
        { targetGroups: Object.fromEntries(["web", "a", "b", "c", "d", "e"].map((key) => [key, {}])), listenerRules: { r: { ...rule(2), action: { type: "weightedForward", targetGroups: { web: 1, a: 1, b: 1, c: 1, d: 1, e: 1 } } } } }, "app:listenerRules.r.action.targetGroups must name 1 to 5 target groups, got 6"],
    [`tags: ${maxTagsPerResource - 2} of ours (the program adds 2)`, { tags: Object.fromEntries(Array.from({ length: maxTagsPerResource - 2 }, (_, index) => [`k${index}`, "v"])) },
        { tags: Object.fromEntries(Array.from({ length: maxTagsPerResource - 1 }, (_, index) => [`k${index}`, "v"])) }, 'app:tags must hold at most 48 tags: AWS allows 50 per resource and the program adds app:stack, app:region, got "49 tags"'],
    [`tag keys up to ${maxTagKeyLength} characters`, { tags: { ["k".repeat(maxTagKeyLength)]: "v" } }, { tags: { ["k".repeat(maxTagKeyLength + 1)]: "v" } }, `app:tags.${"k".repeat(37)}... (129 characters) key must be 1..128 characters, got "129 characters"`],
    [`tag values up to ${maxTagValueLength} characters`, { tags: { k: "v".repeat(maxTagValueLength) } }, { tags: { k: "v".repeat(maxTagValueLength + 1) } }, 'app:tags.k must be at most 256 characters, got "257 characters"'],
    ["tag keys are not AWS's", { tags: { "aw:x": "v" } }, { tags: { "aws:x": "v" } }, "app:tags.aws:x key is reserved (aws:* is AWS's; app:stack, app:region are the program's)"],
    [`SNI certificates up to ${maxCertificatesPerAlb}`, { "alb.certificateArn": certificate(0), "alb.sniCertificateArns": Array.from({ length: maxCertificatesPerAlb }, (_, index) => certificate(index + 1)) },
        { "alb.certificateArn": certificate(0), "alb.sniCertificateArns": Array.from({ length: maxCertificatesPerAlb + 1 }, (_, index) => certificate(index + 1)) }, 'app:alb.sniCertificateArns must list at most 25 certificates (AWS\'s limit per ALB besides the default certificate), got "26 certificates"'],
    [`target groups up to ${maxTargetGroupsPerAlb}`, { targetGroups: Object.fromEntries(Array.from({ length: maxTargetGroupsPerAlb }, (_, index) => [index === 0 ? "web" : `g${index}`, {}])) },
        { targetGroups: Object.fromEntries(Array.from({ length: maxTargetGroupsPerAlb + 1 }, (_, index) => [index === 0 ? "web" : `g${index}`, {}])) }, 'app:targetGroups must hold at most 100 target groups (AWS\'s limit per ALB), got "101 target groups"'],
    [`listener rules up to ${maxRulesPerAlb}`, { listenerRules: Object.fromEntries(Array.from({ length: maxRulesPerAlb }, (_, index) => [`r${index}`, rule(index + 2)])) },
        { listenerRules: Object.fromEntries(Array.from({ length: maxRulesPerAlb + 1 }, (_, index) => [`r${index}`, rule(index + 2)])) }, 'app:listenerRules must hold at most 100 rules (AWS\'s limit per ALB besides the default rules), got "101 rules"'],
];

describe("rules across keys and AWS limits at both sides of each boundary", () => {
    for (const [rule, accepted, refused, message] of edges) {
        it(rule, () => {
            expect(problemsOf(accepted)).to.deep.equal([]);
            expect(problemsOf(refused)).to.include(`Pulumi.b.yaml: ${message}`);
        });
    }

    it("stack names: the longest target group name plus the random suffix fits in 32 characters", () => {
        const groups = { targetGroups: { w: {} }, "alb.defaultTargetGroup": "w", "fleet.targetGroups": ["w"] };
        const longest = "s".repeat(elbNameMaxLength - autoNameSuffixLength - `${albName("")}-tg-w`.length);
        expect(problemsOf(groups, longest)).to.deep.equal([]);
        expect(problemsOf(groups, `${longest}s`)).to.deep.equal([
            `Pulumi.${longest}s.yaml: app:targetGroups.w key is too long: the target group name ${albName(`${longest}s`)}-tg-w plus 8 random characters must fit in 32`,
        ]);
    });

    it("tag keys and values: AWS's characters only, no key of the program's, no repeated certificate", () => {
        expect(problemsOf({ tags: { "team/name_1:x=y+z-@ ü": "Ünïcode value 1.0" } })).to.deep.equal([]);
        expect(problemsOf({ tags: { "team#1": "v" } })).to.deep.equal(["Pulumi.b.yaml: app:tags.team#1 key may hold only letters, digits, spaces and _ . : / = + - @"]);
        expect(problemsOf({ tags: { team: "a;b" } })).to.deep.equal(['Pulumi.b.yaml: app:tags.team may hold only letters, digits, spaces and _ . : / = + - @, got "a;b"']);
        expect(problemsOf({ tags: { "app:stack": "mine" } })).to.deep.equal(["Pulumi.b.yaml: app:tags.app:stack key is reserved (aws:* is AWS's; app:stack, app:region are the program's)"]);
        expect(problemsOf({ tags: { "AWS:x": "v" } })).to.deep.equal(["Pulumi.b.yaml: app:tags.AWS:x key is reserved (aws:* is AWS's; app:stack, app:region are the program's)"]);
        expect(problemsOf({ tags: { "": "v" } })).to.deep.equal(['Pulumi.b.yaml: app:tags. key must be 1..128 characters, got "0 characters"']);
        expect(problemsOf({ "alb.certificateArn": certificate(0), "alb.sniCertificateArns": [certificate(1), certificate(1)] }))
            .to.deep.equal([`Pulumi.b.yaml: app:alb.sniCertificateArns must not repeat a certificate (or alb.certificateArn), got ["${certificate(1)}"]`]);
        expect(problemsOf({ "alb.certificateArn": certificate(0), "alb.sniCertificateArns": [certificate(0)] }))
            .to.deep.equal([`Pulumi.b.yaml: app:alb.sniCertificateArns must not repeat a certificate (or alb.certificateArn), got ["${certificate(0)}"]`]);
    });

    // They used to make the plan hang while the program registered 20,000 rules; the check refuses them before it runs. How
    // long the check takes is measured by `npm run bench` ("config check: 20,000 ingress CIDR blocks"), not asserted here.
    it("refuses 20,000 ingress CIDR blocks at once, before the program would register a rule for each", () => {
        const problems = problemsOf({ "alb.ingressCidrs": Array.from({ length: 20000 }, (_, index) => `10.${index >> 8}.${index & 255}.0/24`) });
        expect(problems.some((problem) => problem.includes("make the ALB's security group count 20000 inbound rules"))).to.equal(true);
    });
});

/**
 * A seeded generator of stack-file sets for the plan's fuzz test: a valid project of one to three
 * regional stacks (any commercial region), then one defect of a class a new user makes. The same
 * seed gives the same sets, so a failure can be replayed.
 */
import { stringify } from "yaml";
import { z } from "zod";
import { acceleratorServes, globalAcceleratorEndpointRegions, regionCodes } from "../../domain/regions";
import { groupSchemas } from "../../config/schema";

/** The kinds of sets the fuzz test generates. */
export const fuzzClasses = [
    "valid", "wrong-type", "out-of-range", "missing-key", "unknown-key", "yaml-error",
    "unicode", "huge-value", "region", "accelerator-ownership", "extra-stack",
] as const;

/** One kind of set. */
export type FuzzClass = (typeof fuzzClasses)[number];

/** A project's files: name -> text. */
export type ProjectTexts = Record<string, string>;

/** One generated set. */
export interface FuzzSet {
    /** Its kind. */
    readonly kind: FuzzClass;
    /** What was done to the valid base, for the report. */
    readonly defect: string;
    /** The files. */
    readonly files: ProjectTexts;
}

/** A deterministic random source (mulberry32). */
export interface Random {
    /** A number in [0, 1). */
    next(): number;
    /** A whole number in [0, n). */
    below(n: number): number;
    /** One of `items`. */
    pick<T>(items: readonly T[]): T;
    /** True with probability `p`. */
    chance(p: number): boolean;
}

/**
 * A random source for `seed`.
 * @param seed any 32-bit whole number
 */
export function seeded(seed: number): Random {
    let state = seed >>> 0;
    const next = () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const below = (n: number) => Math.floor(next() * n);
    return { next, below, pick: (items) => items[below(items.length)], chance: (p) => next() < p };
}

type Config = Record<string, unknown>;

interface Leaf {
    readonly key: string;
    readonly type: string;
    readonly minimum?: number;
    readonly maximum?: number;
    readonly values?: readonly unknown[];
}

/** Every group field of the schema with its JSON type and range. */
const leaves: readonly Leaf[] = Object.entries(groupSchemas).flatMap(([group, schema]) => {
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties: Record<string, { type?: string; minimum?: number; maximum?: number; enum?: unknown[]; anyOf?: { type?: string }[] }> };
    return Object.entries(json.properties).map(([field, property]) => ({
        key: `app:${group}.${field}`,
        type: property.type ?? property.anyOf?.[0]?.type ?? "string",
        minimum: property.minimum,
        maximum: property.maximum,
        values: property.enum,
    }));
});

const stackNames = ["seoul", "tokyo", "osaka", "frankfurt", "virginia", "sydney", "mumbai"];

function certificate(region: string, random: Random): string {
    const hex = () => random.below(0xffff).toString(16).padStart(4, "0");
    return `arn:aws:acm:${region}:111122223333:certificate/${hex()}${hex()}-${hex()}-4${hex().slice(1)}-8${hex().slice(1)}-${hex()}${hex()}${hex()}`;
}

/** A valid project: 1..3 stacks, distinct regions, DNS and maybe the accelerator, random valid tweaks. */
function validBase(random: Random, index: number): { project: Config; stacks: Record<string, Config> } {
    // Mostly one or two stacks: the fuzz test must stay near 30 s; three-stack sets still occur.
    const count = random.chance(0.1) ? 3 : 1 + random.below(2);
    const names = [...stackNames].sort(() => random.next() - 0.5).slice(0, count);
    const regionsUsed = new Set<string>();
    const dns = random.chance(0.6);
    const accelerator = random.chance(0.4);
    const stacks: Record<string, Config> = {};
    // Production stacks must meet every production requirement; dev stacks may relax them.
    const production = random.chance(0.5);
    names.forEach((name, position) => {
        // The first stack walks the region table so every commercial region is planned.
        let region = position === 0 ? regionCodes[index % regionCodes.length] : random.pick(regionCodes);
        while (regionsUsed.has(region)) {
            region = random.pick(regionCodes);
        }
        regionsUsed.add(region);
        const config: Config = { "aws:region": region, "app:network.cidr": `10.${10 + position}.0.0/16`, "app:environment": production ? "production" : "dev" };
        if (production) {
            config["app:network.natGateways"] = random.pick(["none", "onePerAz"]);
        }
        if (random.chance(0.5)) {
            config["app:alb.certificateArn"] = certificate(region, random);
        }
        if (random.chance(0.3)) {
            config["app:network.availabilityZones"] = 2 + random.below(2);
        }
        if (!production && random.chance(0.3)) {
            config["app:network.natGateways"] = random.pick(["none", "single", "onePerAz"]);
        }
        // Global Accelerator has endpoints in most regions only (domain/regions.ts).
        const joins = accelerator && acceleratorServes(region);
        // Without the fleet no target group has targets, which DNS health checks and the accelerator refuse.
        if (!dns && !joins && random.chance(0.2)) {
            config["app:fleet.enabled"] = false;
        }
        if (random.chance(0.3)) {
            // With the 60 s keepalive, an idle timeout must leave clients on open connections within the
            // 180 s objective once traffic moved (config/rules/connections.ts): DNS moves in 90 s, the accelerator in 50 s.
            config["app:alb.idleTimeoutSeconds"] = 1 + random.below(dns ? 30 : accelerator ? 70 : 4000);
        }
        if (!production && random.chance(0.2)) {
            config["app:alb.deletionProtection"] = false;
        }
        if (dns) {
            config["app:dns.zoneName"] = "example.com";
            if (count === 1 || position > 1) {
                config["app:dns.failover"] = false;
            } else {
                config["app:dns.failoverRole"] = position === 0 ? "PRIMARY" : "SECONDARY";
            }
            config["app:dns.weight"] = 1 + random.below(255);
        }
        if (joins) {
            config["app:globalAccelerator.enabled"] = true;
            config["app:globalAccelerator.globalStack"] = "organization/app/global";
        }
        stacks[name] = config;
    });
    if (Object.values(stacks).some((config) => config["app:globalAccelerator.enabled"] === true)) {
        // The accelerator lives in its own global stack; port 80 is every ALB's listener port.
        stacks.global = { "aws:region": "us-west-2", "app:scope": "global", "app:environment": production ? "production" : "dev", "app:globalAccelerator.enabled": true, "app:globalAccelerator.ports": [80] };
    }
    return { project: { name: "app", runtime: "nodejs" }, stacks };
}

function texts(project: Config, stacks: Record<string, Config>, extra: ProjectTexts = {}): ProjectTexts {
    const files: ProjectTexts = { "Pulumi.yaml": stringify(project) };
    for (const [name, config] of Object.entries(stacks)) {
        files[`Pulumi.${name}.yaml`] = stringify({ config });
    }
    return { ...files, ...extra };
}

function wrongType(leaf: Leaf, random: Random): unknown {
    switch (leaf.type) {
        case "integer": case "number": return random.pick(["sixty", true, [1, 2], { value: 1 }, 1.5, "", null]);
        case "boolean": return random.pick(["yes", 1, "TRUE", [true], { on: true }, null]);
        case "array": return random.pick(["a,b", 3, { item: "x" }, [1, { a: 2 }], null]);
        // A number or boolean where text is expected reaches the program as text (Pulumi passes every value as a string).
        default: return random.pick([["x"], { a: "b" }, [1, 2]]);
    }
}

function outOfRange(leaf: Leaf, random: Random): unknown {
    if (leaf.minimum !== undefined && leaf.maximum !== undefined) {
        return random.pick([leaf.minimum - 1, leaf.maximum + 1, -1e12, 1e12, Number.MAX_SAFE_INTEGER + 2]);
    }
    if (leaf.values) {
        return `${String(random.pick(leaf.values))}x`;
    }
    return random.pick(["", " ", "-", "/", "x".repeat(300), "UPPER CASE", "../../etc"]);
}

/**
 * The `index`th set of a run.
 * @param random the run's random source
 * @param index the set's number, which also picks the first stack's region
 */
export function generateSet(random: Random, index: number): FuzzSet {
    const kind = fuzzClasses[index % fuzzClasses.length];
    const { project, stacks } = validBase(random, index);
    const names = Object.keys(stacks).filter((name) => name !== "global");
    // The defect goes into a regional stack: the global stack ignores the regions' keys.
    const victim = random.pick(names);
    const config = stacks[victim];
    const set = (defect: string, extra?: ProjectTexts): FuzzSet => ({ kind, defect, files: texts(project, stacks, extra) });
    switch (kind) {
        case "valid":
            return set("none");
        case "wrong-type": {
            const leaf = random.pick(leaves);
            config[leaf.key] = wrongType(leaf, random);
            return set(`${victim}: ${leaf.key} = ${JSON.stringify(config[leaf.key])}`);
        }
        case "out-of-range": {
            const leaf = random.pick(leaves.filter((item) => item.type !== "boolean"));
            config[leaf.key] = outOfRange(leaf, random);
            return set(`${victim}: ${leaf.key} = ${JSON.stringify(config[leaf.key]).slice(0, 40)}`);
        }
        case "missing-key": {
            const choice = random.below(4);
            if (choice === 0) {
                delete config["aws:region"];
                return set(`${victim}: no aws:region`);
            }
            if (choice === 1 && config["app:dns.failoverRole"] !== undefined) {
                delete config["app:dns.failoverRole"];
                return set(`${victim}: no dns.failoverRole`);
            }
            if (choice === 2) {
                return set(`${victim}: empty file`, { [`Pulumi.${victim}.yaml`]: "" });
            }
            return set("Pulumi.yaml without a name", { "Pulumi.yaml": "runtime: nodejs\n" });
        }
        case "unknown-key": {
            const leaf = random.pick(leaves);
            const typo = leaf.key.slice(0, -1) + random.pick(["", "s", "x", leaf.key.slice(-1).toUpperCase()]);
            config[typo === leaf.key ? `${leaf.key}2` : typo] = random.pick([1, "x", true]);
            if (random.chance(0.3)) {
                config["app:targetGroups"] = { web: { port: 80, healthCheck: { pathh: "/x" } } };
            }
            return set(`${victim}: ${typo}`);
        }
        case "yaml-error": {
            const text = stringify({ config });
            const broken = random.pick([
                `${text}  aws:region: us-east-1\n`,
                text.replace("config:\n", "config:\n\t"),
                `${text}  app:dns.zoneName: "unclosed\n`,
                text.replace(/\n {2}/, "\n      "),
                `${text}: : :\n`,
                "config: [\n",
            ]);
            return set(`${victim}: broken YAML`, { [`Pulumi.${victim}.yaml`]: broken });
        }
        case "unicode": {
            const strange = random.pick(["서울", "東京", "🚀", "a\u200bb", "\u202eevil", "Ä", "x\u0000y"]);
            const target = random.pick(["app:dns.failoverName", "app:tags", "app:targetGroups", "app:fleet.instanceType", "app:alb.defaultTargetGroup", "key"]);
            if (target === "app:tags") {
                config[target] = { [strange]: strange };
            } else if (target === "app:targetGroups") {
                config[target] = { [strange]: { port: 80 } };
            } else if (target === "key") {
                config[`app:${strange}`] = strange;
            } else {
                config[target] = strange;
            }
            return set(`${victim}: ${target} with ${JSON.stringify(strange)}`);
        }
        case "huge-value": {
            const region = String(config["aws:region"] ?? "us-east-1");
            const choice = random.below(6);
            const huge: [string, unknown][] = [
                ["app:tags", { big: "x".repeat(1024 * 1024) }],
                ["app:alb.ingressCidrs", Array.from({ length: 20000 }, (_, item) => `10.${item >> 8}.${item & 255}.0/24`)],
                ["app:alb.sniCertificateArns", Array.from({ length: 2000 }, () => certificate(region, random))],
                ["app:targetGroups", Object.fromEntries(Array.from({ length: 500 }, (_, item) => [item === 0 ? "web" : `g${item}`, { port: 80 }]))],
                ["app:listenerRules", Object.fromEntries(Array.from({ length: 200 }, (_, item) => [`r${item}`, { priority: item + 2, conditions: { pathPatterns: [`/${item}`] }, action: { type: "forward", targetGroup: "web" } }]))],
                ["app:tags", Object.fromEntries(Array.from({ length: 60 }, (_, item) => [`k${item}`, "v"]))],
            ];
            const [key, value] = huge[choice];
            config[key] = value;
            if (key === "app:alb.sniCertificateArns") {
                config["app:alb.certificateArn"] = certificate(region, random);
            }
            return set(`${victim}: huge ${key}`);
        }
        case "region": {
            const region = random.pick(["xx-north-9", "us-gov-west-1", "cn-north-1", "AP-NORTHEAST-2", "", "ap-northeast-2 ", "eu-central-3", "mars-1"]);
            config["aws:region"] = region;
            return set(`${victim}: aws:region = ${JSON.stringify(region)}`);
        }
        case "accelerator-ownership": {
            // Only stacks that can join (a region the accelerator serves, a fleet in the target groups);
            // when none can, a plain member in a served region joins, so every mistake below is the only one.
            const regional = names.filter((name) => acceleratorServes(String(stacks[name]["aws:region"])) && stacks[name]["app:fleet.enabled"] !== false);
            if (regional.length === 0) {
                const used = new Set(names.map((name) => stacks[name]["aws:region"]));
                stacks.member = { "aws:region": globalAcceleratorEndpointRegions.find((region) => !used.has(region))!, "app:network.cidr": "10.20.0.0/16" };
                regional.push("member");
            }
            for (const name of regional) {
                stacks[name]["app:globalAccelerator.enabled"] = true;
                stacks[name]["app:globalAccelerator.globalStack"] = "organization/app/global";
                // Now in a failover path: an idle timeout drawn for a stack in none may be too long (see validBase).
                if (Number(stacks[name]["app:alb.idleTimeoutSeconds"] ?? 0) > 70) {
                    delete stacks[name]["app:alb.idleTimeoutSeconds"];
                }
            }
            stacks.global = { "aws:region": "us-west-2", "app:scope": "global", "app:globalAccelerator.enabled": true, "app:globalAccelerator.ports": [80] };
            const [first] = regional;
            const mistake = random.below(5);
            if (mistake === 0) {
                delete stacks.global;
                return set("no global stack");
            }
            if (mistake === 1) {
                stacks[first]["app:globalAccelerator.globalStack"] = "organization/app/globl";
                return set("globalStack names a missing stack");
            }
            if (mistake === 2) {
                stacks.global["app:globalAccelerator.enabled"] = false;
                return set("the global stack turns the accelerator off");
            }
            if (mistake === 3) {
                stacks[first]["app:globalAccelerator.globalStack"] = `organization/app/${first}`;
                return set("a region names itself");
            }
            stacks.blue = { ...stacks.global };
            return set("two global stacks");
        }
        case "extra-stack": {
            const region = String(config["aws:region"] ?? "us-east-1");
            const extra = random.pick<[string, string]>([
                ["Pulumi.blue.yaml", stringify({ config: { ...config } })],
                ["Pulumi.green.yml", stringify({ config: { "aws:region": region } })],
                ["Pulumi.list.yaml", "- a\n- b\n"],
                ["Pulumi.scalar.yaml", "just text\n"],
                ["Pulumi.Seoul_Prod.yaml", stringify({ config: { "aws:region": "ap-northeast-2" } })],
                ["Pulumi.noconfig.yaml", "encryptionsalt: abc\n"],
            ]);
            return set(`extra ${extra[0]}`, { [extra[0]]: extra[1] });
        }
    }
}

/**
 * The price table of the cost estimate: one JSON file (prices.json beside this module) with
 * every price per region (and the global services'), each with its public AWS pricing page and
 * the date it was read, plus the traffic assumptions. `npm run plan -- --prices FILE` lays a
 * file of the same shape (any subset of it) over the shipped table. docs/pricing.md explains it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { InputError } from "../../domain/exitCodes";
// Imported, not read by path, so that the build copies it into bin/ beside the compiled module.
import shippedPrices from "./prices.json";

/** Where the shipped table lives (its name labels validation messages). */
export const defaultPricesFile = path.join(__dirname, "prices.json");

const price = z.object({
    usd: z.number({ error: "must be a number of US dollars" }).min(0, { error: "must be 0 or more" }),
    per: z.string({ error: "must say what one unit is" }),
    source: z.string({ error: "must be the public pricing page's URL" }).regex(/^https:\/\//, { error: "must be an https:// URL of the public pricing page" }),
    read: z.string({ error: "must be the date the page was read" }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date YYYY-MM-DD" }),
}, { error: "must be a price: { usd, per, source, read }" });

/** One price: what it costs, per what, where it was read and when. */
export type Price = z.infer<typeof price>;

const regionalPrices = z.object({
    albHour: price,
    albLcuHour: price,
    natGatewayHour: price,
    natGatewayGigabyte: price,
    publicIpv4Hour: price,
    instanceHour: z.record(z.string(), price),
    alarmStandardMonth: price,
    alarmHighResolutionMonth: price,
    alarmCompositeMonth: price,
    dashboardMonth: price,
}, { error: "must be the prices of one region" })
    // A region holds the prices read from a source; a missing one makes each line that needs it
    // "no price" and the total incomplete (never a guess).
    .partial();

/** The prices of one region (those the table has). */
export type RegionalPrices = z.infer<typeof regionalPrices>;

const nonNegative = (what: string) => z.number({ error: `must be ${what}` }).min(0, { error: `must be ${what}` });

const priceTable = z.object({
    currency: z.literal("USD", { error: "must be USD" }),
    hoursPerMonth: z.number({ error: "must be a number of hours" }).positive({ error: "must be more than 0" }),
    traffic: z.object({
        /** Average Load Balancer Capacity Units each ALB uses, every hour of the month. */
        albAverageLcu: nonNegative("a number of LCUs, 0 or more"),
        /** Gigabytes each VPC's NAT gateways process in a month (together). */
        natGigabytesPerMonth: nonNegative("a number of gigabytes, 0 or more"),
        /** Millions of DNS queries a month for each record name that is not an alias to an AWS resource. */
        dnsQueriesMillionsPerMonth: nonNegative("a number of millions, 0 or more"),
    }, { error: "must be the traffic assumptions" }),
    regions: z.record(z.string(), regionalPrices),
    global: z.object({
        acceleratorHour: price,
        healthCheckAwsMonth: price,
        healthCheckNonAwsMonth: price,
        healthCheckOptionAwsMonth: price,
        healthCheckOptionNonAwsMonth: price,
        hostedZoneMonth: price,
        standardQueriesMillion: price,
        latencyQueriesMillion: price,
        recoveryClusterHour: price,
    }, { error: "must be the prices of the global services" }),
});

/** The whole table. */
export type PriceTable = z.infer<typeof priceTable>;

/** The traffic assumptions. */
export type TrafficAssumptions = PriceTable["traffic"];

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `override` laid over `base`: objects merge key by key, anything else replaces. */
export function overlay(base: unknown, override: unknown): unknown {
    if (!isPlainObject(base) || !isPlainObject(override)) {
        return override;
    }
    const merged: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override)) {
        merged[key] = key in base ? overlay(base[key], value) : value;
    }
    return merged;
}

/** Validates a table; every problem at once, each naming the file and the key. */
export function parsePriceTable(data: unknown, fileLabel: string): PriceTable {
    const result = priceTable.safeParse(data);
    if (!result.success) {
        const problems = result.error.issues.map((issue) => `${fileLabel}: ${issue.path.join(".") || "(top level)"} ${issue.message}`);
        throw new InputError(problems.join("\n"));
    }
    return result.data;
}

function readJson(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new InputError(`--prices ${file}: cannot read it (${error instanceof Error ? error.message : String(error)})`);
    }
    try {
        return JSON.parse(text) as unknown;
    } catch (error) {
        throw new InputError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
}

/** The shipped table, with `overrideFile` (a JSON file of the same shape, any subset) laid over it. */
export function loadPriceTable(overrideFile?: string): PriceTable {
    const shipped: unknown = shippedPrices;
    if (overrideFile === undefined) {
        return parsePriceTable(shipped, path.basename(defaultPricesFile));
    }
    return parsePriceTable(overlay(shipped, readJson(overrideFile)), `${overrideFile} (over ${path.basename(defaultPricesFile)})`);
}

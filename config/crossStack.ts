/**
 * Rules no single stack can check, run over every stack file at once: the shared record names,
 * the one Global Accelerator owner, and parity between regions. Each stack's program encodes
 * only its own share (program/region.ts), so these are the only guard against, say, two
 * PRIMARY records for one name.
 */
import { StackConfig, stackFileName } from "./load";
import { dnsEnabled, healthCheckEndpoint, isGlobalStack } from "./derive";
import { checkAcceleratorStacks } from "./acceleratorStacks";
import { setIdentifier } from "../domain/naming";
import { checkDashboardOwnership, checkRoutingControlOwnership } from "./crossStackObservability";
import { checkCapacity } from "./crossStackCapacity";
import type { CrossStackFinding } from "./crossStackTypes";

export type { CrossStackFinding } from "./crossStackTypes";

/** A stack whose file has input errors: the cross-stack checks cannot see its settings. */
export interface UncheckedStack {
    /** Stack name. */
    readonly stack: string;
    /** Its stack file, e.g. `Pulumi.seoul.yaml`. */
    readonly file: string;
    /** Its environment when the configuration names a valid one; absent when unknown (it could belong to any). */
    readonly environment?: string;
}

/** What the checks read of a planned resource. */
export interface CheckedResource {
    /** Type token. */
    readonly type: string;
    /** Logical name. */
    readonly name: string;
    /** The inputs the program asked for. */
    readonly inputs: Record<string, unknown>;
}

/** A stack as the checks see it: its validated configuration and, when planned, its resources. */
export interface CheckedStack {
    /** The validated configuration. */
    readonly config: StackConfig;
    /** The planned resources, when the stack was planned. */
    readonly resources?: readonly CheckedResource[];
}

export { referencedStackName } from "./acceleratorStacks";

/**
 * Runs every cross-stack check among the stacks of each environment: a dev stack neither joins
 * production's failover pair nor needs a partner of its own. An environment that may hold a
 * stack with input errors is not checked (one `not-checked` finding says so): every check
 * counts or compares all of its stacks, so without one of them a finding could be false.
 * @param stacks every valid stack, with its resources when planned
 * @param ownership the accelerator-stack findings when already computed before planning (checkAcceleratorOwnership)
 * @param unchecked the stacks whose files have input errors
 * @default ownership computed here
 * @default unchecked none
 */
export function checkAcrossStacks(stacks: readonly CheckedStack[], ownership?: readonly CrossStackFinding[], unchecked: readonly UncheckedStack[] = []): CrossStackFinding[] {
    const findings = [
        ...[...byEnvironment(stacks, (stack) => stack.config).entries()].flatMap(([environment, members]) => {
            const blockers = blockersOf(environment, unchecked);
            return blockers.length > 0 ? [notChecked(environment, blockers)] : checkEnvironment(members).map((finding) => ({ ...finding, environment }));
        }),
        ...(ownership ?? checkAcceleratorOwnership(stacks.map((stack) => stack.config), unchecked)),
    ];
    const files = new Map<string, string>([...unchecked.map((item) => [item.stack, item.file] as const), ...stacks.map(({ config }) => [config.stack, config.stackFile] as const)]);
    return findings.map((finding) => ({ ...finding, files: finding.stacks.map((stack) => files.get(stack) ?? stackFileName(stack)) }));
}

/** The stacks with input errors that may belong to `environment` (those whose environment is unknown may belong to any). */
function blockersOf(environment: string, unchecked: readonly UncheckedStack[]): UncheckedStack[] {
    return unchecked.filter((item) => item.environment === undefined || item.environment === environment);
}

function notChecked(environment: string, blockers: readonly UncheckedStack[]): CrossStackFinding {
    const files = blockers.map((item) => item.file).join(", ");
    return {
        check: "not-checked", level: "not-checked", environment, stacks: blockers.map((item) => item.stack),
        message: `the cross-stack checks of ${environment} did not run: ${files} ${blockers.length === 1 ? "has" : "have"} input errors, and every check needs the settings of each stack; fix the errors above and plan again`,
    };
}

/** Items grouped by their stack's environment. */
function byEnvironment<T>(items: readonly T[], configOf: (item: T) => StackConfig): Map<string, T[]> {
    const environments = new Map<string, T[]>();
    for (const item of items) {
        const environment = configOf(item).settings.environment;
        environments.set(environment, [...(environments.get(environment) ?? []), item]);
    }
    return environments;
}

function checkEnvironment(stacks: readonly CheckedStack[]): CrossStackFinding[] {
    const all = stacks.map((stack) => stack.config);
    // The global stack serves no region: the regional rules look at regional stacks only.
    const configs = all.filter((config) => !isGlobalStack(config.settings));
    return [
        ...checkSharedZone(configs),
        ...checkFailoverRoles(configs),
        ...checkSetIdentifiers(configs),
        ...checkNamesInEveryRegion(configs),
        ...checkWeights(configs),
        ...checkLatencyRegions(stacks),
        ...checkRoutingControlOwnership(configs),
        ...checkDashboardOwnership(configs),
        ...checkCapacity(configs),
        ...checkParity(configs),
    ];
}

function dnsStacks(configs: readonly StackConfig[]): StackConfig[] {
    return configs.filter((config) => dnsEnabled(config.settings));
}

/** Groups stacks by the value `key` gives them, leaving out stacks where it is undefined. */
function groupBy<T>(configs: readonly StackConfig[], key: (config: StackConfig) => T | undefined): Map<T, StackConfig[]> {
    const groups = new Map<T, StackConfig[]>();
    for (const config of configs) {
        const value = key(config);
        if (value !== undefined) {
            groups.set(value, [...(groups.get(value) ?? []), config]);
        }
    }
    return groups;
}

const names = (configs: readonly StackConfig[]) => configs.map((config) => config.stack);

function checkSharedZone(configs: readonly StackConfig[]): CrossStackFinding[] {
    const zones = groupBy(dnsStacks(configs), ({ settings }) => settings.dns.zoneId || settings.dns.zoneName);
    return zones.size > 1
        ? [{
            check: "shared-zone", level: "error", stacks: names(dnsStacks(configs)),
            message: `stacks use different hosted zones (${[...zones.entries()].map(([zone, members]) => `${zone}: ${names(members).join(", ")}`).join("; ")}); shared names need one zone`,
        }]
        : [];
}

function checkFailoverRoles(configs: readonly StackConfig[]): CrossStackFinding[] {
    const findings: CrossStackFinding[] = [];
    const byName = groupBy(dnsStacks(configs), ({ settings }) => (settings.dns.failover ? settings.dns.failoverName : undefined));
    for (const [name, members] of byName) {
        for (const role of ["PRIMARY", "SECONDARY"] as const) {
            const holders = members.filter(({ settings }) => settings.dns.failoverRole === role);
            if (holders.length !== 1) {
                findings.push({
                    check: "failover-roles", level: "error", stacks: names(holders.length > 0 ? holders : members),
                    message: `failover name "${name}" needs exactly one ${role} record, found ${holders.length}${holders.length > 0 ? ` (${names(holders).join(", ")})` : ""}: ` +
                        "set app:dns.failoverRole in the stack files; failover takes exactly one PRIMARY and one SECONDARY, so further regions set app:dns.failover: false and serve through the weighted and latency records and the accelerator",
                });
            }
        }
    }
    return findings;
}

/** Every (record name, routing kind) a stack serves. */
function recordNames(config: StackConfig): { kind: "failover" | "weighted" | "latency"; name: string }[] {
    const dns = config.settings.dns;
    return [
        ...(dns.failover ? [{ kind: "failover" as const, name: dns.failoverName }] : []),
        ...(dns.weighted ? [{ kind: "weighted" as const, name: dns.weightedName }] : []),
        ...(dns.latency ? [{ kind: "latency" as const, name: dns.latencyName }] : []),
    ];
}

function checkSetIdentifiers(configs: readonly StackConfig[]): CrossStackFinding[] {
    const findings: CrossStackFinding[] = [];
    const seen = new Map<string, string>();
    for (const config of dnsStacks(configs)) {
        for (const { name } of recordNames(config)) {
            const key = `${name}#${setIdentifier(config.region)}`;
            const other = seen.get(key);
            if (other !== undefined) {
                findings.push({
                    check: "set-identifiers", level: "error", stacks: [other, config.stack],
                    message: `record "${name}" gets set identifier ${setIdentifier(config.region)} from both ${other} and ${config.stack}: two stacks in one region cannot share a name`,
                });
            }
            seen.set(key, config.stack);
        }
    }
    return findings;
}

function checkNamesInEveryRegion(configs: readonly StackConfig[]): CrossStackFinding[] {
    const findings: CrossStackFinding[] = [];
    const stacks = dnsStacks(configs);
    for (const kind of ["weighted", "latency"] as const) {
        const all = new Set(stacks.flatMap((config) => recordNames(config).filter((record) => record.kind === kind).map((record) => record.name)));
        for (const name of all) {
            const missing = stacks.filter((config) => !recordNames(config).some((record) => record.kind === kind && record.name === name));
            if (missing.length > 0) {
                findings.push({
                    check: "names-in-every-region", level: "error", stacks: names(missing),
                    message: `${kind} name "${name}" has no record in ${names(missing).join(", ")}: every region must answer it (set app:dns.${kind}Name, or turn app:dns.${kind} off everywhere)`,
                });
            }
        }
    }
    return findings;
}

function checkWeights(configs: readonly StackConfig[]): CrossStackFinding[] {
    const byName = groupBy(dnsStacks(configs), ({ settings }) => (settings.dns.weighted ? settings.dns.weightedName : undefined));
    return [...byName.entries()]
        .filter(([, members]) => members.every(({ settings }) => settings.dns.weight === 0))
        .map(([name, members]) => ({
            check: "weights", level: "warning" as const, stacks: names(members),
            message: `every weight of "${name}" is 0, which AWS accepts: Route 53 then answers with every region's record with equal probability ` +
                "(Route 53 API Reference, ResourceRecordSet Weight), so the weights decide nothing; give at least one region a weight above 0 to steer traffic",
        }));
}

function checkLatencyRegions(stacks: readonly CheckedStack[]): CrossStackFinding[] {
    const findings: CrossStackFinding[] = [];
    for (const { config, resources } of stacks) {
        for (const record of (resources ?? []).filter((resource) => resource.type === "aws:route53/record:Record")) {
            const policies = record.inputs.latencyRoutingPolicies as { region?: string }[] | undefined;
            for (const policy of policies ?? []) {
                if (policy.region !== config.region) {
                    findings.push({
                        check: "latency-regions", level: "error", stacks: [config.stack],
                        message: `latency record ${record.name} claims region ${policy.region} but its stack deploys ${config.region}`,
                    });
                }
            }
        }
    }
    return findings;
}

/**
 * The accelerator's stacks checked before any stack is planned (a member's StackReference cannot
 * be read when its global stack is missing, creates no accelerator or turned it off), per
 * environment, so the plan explains the mistake instead of failing inside the reference.
 * @param configs every valid stack configuration
 * @param unchecked the stacks whose files have input errors: their environments are not checked
 * @default unchecked none
 */
export function checkAcceleratorOwnership(configs: readonly StackConfig[], unchecked: readonly UncheckedStack[] = []): CrossStackFinding[] {
    return [...byEnvironment(configs, (config) => config).entries()]
        .filter(([environment]) => blockersOf(environment, unchecked).length === 0)
        .flatMap(([environment, members]) => checkAcceleratorStacks(members).map((finding) => ({ ...finding, environment })));
}

/** Settings that should match between regions, so either can take the other's traffic alike. */
const paritySettings: Record<string, (config: StackConfig) => unknown> = {
    "listeners": ({ settings }) => (settings.alb.certificateArn ? "HTTP->HTTPS redirect + HTTPS" : "HTTP only"),
    "TLS policy": ({ settings }) => settings.alb.sslPolicy,
    "target groups": ({ settings }) => settings.targetGroups,
    "listener rules": ({ settings }) => settings.listenerRules,
    // Checker regions are each region's nearest, and inversion is a drill's lever: neither is parity.
    "health checks": (config) => ({ ...config.settings.healthCheck, ...healthCheckEndpoint(config.settings), regions: undefined, inverted: undefined }),
};

function checkParity(configs: readonly StackConfig[]): CrossStackFinding[] {
    // Fewer than two stacks make at most one variant per aspect, so nothing to compare.
    return Object.entries(paritySettings).flatMap(([aspect, read]) => {
        const variants = groupBy(configs, (config) => JSON.stringify(read(config)));
        if (variants.size <= 1) {
            return [];
        }
        const [first, ...others] = [...variants.values()];
        const differences = others.flatMap((members) => differingLeaves(read(first[0]), read(members[0])).slice(0, 3).map(({ path, left, right }) =>
            `${path ? `${path}: ` : ""}${show(left)} in ${names(first).join(", ")} vs ${show(right)} in ${names(members).join(", ")}`));
        return [{
            check: "parity", level: "warning" as const, stacks: names(configs),
            message: `${aspect} differ between regions (${differences.join("; ")}): a failover moves users to a region that behaves differently`,
        }];
    });
}

function show(value: unknown): string {
    return value === undefined ? "unset" : typeof value === "string" ? value : JSON.stringify(value);
}

/** The leaves (dotted paths) where two plain values differ, with both sides. */
function differingLeaves(left: unknown, right: unknown, path = ""): { path: string; left: unknown; right: unknown }[] {
    const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
    if (isRecord(left) && isRecord(right)) {
        const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
        return keys.flatMap((key) => differingLeaves(left[key], right[key], path ? `${path}.${key}` : key));
    }
    return JSON.stringify(left) === JSON.stringify(right) ? [] : [{ path, left, right }];
}

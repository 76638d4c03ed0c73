/**
 * The plan for people: per stack a tree of resources (component -> children) with the inputs
 * that matter, listener rules in priority order, the VPC's modelled children, the stack
 * outputs, warnings, totals, failover predictions, policy and cross-stack findings, and last a
 * one-line verdict. No line is longer than 120 characters: a resource keeps one line, cut with
 * an ellipsis, except the resources whose values decide where traffic goes (records, health
 * checks, endpoint groups), which show every such value on continuation lines; prose wraps.
 * Problems (stacks that could not be planned) are rendered separately, for stderr.
 */
import { Plan, planExitCode, PlanResource, StackPlan } from "./planner";
import { Palette, plain } from "./colour";
import { replacementLines } from "./replacements";
import { capacityLines, recoveryLines } from "./recoveryText";
import { ExitCode } from "../domain/exitCodes";

/** No line of the text plan is longer than this many characters. */
export const lineWidth = 120;

/** The inputs worth a reviewer's eye, per type; other types show every input but tags. */
const shownInputs: Readonly<Record<string, readonly string[]>> = {
    "pulumi:providers:aws": ["region"],
    "awsx:ec2:Vpc": ["cidrBlock", "numberOfAvailabilityZones", "natGateways"],
    "aws:lb/loadBalancer:LoadBalancer": ["internal", "idleTimeout", "clientKeepAlive", "enableHttp2", "desyncMitigationMode", "dropInvalidHeaderFields", "enableDeletionProtection", "accessLogs"],
    "aws:lb/listener:Listener": ["port", "protocol", "sslPolicy", "certificateArn", "defaultActions"],
    "aws:lb/listenerCertificate:ListenerCertificate": ["certificateArn"],
    "aws:lb/listenerRule:ListenerRule": ["priority", "conditions", "actions"],
    "aws:lb/targetGroup:TargetGroup": ["targetType", "port", "protocol", "healthCheck", "stickiness", "deregistrationDelay", "slowStart", "loadBalancingAlgorithmType"],
    "aws:ec2/securityGroup:SecurityGroup": ["description"],
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ["ipProtocol", "fromPort", "toPort", "cidrIpv4", "prefixListId", "referencedSecurityGroupId"],
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ["ipProtocol", "fromPort", "toPort", "cidrIpv4", "referencedSecurityGroupId"],
    "aws:s3/bucket:Bucket": [],
    "aws:s3/bucketPolicy:BucketPolicy": [],
    "aws:ec2/launchTemplate:LaunchTemplate": ["imageId", "instanceType", "metadataOptions"],
    "aws:autoscaling/group:Group": ["minSize", "maxSize", "desiredCapacity", "healthCheckType"],
    "aws:autoscaling/policy:Policy": ["policyType", "targetTrackingConfiguration"],
    "aws:cloudwatch/dashboard:Dashboard": ["dashboardName"],
    // Metric math queries are long: the JSON plan (--json) holds them whole.
    "aws:cloudwatch/metricAlarm:MetricAlarm": ["metricName", "statistic", "period", "dimensions", "comparisonOperator", "threshold", "evaluationPeriods", "treatMissingData", "alarmActions"],
    "aws:globalaccelerator/accelerator:Accelerator": ["ipAddressType", "enabled"],
    "aws:globalaccelerator/listener:Listener": ["protocol", "clientAffinity", "portRanges"],
    "pulumi:pulumi:StackReference": ["name"],
};

/** A value in a few characters: references and scalars as they are, lists and objects compact. */
export function compact(value: unknown): string {
    if (Array.isArray(value)) {
        return value.length === 1 ? compact(value[0]) : `[${value.map(compact).join(", ")}]`;
    }
    if (typeof value === "object" && value !== null) {
        return `{${Object.entries(value).filter(([, item]) => item !== undefined).map(([key, item]) => `${key}=${compact(item)}`).join(" ")}}`;
    }
    return String(value);
}

/** `text` cut to `width` characters, with an ellipsis when cut. */
export function fit(text: string, width: number = lineWidth): string {
    return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/**
 * Words laid out in lines of at most `width` characters: the first line after `first`, the
 * others after `rest`; a word longer than a line is split.
 * @param words the words (tokens such as `key=value`), in order
 * @param first what the first line starts with
 * @param rest what every further line starts with
 * @param width the longest line
 * @default width lineWidth
 */
export function wrapWords(words: readonly string[], first: string, rest: string, width: number = lineWidth): string[] {
    const lines: string[] = [];
    let line = first;
    let empty = true;
    const room = width - rest.length;
    for (const word of words.flatMap((item) => (item.length <= room ? [item] : item.match(new RegExp(`.{1,${Math.max(1, room)}}`, "g")) ?? []))) {
        if (!empty && line.length + 1 + word.length > width) {
            lines.push(line);
            line = rest;
            empty = true;
        }
        line = empty ? `${line}${word}` : `${line} ${word}`;
        empty = false;
    }
    lines.push(line);
    return lines;
}

/**
 * Prose within `width` characters: a longer line is wrapped at spaces, its continuation lines
 * indented two more than the line itself.
 * @param text one or more lines
 * @param width the longest line
 * @default width lineWidth
 */
export function wrapText(text: string, width: number = lineWidth): string {
    return text.split("\n").flatMap((line) => {
        if (line.length <= width) {
            return [line];
        }
        const indent = /^\s*/.exec(line)![0];
        return wrapWords(line.slice(indent.length).split(" "), indent, `${indent}  `, width);
    }).join("\n");
}

/** `${a.b}` references and scalars as they are; the first element of a one-element list. */
function single(value: unknown): unknown {
    return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

/**
 * The values of a resource that decide where traffic goes, as `key=value` words, for the types
 * that have them; undefined for other types. Records: name, routing policy and its value (the
 * failover role, the DNS weight, the latency region), the alias target and the health check
 * they carry. Health checks: what they watch. Endpoint groups: region, traffic dial, and each
 * endpoint with its accelerator weight.
 */
export function trafficWords(resource: PlanResource): string[] | undefined {
    const inputs = resource.inputs;
    const word = (key: string, value: unknown) => (value === undefined ? [] : [`${key}=${compact(value)}`]);
    switch (resource.type) {
        case "aws:route53/record:Record": {
            const aliases = (inputs.aliases as { name?: unknown; evaluateTargetHealth?: unknown }[] | undefined) ?? [];
            return [
                ...word("name", inputs.name), ...word("type", inputs.type),
                ...word("failover", (single(inputs.failoverRoutingPolicies) as { type?: unknown } | undefined)?.type),
                ...word("dnsWeight", (single(inputs.weightedRoutingPolicies) as { weight?: unknown } | undefined)?.weight),
                ...word("latencyRegion", (single(inputs.latencyRoutingPolicies) as { region?: unknown } | undefined)?.region),
                ...word("setIdentifier", inputs.setIdentifier),
                ...aliases.flatMap((alias) => [...word("alias", alias.name), ...word("evaluateTargetHealth", alias.evaluateTargetHealth)]),
                ...word("records", inputs.records), ...word("healthCheck", inputs.healthCheckId),
            ];
        }
        case "aws:route53/healthCheck:HealthCheck": {
            const endpoint = inputs.fqdn === undefined ? undefined : `${String(inputs.fqdn)}${inputs.port === undefined ? "" : `:${String(inputs.port)}`}${String(inputs.resourcePath ?? "")}`;
            return [
                ...word("type", inputs.type), ...word("target", endpoint),
                ...word("everySeconds", inputs.requestInterval), ...word("failureThreshold", inputs.failureThreshold), ...word("regions", inputs.regions),
                ...word("inverted", inputs.invertHealthcheck), ...word("disabled", inputs.disabled),
                ...word("children", inputs.childHealthchecks), ...word("healthyChildrenNeeded", inputs.childHealthThreshold),
                ...word("alarm", inputs.cloudwatchAlarmName), ...word("alarmRegion", inputs.cloudwatchAlarmRegion),
                ...word("insufficientData", inputs.insufficientDataHealthStatus), ...word("routingControl", inputs.routingControlArn),
            ];
        }
        case "aws:globalaccelerator/endpointGroup:EndpointGroup": {
            const endpoints = (inputs.endpointConfigurations as { endpointId?: unknown; weight?: unknown; clientIpPreservationEnabled?: unknown }[] | undefined) ?? [];
            return [
                ...word("region", inputs.endpointGroupRegion), ...word("trafficDial", inputs.trafficDialPercentage === undefined ? undefined : `${String(inputs.trafficDialPercentage)}%`),
                ...endpoints.flatMap((endpoint) => [...word("endpoint", endpoint.endpointId), ...word("endpointWeight", endpoint.weight), ...word("clientIpPreservation", endpoint.clientIpPreservationEnabled)]),
                ...word("listener", inputs.listenerArn),
            ];
        }
        default:
            return undefined;
    }
}

/** `lb/LoadBalancer` for `aws:lb/loadBalancer:LoadBalancer`; components keep their token. */
function shortType(type: string): string {
    const parts = type.split(":");
    return parts.length === 3 && parts[1].includes("/") ? `${parts[1].split("/")[0]}/${parts[2]}` : type;
}

function inputsText(resource: PlanResource): string {
    const keys = shownInputs[resource.type] ?? Object.keys(resource.inputs).filter((key) => key !== "tags" && key !== "tagsAll");
    return keys
        .filter((key) => resource.inputs[key] !== undefined)
        .map((key) => `${key}=${compact(resource.inputs[key])}`)
        .join(" ");
}

function optionsText(resource: PlanResource): string {
    const options = resource.options ?? {};
    return Object.entries(options).map(([key, value]) => (value === true ? key : `${key}=${compact(value)}`)).join(" ");
}

/** Siblings in reading order: listener rules by priority, the rest by type and name. */
function bySiblingOrder(a: PlanResource, b: PlanResource): number {
    const priority = (resource: PlanResource) => (typeof resource.inputs.priority === "number" ? resource.inputs.priority : 0);
    return a.type.localeCompare(b.type) || priority(a) - priority(b) || a.name.localeCompare(b.name);
}

function tree(plan: StackPlan, palette: Palette): string[] {
    const children = new Map<string | undefined, PlanResource[]>();
    for (const resource of plan.resources) {
        children.set(resource.parent, [...(children.get(resource.parent) ?? []), resource]);
    }
    const lines: string[] = [];
    const walk = (resource: PlanResource, prefix: string, last: boolean, root: boolean) => {
        const branch = root ? "" : last ? "└─ " : "├─ ";
        const region = resource.region && resource.region !== plan.region ? ` [${resource.region}]` : "";
        const options = optionsText(resource);
        const head = `${prefix}${branch}${shortType(resource.type)} ${resource.name}${region}${resource.modelled ? " (modelled)" : ""}`;
        const kids = [...(children.get(resource.urn) ?? [])].sort(bySiblingOrder);
        const childPrefix = root ? prefix : `${prefix}${last ? "   " : "│  "}`;
        const traffic = trafficWords(resource);
        // What decides traffic is shown whole, on continuation lines under the resource; the rest is cut.
        const own = traffic === undefined
            ? [fit([head, inputsText(resource), options ? `(${options})` : ""].filter(Boolean).join("  "))]
            : wrapWords([...traffic, ...(options ? [`(${options})`] : [])], `${head}  `, `${childPrefix}${kids.length > 0 ? "│" : " "}     `);
        lines.push(...own.map((line) => (resource.modelled ? palette.dim(line) : line)));
        kids.forEach((child, index) => walk(child, childPrefix, index === kids.length - 1, false));
    };
    for (const root of children.get(undefined) ?? []) {
        walk(root, "", true, true);
    }
    return lines;
}

function totals(plan: StackPlan): string[] {
    const counts = new Map<string, number>();
    for (const resource of plan.resources.filter((item) => !item.type.startsWith("pulumi:pulumi:"))) {
        counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
    }
    return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => `  ${String(count).padStart(3)}  ${type}`);
}

function outputs(plan: StackPlan): string[] {
    return Object.entries(plan.outputs).map(([key, value]) => fit(`  ${key} = ${compact(value)}`));
}

function stackSection(plan: StackPlan, palette: Palette): string[] {
    const aws = plan.resources.filter((resource) => resource.region !== undefined && !resource.type.startsWith("pulumi:"));
    const modelled = plan.resources.filter((resource) => resource.modelled).length;
    const { dns, globalAccelerator, alarm, routingControl } = plan.failover;
    const mandatory = plan.policy.filter((finding) => finding.enforcementLevel === "mandatory").length;
    const relaxed = plan.relaxed.length === 0 ? [] : [
        `Relaxed for ${plan.environment} (production requires otherwise):`,
        ...plan.relaxed.map(({ key, requirement }) => wrapText(`  ${key}: production requires ${requirement}`)),
        "",
    ];
    return [
        palette.bold(`=== stack ${plan.stack} (${plan.region}, ${plan.environment}) — ${plan.resources.length} resources, ${aws.length} in AWS${modelled > 0 ? ` (${modelled} modelled)` : ""}`),
        // The global stack reads only its own keys (config/schema.ts, globalStackKeys).
        ...(plan.outputs.scope === "global" ? ["Global stack: the accelerator only; the regions' keys in Pulumi.yaml do not apply to it."] : []),
        ...tree(plan, palette),
        "",
        "Outputs:",
        ...outputs(plan),
        "",
        "Totals:",
        ...totals(plan),
        "",
        "Predicted worst-case failover:",
        `  DNS path: ${dns.totalSeconds} s (Route 53 detection ${dns.detectionSeconds} s + resolver TTL ${dns.ttlSeconds} s)`,
        `  Global Accelerator path: ${globalAccelerator.totalSeconds} s (target detection ${globalAccelerator.detectionSeconds} s + GA reaction ${globalAccelerator.reactionSeconds} s)`,
        ...(alarm ? [wrapText(`  Alarm path: ${alarm.totalSeconds} s (metrics and alarm ${alarm.detectionSeconds} s + Route 53 ${alarm.route53Seconds} s + resolver TTL ${alarm.ttlSeconds} s)`)] : []),
        ...(routingControl ? [wrapText(`  Routing-control path: ${routingControl.totalSeconds} s after a flip (propagation ${routingControl.propagationSeconds} s + resolver TTL ${routingControl.ttlSeconds} s)`)] : []),
        "",
        ...recoveryLines(plan, palette).map((line) => wrapText(line)),
        ...relaxed,
        plan.policy.length === 0 ? `Policy: ${palette.green("all rules pass")}` : (mandatory > 0 ? palette.red : palette.yellow)(`Policy: ${plan.policy.length} finding(s)`),
        ...plan.policy.flatMap((finding) => wrapText(`  [${finding.enforcementLevel}] ${finding.policy}${finding.urn ? ` ${finding.urn.split("::").pop()}` : ""}: ${finding.message} (${finding.source})`)
            .split("\n").map(finding.enforcementLevel === "mandatory" ? palette.red : (line: string) => line)),
        "",
    ];
}

/** Options of the whole text plan. */
export interface RenderOptions {
    /** The cost section (offline/cost/render.ts), printed after the stacks; none when absent. */
    readonly cost?: string;
}

/** One cross-stack finding, naming the stack files it is about. */
function crossStackLine(finding: Plan["crossStack"][number], palette: Palette): string[] {
    if (finding.level === "not-checked") {
        return wrapText(`  [not checked] ${finding.message}`).split("\n").map(palette.yellow);
    }
    const paint = finding.level === "error" ? palette.red : palette.yellow;
    const where = `${finding.environment ? `${finding.environment}: ` : ""}${(finding.files ?? finding.stacks).join(", ")}`;
    return wrapText(`  [${finding.level}] ${finding.check} (${where}): ${finding.message}`).split("\n").map(paint);
}

/**
 * The whole plan as text, the verdict not included (renderVerdict): configuration warnings, each
 * stack, the cost, the cross-stack checks, the deploy and destroy orders, protected resources.
 * @param plan the plan
 * @param palette colours
 * @param options what else to print
 * @default palette no colour
 * @default options nothing else
 */
export function renderPlan(plan: Plan, palette: Palette = plain, options: RenderOptions = {}): string {
    return [
        ...warningLines(plan, palette),
        ...plan.stacks.flatMap((stack) => stackSection(stack, palette)),
        ...(options.cost === undefined ? [] : [wrapText(options.cost), ""]),
        ...crossStackSection(plan, palette),
        "",
        ...capacityLines(plan).map((line) => wrapText(line)),
        wrapText(`Deploy order: ${plan.deployOrder.join(" -> ")}  (the global stack owns the accelerator's listener that regions attach to)`),
        wrapText(`Destroy order: ${plan.destroyOrder.join(" -> ")}  (AWS refuses to delete a listener that still has endpoint groups)`),
        ...replacementLines(plan).map((line) => (line.startsWith("[error]") ? palette.red : (text: string) => text)(wrapText(line))),
    ].join("\n");
}

function warningLines(plan: Plan, palette: Palette): string[] {
    return plan.warnings.length === 0 ? [] : [
        palette.yellow("Configuration warnings:"),
        ...plan.warnings.flatMap((warning) => wrapText(`  [warning] ${warning}`).split("\n").map(palette.yellow)),
        "",
    ];
}

function crossStackSection(plan: Plan, palette: Palette): string[] {
    const counted = plan.crossStack.filter((finding) => finding.level !== "not-checked").length;
    const notRun = plan.crossStack.filter((finding) => finding.level === "not-checked").map((finding) => finding.environment);
    const heading = notRun.length > 0 ? `not run for ${notRun.join(", ")}${counted > 0 ? `; ${counted} finding(s) elsewhere` : ""}`
        : counted === 0 ? "all checks pass" : `${counted} finding(s)`;
    return [palette.bold(`=== across stacks: ${heading}`), ...plan.crossStack.flatMap((finding) => crossStackLine(finding, palette))];
}

/**
 * What the text plan prints instead of the stacks when a stack file has input errors or the
 * program failed: the warnings, the cross-stack checks (which say what they could not check),
 * and which stacks were planned, whose plans would bury the errors to fix first.
 * @param plan the plan
 * @param palette colours
 */
export function renderStopped(plan: Plan, palette: Palette = plain): string {
    const planned = plan.stacks.map((stack) => `${stack.stack} (${stack.resources.length} resources)`).join(", ");
    return [
        ...warningLines(plan, palette),
        ...crossStackSection(plan, palette),
        "",
        wrapText(planned === ""
            ? "No stack was planned."
            : `Planned: ${planned}; their plans are printed once every stack file is fixed (or now with --stack NAME, or --json).`),
    ].join("\n");
}

/** The file a problem message names first (`Pulumi.seoul.yaml: ...`), or undefined. */
function fileOf(message: string): string | undefined {
    return /^(Pulumi[^:\s]*\.ya?ml)[:\s]/.exec(message)?.[1];
}

/** `n thing(s)` with the plural only when needed. */
function count(n: number, thing: string): string {
    return `${n} ${thing}${n === 1 ? "" : "s"}`;
}

/** The problems of one kind, once each (a Pulumi.yaml problem is every stack's), with the stacks they stop. */
function distinctProblems(plan: Plan, kind: Plan["problems"][number]["kind"]): { message: string; stacks: string[] }[] {
    const byMessage = new Map<string, string[]>();
    for (const problem of plan.problems.filter((item) => item.kind === kind)) {
        for (const message of problem.messages) {
            byMessage.set(message, [...(byMessage.get(message) ?? []), problem.stack]);
        }
    }
    return [...byMessage.entries()].map(([message, stacks]) => ({ message, stacks }));
}

/**
 * The verdict, the plan's last line: clean, or what failed and how many, with the exit code and
 * what it means (domain/exitCodes.ts). Within lineWidth; red when the plan fails, green when clean.
 * @param plan the plan
 * @param palette colours
 * @default palette no colour
 */
export function renderVerdict(plan: Plan, palette: Palette = plain): string {
    const code = planExitCode(plan);
    const stacksOf = (kind: Plan["problems"][number]["kind"]) => plan.problems.filter((problem) => problem.kind === kind).map((problem) => problem.stack);
    const skipped = stacksOf("skipped");
    const notPlanned = skipped.length > 0 ? `; ${count(skipped.length, "stack")} not planned because of it (${skipped.join(", ")})` : "";
    const candidates: string[] = [];
    if (code === ExitCode.internal) {
        candidates.push(`Plan crashed (exit 3, internal error) in ${stacksOf("internal").join(", ")}: a bug; run again with --debug and report it`);
    } else if (code === ExitCode.badInput) {
        const problems = distinctProblems(plan, "input");
        const files = new Map<string, number>();
        problems.forEach(({ message }) => files.set(fileOf(message) ?? "input", (files.get(fileOf(message) ?? "input") ?? 0) + 1));
        const where = [...files.entries()].map(([file, n]) => `${count(n, "problem")} in ${file}`).join(", ");
        const unchecked = plan.crossStack.some((finding) => finding.level === "not-checked") ? "; cross-stack checks not run" : "";
        const head = "Plan stopped (exit 2, bad input)";
        candidates.push(
            `${head}: ${where}${notPlanned}${unchecked}: fix the files above`,
            `${head}: ${where}${notPlanned}: fix the files above`,
            `${head}: ${where}${skipped.length > 0 ? `; ${count(skipped.length, "stack")} not planned` : ""}: fix the files above`,
            `${head}: ${count(problems.length, "problem")} in ${count(files.size, "file")}: fix the files above`,
        );
    } else {
        const errors = plan.crossStack.filter((finding) => finding.level === "error").length;
        const mandatory = plan.stacks.reduce((sum, stack) => sum + stack.policy.filter((finding) => finding.enforcementLevel === "mandatory").length, 0);
        const replacements = (plan.replacements ?? []).length;
        if (code === ExitCode.findings) {
            const found = [
                ...(errors > 0 ? [count(errors, "cross-stack error")] : []),
                ...(mandatory > 0 ? [count(mandatory, "mandatory policy violation")] : []),
                ...(replacements > 0 ? [count(replacements, "protected replacement")] : []),
                ...(skipped.length > 0 ? [`${count(skipped.length, "stack")} not planned (${skipped.join(", ")})`] : []),
            ];
            candidates.push(`Plan failed (exit 1, findings): ${found.join(", ")}: fix them before deploying`);
        } else {
            const advisory = plan.stacks.reduce((sum, stack) => sum + stack.policy.length, 0);
            const warnings = plan.warnings.length + plan.crossStack.filter((finding) => finding.level === "warning").length;
            const resources = plan.stacks.reduce((sum, stack) => sum + stack.resources.length, 0);
            candidates.push(`Plan clean (exit 0): ${count(plan.stacks.length, "stack")}, ${resources} resources; ${count(advisory, "advisory finding")}, ` +
                `${count(warnings, "warning")}; nothing blocks a deploy`);
        }
    }
    const line = candidates.find((candidate) => candidate.length <= lineWidth) ?? fit(candidates[candidates.length - 1]);
    return code === ExitCode.clean ? palette.green(line) : palette.red(line);
}

/** What rendering problems needs. */
export interface ProblemOptions {
    /** Print internal errors' stack traces. */
    readonly debug: boolean;
    /** Colours. */
    readonly palette: Palette;
}

/**
 * The stacks that could not be planned, one line per problem (for stderr); "" when none. A
 * problem several stacks share (a bad value in Pulumi.yaml) is printed once, with the stacks it stops.
 */
export function renderProblems(plan: Plan, options: ProblemOptions): string {
    const printed = new Set<string>();
    return plan.problems.flatMap((problem) => {
        const paint = problem.kind === "skipped" ? options.palette.yellow : options.palette.red;
        const lines = problem.messages.filter((message) => !printed.has(message)).map((message) => {
            printed.add(message);
            const stacks = plan.problems.filter((other) => other.messages.includes(message)).map((other) => other.stack);
            return paint(stacks.length > 1 ? `${message} (stops ${stacks.join(", ")})` : message);
        });
        const trace = options.debug && problem.trace ? problem.trace : "(run again with --debug for the stack trace; please report it)";
        return [...lines, ...(problem.kind === "internal" ? [trace] : [])];
    }).join("\n");
}

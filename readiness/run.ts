/**
 * `npm run readiness`: reads the deployed stacks (their outputs, through the Automation API, as the
 * drill does) and the account, read-only, and says whether failover would work now. Each check is a
 * module of readiness/checks/; this file reads the stacks, runs the checks and gives the verdict.
 * Everything outside (the Automation API, AWS, time) is injected, as in the drill; the command
 * line builds the real clients (readiness/cli.ts), the tests the fake account.
 */
import { ExitCode, ExitCodeValue, isInputError } from "../domain/exitCodes";
import { StackConfig } from "../config/load";
import { DeployedRegion, parseStackOutputs } from "../drill/clients/outputs";
import { Clock, StackAutomation } from "../drill/clients/types";
import { ZoneLocation } from "../drill/safety/zoneRecord";
import { CrossStackError, loadProjectStacks, refuseCrossStackErrors } from "../drill/stacks";
import { acceleratorRows } from "./checks/accelerator";
import { alarmRows } from "./checks/alarms";
import { certificateRows } from "./checks/certificates";
import { drillRows } from "./checks/drills";
import { fleetRows } from "./checks/fleet";
import { healthCheckRows } from "./checks/healthChecks";
import { routingControlRows } from "./checks/routingControls";
import { targetRows } from "./checks/targets";
import { ReadinessAwsClients } from "./clients";
import { CheckContext, ReadinessOptions, RegionUnderCheck } from "./context";
import { errorText, row } from "./read";
import { checkCategories, ReadinessCheck, ReadinessReport, ReadinessVerdict } from "./types";

/** Everything the readiness check needs from outside. */
export interface ReadinessDependencies {
    /** The stacks, through the Automation API. */
    readonly automation: StackAutomation;
    /** AWS SDK clients. */
    readonly aws: ReadinessAwsClients;
    /** Time. */
    readonly clock: Clock;
}

/** What a run found. */
export interface ReadinessResult {
    /** The report. */
    readonly report: ReadinessReport;
    /** 0 ready; 1 a condition would stop failover; 3 something could not be read. */
    readonly exitCode: ExitCodeValue;
}

/** The checks, in the order they run. */
const checks: readonly ((context: CheckContext) => Promise<ReadinessCheck[]>)[] = [
    healthCheckRows, alarmRows, routingControlRows, acceleratorRows, targetRows, certificateRows, fleetRows, drillRows,
];

/** A stack's deployed outputs, or the row that says why they cannot be used. */
async function deployedRegion(automation: StackAutomation, config: StackConfig): Promise<{ region?: DeployedRegion; row?: ReadinessCheck }> {
    const subject = { id: `deployment:${config.stack}`, category: "deployment" as const, stack: config.stack, subject: `stack ${config.stack} (${config.region})` };
    let outputs: Record<string, unknown>;
    try {
        outputs = await automation.outputs(config.stack);
    } catch (error) {
        if (isInputError(error)) {
            throw error;
        }
        return { row: row(subject, "unreadable", `its outputs cannot be read through the Pulumi CLI (log in to the stacks' backend): ${errorText(error)}`) };
    }
    if (outputs.region === undefined) {
        return { row: row(subject, "fail", `not deployed (no outputs): ${config.stackFile} names a region that cannot take traffic`) };
    }
    try {
        const region = parseStackOutputs(config.stack, outputs);
        if (region.region !== config.region) {
            return { row: row(subject, "fail", `deployed in ${region.region}, but ${config.stackFile} says ${config.region}`) };
        }
        return { region, row: row(subject, "ok", `deployed: ${region.url}`) };
    } catch (error) {
        return { row: row(subject, "unreadable", errorText(error)) };
    }
}

/** The project's zone, by name in the stack files. */
function zoneNameOf(configs: readonly StackConfig[]): string | undefined {
    return configs.map((config) => config.settings.dns.zoneName).find((name) => name !== "");
}

/** Where the drill lock and the last pass live: the project's zone, found by name in the stack files and by id in the outputs. */
function lockLocationOf(configs: readonly StackConfig[], regions: readonly RegionUnderCheck[]): ZoneLocation | undefined {
    const zoneName = zoneNameOf(configs);
    const hostedZoneId = regions.map((region) => region.deployed.hostedZoneId).find((id) => id !== undefined);
    return zoneName === undefined || hostedZoneId === undefined ? undefined : { hostedZoneId, zoneName };
}

/** The verdict and its line. */
function verdictOf(rows: readonly ReadinessCheck[]): { verdict: ReadinessVerdict; summary: string; exitCode: ExitCodeValue } {
    const failed = rows.filter((check) => check.status === "fail");
    const unreadable = rows.filter((check) => check.status === "unreadable");
    const warned = rows.filter((check) => check.status === "warn").length;
    const unread = unreadable.length === 0 ? "" : `; ${unreadable.length} check(s) could not be read (${unreadable.map((check) => check.id).join(", ")})`;
    if (failed.length > 0) {
        return { verdict: "not-ready", exitCode: ExitCode.findings,
            summary: `NOT READY: ${failed.length} condition(s) would stop failover: ${failed.map((check) => check.subject).join("; ")}${unread}` };
    }
    if (unreadable.length > 0) {
        return { verdict: "unknown", exitCode: ExitCode.internal, summary: `UNKNOWN: nothing found that would stop failover${unread}` };
    }
    const passed = rows.filter((check) => check.status === "ok").length;
    return { verdict: "ready", exitCode: ExitCode.clean, summary: `READY: failover would work now: ${passed} check(s) passed${warned > 0 ? `, ${warned} warning(s)` : ""}` };
}

/** Every row, by category in report order, each category's rows in the order they were made. */
function sorted(rows: readonly ReadinessCheck[]): ReadinessCheck[] {
    return checkCategories.flatMap((category) => rows.filter((check) => check.category === category));
}

/**
 * Checks the project's deployed stacks. Invalid stack files are an input error (exit 2), as the
 * plan has them; stack files that break a cross-stack rule are a condition (exit 1).
 * @param options what to check
 * @param deps the outside world
 */
export async function runReadiness(options: ReadinessOptions, deps: ReadinessDependencies): Promise<ReadinessResult> {
    const stacks = loadProjectStacks(options.projectDir);
    const checkedAt = new Date(deps.clock.now()).toISOString();
    const finish = (rows: readonly ReadinessCheck[]): ReadinessResult => {
        const { verdict, summary, exitCode } = verdictOf(rows);
        return { report: { schemaVersion: 1, project: stacks.project, checkedAt, verdict, summary, checks: sorted(rows) }, exitCode };
    };
    try {
        refuseCrossStackErrors(stacks);
    } catch (error) {
        if (error instanceof CrossStackError) {
            return finish([row({ id: "deployment:cross-stack", category: "deployment", subject: "stack files" }, "fail", error.message.replace(/\s*\n\s*/g, " "))]);
        }
        throw error;
    }
    const rows: ReadinessCheck[] = [];
    const regions: RegionUnderCheck[] = [];
    for (const config of stacks.configs) {
        const read = await deployedRegion(deps.automation, config);
        rows.push(read.row!);
        if (read.region !== undefined) {
            regions.push({ config, deployed: read.region });
        }
    }
    const context: CheckContext = {
        regions, configs: stacks.configs, aws: deps.aws, clock: deps.clock, options, lockLocation: lockLocationOf(stacks.configs, regions), zoneName: zoneNameOf(stacks.configs),
    };
    for (const check of checks) {
        rows.push(...await check(context));
    }
    return finish(rows);
}

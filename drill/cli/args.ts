/** Command-line parsing of `npm run drill -- <command> ...`. */
import { InputError } from "../../domain/exitCodes";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { LeverKind, leverKinds } from "../levers/lever";
import { drillDefaults, DrillOptions } from "../runner/options";
import { minimumPollSeconds } from "../runner/rateBudget";
import { shiftDefaults, ShiftOptions } from "../shift/shift";

/** The usage text. */
export const usage = `Region failover drills.

Usage:
  npm run drill -- simulate --fail <stack|region> [--lever LEVER] [--json] [--out DIR] [--project DIR]
      Offline, from the stack files: who answers each record name and the accelerator before,
      during and after the outage the lever makes, and the predicted timeline (--out DIR: also
      as DIR/report.html).

  npm run drill -- run --fail <stack|region> [--lever config|health-check|fault|routing-control]
                   [--dry-run] [--force] [--out DIR] [--poll SECONDS] [--timeout SECONDS]
                   [--pre-scale] [--pre-scale-wait SECONDS] [--project DIR] [--state FILE]
      Against the real account: take the drill lock, preflight, write the state file, take the
      region out, measure every signal, restore (always, also on Ctrl-C, SIGHUP, SIGTERM, error
      and timeout), remove the state file and the lock, and write a JSON, Markdown and HTML report.

  npm run drill -- shift --from <stack|region> [--steps 50,0] [--hold SECONDS] [--poll SECONDS]
                   [--pre-scale] [--pre-scale-wait SECONDS] [--dry-run] [--project DIR] [--state FILE]
  npm run drill -- shift --back --from <stack|region> [--hold-down SECONDS] [--hold SECONDS] [--dry-run] ...
      A planned, staged move of traffic away from a region: its weighted record's weight (Route 53
      DELETE of the set as read + CREATE, refused if it changed) and its accelerator dial
      (UpdateEndpointGroup), step by step
      (percent of what it had), watching the other regions' alarms and health after each step for
      --hold seconds; an alarm rolls every step back. The shift then holds, its state in the zone,
      until --back returns the traffic in steps, once the region has read healthy for --hold-down
      seconds (or drill restore returns it at once). Failover and latency records are not moved.
      Needs the control planes: Route 53's API (us-east-1) and Global Accelerator's configuration
      API (us-west-2): a planned move, not a lever for a region outage. Same lock, drill state,
      guards and restore as run.

  npm run drill -- restore [--force] [--yes] [--project DIR] [--state FILE]
      Finish a drill whose process died, from this or any other checkout: read the drill state
      (the _drill-state TXT record in the zone; the local copy if the zone has none), read every
      value, restore only what still holds the drill's setting, report and leave alone what was
      changed since, then remove the state and release the lock. Safe to run again.

  npm run drill -- unlock [--force] [--yes] [--project DIR] [--state FILE]
      Break the drill lock of a dead drill on purpose (asks you to type its id unless --yes;
      --force breaks a lock that has not expired).

Options:
  --fail        stack name (seoul) or region (ap-northeast-2) to take out
  --lever       config (default): app:drill.simulateOutage + pulumi up, no drift;
                health-check: invert the health check and dial GA to 0 through the SDK (drift until restored)
                fault: a listener rule answering 503 on every path: the region really fails its endpoint check and
                       its followed ALB 5xx alarm; Global Accelerator, which judges targets, keeps its traffic
                routing-control: switch the region's routing control Off through the ARC cluster's endpoints
  --dry-run     print the plan (and run the read-only preflight when the stacks are reachable); change nothing
  --force       run: go on although a signal that is only measured (TestDNSAnswer, an HTTP probe,
                the target's own health check or dial) has no valid baseline reading: it cannot harm
                users, and the drill fails on that signal if it never reads. Never overridden,
                --force or not: the health of every region that would take the traffic (endpoint
                check, combined check, followed alarms, routing control, accelerator endpoints and
                dial), the guards' baseline, the lock, an unrestored earlier drill, the target
                already out, an update in progress, pending operations, drift, changes pending on
                the lever's resources.
                restore: also put back values someone changed since the drill
                unlock: break a lock that has not expired
  --yes         restore: restore a state older than its lock without asking; unlock: do not ask
  --state       local copy of the drill state (default <project>/.drill/state.json)
  --out         report directory (run: default drill-reports; simulate: writes report.html there)
  --poll        seconds between polls (default ${drillDefaults.pollSeconds}, shift ${shiftDefaults.pollSeconds}; at least ${minimumPollSeconds}; Route 53's request rate may ask for more)
  --timeout     seconds each phase may take (default: twice the larger of the objective and the slowest prediction)
  --pre-scale   run, shift: before traffic moves, raise each surviving region's Auto Scaling
                MinSize (and DesiredCapacity when below it) to the instances its new load needs
                (app:capacity.peakRequestsPerSecond, app:fleet.requestsPerTarget), wait until they
                are InService, and put MinSize back after (only where it still holds the drill's
                value; DesiredCapacity is left to the scaling policy). Default: off
  --pre-scale-wait  seconds to wait for the pre-scaled instances (default ${drillDefaults.preScaleWaitSeconds})
  --from        shift: stack name or region to move traffic away from (with --back: back to)
  --steps       shift: percent of its weight and dial the region keeps after each step,
                falling (default ${shiftDefaults.steps.join(",")})
  --hold        shift: seconds to watch after each step (default: the 60 s alias TTL plus the
                watched regions' alarm detection, alarms.periodSeconds x alarms.evaluationPeriods
                + 60 s for the metrics to arrive: 240 s with the defaults)
  --back        shift: return the traffic of a completed shift, in its steps reversed
  --hold-down   shift --back: seconds the region must read healthy before any traffic returns
                (default: its alarms' detection time, 180 s with the defaults; without alarms,
                its health check's)
  --json        simulate: print JSON instead of tables
  --project     project directory (default: the one holding drill/)
  --debug       print the stack trace of an internal error
`;

/** A command-line mistake; the CLI prints it with the usage and exits 2. */
/** Wrong flags or arguments: exit code 2. */
export class UsageError extends InputError {}

/** A parsed command. */
export type Command =
    | { readonly kind: "help" }
    | { readonly kind: "simulate"; readonly target: string; readonly lever: LeverKind; readonly json: boolean; readonly projectDir: string; readonly outDir?: string }
    | { readonly kind: "run"; readonly options: DrillOptions }
    | { readonly kind: "shift"; readonly options: ShiftOptions }
    | { readonly kind: "restore"; readonly projectDir: string; readonly stateFile?: string; readonly force: boolean; readonly yes: boolean }
    | { readonly kind: "unlock"; readonly projectDir: string; readonly stateFile?: string; readonly force: boolean; readonly yes: boolean };

function positiveNumber(name: string, text: string | undefined): number | undefined {
    if (text === undefined) {
        return undefined;
    }
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) {
        throw new UsageError(`--${name} must be a positive number of seconds, got ${text}`);
    }
    return value;
}

function pollSeconds(text: string | undefined): number {
    const value = positiveNumber("poll", text) ?? drillDefaults.pollSeconds;
    if (value < minimumPollSeconds) {
        throw new UsageError(`--poll must be at least ${minimumPollSeconds} seconds (GetHealthCheckStatus is a diagnostic call and Route 53 throttles per account; see docs/drill-aws-facts.md), got ${text}`);
    }
    return value;
}

/** Parses the arguments after `drill`; relative paths are taken from `cwd`. */
export function parseCommand(argv: readonly string[], cwd: string, defaultProjectDir: string): Command {
    let parsed;
    try {
        parsed = parseArgs({
            args: [...argv],
            allowPositionals: true,
            strict: true,
            options: {
                fail: { type: "string" },
                lever: { type: "string" },
                "dry-run": { type: "boolean", default: false },
                force: { type: "boolean", default: false },
                json: { type: "boolean", default: false },
                out: { type: "string" },
                poll: { type: "string" },
                timeout: { type: "string" },
                project: { type: "string" },
                state: { type: "string" },
                yes: { type: "boolean", default: false },
                "pre-scale": { type: "boolean", default: false },
                "pre-scale-wait": { type: "string" },
                from: { type: "string" },
                steps: { type: "string" },
                hold: { type: "string" },
                back: { type: "boolean", default: false },
                "hold-down": { type: "string" },
                debug: { type: "boolean", default: false },
                help: { type: "boolean", short: "h", default: false },
            },
        });
    } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const { values, positionals } = parsed;
    const [command, ...extra] = positionals;
    if (values.help || command === undefined || command === "help") {
        return { kind: "help" };
    }
    if (extra.length > 0) {
        throw new UsageError(`unexpected argument ${extra[0]}`);
    }
    if (command !== "simulate" && command !== "run" && command !== "shift" && command !== "restore" && command !== "unlock") {
        throw new UsageError(`unknown command ${command}: use simulate, run, shift, restore or unlock`);
    }
    const projectDir = values.project === undefined ? defaultProjectDir : path.resolve(cwd, values.project);
    const stateFile = values.state === undefined ? undefined : path.resolve(cwd, values.state);
    if (command === "restore" || command === "unlock") {
        const allowed = ["project", "state", "force", "yes", "debug"];
        const extraFlag = Object.entries(values).find(([name, value]) => value !== undefined && value !== false && !allowed.includes(name));
        if (extraFlag !== undefined) {
            throw new UsageError(`--${extraFlag[0]} is not an option of ${command}`);
        }
        return { kind: command, projectDir, stateFile, force: values.force, yes: values.yes };
    }
    if (values.yes) {
        throw new UsageError("--yes is an option of restore and unlock");
    }
    const shiftOnly = ["from", "steps", "hold", "back", "hold-down"] as const;
    if (command === "shift") {
        return { kind: "shift", options: shiftOptions(values, projectDir, stateFile) };
    }
    const misplaced = shiftOnly.find((name) => values[name] !== undefined && values[name] !== false);
    if (misplaced !== undefined) {
        throw new UsageError(`--${misplaced} is an option of shift`);
    }
    if (values.fail === undefined || values.fail === "") {
        throw new UsageError(`${command} needs --fail <stack|region>`);
    }
    const lever = values.lever ?? drillDefaults.lever;
    if (!(leverKinds as readonly string[]).includes(lever)) {
        throw new UsageError(`--lever must be ${leverKinds.join(", ")}, got ${lever}`);
    }
    if (command === "simulate") {
        if (values["pre-scale"]) {
            throw new UsageError("--pre-scale is an option of run and shift, not simulate");
        }
        for (const runOnly of ["poll", "timeout", "state", "pre-scale-wait"] as const) {
            if (values[runOnly] !== undefined) {
                throw new UsageError(`--${runOnly} is an option of run, not simulate`);
            }
        }
        return { kind: "simulate", target: values.fail, lever: lever as LeverKind, json: values.json, projectDir, ...(values.out === undefined ? {} : { outDir: path.resolve(cwd, values.out) }) };
    }
    if (values.json) {
        throw new UsageError("--json is an option of simulate; run always writes a JSON report");
    }
    return {
        kind: "run",
        options: {
            ...drillDefaults,
            projectDir,
            target: values.fail,
            lever: lever as LeverKind,
            dryRun: values["dry-run"],
            force: values.force,
            outDir: path.resolve(cwd, values.out ?? drillDefaults.outDir),
            pollSeconds: pollSeconds(values.poll),
            timeoutSeconds: positiveNumber("timeout", values.timeout),
            preScale: values["pre-scale"],
            preScaleWaitSeconds: positiveNumber("pre-scale-wait", values["pre-scale-wait"]) ?? drillDefaults.preScaleWaitSeconds,
            ...(stateFile ? { stateFile } : {}),
        },
    };
}

/** The steps of `--steps`: whole percentages, each below the one before, the first below 100. */
export function parseSteps(text: string | undefined): number[] {
    if (text === undefined) {
        return [...shiftDefaults.steps];
    }
    const steps = text.split(",").map((part) => part.trim());
    const numbers = steps.map(Number);
    const bad = steps.find((part, index) => !/^\d+$/.test(part) || numbers[index] > 99 || (index > 0 && numbers[index] >= numbers[index - 1]));
    if (steps.length === 0 || bad !== undefined) {
        throw new UsageError(`--steps must list whole percentages from 99 down to 0, each below the one before (e.g. 50,0 or 75,50,25,0), got ${text}`);
    }
    return numbers;
}

/** The options of `drill shift`. */
function shiftOptions(values: Record<string, string | boolean | undefined>, projectDir: string, stateFile: string | undefined): ShiftOptions {
    const text = (name: string) => values[name] as string | undefined;
    for (const other of ["fail", "lever", "force", "json", "out", "timeout"]) {
        if (values[other] !== undefined && values[other] !== false) {
            throw new UsageError(`--${other} is not an option of shift`);
        }
    }
    const from = text("from");
    if (from === undefined || from === "") {
        throw new UsageError("shift needs --from <stack|region>");
    }
    const back = values.back === true;
    if (back && (values.steps !== undefined || values["pre-scale"] === true)) {
        throw new UsageError("--steps and --pre-scale are options of the shift itself: --back returns in the shift's own steps, and puts its pre-scaling back");
    }
    if (!back && values["hold-down"] !== undefined) {
        throw new UsageError("--hold-down is an option of shift --back");
    }
    const poll = positiveNumber("poll", text("poll")) ?? shiftDefaults.pollSeconds;
    if (poll < minimumPollSeconds) {
        throw new UsageError(`--poll must be at least ${minimumPollSeconds} seconds, got ${text("poll")}`);
    }
    const hold = positiveNumber("hold", text("hold"));
    const holdDown = positiveNumber("hold-down", text("hold-down"));
    return {
        ...shiftDefaults, projectDir, target: from, back, steps: parseSteps(text("steps")), pollSeconds: poll,
        preScale: values["pre-scale"] === true, preScaleWaitSeconds: positiveNumber("pre-scale-wait", text("pre-scale-wait")) ?? shiftDefaults.preScaleWaitSeconds,
        dryRun: values["dry-run"] === true,
        ...(hold !== undefined ? { holdSeconds: hold } : {}), ...(holdDown !== undefined ? { holdDownSeconds: holdDown } : {}),
        ...(stateFile ? { stateFile } : {}),
    };
}

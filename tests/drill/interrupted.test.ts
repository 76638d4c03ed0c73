/**
 * An interrupted drill, end to end with real processes (issue 22, item 8): `drill run` is killed
 * with SIGKILL at each phase (before its state is written, after its lever, during its restore;
 * the fault lever right after its listener rule was created, before the state learned its ARN),
 * then `drill restore` runs from a second working copy that never saw the drill, against the same
 * fake account kept in a file (tests/drill/interrupted/world.ts). Every value must end as it was
 * before the drill. The killed drill is a real process (scripts/launch.js drill/cli, as npm runs
 * it); the restore, whose process boundary is not what is tested, runs the same command line in
 * the test's own process (drill/cli/command.ts, tests/drill/inProcess.ts), sharing nothing with
 * the dead one but the account file.
 *
 * Deterministic on a loaded machine: the drill process kills itself right after the fake account
 * applied the named change (an event, not a sleep), each process is awaited with a bound, and the
 * account's clock is virtual (FakeClock: time jumps to the next sleeper once the process is idle),
 * resuming where the killed process left it, so no step depends on how fast the machine is.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { decodeState } from "../../drill/safety/sharedState";
import { AccountFile } from "./interrupted/world";
import { compiledWorld, drillCommand, ids, projectDir, repositoryRoot, temporaryDirectory } from "./fakes";
import { drillInProcess } from "./inProcess";

/** The account's world: its TypeScript source in process, its compiled copy for the real command (which runs bin/). */
const worldSource = path.join(__dirname, "interrupted", "world.ts");
const world = compiledWorld(worldSource);

/** Generous: a CLI process on two loaded cores (with bin/ to rebuild first after a change). */
const processBoundMs = 120_000;

interface Finished {
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
    readonly output: string;
}

/** A checkout of the project: Pulumi.yaml and the stack files, in a directory of its own. */
function workingCopy(root: string, name: string): string {
    const directory = path.join(root, name);
    fs.mkdirSync(directory, { recursive: true });
    for (const file of fs.readdirSync(projectDir).filter((entry) => /^Pulumi(\.[a-z0-9-]+)?\.yaml$/.test(entry))) {
        fs.copyFileSync(path.join(projectDir, file), path.join(directory, file));
    }
    return directory;
}

/** The variables that point a drill at the account in `root`. */
const accountIn = (root: string) => ({ DRILL_TEST_ACCOUNT: path.join(root, "account.json"), DRILL_TEST_JOURNAL: path.join(root, "journal.log") });

/** Runs `drill <args>` (a restore or an unlock) in the test's process against the account in `root`. */
function drillHere(root: string, args: readonly string[]) {
    return drillInProcess(args, { DRILL_TEST_WORLD: worldSource, ...accountIn(root) });
}

/** Runs the drill's command line in a process of its own against the account in `root`; resolves when the process ends. */
function drill(root: string, args: readonly string[], killAt?: string): Promise<Finished> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [...drillCommand, ...args], {
            cwd: repositoryRoot,
            env: {
                ...process.env, DRILL_TEST_WORLD: world, ...accountIn(root),
                ...(killAt ? { DRILL_TEST_KILL_AT: killAt } : {}),
            },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
        const bound = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`drill ${args.join(" ")} did not end within ${processBoundMs} ms:\n${output.slice(-3000)}`));
        }, processBoundMs);
        child.on("exit", (code, signal) => {
            clearTimeout(bound);
            resolve({ code, signal, output });
        });
    });
}

function account(root: string): AccountFile {
    return JSON.parse(fs.readFileSync(path.join(root, "account.json"), "utf8")) as AccountFile;
}

function journal(root: string): string[] {
    return fs.readFileSync(path.join(root, "journal.log"), "utf8").split("\n").filter((line) => line !== "").map((line) => line.replace(/^\d+ /, ""));
}

/** The latest value of a history the account keeps per region. */
function latest<T>(snapshot: Record<string, unknown>, key: string, stack: "seoul" | "tokyo"): T {
    return ((snapshot[key] as Record<string, { value: T }[]>)[stack]).at(-1)!.value;
}

/** Every value a drill may touch, as the account holds it now. */
function values(root: string) {
    const { world: snapshot, automation } = account(root);
    return {
        seoulInverted: latest<boolean>(snapshot, "inverted", "seoul"), seoulDial: latest<number>(snapshot, "dials", "seoul"),
        tokyoInverted: latest<boolean>(snapshot, "inverted", "tokyo"), tokyoDial: latest<number>(snapshot, "dials", "tokyo"),
        config: (automation.config as Record<string, Record<string, string>>).seoul, deployedOutage: (automation.deployed as Record<string, boolean>).seoul,
        records: (snapshot.recordSets as [string, unknown][]).map(([key]) => key),
        seoulRules: (snapshot.rules as Record<string, { Priority?: string }[]>).seoul.map((rule) => rule.Priority),
    };
}

const asBefore = { seoulInverted: false, seoulDial: 100, tokyoInverted: false, tokyoDial: 100, config: {}, deployedOutage: false, records: [], seoulRules: [] };

/** The drill state the zone holds, decoded. */
function zoneState(root: string) {
    const set = (account(root).world.recordSets as [string, { ResourceRecords: { Value: string }[] }][]).find(([key]) => key.startsWith("_drill-state."));
    return set === undefined ? undefined : decodeState(set[1].ResourceRecords.map((record) => record.Value), "_drill-state");
}

describe("a drill killed with SIGKILL, restored from another working copy (issue 22, item 8)", function () {
    this.timeout(4 * processBoundMs);

    /** `again`: run the restore once more, from the first copy (its stale copy of the state), which must change nothing. */
    const cases: { lever: "health-check" | "config" | "fault"; phase: string; killAt: string; before: (root: string) => void; again?: true }[] = [
        {
            lever: "health-check", phase: "before its state is written (the lock just taken)", killAt: "record CREATE _drill-lock",
            before: (root) => expect(zoneState(root)).to.equal(undefined),
        },
        {
            lever: "health-check", phase: "after its lever (check inverted, dial at 0)", killAt: "dial seoul 0",
            before: (root) => expect(values(root)).to.deep.include({ seoulInverted: true, seoulDial: 0 }), again: true,
        },
        {
            lever: "config", phase: "after its lever (the outage's pulumi up done)", killAt: "up seoul done",
            before: (root) => expect(values(root)).to.deep.include({ seoulInverted: true, seoulDial: 0, config: { "drill.simulateOutage": "true" }, deployedOutage: true }),
        },
        {
            lever: "health-check", phase: "during its restore (check back, dial still at 0)", killAt: "inverted seoul false",
            before: (root) => expect(values(root)).to.deep.include({ seoulInverted: false, seoulDial: 0 }),
        },
        {
            lever: "fault", phase: "right after its rule was created (the state written before it, without the rule's ARN)", killAt: "rule seoul created",
            before: (root) => {
                expect(values(root)).to.deep.include({ seoulRules: ["1"], seoulInverted: false, seoulDial: 100 });
                const state = zoneState(root);
                expect([state?.stage, state?.leverState]).to.deep.equal(["applying", { listenerArn: ids.seoul.listenerArn, ruleArn: null }]);
            },
            again: true,
        },
        {
            lever: "config", phase: "during its restore (the key removed, the restoring update not run)", killAt: "config seoul rm drill.simulateOutage",
            before: (root) => expect(values(root)).to.deep.include({ seoulInverted: true, seoulDial: 0, config: {} }), again: true,
        },
    ];

    for (const { lever, phase, killAt, before, again: repeat } of cases) {
        it(`${lever} lever, killed ${phase}`, async () => {
            const root = temporaryDirectory();
            const first = workingCopy(root, "first");
            const second = workingCopy(root, "second");
            const run = await drill(root, ["run", "--fail", "seoul", "--lever", lever, "--timeout", "90", "--project", first, "--out", path.join(first, "reports")], killAt);
            expect(run.signal, `the drill ended by ${run.code ?? run.signal} instead of SIGKILL at ${killAt}:\n${run.output.slice(-3000)}`).to.equal("SIGKILL");
            expect(journal(root).at(-1)).to.equal(killAt);
            before(root);

            const restored = await drillHere(root, ["restore", "--project", second]);
            expect(restored.code, restored.output).to.equal(0);
            expect(fs.existsSync(path.join(second, ".drill", "state.json")), "the second copy never had a state file").to.equal(false);
            if (killAt.startsWith("record CREATE _drill-lock")) {
                expect(restored.output).to.match(/Nothing to restore: no drill state in the zone/);
                // Nothing changed but the lock, which the dead drill could not release: unlock from the second copy.
                expect(values(root)).to.deep.equal({ ...asBefore, records: ["_drill-lock.example.com. TXT"] });
                const unlocked = await drillHere(root, ["unlock", "--force", "--yes", "--project", second]);
                expect(unlocked.code, unlocked.output).to.equal(0);
            } else {
                expect(restored.output).to.match(/Restoring the drill \S+ of seoul \(ap-northeast-2\)/);
                expect(restored.output).to.match(/Drill state removed: _drill-state\.example\.com/);
                expect(restored.output).to.match(/Lock released: _drill-lock\.example\.com\./);
            }
            if (lever === "fault") {
                // Found from the listener by the fault's body (the state never learned the ARN), and deleted as the drill's value.
                expect(restored.output).to.match(/fault rule on \S+: was absent, the drill set priority 1, fixed-response 503 \(the fault's body\), now priority 1, fixed-response 503 \(the fault's body\) \(\S+\): still as the drill set it: restoring/);
            }
            expect(values(root)).to.deep.equal(asBefore);
            expect(latest(account(root).world, "inverted", "tokyo")).to.equal(false);

            if (repeat) {
                // Safe to run again, from the first copy too: its copy of the state is stale, every value reads as before, nothing is sent.
                const again = await drillHere(root, ["restore", "--project", first]);
                expect(again.code, again.output).to.equal(0);
                expect(again.output).to.match(/The zone holds no drill state .*restoring from this machine's copy/);
                expect(again.output).to.not.match(/still as the drill set it/);
                expect(values(root)).to.deep.equal(asBefore);
            }
        });
    }

    it("a shift (issue 24, item 5), killed at its second step's weight, is finished by drill restore from the other copy", async () => {
        const root = temporaryDirectory();
        const first = workingCopy(root, "first");
        const second = workingCopy(root, "second");
        const shift = await drill(root, ["shift", "--from", "seoul", "--hold", "30", "--poll", "5", "--project", first], "weight seoul 0");
        expect(shift.signal, `the shift ended by ${shift.code ?? shift.signal} instead of SIGKILL:\n${shift.output.slice(-3000)}`).to.equal("SIGKILL");
        expect(journal(root).filter((line) => /^(weight|dial) seoul/.test(line))).to.deep.equal(["weight seoul 25", "dial seoul 50", "weight seoul 0"]);
        expect(zoneState(root)).to.deep.include({ lever: "shift", stage: "applying" });

        const restored = await drillHere(root, ["restore", "--project", second]);
        expect(restored.code, restored.output).to.equal(0);
        expect(restored.output).to.match(/weight: was 50, the drill set 25 or 0, now 0: still as the drill set it: restoring/);
        expect(restored.output).to.match(/traffic dial: was 100, the drill set 50 or 0, now 50: still as the drill set it: restoring/);
        expect(latest(account(root).world, "weights", "seoul")).to.equal(50);
        expect(values(root)).to.deep.equal(asBefore);
    });
});

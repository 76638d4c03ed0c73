/**
 * The real command line (scripts/launch.js drill/cli, as `npm run drill` runs it) under a
 * pseudo-terminal (python3's pty module), against the fake account of tests/drill/pty/world.ts
 * (its compiled copy in bin/): Ctrl-C typed at the terminal,
 * the terminal closing (SIGHUP), and a second signal. The `pulumi up` stand-in is a real child
 * process started by the drill's process-group spawner, and writes to the journal if a signal
 * reaches it.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { DrillReport } from "../../drill/report/types";
import { DrillState } from "../../drill/safety/stateFile";
import { compiledWorld, drillCommand, projectDir, repositoryRoot, temporaryDirectory } from "./fakes";

interface Driven {
    readonly exitCode: number | null;
    readonly signal: number | null;
    readonly output: string;
    readonly actionsDone: number;
}

interface Action {
    readonly after: string;
    readonly do: "ctrl-c" | "ctrl-c-npm" | "hangup" | "sigterm";
    readonly delay?: number;
}


/**
 * The outage's update has started: its process is running in its own group. Signals are sent a
 * moment after this line; one sent in the microseconds between fork and setsid of a new process
 * would still reach it (drill/clients/pulumiProcess.ts).
 */
const updateRunning = "pulumi | Updating (seoul)";

/**
 * Runs the drill under the terminal driver. `hold` names the updates (their number in the process)
 * whose `pulumi up` stand-in runs until the journal holds that many "terminal: ... sent" lines
 * (tests/drill/pty/world.ts), so a signal sent during an update arrives while it runs on any
 * machine; {@link sentDuringUpdate} checks from the journal that it did. The world's clock runs at 100
 * times real time (a drill's two minutes in a little over a second) and an update not held takes
 * 150 ms.
 */
function drive(argv: readonly string[], actions: readonly Action[], directory: string, hold: Record<number, number> = {}): { driven: Driven; journal: string[] } {
    const journalFile = path.join(directory, "journal.log");
    const spec = {
        argv: [process.execPath, ...drillCommand, ...argv, "--project", projectDir], cwd: repositoryRoot, timeout: 90, actions, journal: journalFile,
        env: {
            DRILL_TEST_WORLD: compiledWorld(path.join(__dirname, "pty", "world.ts")), DRILL_TEST_JOURNAL: journalFile, DRILL_TEST_SPEED: "100", DRILL_TEST_UP_MS: "150", DRILL_TEST_HOLD: JSON.stringify(hold),
            TERM: "xterm", COLUMNS: "200",
        },
    };
    const result = spawnSync("python3", [path.join(__dirname, "pty", "drive.py"), JSON.stringify(spec)], { encoding: "utf8", timeout: 120_000 });
    expect(result.status, result.stderr).to.equal(0);
    const journal = fs.existsSync(journalFile) ? fs.readFileSync(journalFile, "utf8").split("\n").filter((line) => line !== "") : [];
    return { driven: JSON.parse(result.stdout) as Driven, journal };
}

function nthIndex(journal: readonly string[], line: string, nth: number): number {
    return journal.map((entry, index) => (entry === line ? index : -1)).filter((index) => index >= 0)[nth - 1] ?? -1;
}

/**
 * The terminal's `action` went out while the `nth` update ran: after it started, before its
 * stand-in finished. Without this, a stand-in that ended before the signal would let the test
 * pass without showing that the signal could not reach it.
 */
function sentDuringUpdate(journal: readonly string[], action: Action["do"], nth: number): void {
    const started = nthIndex(journal, "up seoul started", nth);
    const sent = journal.indexOf(`terminal: ${action} sent`, started);
    const finished = nthIndex(journal, "pulumi stand-in finished", nth);
    expect(started, journal.join("\n")).to.be.at.least(0);
    expect(sent, `${action} after update ${nth} started\n${journal.join("\n")}`).to.be.above(started);
    expect(finished, `${action} before update ${nth}'s stand-in finished\n${journal.join("\n")}`).to.be.above(sent);
}

function finalWorld(journal: readonly string[]): { seoulInverted: boolean; seoulDial: number; lock: string[]; config: Record<string, string>; mutations: string[] } {
    const line = journal.filter((entry) => entry.startsWith("final ")).at(-1);
    expect(line, journal.join("\n")).to.not.equal(undefined);
    return JSON.parse(line!.slice("final ".length));
}

function onlyReport(directory: string): DrillReport {
    const reports = fs.readdirSync(path.join(directory, "reports")).filter((name) => name.endsWith(".json"));
    expect(reports).to.have.length(1);
    return JSON.parse(fs.readFileSync(path.join(directory, "reports", reports[0]), "utf8")) as DrillReport;
}

describe("drill command line under a terminal", function () {
    this.timeout(150_000);

    const run = (directory: string) => ["run", "--fail", "seoul", "--out", path.join(directory, "reports"), "--state", path.join(directory, "state.json")];

    it("one Ctrl-C during the outage's pulumi up, arriving twice as npm run delivers it (from the terminal and forwarded by npm): the update finishes untouched, the drill restores, removes its state and lock, exits 1", () => {
        const directory = temporaryDirectory();
        const { driven, journal } = drive(run(directory), [{ after: updateRunning, do: "ctrl-c-npm", delay: 0.3 }], directory, { 1: 1 });
        expect(driven.actionsDone, driven.output).to.equal(1);
        expect(driven.output, `${driven.output.slice(-3000)}\n---\n${journal.join("\n")}`).to.include("Ctrl-C: stopping the drill; restoring before exit");
        expect(driven.output).to.not.include("exiting WITHOUT finishing the restore");
        expect(driven.exitCode, driven.output.slice(-3000)).to.equal(1);
        sentDuringUpdate(journal, "ctrl-c-npm", 1);
        expect(journal.filter((line) => line.startsWith("pulumi stand-in")), `${journal.join("\n")}\n---\n${driven.output.slice(-4000)}`).to.deep.equal(["pulumi stand-in finished", "pulumi stand-in finished"]);
        const world = finalWorld(journal);
        expect(world).to.deep.include({ seoulInverted: false, seoulDial: 100, lock: [], config: {}, mutations: ["setConfig", "up", "removeConfig", "up"] });
        expect(fs.existsSync(path.join(directory, "state.json"))).to.equal(false);
        expect(onlyReport(directory)).to.deep.include({ outcome: "interrupted" });
    });

    it("the terminal closing (SIGHUP) during the outage: the drill still restores and writes its report", () => {
        const directory = temporaryDirectory();
        const { driven, journal } = drive(run(directory), [{ after: updateRunning, do: "hangup", delay: 0.3 }], directory, { 1: 1 });
        expect(driven.actionsDone).to.equal(1);
        expect(driven.exitCode, journal.join("\n")).to.equal(1);
        sentDuringUpdate(journal, "hangup", 1);
        expect(journal.filter((line) => line.startsWith("pulumi stand-in"))).to.deep.equal(["pulumi stand-in finished", "pulumi stand-in finished"]);
        expect(finalWorld(journal)).to.deep.include({ seoulInverted: false, seoulDial: 100, lock: [], config: {} });
        expect(fs.existsSync(path.join(directory, "state.json"))).to.equal(false);
        const report = onlyReport(directory);
        expect(report.outcome).to.equal("interrupted");
        expect(report.summary).to.equal("Interrupted (signal); the lever was restored and read back as the originals.");
    });

    it("Ctrl-C, then the terminal closing during the restore's pulumi up: the restore still finishes", () => {
        const directory = temporaryDirectory();
        const { driven, journal } = drive(run(directory), [
            { after: updateRunning, do: "ctrl-c", delay: 0.3 },
            { after: updateRunning, do: "hangup", delay: 0.3 },
        ], directory, { 1: 1, 2: 2 });
        expect(driven.actionsDone).to.equal(2);
        expect(driven.exitCode, journal.join("\n")).to.equal(1);
        sentDuringUpdate(journal, "ctrl-c", 1);
        sentDuringUpdate(journal, "hangup", 2);
        expect(journal.filter((line) => line.startsWith("pulumi stand-in")), journal.join("\n")).to.deep.equal(["pulumi stand-in finished", "pulumi stand-in finished"]);
        expect(finalWorld(journal)).to.deep.include({ seoulInverted: false, seoulDial: 100, lock: [], config: {} });
        expect(fs.existsSync(path.join(directory, "state.json"))).to.equal(false);
        expect(onlyReport(directory).outcome).to.equal("interrupted");
    });

    it("a second Ctrl-C, a second later, exits at once, keeping the state file; drill restore then finishes and is safe to repeat", () => {
        const directory = temporaryDirectory();
        const { driven, journal } = drive(run(directory), [
            { after: updateRunning, do: "ctrl-c", delay: 0.3 },
            { after: "stopping the drill", do: "ctrl-c", delay: 1.5 },
        ], directory, { 1: 2 });
        expect(driven.actionsDone).to.equal(2);
        expect(driven.exitCode).to.equal(1);
        expect(driven.output).to.match(/Ctrl-C again: exiting WITHOUT finishing the restore\. The drill state \(the zone's _drill-state record, and the state file \S+state\.json\) stays: run npm run drill -- restore, from this or any checkout\. A pulumi update is still running in its own process group \(pid \d+\)/);
        expect(journal).to.not.include("pulumi stand-in got SIGINT");
        const state = JSON.parse(fs.readFileSync(path.join(directory, "state.json"), "utf8")) as DrillState;
        expect(state).to.deep.include({ lever: "config", stage: "applying", originals: { "drill.simulateOutage": null, healthCheckInverted: false, trafficDialPercentage: 100 } });
        expect((state.leverState as { targets: string[] }).targets).to.have.length(2);
        expect(state.manualRestore[0]).to.equal("pulumi config rm drill.simulateOutage --stack seoul");

        const restore = (label: string) => {
            const result = drive(["restore", "--state", path.join(directory, "state.json")], [], directory);
            expect(result.driven.exitCode, `${label}: ${result.driven.output}`).to.equal(0);
            return result.driven.output;
        };
        expect(restore("first")).to.match(/Restoring the drill \S+ of seoul .*config lever, stage applying[\s\S]*Local copy removed/);
        expect(fs.existsSync(path.join(directory, "state.json"))).to.equal(false);
        expect(restore("second")).to.match(/Nothing to restore: no drill state in the zone .* and none at \S+state\.json/);
    });
});

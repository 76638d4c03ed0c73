/**
 * The fake account in a file, for the tests that kill a drill process and restore it from another
 * (DRILL_TEST_WORLD=tests/drill/interrupted/world.ts). Every process loads the account
 * (DRILL_TEST_ACCOUNT) when it starts and writes it back, atomically, after every change, so the
 * next process finds AWS and the stacks as the last one left them. Its clock is virtual
 * (FakeClock) and goes on from the time the last change was written at, so the restoring process
 * sees no time pass between the kill and its start, however loaded the machine is.
 *
 * DRILL_TEST_KILL_AT names a change (`dial seoul 0`, `record CREATE _drill-lock`, ...): right
 * after that change is written, the process sends itself SIGKILL, at exactly that point of the
 * drill. Each change is appended to DRILL_TEST_JOURNAL.
 */
import * as fs from "node:fs";
import { WorldDependencies } from "../../../drill/cli/dependencies";
import { FakeAutomation, FakeClock, FakeWorld } from "../fakes";

/** What the account file holds. */
export interface AccountFile {
    /** The world's start and the virtual time of the last change. */
    readonly clock: { readonly startMs: number; readonly nowMs: number };
    /** FakeWorld's snapshot. */
    readonly world: Record<string, unknown>;
    /** FakeAutomation's snapshot. */
    readonly automation: Record<string, unknown>;
}

function required(environment: NodeJS.ProcessEnv, name: string): string {
    const value = environment[name];
    if (value === undefined || value === "") {
        throw new Error(`the file-backed test account needs ${name}`);
    }
    return value;
}

/**
 * The world the CLI runs against: the account in the file `DRILL_TEST_ACCOUNT` names, saved after every change.
 * @param environment the drill's environment: `DRILL_TEST_ACCOUNT`, and optionally `DRILL_TEST_JOURNAL` and `DRILL_TEST_KILL_AT`
 */
export function createTestWorld(environment: NodeJS.ProcessEnv = process.env): WorldDependencies {
    const file = required(environment, "DRILL_TEST_ACCOUNT");
    const saved = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as AccountFile) : undefined;
    const startMs = saved?.clock.startMs ?? Date.UTC(2025, 5, 1, 0, 0, 0);
    const clock = new FakeClock(startMs, saved?.clock.nowMs ?? startMs);
    const world = new FakeWorld(clock);
    const automation = new FakeAutomation(world);
    if (saved !== undefined) {
        world.load(saved.world);
        automation.load(saved.automation);
    }
    const killAt = environment.DRILL_TEST_KILL_AT;
    const journal = environment.DRILL_TEST_JOURNAL;
    const save = (what: string) => {
        const account: AccountFile = { clock: { startMs, nowMs: clock.now() }, world: world.snapshot(), automation: automation.snapshot() };
        const temporary = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, JSON.stringify(account));
        fs.renameSync(temporary, file);
        if (journal !== undefined && journal !== "") {
            fs.appendFileSync(journal, `${process.pid} ${what}\n`);
        }
        if (what === killAt) {
            process.kill(process.pid, "SIGKILL");
        }
    };
    world.onChange = save;
    automation.onChange = save;
    if (saved === undefined) {
        save("account created");
    }
    return { aws: world.aws, automation, clock, prober: world.prober, resolver: world.resolver };
}

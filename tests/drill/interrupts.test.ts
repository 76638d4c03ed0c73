/** The drill's signal handling on its own: which signal restores, which exits, which is ignored. */
import { expect } from "chai";
import { DrillSignal, installInterrupts, repeatWindowMs } from "../../drill/cli/interrupts";
import { RecordingProgress } from "./fakes";

function setUp() {
    const handlers = new Map<DrillSignal, () => void>();
    const exits: number[] = [];
    const errors: string[] = [];
    let nowMs = 0;
    let hangups = 0;
    const interrupts = installInterrupts({
        source: { on: (name, handler) => handlers.set(name, handler), off: (name) => handlers.delete(name) },
        progress: new RecordingProgress(), writeError: (text) => errors.push(text), stateFile: "/p/.drill/state.json",
        runningPulumi: () => [4242], exit: (code) => exits.push(code), onHangup: () => hangups++, now: () => nowMs,
    });
    const send = (name: DrillSignal, atMs: number) => {
        nowMs = atMs;
        handlers.get(name)!();
    };
    return { interrupts, handlers, exits, errors, send, hangups: () => hangups };
}

describe("drill signal handling", () => {
    for (const name of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
        it(`the first ${name} stops the drill to restore, and does not exit`, () => {
            const { interrupts, exits, send } = setUp();
            send(name, 0);
            expect(interrupts.signal.aborted).to.equal(true);
            expect(exits).to.deep.equal([]);
        });
    }

    it("a repeat inside the window is the same Ctrl-C (npm forwards it), one after it exits naming the state file and the running update", () => {
        const { exits, errors, send } = setUp();
        send("SIGINT", 0);
        send("SIGINT", repeatWindowMs - 1);
        expect(exits).to.deep.equal([]);
        send("SIGINT", 2 * repeatWindowMs);
        expect(exits).to.deep.equal([1]);
        expect(errors.join("")).to.match(/exiting WITHOUT finishing the restore\. The drill state \(the zone's _drill-state record, and the state file \/p\/\.drill\/state\.json\) stays: run npm run drill -- restore, from this or any checkout\. A pulumi update is still running in its own process group \(pid 4242\)/);
    });

    it("a SIGHUP during the restore never exits: a dropped session must not cut the restore short", () => {
        const { exits, send, hangups } = setUp();
        send("SIGINT", 0);
        send("SIGHUP", 5 * repeatWindowMs);
        expect(exits).to.deep.equal([]);
        expect(hangups()).to.equal(1);
    });

    it("removes its handlers when disposed", () => {
        const { interrupts, handlers } = setUp();
        interrupts.dispose();
        expect(handlers.size).to.equal(0);
    });
});

/**
 * The fake account for the command-line tests (DRILL_TEST_WORLD): the same FakeWorld as the runner
 * tests, on scaled real time, with a `pulumi up` stand-in that runs a real child process through
 * the drill's process-group spawner, so the tests see whether a terminal signal reaches it.
 * Everything worth asserting is appended to the journal file named by DRILL_TEST_JOURNAL.
 */
import * as fs from "node:fs";
import { runInOwnProcessGroup } from "../../../drill/clients/pulumiProcess";
import { UpListener } from "../../../drill/clients/types";
import { WorldDependencies } from "../../../drill/cli/dependencies";
import { FakeAutomation, FakeWorld, ScaledClock } from "../fakes";

function journal(line: string): void {
    const file = process.env.DRILL_TEST_JOURNAL;
    if (file !== undefined && file !== "") {
        fs.appendFileSync(file, `${line}\n`);
    }
}

/** Real milliseconds a stand-in runs at least (DRILL_TEST_UP_MS). */
const upRealMs = Number(process.env.DRILL_TEST_UP_MS ?? "500");

/**
 * The updates that wait for the terminal (DRILL_TEST_HOLD, JSON: update number in this process ->
 * how many "terminal: ... sent" lines the journal must hold before its stand-in ends). A held
 * stand-in ends 300 ms after that line appears, so the signal the test sends during the update
 * arrives while it runs however slow the machine is (an event, not a guessed duration); after 30 s
 * it ends anyway, and the test's journal check then fails.
 */
const holds = JSON.parse(process.env.DRILL_TEST_HOLD ?? "{}") as Record<string, number>;
let updates = 0;

/** `pulumi up` as FakeAutomation plays it, plus a real child process that runs as long as the update (or longer). */
class ProcessAutomation extends FakeAutomation {
    async up(stack: string, listener: UpListener, targets?: readonly string[]): Promise<void> {
        const terminalLines = holds[String(++updates)] ?? 0;
        const script = "const fs=require('fs');const j=process.env.DRILL_TEST_JOURNAL;const start=Date.now();" +
            "for(const s of ['SIGINT','SIGHUP','SIGTERM'])process.on(s,()=>{fs.appendFileSync(j,'pulumi stand-in got '+s+'\\n');process.exit(130)});" +
            "const sent=()=>{try{return fs.readFileSync(j,'utf8').split('\\n').filter((l)=>l.startsWith('terminal: ')).length}catch{return 0}};" +
            `const end=()=>fs.appendFileSync(j,'pulumi stand-in finished\\n');` +
            `const wait=()=>{if(sent()>=${terminalLines}||Date.now()-start>30000){setTimeout(end,${terminalLines > 0 ? 300 : 0});}else{setTimeout(wait,50);}};` +
            `setTimeout(wait,${upRealMs});`;
        const child = runInOwnProcessGroup({ command: process.execPath, args: ["-e", script] });
        journal(`up ${stack} started`);
        let failure: unknown;
        try {
            await super.up(stack, listener, targets);
        } catch (error) {
            journal(`up ${stack} failed: ${error instanceof Error ? error.message : String(error)}`);
            failure = error;
        }
        // Like the real CLI, the update ends when its process does, whatever the engine reported.
        const outcome = await child;
        journal(`up ${stack} ended ${outcome.code}`);
        if (failure !== undefined) {
            throw failure;
        }
        if (outcome.code !== 0) {
            throw new Error(`pulumi stand-in exited ${outcome.code}`);
        }
    }
}

/** The world the CLI runs against. */
export function createTestWorld(): WorldDependencies {
    const speed = Number(process.env.DRILL_TEST_SPEED ?? "50");
    const clock = new ScaledClock(speed);
    const world = new FakeWorld(clock);
    const automation = new ProcessAutomation(world);
    process.on("exit", () => journal(`final ${JSON.stringify({
        seoulInverted: world.isInverted("seoul"), seoulDial: world.dial("seoul"), lock: [...world.recordSets.keys()],
        config: automation.config.seoul, mutations: automation.mutations.map((call) => call.method),
    })}`));
    return { aws: world.aws, automation, clock, prober: world.prober, resolver: world.resolver };
}

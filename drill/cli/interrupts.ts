/**
 * What `drill run` does on a signal. The first SIGINT (Ctrl-C), SIGTERM or SIGHUP (the SSH
 * session dropped) stops the drill: polling stops, a `pulumi up` in progress runs to its end
 * (the CLI is in its own process group, so the terminal's signals never reach it), the lever is
 * restored and read back, the report is written. After a SIGHUP there is no terminal: output
 * is dropped, files are still written, and a later SIGHUP changes nothing (a dropped session must
 * never cut a restore short). A second SIGINT or SIGTERM, a deliberate one, exits at once without
 * finishing the restore; the state file stays, so `drill restore` can finish, and any `pulumi up`
 * still running is left to complete in its own process group (its process ids are printed).
 *
 * A repeat within {@link repeatWindowMs} of the previous signal is the same keypress arriving
 * twice, not a second decision: `npm run` forwards the SIGINT the terminal already sent to the
 * whole foreground group, so one Ctrl-C under npm reaches the drill twice, milliseconds apart.
 */
import { ProgressSink } from "../clients/types";
import { ExitCode } from "../../domain/exitCodes";

/** The signals a drill handles. */
export const drillSignals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** A signal a drill handles. */
export type DrillSignal = (typeof drillSignals)[number];

/** The part of `process` the handlers use. */
export interface SignalSource {
    /** Adds a handler. */
    on(signal: DrillSignal, handler: () => void): unknown;
    /** Removes a handler. */
    off(signal: DrillSignal, handler: () => void): unknown;
}

/** What the handlers need. */
export interface InterruptSetup {
    /** Where the signals come from (`process`). */
    readonly source: SignalSource;
    /** Progress output. */
    readonly progress: ProgressSink;
    /** Writes to stderr (ignored when the terminal is gone). */
    readonly writeError: (text: string) => void;
    /** The state file, named when exiting without restoring. */
    readonly stateFile: string;
    /** Process ids of `pulumi` commands still running (named when exiting). */
    readonly runningPulumi: () => readonly number[];
    /** Ends the process (`process.exit`). */
    readonly exit: (code: number) => void;
    /** Called once the terminal is gone (SIGHUP): stop writing to it. */
    readonly onHangup: () => void;
    /** Milliseconds now (`Date.now`), to tell a repeated keypress from a second decision. */
    readonly now: () => number;
}

/** Signals this close to the previous one count as the same interruption. */
export const repeatWindowMs = 1000;

/** The installed handlers. */
export interface Interrupts {
    /** Aborted by the first signal. */
    readonly signal: AbortSignal;
    /** Removes the handlers. */
    dispose(): void;
}

const names: Readonly<Record<DrillSignal, string>> = { SIGINT: "Ctrl-C", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP (terminal gone)" };

/** Installs the handlers. */
export function installInterrupts(setup: InterruptSetup): Interrupts {
    const controller = new AbortController();
    let lastAtMs: number | undefined;
    const handlers = drillSignals.map((name) => {
        const handler = () => {
            const nowMs = setup.now();
            const repeated = lastAtMs !== undefined && nowMs - lastAtMs < repeatWindowMs;
            if (name === "SIGHUP") {
                setup.onHangup();
            }
            if (!controller.signal.aborted) {
                lastAtMs = nowMs;
                setup.progress.event(`${names[name]}: stopping the drill; restoring before exit (a second Ctrl-C exits WITHOUT finishing the restore).`);
                controller.abort();
                return;
            }
            if (name === "SIGHUP" || repeated) {
                return;
            }
            lastAtMs = nowMs;
            const running = setup.runningPulumi();
            setup.writeError(`\n${names[name]} again: exiting WITHOUT finishing the restore. The drill state (the zone's _drill-state record, and the state file ${setup.stateFile}) stays: run npm run drill -- restore, from this or any checkout.` +
                `${running.length > 0 ? ` A pulumi update is still running in its own process group (pid ${running.join(", ")}); it finishes on its own.` : ""}\n`);
            setup.exit(ExitCode.findings);
        };
        setup.source.on(name, handler);
        return [name, handler] as const;
    });
    return {
        signal: controller.signal,
        dispose: () => handlers.forEach(([name, handler]) => setup.source.off(name, handler)),
    };
}

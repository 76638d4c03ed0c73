/** The live status board of a phase: one line per signal, redrawn on every poll. */
import { formatSeconds } from "../report/text";
import { ChangeDetector } from "../signals/detector";
import { Signal } from "../signals/signal";

function state(signal: Signal, detector: ChangeDetector, phaseStartMs: number): string {
    if (detector.mode === "unchanged") {
        return detector.strays > 0 ? "!! left its expected state" : "== unchanged, as expected";
    }
    const changedAtMs = detector.changedAtMs;
    const predicted = signal.predictedSeconds === null ? "" : ` (predicted <= ${formatSeconds(signal.predictedSeconds)})`;
    if (changedAtMs === undefined) {
        return `.. waiting for ${[...detector.next].join(" or ")}${predicted}`;
    }
    return `${detector.settled ? "ok" : ".."} changed at +${formatSeconds((changedAtMs - phaseStartMs) / 1000)}${predicted}`;
}

/** The board's lines. */
export function boardLines(title: string, elapsedMs: number, signals: readonly Signal[], detectors: ReadonlyMap<string, ChangeDetector>, phaseStartMs: number): string[] {
    const width = Math.max(...signals.map((signal) => signal.id.length));
    const valueWidth = Math.max(8, ...signals.map((signal) => (detectors.get(signal.id)?.latest ?? "-").length));
    return [
        `${title}  +${formatSeconds(elapsedMs / 1000)}`,
        ...signals.map((signal) => {
            const detector = detectors.get(signal.id)!;
            return `  ${signal.id.padEnd(width)}  ${(detector.latest ?? "-").padEnd(valueWidth)}  ${state(signal, detector, phaseStartMs)}`;
        }),
    ];
}

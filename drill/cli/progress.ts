/**
 * Progress output. On a terminal the status board stays at the bottom and is redrawn in place
 * on every poll, with event lines scrolling above it; elsewhere (CI logs, pipes) only the
 * event lines are printed, one per step or signal change.
 */
import { ProgressSink } from "../clients/types";

/** The writable side of a stream, as much as progress needs. */
export interface OutputStream {
    /** Writes text. */
    write(text: string): unknown;
    /** True for a terminal. */
    readonly isTTY?: boolean;
    /** Terminal width. */
    readonly columns?: number;
}

/** Progress on `stream`: live board on a TTY, plain lines otherwise. */
export function streamProgress(stream: OutputStream): ProgressSink {
    if (!stream.isTTY) {
        return { event: (line) => stream.write(`${line}\n`), board: () => undefined };
    }
    let board: readonly string[] = [];
    const clear = () => {
        if (board.length > 0) {
            stream.write(`\x1b[${board.length}A\x1b[0J`);
        }
    };
    const draw = () => {
        const width = Math.max(20, (stream.columns ?? 120) - 1);
        for (const line of board) {
            stream.write(`${line.length > width ? `${line.slice(0, width - 1)}~` : line}\n`);
        }
    };
    return {
        event: (line) => {
            clear();
            stream.write(`${line}\n`);
            draw();
        },
        board: (lines) => {
            clear();
            board = lines;
            draw();
        },
    };
}

/**
 * Colour for the plan's text on a terminal: on when the stream is a TTY, off when NO_COLOR is
 * set to anything non-empty (https://no-color.org) or the output is piped.
 */

/** Wraps text in one style; identity when colour is off. */
export type Paint = (text: string) => string;

/** The styles the plan uses. */
export interface Palette {
    /** Headings. */
    readonly bold: Paint;
    /** Errors and failing findings. */
    readonly red: Paint;
    /** Warnings. */
    readonly yellow: Paint;
    /** Passing checks. */
    readonly green: Paint;
    /** Secondary detail. */
    readonly dim: Paint;
}

const style = (open: number, close: number): Paint => (text) => `\u001b[${open}m${text}\u001b[${close}m`;

/** Colour. */
export const colours: Palette = { bold: style(1, 22), red: style(31, 39), yellow: style(33, 39), green: style(32, 39), dim: style(2, 22) };

/** No colour. */
export const plain: Palette = { bold: (text) => text, red: (text) => text, yellow: (text) => text, green: (text) => text, dim: (text) => text };

/**
 * The palette for a stream.
 * @param isTty whether the stream is a terminal
 * @param environment the process environment (NO_COLOR)
 */
export function paletteFor(isTty: boolean | undefined, environment: NodeJS.ProcessEnv): Palette {
    return isTty === true && !environment.NO_COLOR ? colours : plain;
}

/** Helpers for reading the text plan in tests. */

/**
 * Text with its wrapped lines joined again (the plan wraps long lines, each continuation line
 * starting with two or more spaces), so a test can look for a whole message.
 * @param text the printed text
 */
export function unwrapped(text: string): string {
    return text.replace(/\n {2,}(?=\S)/g, " ");
}

/** The escape character that starts a terminal colour code. */
export const escape = String.fromCharCode(27);

/**
 * Text without its terminal colour codes (`ESC[31m` ... `ESC[39m`).
 * @param text the printed text
 */
export function withoutColour(text: string): string {
    return text.replace(new RegExp(`${escape}\\[\\d+m`, "g"), "");
}

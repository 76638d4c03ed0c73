/**
 * Finds the line whose indentation breaks a block-style YAML file, in words a reader of a stack
 * file understands. The YAML parser reports such a mistake where it gives up, which is often the
 * line before the wrong one (a key indented one space too far reads as the continuation of the
 * value above it: "Nested mappings are not allowed in compact mappings" at the line above).
 * Used only when the parser has already refused the file, to point at the line to fix.
 */

/** An indentation mistake: the 1-based line to fix and what is wrong with it. */
export interface IndentationMistake {
    /** The line to fix, counted from 1. */
    readonly line: number;
    /** What is wrong and how to fix it. */
    readonly message: string;
}

/** One line that holds YAML content (not blank, not only a comment). */
interface ContentLine {
    /** 1-based line number. */
    readonly number: number;
    /** Leading spaces. */
    readonly indent: number;
    /** The text after the indentation, comment removed. */
    readonly text: string;
}

/** A `key:` with nothing after it (the value is the block below), or a list item that opens a block. */
function opensBlock(text: string): boolean {
    return /:$/.test(text) || /^-\s*$/.test(text) || /:\s*[|>][+-]?\d*$/.test(text);
}

/** A line that starts a mapping entry (`key: ...`) or a list item (`- ...`). */
function startsEntry(text: string): boolean {
    return /^-(\s|$)/.test(text) || /^[^\s#'"[{]\S*:(\s|$)/.test(text) || /^["'][^"']*["']\s*:(\s|$)/.test(text);
}

/** A block scalar (`key: |`, `key: >-`): its lines are text, whatever their indentation. */
function opensBlockScalar(text: string): boolean {
    return /(^|:\s*|^-\s+)[|>][+-]?\d*$/.test(text);
}

/** For a list item holding a mapping (`- key: value`), the column its further keys line up at. */
function itemMappingColumn(line: ContentLine): number | undefined {
    const dash = /^-\s+/.exec(line.text);
    return dash !== null && startsEntry(line.text.slice(dash[0].length)) ? line.indent + dash[0].length : undefined;
}

function contentLines(source: string): ContentLine[] {
    return source.split(/\r?\n/).flatMap((raw, index) => {
        const text = raw.replace(/\s+#.*$/, "").replace(/^\s*#.*$/, "").trimEnd();
        return text.trim() === "" ? [] : [{ number: index + 1, indent: text.length - text.trimStart().length, text: text.trimStart() }];
    });
}

/**
 * The first line whose indentation no YAML block structure allows, or undefined when every line
 * fits one: a tab used for indentation, an entry indented further than the line above although
 * that line's value is already given, or an entry indented to none of the open blocks' columns.
 * @param source the file's text
 */
export function indentationMistake(source: string): IndentationMistake | undefined {
    const tab = source.split(/\r?\n/).findIndex((line) => /^ *\t/.test(line));
    if (tab >= 0) {
        return { line: tab + 1, message: "is indented with a tab; YAML indents with spaces only" };
    }
    const lines = contentLines(source);
    /** Columns of the blocks open at the current line, outermost first. */
    const open: number[] = [0];
    let scalarIndent: number | undefined;
    for (let index = 0; index < lines.length; index++) {
        const line = lines[index];
        const previous = lines[index - 1];
        if (scalarIndent !== undefined) {
            if (line.indent > scalarIndent) {
                continue;
            }
            scalarIndent = undefined;
        }
        if (previous !== undefined && line.indent > previous.indent) {
            if (opensBlock(previous.text) || line.indent === itemMappingColumn(previous)) {
                open.push(line.indent);
            } else if (startsEntry(line.text)) {
                return {
                    line: line.number,
                    message: `is indented ${line.indent} spaces, more than line ${previous.number} (${previous.indent}), whose value is already on that line: ` +
                        `indent it ${previous.indent} spaces to make it a key beside line ${previous.number}'s`,
                };
            }
        } else if (previous !== undefined && line.indent < previous.indent) {
            while (open.length > 1 && open[open.length - 1] > line.indent) {
                open.pop();
            }
            if (open[open.length - 1] !== line.indent) {
                const columns = [...new Set([open[open.length - 1], previous.indent])].sort((a, b) => a - b);
                return {
                    line: line.number,
                    message: `is indented ${line.indent} spaces, which lines up with no block around it: the entries there are indented ${columns.join(" or ")} spaces`,
                };
            }
        }
        if (opensBlockScalar(line.text)) {
            scalarIndent = line.indent;
        }
    }
    return undefined;
}

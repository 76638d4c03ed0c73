/**
 * A readable line diff for failing snapshots: the changed lines with two lines of context,
 * `-` for the expected (reviewed) side and `+` for the actual one, like `diff -u`.
 */

/**
 * The differing lines of two texts, with context; "" when they are equal.
 * @param expected the reviewed text
 * @param actual the text produced now
 * @param context unchanged lines shown around each change
 * @default context 2
 */
export function lineDiff(expected: string, actual: string, context = 2): string {
    const a = expected.split("\n");
    const b = actual.split("\n");
    // Longest common subsequence table, from the end.
    const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
    for (let i = a.length - 1; i >= 0; i--) {
        for (let j = b.length - 1; j >= 0; j--) {
            lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        }
    }
    const lines: { mark: " " | "-" | "+"; text: string; line: number }[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
        if (i < a.length && j < b.length && a[i] === b[j]) {
            lines.push({ mark: " ", text: a[i], line: i + 1 });
            i++;
            j++;
        } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
            lines.push({ mark: "-", text: a[i], line: i + 1 });
            i++;
        } else {
            lines.push({ mark: "+", text: b[j], line: i + 1 });
            j++;
        }
    }
    const changed = lines.map((line, index) => (line.mark !== " " ? index : -1)).filter((index) => index >= 0);
    if (changed.length === 0) {
        return "";
    }
    const shown = new Set(changed.flatMap((index) => Array.from({ length: 2 * context + 1 }, (_, offset) => index - context + offset)));
    const out: string[] = [];
    lines.forEach((line, index) => {
        if (shown.has(index)) {
            if (!shown.has(index - 1)) {
                out.push(`@@ line ${line.line} @@`);
            }
            out.push(`${line.mark} ${line.text}`);
        }
    });
    return out.join("\n");
}

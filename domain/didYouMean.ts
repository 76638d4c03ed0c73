/**
 * "Did you mean" hints for names a user typed: stack names, configuration keys, target-group
 * references. Pure: imports nothing.
 */

/**
 * Edit distance between two strings: insertions, deletions, substitutions and swaps of two
 * neighbouring letters cost 1 each (optimal string alignment), so `wieght` is one edit from
 * `weight`, as a typing slip is.
 */
export function editDistance(a: string, b: string): number {
    // Three rolling rows: a swap looks back two rows.
    let twoBack: number[] = [];
    let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                current[j] = Math.min(current[j], twoBack[j - 2] + 1);
            }
        }
        twoBack = previous;
        previous = current;
    }
    return previous[b.length];
}

/**
 * The candidates close to `typed` (case-insensitive), nearest first: within a quarter of its
 * length, and at least one edit.
 * @param typed what the user wrote
 * @param candidates the names that exist
 */
export function closest(typed: string, candidates: readonly string[]): string[] {
    const word = typed.toLowerCase();
    const limit = Math.max(1, Math.floor(word.length / 4));
    return candidates
        .map((candidate) => ({ candidate, distance: editDistance(candidate.toLowerCase(), word) }))
        .filter(({ distance }) => distance <= limit)
        .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
        .map(({ candidate }) => candidate);
}

/**
 * ` (did you mean x?)` for the nearest candidates, or "" when none is close.
 * @param typed what the user wrote
 * @param candidates the names that exist
 */
export function didYouMean(typed: string, candidates: readonly string[]): string {
    const close = closest(typed, candidates).slice(0, 3);
    return close.length > 0 ? ` (did you mean ${close.join(" or ")}?)` : "";
}

/**
 * Generated regions of hand-written Markdown: the text between `<!-- NAME:start -->` and
 * `<!-- NAME:end -->` belongs to a generator (`npm run config:generate`, `npm run docs:readme`);
 * everything else is written by hand. A test compares each region with what its generator gives.
 */

/** The markers around the region `name`. */
export function markersOf(name: string): { readonly start: string; readonly end: string } {
    return { start: `<!-- ${name}:start -->`, end: `<!-- ${name}:end -->` };
}

/**
 * `text` with the region `name` holding `content`; throws when the markers are missing.
 * @param text the whole file
 * @param name the region's name
 * @param content what the region holds, without the markers
 * @param file the file's name, for the message
 */
export function withRegion(text: string, name: string, content: string, file: string): string {
    const { start, end } = markersOf(name);
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) {
        throw new Error(`${file} lacks the markers ${start} ... ${end}`);
    }
    return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

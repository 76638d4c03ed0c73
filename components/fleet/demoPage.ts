/**
 * The contract between the demo app and the tools that probe it: the page names the region
 * that served it in a marker that the drill's HTTP probe reads back.
 */

/** The marker the demo page carries, e.g. `data-served-region="ap-northeast-2"`. */
export function servedRegionMarker(region: string): string {
    return `data-served-region="${region}"`;
}

/** Reads the serving region out of a demo page; undefined when the page has no marker. */
export function servedRegionOf(page: string): string | undefined {
    return /data-served-region="([a-z0-9-]+)"/.exec(page)?.[1];
}

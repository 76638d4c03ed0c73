/** HTTP signals: which region serves a URL now (the demo page names it). */
import { HttpProber, ProbeRequest } from "../clients/types";
import { Observation } from "./signal";

/** Probes once and names the serving region, or a failure token. */
export async function readServedRegion(prober: HttpProber, request: ProbeRequest): Promise<Observation> {
    const result = await prober.probe(request);
    if (result.error !== undefined) {
        return { value: "!error", detail: result.error };
    }
    if (result.status === undefined || result.status >= 400) {
        return { value: `!http-${result.status ?? "none"}`, detail: `HTTP ${result.status ?? "no status"}` };
    }
    if (result.servedRegion === undefined) {
        return { value: "!no-marker", detail: `HTTP ${result.status} without X-Served-Region or page marker` };
    }
    return { value: result.servedRegion, detail: `HTTP ${result.status}` };
}

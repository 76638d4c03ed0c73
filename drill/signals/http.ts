/** HTTP signals: which region serves a URL now (the demo page names it). */
import { HttpProber, ProbeRequest } from "../clients/types";
import { Observation } from "./signal";

/** The state of a probe answered by the drill's fault rule (a fixed 503), when a signal expects it. */
export const faultAnswerToken = "http-503";

/**
 * Probes once and names the serving region, or a failure token. With `faultExpected`, a 503 is
 * the state `http-503` (the fault lever's answer) rather than a failure.
 */
export async function readServedRegion(prober: HttpProber, request: ProbeRequest, faultExpected = false): Promise<Observation> {
    const result = await prober.probe(request);
    if (result.error !== undefined) {
        return { value: "!error", detail: result.error };
    }
    if (faultExpected && result.status === 503) {
        return { value: faultAnswerToken, detail: "HTTP 503 (the fault rule)" };
    }
    if (result.status === undefined || result.status >= 400) {
        return { value: `!http-${result.status ?? "none"}`, detail: `HTTP ${result.status ?? "no status"}` };
    }
    if (result.servedRegion === undefined) {
        return { value: "!no-marker", detail: `HTTP ${result.status} without X-Served-Region or page marker` };
    }
    return { value: result.servedRegion, detail: `HTTP ${result.status}` };
}

/**
 * How hard a drill may poll AWS. Route 53 throttles API requests per account, shared with
 * everything else the account runs (Pulumi included), and documents GetHealthCheckStatus as a
 * diagnostic call not meant for high rates (docs/drill-aws-facts.md). The drill keeps its own
 * share small: at most a quarter of the account's sustained rate, and never a poll faster than
 * Route 53's fastest health checker interval warrants.
 */
import { InputError } from "../../domain/exitCodes";
import { Signal } from "../signals/signal";

/** Route 53's sustained request rate per account (token-bucket refill), requests per second. */
export const route53AccountRequestsPerSecond = 10;

/** The share of that rate a drill may use. */
export const drillShareOfRoute53Rate = 0.25;

/**
 * The shortest `--poll`: Route 53's checkers report every 10 s at the fastest (fast interval),
 * so polling a status more often than every 2 s measures nothing more and only spends requests.
 */
export const minimumPollSeconds = 2;

/** Route 53 requests one read of a signal makes. */
export function route53RequestsPerRead(signal: Signal): number {
    if (signal.lane !== "route53") {
        return 0;
    }
    if (signal.route53Requests !== undefined) {
        return signal.route53Requests;
    }
    // A health check reads GetHealthCheck (the Inverted flag) and GetHealthCheckStatus; TestDNSAnswer is one call.
    return signal.kind === "dns-answer" ? 1 : 2;
}

/** Route 53 requests per poll of every signal. */
export function route53RequestsPerPoll(signals: readonly Signal[]): number {
    return signals.reduce((sum, signal) => sum + route53RequestsPerRead(signal), 0);
}

/** Throws an input error when polling every `pollSeconds` would spend more than the drill's share. */
export function checkRequestRate(signals: readonly Signal[], pollSeconds: number): void {
    const perPoll = route53RequestsPerPoll(signals);
    const budget = route53AccountRequestsPerSecond * drillShareOfRoute53Rate;
    const rate = perPoll / pollSeconds;
    if (rate > budget) {
        const shortest = Math.ceil((perPoll / budget) * 10) / 10;
        throw new InputError(`--poll ${pollSeconds}: ${perPoll} Route 53 requests per poll would be ${Math.round(rate * 100) / 100} per second, ` +
            `over the drill's share of ${budget} per second (a quarter of Route 53's ${route53AccountRequestsPerSecond} per account); use --poll ${shortest} or more`);
    }
}

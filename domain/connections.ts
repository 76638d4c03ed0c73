/**
 * Connections that move (docs/capacity-and-recovery.md, "Open connections"). DNS failover changes
 * the answers for new lookups, and Global Accelerator moves new connections only: a client that
 * keeps a connection open to the failed region's ALB keeps reaching it until the ALB closes the
 * connection. The ALB does so on two clocks (ALB User Guide, "Edit attributes for your
 * Application Load Balancer"): the connection idle timeout (no data either way) and the HTTP
 * client keepalive duration (the connection's age: once it has passed, the ALB accepts one more
 * request and closes the connection with its response).
 */

/** `client_keep_alive.seconds`: range and AWS's default (elbv2 LoadBalancerAttribute; ALB User Guide). */
export const clientKeepAliveLimits = { min: 60, max: 604800, awsDefault: 3600 } as const;

/** `idle_timeout.timeout_seconds`: range and AWS's default (elbv2 LoadBalancerAttribute; ALB User Guide). */
export const idleTimeoutLimits = { min: 1, max: 4000, awsDefault: 60 } as const;

/** The ALB settings that decide when an open client connection is closed. */
export interface ConnectionSettings {
    /** HTTP client keepalive duration, seconds. */
    readonly clientKeepAliveSeconds: number;
    /** Connection idle timeout, seconds. */
    readonly idleTimeoutSeconds: number;
}

/**
 * Worst-case seconds, after traffic moved, until a client on an open connection reconnects (and
 * so reaches the survivor). The worst client opened its connection just before the traffic moved
 * and keeps it busy: the ALB serves it until the connection is keepalive-old, then one more request,
 * which may come up to an idle timeout later (a longer pause and the idle timeout closes it).
 */
export function reconnectionBoundSeconds(settings: ConnectionSettings): number {
    return settings.clientKeepAliveSeconds + settings.idleTimeoutSeconds;
}

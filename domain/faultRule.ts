/**
 * The drill's fault lever (drill/levers/faultLever.ts): a listener rule on the region's serving
 * listener that answers a fixed 503 on every path, so the region really fails what its checks
 * watch. Priority 1 is the highest a rule can have (elbv2 `RulePriority` 1..50000, lowest first),
 * so the fault rule is evaluated before every rule of the service; the configuration refuses a
 * service rule at that priority (config/checks.ts), so the two never collide.
 */
export const faultRule = {
    /** Reserved for the fault rule. */
    priority: 1,
    /** What every request gets while the rule is in place. */
    statusCode: "503",
    /** Content type of the fixed response. */
    contentType: "text/plain",
    /** Body of the fixed response; restore deletes only a rule that answers with it. */
    messageBody: "Failover drill: this region is taken out on purpose (drill fault lever). It comes back when the drill restores.",
    /** Matches every path. */
    pathPattern: "*",
    /** Tag key the rule carries (its value: the drill's lock id). */
    tagKey: "app:drill-fault",
} as const;

/**
 * The AWS facts the policy pack reads, gathered from domain/ into one JSON document
 * (policy/facts.json, written by `npm run config:generate`). The pack is published on its own
 * (`pulumi policy publish` uploads only policy/), so it cannot import domain/ itself.
 */
import {
    elbNameMaxLength, globalAcceleratorHostedZoneId, recoveryControlApiRegion, route53HealthCheckTlsVersions, route53MetricsRegion,
    safeDesyncModes, tls13OnlyPolicyPrefix, tls13Policies,
} from "../domain/awsFacts";
import { recoveryControlConfigLimits } from "../domain/apiLimits";
import { globalAcceleratorEndpointRegions, minimumCheckerRegions, regionCodes, regions, route53CheckerRegions } from "../domain/regions";
import { route53AlarmRegions, route53AlarmStatistics, standardResolutionPeriodSeconds } from "../domain/route53Alarms";

/** The document written to policy/facts.json. */
export interface PolicyFacts {
    /** Canonical hosted zone id of ALBs, by region. */
    readonly albZoneIds: Record<string, string>;
    /** Hosted zone id of every accelerator's DNS name. */
    readonly globalAcceleratorHostedZoneId: string;
    /** Route 53 health checker regions. */
    readonly route53CheckerRegions: string[];
    /** Fewest checker regions a health check may name. */
    readonly minimumCheckerRegions: number;
    /** TLS policies that satisfy Security Hub ELB.17. */
    readonly tls13Policies: string[];
    /** Desync mitigation modes that satisfy Security Hub ELB.12. */
    readonly safeDesyncModes: string[];
    /** Longest load balancer or target group name. */
    readonly elbNameMaxLength: number;
    /** The only region of Route 53 ARC's recovery-control configuration API. */
    readonly recoveryControlApiRegion: string;
    /** The region Route 53 publishes health-check metrics in. */
    readonly route53MetricsRegion: string;
    /** Statistics Route 53 accepts in an alarm it follows. */
    readonly route53AlarmStatistics: string[];
    /** Name prefix of the ELB security policies that offer TLS 1.3 alone. */
    readonly tls13OnlyPolicyPrefix: string;
    /** TLS versions Route 53's HTTPS health checkers speak. */
    readonly route53HealthCheckTlsVersions: string[];
    /** Regions where Global Accelerator can have endpoint groups. */
    readonly globalAcceleratorEndpointRegions: string[];
    /** The shortest standard-resolution alarm period: Route 53 follows no high-resolution alarm. */
    readonly standardResolutionPeriodSeconds: number;
    /** The regions a followed alarm's AlarmIdentifier may name. */
    readonly route53AlarmRegions: string[];
    /** CreateRoutingControl's name: 1..max characters without white space. */
    readonly routingControlNameMaxLength: number;
}

/** The facts, from domain/. */
export function policyFacts(): PolicyFacts {
    return {
        albZoneIds: Object.fromEntries(regionCodes.map((code) => [code, regions[code].albZoneId])),
        globalAcceleratorHostedZoneId,
        route53CheckerRegions: [...route53CheckerRegions],
        minimumCheckerRegions,
        tls13Policies: [...tls13Policies],
        safeDesyncModes: [...safeDesyncModes],
        elbNameMaxLength,
        recoveryControlApiRegion,
        route53MetricsRegion,
        route53AlarmStatistics: [...route53AlarmStatistics],
        tls13OnlyPolicyPrefix,
        route53HealthCheckTlsVersions: [...route53HealthCheckTlsVersions],
        globalAcceleratorEndpointRegions: [...globalAcceleratorEndpointRegions],
        standardResolutionPeriodSeconds,
        route53AlarmRegions: [...route53AlarmRegions],
        routingControlNameMaxLength: recoveryControlConfigLimits.routingControlNameLength.max,
    };
}

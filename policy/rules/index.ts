/**
 * Every rule, in the order findings are reported. Both the CrossGuard pack and the plain API
 * (evaluatePolicies) are built from this list.
 */
import {
    acceleratorTrafficAdmitted, clientIpPreservationSet, endpointGroupRegionMatches, endpointGroupRegionServed, endpointGroupRegionSet,
} from "./globalAccelerator";
import {
    accessLogsEnabled, deletionProtection, desyncMitigationMode, dropInvalidHeaderFields, httpRedirectsToHttps,
    certificateInListenerRegion, multipleAvailabilityZones, plainHttpAlb, tls13Policy,
} from "./loadBalancers";
import {
    aliasCanonicalZone, checkerRegions, failoverEvaluatesTargetHealth, healthCheckNotDisabled, httpsCheckSpeaksListenerTls, setIdentifier,
} from "./route53";
import { autoNamed, healthCheckEnabled, targetGroupHasTargets } from "./targetGroups";
import {
    alarmTopicSubscribed, recordsUseCombinedCheck, regionAlarmsNotify, route53AlarmRegion, route53FollowableAlarm, routingControlName, routingControlRegion, routingControlsTurnedOn,
} from "./observability";
import { Rule } from "./types";

export const rules: readonly Rule[] = [
    httpRedirectsToHttps,
    plainHttpAlb,
    certificateInListenerRegion,
    dropInvalidHeaderFields,
    accessLogsEnabled,
    deletionProtection,
    desyncMitigationMode,
    multipleAvailabilityZones,
    tls13Policy,
    healthCheckEnabled,
    autoNamed,
    targetGroupHasTargets,
    aliasCanonicalZone,
    setIdentifier,
    failoverEvaluatesTargetHealth,
    checkerRegions,
    healthCheckNotDisabled,
    httpsCheckSpeaksListenerTls,
    endpointGroupRegionSet,
    endpointGroupRegionMatches,
    endpointGroupRegionServed,
    clientIpPreservationSet,
    acceleratorTrafficAdmitted,
    regionAlarmsNotify,
    alarmTopicSubscribed,
    route53AlarmRegion,
    route53FollowableAlarm,
    routingControlRegion,
    routingControlName,
    routingControlsTurnedOn,
    recordsUseCombinedCheck,
];

export * from "./types";

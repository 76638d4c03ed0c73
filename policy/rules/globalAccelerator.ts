/**
 * Global Accelerator rules: endpoint groups in their ALB's region, stated explicitly, and client
 * IP preservation stated on every endpoint (the API and the provider disagree on its default).
 */
import { arnAttributes, elbArnRegion, ofKind, referent, resourceTypes } from "./relations";
import { ResourceRule, StackRule } from "./types";
import { asList, asObject, isComputed, isKnown, show } from "./values";

export const endpointGroupRegionSet: ResourceRule = {
    name: "endpoint-group-region-explicit",
    description: "Endpoint groups set endpointGroupRegion; it otherwise defaults to the provider's region (us-west-2).",
    source: "Global Accelerator API reference, CreateEndpointGroup",
    enforcementLevel: "mandatory",
    scope: "resource",
    types: resourceTypes.endpointGroup,
    check(group) {
        const region = group.props.endpointGroupRegion;
        if (isComputed(region) || (typeof region === "string" && region !== "")) {
            return [];
        }
        return [`Endpoint group ${group.name} does not set endpointGroupRegion, so it takes the provider's region` +
            `${group.region ? ` (${group.region})` : ""}: set endpointGroupRegion to the region of its load balancers.`];
    },
};

export const endpointGroupRegionMatches: StackRule = {
    name: "endpoint-group-region-matches-endpoint",
    description: "An endpoint group is in the region of the load balancers it holds.",
    source: "Global Accelerator API reference, EndpointConfiguration.EndpointId",
    enforcementLevel: "mandatory",
    scope: "stack",
    check(resources) {
        const loadBalancers = ofKind(resources, "loadBalancer");
        return ofKind(resources, "endpointGroup").flatMap((group) => {
            const configured = group.props.endpointGroupRegion;
            const groupRegion = configured === undefined || configured === "" ? group.region : configured;
            if (!isKnown(groupRegion)) {
                return [];
            }
            const site = { resource: group, property: "endpointConfigurations" };
            return (asList(group.props.endpointConfigurations) ?? []).flatMap((endpoint, index) => {
                const id = asObject(endpoint)?.endpointId;
                const endpointRegion = elbArnRegion(id) ?? referent(id, loadBalancers, arnAttributes, site)?.region;
                if (endpointRegion === undefined || endpointRegion === groupRegion) {
                    return [];
                }
                return [{
                    urn: group.urn,
                    message: `Endpoint ${index} of endpoint group ${group.name} is a load balancer in ${endpointRegion} but the group is in ` +
                        `${String(groupRegion)}${configured ? "" : " (the provider's region, since endpointGroupRegion is not set)"}: ` +
                        `set endpointGroupRegion: "${endpointRegion}", or AWS rejects the ARN as not a valid load balancer.`,
                }];
            });
        });
    },
};

export const clientIpPreservationSet: ResourceRule = {
    name: "endpoint-client-ip-preservation-explicit",
    description: "Every endpoint configuration sets clientIpPreservationEnabled explicitly.",
    source: "Global Accelerator Developer Guide, client IP preservation",
    enforcementLevel: "mandatory",
    scope: "resource",
    types: resourceTypes.endpointGroup,
    check(group) {
        return (asList(group.props.endpointConfigurations) ?? []).flatMap((endpoint, index) => {
            const fields = asObject(endpoint);
            const setting = fields?.clientIpPreservationEnabled;
            if (!fields || (setting !== undefined && setting !== null)) {
                return [];
            }
            return [`Endpoint ${index} (${show(fields.endpointId)}) of endpoint group ${group.name} does not set clientIpPreservationEnabled: ` +
                "set it to true or false explicitly; the API defaults to true for ALBs while the provider documents false."];
        });
    },
};

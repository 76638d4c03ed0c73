/**
 * Global Accelerator rules: endpoint groups in their ALB's region, stated explicitly, in a region
 * the accelerator serves; client IP preservation stated on every endpoint (the API and the
 * provider disagree on its default), and on where the ALB's security group lists clients.
 */
import facts from "../facts.json";
import { arnAttributes, elbArnRegion, ofKind, referent, resourceTypes } from "./relations";
import { PolicyResource, ResourceRule, StackRule } from "./types";
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

export const endpointGroupRegionServed: ResourceRule = {
    name: "endpoint-group-region-served",
    description: "Endpoint groups are in a region where Global Accelerator can have endpoints.",
    source: "Global Accelerator Developer Guide, AWS Region availability for AWS Global Accelerator",
    enforcementLevel: "mandatory",
    scope: "resource",
    types: resourceTypes.endpointGroup,
    check(group) {
        const configured = group.props.endpointGroupRegion;
        const region = configured === undefined || configured === "" ? group.region : configured;
        if (!isKnown(region) || facts.globalAcceleratorEndpointRegions.includes(String(region))) {
            return [];
        }
        return [`Endpoint group ${group.name} is in ${String(region)}, where Global Accelerator cannot have endpoints ` +
            `(it serves ${facts.globalAcceleratorEndpointRegions.length} regions): leave this region out of the accelerator (stack config app:globalAccelerator.enabled: false).`];
    },
};

/** The CIDR that admits every IPv4 client. */
const everyone = "0.0.0.0/0";

/**
 * Whether the ALB's security groups admit every client on the listener ports: true, false, or
 * undefined when that cannot be told (a group or a rule outside the stack, or values unknown).
 */
function admitsEveryClient(loadBalancer: PolicyResource, resources: readonly PolicyResource[]): boolean | undefined {
    const groupIds = asList(loadBalancer.props.securityGroups);
    if (!groupIds || groupIds.length === 0) {
        return undefined;
    }
    const groups = ofKind(resources, "securityGroup");
    const rules = ofKind(resources, "securityGroupIngressRule");
    for (const id of groupIds) {
        const group = referent(id, groups, ["id"], { resource: loadBalancer, property: "securityGroups" });
        if (group === undefined) {
            return undefined;
        }
        const inline = (asList(group.props.ingress) ?? []).flatMap((rule) => asList(asObject(rule)?.cidrBlocks) ?? []);
        const separate = rules.filter((rule) => referent(rule.props.securityGroupId, [group], ["id"], { resource: rule, property: "securityGroupId" }) !== undefined);
        const sources = [...inline, ...separate.map((rule) => rule.props.cidrIpv4)];
        if (sources.some((source) => source === everyone)) {
            return true;
        }
        if (isComputed(group.props.ingress) || sources.some(isComputed)) {
            return undefined;
        }
    }
    return false;
}

export const acceleratorTrafficAdmitted: StackRule = {
    name: "accelerator-traffic-admitted",
    description: "An ALB endpoint without client IP preservation is not behind a security group that lists clients: its accelerator traffic would be dropped.",
    source: "Global Accelerator Developer Guide, Preserve client IP addresses (without it the endpoint sees Global Accelerator's addresses, not the client's)",
    enforcementLevel: "mandatory",
    scope: "stack",
    check(resources) {
        const loadBalancers = ofKind(resources, "loadBalancer");
        return ofKind(resources, "endpointGroup").flatMap((group) => (asList(group.props.endpointConfigurations) ?? []).flatMap((endpoint, index) => {
            const fields = asObject(endpoint);
            if (fields?.clientIpPreservationEnabled !== false) {
                return [];
            }
            const loadBalancer = referent(fields.endpointId, loadBalancers, arnAttributes, { resource: group, property: "endpointConfigurations" });
            // An internal ALB always gets the clients' addresses, whatever the setting says.
            if (loadBalancer === undefined || loadBalancer.props.internal === true || admitsEveryClient(loadBalancer, resources) !== false) {
                return [];
            }
            return [{
                urn: group.urn,
                message: `Endpoint ${index} of endpoint group ${group.name} is load balancer ${loadBalancer.name} with clientIpPreservationEnabled false, ` +
                    "but its security groups admit listed clients only: accelerator traffic arrives from Global Accelerator's own addresses and is dropped, " +
                    "while the accelerator still counts the ALB healthy. Set clientIpPreservationEnabled: true (stack config app:globalAccelerator.clientIpPreservation), " +
                    `or admit ${everyone}.`,
            }];
        }));
    },
};

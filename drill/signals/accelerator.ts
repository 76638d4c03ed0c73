/** Global Accelerator signals: an endpoint group's traffic dial and its endpoints' health. */
import { DescribeEndpointGroupCommand, GlobalAcceleratorClient } from "@aws-sdk/client-global-accelerator";
import { Observation } from "./signal";

/** What an endpoint group reports now. */
export interface EndpointGroupReading {
    /** Traffic dial, 0..100. */
    readonly trafficDial: number;
    /** Endpoints reported HEALTHY. */
    readonly healthyEndpoints: number;
    /** Endpoints in the group. */
    readonly endpoints: number;
    /** Each endpoint's id, weight and health, in the order the group lists them. */
    readonly endpointDescriptions: readonly { readonly id: string; readonly weight?: number; readonly healthState?: string }[];
}

/** Reads an endpoint group (DescribeEndpointGroup, us-west-2). */
export async function readEndpointGroup(client: GlobalAcceleratorClient, endpointGroupArn: string): Promise<EndpointGroupReading> {
    const described = await client.send(new DescribeEndpointGroupCommand({ EndpointGroupArn: endpointGroupArn }));
    const group = described.EndpointGroup;
    const endpoints = group?.EndpointDescriptions ?? [];
    return {
        // The API's default dial is 100 when the field is absent.
        trafficDial: group?.TrafficDialPercentage ?? 100,
        healthyEndpoints: endpoints.filter((endpoint) => endpoint.HealthState === "HEALTHY").length,
        endpoints: endpoints.length,
        endpointDescriptions: endpoints.map((endpoint) => ({ id: endpoint.EndpointId ?? "?", weight: endpoint.Weight, healthState: endpoint.HealthState })),
    };
}

/** The dial as a state token, e.g. `dial=0`. */
export function dialToken(trafficDial: number): string {
    return `dial=${trafficDial}`;
}

/** The dial as an observation. */
export function dialObservation(reading: EndpointGroupReading): Observation {
    return { value: dialToken(reading.trafficDial), detail: `${reading.healthyEndpoints}/${reading.endpoints} endpoints healthy` };
}

/**
 * Endpoint health as an observation: `healthy` when every endpoint is HEALTHY and the group takes
 * traffic (a dial of 0 sends the region's share elsewhere, whatever its endpoints' health).
 */
export function endpointHealthObservation(reading: EndpointGroupReading): Observation {
    const healthy = reading.endpoints > 0 && reading.healthyEndpoints === reading.endpoints && reading.trafficDial > 0;
    return { value: healthy ? "healthy" : "unhealthy", detail: `${reading.healthyEndpoints}/${reading.endpoints} endpoints healthy, dial ${reading.trafficDial}` };
}

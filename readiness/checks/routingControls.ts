/**
 * Every routing control of the stack set must be On: ARC creates them Off, and a control left Off
 * keeps its region's combined check unhealthy. The states are read through the cluster's data
 * plane (its five regional endpoints, each tried in turn), behind {@link RoutingControlStates}.
 */
import { GetRoutingControlStateCommand, Route53RecoveryClusterClient } from "@aws-sdk/client-route53-recovery-cluster";
import { routingControlOn } from "../../domain/readinessFacts";
import { onAnyEndpoint } from "../../drill/levers/routingControlLever";
import { CheckContext, RoutingControlStates } from "../context";
import { attempt, row, RowSubject } from "../read";
import { ReadinessCheck } from "../types";

/** {@link RoutingControlStates} through GetRoutingControlState, one control at a time, each call on the first endpoint that answers. */
export function clusterRoutingControlStates(client: (endpoint: string, region: string) => Route53RecoveryClusterClient): RoutingControlStates {
    return {
        async read(controlArns, endpoints) {
            const states = new Map<string, string | undefined>();
            for (const arn of controlArns) {
                const { value } = await onAnyEndpoint(endpoints, client, async (cluster) => (await cluster.send(new GetRoutingControlStateCommand({ RoutingControlArn: arn }))).RoutingControlState);
                states.set(arn, value);
            }
            return states;
        },
    };
}

/** The stack set's controls, by ARN, with the stack each keeps in (when one of the project's stacks is in its region). */
function controlsOf(context: CheckContext): { arn: string; region: string; stack?: string }[] {
    const controls = new Map<string, { arn: string; region: string; stack?: string }>();
    for (const { deployed } of context.regions) {
        for (const [region, arn] of Object.entries(deployed.routingControlArns ?? {})) {
            controls.set(arn, { arn, region, stack: controls.get(arn)?.stack });
        }
        if (deployed.routingControlArn !== undefined) {
            controls.set(deployed.routingControlArn, { arn: deployed.routingControlArn, region: deployed.region, stack: deployed.stack });
        }
    }
    return [...controls.values()];
}

/** Every routing control: On. */
export async function routingControlRows(context: CheckContext): Promise<ReadinessCheck[]> {
    const controls = controlsOf(context);
    if (controls.length === 0) {
        return [];
    }
    const subjects: RowSubject[] = controls.map((control) => ({
        id: `routing-control:${control.stack ?? control.region}`, category: "routing-control", stack: control.stack, subject: `${control.region} routing control ${control.arn}`,
    }));
    const endpoints = context.regions.map((region) => region.deployed.routingControlClusterEndpoints).find((found) => found !== undefined && found.length > 0);
    if (endpoints === undefined) {
        return subjects.map((subject) => row(subject, "unreadable", "no stack of the project outputs the cluster's endpoints (routingControlClusterEndpoints, the owner stack's): deploy the routing-control owner"));
    }
    const read = await attempt(subjects[0], ["route53-recovery-cluster:GetRoutingControlState"], () => context.routingControls.read(controls.map((control) => control.arn), endpoints));
    if (!read.ok) {
        return subjects.map((subject) => ({ ...read.row, ...subject }));
    }
    return subjects.map((subject, index) => {
        const state = read.value.get(controls[index].arn);
        if (state === routingControlOn) {
            return row(subject, "ok", "On");
        }
        return state === undefined ? row(subject, "unreadable", "the cluster returned no state")
            : row(subject, "fail", `${state}: its region's combined check stays unhealthy and Route 53 leaves the region out; turn it On through the cluster's endpoints (aws route53-recovery-cluster update-routing-control-state)`);
    });
}

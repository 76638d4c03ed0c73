/**
 * Every routing control of the stack set must be On: ARC creates them Off (the deploy turns a new
 * one On, components/traffic/routingControlInitialState.ts), and a control left Off keeps its
 * region's combined check unhealthy. The controls are the ones the drill's preflight reads
 * (drill/clients/outputs.ts `routingControlsOf`), each read through the cluster's data plane by the
 * reader the deploy step and the drill share (components/traffic/routingControlStates.ts: the
 * cluster's five endpoints in turn, a refusal not retried).
 */
import { RoutingControlState } from "@aws-sdk/client-route53-recovery-cluster";
import { readRoutingControlState } from "../../components/traffic/routingControlStates";
import { routingControlsOf } from "../../drill/clients/outputs";
import { CheckContext } from "../context";
import { attempt, row, RowSubject } from "../read";
import { ReadinessCheck } from "../types";

/** Every routing control: On. */
export async function routingControlRows(context: CheckContext): Promise<ReadinessCheck[]> {
    const { arns, endpoints } = routingControlsOf(context.regions.map((region) => region.deployed));
    const controls = Object.entries(arns).map(([region, arn]) => {
        const stack = context.regions.find((candidate) => candidate.deployed.region === region)?.deployed.stack;
        const subject: RowSubject = { id: `routing-control:${stack ?? region}`, category: "routing-control", stack, subject: `${region} routing control ${arn}` };
        return { arn, subject };
    });
    if (controls.length > 0 && endpoints.length === 0) {
        return controls.map(({ subject }) => row(subject, "unreadable",
            "no stack of the project outputs the cluster's endpoints (routingControlClusterEndpoints, the owner stack's): deploy the routing-control owner"));
    }
    const rows: ReadinessCheck[] = [];
    for (const { arn, subject } of controls) {
        const read = await attempt(subject, ["route53-recovery-cluster:GetRoutingControlState"], () => readRoutingControlState(endpoints, context.aws.recoveryCluster, arn));
        if (!read.ok) {
            rows.push(read.row);
        } else if (read.value.state === RoutingControlState.On) {
            rows.push(row(subject, "ok", "On"));
        } else {
            rows.push(read.value.state === undefined ? row(subject, "unreadable", "the cluster returned no state")
                : row(subject, "fail", `${read.value.state}: its region's combined check stays unhealthy and Route 53 leaves the region out; ` +
                    "turn it On through the cluster's endpoints (aws route53-recovery-cluster update-routing-control-state)"));
        }
    }
    return rows;
}

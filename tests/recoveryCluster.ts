/**
 * A fake Route 53 ARC cluster behind aws-sdk-client-mock, answering as ARC's data plane does
 * (botocore `route53-recovery-cluster`): one client per regional endpoint; an endpoint that is
 * down fails every call with EndpointTemporarilyUnavailableException; an unknown routing
 * control fails with ResourceNotFoundException, as does a new one for its first `propagating`
 * calls; a state other than On or Off fails with ValidationException; a safety rule (ATLEAST n)
 * refuses an update that would leave fewer than n controls On. And Route 53's ListHealthChecks,
 * paged, for the health checks that follow a control. Every call that reached an endpoint is
 * recorded with its input.
 */
import { HealthCheck, ListHealthChecksCommand, Route53Client } from "@aws-sdk/client-route-53";
import {
    GetRoutingControlStateCommand,
    Route53RecoveryClusterClient,
    RoutingControlState,
    UpdateRoutingControlStateCommand,
} from "@aws-sdk/client-route53-recovery-cluster";
import { mockClient } from "aws-sdk-client-mock";
import { ClusterClientFactory, ClusterEndpoint } from "../components/traffic/routingControlStates";

/** The five regional endpoints of the fake cluster. */
export const clusterEndpoints: readonly ClusterEndpoint[] = ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1", "ap-southeast-2"]
    .map((region) => ({ endpoint: `https://abcd1234.route53-recovery-cluster.${region}.amazonaws.com/v1`, region }));

/** A routing control ARN of the fake account. */
export function controlArn(id: string): string {
    return `arn:aws:route53-recovery-control::111122223333:controlpanel/0123456789abcdef0123456789abcdef/routingcontrol/${id}`;
}

function awsError(name: string, message: string): Error {
    return Object.assign(new Error(message), { name });
}

/** The cluster, its controls and the account's health checks. */
export class FakeRecoveryCluster {
    /** Each control's state, by ARN. */
    readonly states = new Map<string, RoutingControlState>();
    /** Regions whose endpoint fails every call. */
    readonly down = new Set<string>();
    /** Calls that answer ResourceNotFoundException for a control that is still propagating, by ARN. */
    readonly propagating = new Map<string, number>();
    /** Every call that reached an endpoint that answered. */
    readonly sent: { region: string; command: "Get" | "Update"; input: Record<string, unknown> }[] = [];
    /** Route 53's health checks (ListHealthChecks), in the account's order. */
    readonly healthChecks: HealthCheck[] = [];
    /** ListHealthChecks pages of at most this many. */
    pageSize = 100;
    /** An assertion safety rule: at least `minimumOn` of `controls` stay On. */
    safetyRule?: { readonly controls: readonly string[]; readonly minimumOn: number };
    /** Commands refused with AccessDeniedException. */
    readonly denied = new Set<"Get" | "Update">();
    readonly route53 = new Route53Client({ region: "us-east-1" });
    private readonly clients = new Map<string, Route53RecoveryClusterClient>();

    constructor() {
        mockClient(this.route53).on(ListHealthChecksCommand).callsFake((input: { Marker?: string }) => {
            const start = input.Marker === undefined ? 0 : Number(input.Marker);
            const page = this.healthChecks.slice(start, start + this.pageSize);
            const next = start + this.pageSize;
            return { HealthChecks: page, IsTruncated: next < this.healthChecks.length, ...(next < this.healthChecks.length ? { NextMarker: String(next) } : {}), MaxItems: String(this.pageSize), Marker: input.Marker ?? "" };
        });
    }

    /** A RECOVERY_CONTROL health check that follows `arn`. */
    follow(arn: string, id = `hc-${this.healthChecks.length + 1}`): void {
        this.healthChecks.push({ Id: id, CallerReference: id, HealthCheckVersion: 1, HealthCheckConfig: { Type: "RECOVERY_CONTROL", RoutingControlArn: arn } });
    }

    /** An endpoint health check, which follows no control. */
    endpointCheck(id = `hc-${this.healthChecks.length + 1}`): void {
        this.healthChecks.push({ Id: id, CallerReference: id, HealthCheckVersion: 1, HealthCheckConfig: { Type: "HTTPS", FullyQualifiedDomainName: "alb.example" } });
    }

    private control(arn: string): RoutingControlState {
        const pending = this.propagating.get(arn) ?? 0;
        if (pending > 0) {
            this.propagating.set(arn, pending - 1);
        }
        const state = this.states.get(arn);
        if (state === undefined || pending > 0) {
            throw awsError("ResourceNotFoundException", `The routing control ${arn} was not found.`);
        }
        return state;
    }

    /** The data-plane client factory the code under test gets. */
    readonly clientFor: ClusterClientFactory = (endpoint, region) => {
        const key = `${endpoint} ${region}`;
        const known = this.clients.get(key);
        if (known !== undefined) {
            return known;
        }
        const client = new Route53RecoveryClusterClient({ region, endpoint });
        const stub = mockClient(client);
        const reach = (command: "Get" | "Update", input: Record<string, unknown>) => {
            if (this.down.has(region)) {
                throw awsError("EndpointTemporarilyUnavailableException", `The cluster endpoint in ${region} isn't available. Try another cluster endpoint.`);
            }
            this.sent.push({ region, command, input });
            if (this.denied.has(command)) {
                throw awsError("AccessDeniedException", "You don't have sufficient permissions to query the routing control state.");
            }
        };
        stub.on(GetRoutingControlStateCommand).callsFake((input: { RoutingControlArn: string }) => {
            reach("Get", input);
            return { RoutingControlArn: input.RoutingControlArn, RoutingControlState: this.control(input.RoutingControlArn) };
        });
        stub.on(UpdateRoutingControlStateCommand).callsFake((input: { RoutingControlArn: string; RoutingControlState: string }) => {
            reach("Update", input);
            this.control(input.RoutingControlArn);
            if (input.RoutingControlState !== RoutingControlState.On && input.RoutingControlState !== RoutingControlState.Off) {
                throw awsError("ValidationException", `1 validation error detected: Value '${input.RoutingControlState}' at 'routingControlState' failed to satisfy constraint: Member must satisfy enum value set: [On, Off]`);
            }
            const rule = this.safetyRule;
            if (rule !== undefined && rule.controls.includes(input.RoutingControlArn)) {
                const on = rule.controls.filter((arn) => (arn === input.RoutingControlArn ? input.RoutingControlState : this.states.get(arn)) === RoutingControlState.On).length;
                if (on < rule.minimumOn) {
                    throw awsError("ValidationException", `Cannot update routing control states because it violates the safety rule: at least ${rule.minimumOn} must be On`);
                }
            }
            this.states.set(input.RoutingControlArn, input.RoutingControlState);
            return {};
        });
        this.clients.set(key, client);
        return client;
    };

    /** The calls that reached an endpoint, by command. */
    calls(command: "Get" | "Update"): { region: string; input: Record<string, unknown> }[] {
        return this.sent.filter((call) => call.command === command).map(({ region, input }) => ({ region, input }));
    }
}

/**
 * A small stateful AWS account behind aws-sdk-client-mock, for the tests of one drill piece at a
 * time (preflight, the health-check lever). It answers as AWS does:
 * - Route 53: GetHealthCheck may leave Inverted out; UpdateHealthCheck with a stale
 *   HealthCheckVersion fails with HealthCheckVersionMismatch and bumps the version when it
 *   succeeds; GetHealthCheckStatus lists each checker's latest raw observation (before
 *   inversion) with the time it was checked; an unknown id fails with NoSuchHealthCheck.
 * - Global Accelerator: DescribeEndpointGroup leaves TrafficDialPercentage out at 100 and lists
 *   the endpoints in the account's order, not sorted; an unknown ARN fails with
 *   EndpointGroupNotFoundException.
 * Every call is recorded with its input; any other command is refused.
 */
import {
    DescribeEndpointGroupCommand,
    EndpointGroupNotFoundException,
    GlobalAcceleratorClient,
    HealthState,
    UpdateEndpointGroupCommand,
} from "@aws-sdk/client-global-accelerator";
import {
    GetHealthCheckCommand,
    GetHealthCheckStatusCommand,
    HealthCheckVersionMismatch,
    NoSuchHealthCheck,
    Route53Client,
    UpdateHealthCheckCommand,
} from "@aws-sdk/client-route-53";
import { mockClient } from "aws-sdk-client-mock";
import { DeployedRegion } from "../../drill/clients/outputs";
import { AwsClients } from "../../drill/clients/types";

/** A health check of the account. */
export interface HealthCheckState {
    /** Undefined: Route 53 leaves the element out of HealthCheckConfig. */
    inverted?: boolean;
    /** HealthCheckVersion. @default 1 */
    version?: number;
    /** Each checker's latest raw observation of the endpoint (before inversion). @default three healthy */
    checkers?: boolean[];
    /** A combined (CALCULATED) check's children; undefined: an HTTPS endpoint check. */
    children?: string[];
    /** A combined check's HealthThreshold; undefined: Route 53 leaves the element out. */
    threshold?: number;
}

/** An endpoint group of the account. */
export interface EndpointGroupState {
    /** Undefined: DescribeEndpointGroup leaves TrafficDialPercentage out (the dial is at 100). */
    dial?: number;
    /** Endpoint ids in the order the account lists them. */
    endpoints: string[];
    /** Health of endpoints that are not HEALTHY, by id. */
    health?: Record<string, HealthState>;
}

/** One recorded call: the command's name and its input. */
export type Call = [command: string, input: Record<string, unknown>];

/** The account: health checks and endpoint groups, and every call made to them. */
export class Account {
    readonly route53 = new Route53Client({ region: "us-east-1" });
    readonly globalAccelerator = new GlobalAcceleratorClient({ region: "us-west-2" });
    readonly healthChecks = new Map<string, HealthCheckState>();
    readonly endpointGroups = new Map<string, EndpointGroupState>();
    readonly calls: Call[] = [];
    /** Commands AWS throttles from now on. */
    readonly throttled = new Set<string>();

    /** @param now the time checkers report their observations at (a second before it). */
    constructor(private readonly now: () => number = Date.now) {
        const route53 = mockClient(this.route53);
        route53.onAnyCommand().rejects(new Error("fake AWS: unexpected Route 53 command"));
        route53.on(GetHealthCheckCommand).callsFake((input: { HealthCheckId: string }) => {
            const check = this.healthCheck("GetHealthCheck", input);
            return {
                HealthCheck: {
                    Id: input.HealthCheckId, CallerReference: "pulumi-hc", HealthCheckVersion: check.version ?? 1,
                    HealthCheckConfig: {
                        ...(check.children === undefined
                            ? { Type: "HTTPS", FullyQualifiedDomainName: "seoul-alb.example" }
                            : { Type: "CALCULATED", ChildHealthChecks: [...check.children], ...(check.threshold === undefined ? {} : { HealthThreshold: check.threshold }) }),
                        ...(check.inverted === undefined ? {} : { Inverted: check.inverted }),
                    },
                },
            };
        });
        route53.on(UpdateHealthCheckCommand).callsFake((input: { HealthCheckId: string; HealthCheckVersion?: number; Inverted?: boolean; HealthThreshold?: number }) => {
            const check = this.healthCheck("UpdateHealthCheck", input);
            const version = check.version ?? 1;
            if (input.HealthCheckVersion !== undefined && input.HealthCheckVersion !== version) {
                throw new HealthCheckVersionMismatch({
                    message: "The value of HealthCheckVersion in the request doesn't match the value of HealthCheckVersion in the health check.", $metadata: {},
                });
            }
            if (input.Inverted !== undefined) {
                check.inverted = input.Inverted;
            }
            if (input.HealthThreshold !== undefined) {
                check.threshold = input.HealthThreshold;
            }
            check.version = version + 1;
            return { HealthCheck: { Id: input.HealthCheckId, CallerReference: "pulumi-hc", HealthCheckVersion: check.version } };
        });
        route53.on(GetHealthCheckStatusCommand).callsFake((input: { HealthCheckId: string }) => {
            const check = this.healthCheck("GetHealthCheckStatus", input);
            return {
                HealthCheckObservations: (check.checkers ?? [true, true, true]).map((ok, index) => ({
                    Region: ["us-east-1", "eu-west-1", "ap-southeast-1"][index % 3],
                    IPAddress: `15.177.0.${index}`,
                    StatusReport: { Status: ok ? "Success: HTTP Status Code 200, OK" : "Failure: Connection timed out.", CheckedTime: new Date(this.now() - 1000) },
                })),
            };
        });
        const accelerator = mockClient(this.globalAccelerator);
        accelerator.onAnyCommand().rejects(new Error("fake AWS: unexpected Global Accelerator command"));
        accelerator.on(DescribeEndpointGroupCommand).callsFake((input: { EndpointGroupArn: string }) => {
            const group = this.endpointGroup("DescribeEndpointGroup", input);
            return {
                EndpointGroup: {
                    EndpointGroupArn: input.EndpointGroupArn, EndpointGroupRegion: "ap-northeast-2",
                    ...(group.dial === undefined ? {} : { TrafficDialPercentage: group.dial }),
                    EndpointDescriptions: group.endpoints.map((id) => ({ EndpointId: id, Weight: 128, HealthState: group.health?.[id] ?? "HEALTHY" })),
                },
            };
        });
        accelerator.on(UpdateEndpointGroupCommand).callsFake((input: { EndpointGroupArn: string; TrafficDialPercentage?: number }) => {
            const group = this.endpointGroup("UpdateEndpointGroup", input);
            if (input.TrafficDialPercentage !== undefined) {
                group.dial = input.TrafficDialPercentage;
            }
            return { EndpointGroup: { EndpointGroupArn: input.EndpointGroupArn, TrafficDialPercentage: group.dial ?? 100 } };
        });
    }

    /** The clients a drill piece gets. */
    get aws(): AwsClients {
        return { route53: this.route53, globalAccelerator: this.globalAccelerator };
    }

    private record(command: string, input: object): void {
        this.calls.push([command, { ...input }]);
        if (this.throttled.has(command)) {
            throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
        }
    }

    private healthCheck(command: string, input: { HealthCheckId: string }): HealthCheckState {
        this.record(command, input);
        const check = this.healthChecks.get(input.HealthCheckId);
        if (check === undefined) {
            throw new NoSuchHealthCheck({ message: `No health check exists with the specified ID ${input.HealthCheckId}`, $metadata: {} });
        }
        return check;
    }

    private endpointGroup(command: string, input: { EndpointGroupArn: string }): EndpointGroupState {
        this.record(command, input);
        const group = this.endpointGroups.get(input.EndpointGroupArn);
        if (group === undefined) {
            throw new EndpointGroupNotFoundException({ message: "The endpoint group that you specified doesn't exist.", $metadata: {} });
        }
        return group;
    }

    /** Forgets the calls so far. */
    clearCalls(): void {
        this.calls.length = 0;
    }
}

/** A deployed region as the drill reads it from stack outputs, with `extra` over the basics. */
export function deployedRegion(stack: string, region: string, extra: Partial<DeployedRegion> = {}): DeployedRegion {
    return { stack, region, url: `https://${stack}-alb.example/`, albDnsName: `${stack}-alb.example`, simulateOutage: false, records: {}, ...extra };
}

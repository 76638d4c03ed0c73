/**
 * The routing-control lever (`--lever routing-control`): switches the region's routing control
 * off through Route 53 ARC's data plane, the path that keeps working when control planes are
 * impaired. Every call tries the cluster's regional endpoints in turn until one answers (ARC's
 * guidance: any endpoint can serve a read or an update). It records the control's state first
 * and restores exactly that. A safety rule may refuse to switch the last region off: the
 * cluster's answer is the same from every endpoint, so a refusal (any client error but
 * throttling) stops the call at once with ARC's own words instead of trying the others. The
 * endpoints go into the state file with the recorded state, so that `drill restore` reaches
 * the data plane without reading the owner stack's outputs.
 */
import {
    GetRoutingControlStateCommand,
    Route53RecoveryClusterClient,
    RoutingControlState,
    UpdateRoutingControlStateCommand,
} from "@aws-sdk/client-route53-recovery-cluster";
import { ClusterEndpoint, onAnyEndpoint } from "../../components/traffic/routingControlStates";
import { AwsClients, Clock } from "../clients/types";
import { DeployedRegion } from "../clients/outputs";
import { PreflightCheck } from "../report/types";
import { Lever, LeverTiming, LeverValue, LeverWork, nothingChanged, RememberedState, RestoreVerification, standingOf, timedRoute53Change } from "./lever";

/** What the routing-control lever keeps in the state file. */
interface RoutingControlLeverState {
    /** The control's state before the drill. */
    readonly originalState: RoutingControlState | null;
    /** The cluster's data-plane endpoints. */
    readonly endpoints: readonly ClusterEndpoint[];
}

/** The key of the control's state, as `assess` and `restore` name it. */
export const routingControlValueKey = "routing-control";

/** {@link Lever} through ARC's data plane. */
export class RoutingControlLever implements Lever {
    readonly kind = "routing-control";
    readonly summary: string;
    readonly driftWarning = undefined;
    private readonly before = new RememberedState<RoutingControlState>(() => this.readState());
    private readonly work = new LeverWork();
    private attempted = false;
    /** Endpoints that failed, for the report. */
    readonly failedEndpoints: string[] = [];

    constructor(
        private readonly aws: AwsClients,
        private readonly clock: Clock,
        private readonly target: DeployedRegion,
        private readonly endpoints: readonly ClusterEndpoint[],
    ) {
        this.summary = `switch routing control ${target.routingControlArn ?? "(none)"} of ${target.region} Off through ARC's data plane (${endpoints.length} cluster endpoints, tried in turn)`;
    }

    /** A lever rebuilt from a state file, for `drill restore`: it puts the recorded state back whatever apply reached. */
    static resume(aws: AwsClients, clock: Clock, target: DeployedRegion, saved: Readonly<Record<string, unknown>>): RoutingControlLever {
        const state = saved as Partial<RoutingControlLeverState>;
        if (!Array.isArray(state.endpoints) || state.endpoints.length === 0) {
            throw new Error("the state file's routing-control lever names no cluster endpoints");
        }
        const lever = new RoutingControlLever(aws, clock, target, state.endpoints);
        lever.before.resume(state.originalState ?? undefined);
        lever.attempted = true;
        return lever;
    }

    private get controlArn(): string {
        if (this.target.routingControlArn === undefined) {
            throw new Error(`stack ${this.target.stack} has no routingControlArn output: deploy it with routingControls.enabled`);
        }
        return this.target.routingControlArn;
    }

    private async onAny<T>(call: (client: Route53RecoveryClusterClient) => Promise<T>): Promise<T> {
        if (this.aws.recoveryCluster === undefined) {
            throw new Error("the routing-control lever needs Route 53 ARC cluster clients");
        }
        const result = await onAnyEndpoint(this.endpoints, this.aws.recoveryCluster, call);
        this.failedEndpoints.push(...result.failures);
        return result.value;
    }

    private async readState(): Promise<RoutingControlState | undefined> {
        const arn = this.controlArn;
        return this.onAny(async (client) => (await client.send(new GetRoutingControlStateCommand({ RoutingControlArn: arn }))).RoutingControlState);
    }

    private setState(state: RoutingControlState): Promise<unknown> {
        const arn = this.controlArn;
        return this.onAny((client) => client.send(new UpdateRoutingControlStateCommand({ RoutingControlArn: arn, RoutingControlState: state })));
    }

    plan(): string[] {
        return [
            `GetRoutingControlState ${this.target.routingControlArn ?? "(none)"}: record the state (each call tries the ${this.endpoints.length} cluster endpoints in turn).`,
            "UpdateRoutingControlState Off: the region's RECOVERY_CONTROL check, and with it the records' combined check, turns unhealthy.",
            "Restore: UpdateRoutingControlState back to the recorded state.",
        ];
    }

    async preflight(): Promise<PreflightCheck[]> {
        if (this.target.routingControlArn === undefined || this.endpoints.length === 0) {
            return [{
                id: "routing-control-lever:control", description: "the target has a routing control and the cluster's endpoints are known", ok: false,
                detail: this.target.routingControlArn === undefined ? `stack ${this.target.stack} has no routingControlArn output` : "no routingControlClusterEndpoints output on the owner stack",
                onFailure: "refuse-always",
            }];
        }
        const state = await this.readState();
        return [{
            id: "routing-control-lever:control", description: "the target's routing control is On", ok: state === RoutingControlState.On,
            // Already Off: the region is out of the records, a drill would measure nothing.
            detail: `state ${state ?? "unknown"}`, onFailure: "refuse-always",
        }];
    }

    prepare(): Promise<void> {
        return this.before.remember();
    }

    savedState(): Record<string, unknown> {
        const state: RoutingControlLeverState = { originalState: this.before.original ?? null, endpoints: this.endpoints };
        return { ...state };
    }

    async apply(): Promise<LeverTiming> {
        await this.prepare();
        const startedAtMs = this.clock.now();
        let timing: LeverTiming = { startedAtMs, finishedAtMs: startedAtMs, effectiveAtMs: {} };
        await this.work.run(async () => {
            this.attempted = true;
            timing = await timedRoute53Change(this.clock, () => this.setState(RoutingControlState.Off));
        });
        return timing;
    }

    /** The state restoring puts back: the recorded one, else On. */
    private get restoredState(): RoutingControlState {
        return this.before.original ?? RoutingControlState.On;
    }

    async restore(only?: ReadonlySet<string>): Promise<LeverTiming> {
        await this.work.close();
        if (!this.attempted || (only !== undefined && !only.has(routingControlValueKey))) {
            const now = this.clock.now();
            return { startedAtMs: now, finishedAtMs: now, effectiveAtMs: {} };
        }
        return timedRoute53Change(this.clock, () => this.setState(this.restoredState), `routing control ${this.controlArn} is still Off`);
    }

    async assess(): Promise<LeverValue[]> {
        if (!this.attempted) {
            return [];
        }
        const name = `routing control ${this.target.routingControlArn ?? "(none)"}`;
        const original = this.restoredState;
        try {
            const current = await this.readState();
            return [{ key: routingControlValueKey, name, original, drillValue: RoutingControlState.Off, current: current ?? "unknown", standing: standingOf(original, RoutingControlState.Off, current) }];
        } catch (error) {
            return [{ key: routingControlValueKey, name, original, drillValue: RoutingControlState.Off, current: `unreadable: ${error instanceof Error ? error.message : String(error)}`, standing: "unreadable" }];
        }
    }

    async verifyRestored(): Promise<RestoreVerification> {
        if (!this.attempted) {
            return nothingChanged;
        }
        const state = await this.readState();
        return { ok: state === this.restoredState, detail: `routing control ${state} (was ${this.before.original})` };
    }

    originals(): Record<string, string | number | boolean | null> {
        return { routingControlState: this.before.original ?? null };
    }

    manualRestore(): string[] {
        const [first] = this.endpoints;
        return [`aws route53-recovery-cluster update-routing-control-state --region ${first?.region ?? "<endpoint region>"} --endpoint-url ${first?.endpoint ?? "<cluster endpoint>"} ` +
            `--routing-control-arn ${this.target.routingControlArn ?? "<arn>"} --routing-control-state ${this.before.original ?? "On"} (any of the cluster's endpoints will do)`];
    }
}

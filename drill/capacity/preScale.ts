/**
 * Pre-scaling (`--pre-scale`): before traffic moves, each survivor's Auto Scaling group gets the
 * minimum capacity the moved load needs (drill/capacity/needs.ts), so the load meets standing
 * instances instead of waiting for a scale-out (docs/capacity-and-recovery.md); afterwards the
 * minimum goes back.
 *
 * Like every change of the drill, the originals are read and recorded in the drill state before
 * anything is sent, and restoring puts back only a MinSize that still holds the drill's value
 * (someone who raised it further during an incident keeps theirs). Only MinSize is put back: the
 * DesiredCapacity the raise set is left to the scaling policy, which scales in as the load leaves
 * (setting it back at once would terminate instances while traffic is still moving back).
 *
 * What AWS would refuse (MinSize above MaxSize; domain/autoScaling.ts) is refused before it is
 * sent, in AWS's words. Until it is restored, a raised MinSize is drift on the survivor's stack:
 * a `pulumi up` of that stack would put the stack file's minSize back.
 */
import { AutoScalingClient, AutoScalingGroup, DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { updatedSizes } from "../../domain/autoScaling";
import { AwsClients, Clock } from "../clients/types";
import { LeverValue, RestoreVerification, standingOf } from "../levers/lever";
import { needText, ScaleTarget } from "./needs";

/** One group as the drill state keeps it. */
export interface GroupState {
    /** The survivor's stack. */
    readonly stack: string;
    /** Its region. */
    readonly region: string;
    /** Its Auto Scaling group. */
    readonly groupName: string;
    /** Instances it needs. */
    readonly instances: number;
    /** Why, in words. */
    readonly reason: string;
    /** MinSize before the drill (null until read). */
    readonly originalMinSize: number | null;
    /** DesiredCapacity before the drill, for the record (null until read). */
    readonly originalDesiredCapacity: number | null;
    /**
     * The MinSize the drill sets (recorded before it is sent: the change may have been made from
     * the first state write on); null when the standing MinSize already carries the need.
     */
    readonly drillMinSize: number | null;
}

/** What the drill state keeps of the pre-scaling (its `preScale` field). */
export interface PreScaleState {
    /** Each survivor's group. */
    readonly groups: readonly GroupState[];
}

/** How long to wait for the raised groups' instances. */
export interface RaiseOptions {
    /** Give up after this long. */
    readonly timeoutMs: number;
    /** Read the groups this often. */
    readonly pollMs: number;
    /** Stops the wait (Ctrl-C). */
    readonly interrupt?: AbortSignal;
    /** Progress lines. */
    readonly say: (line: string) => void;
}

/** The key of a survivor's MinSize, as `assess` and `restore` name it. */
export function capacityKey(stack: string): string {
    return `capacity:${stack}`;
}

function message(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/** The survivors' minimum capacity, raised before traffic moves and put back after. */
export class PreScale {
    private groups: GroupState[];

    constructor(private readonly aws: AwsClients, private readonly clock: Clock, targets: readonly ScaleTarget[]) {
        this.groups = targets.map((target) => ({
            stack: target.stack, region: target.region, groupName: target.groupName, instances: target.need.instances, reason: needText(target),
            originalMinSize: null, originalDesiredCapacity: null, drillMinSize: null,
        }));
    }

    /** Rebuilt from a drill state, for `drill restore`. */
    static resume(aws: AwsClients, clock: Clock, saved: PreScaleState): PreScale {
        const preScale = new PreScale(aws, clock, []);
        preScale.groups = saved.groups.map((group) => ({ ...group }));
        return preScale;
    }

    private client(region: string): AutoScalingClient {
        if (this.aws.autoScaling === undefined) {
            throw new Error("no EC2 Auto Scaling client: pre-scaling needs autoscaling:DescribeAutoScalingGroups and autoscaling:UpdateAutoScalingGroup");
        }
        return this.aws.autoScaling(region);
    }

    private async read(group: GroupState): Promise<AutoScalingGroup> {
        const found = (await this.client(group.region).send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group.groupName] }))).AutoScalingGroups?.[0];
        if (found === undefined) {
            throw new Error(`Auto Scaling group ${group.groupName} of ${group.stack} not found in ${group.region}`);
        }
        return found;
    }

    /** The planned changes, in words (before `prepare` they say what is needed; after, what is sent). */
    plan(): string[] {
        return this.groups.map((group) => {
            const what = `${group.stack} (${group.region}): needs ${group.instances} instance(s) for ${group.reason}`;
            if (group.originalMinSize === null) {
                return `${what}; DescribeAutoScalingGroups ${group.groupName}: record MinSize and DesiredCapacity; UpdateAutoScalingGroup MinSize=${group.instances} (and DesiredCapacity when below it) if MinSize is lower.`;
            }
            return group.drillMinSize === null
                ? `${what}; its MinSize ${group.originalMinSize} already carries it: nothing to change.`
                : `${what}; UpdateAutoScalingGroup ${group.groupName} MinSize ${group.originalMinSize} -> ${group.drillMinSize}` +
                  `${(group.originalDesiredCapacity ?? 0) < group.drillMinSize ? `, DesiredCapacity ${group.originalDesiredCapacity} -> ${group.drillMinSize}` : ""}.`;
        });
    }

    /**
     * Reads and records every group's sizes, once; decides what to change. Throws, changing
     * nothing, when a need is above the group's MaxSize (AWS would refuse the MinSize).
     */
    async prepare(): Promise<void> {
        const refusals: string[] = [];
        this.groups = await Promise.all(this.groups.map(async (group) => {
            if (group.originalMinSize !== null) {
                return group;
            }
            const found = await this.read(group);
            const current = { minSize: found.MinSize ?? 0, maxSize: found.MaxSize ?? 0, desiredCapacity: found.DesiredCapacity ?? 0 };
            const raise = group.instances > current.minSize;
            if (raise) {
                const result = updatedSizes(current, { minSize: group.instances, ...(current.desiredCapacity < group.instances ? { desiredCapacity: group.instances } : {}) });
                if ("refusal" in result) {
                    refusals.push(`${group.stack}'s group ${group.groupName} cannot take MinSize ${group.instances} (MaxSize ${current.maxSize}); AWS would answer: ${result.refusal}`);
                }
            }
            return { ...group, originalMinSize: current.minSize, originalDesiredCapacity: current.desiredCapacity, drillMinSize: raise ? group.instances : null };
        }));
        if (refusals.length > 0) {
            throw new Error(`pre-scaling refused, nothing was changed: ${refusals.join("; ")}`);
        }
    }

    /** Raises each group that needs it, then waits until every group has the instances InService. */
    async raise(options: RaiseOptions): Promise<void> {
        await this.prepare();
        for (const group of this.groups) {
            if (group.drillMinSize === null) {
                continue;
            }
            const desired = (group.originalDesiredCapacity ?? 0) < group.drillMinSize ? { DesiredCapacity: group.drillMinSize } : {};
            await this.client(group.region).send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: group.groupName, MinSize: group.drillMinSize, ...desired }));
            options.say(`Pre-scaled ${group.stack}: ${group.groupName} MinSize ${group.originalMinSize} -> ${group.drillMinSize}${"DesiredCapacity" in desired ? `, DesiredCapacity ${group.originalDesiredCapacity} -> ${group.drillMinSize}` : ""}.`);
        }
        await this.waitInService(options);
    }

    /** Waits until each group has at least the instances it needs InService; throws on timeout or interrupt. */
    private async waitInService(options: RaiseOptions): Promise<void> {
        const startedAtMs = this.clock.now();
        for (;;) {
            const short: string[] = [];
            for (const group of this.groups) {
                const inService = ((await this.read(group)).Instances ?? []).filter((instance) => instance.LifecycleState === "InService").length;
                if (inService < group.instances) {
                    short.push(`${group.stack} ${inService}/${group.instances}`);
                }
            }
            if (short.length === 0) {
                options.say(`Pre-scaled capacity is InService: ${this.groups.map((group) => `${group.stack} ${group.instances}+`).join(", ")} (${Math.round((this.clock.now() - startedAtMs) / 1000)} s).`);
                return;
            }
            if (options.interrupt?.aborted) {
                throw new Error(`interrupted while waiting for the pre-scaled instances (InService: ${short.join(", ")})`);
            }
            if (this.clock.now() - startedAtMs >= options.timeoutMs) {
                throw new Error(`the pre-scaled instances were not InService within ${Math.round(options.timeoutMs / 1000)} s (InService: ${short.join(", ")}); traffic was not moved`);
            }
            await this.clock.sleep(options.pollMs);
        }
    }

    /** Every key this pre-scaling may have changed. */
    keys(): string[] {
        return this.groups.filter((group) => group.drillMinSize !== null).map((group) => capacityKey(group.stack));
    }

    /** Where each raised MinSize stands now. */
    async assess(): Promise<LeverValue[]> {
        return Promise.all(this.groups.filter((group) => group.drillMinSize !== null).map(async (group): Promise<LeverValue> => {
            const base = { key: capacityKey(group.stack), name: `${group.stack}'s Auto Scaling group ${group.groupName} MinSize`, original: String(group.originalMinSize), drillValue: String(group.drillMinSize) };
            try {
                const current = String((await this.read(group)).MinSize);
                return { ...base, current, standing: standingOf(base.original, base.drillValue, current) };
            } catch (error) {
                return { ...base, current: `unreadable: ${message(error)}`, standing: "unreadable" };
            }
        }));
    }

    /**
     * Puts each raised MinSize back: the ones in `only` (as `assess` names them), or, without it,
     * every one that still holds the drill's value (a MinSize someone changed since is theirs).
     * Throws naming what is still raised.
     */
    async restore(only?: ReadonlySet<string>): Promise<void> {
        const standing = only === undefined ? new Map((await this.assess()).map((value) => [value.key, value.standing])) : undefined;
        const failures: string[] = [];
        for (const group of this.groups.filter((candidate) => candidate.drillMinSize !== null)) {
            const key = capacityKey(group.stack);
            const wanted = only !== undefined ? only.has(key) : standing?.get(key) === "drill";
            if (!wanted || group.originalMinSize === null) {
                continue;
            }
            try {
                await this.client(group.region).send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: group.groupName, MinSize: group.originalMinSize }));
            } catch (error) {
                failures.push(`${group.stack}'s ${group.groupName} MinSize is still ${group.drillMinSize} (${message(error)})`);
            }
        }
        if (failures.length > 0) {
            throw new Error(`restore failed: ${failures.join("; ")}`);
        }
    }

    /** Reads back: every raised MinSize is at its original, or was changed by someone since (left alone, said). */
    async verifyRestored(): Promise<RestoreVerification> {
        const values = await this.assess();
        const ok = values.every((value) => value.standing === "original" || value.standing === "changed");
        const detail = values.map((value) => `${value.name} ${value.current} (was ${value.original}${value.standing === "changed" ? `; changed since the drill, left alone` : ""})`);
        return { ok, detail: detail.join("; ") || "no Auto Scaling group was changed" };
    }

    /** The recorded originals, for the report and the state. */
    originals(): Record<string, number | null> {
        return Object.fromEntries(this.groups.filter((group) => group.drillMinSize !== null).map((group) => [`minSize:${group.stack}`, group.originalMinSize]));
    }

    /** The AWS CLI lines that put every raised MinSize back. */
    manualRestore(): string[] {
        return this.groups.filter((group) => group.drillMinSize !== null).map((group) =>
            `aws autoscaling update-auto-scaling-group --region ${group.region} --auto-scaling-group-name ${group.groupName} --min-size ${group.originalMinSize}`);
    }

    /** What the drill state keeps. */
    saved(): PreScaleState {
        return { groups: this.groups.map((group) => ({ ...group })) };
    }
}

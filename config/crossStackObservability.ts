/**
 * Cross-stack rules of alarm-driven routing and observability, run per environment with the
 * others in crossStack.ts: one routing-control owner that every member points at and that has a
 * control for every member's region, and one dashboard owner that shows every region.
 */
import type { CrossStackFinding } from "./crossStack";
import { StackConfig } from "./load";

/** The stack a `…ownerStack` or `dashboard.stacks` value names: its last path segment. */
const stackName = (reference: string): string => reference.split("/").pop() ?? reference;
const names = (configs: readonly StackConfig[]): string[] => configs.map((config) => config.stack);

/** A group of settings shared by one owner stack and its members. */
interface OwnedGroup {
    /** Whether the stack takes part. */
    readonly enabled: boolean;
    /** Whether it is the owner. */
    readonly owner: boolean;
    /** Members: the owner's fully qualified stack name. */
    readonly ownerStack: string;
}

/** How {@link checkSingleOwner} names its findings. */
export interface SingleOwnerCheck {
    /** The finding's check name, e.g. `accelerator-owner`. */
    readonly check: string;
    /** The stack's group of settings. */
    readonly group: (settings: StackConfig["settings"]) => OwnedGroup;
    /** The group's key, e.g. `globalAccelerator`. */
    readonly key: string;
    /** Start of the count message, e.g. "the Global Accelerator needs". */
    readonly what: string;
    /** What a member does with the owner, e.g. "points its endpoint group at". */
    readonly reads: string;
}

/** Exactly one owner among the stacks that take part, and every member's ownerStack names it; the owner when that holds. */
export function checkSingleOwner(configs: readonly StackConfig[], spec: SingleOwnerCheck): CrossStackFinding[] {
    return singleOwner(configs, spec).findings;
}

function singleOwner(configs: readonly StackConfig[], spec: SingleOwnerCheck): { owner?: StackConfig; members: StackConfig[]; findings: CrossStackFinding[] } {
    const members = configs.filter(({ settings }) => spec.group(settings).enabled);
    const owners = members.filter(({ settings }) => spec.group(settings).owner);
    if (members.length === 0) {
        return { members, findings: [] };
    }
    if (owners.length !== 1) {
        return {
            members,
            findings: [{
                check: spec.check, level: "error", stacks: names(owners.length > 0 ? owners : members),
                message: `${spec.what} exactly one owner stack (app:${spec.key}.owner: true), found ${owners.length}${owners.length > 0 ? ` (${names(owners).join(", ")})` : ""}`,
            }],
        };
    }
    const [owner] = owners;
    const findings = members
        .filter((member) => member !== owner && stackName(spec.group(member.settings).ownerStack) !== owner.stack)
        .map((member): CrossStackFinding => ({
            check: spec.check, level: "error", stacks: [member.stack, owner.stack],
            message: `${member.stack} ${spec.reads} "${spec.group(member.settings).ownerStack}", but the owner is ${owner.stack}: set app:${spec.key}.ownerStack to <organization>/<project>/${owner.stack}`,
        }));
    return { owner, members, findings };
}

/** Exactly one routing-control owner; members point at it; it has a control for each of their regions. */
export function checkRoutingControlOwnership(configs: readonly StackConfig[]): CrossStackFinding[] {
    const { owner, members, findings } = singleOwner(configs, {
        check: "routing-control-owner",
        group: (settings) => settings.routingControls,
        key: "routingControls",
        what: "routing controls need",
        reads: "reads its routing control from",
    });
    if (owner === undefined) {
        return findings;
    }
    const uncontrolled = members.filter((member) => !owner.settings.routingControls.regions.includes(member.region));
    if (uncontrolled.length > 0) {
        findings.push({
            check: "routing-control-regions", level: "error", stacks: [owner.stack, ...names(uncontrolled)],
            message: `${owner.stack}'s app:routingControls.regions leaves out ${uncontrolled.map((member) => `${member.region} (${member.stack})`).join(", ")}: every stack with routing controls needs its region's control`,
        });
    }
    return findings;
}

/** At most one dashboard owner, and it shows every other stack of the environment. */
export function checkDashboardOwnership(configs: readonly StackConfig[]): CrossStackFinding[] {
    const owners = configs.filter(({ settings }) => settings.dashboard.owner);
    if (owners.length > 1) {
        return [{
            check: "dashboard-owner", level: "error", stacks: names(owners),
            message: `the environment's dashboard needs one owner stack (app:dashboard.owner: true), found ${owners.length} (${names(owners).join(", ")})`,
        }];
    }
    const [owner] = owners;
    if (owner === undefined) {
        return [];
    }
    const shown = new Set(owner.settings.dashboard.stacks.map(stackName));
    const missing = configs.filter((config) => config !== owner && !shown.has(config.stack));
    return missing.length === 0 ? [] : [{
        check: "dashboard-regions", level: "warning", stacks: [owner.stack, ...names(missing)],
        message: `${owner.stack}'s dashboard leaves out ${names(missing).join(", ")}: add <organization>/<project>/<stack> to its app:dashboard.stacks`,
    }];
}

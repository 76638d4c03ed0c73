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

/** Exactly one routing-control owner; members point at it; it has a control for each of their regions. */
export function checkRoutingControlOwnership(configs: readonly StackConfig[]): CrossStackFinding[] {
    const members = configs.filter(({ settings }) => settings.routingControls.enabled);
    if (members.length === 0) {
        return [];
    }
    const owners = members.filter(({ settings }) => settings.routingControls.owner);
    if (owners.length !== 1) {
        return [{
            check: "routing-control-owner", level: "error", stacks: names(owners.length > 0 ? owners : members),
            message: `routing controls need exactly one owner stack (app:routingControls.owner: true), found ${owners.length}${owners.length > 0 ? ` (${names(owners).join(", ")})` : ""}`,
        }];
    }
    const [owner] = owners;
    const findings: CrossStackFinding[] = members
        .filter((member) => member !== owner && stackName(member.settings.routingControls.ownerStack) !== owner.stack)
        .map((member) => ({
            check: "routing-control-owner", level: "error", stacks: [member.stack, owner.stack],
            message: `${member.stack} reads its routing control from "${member.settings.routingControls.ownerStack}", but the owner is ${owner.stack}: set app:routingControls.ownerStack to <organization>/<project>/${owner.stack}`,
        }));
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

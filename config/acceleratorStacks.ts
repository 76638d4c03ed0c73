/**
 * The Global Accelerator across stacks: who creates it, who joins it, and the order AWS
 * allows. The accelerator and its listener live in a global stack (`app:scope: global`);
 * regions add their endpoint groups to its listener. AWS refuses to delete a listener that
 * still has endpoint groups, and a region cannot add one to a listener that does not exist, so
 * the global stack deploys first and is destroyed last.
 */
import { clientIpPreservation, dnsEnabled, isGlobalStack, referencedStacks } from "./derive";
import { listenerPorts } from "../domain/listenerPorts";
import type { CrossStackFinding } from "./crossStack";
import type { StackConfig } from "./load";

/** The stack a `globalAccelerator.globalStack` value names: its last path segment. */
export function referencedStackName(reference: string): string {
    return reference.split("/").pop() ?? reference;
}

/** True when the stack creates an accelerator: a global stack, or a deprecated regional owner. */
export function createsAccelerator(config: StackConfig): boolean {
    const ga = config.settings.globalAccelerator;
    return ga.enabled && (isGlobalStack(config.settings) || ga.owner);
}

/** True for a regional stack that adds an endpoint group to another stack's accelerator. */
export function joinsAccelerator(config: StackConfig): boolean {
    const ga = config.settings.globalAccelerator;
    return !isGlobalStack(config.settings) && ga.enabled && !ga.owner;
}

const byName = (a: StackConfig, b: StackConfig) => a.stack.localeCompare(b.stack);

/**
 * The deploy waves: every stack after the stacks it reads through StackReferences (the global
 * stack's accelerator listener, the routing-control owner's cluster, the dashboard's regions),
 * by name within a wave. Stacks in one wave are independent and can deploy together. A cycle
 * cannot deploy at all; its stacks end up in one last wave.
 */
export function deployWaves(configs: readonly StackConfig[]): StackConfig[][] {
    const names = new Set(configs.map((config) => config.stack));
    const reads = (config: StackConfig) => referencedStacks(config.settings).map(referencedStackName)
        .filter((name) => names.has(name) && name !== config.stack);
    const deployed = new Set<string>();
    const waves: StackConfig[][] = [];
    let remaining = [...configs].sort(byName);
    while (remaining.length > 0) {
        const ready = remaining.filter((config) => reads(config).every((name) => deployed.has(name)));
        const wave = ready.length > 0 ? ready : remaining;
        waves.push(wave);
        wave.forEach((config) => deployed.add(config.stack));
        remaining = remaining.filter((config) => !wave.includes(config));
    }
    return waves;
}

/** Stacks in deploy order: the waves one after the other. */
export function deployOrder(configs: readonly StackConfig[]): StackConfig[] {
    return deployWaves(configs).flat();
}

/** Destroy order: the reverse, so no stack is destroyed while another still reads it (AWS refuses to delete a listener with endpoint groups). */
export function destroyOrder(configs: readonly StackConfig[]): StackConfig[] {
    return deployOrder(configs).reverse();
}

/** Findings about the accelerator's stacks (deprecated keys are the loader's warnings). */
export function checkAcceleratorStacks(configs: readonly StackConfig[]): CrossStackFinding[] {
    const findings: CrossStackFinding[] = [];
    const creators = configs.filter(createsAccelerator);
    if (creators.length > 1) {
        // Two accelerators for one service: two sets of static IPs, and their alias records collide.
        findings.push({
            check: "accelerator-stacks", level: "error", stacks: creators.map((config) => config.stack),
            message: `${creators.map((config) => config.stack).join(", ")} each create a Global Accelerator, and one service takes one: ` +
                "keep one global stack (app:scope: global) and point every region's app:globalAccelerator.globalStack at it",
        });
    }
    const stacks = new Map(configs.map((config) => [config.stack, config]));
    for (const member of configs.filter(joinsAccelerator)) {
        const reference = member.settings.globalAccelerator.globalStack;
        const target = stacks.get(referencedStackName(reference));
        const error = (message: string, others: string[] = []) => findings.push({ check: "accelerator-stacks", level: "error", stacks: [member.stack, ...others], message });
        if (target === undefined) {
            error(`${member.stack} joins the accelerator of "${reference}", but no stack file of this project is ${referencedStackName(reference)}: add a global stack (app:scope: global, app:globalAccelerator.enabled: true) and deploy it first`);
        } else if (!isGlobalStack(target.settings) && !target.settings.globalAccelerator.owner) {
            error(`${member.stack} joins the accelerator of ${target.stack}, a regional stack that creates none: point app:globalAccelerator.globalStack at the global stack (app:scope: global)`, [target.stack]);
        } else if (!target.settings.globalAccelerator.enabled) {
            error(`${target.stack} turns the accelerator off while ${member.stack} still has an endpoint group on its listener, and AWS refuses to delete a listener with endpoint groups: ` +
                `first set app:globalAccelerator.enabled: false in ${member.stack} and deploy it, then deploy ${target.stack}`, [target.stack]);
        } else {
            const ports = listenerPorts(member.settings.alb.certificateArn);
            const missing = target.settings.globalAccelerator.ports.filter((port) => !ports.includes(port));
            if (missing.length > 0) {
                error(`the accelerator of ${target.stack} listens on port(s) ${missing.join(", ")}, which ${member.stack}'s ALB does not (it listens on ${ports.join(", ")}): traffic there would fail`, [target.stack]);
            }
        }
    }
    for (const config of configs.filter((item) => !isGlobalStack(item.settings) && item.settings.globalAccelerator.enabled)) {
        if (dnsEnabled(config.settings) && clientIpPreservation(config.settings)) {
            findings.push({
                check: "connection-collisions", level: "warning", stacks: [config.stack],
                message: `${config.stack}'s ALB takes clients both from its DNS records and from the accelerator with client IP preservation on; AWS documents that as a cause of connection collisions: set app:globalAccelerator.clientIpPreservation: false (the default), or send DNS clients through the accelerator's record instead`,
            });
        }
    }
    return findings;
}

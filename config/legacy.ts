/**
 * Deprecated keys that still plan for one release. Each is turned into its new form here, in
 * one place, with a warning that names the new key: never a silent change.
 */
import { Problem } from "./checks";
import { StackSettings } from "./schema";

/**
 * Converts deprecated keys in place and returns one warning per conversion:
 * `globalAccelerator.ownerStack` becomes `globalAccelerator.globalStack`; a regional stack with
 * `globalAccelerator.owner: true` keeps creating the accelerator itself until its operators move
 * it into a global stack (`app:scope: global`).
 */
export function convertLegacyKeys(settings: Partial<StackSettings>): Problem[] {
    const accelerator = settings.globalAccelerator;
    if (accelerator === undefined) {
        return [];
    }
    const warnings: Problem[] = [];
    if (accelerator.ownerStack !== "") {
        if (accelerator.globalStack === "") {
            accelerator.globalStack = accelerator.ownerStack;
        }
        warnings.push({
            key: "globalAccelerator.ownerStack",
            message: `is deprecated and was read as app:globalAccelerator.globalStack (${accelerator.globalStack}): rename the key`,
        });
    }
    if (accelerator.owner) {
        warnings.push({
            key: "globalAccelerator.owner",
            message: "is deprecated: this regional stack still creates the accelerator, so an outage of its region blocks every accelerator change; " +
                "move the accelerator into a global stack (a stack file with app:scope: global and app:globalAccelerator.enabled: true) " +
                "and point this stack at it with app:globalAccelerator.globalStack (README, \"Deploy and destroy order\")",
        });
    }
    return warnings;
}

/**
 * Deprecated keys that still plan for one release. Each is turned into its new form here, in
 * one place, with a warning that names the new key: never a silent change.
 */
import { Problem } from "./checks";
import { StackSettings } from "./schema";

/**
 * Where a key's value came from (e.g. `Pulumi.yaml`, `Pulumi.tokyo.yaml`), or undefined when
 * unknown (the program under the engine, which hands over merged values).
 */
export type OriginOf = (key: string) => string | undefined;

/**
 * Converts deprecated keys in place and returns one warning per deprecated key, naming its new
 * form. A deprecated key is the stack's own, explicit choice, so it wins over the new key's
 * value wherever that came from (typically Pulumi.yaml, which today sets the new keys for
 * every stack): `globalAccelerator.ownerStack` is read as `globalAccelerator.globalStack`; a
 * regional stack with `globalAccelerator.owner: true` keeps creating the accelerator itself,
 * joins no other stack's, until its operators move it into a global stack (`app:scope: global`;
 * `npm run migrate` does it).
 * @param settings the parsed settings, converted in place
 * @param originOf where each key's value came from
 * @default originOf unknown
 */
export function convertLegacyKeys(settings: Partial<StackSettings>, originOf: OriginOf = () => undefined): Problem[] {
    const accelerator = settings.globalAccelerator;
    if (accelerator === undefined) {
        return [];
    }
    const overridden = (value: string) => {
        const origin = originOf("globalAccelerator.globalStack");
        return value === "" ? "" : `, over app:globalAccelerator.globalStack ${value}${origin ? ` from ${origin}` : ""}`;
    };
    const warnings: Problem[] = [];
    if (accelerator.owner) {
        const ignored = accelerator.ownerStack === "" ? overridden(accelerator.globalStack) : "";
        accelerator.globalStack = "";
        warnings.push({
            key: "globalAccelerator.owner",
            message: `is deprecated: this regional stack still creates the accelerator${ignored ? ` (and joins no other stack's${ignored})` : ""}, so an outage of its region blocks every accelerator change; ` +
                "move the accelerator into a global stack (a stack file with app:scope: global and app:globalAccelerator.enabled: true) " +
                "and point this stack at it with app:globalAccelerator.globalStack: npm run migrate does both (docs/upgrading.md)",
        });
    } else if (accelerator.ownerStack !== "") {
        const ignored = accelerator.globalStack !== accelerator.ownerStack ? overridden(accelerator.globalStack) : "";
        accelerator.globalStack = accelerator.ownerStack;
        warnings.push({
            key: "globalAccelerator.ownerStack",
            message: `is deprecated and was read as app:globalAccelerator.globalStack (${accelerator.ownerStack})${ignored}: rename the key (npm run migrate does it)`,
        });
    }
    return warnings;
}

/**
 * Stack configurations built in memory for validation tests: no stack file of the repository is
 * read, so adding a region never turns these tests red.
 */
import { validateStackConfig } from "../../config/load";

/**
 * Problems of a stack (default `b`) in ap-northeast-2 with `values`: keys without a namespace get
 * `app:`, values that are not strings become JSON, as the engine hands them over.
 * @param values the keys to set
 * @param stack the stack's name
 * @default stack b
 */
export function problemsOf(values: Record<string, unknown>, stack = "b"): string[] {
    const raw: Record<string, string> = { "aws:region": "ap-northeast-2" };
    for (const [key, value] of Object.entries(values)) {
        raw[key.includes(":") ? key : `app:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return validateStackConfig({ stack, project: "app", values: raw }).problems;
}

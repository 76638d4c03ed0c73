/**
 * Reads that may fail: every AWS read of a check goes through {@link attempt}, which turns an error
 * into a row that says what could not be read, and, when AWS denied it, which permission is
 * missing (the IAM action and the resources, as domain/readinessPermissions.ts lists them).
 */
import { readinessPermissions } from "../domain/readinessPermissions";
import { CheckCategory, CheckStatus, ReadinessCheck } from "./types";

/** What a row is about, before its outcome is known. */
export interface RowSubject {
    /** Stable identifier. */
    readonly id: string;
    /** Its kind. */
    readonly category: CheckCategory;
    /** The stack it concerns. */
    readonly stack?: string;
    /** What is checked, for people. */
    readonly subject: string;
}

/** A finished row. */
export function row(subject: RowSubject, status: CheckStatus, detail: string): ReadinessCheck {
    return { ...subject, status, detail };
}

/** Error names AWS services use for a request IAM did not allow (EC2 says UnauthorizedOperation). */
const deniedNames = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess"]);

/** True when AWS refused the request for want of permission. */
export function isAccessDenied(error: unknown): boolean {
    const named = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } } | undefined;
    return deniedNames.has(named?.name ?? "") || named?.$metadata?.httpStatusCode === 403 || /AccessDenied|UnauthorizedOperation/.test(named?.message ?? "");
}

/** The first line of an error, with its name. */
export function errorText(error: unknown): string {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return text.split("\n")[0];
}

/** The permission of IAM actions, as `route53:GetHealthCheck and route53:GetHealthCheckStatus on arn:aws:route53:::healthcheck/*`. */
export function permissionText(actions: readonly string[]): string {
    const resources = [...new Set(actions.map((action) => readinessPermissions.find((permission) => permission.action === action)?.resource ?? "*"))];
    return `${actions.join(" and ")} on ${resources.join(", ")}`;
}

/** A read's outcome: its value, or the row that says why there is none. */
export type Attempt<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly row: ReadinessCheck };

/**
 * Runs a read; on an error, the row is `unreadable` and names the error, and for AccessDenied the
 * IAM actions the read needs.
 * @param subject the row the read belongs to
 * @param actions the IAM actions of the read's calls
 * @param read the read
 */
export async function attempt<T>(subject: RowSubject, actions: readonly string[], read: () => Promise<T>): Promise<Attempt<T>> {
    try {
        return { ok: true, value: await read() };
    } catch (error) {
        if (isAccessDenied(error)) {
            // AWS's message names the action it refused ("... is not authorized to perform: <action> ..."); else every action the read makes.
            const named = /perform: ?([a-z0-9-]+:[A-Za-z0-9]+)/.exec(errorText(error))?.[1];
            const needs = permissionText(named !== undefined && actions.includes(named) ? [named] : actions);
            return { ok: false, row: { ...row(subject, "unreadable", `AccessDenied: grant ${needs} (${errorText(error)})`), needs } };
        }
        return { ok: false, row: row(subject, "unreadable", `could not read: ${errorText(error)}`) };
    }
}

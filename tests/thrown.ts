/** What a synchronous action threw, or undefined when it returned: for tests of error messages and types. */
export function errorOf(action: () => unknown): Error | undefined {
    try {
        action();
        return undefined;
    } catch (error) {
        return error as Error;
    }
}

/** What a promise rejected with, or undefined when it resolved. */
export function failureOf(promise: Promise<unknown>): Promise<Error | undefined> {
    return promise.then(() => undefined, (error: unknown) => (error instanceof Error ? error : new Error(String(error))));
}

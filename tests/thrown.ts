/** What a synchronous action threw, or undefined when it returned: for tests of error messages and types. */
export function errorOf(action: () => unknown): Error | undefined {
    try {
        action();
        return undefined;
    } catch (error) {
        return error as Error;
    }
}

/**
 * What the shift tests share: a shift's options over the fixture project and its dependencies
 * from a fake drill.
 */
import * as path from "node:path";
import { shiftDefaults, ShiftDependencies, ShiftOptions } from "../../drill/shift/shift";
import { fakeDrill, projectDir, temporaryDirectory } from "./fakes";

/**
 * A shift away from seoul with 60 s holds, read every 15 s, by "tester".
 * @param overrides options that differ; the state file is a fresh temporary one unless given
 */
export function shiftOptions(overrides: Partial<ShiftOptions> = {}): ShiftOptions {
    return { ...shiftDefaults, projectDir, target: "seoul", stateFile: path.join(temporaryDirectory(), "state.json"), operator: "tester", holdSeconds: 60, pollSeconds: 15, ...overrides };
}

/**
 * What a shift needs, from a fake drill's account, clock and progress.
 * @param drill the fake drill
 */
export function shiftDeps(drill: ReturnType<typeof fakeDrill>): ShiftDependencies {
    const { aws, automation, clock, progress, interrupt } = drill.deps;
    return { aws, automation, clock, progress, interrupt };
}

/**
 * A client whose every call fails with `message`, as an SDK client does when AWS refuses.
 * @param message the error's message
 */
export function refusingClient<Client>(message: string): Client {
    return { send: () => Promise.reject(new Error(message)) } as unknown as Client;
}

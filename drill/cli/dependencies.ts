/**
 * The real dependencies of `drill run` and `drill restore`: SDK clients in their API regions,
 * the Automation API with the CLI in its own process group, the system clock, prober and resolver.
 *
 * `DRILL_TEST_WORLD` may name a module whose `createTestWorld(environment)` returns stand-ins for the AWS
 * clients, the Automation API, the clock, the prober and the resolver; the end-to-end test of the
 * command line under a pseudo-terminal uses it to run the real CLI (signals, output, files)
 * against a fake account. The real construction below is tested on its own (tests/drill/realClients.test.ts).
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import { readProject } from "../../config/stackFiles";
import { LocalWorkspaceAutomation } from "../clients/realAutomation";
import { nodeHttpProber, nodeKeepAliveProber, realAwsClients, systemClock, systemResolver } from "../clients/realNetwork";
import { AwsClients, Clock, DnsResolver, HttpProber, KeepAliveProber, StackAutomation } from "../clients/types";

/** Everything but progress and the interrupt signal. */
export interface WorldDependencies {
    /** AWS SDK clients. */
    readonly aws: AwsClients;
    /** The Pulumi stacks. */
    readonly automation: StackAutomation;
    /** Time. */
    readonly clock: Clock;
    /** HTTP probes. */
    readonly prober: HttpProber;
    /** Keep-alive clients (when reused connections move). */
    readonly keepAlive?: KeepAliveProber;
    /** DNS resolution. */
    readonly resolver: DnsResolver;
}

/** The variable naming a test world module. */
export const testWorldVariable = "DRILL_TEST_WORLD";

/** The real dependencies for a project directory; `cancel` is the only thing that may stop a pulumi update. */
export function realDependencies(projectDir: string, cancel?: AbortSignal): WorldDependencies {
    return {
        aws: realAwsClients(),
        automation: new LocalWorkspaceAutomation(projectDir, readProject(projectDir).project, cancel),
        clock: systemClock,
        prober: nodeHttpProber,
        keepAlive: nodeKeepAliveProber(),
        resolver: systemResolver,
    };
}

/** The test world when `DRILL_TEST_WORLD` names one, else the real dependencies. */
export async function worldDependencies(projectDir: string, cancel?: AbortSignal, environment: NodeJS.ProcessEnv = process.env): Promise<WorldDependencies> {
    const module = environment[testWorldVariable];
    if (module === undefined || module === "") {
        return realDependencies(projectDir, cancel);
    }
    // require, not import(): the module is TypeScript, loaded through tsx's CommonJS hook in the CLI and in mocha alike.
    const loaded = createRequire(__filename)(path.resolve(module)) as { createTestWorld: (environment: NodeJS.ProcessEnv) => WorldDependencies };
    return loaded.createTestWorld(environment);
}

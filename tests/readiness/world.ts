/** The fake account and stacks `npm run readiness` runs against in the tests (tests/drill/fakes.ts with the `readiness` option). */
import { runReadiness } from "../../readiness/run";
import { readinessDefaults, ReadinessOptions } from "../../readiness/context";
import { ReadinessCheck, ReadinessReport } from "../../readiness/types";
import { FakeAutomation, FakeClock, FakeWorld, projectDir, WorldSetup } from "../drill/fakes";
import { RegionalAccount } from "../drill/regionalAccount";
import { Edit, projectVariant } from "../drill/projects";

/** The fixture's stack files with routing controls: seoul owns the cluster, tokyo joins it. */
export const routingControlEdits: Readonly<Record<string, readonly Edit[]>> = {
    "Pulumi.seoul.yaml": [["  app:dns.weight: 50\n", "  app:dns.weight: 50\n  app:routingControls.enabled: true\n  app:routingControls.owner: true\n  app:routingControls.regions:\n    - ap-northeast-2\n    - ap-northeast-1\n"]],
    "Pulumi.tokyo.yaml": [["  app:dns.weight: 50\n", "  app:dns.weight: 50\n  app:routingControls.enabled: true\n  app:routingControls.ownerStack: organization/app/seoul\n"]],
};

/**
 * A healthy two-region account with the fixture's stacks deployed (or `directory`'s): the
 * followed alarms in each region's combined check, the regional services readiness reads.
 */
export function readinessWorld(directory: string = projectDir, setup: WorldSetup = {}) {
    const clock = new FakeClock();
    const world = new FakeWorld(clock, {}, { alarms: true, readiness: new RegionalAccount(), ...setup });
    const automation = new FakeAutomation(world);
    const deps = { automation, aws: world.readinessClients, clock };
    const run = (options: Partial<ReadinessOptions> = {}) => runReadiness({ ...readinessDefaults, projectDir: directory, ...options }, deps);
    return { clock, world, automation, regional: world.regional!, deps, run, directory };
}

/** The same with routing controls deployed (each On, as the deploy leaves them). */
export function routingControlWorld() {
    return readinessWorld(projectVariant(routingControlEdits), { routingControls: true });
}

/** The report's rows with `status`. */
export function rowsWith(report: ReadinessReport, status: ReadinessCheck["status"]): ReadinessCheck[] {
    return report.checks.filter((check) => check.status === status);
}

/** The one row with `id`. */
export function rowOf(report: ReadinessReport, id: string): ReadinessCheck {
    const found = report.checks.filter((check) => check.id === id);
    if (found.length !== 1) {
        throw new Error(`expected one row ${id}, found ${found.length}: ${report.checks.map((check) => check.id).join(", ")}`);
    }
    return found[0];
}

/**
 * The last passing drill, beside the lock (drill/safety/lastPass.ts): what a passing drill writes,
 * what readiness reads back, and that only a pass writes it.
 */
import { ChangeResourceRecordSetsCommand, InvalidChangeBatch } from "@aws-sdk/client-route-53";
import { expect } from "chai";
import { lastPassValue, parseLastPassValue, PassedDrill, readLastPass } from "../../drill/safety/lastPass";
import { runDrill } from "../../drill/runner/runner";
import { drillOptions, fakeDrill, hostedZoneId } from "./fakes";

const drill: PassedDrill = { target: "seoul", lever: "config", finishedAt: "2025-06-01T00:09:30.000Z", id: "0f1e2d3c-aaaa-bbbb-cccc-0123456789ab", by: "tester" };
const location = { hostedZoneId, zoneName: "example.com." };

/** The lock's and the pass's changes, in order (the drill state's own changes are tested in sharedState.test.ts). */
function lockAndPassChanges(fake: ReturnType<typeof fakeDrill>): string[] {
    return fake.world.route53Mock.commandCalls(ChangeResourceRecordSetsCommand).flatMap((call) => call.args[0].input.ChangeBatch?.Changes ?? [])
        .filter((change) => ["_drill-lock.example.com", "_drill-passed.example.com"].includes(change.ResourceRecordSet?.Name ?? ""))
        .map((change) => `${change.Action} ${change.ResourceRecordSet?.Name}`);
}

describe("the last passing drill (beside the lock)", () => {
    it("is one quoted TXT string that reads back as the drill", () => {
        expect(lastPassValue(drill)).to.equal('"drill-passed target=seoul lever=config finished=2025-06-01T00:09:30.000Z id=0f1e2d3c-aaaa-bbbb-cccc-0123456789ab by=tester"');
        expect(parseLastPassValue(lastPassValue(drill))).to.deep.equal(drill);
    });

    it("cuts a long user name so the string stays within Route 53's 255 characters", () => {
        const head = "drill-passed target=seoul lever=config finished=2025-06-01T00:09:30.000Z id=0f1e2d3c-aaaa-bbbb-cccc-0123456789ab by=";
        const long = lastPassValue({ ...drill, by: "x".repeat(300) });
        expect(long.length).to.equal(255 + 2);
        expect(parseLastPassValue(long)?.by).to.equal("x".repeat(255 - head.length));
        // One character short of the limit is kept whole.
        expect(parseLastPassValue(lastPassValue({ ...drill, by: "x".repeat(254 - head.length) }))?.by).to.have.length(254 - head.length);
    });

    it("is no drill when the value is another record's or its time does not parse", () => {
        expect(parseLastPassValue('"drill-lock id=1 target=seoul lever=config started=x expires=y by=z"')).to.equal(undefined);
        expect(parseLastPassValue('"drill-passed target=seoul lever=config finished=yesterday id=1 by=me"')).to.equal(undefined);
    });

    it("is written by a passing drill, replacing the one before, and read back", async () => {
        const fake = fakeDrill();
        try {
            const first = await runDrill(drillOptions(), fake.deps);
            const second = await runDrill(drillOptions({ lever: "health-check" }), fake.deps);
            expect([first.report.outcome, second.report.outcome]).to.deep.equal(["passed", "passed"]);
            const read = await readLastPass(fake.world.route53, location);
            expect(read?.drill).to.deep.include({ target: "seoul", lever: "health-check", finishedAt: second.report.finishedAt, by: "tester" });
            // The pass is written after the lock is released, once per passing drill.
            const drillOnce = ["CREATE _drill-lock.example.com", "DELETE _drill-lock.example.com", "UPSERT _drill-passed.example.com"];
            expect(lockAndPassChanges(fake)).to.deep.equal([...drillOnce, ...drillOnce]);
        } finally {
            fake.restore();
        }
    });

    it("is not written by a drill that did not pass, and a failure to write it is a warning, not another outcome", async () => {
        const refused = fakeDrill();
        const failing = fakeDrill();
        try {
            refused.world.setCheckersHealthy("tokyo", false);
            expect((await runDrill(drillOptions(), refused.deps)).report.outcome).to.equal("refused");
            expect(await readLastPass(refused.world.route53, location)).to.equal(undefined);
            failing.world.route53Mock.on(ChangeResourceRecordSetsCommand, { ChangeBatch: { Comment: "last passing failover drill" } } as never)
                .rejects(new InvalidChangeBatch({ message: "throttled", $metadata: {} }));
            const result = await runDrill(drillOptions(), failing.deps);
            expect(result.report.outcome).to.equal("passed");
            expect(result.report.warnings).to.include("could not record the pass for npm run readiness (_drill-passed TXT record): throttled");
            expect(lockAndPassChanges(failing)).to.deep.equal(["CREATE _drill-lock.example.com", "DELETE _drill-lock.example.com", "UPSERT _drill-passed.example.com"]);
        } finally {
            refused.restore();
            failing.restore();
        }
    });
});

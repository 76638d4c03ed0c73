/**
 * Where the drill keeps what any operator needs to resume it (issue 22, items 2 and 7): the drill
 * state as TXT values beside the lock, within Route 53's limits for a TXT string (255), a value
 * (4,000) and a change batch (32,000 characters), and the lock's value bounded to one string. The
 * zone is the fake account's, which refuses what Route 53 refuses (tests/drill/fakes.ts
 * `checkTxtLimits`).
 */
import { ChangeResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { expect } from "chai";
import { route53Limits } from "../../domain/apiLimits";
import { route53ChangeBatchValueCharacters, route53TxtStringMaxLength } from "../../domain/awsLimits";
import { boundedHolder, LockHolder, lockValue, parseLockValue, Route53DrillLock } from "../../drill/safety/lock";
import { decodeState, encodeState, maxStateCharacters, Route53DrillState, txtStrings } from "../../drill/safety/sharedState";
import { DrillState, upgradeState } from "../../drill/safety/stateFile";
import { errorOf, failureOf } from "../thrown";
import { fakeDrill, ids, zone } from "./fakes";

const uuid = "0b6a1c2e-3d4f-4a5b-8c6d-7e8f9a0b1c2d";

function holder(overrides: Partial<LockHolder> = {}): LockHolder {
    return { id: uuid, target: "seoul", lever: "health-check", startedAt: "2025-06-01T00:00:00.000Z", expiresAt: "2025-06-01T00:42:00.000Z", by: "tester", ...overrides };
}

function state(overrides: Partial<DrillState> = {}): DrillState {
    const value = lockValue(holder());
    return {
        schemaVersion: 3, project: "multi-region-alb", lever: "health-check",
        target: { stack: "seoul", region: "ap-northeast-2", url: "https://seoul/", albDnsName: "seoul", simulateOutage: false, records: {}, healthCheckId: ids.seoul.healthCheckId, endpointGroupArn: ids.seoul.endpointGroupArn },
        stacks: ["seoul", "tokyo", "global"], originals: { healthCheckInverted: false, trafficDialPercentage: 100 },
        leverState: { originalInverted: false, originalDial: 100, originalEndpoints: ["alb"], version: 1 },
        manualRestore: ["aws route53 update-health-check --health-check-id hc-seoul-0001 --no-inverted"],
        lock: { location: zone, id: uuid, value, expiresAt: "2025-06-01T00:42:00.000Z" },
        stage: "applying", by: "tester", startedAt: "2025-06-01T00:00:00.000Z", updatedAt: "2025-06-01T00:00:20.000Z", ...overrides,
    };
}

/** Text that does not compress: a state this large must be cut into several values. */
function noise(characters: number): string {
    let text = "";
    let seed = 7;
    while (text.length < characters) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += seed.toString(36);
    }
    return text.slice(0, characters);
}

describe("drill state beside the lock (issue 22, item 2)", () => {
    describe("as TXT values", () => {
        it("round-trips a state through values whose strings and values are within Route 53's limits", () => {
            const values = encodeState(state());
            expect(values).to.have.length(1);
            for (const value of values) {
                expect(value.length).to.be.at.most(route53Limits.recordValueLength.max);
                txtStrings(value).forEach((text) => expect(text.length).to.be.at.most(route53TxtStringMaxLength));
            }
            expect(txtStrings(values[0])[0]).to.match(new RegExp(`^drill-state v=3 id=${uuid} part=1/1 sha256=[0-9a-f]{16}$`));
            expect(decodeState(values, "_drill-state.example.com")).to.deep.equal(state());
        });

        it("cuts a large state into several values, each named by its part, and reassembles them in any order", () => {
            const large = state({ manualRestore: [noise(9000)] });
            const values = encodeState(large);
            expect(values.length).to.be.above(2);
            values.forEach((value) => expect(value.length).to.be.at.most(route53Limits.recordValueLength.max));
            expect(values.map((value) => /part=(\d+)\/(\d+)/.exec(txtStrings(value)[0])!.slice(1).join("/"))).to.deep.equal(values.map((_, index) => `${index + 1}/${values.length}`));
            expect(decodeState([...values].reverse(), "r")).to.deep.equal(large);
        });

        it("refuses a state that a change batch could not replace: over half of the 32,000 characters (both states travel in one batch)", () => {
            expect(maxStateCharacters).to.equal(route53ChangeBatchValueCharacters / 2);
            expect(errorOf(() => encodeState(state({ manualRestore: [noise(20000)] })))?.message).to.match(/^the drill state takes \d+ characters of TXT values, over the 16000 a Route 53 change batch can replace/);
            expect(encodeState(state({ manualRestore: [noise(16500)] })).join("").length).to.be.within(maxStateCharacters - 2000, maxStateCharacters);
        });

        it("names what is wrong with values that do not make a state: a missing part, another state's part, a changed byte, a stranger's value", () => {
            const values = encodeState(state({ manualRestore: [noise(9000)] }));
            expect(() => decodeState(values.slice(1), "r")).to.throw(/holds parts 2\/\d+.* some are missing or belong to another state/);
            const other = encodeState(state({ manualRestore: [noise(9001)] }));
            expect(() => decodeState([values[0], ...other.slice(1)], "r")).to.throw(/some are missing or belong to another state/);
            const tampered = values.map((value, index) => (index === 1 ? value.replace(/"(.)([^"]*)"$/, (_, first: string, rest: string) => `"${first === "A" ? "B" : "A"}${rest}"`) : value));
            expect(() => decodeState(tampered, "r")).to.throw(/checksum does not match/);
            expect(() => decodeState(['"v=spf1 -all"'], "r")).to.throw(/r holds a value that is not part of a drill state/);
        });

        it("reads a state of format 1 (an older tool's) and upgrades it: its expiry and operator come from the lock's value", () => {
            const old: Record<string, unknown> = { ...state() };
            delete old.by;
            const v1 = { ...old, schemaVersion: 1, lock: { location: zone, id: uuid, value: lockValue(holder({ by: "alice" })) } };
            expect(upgradeState(v1, "old")).to.deep.include({ schemaVersion: 3, by: "alice", lock: { location: zone, id: uuid, value: lockValue(holder({ by: "alice" })), expiresAt: "2025-06-01T00:42:00.000Z" } });
            expect(upgradeState({ ...state(), schemaVersion: 2 }, "v2"), "format 2 is format 3 without preScale and shifts").to.deep.include({ schemaVersion: 3, lever: "health-check" });
            expect(() => upgradeState({ ...v1, schemaVersion: 4 }, "future")).to.throw("future is not a drill state (schemaVersion 1, 2 or 3): a newer drill tool may have written it; update this checkout");
        });
    });

    describe("in the zone", () => {
        let drill: ReturnType<typeof fakeDrill>;
        afterEach(() => drill.restore());

        it("creates the record once, replaces it only while it holds what was read, and deletes exactly that", async () => {
            drill = fakeDrill();
            const record = new Route53DrillState(drill.world.route53, zone);
            const first = await record.create(state());
            expect(first.created).to.equal(true);
            const second = await record.create(state({ lock: { ...state().lock, id: "another" } }));
            expect(second).to.deep.include({ created: false });
            expect((second as { existing?: { state: DrillState } }).existing?.state.lock.id).to.equal(uuid);
            const read = await record.read();
            const replaced = await record.replace(read!.values, state({ stage: "applied" }));
            expect(replaced).to.not.equal(undefined);
            expect(await record.replace(read!.values, state({ stage: "restoring" })), "a stale read").to.equal(undefined);
            expect((await record.read())!.state.stage).to.equal("applied");
            expect(await record.remove(read!.values)).to.equal(false);
            expect(await record.remove(replaced!)).to.equal(true);
            expect(await record.read()).to.equal(undefined);
            // Each replacement is one batch: DELETE of the old values and CREATE of the new.
            const batches = drill.world.route53Mock.commandCalls(ChangeResourceRecordSetsCommand).map((call) => call.args[0].input.ChangeBatch!.Changes!.map((change) => change.Action));
            expect(batches).to.deep.equal([["CREATE"], ["CREATE"], ["DELETE", "CREATE"], ["DELETE", "CREATE"], ["DELETE"], ["DELETE"]]);
        });

        it("writes a large state in several values of one record, which Route 53 accepts and reads back whole", async () => {
            drill = fakeDrill();
            const record = new Route53DrillState(drill.world.route53, zone);
            const large = state({ manualRestore: [noise(9000)] });
            expect((await record.create(large)).created).to.equal(true);
            expect(drill.world.recordSets.get("_drill-state.example.com. TXT")!.ResourceRecords!.length).to.be.above(2);
            expect((await record.read())!.state).to.deep.equal(large);
        });

        it("replaces a state of nearly the most characters by another in one batch under Route 53's 32,000", async () => {
            drill = fakeDrill();
            const record = new Route53DrillState(drill.world.route53, zone);
            const largest = state({ manualRestore: [noise(16500)] });
            expect((await record.create(largest)).created).to.equal(true);
            const replaced = await record.replace((await record.read())!.values, { ...largest, stage: "restoring" });
            expect(replaced).to.not.equal(undefined);
            const batch = drill.world.route53Mock.commandCalls(ChangeResourceRecordSetsCommand).at(-1)!.args[0].input.ChangeBatch!.Changes!;
            const characters = batch.flatMap((change) => change.ResourceRecordSet!.ResourceRecords!.map((record) => record.Value!.length)).reduce((a, b) => a + b, 0);
            expect(characters).to.be.within(route53ChangeBatchValueCharacters - 4000, route53ChangeBatchValueCharacters);
        });
    });
});

describe("the drill lock's value (issue 22, item 7)", () => {
    let drill: ReturnType<typeof fakeDrill>;
    afterEach(() => drill?.restore());

    /** A user name that makes the lock's one string exactly `length` characters before bounding. */
    function nameFor(length: number): string {
        const without = lockValue(holder({ by: "" })).length - 2;
        return "u".repeat(length - without);
    }

    it("keeps every field at 255 characters and cuts the user name at 256, so the value is one valid TXT string", () => {
        expect(lockValue(holder({ by: nameFor(255) })).length - 2).to.equal(255);
        expect(parseLockValue(lockValue(holder({ by: nameFor(255) })))?.by).to.equal(nameFor(255));
        const cut = lockValue(holder({ by: nameFor(256) }));
        expect(cut.length - 2).to.equal(255);
        expect(parseLockValue(cut)).to.deep.equal({ ...holder(), by: nameFor(255) });
    });

    it("cuts the stack name too when the user name alone cannot make room, and makes spaces and quotes safe", () => {
        const bounded = boundedHolder(holder({ target: "s".repeat(300), by: "Jane \"JD\" Doe" }));
        expect(formatLength(bounded)).to.equal(255);
        expect(bounded.by).to.equal("");
        expect(boundedHolder(holder({ by: "Jane \"JD\" Doe" })).by).to.equal("Jane__JD__Doe");
        expect(parseLockValue(lockValue(holder({ target: "s".repeat(300) })))?.target).to.have.length.below(300);
    });

    it("takes the lock with a 300-character user name (Route 53 would refuse the unbounded value) and names the holder", async () => {
        drill = fakeDrill();
        const lock = new Route53DrillLock(drill.world.route53, zone);
        expect(await lock.acquire(holder({ by: "x".repeat(300) }))).to.deep.equal({ acquired: true });
        expect((await lock.read())?.holder?.id).to.equal(uuid);
    });

    it("reports a value Route 53 refuses as Route 53's error, never as a lock held by someone", async () => {
        drill = fakeDrill();
        const lock = new Route53DrillLock(drill.world.route53, zone);
        drill.world.beforeChange = () => {
            throw Object.assign(new Error("[Invalid Resource Record: 'FATAL problem: CharacterStringTooLong (Value is too long) encountered with '...'']"), { name: "InvalidChangeBatch" });
        };
        const failure = await failureOf(lock.acquire(holder()));
        expect(failure?.message).to.match(/CharacterStringTooLong/);
        expect(drill.world.recordSets.size).to.equal(0);
    });
});

function formatLength(bounded: LockHolder): number {
    return lockValue(bounded).length - 2;
}

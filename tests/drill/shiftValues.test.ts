/**
 * A shift's weight and dial on their own (drill/shift/trafficValues.ts) against the fake account:
 * which record set it reads, what it reads and sends (and when it sends nothing), how it names
 * each value, what it puts back and the manual lines. The shifts that use them are in
 * shift.test.ts.
 */
import { DescribeEndpointGroupCommand, UpdateEndpointGroupCommand } from "@aws-sdk/client-global-accelerator";
import { ChangeResourceRecordSetsCommand, ChangeResourceRecordSetsCommandInput, ListResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { expect } from "chai";
import { DeployedRegion, parseStackOutputs } from "../../drill/clients/outputs";
import { AwsClients } from "../../drill/clients/types";
import { ShiftValues, shiftValueKeys } from "../../drill/shift/trafficValues";
import { failureOf } from "../thrown";
import { fakeDrill, ids, weightedName, weightedRecordSet, zone } from "./fakes";
import { refusingClient } from "./shiftFixtures";

type Drill = ReturnType<typeof fakeDrill>;

const seoulArn = ids.seoul.endpointGroupArn;
const weightName = `weighted record ${weightedName} (ap-northeast-2) weight`;
const dialName = `endpoint group ${seoulArn} traffic dial`;

describe("a shift's weight and dial (drill/shift/trafficValues.ts)", () => {
    let drill: Drill;
    beforeEach(() => {
        drill = fakeDrill();
    });
    afterEach(() => drill.restore());

    const seoul = (changes: Partial<DeployedRegion> = {}): DeployedRegion => ({ ...parseStackOutputs("seoul", drill.world.outputs("seoul", false)), ...changes });
    const values = (region = seoul()) => new ShiftValues(drill.world.aws, region, zone.hostedZoneId);
    /** A region's values without a hosted zone (no DNS). */
    const withoutZone = (region = seoul()) => new ShiftValues(drill.world.aws, region, undefined);
    const seoulKey = () => [...drill.world.serviceRecordSets.keys()].find((name) => name.endsWith(" ap-northeast-2"))!;
    const calls = () => ({
        lists: drill.world.route53Mock.commandCalls(ListResourceRecordSetsCommand).length,
        changes: drill.world.route53Mock.commandCalls(ChangeResourceRecordSetsCommand).map((call) => (call.args[0].input as ChangeResourceRecordSetsCommandInput).ChangeBatch),
        describes: drill.world.acceleratorMock.commandCalls(DescribeEndpointGroupCommand).length,
        updates: drill.world.acceleratorMock.commandCalls(UpdateEndpointGroupCommand).length,
    });
    /** The account's clients, with Route 53 or Global Accelerator refusing every call with `message`. */
    const refusing = (service: "route53" | "globalAccelerator", message: string): AwsClients => ({ ...drill.world.aws, [service]: refusingClient(message) });

    it("reads only the weighted A record of its own name: an AAAA set or another name with its set identifier is not it", async () => {
        drill.world.serviceRecordSets.delete(seoulKey());
        drill.world.serviceRecordSets.set(`${weightedName}. AAAA ap-northeast-2`, { ...weightedRecordSet("seoul", 50), Type: "AAAA" });
        drill.world.serviceRecordSets.set("zz.example.com. A ap-northeast-2", { ...weightedRecordSet("seoul", 50), Name: "zz.example.com." });
        expect((await failureOf(values().prepare()))?.message).to.equal(`Route 53 zone ${zone.hostedZoneId} has no weighted A record ${weightedName} with set identifier ap-northeast-2`);
    });

    it("reads a further page only while the listing goes on with A records of its name", async () => {
        drill.world.serviceRecordSets.delete(seoulKey());
        // 99 other sets and tokyo's fill the first page of 100.
        for (let index = 0; index < 99; index++) {
            const identifier = `aa-${String(index).padStart(3, "0")}`;
            drill.world.serviceRecordSets.set(`${weightedName}. A ${identifier}`, { ...weightedRecordSet("seoul", 1), SetIdentifier: identifier });
        }
        // The 101st set is the name's AAAA record: nothing of the name's A records is left to list.
        drill.world.serviceRecordSets.set(`${weightedName}. AAAA ap-northeast-2`, { ...weightedRecordSet("seoul", 50), Type: "AAAA" });
        await failureOf(values().prepare());
        expect(calls().lists, "after an AAAA record").to.equal(1);
        drill.world.serviceRecordSets.delete(`${weightedName}. AAAA ap-northeast-2`);
        // The 101st is another name.
        drill.world.serviceRecordSets.set("zz.example.com. A ap-northeast-2", { ...weightedRecordSet("seoul", 50), Name: "zz.example.com." });
        await failureOf(values().prepare());
        expect(calls().lists, "after another name").to.equal(2);
    });

    it("moves what the region has: a weighted record only with a zone, a dial only with an endpoint group", async () => {
        expect(values().weighted).to.deep.equal(seoul().records.weighted);
        expect(withoutZone().weighted, "no zone").to.equal(undefined);
        expect(withoutZone().movesAnything, "the dial").to.equal(true);
        expect(values(seoul({ endpointGroupArn: undefined })).movesAnything, "the weight").to.equal(true);
        expect(withoutZone(seoul({ endpointGroupArn: undefined })).movesAnything, "neither").to.equal(false);
        const nothing = withoutZone(seoul({ endpointGroupArn: undefined }));
        await nothing.prepare();
        expect(calls()).to.deep.equal({ lists: 0, changes: [], describes: 0, updates: 0 });
        expect(nothing.originalValues()).to.deep.equal({});
        expect(nothing.originals()).to.deep.equal({});
        expect(nothing.manualRestore()).to.deep.equal([]);
        expect(await nothing.assess()).to.deep.equal([]);
        expect(await nothing.verifyRestored()).to.deep.equal({ ok: true, detail: "nothing was changed" });
    });

    it("reads the originals once; a resumed copy reads nothing, and a state without the shift's values has none", async () => {
        const first = values();
        await first.prepare();
        drill.world.setWeight("seoul", 80);
        await first.prepare();
        expect(calls()).to.deep.include({ lists: 1, describes: 1 });
        expect(first.originalValues()).to.deep.equal({ weight: 50, dial: 100 });
        const resumed = ShiftValues.resume(drill.world.aws, seoul(), { record: first.saved().record, originalDial: 100 });
        await resumed.prepare();
        expect(calls()).to.deep.include({ lists: 1, describes: 1 });
        expect(resumed.saved()).to.deep.equal({ ...first.saved(), shiftWeights: [], shiftDials: [] });
    });

    it("sends only what changes: no batch for a weight already in place, no dial without an endpoint group, no weight without a zone", async () => {
        const onlyWeight = values(seoul({ endpointGroupArn: undefined }));
        await onlyWeight.prepare();
        onlyWeight.intend(100);
        expect(await onlyWeight.send(100)).to.deep.equal({ weight: 50 });
        expect(calls()).to.deep.include({ changes: [], updates: 0 });
        onlyWeight.intend(50);
        await onlyWeight.send(50);
        expect(calls().changes.map((batch) => batch?.Comment)).to.deep.equal(["drill shift of seoul: 50% of its weight"]);
        expect(drill.world.weight("seoul")).to.equal(25);

        const onlyDial = withoutZone();
        await onlyDial.prepare();
        onlyDial.intend(50);
        expect(await onlyDial.send(50)).to.deep.equal({ dial: 50 });
        expect(calls()).to.deep.include({ lists: 1, updates: 1 });
        expect(calls().changes).to.have.length(1);
    });

    it("refuses a step, sending nothing, when the set holds a weight that is neither the original nor one the shift recorded", async () => {
        const first = values();
        await first.prepare();
        // A state written before any step was recorded: the shift has no weight of its own yet.
        const resumed = ShiftValues.resume(drill.world.aws, seoul(), { record: first.saved().record, originalDial: 100 });
        drill.world.setWeight("seoul", 7);
        expect((await failureOf(resumed.send(50)))?.message).to.equal(
            `weighted record ${weightedName} (ap-northeast-2) holds weight 7, neither the original 50 nor the shift's -, or another element changed: changed since the shift; not sent`);
        expect(calls().changes).to.deep.equal([]);
    });

    it("names each value as it stands: the shift's values, its original, changed by someone, unreadable", async () => {
        const shift = values();
        await shift.prepare();
        expect(await shift.assess(), "before any step").to.deep.equal([
            { key: shiftValueKeys.weight, name: weightName, original: "50", drillValue: "-", current: "50", standing: "original" },
            { key: shiftValueKeys.dial, name: dialName, original: "100", drillValue: "-", current: "100", standing: "original" },
        ]);
        shift.intend(50);
        shift.intend(0);
        expect((await shift.assess()).map((value) => value.drillValue), "both steps' values may be in place").to.deep.equal(["25 or 0", "50 or 0"]);
        await shift.send(0);
        drill.world.setDial("seoul", 70);
        expect(await shift.assess()).to.deep.equal([
            { key: "weight", name: weightName, original: "50", drillValue: "0", current: "0", standing: "drill" },
            { key: "dial", name: dialName, original: "100", drillValue: "0", current: "70", standing: "changed" },
        ]);
        const saved = shift.saved() as unknown as Record<string, unknown>;
        expect(await ShiftValues.resume(refusing("route53", "AccessDenied: no"), seoul(), saved).assess()).to.deep.include(
            { key: "weight", name: weightName, original: "50", drillValue: "0", current: "unreadable: AccessDenied: no", standing: "unreadable" });
        expect(await ShiftValues.resume(refusing("globalAccelerator", "AccessDeniedException: no"), seoul(), saved).assess()).to.deep.include(
            { key: "dial", name: dialName, original: "100", drillValue: "0", current: "unreadable: AccessDeniedException: no", standing: "unreadable" });
    });

    it("puts back only the keys named, and names what is still moved when AWS refuses", async () => {
        const shift = values();
        await shift.prepare();
        shift.intend(0);
        await shift.send(0);
        await shift.restore(new Set([shiftValueKeys.dial]));
        expect([drill.world.weight("seoul"), drill.world.dial("seoul")], "the dial only").to.deep.equal([0, 100]);
        expect(await shift.verifyRestored()).to.deep.equal({ ok: false, detail: `${weightName} 0 (was 50); ${dialName} 100 (was 100)` });
        // The shift's dial again (as if restored before its last step): the weight only.
        drill.world.setDial("seoul", 0);
        await shift.restore(new Set([shiftValueKeys.weight]));
        expect([drill.world.weight("seoul"), drill.world.dial("seoul")], "the weight only").to.deep.equal([50, 0]);
        await shift.restore();
        expect([drill.world.weight("seoul"), drill.world.dial("seoul")], "what still held the shift's").to.deep.equal([50, 100]);
        drill.world.setDial("seoul", 70);
        expect(await shift.verifyRestored()).to.deep.equal({ ok: true, detail: `${weightName} 50 (was 50); ${dialName} 70 (was 100; changed since the shift, left alone)` });

        const saved = shift.saved() as unknown as Record<string, unknown>;
        const failing = ShiftValues.resume(refusing("globalAccelerator", "ThrottlingException: slow down"), seoul(), saved);
        expect((await failureOf(failing.restore(new Set([shiftValueKeys.dial]))))?.message).to.equal(`restore failed: the dial of ${seoulArn} is still moved (ThrottlingException: slow down)`);
        const noRoute53 = ShiftValues.resume(refusing("route53", "Throttling: Rate exceeded"), seoul(), saved);
        expect((await failureOf(noRoute53.restore(new Set([shiftValueKeys.weight]))))?.message).to.equal(`restore failed: the weight of ${weightedName} is still moved (Throttling: Rate exceeded)`);
        const neither = ShiftValues.resume({ ...refusing("route53", "Throttling: Rate exceeded"), globalAccelerator: refusing("globalAccelerator", "ThrottlingException: slow down").globalAccelerator }, seoul(), saved);
        expect((await failureOf(neither.restore(new Set([shiftValueKeys.weight, shiftValueKeys.dial]))))?.message).to.equal(
            `restore failed: the weight of ${weightedName} is still moved (Throttling: Rate exceeded); the dial of ${seoulArn} is still moved (ThrottlingException: slow down)`);
    });

    it("records the originals and writes the manual lines of what it has", async () => {
        const shift = values();
        await shift.prepare();
        expect(shift.originals()).to.deep.equal({ weight: 50, trafficDialPercentage: 100 });
        const record = drill.world.serviceRecordSets.get(seoulKey());
        expect(shift.manualRestore()).to.deep.equal([
            `aws route53 change-resource-record-sets --hosted-zone-id ${zone.hostedZoneId} --change-batch '${JSON.stringify({ Changes: [{ Action: "UPSERT", ResourceRecordSet: record }] })}'`,
            `aws globalaccelerator update-endpoint-group --region us-west-2 --endpoint-group-arn ${seoulArn} --traffic-dial-percentage 100`,
        ]);
        const dialOnly = withoutZone();
        await dialOnly.prepare();
        expect(dialOnly.originals()).to.deep.equal({ trafficDialPercentage: 100 });
        expect(dialOnly.manualRestore()).to.have.length(1);
        const weightOnly = values(seoul({ endpointGroupArn: undefined }));
        await weightOnly.prepare();
        expect(weightOnly.originals()).to.deep.equal({ weight: 50 });
        expect(weightOnly.manualRestore()[0]).to.match(/^aws route53 change-resource-record-sets /);
        expect(weightOnly.manualRestore()).to.have.length(1);
    });
});

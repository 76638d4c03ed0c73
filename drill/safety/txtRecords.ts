/**
 * The TXT records the drill keeps beside the records it serves, in the project's hosted zone: the
 * lock (drill/safety/lock.ts) and the last passing drill (drill/safety/lastPass.ts). Route 53 lists
 * record sets in order from a start name and type (ListResourceRecordSets, StartRecordName and
 * StartRecordType), so a read asks for one set from the record's own name and checks it is that one.
 */
import { ListResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";

/**
 * The first value of the TXT record `name` in the zone, or undefined when there is none.
 * @param route53 Route 53 (us-east-1)
 * @param hostedZoneId the zone
 * @param name the record's name, without the trailing dot
 */
export async function readTxtRecord(route53: Route53Client, hostedZoneId: string, name: string): Promise<string | undefined> {
    const listed = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: hostedZoneId, StartRecordName: name, StartRecordType: "TXT", MaxItems: 1 }));
    const record = listed.ResourceRecordSets?.[0];
    if (record === undefined || record.Type !== "TXT" || record.Name?.replace(/\.$/, "") !== name) {
        return undefined;
    }
    return record.ResourceRecords?.[0]?.Value ?? "";
}

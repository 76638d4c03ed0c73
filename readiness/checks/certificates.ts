/**
 * Every certificate the HTTPS listener serves must be ISSUED and valid for more than
 * `--certificate-days` (30 by default): DescribeListenerCertificates lists the default certificate
 * and the SNI list ("If the default certificate is also in the certificate list, it appears twice":
 * botocore elbv2, so each is read once), and ACM's DescribeCertificate gives each one's status and
 * NotAfter ("The time after which the certificate is not valid"), in the certificate's region.
 */
import { DescribeCertificateCommand } from "@aws-sdk/client-acm";
import { DescribeListenerCertificatesCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { issuedCertificateStatus } from "../../domain/readinessFacts";
import { CheckContext, RegionUnderCheck } from "../context";
import { attempt, row, RowSubject } from "../read";
import { ReadinessCheck } from "../types";

const dayMs = 86_400_000;

/** The listener's certificates, each once, the default first. */
async function listenerCertificates(context: CheckContext, region: string, listenerArn: string): Promise<string[]> {
    const arns: string[] = [];
    let marker: string | undefined;
    do {
        const page = await context.aws.elbv2(region).send(new DescribeListenerCertificatesCommand({ ListenerArn: listenerArn, Marker: marker }));
        const sorted = [...(page.Certificates ?? [])].sort((a, b) => Number(b.IsDefault === true) - Number(a.IsDefault === true));
        arns.push(...sorted.map((certificate) => certificate.CertificateArn).filter((arn): arn is string => arn !== undefined));
        marker = page.NextMarker;
    } while (marker !== undefined);
    return [...new Set(arns)];
}

async function certificateRow(context: CheckContext, stack: string, arn: string): Promise<ReadinessCheck> {
    const certificateRegion = arn.split(":")[3];
    const subject: RowSubject = { id: `certificate:${stack}:${arn.split("/").pop()}`, category: "certificate", stack, subject: `${certificateRegion} certificate ${arn}` };
    const read = await attempt(subject, ["acm:DescribeCertificate"],
        async () => (await context.aws.acm(certificateRegion).send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate);
    if (!read.ok) {
        return read.row;
    }
    const certificate = read.value;
    const notAfter = certificate?.NotAfter;
    const renewal = certificate?.RenewalSummary?.RenewalStatus ? `; managed renewal ${certificate.RenewalSummary.RenewalStatus}` : "";
    if (certificate?.Status !== issuedCertificateStatus || notAfter === undefined) {
        return row(subject, "fail", `status ${certificate?.Status ?? "unknown"}${notAfter ? `, NotAfter ${notAfter.toISOString()}` : ""}: the listener cannot serve it${renewal}`);
    }
    const days = (notAfter.getTime() - context.clock.now()) / dayMs;
    const limit = context.options.certificateDays;
    const detail = `${certificate.Type ?? "certificate"} valid until ${notAfter.toISOString()}, ${days.toFixed(1)} days from now (more than ${limit} needed: --certificate-days)${renewal}`;
    return row(subject, days > limit ? "ok" : "fail", detail);
}

async function regionRows(context: CheckContext, { deployed }: RegionUnderCheck, listenerArn: string): Promise<ReadinessCheck[]> {
    const subject: RowSubject = { id: `certificate:${deployed.stack}:listener`, category: "certificate", stack: deployed.stack, subject: `${deployed.region} HTTPS listener's certificates` };
    const listed = await attempt(subject, ["elasticloadbalancing:DescribeListenerCertificates"], () => listenerCertificates(context, deployed.region, listenerArn));
    if (!listed.ok) {
        return [listed.row];
    }
    if (listed.value.length === 0) {
        return [row(subject, "fail", "the HTTPS listener lists no certificate")];
    }
    const rows: ReadinessCheck[] = [];
    for (const arn of listed.value) {
        rows.push(await certificateRow(context, deployed.stack, arn));
    }
    return rows;
}

/** Every region's HTTPS certificates. */
export async function certificateRows(context: CheckContext): Promise<ReadinessCheck[]> {
    const rows: ReadinessCheck[] = [];
    for (const region of context.regions) {
        const https = region.deployed.listenerArns?.https;
        if (https !== undefined) {
            rows.push(...await regionRows(context, region, https));
        }
    }
    return rows;
}

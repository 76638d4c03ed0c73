import { expect } from "chai";
import { validateStackConfig } from "../../config/load";
import { meaninglessSettings } from "../../config/warnings";

/** Warnings of a stack `w` in ap-northeast-2 with `values` (keys get app:; non-strings become JSON). */
function warningsOf(values: Record<string, unknown>, origins: Record<string, string> = {}): string[] {
    const raw: Record<string, string> = { "aws:region": "ap-northeast-2", "app:environment": "dev" };
    for (const [key, value] of Object.entries(values)) {
        raw[`app:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    const result = validateStackConfig({ stack: "w", project: "app", values: raw });
    expect(result.problems).to.deep.equal([]);
    return meaninglessSettings(result.config!, "app", origins);
}

const existingVpc = { "network.vpcId": "vpc-0a1b2c3d4e5f60718", "network.publicSubnetIds": ["subnet-a", "subnet-b"], "network.privateSubnetIds": ["subnet-c", "subnet-d"] };

describe("warnings for settings other settings make meaningless", () => {
    it("none for a plain stack", () => {
        expect(warningsOf({})).to.deep.equal([]);
    });

    it("an existing VPC with AZ, NAT or CIDR settings", () => {
        expect(warningsOf({ ...existingVpc, "network.availabilityZones": 2, "network.natGateways": "single" })).to.deep.equal([
            "Pulumi.w.yaml: app:network.availabilityZones is ignored: network.vpcId uses an existing VPC (it is 2)",
            'Pulumi.w.yaml: app:network.natGateways is ignored: network.vpcId uses an existing VPC (it is "single")',
        ]);
    });

    it("accelerator keys while the accelerator is off", () => {
        expect(warningsOf({ "globalAccelerator.trafficDial": 40, "globalAccelerator.clientAffinity": "NONE" })).to.deep.equal([
            'Pulumi.w.yaml: app:globalAccelerator.clientAffinity is ignored: globalAccelerator.enabled is false (it is "NONE")',
            "Pulumi.w.yaml: app:globalAccelerator.trafficDial is ignored: globalAccelerator.enabled is false (it is 40)",
        ]);
    });

    it("a failover role and health-check settings while DNS is off", () => {
        expect(warningsOf({ "dns.failoverRole": "PRIMARY", "healthCheck.failureThreshold": 5 })).to.deep.equal([
            'Pulumi.w.yaml: app:dns.failoverRole is ignored: DNS is off (dns.zoneName and dns.zoneId are empty) (it is "PRIMARY")',
            "Pulumi.w.yaml: app:healthCheck.failureThreshold is ignored: DNS is off (dns.zoneName and dns.zoneId are empty), so there is no Route 53 health check (it is 5)",
        ]);
    });

    it("a record's name and weight when its record is off, but not while DNS is on and the record is used", () => {
        expect(warningsOf({ "dns.zoneName": "example.com", "dns.failoverRole": "PRIMARY", "dns.weighted": false, "dns.weight": 5 })).to.deep.equal([
            "Pulumi.w.yaml: app:dns.weight is ignored: dns.weighted is false (it is 5)",
        ]);
        expect(warningsOf({ "dns.zoneName": "example.com", "dns.failoverRole": "PRIMARY", "dns.weight": 5 })).to.deep.equal([]);
    });

    it("fleet settings while the fleet is off, a TLS policy without HTTPS, retention without a created bucket", () => {
        expect(warningsOf({ "fleet.enabled": false, "fleet.maxSize": 6, "alb.sslPolicy": "ELBSecurityPolicy-TLS13-1-3-2021-06", "alb.accessLogs": false, "alb.accessLogsRetentionDays": 30 })).to.deep.equal([
            "Pulumi.w.yaml: app:fleet.maxSize is ignored: fleet.enabled is false (it is 6)",
            "Pulumi.w.yaml: app:alb.accessLogsRetentionDays is ignored: the program creates no access-log bucket (alb.accessLogs is false or alb.accessLogsBucket names an existing one) (it is 30)",
            'Pulumi.w.yaml: app:alb.sslPolicy is ignored: alb.certificateArn is empty, so there is no HTTPS listener (it is "ELBSecurityPolicy-TLS13-1-3-2021-06")',
        ]);
    });

    it("says nothing of a setting its feature uses", () => {
        expect(warningsOf({ "network.availabilityZones": 2 })).to.deep.equal([]);
        expect(warningsOf({ "dns.zoneName": "example.com", "dns.failoverRole": "PRIMARY", "dns.latencyName": "near", "dns.failoverName": "www" })).to.deep.equal([]);
        expect(warningsOf({ "alb.accessLogsRetentionDays": 30 })).to.deep.equal([]);
        expect(warningsOf({ "alb.certificateArn": "arn:aws:acm:ap-northeast-2:111122223333:certificate/0f3c1a9e-5d2b-4c6a-9b7e-2a1d4c5e6f70", "alb.sslPolicy": "ELBSecurityPolicy-TLS13-1-3-2021-06" })).to.deep.equal([]);
    });

    it("a record's name when its record is off, retention with an existing bucket", () => {
        expect(warningsOf({ "dns.zoneName": "example.com", "dns.failover": false, "dns.failoverName": "www", "dns.latency": false, "dns.latencyName": "near" })).to.deep.equal([
            'Pulumi.w.yaml: app:dns.failoverName is ignored: dns.failover is false (it is "www")',
            'Pulumi.w.yaml: app:dns.latencyName is ignored: dns.latency is false (it is "near")',
        ]);
        expect(warningsOf({ "alb.accessLogsBucket": "existing-logs", "alb.accessLogsRetentionDays": 30 })).to.deep.equal([
            "Pulumi.w.yaml: app:alb.accessLogsRetentionDays is ignored: the program creates no access-log bucket (alb.accessLogs is false or alb.accessLogsBucket names an existing one) (it is 30)",
        ]);
    });

    it("names the project's namespace, app by default", () => {
        const result = validateStackConfig({ stack: "w", project: "app", values: { "aws:region": "ap-northeast-2", "app:fleet.enabled": "false", "app:fleet.minSize": "1", "app:fleet.desiredCapacity": "1" } });
        expect(meaninglessSettings(result.config!)).to.deep.equal([
            "Pulumi.w.yaml: app:fleet.minSize is ignored: fleet.enabled is false (it is 1)",
            "Pulumi.w.yaml: app:fleet.desiredCapacity is ignored: fleet.enabled is false (it is 1)",
        ]);
        expect(meaninglessSettings(result.config!, "svc")[0]).to.match(/^Pulumi\.w\.yaml: svc:fleet\.minSize is ignored/);
    });

    it("names Pulumi.yaml and the stack when the value is shared", () => {
        expect(warningsOf({ "fleet.enabled": false, "fleet.maxSize": 6 }, { "app:fleet.maxSize": "Pulumi.yaml" })).to.deep.equal([
            "Pulumi.yaml: app:fleet.maxSize is ignored in stack w: fleet.enabled is false (it is 6)",
        ]);
    });
});

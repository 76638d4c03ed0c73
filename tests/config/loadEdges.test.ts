/**
 * The configuration loader at its edges (config/load.ts): the error's wording for one and for
 * several problems, values shown whole up to the truncation length and cut beyond, keys in and
 * out of the project's namespace, unknown keys with and without a suggestion, text kept as text,
 * and the file each message names. Configurations are built in memory.
 */
import { expect } from "chai";
import { ConfigError, loadStackConfig, RawStackConfig, validateStackConfig, ValidationResult } from "../../config/load";
import { InputError } from "../../domain/exitCodes";
import { errorOf } from "../thrown";

/** Raw values of a stack `b` of project `app` in ap-northeast-2, with `values` over them. */
function raw(values: Record<string, string>, changes: Partial<RawStackConfig> = {}): RawStackConfig {
    return { stack: "b", project: "app", values: { "aws:region": "ap-northeast-2", ...values }, ...changes };
}

function validate(values: Record<string, string>, changes: Partial<RawStackConfig> = {}): ValidationResult {
    return validateStackConfig(raw(values, changes));
}

function problemsOf(values: Record<string, string>, changes: Partial<RawStackConfig> = {}): string[] {
    return validate(values, changes).problems;
}

describe("checks that read the region", () => {
    const certificate = "arn:aws:acm:ap-northeast-2:111122223333:certificate/0f3c1a9e-5d2b-4c6a-9b7e-2a1d4c5e6f70";
    const owner = { "app:routingControls.enabled": "true", "app:routingControls.owner": "true", "app:routingControls.regions": '["ap-northeast-1", "eu-west-2"]', "app:dns.zoneName": "example.com", "app:dns.failoverRole": "PRIMARY" };

    it("run against a known region", () => {
        expect(problemsOf({ ...owner, "app:alb.certificateArn": certificate.replace("ap-northeast-2", "eu-west-2") })).to.deep.equal([
            'Pulumi.b.yaml: app:alb.certificateArn is a certificate in eu-west-2, but an ALB in ap-northeast-2 can only use ACM certificates of its own region: request or import it in ap-northeast-2, got "arn:aws:acm:eu-west-2:111122223333:certificate/0f3c1a9e-5d2b-4c6a-9b7e-2a1d4c5e6f70"',
            'Pulumi.b.yaml: app:routingControls.regions must include this stack\'s region ap-northeast-2, got ["ap-northeast-1","eu-west-2"]',
        ]);
    });

    it("leave out what depends on aws:region while it is missing or unknown, so its own problem is the only one about it", () => {
        const values = { ...owner, "app:alb.certificateArn": certificate };
        expect(problemsOf(values, { values: values })).to.deep.equal(["Pulumi.b.yaml: aws:region is required: the stack's AWS region, e.g. ap-northeast-2"]);
        expect(problemsOf({ ...values, "aws:region": "ap-northeast-9" })).to.deep.equal([
            'Pulumi.b.yaml: aws:region must be a commercial AWS region this program knows (docs/aws-facts.md lists them) (did you mean ap-northeast-1 or ap-northeast-2 or ap-northeast-3?), got "ap-northeast-9"',
        ]);
    });

    it("still count the security group's rules without a known region, naming the checkers' prefix list in general", () => {
        const cidrs = JSON.stringify(Array.from({ length: 30 }, (_, index) => `198.51.${index}.0/24`));
        expect(problemsOf({ "app:alb.certificateArn": certificate, "app:dns.zoneName": "example.com", "app:dns.failoverRole": "PRIMARY", "app:alb.ingressCidrs": cidrs, "aws:region": "xx-nowhere-1" })).to.deep.equal([
            'Pulumi.b.yaml: aws:region must be a commercial AWS region this program knows (docs/aws-facts.md lists them), got "xx-nowhere-1"',
            "Pulumi.b.yaml: app:alb.ingressCidrs make the ALB's security group count 85 inbound rules (2 listener port(s) x 30 CIDR(s) and 0 prefix list(s), " +
                "counted as 1 each, plus 25 for the Route 53 health checkers' prefix list), over the default quota of 60: use fewer CIDRs or a prefix list, got 30",
        ]);
    });
});

describe("configuration loader at its edges", () => {
    describe("loadStackConfig and ConfigError", () => {
        it("returns the validated configuration of a valid stack", () => {
            const config = loadStackConfig(raw({ "app:dns.weight": "7" }));
            expect(config.stack).to.equal("b");
            expect(config.stackFile).to.equal("Pulumi.b.yaml");
            expect(config.region).to.equal("ap-northeast-2");
            expect(config.settings.dns.weight).to.equal(7);
            expect(config.values).to.deep.equal({ "aws:region": "ap-northeast-2", "app:dns.weight": "7" });
        });

        it("throws a ConfigError that counts one problem in the singular", () => {
            const error = errorOf(() => loadStackConfig(raw({ "aws:region": "" })));
            expect(error).to.be.instanceOf(ConfigError);
            expect(error).to.be.instanceOf(InputError);
            expect(error?.name).to.equal("ConfigError");
            expect(error?.message).to.equal(
                "Invalid configuration (1 problem):\n  - Pulumi.b.yaml: aws:region is required: the stack's AWS region, e.g. ap-northeast-2");
            expect((error as ConfigError).problems).to.deep.equal(["Pulumi.b.yaml: aws:region is required: the stack's AWS region, e.g. ap-northeast-2"]);
        });

        it("throws a ConfigError that counts several problems in the plural, one line each", () => {
            const error = errorOf(() => loadStackConfig(raw({ "app:dns.weight": "300", "app:alb.idleTimeoutSeconds": "0" })));
            expect(error?.message).to.equal("Invalid configuration (2 problems):\n" +
                "  - Pulumi.b.yaml: app:alb.idleTimeoutSeconds must be a whole number 1..4000, got 0\n" +
                "  - Pulumi.b.yaml: app:dns.weight must be a whole number 0..255, got 300");
        });
    });

    describe("aws:region", () => {
        it("is required when missing and when empty", () => {
            const required = "Pulumi.b.yaml: aws:region is required: the stack's AWS region, e.g. ap-northeast-2";
            expect(validateStackConfig({ stack: "b", project: "app", values: {} }).problems).to.deep.equal([required]);
            expect(problemsOf({ "aws:region": "" })).to.deep.equal([required]);
        });

        it("suggests the regions within a third of the name's length (at least 2 edits), none beyond", () => {
            const unknown = "Pulumi.b.yaml: aws:region must be a commercial AWS region this program knows (docs/aws-facts.md lists them)";
            // 7 characters: up to 2 edits; both us-east regions are 2 away.
            expect(problemsOf({ "aws:region": "us-east" })).to.deep.equal([`${unknown} (did you mean us-east-1 or us-east-2?), got "us-east"`]);
            // 13 characters: up to 4 edits; eu-west-1 is exactly 4 away.
            expect(problemsOf({ "aws:region": "europe-west-1" })).to.deep.equal([`${unknown} (did you mean eu-west-1?), got "europe-west-1"`]);
            // 12 characters: up to 4 edits; eu-west-1 is 5 away.
            expect(problemsOf({ "aws:region": "europe-west1" })).to.deep.equal([`${unknown}, got "europe-west1"`]);
        });
    });

    describe("values shown in messages", () => {
        const message = "Pulumi.b.yaml: app:environment must be a lower-case name such as production, staging or dev, got ";

        it("shows a value of exactly 120 characters (quotes included) whole", () => {
            const value = "A".repeat(118);
            expect(problemsOf({ "app:environment": value })).to.deep.equal([`${message}"${value}"`]);
        });

        it("cuts a value of 121 characters to 120 and gives its length", () => {
            const value = "A".repeat(119);
            expect(problemsOf({ "app:environment": value })).to.deep.equal([`${message}"${"A".repeat(119)}… (121 characters)`]);
        });
    });

    describe("namespaces", () => {
        it("warns of a key in a namespace the program does not read, and still accepts the stack", () => {
            const result = validate({ "other:alarmEmail": "ops@example.com" });
            expect(result.problems).to.deep.equal([]);
            expect(result.warnings).to.deep.equal(["Pulumi.b.yaml: other:alarmEmail is in namespace other, which this program does not read"]);
            expect(result.config?.stack).to.equal("b");
        });

        it("says nothing of the provider's and Pulumi's own namespaces", () => {
            const result = validate({ "aws:profile": "ops", "pulumi:disable-default-providers": '["aws"]' });
            expect(result.problems).to.deep.equal([]);
            expect(result.warnings).to.deep.equal([]);
        });

        it("refuses a key of ours in another namespace, a field or a whole entry, as a renamed project or a typo", () => {
            expect(problemsOf({ "ap:targetGroups": "{}", "appp:environment": "dev" })).to.deep.equal([
                "Pulumi.b.yaml: ap:targetGroups is in namespace ap, but the project is named app (Pulumi.yaml name), so the program reads app:targetGroups; rename the key or the project",
                "Pulumi.b.yaml: appp:environment is in namespace appp, but the project is named app (Pulumi.yaml name), so the program reads app:environment; rename the key or the project",
            ]);
        });

        it("names an empty namespace (none)", () => {
            expect(problemsOf({ ":alb.internal": "true" })).to.deep.equal([
                "Pulumi.b.yaml: :alb.internal is in namespace (none), but the project is named app (Pulumi.yaml name), so the program reads app:alb.internal; rename the key or the project",
            ]);
        });

        it("reads the keys of a renamed project under its new name and refuses the old one", () => {
            const renamed = validate({ "svc:dns.weight": "7" }, { project: "svc" });
            expect(renamed.problems).to.deep.equal([]);
            expect(renamed.config?.settings.dns.weight).to.equal(7);
            expect(problemsOf({ "app:dns.weight": "7" }, { project: "svc" })).to.deep.equal([
                "Pulumi.b.yaml: app:dns.weight is in namespace app, but the project is named svc (Pulumi.yaml name), so the program reads svc:dns.weight; rename the key or the project",
            ]);
        });
    });

    describe("unknown keys", () => {
        it("refuses an unknown key without a dot, with no suggestion when nothing is near", () => {
            expect(problemsOf({ "app:colour": "blue" })).to.deep.equal(["Pulumi.b.yaml: app:colour is not a known key"]);
        });

        it("refuses a field below an entry that is not a group", () => {
            expect(problemsOf({ "app:tags.team": "platform" })).to.deep.equal(["Pulumi.b.yaml: app:tags.team is not a known key"]);
        });

        it("suggests keys within a quarter of the name's length (at least 1 edit), none beyond", () => {
            expect(problemsOf({ "app:scop": "global" })).to.deep.equal(["Pulumi.b.yaml: app:scop is not a known key (did you mean scope?)"]);
            expect(problemsOf({ "app:envronmnt": "dev" })).to.deep.equal(["Pulumi.b.yaml: app:envronmnt is not a known key (did you mean environment?)"]);
            expect(problemsOf({ "app:envrnmnt": "dev" })).to.deep.equal(["Pulumi.b.yaml: app:envrnmnt is not a known key"]);
        });

        it("suggests at most 3 keys with that field name, nearest whole key first, joined by or", () => {
            expect(problemsOf({ "app:falb.enabled": "true" })).to.deep.equal([
                "Pulumi.b.yaml: app:falb.enabled is not a known key (did you mean fleet.enabled or alarms.enabled or routingControls.enabled?)",
            ]);
        });

        it("suggests a group's field by its name, or nothing", () => {
            expect(problemsOf({ "app:dns.weigh": "5" })).to.deep.equal(["Pulumi.b.yaml: app:dns.weigh is not a known key (did you mean dns.weight?)"]);
            // Two letters swapped is one slip.
            expect(problemsOf({ "app:dns.wieght": "5" })).to.deep.equal(["Pulumi.b.yaml: app:dns.wieght is not a known key (did you mean dns.weight?)"]);
            expect(problemsOf({ "app:alb.colour": "blue" })).to.deep.equal(["Pulumi.b.yaml: app:alb.colour is not a known key"]);
        });

        it("names the object of an unknown key inside a map entry, with the nearest key or the known ones", () => {
            expect(problemsOf({ "app:targetGroups": JSON.stringify({ web: { protocl: "HTTP" } }) })).to.deep.equal([
                "Pulumi.b.yaml: app:targetGroups.web.protocl is not a known key of targetGroups.web (did you mean protocol?)",
            ]);
            expect(problemsOf({ "app:targetGroups": JSON.stringify({ web: { colour: "blue" } }) })).to.deep.equal([
                "Pulumi.b.yaml: app:targetGroups.web.colour is not a known key of targetGroups.web (known: targetType, protocol, port, healthCheck, stickiness, deregistrationDelaySeconds, slowStartSeconds, algorithm)",
            ]);
        });
    });

    describe("values the engine hands over as text", () => {
        it("keeps text that looks like JSON as text for a key of fixed words", () => {
            expect(problemsOf({ "app:scope": "1", "app:network.natGateways": "true" })).to.deep.equal([
                'Pulumi.b.yaml: app:scope must be one of region, global, got "1"',
                'Pulumi.b.yaml: app:network.natGateways must be one of none, single, onePerAz, got "true"',
            ]);
        });

        it("keeps text as text for a key of text or empty, and reads JSON for a key of numbers", () => {
            expect(problemsOf({ "app:dns.failoverRole": "1", "app:alb.certificateArn": "123", "app:healthCheck.requestInterval": "20" })).to.deep.equal([
                'Pulumi.b.yaml: app:alb.certificateArn must be an acm ARN, got "123"',
                "Pulumi.b.yaml: app:healthCheck.requestInterval must be 10 or 30, got 20",
                'Pulumi.b.yaml: app:dns.failoverRole must be PRIMARY or SECONDARY, got "1"',
            ]);
            expect(validate({ "app:healthCheck.requestInterval": "30" }).config?.settings.healthCheck.requestInterval).to.equal(30);
        });
    });

    it("checks a stack whose app:scope is unreadable as a regional stack, reporting both", () => {
        expect(problemsOf({ "app:scope": "regional", "app:fleet.desiredCapacity": "9" })).to.deep.equal([
            'Pulumi.b.yaml: app:scope must be one of region, global, got "regional"',
            "Pulumi.b.yaml: app:fleet.desiredCapacity must be within fleet.minSize..fleet.maxSize (2..4), got 9",
        ]);
    });

    describe("the file a message names", () => {
        it("names the file a value came from, the whole entry's file for a key below it, and the stack file for a key with no origin", () => {
            const origins = { "app:dns.weight": "Pulumi.yaml", "app:targetGroups": "Pulumi.yaml", "app:alb.idleTimeoutSeconds": "Pulumi.b.yml" };
            const values = { "app:dns.weight": "300", "app:targetGroups": JSON.stringify({ web: { port: 0 } }), "app:alb.idleTimeoutSeconds": "0", "app:alb.http2": "yes" };
            expect(problemsOf(values, { origins, stackFile: "Pulumi.b.yml" })).to.deep.equal([
                "Pulumi.b.yml: app:alb.idleTimeoutSeconds must be a whole number 1..4000, got 0",
                'Pulumi.b.yml: app:alb.http2 must be true or false, got "yes"',
                "Pulumi.yaml: app:targetGroups.web.port must be a whole number 1..65535, got 0",
                "Pulumi.yaml: app:dns.weight must be a whole number 0..255, got 300",
            ]);
        });

        it("names the stack file for aws:region when no origin lists it", () => {
            expect(validateStackConfig({ stack: "b", project: "app", values: {}, origins: { "app:dns.weight": "Pulumi.yaml" } }).problems)
                .to.deep.equal(["Pulumi.b.yaml: aws:region is required: the stack's AWS region, e.g. ap-northeast-2"]);
        });
    });

    describe("deprecated keys", () => {
        it("reads the deprecated ownerStack over globalStack (the stack's own choice wins), naming where the overridden value came from", () => {
            const values = { "app:globalAccelerator.ownerStack": "organization/app/old", "app:globalAccelerator.globalStack": "organization/app/global" };
            const result = validate(values);
            expect(result.problems).to.deep.equal([]);
            expect(result.config?.settings.globalAccelerator.globalStack).to.equal("organization/app/old");
            expect(result.warnings).to.deep.equal([
                "Pulumi.b.yaml: app:globalAccelerator.ownerStack is deprecated and was read as app:globalAccelerator.globalStack (organization/app/old), " +
                    "over app:globalAccelerator.globalStack organization/app/global: rename the key (npm run migrate does it)",
            ]);
            const fromProject = validate(values, { origins: { "app:globalAccelerator.globalStack": "Pulumi.yaml" } });
            expect(fromProject.config?.settings.globalAccelerator.globalStack).to.equal("organization/app/old");
            expect(fromProject.warnings[0]).to.include("over app:globalAccelerator.globalStack organization/app/global from Pulumi.yaml");
        });

        it("says nothing is overridden when ownerStack and globalStack agree", () => {
            const result = validate({ "app:globalAccelerator.ownerStack": "organization/app/global", "app:globalAccelerator.globalStack": "organization/app/global" });
            expect(result.warnings).to.deep.equal([
                "Pulumi.b.yaml: app:globalAccelerator.ownerStack is deprecated and was read as app:globalAccelerator.globalStack (organization/app/global): rename the key (npm run migrate does it)",
            ]);
        });

        it("keeps a deprecated owner creating its accelerator, joining no global stack (the project's included), with one warning", () => {
            const values = { "app:globalAccelerator.enabled": "true", "app:globalAccelerator.owner": "true", "app:globalAccelerator.globalStack": "organization/app/global" };
            const result = validate(values, { origins: { "app:globalAccelerator.globalStack": "Pulumi.yaml" } });
            expect(result.problems).to.deep.equal([]);
            expect(result.config?.settings.globalAccelerator.globalStack).to.equal("");
            expect(result.warnings).to.have.length(1);
            expect(result.warnings[0]).to.match(/^Pulumi\.b\.yaml: app:globalAccelerator\.owner is deprecated: this regional stack still creates the accelerator \(and joins no other stack's, over app:globalAccelerator\.globalStack organization\/app\/global from Pulumi\.yaml\)/)
                .and.include("npm run migrate");
        });
    });
});

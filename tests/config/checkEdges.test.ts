/**
 * The single-stack rules at the edges where a rule must stay quiet as well as where it must
 * speak: each case is the input just inside a rule's reach and the one just outside.
 */
import { expect } from "chai";
import { problemsOf } from "./inMemory";

const certificate = "arn:aws:acm:ap-northeast-2:111122223333:certificate/0f3c1a9e-5d2b-4c6a-9b7e-2a1d4c5e6f70";
const rule = (changes: Record<string, unknown>) => ({ r: { priority: 10, conditions: { pathPatterns: ["/a"] }, action: { type: "forward", targetGroup: "web" }, ...changes } });
const twoGroups = { targetGroups: { web: {}, api: {} } };
const existingVpc = { "network.vpcId": "vpc-0a1b2c3d4e5f60718", "network.publicSubnetIds": ["subnet-a", "subnet-b"] };

describe("stack references", () => {
    const allowed = "must name a stack as stack, org/stack or org/project/stack (letters, digits, -, _ and .), e.g. organization/app/global";

    it("accept a stack as stack, org/stack or org/project/stack, and an empty owner as none", () => {
        for (const name of ["global", "acme/global", "organization/app/global", "org.name/app_1/stack-2.blue"]) {
            expect(problemsOf({ "dashboard.owner": true, "dashboard.stacks": [name] }), name).to.deep.equal([]);
        }
        expect(problemsOf({ "routingControls.ownerStack": "" })).to.deep.equal([]);
    });

    it("refuse names a StackReference cannot read, in every key that holds one", () => {
        expect(problemsOf({ "globalAccelerator.enabled": true, "globalAccelerator.globalStack": "organization/app/global/extra" })).to.deep.equal([
            `Pulumi.b.yaml: app:globalAccelerator.globalStack ${allowed}, got "organization/app/global/extra"`,
        ]);
        expect(problemsOf({ "routingControls.enabled": true, "routingControls.ownerStack": "org//seoul" })).to.deep.equal([
            `Pulumi.b.yaml: app:routingControls.ownerStack ${allowed}, got "org//seoul"`,
        ]);
        expect(problemsOf({ "dashboard.owner": true, "dashboard.stacks": ["organization/app/tokyo", "", "tokyo stack"] })).to.deep.equal([
            `Pulumi.b.yaml: app:dashboard.stacks.1 ${allowed}, got ""`,
            `Pulumi.b.yaml: app:dashboard.stacks.2 ${allowed}, got "tokyo stack"`,
        ]);
    });
});

describe("single-stack rules at their edges", () => {
    it("an existing VPC needs private subnets only for an internal ALB or the fleet", () => {
        expect(problemsOf({ ...existingVpc, "fleet.enabled": false })).to.deep.equal([]);
        expect(problemsOf(existingVpc)).to.deep.equal(["Pulumi.b.yaml: app:network.privateSubnetIds must list at least 2 subnets in different AZs for an internal ALB or the fleet, got []"]);
    });

    it("a stack name of 20 characters is refused for its target group's name, not yet for the ALB's", () => {
        const name = "s".repeat(20);
        expect(problemsOf({ targetGroups: { w: {} }, "alb.defaultTargetGroup": "w", "fleet.targetGroups": ["w"] }, name)).to.deep.equal([
            `Pulumi.${name}.yaml: app:targetGroups.w key is too long: the target group name ${name}-alb-tg-w plus 8 random characters must fit in 32`,
        ]);
    });

    it("stickiness is refused for lambda groups only", () => {
        expect(problemsOf({ targetGroups: { web: { stickiness: { type: "lb_cookie" } } } })).to.deep.equal([]);
        expect(problemsOf({ targetGroups: { web: {}, fn: { targetType: "lambda", stickiness: { type: "lb_cookie" } } } })).to.deep.equal([
            "Pulumi.b.yaml: app:targetGroups.fn.stickiness is not supported for lambda target groups",
        ]);
    });

    it("a lambda group without stickiness is fine", () => {
        expect(problemsOf({ targetGroups: { web: {}, fn: { targetType: "lambda" } } })).to.deep.equal([]);
    });

    it("with no target groups at all, every key that names one says the known ones are none", () => {
        expect(problemsOf({ targetGroups: {}, listenerRules: rule({}) })).to.deep.equal([
            "Pulumi.b.yaml: app:targetGroups must hold at least one target group",
            'Pulumi.b.yaml: app:alb.defaultTargetGroup must be a key of app:targetGroups (none), got "web"',
            "Pulumi.b.yaml: app:listenerRules.r.action names target group web, which is not a key of app:targetGroups (none)",
            'Pulumi.b.yaml: app:fleet.targetGroups names web, which is not a key of app:targetGroups (none), got ["web"]',
        ]);
    });

    it("names the known target groups and the nearest one for a rule's missing group", () => {
        expect(problemsOf({ ...twoGroups, listenerRules: rule({ action: { type: "forward", targetGroup: "apii" } }) })).to.deep.equal([
            "Pulumi.b.yaml: app:listenerRules.r.action names target group apii, which is not a key of app:targetGroups (web, api) (did you mean api?)",
        ]);
        expect(problemsOf({ ...twoGroups, listenerRules: rule({ action: { type: "weightedForward", targetGroups: { web: 1, nope: 1 } } }) })).to.deep.equal([
            "Pulumi.b.yaml: app:listenerRules.r.action names target group nope, which is not a key of app:targetGroups (web, api)",
        ]);
        expect(problemsOf({ ...twoGroups, "fleet.targetGroups": ["webb"] })).to.include(
            'Pulumi.b.yaml: app:fleet.targetGroups names webb, which is not a key of app:targetGroups (web, api) (did you mean web?), got ["webb"]');
        expect(problemsOf({ ...twoGroups, "alb.defaultTargetGroup": "ap" })).to.include(
            'Pulumi.b.yaml: app:alb.defaultTargetGroup must be a key of app:targetGroups (web, api) (did you mean api?), got "ap"');
    });

    it("a weighted forward takes one group, and weights of 0 beside one above 0", () => {
        expect(problemsOf({ ...twoGroups, listenerRules: rule({ action: { type: "weightedForward", targetGroups: { web: 1 } } }) })).to.deep.equal([]);
        expect(problemsOf({ ...twoGroups, listenerRules: rule({ action: { type: "weightedForward", targetGroups: { web: 0, api: 1 } } }) })).to.deep.equal([]);
    });

    it("counts every kind of condition value towards the 5", () => {
        const six = [
            { httpMethods: ["GET", "POST"], sourceIps: ["10.0.0.0/8", "10.1.0.0/16"], queryStrings: [{ value: "a" }, { value: "b" }] },
            { httpHeaders: { "X-A": ["1", "2", "3"], "X-B": ["1", "2", "3"] } },
            { hostHeaders: ["a.example.com"], pathPatterns: ["/a"], httpMethods: ["GET"], sourceIps: ["10.0.0.0/8"], queryStrings: [{ value: "a" }], httpHeaders: { "X-A": ["1"] } },
        ];
        for (const conditions of six) {
            expect(problemsOf({ listenerRules: rule({ conditions }) }), JSON.stringify(conditions)).to.deep.equal(["Pulumi.b.yaml: app:listenerRules.r.conditions must hold at most 5 condition values in all, got 6"]);
        }
        expect(problemsOf({ listenerRules: rule({ conditions: { httpMethods: ["GET", "POST"], sourceIps: ["10.0.0.0/8"], queryStrings: [{ value: "a" }], httpHeaders: { "X-A": ["1"] } } }) })).to.deep.equal([]);
    });

    it("a disabled fleet needs no target group", () => {
        expect(problemsOf({ "fleet.enabled": false, "fleet.targetGroups": [] })).to.deep.equal([]);
    });

    it("the fleet's groups must be instance groups over HTTP", () => {
        expect(problemsOf({ targetGroups: { web: { protocol: "HTTPS" } } })).to.deep.equal([
            'Pulumi.b.yaml: app:fleet.targetGroups must name instance target groups with protocol HTTP; web is instance/HTTPS, got ["web"]',
        ]);
    });

    it("an HTTPS health check with a certificate and an HTTP one without are fine", () => {
        expect(problemsOf({ "dns.zoneName": "example.com", "dns.failoverRole": "PRIMARY", "alb.certificateArn": certificate, "healthCheck.protocol": "HTTPS" })).to.deep.equal([]);
        expect(problemsOf({ "dns.zoneName": "example.com", "dns.failoverRole": "PRIMARY", "healthCheck.protocol": "HTTP" })).to.deep.equal([]);
    });

    it("an accelerator record name needs a zone only while the accelerator is on, and counts among the record names of its owner only", () => {
        expect(problemsOf({ "globalAccelerator.recordName": "global" })).to.deep.equal([]);
        const dns = { "dns.zoneName": "example.com", "dns.failoverRole": "PRIMARY" };
        expect(problemsOf({ ...dns, "globalAccelerator.enabled": true, "globalAccelerator.owner": true, "globalAccelerator.recordName": "app" })).to.deep.equal([
            'Pulumi.b.yaml: app:globalAccelerator.recordName must differ from dns.failoverName: one name cannot mix routing policies, got "app"',
        ]);
        expect(problemsOf({ ...dns, "globalAccelerator.enabled": true, "globalAccelerator.owner": true, "globalAccelerator.recordName": "bad name" })).to.deep.equal([
            'Pulumi.b.yaml: app:globalAccelerator.recordName must be a DNS name relative to the zone, e.g. app, got "bad name"',
        ]);
        expect(problemsOf({ ...dns, "globalAccelerator.recordName": "app" })).to.deep.equal([]);
    });

    it("a deprecated owner's accelerator record needs a zone; without a record name it needs none", () => {
        const owner = { "globalAccelerator.enabled": true, "globalAccelerator.owner": true };
        expect(problemsOf({ ...owner, "globalAccelerator.recordName": "global" })).to.deep.equal([
            'Pulumi.b.yaml: app:globalAccelerator.recordName needs a hosted zone (dns.zoneName or dns.zoneId), got "global"',
        ]);
        expect(problemsOf(owner)).to.deep.equal([]);
        expect(problemsOf({ ...owner, "dns.zoneName": "example.com", "dns.failoverRole": "PRIMARY" })).to.deep.equal([]);
    });

    it("a member's accelerator record name is refused as the global stack's, not compared with its own record names", () => {
        const member = { "globalAccelerator.enabled": true, "globalAccelerator.globalStack": "organization/app/global" };
        expect(problemsOf({ "dns.zoneName": "example.com", "dns.failoverRole": "PRIMARY", ...member, "globalAccelerator.recordName": "app" })).to.deep.equal([
            'Pulumi.b.yaml: app:globalAccelerator.recordName is set on a regional stack; only the global stack\'s applies, got "app"',
        ]);
    });

    it("record names of records that are off are not compared", () => {
        expect(problemsOf({ "dns.zoneName": "example.com", "dns.failoverRole": "PRIMARY", "dns.latency": false, "dns.latencyName": "app" })).to.deep.equal([]);
    });

    it("accelerator ports must be listener ports: 80 without a certificate", () => {
        const owner = { "globalAccelerator.enabled": true, "globalAccelerator.owner": true };
        expect(problemsOf({ ...owner, "globalAccelerator.ports": [80] })).to.deep.equal([]);
        expect(problemsOf({ ...owner, "globalAccelerator.ports": [80, 443] })).to.deep.equal(["Pulumi.b.yaml: app:globalAccelerator.ports must be ALB listener ports (80), got [80,443]"]);
    });

    it("shows a long tag key whole up to 40 characters, cut beyond", () => {
        expect(problemsOf({ tags: { [`${"k".repeat(39)}#`]: "v" } })).to.deep.equal([`Pulumi.b.yaml: app:tags.${"k".repeat(39)}# key may hold only letters, digits, spaces and _ . : / = + - @`]);
        expect(problemsOf({ tags: { [`${"k".repeat(40)}#`]: "v" } })).to.deep.equal([`Pulumi.b.yaml: app:tags.${"k".repeat(37)}... (41 characters) key may hold only letters, digits, spaces and _ . : / = + - @`]);
    });
});

/**
 * Settings the plan used to accept that AWS refuses or runs badly (issue 11): each rule with its
 * failing input, the message naming file and key, and the nearest input that passes.
 */
import { expect } from "chai";
import { globalStack, regionalStack, StackValues, validate } from "../fixtures/awsFidelity";

const seoul = (changes: StackValues = {}) => regionalStack("ap-northeast-2", "PRIMARY", changes);

/** [case, stack name, values, the exact problem expected]. */
const refused: [string, string, StackValues, string][] = [
    ["a certificate from another region", "seoul", seoul({ "alb.certificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/abc" }),
        'Pulumi.seoul.yaml: app:alb.certificateArn is a certificate in us-east-1, but an ALB in ap-northeast-2 can only use ACM certificates of its own region: request or import it in ap-northeast-2, got "arn:aws:acm:us-east-1:111122223333:certificate/abc"'],
    ["an SNI certificate from another region", "seoul", seoul({ "alb.sniCertificateArns": ["arn:aws:acm:ap-northeast-1:111122223333:certificate/def"] }),
        'Pulumi.seoul.yaml: app:alb.sniCertificateArns.0 is a certificate in ap-northeast-1, but an ALB in ap-northeast-2 can only use ACM certificates of its own region: request or import it in ap-northeast-2, got "arn:aws:acm:ap-northeast-1:111122223333:certificate/def"'],
    ["DUAL_STACK on a regional stack", "seoul", seoul({ "globalAccelerator.ipAddressType": "DUAL_STACK" }),
        'Pulumi.seoul.yaml: app:globalAccelerator.ipAddressType is DUAL_STACK, but a dual-stack accelerator accepts only dual-stack endpoints and this program builds IPv4-only VPCs and ALBs (no IPv6 CIDRs, ipAddressType ipv4, no AAAA records); use IPV4, got "DUAL_STACK"'],
    ["DUAL_STACK on the global stack", "global", globalStack({ "globalAccelerator.ipAddressType": "DUAL_STACK" }),
        'Pulumi.global.yaml: app:globalAccelerator.ipAddressType is DUAL_STACK, but a dual-stack accelerator accepts only dual-stack endpoints and this program builds IPv4-only VPCs and ALBs (no IPv6 CIDRs, ipAddressType ipv4, no AAAA records); use IPV4, got "DUAL_STACK"'],
    ["a fixed response 302 (the ELB API takes 2XX, 4XX, 5XX)", "seoul", seoul({ listenerRules: { moved: { priority: 10, conditions: { pathPatterns: ["/old"] }, action: { type: "fixedResponse", statusCode: "302" } } } }),
        'Pulumi.seoul.yaml: app:listenerRules.moved.action.statusCode must be an HTTP status 2XX, 4XX or 5XX (elbv2 FixedResponseActionStatusCode), got "302"'],
    ["a fixed response 199", "seoul", seoul({ listenerRules: { info: { priority: 10, conditions: { pathPatterns: ["/i"] }, action: { type: "fixedResponse", statusCode: "199" } } } }),
        'Pulumi.seoul.yaml: app:listenerRules.info.action.statusCode must be an HTTP status 2XX, 4XX or 5XX (elbv2 FixedResponseActionStatusCode), got "199"'],
    ["a stack name with capitals and an underscore", "Seoul_Prod", seoul(),
        'Pulumi.Seoul_Prod.yaml: the stack name must hold only lower-case letters, digits and inner hyphens: it becomes ALB, target group and S3 bucket names, which AWS refuses otherwise, got "Seoul_Prod"'],
    ["a stack name ending in a hyphen", "seoul-", seoul(),
        'Pulumi.seoul-.yaml: the stack name must hold only lower-case letters, digits and inner hyphens: it becomes ALB, target group and S3 bucket names, which AWS refuses otherwise, got "seoul-"'],
    ["a global stack name with capitals", "Global", globalStack(),
        'Pulumi.Global.yaml: the stack name must hold only lower-case letters, digits and inner hyphens: it becomes ALB, target group and S3 bucket names, which AWS refuses otherwise, got "Global"'],
    ["a certificate ARN without a region", "seoul", seoul({ "alb.certificateArn": "arn:aws:acm::111122223333:certificate/abc" }),
        'Pulumi.seoul.yaml: app:alb.certificateArn is a certificate in no region, but an ALB in ap-northeast-2 can only use ACM certificates of its own region: request or import it in ap-northeast-2, got "arn:aws:acm::111122223333:certificate/abc"'],
    ["a health-check port the ALB does not listen on", "seoul", seoul({ "healthCheck.port": 8443 }),
        "Pulumi.seoul.yaml: app:healthCheck.port must be the ALB's HTTPS listener port 443 (or 0 for it): the ALB listens on 80, 443 only, so the region would read unhealthy for ever, got 8443"],
    ["an HTTPS health check on the HTTP port", "seoul", seoul({ "healthCheck.port": 80 }),
        "Pulumi.seoul.yaml: app:healthCheck.port must be the ALB's HTTPS listener port 443 (or 0 for it): the ALB listens on 80, 443 only, so the region would read unhealthy for ever, got 80"],
    ["an internal ALB open to 0.0.0.0/0 without an accelerator", "seoul", seoul({ "alb.internal": true, "dns.zoneName": undefined, "dns.failoverRole": undefined, "globalAccelerator.enabled": false }),
        'Pulumi.seoul.yaml: app:alb.ingressCidrs admits 0.0.0.0/0 to an internal ALB that no accelerator fronts: everything routed into the VPC (peers, VPNs, Direct Connect) reaches it; list the networks that may, e.g. the VPC\'s CIDR, got ["0.0.0.0/0"]'],
    ["a routed target group without targets, DNS on", "seoul", seoul({ targetGroups: { web: {}, api: {} }, listenerRules: { api: { priority: 10, conditions: { pathPatterns: ["/api/*"] }, action: { type: "forward", targetGroup: "api" } } } }),
        'Pulumi.seoul.yaml: app:fleet.targetGroups leaves target group api without registered targets while the ALB\'s listeners use it; Route 53 counts an empty target group as unhealthy (EvaluateTargetHealth), so this region would drop out of DNS: register the fleet in it (app:fleet.targetGroups) or stop routing to it, got ["web"]'],
    ["two routed target groups without targets, DNS on", "seoul", seoul({ targetGroups: { web: {}, api: {}, admin: {} }, listenerRules: {
        api: { priority: 10, conditions: { pathPatterns: ["/api/*"] }, action: { type: "forward", targetGroup: "api" } },
        admin: { priority: 2, conditions: { pathPatterns: ["/admin/*"] }, action: { type: "forward", targetGroup: "admin" } },
    } }),
    'Pulumi.seoul.yaml: app:fleet.targetGroups leaves target groups api, admin without registered targets while the ALB\'s listeners use them; Route 53 counts an empty target group as unhealthy (EvaluateTargetHealth), so this region would drop out of DNS: register the fleet in them (app:fleet.targetGroups) or stop routing to them, got ["web"]'],
    ["no fleet at all, DNS on", "seoul", seoul({ "fleet.enabled": false }),
        "Pulumi.seoul.yaml: app:fleet.targetGroups leaves target group web without registered targets while the ALB's listeners use it; Route 53 counts an empty target group as unhealthy (EvaluateTargetHealth), so this region would drop out of DNS: register the fleet in it (app:fleet.targetGroups) or stop routing to it, got []"],
    ["a scaling target group no listener routes to", "seoul", seoul({ "dns.zoneName": undefined, "dns.failoverRole": undefined, targetGroups: { web: {}, spare: {} }, "fleet.targetGroups": ["spare", "web"] }),
        'Pulumi.seoul.yaml: app:fleet.targetGroups starts with spare, which drives request-count scaling, but no listener routes to it (neither alb.defaultTargetGroup nor a listener rule); AWS refuses the scaling policy: route to it or list a routed group first, got ["spare","web"]'],
    ["restricted ingress whose rules with the health checkers exceed the quota", "seoul", seoul({ "alb.ingressCidrs": Array.from({ length: 18 }, (_, index) => `10.${index}.0.0/16`) }),
        "Pulumi.seoul.yaml: app:alb.ingressCidrs make the ALB's security group count 61 inbound rules (2 listener port(s) x 18 CIDR(s) and 0 prefix list(s), counted as 1 each, plus 25 for com.amazonaws.ap-northeast-2.route53-healthchecks), over the default quota of 60: use fewer CIDRs or a prefix list, got 18"],
    ["restricted ingress and a prefix list whose rules with the health checkers exceed the quota", "seoul", seoul({ "alb.ingressCidrs": Array.from({ length: 17 }, (_, index) => `10.${index}.0.0/16`), "alb.ingressPrefixListIds": ["pl-0123456789abcdef0"] }),
        "Pulumi.seoul.yaml: app:alb.ingressCidrs make the ALB's security group count 61 inbound rules (2 listener port(s) x 17 CIDR(s) and 1 prefix list(s), counted as 1 each, plus 25 for com.amazonaws.ap-northeast-2.route53-healthchecks), over the default quota of 60: use fewer CIDRs or a prefix list, got 17"],
    ["restricted ingress over the quota without DNS (no health checkers to admit)", "seoul", seoul({ "alb.ingressCidrs": Array.from({ length: 31 }, (_, index) => `10.${index}.0.0/16`), "dns.zoneName": undefined, "dns.failoverRole": undefined }),
        "Pulumi.seoul.yaml: app:alb.ingressCidrs make the ALB's security group count 62 inbound rules (2 listener port(s) x 31 CIDR(s) and 0 prefix list(s), counted as 1 each), over the default quota of 60: use fewer CIDRs or a prefix list, got 31"],
    ["a global stack without listener ports", "global", globalStack({ "globalAccelerator.ports": undefined }),
        "Pulumi.global.yaml: app:globalAccelerator.ports is required in the global stack: the ALBs' listener ports, e.g. [80, 443]"],
    ["a global stack claiming the deprecated owner key", "global", globalStack({ "globalAccelerator.owner": true }),
        "Pulumi.global.yaml: app:globalAccelerator.owner is for regional stacks; the global stack owns the accelerator itself, got true"],
    ["a global stack's record without a zone", "global", globalStack({ "dns.zoneName": undefined }),
        'Pulumi.global.yaml: app:globalAccelerator.recordName needs a hosted zone (dns.zoneName or dns.zoneId), got "global"'],
    ["a global stack with its zone given both by name and by id", "global", globalStack({ "dns.zoneId": "Z0123456789EXAMPLE" }),
        "Pulumi.global.yaml: app:dns.zoneId and dns.zoneName are both set; give the zone one way"],
    ["more than 10 accelerator ports (globalaccelerator PortRanges)", "global", globalStack({ "globalAccelerator.ports": Array.from({ length: 11 }, (_, index) => 8000 + index) }),
        "Pulumi.global.yaml: app:globalAccelerator.ports must list at most 10 ports (globalaccelerator PortRanges), got [8000,8001,8002,8003,8004,8005,8006,8007,8008,8009,8010]"],
    ["an AMI pin that is not an AMI id", "seoul", seoul({ "fleet.amiId": "ami-123" }),
        'Pulumi.seoul.yaml: app:fleet.amiId must be an AMI id such as ami-0123456789abcdef0, got "ami-123"'],
    // Long values are shown cut short: the message up to the value is compared.
    ["a Route 53 path longer than 255 characters (route53 ResourcePath)", "seoul", seoul({ "healthCheck.path": `/${"a".repeat(255)}` }),
        "Pulumi.seoul.yaml: app:healthCheck.path must be 0..255 characters (route53 ResourcePath), got \"/aaa"],
    ["a redirect host longer than 128 characters (elbv2 RedirectActionHost)", "seoul", seoul({ listenerRules: { away: { priority: 10, conditions: { pathPatterns: ["/x"] }, action: { type: "redirect", host: "h".repeat(129) } } } }),
        "Pulumi.seoul.yaml: app:listenerRules.away.action.host must be 1..128 characters (elbv2 RedirectActionHost), got \"hhh"],
    // Issue 20: what AWS accepts but would never serve.
    ["a TLS 1.3-only listener policy with Route 53's HTTPS check", "seoul", seoul({ "alb.sslPolicy": "ELBSecurityPolicy-TLS13-1-3-2021-06" }),
        'Pulumi.seoul.yaml: app:alb.sslPolicy offers TLS 1.3 alone (ELBSecurityPolicy-TLS13-1-3-*), but Route 53\'s HTTPS health checks need the endpoint to support TLSv1.0, TLSv1.1, TLSv1.2 (HealthCheckConfig.Type), so every check would fail and the region would never count healthy: use a policy that also offers TLS 1.2, e.g. ELBSecurityPolicy-TLS13-1-2-Res-2021-06, got "ELBSecurityPolicy-TLS13-1-3-2021-06"'],
    ["the FIPS TLS 1.3-only policy with an HTTPS check asked for by name", "seoul", seoul({ "alb.sslPolicy": "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", "healthCheck.protocol": "HTTPS" }),
        "Pulumi.seoul.yaml: app:alb.sslPolicy offers TLS 1.3 alone (ELBSecurityPolicy-TLS13-1-3-*)"],
    ["restricted ingress beside the accelerator with client IP preservation off (the default)", "seoul", seoul({ "alb.ingressCidrs": ["203.0.113.0/24"] }),
        'Pulumi.seoul.yaml: app:alb.ingressCidrs admit listed clients only, but this ALB joins the Global Accelerator with client IP preservation off: accelerator traffic then reaches it from Global Accelerator\'s own addresses, which the security group drops, while the accelerator still counts the ALB healthy and keeps sending users there; set app:globalAccelerator.clientIpPreservation: true (the security group then judges the client\'s own address on both paths), admit 0.0.0.0/0, or set app:globalAccelerator.enabled: false, got ["203.0.113.0/24"]'],
    ["clients admitted by prefix list only, beside the accelerator without preservation", "seoul", seoul({ "alb.ingressCidrs": [], "alb.ingressPrefixListIds": ["pl-0123456789abcdef0"] }),
        "Pulumi.seoul.yaml: app:alb.ingressCidrs admit listed clients only, but this ALB joins the Global Accelerator with client IP preservation off"],
    ["a stack in Taipei (no Global Accelerator endpoints there) that joins the accelerator", "taipei", regionalStack("ap-east-2", "PRIMARY"),
        'Pulumi.taipei.yaml: app:globalAccelerator.enabled is true, but Global Accelerator cannot have endpoints in ap-east-2 (Asia Pacific (Taipei)): AWS lists 30 regions where it can (Global Accelerator Developer Guide, "AWS Region availability"); set it to false so this region serves through DNS only, got true'],
    ["a routed target group without targets behind the accelerator, DNS off (issue 20's walk)", "seoul", seoul({ "dns.zoneName": undefined, "dns.failoverRole": undefined, targetGroups: { web: {}, api: {} }, listenerRules: { api: { priority: 1, conditions: { pathPatterns: ["/api/*"] }, action: { type: "forward", targetGroup: "api" } } } }),
        'Pulumi.seoul.yaml: app:fleet.targetGroups leaves target group api without registered targets while the ALB\'s listeners use it; Global Accelerator counts an ALB healthy only if each of its target groups has a healthy target, so this region would drop out of the accelerator: register the fleet in it (app:fleet.targetGroups) or stop routing to it, got ["web"]'],
    ["a stack in Mexico that joins the accelerator", "mexico", regionalStack("mx-central-1", "SECONDARY"),
        "Pulumi.mexico.yaml: app:globalAccelerator.enabled is true, but Global Accelerator cannot have endpoints in mx-central-1 (Mexico (Central))"],
];

/** [case, stack name, values]: the nearest inputs that pass. */
const accepted: [string, string, StackValues][] = [
    ["a certificate of the ALB's region", "seoul", seoul({ "alb.sniCertificateArns": ["arn:aws:acm:ap-northeast-2:111122223333:certificate/def"] })],
    ["IPV4 everywhere", "global", globalStack({ "globalAccelerator.ipAddressType": "IPV4" })],
    ["fixed responses 200, 404, 503 and 599", "seoul", seoul({ listenerRules: Object.fromEntries(["200", "404", "503", "599"].map((code, index) => [`r${code}`, { priority: index + 2, conditions: { pathPatterns: [`/${code}`] }, action: { type: "fixedResponse", statusCode: code } }])) })],
    ["a lower-case stack name with inner hyphens and digits", "seoul-2", seoul()],
    ["the HTTPS listener port named explicitly", "seoul", seoul({ "healthCheck.port": 443 })],
    ["the HTTP port on an HTTP-only ALB", "seoul", seoul({ "alb.certificateArn": "", "healthCheck.port": 80 })],
    ["any health-check port when DNS is off (there is no Route 53 check)", "seoul", seoul({ "healthCheck.port": 8443, "dns.zoneName": undefined, "dns.failoverRole": undefined })],
    ["an internal ALB open to 0.0.0.0/0 behind the accelerator (it sees the clients' own addresses)", "seoul", seoul({ "alb.internal": true, "dns.zoneName": undefined, "dns.failoverRole": undefined })],
    ["an internal ALB restricted to its VPC, client IPs preserved", "seoul", seoul({ "alb.internal": true, "alb.ingressCidrs": ["10.0.0.0/16"], "dns.zoneName": undefined, "dns.failoverRole": undefined, "globalAccelerator.clientIpPreservation": true })],
    // The program asks for what AWS does (tests/program/awsFidelity.test.ts): preservation on.
    ["an internal ALB with preservation off (the default), which the program turns on", "seoul", seoul({ "alb.internal": true, "alb.ingressCidrs": ["10.0.0.0/16"], "dns.zoneName": undefined, "dns.failoverRole": undefined })],
    ["a routed group without targets when neither DNS nor the accelerator checks the ALB", "seoul", seoul({ "dns.zoneName": undefined, "dns.failoverRole": undefined, "globalAccelerator.enabled": false, targetGroups: { web: {}, api: {} }, listenerRules: { api: { priority: 10, conditions: { pathPatterns: ["/api/*"] }, action: { type: "forward", targetGroup: "api" } } } })],
    ["an unrouted spare group after the scaling group", "seoul", seoul({ "dns.zoneName": undefined, "dns.failoverRole": undefined, targetGroups: { web: {}, spare: {} }, "fleet.targetGroups": ["web", "spare"] })],
    ["a global stack with the accelerator off: no ports needed", "global", globalStack({ "globalAccelerator.enabled": false, "globalAccelerator.ports": undefined })],
    ["a global stack without a record name needs no zone", "global", globalStack({ "globalAccelerator.recordName": undefined, "dns.zoneName": undefined })],
    ["a global stack with its zone given by id", "global", globalStack({ "dns.zoneName": undefined, "dns.zoneId": "Z0123456789EXAMPLE" })],
    ["10 accelerator ports", "global", globalStack({ "globalAccelerator.ports": Array.from({ length: 10 }, (_, index) => 8000 + index) })],
    ["AMI pins of 8 and 17 hex digits", "seoul", seoul({ "fleet.amiId": "ami-0123abcd" })],
    ["a Route 53 path of 255 characters", "seoul", seoul({ "healthCheck.path": `/${"a".repeat(254)}` })],
    ["the TLS 1.3-only policy without DNS (no Route 53 check to fail)", "seoul", seoul({ "alb.sslPolicy": "ELBSecurityPolicy-TLS13-1-3-2021-06", "dns.zoneName": undefined, "dns.failoverRole": undefined })],
    ["the TLS 1.3 policy that also offers TLS 1.2, with the HTTPS check", "seoul", seoul({ "alb.sslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06" })],
    ["restricted ingress beside the accelerator with client IP preservation on", "seoul", seoul({ "alb.ingressCidrs": ["203.0.113.0/24"], "globalAccelerator.clientIpPreservation": true })],
    ["restricted ingress without the accelerator", "seoul", seoul({ "alb.ingressCidrs": ["203.0.113.0/24"], "globalAccelerator.enabled": false })],
    ["a prefix list beside 0.0.0.0/0 and the accelerator: everyone is admitted anyway", "seoul", seoul({ "alb.ingressPrefixListIds": ["pl-0123456789abcdef0"] })],
    ["a stack in Taipei served by DNS only", "taipei", regionalStack("ap-east-2", "PRIMARY", { "globalAccelerator.enabled": false })],
    ["a stack in Malaysia, the newest region the accelerator serves", "malaysia", regionalStack("ap-southeast-5", "PRIMARY")],
    ["a stack in Sao Paulo, the last region of AWS's list", "saopaulo", regionalStack("sa-east-1", "PRIMARY")],
    ["a redirect host of 128 characters", "seoul", seoul({ listenerRules: { away: { priority: 10, conditions: { pathPatterns: ["/x"] }, action: { type: "redirect", host: "h".repeat(128) } } } })],
];

describe("configuration: what AWS refuses or runs badly", () => {
    describe("refuses", () => {
        for (const [name, stack, values, message] of refused) {
            it(name, () => {
                const { problems } = validate(stack, values);
                expect(problems.filter((problem) => problem.startsWith(message)), problems.join("\n")).to.have.length(1);
            });
        }
    });

    describe("accepts", () => {
        for (const [name, stack, values] of accepted) {
            it(name, () => {
                expect(validate(stack, values).problems).to.deep.equal([]);
            });
        }
    });

    it("counts 2 listener ports x 17 CIDRs + 25 for the checkers = 59, within the quota of 60", () => {
        const cidrs = Array.from({ length: 17 }, (_, index) => `10.${index}.0.0/16`);
        expect(validate("seoul", seoul({ "alb.ingressCidrs": cidrs, "globalAccelerator.clientIpPreservation": true })).problems).to.deep.equal([]);
    });

    it("counts each prefix list as one rule: 2 listener ports x (16 CIDRs + 1 prefix list) + 25 for the checkers = 59, within the quota of 60", () => {
        const cidrs = Array.from({ length: 16 }, (_, index) => `10.${index}.0.0/16`);
        expect(validate("seoul", seoul({ "alb.ingressCidrs": cidrs, "alb.ingressPrefixListIds": ["pl-0123456789abcdef0"], "globalAccelerator.clientIpPreservation": true })).problems).to.deep.equal([]);
    });

    it("refuses a fleet group that is no target group once, not also as a scaling group no listener routes to", () => {
        expect(validate("seoul", seoul({ "fleet.targetGroups": ["webb"], "dns.zoneName": undefined, "dns.failoverRole": undefined, "globalAccelerator.enabled": false })).problems).to.deep.equal([
            'Pulumi.seoul.yaml: app:fleet.targetGroups names webb, which is not a key of app:targetGroups (web) (did you mean web?), got ["webb"]',
        ]);
    });

    it("counts no checkers when DNS is off: 2 x 30 CIDRs = 60 passes", () => {
        const cidrs = Array.from({ length: 30 }, (_, index) => `10.${index}.0.0/16`);
        expect(validate("seoul", seoul({ "alb.ingressCidrs": cidrs, "dns.zoneName": undefined, "dns.failoverRole": undefined, "globalAccelerator.enabled": false })).problems).to.deep.equal([]);
    });

    it("skips the regional rules for the global stack (no failover role, no ALB there)", () => {
        expect(validate("global", globalStack()).problems).to.deep.equal([]);
    });
});

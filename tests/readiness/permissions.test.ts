/**
 * The IAM policy of `npm run readiness` (docs/readiness-iam-policy.json) covers exactly the calls the
 * code makes against the fake account, read-only, each action on the resources the Service
 * Authorization Reference gives it (domain/readinessPermissions.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { readinessPermissions, readinessPolicy } from "../../domain/readinessPermissions";
import { childIds, readinessIds } from "../drill/fakes";
import { readinessWorld, routingControlWorld } from "./world";

const root = path.resolve(__dirname, "..", "..");
const policyFile = path.join(root, "docs", "readiness-iam-policy.json");

/** Every IAM action the code calls, over runs that between them take every branch that calls AWS. */
async function actionsCalled(): Promise<Set<string>> {
    const withControls = routingControlWorld();
    // No applied value: the default is read too.
    withControls.regional.quotas.set("ap-northeast-2", { defaultValue: 5, usage: 2 });
    await withControls.run();
    const plain = readinessWorld();
    await plain.run();
    return new Set([...withControls.regional.calls, ...plain.regional.calls].map((call) => call.split(" ")[0]));
}

describe("npm run readiness: IAM permissions", () => {
    it("docs/readiness-iam-policy.json is the policy the permissions make (npm run readiness -- --iam-policy prints it)", () => {
        expect(fs.readFileSync(policyFile, "utf8")).to.equal(`${JSON.stringify(readinessPolicy(), null, 2)}\n`);
    });

    it("grants exactly the actions the code calls, no more", async () => {
        const policy = JSON.parse(fs.readFileSync(policyFile, "utf8")) as { Statement: { Action: string[] }[] };
        const granted = policy.Statement.flatMap((statement) => statement.Action).sort();
        expect([...await actionsCalled()].sort()).to.deep.equal(granted);
    });

    it("is read-only: every action gets, describes or lists", () => {
        const actions = readinessPermissions.map((permission) => permission.action.split(":")[1]);
        expect(actions.length).to.be.above(10);
        expect(actions.filter((action) => !/^(Get|Describe|List)/.test(action))).to.deep.equal([]);
    });

    it("grants each action on its own service's resources, or on * where the action has no resource type", () => {
        for (const { action, resource } of readinessPermissions) {
            const service = action.split(":")[0] === "route53-recovery-cluster" ? "route53-recovery-control" : action.split(":")[0];
            expect(resource === "*" || resource.startsWith(`arn:aws:${service}:`), `${action} on ${resource}`).to.equal(true);
        }
    });

    it("covers the ARNs the fake account's deployment uses", () => {
        const pattern = (resource: string) => new RegExp(`^${resource.split("*").map((part) => part.replace(/[.?+^$()[\]{}|\\/]/g, "\\$&")).join(".*")}$`);
        const grants = (action: string, arn: string) => readinessPermissions.some((permission) => permission.action === action && pattern(permission.resource).test(arn));
        expect(grants("acm:DescribeCertificate", readinessIds.seoul.certificates[0])).to.equal(true);
        expect(grants("route53-recovery-cluster:GetRoutingControlState", childIds("tokyo").routingControlArn)).to.equal(true);
        expect(grants("route53:GetHealthCheckStatus", `arn:aws:route53:::healthcheck/${childIds("seoul").combined}`)).to.equal(true);
        expect(grants("globalaccelerator:DescribeEndpointGroup", "arn:aws:globalaccelerator::111122223333:accelerator/abcd/listener/0001/endpoint-group/seoul")).to.equal(true);
        expect(grants("servicequotas:GetServiceQuota", "arn:aws:servicequotas:ap-northeast-2:111122223333:ec2/L-1216C47A")).to.equal(true);
        expect(grants("servicequotas:GetServiceQuota", "arn:aws:servicequotas:ap-northeast-2:111122223333:ec2/L-34B43A08")).to.equal(false);
        expect(grants("cloudwatch:DescribeAlarms", "arn:aws:cloudwatch:ap-northeast-2:111122223333:alarm:seoul-alarms-elb-5xx")).to.equal(true);
    });
});

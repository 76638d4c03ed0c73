/**
 * The CrossGuard policy pack: `pulumi preview --policy-pack policy` (see README.md). The rules
 * live in ./rules; ./crossguard.ts turns them into policies, ./evaluate.ts into a plain function.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./crossguard";

new PolicyPack("multi-region-alb", {
    description: "Security Hub ELB controls and the Route 53 / Global Accelerator rules of the multi-region ALB program.",
    displayName: "Multi-region ALB",
    provider: "aws",
    policies,
});

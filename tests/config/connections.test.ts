import { expect } from "chai";
import { problemsOf } from "./inMemory";

/** A region with DNS records (failover 30 s + TTL 60 s = 90 s) and no accelerator, plus `values`. */
const withDns = (values: Record<string, unknown>) => problemsOf({ "dns.zoneName": "example.com", "dns.failoverRole": "PRIMARY", ...values });
const connectionProblems = (values: Record<string, unknown>) => withDns(values).filter((problem) => problem.includes("app:alb.clientKeepAliveSeconds"));

describe("open connections against the recovery objective", () => {
    it("accepts the defaults: 90 s traffic + 60 s keepalive + 30 s idle timeout = the 180 s objective", () => {
        expect(withDns({})).to.deep.equal([]);
    });

    it("refuses a keepalive and idle timeout that keep clients on a failed region past the objective, with the numbers", () => {
        expect(connectionProblems({ "alb.clientKeepAliveSeconds": 3600 })).to.deep.equal([
            "Pulumi.b.yaml: app:alb.clientKeepAliveSeconds with alb.idleTimeoutSeconds 30 lets a client on an open connection keep reaching a failed region 3630 s after traffic moved " +
            "(90 s, DNS path), past drill.recoveryTimeObjectiveSeconds 180: keep alb.clientKeepAliveSeconds + alb.idleTimeoutSeconds at or below 90 s " +
            "(the ALB closes a connection that old after one more request, or after that long idle), got 3600",
        ]);
    });

    it("holds at the boundary on both keys: 90 s passes, 91 s is refused", () => {
        expect(connectionProblems({ "alb.clientKeepAliveSeconds": 60, "alb.idleTimeoutSeconds": 30 })).to.deep.equal([]);
        expect(connectionProblems({ "alb.clientKeepAliveSeconds": 60, "alb.idleTimeoutSeconds": 31 })).to.have.length(1);
        expect(connectionProblems({ "alb.clientKeepAliveSeconds": 61, "alb.idleTimeoutSeconds": 29 })).to.deep.equal([]);
        expect(connectionProblems({ "alb.clientKeepAliveSeconds": 61, "alb.idleTimeoutSeconds": 30 })).to.have.length(1);
    });

    it("follows the objective at its boundary", () => {
        expect(connectionProblems({ "drill.recoveryTimeObjectiveSeconds": 181, "alb.idleTimeoutSeconds": 31 })).to.deep.equal([]);
        expect(connectionProblems({ "drill.recoveryTimeObjectiveSeconds": 180, "alb.idleTimeoutSeconds": 31 })).to.have.length(1);
    });

    it("says nothing when the traffic part leaves less than the smallest settings (60 s + 1 s): no value of these keys helps", () => {
        // 150 s leaves 60 s; 151 s leaves 61 s, which 60 + 1 fits and 60 + 2 does not.
        expect(connectionProblems({ "drill.recoveryTimeObjectiveSeconds": 150, "alb.clientKeepAliveSeconds": 3600 })).to.deep.equal([]);
        expect(connectionProblems({ "drill.recoveryTimeObjectiveSeconds": 151, "alb.idleTimeoutSeconds": 1 })).to.deep.equal([]);
        expect(connectionProblems({ "drill.recoveryTimeObjectiveSeconds": 151, "alb.idleTimeoutSeconds": 2 })).to.have.length(1);
    });

    it("uses the accelerator's path for a region in the accelerator only", () => {
        // Target health 10 s x 2 + Global Accelerator 30 s = 50 s, leaving 130 s of the objective.
        const accelerated = (values: Record<string, unknown>) => problemsOf({ "globalAccelerator.enabled": true, "globalAccelerator.globalStack": "organization/app/global", ...values })
            .filter((problem) => problem.includes("app:alb.clientKeepAliveSeconds"));
        expect(accelerated({ "alb.clientKeepAliveSeconds": 100 })).to.deep.equal([]);
        expect(accelerated({ "alb.clientKeepAliveSeconds": 101 })).to.deep.equal([
            "Pulumi.b.yaml: app:alb.clientKeepAliveSeconds with alb.idleTimeoutSeconds 30 lets a client on an open connection keep reaching a failed region 131 s after traffic moved " +
            "(50 s, Global Accelerator path), past drill.recoveryTimeObjectiveSeconds 180: keep alb.clientKeepAliveSeconds + alb.idleTimeoutSeconds at or below 130 s " +
            "(the ALB closes a connection that old after one more request, or after that long idle), got 101",
        ]);
    });

    it("does not apply to a region in no failover path", () => {
        expect(problemsOf({ "alb.clientKeepAliveSeconds": 604800 })).to.deep.equal([]);
    });

    it("keeps the keepalive in the range AWS accepts (60..604800)", () => {
        expect(problemsOf({ "alb.clientKeepAliveSeconds": 59 })).to.deep.equal(["Pulumi.b.yaml: app:alb.clientKeepAliveSeconds must be a whole number 60..604800, got 59"]);
        expect(problemsOf({ "alb.clientKeepAliveSeconds": 604801 })).to.deep.equal(["Pulumi.b.yaml: app:alb.clientKeepAliveSeconds must be a whole number 60..604800, got 604801"]);
        expect(problemsOf({ "alb.clientKeepAliveSeconds": 60 })).to.deep.equal([]);
    });
});

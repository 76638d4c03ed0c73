/**
 * The ALB's connection clocks: the reconnection bound, and the attribute ranges and defaults the
 * schema uses compared with the elbv2 model's own words (when botocore is installed).
 */
import { expect } from "chai";
import { clientKeepAliveLimits, idleTimeoutLimits, reconnectionBoundSeconds } from "../../domain/connections";
import { targetTrackingPeriodSeconds } from "../../domain/scaleOut";
import { botocoreData, loadShapes, plainText } from "../botocore";

describe("open connections", () => {
    it("bounds reconnection by the keepalive plus one idle timeout", () => {
        expect(reconnectionBoundSeconds({ clientKeepAliveSeconds: 60, idleTimeoutSeconds: 30 })).to.equal(90);
        expect(reconnectionBoundSeconds({ clientKeepAliveSeconds: 3600, idleTimeoutSeconds: 60 })).to.equal(3660);
    });

    describe("as AWS's models state them", () => {
        const data = botocoreData();
        before(function () {
            if (data === undefined) {
                this.skip();
            }
        });

        it("has the elbv2 model's range and default of client_keep_alive.seconds and idle_timeout.timeout_seconds", () => {
            const keys = plainText(loadShapes(data!, "elbv2").LoadBalancerAttribute.members!.Key.documentation);
            expect(keys).to.contain(`client_keep_alive.seconds - The client keep alive value, in seconds. The valid range is ${clientKeepAliveLimits.min}-${clientKeepAliveLimits.max} seconds. The default is ${clientKeepAliveLimits.awsDefault} seconds.`);
            expect(keys).to.contain(`idle_timeout.timeout_seconds - The idle timeout value, in seconds. The valid range is ${idleTimeoutLimits.min}-${idleTimeoutLimits.max} seconds. The default is ${idleTimeoutLimits.awsDefault} seconds.`);
        });

        it("reads a request-count target value per one-minute interval", () => {
            const members = loadShapes(data!, "autoscaling").TargetTrackingConfiguration.members!;
            expect(plainText(members.TargetValue.documentation)).to.contain("optimal average request or message count per instance during any one-minute interval");
            expect(targetTrackingPeriodSeconds).to.equal(60);
        });
    });
});

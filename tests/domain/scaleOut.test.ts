import { expect } from "chai";
import { predictScaleOut } from "../../domain/scaleOut";

describe("scale-out prediction", () => {
    it("adds the metric delay, the alarm's periods, launch and boot, the health checks and slow start", () => {
        expect(predictScaleOut({ launchSeconds: 120, healthCheck: { intervalSeconds: 10, healthyThreshold: 3 }, slowStartSeconds: 60 })).to.deep.equal({
            metricSeconds: 60, alarmSeconds: 180, launchSeconds: 120, healthCheckSeconds: 30, slowStartSeconds: 60, totalSeconds: 450,
        });
    });

    it("follows each input", () => {
        expect(predictScaleOut({ launchSeconds: 30, healthCheck: { intervalSeconds: 5, healthyThreshold: 2 }, slowStartSeconds: 0 }).totalSeconds).to.equal(60 + 180 + 30 + 10);
    });
});

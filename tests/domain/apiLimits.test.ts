/**
 * The limits the schema and the policy use are AWS's API models' own: compared with botocore's
 * service-2.json when botocore is installed (skipped, and saying so, when it is not).
 */
import { expect } from "chai";
import { botocoreData, loadShapes, services, Shape } from "../botocore";
import {
    acceleratorClientAffinities, acceleratorIpAddressTypes, allIntegerLimits, fixedResponseStatusCodePattern, recoveryClusterArnPattern, redirectStatusCodes, route53Limits,
    routingControlStates,
} from "../../domain/apiLimits";
import { minimumCheckerRegions, route53CheckerRegions } from "../../domain/regions";
import { route53AlarmRegions, route53AlarmStatistics, route53FollowedAlarmFields } from "../../domain/route53Alarms";

describe("API limits from AWS's models", () => {
    const data = botocoreData();
    const shapes: Record<string, Record<string, Shape>> = {};
    before(function () {
        if (data === undefined) {
            this.skip();
        }
        for (const service of Object.keys(services)) {
            shapes[service] = loadShapes(data!, service);
        }
    });

    it("has the model's min and max for every integer and length limit", () => {
        expect(allIntegerLimits.length).to.be.greaterThan(10);
        for (const limit of allIntegerLimits) {
            const [service, name] = limit.shape.split(" ");
            const shape = shapes[service][name];
            expect(shape, limit.shape).to.not.equal(undefined);
            expect({ min: shape.min ?? 0, max: shape.max }, limit.shape).to.deep.equal({ min: limit.min, max: limit.max });
        }
    });

    it("has the model's enums and patterns", () => {
        expect(shapes.elbv2.FixedResponseActionStatusCode.pattern).to.equal(fixedResponseStatusCodePattern.source);
        expect(shapes.elbv2.RedirectActionStatusCodeEnum.enum).to.deep.equal([...redirectStatusCodes]);
        expect(shapes.globalaccelerator.IpAddressType.enum).to.deep.equal([...acceleratorIpAddressTypes]);
        expect(shapes.globalaccelerator.ClientAffinity.enum).to.deep.equal([...acceleratorClientAffinities]);
        expect(shapes.route53.HealthCheckRegion.enum).to.deep.equal([...route53CheckerRegions]);
        expect(shapes.route53.Statistic.enum).to.deep.equal([...route53AlarmStatistics]);
        expect(shapes.route53.CloudWatchRegion.enum).to.deep.equal([...route53AlarmRegions]);
        expect([...shapes.route53.CloudWatchAlarmConfiguration.required!].sort()).to.deep.equal([...route53FollowedAlarmFields].sort());
        expect(shapes["route53-recovery-cluster"].RoutingControlState.enum).to.deep.equal([...routingControlStates]);
        expect(shapes["route53-recovery-cluster"].Arn.pattern).to.equal(recoveryClusterArnPattern.source);
        // The region table and the policy pack's facts (policy/facts.json) hold the same values.
        expect(minimumCheckerRegions).to.equal(route53Limits.checkerRegions.min);
    });
});

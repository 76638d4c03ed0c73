import { expect } from "chai";
import { asList, asObject, isComputed, isKnown, referenceTo, show, unknownValue } from "../../policy/rules/values";

describe("policy values: absent, computed, known", () => {
    it("computed values are references and unknowns, nothing else", () => {
        expect(isComputed("${seoul-alb.dnsName}")).to.equal(true);
        expect(isComputed(unknownValue)).to.equal(true);
        for (const value of ["seoul-alb", "${open", "closed}", "$seoul}", "x${a}", "", 3, null, undefined, ["${a}"], { a: "${a}" }]) {
            expect(isComputed(value), JSON.stringify(value)).to.equal(false);
        }
    });

    it("known values are set and not computed", () => {
        for (const value of ["a", "", 0, false, [], {}]) {
            expect(isKnown(value), JSON.stringify(value)).to.equal(true);
        }
        for (const value of [undefined, null, "${a.b}", unknownValue]) {
            expect(isKnown(value), String(value)).to.equal(false);
        }
    });

    it("objects are plain objects only; lists are arrays only", () => {
        expect(asObject({ a: 1 })).to.deep.equal({ a: 1 });
        for (const value of [null, undefined, [1], "a", 1, true]) {
            expect(asObject(value), JSON.stringify(value)).to.equal(undefined);
        }
        expect(asList([1, 2])).to.deep.equal([1, 2]);
        for (const value of [null, undefined, { 0: 1 }, "ab", 1]) {
            expect(asList(value), JSON.stringify(value)).to.equal(undefined);
        }
    });

    it("writes references as the plan does and shows values for messages", () => {
        expect(referenceTo("seoul-alb", "zoneId")).to.equal("${seoul-alb.zoneId}");
        expect(show(undefined)).to.equal("not set");
        expect(show("a")).to.equal('"a"');
        expect(show([1, "b"])).to.equal('[1,"b"]');
    });
});

/** "Did you mean" hints: the edit distance they rank by, and which names are close enough to offer. */
import { expect } from "chai";
import { closest, didYouMean, editDistance } from "../../domain/didYouMean";

describe("did you mean", () => {
    it("counts an insertion, a deletion, a substitution and a swap of neighbours as one edit each", () => {
        expect(editDistance("weight", "weight")).to.equal(0);
        expect(editDistance("weight", "weights")).to.equal(1);
        expect(editDistance("weight", "wight")).to.equal(1);
        expect(editDistance("weight", "waight")).to.equal(1);
        expect(editDistance("weight", "wieght")).to.equal(1);
        expect(editDistance("weight", "wiehgt")).to.equal(2);
        expect(editDistance("", "abc")).to.equal(3);
        expect(editDistance("ab", "")).to.equal(2);
        expect(editDistance("seoul", "tokyo")).to.equal(5);
    });

    it("offers names within a quarter of the typed length (at least one edit), nearest first, ignoring case", () => {
        expect(closest("SEOUL", ["seoul", "tokyo"])).to.deep.equal(["seoul"]);
        // 8 letters: up to 2 edits.
        expect(closest("frankfrt", ["frankfurt", "frankfort", "frankfurter", "frank"])).to.deep.equal(["frankfort", "frankfurt"]);
        // 7 letters: 1 edit, so two missing letters are too far.
        expect(closest("frnkfrt", ["frankfurt"])).to.deep.equal([]);
        // 3 letters: still 1 edit.
        expect(closest("tko", ["tok", "tokyo"])).to.deep.equal(["tok"]);
        // Equal distances in name order.
        expect(closest("ab", ["ac", "aa", "bb"])).to.deep.equal(["aa", "ac", "bb"]);
    });

    it("phrases at most three names, or nothing when none is close", () => {
        expect(didYouMean("wieght", ["weight", "weighted", "latency"])).to.equal(" (did you mean weight?)");
        expect(didYouMean("ab", ["aa", "ac", "bb", "ba"])).to.equal(" (did you mean aa or ac or ba?)");
        expect(didYouMean("zzz", ["weight"])).to.equal("");
    });
});

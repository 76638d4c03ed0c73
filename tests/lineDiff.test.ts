import { expect } from "chai";
import { lineDiff } from "./lineDiff";

describe("lineDiff (failing snapshots)", () => {
    it("is empty for equal texts", () => {
        expect(lineDiff("a\nb", "a\nb")).to.equal("");
    });

    it("shows the changed line as - expected / + actual with its context", () => {
        const expected = ["1", "2", "3", "4", "5", "6", "7"].join("\n");
        const actual = ["1", "2", "3", "four", "5", "6", "7"].join("\n");
        expect(lineDiff(expected, actual)).to.equal(["@@ line 2 @@", "  2", "  3", "- 4", "+ four", "  5", "  6"].join("\n"));
    });

    it("shows added and removed lines in separate hunks", () => {
        const expected = ["a", "b", "c", "d", "e", "f", "g", "h"].join("\n");
        const actual = ["a", "x", "b", "c", "d", "e", "f", "h"].join("\n");
        expect(lineDiff(expected, actual, 0)).to.equal(["@@ line 2 @@", "+ x", "@@ line 7 @@", "- g"].join("\n"));
    });
});

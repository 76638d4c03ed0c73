import { expect } from "chai";
import { validateStackConfig } from "../components/config/load";
import { configFor } from "./harness";

describe("configuration", () => {
    it("accepts both real stack files", () => {
        for (const stack of ["seoul", "tokyo"]) {
            expect(validateStackConfig({ stack, project: "app", values: configFor(stack) }).problems).to.deep.equal([]);
        }
    });
});

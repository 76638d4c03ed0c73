import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { policyFacts } from "../../config/policyFacts";
import { expectedReadme } from "../../scripts/configReference";

const root = path.resolve(__dirname, "..", "..");

describe("generated files", () => {
    it("the README's configuration table matches the schema", () => {
        const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
        expect(readme, "run npm run config:generate").to.equal(expectedReadme(readme));
    });

    it("policy/facts.json holds domain/'s facts, so the published pack agrees with the program", () => {
        const written = JSON.parse(fs.readFileSync(path.join(root, "policy", "facts.json"), "utf8")) as unknown;
        expect(written, "run npm run config:generate").to.deep.equal(policyFacts());
    });
});

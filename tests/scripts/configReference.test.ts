import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { policyFacts } from "../../config/policyFacts";
import { configurationDoc, expectedConfigurationDoc } from "../../scripts/configReference";

const root = path.resolve(__dirname, "..", "..");

describe("generated files", () => {
    it("docs/configuration.md's table of every key matches the schema", () => {
        const doc = fs.readFileSync(configurationDoc, "utf8");
        expect(doc, "run npm run config:generate").to.equal(expectedConfigurationDoc(doc));
        expect(doc).to.include("| `app:dns.weight` | integer | `100` |");
    });

    it("refuses a file without the markers, naming it", () => {
        expect(() => expectedConfigurationDoc("# no markers\n")).to.throw("docs/configuration.md lacks the markers <!-- config-reference:start --> ... <!-- config-reference:end -->");
    });

    it("policy/facts.json holds domain/'s facts, so the published pack agrees with the program", () => {
        const written = JSON.parse(fs.readFileSync(path.join(root, "policy", "facts.json"), "utf8")) as unknown;
        expect(written, "run npm run config:generate").to.deep.equal(policyFacts());
    });
});

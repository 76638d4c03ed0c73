import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { expectedProjectFile, expectedReadme } from "../scripts/configReference";
import { projectFiles } from "./harness";

describe("configuration reference", () => {
    it("Pulumi.yaml declares every key with the schema's type, default and description", () => {
        expect(fs.readFileSync(path.join(projectFiles.directory, "Pulumi.yaml"), "utf8"), "run npm run config:generate").to.equal(expectedProjectFile());
    });

    it("the README's table matches the schema", () => {
        const readme = fs.readFileSync(path.join(projectFiles.directory, "README.md"), "utf8");
        expect(readme, "run npm run config:generate").to.equal(expectedReadme(readme));
    });
});

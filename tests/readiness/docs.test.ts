/**
 * The docs of the readiness check and of the control planes show what the program does: their
 * tables are the program's (domain/readinessPermissions.ts, domain/controlPlanes.ts) and the example
 * report is what the fake account prints, so neither can go stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { readinessPermissions } from "../../domain/readinessPermissions";
import { controlPlaneTable } from "../../offline/controlPlaneText";
import { permissionsTable, renderReadinessText } from "../../readiness/report/text";
import { repositoryRoot } from "../drill/fakes";
import { readinessWorld } from "./world";

const doc = (name: string) => fs.readFileSync(path.join(repositoryRoot, "docs", name), "utf8");

describe("docs of the readiness check and the control planes", () => {
    it("docs/readiness.md lists every read with its IAM action and resource, as the program has them", () => {
        expect(doc("readiness.md")).to.contain(permissionsTable(readinessPermissions));
    });

    it("docs/readiness.md shows the report of the fake account's healthy run", async () => {
        const { report } = await readinessWorld().run();
        expect(doc("readiness.md")).to.contain(`\`\`\`text\n${renderReadinessText(report)}\`\`\``);
    });

    it("docs/control-planes.md has each path's APIs, planes and regions, as the program has them", () => {
        expect(doc("control-planes.md")).to.contain(controlPlaneTable());
    });
});

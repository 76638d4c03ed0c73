/**
 * The README's figures come from the program: the resources each stack plans, the cost table and
 * what `npm run plan` prints last, for the shipped layout (examples/two-regions) and with one bad
 * value. `npm run docs:readme` writes them; this test fails when they drift. The README stays a
 * newcomer's page: under 350 lines, the two commands first.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { expectedReadme, readmeFigures, readmeFile } from "../../scripts/readmeFigures";
import { markersOf, withRegion } from "../../scripts/markedRegions";

describe("the README's figures", () => {
    const readme = fs.readFileSync(readmeFile, "utf8");
    let figures: Record<string, string>;
    before(async () => {
        figures = await readmeFigures();
    });

    it("are what the plan of the shipped layout gives (run npm run docs:readme after a change)", () => {
        expect(readme).to.equal(expectedReadme(readme, figures));
    });

    it("hold the resource counts, the cost with its total, and both example outputs ending with their verdict", () => {
        expect(figures["resource-counts"]).to.match(/^\| Stack \| Region \| Resources planned \| Of them in AWS \|\n[\s\S]*\| \*\*all\*\* \| \| \*\*\d+\*\* \| \|$/);
        expect(figures.cost).to.match(/\| \*\*Total\*\* \| \| \*\*\$[\d,]+\.\d\d\*\* \|/);
        expect(figures["plan-tail"].split("\n").slice(-2)[0]).to.match(/^Plan clean \(exit 0\): 3 stacks, \d+ resources/);
        expect(figures["plan-tail-bad-input"]).to.include("Pulumi.tokyo.yaml: app:dns.weight must be a whole number 0..255, got 300");
        expect(figures["plan-tail-bad-input"].split("\n").slice(-2)[0]).to.match(/^Plan stopped \(exit 2, bad input\): 1 problem in Pulumi\.tokyo\.yaml/);
    });

    it("replace only what lies between their markers", () => {
        const { start, end } = markersOf("cost");
        expect(withRegion(`a\n${start}\nold\n${end}\nb`, "cost", "new", "x.md")).to.equal(`a\n${start}\nnew\n${end}\nb`);
        expect(() => withRegion("a", "cost", "new", "x.md")).to.throw("x.md lacks the markers");
    });
});

describe("the README as a newcomer's page", () => {
    const readme = fs.readFileSync(readmeFile, "utf8");

    it("is under 350 lines, opens with the two commands that need no AWS account, and links the reference in docs/", () => {
        expect(readme.split("\n").length).to.be.below(350);
        const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
        expect(firstBlock.split("\n").filter(Boolean).map((line) => line.split("#")[0].trim())).to.deep.equal(["npm ci && npm run plan", "npm ci && npm test"]);
        expect(readme.indexOf("```sh\nnpm ci && npm run plan"), "the commands come before any section").to.be.below(readme.indexOf("\n## "));
    });

    it("links only to files that exist, from the README, docs/ and the runbook", () => {
        const pages = ["README.md", "drill/RUNBOOK.md", ...fs.readdirSync("docs").filter((file) => file.endsWith(".md")).map((file) => `docs/${file}`)];
        const links = pages.flatMap((page) => [...fs.readFileSync(page, "utf8").matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
            .map((match) => match[1]).filter((link) => !/^https?:/.test(link)).map((link) => ({ page, target: path.normalize(path.join(path.dirname(page), link)) })));
        expect(links.length).to.be.above(20);
        expect(links.filter(({ target }) => !fs.existsSync(target))).to.deep.equal([]);
    });
});

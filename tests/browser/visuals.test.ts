/**
 * The plan's diagram (Graphviz's SVG, and the Mermaid version rendered by Mermaid as a code host
 * would) and both drill reports (a real drill's, from the runner over the fake account, and
 * `drill simulate`'s) opened in headless Chromium: no console error, no failed request, one lane
 * per region in the diagram, one row per signal in every timeline and table.
 * Screenshots go to test-output/browser/ (gitignored) when SCREENSHOTS=1 is set.
 *
 * Without Chromium the suite is skipped with a plain message, except in CI (CI=true), where a
 * missing browser fails: .ci/run installs Debian's chromium.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import type { Page } from "playwright-core";
import { planProject } from "../../offline/planner";
import { estimateCost } from "../../offline/cost/estimate";
import { loadPriceTable } from "../../offline/cost/priceTable";
import { writePlanFiles } from "../../offline/planFiles";
import { buildArchitecture, diagramLegend } from "../../offline/diagram/graph";
import { laneId, safeId } from "../../offline/diagram/graphviz";
import { renderSimulationHtml } from "../../drill/report/html";
import { simulateDrill } from "../../drill/simulate/simulate";
import { findTarget, loadProjectStacks } from "../../drill/stacks";
import { runDrill } from "../../drill/runner/runner";
import { DrillReport } from "../../drill/report/types";
import { drillOptions, fakeDrill, projectDir, temporaryDirectory } from "../drill/fakes";
import { projectFiles } from "../harness";
import { Browser, chromiumAvailable, chromiumLookedFor, launchChromium } from "../../scripts/chromium";

/** Where screenshots go. */
export const screenshotDirectory = path.resolve(__dirname, "..", "..", "test-output", "browser");

/**
 * Screenshots are taken only when asked for (SCREENSHOTS=1 npm test): no test reads them, and the
 * six cost about 3.5 CPU-seconds of every run.
 */
const screenshotsWanted = process.env.SCREENSHOTS === "1";

/**
 * Saves a screenshot of `page` as `name` in {@link screenshotDirectory}, when screenshots are wanted.
 * @param page the page
 * @param name the file's name
 * @param options `fullPage` to take the whole page; `fit`, run first, to size the viewport to the drawing
 */
async function screenshot(page: Page, name: string, options: { readonly fullPage?: boolean; readonly fit?: () => Promise<void> } = {}): Promise<void> {
    if (!screenshotsWanted) {
        return;
    }
    await options.fit?.();
    await page.screenshot({ path: path.join(screenshotDirectory, name), fullPage: options.fullPage ?? false });
}

/** What to print when the browser tests cannot run on this machine. */
export const notRunMessage = `Browser tests did not run: no Chromium at ${chromiumLookedFor}. To run them: apt-get install chromium-headless-shell (or chromium; Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary.`;

/** A page that renders `source` with Mermaid's browser build (from node_modules), as code hosts do. */
function mermaidPage(source: string, directory: string): string {
    const library = fs.readFileSync(path.join(path.dirname(require.resolve("mermaid")), "mermaid.min.js"), "utf8");
    const file = path.join(directory, "mermaid.html");
    fs.writeFileSync(file, `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><div id="out"></div>
<script type="application/json" id="source">${JSON.stringify(source).replace(/</g, "\\u003c")}</script>
<script>${library}</script>
<script>
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
mermaid.render("diagram", JSON.parse(document.getElementById("source").textContent)).then(
    (result) => { document.getElementById("out").innerHTML = result.svg; document.body.dataset.rendered = "yes"; },
    (error) => { console.error(String(error)); document.body.dataset.rendered = "no"; });
</script></body></html>`);
    return file;
}

async function rowsOfPhase(page: Page, phase: string): Promise<{ table: string[]; chartRows: string | null }> {
    const section = page.locator(`section[data-phase="${phase}"]`);
    return {
        table: await section.locator("tr[data-signal]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-signal") ?? "")),
        chartRows: await section.locator("canvas.timeline").getAttribute("data-chart-rows"),
    };
}

async function expectReport(page: Page, report: { phases: readonly { phase: string; signals: readonly { id: string }[] }[] }): Promise<void> {
    await page.waitForSelector("body[data-ready=true]", { timeout: 10_000 });
    const phases = report.phases.filter((phase) => phase.signals.length > 0);
    expect(phases, "phases with signals").to.not.have.length(0);
    for (const phase of phases) {
        const { table, chartRows } = await rowsOfPhase(page, phase.phase);
        expect(table, `${phase.phase}: one table row per signal`).to.deep.equal(phase.signals.map((signal) => signal.id));
        expect(chartRows, `${phase.phase}: one chart row per signal`).to.equal(String(phase.signals.length));
    }
    for (const id of ["verdict", "failover", "guards", "alarms", "paths"]) {
        expect(await page.locator(`section#${id}`).count(), `section ${id}`).to.equal(1);
    }
    expect(Number(await page.locator("#paths-chart").getAttribute("data-chart-bars"))).to.be.greaterThan(0);
    // Page-side code is passed as text: this project compiles without the DOM library.
    const external = await page.evaluate<string[]>(`[...document.querySelectorAll("[src],[href]")].map((element) => element.getAttribute("src") ?? element.getAttribute("href"))`);
    expect(external, "nothing loaded from elsewhere").to.deep.equal([]);
}

// Said again after the whole run, where a reader of `npm test` looks.
after(() => {
    if (!chromiumAvailable() && process.env.CI !== "true") {
        console.log(`\n  ${notRunMessage}`);
    }
});

describe("in a real browser (headless Chromium)", function () {
    this.timeout(120_000);
    let browser: Browser;
    let outDirectory: string;
    let planAndFiles: ReturnType<typeof planAndWrite> | undefined;
    /** The fixture's plan and its files, planned and written once for the file (a plan is data; no test changes one). */
    const planAndWrite = async () => {
        const plan = await planProject(projectFiles);
        return { plan, files: await writePlanFiles({ ...plan, cost: estimateCost(plan, loadPriceTable()) }, outDirectory) };
    };
    const planned = () => (planAndFiles ??= planAndWrite());

    before(async function () {
        if (!chromiumAvailable()) {
            if (process.env.CI === "true") {
                throw new Error(`CI must run the browser tests, but there is no Chromium at ${chromiumLookedFor}; .ci/run installs Debian's chromium-headless-shell`);
            }
            console.log(`\n    ${notRunMessage}\n`);
            this.skip();
        }
        if (screenshotsWanted) {
            fs.mkdirSync(screenshotDirectory, { recursive: true });
        }
        outDirectory = temporaryDirectory();
        planAndFiles = undefined; // once per run of the file, never kept from an earlier run (a mutation runner reruns it)
        browser = await launchChromium();
    });

    after(async () => {
        await browser?.close();
    });

    afterEach(function () {
        const errors = browser?.errors.splice(0) ?? [];
        if (this.currentTest?.state === "passed") {
            expect(errors, "console errors").to.deep.equal([]);
        }
    });

    it("shows the plan's diagram with one lane per region and a box per ALB, health check and endpoint group", async () => {
        const { plan, files } = await planned();
        const page = await browser.open(files.diagram, { width: 1800, height: 1100 });
        const lanes = await page.locator("g.cluster.lane").evaluateAll((groups) => groups.map((group) => group.id));
        // Regions with a load balancer; the global stack's resources belong to the global lane.
        const regions = [...new Set(plan.stacks.filter((stack) => stack.resources.some((resource) => resource.type === "aws:lb/loadBalancer:LoadBalancer")).map((stack) => stack.region))];
        expect(lanes.filter((id) => id !== "lane-global").sort()).to.deep.equal(regions.map((region) => `lane-${region}`).sort());
        expect(lanes).to.include("lane-global");
        for (const type of ["aws:lb/loadBalancer:LoadBalancer", "aws:route53/healthCheck:HealthCheck", "aws:globalaccelerator/endpointGroup:EndpointGroup"]) {
            const names = plan.stacks.flatMap((stack) => stack.resources.filter((resource) => resource.type === type).map((resource) => resource.name));
            expect(names, type).to.not.have.length(0);
            for (const name of names) {
                expect(await page.locator(`g.node#node-${name}`).count(), `${type} ${name}`).to.equal(1);
            }
        }
        // An SVG document has no scrolling body for a full-page shot: size the viewport to the drawing instead.
        await screenshot(page, "diagram.png", { fit: async () => {
            const size = await page.evaluate<{ width: number; height: number }>("document.documentElement.getBoundingClientRect().toJSON()");
            await page.setViewportSize({ width: Math.ceil(size.width), height: Math.ceil(size.height) });
        } });
    });

    it("draws the diagram readable at 1,400 px wide: at its own size, no text under 12 px, each region's routing values in its own lane", async () => {
        const { plan, files } = await planned();
        const page = await browser.open(files.diagram, { width: 1400, height: 1000 });
        const width = await page.evaluate<number>("document.documentElement.getBoundingClientRect().width");
        expect(width, "drawn at its own size, not shrunk to fit").to.be.at.most(1400);
        // The size a reader sees: each text's font size times the scale it is drawn at.
        const smallest = await page.evaluate<number>(`Math.min(...[...document.querySelectorAll("text")].map((text) => text.getScreenCTM().a * parseFloat(text.getAttribute("font-size"))))`);
        expect(smallest).to.be.at.least(12);
        expect(await page.locator("g.edge text").count(), "no label floats between arrows").to.equal(0);
        expect(await page.locator("g.node#node-clients").count(), "a clients node").to.equal(1);
        const graph = buildArchitecture(plan);
        const placed = graph.nodes.filter((node) => node.group?.startsWith("region:") && ["recordSet", "endpointGroup", "healthCheck"].includes(node.kind));
        expect(placed.length).to.be.above(10);
        for (const node of placed) {
            const inside = await page.evaluate<boolean>(`(() => {
                const box = document.getElementById(${JSON.stringify(`node-${safeId(node.id)}`)}).getBoundingClientRect();
                const lane = document.getElementById(${JSON.stringify(laneId(graph.groups.find((group) => group.id === node.group)!))}).getBoundingClientRect();
                return box.left >= lane.left && box.right <= lane.right && box.top >= lane.top && box.bottom <= lane.bottom;
            })()`);
            expect(inside, `${node.id} inside ${node.group}`).to.equal(true);
        }
        /** The text of every box drawn inside a region's lane. */
        const laneText = (region: string) => page.evaluate<string>(`[...document.querySelectorAll("g.node")].filter((node) => {
            const box = node.getBoundingClientRect(); const lane = document.getElementById("lane-${region}").getBoundingClientRect();
            return box.top >= lane.top && box.bottom <= lane.bottom; }).map((node) => node.textContent).join(" ")`);
        const seoul = await laneText("ap-northeast-2");
        const tokyo = await laneText("ap-northeast-1");
        for (const value of ["PRIMARY", "DNS weight 50 of 100", "dial 100%, endpoint weight 128", "region ap-northeast-2"]) {
            expect(seoul, `Seoul's lane shows ${value}`).to.include(value);
        }
        expect(seoul).to.not.include("SECONDARY");
        expect(tokyo).to.include("SECONDARY");
        expect(tokyo).to.not.include("PRIMARY");
        await screenshot(page, "diagram-1400.png", { fit: async () => {
            const height = await page.evaluate<number>("document.documentElement.getBoundingClientRect().height");
            await page.setViewportSize({ width: 1400, height: Math.ceil(height) });
        } });
    });

    it("keeps plan.md's diagram readable on a code-review page: in a 900 px Markdown column no text is under 9 px", async () => {
        const { files } = await planned();
        // A Markdown column about as wide as a code host's file or pull-request view on a 1,400 px screen (an assumption, not a measurement of any host).
        const review = path.join(outDirectory, "review.html");
        fs.writeFileSync(review, `<!DOCTYPE html><html><body style="margin:0"><article style="box-sizing:border-box;width:900px;padding:0 16px">
<p>${diagramLegend}</p><img id="diagram" src="${path.basename(files.diagram)}" style="max-width:100%"></article></body></html>`);
        const page = await browser.open(review, { width: 1400, height: 1000 });
        await page.waitForFunction(`document.getElementById("diagram").complete && document.getElementById("diagram").naturalWidth > 0`);
        const scale = await page.evaluate<number>(`document.getElementById("diagram").getBoundingClientRect().width / document.getElementById("diagram").naturalWidth`);
        const points = Math.min(...[...fs.readFileSync(files.diagram, "utf8").matchAll(/font-size="([\d.]+)"/g)].map((match) => Number(match[1])));
        // Graphviz writes sizes in points; a point is 4/3 of a CSS pixel.
        expect(points * (4 / 3) * Math.min(scale, 1), `smallest text at scale ${scale.toFixed(2)}`).to.be.at.least(9);
        await screenshot(page, "plan-md-900.png", { fullPage: true });
    });

    it("renders plan.md's Mermaid version with Mermaid itself: a cluster per lane and group, a box per node", async () => {
        const { plan, files } = await planned();
        const source = /```mermaid\n([\s\S]*?)```/.exec(fs.readFileSync(files.markdown, "utf8"))?.[1];
        expect(source, "a mermaid block in plan.md").to.not.equal(undefined);
        const graph = buildArchitecture(plan);
        const page = await browser.open(mermaidPage(source!, outDirectory), { width: 1800, height: 1200 });
        await page.waitForSelector("body[data-rendered]", { timeout: 30_000 });
        expect(await page.evaluate<string>("document.body.dataset.rendered")).to.equal("yes");
        expect(await page.evaluate<number>(`document.querySelectorAll("#out g.cluster").length`)).to.equal(graph.groups.length);
        expect(await page.evaluate<number>(`document.querySelectorAll("#out g.node").length`)).to.equal(graph.nodes.length);
        await screenshot(page, "mermaid.png");
    });

    it("shows drill simulate's report: a timeline row and a table row per predicted signal, guards, alarms, verdict", async () => {
        const stacks = loadProjectStacks(projectDir);
        const simulation = simulateDrill(stacks, findTarget(stacks, "seoul"));
        const file = path.join(outDirectory, "report.html");
        fs.writeFileSync(file, renderSimulationHtml(simulation));
        const page = await browser.open(file);
        await page.waitForSelector("body[data-ready=true]", { timeout: 10_000 });
        const ids = await page.evaluate<{ phase: string; rows: { id: string }[] }[]>(`JSON.parse(document.getElementById("report-data").textContent).phases`);
        await expectReport(page, { phases: ids.map((phase) => ({ phase: phase.phase, signals: phase.rows })) });
        expect(ids.flatMap((phase) => phase.rows.map((row) => row.id))).to.include.members(["health-check:seoul", "dns:failover@any", "dns:latency@korea", "accelerator@korea"]);
        expect(await page.locator("#verdict").getAttribute("data-outcome")).to.equal("predicted");
        await screenshot(page, "simulate-report.png", { fullPage: true });
    });

    it("shows a real drill's report (written by the run path beside its JSON and Markdown): measured rows match the JSON", async () => {
        const drill = fakeDrill();
        try {
            const result = await runDrill(drillOptions(), drill.deps);
            expect(result.files?.html, "report.html written").to.match(/\.html$/);
            const report = JSON.parse(fs.readFileSync(result.files!.json, "utf8")) as DrillReport;
            const page = await browser.open(result.files!.html);
            await expectReport(page, report);
            expect(await page.locator("#verdict").getAttribute("data-outcome")).to.equal(report.outcome);
            const guards = report.phases.flatMap((phase) => phase.signals.filter((signal) => signal.kind === "guard"));
            expect(await page.locator("section#guards tbody tr").count()).to.equal(guards.length).and.to.be.greaterThan(0);
            await screenshot(page, "run-report.png", { fullPage: true });
        } finally {
            drill.restore();
        }
    });
});

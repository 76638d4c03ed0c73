/**
 * `npm run docs:images`: regenerates the README's pictures in docs/images/ from the shipped
 * layout (examples/two-regions, as the README's figures): the architecture diagram of the offline
 * plan (architecture.svg) and a screenshot of `drill simulate --fail seoul`'s HTML report
 * (drill-report.png, taken with the system Chromium; scripts/chromium.ts says which).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { launchChromium } from "./chromium";
import { findProjectDirectory, readProject } from "../config/stackFiles";
import { renderSimulationHtml } from "../drill/report/html";
import { simulateDrill } from "../drill/simulate/simulate";
import { findTarget, loadProjectStacks } from "../drill/stacks";
import { buildArchitecture } from "../offline/diagram/graph";
import { renderSvg } from "../offline/diagram/graphviz";
import { planProject } from "../offline/planner";
import { figuresProject } from "./readmeFigures";

const projectDirectory = figuresProject;
const imagesDirectory = path.join(findProjectDirectory(), "docs", "images");
async function screenshot(htmlFile: string, pngFile: string): Promise<void> {
    const browser = await launchChromium();
    try {
        const page = await browser.open(htmlFile, { width: 1400, height: 1150 });
        await page.waitForSelector("body[data-ready=true]", { timeout: 15_000 });
        await page.screenshot({ path: pngFile });
        if (browser.errors.length > 0) {
            throw new Error(`the report logged errors in Chromium:\n${browser.errors.join("\n")}`);
        }
    } finally {
        await browser.close();
    }
}

async function main(): Promise<void> {
    fs.mkdirSync(imagesDirectory, { recursive: true });
    const plan = await planProject(readProject(projectDirectory));
    const diagram = path.join(imagesDirectory, "architecture.svg");
    fs.writeFileSync(diagram, await renderSvg(buildArchitecture(plan)));
    console.log(`wrote ${path.relative(process.cwd(), diagram)}`);

    const stacks = loadProjectStacks(projectDirectory);
    const html = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "docs-images-")), "report.html");
    fs.writeFileSync(html, renderSimulationHtml(simulateDrill(stacks, findTarget(stacks, "seoul"))));
    const png = path.join(imagesDirectory, "drill-report.png");
    await screenshot(html, png);
    console.log(`wrote ${path.relative(process.cwd(), png)}`);
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
});

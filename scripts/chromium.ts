/**
 * Headless Chromium for the browser tests (tests/browser/) and `npm run docs:images`: the system's
 * (CHROMIUM_PATH, else the first of {@link chromiumCandidates} there is), driven by playwright-core,
 * which never downloads a browser. Each launch gets a fresh profile, removed on close.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BrowserContext, chromium, ConsoleMessage, Page } from "playwright-core";

/**
 * Where the system browser is looked for, in order: Debian's chromium-headless-shell (Blink without
 * the desktop browser around it, what Playwright itself runs headless; the browser tests take about
 * a quarter less CPU with it: docs/testing.md), then Debian's chromium.
 */
export const chromiumCandidates: readonly string[] = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"];

/** True when `file` is there and executable. */
function executable(file: string): boolean {
    try {
        fs.accessSync(file, fs.constants.X_OK);
        return true;
    } catch {
        return false;
    }
}

/** The browser used: CHROMIUM_PATH, else the first candidate there is (the first when there is none). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? chromiumCandidates.find(executable) ?? chromiumCandidates[0];

/** Where the browser was looked for, for a message saying there is none. */
export const chromiumLookedFor = process.env.CHROMIUM_PATH !== undefined ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH}` : chromiumCandidates.join(" or ");

/** The flags the tests launch Chromium with: headless, sandbox-less (root in CI), and quiet on the network. */
export const chromiumFlags = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** True when the system browser is there. */
export function chromiumAvailable(): boolean {
    return executable(chromiumPath);
}

/** A browser with a fresh profile, and what its pages said on the console. */
export interface Browser {
    /** The context (one profile). */
    readonly context: BrowserContext;
    /** Console errors and page errors of every page, as `file: message`. */
    readonly errors: string[];
    /** A new page whose errors and failed requests are collected. */
    open(file: string, viewport?: { width: number; height: number }): Promise<Page>;
    /** Closes the browser and removes the profile. */
    close(): Promise<void>;
}

/** Launches the system Chromium with a fresh --user-data-dir. */
export async function launchChromium(): Promise<Browser> {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "chromium-profile-"));
    // playwright passes the profile as --user-data-dir; launchPersistentContext is how it takes one.
    const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: chromiumFlags });
    const errors: string[] = [];
    return {
        context,
        errors,
        async open(file, viewport = { width: 1400, height: 1000 }) {
            const page = await context.newPage();
            await page.setViewportSize(viewport);
            const name = path.basename(file);
            page.on("console", (message: ConsoleMessage) => {
                if (message.type() === "error") {
                    errors.push(`${name}: ${message.text()}`);
                }
            });
            page.on("pageerror", (error) => errors.push(`${name}: ${error.message}`));
            page.on("requestfailed", (request) => errors.push(`${name}: request failed ${request.url()}`));
            await page.goto(`file://${path.resolve(file)}`);
            return page;
        },
        async close() {
            await context.close();
            fs.rmSync(profile, { recursive: true, force: true });
        },
    };
}

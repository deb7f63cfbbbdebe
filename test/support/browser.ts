import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

// Browser tests run Debian's Chromium (the `chromium` package; .ci/run installs it when missing) through
// playwright-core; no test tool downloads a browser. Flags from the team's stack notes: no sandbox (root),
// no GPU, and nothing that phones home, in a fresh profile directory per launch.

export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots of the pages under test, kept as artefacts (git-ignored). */
export const ARTIFACTS_DIR = join(__dirname, '..', '..', 'test-artifacts', 'reports');

export interface TestBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium package (apt-get install -y chromium); .ci/run does it.`);
  const profile = mkdtempSync(join(tmpdir(), 'hf-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1100, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A real HTTP answer to hand to the page as the document (for routes the browser cannot call with GET). */
export interface ServedDocument {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface OpenedPage {
  readonly page: Page;
  /** Console errors, uncaught exceptions and Content-Security-Policy violations. */
  readonly errors: string[];
  /** Every request but the document itself (a self-contained page makes none), and failed ones. */
  readonly requests: string[];
}

/**
 * Opens `url` in a new page: from the network (a GET route of the running app), or answered with
 * `served` (the real answer of a POST route, its headers included, so its Content-Security-Policy is
 * enforced). Any other request is recorded and refused.
 */
export async function openPage(browser: TestBrowser, url: string, served?: ServedDocument): Promise<OpenedPage> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => requests.push(`failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  await page.route('**/*', async (route) => {
    const requested = route.request().url();
    if (requested !== url) {
      requests.push(requested);
      await route.abort();
    } else if (served !== undefined) {
      await route.fulfill({ status: served.status, headers: served.headers, body: served.body });
    } else {
      await route.continue();
    }
  });
  await page.exposeFunction('__reportCspViolation', (text: string) => errors.push(`csp: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response === null || response.status() !== 200) throw new Error(`${url} answered ${response?.status() ?? 'nothing'}`);
  return { page, errors, requests };
}

/** Saves a screenshot as an artefact: the whole page, or the viewport (`fullPage: false`, for SVG documents, which Playwright cannot measure). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** Headers of a supertest answer as plain strings. */
export function headersOf(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, Array.isArray(value) ? value.join(', ') : String(value)]));
}

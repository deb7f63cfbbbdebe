import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createTestApp } from '../support/app';
import { launchBrowser, screenshot, type TestBrowser } from '../support/browser';

/**
 * The security headers and the cross-site rules as a browser meets them: the Swagger UI at /docs renders
 * under the default Content-Security-Policy and may write (same origin), while a page served from another
 * origin cannot post a form or a fetch into the API.
 */
describe('Swagger UI and cross-site pages in Chromium', () => {
  let app: NestExpressApplication;
  let browser: TestBrowser;
  let base: string;
  let foreign: Server;
  let foreignBase: string;
  let spa: Server;
  let spaBase: string;

  async function serve(page: () => string): Promise<{ server: Server; origin: string }> {
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(page());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  }

  beforeAll(async () => {
    // Two other origins (other ports): the SPA's, listed in CORS_ORIGINS, and an attacker's page that tries to write.
    ({ server: spa, origin: spaBase } = await serve(() => '<!doctype html><title>SPA</title>'));
    ({ server: foreign, origin: foreignBase } = await serve(
      () =>
        `<!doctype html><form id="f" method="POST" action="${base}/flows/" enctype="text/plain">` +
        `<input name='{"name":"cross-site form","nodes":[],"edges":[],"a":"' value='"}'></form>`,
    ));
    app = await createTestApp({ env: { CORS_ORIGINS: spaBase } });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await new Promise<void>((resolve) => foreign?.close(() => resolve()));
    await new Promise<void>((resolve) => spa?.close(() => resolve()));
  });

  it('the SPA on its listed origin still posts JSON, reads results and reads `detail` of a problem (CORS, the security headers included)', async () => {
    const page = await browser.context.newPage();
    await page.goto(spaBase, { waitUntil: 'load' });
    const answers = await page.evaluate(async (api) => {
      const created = await fetch(`${api}/flows/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'from the SPA', nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } }) });
      const invalid = await fetch(`${api}/flows/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '', nodes: [[]], edges: [] }) });
      const agents = await fetch(`${api}/hedge-fund/agents`);
      return {
        created: { status: created.status, name: ((await created.json()) as { name: string }).name },
        invalid: { status: invalid.status, detail: ((await invalid.json()) as { detail: string }).detail },
        agents: { status: agents.status, count: ((await agents.json()) as { agents: unknown[] }).agents.length },
      };
    }, base);
    expect(answers.created).toEqual({ status: 200, name: 'from the SPA' });
    expect(answers.invalid.status).toBe(422);
    expect(answers.invalid.detail).toMatch(/name must be longer than or equal to 1 characters/);
    expect(answers.agents.status).toBe(200);
    expect(answers.agents.count).toBeGreaterThan(10);
    await page.close();
  });

  it('renders /docs with no Content-Security-Policy violation, and its same-origin writes go through', async () => {
    const page = await browser.context.newPage();
    const violations: string[] = [];
    const errors: string[] = [];
    await page.exposeFunction('__cspViolation', (text: string) => violations.push(text));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { __cspViolation(text: string): void }).__cspViolation(`${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    page.on('pageerror', (error) => errors.push(error.message));
    const response = await page.goto(`${base}/docs`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForSelector('.opblock', { timeout: 30_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(50);
    await screenshot(page, 'docs-under-csp');
    // What "Try it out" does: a same-origin fetch with an Origin header.
    const status = await page.evaluate(async () => {
      const res = await fetch('/flows/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'from the docs', nodes: [], edges: [] }) });
      return res.status;
    });
    expect(status).toBe(200);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a page on another origin cannot write: its form post is refused with 403, its fetch too', async () => {
    const page = await browser.context.newPage();
    await page.goto(foreignBase, { waitUntil: 'load' });
    const [formAnswer] = await Promise.all([page.waitForResponse((r) => r.url() === `${base}/flows/`), page.evaluate(() => (document.getElementById('f') as HTMLFormElement).submit())]);
    expect(formAnswer.status()).toBe(403);
    const second = await browser.context.newPage();
    await second.goto(foreignBase, { waitUntil: 'load' });
    const settled = new Promise<string>((resolve) => {
      second.on('requestfinished', (r) => void r.response().then((answer) => resolve(`status ${answer?.status()}`)));
      second.on('requestfailed', (r) => resolve(`blocked ${r.failure()?.errorText ?? ''}`));
    });
    const fetchAnswer = await second.evaluate(async (url) => {
      try {
        const res = await fetch(url, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"name":"cross-site fetch","nodes":[],"edges":[]}' });
        return res.type;
      } catch (error) {
        return `failed: ${(error as Error).message}`;
      }
    }, `${base}/flows/`);
    // The page learns nothing either way: an opaque answer, or a network error (helmet's Cross-Origin-Resource-Policy).
    expect(['opaque', 'failed: Failed to fetch']).toContain(fetchAnswer);
    // The request left the page (the browser sends no-cors writes); the answer was a 403, or blocked before the page saw it.
    expect(await settled).toMatch(/^(status 403|blocked net::ERR_BLOCKED_BY_RESPONSE)/);
    const names = ((await (await fetch(`${base}/flows/`)).json()) as { name: string }[]).map((f) => f.name);
    expect(names).toContain('from the docs');
    expect(names.filter((name) => name.startsWith('cross-site'))).toEqual([]);
    await second.close();
    await page.close();
  });
});

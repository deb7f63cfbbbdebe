import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { runMetricsCli } from '../../src/cli/metrics';
import { createTestApp } from '../support/app';
import { headersOf, launchBrowser, openPage, screenshot, type TestBrowser } from '../support/browser';
import { metricMismatches, periodReturns, readCharts, readHeatmap, readKeyMetrics, sortTableBy } from '../support/report-checks';

/** Three years of business days from a seeded random walk, with a trade every fourth day. */
function sampleBody(): { equity: { date: string; value: number }[]; trades: { pnl: number; risk: number; exit_date: string; ticker: string }[] } {
  let seed = 99;
  const random = (): number => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const equity: { date: string; value: number }[] = [];
  const trades: { pnl: number; risk: number; exit_date: string; ticker: string }[] = [];
  let value = 250_000;
  for (let t = Date.UTC(2021, 11, 31); equity.length < 760; t += 86_400_000) {
    const weekday = new Date(t).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const date = new Date(t).toISOString().slice(0, 10);
    equity.push({ date, value: Math.round(value * 100) / 100 });
    value *= 1 + (random() - 0.48) * 0.03;
    if (equity.length % 4 === 0) trades.push({ pnl: Math.round((random() - 0.45) * 200_000) / 100, risk: 500, exit_date: date, ticker: random() < 0.5 ? 'AAPL' : 'MSFT' });
  }
  return { equity, trades };
}

describe('POST /metrics/report.html in Chromium', () => {
  let app: NestExpressApplication;
  let browser: TestBrowser;

  beforeAll(async () => {
    app = await createTestApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('renders with no error and no request, its charts drawn and its numbers those of POST /metrics', async () => {
    const body = sampleBody();
    const json = (await request(app.getHttpServer()).post('/metrics').send(body).expect(200)).body as Record<string, unknown> & { daily_pnl: { dates: string[]; equity: number[] } };
    const html = await request(app.getHttpServer()).post('/metrics/report.html').send(body).expect(200);
    const url = 'http://127.0.0.1/metrics/report.html';
    const { page, errors, requests } = await openPage(browser, url, { status: 200, headers: headersOf(html.headers), body: html.text });
    try {
      await screenshot(page, 'metrics-report');
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);

      const charts = await readCharts(page);
      expect(charts.map((c) => c.id)).toEqual(['equity', 'underwater', 'daily-pnl', 'return-histogram', 'rolling-sharpe']);
      for (const chart of charts) {
        expect(chart.paths).toBeGreaterThan(5);
        expect(chart.width).toBeGreaterThan(600);
      }

      const shown = await readKeyMetrics(page);
      expect(shown.length).toBeGreaterThan(40);
      expect(metricMismatches(shown, { metrics: json, counters: null })).toEqual([]);

      const expectedPeriods = periodReturns(json.start_value as number, json.daily_pnl);
      const heatmap = await readHeatmap(page);
      expect(heatmap.map(([period]) => period).sort()).toEqual([...expectedPeriods.keys()].sort());
      for (const [period, value, text] of heatmap) {
        expect(value).toBeCloseTo(expectedPeriods.get(period) as number, 12);
        expect(text).toBe(((expectedPeriods.get(period) as number) * 100).toFixed(1));
      }

      expect(await page.locator('[data-synthetic]').count()).toBe(0);
      const pnls = body.trades.map((t) => t.pnl);
      const ascending = (await sortTableBy(page, 'P&L')).map(Number);
      expect(ascending).toEqual([...pnls].sort((a, b) => a - b));
      const descending = (await sortTableBy(page, 'P&L')).map(Number);
      expect(descending).toEqual([...pnls].sort((a, b) => b - a));
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the file of npm run metrics -- --html opens from disk under its own policy (meta tag), charts drawn, no error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reports-browser-'));
    try {
      const body = sampleBody();
      writeFileSync(join(dir, 'equity.csv'), ['date,value', ...body.equity.map((p) => `${p.date},${p.value}`)].join('\n'));
      const lines: string[] = [];
      expect(runMetricsCli([join(dir, 'equity.csv'), '--html', 'curve.html', '--out', dir], { out: (l) => lines.push(l), err: (l) => lines.push(l) })).toBe(0);
      const { page, errors, requests } = await openPage(browser, `file://${join(dir, 'curve.html')}`);
      try {
        await screenshot(page, 'metrics-cli-file');
        const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
        expect(policy).toMatch(/^default-src 'none'; script-src 'sha256-/);
        expect((await readCharts(page)).map((c) => [c.id, c.paths > 5])).toEqual([
          ['equity', true],
          ['underwater', true],
          ['daily-pnl', true],
          ['return-histogram', true],
          ['rolling-sharpe', true],
        ]);
        expect(errors).toEqual([]);
        expect(requests).toEqual([]);
      } finally {
        await page.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

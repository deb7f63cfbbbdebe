import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';
import { launchBrowser, openPage, screenshot, type TestBrowser } from '../support/browser';
import { createFlow, persistedFuturesRun, persistedHedgeFundBacktest } from '../support/persisted-runs';
import { metricMismatches, periodReturns, readCharts, readHeatmap, readKeyMetrics, sortTradesBy } from '../support/report-checks';

interface StoredRun {
  results: {
    metrics: Record<string, unknown> & { start_value: number; daily_pnl: { dates: string[]; equity: number[] } };
    counters?: Record<string, number>;
    trades: { pnl: number }[];
    rules?: unknown[];
    verdict?: { status: string };
    benchmark?: { ticker: string; metrics: Record<string, unknown> };
    ticker_pnl?: { ticker: string; total_pnl: number }[];
  };
}

describe('persisted run reports in Chromium', () => {
  let app: NestExpressApplication;
  let browser: TestBrowser;
  let base: string;
  let flowId: number;

  beforeAll(async () => {
    app = await createTestApp({ env: { SSE_HEARTBEAT_MS: '60000' } });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
    flowId = await createFlow(app, 'reports in the browser');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Opens the run's report from the running server and checks what every report must satisfy. */
  async function checkReport(runId: number, name: string, charts: string[]): Promise<{ run: StoredRun; page: Awaited<ReturnType<typeof openPage>>['page'] }> {
    const run = (await request(app.getHttpServer()).get(`/flows/${flowId}/runs/${runId}`).expect(200)).body as StoredRun;
    const { page, errors, requests } = await openPage(browser, `${base}/flows/${flowId}/runs/${runId}/report.html`);
    await screenshot(page, name);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);

    const drawn = await readCharts(page);
    expect(drawn.map((c) => c.id)).toEqual(charts);
    for (const chart of drawn) {
      expect(chart.paths).toBeGreaterThan(3);
      expect(chart.width).toBeGreaterThan(600);
    }
    const sources = { metrics: run.results.metrics, counters: run.results.counters ?? null, benchmark: run.results.benchmark?.metrics ?? null };
    expect(metricMismatches(await readKeyMetrics(page), sources)).toEqual([]);

    const expected = periodReturns(run.results.metrics.start_value, run.results.metrics.daily_pnl);
    const heatmap = await readHeatmap(page);
    expect(heatmap.map(([period]) => period).sort()).toEqual([...expected.keys()].sort());
    for (const [period, value, text] of heatmap) {
      expect(value).toBeCloseTo(expected.get(period) as number, 12);
      expect(text).toBe(((expected.get(period) as number) * 100).toFixed(1));
    }
    await expect(page.locator('[data-synthetic="true"]').count()).resolves.toBe(1);
    const pnls = run.results.trades.map((t) => t.pnl);
    expect((await sortTradesBy(page, 'P&L')).map(Number)).toEqual([...pnls].sort((a, b) => a - b));
    expect(errors).toEqual([]);
    return { run, page };
  }

  it('a futures backtest: balance with the loss-limit floor, target and start lines; verdict, rules, R multiples', async () => {
    const runId = await persistedFuturesRun(app, flowId);
    const { run, page } = await checkReport(runId, 'futures-run-report', ['equity', 'underwater', 'daily-pnl', 'return-histogram', 'rolling-sharpe', 'r-multiples']);
    try {
      const legend = await page.locator('figure[data-chart="equity"] svg text').allTextContents();
      expect(legend).toEqual(expect.arrayContaining(['Balance (end of session)', 'Maximum loss limit floor', 'Profit target $53,000.00', 'Start balance $50,000.00']));
      await expect(page.locator('[data-verdict]').getAttribute('data-verdict')).resolves.toBe(run.results.verdict?.status);
      await expect(page.locator('table[data-table="rules"] tbody tr').count()).resolves.toBe(run.results.rules?.length);
    } finally {
      await page.close();
    }
  });

  it('a hedge-fund backtest: equity with its benchmark, drawdown, P&L by ticker, trades of the round trips', async () => {
    const runId = await persistedHedgeFundBacktest(app, flowId);
    const { run, page } = await checkReport(runId, 'hedge-fund-run-report', ['equity', 'underwater', 'daily-pnl', 'return-histogram', 'rolling-sharpe', 'ticker-pnl']);
    try {
      const legend = await page.locator('figure[data-chart="equity"] svg text').allTextContents();
      expect(legend).toEqual(expect.arrayContaining(['Equity', 'SPY buy and hold']));
      const byTicker = await page.$$eval('#ticker-pnl-table tbody tr', (rows) => rows.map((row) => { const cells = (row as HTMLTableRowElement).cells; return [cells[0].textContent, Number(cells[3].getAttribute('data-v'))]; }));
      expect(byTicker).toEqual((run.results.ticker_pnl ?? []).map((t) => [t.ticker, t.total_pnl]));
      await expect(page.locator('#trades-table tbody tr').count()).resolves.toBe(run.results.trades.length);
      const marker = await page.locator('figure[data-chart="underwater"] svg text').allTextContents();
      const deepest = run.results.metrics.max_drawdown_details as { drawdown_pct: number; trough_date: string };
      expect(marker).toContain(`deepest ${deepest.drawdown_pct.toFixed(2)} % on ${deepest.trough_date}`);
    } finally {
      await page.close();
    }
  }, 120_000);
});

import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';
import { launchBrowser, openPage, screenshot, type TestBrowser } from '../support/browser';
import { createFlow, persistedFuturesRun, persistedHedgeFundBacktest, persistedSweepRun } from '../support/persisted-runs';
import { metricMismatches, periodReturns, readCharts, readHeatmap, readKeyMetrics, sortTableBy } from '../support/report-checks';

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
    expect((await sortTableBy(page, 'P&L')).map(Number)).toEqual([...pnls].sort((a, b) => a - b));
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

  it('a futures sweep: the ranking as stored with the best highlighted, sorting by any column; the stitched out-of-sample equity drawn', async () => {
    const runId = await persistedSweepRun(app, flowId);
    const { results } = (await request(app.getHttpServer()).get(`/flows/${flowId}/runs/${runId}`).expect(200)).body as {
      results: { ranking: { rank: number; index: number; params: { target_r: number; entry_mode: string }; score: { net_pnl: number; sharpe: number | null } }[]; best: { index: number }; walk_forward: { windows: unknown[] } };
    };
    const { page, errors, requests } = await openPage(browser, `${base}/flows/${flowId}/runs/${runId}/report.html`);
    try {
      await screenshot(page, 'futures-sweep-report');
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      const drawn = await readCharts(page);
      expect(drawn.map((c) => c.id)).toEqual(['stitched-equity']);
      expect(drawn[0].paths).toBeGreaterThan(3);
      expect(drawn[0].width).toBeGreaterThan(600);
      const legend = await page.locator('figure[data-chart="stitched-equity"] svg text').allTextContents();
      expect(legend).toEqual(expect.arrayContaining(['Stitched equity', 'Start equity $50,000.00']));
      await expect(page.locator('[data-synthetic="true"]').count()).resolves.toBe(1);

      const shown = await page.$$eval('#ranking-table tbody tr', (rows) => rows.map((row) => [row.getAttribute('data-best') === 'true', ...Array.from((row as HTMLTableRowElement).cells, (cell) => cell.getAttribute('data-v'))]));
      expect(shown.map((row) => row.slice(0, 6))).toEqual(results.ranking.map((r) => [r.index === results.best.index, String(r.rank), String(r.index), String(r.params.target_r), r.params.entry_mode, String(r.score.net_pnl)]));
      const best = page.locator('#ranking-table tr[data-best="true"] td').first();
      await expect(best.evaluate((cell) => getComputedStyle(cell).backgroundColor)).resolves.toBe('rgb(218, 251, 225)');
      await expect(page.locator('#ranking-table tbody tr').nth(1).locator('td').first().evaluate((cell) => getComputedStyle(cell).backgroundColor)).resolves.not.toBe('rgb(218, 251, 225)');

      const pnls = results.ranking.map((r) => r.score.net_pnl);
      expect((await sortTableBy(page, 'Net P&L', 'ranking-table')).map(Number)).toEqual([...pnls].sort((a, b) => a - b));
      expect((await sortTableBy(page, 'Net P&L', 'ranking-table')).map(Number)).toEqual([...pnls].sort((a, b) => b - a));
      const modes = results.ranking.map((r) => r.params.entry_mode);
      expect(await sortTableBy(page, 'entry_mode', 'ranking-table')).toEqual([...modes].sort());
      const ranks = await sortTableBy(page, 'Rank', 'ranking-table');
      expect(ranks.map(Number)).toEqual(results.ranking.map((r) => r.rank));
      await expect(page.locator('#windows-table tbody tr').count()).resolves.toBe(results.walk_forward.windows.length);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

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

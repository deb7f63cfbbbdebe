import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';
import { createFlow, persistedFuturesRun, persistedHedgeFundBacktest } from '../support/persisted-runs';

/** `data-key` → `data-value` of every key-metric cell. */
function keyMetrics(html: string): Map<string, unknown> {
  return new Map([...html.matchAll(/data-key="([^"]+)" data-value="([^"]*)"/g)].map((m) => [m[1], JSON.parse(m[2].replace(/&quot;/g, '"')) as unknown]));
}

function jsonAt(source: unknown, path: string): unknown {
  let value = source;
  for (const part of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  return value === undefined ? null : value;
}

describe('GET /flows/{flow_id}/runs/{run_id}/report.html', () => {
  let app: NestExpressApplication;
  let flowId: number;

  beforeAll(async () => {
    app = await createTestApp({ env: { SSE_HEARTBEAT_MS: '60000' } });
    flowId = await createFlow(app, 'reports e2e');
  });

  afterAll(async () => {
    await app.close();
  });

  const get = (path: string) => request(app.getHttpServer()).get(path);
  const put = (path: string, body: Record<string, unknown>) => request(app.getHttpServer()).put(path).send(body).expect(200);

  it('shows a persisted futures run with the numbers of its stored results', async () => {
    const runId = await persistedFuturesRun(app, flowId);
    const run = (await get(`/flows/${flowId}/runs/${runId}`).expect(200)).body as { results: Record<string, unknown> };
    const res = await get(`/flows/${flowId}/runs/${runId}/report.html`).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'sha256-/);
    const shown = keyMetrics(res.text);
    expect(shown.size).toBeGreaterThan(40);
    for (const [key, value] of shown) {
      const [source, ...path] = key.split('.');
      expect([key, value]).toEqual([key, jsonAt(source === 'metrics' ? run.results.metrics : run.results.counters, path.join('.'))]);
    }
    expect(shown.get('counters.opening_range_breaks')).toBe((run.results.counters as Record<string, number>).opening_range_breaks);
    expect(res.text).toContain(`data-verdict="${(run.results.verdict as { status: string }).status}"`);
    expect(res.text.match(/<tr data-rule=/g)).toHaveLength((run.results.rules as unknown[]).length);
    expect(res.text).toContain('data-synthetic="true"');
    expect(res.text).toContain('Profit target $53,000.00');
    expect(res.text).toContain('data-chart="r-multiples"');
  });

  it('shows a persisted hedge-fund backtest with the numbers of its stored results', async () => {
    const runId = await persistedHedgeFundBacktest(app, flowId);
    const run = (await get(`/flows/${flowId}/runs/${runId}`).expect(200)).body as {
      results: { metrics: Record<string, unknown>; trades: unknown[]; benchmark: { metrics: Record<string, unknown> }; ticker_pnl: { ticker: string; total_pnl: number }[] };
    };
    const res = await get(`/flows/${flowId}/runs/${runId}/report.html`).expect(200);
    const shown = keyMetrics(res.text);
    const sources: Record<string, unknown> = { metrics: run.results.metrics, counters: null, benchmark: run.results.benchmark.metrics };
    for (const [key, value] of shown) {
      const [source, ...path] = key.split('.');
      expect([key, value]).toEqual([key, jsonAt(sources[source], path.join('.'))]);
    }
    expect(typeof shown.get('benchmark.beta')).toBe('number');
    expect(res.text).toContain('SPY buy and hold');
    expect(res.text).toContain('data-chart="ticker-pnl"');
    for (const row of run.results.ticker_pnl) expect(res.text).toContain(`<td data-v="${row.ticker}">${row.ticker}</td>`);
    expect(shown.get('metrics.total_trades')).toBe(run.results.trades.length);
    expect(res.text).toContain(`<h2>Trades (${run.results.trades.length})</h2>`);
    expect(res.text).toContain('Hedge-fund backtest: AAPL, MSFT, NVDA');
    expect(res.text).toContain('data-synthetic="true"');
  }, 120_000);

  it('404 for an unknown flow, an unknown run, or a run of another flow', async () => {
    const runId = (await request(app.getHttpServer()).post(`/flows/${flowId}/runs/`).send({ kind: 'backtest' }).expect(200)).body.id as number;
    const otherFlow = await createFlow(app, 'another');
    const missingFlow = await get(`/flows/999999/runs/${runId}/report.html`).expect(404);
    expect(missingFlow.headers['content-type']).toMatch(/^application\/problem\+json/);
    await get(`/flows/${flowId}/runs/999999/report.html`).expect(404);
    await get(`/flows/${otherFlow}/runs/${runId}/report.html`).expect(404);
    await get(`/flows/${flowId}/runs/abc/report.html`).expect(422);
  });

  it('409 while a run is not COMPLETE, naming its status', async () => {
    const runId = (await request(app.getHttpServer()).post(`/flows/${flowId}/runs/`).send({ kind: 'backtest' }).expect(200)).body.id as number;
    const idle = await get(`/flows/${flowId}/runs/${runId}/report.html`).expect(409);
    expect(idle.body.detail).toBe(`Run ${runId} is IDLE; its report exists once the run is COMPLETE.`);
    await put(`/flows/${flowId}/runs/${runId}`, { status: 'IN_PROGRESS' });
    expect((await get(`/flows/${flowId}/runs/${runId}/report.html`).expect(409)).body.detail).toContain('IN_PROGRESS');
    await put(`/flows/${flowId}/runs/${runId}`, { status: 'ERROR', error_message: 'data provider down' });
    expect((await get(`/flows/${flowId}/runs/${runId}/report.html`).expect(409)).body.detail).toBe(`Run ${runId} ended ERROR (data provider down); only a COMPLETE run has a report.`);
  });

  it('422 for a single run and for results without an equity curve', async () => {
    const single = (await request(app.getHttpServer()).post(`/flows/${flowId}/runs/`).send({ kind: 'run' }).expect(200)).body.id as number;
    await put(`/flows/${flowId}/runs/${single}`, { status: 'IN_PROGRESS' });
    await put(`/flows/${flowId}/runs/${single}`, { status: 'COMPLETE', results: { decisions: {} } });
    const res = await get(`/flows/${flowId}/runs/${single}/report.html`).expect(422);
    expect(res.body.detail).toContain('kind "run"');
    expect(res.body.errors).toEqual([{ field: 'run_id', message: res.body.detail }]);

    const empty = (await request(app.getHttpServer()).post(`/flows/${flowId}/runs/`).send({ kind: 'backtest' }).expect(200)).body.id as number;
    await put(`/flows/${flowId}/runs/${empty}`, { status: 'IN_PROGRESS' });
    await put(`/flows/${flowId}/runs/${empty}`, { status: 'COMPLETE', results: { metrics: null } });
    expect((await get(`/flows/${flowId}/runs/${empty}/report.html`).expect(422)).body.detail).toContain('no metrics');

    const broken = (await request(app.getHttpServer()).post(`/flows/${flowId}/runs/`).send({ kind: 'futures_backtest' }).expect(200)).body.id as number;
    await put(`/flows/${flowId}/runs/${broken}`, { status: 'IN_PROGRESS' });
    const metrics = { start_date: '2024-01-02', start_value: 100, daily_pnl: [{ date: '2024-01-03', equity: 101 }, { date: '2024-01-03', equity: 102 }] };
    await put(`/flows/${flowId}/runs/${broken}`, { status: 'COMPLETE', results: { metrics } });
    expect((await get(`/flows/${flowId}/runs/${broken}/report.html`).expect(422)).body.detail).toContain('stored equity curve is not valid');

    const columns = (await request(app.getHttpServer()).post(`/flows/${flowId}/runs/`).send({ kind: 'futures_backtest' }).expect(200)).body.id as number;
    await put(`/flows/${flowId}/runs/${columns}`, { status: 'IN_PROGRESS' });
    const ragged = { start_date: '2024-01-02', start_value: 100, daily_pnl: { dates: ['2024-01-03', '2024-01-04'], equity: [101] } };
    await put(`/flows/${flowId}/runs/${columns}`, { status: 'COMPLETE', results: { metrics: ragged } });
    expect((await get(`/flows/${flowId}/runs/${columns}/report.html`).expect(422)).body.detail).toContain('metrics.daily_pnl.dates and metrics.daily_pnl.equity differ in length');
  });
});

import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';
import { createFlow, persistedFuturesRun, persistedHedgeFundBacktest, persistedSweepRun, SWEEP_BODY } from '../support/persisted-runs';
import { sortableRows } from '../support/report-checks';

/** `data-key` → `data-value` of every key-metric cell. */
function keyMetrics(html: string): Map<string, unknown> {
  return new Map([...html.matchAll(/data-key="([^"]+)" data-value="([^"]*)"/g)].map((m) => [m[1], JSON.parse(m[2].replace(/&quot;/g, '"')) as unknown]));
}

function jsonAt(source: unknown, path: string): unknown {
  let value = source;
  for (const part of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  return value === undefined ? null : value;
}

interface SweepScore {
  net_pnl: number;
  net_pnl_after_fees: number;
  profit_factor: number | null;
  sharpe: number | null;
  trades: number;
  passed: number;
  failed: number;
}
interface SweepResults {
  period: { sessions: number };
  ranking: { rank: number; index: number; params: { target_r: number; entry_mode: string }; score: SweepScore }[];
  best: { index: number };
  walk_forward: {
    windows: { train: { start_date: string; end_date: string }; test: { start_date: string; end_date: string; sessions: number }; chosen: { params: { target_r: number; entry_mode: string } } }[];
    stitched: { daily: unknown[] };
  };
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

  it('shows a persisted futures sweep: its ranking row for row, the best highlighted, the walk-forward as stored', async () => {
    const runId = await persistedSweepRun(app, flowId);
    const run = (await get(`/flows/${flowId}/runs/${runId}`).expect(200)).body as { kind: string; results: SweepResults };
    expect(run.kind).toBe('futures_sweep');
    const { results } = run;
    const res = await get(`/flows/${flowId}/runs/${runId}/report.html`).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-/);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');

    const ranking = sortableRows(res.text, 'ranking-table');
    expect(ranking.map((r) => r.cells)).toEqual(
      results.ranking.map((r) => [r.rank, r.index, r.params.target_r, r.params.entry_mode, r.score.net_pnl, r.score.net_pnl_after_fees, r.score.profit_factor, r.score.sharpe, r.score.trades, r.score.passed, r.score.failed].map((v) => (v === null ? '' : String(v)))),
    );
    expect(ranking.map((r) => r.best)).toEqual(results.ranking.map((r) => r.index === results.best.index));
    const windows = sortableRows(res.text, 'windows-table');
    expect(results.walk_forward.windows.length).toBeGreaterThanOrEqual(3);
    expect(windows.map((w) => [w.cells[1], w.cells[3], w.cells[4], w.cells[6], w.cells[7]])).toEqual(
      results.walk_forward.windows.map((w) => [`${w.train.start_date} → ${w.train.end_date}`, `${w.test.start_date} → ${w.test.end_date}`, String(w.test.sessions), String(w.chosen.params.target_r), w.chosen.params.entry_mode]),
    );
    const figures = keyMetrics(res.text);
    expect([...figures.keys()]).toEqual(expect.arrayContaining(['best.score.net_pnl', 'walk_forward.stitched.net_pnl', 'walk_forward.degradation.efficiency', 'walk_forward.degradation.net_pnl_per_session.out_of_sample']));
    for (const [key, value] of figures) expect([key, value]).toEqual([key, jsonAt(results, key)]);
    expect(res.text).toContain('<figure data-chart="stitched-equity"><svg');
    expect(res.text).toContain(`${results.walk_forward.stitched.daily.length} points: the equity after each test session`);
    expect(res.text).toContain('<h1>MES parameter sweep · 50K combine · 4 combinations by net_pnl</h1>');
    expect(res.text).toContain(`<dd data-field="period">${SWEEP_BODY.start_date} → ${SWEEP_BODY.end_date} (${results.period.sessions} sessions)</dd>`);
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

    const sweep = (await request(app.getHttpServer()).post(`/flows/${flowId}/runs/`).send({ kind: 'futures_sweep' }).expect(200)).body.id as number;
    await put(`/flows/${flowId}/runs/${sweep}`, { status: 'IN_PROGRESS' });
    const row = { rank: 1, index: 0, params: { target_r: 2 }, score: { net_pnl: 'a lot', trades: 3 } };
    await put(`/flows/${flowId}/runs/${sweep}`, { status: 'COMPLETE', results: { objective: 'net_pnl', parameters: [], period: {}, ranking: [row], best: row } });
    const malformed = await get(`/flows/${flowId}/runs/${sweep}/report.html`).expect(422);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(malformed.body.detail).toBe(`Run ${sweep} has no report: results.ranking[0].score.net_pnl is not a number.`);
    expect(malformed.body.errors).toEqual([{ field: 'run_id', message: malformed.body.detail }]);
  });
});

// A backtest as the SPA runs it, checked against an independent ledger: the streamed fills replayed with
// exact arithmetic must give the same fills, cash, values, round trips and trade metrics, and every decision
// must be what the rule portfolio manager answers to the streamed signals (a manager that always holds fails).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';
import { comparable, expectedTradeStats, type ExpectedTrade, replayDays, type ReplayDay } from '../support/independent-ledger';
import { collectText, parseSse } from '../support/sse';

const TICKERS = ['AAPL', 'MSFT', 'NVDA'];
const ANALYST = 'technical_analyst_ab12cd';
const PM = 'portfolio_manager_xy34zw';
const START = 'portfolio-start-node_qq11qq';
const BODY = {
  tickers: TICKERS,
  graph_nodes: [
    { id: ANALYST, type: 'agent-node', data: { name: 'Technical Analyst' }, position: { x: 0, y: 0 } },
    { id: PM, type: 'portfolio-manager-node', data: { name: 'Portfolio Manager' }, position: { x: 400, y: 0 } },
  ],
  graph_edges: [
    { id: `${START}-${ANALYST}`, source: START, target: ANALYST },
    { id: `${ANALYST}-${PM}`, source: ANALYST, target: PM },
  ],
  start_date: '2024-02-01',
  end_date: '2024-07-31',
  initial_capital: 100_000,
  margin_requirement: 0.5,
  benchmark: ' spy',
};

type Bar = { time: string; open: number; close: number };
type Progress = { agent: string; status: string; analysis: string | null };
type OpenTrade = ExpectedTrade & { unrealized_pnl: number; mark_price: number; mark_date: string };

describe('hedge-fund backtest trades (e2e, replayed through an independent ledger)', () => {
  let app: NestExpressApplication;
  let days: ReplayDay[];
  let data: {
    performance_metrics: Record<string, unknown>;
    metrics: Record<string, unknown>;
    trades: ExpectedTrade[];
    open_trades: OpenTrade[];
    final_portfolio: { cash: number };
    equity_curve: { date: string; value: number }[];
    ticker_pnl: { ticker: string; realized_pnl: number; unrealized_pnl: number; total_pnl: number; contribution_pct: number }[];
    benchmark: { ticker: string; equity_curve: { date: string; value: number }[]; metrics: Record<string, number | null> };
  };
  let flowId: number;
  let runId: number;
  const bars = new Map<string, Map<string, Bar>>();
  // An empty CSV directory: every ticker is unknown to the csv provider.
  const emptyCsvDir = mkdtempSync(join(tmpdir(), 'hf-trades-csv-'));

  beforeAll(async () => {
    app = await createTestApp({ env: { SSE_HEARTBEAT_MS: '60000', MARKET_DATA_CSV_DIR: emptyCsvDir } });
    for (const ticker of [...TICKERS, 'SPY']) {
      const res = await request(app.getHttpServer()).get('/market-data/prices').query({ ticker, start_date: '2024-01-01', end_date: '2024-12-31' }).expect(200);
      bars.set(ticker, new Map((res.body.prices as Bar[]).map((bar) => [bar.time, bar])));
    }
    flowId = (await request(app.getHttpServer()).post('/flows/').send({ name: 'trades e2e', nodes: [], edges: [] }).expect(200)).body.id as number;
    const res = await request(app.getHttpServer())
      .post('/hedge-fund/backtest')
      .send({ ...BODY, flow_id: flowId })
      .buffer(true)
      .parse(collectText)
      .expect(200);
    const frames = parseSse(res.body as string);
    runId = (frames[0].data as { run_id: number }).run_id;
    const last = frames[frames.length - 1];
    expect(last.event).toBe('complete');
    data = (last.data as { data: typeof data }).data;
    days = frames
      .filter((f) => f.event === 'progress' && (f.data as Progress).agent === 'backtest' && (f.data as Progress).analysis !== null)
      .map((f) => JSON.parse((f.data as Progress).analysis as string) as ReplayDay);
  }, 120_000);

  afterAll(async () => {
    await app.close();
    rmSync(emptyCsvDir, { recursive: true, force: true });
  });

  const price = (field: 'open' | 'close') => (ticker: string, date: string): number => {
    const bar = bars.get(ticker)?.get(date);
    if (bar === undefined) throw new Error(`no ${ticker} bar on ${date}`);
    return bar[field];
  };

  it('streams fills, cash, values, closed trades and decisions that the independent ledger and manager reproduce', () => {
    const ledger = replayDays(days, { tickers: TICKERS, initial_cash: BODY.initial_capital, margin_requirement: BODY.margin_requirement, open: price('open'), close: price('close') });
    const filled = days.flatMap((d) => d.fills.filter((f) => f.quantity > 0));
    // not vacuous: both sides traded and round trips closed
    expect(new Set(filled.map((f) => f.action))).toEqual(new Set(['buy', 'sell', 'short', 'cover']));
    expect(ledger.trades.length).toBeGreaterThanOrEqual(4);

    expect(data.trades.map(comparable)).toEqual(ledger.trades.map(comparable));
    expect(data.final_portfolio.cash).toBe(ledger.cash());
    const lastDay = days[days.length - 1];
    const open = ledger.openTrades(lastDay.current_prices);
    expect(data.open_trades.map((t) => [t.ticker, t.side, t.entry_date, t.quantity, Math.round(t.entry_price * 1e9), t.unrealized_pnl, t.mark_price, t.mark_date])).toEqual(
      open.map((t) => [t.ticker, t.side, t.entry_date, t.quantity, Math.round(t.entry_price * 1e9), t.unrealized_pnl, lastDay.current_prices[t.ticker], lastDay.date]),
    );
    // the books balance to the cent
    const cents = (x: number) => Math.round(x * 100);
    expect(cents(lastDay.portfolio_value) - cents(BODY.initial_capital)).toBe(
      data.trades.reduce((s, t) => s + cents(t.pnl), 0) + data.open_trades.reduce((s, t) => s + cents(t.unrealized_pnl), 0),
    );
  });

  it('gives the metrics every trade statistic, and the SPA numbers only in performance_metrics', () => {
    const stats = expectedTradeStats(data.trades);
    expect(data.metrics).toMatchObject({ total_trades: stats.total_trades, winning_trades: stats.winning_trades, losing_trades: stats.losing_trades });
    for (const key of ['win_rate', 'average_win', 'average_loss', 'profit_factor', 'expectancy'] as const) {
      const expected = stats[key];
      if (expected === null) expect(data.metrics[key]).toBeNull();
      else expect(data.metrics[key]).toBeCloseTo(expected, 9);
    }
    const headline = data.performance_metrics;
    expect(headline.total_trades).toBe(stats.total_trades);
    expect(headline.win_rate).toBeCloseTo(stats.win_rate as number, 12);
    expect(headline.total_return).toBeCloseTo(days[days.length - 1].portfolio_value / BODY.initial_capital - 1, 12);
    for (const [key, value] of Object.entries(headline)) {
      if (key === 'max_drawdown_date') expect(value === null || typeof value === 'string').toBe(true);
      else if (key === 'sortino_ratio' || key === 'long_short_ratio') expect(value === null || typeof value === 'number').toBe(true);
      else expect([key, typeof value]).toEqual([key, 'number']);
    }
  });

  it('holds the benchmark beside the equity and measures against it (quantstats conventions)', () => {
    // buy and hold SPY with the starting value at the close of the curve's first date
    const spy = bars.get('SPY') as Map<string, Bar>;
    const dates = data.equity_curve.map((p) => p.date);
    const closeOn = (date: string) => [...spy.values()].filter((b) => b.time <= date).pop()?.close as number;
    const base = closeOn(dates[0]);
    expect(data.benchmark.ticker).toBe('SPY');
    expect(data.benchmark.equity_curve.map((p) => p.date)).toEqual(dates);
    data.benchmark.equity_curve.forEach((p, i) => expect(p.value).toBeCloseTo((BODY.initial_capital * closeOn(dates[i])) / base, 6));

    // two-pass statistics over the daily returns
    const returns = (values: number[]) => values.slice(1).map((v, i) => v / values[i] - 1);
    const r = returns(data.equity_curve.map((p) => p.value));
    const b = returns(data.benchmark.equity_curve.map((p) => p.value));
    const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const cov = (xs: number[], ys: number[]) => {
      const [mx, my] = [avg(xs), avg(ys)];
      return xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / (xs.length - 1);
    };
    const beta = cov(r, b) / cov(b, b);
    const active = r.map((x, i) => x - b[i]);
    expect(data.benchmark.metrics.beta).toBeCloseTo(beta, 9);
    expect(data.benchmark.metrics.alpha).toBeCloseTo((avg(r) - beta * avg(b)) * 252, 9);
    expect(data.benchmark.metrics.correlation).toBeCloseTo(cov(r, b) / Math.sqrt(cov(r, r) * cov(b, b)), 9);
    expect(data.benchmark.metrics.information_ratio).toBeCloseTo(avg(active) / Math.sqrt(cov(active, active)), 9);
    expect(data.performance_metrics.beta).toBe(data.benchmark.metrics.beta);
    expect(data.performance_metrics.information_ratio).toBe(data.benchmark.metrics.information_ratio);
  });

  it('attributes the P&L per ticker: realized + unrealized, contributions adding up to the total return', () => {
    const cents = (x: number) => Math.round(x * 100);
    const sumBy = (rows: { ticker: string }[], ticker: string, pick: (row: never) => number) => rows.filter((t) => t.ticker === ticker).reduce((s, t) => s + cents(pick(t as never)), 0);
    expect(data.ticker_pnl.map((row) => row.ticker)).toEqual(TICKERS);
    for (const row of data.ticker_pnl) {
      expect(cents(row.realized_pnl)).toBe(sumBy(data.trades, row.ticker, (t: ExpectedTrade) => t.pnl));
      expect(cents(row.unrealized_pnl)).toBe(sumBy(data.open_trades, row.ticker, (t: OpenTrade) => t.unrealized_pnl));
      expect(cents(row.total_pnl)).toBe(cents(row.realized_pnl) + cents(row.unrealized_pnl));
    }
    const lastValue = data.equity_curve[data.equity_curve.length - 1].value;
    expect(data.ticker_pnl.reduce((s, row) => s + cents(row.total_pnl), 0)).toBe(cents(lastValue) - cents(BODY.initial_capital));
    expect(data.ticker_pnl.reduce((s, row) => s + row.contribution_pct, 0)).toBeCloseTo(data.performance_metrics.total_return_pct as number, 9);
  });

  it.each([
    ['a malformed benchmark', { benchmark: 'NO WAY' }],
    ['a benchmark the data provider does not know', { benchmark: 'SPY', data_provider: 'csv' }],
  ])('refuses %s with a 422 naming benchmark, before any frame', async (_name, change) => {
    const res = await request(app.getHttpServer())
      .post('/hedge-fund/backtest')
      .send({ ...BODY, ...change })
      .expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['benchmark']);
    expect(res.body.detail).toMatch(/benchmark/);
  });

  it('documents the backtest result, its trades, open trades, per-ticker P&L and benchmark in OpenAPI', async () => {
    const doc = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
    const schemas = doc.components.schemas;
    const fields = (name: string) => Object.keys(schemas[name].properties).sort();
    expect(fields('BacktestCompleteDataDto')).toEqual(Object.keys(data).sort());
    expect(fields('RoundTripDto')).toEqual(Object.keys(data.trades[0]).sort());
    expect(fields('OpenRoundTripDto')).toEqual(Object.keys(data.open_trades[0]).sort());
    expect(fields('TickerPnlDto')).toEqual(Object.keys(data.ticker_pnl[0]).sort());
    expect(fields('BacktestBenchmarkDto')).toEqual(Object.keys(data.benchmark).sort());
    expect(fields('BenchmarkMetricsDto')).toEqual(Object.keys(data.benchmark.metrics).sort());
    expect(JSON.stringify(schemas.CompleteEventDto)).toContain('#/components/schemas/BacktestCompleteDataDto');
    expect(schemas.HedgeFundBacktestRequestDto.properties.benchmark).toMatchObject({ type: 'string' });
  });

  it('stores the trades with the run and each day’s closed trades with its cycle', async () => {
    const run = await request(app.getHttpServer()).get(`/flows/${flowId}/runs/${runId}`).expect(200);
    expect(run.body.status).toBe('COMPLETE');
    expect(run.body.results.trades).toEqual(data.trades);
    expect(run.body.results.open_trades).toEqual(data.open_trades);
    expect(run.body.results.ticker_pnl).toEqual(data.ticker_pnl);
    expect(run.body.results.benchmark).toEqual(data.benchmark);
    expect(run.body.request_data.benchmark).toBe('SPY');
    const cycles = await request(app.getHttpServer()).get(`/flows/${flowId}/runs/${runId}/cycles`).query({ limit: 1000 }).expect(200);
    expect(cycles.body.map((c: { executed_trades: { closed_trades: unknown[] } }) => c.executed_trades.closed_trades)).toEqual(days.map((d) => d.closed_trades));
    expect(cycles.body.flatMap((c: { executed_trades: { closed_trades: unknown[] } }) => c.executed_trades.closed_trades)).toEqual(data.trades);
  });
});

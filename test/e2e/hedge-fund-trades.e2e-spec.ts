// A backtest as the SPA runs it, checked against an independent ledger: the streamed fills replayed with
// exact arithmetic must give the same fills, cash, values, round trips and trade metrics, and every decision
// must be what the rule portfolio manager answers to the streamed signals (a manager that always holds fails).
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
  };
  let flowId: number;
  let runId: number;
  const bars = new Map<string, Map<string, Bar>>();

  beforeAll(async () => {
    app = await createTestApp({ env: { SSE_HEARTBEAT_MS: '60000' } });
    for (const ticker of TICKERS) {
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

  it('stores the trades with the run and each day’s closed trades with its cycle', async () => {
    const run = await request(app.getHttpServer()).get(`/flows/${flowId}/runs/${runId}`).expect(200);
    expect(run.body.status).toBe('COMPLETE');
    expect(run.body.results.trades).toEqual(data.trades);
    expect(run.body.results.open_trades).toEqual(data.open_trades);
    const cycles = await request(app.getHttpServer()).get(`/flows/${flowId}/runs/${runId}/cycles`).query({ limit: 1000 }).expect(200);
    expect(cycles.body.map((c: { executed_trades: { closed_trades: unknown[] } }) => c.executed_trades.closed_trades)).toEqual(days.map((d) => d.closed_trades));
    expect(cycles.body.flatMap((c: { executed_trades: { closed_trades: unknown[] } }) => c.executed_trades.closed_trades)).toEqual(data.trades);
  });
});

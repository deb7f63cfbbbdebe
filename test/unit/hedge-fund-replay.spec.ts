// The backtest's fills, replayed through the independent ledger of test/support (exact fractions, integer
// cents): with commissions, slippage and margin 0.5 the product must report the same fills, cash, values,
// round trips and trade statistics, and every decision must be the rule portfolio manager's.
import { type BacktestDayResult, type BacktestResult, createRulePipeline, type PriceBar, runBacktest } from '../../src/engine';
import { syntheticReader } from '../../src/cli/cli-data';
import { comparable, expectedTradeStats, replayDays, type ReplayDay } from '../support/independent-ledger';

const TICKERS = ['AAPL', 'MSFT', 'NVDA'];
const SETUP = { initial_cash: 100_000, margin_requirement: 0.5, costs: { commission_per_share: 0.005, commission_rate: 0.0005, slippage_bps: 5 } };

describe('backtest replay through an independent ledger (rule pipeline, synthetic data, costs, margin 0.5)', () => {
  let days: BacktestDayResult[];
  let result: BacktestResult;
  const bars = new Map<string, Map<string, PriceBar>>();

  beforeAll(async () => {
    const data = syntheticReader();
    for (const ticker of TICKERS) bars.set(ticker, new Map((await data.getPrices(ticker, '2024-01-01', '2024-12-31')).map((bar) => [bar.time, bar])));
    const events = runBacktest(
      { tickers: TICKERS, start_date: '2024-02-01', end_date: '2024-07-31', initial_capital: SETUP.initial_cash, margin_requirement: SETUP.margin_requirement, costs: SETUP.costs },
      { data, decide: createRulePipeline({ analysts: ['technical_analyst'] }) },
    );
    days = [];
    for await (const event of events) {
      if (event.type === 'day_complete') days.push(event.result);
      if (event.type === 'complete') result = event.result;
    }
  });

  const price = (field: 'open' | 'close') => (ticker: string, date: string): number => {
    const bar = bars.get(ticker)?.get(date);
    if (bar === undefined) throw new Error(`no ${ticker} bar on ${date}`);
    return bar[field];
  };

  it('reports every fill, cash, value and decision as the independent ledger and portfolio manager compute them', () => {
    const ledger = replayDays(days as unknown as ReplayDay[], { tickers: TICKERS, ...SETUP, open: price('open'), close: price('close') });
    // not vacuous: the period trades both sides and closes round trips
    const fills = days.flatMap((d) => d.fills.filter((f) => f.quantity > 0));
    expect(fills.length).toBeGreaterThan(20);
    expect(new Set(fills.map((f) => f.action))).toEqual(new Set(['buy', 'sell', 'short', 'cover']));
    expect(ledger.trades.length).toBeGreaterThan(3);

    const last = days[days.length - 1];
    expect(result.trades.map(comparable)).toEqual(ledger.trades.map(comparable));
    expect(result.final_portfolio.cash).toBe(ledger.cash());
    expect(last.portfolio_value).toBe(ledger.value(last.current_prices));
    const open = ledger.openTrades(last.current_prices);
    expect(result.open_trades.map((t) => ({ ...t, entry_price: Math.round(t.entry_price * 1e9) / 1e9 }))).toEqual(
      open.map((t) => expect.objectContaining({ ...t, entry_price: Math.round(t.entry_price * 1e9) / 1e9, mark_price: last.current_prices[t.ticker], mark_date: last.date })),
    );

    // the books: end − start = Σ closed P&L + Σ open unrealized P&L, in whole cents
    const cents = (x: number) => Math.round(x * 100);
    const booked = ledger.trades.reduce((s, t) => s + cents(t.pnl), 0) + open.reduce((s, t) => s + cents(t.unrealized_pnl), 0);
    expect(cents(last.portfolio_value) - cents(SETUP.initial_cash)).toBe(booked);
  });

  it('computes the trade metrics from the same round trips', () => {
    const stats = expectedTradeStats(result.trades);
    expect(result.metrics).toMatchObject({ total_trades: stats.total_trades, winning_trades: stats.winning_trades, losing_trades: stats.losing_trades });
    for (const key of ['win_rate', 'average_win', 'average_loss', 'profit_factor', 'expectancy', 'gross_profit', 'gross_loss'] as const) {
      const expected = stats[key];
      if (expected === null) expect(result.metrics?.[key]).toBeNull();
      else expect(result.metrics?.[key]).toBeCloseTo(expected, 9);
    }
    expect(result.performance_metrics.total_trades).toBe(stats.total_trades);
    if (stats.win_rate !== null) expect(result.performance_metrics.win_rate).toBeCloseTo(stats.win_rate, 12);
  });
});

import type { PortfolioDecision } from '../agents/types';
import type { PriceBar } from '../data/types';
import { EngineError } from '../errors';
import { runBacktest } from './engine';
import { MemoryData } from './memory-data';
import { createRulePipeline } from './rule-pipeline';
import type { BacktestConfig, BacktestEvent, BacktestResult, DayContext, DecideFunction } from './types';

const bar = (time: string, open: number, close: number): PriceBar => ({ time, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1000 });

// AAA: one warm-up day (Mon 1 Jan) and four backtest days.
const AAA: PriceBar[] = [
  bar('2024-01-01', 10, 10),
  bar('2024-01-02', 10, 11),
  bar('2024-01-03', 12, 12),
  bar('2024-01-04', 11, 10),
  bar('2024-01-05', 10, 9),
];

const config: BacktestConfig = {
  tickers: ['AAA'],
  start_date: '2024-01-02',
  end_date: '2024-01-05',
  initial_capital: 10_000,
  margin_requirement: 0.5,
  costs: { commission_per_share: 0.01 },
  lookback_bars: 2,
};

const order = (action: PortfolioDecision['action'], quantity: number): PortfolioDecision => ({ action, quantity, confidence: 80, reasoning: 'scripted' });

/** Day i of the backtest places script[i]. */
function scripted(script: readonly PortfolioDecision[], seen: DayContext[] = []): DecideFunction {
  return async (day) => {
    seen.push(day);
    day.onProgress('scripted_agent', 'AAA', 'Done', '{"signal":"bullish"}');
    return {
      decisions: { AAA: script[day.index] },
      analyst_signals: { scripted_agent: { AAA: { signal: 'bullish', confidence: 80, reasoning: 'scripted' } } },
    };
  };
}

async function collect(generator: AsyncGenerator<BacktestEvent, BacktestResult>): Promise<BacktestEvent[]> {
  const events: BacktestEvent[] = [];
  for await (const event of generator) events.push(event);
  return events;
}

const script = [order('buy', 100), order('sell', 40), order('short', 50), order('buy', 1000)];

describe('runBacktest on fixed data (hand-checked trades)', () => {
  it('fills each decision at the next open with commission, and values shorts with their collateral', async () => {
    const seen: DayContext[] = [];
    const events = await collect(runBacktest(config, { data: new MemoryData({ prices: { AAA } }), decide: scripted(script, seen) }));
    const days = events.filter((e) => e.type === 'day_complete');
    // Worked by hand:
    // 01-02: nothing to fill; buy 100 decided.                       value 10,000.00
    // 01-03: buy 100 @ open 12: cash 10,000 − 1,200 − 1.00 = 8,799.00; close 12 → 8,799 + 1,200 = 9,999.00
    // 01-04: sell 40 @ open 11: cash + 440 − 0.40 = 9,238.60, realized (11 − 12)·40 = −40; 60 × 10 → 9,838.60
    // 01-05: short 50 @ open 10: collateral 250 + 0.50 commission → cash 8,988.10;
    //        close 9: 60·9 + 250 + (10 − 9)·50 → 8,988.10 + 540 + 250 + 50 = 9,828.10
    expect(days.map((e) => e.result.portfolio_value)).toEqual([10_000, 9_999, 9_838.6, 9_828.1]);
    expect(days.map((e) => e.result.cash)).toEqual([10_000, 8_799, 9_238.6, 8_988.1]);
    expect(days.map((e) => e.result.executed_trades.AAA)).toEqual([0, 100, 40, 50]);
    expect(days.map((e) => e.result.ticker_details[0].action)).toEqual(['hold', 'buy', 'sell', 'short']);
    expect(days[3].result.ticker_details[0]).toEqual({
      ticker: 'AAA',
      action: 'short',
      quantity: 50,
      price: 9,
      shares_owned: 10,
      long_shares: 60,
      short_shares: 50,
      position_value: 90,
      bullish_count: 1,
      bearish_count: 0,
      neutral_count: 0,
    });
    expect(days.map((e) => e.status)).toEqual([
      'Completed 2024-01-02 - Portfolio: $10,000.00',
      'Completed 2024-01-03 - Portfolio: $9,999.00',
      'Completed 2024-01-04 - Portfolio: $9,838.60',
      'Completed 2024-01-05 - Portfolio: $9,828.10',
    ]);
    expect(days[2].result.fills[0]).toMatchObject({ action: 'sell', quantity: 40, price: 11, commission: 0.4, realized_pnl: -40 });

    const complete = events[events.length - 1];
    if (complete.type !== 'complete') throw new Error('the last event is not complete');
    const result = complete.result;
    expect(result.total_days).toBe(4);
    expect(result.final_portfolio).toMatchObject({ cash: 8_988.1, margin_used: 250, fees_paid: 1.9 });
    expect(result.final_portfolio.positions.AAA).toMatchObject({ long: 60, short: 50, long_cost_basis: 12, short_cost_basis: 10, short_margin_used: 250 });
    expect(result.final_portfolio.realized_gains.AAA).toEqual({ long: -40, short: 0 });
    // the last decision (buy 1000) has no next open to fill at
    expect(result.fills.map((f) => `${f.date} ${f.action} ${f.quantity}`)).toEqual(['2024-01-03 buy 100', '2024-01-04 sell 40', '2024-01-05 short 50']);
    // equity starts from the warm-up day's close at the initial capital
    expect(result.equity_curve.map((p) => p.date)).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']);
    // max drawdown from the 10,000 peak to the 9,828.10 trough: −1.719 %
    expect(result.performance_metrics.max_drawdown).toBeCloseTo(-1.719, 3);
    expect(result.performance_metrics.max_drawdown_date).toBe('2024-01-05');
    expect(result.performance_metrics.gross_exposure).toBe(540 + 450);
    expect(result.performance_metrics.net_exposure).toBe(540 - 450);
    // The partial sell does not close the long: no round trip closed, two open at the last close (9).
    // long: −1,200 − 1.00 (buy) + 440 − 0.40 (sell 40) + 60·9 = −221.40; short: −0.50 + (10 − 9)·50 = 49.50
    expect(result.trades).toEqual([]);
    expect(result.open_trades).toEqual([
      { ticker: 'AAA', side: 'long', entry_date: '2024-01-03', quantity: 60, max_quantity: 100, entry_price: 12, mark_date: '2024-01-05', mark_price: 9, unrealized_pnl: -221.4, return_pct: (-221.4 / 1200) * 100, holding_days: 2, fills: 2, commission: 1.4, slippage: 0 },
      { ticker: 'AAA', side: 'short', entry_date: '2024-01-05', quantity: 50, max_quantity: 50, entry_price: 10, mark_date: '2024-01-05', mark_price: 9, unrealized_pnl: 49.5, return_pct: (49.5 / 500) * 100, holding_days: 0, fills: 1, commission: 0.5, slippage: 0 },
    ]);
    // the books: 9,828.10 − 10,000 = −221.40 + 49.50
    expect(result.metrics?.total_trades).toBe(0);
    expect(result.performance_metrics.total_trades).toBe(0);
    expect(result.performance_metrics.total_return).toBeCloseTo(-171.9 / 10_000, 12);
    expect(result.performance_metrics).not.toHaveProperty('win_rate');
    expect(days.map((e) => e.result.closed_trades)).toEqual([[], [], [], []]);

    // each day's agents saw the lookback window (2 bars) ending on that day
    expect(seen.map((d) => [d.lookback_start, d.date])).toEqual([
      ['2024-01-01', '2024-01-02'],
      ['2024-01-02', '2024-01-03'],
      ['2024-01-03', '2024-01-04'],
      ['2024-01-04', '2024-01-05'],
    ]);
  });

  it('holds a benchmark beside the equity and attributes the P&L per ticker', async () => {
    // IDX closes 100 (warm-up day), 102, — (no bar: the last close holds), 99, 101
    const IDX: PriceBar[] = [bar('2024-01-01', 100, 100), bar('2024-01-02', 101, 102), bar('2024-01-04', 100, 99), bar('2024-01-05', 99, 101)];
    const events = await collect(runBacktest({ ...config, benchmark: 'IDX' }, { data: new MemoryData({ prices: { AAA, IDX } }), decide: scripted(script) }));
    const complete = events[events.length - 1];
    if (complete.type !== 'complete') throw new Error('the last event is not complete');
    const { benchmark, ticker_pnl, performance_metrics } = complete.result;
    expect(benchmark?.ticker).toBe('IDX');
    expect(benchmark?.equity_curve).toEqual([
      { date: '2024-01-01', value: 10_000 },
      { date: '2024-01-02', value: 10_200 },
      { date: '2024-01-03', value: 10_200 },
      { date: '2024-01-04', value: 9_900 },
      { date: '2024-01-05', value: 10_100 },
    ]);
    // total return −1.719 % against +1 %
    expect(benchmark?.metrics?.benchmark_total_return).toBeCloseTo(0.01, 12);
    expect(benchmark?.metrics?.active_return).toBeCloseTo(-0.01719 - 0.01, 12);
    expect(performance_metrics.active_return_pct).toBeCloseTo(-2.719, 10);
    expect(typeof performance_metrics.beta).toBe('number');
    // the open long (−221.40) and the open short (+49.50) of AAA
    expect(ticker_pnl).toEqual([
      { ticker: 'AAA', realized_pnl: 0, unrealized_pnl: -171.9, total_pnl: -171.9, contribution_pct: -1.719, closed_trades: 0, open_trades: 2, winning_trades: 0, losing_trades: 0, commission: 1.9 },
    ]);
  });

  it('refuses a benchmark without prices, naming it', async () => {
    const error = await collect(runBacktest({ ...config, benchmark: 'NONE' }, { data: new MemoryData({ prices: { AAA, NONE: [] } }), decide: scripted(script) })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'INVALID_INPUT', errors: [{ field: 'benchmark', message: 'NONE has no prices' }] });
  });

  it('fills at the same close when asked (the anchor timing)', async () => {
    const events = await collect(runBacktest({ ...config, fill: 'same_close' }, { data: new MemoryData({ prices: { AAA } }), decide: scripted(script) }));
    const days = events.filter((e) => e.type === 'day_complete');
    // 01-02: buy 100 @ 11: cash 8,899.00, value 8,899 + 1,100 = 9,999.00
    // 01-03: sell 40 @ 12: cash 8,899 + 480 − 0.40 = 9,378.60; 60·12 → 10,098.60
    // 01-04: short 50 @ 10: cash 9,378.60 − 250 − 0.50 = 9,128.10; 60·10 + 250 + 0 → 9,978.10
    // 01-05: buy 1000 @ 9 fits in cash (9,000 + 10 commission ≤ 9,128.10): cash 118.10;
    //        1,060·9 + 250 + (10 − 9)·50 → 118.10 + 9,540 + 300 = 9,958.10
    expect(days.map((e) => e.result.portfolio_value)).toEqual([9_999, 10_098.6, 9_978.1, 9_958.1]);
    expect(days.map((e) => e.result.executed_trades.AAA)).toEqual([100, 40, 50, 1000]);
  });

  it('emits the SPA sequence: Processing, the agents, then Completed, per day, and ends with complete', async () => {
    const events = await collect(runBacktest(config, { data: new MemoryData({ prices: { AAA } }), decide: scripted(script) }));
    expect(events.slice(0, 3).map((e) => e.type)).toEqual(['day_start', 'agent_progress', 'day_complete']);
    expect(events[0]).toEqual({ type: 'day_start', date: '2024-01-02', index: 0, total: 4, status: 'Processing 2024-01-02 (1/4)' });
    expect(events[1]).toEqual({ type: 'agent_progress', agent: 'scripted_agent', ticker: 'AAA', status: 'Done', analysis: '{"signal":"bullish"}' });
    expect(events).toHaveLength(4 * 3 + 1);
  });

  it('stops with CANCELLED when the signal aborts between days', async () => {
    const controller = new AbortController();
    const generator = runBacktest(config, { data: new MemoryData({ prices: { AAA } }), decide: scripted(script), signal: controller.signal });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const event of generator) {
          seen.push(event.type);
          if (event.type === 'day_complete') controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(seen).toEqual(['day_start', 'agent_progress', 'day_complete']);
  });

  it('rejects a bad configuration naming each field, before fetching anything', async () => {
    const data = new MemoryData({ prices: { AAA } });
    const bad = { ...config, tickers: [], start_date: '2024-02-30', initial_capital: -1, fill: 'tomorrow' } as unknown as BacktestConfig;
    const error = await runBacktest(bad, { data, decide: scripted(script) })
      .next()
      .then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).errors.map((e) => e.field)).toEqual(['tickers', 'start_date', 'initial_capital', 'fill']);
    expect(data.calls).toEqual({});
  });

  it('reports INSUFFICIENT_DATA naming the ticker without prices', async () => {
    const error = await runBacktest({ ...config, tickers: ['AAA', 'ZZZ'] }, { data: new MemoryData({ prices: { AAA } }), decide: scripted(script) })
      .next()
      .then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'INSUFFICIENT_DATA', message: 'No price data between 2024-01-02 and 2024-01-05 for ZZZ' });
  });

  it('starts the equity curve the day before when there is no bar before the start', async () => {
    const events = await collect(
      runBacktest({ ...config, start_date: '2024-01-01', end_date: '2024-01-02' }, { data: new MemoryData({ prices: { AAA } }), decide: scripted(script) }),
    );
    const complete = events[events.length - 1];
    if (complete.type !== 'complete') throw new Error('the last event is not complete');
    expect(complete.result.equity_curve.map((p) => p.date)).toEqual(['2023-12-31', '2024-01-01', '2024-01-02']);
    // buy 100 decided on 01-01 fills at 01-02's open (10) + 1.00 commission; close 11 → 10,000 − 1 + 100
    expect(complete.result.equity_curve.map((p) => p.value)).toEqual([10_000, 10_000, 10_099]);
  });

  it('never shows the agents a bar after the decision day', async () => {
    const lastSeen: string[] = [];
    const peek: DecideFunction = async (day) => {
      const bars = await day.data.getPrices('AAA', '2000-01-01', '2099-12-31');
      lastSeen.push(bars[bars.length - 1].time);
      return { decisions: {}, analyst_signals: {} };
    };
    await collect(runBacktest(config, { data: new MemoryData({ prices: { AAA } }), decide: peek }));
    expect(lastSeen).toEqual(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']);
  });
});

describe('runBacktest margin calls', () => {
  const squeeze: PriceBar[] = [bar('2024-01-01', 25, 25), bar('2024-01-02', 25, 25), bar('2024-01-03', 25, 30), bar('2024-01-04', 35, 41), bar('2024-01-05', 42, 42)];
  const base: BacktestConfig = { tickers: ['AAA'], start_date: '2024-01-02', end_date: '2024-01-05', initial_capital: 1000, margin_requirement: 0.5, lookback_bars: 2 };

  it('closes every position at the next open when the value falls below the maintenance share of the shorts', async () => {
    const events = await collect(
      runBacktest(base, { data: new MemoryData({ prices: { AAA: squeeze } }), decide: scripted([order('short', 40), order('hold', 0), order('short', 10), order('hold', 0)]) }),
    );
    const days = events.flatMap((e) => (e.type === 'day_complete' ? [e.result] : []));
    // 01-03: short 40 @ 25 → cash 500, collateral 500; close 30 → 1,000 + (25 − 30)·40 = 800 ≥ 0.25·1,200
    // 01-04: close 41 → 1,000 − 640 = 360 < 0.25·1,640 = 410 → margin call (the day's "short 10" is dropped)
    // 01-05: cover 40 @ open 42: cash 500 + 500 + (25 − 42)·40 = 320, flat
    expect(days.map((d) => d.portfolio_value)).toEqual([1000, 800, 360, 320]);
    expect(days.map((d) => d.margin_call)).toEqual([false, false, true, false]);
    expect(days[3].fills.map((f) => [f.action, f.quantity, f.price])).toEqual([['cover', 40, 42]]);
    expect(days[3].cash).toBe(320);
    expect(days[3].ticker_details[0]).toMatchObject({ long_shares: 0, short_shares: 0 });
    // the liquidation closes the short round trip: (25 − 42)·40 = −680
    expect(days.map((d) => d.closed_trades.length)).toEqual([0, 0, 0, 1]);
    expect(days[3].closed_trades[0]).toEqual({
      ticker: 'AAA',
      side: 'short',
      entry_date: '2024-01-03',
      exit_date: '2024-01-05',
      quantity: 40,
      entry_price: 25,
      exit_price: 42,
      pnl: -680,
      return_pct: -68,
      holding_days: 2,
      fills: 2,
      commission: 0,
      slippage: 0,
    });
  });

  it('stops trading when the account is wiped out (margin calls disabled) and measures the solvent part', async () => {
    const gap: PriceBar[] = [bar('2024-01-01', 25, 25), bar('2024-01-02', 25, 25), bar('2024-01-03', 25, 60), bar('2024-01-04', 60, 61)];
    const events = await collect(
      runBacktest({ ...base, maintenance_margin: 0 }, { data: new MemoryData({ prices: { AAA: gap } }), decide: scripted([order('short', 40), order('hold', 0), order('hold', 0)]) }),
    );
    const complete = events[events.length - 1];
    if (complete.type !== 'complete') throw new Error('the last event is not complete');
    // 01-03: 1,000 + (25 − 60)·40 = −400
    expect(complete.result.total_days).toBe(2);
    expect(complete.result.stopped_reason).toBe('The account was wiped out on 2024-01-03 (value -$400.00); trading stopped');
    expect(complete.result.equity_curve.map((p) => p.value)).toEqual([1000, 1000, -400]);
    expect(complete.result.metrics?.end_date).toBe('2024-01-02');
  });

  it('reports a first-day wipe-out without a metrics report', async () => {
    const gap: PriceBar[] = [bar('2024-01-01', 25, 25), bar('2024-01-02', 25, 70), bar('2024-01-03', 70, 70)];
    const events = await collect(
      runBacktest(
        { ...base, end_date: '2024-01-03', maintenance_margin: 0, initial_positions: [{ ticker: 'AAA', quantity: -40, trade_price: 25 }] },
        { data: new MemoryData({ prices: { AAA: gap } }), decide: scripted([order('hold', 0), order('hold', 0)]) },
      ),
    );
    const complete = events[events.length - 1];
    if (complete.type !== 'complete') throw new Error('the last event is not complete');
    // 1,000 cash + 500 seeded collateral + (25 − 70)·40 = −300
    expect(complete.result.equity_curve.map((p) => p.value)).toEqual([1500, -300]);
    expect(complete.result.total_days).toBe(1);
    expect(complete.result.metrics).toBeNull();
    expect(complete.result.performance_metrics).toEqual({
      sharpe_ratio: 0,
      sortino_ratio: null,
      max_drawdown: -100,
      max_drawdown_date: '2024-01-02',
      long_short_ratio: 0,
      gross_exposure: 2800,
      net_exposure: -2800,
    });
  });
});

describe('runBacktest with the rule pipeline', () => {
  it('runs technical and sentiment analysts through risk and the portfolio manager, every agent ending Done', async () => {
    // 200 bars rising 0.5 % a day with rising volume: the trend is bullish every day
    const bars: PriceBar[] = [];
    let close = 100;
    for (let i = 0; i < 200; i += 1) {
      const date = new Date(Date.UTC(2023, 0, 2 + i)).toISOString().slice(0, 10);
      const open = close;
      close = close * 1.005;
      bars.push({ time: date, open, high: close * 1.001, low: open * 0.999, close, volume: 1000 + i * 10 });
    }
    const data = new MemoryData({ prices: { AAA: bars } });
    const decide = createRulePipeline({ analysts: ['technical_analyst', 'sentiment_analyst'] });
    const events = await collect(
      runBacktest({ tickers: ['AAA'], start_date: bars[180].time, end_date: bars[199].time, initial_capital: 100_000, lookback_bars: 150 }, { data, decide }),
    );
    const days = events.filter((e) => e.type === 'day_complete');
    expect(days).toHaveLength(20);
    const firstDay = days[0].result;
    expect(firstDay.analyst_signals.technical_analyst.AAA).toMatchObject({ signal: 'bullish' });
    expect(firstDay.analyst_signals.sentiment_analyst.AAA).toMatchObject({ signal: 'neutral', confidence: 0 });
    expect(firstDay.decisions.AAA.action).toBe('buy');
    // the second day bought at its open what the first day decided
    expect(days[1].result.executed_trades.AAA).toBe(firstDay.decisions.AAA.quantity);
    // every agent of every day ended with Done
    const agentIds = new Set(events.flatMap((e) => (e.type === 'agent_progress' ? [e.agent] : [])));
    expect([...agentIds].sort()).toEqual(['portfolio_manager', 'risk_management_agent', 'sentiment_analyst', 'technical_analyst']);
    // prices are fetched once per ticker for the whole run
    expect(data.calls.getPrices).toBe(1);
  });

  it("keeps going when one analyst fails: neutral signals naming the error, the agent still ends Done", async () => {
    const bars: PriceBar[] = Array.from({ length: 40 }, (_, i) => bar(new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10), 100 + i, 100 + i));
    const data = new MemoryData({ prices: { AAA: bars } });
    const failing = Object.assign(Object.create(data) as MemoryData, {
      getFinancialMetrics: async () => {
        throw new Error('provider timed out');
      },
    });
    const decide = createRulePipeline({ analysts: ['fundamentals_analyst', 'technical_analyst'] });
    const events = await collect(runBacktest({ tickers: ['AAA'], start_date: bars[30].time, end_date: bars[31].time, initial_capital: 10_000, lookback_bars: 30 }, { data: failing, decide }));
    const day = events.find((e) => e.type === 'day_complete');
    if (day?.type !== 'day_complete') throw new Error('no day completed');
    expect(day.result.analyst_signals.fundamentals_analyst.AAA).toEqual({ signal: 'neutral', confidence: 0, reasoning: 'Failed: provider timed out' });
    expect(day.result.analyst_signals.technical_analyst.AAA).toMatchObject({ signal: expect.stringMatching(/bullish|bearish|neutral/) });
    const fundamentals = events.flatMap((e) => (e.type === 'agent_progress' && e.agent === 'fundamentals_analyst' ? [e.status] : []));
    expect(fundamentals.slice(0, 3)).toEqual(['Fetching financial metrics', 'Error: provider timed out', 'Done']);
  });

  it('names an LLM-driven or unknown analyst instead of running it', () => {
    expect(() => createRulePipeline({ analysts: ['technical_analyst', 'warren_buffett', 'nobody'] })).toThrow(
      'analysts[1]: warren_buffett needs a language model; only rule-based analysts run here; analysts[2]: nobody is not a known analyst',
    );
  });
});

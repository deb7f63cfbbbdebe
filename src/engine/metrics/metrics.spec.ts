import { EngineError } from '../errors';
import { formatIsoDay } from '../civil-days';
import { computeDailyPnlColumns, computeMetrics, toAnchorPerformanceMetrics } from './index';

// Worked by hand: returns +10 %, -10 %, +10 %, +10 %.
// total = 1.1·0.9·1.1·1.1 - 1 = 0.1979; mean = 0.05; sample std = √(0.03/3) = 0.1;
// Sharpe = 0.05/0.1·√252 = 7.937253933...; downside deviation = √(0.1²/4) = 0.05 → Sortino = √252 = 15.874507866...
// CAGR = 1.1979^(252/4) - 1 = 87194.8046... (python: 1.1979**63 - 1); max drawdown 110 → 99 = -10 %, -11 money.
const equity = [
  { date: '2024-01-01', value: 100 },
  { date: '2024-01-02', value: 110 },
  { date: '2024-01-03', value: 99 },
  { date: '2024-01-04', value: 108.9 },
  { date: '2024-01-05', value: 119.79 },
];
const trades = [
  { pnl: 50, risk: 10, exit_date: '2024-01-02' },
  { pnl: -20, risk: 10, exit_date: '2024-01-03' },
  { pnl: 0, risk: 10, exit_date: '2024-01-03' },
  { pnl: 30, risk: 10, exit_date: '2024-01-04' },
  { pnl: -10, risk: 10, exit_date: '2024-01-05' },
];

describe('computeMetrics on a five-point curve worked by hand', () => {
  const report = computeMetrics({ equity, trades, positions: [{ ticker: 'AAPL', long: 10, short: 0, price: 5 }, { ticker: 'MSFT', long: 0, short: 4, price: 5 }] });

  it('computes the return and risk ratios', () => {
    expect(report.total_return).toBeCloseTo(0.1979, 12);
    expect(report.total_return_pct).toBeCloseTo(19.79, 10);
    expect(report.cagr).toBeCloseTo(87194.80461918753, 6);
    expect(report.annual_volatility).toBeCloseTo(0.1 * Math.sqrt(252), 12);
    expect(report.sharpe_ratio).toBeCloseTo(7.937253933193772, 10);
    expect(report.sortino_ratio).toBeCloseTo(15.874507866387544, 10);
    expect(report.calmar_ratio).toBeCloseTo(871948.0461918753, 3);
  });

  it('finds the max drawdown with its peak, trough and recovery', () => {
    expect(report.max_drawdown).toBeCloseTo(-0.1, 12);
    expect(report.max_drawdown_pct).toBeCloseTo(-10, 10);
    expect(report.max_drawdown_money).toBeCloseTo(-11, 10);
    expect(report.max_drawdown_details).toMatchObject({
      peak_date: '2024-01-02',
      trough_date: '2024-01-03',
      recovery_date: '2024-01-05',
      recovered: true,
      peak_to_trough_trading_days: 1,
      time_to_recovery_trading_days: 2,
      time_to_recovery_calendar_days: 2,
      duration_trading_days: 3,
      duration_calendar_days: 3,
    });
    expect(report.longest_drawdown_trading_days).toBe(3);
    expect(report.current_drawdown).toBe(0);
  });

  it('counts the days', () => {
    expect([report.profitable_days, report.losing_days, report.flat_days]).toEqual([3, 1, 0]);
    expect(report.profitable_days_pct).toBe(75);
    expect(report.largest_winning_day).toBeCloseTo(10.89, 10);
    expect(report.largest_winning_day_date).toBe('2024-01-05');
    expect(report.largest_losing_day).toBeCloseTo(-11, 10);
    expect(report.largest_losing_day_date).toBe('2024-01-03');
    expect([report.longest_winning_streak_days, report.longest_losing_streak_days]).toEqual([2, 1]);
    // 10.89 / 19.79 of net profit.
    expect(report.best_day_share_pct).toBeCloseTo((10.89 / 19.79) * 100, 9);
  });

  it('computes the trade statistics with break-even trades apart', () => {
    expect(report).toMatchObject({
      total_trades: 5,
      winning_trades: 2,
      losing_trades: 2,
      break_even_trades: 1,
      win_rate: 0.5,
      win_rate_pct: 50,
      gross_profit: 80,
      gross_loss: -30,
      net_profit: 50,
      average_win: 40,
      average_loss: -15,
      expectancy: 10,
      expectancy_r: 1,
      longest_winning_streak_trades: 1,
      longest_losing_streak_trades: 1,
    });
    expect(report.payoff_ratio).toBeCloseTo(8 / 3, 12);
    expect(report.profit_factor).toBeCloseTo(8 / 3, 12);
  });

  it('computes the exposures and the anchor metrics', () => {
    expect(report).toMatchObject({ long_exposure: 50, short_exposure: 20, gross_exposure: 70, net_exposure: 30, long_short_ratio: 2.5 });
    const anchor = toAnchorPerformanceMetrics(report);
    expect(anchor.max_drawdown).toBeCloseTo(-10, 10);
    expect(anchor).toMatchObject({ max_drawdown_date: '2024-01-03', gross_exposure: 70, net_exposure: 30, long_short_ratio: 2.5 });
  });

  it('gives the same daily series in columns', () => {
    const columns = computeDailyPnlColumns(equity);
    expect({
      dates: Array.from(columns.days, (day) => formatIsoDay(day)),
      equity: Array.from(columns.equity),
      pnl: Array.from(columns.pnl),
      drawdown: Array.from(columns.drawdown),
      returns: Array.from(columns.return),
    }).toEqual(report.daily_pnl);
    expect(columns.drawdown[1]).toBeCloseTo(-0.1, 12);
  });

  it('builds the daily P&L series', () => {
    const { dates, equity: values, pnl, drawdown, returns } = report.daily_pnl;
    expect(Object.keys(report.daily_pnl)).toEqual(['dates', 'equity', 'pnl', 'drawdown', 'returns']);
    for (const column of [dates, values, pnl, drawdown, returns]) expect(column).toHaveLength(4);
    expect(dates).toEqual(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']);
    expect(pnl[1]).toBeCloseTo(-11, 10);
    expect(returns[1]).toBeCloseTo(-0.1, 12);
    expect(drawdown[1]).toBeCloseTo(-0.1, 12);
    expect(drawdown[2]).toBeCloseTo(-0.01, 12);
    expect([dates[3], values[3], drawdown[3]]).toEqual(['2024-01-05', 119.79, 0]);
  });

  it('gives five empty columns when the series is not asked for', () => {
    expect(computeMetrics({ equity, includeDailyPnl: false }).daily_pnl).toEqual({ dates: [], equity: [], pnl: [], drawdown: [], returns: [] });
  });
});

describe('computeMetrics edge cases', () => {
  it('gives null with a reason for undefined ratios on a rising straight line', () => {
    const report = computeMetrics({ equity: [{ date: '2024-01-01', value: 100 }, { date: '2024-01-02', value: 101 }] });
    expect(report.sharpe_ratio).toBeNull();
    expect(report.metric_notes.sharpe_ratio).toMatch(/at least 2 returns/);
    expect(report.calmar_ratio).toBeNull();
    expect(report.metric_notes.calmar_ratio).toMatch(/no drawdown/);
    expect(report.max_drawdown).toBe(0);
    expect(report.max_drawdown_details).toBeNull();
    expect(report.win_rate).toBeNull();
    expect(report.metric_notes.win_rate).toBe('no trades given');
    // A run that gives its trades and closed none (positions still open, say) is told so.
    const noneClosed = computeMetrics({ equity: [{ date: '2024-01-01', value: 100 }, { date: '2024-01-02', value: 101 }], trades: [] });
    expect(noneClosed.metric_notes.win_rate).toBe('no closed trades');
    expect(noneClosed.metric_notes.profit_factor).toBe('no closed trades');
    expect(report.gross_exposure).toBeNull();
    expect(toAnchorPerformanceMetrics(report)).toEqual({
      sharpe_ratio: 0,
      sortino_ratio: null,
      max_drawdown: 0,
      max_drawdown_date: null,
      long_short_ratio: null,
      gross_exposure: 0,
      net_exposure: 0,
    });
  });

  it('reports a drawdown that is not recovered', () => {
    const report = computeMetrics({
      equity: [
        { date: '2024-03-01', value: 100 },
        { date: '2024-03-04', value: 90 },
        { date: '2024-03-05', value: 95 },
      ],
    });
    expect(report.max_drawdown_details).toMatchObject({
      peak_date: '2024-03-01',
      trough_date: '2024-03-04',
      recovery_date: null,
      recovered: false,
      time_to_recovery_trading_days: null,
      duration_trading_days: 2,
      duration_calendar_days: 4,
    });
    expect(report.metric_notes.max_drawdown_recovery_date).toBe('not recovered by the last date');
    expect(report.longest_drawdown_recovered).toBe(false);
    expect(report.current_drawdown).toBeCloseTo(-0.05, 12);
  });

  it.each([
    [[{ date: '2024-01-01', value: 100 }], 'equity', /at least 2 points/],
    [[{ date: '2024-01-01', value: 100 }, { date: '2024-01-01', value: 101 }], 'equity[1].date', /duplicates the previous date/],
    [[{ date: '2024-01-02', value: 100 }, { date: '2024-01-01', value: 101 }], 'equity[1].date', /is before the previous date/],
    [[{ date: '2024-01-01', value: 100 }, { date: '2024-01-02', value: 0 }], 'equity[1].value', /finite number > 0/],
    [[{ date: '2024-01-01', value: Number.NaN }, { date: '2024-01-02', value: 1 }], 'equity[0].value', /got NaN/],
    [[{ date: '2024-02-30', value: 100 }, { date: '2024-03-01', value: 1 }], 'equity[0].date', /YYYY-MM-DD/],
  ])('rejects bad equity (case %#)', (points, field, message) => {
    let thrown: unknown;
    try {
      computeMetrics({ equity: points });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EngineError);
    expect((thrown as EngineError).code).toBe('INVALID_INPUT');
    expect((thrown as EngineError).errors[0].field).toBe(field);
    expect((thrown as EngineError).errors[0].message).toMatch(message);
  });

  it('accepts the columnar form with epoch days', () => {
    const report = computeMetrics({ equity: { dates: Int32Array.from([19723, 19724, 19725]), values: Float64Array.from([100, 90, 99]) } });
    expect(report.start_date).toBe('2024-01-01');
    expect(report.daily_pnl.dates).toEqual(['2024-01-02', '2024-01-03']);
    expect(report.max_drawdown_details?.trough_date).toBe('2024-01-02');
  });
});

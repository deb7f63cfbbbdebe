import { EngineError } from '../errors';
import { attributeByTicker, computeBenchmarkMetrics } from './index';

// Worked by hand: portfolio returns r = +10 %, −10 %, +10 %; benchmark b = +5 %, −5 %, 0 %.
// mean r = 1/30, mean b = 0; deviations r: 0.0667, −0.1333, 0.0667; b: 0.05, −0.05, 0.
// cov = (0.0667·0.05 + 0.1333·0.05 + 0)/2 = 0.005; var b = 0.005/2 = 0.0025 → beta = 2;
// alpha = (1/30 − 2·0)·252 = 8.4; var r = (0.00444 + 0.01778 + 0.00444)/2 = 0.013333 → corr = 0.005/√(0.013333·0.0025) = 0.866025…;
// active a = 0.05, −0.05, 0.1: mean 1/30, std = √((0.000278 + 0.00694 + 0.00444)/2) = 0.076376… → IR = 0.436435…
const dates = ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04'];
const equity = [100, 110, 99, 108.9].map((value, i) => ({ date: dates[i], value }));
const benchmark = [200, 210, 199.5, 199.5].map((value, i) => ({ date: dates[i], value }));

describe('computeBenchmarkMetrics worked by hand', () => {
  const m = computeBenchmarkMetrics({ equity, benchmark });

  it('computes beta, alpha, correlation, information ratio and tracking error', () => {
    expect(m.beta).toBeCloseTo(2, 12);
    expect(m.alpha).toBeCloseTo(8.4, 10);
    expect(m.correlation).toBeCloseTo(Math.sqrt(3) / 2, 12);
    expect(m.information_ratio).toBeCloseTo(1 / 30 / Math.sqrt(0.035 / 6), 12);
    expect(m.tracking_error).toBeCloseTo(Math.sqrt(0.035 / 6) * Math.sqrt(252), 12);
    expect(m.benchmark_total_return).toBeCloseTo(-0.0025, 12);
    expect(m.active_return_pct).toBeCloseTo((0.089 + 0.0025) * 100, 10);
    expect(m.metric_notes).toEqual({});
  });

  it('is null with a note for fewer than two returns', () => {
    const short = computeBenchmarkMetrics({ equity: equity.slice(0, 2), benchmark: benchmark.slice(0, 2) });
    expect([short.beta, short.alpha, short.correlation, short.information_ratio, short.tracking_error]).toEqual([null, null, null, null, null]);
    expect(short.metric_notes.beta).toBe('needs at least 2 returns (3 equity points)');
  });

  it('refuses curves on different dates, naming the benchmark row', () => {
    const shifted = benchmark.map((p, i) => (i === 3 ? { ...p, date: '2024-01-05' } : p));
    expect(() => computeBenchmarkMetrics({ equity, benchmark: shifted })).toThrow(EngineError);
    expect(() => computeBenchmarkMetrics({ equity, benchmark: shifted })).toThrow("benchmark[3].date 2024-01-05 is not the equity curve's date 2024-01-04.");
    expect(() => computeBenchmarkMetrics({ equity, benchmark: benchmark.slice(0, 3) })).toThrow(/benchmark has 3 points but the equity curve has 4/);
    expect(() => computeBenchmarkMetrics({ equity, benchmark: [{ date: 'x', value: 1 }, ...benchmark.slice(1)] })).toThrow(/^benchmark\[0\]\.date/);
  });
});

describe('attributeByTicker', () => {
  it('adds realized and unrealized P&L per ticker, in cents, with contributions that sum to the total return', () => {
    const rows = attributeByTicker({
      start_value: 10_000,
      tickers: ['AAA', 'BBB', 'CCC'],
      trades: [
        { ticker: 'BBB', pnl: 120.1, commission: 1 },
        { ticker: 'AAA', pnl: -40.2, commission: 0.5 },
        { ticker: 'BBB', pnl: 0.2, commission: 0.25 },
        { ticker: 'ZZZ', pnl: 0, commission: 0 },
      ],
      open_trades: [{ ticker: 'AAA', unrealized_pnl: 10.05, commission: 0.1 }],
    });
    expect(rows.map((r) => r.contribution_pct)).toEqual([expect.closeTo(-0.3015, 12), expect.closeTo(1.203, 12), 0, 0]);
    expect(rows.map(({ contribution_pct: _c, ...rest }) => rest)).toEqual([
      { ticker: 'AAA', realized_pnl: -40.2, unrealized_pnl: 10.05, total_pnl: -30.15, closed_trades: 1, open_trades: 1, winning_trades: 0, losing_trades: 1, commission: 0.6 },
      { ticker: 'BBB', realized_pnl: 120.3, unrealized_pnl: 0, total_pnl: 120.3, closed_trades: 2, open_trades: 0, winning_trades: 2, losing_trades: 0, commission: 1.25 },
      { ticker: 'CCC', realized_pnl: 0, unrealized_pnl: 0, total_pnl: 0, closed_trades: 0, open_trades: 0, winning_trades: 0, losing_trades: 0, commission: 0 },
      { ticker: 'ZZZ', realized_pnl: 0, unrealized_pnl: 0, total_pnl: 0, closed_trades: 1, open_trades: 0, winning_trades: 0, losing_trades: 0, commission: 0 },
    ]);
  });

  it('refuses a start value that is not positive', () => {
    expect(() => attributeByTicker({ start_value: 0, trades: [] })).toThrow(/start_value must be a finite number > 0/);
  });
});

import fc from 'fast-check';
import { formatIsoDay, parseIsoDay } from '../civil-days';
import { computeMetrics } from './report';
import type { ClosedTrade, EquityPoint, MetricsReport } from './types';

const BASE_DAY = parseIsoDay('2020-01-01') ?? 0;

/** Strictly increasing dates 1-5 calendar days apart. */
function datesFrom(gaps: readonly number[]): string[] {
  let day = BASE_DAY;
  return gaps.map((gap) => formatIsoDay((day += gap)));
}

/** A curve compounded from returns on a 1e-4 grid in [-50 %, +50 %]. */
const compoundedCurve = fc
  .record({
    start: fc.integer({ min: 1, max: 10_000_000 }),
    steps: fc.array(fc.record({ basisPoints: fc.integer({ min: -5000, max: 5000 }), gap: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 120 }),
  })
  .map(({ start, steps }) => {
    const dates = datesFrom([0, ...steps.map((s) => s.gap)]);
    let value = start;
    const values = [start, ...steps.map((s) => (value *= 1 + s.basisPoints / 10_000))];
    return dates.map((date, i): EquityPoint => ({ date, value: values[i] }));
  });

/** A curve of whole-dollar values (exact arithmetic, so a cash shift changes no difference). */
const integerCurve = fc
  .array(fc.record({ value: fc.integer({ min: 1, max: 1_000_000 }), gap: fc.integer({ min: 1, max: 5 }) }), { minLength: 2, maxLength: 120 })
  .map((steps) => {
    const dates = datesFrom(steps.map((s) => s.gap));
    return steps.map((s, i): EquityPoint => ({ date: dates[i], value: s.value }));
  });

const tradeList = fc.array(
  fc.record({
    pnl: fc.integer({ min: -1000, max: 1000 }),
    risk: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
    day: fc.integer({ min: 0, max: 60 }),
  }),
  { maxLength: 60 },
).map((rows) => rows.map((t): ClosedTrade => ({ pnl: t.pnl, risk: t.risk, exit_date: formatIsoDay(BASE_DAY + t.day) })));

function close(actual: number | null, expected: number | null, relative = 1e-9): boolean {
  if (actual === null || expected === null) return actual === expected;
  return Math.abs(actual - expected) <= relative * Math.max(1, Math.abs(expected));
}

const RATIO_KEYS = ['total_return', 'cagr', 'annual_volatility', 'sharpe_ratio', 'sortino_ratio', 'calmar_ratio', 'max_drawdown', 'current_drawdown'] as const;

describe('metrics properties', () => {
  it('drawdowns are never positive and the max drawdown is the lowest daily drawdown', () => {
    fc.assert(
      fc.property(compoundedCurve, (equity) => {
        const report = computeMetrics({ equity });
        const lowest = Math.min(0, ...report.daily_pnl.drawdown);
        return report.max_drawdown <= 0 && report.current_drawdown <= 0 && report.daily_pnl.drawdown.every((d) => d <= 0) && report.max_drawdown === lowest && report.max_drawdown_money <= 0;
      }),
    );
  });

  it('the total return equals the compounded daily returns', () => {
    fc.assert(
      fc.property(compoundedCurve, (equity) => {
        const report = computeMetrics({ equity });
        const compounded = report.daily_pnl.returns.reduce((growth, r) => growth * (1 + r), 1) - 1;
        return close(report.total_return, compounded, 1e-9);
      }),
    );
  });

  it('streaks are bounded by their counts and the day counts add up', () => {
    fc.assert(
      fc.property(integerCurve, tradeList, (equity, trades) => {
        const r = computeMetrics({ equity, trades });
        return (
          r.longest_losing_streak_days <= r.losing_days &&
          r.longest_winning_streak_days <= r.profitable_days &&
          r.profitable_days + r.losing_days + r.flat_days === r.periods &&
          r.longest_losing_streak_trades <= r.losing_trades &&
          r.longest_winning_streak_trades <= r.winning_trades &&
          r.winning_trades + r.losing_trades + r.break_even_trades === r.total_trades &&
          r.longest_drawdown_trading_days <= r.periods
        );
      }),
    );
  });

  it('ratios are unchanged and money metrics scale when the whole curve is scaled', () => {
    fc.assert(
      fc.property(compoundedCurve, fc.double({ min: 0.01, max: 100, noNaN: true }), (equity, factor) => {
        const base = computeMetrics({ equity });
        const scaled = computeMetrics({ equity: equity.map((p) => ({ date: p.date, value: p.value * factor })) });
        return (
          RATIO_KEYS.every((key) => close(scaled[key], base[key], 1e-7)) &&
          close(scaled.max_drawdown_money, base.max_drawdown_money * factor, 1e-7) &&
          scaled.max_drawdown_trough_date === base.max_drawdown_trough_date &&
          scaled.longest_losing_streak_days === base.longest_losing_streak_days
        );
      }),
    );
  });

  it('money, day and trade metrics are unchanged by a constant cash shift', () => {
    const moneyKeys: (keyof MetricsReport)[] = [
      'max_drawdown_money',
      'largest_winning_day',
      'largest_winning_day_date',
      'largest_losing_day',
      'largest_losing_day_date',
      'profitable_days',
      'losing_days',
      'flat_days',
      'profitable_days_pct',
      'longest_winning_streak_days',
      'longest_losing_streak_days',
      'longest_drawdown_trading_days',
      'longest_drawdown_calendar_days',
      'win_rate',
      'profit_factor',
      'expectancy',
      'expectancy_r',
    ];
    fc.assert(
      fc.property(integerCurve, tradeList, fc.integer({ min: 1, max: 5_000_000 }), (equity, trades, cash) => {
        const base = computeMetrics({ equity, trades });
        const shifted = computeMetrics({ equity: equity.map((p) => ({ date: p.date, value: p.value + cash })), trades });
        return (
          moneyKeys.every((key) => base[key] === shifted[key]) &&
          shifted.daily_pnl.pnl.every((pnl, i) => pnl === base.daily_pnl.pnl[i]) &&
          base.max_drawdown_money_details?.peak_date === shifted.max_drawdown_money_details?.peak_date &&
          base.max_drawdown_money_details?.recovery_date === shifted.max_drawdown_money_details?.recovery_date
        );
      }),
    );
  });

  it('the one-pass Sharpe and Sortino match a two-pass computation', () => {
    fc.assert(
      fc.property(compoundedCurve, fc.double({ min: 0, max: 0.1, noNaN: true }), (equity, riskFreeRate) => {
        const report = computeMetrics({ equity, riskFreeRate });
        const rf = Math.pow(1 + riskFreeRate, 1 / 252) - 1;
        const excess = report.daily_pnl.returns.map((r) => r - rf);
        if (excess.length < 2) return report.sharpe_ratio === null && report.sortino_ratio === null;
        const mean = excess.reduce((a, b) => a + b, 0) / excess.length;
        const std = Math.sqrt(excess.reduce((a, e) => a + (e - mean) ** 2, 0) / (excess.length - 1));
        const downside = Math.sqrt(excess.reduce((a, e) => a + Math.min(e, 0) ** 2, 0) / excess.length);
        const sharpe = std > 1e-9 ? (mean / std) * Math.sqrt(252) : null;
        const sortino = downside > 1e-9 ? (mean / downside) * Math.sqrt(252) : null;
        return (sharpe === null || close(report.sharpe_ratio, sharpe, 1e-6)) && (sortino === null || close(report.sortino_ratio, sortino, 1e-6));
      }),
    );
  });

  it('rows, string columns and epoch-day columns give the same report', () => {
    fc.assert(
      fc.property(compoundedCurve, tradeList, (equity, trades) => {
        const rows = computeMetrics({ equity, trades });
        const dates = equity.map((p) => p.date);
        const values = Float64Array.from(equity, (p) => p.value);
        const strings = computeMetrics({ equity: { dates, values }, trades });
        const epochDays = computeMetrics({ equity: { dates: Int32Array.from(dates, (d) => parseIsoDay(d) ?? 0), values }, trades });
        expect(strings).toEqual(rows);
        expect(epochDays).toEqual(rows);
      }),
      { numRuns: 50 },
    );
  });

  it('drawdown episodes are ordered and their durations add up', () => {
    fc.assert(
      fc.property(compoundedCurve, (equity) => {
        const report = computeMetrics({ equity });
        return [report.max_drawdown_details, report.max_drawdown_money_details].every((episode) => {
          if (episode === null) return report.max_drawdown === 0;
          const ordered = episode.peak_date < episode.trough_date && (episode.recovery_date === null || episode.trough_date < episode.recovery_date);
          const adds = episode.recovered
            ? episode.duration_trading_days === episode.peak_to_trough_trading_days + (episode.time_to_recovery_trading_days ?? NaN) &&
              episode.duration_calendar_days === episode.peak_to_trough_calendar_days + (episode.time_to_recovery_calendar_days ?? NaN)
            : episode.time_to_recovery_trading_days === null && episode.duration_trading_days >= episode.peak_to_trough_trading_days;
          return ordered && adds && episode.trough_value < episode.peak_value && episode.duration_trading_days <= report.longest_drawdown_trading_days;
        });
      }),
    );
  });

  it('trade statistics other than streaks do not depend on the order of the trades', () => {
    fc.assert(
      fc.property(tradeList, fc.integer(), (trades, seed) => {
        const equity = [{ date: '2020-01-01', value: 100 }, { date: '2020-01-02', value: 101 }];
        const shuffled = [...trades].sort((a, b) => ((a.pnl * 31 + seed) % 7) - ((b.pnl * 31 + seed) % 7));
        const base = computeMetrics({ equity, trades });
        const other = computeMetrics({ equity, trades: shuffled });
        const keys = ['total_trades', 'winning_trades', 'losing_trades', 'break_even_trades', 'win_rate', 'gross_profit', 'gross_loss', 'payoff_ratio', 'profit_factor', 'largest_winning_trade', 'largest_losing_trade'] as const;
        return keys.every((key) => close(other[key], base[key], 1e-12)) && close(other.expectancy, base.expectancy, 1e-9) && close(other.expectancy_r, base.expectancy_r, 1e-9);
      }),
    );
  });

  it('every null top-level metric has a reason in metric_notes', () => {
    fc.assert(
      fc.property(integerCurve, tradeList, (equity, trades) => {
        const report = computeMetrics({ equity, trades });
        return Object.entries(report).every(([key, value]) => value !== null || typeof report.metric_notes[key] === 'string');
      }),
    );
  });
});

import { dateOf, toEquityCurve, type EquityCurve } from './equity-curve';
import type { DailyPnlColumns, DailyPnlRow, EquityColumns, EquityPoint } from './types';

/** One row per period (the starting point is the baseline, not a row): P&L, return, equity, drawdown. */
export function buildDailyPnl(curve: EquityCurve): DailyPnlRow[] {
  const { values, length } = curve;
  const rows = new Array<DailyPnlRow>(length - 1);
  let peak = values[0];
  let previous = values[0];
  for (let i = 1; i < length; i += 1) {
    const equity = values[i];
    if (equity > peak) peak = equity;
    rows[i - 1] = { date: dateOf(curve, i), pnl: equity - previous, return: equity / previous - 1, equity, drawdown: equity / peak - 1 };
    previous = equity;
  }
  return rows;
}

/**
 * The daily P&L series in typed columns (same definitions as the `daily_pnl` rows), for callers that
 * chart or serialise large series without one object per day. `days` and `equity` are views over the
 * caller's typed arrays when it passed them (no copy): read them, do not write to them.
 */
export function computeDailyPnlColumns(equity: readonly EquityPoint[] | EquityColumns): DailyPnlColumns {
  const curve = toEquityCurve(equity);
  const { values, days } = curve;
  const n = curve.length - 1;
  const pnl = new Float64Array(n);
  const returns = new Float64Array(n);
  const drawdown = new Float64Array(n);
  let peak = values[0];
  for (let i = 0; i < n; i += 1) {
    const previous = values[i];
    const current = values[i + 1];
    if (current > peak) peak = current;
    pnl[i] = current - previous;
    returns[i] = current / previous - 1;
    drawdown[i] = current / peak - 1;
  }
  return { days: days.subarray(1), pnl, return: returns, equity: values.subarray(1), drawdown };
}

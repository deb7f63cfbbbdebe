import { formatIsoDays } from '../civil-days';
import { toEquityCurve, type EquityCurve } from './equity-curve';
import type { DailyPnlColumns, DailyPnlSeries, EquityColumns, EquityPoint } from './types';

/** The report's `daily_pnl`: the series as plain JSON arrays (see {@link computeDailyPnlColumns} for typed ones). */
export function buildDailyPnl(curve: EquityCurve): DailyPnlSeries {
  const { values, days, dateStrings } = curve;
  const n = curve.length - 1;
  const dates = dateStrings !== null ? dateStrings.slice(1) : formatIsoDays(days, 1, n + 1);
  const equity = new Array<number>(n);
  const pnl = new Array<number>(n);
  const drawdown = new Array<number>(n);
  const returns = new Array<number>(n);
  let peak = values[0];
  let previous = values[0];
  for (let i = 0; i < n; i += 1) {
    const current = values[i + 1];
    if (current > peak) peak = current;
    equity[i] = current;
    pnl[i] = current - previous;
    drawdown[i] = current / peak - 1;
    returns[i] = current / previous - 1;
    previous = current;
  }
  return { dates, equity, pnl, drawdown, returns };
}

/** `daily_pnl` when it is not asked for: the same five columns, empty. */
export function emptyDailyPnl(): DailyPnlSeries {
  return { dates: [], equity: [], pnl: [], drawdown: [], returns: [] };
}

/**
 * The daily P&L series in typed columns (same definitions as the report's `daily_pnl`), for callers that
 * chart or serialise large series without one object per day. `days` and `equity` are views over the
 * caller's typed arrays when it passed them (no copy): read them, do not write to them.
 */
export function computeDailyPnlColumns(equity: readonly EquityPoint[] | EquityColumns): DailyPnlColumns {
  return dailyPnlColumnsOf(toEquityCurve(equity));
}

/** {@link computeDailyPnlColumns} of an already validated curve. */
export function dailyPnlColumnsOf(curve: EquityCurve): DailyPnlColumns {
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

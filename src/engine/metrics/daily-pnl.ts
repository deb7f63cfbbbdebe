import { dateOf, type EquityCurve } from './equity-curve';
import type { DailyPnlRow } from './types';

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

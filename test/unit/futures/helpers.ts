import {
  type FuturesBacktestInput,
  type FuturesBacktestResult,
  type OrbParamsInput,
  prepareFuturesData,
  resolveFuturesConfig,
  runFuturesBacktestSync,
} from '../../../src/engine';
import { type BarRow, type RawBar, session, toMinuteBars } from './fixtures';

/** Every regime filter off, no costs: the mechanics alone. */
export const NO_FILTERS: OrbParamsInput = {
  width_filter: false,
  trend_filter: false,
  volatility_filter: false,
  gap_filter: false,
  vwap_filter: false,
  slippage_ticks: 0,
  commission_round_turn: 0,
};

export function run(bars: readonly RawBar[], input: Omit<FuturesBacktestInput, 'symbol'> & { symbol?: string }): FuturesBacktestResult {
  const config = resolveFuturesConfig({ symbol: 'MES', ...input });
  return runFuturesBacktestSync(prepareFuturesData(toMinuteBars(config.symbol, bars), config), config);
}

/**
 * An ES day whose P&L is set by the 14:55 time-exit price: OR 3980–4000 (stop 3989.75),
 * up-break close 4000.5 at 08:50, breakout entry at 08:51's open 4000.5, flat until 14:55 opens at
 * 4000.5 + points. With target_r 10 the target (4000.5 + 107.5) is never reached.
 */
export function pnlDay(date: string, offset: number, points: number, extra: readonly BarRow[] = []): RawBar[] {
  const exit = 4000.5 + points;
  return session(date, offset, 4000.5, [
    ...orRows(4000, 3980),
    ['08:50', 4000, 4000.5, 4000, 4000.5],
    ['14:55', exit, exit, exit, exit],
    ...extra,
  ], { to: '14:56' });
}

/** Opening range 08:30–08:44 between `low` and `high`, then 08:45–08:49 resting at the high without a break. */
export function orRows(high: number, low: number): BarRow[] {
  const mid = (high + low) / 2;
  const rows: BarRow[] = [];
  for (let m = 30; m < 45; m += 1) {
    const hhmm = `08:${m}`;
    if (m === 30) rows.push([hhmm, mid, high, mid, mid]);
    else if (m === 31) rows.push([hhmm, mid, mid, low, mid]);
    else rows.push([hhmm, mid, mid, mid, mid]);
  }
  for (let m = 45; m < 50; m += 1) rows.push([`08:${m}`, high, high, high, high]);
  return rows;
}

/** ES, one contract, breakout entry, no filters or costs, wide target: P&L comes from the time exit. */
export const PNL_DAY_INPUT = {
  symbol: 'ES',
  strategy: { ...NO_FILTERS, entry_mode: 'breakout' as const, target_r: 10, risk_per_trade_usd: 100_000 },
  rules: { max_contracts: 1 },
};

/** A short history session (08:30 and 14:59 bars) with daily OHLC o/h/l/c, for the daily indicators. */
export function historyDay(date: string, offset: number, o: number, h: number, l: number, c: number): RawBar[] {
  return session(date, offset, c, [
    ['08:30', o, h, l, o],
    ['14:59', c, c, c, c],
  ], { from: '14:59', to: '14:59' });
}

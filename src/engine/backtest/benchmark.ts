// The benchmark of a backtest: buying the benchmark ticker with the starting value and holding it.
import type { PriceBar } from '../data/types';
import { EngineError } from '../errors';
import type { EquityPoint } from '../metrics';

/**
 * The value on each of `dates` of `startValue` put into the benchmark at its close on `dates[0]` and held (no
 * costs, no dividends beyond what the prices carry). A date without a bar uses the last close before it; a date
 * before the first bar uses the first bar's open. `bars` in ascending date order. Throws INVALID_INPUT naming
 * `benchmark` when there is no bar at all.
 */
export function buyAndHoldCurve(ticker: string, bars: readonly PriceBar[], dates: readonly string[], startValue: number): EquityPoint[] {
  if (bars.length === 0) {
    throw new EngineError('INVALID_INPUT', `The benchmark ${ticker} has no prices in the backtest's range`, [{ field: 'benchmark', message: `${ticker} has no prices in the backtest's range` }]);
  }
  const points: EquityPoint[] = [];
  let next = 0;
  let price = bars[0].open;
  let basePrice = 0;
  for (const date of dates) {
    while (next < bars.length && bars[next].time <= date) {
      price = bars[next].close;
      next += 1;
    }
    if (points.length === 0) basePrice = price;
    points.push({ date, value: (startValue * price) / basePrice });
  }
  return points;
}

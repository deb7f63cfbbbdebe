import { ZERO_VOLATILITY } from './returns';

/** Six months of trading days: the window of the tearsheet's rolling Sharpe ratio. */
export const ROLLING_SHARPE_WINDOW = 126;

/**
 * Rolling Sharpe ratio over the simple returns of an equity curve (quantstats `rolling_sharpe`):
 * for each return t ≥ window − 1, mean(e)/std(e, ddof 1)·√P over the `window` excess returns
 * e = r − rf_p ending at t, with rf_p = (1+rf)^(1/P) − 1 as in `computeMetrics`.
 *
 * `values` are the equity values V_0 … V_N (V_0 the starting value); the result has N entries aligned
 * with the returns r_1 … r_N (entry i belongs to V_{i+1}). Entries before a full window, and windows
 * whose standard deviation is ≤ 1e-12 (a window of equal returns, a flat account), are NaN (undefined).
 *
 * O(N): sliding sums of the returns shifted by the window's first return (no cancellation in the
 * variance), recomputed exactly once per window so rounding cannot drift.
 */
export function computeRollingSharpe(values: ArrayLike<number>, window: number, periodsPerYear: number, riskFreeRate = 0): Float64Array {
  if (!Number.isInteger(window) || window < 2) throw new RangeError(`window must be an integer >= 2; got ${window}`);
  const n = values.length - 1;
  const out = new Float64Array(Math.max(0, n)).fill(Number.NaN);
  if (n < window) return out;
  const rfPeriod = riskFreeRate === 0 ? 0 : Math.pow(1 + riskFreeRate, 1 / periodsPerYear) - 1;
  const excess = new Float64Array(n);
  for (let i = 0; i < n; i += 1) excess[i] = values[i + 1] / values[i] - 1 - rfPeriod;
  const sqrtP = Math.sqrt(periodsPerYear);
  let shift = 0;
  let sum = 0;
  let squares = 0;
  let equalRun = 0;
  for (let end = 0; end < n; end += 1) {
    equalRun = end > 0 && excess[end] === excess[end - 1] ? equalRun + 1 : 1;
    const start = end - window + 1;
    if (start < 0) continue;
    if (start % window === 0) {
      shift = excess[start];
      sum = 0;
      squares = 0;
      for (let k = start; k <= end; k += 1) {
        const x = excess[k] - shift;
        sum += x;
        squares += x * x;
      }
    } else {
      const x = excess[end] - shift;
      const gone = excess[start - 1] - shift;
      sum += x - gone;
      squares += x * x - gone * gone;
    }
    if (equalRun >= window) continue;
    const mean = sum / window;
    const std = Math.sqrt(Math.max(0, (squares - sum * mean) / (window - 1)));
    if (std > ZERO_VOLATILITY) out[end] = ((mean + shift) / std) * sqrtP;
  }
  return out;
}

import type { MetricNotes } from './notes';

/** Daily standard deviations at or below this are treated as zero volatility (as the anchor does). */
export const ZERO_VOLATILITY = 1e-12;

export interface ReturnStats {
  readonly totalReturn: number;
  readonly cagr: number;
  readonly annualVolatility: number | null;
  readonly sharpe: number | null;
  readonly sortino: number | null;
}

/**
 * Return and risk ratios from simple period returns r_t = V_t/V_{t-1} - 1 in one pass (quantstats
 * conventions): Welford mean/variance of the excess returns e_t = r_t - rf_p with rf_p =
 * (1+rf)^(1/P) - 1; Sharpe = mean(e)/std(e, ddof 1)·√P; Sortino = mean(e)/√(Σ min(e,0)² / N)·√P;
 * CAGR = (V_N/V_0)^(P/N) - 1; volatility = std(r, ddof 1)·√P.
 */
export function computeReturnStats(values: Float64Array, periodsPerYear: number, riskFreeRate: number, notes: MetricNotes): ReturnStats {
  const n = values.length - 1;
  const rfPeriod = riskFreeRate === 0 ? 0 : Math.pow(1 + riskFreeRate, 1 / periodsPerYear) - 1;
  let mean = 0;
  let m2 = 0;
  let downsideSquares = 0;
  let previous = values[0];
  for (let i = 1; i <= n; i += 1) {
    const current = values[i];
    const excess = current / previous - 1 - rfPeriod;
    previous = current;
    const delta = excess - mean;
    mean += delta / i;
    m2 += delta * (excess - mean);
    if (excess < 0) downsideSquares += excess * excess;
  }
  const growth = values[n] / values[0];
  const totalReturn = growth - 1;
  const cagr = Math.pow(growth, periodsPerYear / n) - 1;
  if (n < 20) notes.cagr = `annualised from only ${n} period(s); treat with care`;
  const sqrtP = Math.sqrt(periodsPerYear);
  if (n < 2) {
    const reason = 'needs at least 2 returns (3 equity points)';
    notes.annual_volatility = reason;
    notes.sharpe_ratio = reason;
    notes.sortino_ratio = reason;
    return { totalReturn, cagr, annualVolatility: null, sharpe: null, sortino: null };
  }
  const std = Math.sqrt(m2 / (n - 1));
  const annualVolatility = std * sqrtP;
  let sharpe: number | null = null;
  if (std <= ZERO_VOLATILITY) notes.sharpe_ratio = 'undefined: the returns have zero volatility';
  else sharpe = (mean / std) * sqrtP;
  let sortino: number | null = null;
  const downside = Math.sqrt(downsideSquares / n);
  if (downside <= ZERO_VOLATILITY) notes.sortino_ratio = 'undefined: no return below the risk-free rate (zero downside deviation)';
  else sortino = (mean / downside) * sqrtP;
  return { totalReturn, cagr, annualVolatility, sharpe, sortino };
}

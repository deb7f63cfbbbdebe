// Risk manager (anchor §4): per-ticker dollar limits from volatility and correlation, on a margin-correct NAV.
// Changes from the anchor: the volatility multiplier is continuous and non-increasing; limits are never
// negative; the short side has its own limit, bounded by the collateral free cash can post (not by cash as if
// it were a purchase).
import type { PriceBar } from '../data/types';
import { collateralRate, portfolioValue } from '../portfolio/ledger';
import type { Portfolio } from '../portfolio/types';
import { throwIfAborted } from './analyst-runner';
import { correlation, type NumberColumn, rollingCount, rollingSampleStdInto, sampleStd, ScratchColumns } from './indicators';
import type { CorrelationMetrics, RiskAssessments, RiskManagerFunction, VolatilityMetrics } from './types';

export const BASE_POSITION_LIMIT = 0.2;

/**
 * Volatility multiplier on the 20 % base limit: 1.25 up to 15 % annualised vol, then linear to 1.0 at 30 %,
 * 0.75 at 50 % and 0.25 at 100 % and above. The anchor's version jumps (18.5 % → 15 % of NAV at 30 % vol).
 */
export function volatilityMultiplier(annualizedVol: number): number {
  if (!Number.isFinite(annualizedVol) || annualizedVol < 0) return 1;
  const points: readonly (readonly [number, number])[] = [
    [0.15, 1.25],
    [0.3, 1.0],
    [0.5, 0.75],
    [1.0, 0.25],
  ];
  if (annualizedVol <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i += 1) {
    const [x1, y1] = points[i];
    const [x0, y0] = points[i - 1];
    if (annualizedVol <= x1) return y0 + ((annualizedVol - x0) / (x1 - x0)) * (y1 - y0);
  }
  return points[points.length - 1][1];
}

/** The anchor's correlation steps (monotone): crowded books get smaller limits. */
export function correlationMultiplier(avgCorrelation: number | null): number {
  if (avgCorrelation === null) return 1;
  if (avgCorrelation >= 0.8) return 0.7;
  if (avgCorrelation >= 0.6) return 0.85;
  if (avgCorrelation >= 0.4) return 1.0;
  if (avgCorrelation >= 0.2) return 1.05;
  return 1.1;
}

/** The rolling volatilities of each assessment, reused from day to day (assessRisk runs synchronously). */
const scratch = new ScratchColumns();
const ROLLING_SLOT = 0;

/** Close-to-close returns of bars (oldest first), written into `out` (at least n − 1 long). */
function closeReturnsInto<T extends NumberColumn>(bars: readonly PriceBar[], out: T): T {
  for (let i = 1; i < bars.length; i += 1) out[i - 1] = bars[i].close / bars[i - 1].close - 1;
  return out;
}

/** Daily vol = sample std of the last ≤ 60 close-to-close returns; percentile among the 30-day rolling stds. */
export function volatilityOf(bars: readonly PriceBar[]): VolatilityMetrics {
  return volatilityOfReturns(closeReturnsInto(bars, new Float64Array(Math.max(0, bars.length - 1))));
}

function volatilityOfReturns(returns: ArrayLike<number>): VolatilityMetrics {
  if (returns.length < 2) {
    return { daily_volatility: 0.05, annualized_volatility: 0.05 * Math.sqrt(252), volatility_percentile: 100, data_points: returns.length };
  }
  const daily = sampleStd(returns, Math.max(0, returns.length - 60));
  let percentile = 50;
  if (returns.length >= 30) {
    const rolling = rollingSampleStdInto(returns, 30, scratch.view(ROLLING_SLOT, rollingCount(returns.length, 30)));
    let atOrBelow = 0;
    for (let i = 0; i < rolling.length; i += 1) if (rolling[i] <= daily + 1e-15) atOrBelow += 1;
    percentile = (atOrBelow / rolling.length) * 100;
  }
  return { daily_volatility: daily, annualized_volatility: daily * Math.sqrt(252), volatility_percentile: percentile, data_points: returns.length };
}

/** Each series' close-to-close returns, worked out once per assessment (the volatility and correlations share them). */
type ReturnsOf = (bars: readonly PriceBar[]) => ArrayLike<number>;

function returnsOnce(): ReturnsOf {
  const known = new Map<readonly PriceBar[], Float64Array>();
  return (bars) => {
    let returns = known.get(bars);
    if (returns === undefined) {
      returns = closeReturnsInto(bars, new Float64Array(Math.max(0, bars.length - 1)));
      known.set(bars, returns);
    }
    return returns;
  };
}

/** Close-to-close returns on the dates every series has (a return needs the previous common date too). */
function alignedReturns(series: readonly (readonly PriceBar[])[], returnsOf: ReturnsOf): ArrayLike<number>[] {
  const first = series[0];
  const sameCalendar = series.every((bars) => bars.length === first.length && bars[0].time === first[0].time && bars[bars.length - 1].time === first[first.length - 1].time);
  if (sameCalendar) return series.map(returnsOf);
  const lookups = series.map((bars) => new Map(bars.map((bar) => [bar.time, bar])));
  const common = first.map((bar) => bar.time).filter((time) => lookups.every((m) => m.has(time)));
  return lookups.map((m) => {
    const rows = common.map((time) => m.get(time) as PriceBar);
    return closeReturnsInto(rows, new Float64Array(Math.max(0, rows.length - 1)));
  });
}

/** Pearson correlations over the dates every ticker has (≥ 5 rows and ≥ 2 tickers, else none). */
export function correlationMatrix(series: Readonly<Record<string, readonly PriceBar[]>>, returnsOf: ReturnsOf = returnsOnce()): Map<string, Map<string, number>> {
  const tickers = Object.keys(series).filter((t) => series[t].length > 1);
  const matrix = new Map<string, Map<string, number>>();
  if (tickers.length < 2) return matrix;
  const columns = alignedReturns(tickers.map((t) => series[t]), returnsOf);
  if (columns[0].length < 5) return matrix;
  for (let i = 0; i < tickers.length; i += 1) {
    for (let j = i + 1; j < tickers.length; j += 1) {
      const c = correlation(columns[i], columns[j]);
      if (c === null) continue;
      if (!matrix.has(tickers[i])) matrix.set(tickers[i], new Map());
      if (!matrix.has(tickers[j])) matrix.set(tickers[j], new Map());
      matrix.get(tickers[i])?.set(tickers[j], c);
      matrix.get(tickers[j])?.set(tickers[i], c);
    }
  }
  return matrix;
}

function correlationMetricsFor(ticker: string, matrix: Map<string, Map<string, number>>, portfolio: Portfolio): CorrelationMetrics {
  const row = matrix.get(ticker);
  if (!row || row.size === 0) return { avg_correlation_with_active: null, max_correlation_with_active: null, top_correlated_tickers: [] };
  const active = [...row.keys()].filter((other) => {
    const position = portfolio.positions[other];
    return position !== undefined && position.long - position.short !== 0;
  });
  const peers = active.length > 0 ? active : [...row.keys()];
  const values = peers.map((peer) => row.get(peer) as number);
  const top = peers
    .map((peer) => ({ ticker: peer, correlation: row.get(peer) as number }))
    .sort((a, b) => b.correlation - a.correlation || a.ticker.localeCompare(b.ticker))
    .slice(0, 3);
  return {
    avg_correlation_with_active: values.reduce((a, b) => a + b, 0) / values.length,
    max_correlation_with_active: Math.max(...values),
    top_correlated_tickers: top,
  };
}

/** Pure core: assessments from each ticker's bars (oldest first, last bar = decision day). */
export function assessRisk(tickers: readonly string[], bars: Readonly<Record<string, readonly PriceBar[]>>, portfolio: Portfolio): RiskAssessments {
  const prices: Record<string, number> = {};
  for (const ticker of tickers) {
    const series = bars[ticker] ?? [];
    if (series.length > 0) prices[ticker] = series[series.length - 1].close;
  }
  const nav = portfolioValue(portfolio, prices);
  const returnsOf = returnsOnce();
  const matrix = correlationMatrix(bars, returnsOf);
  const out: RiskAssessments = {};
  for (const ticker of tickers) {
    const series = bars[ticker] ?? [];
    const volatility = volatilityOfReturns(returnsOf(series));
    const correlationMetrics = correlationMetricsFor(ticker, matrix, portfolio);
    const price = prices[ticker];
    if (price === undefined || !(price > 0)) {
      out[ticker] = {
        remaining_position_limit: 0,
        remaining_short_limit: 0,
        current_price: 0,
        volatility_metrics: volatility,
        correlation_metrics: correlationMetrics,
        reasoning: { error: `No price data for ${ticker}` },
      };
      continue;
    }
    const position = portfolio.positions[ticker] ?? { long: 0, short: 0 };
    const currentValue = Math.abs((position.long - position.short) * price);
    const volPct = BASE_POSITION_LIMIT * volatilityMultiplier(volatility.annualized_volatility);
    const corrMult = correlationMultiplier(correlationMetrics.avg_correlation_with_active);
    const combinedPct = volPct * corrMult;
    const limit = Math.max(0, nav) * combinedPct;
    const remaining = Math.max(0, limit - currentValue);
    out[ticker] = {
      remaining_position_limit: Math.min(remaining, portfolio.cash),
      remaining_short_limit: Math.min(remaining, portfolio.cash / collateralRate(portfolio)),
      current_price: price,
      volatility_metrics: volatility,
      correlation_metrics: correlationMetrics,
      reasoning: {
        portfolio_value: nav,
        current_position_value: currentValue,
        base_position_limit_pct: volPct,
        correlation_multiplier: corrMult,
        combined_position_limit_pct: combinedPct,
        position_limit: limit,
        remaining_limit: remaining,
        available_cash: portfolio.cash,
        risk_adjustment: `Volatility ${(volatility.annualized_volatility * 100).toFixed(1)}% → ${(volPct * 100).toFixed(1)}% of NAV; correlation ×${corrMult.toFixed(2)}`,
      },
    };
  }
  return out;
}

export const riskManager: RiskManagerFunction = async (ctx, agentId) => {
  const bars: Record<string, PriceBar[]> = {};
  for (const ticker of ctx.tickers) {
    throwIfAborted(ctx.signal);
    ctx.onProgress?.(agentId, ticker, 'Fetching price data');
    bars[ticker] = await ctx.data.getPrices(ticker, ctx.startDate, ctx.endDate, { signal: ctx.signal });
  }
  const assessments = assessRisk(ctx.tickers, bars, ctx.portfolio);
  for (const ticker of ctx.tickers) ctx.onProgress?.(agentId, ticker, 'Done', ctx.reportAnalysis === false ? undefined : JSON.stringify(assessments[ticker]));
  ctx.onProgress?.(agentId, null, 'Done');
  return assessments;
};

// Growth analyst (anchor §4): five 0..1 sub-scores (growth, valuation, margins, insider flow, health) weighted
// .40/.25/.15/.10/.10; > 0.6 bullish, < 0.4 bearish, confidence |score − 0.5|·200.
import type { FinancialMetrics, InsiderTrade } from '../data/types';
import { analyzeTickers, neutralSignal, rememberPerInput, toConfidence } from './analyst-runner';
import type { AgentSignal, AnalystFunction, SignalDirection } from './types';

export const GROWTH_WEIGHTS = { growth: 0.4, valuation: 0.25, margins: 0.15, insider: 0.1, health: 0.1 } as const;

/**
 * Least-squares slope of the known values in chronological order. The metrics arrive newest first; the anchor
 * fitted them in that order, so "accelerating" meant "was faster before". We fit oldest → newest.
 */
export function trendSlope(newestFirst: readonly (number | null)[]): number {
  const y = newestFirst.filter((v): v is number => v !== null && Number.isFinite(v)).reverse();
  const n = y.length;
  if (n < 2) return 0;
  let sx = 0;
  let sy = 0;
  let sxy = 0;
  let sxx = 0;
  for (let x = 0; x < n; x += 1) {
    sx += x;
    sy += y[x];
    sxy += x * y[x];
    sxx += x * x;
  }
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

function growthScore(metrics: readonly FinancialMetrics[]): number {
  const latest = metrics[0];
  let score = 0;
  if (latest.revenue_growth !== null) {
    if (latest.revenue_growth > 0.2) score += 0.4;
    else if (latest.revenue_growth > 0.1) score += 0.2;
    if (trendSlope(metrics.map((m) => m.revenue_growth)) > 0) score += 0.1;
  }
  if (latest.earnings_per_share_growth !== null) {
    if (latest.earnings_per_share_growth > 0.2) score += 0.25;
    else if (latest.earnings_per_share_growth > 0.1) score += 0.1;
    if (trendSlope(metrics.map((m) => m.earnings_per_share_growth)) > 0) score += 0.05;
  }
  if (latest.free_cash_flow_growth !== null && latest.free_cash_flow_growth > 0.15) score += 0.1;
  return Math.min(score, 1);
}

function valuationScore(latest: FinancialMetrics): number {
  let score = 0;
  if (latest.peg_ratio !== null) score += latest.peg_ratio < 1 ? 0.5 : latest.peg_ratio < 2 ? 0.25 : 0;
  if (latest.price_to_sales_ratio !== null) score += latest.price_to_sales_ratio < 2 ? 0.5 : latest.price_to_sales_ratio < 5 ? 0.25 : 0;
  return Math.min(score, 1);
}

function marginScore(metrics: readonly FinancialMetrics[]): number {
  const latest = metrics[0];
  let score = 0;
  if (latest.gross_margin !== null) {
    if (latest.gross_margin > 0.5) score += 0.2;
    if (trendSlope(metrics.map((m) => m.gross_margin)) > 0) score += 0.2;
  }
  if (latest.operating_margin !== null) {
    if (latest.operating_margin > 0.15) score += 0.2;
    if (trendSlope(metrics.map((m) => m.operating_margin)) > 0) score += 0.2;
  }
  if (trendSlope(metrics.map((m) => m.net_margin)) > 0) score += 0.2;
  return Math.min(score, 1);
}

export function insiderFlow(trades: readonly InsiderTrade[]): { score: number; net_flow_ratio: number } {
  let buys = 0;
  let sells = 0;
  for (const trade of trades) {
    if (!trade.transaction_value || trade.transaction_shares === null) continue;
    if (trade.transaction_shares > 0) buys += Math.abs(trade.transaction_value);
    else if (trade.transaction_shares < 0) sells += Math.abs(trade.transaction_value);
  }
  const ratio = buys + sells === 0 ? 0 : (buys - sells) / (buys + sells);
  const score = ratio > 0.5 ? 1 : ratio > 0.1 ? 0.7 : ratio > -0.1 ? 0.5 : 0.2;
  return { score, net_flow_ratio: ratio };
}

function healthScore(latest: FinancialMetrics): number {
  let score = 1;
  if (latest.debt_to_equity !== null) score -= latest.debt_to_equity > 1.5 ? 0.5 : latest.debt_to_equity > 0.8 ? 0.2 : 0;
  if (latest.current_ratio !== null) score -= latest.current_ratio < 1 ? 0.5 : latest.current_ratio < 1.5 ? 0.2 : 0;
  return Math.max(score, 0);
}

/** `metrics` newest first (needs ≥ 4 periods). */
export function analyzeGrowth(metrics: readonly FinancialMetrics[], trades: readonly InsiderTrade[]): AgentSignal {
  if (metrics.length < 4) return neutralSignal('Not enough financial metrics (need 4 periods)');
  const insider = insiderFlow(trades);
  const scores = {
    growth: growthScore(metrics),
    valuation: valuationScore(metrics[0]),
    margins: marginScore(metrics),
    insider: insider.score,
    health: healthScore(metrics[0]),
  };
  let weighted = 0;
  for (const key of Object.keys(GROWTH_WEIGHTS) as (keyof typeof GROWTH_WEIGHTS)[]) weighted += scores[key] * GROWTH_WEIGHTS[key];
  const signal: SignalDirection = weighted > 0.6 ? 'bullish' : weighted < 0.4 ? 'bearish' : 'neutral';
  return {
    signal,
    confidence: toConfidence(Math.abs(weighted - 0.5) * 2),
    reasoning: { scores, net_flow_ratio: insider.net_flow_ratio, weighted_score: Math.round(weighted * 1000) / 1000 },
  };
}

/** Reports change quarterly and insider trades every few weeks: each combination is analysed once. */
const rememberedGrowth = rememberPerInput(analyzeGrowth);

export const growthAnalyst: AnalystFunction = (ctx, agentId) =>
  analyzeTickers(ctx, agentId, async (ticker, status) => {
    status('Fetching financial data');
    const metrics = await ctx.data.getFinancialMetrics(ticker, ctx.endDate, 'ttm', 12, { signal: ctx.signal });
    status('Fetching insider trades');
    const trades = await ctx.data.getInsiderTrades(ticker, ctx.endDate, null, 1000, { signal: ctx.signal });
    return rememberedGrowth(metrics, trades);
  });

// Nassim Taleb (personas.md §13): tail risk, antifragility, convexity, fragility, skin in the game, volatility
// regime and a black-swan sentinel, over a year of prices, trades and news and the ttm reports.
import type { CompanyNews, FinancialMetrics, InsiderTrade, LineItem, PriceBar } from '../../data/types';
import { scanDrawdowns } from '../../metrics/drawdown';
import { mean, median, percentile, populationStd, rollingSampleStd, sampleExcessKurtosis, sampleSkew } from '../indicators';
import type { AgentSignal, SignalDirection } from '../types';
import {
  answerFormat,
  briefOf,
  countWhere,
  type DataPoints,
  daysBefore,
  factsOf,
  hasNoData,
  insiderShareFlow,
  known,
  knownValues,
  lineItemNumber,
  noDataSignal,
  numberAt,
  scoreShare,
  type SubScore,
  subScore,
  values,
} from './helpers';
import type { Persona, PersonaAnalysis, PersonaInput } from './types';

export const NASSIM_TALEB_LINE_ITEMS = [
  'free_cash_flow',
  'net_income',
  'total_debt',
  'cash_and_equivalents',
  'total_assets',
  'total_liabilities',
  'revenue',
  'operating_income',
  'research_and_development',
  'capital_expenditure',
  'outstanding_shares',
] as const;

/** Tail 8 + antifragility 10 + convexity 10 + fragility 8 + skin 4 + volatility regime 6 + sentinel 3 (the anchor declared 4, unreachable). */
export const NASSIM_TALEB_MAX_SCORE = 49;
const ANNUALISE = Math.sqrt(252);

/** Close-to-close returns; a non-finite return (a zero close) counts as 0, as the anchor's NaN → 0. */
export function closeReturns(prices: readonly PriceBar[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < prices.length; i += 1) {
    const r = prices[i].close / prices[i - 1].close - 1;
    out.push(Number.isFinite(r) ? r : 0);
  }
  return out;
}

/** Max drawdown of the compounded returns, the starting value as the first peak (fraction ≤ 0). */
export function compoundedMaxDrawdown(returns: readonly number[]): number {
  const growth = new Float64Array(returns.length + 1);
  growth[0] = 1;
  for (let i = 0; i < returns.length; i += 1) growth[i + 1] = growth[i] * (1 + returns[i]);
  const days = Int32Array.from({ length: growth.length }, (_, i) => i);
  return scanDrawdowns({ length: growth.length, days, values: growth, dateStrings: null }).maxDrawdown;
}

/**
 * Needs ≥ 20 bars. Excess kurtosis (over the last 63 returns when there are as many, else all) > 5 +2, > 2 +1;
 * skew (same window) > 0.5 +2, > −0.5 +1; tail ratio P95(gains)/|P5(losses)| (each side > 20 values) > 1.2 +2,
 * > 0.8 +1; max drawdown > −15 % +2, > −30 % +1.
 */
export function talebTailRisk(prices: readonly PriceBar[]): SubScore {
  if (prices.length < 20) return subScore(0, 8, ['Insufficient price data for tail risk analysis']);
  const returns = closeReturns(prices);
  let score = 0;
  const notes: string[] = [];
  const from = returns.length >= 63 ? returns.length - 63 : 0;
  const kurtosis = sampleExcessKurtosis(returns, from);
  if (Number.isFinite(kurtosis)) {
    if (kurtosis > 5) score += 2;
    else if (kurtosis > 2) score += 1;
    notes.push(`Excess kurtosis ${kurtosis.toFixed(2)}`);
  }
  const skew = sampleSkew(returns, from);
  if (Number.isFinite(skew)) {
    if (skew > 0.5) score += 2;
    else if (skew > -0.5) score += 1;
    notes.push(`Skewness ${skew.toFixed(2)}`);
  }
  const gains = returns.filter((r) => r > 0);
  const losses = returns.filter((r) => r < 0);
  let tailRatio: number | null = null;
  if (gains.length > 20 && losses.length > 20) {
    const loss = Math.abs(percentile(losses, 5));
    if (loss > 0) {
      tailRatio = percentile(gains, 95) / loss;
      if (tailRatio > 1.2) score += 2;
      else if (tailRatio > 0.8) score += 1;
      notes.push(`Tail ratio ${tailRatio.toFixed(2)}`);
    }
  } else notes.push('Too few gains or losses for a tail ratio');
  const drawdown = compoundedMaxDrawdown(returns);
  if (drawdown > -0.15) score += 2;
  else if (drawdown > -0.3) score += 1;
  notes.push(`Max drawdown ${(drawdown * 100).toFixed(1)}%`);
  return subScore(score, 8, notes, { excess_kurtosis: Number.isFinite(kurtosis) ? kurtosis : null, skewness: Number.isFinite(skew) ? skew : null, tail_ratio: tailRatio, max_drawdown: drawdown });
}

/**
 * Net cash with cash above 20 % of the market cap +3 (net cash +2; otherwise debt under 30 % of assets +1); latest
 * D/E < 0.3 +2 (< 0.7 +1); operating-margin CV (≥ 3 periods) < 0.15 with a mean > 15 % +3 (< 0.30 with > 10 % +2,
 * < 0.30 +1); FCF positive in every period +2 (in a majority +1).
 */
export function talebAntifragility(metrics: readonly FinancialMetrics[], items: readonly LineItem[], marketCap: number | null): SubScore {
  if (metrics.length === 0 && items.length === 0) return subScore(0, 10, ['Insufficient data for antifragility analysis']);
  let score = 0;
  const notes: string[] = [];
  const cash = lineItemNumber(items[0], 'cash_and_equivalents');
  const debt = lineItemNumber(items[0], 'total_debt');
  const assets = lineItemNumber(items[0], 'total_assets');
  const netCash = cash !== null && debt !== null ? cash - debt : null;
  if (netCash !== null && netCash > 0) {
    const war = cash !== null && marketCap !== null && marketCap > 0 && cash > 0.2 * marketCap;
    score += war ? 3 : 2;
    notes.push(war ? 'Net cash and a war chest above 20% of market cap' : 'Net cash position');
  } else if (debt !== null && assets !== null && debt < 0.3 * assets) {
    score += 1;
    notes.push('Net debt, but under 30% of assets');
  } else notes.push('Net debt or unknown cash position');
  const debtToEquity = metrics[0]?.debt_to_equity ?? null;
  if (debtToEquity !== null && debtToEquity < 0.3) score += 2;
  else if (debtToEquity !== null && debtToEquity < 0.7) score += 1;
  const margins = known(metrics.map((m) => m.operating_margin));
  let variation: number | null = null;
  if (margins.length >= 3) {
    const average = mean(margins);
    if (average !== 0) {
      variation = populationStd(margins) / Math.abs(average);
      if (variation < 0.15 && average > 0.15) score += 3;
      else if (variation < 0.3 && average > 0.1) score += 2;
      else if (variation < 0.3) score += 1;
      notes.push(`Operating margin CV ${variation.toFixed(2)}, mean ${(average * 100).toFixed(1)}%`);
    }
  }
  const cashFlows = values(knownValues(items, 'free_cash_flow'));
  if (cashFlows.length > 0) {
    const positive = countWhere(cashFlows, (f) => f > 0);
    if (positive === cashFlows.length) {
      score += 2;
      notes.push('Free cash flow positive in every period');
    } else if (positive > cashFlows.length / 2) {
      score += 1;
      notes.push('Free cash flow positive in most periods');
    } else notes.push('Free cash flow mostly negative');
  }
  return subScore(score, 10, notes, { net_cash: netCash, debt_to_equity: debtToEquity, operating_margin_cv: variation });
}

/**
 * R&D/revenue > 15 % +3 (> 8 % +2, > 3 % +1); mean gain/|mean loss| (each side > 10 days, ≥ 20 bars) > 1.3 +2
 * (> 1 +1); cash/market cap > 30 % +3 (> 15 % +2, > 5 % +1); FCF yield (line items, else the metrics') > 10 % +2 (> 5 % +1).
 */
export function talebConvexity(metrics: readonly FinancialMetrics[], items: readonly LineItem[], prices: readonly PriceBar[], marketCap: number | null): SubScore {
  let score = 0;
  const notes: string[] = [];
  const research = lineItemNumber(items[0], 'research_and_development');
  const revenue = lineItemNumber(items[0], 'revenue');
  if (research !== null && revenue !== null && revenue > 0) {
    const intensity = Math.abs(research) / revenue;
    score += intensity > 0.15 ? 3 : intensity > 0.08 ? 2 : intensity > 0.03 ? 1 : 0;
    notes.push(`R&D ${(intensity * 100).toFixed(1)}% of revenue`);
  }
  let upDown: number | null = null;
  if (prices.length >= 20) {
    const returns = closeReturns(prices);
    const gains = returns.filter((r) => r > 0);
    const losses = returns.filter((r) => r < 0);
    if (gains.length > 10 && losses.length > 10) {
      upDown = mean(gains) / Math.abs(mean(losses));
      score += upDown > 1.3 ? 2 : upDown > 1.0 ? 1 : 0;
      notes.push(`Mean up/down move ratio ${upDown.toFixed(2)}`);
    }
  }
  const cash = lineItemNumber(items[0], 'cash_and_equivalents');
  const positiveCap = marketCap !== null && marketCap > 0 ? marketCap : null;
  if (cash !== null && positiveCap !== null) {
    const share = cash / positiveCap;
    score += share > 0.3 ? 3 : share > 0.15 ? 2 : share > 0.05 ? 1 : 0;
    notes.push(`Cash ${(share * 100).toFixed(1)}% of market cap`);
  }
  const fcf = lineItemNumber(items[0], 'free_cash_flow');
  const fcfYield = fcf !== null && positiveCap !== null ? fcf / positiveCap : (metrics[0]?.free_cash_flow_yield ?? null);
  if (fcfYield !== null) {
    score += fcfYield > 0.1 ? 2 : fcfYield > 0.05 ? 1 : 0;
    notes.push(`FCF yield ${(fcfYield * 100).toFixed(1)}%`);
  }
  return subScore(score, 10, notes.length > 0 ? notes : ['Insufficient data for convexity analysis'], { up_down_ratio: upDown, fcf_yield: fcfYield });
}

/** High = robust. Latest D/E > 2 0, > 1 1, > 0.5 2, else 3 (unknown 0); interest coverage > 10 +2 (> 5 +1); σ of ≥ 3 earnings growths < 0.2 +2 (< 0.5 +1); net margin > 15 % +1. */
export function talebFragility(metrics: readonly FinancialMetrics[]): SubScore {
  const latest = metrics[0];
  if (latest === undefined) return subScore(0, 8, ['Insufficient data for fragility analysis']);
  let score = 0;
  const notes: string[] = [];
  const de = latest.debt_to_equity;
  if (de !== null) {
    score += de > 2 ? 0 : de > 1 ? 1 : de > 0.5 ? 2 : 3;
    notes.push(`D/E ${de.toFixed(2)}`);
  } else notes.push('D/E unknown');
  const coverage = latest.interest_coverage;
  if (coverage !== null) score += coverage > 10 ? 2 : coverage > 5 ? 1 : 0;
  const growths = known(metrics.map((m) => m.earnings_growth));
  let growthVolatility: number | null = null;
  if (growths.length >= 3) {
    growthVolatility = populationStd(growths);
    score += growthVolatility < 0.2 ? 2 : growthVolatility < 0.5 ? 1 : 0;
    notes.push(`Earnings growth volatility ${growthVolatility.toFixed(2)}`);
  }
  if (latest.net_margin !== null && latest.net_margin > 0.15) score += 1;
  return subScore(score, 8, notes, { debt_to_equity: de, interest_coverage: coverage, earnings_growth_volatility: growthVolatility });
}

/** No trades 1; net buying (shares bought − sold) over sold: > 2 → 4, > 0.5 → 3, else 2; net selling 0. */
export function talebSkinInTheGame(trades: readonly InsiderTrade[]): SubScore {
  if (trades.length === 0) return subScore(1, 4, ['No insider trade data'], { net_shares: null });
  const { bought, sold } = insiderShareFlow(trades);
  const net = bought - sold;
  if (net <= 0) return subScore(0, 4, [`Net insider selling of ${-net} shares`], { net_shares: net });
  const ratio = net / Math.max(sold, 1);
  return subScore(ratio > 2 ? 4 : ratio > 0.5 ? 3 : 2, 4, [`Net insider buying of ${net} shares`], { net_shares: net });
}

/** Regime points: < 0.7 → 0 (the calm before the storm), < 0.9 → 1, ≤ 1.3 → 3, ≤ 2 → 4, above → 2. */
export function regimePoints(regime: number): number {
  return regime < 0.7 ? 0 : regime < 0.9 ? 1 : regime <= 1.3 ? 3 : regime <= 2.0 ? 4 : 2;
}

/**
 * Needs ≥ 30 bars. Regime = the latest 21-day annualised volatility over its 63-period mean (over all of it with
 * 21-62 values): < 0.7 → 0 (the calm before the storm), < 0.9 → 1, ≤ 1.3 → 3, ≤ 2 → 4, above → 2. Vol of vol (the
 * 21-day std of that volatility, ≥ 42 values) above twice its median +2, above the median +1.
 */
export function talebVolatilityRegime(prices: readonly PriceBar[]): SubScore {
  if (prices.length < 30) return subScore(0, 6, ['Insufficient price data for volatility regime'], { regime: null });
  const vol = rollingSampleStd(closeReturns(prices), 21).map((v) => v * ANNUALISE);
  let score = 0;
  const notes: string[] = [];
  let regime: number | null = null;
  if (vol.length >= 21) {
    const reference = mean(vol.length >= 63 ? vol.slice(-63) : vol);
    if (reference > 0) {
      regime = vol[vol.length - 1] / reference;
      score += regimePoints(regime);
      notes.push(`Volatility regime ${regime.toFixed(2)}`);
    }
  }
  if (vol.length >= 42) {
    const volOfVol = rollingSampleStd(vol, 21);
    const current = volOfVol[volOfVol.length - 1];
    const typical = median(volOfVol);
    if (current > 2 * typical) score += 2;
    else if (current > typical) score += 1;
  }
  return subScore(score, 6, notes.length > 0 ? notes : ['Not enough volatility history'], { regime });
}

/**
 * Sentinel points from the negative-news share, the volume spike and the 5-day return: neg > 0.7 and spike > 2 → 0;
 * neg > 0.5 or spike > 2.5 → 1; neg > 0.3 and |ret5| > 10 % → 1; neg < 0.3 and spike < 1.5 → 3; else 2; then +1
 * (at most 3) when neg > 0.4 and spike < 1.5.
 */
export function sentinelPoints(negative: number, spike: number, ret5: number): number {
  let score: number;
  if (negative > 0.7 && spike > 2) score = 0;
  else if (negative > 0.5 || spike > 2.5) score = 1;
  else if (negative > 0.3 && Math.abs(ret5) > 0.1) score = 1;
  else if (negative < 0.3 && spike < 1.5) score = 3;
  else score = 2;
  return negative > 0.4 && spike < 1.5 ? Math.min(3, score + 1) : score;
}

/**
 * Needs ≥ 10 bars. neg = share of negative news, spike = mean volume of the last 5 days over the last 63 (or all),
 * ret5 = close[−1]/close[−5] − 1, scored by `sentinelPoints`.
 */
export function talebBlackSwanSentinel(news: readonly CompanyNews[], prices: readonly PriceBar[]): SubScore {
  if (prices.length < 10) return subScore(0, 3, ['Insufficient price data for the sentinel'], { negative_share: null, volume_spike: null });
  const negative = news.length === 0 ? 0 : countWhere(news, (n) => ['negative', 'bearish'].includes((n.sentiment ?? '').toLowerCase())) / news.length;
  const volumes = prices.map((p) => p.volume);
  const baseline = mean(volumes.slice(-63));
  const spike = baseline > 0 ? mean(volumes.slice(-5)) / baseline : 1;
  const closes = prices.map((p) => p.close);
  const ret5 = closes[closes.length - 1] / closes[closes.length - 5] - 1;
  const score = sentinelPoints(negative, spike, ret5);
  const notes = [`Negative news share ${(negative * 100).toFixed(0)}%`, `Volume spike ${spike.toFixed(2)}×`, `5-day return ${(ret5 * 100).toFixed(1)}%`];
  return subScore(score, 3, notes, { negative_share: negative, volume_spike: spike, five_day_return: Number.isFinite(ret5) ? ret5 : null });
}

export function analyzeNassimTaleb(
  ticker: string,
  prices: readonly PriceBar[],
  metrics: readonly FinancialMetrics[],
  items: readonly LineItem[],
  trades: readonly InsiderTrade[],
  news: readonly CompanyNews[],
  marketCap: number | null,
): PersonaAnalysis {
  const tail = talebTailRisk(prices);
  const antifragility = talebAntifragility(metrics, items, marketCap);
  const convexity = talebConvexity(metrics, items, prices, marketCap);
  const fragility = talebFragility(metrics);
  const skin = talebSkinInTheGame(trades);
  const regime = talebVolatilityRegime(prices);
  const sentinel = talebBlackSwanSentinel(news, prices);
  const parts = { tail_risk_analysis: tail, antifragility_analysis: antifragility, convexity_analysis: convexity, fragility_analysis: fragility, skin_in_game_analysis: skin, volatility_regime_analysis: regime, black_swan_analysis: sentinel };
  const score = Object.values(parts).reduce((sum, part) => sum + part.score, 0);
  const dataPoints: DataPoints = {
    prices: prices.length,
    financial_metrics: metrics.length,
    line_items: items.length,
    insider_trades: trades.length,
    news: news.length,
    market_cap: marketCap === null ? 0 : 1,
  };
  return {
    ticker,
    score,
    max_score: NASSIM_TALEB_MAX_SCORE,
    details: { ...parts, market_cap: marketCap, data_points: dataPoints },
    facts: factsOf({
      ticker,
      score,
      max_score: NASSIM_TALEB_MAX_SCORE,
      tail_risk: briefOf(tail),
      antifragility: briefOf(antifragility),
      convexity: briefOf(convexity),
      fragility: briefOf(fragility),
      skin_in_the_game: briefOf(skin),
      volatility_regime: briefOf(regime),
      black_swan_sentinel: briefOf(sentinel),
      market_cap: marketCap,
    }),
  };
}

/**
 * Rules mode (personas.md §17, conviction in the stock): r = score/max. Bearish when fragility ≤ 2 or r ≤ 0.35;
 * bullish when r ≥ 0.65, fragility ≥ 5/8 and convexity ≥ 5/10, unless insiders have no skin in the game (0),
 * which caps the call at neutral. Confidence: bullish 70 + 30·(r − 0.65)/0.35 (at most 89 unless skin ≥ 3);
 * neutral 50 + 19·r; bearish 10 + 39·min(r, 0.65)/0.65. No data: neutral 50.
 */
export function nassimTalebRules(analysis: PersonaAnalysis): AgentSignal {
  if (hasNoData(analysis)) return noDataSignal(analysis, 50);
  const r = scoreShare(analysis);
  const fragility = numberAt(analysis.details, 'fragility_analysis', 'score') ?? 0;
  const convexity = numberAt(analysis.details, 'convexity_analysis', 'score') ?? 0;
  const skin = numberAt(analysis.details, 'skin_in_game_analysis', 'score') ?? 0;
  const reasoning = { score: analysis.score, max_score: analysis.max_score, fragility, convexity, skin_in_the_game: skin };
  let signal: SignalDirection = 'neutral';
  let rule = 'mixed evidence';
  if (fragility <= 2 || r <= 0.35) {
    signal = 'bearish';
    rule = fragility <= 2 ? 'fragile (fragility ≤ 2 of 8)' : 'score ≤ 35% of max';
  } else if (r >= 0.65 && fragility >= 5 && convexity >= 5) {
    if (skin > 0) {
      signal = 'bullish';
      rule = 'antifragile, convex and robust (score ≥ 65%, fragility ≥ 5, convexity ≥ 5)';
    } else rule = 'would be bullish, but insiders have no skin in the game';
  }
  if (signal === 'bullish') {
    const confidence = Math.round(70 + (30 * (r - 0.65)) / 0.35);
    return { signal, confidence: skin >= 3 ? confidence : Math.min(89, confidence), reasoning: { rule, ...reasoning } };
  }
  if (signal === 'bearish') return { signal, confidence: Math.round(10 + (39 * Math.min(r, 0.65)) / 0.65), reasoning: { rule, ...reasoning } };
  return { signal, confidence: Math.round(50 + 19 * r), reasoning: { rule, ...reasoning } };
}

export const NASSIM_TALEB_PROMPT = [
  'You are a risk analyst who thinks like Nassim Nicholas Taleb.',
  'Judge fragility before returns: fat tails, skew, drawdowns and volatility regimes matter more than averages. Favour',
  'antifragile businesses (net cash, low leverage, stable margins, free cash flow) with convex payoffs (R&D optionality, gains',
  'larger than losses, cash relative to size) and insiders with skin in the game. Distrust leverage, thin margins, volatile',
  'earnings and calm markets that hide risk (the turkey problem). Use Taleb\'s vocabulary: fragile, robust, antifragile, convexity.',
  'Bullish: antifragile, convex and not fragile. Bearish: fragile, or insiders without skin in the game. Neutral: mixed or',
  'insufficient evidence.',
  answerFormat(
    150,
    'Confidence is your conviction in owning the stock: 90-100 truly antifragile with strong convexity; 70-89 robust with some convexity; 50-69 mixed; 30-49 fragile signs; 10-29 clearly fragile or dangerously leveraged.',
  ),
].join('\n');

export const nassimTaleb: Persona = {
  key: 'nassim_taleb',
  systemPrompt: NASSIM_TALEB_PROMPT,
  async analyze(input: PersonaInput): Promise<PersonaAnalysis> {
    const options = { signal: input.signal };
    const yearAgo = daysBefore(input.endDate, 365);
    const prices = await input.data.getPrices(input.ticker, yearAgo, input.endDate, options);
    const metrics = await input.data.getFinancialMetrics(input.ticker, input.endDate, 'ttm', 10, options);
    const items = await input.data.searchLineItems(input.ticker, NASSIM_TALEB_LINE_ITEMS, input.endDate, 'ttm', 5, options);
    const trades = await input.data.getInsiderTrades(input.ticker, input.endDate, yearAgo, 1000, options);
    const news = await input.data.getCompanyNews(input.ticker, input.endDate, yearAgo, 100, options);
    const marketCap = await input.data.getMarketCap(input.ticker, input.endDate, options);
    return analyzeNassimTaleb(input.ticker, prices, metrics, items, trades, news, marketCap);
  },
  rules: nassimTalebRules,
};

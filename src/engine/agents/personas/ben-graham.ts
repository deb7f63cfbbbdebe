// Ben Graham (personas.md §2): earnings stability, financial strength (current ratio, leverage, dividend record)
// and valuation (net-net working capital, Graham number), annual reports.
import type { FinancialMetrics, LineItem } from '../../data/types';
import {
  answerFormat,
  bandRules,
  briefOf,
  countWhere,
  type DataPoints,
  factsOf,
  isMajority,
  knownValues,
  lineItemNumber,
  type SubScore,
  subScore,
  thresholdSignal,
  values,
} from './helpers';
import type { Persona, PersonaAnalysis, PersonaInput } from './types';

export const BEN_GRAHAM_LINE_ITEMS = [
  'earnings_per_share',
  'revenue',
  'net_income',
  'book_value_per_share',
  'total_assets',
  'total_liabilities',
  'current_assets',
  'current_liabilities',
  'dividends_and_other_cash_distributions',
  'outstanding_shares',
] as const;

/** Earnings stability 4 + financial strength 5 + valuation 7 (the anchor declared 15). */
export const BEN_GRAHAM_MAX_SCORE = 16;
export const BEN_GRAHAM_BULLISH_SHARE = 0.7;
export const BEN_GRAHAM_BEARISH_SHARE = 0.3;

/** EPS positive in every year +3 (in ≥ 80 % +2); latest EPS above the oldest +1. Needs ≥ 2 known EPS. */
export function grahamEarningsStability(metrics: readonly FinancialMetrics[], items: readonly LineItem[]): SubScore {
  if (metrics.length === 0 || items.length === 0) return subScore(0, 4, ['Insufficient data for earnings stability analysis']);
  const eps = values(knownValues(items, 'earnings_per_share'));
  if (eps.length < 2) return subScore(0, 4, ['Not enough multi-year EPS data']);
  let score = 0;
  const notes: string[] = [];
  const positive = countWhere(eps, (e) => e > 0);
  if (positive === eps.length) {
    score += 3;
    notes.push('EPS was positive in all available periods');
  } else if (positive >= 0.8 * eps.length) {
    score += 2;
    notes.push('EPS was positive in most periods');
  } else notes.push('EPS was negative in multiple periods');
  if (eps[0] > eps[eps.length - 1]) {
    score += 1;
    notes.push('EPS grew from the earliest to the latest period');
  } else notes.push('EPS did not grow from the earliest to the latest period');
  return subScore(score, 4, notes, { positive_eps_periods: positive, eps_periods: eps.length });
}

/** Current ratio ≥ 2 +2 (≥ 1.5 +1); liabilities/assets < 0.5 +2 (< 0.8 +1); dividends paid in most years +1. */
export function grahamFinancialStrength(items: readonly LineItem[]): SubScore {
  const latest = items[0];
  if (latest === undefined) return subScore(0, 5, ['No data for financial strength analysis']);
  let score = 0;
  const notes: string[] = [];
  const currentAssets = lineItemNumber(latest, 'current_assets') ?? 0;
  const currentLiabilities = lineItemNumber(latest, 'current_liabilities') ?? 0;
  const totalAssets = lineItemNumber(latest, 'total_assets') ?? 0;
  const totalLiabilities = lineItemNumber(latest, 'total_liabilities') ?? 0;
  let currentRatio: number | null = null;
  if (currentLiabilities > 0) {
    currentRatio = currentAssets / currentLiabilities;
    if (currentRatio >= 2) {
      score += 2;
      notes.push(`Current ratio = ${currentRatio.toFixed(2)} (≥ 2.0: solid)`);
    } else if (currentRatio >= 1.5) {
      score += 1;
      notes.push(`Current ratio = ${currentRatio.toFixed(2)} (moderately strong)`);
    } else notes.push(`Current ratio = ${currentRatio.toFixed(2)} (< 1.5: weaker liquidity)`);
  } else notes.push('Cannot compute current ratio (missing or zero current liabilities)');
  let debtRatio: number | null = null;
  if (totalAssets > 0) {
    debtRatio = totalLiabilities / totalAssets;
    if (debtRatio < 0.5) {
      score += 2;
      notes.push(`Debt ratio = ${debtRatio.toFixed(2)}, under 0.50 (conservative)`);
    } else if (debtRatio < 0.8) {
      score += 1;
      notes.push(`Debt ratio = ${debtRatio.toFixed(2)}, somewhat high but could be acceptable`);
    } else notes.push(`Debt ratio = ${debtRatio.toFixed(2)}, quite high by Graham standards`);
  } else notes.push('Cannot compute debt ratio (missing total assets)');
  const dividends = values(knownValues(items, 'dividends_and_other_cash_distributions'));
  if (dividends.length > 0) {
    const paid = countWhere(dividends, (d) => d < 0);
    if (isMajority(paid, dividends.length)) {
      score += 1;
      notes.push('Company paid dividends in the majority of the reported years');
    } else if (paid > 0) notes.push('Company has some dividend payments, but not most years');
    else notes.push('Company did not pay dividends in these periods');
  } else notes.push('No dividend data available to assess payout consistency');
  return subScore(score, 5, notes, { current_ratio: currentRatio, debt_ratio: debtRatio });
}

/**
 * Net-net: NCAV = current assets − total liabilities; NCAV > market cap +4, else NCAV/share ≥ 2/3 of the price
 * +2. Graham number √(22.5·EPS·BVPS) against the price: margin > 50 % +3, > 20 % +1.
 */
export function grahamValuation(items: readonly LineItem[], marketCap: number | null): SubScore {
  const latest = items[0];
  if (latest === undefined || marketCap === null || marketCap <= 0) return subScore(0, 7, ['Insufficient data to perform valuation']);
  let score = 0;
  const notes: string[] = [];
  const currentAssets = lineItemNumber(latest, 'current_assets') ?? 0;
  const totalLiabilities = lineItemNumber(latest, 'total_liabilities') ?? 0;
  const shares = lineItemNumber(latest, 'outstanding_shares') ?? 0;
  const eps = lineItemNumber(latest, 'earnings_per_share') ?? 0;
  const bookValuePerShare = lineItemNumber(latest, 'book_value_per_share') ?? 0;
  const ncav = currentAssets - totalLiabilities;
  const price = shares > 0 ? marketCap / shares : null;
  notes.push(`Net current asset value = ${ncav.toFixed(0)}`);
  if (ncav > 0 && shares > 0 && price !== null) {
    const ncavPerShare = ncav / shares;
    if (ncav > marketCap) {
      score += 4;
      notes.push('Net-net: NCAV > market cap (classic Graham deep value)');
    } else if (ncavPerShare >= price * 0.67) {
      score += 2;
      notes.push('NCAV per share ≥ 67% of price (moderate net-net discount)');
    }
  } else notes.push('NCAV not positive or shares unknown: no net-net discount');
  let grahamNumber: number | null = null;
  let marginOfSafety: number | null = null;
  if (eps > 0 && bookValuePerShare > 0) {
    grahamNumber = Math.sqrt(22.5 * eps * bookValuePerShare);
    notes.push(`Graham number = ${grahamNumber.toFixed(2)}`);
  } else notes.push('Unable to compute the Graham number (EPS or book value per share missing or ≤ 0)');
  if (grahamNumber !== null && price !== null && price > 0) {
    marginOfSafety = (grahamNumber - price) / price;
    notes.push(`Margin of safety (Graham number) = ${(marginOfSafety * 100).toFixed(1)}%`);
    if (marginOfSafety > 0.5) {
      score += 3;
      notes.push('Price is well below the Graham number (≥ 50% margin)');
    } else if (marginOfSafety > 0.2) {
      score += 1;
      notes.push('Some margin of safety relative to the Graham number');
    } else notes.push('Price close to or above the Graham number, low margin of safety');
  }
  return subScore(score, 7, notes, { net_current_asset_value: ncav, price_per_share: price, graham_number: grahamNumber, margin_of_safety: marginOfSafety });
}

export function analyzeBenGraham(ticker: string, metrics: readonly FinancialMetrics[], items: readonly LineItem[], marketCap: number | null): PersonaAnalysis {
  const earnings = grahamEarningsStability(metrics, items);
  const strength = grahamFinancialStrength(items);
  const valuation = grahamValuation(items, marketCap);
  const score = earnings.score + strength.score + valuation.score;
  const signal = thresholdSignal(score, BEN_GRAHAM_BULLISH_SHARE * BEN_GRAHAM_MAX_SCORE, BEN_GRAHAM_BEARISH_SHARE * BEN_GRAHAM_MAX_SCORE);
  const dataPoints: DataPoints = { financial_metrics: metrics.length, line_items: items.length, market_cap: marketCap === null ? 0 : 1 };
  return {
    ticker,
    score,
    max_score: BEN_GRAHAM_MAX_SCORE,
    details: { signal, earnings_analysis: earnings, strength_analysis: strength, valuation_analysis: valuation, market_cap: marketCap, data_points: dataPoints },
    facts: factsOf({
      ticker,
      signal_hint: signal,
      score,
      max_score: BEN_GRAHAM_MAX_SCORE,
      earnings_stability: briefOf(earnings),
      financial_strength: briefOf(strength),
      valuation: briefOf(valuation),
      net_current_asset_value: valuation.net_current_asset_value,
      graham_number: valuation.graham_number,
      price_per_share: valuation.price_per_share,
      graham_margin_of_safety: valuation.margin_of_safety,
      market_cap: marketCap,
    }),
  };
}

export const BEN_GRAHAM_PROMPT = [
  'You are a value-investing analyst who thinks like Benjamin Graham.',
  'You insist on a margin of safety: buy below intrinsic value, ideally below net current asset value (net-nets) or well below',
  'the Graham number √(22.5 × EPS × book value per share). You want financial strength (a current ratio of 2 or more, modest',
  'liabilities), earnings that stayed positive for years, and a dividend record. You distrust speculation, optimistic growth',
  'forecasts and high multiples. The facts include a coded signal hint from these tests; weigh it with the details.',
  answerFormat(null, 'Confidence is your confidence in the signal you give, from 0 to 100.'),
].join('\n');

export const benGraham: Persona = {
  key: 'ben_graham',
  systemPrompt: BEN_GRAHAM_PROMPT,
  async analyze(input: PersonaInput): Promise<PersonaAnalysis> {
    const options = { signal: input.signal };
    const metrics = await input.data.getFinancialMetrics(input.ticker, input.endDate, 'annual', 10, options);
    const items = await input.data.searchLineItems(input.ticker, BEN_GRAHAM_LINE_ITEMS, input.endDate, 'annual', 10, options);
    const marketCap = await input.data.getMarketCap(input.ticker, input.endDate, options);
    return analyzeBenGraham(input.ticker, metrics, items, marketCap);
  },
  rules: (analysis) => bandRules(analysis, BEN_GRAHAM_BULLISH_SHARE, BEN_GRAHAM_BEARISH_SHARE),
};

// Charlie Munger (personas.md §3): moat, management, predictability and valuation, each on 0-10, weighted
// .35/.25/.25/.15, with a deterministic confidence the model is told to keep.
import type { CompanyNews, FinancialMetrics, InsiderTrade, LineItem } from '../../data/types';
import { mean } from '../indicators';
import type { AgentSignal, SignalDirection } from '../types';
import {
  answerFormat,
  briefOf,
  clamp,
  countWhere,
  type DataPoints,
  factsOf,
  finiteOrNull,
  knownValues,
  lineItemNumber,
  numberAt,
  recentVersusOlder,
  type SubScore,
  subScore,
  thresholdSignal,
  values,
  hasNoData,
} from './helpers';
import type { Persona, PersonaAnalysis, PersonaInput } from './types';

export const CHARLIE_MUNGER_LINE_ITEMS = [
  'revenue',
  'net_income',
  'operating_income',
  'return_on_invested_capital',
  'gross_margin',
  'operating_margin',
  'free_cash_flow',
  'capital_expenditure',
  'cash_and_equivalents',
  'total_debt',
  'shareholders_equity',
  'outstanding_shares',
  'research_and_development',
  'goodwill_and_intangible_assets',
] as const;

export const CHARLIE_MUNGER_WEIGHTS = { moat: 0.35, management: 0.25, predictability: 0.25, valuation: 0.15 } as const;
export const CHARLIE_MUNGER_BULLISH_AT = 7.5;
export const CHARLIE_MUNGER_BEARISH_AT = 5.5;

/**
 * Moat (raw 9 → 0-10): ROIC > 15 % in ≥ 80 % of years 3 (≥ 50 % 2, any 1); gross margins improving year over
 * year in ≥ 70 % of the steps 2 (else a mean > 30 % 1); capex under 5 % of revenue 2 (< 10 % 1); R&D spent 1;
 * goodwill/intangibles on the books 1. The anchor counted the falling years as improving (newest-first list).
 */
export function mungerMoat(metrics: readonly FinancialMetrics[], items: readonly LineItem[]): SubScore {
  if (metrics.length === 0 || items.length === 0) return subScore(0, 10, ['Insufficient data to analyze moat strength']);
  let raw = 0;
  const notes: string[] = [];
  const roic = values(knownValues(items, 'return_on_invested_capital'));
  if (roic.length > 0) {
    const high = countWhere(roic, (r) => r > 0.15);
    if (high >= 0.8 * roic.length) {
      raw += 3;
      notes.push(`Excellent ROIC: >15% in ${high}/${roic.length} periods`);
    } else if (high >= 0.5 * roic.length) {
      raw += 2;
      notes.push(`Good ROIC: >15% in ${high}/${roic.length} periods`);
    } else if (high > 0) {
      raw += 1;
      notes.push(`Mixed ROIC: >15% in only ${high}/${roic.length} periods`);
    } else notes.push('Poor ROIC: never exceeds 15% threshold');
  } else notes.push('No ROIC data available');
  const margins = values(knownValues(items, 'gross_margin'));
  let improvingShare: number | null = null;
  if (margins.length >= 3) {
    let improving = 0;
    for (let i = 0; i + 1 < margins.length; i += 1) if (margins[i] >= margins[i + 1]) improving += 1;
    improvingShare = improving / (margins.length - 1);
    if (improvingShare >= 0.7) {
      raw += 2;
      notes.push('Strong pricing power: gross margins held or improved year over year');
    } else if (mean(margins) > 0.3) {
      raw += 1;
      notes.push(`Good gross margins averaging ${(mean(margins) * 100).toFixed(1)}%`);
    } else notes.push('Limited pricing power: low or declining gross margins');
  } else notes.push('Insufficient gross margin data');
  if (items.length >= 3) {
    const ratios: number[] = [];
    for (const item of items) {
      const capex = lineItemNumber(item, 'capital_expenditure');
      const revenue = lineItemNumber(item, 'revenue');
      if (capex !== null && revenue !== null && revenue > 0) ratios.push(Math.abs(capex) / revenue);
    }
    if (ratios.length > 0) {
      const average = mean(ratios);
      if (average < 0.05) {
        raw += 2;
        notes.push(`Low capital requirements: ${(average * 100).toFixed(1)}% of revenue`);
      } else if (average < 0.1) {
        raw += 1;
        notes.push(`Moderate capital requirements: ${(average * 100).toFixed(1)}% of revenue`);
      } else notes.push(`High capital requirements: ${(average * 100).toFixed(1)}% of revenue`);
    } else notes.push('No capital expenditure data available');
  } else notes.push('Insufficient data for capital intensity analysis');
  const research = values(knownValues(items, 'research_and_development'));
  if (research.reduce((s, v) => s + v, 0) > 0) {
    raw += 1;
    notes.push('Invests in R&D, building intellectual property');
  }
  if (knownValues(items, 'goodwill_and_intangible_assets').length > 0) {
    raw += 1;
    notes.push('Significant goodwill/intangible assets, suggesting brand value or IP');
  }
  return subScore(Math.min(10, (raw * 10) / 9), 10, notes, { raw_score: raw, improving_gross_margin_share: improvingShare });
}

function insiderBuyRatio(trades: readonly InsiderTrade[]): { buys: number; sells: number; ratio: number | null } {
  const buys = countWhere(trades, (t) => (t.transaction_shares ?? 0) > 0);
  const sells = countWhere(trades, (t) => (t.transaction_shares ?? 0) < 0);
  return { buys, sells, ratio: buys + sells > 0 ? buys / (buys + sells) : null };
}

/**
 * Management (raw 12 → 0-10, floored at 0): FCF/net income > 1.1 3 (> .9 2, > .7 1); debt/equity < .3 3 (< .7
 * 2, < 1.5 1); cash/revenue 10-25 % 2 (5-10 % or 25-40 % 1); insider buy ratio > .7 +2, > .4 +1, < .1 with
 * more than 5 sales −1 (buys and sells by the sign of the shares: the anchor read a field that does not
 * exist and always scored 0); shares down 5 % +2, within +5 % +1, up over 20 % −1.
 */
export function mungerManagement(items: readonly LineItem[], trades: readonly InsiderTrade[]): SubScore {
  if (items.length === 0) return subScore(0, 10, ['Insufficient data to analyze management quality']);
  let raw = 0;
  const notes: string[] = [];
  const conversions: number[] = [];
  for (const item of items) {
    const fcf = lineItemNumber(item, 'free_cash_flow');
    const netIncome = lineItemNumber(item, 'net_income');
    if (fcf !== null && netIncome !== null && netIncome > 0) conversions.push(fcf / netIncome);
  }
  if (conversions.length > 0) {
    const average = mean(conversions);
    if (average > 1.1) {
      raw += 3;
      notes.push(`Excellent cash conversion: FCF/NI ratio of ${average.toFixed(2)}`);
    } else if (average > 0.9) {
      raw += 2;
      notes.push(`Good cash conversion: FCF/NI ratio of ${average.toFixed(2)}`);
    } else if (average > 0.7) {
      raw += 1;
      notes.push(`Moderate cash conversion: FCF/NI ratio of ${average.toFixed(2)}`);
    } else notes.push(`Poor cash conversion: FCF/NI ratio of only ${average.toFixed(2)}`);
  } else notes.push('Missing FCF or net income data');
  const debt = lineItemNumber(items[0], 'total_debt');
  const equity = lineItemNumber(items[0], 'shareholders_equity');
  let debtToEquity: number | null = null;
  if (debt !== null && equity !== null) {
    debtToEquity = equity > 0 ? debt / equity : Number.POSITIVE_INFINITY;
    if (debtToEquity < 0.3) {
      raw += 3;
      notes.push(`Conservative debt management: D/E ratio of ${debtToEquity.toFixed(2)}`);
    } else if (debtToEquity < 0.7) {
      raw += 2;
      notes.push(`Prudent debt management: D/E ratio of ${debtToEquity.toFixed(2)}`);
    } else if (debtToEquity < 1.5) {
      raw += 1;
      notes.push(`Moderate debt level: D/E ratio of ${debtToEquity.toFixed(2)}`);
    } else notes.push('High debt level or negative equity');
  } else notes.push('Missing debt or equity data');
  const cash = lineItemNumber(items[0], 'cash_and_equivalents');
  const revenue = lineItemNumber(items[0], 'revenue');
  let cashToRevenue: number | null = null;
  if (cash !== null && revenue !== null) {
    cashToRevenue = revenue > 0 ? cash / revenue : 0;
    if (cashToRevenue >= 0.1 && cashToRevenue <= 0.25) {
      raw += 2;
      notes.push(`Prudent cash management: cash/revenue of ${cashToRevenue.toFixed(2)}`);
    } else if ((cashToRevenue >= 0.05 && cashToRevenue < 0.1) || (cashToRevenue > 0.25 && cashToRevenue <= 0.4)) {
      raw += 1;
      notes.push(`Acceptable cash position: cash/revenue of ${cashToRevenue.toFixed(2)}`);
    } else notes.push(cashToRevenue > 0.4 ? `Excess cash reserves: cash/revenue of ${cashToRevenue.toFixed(2)}` : `Low cash reserves: cash/revenue of ${cashToRevenue.toFixed(2)}`);
  } else notes.push('Missing cash or revenue data');
  const insiders = insiderBuyRatio(trades);
  if (insiders.ratio !== null) {
    if (insiders.ratio > 0.7) {
      raw += 2;
      notes.push(`Strong insider buying: ${insiders.buys}/${insiders.buys + insiders.sells} transactions are purchases`);
    } else if (insiders.ratio > 0.4) {
      raw += 1;
      notes.push(`Balanced insider trading: ${insiders.buys}/${insiders.buys + insiders.sells} transactions are purchases`);
    } else if (insiders.ratio < 0.1 && insiders.sells > 5) {
      raw -= 1;
      notes.push(`Concerning insider selling: ${insiders.sells}/${insiders.buys + insiders.sells} transactions are sales`);
    } else notes.push(`Mixed insider activity: ${insiders.buys}/${insiders.buys + insiders.sells} transactions are purchases`);
  } else notes.push('No recorded insider transactions');
  const shares = values(knownValues(items, 'outstanding_shares'));
  let shareTrend: 'decreasing' | 'stable' | 'increasing' | null = null;
  if (shares.length >= 3) {
    const newest = shares[0];
    const oldest = shares[shares.length - 1];
    shareTrend = newest < oldest * 0.95 ? 'decreasing' : newest > oldest * 1.05 ? 'increasing' : 'stable';
    if (newest < oldest * 0.95) {
      raw += 2;
      notes.push('Shareholder-friendly: reducing share count over time');
    } else if (newest < oldest * 1.05) {
      raw += 1;
      notes.push('Stable share count: limited dilution');
    } else if (newest > oldest * 1.2) {
      raw -= 1;
      notes.push('Concerning dilution: share count increased significantly');
    } else notes.push('Moderate share count increase over time');
  } else notes.push('Insufficient share count data');
  return subScore(clamp((raw * 10) / 12, 0, 10), 10, notes, {
    raw_score: raw,
    debt_to_equity: finiteOrNull(debtToEquity),
    cash_to_revenue: cashToRevenue,
    insider_buys: insiders.buys,
    insider_sells: insiders.sells,
    insider_buy_ratio: insiders.ratio,
    share_count_trend: shareTrend,
  });
}

/**
 * Predictability (0-10, needs 5 periods): revenue growth average > 5 % with mean deviation < 10 % 3 (> 0 and
 * < 20 % 2, > 0 1); operating income positive in all periods 3 (≥ 80 % 2, ≥ 60 % 1); operating-margin mean
 * deviation < 3 % 2 (< 7 % 1); FCF positive in all periods 2 (≥ 80 % 1).
 */
export function mungerPredictability(items: readonly LineItem[]): SubScore {
  if (items.length < 5) return subScore(0, 10, ['Insufficient data to analyze business predictability (need 5+ years)']);
  let score = 0;
  const notes: string[] = [];
  const revenues = values(knownValues(items, 'revenue'));
  if (revenues.length >= 5) {
    const growth: number[] = [];
    for (let i = 0; i + 1 < revenues.length; i += 1) if (revenues[i + 1] !== 0) growth.push(revenues[i] / revenues[i + 1] - 1);
    const average = mean(growth);
    const volatility = mean(growth.map((g) => Math.abs(g - average)));
    if (average > 0.05 && volatility < 0.1) {
      score += 3;
      notes.push(`Highly predictable revenue: ${(average * 100).toFixed(1)}% avg growth with low volatility`);
    } else if (average > 0 && volatility < 0.2) {
      score += 2;
      notes.push(`Moderately predictable revenue: ${(average * 100).toFixed(1)}% avg growth with some volatility`);
    } else if (average > 0) {
      score += 1;
      notes.push(`Growing but less predictable revenue: ${(average * 100).toFixed(1)}% avg growth with high volatility`);
    } else notes.push(`Declining or highly unpredictable revenue: ${(average * 100).toFixed(1)}% avg growth`);
  } else notes.push('Insufficient revenue history for predictability analysis');
  const operating = values(knownValues(items, 'operating_income'));
  if (operating.length >= 5) {
    const positive = countWhere(operating, (v) => v > 0);
    if (positive === operating.length) {
      score += 3;
      notes.push('Highly predictable operations: operating income positive in all periods');
    } else if (positive >= 0.8 * operating.length) {
      score += 2;
      notes.push(`Predictable operations: operating income positive in ${positive}/${operating.length} periods`);
    } else if (positive >= 0.6 * operating.length) {
      score += 1;
      notes.push(`Somewhat predictable operations: operating income positive in ${positive}/${operating.length} periods`);
    } else notes.push(`Unpredictable operations: operating income positive in only ${positive}/${operating.length} periods`);
  } else notes.push('Insufficient operating income history');
  const margins = values(knownValues(items, 'operating_margin'));
  if (margins.length >= 5) {
    const average = mean(margins);
    const deviation = mean(margins.map((m) => Math.abs(m - average)));
    if (deviation < 0.03) {
      score += 2;
      notes.push(`Highly predictable margins: ${(average * 100).toFixed(1)}% avg with minimal variation`);
    } else if (deviation < 0.07) {
      score += 1;
      notes.push(`Moderately predictable margins: ${(average * 100).toFixed(1)}% avg with some variation`);
    } else notes.push(`Unpredictable margins: ${(average * 100).toFixed(1)}% avg with high variation`);
  } else notes.push('Insufficient margin history');
  const cashFlows = values(knownValues(items, 'free_cash_flow'));
  if (cashFlows.length >= 5) {
    const positive = countWhere(cashFlows, (v) => v > 0);
    if (positive === cashFlows.length) {
      score += 2;
      notes.push('Highly predictable cash generation: positive FCF in all periods');
    } else if (positive >= 0.8 * cashFlows.length) {
      score += 1;
      notes.push(`Predictable cash generation: positive FCF in ${positive}/${cashFlows.length} periods`);
    } else notes.push(`Unpredictable cash generation: positive FCF in only ${positive}/${cashFlows.length} periods`);
  } else notes.push('Insufficient free cash flow history');
  return subScore(score, 10, notes);
}

/**
 * Valuation (0-10, ≥ 3 FCF values): normalised FCF = mean of the ≤ 5 newest; yield > 8 % 4 (> 5 % 3, > 3 % 1);
 * margin of safety against 15 × normalised FCF > 30 % 3 (> 10 % 2, > −10 % 1); recent 3-year FCF above 1.2 ×
 * the older level 3 (above it 2).
 */
export function mungerValuation(items: readonly LineItem[], marketCap: number | null): SubScore {
  if (items.length === 0 || marketCap === null) return subScore(0, 10, ['Insufficient data to perform valuation']);
  const cashFlows = values(knownValues(items, 'free_cash_flow'));
  if (cashFlows.length < 3) return subScore(0, 10, ['Insufficient free cash flow data for valuation']);
  const normalized = mean(cashFlows.slice(0, Math.min(5, cashFlows.length)));
  if (normalized <= 0 || marketCap <= 0) {
    return subScore(0, 10, [`Negative or zero normalized FCF (${normalized.toFixed(0)}), cannot value`], { normalized_fcf: normalized, fcf_yield: null, margin_of_safety: null });
  }
  let score = 0;
  const notes: string[] = [];
  const fcfYield = normalized / marketCap;
  if (fcfYield > 0.08) {
    score += 4;
    notes.push(`Excellent value: ${(fcfYield * 100).toFixed(1)}% FCF yield`);
  } else if (fcfYield > 0.05) {
    score += 3;
    notes.push(`Good value: ${(fcfYield * 100).toFixed(1)}% FCF yield`);
  } else if (fcfYield > 0.03) {
    score += 1;
    notes.push(`Fair value: ${(fcfYield * 100).toFixed(1)}% FCF yield`);
  } else notes.push(`Expensive: only ${(fcfYield * 100).toFixed(1)}% FCF yield`);
  const reasonable = 15 * normalized;
  const marginOfSafety = (reasonable - marketCap) / marketCap;
  if (marginOfSafety > 0.3) {
    score += 3;
    notes.push(`Large margin of safety: ${(marginOfSafety * 100).toFixed(1)}% upside to reasonable value`);
  } else if (marginOfSafety > 0.1) {
    score += 2;
    notes.push(`Moderate margin of safety: ${(marginOfSafety * 100).toFixed(1)}% upside to reasonable value`);
  } else if (marginOfSafety > -0.1) {
    score += 1;
    notes.push(`Fair price: within 10% of reasonable value (${(marginOfSafety * 100).toFixed(1)}%)`);
  } else notes.push(`Expensive: ${(-marginOfSafety * 100).toFixed(1)}% premium to reasonable value`);
  const trend = recentVersusOlder(cashFlows);
  if (trend !== null) {
    if (trend.recent > trend.older * 1.2) {
      score += 3;
      notes.push('Growing FCF trend adds to intrinsic value');
    } else if (trend.recent > trend.older) {
      score += 2;
      notes.push('Stable to growing FCF supports valuation');
    } else notes.push('Declining FCF trend is concerning');
  }
  return subScore(score, 10, notes, {
    normalized_fcf: normalized,
    fcf_yield: fcfYield,
    conservative_value: 10 * normalized,
    reasonable_value: reasonable,
    optimistic_value: 20 * normalized,
    margin_of_safety: marginOfSafety,
  });
}

/**
 * The anchor's `compute_confidence`: quality q% = 100·(.35·moat + .25·management + .25·predictability)/8.5,
 * base = .85·q% + .15·(10·valuation) + clamp(100·MoS/3, −10, 10), clamped by the signal (bullish 30/50..69/100,
 * bearish 10/30..49, neutral 50..69), rounded, then clamped to 10..100. Conviction in the stock.
 */
export function mungerConfidence(signal: SignalDirection, moat: number, management: number, predictability: number, valuation: number, marginOfSafety: number | null): number {
  const quality = (100 * (0.35 * moat + 0.25 * management + 0.25 * predictability)) / 8.5;
  const mos = marginOfSafety ?? 0;
  const base = 0.85 * quality + 0.15 * (10 * valuation) + clamp((100 * mos) / 3, -10, 10);
  let bounded: number;
  if (signal === 'bullish') bounded = clamp(base, quality >= 55 ? 50 : 30, mos > 0 ? 100 : 69);
  else if (signal === 'bearish') bounded = clamp(base, mos < -0.05 ? 10 : 30, 49);
  else bounded = clamp(base, 50, 69);
  return clamp(Math.round(bounded), 10, 100);
}

export function analyzeCharlieMunger(
  ticker: string,
  metrics: readonly FinancialMetrics[],
  items: readonly LineItem[],
  trades: readonly InsiderTrade[],
  news: readonly CompanyNews[],
  marketCap: number | null,
): PersonaAnalysis {
  const moat = mungerMoat(metrics, items);
  const management = mungerManagement(items, trades);
  const predictability = mungerPredictability(items);
  const valuation = mungerValuation(items, marketCap);
  const w = CHARLIE_MUNGER_WEIGHTS;
  const score = w.moat * moat.score + w.management * management.score + w.predictability * predictability.score + w.valuation * valuation.score;
  const signal = thresholdSignal(score, CHARLIE_MUNGER_BULLISH_AT, CHARLIE_MUNGER_BEARISH_AT);
  const marginOfSafety = numberAt(valuation, 'margin_of_safety');
  const noData = metrics.length === 0 && items.length === 0 && trades.length === 0 && news.length === 0 && marketCap === null;
  // With no data at all the call is neutral, and so is the hint the anchor fell back on.
  const confidence = mungerConfidence(noData ? 'neutral' : signal, moat.score, management.score, predictability.score, valuation.score, marginOfSafety);
  const dataPoints: DataPoints = { financial_metrics: metrics.length, line_items: items.length, insider_trades: trades.length, news: news.length, market_cap: marketCap === null ? 0 : 1 };
  return {
    ticker,
    score,
    max_score: 10,
    details: {
      signal,
      confidence_hint: confidence,
      moat_analysis: moat,
      management_analysis: management,
      predictability_analysis: predictability,
      valuation_analysis: valuation,
      news_articles: news.length,
      market_cap: marketCap,
      data_points: dataPoints,
    },
    facts: factsOf({
      ticker,
      pre_signal: signal,
      confidence_hint: confidence,
      score,
      max_score: 10,
      moat: briefOf(moat),
      management: briefOf(management),
      predictability: briefOf(predictability),
      valuation: briefOf(valuation),
      fcf_yield: numberAt(valuation, 'fcf_yield'),
      normalized_fcf: numberAt(valuation, 'normalized_fcf'),
      reasonable_value: numberAt(valuation, 'reasonable_value'),
      margin_of_safety: marginOfSafety,
      insider_buy_ratio: numberAt(management, 'insider_buy_ratio'),
      debt_to_equity: numberAt(management, 'debt_to_equity'),
      cash_to_revenue: numberAt(management, 'cash_to_revenue'),
      share_count_trend: management.share_count_trend ?? null,
      flags: {
        mos_positive: marginOfSafety !== null && marginOfSafety > 0,
        fcf_yield_above_5pct: (numberAt(valuation, 'fcf_yield') ?? 0) > 0.05,
        low_leverage: (numberAt(management, 'debt_to_equity') ?? Number.POSITIVE_INFINITY) < 0.7,
        insiders_buying: (numberAt(management, 'insider_buy_ratio') ?? 0) > 0.4,
      },
      recent_news_articles: news.length,
    }),
  };
}

/** Rules mode: the anchor's pre-signal (≥ 7.5 bullish, ≤ 5.5 bearish) and its deterministic confidence. */
export function charlieMungerRules(analysis: PersonaAnalysis): AgentSignal {
  const hint = numberAt(analysis.details, 'confidence_hint') ?? 50;
  if (hasNoData(analysis)) return { signal: 'neutral', confidence: hint, reasoning: { rule: 'no data for this ticker: neutral', score: 0, max_score: analysis.max_score } };
  const signal = thresholdSignal(analysis.score, CHARLIE_MUNGER_BULLISH_AT, CHARLIE_MUNGER_BEARISH_AT);
  return {
    signal,
    confidence: hint,
    reasoning: { rule: 'weighted score ≥ 7.5 bullish, ≤ 5.5 bearish; the deterministic confidence', score: analysis.score, max_score: analysis.max_score },
  };
}

export const CHARLIE_MUNGER_PROMPT = [
  'You are an investment analyst who thinks like Charlie Munger.',
  'You want wonderful businesses at fair prices: a durable moat (high returns on invested capital, pricing power, low capital',
  'needs, brands and intellectual property), able and honest management (cash conversion, conservative debt, sensible cash,',
  'insider buying, no dilution), predictable operations and cash flows, and a price backed by free cash flow. Invert: ask what',
  'would make this a bad investment. Avoid what you do not understand; be patient and selective.',
  'The facts carry a pre-signal and a computed confidence; keep the signal consistent with the evidence and return the given',
  'confidence_hint unchanged as your confidence.',
  answerFormat(120, 'Confidence is your conviction in owning the stock; use exactly the confidence_hint you are given.'),
].join('\n');

export const charlieMunger: Persona = {
  key: 'charlie_munger',
  systemPrompt: CHARLIE_MUNGER_PROMPT,
  async analyze(input: PersonaInput): Promise<PersonaAnalysis> {
    const options = { signal: input.signal };
    const metrics = await input.data.getFinancialMetrics(input.ticker, input.endDate, 'annual', 10, options);
    const items = await input.data.searchLineItems(input.ticker, CHARLIE_MUNGER_LINE_ITEMS, input.endDate, 'annual', 10, options);
    const trades = await input.data.getInsiderTrades(input.ticker, input.endDate, null, 100, options);
    const news = await input.data.getCompanyNews(input.ticker, input.endDate, null, 10, options);
    const marketCap = await input.data.getMarketCap(input.ticker, input.endDate, options);
    return analyzeCharlieMunger(input.ticker, metrics, items, trades, news, marketCap);
  },
  rules: charlieMungerRules,
};

// Rakesh Jhunjhunwala (personas.md §11): profitability, compound growth, balance sheet, cash flow and management,
// a quality score that sets the discount rate of an earnings DCF, and a 30 % margin-of-safety rule; ttm reports.
import type { LineItem } from '../../data/types';
import { mean } from '../indicators';
import type { AgentSignal, SignalDirection } from '../types';
import {
  answerFormat,
  briefOf,
  cagrOf,
  clamp,
  type DataPoints,
  factsOf,
  finiteOrNull,
  hasNoData,
  knownValues,
  lineItemNumber,
  noDataSignal,
  numberAt,
  type SubScore,
  subScore,
} from './helpers';
import type { Persona, PersonaAnalysis, PersonaInput } from './types';

export const RAKESH_JHUNJHUNWALA_LINE_ITEMS = [
  'net_income',
  'earnings_per_share',
  'ebit',
  'operating_income',
  'revenue',
  'operating_margin',
  'total_assets',
  'total_liabilities',
  'current_assets',
  'current_liabilities',
  'free_cash_flow',
  'dividends_and_other_cash_distributions',
  'issuance_or_purchase_of_equity_shares',
] as const;

/** Profitability 8 + growth 7 + balance sheet 4 + cash flow 3 + management 2. */
export const RAKESH_JHUNJHUNWALA_MAX_SCORE = 24;

/** Share of the period-over-period steps (newest first) in which the value did not fall. */
export function growthConsistency(newestFirst: readonly number[]): number {
  let declines = 0;
  for (let i = 0; i + 1 < newestFirst.length; i += 1) if (newestFirst[i] < newestFirst[i + 1]) declines += 1;
  return 1 - declines / (newestFirst.length - 1);
}

/** ROE (NI / (assets − liabilities)) > 20 % 3 (> 15 % 2, > 10 % 1); operating income / revenue > 20 % 2 (> 15 % 1); EPS CAGR > 20 % 3 (> 15 % 2, > 10 % 1). */
export function jhunjhunwalaProfitability(items: readonly LineItem[]): SubScore {
  const latest = items[0];
  if (latest === undefined) return subScore(0, 8, ['No profitability data available']);
  let score = 0;
  const notes: string[] = [];
  const netIncome = lineItemNumber(latest, 'net_income');
  const assets = lineItemNumber(latest, 'total_assets');
  const liabilities = lineItemNumber(latest, 'total_liabilities');
  let roe: number | null = null;
  if (netIncome !== null && netIncome > 0 && assets !== null && liabilities !== null) {
    const equity = assets - liabilities;
    if (equity > 0) {
      roe = netIncome / equity;
      if (roe > 0.2) score += 3;
      else if (roe > 0.15) score += 2;
      else if (roe > 0.1) score += 1;
      notes.push(`ROE: ${(roe * 100).toFixed(1)}%`);
    } else notes.push('Negative shareholders equity');
  } else notes.push('Unable to calculate ROE - missing data');
  const operatingIncome = lineItemNumber(latest, 'operating_income');
  const revenue = lineItemNumber(latest, 'revenue');
  let operatingMargin: number | null = null;
  if (operatingIncome !== null && revenue !== null && revenue > 0) {
    operatingMargin = operatingIncome / revenue;
    if (operatingMargin > 0.2) score += 2;
    else if (operatingMargin > 0.15) score += 1;
    notes.push(`Operating margin: ${(operatingMargin * 100).toFixed(1)}%`);
  } else notes.push('Unable to calculate operating margin');
  const eps = knownValues(items, 'earnings_per_share', (v) => v > 0);
  let epsGrowth: number | null = null;
  if (eps.length >= 3) {
    epsGrowth = cagrOf(eps);
    if (epsGrowth !== null) {
      if (epsGrowth > 0.2) score += 3;
      else if (epsGrowth > 0.15) score += 2;
      else if (epsGrowth > 0.1) score += 1;
      notes.push(`EPS CAGR: ${(epsGrowth * 100).toFixed(1)}%`);
    }
  } else notes.push('Insufficient EPS data for growth analysis');
  return subScore(score, 8, notes, { return_on_equity: roe, operating_margin: operatingMargin, eps_cagr: epsGrowth });
}

/**
 * Needs 3 periods: revenue CAGR > 20 % 3 (> 15 % 2, > 10 % 1) and net-income CAGR > 25 % 3 (> 20 % 2, > 15 % 1),
 * both over the positive values; revenue that did not fall in ≥ 80 % of the steps +1.
 */
export function jhunjhunwalaGrowth(items: readonly LineItem[]): SubScore {
  if (items.length < 3) return subScore(0, 7, ['Insufficient data for growth analysis']);
  let score = 0;
  const notes: string[] = [];
  const revenues = knownValues(items, 'revenue', (v) => v > 0);
  let revenueGrowth: number | null = null;
  let consistency: number | null = null;
  if (revenues.length >= 3) {
    revenueGrowth = cagrOf(revenues);
    if (revenueGrowth !== null) {
      if (revenueGrowth > 0.2) score += 3;
      else if (revenueGrowth > 0.15) score += 2;
      else if (revenueGrowth > 0.1) score += 1;
      notes.push(`Revenue CAGR: ${(revenueGrowth * 100).toFixed(1)}%`);
    }
    consistency = growthConsistency(revenues.map((d) => d.value));
    if (consistency >= 0.8) {
      score += 1;
      notes.push(`Consistent growth pattern (${Math.round(consistency * 100)}% of periods)`);
    } else notes.push(`Inconsistent growth pattern (${Math.round(consistency * 100)}% of periods)`);
  } else notes.push('Insufficient revenue data for CAGR calculation');
  const incomes = knownValues(items, 'net_income', (v) => v > 0);
  let incomeGrowth: number | null = null;
  if (incomes.length >= 3) {
    incomeGrowth = cagrOf(incomes);
    if (incomeGrowth !== null) {
      if (incomeGrowth > 0.25) score += 3;
      else if (incomeGrowth > 0.2) score += 2;
      else if (incomeGrowth > 0.15) score += 1;
      notes.push(`Net income CAGR: ${(incomeGrowth * 100).toFixed(1)}%`);
    }
  } else notes.push('Insufficient net income data for CAGR calculation');
  return subScore(score, 7, notes, { revenue_cagr: revenueGrowth, net_income_cagr: incomeGrowth, revenue_consistency: consistency });
}

/** Liabilities/assets < 0.5 2 (< 0.7 1); current ratio > 2 2 (> 1.5 1). */
export function jhunjhunwalaBalanceSheet(items: readonly LineItem[]): SubScore {
  const latest = items[0];
  if (latest === undefined) return subScore(0, 4, ['No balance sheet data']);
  let score = 0;
  const notes: string[] = [];
  const assets = lineItemNumber(latest, 'total_assets');
  const liabilities = lineItemNumber(latest, 'total_liabilities');
  if (assets !== null && liabilities !== null && assets > 0) {
    const ratio = liabilities / assets;
    score += ratio < 0.5 ? 2 : ratio < 0.7 ? 1 : 0;
    notes.push(`Debt ratio: ${ratio.toFixed(2)}`);
  } else notes.push('Insufficient data to calculate debt ratio');
  const currentAssets = lineItemNumber(latest, 'current_assets');
  const currentLiabilities = lineItemNumber(latest, 'current_liabilities');
  if (currentAssets !== null && currentLiabilities !== null && currentLiabilities > 0) {
    const ratio = currentAssets / currentLiabilities;
    score += ratio > 2 ? 2 : ratio > 1.5 ? 1 : 0;
    notes.push(`Current ratio: ${ratio.toFixed(2)}`);
  } else notes.push('Insufficient data to calculate current ratio');
  return subScore(score, 4, notes);
}

/** Positive FCF 2; dividends paid 1. */
export function jhunjhunwalaCashFlow(items: readonly LineItem[]): SubScore {
  const latest = items[0];
  if (latest === undefined) return subScore(0, 3, ['No cash flow data']);
  let score = 0;
  const notes: string[] = [];
  const fcf = lineItemNumber(latest, 'free_cash_flow');
  if (fcf !== null && fcf > 0) {
    score += 2;
    notes.push('Positive free cash flow');
  } else notes.push(fcf === null ? 'Free cash flow data not available' : 'Negative free cash flow');
  const dividends = lineItemNumber(latest, 'dividends_and_other_cash_distributions');
  if (dividends !== null && dividends < 0) {
    score += 1;
    notes.push('Company pays dividends to shareholders');
  } else notes.push('No dividend payments');
  return subScore(score, 3, notes);
}

/** Buybacks 2; neither buybacks nor issuance 1; issuance 0. */
export function jhunjhunwalaManagement(items: readonly LineItem[]): SubScore {
  const issuance = lineItemNumber(items[0], 'issuance_or_purchase_of_equity_shares');
  if (issuance === null) return subScore(0, 2, ['No data on share issuance or buybacks']);
  if (issuance < 0) return subScore(2, 2, ['Company buying back shares']);
  if (issuance > 0) return subScore(0, 2, ['Share issuance detected (potential dilution)']);
  return subScore(1, 2, ['No recent share issuance or buyback']);
}

/**
 * Quality 0..1, the mean of: ROE (> 20 % 1.0, > 15 % 0.8, > 10 % 0.6, else 0.3; equity ≤ 0 → 0; missing 0.5),
 * liabilities/assets (< 0.3 1.0, < 0.5 0.7, < 0.7 0.4, else 0.1; missing 0.5) and the growth consistency of
 * the positive net incomes among the 4 newest periods (fewer than 3 → 0.5).
 */
export function jhunjhunwalaQuality(items: readonly LineItem[]): number {
  const latest = items[0];
  if (latest === undefined) return 0.5;
  const netIncome = lineItemNumber(latest, 'net_income');
  const assets = lineItemNumber(latest, 'total_assets');
  const liabilities = lineItemNumber(latest, 'total_liabilities');
  let roeFactor = 0.5;
  if (netIncome !== null && netIncome !== 0 && assets !== null && liabilities !== null) {
    const equity = assets - liabilities;
    if (equity > 0) {
      const roe = netIncome / equity;
      roeFactor = roe > 0.2 ? 1.0 : roe > 0.15 ? 0.8 : roe > 0.1 ? 0.6 : 0.3;
    } else roeFactor = 0;
  }
  let debtFactor = 0.5;
  if (assets !== null && assets !== 0 && liabilities !== null) {
    const ratio = liabilities / assets;
    debtFactor = ratio < 0.3 ? 1.0 : ratio < 0.5 ? 0.7 : ratio < 0.7 ? 0.4 : 0.1;
  }
  const incomes = knownValues(items.slice(0, 4), 'net_income', (v) => v > 0).map((d) => d.value);
  const consistencyFactor = incomes.length >= 3 ? growthConsistency(incomes) : 0.5;
  return mean([roeFactor, debtFactor, consistencyFactor]);
}

/**
 * Earnings DCF: 12 × net income with fewer than 2 positive incomes among the 5 newest; otherwise net income
 * grown at a sustainable rate (historical CAGR h: > 25 % → 20 %, > 15 % → 0.8h, > 5 % → 0.9h, else 5 %) for 5
 * years, then an exit multiple, discounted by quality (≥ 0.8: 12 % and 18×; ≥ 0.6: 15 % and 15×; else 18 % and
 * 12×). Null without a market cap or a positive latest net income.
 */
export function jhunjhunwalaIntrinsicValue(items: readonly LineItem[], marketCap: number | null, quality: number): number | null {
  const netIncome = lineItemNumber(items[0], 'net_income');
  if (marketCap === null || marketCap <= 0 || netIncome === null || netIncome <= 0) return null;
  const incomes = knownValues(items.slice(0, 5), 'net_income', (v) => v > 0);
  if (incomes.length < 2) return netIncome * 12;
  const historical = cagrOf(incomes) ?? 0.05;
  const growth = historical > 0.25 ? 0.2 : historical > 0.15 ? historical * 0.8 : historical > 0.05 ? historical * 0.9 : 0.05;
  const [rate, multiple] = quality >= 0.8 ? [0.12, 18] : quality >= 0.6 ? [0.15, 15] : [0.18, 12];
  let value = 0;
  for (let year = 1; year <= 5; year += 1) value += (netIncome * (1 + growth) ** year) / (1 + rate) ** year;
  return value + (netIncome * (1 + growth) ** 5 * multiple) / (1 + rate) ** 5;
}

/**
 * The anchor's call: MoS ≥ 30 % bullish, ≤ −30 % bearish; otherwise quality ≥ 0.7 with a score ≥ 60 % of the max
 * bullish, quality ≤ 0.4 or a score ≤ 30 % bearish, else neutral.
 */
export function jhunjhunwalaSignal(marginOfSafety: number | null, quality: number, score: number, maxScore: number): SignalDirection {
  if (marginOfSafety !== null && marginOfSafety >= 0.3) return 'bullish';
  if (marginOfSafety !== null && marginOfSafety <= -0.3) return 'bearish';
  if (quality >= 0.7 && score >= maxScore * 0.6) return 'bullish';
  if (quality <= 0.4 || score <= maxScore * 0.3) return 'bearish';
  return 'neutral';
}

export function analyzeRakeshJhunjhunwala(ticker: string, items: readonly LineItem[], marketCap: number | null): PersonaAnalysis {
  const profitability = jhunjhunwalaProfitability(items);
  const growth = jhunjhunwalaGrowth(items);
  const balance = jhunjhunwalaBalanceSheet(items);
  const cashFlow = jhunjhunwalaCashFlow(items);
  const management = jhunjhunwalaManagement(items);
  const quality = jhunjhunwalaQuality(items);
  const intrinsicValue = jhunjhunwalaIntrinsicValue(items, marketCap, quality);
  const score = profitability.score + growth.score + balance.score + cashFlow.score + management.score;
  const marginOfSafety = intrinsicValue !== null && marketCap !== null && marketCap > 0 ? (intrinsicValue - marketCap) / marketCap : null;
  const signal = jhunjhunwalaSignal(marginOfSafety, quality, score, RAKESH_JHUNJHUNWALA_MAX_SCORE);
  const dataPoints: DataPoints = { line_items: items.length, market_cap: marketCap === null ? 0 : 1 };
  return {
    ticker,
    score,
    max_score: RAKESH_JHUNJHUNWALA_MAX_SCORE,
    details: {
      signal,
      quality_score: quality,
      profitability_analysis: profitability,
      growth_analysis: growth,
      balancesheet_analysis: balance,
      cashflow_analysis: cashFlow,
      management_analysis: management,
      intrinsic_value: finiteOrNull(intrinsicValue),
      market_cap: marketCap,
      margin_of_safety: finiteOrNull(marginOfSafety),
      data_points: dataPoints,
    },
    facts: factsOf({
      ticker,
      signal_hint: signal,
      score,
      max_score: RAKESH_JHUNJHUNWALA_MAX_SCORE,
      quality_score: quality,
      profitability: briefOf(profitability),
      growth: briefOf(growth),
      balance_sheet: briefOf(balance),
      cash_flow: briefOf(cashFlow),
      management: briefOf(management),
      intrinsic_value: intrinsicValue,
      market_cap: marketCap,
      margin_of_safety: marginOfSafety,
    }),
  };
}

/**
 * Rules mode: the anchor's call (`jhunjhunwalaSignal`) with the confidence it computed and never used:
 * clamp(150·|MoS|, 20, 95), or without a MoS clamp(100·score/24, 10, 80). No data: neutral 0.
 */
export function rakeshJhunjhunwalaRules(analysis: PersonaAnalysis): AgentSignal {
  if (hasNoData(analysis)) return noDataSignal(analysis, 0);
  const mos = numberAt(analysis.details, 'margin_of_safety');
  const quality = numberAt(analysis.details, 'quality_score') ?? 0.5;
  const signal = jhunjhunwalaSignal(mos, quality, analysis.score, analysis.max_score);
  const confidence = Math.round(mos !== null ? clamp(150 * Math.abs(mos), 20, 95) : clamp((100 * analysis.score) / analysis.max_score, 10, 80));
  return {
    signal,
    confidence,
    reasoning: {
      rule: 'MoS ≥ 30% bullish, ≤ −30% bearish; else quality ≥ 0.7 and score ≥ 60% bullish, quality ≤ 0.4 or score ≤ 30% bearish',
      score: analysis.score,
      max_score: analysis.max_score,
      margin_of_safety: mos,
      quality_score: quality,
    },
  };
}

export const RAKESH_JHUNJHUNWALA_PROMPT = [
  'You are an investor who thinks like Rakesh Jhunjhunwala.',
  'Back businesses you understand with durable advantages and shareholder-minded management: high return on equity,',
  'healthy margins, compounding revenue and earnings, a clean balance sheet with good liquidity, free cash flow, buybacks',
  'rather than dilution. Buy with a margin of safety of 30% or more to your earnings-based intrinsic value, hold for the long',
  'term, and sell only when the fundamentals deteriorate or the price runs far past the value. Be confident and specific,',
  'reason thoroughly and cite the figures. The facts include a coded signal hint; weigh it with the details.',
  answerFormat(null, 'Confidence is your confidence in the signal you give, from 0 to 100.'),
].join('\n');

export const rakeshJhunjhunwala: Persona = {
  key: 'rakesh_jhunjhunwala',
  systemPrompt: RAKESH_JHUNJHUNWALA_PROMPT,
  async analyze(input: PersonaInput): Promise<PersonaAnalysis> {
    const options = { signal: input.signal };
    const items = await input.data.searchLineItems(input.ticker, RAKESH_JHUNJHUNWALA_LINE_ITEMS, input.endDate, 'ttm', 10, options);
    const marketCap = await input.data.getMarketCap(input.ticker, input.endDate, options);
    return analyzeRakeshJhunjhunwala(input.ticker, items, marketCap);
  },
  rules: rakeshJhunjhunwalaRules,
};

// Aswath Damodaran (personas.md §10): growth and reinvestment, risk, relative valuation, and an FCFF DCF whose
// margin of safety drives the call. The anchor read revenue, EBIT, interest and FCF from the metrics endpoint,
// which has none of them, so its DCF never ran; we take them from the line items.
import type { FinancialMetrics, LineItem } from '../../data/types';
import type { AgentSignal } from '../types';
import {
  answerFormat,
  briefOf,
  cagrOf,
  clamp,
  type DataPoints,
  factsOf,
  finiteOrNull,
  hasNoData,
  known,
  knownValues,
  lineItemNumber,
  noDataSignal,
  numberAt,
  type SubScore,
  subScore,
  thresholdSignal,
  values,
} from './helpers';
import type { Persona, PersonaAnalysis, PersonaInput } from './types';

export const ASWATH_DAMODARAN_LINE_ITEMS = [
  'free_cash_flow',
  'ebit',
  'interest_expense',
  'capital_expenditure',
  'depreciation_and_amortization',
  'outstanding_shares',
  'net_income',
  'total_debt',
  // the revenue history for growth, which the anchor looked for in the metrics
  'revenue',
] as const;

/** Growth 4 + risk 2 (the beta point needs a beta, which no data source here provides) + relative valuation 1. */
export const ASWATH_DAMODARAN_MAX_SCORE = 7;
export const RISK_FREE_RATE = 0.04;
export const EQUITY_RISK_PREMIUM = 0.05;
export const TERMINAL_GROWTH = 0.025;

/** Revenue CAGR > 8 % +2 (> 3 % +1); FCF newer above the oldest +1; latest ROIC > 10 % +1. */
export function damodaranGrowthAndReinvestment(metrics: readonly FinancialMetrics[], items: readonly LineItem[]): SubScore {
  let score = 0;
  const notes: string[] = [];
  const revenueGrowth = cagrOf(knownValues(items, 'revenue'));
  if (revenueGrowth !== null) {
    if (revenueGrowth > 0.08) {
      score += 2;
      notes.push(`Revenue CAGR ${(revenueGrowth * 100).toFixed(1)}% (> 8%)`);
    } else if (revenueGrowth > 0.03) {
      score += 1;
      notes.push(`Revenue CAGR ${(revenueGrowth * 100).toFixed(1)}% (> 3%)`);
    } else notes.push(`Sluggish revenue CAGR ${(revenueGrowth * 100).toFixed(1)}%`);
  } else notes.push('Revenue data incomplete');
  const cashFlows = values(knownValues(items, 'free_cash_flow'));
  if (cashFlows.length >= 2) {
    if (cashFlows[0] > cashFlows[cashFlows.length - 1]) {
      score += 1;
      notes.push('Positive FCFF growth');
    } else notes.push('Flat or declining FCFF');
  } else notes.push('FCFF history insufficient');
  const roic = metrics[0]?.return_on_invested_capital ?? null;
  if (roic !== null && roic > 0.1) {
    score += 1;
    notes.push(`ROIC ${(roic * 100).toFixed(1)}% (> 10%)`);
  } else notes.push(roic === null ? 'ROIC unavailable' : `ROIC ${(roic * 100).toFixed(1)}%`);
  return subScore(score, 4, notes, { revenue_cagr: revenueGrowth, return_on_invested_capital: roic });
}

/**
 * Beta < 1.3 would add 1 (no beta in the data: cost of equity uses β = 1); latest D/E < 1 +1; interest coverage
 * EBIT/|interest| > 3 +1 (no interest expense with a positive EBIT counts as covered). Cost of equity =
 * 4 % + β × 5 %.
 */
export function damodaranRisk(metrics: readonly FinancialMetrics[], items: readonly LineItem[]): SubScore {
  let score = 0;
  const notes: string[] = ['Beta unavailable (β = 1 for the cost of equity)'];
  const debtToEquity = metrics[0]?.debt_to_equity ?? null;
  if (debtToEquity !== null && debtToEquity < 1) {
    score += 1;
    notes.push(`D/E ${debtToEquity.toFixed(1)}`);
  } else notes.push(debtToEquity === null ? 'D/E NA' : `High D/E ${debtToEquity.toFixed(1)}`);
  const ebit = lineItemNumber(items[0], 'ebit');
  const interest = lineItemNumber(items[0], 'interest_expense');
  let coverage: number | null = null;
  if (ebit !== null && interest !== null) {
    if (interest === 0) {
      if (ebit > 0) {
        score += 1;
        notes.push('No interest expense');
      } else notes.push('No interest expense, no operating profit');
    } else {
      coverage = ebit / Math.abs(interest);
      if (coverage > 3) {
        score += 1;
        notes.push(`Interest coverage × ${coverage.toFixed(1)}`);
      } else notes.push(`Weak coverage × ${coverage.toFixed(1)}`);
    }
  } else notes.push('Interest coverage NA');
  const beta = 1.0;
  return subScore(score, 2, notes, { beta: null, debt_to_equity: debtToEquity, interest_coverage: coverage, cost_of_equity: RISK_FREE_RATE + beta * EQUITY_RISK_PREMIUM });
}

/** With ≥ 5 P/E ratios: latest < 0.7 × the median +1, > 1.3 × the median −1 (the anchor's upper median for even counts). */
export function damodaranRelativeValuation(metrics: readonly FinancialMetrics[]): SubScore {
  const ratios = known(metrics.map((m) => m.price_to_earnings_ratio)).filter((pe) => pe !== 0);
  if (ratios.length < 5) return subScore(0, 1, ['Insufficient P/E history'], { price_to_earnings: ratios[0] ?? null, historical_median: null });
  const current = ratios[0];
  const sorted = [...ratios].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  if (current < 0.7 * median) return subScore(1, 1, [`P/E ${current.toFixed(1)} vs. median ${median.toFixed(1)} (cheap)`], { price_to_earnings: current, historical_median: median });
  if (current > 1.3 * median) return subScore(-1, 1, [`P/E ${current.toFixed(1)} vs. median ${median.toFixed(1)} (expensive)`], { price_to_earnings: current, historical_median: median });
  return subScore(0, 1, ['P/E inline with history'], { price_to_earnings: current, historical_median: median });
}

export interface DamodaranDcf {
  readonly intrinsic_value: number | null;
  readonly base_fcff: number | null;
  readonly initial_growth: number | null;
  readonly discount_rate: number;
  readonly details: string;
}

/**
 * FCFF DCF: growth starts at min(revenue CAGR, 12 %) (4 % without one) and fades linearly to 2.5 % in year 10;
 * each year's FCFF compounds on the previous one; discount at the cost of equity; terminal value on year 10's
 * FCFF growing 2.5 %. Null without a positive latest FCF.
 */
export function damodaranDcf(items: readonly LineItem[], revenueGrowth: number | null, discountRate: number): DamodaranDcf {
  const fcff = lineItemNumber(items[0], 'free_cash_flow');
  if (fcff === null || fcff <= 0) return { intrinsic_value: null, base_fcff: fcff, initial_growth: null, discount_rate: discountRate, details: 'No positive FCFF to value' };
  const initial = revenueGrowth === null ? 0.04 : Math.min(revenueGrowth, 0.12);
  const step = (TERMINAL_GROWTH - initial) / 9;
  let flow = fcff;
  let pv = 0;
  for (let year = 1; year <= 10; year += 1) {
    flow *= 1 + initial + step * (year - 1);
    pv += flow / (1 + discountRate) ** year;
  }
  const terminal = (flow * (1 + TERMINAL_GROWTH)) / (discountRate - TERMINAL_GROWTH) / (1 + discountRate) ** 10;
  return {
    intrinsic_value: pv + terminal,
    base_fcff: fcff,
    initial_growth: initial,
    discount_rate: discountRate,
    details: `FCFF DCF: growth ${(initial * 100).toFixed(1)}% fading to 2.5%, discount ${(discountRate * 100).toFixed(1)}%`,
  };
}

export function analyzeAswathDamodaran(ticker: string, metrics: readonly FinancialMetrics[], items: readonly LineItem[], marketCap: number | null): PersonaAnalysis {
  const growth = damodaranGrowthAndReinvestment(metrics, items);
  const risk = damodaranRisk(metrics, items);
  const relative = damodaranRelativeValuation(metrics);
  const costOfEquity = numberAt(risk, 'cost_of_equity') ?? RISK_FREE_RATE + EQUITY_RISK_PREMIUM;
  const dcf = damodaranDcf(items, numberAt(growth, 'revenue_cagr'), costOfEquity);
  const marginOfSafety = dcf.intrinsic_value !== null && marketCap !== null && marketCap > 0 ? (dcf.intrinsic_value - marketCap) / marketCap : null;
  const score = growth.score + risk.score + relative.score;
  const signal = marginOfSafety === null ? 'neutral' : thresholdSignal(marginOfSafety, 0.25, -0.25);
  const dataPoints: DataPoints = { financial_metrics: metrics.length, line_items: items.length, market_cap: marketCap === null ? 0 : 1 };
  return {
    ticker,
    score,
    max_score: ASWATH_DAMODARAN_MAX_SCORE,
    details: {
      signal,
      growth_analysis: growth,
      risk_analysis: risk,
      relative_val_analysis: relative,
      intrinsic_val_analysis: dcf,
      market_cap: marketCap,
      margin_of_safety: finiteOrNull(marginOfSafety),
      data_points: dataPoints,
    },
    facts: factsOf({
      ticker,
      signal_hint: signal,
      score,
      max_score: ASWATH_DAMODARAN_MAX_SCORE,
      growth_and_reinvestment: briefOf(growth),
      risk: briefOf(risk),
      relative_valuation: briefOf(relative),
      cost_of_equity: costOfEquity,
      intrinsic_value: dcf.intrinsic_value,
      market_cap: marketCap,
      margin_of_safety: marginOfSafety,
    }),
  };
}

/**
 * Rules mode: the anchor's pre-signal on the DCF's margin of safety (≥ 25 % bullish, ≤ −25 % bearish, else and
 * without one neutral). Confidence clamp(150·|MoS|, 20, 95), or without a MoS clamp(100·score/max, 10, 50).
 */
export function aswathDamodaranRules(analysis: PersonaAnalysis): AgentSignal {
  if (hasNoData(analysis)) return noDataSignal(analysis, 0);
  const mos = numberAt(analysis.details, 'margin_of_safety');
  const reasoning = { score: analysis.score, max_score: analysis.max_score, margin_of_safety: mos };
  if (mos === null) {
    const confidence = Math.round(clamp((100 * analysis.score) / analysis.max_score, 10, 50));
    return { signal: 'neutral', confidence, reasoning: { rule: 'no DCF value (no positive FCFF or market cap): neutral', ...reasoning } };
  }
  return {
    signal: thresholdSignal(mos, 0.25, -0.25),
    confidence: Math.round(clamp(150 * Math.abs(mos), 20, 95)),
    reasoning: { rule: 'DCF margin of safety ≥ 25% bullish, ≤ −25% bearish', ...reasoning },
  };
}

export const ASWATH_DAMODARAN_PROMPT = [
  'You are a valuation analyst who thinks like Aswath Damodaran.',
  'Connect the story to the numbers: how fast can revenue grow, how much must the company reinvest to get there (return on',
  'invested capital), and how risky are the cash flows (leverage, interest coverage, a cost of equity from a risk-free rate',
  'plus an equity risk premium). Value the free cash flows with a DCF whose growth fades to a terminal rate, and cross-check',
  'against the company\'s own P/E history. Let the margin of safety between intrinsic value and price decide, and say which',
  'assumption would change the answer. Reason thoroughly and cite the figures.',
  answerFormat(null, 'Confidence is your confidence in the signal you give, from 0 to 100.'),
].join('\n');

export const aswathDamodaran: Persona = {
  key: 'aswath_damodaran',
  systemPrompt: ASWATH_DAMODARAN_PROMPT,
  async analyze(input: PersonaInput): Promise<PersonaAnalysis> {
    const options = { signal: input.signal };
    const metrics = await input.data.getFinancialMetrics(input.ticker, input.endDate, 'ttm', 5, options);
    const items = await input.data.searchLineItems(input.ticker, ASWATH_DAMODARAN_LINE_ITEMS, input.endDate, 'ttm', 10, options);
    const marketCap = await input.data.getMarketCap(input.ticker, input.endDate, options);
    return analyzeAswathDamodaran(input.ticker, metrics, items, marketCap);
  },
  rules: aswathDamodaranRules,
};

// Cathie Wood (personas.md §6): disruptive potential (accelerating growth, margins, operating leverage, R&D),
// innovation-driven growth (R&D, FCF, margins, reinvestment) and a high-growth DCF, annual reports.
import type { FinancialMetrics, LineItem } from '../../data/types';
import {
  answerFormat,
  bandRules,
  briefOf,
  change,
  countWhere,
  type DataPoints,
  exitMultipleValue,
  factsOf,
  knownValues,
  lineItemNumber,
  type SubScore,
  subScore,
  thresholdSignal,
  values,
} from './helpers';
import type { Persona, PersonaAnalysis, PersonaInput } from './types';

export const CATHIE_WOOD_LINE_ITEMS = [
  'revenue',
  'gross_margin',
  'operating_margin',
  'debt_to_equity',
  'free_cash_flow',
  'total_assets',
  'total_liabilities',
  'dividends_and_other_cash_distributions',
  'outstanding_shares',
  'research_and_development',
  'capital_expenditure',
  'operating_expense',
] as const;

/** Disruptive potential 5 + innovation growth 5 + valuation 3 (the anchor declared 15; its first score could pass 5). */
export const CATHIE_WOOD_MAX_SCORE = 13;
export const CATHIE_WOOD_BULLISH_SHARE = 0.7;
export const CATHIE_WOOD_BEARISH_SHARE = 0.3;
const DISRUPTIVE_RAW_MAX = 14;
const INNOVATION_RAW_MAX = 15;

/** Year-over-year growth rates, newest first, of adjacent known values (a zero base is skipped). */
function growthRates(newestFirst: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < newestFirst.length; i += 1) {
    const g = change(newestFirst[i], newestFirst[i + 1]);
    if (g !== null) out.push(g);
  }
  return out;
}

/**
 * Raw points (max 14, scaled to 0-5): latest revenue growth above the oldest +2, and > 100 % +3 (> 50 % +2,
 * > 20 % +1); gross margin up > 5 pts +2 (up +1), latest > 50 % +2; revenue outgrowing operating expense +2;
 * R&D/revenue > 15 % +3 (> 8 % +2, > 5 % +1).
 */
export function woodDisruptivePotential(metrics: readonly FinancialMetrics[], items: readonly LineItem[]): SubScore {
  if (metrics.length === 0 || items.length === 0) return subScore(0, 5, ['Insufficient data to analyze disruptive potential']);
  let raw = 0;
  const notes: string[] = [];
  const revenues = values(knownValues(items, 'revenue'));
  if (revenues.length >= 3) {
    const rates = growthRates(revenues);
    if (rates.length >= 2 && rates[0] > rates[rates.length - 1]) {
      raw += 2;
      notes.push(`Revenue growth is accelerating: ${(rates[0] * 100).toFixed(1)}% vs ${(rates[rates.length - 1] * 100).toFixed(1)}%`);
    }
    const latest = rates[0];
    if (latest !== undefined) {
      if (latest > 1.0) {
        raw += 3;
        notes.push(`Exceptional revenue growth: ${(latest * 100).toFixed(1)}%`);
      } else if (latest > 0.5) {
        raw += 2;
        notes.push(`Strong revenue growth: ${(latest * 100).toFixed(1)}%`);
      } else if (latest > 0.2) {
        raw += 1;
        notes.push(`Moderate revenue growth: ${(latest * 100).toFixed(1)}%`);
      }
    }
  } else notes.push('Insufficient revenue data for growth analysis');
  const margins = values(knownValues(items, 'gross_margin'));
  if (margins.length >= 2) {
    const trend = margins[0] - margins[margins.length - 1];
    if (trend > 0.05) {
      raw += 2;
      notes.push(`Expanding gross margins: +${(trend * 100).toFixed(1)} points`);
    } else if (trend > 0) {
      raw += 1;
      notes.push(`Slightly improving gross margins: +${(trend * 100).toFixed(1)} points`);
    }
    if (margins[0] > 0.5) {
      raw += 2;
      notes.push(`High gross margin: ${(margins[0] * 100).toFixed(1)}%`);
    }
  } else notes.push('Insufficient gross margin data');
  const expenses = values(knownValues(items, 'operating_expense'));
  if (revenues.length >= 2 && expenses.length >= 2) {
    const revenueGrowth = change(revenues[0], revenues[revenues.length - 1]);
    const expenseGrowth = change(expenses[0], expenses[expenses.length - 1]);
    if (revenueGrowth !== null && expenseGrowth !== null && revenueGrowth > expenseGrowth) {
      raw += 2;
      notes.push('Positive operating leverage: revenue growing faster than expenses');
    }
  } else notes.push('Insufficient data for operating leverage analysis');
  const research = lineItemNumber(items[0], 'research_and_development');
  const revenue = lineItemNumber(items[0], 'revenue');
  let researchIntensity: number | null = null;
  if (research !== null && revenue !== null && revenue > 0) {
    researchIntensity = research / revenue;
    if (researchIntensity > 0.15) {
      raw += 3;
      notes.push(`High R&D investment: ${(researchIntensity * 100).toFixed(1)}% of revenue`);
    } else if (researchIntensity > 0.08) {
      raw += 2;
      notes.push(`Moderate R&D investment: ${(researchIntensity * 100).toFixed(1)}% of revenue`);
    } else if (researchIntensity > 0.05) {
      raw += 1;
      notes.push(`Some R&D investment: ${(researchIntensity * 100).toFixed(1)}% of revenue`);
    }
  } else notes.push('No R&D data available');
  return subScore((raw / DISRUPTIVE_RAW_MAX) * 5, 5, notes, { raw_score: raw, research_intensity: researchIntensity });
}

/**
 * Raw points (max 15, scaled to 0-5): R&D growth > 50 % +3 (> 20 % +2) and rising R&D intensity +2; FCF growth
 * > 30 % with every year positive +3 (≥ 75 % positive +2, > 50 % +1); operating margin > 15 % and rising +3
 * (> 10 % +2, rising +1); capex > 10 % of revenue growing > 20 % +2 (> 5 % +1); dividends under 20 % of FCF +2
 * (< 40 % +1).
 */
export function woodInnovationGrowth(items: readonly LineItem[]): SubScore {
  if (items.length === 0) return subScore(0, 5, ['Insufficient data to analyze innovation-driven growth']);
  let raw = 0;
  const notes: string[] = [];
  const research = values(knownValues(items, 'research_and_development'));
  if (research.length >= 2) {
    const growth = change(research[0], research[research.length - 1]);
    if (growth !== null && growth > 0.5) {
      raw += 3;
      notes.push(`Strong R&D investment growth: +${(growth * 100).toFixed(1)}%`);
    } else if (growth !== null && growth > 0.2) {
      raw += 2;
      notes.push(`Moderate R&D investment growth: +${(growth * 100).toFixed(1)}%`);
    }
    const intensities: number[] = [];
    for (const item of items) {
      const rd = lineItemNumber(item, 'research_and_development');
      const revenue = lineItemNumber(item, 'revenue');
      if (rd !== null && revenue !== null && revenue > 0) intensities.push(rd / revenue);
    }
    if (intensities.length >= 2 && intensities[0] > intensities[intensities.length - 1]) {
      raw += 2;
      notes.push('Increasing R&D intensity');
    }
  } else notes.push('Insufficient R&D data for trend analysis');
  const cashFlows = values(knownValues(items, 'free_cash_flow'));
  if (cashFlows.length >= 2) {
    const growth = change(cashFlows[0], cashFlows[cashFlows.length - 1]);
    const positive = countWhere(cashFlows, (f) => f > 0);
    if (growth !== null && growth > 0.3 && positive === cashFlows.length) {
      raw += 3;
      notes.push('Strong and consistent FCF growth, excellent innovation funding capacity');
    } else if (positive >= cashFlows.length * 0.75) {
      raw += 2;
      notes.push('Consistent positive FCF, good innovation funding capacity');
    } else if (positive > cashFlows.length * 0.5) {
      raw += 1;
      notes.push('Moderately consistent FCF, adequate innovation funding capacity');
    }
  } else notes.push('Insufficient FCF data for analysis');
  const margins = values(knownValues(items, 'operating_margin'));
  if (margins.length >= 2) {
    const latest = margins[0];
    const rising = latest > margins[margins.length - 1];
    if (latest > 0.15 && rising) {
      raw += 3;
      notes.push(`Strong and improving operating margin: ${(latest * 100).toFixed(1)}%`);
    } else if (latest > 0.1) {
      raw += 2;
      notes.push(`Healthy operating margin: ${(latest * 100).toFixed(1)}%`);
    } else if (rising) {
      raw += 1;
      notes.push('Improving operating efficiency');
    }
  } else notes.push('Insufficient operating margin data');
  const capex = values(knownValues(items, 'capital_expenditure'));
  const revenue = lineItemNumber(items[0], 'revenue');
  if (capex.length >= 2 && revenue !== null && revenue > 0) {
    const intensity = Math.abs(capex[0]) / revenue;
    const growth = change(Math.abs(capex[0]), Math.abs(capex[capex.length - 1]));
    if (intensity > 0.1 && growth !== null && growth > 0.2) {
      raw += 2;
      notes.push('Strong investment in growth infrastructure');
    } else if (intensity > 0.05) {
      raw += 1;
      notes.push('Moderate investment in growth infrastructure');
    }
  } else notes.push('Insufficient CAPEX data');
  const dividends = lineItemNumber(items[0], 'dividends_and_other_cash_distributions');
  const fcf = lineItemNumber(items[0], 'free_cash_flow');
  let payout: number | null = null;
  if (dividends !== null && fcf !== null) {
    payout = fcf > 0 ? Math.abs(dividends) / fcf : dividends === 0 ? 0 : 1;
    if (payout < 0.2) {
      raw += 2;
      notes.push('Strong focus on reinvestment over dividends');
    } else if (payout < 0.4) {
      raw += 1;
      notes.push('Moderate focus on reinvestment over dividends');
    }
  } else notes.push('Insufficient dividend data');
  return subScore((raw / INNOVATION_RAW_MAX) * 5, 5, notes, { raw_score: raw, payout_ratio: payout });
}

/** Latest FCF grown 20 % a year for 5 years, exit at 25×, discounted at 15 %: MoS > 50 % +3, > 20 % +1. */
export function woodValuation(items: readonly LineItem[], marketCap: number | null): SubScore {
  const fcf = lineItemNumber(items[0], 'free_cash_flow') ?? 0;
  if (items.length === 0 || marketCap === null || marketCap <= 0) return subScore(0, 3, ['Insufficient data for valuation']);
  if (fcf <= 0) return subScore(0, 3, [`No positive FCF for valuation; FCF = ${fcf}`], { intrinsic_value: null, margin_of_safety: null });
  const intrinsicValue = exitMultipleValue(fcf, 0.2, 0.15, 5, 25);
  const marginOfSafety = (intrinsicValue - marketCap) / marketCap;
  const score = marginOfSafety > 0.5 ? 3 : marginOfSafety > 0.2 ? 1 : 0;
  return subScore(score, 3, [`Calculated intrinsic value: ~${intrinsicValue.toFixed(0)}`, `Market cap: ~${marketCap.toFixed(0)}`, `Margin of safety: ${(marginOfSafety * 100).toFixed(1)}%`], {
    intrinsic_value: intrinsicValue,
    margin_of_safety: marginOfSafety,
  });
}

export function analyzeCathieWood(ticker: string, metrics: readonly FinancialMetrics[], items: readonly LineItem[], marketCap: number | null): PersonaAnalysis {
  const disruptive = woodDisruptivePotential(metrics, items);
  const innovation = woodInnovationGrowth(items);
  const valuation = woodValuation(items, marketCap);
  const score = disruptive.score + innovation.score + valuation.score;
  const signal = thresholdSignal(score, CATHIE_WOOD_BULLISH_SHARE * CATHIE_WOOD_MAX_SCORE, CATHIE_WOOD_BEARISH_SHARE * CATHIE_WOOD_MAX_SCORE);
  const dataPoints: DataPoints = { financial_metrics: metrics.length, line_items: items.length, market_cap: marketCap === null ? 0 : 1 };
  return {
    ticker,
    score,
    max_score: CATHIE_WOOD_MAX_SCORE,
    details: { signal, disruptive_analysis: disruptive, innovation_analysis: innovation, valuation_analysis: valuation, market_cap: marketCap, data_points: dataPoints },
    facts: factsOf({
      ticker,
      signal_hint: signal,
      score,
      max_score: CATHIE_WOOD_MAX_SCORE,
      disruptive_potential: briefOf(disruptive),
      innovation_growth: briefOf(innovation),
      valuation: briefOf(valuation),
      intrinsic_value: valuation.intrinsic_value,
      margin_of_safety: valuation.margin_of_safety,
      market_cap: marketCap,
    }),
  };
}

export const CATHIE_WOOD_PROMPT = [
  'You are a growth investor who thinks like Cathie Wood.',
  'You look for companies at the front of disruptive innovation (AI, robotics, genomics, energy storage, fintech, blockchain):',
  'accelerating revenue, expanding gross margins, operating leverage, heavy and rising R&D, and free cash flow reinvested',
  'rather than paid out. You judge the total addressable market over a five-year-plus horizon and accept volatility for',
  'exponential upside, but you still compare a growth valuation with the price.',
  'Be optimistic but specific; cite the figures. The facts include a coded signal hint; weigh it with the details.',
  answerFormat(null, 'Confidence is your confidence in the signal you give, from 0 to 100.'),
].join('\n');

export const cathieWood: Persona = {
  key: 'cathie_wood',
  systemPrompt: CATHIE_WOOD_PROMPT,
  async analyze(input: PersonaInput): Promise<PersonaAnalysis> {
    const options = { signal: input.signal };
    const metrics = await input.data.getFinancialMetrics(input.ticker, input.endDate, 'annual', 5, options);
    const items = await input.data.searchLineItems(input.ticker, CATHIE_WOOD_LINE_ITEMS, input.endDate, 'annual', 5, options);
    const marketCap = await input.data.getMarketCap(input.ticker, input.endDate, options);
    return analyzeCathieWood(input.ticker, metrics, items, marketCap);
  },
  rules: (analysis) => bandRules(analysis, CATHIE_WOOD_BULLISH_SHARE, CATHIE_WOOD_BEARISH_SHARE),
};

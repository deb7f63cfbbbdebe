// Mohnish Pabrai (personas.md §9): downside protection first, then a cheap price on free cash flow, then the
// odds of doubling; each on 0-10, weighted .45/.35/.20; annual reports.
import type { LineItem } from '../../data/types';
import { mean } from '../indicators';
import {
  answerFormat,
  bandRules,
  briefOf,
  change,
  type DataPoints,
  factsOf,
  knownValues,
  lineItemNumber,
  recentVersusOlder,
  type SubScore,
  subScore,
  thresholdSignal,
  values,
} from './helpers';
import type { Persona, PersonaAnalysis, PersonaInput } from './types';

export const MOHNISH_PABRAI_LINE_ITEMS = [
  'revenue',
  'gross_profit',
  'gross_margin',
  'operating_income',
  'operating_margin',
  'net_income',
  'free_cash_flow',
  'total_debt',
  'cash_and_equivalents',
  'current_assets',
  'current_liabilities',
  'shareholders_equity',
  'capital_expenditure',
  'depreciation_and_amortization',
  'outstanding_shares',
] as const;

export const MOHNISH_PABRAI_WEIGHTS = { downside: 0.45, valuation: 0.35, doubling: 0.2 } as const;
export const MOHNISH_PABRAI_BULLISH_AT = 7.5;
export const MOHNISH_PABRAI_BEARISH_AT = 4.0;

/**
 * Raw 9 → 0-10: net cash +3; current ratio ≥ 2 +2 (≥ 1.2 +1); D/E < 0.3 +2 (< 0.7 +1, positive equity only);
 * FCF: recent 3-year mean > 0 and ≥ the older level +2 (> 0 +1).
 */
export function pabraiDownsideProtection(items: readonly LineItem[]): SubScore {
  const latest = items[0];
  if (latest === undefined) return subScore(0, 10, ['Insufficient data'], { raw_score: 0 });
  let raw = 0;
  const notes: string[] = [];
  const cash = lineItemNumber(latest, 'cash_and_equivalents');
  const debt = lineItemNumber(latest, 'total_debt');
  if (cash !== null && debt !== null) {
    const netCash = cash - debt;
    if (netCash > 0) {
      raw += 3;
      notes.push(`Net cash position: ${netCash.toFixed(0)}`);
    } else notes.push(`Net debt position: ${netCash.toFixed(0)}`);
  }
  const currentAssets = lineItemNumber(latest, 'current_assets');
  const currentLiabilities = lineItemNumber(latest, 'current_liabilities');
  if (currentAssets !== null && currentLiabilities !== null && currentLiabilities > 0) {
    const ratio = currentAssets / currentLiabilities;
    if (ratio >= 2.0) {
      raw += 2;
      notes.push(`Strong liquidity (current ratio ${ratio.toFixed(2)})`);
    } else if (ratio >= 1.2) {
      raw += 1;
      notes.push(`Adequate liquidity (current ratio ${ratio.toFixed(2)})`);
    } else notes.push(`Weak liquidity (current ratio ${ratio.toFixed(2)})`);
  }
  const equity = lineItemNumber(latest, 'shareholders_equity');
  if (debt !== null && equity !== null && equity > 0) {
    const debtToEquity = debt / equity;
    if (debtToEquity < 0.3) {
      raw += 2;
      notes.push(`Very low leverage (D/E ${debtToEquity.toFixed(2)})`);
    } else if (debtToEquity < 0.7) {
      raw += 1;
      notes.push(`Moderate leverage (D/E ${debtToEquity.toFixed(2)})`);
    } else notes.push(`High leverage (D/E ${debtToEquity.toFixed(2)})`);
  }
  const trend = recentVersusOlder(values(knownValues(items, 'free_cash_flow')));
  if (trend !== null) {
    if (trend.recent > 0 && trend.recent >= trend.older) {
      raw += 2;
      notes.push('Positive and improving/stable FCF');
    } else if (trend.recent > 0) {
      raw += 1;
      notes.push('Positive but declining FCF');
    } else notes.push('Negative FCF');
  }
  return subScore((raw * 10) / 9, 10, notes, { raw_score: raw });
}

/**
 * Raw 6 → 0-10 (needs a market cap and ≥ 3 FCF values): normalised FCF (mean of ≤ 5 newest) / market cap > 10 %
 * +4 (> 7 % +3, > 5 % +2, > 3 % +1); mean capex/revenue over ≥ 3 periods < 5 % +2 (< 10 % +1).
 */
export function pabraiValuation(items: readonly LineItem[], marketCap: number | null): SubScore {
  if (items.length === 0 || marketCap === null || marketCap <= 0) return subScore(0, 10, ['Insufficient data'], { raw_score: 0, fcf_yield: null, normalized_fcf: null });
  const cashFlows = values(knownValues(items, 'free_cash_flow'));
  if (cashFlows.length < 3) return subScore(0, 10, ['Insufficient FCF history'], { raw_score: 0, fcf_yield: null, normalized_fcf: null });
  const normalized = mean(cashFlows.slice(0, Math.min(5, cashFlows.length)));
  if (normalized <= 0) return subScore(0, 10, ['Non-positive normalized FCF'], { raw_score: 0, fcf_yield: null, normalized_fcf: normalized });
  let raw = 0;
  const notes: string[] = [];
  const fcfYield = normalized / marketCap;
  if (fcfYield > 0.1) raw += 4;
  else if (fcfYield > 0.07) raw += 3;
  else if (fcfYield > 0.05) raw += 2;
  else if (fcfYield > 0.03) raw += 1;
  notes.push(`FCF yield ${(fcfYield * 100).toFixed(1)}%`);
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
        notes.push(`Asset-light: capex ${(average * 100).toFixed(1)}% of revenue`);
      } else if (average < 0.1) {
        raw += 1;
        notes.push(`Moderate capex: ${(average * 100).toFixed(1)}% of revenue`);
      } else notes.push(`Capex heavy: ${(average * 100).toFixed(1)}% of revenue`);
    }
  }
  return subScore((raw * 10) / 6, 10, notes, { raw_score: raw, fcf_yield: fcfYield, normalized_fcf: normalized });
}

/**
 * Raw 8 → 0-10 (needs a market cap): revenue, recent 3-year mean vs the older level, up > 15 % +2 (> 5 % +1);
 * FCF the same way > 20 % +3 (> 8 % +2, > 0 +1); FCF yield > 8 % +3 (> 5 % +1).
 */
export function pabraiDoublingPotential(items: readonly LineItem[], marketCap: number | null, fcfYield: number | null): SubScore {
  if (items.length === 0 || marketCap === null || marketCap <= 0) return subScore(0, 10, ['Insufficient data'], { raw_score: 0 });
  let raw = 0;
  const notes: string[] = [];
  const revenue = recentVersusOlder(values(knownValues(items, 'revenue')));
  if (revenue !== null && revenue.older > 0) {
    const growth = revenue.recent / revenue.older - 1;
    if (growth > 0.15) {
      raw += 2;
      notes.push(`Revenue growth ${(growth * 100).toFixed(1)}%`);
    } else if (growth > 0.05) {
      raw += 1;
      notes.push(`Modest revenue growth ${(growth * 100).toFixed(1)}%`);
    }
  }
  const cashFlow = recentVersusOlder(values(knownValues(items, 'free_cash_flow')));
  if (cashFlow !== null) {
    const growth = change(cashFlow.recent, cashFlow.older);
    if (growth !== null) {
      if (growth > 0.2) {
        raw += 3;
        notes.push(`Strong FCF growth ${(growth * 100).toFixed(1)}%`);
      } else if (growth > 0.08) {
        raw += 2;
        notes.push(`Healthy FCF growth ${(growth * 100).toFixed(1)}%`);
      } else if (growth > 0) {
        raw += 1;
        notes.push(`Positive FCF growth ${(growth * 100).toFixed(1)}%`);
      }
    }
  }
  if (fcfYield !== null) {
    if (fcfYield > 0.08) {
      raw += 3;
      notes.push('High FCF yield can drive doubling via retained cash/buybacks');
    } else if (fcfYield > 0.05) {
      raw += 1;
      notes.push('Reasonable FCF yield supports moderate compounding');
    }
  }
  return subScore((raw * 10) / 8, 10, notes, { raw_score: raw });
}

export function analyzeMohnishPabrai(ticker: string, items: readonly LineItem[], marketCap: number | null): PersonaAnalysis {
  const downside = pabraiDownsideProtection(items);
  const valuation = pabraiValuation(items, marketCap);
  const fcfYield = typeof valuation.fcf_yield === 'number' ? valuation.fcf_yield : null;
  const doubling = pabraiDoublingPotential(items, marketCap, fcfYield);
  const w = MOHNISH_PABRAI_WEIGHTS;
  const score = w.downside * downside.score + w.valuation * valuation.score + w.doubling * doubling.score;
  const signal = thresholdSignal(score, MOHNISH_PABRAI_BULLISH_AT, MOHNISH_PABRAI_BEARISH_AT);
  const dataPoints: DataPoints = { line_items: items.length, market_cap: marketCap === null ? 0 : 1 };
  return {
    ticker,
    score,
    max_score: 10,
    details: { signal, downside_protection: downside, valuation, double_potential: doubling, market_cap: marketCap, data_points: dataPoints },
    facts: factsOf({
      ticker,
      signal_hint: signal,
      score,
      max_score: 10,
      downside_protection: briefOf(downside),
      valuation: briefOf(valuation),
      double_potential: briefOf(doubling),
      fcf_yield: fcfYield,
      normalized_fcf: valuation.normalized_fcf,
      market_cap: marketCap,
    }),
  };
}

export const MOHNISH_PABRAI_PROMPT = [
  'You are a value investor who thinks like Mohnish Pabrai (the Dhandho approach).',
  'Heads I win, tails I do not lose much: first protect the downside (net cash, liquidity, little debt, durable free cash',
  'flow), then buy simple, understandable businesses at a high free-cash-flow yield with modest capital needs, and look for',
  'the chance the value doubles in two to three years. Prefer cloning proven ideas to novelty; avoid leverage and complexity.',
  'Reason thoroughly and cite the figures. The facts include a coded signal hint; weigh it with the details.',
  answerFormat(null, 'Confidence is your confidence in the signal you give, from 0 to 100.'),
].join('\n');

export const mohnishPabrai: Persona = {
  key: 'mohnish_pabrai',
  systemPrompt: MOHNISH_PABRAI_PROMPT,
  async analyze(input: PersonaInput): Promise<PersonaAnalysis> {
    const options = { signal: input.signal };
    const items = await input.data.searchLineItems(input.ticker, MOHNISH_PABRAI_LINE_ITEMS, input.endDate, 'annual', 8, options);
    const marketCap = await input.data.getMarketCap(input.ticker, input.endDate, options);
    return analyzeMohnishPabrai(input.ticker, items, marketCap);
  },
  rules: (analysis) => bandRules(analysis, MOHNISH_PABRAI_BULLISH_AT / 10, MOHNISH_PABRAI_BEARISH_AT / 10),
};

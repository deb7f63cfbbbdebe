// Bill Ackman (personas.md §5): business quality, financial discipline, activism potential and a simple FCF
// DCF, annual reports.
import type { FinancialMetrics, LineItem } from '../../data/types';
import { mean } from '../indicators';
import {
  answerFormat,
  bandRules,
  briefOf,
  change,
  countWhere,
  type DataPoints,
  exitMultipleValue,
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

export const BILL_ACKMAN_LINE_ITEMS = [
  'revenue',
  'operating_margin',
  'debt_to_equity',
  'free_cash_flow',
  'total_assets',
  'total_liabilities',
  'dividends_and_other_cash_distributions',
  'outstanding_shares',
] as const;

/** Quality 7 + discipline 4 + activism 2 + valuation 3 (the anchor declared 20). */
export const BILL_ACKMAN_MAX_SCORE = 16;
export const BILL_ACKMAN_BULLISH_SHARE = 0.7;
export const BILL_ACKMAN_BEARISH_SHARE = 0.3;

/**
 * Cumulative revenue growth > 50 % +2 (any growth +1); operating margin > 15 % in a majority of years +2; FCF
 * positive in a majority +1; latest ROE > 15 % +2.
 */
export function ackmanQuality(metrics: readonly FinancialMetrics[], items: readonly LineItem[]): SubScore {
  if (metrics.length === 0 || items.length === 0) return subScore(0, 7, ['Insufficient data to analyze business quality']);
  let score = 0;
  const notes: string[] = [];
  const revenues = values(knownValues(items, 'revenue'));
  let growth: number | null = null;
  if (revenues.length >= 2) {
    const newest = revenues[0];
    const oldest = revenues[revenues.length - 1];
    growth = change(newest, oldest);
    if (growth !== null && newest > oldest) {
      if (growth > 0.5) {
        score += 2;
        notes.push(`Revenue grew by ${(growth * 100).toFixed(1)}% over the full period (strong growth)`);
      } else {
        score += 1;
        notes.push(`Revenue growth is positive but under 50% cumulatively (${(growth * 100).toFixed(1)}%)`);
      }
    } else notes.push('Revenue did not grow significantly or data insufficient');
  } else notes.push('Not enough revenue data for multi-period trend');
  const margins = values(knownValues(items, 'operating_margin'));
  if (margins.length > 0) {
    if (isMajority(countWhere(margins, (m) => m > 0.15), margins.length)) {
      score += 2;
      notes.push('Operating margins have often exceeded 15% (indicates good profitability)');
    } else notes.push('Operating margin not consistently above 15%');
  } else notes.push('No operating margin data across periods');
  const cashFlows = values(knownValues(items, 'free_cash_flow'));
  if (cashFlows.length > 0) {
    if (isMajority(countWhere(cashFlows, (f) => f > 0), cashFlows.length)) {
      score += 1;
      notes.push('Majority of periods show positive free cash flow');
    } else notes.push('Free cash flow not consistently positive');
  } else notes.push('No free cash flow data across periods');
  const roe = metrics[0].return_on_equity;
  if (roe !== null && roe > 0.15) {
    score += 2;
    notes.push(`High ROE of ${(roe * 100).toFixed(1)}%, indicating a competitive advantage`);
  } else notes.push(roe === null ? 'ROE data not available' : `ROE of ${(roe * 100).toFixed(1)}% is moderate`);
  return subScore(score, 7, notes, { revenue_growth: growth, return_on_equity: roe });
}

/**
 * Debt/equity < 1 in a majority of years +2 (without D/E: liabilities/assets < 0.5 in a majority +2);
 * dividends paid in a majority +1; share count down over the period +1.
 */
export function ackmanFinancialDiscipline(items: readonly LineItem[]): SubScore {
  if (items.length === 0) return subScore(0, 4, ['Insufficient data to analyze financial discipline']);
  let score = 0;
  const notes: string[] = [];
  const leverage = values(knownValues(items, 'debt_to_equity'));
  if (leverage.length > 0) {
    if (isMajority(countWhere(leverage, (d) => d < 1.0), leverage.length)) {
      score += 2;
      notes.push('Debt-to-equity < 1.0 for the majority of periods (reasonable leverage)');
    } else notes.push('Debt-to-equity ≥ 1.0 in many periods (could be high leverage)');
  } else {
    const ratios: number[] = [];
    for (const item of items) {
      const assets = lineItemNumber(item, 'total_assets');
      const liabilities = lineItemNumber(item, 'total_liabilities');
      if (assets !== null && liabilities !== null && assets > 0) ratios.push(liabilities / assets);
    }
    if (ratios.length > 0) {
      if (isMajority(countWhere(ratios, (r) => r < 0.5), ratios.length)) {
        score += 2;
        notes.push('Liabilities-to-assets < 50% for majority of periods');
      } else notes.push('Liabilities-to-assets ≥ 50% in many periods');
    } else notes.push('No consistent leverage ratio data available');
  }
  const dividends = values(knownValues(items, 'dividends_and_other_cash_distributions'));
  if (dividends.length > 0) {
    if (isMajority(countWhere(dividends, (d) => d < 0), dividends.length)) {
      score += 1;
      notes.push('Company has a history of returning capital to shareholders (dividends)');
    } else notes.push('Dividends not consistently paid or no data on distributions');
  } else notes.push('No dividend data found across periods');
  const shares = values(knownValues(items, 'outstanding_shares'));
  if (shares.length >= 2) {
    if (shares[0] < shares[shares.length - 1]) {
      score += 1;
      notes.push('Outstanding shares have decreased over time (possible buybacks)');
    } else notes.push('Outstanding shares have not decreased over the available periods');
  } else notes.push('No multi-period share count data to assess buybacks');
  return subScore(score, 4, notes);
}

/** Revenue growth > 15 % with a mean operating margin under 10 %: room for an activist to lift margins, +2. */
export function ackmanActivismPotential(items: readonly LineItem[]): SubScore {
  const revenues = values(knownValues(items, 'revenue'));
  const margins = values(knownValues(items, 'operating_margin'));
  if (revenues.length < 2 || margins.length === 0) return subScore(0, 2, ['Insufficient data for activism potential']);
  const growth = change(revenues[0], revenues[revenues.length - 1]) ?? 0;
  const averageMargin = mean(margins);
  if (growth > 0.15 && averageMargin < 0.1) {
    return subScore(2, 2, [`Revenue growth is healthy (~${(growth * 100).toFixed(1)}%), but margins are low (avg ${(averageMargin * 100).toFixed(1)}%): activism could unlock margin improvements`], {
      revenue_growth: growth,
      average_operating_margin: averageMargin,
    });
  }
  return subScore(0, 2, ['No clear sign of activism opportunity (margins already decent or growth is weak)'], { revenue_growth: growth, average_operating_margin: averageMargin });
}

/** Latest FCF grown 6 % a year for 5 years, exit at 15×, discounted at 10 %: MoS > 30 % +3, > 10 % +1. */
export function ackmanValuation(items: readonly LineItem[], marketCap: number | null): SubScore {
  if (items.length === 0 || marketCap === null || marketCap <= 0) return subScore(0, 3, ['Insufficient data to perform valuation']);
  const fcf = lineItemNumber(items[0], 'free_cash_flow') ?? 0;
  if (fcf <= 0) return subScore(0, 3, [`No positive FCF for valuation; FCF = ${fcf}`], { intrinsic_value: null, margin_of_safety: null });
  const intrinsicValue = exitMultipleValue(fcf, 0.06, 0.1, 5, 15);
  const marginOfSafety = (intrinsicValue - marketCap) / marketCap;
  const score = marginOfSafety > 0.3 ? 3 : marginOfSafety > 0.1 ? 1 : 0;
  const notes = [`Calculated intrinsic value: ~${intrinsicValue.toFixed(0)}`, `Market cap: ~${marketCap.toFixed(0)}`, `Margin of safety: ${(marginOfSafety * 100).toFixed(1)}%`];
  return subScore(score, 3, notes, { intrinsic_value: intrinsicValue, margin_of_safety: marginOfSafety });
}

export function analyzeBillAckman(ticker: string, metrics: readonly FinancialMetrics[], items: readonly LineItem[], marketCap: number | null): PersonaAnalysis {
  const quality = ackmanQuality(metrics, items);
  const discipline = ackmanFinancialDiscipline(items);
  const activism = ackmanActivismPotential(items);
  const valuation = ackmanValuation(items, marketCap);
  const score = quality.score + discipline.score + activism.score + valuation.score;
  const signal = thresholdSignal(score, BILL_ACKMAN_BULLISH_SHARE * BILL_ACKMAN_MAX_SCORE, BILL_ACKMAN_BEARISH_SHARE * BILL_ACKMAN_MAX_SCORE);
  const dataPoints: DataPoints = { financial_metrics: metrics.length, line_items: items.length, market_cap: marketCap === null ? 0 : 1 };
  return {
    ticker,
    score,
    max_score: BILL_ACKMAN_MAX_SCORE,
    details: {
      signal,
      quality_analysis: quality,
      balance_sheet_analysis: discipline,
      activism_analysis: activism,
      valuation_analysis: valuation,
      market_cap: marketCap,
      data_points: dataPoints,
    },
    facts: factsOf({
      ticker,
      signal_hint: signal,
      score,
      max_score: BILL_ACKMAN_MAX_SCORE,
      quality: briefOf(quality),
      financial_discipline: briefOf(discipline),
      activism_potential: briefOf(activism),
      valuation: briefOf(valuation),
      intrinsic_value: valuation.intrinsic_value,
      margin_of_safety: valuation.margin_of_safety,
      market_cap: marketCap,
    }),
  };
}

export const BILL_ACKMAN_PROMPT = [
  'You are an activist investor who thinks like Bill Ackman.',
  'You take concentrated positions in simple, predictable, high-quality businesses with durable brands and moats, strong and',
  'growing free cash flow and disciplined capital allocation (sensible leverage, dividends, buybacks). Where margins lag the',
  'business\'s potential, you consider what an activist could change. You insist on a price below intrinsic value.',
  'Be confident and direct; cite the figures. The facts include a coded signal hint; weigh it with the details.',
  answerFormat(null, 'Confidence is your confidence in the signal you give, from 0 to 100.'),
].join('\n');

export const billAckman: Persona = {
  key: 'bill_ackman',
  systemPrompt: BILL_ACKMAN_PROMPT,
  async analyze(input: PersonaInput): Promise<PersonaAnalysis> {
    const options = { signal: input.signal };
    const metrics = await input.data.getFinancialMetrics(input.ticker, input.endDate, 'annual', 5, options);
    const items = await input.data.searchLineItems(input.ticker, BILL_ACKMAN_LINE_ITEMS, input.endDate, 'annual', 5, options);
    const marketCap = await input.data.getMarketCap(input.ticker, input.endDate, options);
    return analyzeBillAckman(input.ticker, metrics, items, marketCap);
  },
  rules: (analysis) => bandRules(analysis, BILL_ACKMAN_BULLISH_SHARE, BILL_ACKMAN_BEARISH_SHARE),
};

// Peter Lynch (personas.md §7): growth, fundamentals, valuation with the PEG ratio, headline sentiment and insider
// activity, each on 0-10, weighted .30/.20/.25/.15/.10; annual reports.
import type { CompanyNews, InsiderTrade, LineItem } from '../../data/types';
import {
  answerFormat,
  bandRules,
  briefOf,
  change,
  type DataPoints,
  factsOf,
  headlineSentimentScore,
  insiderActivityScore,
  knownValues,
  lineItemNumber,
  type SubScore,
  subScore,
  thresholdSignal,
  yearsBetween,
} from './helpers';
import type { Persona, PersonaAnalysis, PersonaInput } from './types';

export const PETER_LYNCH_LINE_ITEMS = [
  'revenue',
  'earnings_per_share',
  'net_income',
  'operating_income',
  'gross_margin',
  'operating_margin',
  'free_cash_flow',
  'capital_expenditure',
  'cash_and_equivalents',
  'total_debt',
  'shareholders_equity',
  'outstanding_shares',
] as const;

export const PETER_LYNCH_WEIGHTS = { growth: 0.3, valuation: 0.25, fundamentals: 0.2, sentiment: 0.15, insider: 0.1 } as const;
export const PETER_LYNCH_BULLISH_AT = 7.5;
export const PETER_LYNCH_BEARISH_AT = 4.5;

function growthPoints(growth: number): number {
  return growth > 0.25 ? 3 : growth > 0.1 ? 2 : growth > 0.02 ? 1 : 0;
}

/** Total revenue growth over the period > 25 % 3 (> 10 % 2, > 2 % 1), the same for EPS; raw 6 → 0-10. */
export function lynchGrowth(items: readonly LineItem[]): SubScore {
  if (items.length < 2) return subScore(0, 10, ['Insufficient financial data for growth analysis']);
  let raw = 0;
  const notes: string[] = [];
  const revenues = knownValues(items, 'revenue');
  let revenueGrowth: number | null = null;
  if (revenues.length >= 2 && revenues[revenues.length - 1].value > 0) {
    revenueGrowth = change(revenues[0].value, revenues[revenues.length - 1].value);
    if (revenueGrowth !== null) {
      raw += growthPoints(revenueGrowth);
      notes.push(`Revenue growth over the period: ${(revenueGrowth * 100).toFixed(1)}%`);
    }
  } else notes.push('Not enough revenue data to assess growth');
  const eps = knownValues(items, 'earnings_per_share');
  let epsGrowth: number | null = null;
  if (eps.length >= 2 && Math.abs(eps[eps.length - 1].value) > 1e-9) {
    epsGrowth = change(eps[0].value, eps[eps.length - 1].value);
    if (epsGrowth !== null) {
      raw += growthPoints(epsGrowth);
      notes.push(`EPS growth over the period: ${(epsGrowth * 100).toFixed(1)}%`);
    }
  } else notes.push('Not enough EPS data to assess growth');
  return subScore((raw * 10) / 6, 10, notes, { raw_score: raw, revenue_growth: revenueGrowth, eps_growth: epsGrowth });
}

/** Debt/equity < 0.5 2 (< 1 1, positive equity only); operating margin > 20 % 2 (> 10 % 1); positive FCF 2; raw 6 → 0-10. */
export function lynchFundamentals(items: readonly LineItem[]): SubScore {
  const latest = items[0];
  if (latest === undefined) return subScore(0, 10, ['Insufficient fundamentals data']);
  let raw = 0;
  const notes: string[] = [];
  const debt = lineItemNumber(latest, 'total_debt');
  const equity = lineItemNumber(latest, 'shareholders_equity');
  let debtToEquity: number | null = null;
  if (debt !== null && equity !== null && equity > 0) {
    debtToEquity = debt / equity;
    if (debtToEquity < 0.5) {
      raw += 2;
      notes.push(`Low debt-to-equity: ${debtToEquity.toFixed(2)}`);
    } else if (debtToEquity < 1.0) {
      raw += 1;
      notes.push(`Moderate debt-to-equity: ${debtToEquity.toFixed(2)}`);
    } else notes.push(`High debt-to-equity: ${debtToEquity.toFixed(2)}`);
  } else notes.push(equity !== null && equity <= 0 ? 'Negative or zero equity' : 'No consistent debt/equity data available');
  const margin = lineItemNumber(latest, 'operating_margin');
  if (margin !== null) {
    if (margin > 0.2) {
      raw += 2;
      notes.push(`Strong operating margin: ${(margin * 100).toFixed(1)}%`);
    } else if (margin > 0.1) {
      raw += 1;
      notes.push(`Moderate operating margin: ${(margin * 100).toFixed(1)}%`);
    } else notes.push(`Low operating margin: ${(margin * 100).toFixed(1)}%`);
  } else notes.push('No operating margin data available');
  const fcf = lineItemNumber(latest, 'free_cash_flow');
  if (fcf !== null && fcf > 0) {
    raw += 2;
    notes.push(`Positive free cash flow: ${fcf.toFixed(0)}`);
  } else notes.push(fcf === null ? 'No free cash flow data available' : `Recent FCF is negative: ${fcf.toFixed(0)}`);
  return subScore((raw * 10) / 6, 10, notes, { raw_score: raw, debt_to_equity: debtToEquity });
}

/**
 * P/E = market cap / latest net income (> 0): < 15 2, < 25 1. Annualised EPS growth between the newest and the
 * oldest EPS (compound when both are positive, linear per year when the newest is not); PEG = P/E / (100 ×
 * growth): < 1 3, < 2 2, < 3 1. Raw 5 → 0-10.
 */
export function lynchValuation(items: readonly LineItem[], marketCap: number | null): SubScore {
  if (items.length === 0 || marketCap === null) return subScore(0, 10, ['Insufficient data for valuation']);
  let raw = 0;
  const notes: string[] = [];
  const netIncome = lineItemNumber(items[0], 'net_income');
  const priceToEarnings = netIncome !== null && netIncome > 0 ? marketCap / netIncome : null;
  if (priceToEarnings === null) notes.push('No positive net income, no P/E');
  const eps = knownValues(items, 'earnings_per_share');
  let epsGrowth: number | null = null;
  if (eps.length >= 2) {
    const newest = eps[0];
    const oldest = eps[eps.length - 1];
    const years = yearsBetween(newest.item, oldest.item, eps.length - 1);
    if (oldest.value > 0) epsGrowth = newest.value > 0 ? (newest.value / oldest.value) ** (1 / years) - 1 : (newest.value - oldest.value) / (oldest.value * years);
  }
  const peg = priceToEarnings !== null && epsGrowth !== null && epsGrowth > 0 ? priceToEarnings / (epsGrowth * 100) : null;
  if (priceToEarnings !== null) {
    if (priceToEarnings < 15) {
      raw += 2;
      notes.push(`Attractive P/E: ${priceToEarnings.toFixed(2)}`);
    } else if (priceToEarnings < 25) {
      raw += 1;
      notes.push(`Fair P/E: ${priceToEarnings.toFixed(2)}`);
    } else notes.push(`High P/E: ${priceToEarnings.toFixed(2)}`);
  }
  if (peg !== null) {
    if (peg < 1) {
      raw += 3;
      notes.push(`Excellent PEG ratio: ${peg.toFixed(2)}`);
    } else if (peg < 2) {
      raw += 2;
      notes.push(`Good PEG ratio: ${peg.toFixed(2)}`);
    } else if (peg < 3) {
      raw += 1;
      notes.push(`Fair PEG ratio: ${peg.toFixed(2)}`);
    } else notes.push(`Expensive PEG ratio: ${peg.toFixed(2)}`);
  } else notes.push('No PEG (needs a P/E and positive EPS growth)');
  return subScore((raw * 10) / 5, 10, notes, { raw_score: raw, price_to_earnings: priceToEarnings, annual_eps_growth: epsGrowth, peg_ratio: peg });
}

export function analyzePeterLynch(ticker: string, items: readonly LineItem[], trades: readonly InsiderTrade[], news: readonly CompanyNews[], marketCap: number | null): PersonaAnalysis {
  const growth = lynchGrowth(items);
  const fundamentals = lynchFundamentals(items);
  const valuation = lynchValuation(items, marketCap);
  const sentiment = headlineSentimentScore(news);
  const insider = insiderActivityScore(trades);
  const w = PETER_LYNCH_WEIGHTS;
  const score = w.growth * growth.score + w.valuation * valuation.score + w.fundamentals * fundamentals.score + w.sentiment * sentiment.score + w.insider * insider.score;
  const signal = thresholdSignal(score, PETER_LYNCH_BULLISH_AT, PETER_LYNCH_BEARISH_AT);
  const dataPoints: DataPoints = { line_items: items.length, insider_trades: trades.length, news: news.length, market_cap: marketCap === null ? 0 : 1 };
  return {
    ticker,
    score,
    max_score: 10,
    details: {
      signal,
      growth_analysis: growth,
      valuation_analysis: valuation,
      fundamentals_analysis: fundamentals,
      sentiment_analysis: sentiment,
      insider_activity: insider,
      market_cap: marketCap,
      data_points: dataPoints,
    },
    facts: factsOf({
      ticker,
      signal_hint: signal,
      score,
      max_score: 10,
      growth: briefOf(growth),
      valuation: briefOf(valuation),
      fundamentals: briefOf(fundamentals),
      sentiment: briefOf(sentiment),
      insider_activity: briefOf(insider),
      price_to_earnings: valuation.price_to_earnings,
      peg_ratio: valuation.peg_ratio,
      market_cap: marketCap,
    }),
  };
}

export const PETER_LYNCH_PROMPT = [
  'You are an investor who thinks like Peter Lynch.',
  'Invest in what you know: understandable businesses with steady earnings growth bought at a reasonable price, judged first',
  'by the PEG ratio (P/E divided by the growth rate; under 1 is attractive). Look for potential ten-baggers, prefer modest debt',
  'and real free cash flow, and watch for hype and overextended balance sheets. Mind the headlines and what insiders do.',
  'Speak plainly, with a practical, folksy tone, and cite the figures (growth, P/E, PEG).',
  'The facts include a coded signal hint; weigh it with the details.',
  answerFormat(null, 'Confidence is your confidence in the signal you give, from 0 to 100.'),
].join('\n');

export const peterLynch: Persona = {
  key: 'peter_lynch',
  systemPrompt: PETER_LYNCH_PROMPT,
  async analyze(input: PersonaInput): Promise<PersonaAnalysis> {
    const options = { signal: input.signal };
    const items = await input.data.searchLineItems(input.ticker, PETER_LYNCH_LINE_ITEMS, input.endDate, 'annual', 5, options);
    const marketCap = await input.data.getMarketCap(input.ticker, input.endDate, options);
    const trades = await input.data.getInsiderTrades(input.ticker, input.endDate, null, 50, options);
    const news = await input.data.getCompanyNews(input.ticker, input.endDate, null, 50, options);
    return analyzePeterLynch(input.ticker, items, trades, news, marketCap);
  },
  rules: (analysis) => bandRules(analysis, PETER_LYNCH_BULLISH_AT / 10, PETER_LYNCH_BEARISH_AT / 10),
};

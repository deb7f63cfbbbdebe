// Stanley Druckenmiller (personas.md §12): growth and price momentum, risk/reward, valuation multiples, headline
// sentiment and insider activity, each on 0-10, weighted .35/.20/.20/.15/.10; annual reports, prices over the
// run window.
import type { CompanyNews, InsiderTrade, LineItem, PriceBar } from '../../data/types';
import { populationStd, simpleReturns } from '../indicators';
import {
  answerFormat,
  bandRules,
  briefOf,
  cagrOf,
  type DataPoints,
  factsOf,
  headlineSentimentScore,
  insiderActivityScore,
  knownValues,
  lineItemNumber,
  type SubScore,
  subScore,
  thresholdSignal,
} from './helpers';
import type { Persona, PersonaAnalysis, PersonaInput } from './types';

export const STANLEY_DRUCKENMILLER_LINE_ITEMS = [
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
  'ebit',
  'ebitda',
] as const;

export const STANLEY_DRUCKENMILLER_WEIGHTS = { growth_momentum: 0.35, risk_reward: 0.2, valuation: 0.2, sentiment: 0.15, insider: 0.1 } as const;
export const STANLEY_DRUCKENMILLER_BULLISH_AT = 7.5;
export const STANLEY_DRUCKENMILLER_BEARISH_AT = 4.5;

function cagrPoints(rate: number): number {
  return rate > 0.08 ? 3 : rate > 0.04 ? 2 : rate > 0.01 ? 1 : 0;
}

/**
 * Revenue CAGR > 8 % 3 (> 4 % 2, > 1 % 1), the same for EPS; price change over the run window (more than 30
 * bars) > 50 % 3 (> 20 % 2, > 0 1). Raw 9 → 0-10.
 */
export function druckenmillerGrowthMomentum(items: readonly LineItem[], prices: readonly PriceBar[]): SubScore {
  if (items.length < 2) return subScore(0, 10, ['Insufficient financial data for growth analysis'], { raw_score: 0 });
  let raw = 0;
  const notes: string[] = [];
  const revenueGrowth = cagrOf(knownValues(items, 'revenue'));
  if (revenueGrowth !== null) {
    raw += cagrPoints(revenueGrowth);
    notes.push(`Revenue CAGR ${(revenueGrowth * 100).toFixed(1)}%`);
  } else notes.push('Revenue CAGR unavailable');
  const epsGrowth = cagrOf(knownValues(items, 'earnings_per_share'));
  if (epsGrowth !== null) {
    raw += cagrPoints(epsGrowth);
    notes.push(`EPS CAGR ${(epsGrowth * 100).toFixed(1)}%`);
  } else notes.push('EPS CAGR unavailable');
  let momentum: number | null = null;
  if (prices.length > 30) {
    const first = prices[0].close;
    const last = prices[prices.length - 1].close;
    if (first > 0) {
      momentum = (last - first) / first;
      raw += momentum > 0.5 ? 3 : momentum > 0.2 ? 2 : momentum > 0 ? 1 : 0;
      notes.push(`Price momentum ${(momentum * 100).toFixed(1)}%`);
    }
  } else notes.push('Not enough price data for momentum (needs more than 30 bars)');
  return subScore((raw * 10) / 9, 10, notes, { raw_score: raw, revenue_cagr: revenueGrowth, eps_cagr: epsGrowth, price_momentum: momentum });
}

/** D/E < 0.3 3 (< 0.7 2, < 1.5 1, positive equity only); σ of daily returns (more than 10 closes) < 1 % 3 (< 2 % 2, < 4 % 1). Raw 6 → 0-10. */
export function druckenmillerRiskReward(items: readonly LineItem[], prices: readonly PriceBar[]): SubScore {
  if (items.length === 0 || prices.length === 0) return subScore(0, 10, ['Insufficient data for risk-reward analysis'], { raw_score: 0 });
  let raw = 0;
  const notes: string[] = [];
  const debt = lineItemNumber(items[0], 'total_debt');
  const equity = lineItemNumber(items[0], 'shareholders_equity');
  let debtToEquity: number | null = null;
  if (debt !== null && equity !== null && equity > 0) {
    debtToEquity = debt / equity;
    raw += debtToEquity < 0.3 ? 3 : debtToEquity < 0.7 ? 2 : debtToEquity < 1.5 ? 1 : 0;
    notes.push(`Debt-to-equity ${debtToEquity.toFixed(2)}`);
  } else notes.push('No meaningful debt/equity (missing or non-positive equity)');
  let volatility: number | null = null;
  if (prices.length > 10) {
    volatility = populationStd(simpleReturns(prices.map((p) => p.close)));
    raw += volatility < 0.01 ? 3 : volatility < 0.02 ? 2 : volatility < 0.04 ? 1 : 0;
    notes.push(`Daily volatility ${(volatility * 100).toFixed(2)}%`);
  } else notes.push('Not enough price data for volatility');
  return subScore((raw * 10) / 6, 10, notes, { raw_score: raw, debt_to_equity: debtToEquity, daily_volatility: volatility });
}

/**
 * P/E < 15 2 (< 25 1); P/FCF < 15 2 (< 25 1); EV/EBIT < 15 2 (< 25 1); EV/EBITDA < 10 2 (< 18 1), with EV =
 * market cap + debt − cash and positive denominators. Raw 8 → 0-10.
 */
export function druckenmillerValuation(items: readonly LineItem[], marketCap: number | null): SubScore {
  const latest = items[0];
  if (latest === undefined || marketCap === null) return subScore(0, 10, ['Insufficient data to perform valuation'], { raw_score: 0 });
  let raw = 0;
  const notes: string[] = [];
  const enterpriseValue = marketCap + (lineItemNumber(latest, 'total_debt') ?? 0) - (lineItemNumber(latest, 'cash_and_equivalents') ?? 0);
  const ratio = (denominator: number | null, ev: boolean): number | null => {
    if (denominator === null || denominator <= 0) return null;
    if (ev && enterpriseValue <= 0) return null;
    return (ev ? enterpriseValue : marketCap) / denominator;
  };
  const pe = ratio(lineItemNumber(latest, 'net_income'), false);
  const pfcf = ratio(lineItemNumber(latest, 'free_cash_flow'), false);
  const evEbit = ratio(lineItemNumber(latest, 'ebit'), true);
  const evEbitda = ratio(lineItemNumber(latest, 'ebitda'), true);
  if (pe !== null) {
    raw += pe < 15 ? 2 : pe < 25 ? 1 : 0;
    notes.push(`P/E ${pe.toFixed(2)}`);
  } else notes.push('No positive net income for P/E');
  if (pfcf !== null) {
    raw += pfcf < 15 ? 2 : pfcf < 25 ? 1 : 0;
    notes.push(`P/FCF ${pfcf.toFixed(2)}`);
  } else notes.push('No positive free cash flow for P/FCF');
  if (evEbit !== null) {
    raw += evEbit < 15 ? 2 : evEbit < 25 ? 1 : 0;
    notes.push(`EV/EBIT ${evEbit.toFixed(2)}`);
  } else notes.push('No valid EV/EBIT');
  if (evEbitda !== null) {
    raw += evEbitda < 10 ? 2 : evEbitda < 18 ? 1 : 0;
    notes.push(`EV/EBITDA ${evEbitda.toFixed(2)}`);
  } else notes.push('No valid EV/EBITDA');
  return subScore((raw * 10) / 8, 10, notes, { raw_score: raw, price_to_earnings: pe, price_to_fcf: pfcf, ev_to_ebit: evEbit, ev_to_ebitda: evEbitda });
}

export function analyzeStanleyDruckenmiller(
  ticker: string,
  items: readonly LineItem[],
  prices: readonly PriceBar[],
  trades: readonly InsiderTrade[],
  news: readonly CompanyNews[],
  marketCap: number | null,
): PersonaAnalysis {
  const growth = druckenmillerGrowthMomentum(items, prices);
  const risk = druckenmillerRiskReward(items, prices);
  const valuation = druckenmillerValuation(items, marketCap);
  const sentiment = headlineSentimentScore(news);
  const insider = insiderActivityScore(trades);
  const w = STANLEY_DRUCKENMILLER_WEIGHTS;
  const score = w.growth_momentum * growth.score + w.risk_reward * risk.score + w.valuation * valuation.score + w.sentiment * sentiment.score + w.insider * insider.score;
  const signal = thresholdSignal(score, STANLEY_DRUCKENMILLER_BULLISH_AT, STANLEY_DRUCKENMILLER_BEARISH_AT);
  const dataPoints: DataPoints = { line_items: items.length, prices: prices.length, insider_trades: trades.length, news: news.length, market_cap: marketCap === null ? 0 : 1 };
  return {
    ticker,
    score,
    max_score: 10,
    details: {
      signal,
      growth_momentum_analysis: growth,
      risk_reward_analysis: risk,
      valuation_analysis: valuation,
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
      growth_momentum: briefOf(growth),
      risk_reward: briefOf(risk),
      valuation: briefOf(valuation),
      sentiment: briefOf(sentiment),
      insider_activity: briefOf(insider),
      market_cap: marketCap,
    }),
  };
}

export const STANLEY_DRUCKENMILLER_PROMPT = [
  'You are a macro-minded investor who thinks like Stanley Druckenmiller.',
  'Look for asymmetric risk/reward: strong growth and price momentum confirmed by the fundamentals, with limited downside',
  '(modest leverage, tolerable volatility). Pay up for real growth, but not for hope; cut losers fast and press winners.',
  'Weigh sentiment and insider activity as confirmation, not as the thesis. Be decisive and cite the figures',
  '(growth, momentum, leverage, volatility, multiples). The facts include a coded signal hint; weigh it with the details.',
  answerFormat(null, 'Confidence is your confidence in the signal you give, from 0 to 100.'),
].join('\n');

export const stanleyDruckenmiller: Persona = {
  key: 'stanley_druckenmiller',
  systemPrompt: STANLEY_DRUCKENMILLER_PROMPT,
  async analyze(input: PersonaInput): Promise<PersonaAnalysis> {
    const options = { signal: input.signal };
    const items = await input.data.searchLineItems(input.ticker, STANLEY_DRUCKENMILLER_LINE_ITEMS, input.endDate, 'annual', 5, options);
    const marketCap = await input.data.getMarketCap(input.ticker, input.endDate, options);
    const trades = await input.data.getInsiderTrades(input.ticker, input.endDate, null, 50, options);
    const news = await input.data.getCompanyNews(input.ticker, input.endDate, null, 50, options);
    const prices = await input.data.getPrices(input.ticker, input.startDate, input.endDate, options);
    return analyzeStanleyDruckenmiller(input.ticker, items, prices, trades, news, marketCap);
  },
  rules: (analysis) => bandRules(analysis, STANLEY_DRUCKENMILLER_BULLISH_AT / 10, STANLEY_DRUCKENMILLER_BEARISH_AT / 10),
};

// Michael Burry (personas.md §4): deep value (FCF yield, EV/EBIT), balance sheet, insider buying and a
// contrarian news check, over ttm reports and the last 365 days of trades and news.
import type { CompanyNews, FinancialMetrics, InsiderTrade, LineItem } from '../../data/types';
import {
  answerFormat,
  bandRules,
  briefOf,
  countWhere,
  type DataPoints,
  daysBefore,
  factsOf,
  insiderShareFlow,
  lineItemNumber,
  type SubScore,
  subScore,
  thresholdSignal,
} from './helpers';
import type { Persona, PersonaAnalysis, PersonaInput } from './types';

export const MICHAEL_BURRY_LINE_ITEMS = [
  'free_cash_flow',
  'net_income',
  'total_debt',
  'cash_and_equivalents',
  'total_assets',
  'total_liabilities',
  'outstanding_shares',
  'issuance_or_purchase_of_equity_shares',
  // for EV/EBIT, which the anchor read from a metrics field that does not exist
  'ebit',
] as const;

/** Value 6 + balance sheet 3 + insider 2 + contrarian 1. */
export const MICHAEL_BURRY_MAX_SCORE = 12;
export const MICHAEL_BURRY_BULLISH_SHARE = 0.7;
export const MICHAEL_BURRY_BEARISH_SHARE = 0.3;

/**
 * FCF yield (latest FCF / market cap) ≥ 15 % +4, ≥ 12 % +3, ≥ 8 % +2; EV/EBIT < 6 +2, < 10 +1 with
 * EV = market cap + debt − cash (missing debt or cash count as 0) and EBIT from the latest line items.
 */
export function burryValue(items: readonly LineItem[], marketCap: number | null): SubScore {
  const latest = items[0];
  if (latest === undefined || marketCap === null || marketCap <= 0) return subScore(0, 6, ['Insufficient data for value analysis']);
  let score = 0;
  const notes: string[] = [];
  const fcf = lineItemNumber(latest, 'free_cash_flow');
  let fcfYield: number | null = null;
  if (fcf !== null) {
    fcfYield = fcf / marketCap;
    if (fcfYield >= 0.15) {
      score += 4;
      notes.push(`Extraordinary FCF yield ${(fcfYield * 100).toFixed(1)}%`);
    } else if (fcfYield >= 0.12) {
      score += 3;
      notes.push(`Very high FCF yield ${(fcfYield * 100).toFixed(1)}%`);
    } else if (fcfYield >= 0.08) {
      score += 2;
      notes.push(`Respectable FCF yield ${(fcfYield * 100).toFixed(1)}%`);
    } else notes.push(`Low FCF yield ${(fcfYield * 100).toFixed(1)}%`);
  } else notes.push('FCF data unavailable');
  const ebit = lineItemNumber(latest, 'ebit');
  const enterpriseValue = marketCap + (lineItemNumber(latest, 'total_debt') ?? 0) - (lineItemNumber(latest, 'cash_and_equivalents') ?? 0);
  let evToEbit: number | null = null;
  if (ebit !== null && ebit > 0 && enterpriseValue > 0) {
    evToEbit = enterpriseValue / ebit;
    if (evToEbit < 6) {
      score += 2;
      notes.push(`EV/EBIT ${evToEbit.toFixed(1)} (<6)`);
    } else if (evToEbit < 10) {
      score += 1;
      notes.push(`EV/EBIT ${evToEbit.toFixed(1)} (<10)`);
    } else notes.push(`High EV/EBIT ${evToEbit.toFixed(1)}`);
  } else notes.push('EV/EBIT unavailable (EBIT or enterprise value not positive)');
  return subScore(score, 6, notes, { fcf_yield: fcfYield, enterprise_value: enterpriseValue, ev_to_ebit: evToEbit });
}

/** Latest metrics D/E < 0.5 +2, < 1 +1; cash above total debt +1. */
export function burryBalanceSheet(metrics: readonly FinancialMetrics[], items: readonly LineItem[]): SubScore {
  let score = 0;
  const notes: string[] = [];
  const debtToEquity = metrics[0]?.debt_to_equity ?? null;
  if (debtToEquity !== null && debtToEquity < 0.5) {
    score += 2;
    notes.push(`Low D/E ${debtToEquity.toFixed(2)}`);
  } else if (debtToEquity !== null && debtToEquity < 1) {
    score += 1;
    notes.push(`Moderate D/E ${debtToEquity.toFixed(2)}`);
  } else notes.push(debtToEquity === null ? 'Debt-to-equity data not available' : `High leverage D/E ${debtToEquity.toFixed(2)}`);
  const cash = lineItemNumber(items[0], 'cash_and_equivalents');
  const debt = lineItemNumber(items[0], 'total_debt');
  if (cash !== null && debt !== null) {
    if (cash > debt) {
      score += 1;
      notes.push('Net cash position');
    } else notes.push('Net debt position');
  } else notes.push('Cash/debt data not available');
  return subScore(score, 3, notes, { debt_to_equity: debtToEquity });
}

/** Net insider buying over the year: +2 when net shares bought exceed the shares sold, else +1. */
export function burryInsiderActivity(trades: readonly InsiderTrade[]): SubScore {
  if (trades.length === 0) return subScore(0, 2, ['No insider trade data']);
  const { bought, sold } = insiderShareFlow(trades);
  const net = bought - sold;
  let score = 0;
  const notes: string[] = [];
  if (net > 0) {
    score = net / Math.max(sold, 1) > 1 ? 2 : 1;
    notes.push(`Net insider buying of ${net} shares`);
  } else notes.push('Net insider selling');
  return subScore(score, 2, notes, { shares_bought: bought, shares_sold: sold });
}

/** Five or more negative articles over the year: a contrarian +1. */
export function burryContrarianSentiment(news: readonly CompanyNews[]): SubScore {
  if (news.length === 0) return subScore(0, 1, ['No recent news']);
  const negative = countWhere(news, (n) => ['negative', 'bearish'].includes((n.sentiment ?? '').toLowerCase()));
  if (negative >= 5) return subScore(1, 1, [`${negative} negative headlines (contrarian opportunity)`], { negative_articles: negative });
  return subScore(0, 1, ['Limited negative press'], { negative_articles: negative });
}

export function analyzeMichaelBurry(
  ticker: string,
  metrics: readonly FinancialMetrics[],
  items: readonly LineItem[],
  trades: readonly InsiderTrade[],
  news: readonly CompanyNews[],
  marketCap: number | null,
): PersonaAnalysis {
  const value = burryValue(items, marketCap);
  const balance = burryBalanceSheet(metrics, items);
  const insider = burryInsiderActivity(trades);
  const contrarian = burryContrarianSentiment(news);
  const score = value.score + balance.score + insider.score + contrarian.score;
  const signal = thresholdSignal(score, MICHAEL_BURRY_BULLISH_SHARE * MICHAEL_BURRY_MAX_SCORE, MICHAEL_BURRY_BEARISH_SHARE * MICHAEL_BURRY_MAX_SCORE);
  const dataPoints: DataPoints = {
    financial_metrics: metrics.length,
    line_items: items.length,
    insider_trades: trades.length,
    news: news.length,
    market_cap: marketCap === null ? 0 : 1,
  };
  return {
    ticker,
    score,
    max_score: MICHAEL_BURRY_MAX_SCORE,
    details: {
      signal,
      value_analysis: value,
      balance_sheet_analysis: balance,
      insider_analysis: insider,
      contrarian_analysis: contrarian,
      market_cap: marketCap,
      data_points: dataPoints,
    },
    facts: factsOf({
      ticker,
      signal_hint: signal,
      score,
      max_score: MICHAEL_BURRY_MAX_SCORE,
      value: briefOf(value),
      balance_sheet: briefOf(balance),
      insider_activity: briefOf(insider),
      contrarian_sentiment: briefOf(contrarian),
      fcf_yield: value.fcf_yield,
      ev_to_ebit: value.ev_to_ebit,
      market_cap: marketCap,
    }),
  };
}

export const MICHAEL_BURRY_PROMPT = [
  'You are a contrarian deep-value analyst who thinks like Michael Burry.',
  'You hunt for stocks that are cheap on hard numbers: high free-cash-flow yield, low EV/EBIT, a balance sheet that can survive',
  '(low leverage, net cash), insiders buying their own stock. Bad press around a sound balance sheet is an opportunity, not a',
  'reason to sell. You are skeptical of narratives and lead with the numbers. Be terse and data-driven.',
  'The facts include a coded signal hint from these tests; weigh it with the details.',
  answerFormat(null, 'Confidence is your confidence in the signal you give, from 0 to 100.'),
].join('\n');

export const michaelBurry: Persona = {
  key: 'michael_burry',
  systemPrompt: MICHAEL_BURRY_PROMPT,
  async analyze(input: PersonaInput): Promise<PersonaAnalysis> {
    const options = { signal: input.signal };
    const yearAgo = daysBefore(input.endDate, 365);
    const metrics = await input.data.getFinancialMetrics(input.ticker, input.endDate, 'ttm', 5, options);
    const items = await input.data.searchLineItems(input.ticker, MICHAEL_BURRY_LINE_ITEMS, input.endDate, 'ttm', 10, options);
    const trades = await input.data.getInsiderTrades(input.ticker, input.endDate, yearAgo, 1000, options);
    const news = await input.data.getCompanyNews(input.ticker, input.endDate, yearAgo, 250, options);
    const marketCap = await input.data.getMarketCap(input.ticker, input.endDate, options);
    return analyzeMichaelBurry(input.ticker, metrics, items, trades, news, marketCap);
  },
  rules: (analysis) => bandRules(analysis, MICHAEL_BURRY_BULLISH_SHARE, MICHAEL_BURRY_BEARISH_SHARE),
};

// Phil Fisher (personas.md §8): growth and R&D, margin quality and stability, management efficiency, valuation,
// insider activity and headline sentiment, each on 0-10, weighted .30/.25/.20/.15/.05/.05; annual reports.
import type { CompanyNews, InsiderTrade, LineItem } from '../../data/types';
import { populationStd } from '../indicators';
import {
  answerFormat,
  bandRules,
  briefOf,
  cagrOf,
  countWhere,
  type DataPoints,
  factsOf,
  headlineSentimentScore,
  insiderActivityScore,
  knownValues,
  lineItemNumber,
  type SubScore,
  subScore,
  thresholdSignal,
  values,
} from './helpers';
import type { Persona, PersonaAnalysis, PersonaInput } from './types';

export const PHIL_FISHER_LINE_ITEMS = [
  'revenue',
  'net_income',
  'earnings_per_share',
  'free_cash_flow',
  'research_and_development',
  'operating_income',
  'operating_margin',
  'gross_margin',
  'total_debt',
  'shareholders_equity',
  'cash_and_equivalents',
  'ebit',
  'ebitda',
] as const;

export const PHIL_FISHER_WEIGHTS = { growth: 0.3, margins: 0.25, management: 0.2, valuation: 0.15, insider: 0.05, sentiment: 0.05 } as const;
export const PHIL_FISHER_BULLISH_AT = 7.5;
export const PHIL_FISHER_BEARISH_AT = 4.5;

function cagrPoints(rate: number): number {
  return rate > 0.2 ? 3 : rate > 0.1 ? 2 : rate > 0.03 ? 1 : 0;
}

/** Revenue CAGR > 20 % 3 (> 10 % 2, > 3 % 1), the same for EPS; R&D/revenue 3-15 % 3 (> 15 % 2, > 0 1); raw 9 → 0-10. */
export function fisherGrowthQuality(items: readonly LineItem[]): SubScore {
  if (items.length < 2) return subScore(0, 10, ['Insufficient financial data for growth/quality analysis']);
  let raw = 0;
  const notes: string[] = [];
  const revenueGrowth = cagrOf(knownValues(items, 'revenue'));
  if (revenueGrowth !== null) {
    raw += cagrPoints(revenueGrowth);
    notes.push(`Revenue CAGR: ${(revenueGrowth * 100).toFixed(1)}%`);
  } else notes.push('Revenue CAGR unavailable (needs two positive revenues)');
  const epsGrowth = cagrOf(knownValues(items, 'earnings_per_share'));
  if (epsGrowth !== null) {
    raw += cagrPoints(epsGrowth);
    notes.push(`EPS CAGR: ${(epsGrowth * 100).toFixed(1)}%`);
  } else notes.push('EPS CAGR unavailable (needs two positive EPS values)');
  const research = lineItemNumber(items[0], 'research_and_development');
  const revenue = lineItemNumber(items[0], 'revenue');
  let researchRatio: number | null = null;
  if (research !== null && revenue !== null && revenue > 0) {
    researchRatio = research / revenue;
    if (researchRatio >= 0.03 && researchRatio <= 0.15) {
      raw += 3;
      notes.push(`R&D ratio ${(researchRatio * 100).toFixed(1)}% indicates significant reinvestment in future growth`);
    } else if (researchRatio > 0.15) {
      raw += 2;
      notes.push(`R&D ratio ${(researchRatio * 100).toFixed(1)}% is very high (could be good if well-managed)`);
    } else if (researchRatio > 0) {
      raw += 1;
      notes.push(`R&D ratio ${(researchRatio * 100).toFixed(1)}% is somewhat low but still positive`);
    } else notes.push('No meaningful R&D expense ratio');
  } else notes.push('Insufficient R&D data');
  return subScore((raw * 10) / 9, 10, notes, { raw_score: raw, revenue_cagr: revenueGrowth, eps_cagr: epsGrowth, research_ratio: researchRatio });
}

/** Operating margin ≥ the oldest and > 0 2 (> 0 1); gross margin > 50 % 2 (> 30 % 1); margin σ < 2 % 2 (< 5 % 1); raw 6 → 0-10. */
export function fisherMarginsStability(items: readonly LineItem[]): SubScore {
  if (items.length < 2) return subScore(0, 10, ['Insufficient data for margin stability analysis']);
  let raw = 0;
  const notes: string[] = [];
  const margins = values(knownValues(items, 'operating_margin'));
  if (margins.length >= 2) {
    const newest = margins[0];
    const oldest = margins[margins.length - 1];
    if (newest >= oldest && oldest > 0) {
      raw += 2;
      notes.push(`Operating margin stable or improving (${(oldest * 100).toFixed(1)}% → ${(newest * 100).toFixed(1)}%)`);
    } else if (newest > 0) {
      raw += 1;
      notes.push('Operating margin positive but slightly declined');
    } else notes.push('Operating margin negative or severely declined');
  } else notes.push('Not enough operating margin data points');
  const gross = lineItemNumber(items[0], 'gross_margin');
  if (gross !== null) {
    if (gross > 0.5) {
      raw += 2;
      notes.push(`Strong gross margin: ${(gross * 100).toFixed(1)}%`);
    } else if (gross > 0.3) {
      raw += 1;
      notes.push(`Moderate gross margin: ${(gross * 100).toFixed(1)}%`);
    } else notes.push(`Low gross margin: ${(gross * 100).toFixed(1)}%`);
  } else notes.push('No gross margin data available');
  let deviation: number | null = null;
  if (margins.length >= 3) {
    deviation = populationStd(margins);
    if (deviation < 0.02) {
      raw += 2;
      notes.push('Operating margin extremely stable over multiple years');
    } else if (deviation < 0.05) {
      raw += 1;
      notes.push('Operating margin reasonably stable');
    } else notes.push('Operating margin volatility is high');
  } else notes.push('Not enough margin data points for volatility check');
  return subScore((raw * 10) / 6, 10, notes, { raw_score: raw, margin_std: deviation });
}

/** ROE > 20 % 3 (> 10 % 2, > 0 1); D/E < 0.3 2 (< 1 1), positive equity only; FCF positive in > 80 % of ≥ 2 years 1; raw 6 → 0-10. */
export function fisherManagementEfficiency(items: readonly LineItem[]): SubScore {
  const latest = items[0];
  if (latest === undefined) return subScore(0, 10, ['No financial data for management efficiency analysis']);
  let raw = 0;
  const notes: string[] = [];
  const netIncome = lineItemNumber(latest, 'net_income');
  const equity = lineItemNumber(latest, 'shareholders_equity');
  const debt = lineItemNumber(latest, 'total_debt');
  let roe: number | null = null;
  if (netIncome !== null && equity !== null && equity > 0 && netIncome > 0) {
    roe = netIncome / equity;
    if (roe > 0.2) {
      raw += 3;
      notes.push(`High ROE: ${(roe * 100).toFixed(1)}%`);
    } else if (roe > 0.1) {
      raw += 2;
      notes.push(`Moderate ROE: ${(roe * 100).toFixed(1)}%`);
    } else {
      raw += 1;
      notes.push(`Positive but low ROE: ${(roe * 100).toFixed(1)}%`);
    }
  } else notes.push('ROE not meaningful (no profit or no positive equity)');
  let debtToEquity: number | null = null;
  if (debt !== null && equity !== null && equity > 0) {
    debtToEquity = debt / equity;
    if (debtToEquity < 0.3) {
      raw += 2;
      notes.push(`Low debt-to-equity: ${debtToEquity.toFixed(2)}`);
    } else if (debtToEquity < 1.0) {
      raw += 1;
      notes.push(`Manageable debt-to-equity: ${debtToEquity.toFixed(2)}`);
    } else notes.push(`High debt-to-equity: ${debtToEquity.toFixed(2)}`);
  } else notes.push('Debt-to-equity not meaningful');
  const cashFlows = values(knownValues(items, 'free_cash_flow'));
  if (cashFlows.length >= 2) {
    const share = countWhere(cashFlows, (f) => f > 0) / cashFlows.length;
    if (share > 0.8) {
      raw += 1;
      notes.push('Majority of periods have positive FCF');
    } else notes.push('Free cash flow is inconsistent or often negative');
  } else notes.push('Insufficient FCF data');
  return subScore((raw * 10) / 6, 10, notes, { raw_score: raw, return_on_equity: roe, debt_to_equity: debtToEquity });
}

/** P/E (market cap / net income) < 20 2 (< 30 1); P/FCF < 20 2 (< 30 1); raw 4 → 0-10. */
export function fisherValuation(items: readonly LineItem[], marketCap: number | null): SubScore {
  if (items.length === 0 || marketCap === null) return subScore(0, 10, ['Insufficient data to perform valuation']);
  let raw = 0;
  const notes: string[] = [];
  const netIncome = lineItemNumber(items[0], 'net_income');
  const fcf = lineItemNumber(items[0], 'free_cash_flow');
  const pe = netIncome !== null && netIncome > 0 ? marketCap / netIncome : null;
  const pfcf = fcf !== null && fcf > 0 ? marketCap / fcf : null;
  if (pe !== null) {
    raw += pe < 20 ? 2 : pe < 30 ? 1 : 0;
    notes.push(`P/E ${pe.toFixed(2)}`);
  } else notes.push('No positive net income for P/E calculation');
  if (pfcf !== null) {
    raw += pfcf < 20 ? 2 : pfcf < 30 ? 1 : 0;
    notes.push(`P/FCF ${pfcf.toFixed(2)}`);
  } else notes.push('No positive free cash flow for P/FCF calculation');
  return subScore((raw * 10) / 4, 10, notes, { raw_score: raw, price_to_earnings: pe, price_to_fcf: pfcf });
}

export function analyzePhilFisher(ticker: string, items: readonly LineItem[], trades: readonly InsiderTrade[], news: readonly CompanyNews[], marketCap: number | null): PersonaAnalysis {
  const growth = fisherGrowthQuality(items);
  const margins = fisherMarginsStability(items);
  const management = fisherManagementEfficiency(items);
  const valuation = fisherValuation(items, marketCap);
  const insider = insiderActivityScore(trades);
  const sentiment = headlineSentimentScore(news);
  const w = PHIL_FISHER_WEIGHTS;
  const score =
    w.growth * growth.score + w.margins * margins.score + w.management * management.score + w.valuation * valuation.score + w.insider * insider.score + w.sentiment * sentiment.score;
  const signal = thresholdSignal(score, PHIL_FISHER_BULLISH_AT, PHIL_FISHER_BEARISH_AT);
  const dataPoints: DataPoints = { line_items: items.length, insider_trades: trades.length, news: news.length, market_cap: marketCap === null ? 0 : 1 };
  return {
    ticker,
    score,
    max_score: 10,
    details: {
      signal,
      growth_quality: growth,
      margins_stability: margins,
      management_efficiency: management,
      valuation_analysis: valuation,
      insider_activity: insider,
      sentiment_analysis: sentiment,
      market_cap: marketCap,
      data_points: dataPoints,
    },
    facts: factsOf({
      ticker,
      signal_hint: signal,
      score,
      max_score: 10,
      growth_quality: briefOf(growth),
      margins_stability: briefOf(margins),
      management_efficiency: briefOf(management),
      valuation: briefOf(valuation),
      insider_activity: briefOf(insider),
      sentiment: briefOf(sentiment),
      market_cap: marketCap,
    }),
  };
}

export const PHIL_FISHER_PROMPT = [
  'You are a growth investor who thinks like Phil Fisher.',
  'You buy outstanding companies for the long term: sales and earnings that can grow for years, research and development that',
  'feeds future products, high and stable profit margins, capable management that earns a high return on equity with little',
  'debt and consistent free cash flow. You will pay up for quality, but not any price. Your scuttlebutt: what insiders do and',
  'what the news says. Reason thoroughly and cite the figures. The facts include a coded signal hint; weigh it with the details.',
  answerFormat(null, 'Confidence is your confidence in the signal you give, from 0 to 100.'),
].join('\n');

export const philFisher: Persona = {
  key: 'phil_fisher',
  systemPrompt: PHIL_FISHER_PROMPT,
  async analyze(input: PersonaInput): Promise<PersonaAnalysis> {
    const options = { signal: input.signal };
    const items = await input.data.searchLineItems(input.ticker, PHIL_FISHER_LINE_ITEMS, input.endDate, 'annual', 5, options);
    const marketCap = await input.data.getMarketCap(input.ticker, input.endDate, options);
    const trades = await input.data.getInsiderTrades(input.ticker, input.endDate, null, 50, options);
    const news = await input.data.getCompanyNews(input.ticker, input.endDate, null, 50, options);
    return analyzePhilFisher(input.ticker, items, trades, news, marketCap);
  },
  rules: (analysis) => bandRules(analysis, PHIL_FISHER_BULLISH_AT / 10, PHIL_FISHER_BEARISH_AT / 10),
};

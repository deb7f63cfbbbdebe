// Valuation analyst (anchor §4): four intrinsic-value estimates compared with the market cap —
// a WACC-discounted bear/base/bull DCF (weight .35), owner earnings (.35), EV/EBITDA (.20) and residual income
// (.10). Weighted gap > +15 % bullish, < −15 % bearish; confidence min(|gap|/0.30, 1).
import type { FinancialMetrics, LineItem } from '../data/types';
import { analyzeTickers, finiteOrNull, lineItemNumber, neutralSignal, rememberPerInput, toConfidence } from './analyst-runner';
import { mean, median, sampleStd } from './indicators';
import type { AgentSignal, AnalystFunction, SignalDirection } from './types';

export const VALUATION_LINE_ITEMS = [
  'free_cash_flow',
  'net_income',
  'depreciation_and_amortization',
  'capital_expenditure',
  'working_capital',
  'total_debt',
  'cash_and_equivalents',
] as const;

export const VALUATION_WEIGHTS = { dcf: 0.35, owner_earnings: 0.35, ev_ebitda: 0.2, residual_income: 0.1 } as const;
type Method = keyof typeof VALUATION_WEIGHTS;

/** Owner earnings (NI + D&A − |capex| − ΔWC) grown 5 years at `growth`, required return 15 %, 25 % margin of safety. */
export function ownerEarningsValue(netIncome: number | null, depreciation: number | null, capex: number | null, wcChange: number | null, growth: number): number {
  if (netIncome === null || depreciation === null || capex === null || wcChange === null) return 0;
  const ownerEarnings = netIncome + depreciation - Math.abs(capex) - wcChange;
  if (ownerEarnings <= 0) return 0;
  const required = 0.15;
  let pv = 0;
  for (let year = 1; year <= 5; year += 1) pv += (ownerEarnings * (1 + growth) ** year) / (1 + required) ** year;
  const terminalGrowth = Math.min(growth, 0.03);
  const terminal = (ownerEarnings * (1 + growth) ** 5 * (1 + terminalGrowth)) / (required - terminalGrowth);
  pv += terminal / (1 + required) ** 5;
  return pv * 0.75;
}

/** CAPM cost of equity (4.5 % + 1.0 × 6 %) and a coverage-implied cost of debt, weighted on net debt; 6-20 %. */
export function weightedCostOfCapital(marketCap: number, totalDebt: number | null, cash: number | null, interestCoverage: number | null): number {
  const riskFree = 0.045;
  const costOfEquity = riskFree + 0.06;
  const costOfDebt = interestCoverage !== null && interestCoverage > 0 ? Math.max(riskFree + 0.01, riskFree + 10 / interestCoverage) : riskFree + 0.05;
  const netDebt = Math.max((totalDebt ?? 0) - (cash ?? 0), 0);
  const total = marketCap + netDebt;
  const wacc = total > 0 ? (marketCap / total) * costOfEquity + (netDebt / total) * costOfDebt * 0.75 : costOfEquity;
  return Math.min(Math.max(wacc, 0.06), 0.2);
}

function fcfVolatility(history: readonly number[]): number {
  if (history.length < 3) return 0.5;
  const positive = history.filter((f) => f > 0);
  if (positive.length < 2) return 0.8;
  return Math.min(sampleStd(positive) / mean(positive), 1);
}

/** Three years of high growth, four of fading transition, then a terminal value; FCF history oldest → newest. */
export function stagedDcfValue(history: readonly number[], wacc: number, marketCap: number, revenueGrowth: number): number {
  const current = history[history.length - 1];
  if (history.length === 0 || !(current > 0)) return 0;
  const recent = history.slice(-3);
  const base = Math.max(current, mean(recent) * 0.85);
  let high = Math.min(revenueGrowth, 0.25);
  if (marketCap > 50e9) high = Math.min(high, 0.1);
  const transition = (high + 0.03) / 2;
  let terminalGrowth = Math.min(0.03, high * 0.6);
  let pv = 0;
  for (let year = 1; year <= 3; year += 1) pv += (base * (1 + high) ** year) / (1 + wacc) ** year;
  for (let year = 4; year <= 7; year += 1) {
    const rate = (transition * (8 - year)) / 4;
    pv += (base * (1 + high) ** 3 * (1 + rate) ** (year - 3)) / (1 + wacc) ** year;
  }
  const finalFcf = base * (1 + high) ** 3 * (1 + transition) ** 4;
  if (wacc <= terminalGrowth) terminalGrowth = wacc * 0.8;
  pv += (finalFcf * (1 + terminalGrowth)) / (wacc - terminalGrowth) / (1 + wacc) ** 7;
  return pv * Math.max(0.7, 1 - fcfVolatility(history) * 0.5);
}

/** Bear (growth ×0.5, WACC ×1.2), base, bull (×1.5, ×0.9) weighted 0.2/0.6/0.2. */
export function dcfScenarios(history: readonly number[], wacc: number, marketCap: number, revenueGrowth: number | null): { expected: number; bear: number; base: number; bull: number } {
  const growth = revenueGrowth || 0.05;
  const bear = stagedDcfValue(history, wacc * 1.2, marketCap, growth * 0.5);
  const base = stagedDcfValue(history, wacc, marketCap, growth);
  const bull = stagedDcfValue(history, wacc * 0.9, marketCap, growth * 1.5);
  return { expected: bear * 0.2 + base * 0.6 + bull * 0.2, bear, base, bull };
}

/** Current EBITDA (EV / multiple) at the median historical multiple, less net debt. Metrics newest first. */
export function evEbitdaValue(metrics: readonly FinancialMetrics[]): number {
  const latest = metrics[0];
  const ratios = metrics.map((m) => m.enterprise_value_to_ebitda_ratio).filter((r): r is number => r !== null && r !== 0 && Number.isFinite(r));
  if (!latest?.enterprise_value || !latest.enterprise_value_to_ebitda_ratio) return 0;
  const ebitda = latest.enterprise_value / latest.enterprise_value_to_ebitda_ratio;
  const netDebt = latest.enterprise_value - (latest.market_cap ?? 0);
  return Math.max(median(ratios) * ebitda - netDebt, 0);
}

/** Edwards-Bell-Ohlson: book value + discounted residual income (cost of equity 10 %), 20 % haircut. */
export function residualIncomeValue(marketCap: number | null, netIncome: number | null, priceToBook: number | null, bookValueGrowth: number): number {
  if (!marketCap || !netIncome || !priceToBook || priceToBook <= 0) return 0;
  const costOfEquity = 0.1;
  const book = marketCap / priceToBook;
  const ri0 = netIncome - costOfEquity * book;
  if (ri0 <= 0) return 0;
  let pv = 0;
  for (let year = 1; year <= 5; year += 1) pv += (ri0 * (1 + bookValueGrowth) ** year) / (1 + costOfEquity) ** year;
  const terminal = (ri0 * (1 + bookValueGrowth) ** 6) / (costOfEquity - 0.03);
  pv += terminal / (1 + costOfEquity) ** 5;
  return (book + pv) * 0.8;
}

/** Metrics and line items newest first; needs two line-item periods and a market cap. */
export function analyzeValuation(metrics: readonly FinancialMetrics[], lineItems: readonly LineItem[], marketCap: number | null): AgentSignal {
  if (metrics.length === 0) return neutralSignal('No financial metrics');
  if (lineItems.length < 2) return neutralSignal('Insufficient financial line items (need 2 periods)');
  if (!marketCap || marketCap <= 0) return neutralSignal('Market cap unavailable');
  const latest = metrics[0];
  const [current, previous] = lineItems;
  const wcNow = lineItemNumber(current, 'working_capital');
  const wcBefore = lineItemNumber(previous, 'working_capital');
  const fcfHistory = [...lineItems]
    .reverse()
    .map((item) => lineItemNumber(item, 'free_cash_flow'))
    .filter((v): v is number => v !== null);
  const wacc = weightedCostOfCapital(marketCap, lineItemNumber(current, 'total_debt'), lineItemNumber(current, 'cash_and_equivalents'), latest.interest_coverage);
  const dcf = fcfHistory.length > 0 ? dcfScenarios(fcfHistory, wacc, marketCap, latest.revenue_growth) : { expected: 0, bear: 0, base: 0, bull: 0 };
  const values: Record<Method, number> = {
    dcf: dcf.expected,
    owner_earnings: ownerEarningsValue(
      lineItemNumber(current, 'net_income'),
      lineItemNumber(current, 'depreciation_and_amortization'),
      lineItemNumber(current, 'capital_expenditure'),
      wcNow !== null && wcBefore !== null ? wcNow - wcBefore : null,
      latest.earnings_growth || 0.05,
    ),
    ev_ebitda: evEbitdaValue(metrics),
    residual_income: residualIncomeValue(marketCap, lineItemNumber(current, 'net_income'), latest.price_to_book_ratio, latest.book_value_growth || 0.03),
  };
  const methods = (Object.keys(VALUATION_WEIGHTS) as Method[]).filter((m) => values[m] > 0);
  if (methods.length === 0) return neutralSignal('Every valuation method gave no value');
  const totalWeight = methods.reduce((sum, m) => sum + VALUATION_WEIGHTS[m], 0);
  const gapOf = (m: Method): number => (values[m] - marketCap) / marketCap;
  const weightedGap = methods.reduce((sum, m) => sum + VALUATION_WEIGHTS[m] * gapOf(m), 0) / totalWeight;
  const direction = (gap: number): SignalDirection => (gap > 0.15 ? 'bullish' : gap < -0.15 ? 'bearish' : 'neutral');
  const reasoning: Record<string, unknown> = { market_cap: marketCap, weighted_gap: weightedGap, wacc };
  for (const m of methods) {
    reasoning[`${m}_analysis`] = { signal: direction(gapOf(m)), value: finiteOrNull(values[m]), gap: finiteOrNull(gapOf(m)), weight: VALUATION_WEIGHTS[m] };
  }
  reasoning.dcf_scenarios = { bear: dcf.bear, base: dcf.base, bull: dcf.bull };
  return { signal: direction(weightedGap), confidence: toConfidence(Math.min(Math.abs(weightedGap) / 0.3, 1)), reasoning };
}

/** Reports, line items and the market cap change once a quarter: each quarter is valued once. */
const rememberedValuation = rememberPerInput(analyzeValuation);

export const valuationAnalyst: AnalystFunction = (ctx, agentId) =>
  analyzeTickers(ctx, agentId, async (ticker, status) => {
    status('Fetching financial data');
    const metrics = await ctx.data.getFinancialMetrics(ticker, ctx.endDate, 'ttm', 8, { signal: ctx.signal });
    status('Gathering line items');
    const lineItems = await ctx.data.searchLineItems(ticker, VALUATION_LINE_ITEMS, ctx.endDate, 'ttm', 8, { signal: ctx.signal });
    const marketCap = await ctx.data.getMarketCap(ticker, ctx.endDate, { signal: ctx.signal });
    return rememberedValuation(metrics, lineItems, marketCap);
  });

import { civilFromDays, daysFromCivil, formatIsoDay } from '../civil-days';
import { type DailySeries, indexAtOrBefore, SYNTHETIC_ORIGIN_DAY } from './daily';
import { rngFor } from './rng';
import type { FinancialMetrics, LineItem, ReportPeriod } from '../data/types';

const TAX_RATE = 0.21;
const TRADING_DAYS_PER_YEAR = 252;

/** Per-company constants of the fundamentals model, drawn once from (ticker, seed). */
interface CompanyProfile {
  readonly referenceMarketCap: number;
  readonly priceToSales: number;
  readonly grossMargin: number;
  readonly operatingMargin: number;
  readonly rdRatio: number;
  readonly capexRatio: number;
  readonly assetsToSales: number;
  readonly equityRatio: number;
  readonly currentRatio: number;
  readonly payoutRatio: number;
  readonly annualBuyback: number;
  /** Cyclical companies (about 3 in 10) lose up to this much operating margin at the trough of their cycle; 0 otherwise. */
  readonly cycleDepth: number;
  readonly cycleYears: number;
  readonly cyclePhase: number;
}

function companyProfile(ticker: string, seed: number): CompanyProfile {
  const rng = rngFor('company', ticker, seed);
  const grossMargin = rng.between(0.25, 0.75);
  const operatingMargin = grossMargin * rng.between(0.25, 0.6);
  // Price/sales follows from a target P/E (10-40) and the margin, so earnings multiples stay plausible.
  const targetPriceToEarnings = Math.exp(rng.between(Math.log(10), Math.log(40)));
  return {
    referenceMarketCap: Math.exp(rng.between(Math.log(2e9), Math.log(1.5e12))),
    priceToSales: targetPriceToEarnings * operatingMargin * 0.75,
    grossMargin,
    operatingMargin,
    rdRatio: rng.between(0, 0.15),
    capexRatio: rng.between(0.03, 0.08),
    assetsToSales: rng.between(0.8, 2.5),
    equityRatio: rng.between(0.3, 0.7),
    currentRatio: rng.between(1, 2.5),
    payoutRatio: rng.next() < 0.4 ? 0 : rng.between(0.1, 0.45),
    annualBuyback: rng.between(0, 0.02),
    // drawn last, so the constants above keep the values they had before cycles existed
    cycleDepth: rng.next() < 0.3 ? rng.between(0.08, 0.3) : 0,
    cycleYears: rng.between(4, 10),
    cyclePhase: rng.between(0, 2 * Math.PI),
  };
}

/** One fiscal quarter (calendar quarters; fiscal year = calendar year): flows for the quarter, stocks at its end. */
export interface QuarterRecord {
  readonly endDay: number;
  readonly price: number;
  readonly shares: number;
  readonly revenue: number;
  readonly costOfRevenue: number;
  readonly grossProfit: number;
  readonly researchAndDevelopment: number;
  readonly operatingExpense: number;
  readonly operatingIncome: number;
  readonly interestExpense: number;
  readonly netIncome: number;
  readonly depreciation: number;
  readonly capitalExpenditure: number;
  readonly operatingCashFlow: number;
  readonly freeCashFlow: number;
  readonly dividends: number;
  readonly shareRepurchase: number;
  readonly totalAssets: number;
  readonly totalLiabilities: number;
  readonly equity: number;
  readonly currentAssets: number;
  readonly currentLiabilities: number;
  readonly cash: number;
  readonly totalDebt: number;
  readonly inventory: number;
  readonly receivables: number;
  readonly goodwill: number;
}

function quarterEnd(year: number, quarter: number): number {
  return quarter === 3 ? daysFromCivil(year, 12, 31) : daysFromCivil(year, quarter * 3 + 4, 1) - 1;
}

/**
 * Quarters from 1985 through the last quarter ending on or before `throughDay`. Revenue follows the
 * price trend (so valuation multiples stay plausible and move with the price), with persistent noise;
 * margins wobble around the company's levels, and cyclical companies' operating margins sink by up to
 * their cycle depth (into losses for thin-margin ones) at each trough; the balance sheet scales with
 * trailing revenue.
 */
export function generateQuarters(ticker: string, seed: number, series: DailySeries, throughDay: number): QuarterRecord[] {
  const profile = companyProfile(ticker, seed);
  const rng = rngFor('quarters', ticker, seed);
  const { referencePrice, annualDrift } = series.profile;
  const referenceDay = daysFromCivil(2020, 1, 2);
  const referenceShares = profile.referenceMarketCap / referencePrice;
  const quarters: QuarterRecord[] = [];
  let noise = 0;
  let shares = referenceShares * Math.exp(profile.annualBuyback * ((referenceDay - SYNTHETIC_ORIGIN_DAY) / 365.25));
  const origin = civilFromDays(SYNTHETIC_ORIGIN_DAY).year;
  for (let year = origin; ; year += 1) {
    for (let q = 0; q < 4; q += 1) {
      const endDay = quarterEnd(year, q);
      if (endDay > throughDay) return quarters;
      const index = indexAtOrBefore(series.days, endDay);
      if (index < 0) continue;
      const price = series.close[index];
      const trendPrice = referencePrice * Math.exp((annualDrift / TRADING_DAYS_PER_YEAR) * (((endDay - referenceDay) * 5) / 7));
      const previousShares = shares;
      shares *= Math.exp(-profile.annualBuyback / 4);
      noise = 0.7 * noise + 0.05 * rng.normal();
      const seasonal = 1 + 0.03 * Math.sin((q * Math.PI) / 2);
      const revenue = ((shares * trendPrice) / profile.priceToSales / 4) * seasonal * Math.exp(noise);
      const grossMargin = profile.grossMargin + 0.015 * rng.normal();
      const cycle = (1 - Math.cos((2 * Math.PI * (endDay - referenceDay)) / (365.25 * profile.cycleYears) + profile.cyclePhase)) / 2;
      const operatingMargin = profile.operatingMargin + 0.02 * rng.normal() - profile.cycleDepth * cycle;
      const grossProfit = revenue * grossMargin;
      const operatingIncome = revenue * operatingMargin;
      const totalAssets = revenue * 4 * profile.assetsToSales;
      const equity = totalAssets * profile.equityRatio;
      const totalLiabilities = totalAssets - equity;
      const totalDebt = totalLiabilities * 0.5;
      const interestExpense = (totalDebt * 0.045) / 4;
      const netIncome = (operatingIncome - interestExpense) * (operatingIncome - interestExpense > 0 ? 1 - TAX_RATE : 1);
      const depreciation = revenue * 0.04;
      const capitalExpenditure = -revenue * profile.capexRatio * Math.exp(0.1 * rng.normal());
      const operatingCashFlow = netIncome + depreciation + revenue * 0.02 * rng.normal();
      const currentAssets = totalAssets * 0.35;
      quarters.push({
        endDay,
        price,
        shares,
        revenue,
        costOfRevenue: revenue - grossProfit,
        grossProfit,
        researchAndDevelopment: revenue * profile.rdRatio,
        operatingExpense: grossProfit - operatingIncome,
        operatingIncome,
        interestExpense,
        netIncome,
        depreciation,
        capitalExpenditure,
        operatingCashFlow,
        freeCashFlow: operatingCashFlow + capitalExpenditure,
        dividends: netIncome > 0 ? -netIncome * profile.payoutRatio : 0,
        shareRepurchase: -(previousShares - shares) * price,
        totalAssets,
        totalLiabilities,
        equity,
        currentAssets,
        currentLiabilities: currentAssets / profile.currentRatio,
        cash: totalAssets * 0.12,
        totalDebt,
        inventory: currentAssets * 0.3,
        receivables: currentAssets * 0.35,
        goodwill: totalAssets * 0.1,
      });
    }
  }
}

const FLOW_FIELDS = [
  'revenue',
  'costOfRevenue',
  'grossProfit',
  'researchAndDevelopment',
  'operatingExpense',
  'operatingIncome',
  'interestExpense',
  'netIncome',
  'depreciation',
  'capitalExpenditure',
  'operatingCashFlow',
  'freeCashFlow',
  'dividends',
  'shareRepurchase',
] as const;

/** A reported period: flows summed over the period (1 quarter, or 4 for ttm and annual), stocks at its end. */
export interface PeriodRecord extends QuarterRecord {
  readonly period: ReportPeriod;
  /** Multiplier that annualises the flows (4 for a quarter). */
  readonly annualise: number;
}

/** The reported periods of a kind ending on or before the last quarter, newest first. */
export function periodRecords(quarters: readonly QuarterRecord[], period: ReportPeriod): PeriodRecord[] {
  const out: PeriodRecord[] = [];
  for (let i = quarters.length - 1; i >= 0; i -= 1) {
    const quarter = quarters[i];
    if (period === 'quarterly') {
      out.push({ ...quarter, period, annualise: 4 });
      continue;
    }
    if (i < 3) break;
    if (period === 'annual' && civilFromDays(quarter.endDay).month !== 12) continue;
    const summed: Record<string, number> = {};
    for (const field of FLOW_FIELDS) summed[field] = quarters[i][field] + quarters[i - 1][field] + quarters[i - 2][field] + quarters[i - 3][field];
    out.push({ ...quarter, ...summed, period, annualise: 1 });
  }
  return out;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 || !Number.isFinite(numerator / denominator) ? null : numerator / denominator;
}

function growth(current: number, previous: number | undefined): number | null {
  return previous === undefined || previous <= 0 ? null : current / previous - 1;
}

export function financialMetricsOf(ticker: string, record: PeriodRecord, previous: PeriodRecord | undefined): FinancialMetrics {
  const f = record.annualise;
  const marketCap = record.price * record.shares;
  const enterpriseValue = marketCap + record.totalDebt - record.cash;
  const ebitda = record.operatingIncome + record.depreciation;
  const pe = record.netIncome > 0 ? marketCap / (record.netIncome * f) : null;
  const earningsGrowth = growth(record.netIncome, previous?.netIncome);
  const receivablesTurnover = ratio(record.revenue * f, record.receivables);
  const inventoryTurnover = ratio(record.costOfRevenue * f, record.inventory);
  const dso = receivablesTurnover === null ? null : 365 / receivablesTurnover;
  return {
    ticker,
    report_period: formatIsoDay(record.endDay),
    period: record.period,
    currency: 'USD',
    market_cap: marketCap,
    enterprise_value: enterpriseValue,
    price_to_earnings_ratio: pe,
    price_to_book_ratio: ratio(marketCap, record.equity),
    price_to_sales_ratio: ratio(marketCap, record.revenue * f),
    enterprise_value_to_ebitda_ratio: ebitda > 0 ? enterpriseValue / (ebitda * f) : null,
    enterprise_value_to_revenue_ratio: ratio(enterpriseValue, record.revenue * f),
    free_cash_flow_yield: ratio(record.freeCashFlow * f, marketCap),
    peg_ratio: pe !== null && earningsGrowth !== null && earningsGrowth > 0 ? pe / (earningsGrowth * 100) : null,
    gross_margin: ratio(record.grossProfit, record.revenue),
    operating_margin: ratio(record.operatingIncome, record.revenue),
    net_margin: ratio(record.netIncome, record.revenue),
    return_on_equity: ratio(record.netIncome * f, record.equity),
    return_on_assets: ratio(record.netIncome * f, record.totalAssets),
    return_on_invested_capital: ratio(record.operatingIncome * (1 - TAX_RATE) * f, record.totalDebt + record.equity),
    asset_turnover: ratio(record.revenue * f, record.totalAssets),
    inventory_turnover: inventoryTurnover,
    receivables_turnover: receivablesTurnover,
    days_sales_outstanding: dso,
    operating_cycle: dso === null || inventoryTurnover === null ? null : dso + 365 / inventoryTurnover,
    working_capital_turnover: ratio(record.revenue * f, record.currentAssets - record.currentLiabilities),
    current_ratio: ratio(record.currentAssets, record.currentLiabilities),
    quick_ratio: ratio(record.currentAssets - record.inventory, record.currentLiabilities),
    cash_ratio: ratio(record.cash, record.currentLiabilities),
    operating_cash_flow_ratio: ratio(record.operatingCashFlow * f, record.currentLiabilities),
    debt_to_equity: ratio(record.totalDebt, record.equity),
    debt_to_assets: ratio(record.totalLiabilities, record.totalAssets),
    interest_coverage: ratio(record.operatingIncome, record.interestExpense),
    revenue_growth: growth(record.revenue, previous?.revenue),
    earnings_growth: earningsGrowth,
    book_value_growth: growth(record.equity, previous?.equity),
    earnings_per_share_growth: growth(record.netIncome / record.shares, previous === undefined ? undefined : previous.netIncome / previous.shares),
    free_cash_flow_growth: growth(record.freeCashFlow, previous?.freeCashFlow),
    operating_income_growth: growth(record.operatingIncome, previous?.operatingIncome),
    ebitda_growth: growth(ebitda, previous === undefined ? undefined : previous.operatingIncome + previous.depreciation),
    payout_ratio: record.netIncome > 0 ? -record.dividends / record.netIncome : null,
    earnings_per_share: record.netIncome / record.shares,
    book_value_per_share: record.equity / record.shares,
    free_cash_flow_per_share: record.freeCashFlow / record.shares,
  };
}

/** The line items the synthetic model reports, by their financialdatasets names. */
export function lineItemValues(record: PeriodRecord): Readonly<Record<string, number>> {
  const ebitda = record.operatingIncome + record.depreciation;
  return {
    revenue: record.revenue,
    cost_of_revenue: record.costOfRevenue,
    gross_profit: record.grossProfit,
    gross_margin: record.grossProfit / record.revenue,
    operating_expense: record.operatingExpense,
    research_and_development: record.researchAndDevelopment,
    operating_income: record.operatingIncome,
    operating_margin: record.operatingIncome / record.revenue,
    ebit: record.operatingIncome,
    ebitda,
    interest_expense: record.interestExpense,
    net_income: record.netIncome,
    earnings_per_share: record.netIncome / record.shares,
    depreciation_and_amortization: record.depreciation,
    capital_expenditure: record.capitalExpenditure,
    net_cash_flow_from_operations: record.operatingCashFlow,
    free_cash_flow: record.freeCashFlow,
    dividends_and_other_cash_distributions: record.dividends,
    issuance_or_purchase_of_equity_shares: record.shareRepurchase,
    total_assets: record.totalAssets,
    total_liabilities: record.totalLiabilities,
    shareholders_equity: record.equity,
    current_assets: record.currentAssets,
    current_liabilities: record.currentLiabilities,
    working_capital: record.currentAssets - record.currentLiabilities,
    cash_and_equivalents: record.cash,
    total_debt: record.totalDebt,
    inventory: record.inventory,
    trade_and_non_trade_receivables: record.receivables,
    goodwill_and_intangible_assets: record.goodwill,
    outstanding_shares: record.shares,
    book_value_per_share: record.equity / record.shares,
    debt_to_equity: record.totalDebt / record.equity,
    return_on_invested_capital: (record.operatingIncome * (1 - TAX_RATE) * record.annualise) / (record.totalDebt + record.equity),
  };
}

export function lineItemOf(ticker: string, record: PeriodRecord, names: readonly string[]): LineItem {
  const values = lineItemValues(record);
  const item: Record<string, string | number | null> = { ticker, report_period: formatIsoDay(record.endDay), period: record.period, currency: 'USD' };
  for (const name of names) item[name] = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : null;
  return item as LineItem;
}

// Hand-built market data for the persona specs: rows with only the fields a test sets (everything else null),
// report dates per period kind, and a MemoryData port over them.
import { MemoryData } from '../../src/engine/backtest/memory-data';
import type { CompanyNews, FinancialMetrics, InsiderTrade, LineItem, PriceBar, ReportPeriod } from '../../src/engine/data/types';
import type { PersonaInput } from '../../src/engine/agents/personas/types';

export const TICKER = 'TEST';
export const END_DATE = '2024-06-30';
export const START_DATE = '2024-01-01';

const NULL_METRICS: Omit<FinancialMetrics, 'ticker' | 'report_period' | 'period' | 'currency'> = {
  market_cap: null, enterprise_value: null, price_to_earnings_ratio: null, price_to_book_ratio: null, price_to_sales_ratio: null,
  enterprise_value_to_ebitda_ratio: null, enterprise_value_to_revenue_ratio: null, free_cash_flow_yield: null, peg_ratio: null,
  gross_margin: null, operating_margin: null, net_margin: null, return_on_equity: null, return_on_assets: null,
  return_on_invested_capital: null, asset_turnover: null, inventory_turnover: null, receivables_turnover: null,
  days_sales_outstanding: null, operating_cycle: null, working_capital_turnover: null, current_ratio: null, quick_ratio: null,
  cash_ratio: null, operating_cash_flow_ratio: null, debt_to_equity: null, debt_to_assets: null, interest_coverage: null,
  revenue_growth: null, earnings_growth: null, book_value_growth: null, earnings_per_share_growth: null,
  free_cash_flow_growth: null, operating_income_growth: null, ebitda_growth: null, payout_ratio: null,
  earnings_per_share: null, book_value_per_share: null, free_cash_flow_per_share: null,
};

/** Report dates, newest first: year ends from 2023 back for annual, quarter ends from 2024-03-31 back otherwise. */
export function reportDates(period: ReportPeriod, count: number): string[] {
  const dates: string[] = [];
  if (period === 'annual') {
    for (let i = 0; i < count; i += 1) dates.push(`${2023 - i}-12-31`);
    return dates;
  }
  const lastDay: Readonly<Record<number, string>> = { 3: '03-31', 6: '06-30', 9: '09-30', 12: '12-31' };
  for (let i = 0; i < count; i += 1) {
    const monthIndex = 2024 * 12 + 2 - 3 * i;
    dates.push(`${Math.floor(monthIndex / 12)}-${lastDay[(monthIndex % 12) + 1]}`);
  }
  return dates;
}

/** Financial metrics rows, newest first, one per field set. */
export function metricsRows(period: ReportPeriod, rows: readonly Partial<FinancialMetrics>[]): FinancialMetrics[] {
  const dates = reportDates(period, rows.length);
  return rows.map((fields, i) => ({ ...NULL_METRICS, ticker: TICKER, report_period: dates[i], period, currency: 'USD', ...fields }));
}

/** Metrics rows built column-wise: `{return_on_equity: [newest, …, oldest]}`. */
export function metricsColumns(period: ReportPeriod, columns: Readonly<Partial<Record<keyof FinancialMetrics, readonly (number | null)[]>>>): FinancialMetrics[] {
  const length = Math.max(0, ...Object.values(columns).map((c) => c?.length ?? 0));
  const rows: Partial<FinancialMetrics>[] = [];
  for (let i = 0; i < length; i += 1) {
    const row: Record<string, number | null> = {};
    for (const [key, list] of Object.entries(columns)) row[key] = list?.[i] ?? null;
    rows.push(row);
  }
  return metricsRows(period, rows);
}

/** Line items built column-wise, newest first: `{net_income: [120, 110, …]}`. */
export function lineItemColumns(period: ReportPeriod, columns: Readonly<Record<string, readonly (number | null)[]>>): LineItem[] {
  const length = Math.max(0, ...Object.values(columns).map((c) => c.length));
  const dates = reportDates(period, length);
  const rows: LineItem[] = [];
  for (let i = 0; i < length; i += 1) {
    const row: Record<string, string | number | null> = { ticker: TICKER, report_period: dates[i], period, currency: 'USD' };
    for (const [key, list] of Object.entries(columns)) row[key] = list[i] ?? null;
    rows.push(row as LineItem);
  }
  return rows;
}

export function trade(shares: number, filingDate = '2024-05-01'): InsiderTrade {
  return {
    ticker: TICKER, issuer: null, name: null, title: null, is_board_director: null, transaction_date: filingDate,
    transaction_shares: shares, transaction_price_per_share: null, transaction_value: null,
    shares_owned_before_transaction: null, shares_owned_after_transaction: null, security_title: null, filing_date: filingDate,
  };
}

export function article(title: string, sentiment: CompanyNews['sentiment'] = null, date = '2024-06-01'): CompanyNews {
  return { ticker: TICKER, title, author: null, source: 'fixture', date, url: `https://example.invalid/${encodeURIComponent(title)}`, sentiment };
}

/** Daily bars on consecutive calendar days ending at `END_DATE`, one per close (volume 1000 unless given). */
export function bars(closes: readonly number[], volumes?: readonly number[], end = END_DATE): PriceBar[] {
  const endDay = Date.UTC(Number(end.slice(0, 4)), Number(end.slice(5, 7)) - 1, Number(end.slice(8, 10)));
  return closes.map((close, i) => {
    const time = new Date(endDay - (closes.length - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    return { time, open: close, high: close, low: close, close, volume: volumes?.[i] ?? 1000 };
  });
}

export interface Fixture {
  readonly metrics?: readonly FinancialMetrics[];
  readonly items?: readonly LineItem[];
  readonly trades?: readonly InsiderTrade[];
  readonly news?: readonly CompanyNews[];
  readonly prices?: readonly PriceBar[];
  readonly marketCap?: number | null;
}

/**
 * A persona input over in-memory data for `TICKER`. Line items are stored with every field they were built
 * with; the port answers each request with the names asked for (others are dropped, missing ones null).
 */
export function inputOf(fixture: Fixture): PersonaInput & { readonly data: MemoryData } {
  const data = new MemoryData({
    financialMetrics: { [TICKER]: fixture.metrics ?? [] },
    lineItems: { [TICKER]: fixture.items ?? [] },
    insiderTrades: { [TICKER]: fixture.trades ?? [] },
    news: { [TICKER]: fixture.news ?? [] },
    prices: { [TICKER]: fixture.prices ?? [] },
    marketCaps: { [TICKER]: fixture.marketCap ?? null },
  });
  return { data, ticker: TICKER, endDate: END_DATE, startDate: START_DATE };
}

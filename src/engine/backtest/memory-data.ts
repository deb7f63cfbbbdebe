// A MarketDataReader over data held in memory (fixtures, benchmarks, data loaded by a CLI), answering with
// the same filters as the market-data port: date windows inclusive, newest first for reports and events.
import type { MarketDataReader } from '../data/reader';
import type { CompanyNews, FinancialMetrics, InsiderTrade, LineItem, PriceBar, ReportPeriod } from '../data/types';

export interface MemoryDataset {
  readonly prices?: Readonly<Record<string, readonly PriceBar[]>>;
  readonly financialMetrics?: Readonly<Record<string, readonly FinancialMetrics[]>>;
  readonly lineItems?: Readonly<Record<string, readonly LineItem[]>>;
  readonly insiderTrades?: Readonly<Record<string, readonly InsiderTrade[]>>;
  readonly news?: Readonly<Record<string, readonly CompanyNews[]>>;
  /** Market cap per ticker; a ticker absent here gets the latest ttm metrics' `market_cap`. */
  readonly marketCaps?: Readonly<Record<string, number | null>>;
}

function byDateDesc<T>(items: readonly T[], dateOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => dateOf(b).localeCompare(dateOf(a)));
}

export class MemoryData implements MarketDataReader {
  /** Port calls by method, so callers can check how often the data source was hit. */
  readonly calls: Record<string, number> = {};

  constructor(private readonly dataset: MemoryDataset) {}

  private count(method: string): void {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
  }

  async getPrices(ticker: string, startDate: string, endDate: string): Promise<PriceBar[]> {
    this.count('getPrices');
    return (this.dataset.prices?.[ticker] ?? []).filter((bar) => bar.time >= startDate && bar.time <= endDate);
  }

  async getFinancialMetrics(ticker: string, endDate: string, period: ReportPeriod, limit: number): Promise<FinancialMetrics[]> {
    this.count('getFinancialMetrics');
    const rows = (this.dataset.financialMetrics?.[ticker] ?? []).filter((m) => m.period === period && m.report_period <= endDate);
    return byDateDesc(rows, (m) => m.report_period).slice(0, limit);
  }

  async searchLineItems(ticker: string, lineItems: readonly string[], endDate: string, period: ReportPeriod, limit: number): Promise<LineItem[]> {
    this.count('searchLineItems');
    const rows = (this.dataset.lineItems?.[ticker] ?? []).filter((m) => m.period === period && m.report_period <= endDate);
    return byDateDesc(rows, (m) => m.report_period)
      .slice(0, limit)
      .map((row) => {
        const picked: Record<string, string | number | null> = { ticker: row.ticker, report_period: row.report_period, period: row.period, currency: row.currency };
        for (const item of lineItems) picked[item] = row[item] ?? null;
        return picked as LineItem;
      });
  }

  async getInsiderTrades(ticker: string, endDate: string, startDate: string | null, limit: number): Promise<InsiderTrade[]> {
    this.count('getInsiderTrades');
    const rows = (this.dataset.insiderTrades?.[ticker] ?? []).filter((t) => t.filing_date <= endDate && (startDate === null || t.filing_date >= startDate));
    return byDateDesc(rows, (t) => t.filing_date).slice(0, limit);
  }

  async getCompanyNews(ticker: string, endDate: string, startDate: string | null, limit: number): Promise<CompanyNews[]> {
    this.count('getCompanyNews');
    const rows = (this.dataset.news?.[ticker] ?? []).filter((n) => n.date <= endDate && (startDate === null || n.date >= startDate));
    return byDateDesc(rows, (n) => n.date).slice(0, limit);
  }

  async getMarketCap(ticker: string, endDate: string): Promise<number | null> {
    this.count('getMarketCap');
    const given = this.dataset.marketCaps;
    if (given !== undefined && Object.prototype.hasOwnProperty.call(given, ticker)) return given[ticker];
    const [latest] = await this.getFinancialMetrics(ticker, endDate, 'ttm', 1);
    return latest?.market_cap ?? null;
  }
}

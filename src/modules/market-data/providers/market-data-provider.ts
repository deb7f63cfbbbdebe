import type { CompanyNews, FinancialMetrics, InsiderTrade, LineItem, PriceBar, ReportPeriod } from '../../../engine';
import type { DataProviderName, MinuteBarFileRequest, SourcedMinuteBars } from '../market-data.port';

/**
 * One source of market data. The service validates every argument (upper-case ticker, real dates,
 * start ≤ end, bounded range, positive limit) before a provider sees it.
 */
export interface MarketDataProvider {
  readonly name: DataProviderName;
  /** True when the data is generated rather than observed; surfaced in every HTTP payload. */
  readonly synthetic: boolean;
  /** Why this provider cannot serve right now (no API key, no directory), or null when it can. */
  unavailableReason(): Promise<string | null>;
  getPrices(ticker: string, startDate: string, endDate: string, signal?: AbortSignal): Promise<PriceBar[]>;
  getFinancialMetrics(ticker: string, endDate: string, period: ReportPeriod, limit: number, signal?: AbortSignal): Promise<FinancialMetrics[]>;
  searchLineItems(
    ticker: string,
    lineItems: readonly string[],
    endDate: string,
    period: ReportPeriod,
    limit: number,
    signal?: AbortSignal,
  ): Promise<LineItem[]>;
  getInsiderTrades(ticker: string, endDate: string, startDate: string | null, limit: number, signal?: AbortSignal): Promise<InsiderTrade[]>;
  getCompanyNews(ticker: string, endDate: string, startDate: string | null, limit: number, signal?: AbortSignal): Promise<CompanyNews[]>;
  getMarketCap(ticker: string, endDate: string, signal?: AbortSignal): Promise<number | null>;
  /** `file` (csv provider only; the service refuses it for the others) names the file to read. */
  getMinuteBars(symbol: string, startDate: string, endDate: string, signal?: AbortSignal, file?: MinuteBarFileRequest): Promise<SourcedMinuteBars>;
}

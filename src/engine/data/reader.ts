// The one market-data reader interface: what the agents and the backtest read, what every market-data provider
// serves and what the Nest market-data port answers. Implementations differ only in their per-call options.
import type { CompanyNews, FinancialMetrics, InsiderTrade, LineItem, PriceBar, ReportPeriod } from './types';

/** Per-call options every reader accepts. */
export interface DataReadOptions {
  /** Aborts the read (client disconnect, run cancelled). */
  readonly signal?: AbortSignal;
}

/**
 * Reads daily market data. Dates are `YYYY-MM-DD`, ranges inclusive; reports and events come newest first, at
 * most `limit`. `Options` is what a caller may add per call (the market-data port: which provider answers);
 * every reader honours `signal`, so any reader can stand in where the engine expects `MarketDataReader`.
 */
export interface MarketDataReader<Options extends DataReadOptions = DataReadOptions> {
  getPrices(ticker: string, startDate: string, endDate: string, options?: Options): Promise<PriceBar[]>;
  getFinancialMetrics(ticker: string, endDate: string, period: ReportPeriod, limit: number, options?: Options): Promise<FinancialMetrics[]>;
  searchLineItems(ticker: string, lineItems: readonly string[], endDate: string, period: ReportPeriod, limit: number, options?: Options): Promise<LineItem[]>;
  getInsiderTrades(ticker: string, endDate: string, startDate: string | null, limit: number, options?: Options): Promise<InsiderTrade[]>;
  getCompanyNews(ticker: string, endDate: string, startDate: string | null, limit: number, options?: Options): Promise<CompanyNews[]>;
  getMarketCap(ticker: string, endDate: string, options?: Options): Promise<number | null>;
}

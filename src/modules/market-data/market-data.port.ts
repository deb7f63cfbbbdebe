import type { CompanyNews, FinancialMetrics, InsiderTrade, LineItem, MinuteBars, PriceBar, ReportPeriod } from '../../engine';

/** Provider names accepted in `data_provider` fields and the MARKET_DATA_PROVIDER setting. */
export type DataProviderName = 'synthetic' | 'csv' | 'financialdatasets';

export interface DataRequestOptions {
  /** Which provider answers; the configured default when omitted. */
  readonly provider?: DataProviderName;
  /** Aborts the fetch (client disconnect, run cancelled). */
  readonly signal?: AbortSignal;
}

/**
 * The one port every agent, backtest and route reads market data through (Nest token: this class).
 * Dates are `YYYY-MM-DD`, ranges inclusive. Errors are typed (never a silent empty result).
 */
export abstract class MarketDataPort {
  abstract getPrices(ticker: string, startDate: string, endDate: string, options?: DataRequestOptions): Promise<PriceBar[]>;

  abstract getFinancialMetrics(
    ticker: string,
    endDate: string,
    period: ReportPeriod,
    limit: number,
    options?: DataRequestOptions,
  ): Promise<FinancialMetrics[]>;

  abstract searchLineItems(
    ticker: string,
    lineItems: readonly string[],
    endDate: string,
    period: ReportPeriod,
    limit: number,
    options?: DataRequestOptions,
  ): Promise<LineItem[]>;

  abstract getInsiderTrades(
    ticker: string,
    endDate: string,
    startDate: string | null,
    limit: number,
    options?: DataRequestOptions,
  ): Promise<InsiderTrade[]>;

  abstract getCompanyNews(
    ticker: string,
    endDate: string,
    startDate: string | null,
    limit: number,
    options?: DataRequestOptions,
  ): Promise<CompanyNews[]>;

  abstract getMarketCap(ticker: string, endDate: string, options?: DataRequestOptions): Promise<number | null>;

  /**
   * Checks before a run starts that `provider` (the configured default when omitted) can serve: a 422
   * naming `field` when it cannot (no API key, no CSV directory), so the caller fails before streaming.
   */
  abstract assertAvailable(provider: DataProviderName | undefined, field: string): Promise<void>;

  /** Regular-session 1-minute bars of a futures symbol (ES, MES, …) for every trading day in the range. */
  abstract getMinuteBars(symbol: string, startDate: string, endDate: string, options?: DataRequestOptions): Promise<MinuteBars>;
}

import type {
  BackAdjustment,
  BarFileFormat,
  BarStamp,
  CompanyNews,
  ContractRoll,
  ContractSegment,
  DataReadOptions,
  FinancialMetrics,
  InsiderTrade,
  LineItem,
  MarketDataReader,
  MinuteBars,
  PriceBar,
  ReportPeriod,
  RollRule,
} from '../../engine';

/** Provider names accepted in `data_provider` fields and the MARKET_DATA_PROVIDER setting. */
export type DataProviderName = 'synthetic' | 'csv' | 'financialdatasets';

/** A minute-bar file of the csv provider, named by the request (futures `csv_file`, `csv_format`, `tz`). */
export interface MinuteBarFileRequest {
  /** Path inside the market-data directory (`ES.txt` after POST /storage/upload?directory=market-data). */
  readonly file: string;
  /** `auto` (default) detects NinjaTrader, TradingView, Databento or generic. */
  readonly format?: BarFileFormat | 'auto';
  /** Zone of stamps without an offset (NinjaTrader default UTC; naive ISO default America/Chicago). */
  readonly tz?: string;
  /** Keep this contract of a multi-contract file (Databento `symbol` column). */
  readonly contract?: string;
  /**
   * Per-contract files (or one file with several contracts) spliced into a continuous series by this rule;
   * `file` is then ignored in favour of `files` when given.
   */
  readonly roll?: RollRule;
  readonly files?: readonly string[];
  /** Back-adjustment of a rolled series (default none). */
  readonly backAdjust?: BackAdjustment;
  /**
   * The files' content, read by the process that accepted the request and shipped with its job (scale-out):
   * read instead of the market-data directory, which the executing worker may not share.
   */
  readonly contents?: readonly MinuteBarFileContent[];
}

/** One minute-bar file's bytes under the name the request gave it. */
export interface MinuteBarFileContent {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** One minute-bar file as the reader understood it. */
export interface MinuteBarFileSummary {
  /** The name the request gave (inside the market-data directory). */
  readonly name: string;
  readonly format: BarFileFormat;
  /** Which end of the minute the file's stamps mark. */
  readonly stamp: BarStamp;
  /** Zone applied to stamps written without one; null when every stamp carried its own. */
  readonly time_zone: string | null;
  /** The contract kept from a multi-contract file, null when the file names none. */
  readonly contract: string | null;
  /** Lines read as bars (every contract of the file). */
  readonly rows: number;
}

/** Where a provider's minute bars came from: the files read, and how a continuous series was spliced. */
export interface MinuteBarOrigin {
  readonly files: readonly MinuteBarFileSummary[];
  /** Per-contract files rolled into one series; null for one file read as it is. */
  readonly continuous: {
    readonly rule: RollRule;
    readonly back_adjust: BackAdjustment;
    readonly segments: readonly ContractSegment[];
    readonly rolls: readonly ContractRoll[];
  } | null;
}

/** Minute bars with their origin when the provider read files (the csv provider); synthetic bars have none. */
export type SourcedMinuteBars = MinuteBars & { readonly origin?: MinuteBarOrigin };

/** What a provider reads with besides its positional arguments (the service passes its callers' options on). */
export interface ProviderOptions extends DataReadOptions {
  /** Minute bars only, csv provider only: read this file instead of `minute_bars/<SYMBOL>.csv`. */
  readonly barFile?: MinuteBarFileRequest;
}

export interface DataRequestOptions extends ProviderOptions {
  /** Which provider answers; the configured default when omitted. */
  readonly provider?: DataProviderName;
  /**
   * Minute bars only: the longest range this caller may ask for, in place of MARKET_DATA_MAX_MINUTE_RANGE_DAYS
   * (a futures backtest allows FUTURES_MAX_RANGE_DAYS plus its warm-up). Internal callers only.
   */
  readonly maxRangeDays?: number;
}

/**
 * The one port every agent, backtest and route reads market data through (Nest token: this class): the engine's
 * `MarketDataReader` with the provider chosen per call, plus futures minute bars. Dates are `YYYY-MM-DD`, ranges
 * inclusive. A limit above 10 000 is read as 10 000 (the routes refuse it; a backtest asks for "all" events of a
 * window). Errors are typed (never a silent empty result).
 */
export abstract class MarketDataPort implements MarketDataReader<DataRequestOptions> {
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
  abstract getMinuteBars(symbol: string, startDate: string, endDate: string, options?: DataRequestOptions): Promise<SourcedMinuteBars>;

  /**
   * The files `getMinuteBars` would read for `symbol` with the same options, checked (inside the market-data
   * directory, present) and read: what a job ships to a worker on another machine. [] for a provider that
   * reads no files. Errors as `getMinuteBars` (404 for a missing file, 422 naming csv_file for a bad path).
   */
  abstract readMinuteBarFiles(symbol: string, options?: DataRequestOptions): Promise<MinuteBarFileContent[]>;

  /** This port with every read answered by `provider` (the configured default when undefined): a run's agents read through it. */
  reader(provider: DataProviderName | undefined): MarketDataReader {
    const withProvider = (options?: DataReadOptions): DataRequestOptions => ({ ...options, provider });
    return {
      getPrices: (ticker, start, end, options) => this.getPrices(ticker, start, end, withProvider(options)),
      getFinancialMetrics: (ticker, end, period, limit, options) => this.getFinancialMetrics(ticker, end, period, limit, withProvider(options)),
      searchLineItems: (ticker, items, end, period, limit, options) => this.searchLineItems(ticker, items, end, period, limit, withProvider(options)),
      getInsiderTrades: (ticker, end, start, limit, options) => this.getInsiderTrades(ticker, end, start, limit, withProvider(options)),
      getCompanyNews: (ticker, end, start, limit, options) => this.getCompanyNews(ticker, end, start, limit, withProvider(options)),
      getMarketCap: (ticker, end, options) => this.getMarketCap(ticker, end, withProvider(options)),
    };
  }
}

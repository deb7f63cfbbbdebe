import { Inject, Injectable } from '@nestjs/common';
import { ValidationError } from '../../core/http';
import { APP_CONFIG, type AppConfig } from '../../config';
import { type CompanyNews, type FinancialMetrics, type InsiderTrade, type LineItem, parseIsoDay, type PriceBar, type ReportPeriod } from '../../engine';
import { DATA_PROVIDER_VALUES } from './dto/data-provider-field.dto';
import { MarketDataError } from './market-data.error';
import { type DataProviderName, type DataRequestOptions, MarketDataPort, type MinuteBarFileContent, type SourcedMinuteBars } from './market-data.port';
import type { MarketDataProvider } from './providers/market-data-provider';
import { CsvProvider } from './providers/csv.provider';
import { FinancialDatasetsProvider } from './providers/financial-datasets.provider';
import { SyntheticProvider } from './providers/synthetic.provider';

export const DATA_PROVIDER_NAMES = DATA_PROVIDER_VALUES;
const REPORT_PERIODS: readonly ReportPeriod[] = ['ttm', 'annual', 'quarterly'];
const TICKER = /^[A-Z0-9][A-Z0-9.\-^=]{0,19}$/;
const MAX_LIMIT = 10_000;

export function isDataProviderName(value: string): value is DataProviderName {
  return (DATA_PROVIDER_NAMES as readonly string[]).includes(value);
}

/** Validates and upper-cases a ticker or futures symbol; the error names `field`. */
export function normalizeTicker(value: unknown, field = 'ticker'): string {
  const ticker = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!TICKER.test(ticker)) {
    throw new MarketDataError('INVALID_REQUEST', `${field} must be 1-20 letters, digits, dots or dashes (e.g. AAPL, BRK.B), got "${String(value)}".`, field);
  }
  return ticker;
}

function checkDate(value: string, field: string): number {
  const day = parseIsoDay(value);
  if (day === null) throw new MarketDataError('INVALID_REQUEST', `${field} must be a real date in the form YYYY-MM-DD, got "${value}".`, field);
  return day;
}

function checkRange(startDate: string, endDate: string, maxDays: number): void {
  const start = checkDate(startDate, 'start_date');
  const end = checkDate(endDate, 'end_date');
  if (end < start) throw new MarketDataError('INVALID_REQUEST', `end_date ${endDate} is before start_date ${startDate}.`, 'end_date');
  if (end - start + 1 > maxDays) {
    throw new MarketDataError('INVALID_REQUEST', `The range ${startDate} to ${endDate} spans ${end - start + 1} days; at most ${maxDays} are allowed.`, 'end_date');
  }
}

/** A positive whole limit, capped at MAX_LIMIT: a backtest asks for every event of its window with a larger one. */
function cappedLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new MarketDataError('INVALID_REQUEST', `limit must be a positive integer, got ${limit}.`, 'limit');
  }
  return Math.min(limit, MAX_LIMIT);
}

function checkPeriod(period: string): void {
  if (!(REPORT_PERIODS as readonly string[]).includes(period)) {
    throw new MarketDataError('INVALID_REQUEST', `period must be one of ${REPORT_PERIODS.join(', ')}, got "${period}".`, 'period');
  }
}

/**
 * The port every agent, backtest and route reads through: validates the request, then routes it to
 * the provider the request names (or the configured default).
 */
@Injectable()
export class MarketDataService extends MarketDataPort {
  private readonly providers: ReadonlyMap<DataProviderName, MarketDataProvider>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    synthetic: SyntheticProvider,
    private readonly csv: CsvProvider,
    financialDatasets: FinancialDatasetsProvider,
  ) {
    super();
    this.providers = new Map<DataProviderName, MarketDataProvider>([
      [synthetic.name, synthetic],
      [csv.name, csv],
      [financialDatasets.name, financialDatasets],
    ]);
  }

  /** The provider that answers a request naming `name` (the configured default when undefined). */
  provider(name?: DataProviderName): MarketDataProvider {
    const chosen = name ?? this.config.marketData.provider;
    if (!isDataProviderName(chosen)) {
      throw new MarketDataError('INVALID_REQUEST', `provider must be one of ${DATA_PROVIDER_NAMES.join(', ')}, got "${String(chosen)}".`, 'provider');
    }
    const provider = this.providers.get(chosen);
    if (provider === undefined) throw new MarketDataError('UNAVAILABLE', `The ${chosen} market-data provider is not available.`);
    return provider;
  }

  async assertAvailable(provider: DataProviderName | undefined, field: string): Promise<void> {
    const reason = await this.provider(provider).unavailableReason();
    if (reason !== null) throw ValidationError.field(field, `${field}: ${reason}.`);
  }

  async getPrices(ticker: string, startDate: string, endDate: string, options: DataRequestOptions = {}): Promise<PriceBar[]> {
    const symbol = normalizeTicker(ticker);
    checkRange(startDate, endDate, this.config.marketData.maxRangeDays);
    return this.provider(options.provider).getPrices(symbol, startDate, endDate, options);
  }

  async getFinancialMetrics(ticker: string, endDate: string, period: ReportPeriod, limit: number, options: DataRequestOptions = {}): Promise<FinancialMetrics[]> {
    const symbol = normalizeTicker(ticker);
    checkDate(endDate, 'end_date');
    checkPeriod(period);
    const capped = cappedLimit(limit);
    return this.provider(options.provider).getFinancialMetrics(symbol, endDate, period, capped, options);
  }

  async searchLineItems(
    ticker: string,
    lineItems: readonly string[],
    endDate: string,
    period: ReportPeriod,
    limit: number,
    options: DataRequestOptions = {},
  ): Promise<LineItem[]> {
    const symbol = normalizeTicker(ticker);
    checkDate(endDate, 'end_date');
    checkPeriod(period);
    const capped = cappedLimit(limit);
    if (lineItems.length === 0 || lineItems.some((item) => !/^[a-z][a-z0-9_]{0,99}$/.test(item))) {
      throw new MarketDataError('INVALID_REQUEST', 'line_items must be a non-empty list of snake_case names (e.g. free_cash_flow).', 'line_items');
    }
    return this.provider(options.provider).searchLineItems(symbol, lineItems, endDate, period, capped, options);
  }

  async getInsiderTrades(ticker: string, endDate: string, startDate: string | null, limit: number, options: DataRequestOptions = {}): Promise<InsiderTrade[]> {
    const symbol = normalizeTicker(ticker);
    if (startDate === null) checkDate(endDate, 'end_date');
    else checkRange(startDate, endDate, this.config.marketData.maxRangeDays);
    const capped = cappedLimit(limit);
    return this.provider(options.provider).getInsiderTrades(symbol, endDate, startDate, capped, options);
  }

  async getCompanyNews(ticker: string, endDate: string, startDate: string | null, limit: number, options: DataRequestOptions = {}): Promise<CompanyNews[]> {
    const symbol = normalizeTicker(ticker);
    if (startDate === null) checkDate(endDate, 'end_date');
    else checkRange(startDate, endDate, this.config.marketData.maxRangeDays);
    const capped = cappedLimit(limit);
    return this.provider(options.provider).getCompanyNews(symbol, endDate, startDate, capped, options);
  }

  async getMarketCap(ticker: string, endDate: string, options: DataRequestOptions = {}): Promise<number | null> {
    const symbol = normalizeTicker(ticker);
    checkDate(endDate, 'end_date');
    return this.provider(options.provider).getMarketCap(symbol, endDate, options);
  }

  async getMinuteBars(symbol: string, startDate: string, endDate: string, options: DataRequestOptions = {}): Promise<SourcedMinuteBars> {
    const normalized = normalizeTicker(symbol, 'symbol');
    checkRange(startDate, endDate, options.maxRangeDays ?? this.config.marketData.maxMinuteRangeDays);
    const provider = this.provider(options.provider);
    if (options.barFile !== undefined && provider.name !== 'csv') {
      throw new MarketDataError('INVALID_REQUEST', `csv_file is read by the csv provider only; set data_provider to csv (it is ${provider.name}).`, 'csv_file');
    }
    return provider.getMinuteBars(normalized, startDate, endDate, options);
  }

  async readMinuteBarFiles(symbol: string, options: DataRequestOptions = {}): Promise<MinuteBarFileContent[]> {
    const normalized = normalizeTicker(symbol, 'symbol');
    const provider = this.provider(options.provider);
    if (provider.name !== 'csv') {
      if (options.barFile !== undefined) throw new MarketDataError('INVALID_REQUEST', `csv_file is read by the csv provider only; set data_provider to csv (it is ${provider.name}).`, 'csv_file');
      return [];
    }
    return this.csv.readMinuteBarFiles(normalized, options);
  }
}

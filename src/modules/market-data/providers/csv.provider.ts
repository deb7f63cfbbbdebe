import { Inject, Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative as relativePath, resolve } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../../../config';
import type { CompanyNews, FinancialMetrics, InsiderTrade, LineItem, MinuteBars, NewsSentiment, PriceBar, ReportPeriod } from '../../../engine';
import { buildContinuousBars, chicagoWallTimeToEpoch, type ContractSymbol, contractsFromFiles, foreignContractMessage, isContractSymbol, parseIsoDay, readMinuteBars } from '../../../engine';
import { MarketDataError } from '../market-data.error';
import type { MinuteBarFileContent, MinuteBarFileRequest, MinuteBarOrigin, ProviderOptions, SourcedMinuteBars } from '../market-data.port';
import type { MarketDataProvider } from './market-data-provider';

type Row = Record<string, string>;
type Dataset = 'prices' | 'financial_metrics' | 'line_items' | 'insider_trades' | 'news';

/** Thrown while reading one row; the loader adds the file and line. */
class RowError extends Error {}

const METRIC_FIELDS: readonly (keyof FinancialMetrics)[] = [
  'market_cap', 'enterprise_value', 'price_to_earnings_ratio', 'price_to_book_ratio', 'price_to_sales_ratio',
  'enterprise_value_to_ebitda_ratio', 'enterprise_value_to_revenue_ratio', 'free_cash_flow_yield', 'peg_ratio',
  'gross_margin', 'operating_margin', 'net_margin', 'return_on_equity', 'return_on_assets', 'return_on_invested_capital',
  'asset_turnover', 'inventory_turnover', 'receivables_turnover', 'days_sales_outstanding', 'operating_cycle',
  'working_capital_turnover', 'current_ratio', 'quick_ratio', 'cash_ratio', 'operating_cash_flow_ratio', 'debt_to_equity',
  'debt_to_assets', 'interest_coverage', 'revenue_growth', 'earnings_growth', 'book_value_growth',
  'earnings_per_share_growth', 'free_cash_flow_growth', 'operating_income_growth', 'ebitda_growth', 'payout_ratio',
  'earnings_per_share', 'book_value_per_share', 'free_cash_flow_per_share',
];
const PERIODS: readonly string[] = ['ttm', 'annual', 'quarterly'];
const SENTIMENTS: readonly string[] = ['positive', 'negative', 'neutral'];

function date(row: Row, field: string): string {
  const value = row[field] ?? '';
  if (parseIsoDay(value) === null) throw new RowError(`${field} "${value}" is not a date (YYYY-MM-DD)`);
  return value;
}

function optionalDate(row: Row, field: string): string | null {
  return (row[field] ?? '') === '' ? null : date(row, field);
}

function number(row: Row, field: string): number {
  const value = row[field] ?? '';
  const parsed = value === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(parsed)) throw new RowError(`${field} "${value}" is not a number`);
  return parsed;
}

function optionalNumber(row: Row, field: string): number | null {
  return (row[field] ?? '') === '' ? null : number(row, field);
}

function text(row: Row, field: string): string {
  const value = row[field] ?? '';
  if (value === '') throw new RowError(`${field} is empty`);
  return value;
}

function optionalText(row: Row, field: string): string | null {
  return (row[field] ?? '') === '' ? null : row[field];
}

function period(row: Row): ReportPeriod {
  const value = row.period ?? '';
  if (!PERIODS.includes(value)) throw new RowError(`period "${value}" must be one of ${PERIODS.join(', ')}`);
  return value as ReportPeriod;
}

function ohlc(row: Row): { open: number; high: number; low: number; close: number; volume: number } {
  const bar = { open: number(row, 'open'), high: number(row, 'high'), low: number(row, 'low'), close: number(row, 'close'), volume: number(row, 'volume') };
  if (bar.low > Math.min(bar.open, bar.close) || bar.high < Math.max(bar.open, bar.close) || bar.low <= 0) {
    throw new RowError(`low ${bar.low} / high ${bar.high} do not bracket open ${bar.open} and close ${bar.close}`);
  }
  if (bar.volume < 0) throw new RowError(`volume ${bar.volume} is negative`);
  return bar;
}

const REQUIRED: Record<Dataset, readonly string[]> = {
  prices: ['date', 'open', 'high', 'low', 'close', 'volume'],
  financial_metrics: ['report_period', 'period'],
  line_items: ['report_period', 'period'],
  insider_trades: ['filing_date'],
  news: ['date', 'title', 'source', 'url'],
};

interface Loaded<T> {
  readonly mtimeMs: number;
  readonly size: number;
  readonly rows: T[];
}

/**
 * The user's own files under MARKET_DATA_CSV_DIR, one file per dataset and ticker
 * (`prices/AAPL.csv`, `minute_bars/ES.csv`, …; formats in docs/market-data.md). Each file is validated
 * when loaded, and an error names the file and the line; a loaded file is reused until it changes.
 */
@Injectable()
export class CsvProvider implements MarketDataProvider {
  readonly name = 'csv' as const;
  readonly synthetic = false;
  private readonly dir: string;
  private readonly loaded = new Map<string, Loaded<unknown>>();
  private readonly barFiles = new Map<string, { readonly stamp: string; readonly bars: MinuteBars; readonly origin: MinuteBarOrigin }>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.dir = config.marketData.csvDir;
  }

  async unavailableReason(): Promise<string | null> {
    try {
      if ((await stat(this.dir)).isDirectory()) return null;
    } catch {
      // missing
    }
    return 'the csv provider has no market-data directory (MARKET_DATA_CSV_DIR, by default DATA_DIR/market-data); upload files with POST /storage/upload?directory=market-data';
  }

  private async load<T>(dataset: Dataset, ticker: string, read: (row: Row, ticker: string) => T): Promise<T[]> {
    const relative = `${dataset}/${ticker}.csv`;
    const path = join(this.dir, dataset, `${ticker}.csv`);
    let info: { mtimeMs: number; size: number };
    try {
      info = await stat(path);
    } catch {
      throw new MarketDataError('NOT_FOUND', `No CSV data for ${ticker}: ${relative} is missing from the market-data directory.`);
    }
    const cached = this.loaded.get(path);
    if (cached !== undefined && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.rows as T[];
    const content = await readFile(path, 'utf8');
    let records: { record: Row; info: { lines: number } }[];
    try {
      records = parse(content, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), info: true, skip_empty_lines: true, trim: true, bom: true });
    } catch (error) {
      const line = (error as { lines?: number }).lines;
      throw new MarketDataError('INVALID_DATA', `${relative}${line === undefined ? '' : ` line ${line}`}: ${(error as Error).message}.`);
    }
    const columns = content.split(/\r?\n/, 1)[0].replace(/^\uFEFF/, '').split(',').map((c) => c.trim().toLowerCase());
    const missing = REQUIRED[dataset].filter((c) => !columns.includes(c) && !(c === 'date' && columns.includes('time')));
    if (missing.length > 0) throw new MarketDataError('INVALID_DATA', `${relative} line 1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`);
    const rows: T[] = [];
    for (const { record, info: where } of records) {
      try {
        if (record.date === undefined && record.time !== undefined && dataset === 'prices') record.date = record.time;
        rows.push(read(record, ticker));
      } catch (error) {
        if (error instanceof RowError) throw new MarketDataError('INVALID_DATA', `${relative} line ${where.lines}: ${error.message}.`);
        throw error;
      }
    }
    this.loaded.set(path, { mtimeMs: info.mtimeMs, size: info.size, rows });
    return rows;
  }

  async getPrices(ticker: string, startDate: string, endDate: string): Promise<PriceBar[]> {
    const bars = await this.load('prices', ticker, (row) => ({ time: date(row, 'date'), ...ohlc(row) }));
    const seen = new Set<string>();
    for (const bar of bars) {
      if (seen.has(bar.time)) throw new MarketDataError('INVALID_DATA', `prices/${ticker}.csv: the date ${bar.time} appears twice.`);
      seen.add(bar.time);
    }
    return bars.filter((b) => b.time >= startDate && b.time <= endDate).sort((a, b) => (a.time < b.time ? -1 : 1));
  }

  async getFinancialMetrics(ticker: string, endDate: string, wanted: ReportPeriod, limit: number): Promise<FinancialMetrics[]> {
    const rows = await this.load('financial_metrics', ticker, (row, t) => {
      const metrics: Record<string, unknown> = { ticker: t, report_period: date(row, 'report_period'), period: period(row), currency: row.currency || 'USD' };
      for (const field of METRIC_FIELDS) metrics[field] = optionalNumber(row, field);
      return metrics as unknown as FinancialMetrics;
    });
    return newestFirst(rows.filter((m) => m.period === wanted && m.report_period <= endDate), (m) => m.report_period).slice(0, limit);
  }

  async searchLineItems(ticker: string, lineItems: readonly string[], endDate: string, wanted: ReportPeriod, limit: number): Promise<LineItem[]> {
    const rows = await this.load('line_items', ticker, (row, t) => {
      const item: Record<string, string | number | null> = { ticker: t, report_period: date(row, 'report_period'), period: period(row), currency: row.currency || 'USD' };
      for (const key of Object.keys(row)) if (!['ticker', 'report_period', 'period', 'currency'].includes(key)) item[key] = optionalNumber(row, key);
      return item as LineItem;
    });
    return newestFirst(rows.filter((i) => i.period === wanted && String(i.report_period) <= endDate), (i) => String(i.report_period))
      .slice(0, limit)
      .map((item) => {
        const picked: Record<string, string | number | null> = { ticker: item.ticker, report_period: item.report_period, period: item.period, currency: item.currency };
        for (const name of lineItems) picked[name] = item[name] ?? null;
        return picked as LineItem;
      });
  }

  async getInsiderTrades(ticker: string, endDate: string, startDate: string | null, limit: number): Promise<InsiderTrade[]> {
    const rows = await this.load('insider_trades', ticker, (row, t) => ({
      ticker: t,
      issuer: optionalText(row, 'issuer'),
      name: optionalText(row, 'name'),
      title: optionalText(row, 'title'),
      is_board_director: row.is_board_director === undefined || row.is_board_director === '' ? null : booleanOf(row.is_board_director),
      transaction_date: optionalDate(row, 'transaction_date'),
      transaction_shares: optionalNumber(row, 'transaction_shares'),
      transaction_price_per_share: optionalNumber(row, 'transaction_price_per_share'),
      transaction_value: optionalNumber(row, 'transaction_value'),
      shares_owned_before_transaction: optionalNumber(row, 'shares_owned_before_transaction'),
      shares_owned_after_transaction: optionalNumber(row, 'shares_owned_after_transaction'),
      security_title: optionalText(row, 'security_title'),
      filing_date: date(row, 'filing_date'),
    }));
    return newestFirst(rows.filter((t) => t.filing_date <= endDate && (startDate === null || t.filing_date >= startDate)), (t) => t.filing_date).slice(0, limit);
  }

  async getCompanyNews(ticker: string, endDate: string, startDate: string | null, limit: number): Promise<CompanyNews[]> {
    const rows = await this.load('news', ticker, (row, t) => {
      const when = text(row, 'date');
      if (parseIsoDay(when.slice(0, 10)) === null) throw new RowError(`date "${when}" does not start with a date (YYYY-MM-DD)`);
      const sentiment = optionalText(row, 'sentiment');
      if (sentiment !== null && !SENTIMENTS.includes(sentiment)) throw new RowError(`sentiment "${sentiment}" must be one of ${SENTIMENTS.join(', ')}`);
      return { ticker: t, title: text(row, 'title'), author: optionalText(row, 'author'), source: text(row, 'source'), date: when, url: text(row, 'url'), sentiment: sentiment as NewsSentiment | null };
    });
    return newestFirst(rows.filter((n) => n.date.slice(0, 10) <= endDate && (startDate === null || n.date.slice(0, 10) >= startDate)), (n) => n.date).slice(0, limit);
  }

  /** The market_cap of the latest financial_metrics row (any period) reported on or before the date. */
  async getMarketCap(ticker: string, endDate: string): Promise<number | null> {
    const all = await Promise.all((['ttm', 'quarterly', 'annual'] as const).map((p) => this.getFinancialMetrics(ticker, endDate, p, 1)));
    const latest = newestFirst(all.flat(), (m) => m.report_period).find((m) => m.market_cap !== null);
    return latest?.market_cap ?? null;
  }

  /**
   * Minute bars of `symbol` from `minute_bars/<SYMBOL>.csv`, or from the file a request names (an upload
   * under market-data), read by the engine's bar reader (NinjaTrader, TradingView, Databento, generic;
   * detected or forced). Bars whose CME trading day (17:00 CT of the day before → 17:00 CT) falls in
   * [startDate, endDate] are returned. A read file is reused until it changes.
   */
  async getMinuteBars(symbol: string, startDate: string, endDate: string, { barFile: file }: ProviderOptions = {}): Promise<SourcedMinuteBars> {
    const names = barFileNames(symbol, file);
    const shipped = file?.contents;
    let stamp: string;
    let where: readonly string[];
    let readBytes: (i: number) => Promise<Uint8Array>;
    if (shipped !== undefined) {
      // Content shipped with the job (scale-out): the same names, the bytes from the accepting API.
      const byName = new Map(shipped.map((c) => [c.name, c.bytes]));
      const contents = names.map((name) => {
        const bytes = byName.get(name);
        if (bytes === undefined) throw new MarketDataError('NOT_FOUND', `No minute bars for ${symbol}: ${name} was not shipped with the job.`);
        return bytes;
      });
      where = names.map((name) => `shipped:${name}`);
      stamp = JSON.stringify(contents.map((bytes) => [bytes.byteLength, hashOf(bytes)]));
      readBytes = async (i) => contents[i];
    } else {
      const paths = names.map((name) => this.pathInside(name));
      const infos = await Promise.all(paths.map((path, i) => this.statFile(path, names[i], symbol)));
      where = paths;
      stamp = JSON.stringify([infos.map((info) => [info.mtimeMs, info.size])]);
      readBytes = (i) => readFile(paths[i]);
    }
    const key = JSON.stringify([where, file?.format ?? 'auto', file?.tz ?? null, file?.contract ?? null, file?.roll ?? null, file?.backAdjust ?? null, symbol]);
    let cached = this.barFiles.get(key);
    if (cached === undefined || cached.stamp !== stamp) {
      const options = { format: file?.format, tz: file?.tz, symbol, field: file === undefined ? 'symbol' : file.roll === undefined ? 'csv_file' : 'csv_files' };
      let bars: MinuteBars;
      let origin: MinuteBarOrigin;
      if (file?.roll === undefined) {
        const read = readMinuteBars(await readBytes(0), { ...options, contract: file?.contract, source: names[0] });
        const foreign = foreignContractMessage(names[0], read.contract, symbol, 'symbol');
        if (foreign !== null) throw new MarketDataError('INVALID_REQUEST', `${foreign}.`, options.field);
        bars = read.bars;
        origin = { files: [{ name: names[0], format: read.info.format, stamp: read.info.stamp, time_zone: read.info.time_zone, contract: read.contract, rows: read.info.rows }], continuous: null };
      } else {
        if (!isContractSymbol(symbol)) throw new MarketDataError('INVALID_REQUEST', `symbol "${symbol}" is not a futures contract that can be rolled.`, 'symbol');
        const files = await Promise.all(names.map(async (name, i) => ({ name, bytes: await readBytes(i) })));
        const contracts = contractsFromFiles(files, options);
        const series = buildContinuousBars(symbol as ContractSymbol, contracts, file.roll, file.backAdjust ?? 'none');
        bars = series.bars;
        origin = {
          files: contracts.flatMap(({ contract, file: read }) =>
            read === undefined ? [] : [{ name: read.name, format: read.info.format, stamp: read.info.stamp, time_zone: read.info.time_zone, contract: contract.name, rows: read.info.rows }],
          ),
          continuous: { rule: series.rule, back_adjust: series.back_adjust, segments: series.segments, rolls: series.rolls },
        };
      }
      cached = { stamp, bars, origin };
      if (this.barFiles.size >= MAX_CACHED_BAR_FILES) this.barFiles.delete(this.barFiles.keys().next().value as string);
      this.barFiles.set(key, cached);
    }
    return { ...sliceTradingDays(cached.bars, symbol, startDate, endDate), origin: cached.origin };
  }

  /** The files `getMinuteBars` would read for the same request, checked and read (see MarketDataPort.readMinuteBarFiles). */
  async readMinuteBarFiles(symbol: string, { barFile: file }: ProviderOptions = {}): Promise<MinuteBarFileContent[]> {
    const names = barFileNames(symbol, file);
    const paths = names.map((name) => this.pathInside(name));
    await Promise.all(paths.map((path, i) => this.statFile(path, names[i], symbol)));
    return Promise.all(names.map(async (name, i) => ({ name, bytes: await readFile(paths[i]) })));
  }

  /** A path inside the csv directory; a name that climbs out of it is refused. */
  private pathInside(relative: string): string {
    const path = resolve(this.dir, relative);
    const inside = relativePath(this.dir, path);
    if (relative.trim() === '' || isAbsolute(relative) || inside.startsWith('..') || isAbsolute(inside)) {
      throw new MarketDataError('INVALID_REQUEST', `csv_file "${relative}" must name a file inside the market-data directory (as uploaded with POST /storage/upload?directory=market-data).`, 'csv_file');
    }
    return path;
  }

  private async statFile(path: string, relative: string, symbol: string): Promise<{ mtimeMs: number; size: number }> {
    try {
      const info = await stat(path);
      if (info.isFile()) return info;
    } catch {
      // reported below
    }
    throw new MarketDataError('NOT_FOUND', `No minute bars for ${symbol}: ${relative} is missing from the market-data directory.`);
  }
}

const MAX_CACHED_BAR_FILES = 8;

/** The names of the files a minute-bar request reads: its rolled files, its one file, or `minute_bars/<SYMBOL>.csv`. */
function barFileNames(symbol: string, file: MinuteBarFileRequest | undefined): readonly string[] {
  return file?.roll !== undefined && file.files !== undefined && file.files.length > 0 ? file.files : [file?.file ?? `minute_bars/${symbol}.csv`];
}

function hashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
const DAY_MS = 86_400_000;
const GLOBEX_OPEN_MINUTE = 17 * 60;

/** First index with time >= t in a sorted column. */
function lowerBound(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The bars of the CME trading days [startDate, endDate]: from 17:00 CT the evening before to 17:00 CT. */
function sliceTradingDays(bars: MinuteBars, symbol: string, startDate: string, endDate: string): MinuteBars {
  const from = lowerBound(bars.time, chicagoWallTimeToEpoch(Date.parse(startDate) / DAY_MS - 1, GLOBEX_OPEN_MINUTE));
  const to = lowerBound(bars.time, chicagoWallTimeToEpoch(Date.parse(endDate) / DAY_MS, GLOBEX_OPEN_MINUTE));
  return {
    symbol,
    time: bars.time.slice(from, to),
    open: bars.open.slice(from, to),
    high: bars.high.slice(from, to),
    low: bars.low.slice(from, to),
    close: bars.close.slice(from, to),
    volume: bars.volume.slice(from, to),
  };
}

function booleanOf(value: string): boolean {
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === '1' || lower === 'yes') return true;
  if (lower === 'false' || lower === '0' || lower === 'no') return false;
  throw new RowError(`is_board_director "${value}" must be true or false`);
}

function newestFirst<T>(items: T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
}

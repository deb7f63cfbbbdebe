import { Inject, Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../../../config';
import type { CompanyNews, FinancialMetrics, InsiderTrade, LineItem, MinuteBars, NewsSentiment, PriceBar, ReportPeriod } from '../../../engine';
import { parseDay, SESSION_TIME_ZONE } from '../../../engine';
import { MarketDataError } from '../market-data.error';
import type { MarketDataProvider } from './market-data-provider';

type Row = Record<string, string>;
type Dataset = 'prices' | 'financial_metrics' | 'line_items' | 'insider_trades' | 'news' | 'minute_bars';

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
  if (parseDay(value) === null) throw new RowError(`${field} "${value}" is not a date (YYYY-MM-DD)`);
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

function minuteTime(row: Row): number {
  const value = row.time ?? '';
  if (/^\d{12,14}$/.test(value)) return Number(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new RowError(`time "${value}" must be epoch milliseconds or ISO 8601 with a UTC offset (2024-03-08T08:30:00-06:00)`);
  }
  return Date.parse(value);
}

const REQUIRED: Record<Dataset, readonly string[]> = {
  prices: ['date', 'open', 'high', 'low', 'close', 'volume'],
  financial_metrics: ['report_period', 'period'],
  line_items: ['report_period', 'period'],
  insider_trades: ['filing_date'],
  news: ['date', 'title', 'source', 'url'],
  minute_bars: ['time', 'open', 'high', 'low', 'close', 'volume'],
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
      if (parseDay(when.slice(0, 10)) === null) throw new RowError(`date "${when}" does not start with a date (YYYY-MM-DD)`);
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

  async getMinuteBars(symbol: string, startDate: string, endDate: string): Promise<MinuteBars> {
    const rows = await this.load('minute_bars', symbol, (row) => ({ time: minuteTime(row), ...ohlc(row) }));
    // A bar belongs to the trading day of its open time in the exchange's time zone.
    const inRange = rows
      .filter((bar) => {
        const sessionDay = DateTime.fromMillis(bar.time, { zone: SESSION_TIME_ZONE }).toISODate() ?? '';
        return sessionDay >= startDate && sessionDay <= endDate;
      })
      .sort((a, b) => a.time - b.time);
    const columns: MinuteBars = {
      symbol,
      time: Float64Array.from(inRange, (b) => b.time),
      open: Float64Array.from(inRange, (b) => b.open),
      high: Float64Array.from(inRange, (b) => b.high),
      low: Float64Array.from(inRange, (b) => b.low),
      close: Float64Array.from(inRange, (b) => b.close),
      volume: Float64Array.from(inRange, (b) => b.volume),
    };
    return columns;
  }
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

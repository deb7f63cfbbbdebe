import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { CompanyNews, FinancialMetrics, InsiderTrade, LineItem, MinuteBars, PriceBar, ReportPeriod } from '../../../engine';
import { ApiKeyLookup, FINANCIAL_DATASETS_KEY_NAME } from '../api-key-lookup';
import { type DateRange, missingRanges } from '../date-ranges';
import { MarketDataCache } from '../market-data-cache';
import { MarketDataError } from '../market-data.error';
import { FinancialDatasetsClient } from './financial-datasets.client';
import type { ProviderOptions } from '../market-data.port';
import type { MarketDataProvider } from './market-data-provider';

const NAME = 'financialdatasets';
const MAX_PAGES = 20;

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

function yesterdayUtc(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The array under `key` of an upstream response; anything else is an upstream error, not "no data". */
function listOf(json: unknown, key: string, path: string): Record<string, unknown>[] {
  const list = isRecord(json) ? json[key] : undefined;
  if (!Array.isArray(list) || !list.every(isRecord)) {
    throw new MarketDataError('UPSTREAM', `financialdatasets answered ${path} without a "${key}" list.`);
  }
  return list;
}

function toPriceBar(raw: Record<string, unknown>): PriceBar {
  const { time, open, high, low, close, volume } = raw;
  if (typeof time !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(time) || [open, high, low, close, volume].some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new MarketDataError('UPSTREAM', `financialdatasets returned a malformed price bar: ${JSON.stringify(raw).slice(0, 200)}.`);
  }
  return { time: time.slice(0, 10), open: open as number, high: high as number, low: low as number, close: close as number, volume: volume as number };
}

function dateField(raw: Record<string, unknown>, field: string): string {
  const value = raw[field];
  if (typeof value !== 'string') throw new MarketDataError('UPSTREAM', `financialdatasets returned an item without a ${field}.`);
  return value;
}

/**
 * The anchor's data API. Prices are cached by date with the ranges already fetched, so an overlapping
 * request fetches only the missing part; the limit-based look-ups are cached per request once their
 * end date is in the past (a past answer does not change).
 */
@Injectable()
export class FinancialDatasetsProvider implements MarketDataProvider {
  readonly name = NAME;
  readonly synthetic = false;

  constructor(
    private readonly client: FinancialDatasetsClient,
    private readonly cache: MarketDataCache,
    private readonly apiKeys: ApiKeyLookup,
  ) {}

  async unavailableReason(): Promise<string | null> {
    if ((await this.apiKeys.getKey(FINANCIAL_DATASETS_KEY_NAME)) !== null) return null;
    return `the financialdatasets provider needs an API key: store ${FINANCIAL_DATASETS_KEY_NAME} with POST /api-keys or set the environment variable`;
  }

  async getPrices(ticker: string, startDate: string, endDate: string, { signal }: ProviderOptions = {}): Promise<PriceBar[]> {
    const wanted: DateRange = { start: startDate, end: endDate };
    const gaps = missingRanges(wanted, await this.cache.coveredRanges(NAME, 'prices', ticker));
    for (const gap of gaps) {
      const json = await this.client.request(
        { method: 'GET', path: '/prices/', query: { ticker, interval: 'day', interval_multiplier: 1, start_date: gap.start, end_date: gap.end } },
        signal,
      );
      const bars = listOf(json, 'prices', '/prices/').map(toPriceBar).filter((bar) => bar.time >= gap.start && bar.time <= gap.end);
      // Only settled days count as covered: today's bar may still change, so it is fetched again next time.
      const settledEnd = gap.end < todayUtc() ? gap.end : yesterdayUtc();
      const rows = bars.filter((bar) => bar.time <= settledEnd).map((bar) => ({ key: bar.time, date: bar.time, payload: bar }));
      if (settledEnd >= gap.start) await this.cache.storeRange(NAME, 'prices', ticker, { start: gap.start, end: settledEnd }, rows);
      if (settledEnd < gap.end) return this.mergeLive(ticker, wanted, bars.filter((bar) => bar.time > settledEnd));
    }
    return (await this.cache.rowsBetween(NAME, 'prices', ticker, wanted)) as PriceBar[];
  }

  private async mergeLive(ticker: string, wanted: DateRange, live: PriceBar[]): Promise<PriceBar[]> {
    const cached = (await this.cache.rowsBetween(NAME, 'prices', ticker, wanted)) as PriceBar[];
    return [...cached.filter((bar) => !live.some((l) => l.time === bar.time)), ...live].sort((a, b) => (a.time < b.time ? -1 : 1));
  }

  /** A look-up whose answer for a past end date never changes: served from the response cache when known. */
  private async cached<T>(dataset: string, key: object, endDate: string, fetch: () => Promise<T>): Promise<T> {
    // Hashed: a line-item request may name any number of items, the key column has a fixed width.
    const requestKey = createHash('sha256').update(JSON.stringify(key)).digest('hex');
    const hit = await this.cache.response(NAME, dataset, requestKey);
    if (hit !== undefined) return hit as T;
    const value = await fetch();
    if (endDate < todayUtc()) await this.cache.storeResponse(NAME, dataset, requestKey, value);
    return value;
  }

  getFinancialMetrics(ticker: string, endDate: string, period: ReportPeriod, limit: number, { signal }: ProviderOptions = {}): Promise<FinancialMetrics[]> {
    return this.cached('financial_metrics', { ticker, endDate, period, limit }, endDate, async () => {
      const json = await this.client.request(
        { method: 'GET', path: '/financial-metrics/', query: { ticker, report_period_lte: endDate, limit, period } },
        signal,
      );
      return listOf(json, 'financial_metrics', '/financial-metrics/') as unknown as FinancialMetrics[];
    });
  }

  searchLineItems(ticker: string, lineItems: readonly string[], endDate: string, period: ReportPeriod, limit: number, { signal }: ProviderOptions = {}): Promise<LineItem[]> {
    return this.cached('line_items', { ticker, lineItems, endDate, period, limit }, endDate, async () => {
      const json = await this.client.request(
        { method: 'POST', path: '/financials/search/line-items', body: { tickers: [ticker], line_items: lineItems, end_date: endDate, period, limit } },
        signal,
      );
      return (listOf(json, 'search_results', '/financials/search/line-items') as unknown as LineItem[]).slice(0, limit);
    });
  }

  getInsiderTrades(ticker: string, endDate: string, startDate: string | null, limit: number, { signal }: ProviderOptions = {}): Promise<InsiderTrade[]> {
    return this.cached('insider_trades', { ticker, endDate, startDate, limit }, endDate, () =>
      this.paged<InsiderTrade>('/insider-trades/', 'insider_trades', 'filing_date', endDate, startDate, limit, signal, (end) => ({
        ticker,
        filing_date_lte: end,
        filing_date_gte: startDate ?? undefined,
        limit,
      })),
    );
  }

  getCompanyNews(ticker: string, endDate: string, startDate: string | null, limit: number, { signal }: ProviderOptions = {}): Promise<CompanyNews[]> {
    return this.cached('news', { ticker, endDate, startDate, limit }, endDate, () =>
      this.paged<CompanyNews>('/news/', 'news', 'date', endDate, startDate, limit, signal, (end) => ({
        ticker,
        end_date: end,
        start_date: startDate ?? undefined,
        limit,
      })),
    );
  }

  /**
   * The anchor's pagination: when a start date is given and a full page came back, ask again with the
   * end moved back to the oldest date of the page, until the start is reached (bounded).
   */
  private async paged<T>(
    path: string,
    key: string,
    dateKey: string,
    endDate: string,
    startDate: string | null,
    limit: number,
    signal: AbortSignal | undefined,
    query: (end: string) => Record<string, string | number | undefined>,
  ): Promise<T[]> {
    const all: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    let end = endDate;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const items = listOf(await this.client.request({ method: 'GET', path, query: query(end) }, signal), key, path);
      for (const item of items) {
        const id = JSON.stringify(item);
        if (!seen.has(id)) {
          seen.add(id);
          all.push(item);
        }
      }
      if (startDate === null || items.length < limit) break;
      const oldest = items.map((item) => dateField(item, dateKey).slice(0, 10)).sort()[0];
      if (oldest <= startDate || oldest >= end) break;
      end = oldest;
    }
    return all as unknown as T[];
  }

  async getMarketCap(ticker: string, endDate: string, { signal }: ProviderOptions = {}): Promise<number | null> {
    if (endDate === todayUtc()) {
      const json = await this.client.request({ method: 'GET', path: '/company/facts/', query: { ticker } }, signal);
      const facts = isRecord(json) ? json.company_facts : undefined;
      if (!isRecord(facts)) throw new MarketDataError('UPSTREAM', 'financialdatasets answered /company/facts/ without "company_facts".');
      return typeof facts.market_cap === 'number' ? facts.market_cap : null;
    }
    const [latest] = await this.getFinancialMetrics(ticker, endDate, 'ttm', 1, { signal });
    return latest === undefined || typeof latest.market_cap !== 'number' ? null : latest.market_cap;
  }

  getMinuteBars(_symbol: string, _startDate: string, _endDate: string): Promise<MinuteBars> {
    return Promise.reject(
      new MarketDataError('INVALID_REQUEST', 'The financialdatasets provider has no futures minute bars; use the synthetic or csv provider.', 'provider'),
    );
  }
}

// A prefetching, window-aware view of the market data for a backtest: each series is fetched once for the
// whole run (warm-up included) and every daily read is answered from memory, filtered to what was known on
// the requested end date. That keeps a 10-year run to a handful of port calls per ticker. Every answer is the
// one the port itself would give for that read: reports come with their whole history; insider trades and news
// from a year before the warm-up, and a read that may need older events (a "latest N" that runs out of
// prefetched events) makes the series fetch its whole history once. Reads end on or before the run's end.
import type { CompanyNews, FinancialMetrics, InsiderTrade, LineItem, PriceBar, ReportPeriod } from '../data/types';
import type { DataReadOptions, MarketDataReader } from '../data/reader';
import { shiftIsoDay } from '../civil-days';

const FUNDAMENTALS_LIMIT = 400;
const EVENTS_LIMIT = 100_000;
/** Insider trades and news are first fetched from this many days before the warm-up start. */
const EVENTS_LOOKBACK_DAYS = 365;

/** A prefetched event series and the first date it is complete from (null: its whole history). */
interface EventSeries<T> {
  readonly series: DatedSeries<T>;
  readonly completeFrom: string | null;
}

/** Index of the first element whose key is ≥ `key` (keys ascending). */
function lowerBound<T>(items: readonly T[], key: string, keyOf: (item: T) => string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyOf(items[mid]) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One window of a series: items[from, to). */
interface SeriesWindow<T> {
  readonly from: number;
  readonly to: number;
  readonly items: T[];
}

/**
 * Dated items, newest first, with their dates alongside (undated items are dropped: no window holds them), and
 * the last window answered per limit: while a window's contents stay the same (reports change quarterly,
 * insider trades every few weeks) each read gets the same read-only array, so the agents can remember their
 * analysis of it instead of redoing it every day.
 */
interface DatedSeries<T> {
  readonly items: readonly T[];
  readonly dates: readonly string[];
  readonly lastWindows: Map<number, SeriesWindow<T>>;
}

function newestFirst<T>(items: readonly T[], dateOf: (item: T) => string | null): DatedSeries<T> {
  const dated = items.filter((item) => dateOf(item) !== null);
  dated.sort((a, b) => {
    const da = dateOf(a) as string;
    const db = dateOf(b) as string;
    return da < db ? 1 : da > db ? -1 : 0;
  });
  return { items: dated, dates: dated.map((item) => dateOf(item) as string), lastWindows: new Map() };
}

/** First index whose date is `before` the key (dates descend): `before(date)` is false then true along the series. */
function firstWhere(dates: readonly string[], before: (date: string) => boolean): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(dates[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Items dated within [start, end], newest first, at most `limit` (the same array as the last read of that limit when the window has not moved). */
function newestWithin<T>(series: DatedSeries<T>, end: string, start: string | null, limit: number): T[] {
  const from = firstWhere(series.dates, (date) => date <= end);
  const last = start === null ? series.dates.length : firstWhere(series.dates, (date) => date < start);
  const to = Math.max(from, Math.min(last, from + limit));
  const known = series.lastWindows.get(limit);
  if (known !== undefined && known.from === from && known.to === to) return known.items;
  const items = series.items.slice(from, to);
  series.lastWindows.set(limit, { from, to, items });
  return items;
}

/**
 * Remembers the last answer per key: the agents of one day ask the same question for a ticker. The answer is
 * shared, so callers treat it as read-only (the agents do).
 */
class LastAnswer<T> {
  private readonly answers = new Map<string, { query: string; value: T }>();

  get(key: string, query: string, compute: () => T): T {
    return this.peek(key, query) ?? this.set(key, query, compute());
  }

  peek(key: string, query: string): T | undefined {
    const hit = this.answers.get(key);
    return hit !== undefined && hit.query === query ? hit.value : undefined;
  }

  set(key: string, query: string, value: T): T {
    this.answers.set(key, { query, value });
    return value;
  }
}

export class WindowedData implements MarketDataReader {
  private readonly prices = new Map<string, Promise<PriceBar[]>>();
  private readonly metrics = new Map<string, Promise<DatedSeries<FinancialMetrics>>>();
  private readonly lineItems = new Map<string, Promise<DatedSeries<LineItem>>>();
  private readonly insiderTrades = new Map<string, Promise<EventSeries<InsiderTrade>>>();
  private readonly news = new Map<string, Promise<EventSeries<CompanyNews>>>();
  private readonly lastPrices = new LastAnswer<PriceBar[]>();
  private readonly lastInsiderTrades = new LastAnswer<InsiderTrade[]>();
  private readonly lastNews = new LastAnswer<CompanyNews[]>();
  /** The first date insider trades and news are prefetched from. */
  private readonly eventsFrom: string;
  /** The sorted names of each line-item list a caller passes (the agents pass constant lists: sorted once each). */
  private readonly lineItemNames = new WeakMap<readonly string[], { readonly items: readonly string[]; readonly names: string }>();

  constructor(
    private readonly port: MarketDataReader,
    /** First date of the warm-up history. */
    readonly fromDate: string,
    /** Last date of the run: nothing after it is ever fetched. */
    readonly toDate: string,
    private readonly signal?: AbortSignal,
  ) {
    this.eventsFrom = shiftIsoDay(fromDate, -EVENTS_LOOKBACK_DAYS);
  }

  /**
   * Events dated within [start, end], newest first, at most `limit`, exactly as the port would answer: when the
   * prefetched part cannot prove it holds them all, the whole history is fetched once and used from then on.
   */
  private async events<T>(
    cache: Map<string, Promise<EventSeries<T>>>,
    ticker: string,
    fetch: (start: string | null) => Promise<T[]>,
    dateOf: (item: T) => string | null,
    end: string,
    start: string | null,
    limit: number,
  ): Promise<T[]> {
    const from = this.eventsFrom;
    const entry = await this.memo(cache, ticker, async () => ({ series: newestFirst(await fetch(from), dateOf), completeFrom: from }));
    const found = newestWithin(entry.series, end, start, limit);
    const complete = found.length >= limit || entry.completeFrom === null || (start !== null && start >= entry.completeFrom);
    if (complete) return found;
    const full: EventSeries<T> = { series: newestFirst(await fetch(null), dateOf), completeFrom: null };
    cache.set(ticker, Promise.resolve(full));
    return newestWithin(full.series, end, start, limit);
  }

  private memo<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    let hit = cache.get(key);
    if (!hit) {
      hit = load();
      cache.set(key, hit);
    }
    return hit;
  }

  /** The whole prefetched price series of a ticker (oldest first). */
  allPrices(ticker: string): Promise<PriceBar[]> {
    return this.memo(this.prices, ticker, async () => {
      const bars = await this.port.getPrices(ticker, this.fromDate, this.toDate, { signal: this.signal });
      return [...bars].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    });
  }

  async getPrices(ticker: string, startDate: string, endDate: string, _options?: DataReadOptions): Promise<PriceBar[]> {
    const bars = await this.allPrices(ticker);
    const time = (bar: PriceBar): string => bar.time;
    return this.lastPrices.get(ticker, `${startDate}|${endDate}`, () => bars.slice(lowerBound(bars, startDate, time), lowerBound(bars, endDate + '\u0000', time)));
  }

  async getFinancialMetrics(ticker: string, endDate: string, period: ReportPeriod, limit: number): Promise<FinancialMetrics[]> {
    const all = await this.memo(this.metrics, `${ticker}|${period}`, async () =>
      newestFirst(await this.port.getFinancialMetrics(ticker, this.toDate, period, FUNDAMENTALS_LIMIT, { signal: this.signal }), (m) => m.report_period),
    );
    return newestWithin(all, endDate, null, limit);
  }

  async searchLineItems(ticker: string, lineItems: readonly string[], endDate: string, period: ReportPeriod, limit: number): Promise<LineItem[]> {
    let known = this.lineItemNames.get(lineItems);
    if (known === undefined || known.items.length !== lineItems.length || known.items.some((item, i) => item !== lineItems[i])) {
      known = { items: [...lineItems], names: [...lineItems].sort().join(',') };
      this.lineItemNames.set(lineItems, known);
    }
    const names = known.names;
    const all = await this.memo(this.lineItems, `${ticker}|${period}|${names}`, async () =>
      newestFirst(await this.port.searchLineItems(ticker, lineItems, this.toDate, period, FUNDAMENTALS_LIMIT, { signal: this.signal }), (m) => m.report_period),
    );
    return newestWithin(all, endDate, null, limit);
  }

  async getInsiderTrades(ticker: string, endDate: string, startDate: string | null, limit: number): Promise<InsiderTrade[]> {
    const query = `${endDate}|${startDate}|${limit}`;
    const known = this.lastInsiderTrades.peek(ticker, query);
    if (known) return known;
    const fetch = (start: string | null): Promise<InsiderTrade[]> => this.port.getInsiderTrades(ticker, this.toDate, start, EVENTS_LIMIT, { signal: this.signal });
    const found = await this.events(this.insiderTrades, ticker, fetch, (t) => t.filing_date, endDate, startDate, limit);
    return this.lastInsiderTrades.set(ticker, query, found);
  }

  async getCompanyNews(ticker: string, endDate: string, startDate: string | null, limit: number): Promise<CompanyNews[]> {
    const query = `${endDate}|${startDate}|${limit}`;
    const known = this.lastNews.peek(ticker, query);
    if (known) return known;
    const fetch = (start: string | null): Promise<CompanyNews[]> => this.port.getCompanyNews(ticker, this.toDate, start, EVENTS_LIMIT, { signal: this.signal });
    const found = await this.events(this.news, ticker, fetch, (n) => n.date, endDate, startDate, limit);
    return this.lastNews.set(ticker, query, found);
  }

  /** A view that never answers past `date` (no look-ahead for the agents of that day). */
  asOf(date: string): MarketDataReader {
    const cap = (end: string): string => (end < date ? end : date);
    return {
      getPrices: (ticker, startDate, endDate) => this.getPrices(ticker, startDate, cap(endDate)),
      getFinancialMetrics: (ticker, endDate, period, limit) => this.getFinancialMetrics(ticker, cap(endDate), period, limit),
      searchLineItems: (ticker, items, endDate, period, limit) => this.searchLineItems(ticker, items, cap(endDate), period, limit),
      getInsiderTrades: (ticker, endDate, startDate, limit) => this.getInsiderTrades(ticker, cap(endDate), startDate, limit),
      getCompanyNews: (ticker, endDate, startDate, limit) => this.getCompanyNews(ticker, cap(endDate), startDate, limit),
      getMarketCap: (ticker, endDate) => this.getMarketCap(ticker, cap(endDate)),
    };
  }

  /** Market cap as of `endDate`: the latest TTM metrics reported by then (the anchor's rule for past dates). */
  async getMarketCap(ticker: string, endDate: string): Promise<number | null> {
    const [latest] = await this.getFinancialMetrics(ticker, endDate, 'ttm', 1);
    return latest?.market_cap ?? null;
  }
}

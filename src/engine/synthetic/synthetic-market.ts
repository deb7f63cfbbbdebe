import { civilFromDays, daysFromCivil } from '../civil-days';
import { type DailySeries, generateDailySeries, indexAtOrBefore, priceBarsBetween } from './daily';
import { syntheticFuturesSpec } from './synthetic-futures';
import { generateMinuteBars } from './minute-bars';
import { companyNewsOf, insiderTradesOf } from './events';
import { financialMetricsOf, generateQuarters, lineItemOf, periodRecords, type PeriodRecord } from './fundamentals';
import type { CompanyNews, FinancialMetrics, InsiderTrade, LineItem, MinuteBars, PriceBar, ReportPeriod } from '../data/types';
import { EngineError } from '../errors';

const MIN_SERIES_YEAR = 2035;
const DEFAULT_CACHED_TICKERS = 128;

/**
 * The synthetic market of one seed: every ticker's daily path and every futures symbol's minute bars,
 * deterministic for (ticker, seed). Paths are generated once from 1985 and kept in a small LRU, so
 * repeated look-ups (an agent per day per ticker) cost a binary search.
 */
export class SyntheticMarket {
  private readonly series = new Map<string, DailySeries>();

  constructor(
    readonly seed: number,
    private readonly cachedTickers = DEFAULT_CACHED_TICKERS,
  ) {}

  dailySeries(ticker: string, throughDay: number): DailySeries {
    const cached = this.series.get(ticker);
    if (cached !== undefined && cached.days.length > 0 && cached.days[cached.days.length - 1] >= throughDay - 7) {
      this.series.delete(ticker);
      this.series.set(ticker, cached);
      return cached;
    }
    const year = Math.max(MIN_SERIES_YEAR, civilFromDays(throughDay).year + 1);
    const generated = generateDailySeries(ticker, this.seed, daysFromCivil(year, 12, 31));
    this.series.set(ticker, generated);
    if (this.series.size > this.cachedTickers) {
      const oldest = this.series.keys().next().value;
      if (oldest !== undefined) this.series.delete(oldest);
    }
    return generated;
  }

  prices(ticker: string, startDay: number, endDay: number): PriceBar[] {
    return priceBarsBetween(this.dailySeries(ticker, endDay), startDay, endDay);
  }

  private periods(ticker: string, endDay: number, period: ReportPeriod): PeriodRecord[] {
    return periodRecords(generateQuarters(ticker, this.seed, this.dailySeries(ticker, endDay), endDay), period);
  }

  /** Metrics of the `limit` latest periods whose report_period is on or before `endDay`, newest first. */
  financialMetrics(ticker: string, endDay: number, period: ReportPeriod, limit: number): FinancialMetrics[] {
    const records = this.periods(ticker, endDay, period);
    return records.slice(0, limit).map((record, i) => financialMetricsOf(ticker, record, records[i + 1]));
  }

  lineItems(ticker: string, names: readonly string[], endDay: number, period: ReportPeriod, limit: number): LineItem[] {
    return this.periods(ticker, endDay, period)
      .slice(0, limit)
      .map((record) => lineItemOf(ticker, record, names));
  }

  insiderTrades(ticker: string, endDay: number, startDay: number | null, limit: number): InsiderTrade[] {
    return insiderTradesOf(ticker, this.seed, this.dailySeries(ticker, endDay), endDay, startDay, limit);
  }

  companyNews(ticker: string, endDay: number, startDay: number | null, limit: number): CompanyNews[] {
    return companyNewsOf(ticker, this.seed, this.dailySeries(ticker, endDay), endDay, startDay, limit);
  }

  /** Close on the last trading day on or before `endDay` times the shares of the latest quarter; null before 1985. */
  marketCap(ticker: string, endDay: number): number | null {
    const series = this.dailySeries(ticker, endDay);
    const index = indexAtOrBefore(series.days, endDay);
    const latest = generateQuarters(ticker, this.seed, series, endDay).at(-1);
    if (index < 0 || latest === undefined) return null;
    return series.close[index] * latest.shares;
  }

  minuteBars(symbol: string, startDay: number, endDay: number): MinuteBars {
    const spec = syntheticFuturesSpec(symbol);
    if (spec === undefined) {
      throw new EngineError('INVALID_INPUT', `No synthetic minute bars for "${symbol}": not a supported futures symbol.`, [
        { field: 'symbol', message: `symbol "${symbol}" is not a supported futures symbol` },
      ]);
    }
    return generateMinuteBars(spec, this.dailySeries(spec.root, endDay), this.seed, startDay, endDay);
  }
}

import { civilFromDay, dayNumber } from './calendar';
import { type DailySeries, generateDailySeries, priceBarsBetween } from './daily';
import { futuresSpec } from './futures-specs';
import { generateMinuteBars } from './minute-bars';
import type { MinuteBars, PriceBar } from '../data/types';
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
    const year = Math.max(MIN_SERIES_YEAR, civilFromDay(throughDay).year + 1);
    const generated = generateDailySeries(ticker, this.seed, dayNumber(year, 12, 31));
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

  minuteBars(symbol: string, startDay: number, endDay: number): MinuteBars {
    const spec = futuresSpec(symbol);
    if (spec === undefined) {
      throw new EngineError('INVALID_INPUT', `No synthetic minute bars for "${symbol}": not a supported futures symbol.`, [
        { field: 'symbol', message: `symbol "${symbol}" is not a supported futures symbol` },
      ]);
    }
    return generateMinuteBars(spec, this.dailySeries(spec.root, endDay), this.seed, startDay, endDay);
  }
}

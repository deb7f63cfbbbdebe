import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config';
import {
  type CompanyNews,
  type FinancialMetrics,
  futuresSpec,
  FUTURES_SYMBOLS,
  type InsiderTrade,
  type LineItem,
  type MinuteBars,
  parseDay,
  type PriceBar,
  type ReportPeriod,
  SYNTHETIC_ORIGIN_DAY,
  SyntheticMarket,
} from '../../../engine';
import { MarketDataError } from '../market-data.error';
import type { MarketDataProvider } from './market-data-provider';

function day(text: string): number {
  const parsed = parseDay(text);
  if (parsed === null) throw new MarketDataError('INVALID_REQUEST', `"${text}" is not a date (YYYY-MM-DD).`);
  return parsed;
}

/** Generated data (the default): deterministic for (ticker, seed), any ticker, any range from 1985. */
@Injectable()
export class SyntheticProvider implements MarketDataProvider {
  readonly name = 'synthetic' as const;
  readonly synthetic = true;
  private readonly market: SyntheticMarket;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.market = new SyntheticMarket(config.marketData.syntheticSeed);
  }

  private range(startDate: string, endDate: string): [number, number] {
    return [Math.max(day(startDate), SYNTHETIC_ORIGIN_DAY), day(endDate)];
  }

  async getPrices(ticker: string, startDate: string, endDate: string): Promise<PriceBar[]> {
    const [start, end] = this.range(startDate, endDate);
    return this.market.prices(ticker, start, end);
  }

  async getMinuteBars(symbol: string, startDate: string, endDate: string): Promise<MinuteBars> {
    if (futuresSpec(symbol) === undefined) {
      throw new MarketDataError('INVALID_REQUEST', `symbol "${symbol}" is not a supported futures symbol (${FUTURES_SYMBOLS.join(', ')}).`, 'symbol');
    }
    const [start, end] = this.range(startDate, endDate);
    return this.market.minuteBars(symbol, start, end);
  }

  async getFinancialMetrics(_ticker: string, _endDate: string, _period: ReportPeriod, _limit: number): Promise<FinancialMetrics[]> {
    throw new MarketDataError('UNAVAILABLE', 'Synthetic financial metrics are not generated yet.');
  }

  async searchLineItems(_ticker: string, _items: readonly string[], _endDate: string, _period: ReportPeriod, _limit: number): Promise<LineItem[]> {
    throw new MarketDataError('UNAVAILABLE', 'Synthetic line items are not generated yet.');
  }

  async getInsiderTrades(_ticker: string, _endDate: string, _startDate: string | null, _limit: number): Promise<InsiderTrade[]> {
    throw new MarketDataError('UNAVAILABLE', 'Synthetic insider trades are not generated yet.');
  }

  async getCompanyNews(_ticker: string, _endDate: string, _startDate: string | null, _limit: number): Promise<CompanyNews[]> {
    throw new MarketDataError('UNAVAILABLE', 'Synthetic news is not generated yet.');
  }

  async getMarketCap(_ticker: string, _endDate: string): Promise<number | null> {
    throw new MarketDataError('UNAVAILABLE', 'Synthetic market cap is not generated yet.');
  }
}

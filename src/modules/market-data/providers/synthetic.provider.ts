import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config';
import {
  type CompanyNews,
  type FinancialMetrics,
  syntheticFuturesSpec,
  SYNTHETIC_FUTURES_SYMBOLS,
  type InsiderTrade,
  type LineItem,
  type MinuteBars,
  parseIsoDay,
  type PriceBar,
  type ReportPeriod,
  SYNTHETIC_ORIGIN_DAY,
  SyntheticMarket,
} from '../../../engine';
import { MarketDataError } from '../market-data.error';
import type { MarketDataProvider } from './market-data-provider';

function day(text: string): number {
  const parsed = parseIsoDay(text);
  if (parsed === null) throw new MarketDataError('INVALID_REQUEST', `"${text}" is not a date (YYYY-MM-DD).`);
  return parsed;
}

/** Generated data (the default): deterministic for (ticker, seed), any ticker, any range from 1985. */
@Injectable()
export class SyntheticProvider implements MarketDataProvider {
  readonly name = 'synthetic' as const;
  readonly synthetic = true;
  private readonly market: SyntheticMarket;

  unavailableReason(): Promise<string | null> {
    return Promise.resolve(null);
  }

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
    if (syntheticFuturesSpec(symbol) === undefined) {
      throw new MarketDataError('INVALID_REQUEST', `symbol "${symbol}" is not a supported futures symbol (${SYNTHETIC_FUTURES_SYMBOLS.join(', ')}).`, 'symbol');
    }
    const [start, end] = this.range(startDate, endDate);
    return this.market.minuteBars(symbol, start, end);
  }

  async getFinancialMetrics(ticker: string, endDate: string, period: ReportPeriod, limit: number): Promise<FinancialMetrics[]> {
    return this.market.financialMetrics(ticker, day(endDate), period, limit);
  }

  async searchLineItems(ticker: string, lineItems: readonly string[], endDate: string, period: ReportPeriod, limit: number): Promise<LineItem[]> {
    return this.market.lineItems(ticker, lineItems, day(endDate), period, limit);
  }

  async getInsiderTrades(ticker: string, endDate: string, startDate: string | null, limit: number): Promise<InsiderTrade[]> {
    return this.market.insiderTrades(ticker, day(endDate), startDate === null ? null : day(startDate), limit);
  }

  async getCompanyNews(ticker: string, endDate: string, startDate: string | null, limit: number): Promise<CompanyNews[]> {
    return this.market.companyNews(ticker, day(endDate), startDate === null ? null : day(startDate), limit);
  }

  async getMarketCap(ticker: string, endDate: string): Promise<number | null> {
    return this.market.marketCap(ticker, day(endDate));
  }
}

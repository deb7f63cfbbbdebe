import { EXCHANGE_ZONE, type MinuteBars, type PriceBar } from '../../engine';
import type { BarsResponseDto, MinuteBarDto, PricesResponseDto } from './dto/market-data-response.dto';
import type { MarketDataProvider } from './providers/market-data-provider';

export function toPricesResponse(provider: MarketDataProvider, ticker: string, prices: readonly PriceBar[]): PricesResponseDto {
  return { ticker, provider: provider.name, synthetic: provider.synthetic, prices: prices.map((p) => ({ ...p })) };
}

export function toBarsResponse(provider: MarketDataProvider, bars: MinuteBars, startDate: string, endDate: string): BarsResponseDto {
  const rows: MinuteBarDto[] = new Array<MinuteBarDto>(bars.time.length);
  for (let i = 0; i < bars.time.length; i += 1) {
    rows[i] = {
      time: new Date(bars.time[i]).toISOString(),
      time_ms: bars.time[i],
      open: bars.open[i],
      high: bars.high[i],
      low: bars.low[i],
      close: bars.close[i],
      volume: bars.volume[i],
    };
  }
  return {
    symbol: bars.symbol,
    provider: provider.name,
    synthetic: provider.synthetic,
    time_zone: EXCHANGE_ZONE,
    start_date: startDate,
    end_date: endDate,
    bars: rows,
  };
}

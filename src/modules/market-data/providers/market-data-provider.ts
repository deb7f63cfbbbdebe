import type { MarketDataReader } from '../../../engine';
import type { DataProviderName, ProviderOptions, SourcedMinuteBars } from '../market-data.port';

/**
 * One source of market data: the engine's `MarketDataReader` plus minute bars. The service validates every
 * argument (upper-case ticker, real dates, start ≤ end, bounded range, limit from 1 to 10 000) before a
 * provider sees it; a provider used on its own (the CLIs) reads what it is given.
 */
export interface MarketDataProvider extends MarketDataReader<ProviderOptions> {
  readonly name: DataProviderName;
  /** True when the data is generated rather than observed; surfaced in every HTTP payload. */
  readonly synthetic: boolean;
  /** Why this provider cannot serve right now (no API key, no directory), or null when it can. */
  unavailableReason(): Promise<string | null>;
  /** `options.barFile` (csv provider only; the service refuses it for the others) names the file to read. */
  getMinuteBars(symbol: string, startDate: string, endDate: string, options?: ProviderOptions): Promise<SourcedMinuteBars>;
}

// The synthetic market as a MarketDataReader (what the `synthetic` provider serves over HTTP), for engine
// specs, benchmarks and tools that run agents without the Nest market-data module.
import type { MarketDataReader } from '../data/reader';
import { EngineError } from '../errors';
import { parseIsoDay } from '../civil-days';
import { SYNTHETIC_ORIGIN_DAY } from './daily';
import type { SyntheticMarket } from './synthetic-market';

function day(text: string, field: string): number {
  const parsed = parseIsoDay(text);
  if (parsed === null) throw new EngineError('INVALID_INPUT', `${field} "${text}" is not a date (YYYY-MM-DD).`, [{ field, message: 'must be a date (YYYY-MM-DD)' }]);
  return parsed;
}

/** A market-data reader over one synthetic market; date windows start no earlier than the synthetic origin (1985). */
export function syntheticAgentData(market: SyntheticMarket): MarketDataReader {
  const optionalDay = (text: string | null): number | null => (text === null ? null : day(text, 'start_date'));
  return {
    getPrices: async (ticker, start, end) => market.prices(ticker, Math.max(day(start, 'start_date'), SYNTHETIC_ORIGIN_DAY), day(end, 'end_date')),
    getFinancialMetrics: async (ticker, end, period, limit) => market.financialMetrics(ticker, day(end, 'end_date'), period, limit),
    searchLineItems: async (ticker, items, end, period, limit) => market.lineItems(ticker, items, day(end, 'end_date'), period, limit),
    getInsiderTrades: async (ticker, end, start, limit) => market.insiderTrades(ticker, day(end, 'end_date'), optionalDay(start), limit),
    getCompanyNews: async (ticker, end, start, limit) => market.companyNews(ticker, day(end, 'end_date'), optionalDay(start), limit),
    getMarketCap: async (ticker, end) => market.marketCap(ticker, day(end, 'end_date')),
  };
}

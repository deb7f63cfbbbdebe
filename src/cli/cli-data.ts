// Market data for the CLIs: the synthetic provider the server uses, without Nest or a database.
import { loadConfigFromProcess } from '../config';
import type { AgentDataPort } from '../engine';
import type { MarketDataProvider } from '../modules/market-data/providers/market-data-provider';
import { SyntheticProvider } from '../modules/market-data/providers/synthetic.provider';

/** An agent data port over one provider; the abort signal reaches every fetch. */
export function providerPort(provider: MarketDataProvider): AgentDataPort {
  return {
    getPrices: (ticker, start, end, options) => provider.getPrices(ticker, start, end, options?.signal),
    getFinancialMetrics: (ticker, end, period, limit, options) => provider.getFinancialMetrics(ticker, end, period, limit, options?.signal),
    searchLineItems: (ticker, items, end, period, limit, options) => provider.searchLineItems(ticker, items, end, period, limit, options?.signal),
    getInsiderTrades: (ticker, end, start, limit, options) => provider.getInsiderTrades(ticker, end, start, limit, options?.signal),
    getCompanyNews: (ticker, end, start, limit, options) => provider.getCompanyNews(ticker, end, start, limit, options?.signal),
    getMarketCap: (ticker, end, options) => provider.getMarketCap(ticker, end, options?.signal),
  };
}

/** Synthetic data seeded as the server's (SYNTHETIC_SEED and the other market-data settings apply). */
export function syntheticDataPort(): AgentDataPort {
  return providerPort(new SyntheticProvider(loadConfigFromProcess({ LOG_LEVEL: 'silent' })));
}

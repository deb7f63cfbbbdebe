// Market data for the CLIs: the same routing service the server uses, built without Nest.
import { loadConfigFromProcess } from '../config';
import type { AgentDataPort } from '../engine';
import { providerData } from '../modules/hedge-fund/hedge-fund.service';
import type { DataProviderName } from '../modules/market-data/market-data.port';
import { MarketDataService } from '../modules/market-data/market-data.service';
import { SyntheticProvider } from '../modules/market-data/providers/synthetic.provider';

export function cliDataPort(provider: DataProviderName): AgentDataPort {
  const config = loadConfigFromProcess({ LOG_LEVEL: 'silent' });
  return providerData(new MarketDataService(config, new SyntheticProvider(config)), provider);
}

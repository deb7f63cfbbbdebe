// Market data for the CLIs: the synthetic provider the server uses, without Nest or a database.
import { loadConfigFromProcess } from '../config';
import type { MarketDataReader } from '../engine';
import { SyntheticProvider } from '../modules/market-data/providers/synthetic.provider';

/** Synthetic data seeded as the server's (SYNTHETIC_SEED and the other market-data settings apply). */
export function syntheticReader(): MarketDataReader {
  return new SyntheticProvider(loadConfigFromProcess({ LOG_LEVEL: 'silent' }));
}

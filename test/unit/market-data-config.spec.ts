import { resolve } from 'node:path';
import { loadConfig } from '../../src/config';

describe('market-data configuration', () => {
  it('defaults to the synthetic provider, a csv dir under DATA_DIR and the public financialdatasets URL', () => {
    const config = loadConfig({ DATA_DIR: '/srv/hf' });
    expect(config.marketData).toEqual({
      provider: 'synthetic',
      csvDir: resolve('/srv/hf', 'market-data'),
      syntheticSeed: 42,
      maxRangeDays: 7320,
      maxMinuteRangeDays: 400,
      financialDatasets: {
        baseUrl: 'https://api.financialdatasets.ai',
        apiKey: null,
        timeoutMs: 30000,
        maxRetries: 4,
        retryBaseMs: 1000,
        retryMaxMs: 60000,
      },
    });
  });

  it('reads every setting', () => {
    const config = loadConfig({
      MARKET_DATA_PROVIDER: 'CSV',
      MARKET_DATA_CSV_DIR: '/data/mine',
      MARKET_DATA_SEED: '7',
      MARKET_DATA_MAX_RANGE_DAYS: '365',
      MARKET_DATA_MAX_MINUTE_RANGE_DAYS: '30',
      FINANCIAL_DATASETS_BASE_URL: 'http://127.0.0.1:9999/',
      FINANCIAL_DATASETS_API_KEY: 'k-123',
      FINANCIAL_DATASETS_TIMEOUT_MS: '5000',
      FINANCIAL_DATASETS_MAX_RETRIES: '0',
    });
    expect(config.marketData).toMatchObject({ provider: 'csv', csvDir: '/data/mine', syntheticSeed: 7, maxRangeDays: 365, maxMinuteRangeDays: 30 });
    expect(config.marketData.financialDatasets).toMatchObject({ baseUrl: 'http://127.0.0.1:9999', apiKey: 'k-123', timeoutMs: 5000, maxRetries: 0 });
  });

  it.each([
    [{ MARKET_DATA_PROVIDER: 'yahoo' }, 'Invalid configuration: MARKET_DATA_PROVIDER must be one of synthetic, csv, financialdatasets, got "yahoo"'],
    [{ FINANCIAL_DATASETS_BASE_URL: 'ftp://x' }, 'Invalid configuration: FINANCIAL_DATASETS_BASE_URL must be an http(s) URL, got "ftp://x"'],
    [{ MARKET_DATA_MAX_RANGE_DAYS: '0' }, 'Invalid configuration: MARKET_DATA_MAX_RANGE_DAYS must be between 1 and 36600, got 0'],
    [{ FINANCIAL_DATASETS_TIMEOUT_MS: 'soon' }, 'Invalid configuration: FINANCIAL_DATASETS_TIMEOUT_MS must be an integer, got "soon"'],
  ])('rejects %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

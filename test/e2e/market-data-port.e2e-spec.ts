import type { NestExpressApplication } from '@nestjs/platform-express';
import { MarketDataPort } from '../../src/modules/market-data/market-data.port';
import { createTestApp } from '../support/app';

describe('MarketDataPort in the application', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp({ env: { MARKET_DATA_PROVIDER: undefined, MARKET_DATA_SEED: '42' } });
  });

  afterAll(async () => {
    await app.close();
  });

  it('is bound and answers from the synthetic provider by default', async () => {
    const port = app.get(MarketDataPort);
    const bars = await port.getPrices('aapl', '2024-01-01', '2024-01-31');
    // January 2024 has 21 NYSE sessions (New Year's Day and MLK Day closed).
    expect(bars).toHaveLength(21);
    expect(bars[0].time).toBe('2024-01-02');
    const again = await port.getPrices('AAPL', '2024-01-01', '2024-01-31', { provider: 'synthetic' });
    expect(again).toEqual(bars);
  });

  it('serves minute bars of a futures symbol', async () => {
    const bars = await app.get(MarketDataPort).getMinuteBars('MES', '2024-06-03', '2024-06-04');
    expect(bars.symbol).toBe('MES');
    expect(bars.close).toHaveLength(2 * 390);
  });

  it('rejects an end date before the start date with a typed error naming the field', async () => {
    await expect(app.get(MarketDataPort).getPrices('AAPL', '2024-02-01', '2024-01-01')).rejects.toMatchObject({
      code: 'VALIDATION',
      errors: [{ field: 'end_date', message: 'end_date 2024-01-01 is before start_date 2024-02-01.' }],
    });
  });
});

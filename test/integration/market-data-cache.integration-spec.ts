import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { parseIsoDay } from '../../src/engine';
import { MarketDataPort } from '../../src/modules/market-data/market-data.port';
import { createTestApp } from '../support/app';
import { FakeFinancialDatasets } from '../support/fake-financial-datasets';

function day(text: string): number {
  const parsed = parseIsoDay(text);
  if (parsed === null) throw new Error(text);
  return parsed;
}

describe('financialdatasets cache in PostgreSQL', () => {
  const fake = new FakeFinancialDatasets();
  let app: NestExpressApplication;
  let port: MarketDataPort;
  // A ticker of its own per run, so rows left by another run never satisfy this one.
  const ticker = `C${process.pid % 100000}`;

  beforeAll(async () => {
    await fake.start();
    app = await createTestApp({ env: { FINANCIAL_DATASETS_BASE_URL: fake.url, FINANCIAL_DATASETS_API_KEY: 'fd-cache-test-key', FINANCIAL_DATASETS_RETRY_BASE_MS: '5' } });
    port = app.get(MarketDataPort);
  });

  afterAll(async () => {
    await app.close();
    await fake.stop();
  });

  beforeEach(() => fake.reset());

  it('fetches only the missing range of a second, overlapping request', async () => {
    const first = await port.getPrices(ticker, '2023-01-01', '2023-03-31', { provider: 'financialdatasets' });
    expect(fake.requests.map((r) => r.query)).toEqual([
      { ticker, interval: 'day', interval_multiplier: '1', start_date: '2023-01-01', end_date: '2023-03-31' },
    ]);
    expect(first).toEqual(fake.market.prices(ticker, day('2023-01-01'), day('2023-03-31')));

    fake.reset();
    const second = await port.getPrices(ticker, '2023-02-15', '2023-05-31', { provider: 'financialdatasets' });
    expect(fake.requests.map((r) => [r.query.start_date, r.query.end_date])).toEqual([['2023-04-01', '2023-05-31']]);
    expect(second).toEqual(fake.market.prices(ticker, day('2023-02-15'), day('2023-05-31')));

    fake.reset();
    const inside = await port.getPrices(ticker, '2023-01-10', '2023-05-10', { provider: 'financialdatasets' });
    expect(fake.requests).toHaveLength(0);
    expect(inside).toEqual(fake.market.prices(ticker, day('2023-01-10'), day('2023-05-10')));

    const coverage = (await app.get(DataSource).query(
      `SELECT to_char(start_date, 'YYYY-MM-DD') AS start, to_char(end_date, 'YYYY-MM-DD') AS "end" FROM market_data_cache_coverage WHERE provider = 'financialdatasets' AND ticker = $1`,
      [ticker],
    )) as { start: string; end: string }[];
    expect(coverage).toEqual([{ start: '2023-01-01', end: '2023-05-31' }]);
  });

  it('fetches both sides when a request extends a cached range either way', async () => {
    const wide = `${ticker}W`;
    await port.getPrices(wide, '2022-06-01', '2022-06-30', { provider: 'financialdatasets' });
    fake.reset();
    const bars = await port.getPrices(wide, '2022-05-01', '2022-07-31', { provider: 'financialdatasets' });
    expect(fake.requests.map((r) => [r.query.start_date, r.query.end_date])).toEqual([
      ['2022-05-01', '2022-05-31'],
      ['2022-07-01', '2022-07-31'],
    ]);
    expect(bars).toEqual(fake.market.prices(wide, day('2022-05-01'), day('2022-07-31')));
  });

  it('caches a past limit-based look-up per request', async () => {
    const metrics = await port.getFinancialMetrics(ticker, '2023-12-31', 'ttm', 4, { provider: 'financialdatasets' });
    expect(metrics.map((m) => m.report_period)).toEqual(['2023-12-31', '2023-09-30', '2023-06-30', '2023-03-31']);
    const again = await port.getFinancialMetrics(ticker, '2023-12-31', 'ttm', 4, { provider: 'financialdatasets' });
    expect(again).toEqual(metrics);
    expect(fake.requests.filter((r) => r.path === '/financial-metrics/')).toHaveLength(1);
  });

  it('does not cache a failed request: the next one asks again', async () => {
    const failing = `${ticker}F`;
    fake.queue(...Array.from({ length: 5 }, () => ({ kind: 'json', status: 500, body: {} }) as const));
    await expect(port.getPrices(failing, '2023-01-01', '2023-01-31', { provider: 'financialdatasets' })).rejects.toMatchObject({ code: 'UPSTREAM_ERROR' });
    fake.reset();
    const bars = await port.getPrices(failing, '2023-01-01', '2023-01-31', { provider: 'financialdatasets' });
    expect(fake.requests).toHaveLength(1);
    expect(bars).toHaveLength(20);
  });
});

describe('financialdatasets response cache keys', () => {
  const fake = new FakeFinancialDatasets();
  let app: NestExpressApplication;

  beforeAll(async () => {
    await fake.start();
    app = await createTestApp({ env: { FINANCIAL_DATASETS_BASE_URL: fake.url } });
  });

  afterAll(async () => {
    await app.close();
    await fake.stop();
  });

  it('caches a line-item request naming many items (the key is hashed to a fixed width)', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `custom_line_item_number_${i}`);
    const ticker = `L${process.pid % 100000}`;
    const first = await app.get(MarketDataPort).searchLineItems(ticker, ['revenue', ...names], '2023-12-31', 'annual', 2, { provider: 'financialdatasets' });
    const second = await app.get(MarketDataPort).searchLineItems(ticker, ['revenue', ...names], '2023-12-31', 'annual', 2, { provider: 'financialdatasets' });
    expect(second).toEqual(first);
    expect(first.map((i) => i.report_period)).toEqual(['2023-12-31', '2022-12-31']);
    expect(first[0].custom_line_item_number_59).toBeNull();
    expect(fake.requests).toHaveLength(1);
  });
});

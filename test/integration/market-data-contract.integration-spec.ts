import type { NestExpressApplication } from '@nestjs/platform-express';
import { join } from 'node:path';
import { isTradingDay, parseIsoDay, SyntheticMarket } from '../../src/engine';
import { MarketDataError } from '../../src/modules/market-data/market-data.error';
import { type DataProviderName, MarketDataPort } from '../../src/modules/market-data/market-data.port';
import { createTestApp } from '../support/app';
import { FAKE_FINANCIAL_DATASETS_SEED, FakeFinancialDatasets } from '../support/fake-financial-datasets';

interface ProviderCase {
  readonly provider: DataProviderName;
  readonly ticker: string;
  /** Whether the provider has futures minute bars (financialdatasets has none and must say so). */
  readonly minuteBars: boolean;
}

// csv reads the example files committed under examples/market-data (DEMO, Jan-Mar 2024; ES on 2024-03-08).
const METRIC_KEYS = ['market_cap', 'price_to_earnings_ratio', 'return_on_equity', 'revenue_growth', 'earnings_per_share'];

/**
 * A ticker of this process's own (the market-data cache must not answer for the fake), chosen among a few so that
 * the fake's synthetic company has every metric the contract checks defined: a company with negative earnings has
 * no P/E (null), which some process ids' tickers drew.
 */
function fakeTicker(): string {
  const market = new SyntheticMarket(FAKE_FINANCIAL_DATASETS_SEED);
  for (let i = 0; i < 50; i += 1) {
    const ticker = `K${process.pid % 100000}${String.fromCharCode(65 + (i % 26))}${i >= 26 ? 'X' : ''}`;
    const metrics = market.financialMetrics(ticker, parseIsoDay('2024-03-31') as number, 'ttm', 2);
    if (metrics.length > 0 && metrics.every((m) => METRIC_KEYS.every((key) => typeof m[key as keyof typeof m] === 'number'))) return ticker;
  }
  throw new Error('no candidate ticker has every metric defined');
}

const CASES: readonly ProviderCase[] = [
  { provider: 'synthetic', ticker: 'DEMO', minuteBars: true },
  { provider: 'csv', ticker: 'DEMO', minuteBars: true },
  { provider: 'financialdatasets', ticker: fakeTicker(), minuteBars: false },
];



describe.each(CASES)('market-data provider contract: $provider', ({ provider, ticker, minuteBars }) => {
  const fake = new FakeFinancialDatasets();
  let app: NestExpressApplication;
  let port: MarketDataPort;
  const options = { provider };

  beforeAll(async () => {
    await fake.start();
    app = await createTestApp({
      env: { MARKET_DATA_CSV_DIR: join(__dirname, '..', '..', 'examples', 'market-data'), FINANCIAL_DATASETS_BASE_URL: fake.url, FINANCIAL_DATASETS_RETRY_BASE_MS: '5' },
    });
    port = app.get(MarketDataPort);
  });

  afterAll(async () => {
    await app.close();
    await fake.stop();
  });

  it('returns daily bars inside the range, ascending, on trading days, with OHLC that brackets', async () => {
    const bars = await port.getPrices(ticker, '2024-01-01', '2024-03-31', options);
    expect(bars.length).toBe(61); // NYSE sessions in Q1 2024
    for (let i = 0; i < bars.length; i += 1) {
      const bar = bars[i];
      expect(bar.time >= '2024-01-01' && bar.time <= '2024-03-31').toBe(true);
      expect(isTradingDay(parseIsoDay(bar.time) ?? 0)).toBe(true);
      if (i > 0) expect(bar.time > bars[i - 1].time).toBe(true);
      expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
      expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
      expect(bar.volume).toBeGreaterThanOrEqual(0);
    }
  });

  it('answers a sub-range with the same bars as the wider range', async () => {
    const wide = await port.getPrices(ticker, '2024-01-01', '2024-03-31', options);
    const narrow = await port.getPrices(ticker, '2024-02-05', '2024-02-16', options);
    expect(narrow).toEqual(wide.filter((b) => b.time >= '2024-02-05' && b.time <= '2024-02-16'));
    expect(narrow).toHaveLength(10);
  });

  it('never answers an unknown ticker with a silent empty list', async () => {
    const outcome = await port.getPrices('UNKNOWN', '2024-01-01', '2024-01-31', options).then(
      (bars) => bars.length,
      (error: unknown) => error,
    );
    if (typeof outcome === 'number') expect(outcome).toBeGreaterThan(0);
    else expect(outcome).toBeInstanceOf(MarketDataError);
  });

  it('returns financial metrics of the requested period on or before the end date, newest first, within the limit', async () => {
    const metrics = await port.getFinancialMetrics(ticker, '2024-03-31', 'ttm', 2, options);
    expect(metrics.map((m) => m.report_period)).toEqual(['2024-03-31', '2023-12-31']);
    for (const m of metrics) {
      expect(m).toMatchObject({ ticker, period: 'ttm', currency: 'USD' });
      for (const key of METRIC_KEYS) expect(typeof m[key as keyof typeof m]).toBe('number');
    }
    const quarterly = await port.getFinancialMetrics(ticker, '2024-02-15', 'quarterly', 10, options);
    expect(quarterly.length).toBeGreaterThanOrEqual(3);
    expect(quarterly.every((m) => m.period === 'quarterly' && m.report_period <= '2024-02-15')).toBe(true);
  });

  it('returns the requested line items', async () => {
    const items = await port.searchLineItems(ticker, ['revenue', 'free_cash_flow', 'outstanding_shares'], '2024-03-31', 'annual', 2, options);
    expect(items.map((i) => i.report_period)).toEqual(['2023-12-31', '2022-12-31']);
    for (const item of items) {
      expect(item).toMatchObject({ ticker, period: 'annual' });
      expect(typeof item.revenue).toBe('number');
      expect(typeof item.free_cash_flow).toBe('number');
      expect(Number(item.outstanding_shares)).toBeGreaterThan(0);
    }
  });

  it('returns insider trades filed in the range, newest first, within the limit', async () => {
    const trades = await port.getInsiderTrades(ticker, '2024-03-31', '2024-01-01', 50, options);
    expect(trades.length).toBeGreaterThan(0);
    expect(trades.length).toBeLessThanOrEqual(50);
    expect(trades.every((t) => t.ticker === ticker && t.filing_date >= '2024-01-01' && t.filing_date <= '2024-03-31')).toBe(true);
    expect(trades.map((t) => t.filing_date)).toEqual(trades.map((t) => t.filing_date).sort().reverse());
    expect(await port.getInsiderTrades(ticker, '2024-03-31', null, 2, options)).toHaveLength(2);
  });

  it('returns news dated in the range, newest first, with a sentiment or null', async () => {
    const news = await port.getCompanyNews(ticker, '2024-03-31', '2024-03-15', 100, options);
    expect(news.length).toBeGreaterThan(0);
    expect(news.every((n) => n.date.slice(0, 10) >= '2024-03-15' && n.date.slice(0, 10) <= '2024-03-31')).toBe(true);
    expect(news.map((n) => n.date)).toEqual(news.map((n) => n.date).sort().reverse());
    expect(news.every((n) => n.sentiment === null || ['positive', 'negative', 'neutral'].includes(n.sentiment))).toBe(true);
    expect(await port.getCompanyNews(ticker, '2024-03-31', null, 3, options)).toHaveLength(3);
  });

  it('returns a positive market cap', async () => {
    const cap = await port.getMarketCap(ticker, '2024-03-31', options);
    expect(cap).toBeGreaterThan(1e6);
  });

  it('returns regular-session minute bars as typed columns, or says it has none', async () => {
    const pending = port.getMinuteBars('ES', '2024-03-08', '2024-03-08', options);
    if (!minuteBars) {
      await expect(pending).rejects.toMatchObject({ reason: 'INVALID_REQUEST', errors: [{ field: 'provider' }] });
      return;
    }
    const bars = await pending;
    expect(bars.time).toBeInstanceOf(Float64Array);
    expect(bars.time).toHaveLength(390);
    for (const column of [bars.open, bars.high, bars.low, bars.close, bars.volume]) expect(column).toHaveLength(390);
    expect(new Date(bars.time[0]).toISOString()).toBe('2024-03-08T14:30:00.000Z');
    for (let i = 1; i < bars.time.length; i += 1) {
      expect(bars.time[i] - bars.time[i - 1]).toBe(60_000);
      expect(bars.low[i]).toBeLessThanOrEqual(Math.min(bars.open[i], bars.close[i]));
      expect(bars.high[i]).toBeGreaterThanOrEqual(Math.max(bars.open[i], bars.close[i]));
    }
  });
});

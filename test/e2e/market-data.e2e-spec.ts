import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';

describe('market-data routes', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp({ env: { MARKET_DATA_PROVIDER: 'synthetic', MARKET_DATA_MAX_RANGE_DAYS: '3660', MARKET_DATA_MAX_MINUTE_RANGE_DAYS: '31' } });
  });

  afterAll(async () => {
    await app.close();
  });

  it('GET /market-data/prices returns daily bars marked synthetic, without holidays', async () => {
    const res = await request(app.getHttpServer()).get('/market-data/prices').query({ ticker: 'aapl', start_date: '2024-07-01', end_date: '2024-07-08' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ticker: 'AAPL', provider: 'synthetic', synthetic: true });
    // 2024-07-04 (Independence Day) is closed; the weekend too.
    expect(res.body.prices.map((p: { time: string }) => p.time)).toEqual(['2024-07-01', '2024-07-02', '2024-07-03', '2024-07-05', '2024-07-08']);
    expect(Object.keys(res.body.prices[0]).sort()).toEqual(['close', 'high', 'low', 'open', 'time', 'volume']);
  });

  it.each([
    [{ ticker: 'AAPL', start_date: '2024-02-01', end_date: '2024-01-01' }, 'end_date', 'end_date 2024-01-01 is before start_date 2024-02-01.'],
    [{ ticker: 'AAPL', start_date: '2024-1-01', end_date: '2024-01-31' }, 'start_date', 'start_date must be a date in the form YYYY-MM-DD.'],
    [{ ticker: 'AAPL', start_date: '2023-02-29', end_date: '2023-03-31' }, 'start_date', 'start_date must be a real date in the form YYYY-MM-DD, got "2023-02-29".'],
    [{ ticker: 'AA PL!', start_date: '2024-01-01', end_date: '2024-01-31' }, 'ticker', 'ticker must be 1-20 letters, digits, dots or dashes (e.g. AAPL, BRK.B), got "AA PL!".'],
    [{ ticker: 'AAPL', start_date: '2000-01-01', end_date: '2024-01-31' }, 'end_date', 'The range 2000-01-01 to 2024-01-31 spans 8797 days; at most 3660 are allowed.'],
    [{ ticker: 'AAPL', start_date: '2024-01-01', end_date: '2024-01-31', provider: 'yahoo' }, 'provider', 'provider must be one of synthetic, csv, financialdatasets.'],
  ])('GET /market-data/prices answers 422 for %o', async (query, field, detail) => {
    const res = await request(app.getHttpServer()).get('/market-data/prices').query(query);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toBe(detail);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  it('GET /market-data/bars returns one session of ES minute bars in UTC', async () => {
    const res = await request(app.getHttpServer()).get('/market-data/bars').query({ symbol: 'ES', date: '2024-03-11' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ symbol: 'ES', provider: 'synthetic', synthetic: true, time_zone: 'America/Chicago', start_date: '2024-03-11', end_date: '2024-03-11' });
    expect(res.body.bars).toHaveLength(390);
    // 08:30 Chicago on the first Monday of daylight saving time is 13:30 UTC.
    expect(res.body.bars[0]).toMatchObject({ time: '2024-03-11T13:30:00.000Z', time_ms: Date.UTC(2024, 2, 11, 13, 30) });
    expect(res.body.bars[389].time).toBe('2024-03-11T19:59:00.000Z');
  });

  it('GET /market-data/bars answers 422 for an unknown symbol, a missing date and a range too long', async () => {
    const unknown = await request(app.getHttpServer()).get('/market-data/bars').query({ symbol: 'ZN', date: '2024-03-11' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('symbol');
    const missing = await request(app.getHttpServer()).get('/market-data/bars').query({ symbol: 'ES' });
    expect(missing.status).toBe(422);
    expect(missing.body.detail).toBe('Give date, or start_date and end_date.');
    const long = await request(app.getHttpServer()).get('/market-data/bars').query({ symbol: 'ES', start_date: '2024-01-01', end_date: '2024-03-01' });
    expect(long.status).toBe(422);
    expect(long.body.detail).toBe('The range 2024-01-01 to 2024-03-01 spans 61 days; at most 31 are allowed.');
  });

  it('serves fundamentals, line items, insider trades, news and market cap', async () => {
    const server = app.getHttpServer();
    const metrics = await request(server).get('/market-data/financial-metrics').query({ ticker: 'MSFT', end_date: '2024-05-15', period: 'annual', limit: '2' });
    expect(metrics.status).toBe(200);
    expect(metrics.body.synthetic).toBe(true);
    expect(metrics.body.financial_metrics.map((m: { report_period: string }) => m.report_period)).toEqual(['2023-12-31', '2022-12-31']);
    const items = await request(server).get('/market-data/line-items').query({ ticker: 'MSFT', end_date: '2024-05-15', line_items: 'revenue,free_cash_flow', limit: '1' });
    expect(items.status).toBe(200);
    expect(Object.keys(items.body.search_results[0]).sort()).toEqual(['currency', 'free_cash_flow', 'period', 'report_period', 'revenue', 'ticker']);
    const trades = await request(server).get('/market-data/insider-trades').query({ ticker: 'MSFT', end_date: '2024-05-15', limit: '3' });
    expect(trades.status).toBe(200);
    expect(trades.body.insider_trades).toHaveLength(3);
    const news = await request(server).get('/market-data/news').query({ ticker: 'MSFT', end_date: '2024-05-15', start_date: '2024-05-01' });
    expect(news.status).toBe(200);
    expect(news.body.news.every((n: { date: string }) => n.date >= '2024-05-01' && n.date <= '2024-05-15T23:59:59Z')).toBe(true);
    const cap = await request(server).get('/market-data/market-cap').query({ ticker: 'msft', end_date: '2024-05-15' });
    expect(cap.status).toBe(200);
    expect(cap.body).toMatchObject({ ticker: 'MSFT', end_date: '2024-05-15', synthetic: true });
    expect(cap.body.market_cap).toBeGreaterThan(1e8);
    const badLimit = await request(server).get('/market-data/financial-metrics').query({ ticker: 'MSFT', end_date: '2024-05-15', limit: 'ten' });
    expect(badLimit.status).toBe(422);
    expect(badLimit.body.errors[0].field).toBe('limit');
    // The port reads a larger limit as 10 000 for the backtest; the route still refuses it.
    const tooMany = await request(server).get('/market-data/insider-trades').query({ ticker: 'MSFT', end_date: '2024-05-15', limit: '10001' });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors).toEqual([{ field: 'limit', message: 'limit must be at most 10000' }]);
  });
});

describe('market-data in the OpenAPI document', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('documents the inspection routes', async () => {
    const res = await request(app.getHttpServer()).get('/docs-json');
    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths as Record<string, unknown>).filter((p) => p.startsWith('/market-data'));
    expect(paths.sort()).toEqual([
      '/market-data/bars',
      '/market-data/financial-metrics',
      '/market-data/insider-trades',
      '/market-data/line-items',
      '/market-data/market-cap',
      '/market-data/news',
      '/market-data/prices',
    ]);
  });
});

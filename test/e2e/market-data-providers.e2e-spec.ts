import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp } from '../support/app';
import { FakeFinancialDatasets } from '../support/fake-financial-datasets';

describe('market-data routes over the csv and financialdatasets providers', () => {
  const fake = new FakeFinancialDatasets();
  let app: NestExpressApplication;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hf-md-e2e-'));
    mkdirSync(join(dir, 'prices'));
    writeFileSync(join(dir, 'prices', 'BAD.csv'), 'date,open,high,low,close,volume\n2024-01-02,9,10,8.5,9.5,200\n2024-01-03,9,10,8.5,n/a,200\n');
    await fake.start();
    app = await createTestApp({
      env: {
        MARKET_DATA_PROVIDER: 'csv',
        MARKET_DATA_CSV_DIR: dir,
        FINANCIAL_DATASETS_BASE_URL: fake.url,
        FINANCIAL_DATASETS_API_KEY: 'fd-e2e-secret-key',
        FINANCIAL_DATASETS_TIMEOUT_MS: '200',
        FINANCIAL_DATASETS_MAX_RETRIES: '1',
        FINANCIAL_DATASETS_RETRY_BASE_MS: '5',
        FINANCIAL_DATASETS_RETRY_MAX_MS: '1000',
      },
    });
  });

  afterAll(async () => {
    await app.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => fake.reset());

  it('uses the configured provider and answers a bad file with 422 naming the file and line', async () => {
    const res = await request(app.getHttpServer()).get('/market-data/prices').query({ ticker: 'BAD', start_date: '2024-01-01', end_date: '2024-01-31' });
    expect(res.status).toBe(422);
    expect(res.body.detail).toBe('prices/BAD.csv line 3: close "n/a" is not a number.');
  });

  it('answers 404 when the csv file is missing', async () => {
    const res = await request(app.getHttpServer()).get('/market-data/prices').query({ ticker: 'MSFT', start_date: '2024-01-01', end_date: '2024-01-31' });
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe('No CSV data for MSFT: prices/MSFT.csv is missing from the market-data directory.');
  });

  it('passes financialdatasets rate limiting on as 429 once the retries are spent', async () => {
    fake.queue(
      { kind: 'json', status: 429, body: {}, headers: { 'retry-after': '0' } },
      { kind: 'json', status: 429, body: {}, headers: { 'retry-after': '0' } },
    );
    const res = await request(app.getHttpServer())
      .get('/market-data/prices')
      .query({ ticker: 'RL1', start_date: '2024-01-01', end_date: '2024-01-31', provider: 'financialdatasets' });
    expect(res.status).toBe(429);
    expect(res.body.detail).toBe('financialdatasets rate limit reached (Retry-After 0 s); try again later.');
    expect(fake.requests).toHaveLength(2);
  });

  it('answers 504 when financialdatasets hangs and 502 on malformed JSON, never leaking the key', async () => {
    fake.queue({ kind: 'hang' }, { kind: 'hang' });
    const hung = await request(app.getHttpServer())
      .get('/market-data/financial-metrics')
      .query({ ticker: 'HANG', end_date: '2024-03-31', provider: 'financialdatasets' });
    expect(hung.status).toBe(504);
    expect(hung.body.detail).toBe('financialdatasets did not answer /financial-metrics/ within 200 ms.');
    fake.queue({ kind: 'text', status: 200, text: '<html>' });
    const malformed = await request(app.getHttpServer()).get('/market-data/news').query({ ticker: 'MAL', end_date: '2024-03-31', provider: 'financialdatasets' });
    expect(malformed.status).toBe(502);
    expect(malformed.body.detail).toBe('financialdatasets returned malformed JSON for /news/.');
    expect(JSON.stringify([hung.body, malformed.body])).not.toContain('fd-e2e-secret-key');
  });

  it('serves financialdatasets prices with synthetic: false', async () => {
    const res = await request(app.getHttpServer())
      .get('/market-data/prices')
      .query({ ticker: `OK${process.pid % 10000}`, start_date: '2024-01-02', end_date: '2024-01-05', provider: 'financialdatasets' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ provider: 'financialdatasets', synthetic: false });
    expect(res.body.prices.map((p: { time: string }) => p.time)).toEqual(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']);
    expect(fake.requests[0].headers['x-api-key']).toBe('fd-e2e-secret-key');
  });
});

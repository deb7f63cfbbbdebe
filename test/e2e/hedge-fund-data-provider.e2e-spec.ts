import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';

const PM = 'portfolio_manager_zz99zz';
const ANALYST = 'technical_analyst_ab12cd';
const BODY = {
  tickers: ['AAPL'],
  graph_nodes: [
    { id: ANALYST, type: 'agent-node', data: { name: 'Technical Analyst' } },
    { id: PM, type: 'portfolio-manager-node', data: { name: 'Portfolio Manager' } },
  ],
  graph_edges: [{ id: `${ANALYST}-${PM}`, source: ANALYST, target: PM }],
  start_date: '2024-01-02',
  end_date: '2024-03-28',
};

describe('hedge fund: a data provider that cannot serve is a 422 before any frame (e2e)', () => {
  let app: NestExpressApplication;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hf-provider-'));
    // No CSV directory and no financialdatasets key anywhere.
    app = await createTestApp({
      env: {
        DATA_DIR: dataDir,
        MARKET_DATA_CSV_DIR: join(dataDir, 'absent'),
        FINANCIAL_DATASETS_API_KEY: '',
        // Nothing listens there: the run may try to fetch, but never leaves this machine.
        FINANCIAL_DATASETS_BASE_URL: 'http://127.0.0.1:9',
        FINANCIAL_DATASETS_MAX_RETRIES: '0',
      },
    });
  });

  afterAll(async () => {
    // Other files share this worker's database: leave no stored key behind.
    await request(app.getHttpServer()).delete('/api-keys/FINANCIAL_DATASETS_API_KEY');
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['/hedge-fund/run', 'financialdatasets', /needs an API key: store FINANCIAL_DATASETS_API_KEY with POST \/api-keys/],
    ['/hedge-fund/backtest', 'financialdatasets', /needs an API key/],
    ['/hedge-fund/run', 'csv', /has no market-data directory/],
    ['/hedge-fund/backtest', 'csv', /POST \/storage\/upload\?directory=market-data/],
  ])('%s with data_provider %s', async (path, provider, detail) => {
    const res = await request(app.getHttpServer()).post(path).send({ ...BODY, data_provider: provider }).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field: 'data_provider', message: expect.stringMatching(detail) }]);
  });

  it('accepts financialdatasets once a key is stored (the stream starts)', async () => {
    await request(app.getHttpServer()).post('/api-keys').send({ provider: 'FINANCIAL_DATASETS_API_KEY', key_value: 'fd-test-key-123456' }).expect(201);
    const res = await request(app.getHttpServer())
      .post('/hedge-fund/run')
      .send({ ...BODY, data_provider: 'financialdatasets' })
      .buffer(true)
      .parse((response, done) => {
        // The first frame is enough: the request passed validation; the data fetch itself is not under test.
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
          // Heartbeat comments may come first while the job thread starts.
          if (text.includes('event: ') && text.includes('\n\n', text.indexOf('event: '))) (response as unknown as { destroy(): void }).destroy();
        });
        response.on('close', () => done(null, text));
      })
      .catch((error: { response?: { status: number; body: string } }) => error.response);
    expect(res?.status).toBe(200);
    expect(String(res?.body)).toMatch(/^(\s*: ping\n\n)*\s*event: start\n/);
  });
});

import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createTestApp } from '../support/app';
import { rawRequest, type RawResponse } from '../support/raw-http';
import { TcpProxy } from '../support/tcp-proxy';
import { testDatabaseUrl } from '../support/test-database';

/**
 * The database goes away under a running app: a TCP proxy written here sits between the app and
 * PostgreSQL and is cut (every connection reset, as a crash or restart does) or blackholed (every byte
 * dropped, as a partition does). Requests must answer 503 problems with Retry-After within the
 * configured timeouts (the test bounds each request far above them, so a hang fails it), and serve
 * again once the database is back, without a restart.
 */
describe('database outage (integration, TCP proxy)', () => {
  let proxy: TcpProxy;
  let app: NestExpressApplication;
  let baseUrl: string;
  /** Each request is bounded: a hang beyond this fails the test (the app's own timeouts are ~1-2 s). */
  const REQUEST_BOUND_MS = 20_000;

  const DATABASE_ROUTES: readonly [string, string, string?][] = [
    ['GET', '/flows/'],
    ['GET', '/flows/1'],
    ['POST', '/flows/', JSON.stringify({ name: 'during the outage', nodes: [], edges: [] })],
    ['GET', '/flows/1/runs/'],
    ['GET', '/api-keys'],
    ['POST', '/api-keys', JSON.stringify({ provider: 'OUTAGE_KEY', key_value: 'sk-outage-secret' })],
  ];

  beforeAll(async () => {
    const target = new URL(testDatabaseUrl());
    proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
    const viaProxy = new URL(target.toString());
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    app = await createTestApp({
      env: {
        DATABASE_URL: viaProxy.toString(),
        DATABASE_POOL_SIZE: process.env.TEST_DATABASE_KIND === 'embedded' ? '1' : '3',
        DATABASE_CONNECT_TIMEOUT_MS: '500',
        DATABASE_ACQUIRE_TIMEOUT_MS: '1000',
        DATABASE_STATEMENT_TIMEOUT_MS: '1000',
        DATABASE_RETRY_AFTER_SECONDS: '7',
        HEALTH_READY_TIMEOUT_MS: '300',
      },
    });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    await send('POST', '/flows/', JSON.stringify({ name: 'before the outage', nodes: [], edges: [] }));
  });

  afterAll(async () => {
    await app.close();
    await proxy.stop();
  });

  function send(method: string, path: string, body?: string): Promise<RawResponse> {
    return rawRequest(baseUrl, { method, path, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body }, undefined, REQUEST_BOUND_MS);
  }

  function expectUnavailable(response: RawResponse, label: string): void {
    expect({ label, status: response.status }).toEqual({ label, status: 503 });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['retry-after']).toBe('7');
    const body = JSON.parse(response.text) as { detail: string; status: number };
    expect(body).toMatchObject({ status: 503, detail: 'The database is not reachable right now; retry in 7 s.' });
    expect(response.text).not.toMatch(/ECONN|terminated|timeout exceeded|SELECT|INSERT/);
  }

  async function expectServing(): Promise<void> {
    // Recovery needs no restart: at most one request per stale pooled connection can still meet the old outage.
    let last: RawResponse | undefined;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      last = await send('GET', '/flows/');
      if (last.status === 200) break;
    }
    expect(last?.status).toBe(200);
    for (const [method, path, body] of DATABASE_ROUTES) {
      const response = await send(method, path, body);
      expect({ path, status: response.status < 500 }).toEqual({ path, status: true });
    }
    expect((await send('GET', '/health/ready')).status).toBe(200);
  }

  it('serves through the proxy', async () => {
    await expectServing();
  });

  it('connections reset: every database route answers 503 with Retry-After; liveness stays up; then it recovers', async () => {
    proxy.setMode('reset');
    for (const [method, path, body] of DATABASE_ROUTES) expectUnavailable(await send(method, path, body), `${method} ${path}`);
    const ready = await send('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text)).toMatchObject({ status: 'error', database: { status: 'down' } });
    expect((await send('GET', '/health')).status).toBe(503);
    expect((await send('GET', '/health/live')).status).toBe(200);
    proxy.setMode('pass');
    await expectServing();
  });

  it('packets dropped: pooled and new connections time out into 503s, concurrent requests included; then it recovers', async () => {
    await expectServing();
    proxy.setMode('blackhole');
    const concurrent = await Promise.all(DATABASE_ROUTES.map(([method, path, body]) => send(method, path, body)));
    concurrent.forEach((response, i) => expectUnavailable(response, `${DATABASE_ROUTES[i][0]} ${DATABASE_ROUTES[i][1]}`));
    expectUnavailable(await send('GET', '/flows/'), 'GET /flows/ again');
    expect((await send('GET', '/health/ready')).status).toBe(503);
    expect((await send('GET', '/health/live')).status).toBe(200);
    proxy.setMode('pass');
    await expectServing();
  });
});

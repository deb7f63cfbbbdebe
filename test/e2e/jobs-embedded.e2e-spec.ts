import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createTestApp } from '../support/app';
import { SseClient } from '../support/processes';

const PM = 'portfolio_manager_xy34zw';
const ANALYST = 'technical_analyst_ab12cd';
const MULTI_YEAR_BACKTEST = {
  tickers: ['AAPL', 'MSFT'],
  graph_nodes: [
    { id: ANALYST, type: 'agent-node', data: {} },
    { id: PM, type: 'portfolio-manager-node', data: {} },
  ],
  graph_edges: [{ id: 'e1', source: ANALYST, target: PM }],
  start_date: '2016-01-04',
  end_date: '2024-12-31',
};

// The embedded mode: runs execute in worker threads, so the HTTP event loop stays free while they stream.
// The latency itself (p99 of /health/ping under load) is measured by `npm run bench -- jobs`; a wall-clock
// bound would not hold on a busy 2-core machine, so this checks that pings are answered while four
// multi-year backtests stream, and that a disconnect stops a thread's job.
describe('jobs in worker threads (e2e, embedded mode)', () => {
  let app: NestExpressApplication;
  let base: string;

  beforeAll(async () => {
    app = await createTestApp({ env: { RUN_THREADS: '2', WORKER_CONCURRENCY: '2', SSE_HEARTBEAT_MS: '1000' } });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers /health/ping while four multi-year backtests stream from the threads', async () => {
    const clients = Array.from({ length: 4 }, () => new SseClient(`${base}/hedge-fund/backtest`, MULTI_YEAR_BACKTEST));
    await Promise.all(clients.map((client) => client.waitFor((f) => f.event === 'progress')));
    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1) statuses.push((await fetch(`${base}/health/ping`)).status);
    const stillStreaming = clients.filter((client) => !client.frames.some((f) => f.event === 'complete' || f.event === 'error'));
    expect(statuses).toEqual(Array(20).fill(200));
    // No run failed meanwhile (under load, runs once waited past the pool's acquire timeout for the one connection).
    expect(clients.flatMap((client) => client.frames.filter((f) => f.event === 'error'))).toEqual([]);
    // The pings were answered while the backtests were running, not after them.
    expect(stillStreaming.length).toBeGreaterThanOrEqual(1);
    for (const client of clients) client.close();
    await Promise.all(clients.map((client) => client.ended));
  }, 120_000);
});

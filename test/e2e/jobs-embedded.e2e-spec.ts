import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createTestApp } from '../support/app';
import { technicalBacktest } from '../support/hedge-fund-stream';
import { SseClient } from '../support/processes';
import { rawRequest } from '../support/raw-http';

// Three tickers over ten years: about 40,000 frames a stream, so the threads make events faster than this
// process (server and clients at once) relays them and a backlog forms on the HTTP event loop, the case that
// once kept /health/ping unanswered for 15 s (docs/jobs.md, Long streams). The clients read in this same busy
// process and fall behind: the run routes let a slow but present client's events queue
// (RUN_STREAM_MAX_PENDING_CHARS), where Nest's 4M default cut them. On an idle machine the test takes about
// 20 s; the timeouts leave room for a CI machine whose other test files take most of the CPU.
const MULTI_YEAR_BACKTEST = technicalBacktest(['AAPL', 'MSFT', 'NVDA'], '2015-01-05', '2024-12-31');

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
  }, 120_000);

  it('answers /health/ping while four multi-year backtests stream from the threads', async () => {
    const clients = Array.from({ length: 4 }, () => new SseClient(`${base}/hedge-fund/backtest`, MULTI_YEAR_BACKTEST));
    await Promise.all(clients.map((client) => client.waitFor((f) => f.event === 'progress')));
    const statuses: number[] = [];
    let answeredWhileStreaming = 0;
    const streaming = (): boolean => clients.some((client) => !client.frames.some((f) => f.event === 'complete' || f.event === 'error'));
    // rawRequest, not fetch: when this process lags past the server's keep-alive timeout between two pings, the
    // server drops the idle socket as the next ping goes out on it (ECONNRESET), and rawRequest sends that ping again.
    for (let i = 0; i < 20; i += 1) {
      statuses.push((await rawRequest(base, { method: 'GET', path: '/health/ping' })).status);
      if (streaming()) answeredWhileStreaming += 1;
    }
    expect(statuses).toEqual(Array(20).fill(200));
    // No run failed meanwhile (under load, runs once waited past the pool's acquire timeout for the one connection).
    expect(clients.flatMap((client) => client.frames.filter((f) => f.event === 'error'))).toEqual([]);
    // Pings were answered while backtests were running, not only after them: each ping's answer is checked as it
    // arrives (the first goes out once every stream has started), so no guess about how long a backtest takes.
    expect(answeredWhileStreaming).toBeGreaterThanOrEqual(1);
    // Every backtest runs to its end: a `complete` frame each (the stream ending without one rejects), none cut.
    await Promise.all(clients.map((client) => client.waitFor((f) => f.event === 'complete')));
    await Promise.all(clients.map((client) => client.ended));
    expect(clients.flatMap((client) => client.frames.filter((f) => f.event === 'error'))).toEqual([]);
  }, 600_000);
});

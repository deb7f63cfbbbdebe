import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { technicalBacktest } from '../test/support/hedge-fund-stream';
import { type ServiceProcess, SseClient, startApi, startWorker } from '../test/support/processes';
import { rawRequest } from '../test/support/raw-http';
import type { BenchModule } from './run';

// The production path end to end: built server and worker processes, HTTP + SSE, PostgreSQL, Redis.
// BENCH_DATABASE_URL: a PostgreSQL server where a scratch database is created (default the local one);
// BENCH_REDIS_URL: the Redis the queue uses (default 127.0.0.1:6379 db 5, under a prefix of its own).
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/5';
const ENTRY = { main: join(__dirname, '..', 'src', 'main.js'), worker: join(__dirname, '..', 'src', 'worker.js') };

const FUTURES = { symbol: 'MES', start_date: '2023-01-03', end_date: '2023-12-29', rules: { max_loss_limit: 1e9, profit_target: 1e9, daily_loss_limit: null } };
const HEDGE_FUND = {
  tickers: ['AAPL', 'MSFT'],
  graph_nodes: [
    { id: 'technical_analyst_ab12cd', type: 'agent-node' },
    { id: 'fundamentals_analyst_cd34ef', type: 'agent-node' },
    { id: 'portfolio_manager_xy34zw', type: 'portfolio-manager-node' },
  ],
  graph_edges: [
    { id: 'e1', source: 'technical_analyst_ab12cd', target: 'portfolio_manager_xy34zw' },
    { id: 'e2', source: 'fundamentals_analyst_cd34ef', target: 'portfolio_manager_xy34zw' },
  ],
  start_date: '2023-01-03',
  end_date: '2023-12-29',
};
// Four streams of ~78,000 frames (57 MB) each: more events than the server relays as fast as the threads make
// them, so a backlog forms on the HTTP event loop (before the relay was paced, /health/ping waited up to 15 s).
const LONG_BACKTEST = technicalBacktest(['AAPL', 'MSFT', 'NVDA', 'GOOGL', 'AMZN', 'META'], '2015-01-05', '2024-12-31');
const LONG_RUNS = 4;
const FUTURES_RUNS = 20;
const HEDGE_FUND_RUNS = 10;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** 20 one-year futures backtests and 10 one-year hedge-fund backtests at once; /health/ping timed meanwhile. */
async function load(api: string): Promise<Record<string, string | number>> {
  const started = performance.now();
  const clients = [
    ...Array.from({ length: FUTURES_RUNS }, () => new SseClient(`${api}/futures/backtest`, FUTURES)),
    ...Array.from({ length: HEDGE_FUND_RUNS }, () => new SseClient(`${api}/hedge-fund/backtest`, HEDGE_FUND)),
  ];
  let running = true;
  const all = Promise.all(clients.map((client) => client.waitFor((f) => f.event === 'complete' || f.event === 'error'))).finally(() => (running = false));
  const pings: number[] = [];
  while (running) {
    const sent = performance.now();
    await fetch(`${api}/health/ping`);
    pings.push(performance.now() - sent);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const ends = await all;
  const wall = performance.now() - started;
  return {
    'wall s': +(wall / 1000).toFixed(1),
    failed: ends.filter((f) => f.event === 'error').length,
    pings: pings.length,
    'ping p50 ms': +percentile(pings, 50).toFixed(1),
    'ping p99 ms': +percentile(pings, 99).toFixed(1),
    'ping max ms': +Math.max(...pings).toFixed(1),
  };
}

/**
 * Reads a whole SSE response as a client on another machine would (bytes counted, nothing parsed or kept).
 * `complete` tells whether a `complete` frame came; a stream the server cut counts as not complete.
 */
async function readStream(url: string, body: unknown): Promise<{ bytes: number; complete: boolean }> {
  const marker = 'event: complete\n';
  let bytes = 0;
  let complete = false;
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let carry = Buffer.alloc(0);
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      const bytesOf = Buffer.from(chunk.value.buffer, chunk.value.byteOffset, chunk.value.byteLength);
      bytes += bytesOf.length;
      // The marker may straddle two chunks: the end of the last one is searched with the start of this one.
      if (!complete) complete = bytesOf.includes(marker) || Buffer.concat([carry, bytesOf.subarray(0, marker.length)]).includes(marker);
      carry = Buffer.from(bytesOf.subarray(Math.max(0, bytesOf.length - marker.length)));
    }
  } catch {
    complete = false;
  }
  return { bytes, complete };
}

/** Four ten-year, six-ticker backtests streamed at once; /health/ping timed every 100 ms meanwhile. */
async function longStreams(api: string): Promise<Record<string, string | number>> {
  const started = performance.now();
  let running = true;
  const all = Promise.all(Array.from({ length: LONG_RUNS }, () => readStream(`${api}/hedge-fund/backtest`, LONG_BACKTEST))).finally(() => (running = false));
  const pings: number[] = [];
  while (running) {
    const sent = performance.now();
    // rawRequest sends a ping again when it went out on a keep-alive socket the server had just closed as idle
    // (a server that stalls for seconds outlives its keep-alive timeout between two pings).
    await rawRequest(api, { method: 'GET', path: '/health/ping' }, undefined, 120_000);
    pings.push(performance.now() - sent);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const ends = await all;
  return {
    'wall s': +((performance.now() - started) / 1000).toFixed(1),
    failed: ends.filter((end) => !end.complete).length,
    MB: +(ends.reduce((sum, end) => sum + end.bytes, 0) / 1e6).toFixed(0),
    pings: pings.length,
    'ping p50 ms': +percentile(pings, 50).toFixed(1),
    'ping p99 ms': +percentile(pings, 99).toFixed(1),
    'ping max ms': +Math.max(...pings).toFixed(1),
  };
}

async function stopAll(processes: ServiceProcess[]): Promise<void> {
  await Promise.all(processes.map((p) => p.stop()));
}

const bench: BenchModule = {
  title: `jobs: ${FUTURES_RUNS} one-year futures backtests + ${HEDGE_FUND_RUNS} one-year hedge-fund backtests at once, then (embedded) ${LONG_RUNS} ten-year ones; wall time and /health/ping under that load`,
  async run() {
    const database = `hf_bench_jobs_${process.pid}`;
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    const rows: Record<string, string | number>[] = [];
    try {
      for (const workers of [1, 2, 4]) {
        // LOG_LEVEL info: startApi waits for the server's "Serving on" line, which is logged at info.
        const env = { DATABASE_URL: url.toString(), REDIS_URL, JOB_QUEUE_PREFIX: `hf-jobs-bench-${randomUUID().slice(0, 8)}`, WORKER_CONCURRENCY: '1', LOG_LEVEL: 'info', RATE_LIMIT_EXPENSIVE: '100000' };
        const api = await startApi(env, ENTRY.main);
        const started = await Promise.all(Array.from({ length: workers }, () => startWorker({ ...env, LOG_LEVEL: 'info' }, ENTRY.worker)));
        try {
          rows.push({ mode: `scale-out, ${workers} worker process(es) × 1 job`, ...(await load(api.url)) });
        } finally {
          await stopAll([api.process, ...started.map((s) => s.process)]);
        }
      }
      const dataDir = mkdtempSync(join(tmpdir(), 'hf-bench-jobs-'));
      try {
        const api = await startApi({ DATABASE_URL: '', DATA_DIR: dataDir, LOG_LEVEL: 'info', RATE_LIMIT_EXPENSIVE: '100000' }, ENTRY.main);
        try {
          rows.push({ mode: 'embedded, default RUN_THREADS × 2 jobs', ...(await load(api.url)) });
          rows.push({ mode: `embedded, ${LONG_RUNS} ten-year 6-ticker backtests (~78k frames each)`, ...(await longStreams(api.url)) });
        } finally {
          await stopAll([api.process]);
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    }
    console.table(rows);
  },
};
export default bench;

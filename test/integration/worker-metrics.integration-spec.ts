import { randomUUID } from 'node:crypto';
import { buildDist, type ServiceProcess, SseClient, startApi, startWorker } from '../support/processes';
import { parsePrometheus, type PromSample, sampleValue } from '../support/prometheus';
import { testDatabaseUrl } from '../support/test-database';

// Scale-out: a real `dist/worker.js` on real Redis and PostgreSQL serves its own Prometheus endpoint
// (WORKER_METRICS_PORT): what it executes (model fallbacks, its running job, its pool) is counted there, and the
// API process counts the run itself, from the messages that come back to it.
const realPostgres = process.env.TEST_DATABASE_KIND === 'postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/5';

const PM = 'portfolio_manager_wm01pq';
const ANALYST = 'technical_analyst_wm02pq';
const BACKTEST = {
  tickers: ['AAPL', 'MSFT'],
  graph_nodes: [
    { id: ANALYST, type: 'agent-node', data: {} },
    { id: PM, type: 'portfolio-manager-node', data: {} },
  ],
  graph_edges: [{ id: 'e1', source: ANALYST, target: PM }],
  // Two years, day by day: long enough to be running when the test looks at the worker mid-run.
  start_date: '2023-01-03',
  end_date: '2024-12-31',
};

(realPostgres ? describe : describe.skip)('a worker process serves its own metrics (WORKER_METRICS_PORT, BullMQ on Redis)', () => {
  const env = {
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL,
    JOB_QUEUE_PREFIX: `hf-obs-test-${process.pid}-${randomUUID().slice(0, 8)}`,
    WORKER_CONCURRENCY: '1',
    SSE_HEARTBEAT_MS: '500',
    RATE_LIMIT_EXPENSIVE: '100000',
  };
  const processes: ServiceProcess[] = [];
  let api: string;
  let workerMetrics: string;

  const scrape = async (url: string, headers: Record<string, string> = {}): Promise<PromSample[]> => {
    const res = await fetch(url, { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    return parsePrometheus(await res.text());
  };

  beforeAll(async () => {
    buildDist();
    const started = await startApi(env);
    processes.push(started.process);
    api = started.url;
    const worker = await startWorker({ ...env, WORKER_METRICS_PORT: '0' });
    processes.push(worker.process);
    const line = await worker.process.waitForLog(/Metrics at http:\/\/127\.0\.0\.1:\d+\/internal\/prometheus/);
    workerMetrics = /(http:\/\/127\.0\.0\.1:\d+\/internal\/prometheus)/.exec(line)?.[1] as string;
  }, 180_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
  });

  it('the worker counts what it executes; the API counts the run; each endpoint has the process defaults', async () => {
    const workerBefore = await scrape(workerMetrics);
    const apiBefore = await scrape(`${api}/internal/prometheus`);
    const client = new SseClient(`${api}/hedge-fund/backtest`, BACKTEST);
    const start = await client.waitFor((f) => f.event === 'start');
    expect(start.event).toBe('start');
    const during = await scrape(workerMetrics);
    await client.waitFor((f) => f.event === 'complete');
    await client.ended;
    const days = client.frames.filter((f) => f.event === 'progress' && (f.data as { agent: string; status: string }).agent === 'backtest' && /^Completed /.test((f.data as { status: string }).status)).length;
    const workerAfter = await scrape(workerMetrics);
    const apiAfter = await scrape(`${api}/internal/prometheus`);

    // While the run streamed, the worker was executing it.
    expect(sampleValue(during, 'hf_jobs_active', { worker: 'process' })).toBe(1);
    expect(sampleValue(workerAfter, 'hf_jobs_active', { worker: 'process' })).toBe(0);
    // The portfolio manager had no model: rules for every ticker of every day, counted in the worker, not the API.
    const fallbacks = (samples: PromSample[]) => sampleValue(samples, 'hf_llm_rules_fallbacks_total', { reason: 'no_model' });
    expect(days).toBeGreaterThan(10);
    expect(fallbacks(workerAfter) - fallbacks(workerBefore)).toBe(days * BACKTEST.tickers.length);
    expect(fallbacks(apiAfter) - fallbacks(apiBefore)).toBe(0);
    // The run, counted once, by the API.
    const finished = (samples: PromSample[]) => sampleValue(samples, 'hf_runs_finished_total', { kind: 'hedge_fund_backtest', status: 'complete' });
    expect(finished(apiAfter) - finished(apiBefore)).toBe(1);
    expect(finished(workerAfter)).toBe(0);
    expect(sampleValue(apiAfter, 'hf_jobs_queued')).toBe(0);
    expect(apiAfter.some((s) => s.name === 'hf_jobs_queued')).toBe(true);
    for (const samples of [workerAfter, apiAfter]) {
      expect(samples.some((s) => s.name === 'process_resident_memory_bytes')).toBe(true);
      expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_p99_seconds')).toBe(true);
      expect(sampleValue(samples, 'hf_db_pool_connections', { state: 'in_use' }) + sampleValue(samples, 'hf_db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(1);
    }
  }, 120_000);

  it("the worker's endpoint keeps the API's rule: a caller off loopback is refused without AUTH_TOKEN; other paths are 404", async () => {
    const forwarded = await fetch(workerMetrics, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
    expect(forwarded.status).toBe(403);
    expect(forwarded.headers.get('content-type')).toMatch(/problem\+json/);
    const other = await fetch(workerMetrics.replace('/internal/prometheus', '/flows'));
    expect(other.status).toBe(404);
  });
});

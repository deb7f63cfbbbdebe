import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { formatMinuteBars, parseIsoDay, SyntheticMarket } from '../../src/engine';
import { WORKER_LOST_MESSAGE } from '../../src/modules/flow-runs/flow-runs.service';
import { technicalBacktest } from '../support/hedge-fund-stream';
import { buildDist, type ServiceProcess, SseClient, startApi, startWorker } from '../support/processes';
import { testDatabaseUrl } from '../support/test-database';

// Scale-out on real PostgreSQL and real Redis: API processes (`dist/main.js`) enqueue and stream, worker
// processes (`dist/worker.js`) execute. Every run of this file uses its own Redis key prefix.
const realPostgres = process.env.TEST_DATABASE_KIND === 'postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/5';

/** A backtest long enough (three tickers, ten years, day by day) to be running while the test acts on it. */
const LONG_BACKTEST = technicalBacktest(['AAPL', 'MSFT', 'NVDA'], '2015-01-02', '2024-12-31');
/**
 * Long enough to outlast the boot of a second API process: ten tickers over ten years. A backtest day costs well
 * under a millisecond now, so the run is kept busy by its size and by streaming its events through Redis.
 */
const MEDIUM_BACKTEST = { ...LONG_BACKTEST, tickers: ['AAPL', 'MSFT', 'NVDA', 'GOOGL', 'AMZN', 'META', 'TSLA', 'JPM', 'V', 'WMT'] };

type Run = { status: string; worker_id: string | null; error_message: string | null };

(realPostgres ? describe : describe.skip)('jobs across processes (BullMQ on Redis, real PostgreSQL)', () => {
  const env = {
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL,
    JOB_QUEUE_PREFIX: `hf-jobs-test-${process.pid}-${randomUUID().slice(0, 8)}`,
    WORKER_CONCURRENCY: '1',
    // Short enough to wait for a lost worker, long enough for the synchronous data preparation of a run on a busy machine.
    RUN_LEASE_MS: '8000',
    SHUTDOWN_GRACE_MS: '1000',
    SSE_HEARTBEAT_MS: '500',
    RATE_LIMIT_EXPENSIVE: '100000',
  };
  const processes: ServiceProcess[] = [];
  let api: string;
  let db: Client;
  let workerIds: string[];

  const track = <T extends { process: ServiceProcess }>(started: T): T => {
    processes.push(started.process);
    return started;
  };
  const post = (path: string, body: unknown) => fetch(`${api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const run = async (id: number): Promise<Run> => ((await db.query(`SELECT status, worker_id, error_message FROM hedge_fund_flow_runs WHERE id = $1`, [id])).rows as Run[])[0];
  const untilRun = async (id: number, done: (r: Run) => boolean): Promise<Run> => {
    for (;;) {
      const current = await run(id);
      if (done(current)) return current;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const newFlow = async (): Promise<number> => ((await (await post('/flows/', { name: `jobs ${randomUUID().slice(0, 6)}`, nodes: [], edges: [] })).json()) as { id: number }).id;
  const startBacktest = async (flowId: number, body: object = LONG_BACKTEST): Promise<{ client: SseClient; runId: number }> => {
    const client = new SseClient(`${api}/hedge-fund/backtest`, { ...body, flow_id: flowId });
    const start = await client.waitFor((f) => f.event === 'start');
    return { client, runId: (start.data as { run_id: number }).run_id };
  };

  beforeAll(async () => {
    buildDist();
    db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    api = track(await startApi(env)).url;
    workerIds = (await Promise.all([startWorker(env), startWorker(env)])).map((worker) => track(worker).workerId);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await db?.end();
  });

  it('spreads runs over both workers, and a client disconnecting on the API cancels its job on the worker', async () => {
    const flowId = await newFlow();
    const [first, second] = await Promise.all([startBacktest(flowId), startBacktest(flowId)]);
    const owners = [(await run(first.runId)).worker_id, (await run(second.runId)).worker_id];
    expect(new Set(owners)).toEqual(new Set(workerIds));

    first.client.close();
    second.client.close();
    for (const { runId } of [first, second]) {
      expect(await untilRun(runId, (r) => r.status !== 'IN_PROGRESS')).toMatchObject({ status: 'CANCELLED', error_message: 'cancelled: the client disconnected' });
    }
  }, 120_000);

  it('kill -9 of a worker mid-run: the run ends ERROR "worker lost" and its client gets an error event', async () => {
    const flowId = await newFlow();
    const { client, runId } = await startBacktest(flowId);
    const owner = (await run(runId)).worker_id as string;
    const victim = processes.find((p) => owner.includes(`:${p.pid}:`)) as ServiceProcess;
    victim.signal('SIGKILL');
    const error = await client.waitFor((f) => f.event === 'error');
    expect(error.data).toMatchObject({ type: 'error', message: WORKER_LOST_MESSAGE });
    await client.ended;
    expect(await run(runId)).toMatchObject({ status: 'ERROR', worker_id: owner, error_message: WORKER_LOST_MESSAGE });
    track(await startWorker(env));
  }, 120_000);

  it('a second API instance booting leaves the live runs alone; the first run still completes', async () => {
    const flowId = await newFlow();
    const { client, runId } = await startBacktest(flowId, MEDIUM_BACKTEST);
    const owner = (await run(runId)).worker_id;
    const second = track(await startApi(env));
    expect(client.frames.some((f) => f.event === 'complete' || f.event === 'error')).toBe(false);
    expect(await run(runId)).toMatchObject({ status: 'IN_PROGRESS', worker_id: owner });
    await client.waitFor((f) => f.event === 'complete');
    expect(client.frames.some((f) => f.event === 'error')).toBe(false);
    expect(await run(runId)).toMatchObject({ status: 'COMPLETE', worker_id: owner, error_message: null });
    const other = await fetch(`${second.url}/flows/${flowId}/runs/${runId}`);
    expect(await other.json()).toMatchObject({ status: 'COMPLETE' });
  }, 120_000);

  it('SIGTERM on a worker: no new jobs, its running job ends CANCELLED "server shutting down" with an error event, a queued job stays for another worker', async () => {
    const flowId = await newFlow();
    const a = await startBacktest(flowId);
    const b = await startBacktest(flowId);
    const queued = new SseClient(`${api}/hedge-fund/backtest`, { ...LONG_BACKTEST, flow_id: flowId });
    const ownerA = (await run(a.runId)).worker_id as string;
    const ownerB = (await run(b.runId)).worker_id as string;
    const worker = processes.find((p) => ownerA.includes(`:${p.pid}:`)) as ServiceProcess;
    worker.signal('SIGTERM');

    const error = await a.client.waitFor((f) => f.event === 'error');
    expect(error.data).toMatchObject({ type: 'error', message: 'server shutting down' });
    expect(await run(a.runId)).toMatchObject({ status: 'CANCELLED', error_message: 'server shutting down' });
    expect(await worker.exited).toBe(0);
    expect(queued.frames.some((f) => f.event === 'start')).toBe(false);

    b.client.close();
    const start = await queued.waitFor((f) => f.event === 'start');
    expect((await run((start.data as { run_id: number }).run_id)).worker_id).toBe(ownerB);
    queued.close();
  }, 120_000);

  it('SIGTERM on the API: new runs are refused with 503 and Retry-After, the open stream ends with an error event after the grace period', async () => {
    const flowId = await newFlow();
    const { client, runId } = await startBacktest(flowId);
    const apiProcess = processes[0];
    apiProcess.signal('SIGTERM');
    await apiProcess.waitForLog(/draining/);
    const refused = await post('/hedge-fund/backtest', { ...LONG_BACKTEST });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/shutting down/);

    const error = await client.waitFor((f) => f.event === 'error');
    expect(error.data).toMatchObject({ type: 'error', message: 'server shutting down' });
    expect(await run(runId)).toMatchObject({ status: 'CANCELLED', error_message: 'server shutting down' });
    expect(await apiProcess.exited).toBe(0);
  }, 120_000);
});

(realPostgres ? describe : describe.skip)('an uploaded bar file across machines (the worker does not share the API\'s DATA_DIR)', () => {
  const dirs = [mkdtempSync(join(tmpdir(), 'hf-api-data-')), mkdtempSync(join(tmpdir(), 'hf-worker-data-'))];
  const env = {
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL,
    JOB_QUEUE_PREFIX: `hf-jobs-files-${process.pid}-${randomUUID().slice(0, 8)}`,
    MARKET_DATA_SEED: '42',
    RATE_LIMIT_EXPENSIVE: '100000',
  };
  const BODY = { symbol: 'MES', start_date: '2024-01-02', end_date: '2024-01-31', account_size: '50K', strategy: { entry_mode: 'breakout' } };
  const processes: ServiceProcess[] = [];
  let api: string;

  beforeAll(async () => {
    buildDist();
    const apiStarted = await startApi({ ...env, DATA_DIR: dirs[0] });
    processes.push(apiStarted.process);
    api = apiStarted.url;
    processes.push((await startWorker({ ...env, DATA_DIR: dirs[1] })).process);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const report = (body: object) => fetch(`${api}/futures/backtest/report`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('the API ships the upload with the job: the worker reads what the API was given, the same report as the synthetic bars it was made from', async () => {
    const bars = new SyntheticMarket(42).minuteBars('MES', (parseIsoDay(BODY.start_date) as number) - 110, parseIsoDay(BODY.end_date) as number);
    const form = new FormData();
    form.append('file', new Blob([formatMinuteBars(bars, 'ninjatrader')], { type: 'text/plain' }), 'MES 03-24.Last.txt');
    expect((await fetch(`${api}/storage/upload?directory=market-data`, { method: 'POST', body: form })).status).toBe(201);

    const synthetic = (await (await report(BODY)).json()) as { trades: unknown[]; sessions: unknown[] };
    const uploaded = await report({ ...BODY, data_provider: 'csv', csv_file: 'MES_03-24.Last.txt' });
    const body = (await uploaded.json()) as { trades: unknown[]; sessions: unknown[]; data: { files: { name: string; format: string; rows: number }[] } };
    expect(uploaded.status).toBe(200);
    expect(synthetic.trades.length).toBeGreaterThan(0);
    expect(body.trades).toEqual(synthetic.trades);
    expect(body.sessions).toEqual(synthetic.sessions);
    expect(body.data.files).toEqual([expect.objectContaining({ name: 'MES_03-24.Last.txt', format: 'ninjatrader', rows: bars.time.length })]);
  }, 120_000);

  it('a file missing from the API\'s market-data directory is a 404 before any job', async () => {
    const missing = await report({ ...BODY, data_provider: 'csv', csv_file: 'nope.txt' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { detail: string }).detail).toBe('No minute bars for MES: nope.txt is missing from the market-data directory.');
  }, 60_000);
});


import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { REDIS_LOST_MESSAGE } from '../../src/modules/jobs/redis-queue.backend';
import { technicalBacktest } from '../support/hedge-fund-stream';
import { buildDist, distEntry, ServiceProcess, SseClient, startApi, startWorker } from '../support/processes';
import { testDatabaseUrl } from '../support/test-database';

// Redis failures on a private redis-server (the shared one must stay up): unreachable at boot, lost while
// serving, back again.
const realPostgres = process.env.TEST_DATABASE_KIND === 'postgres';
const redisServer = ((): string | null => {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
})();

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(redisServer as string, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
  });
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

const LONG_BACKTEST = technicalBacktest(['AAPL', 'MSFT'], '2015-01-02', '2024-12-31');
const SHORT_FUTURES = { symbol: 'MES', start_date: '2024-01-02', end_date: '2024-01-31' };

(realPostgres && redisServer !== null ? describe : describe.skip)('jobs when Redis is unreachable or lost (private redis-server)', () => {
  let port: number;
  let redis: ChildProcess;
  const processes: ServiceProcess[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    buildDist();
    port = await freePort();
    redis = await startRedis(port);
    env = { DATABASE_URL: testDatabaseUrl(), REDIS_URL: `redis://127.0.0.1:${port}/0`, WORKER_CONCURRENCY: '2', RUN_LEASE_MS: '8000', SSE_HEARTBEAT_MS: '500', RATE_LIMIT_EXPENSIVE: '100000' };
  }, 180_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await stopRedis(redis);
  });

  it('an API or a worker whose REDIS_URL does not answer stops at boot, naming REDIS_URL', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}/0`;
    for (const entry of [distEntry('main'), distEntry('worker')]) {
      const child = new ServiceProcess(entry, { ...env, REDIS_URL: closed, HOST: '127.0.0.1', PORT: '0' });
      expect(await child.exited).toBe(1);
      expect(child.output.join('\n')).toMatch(new RegExp(`REDIS_URL is ${closed.replace(/[/.]/g, '\\$&')}, which does not answer`));
    }
  }, 120_000);

  it('Redis lost while serving: open streams get an error event, new runs 503; service resumes when Redis returns, without a restart', async () => {
    const api = await startApi(env);
    processes.push(api.process, (await startWorker(env)).process);
    const client = new SseClient(`${api.url}/hedge-fund/backtest`, LONG_BACKTEST);
    await client.waitFor((f) => f.event === 'start');

    await stopRedis(redis);
    const error = await client.waitFor((f) => f.event === 'error');
    expect(error.data).toMatchObject({ type: 'error', message: REDIS_LOST_MESSAGE });
    await client.ended;
    const refused = await fetch(`${api.url}/futures/backtest/report`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SHORT_FUTURES) });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/Redis/);

    redis = await startRedis(port);
    let answer: Response;
    for (;;) {
      answer = await fetch(`${api.url}/futures/backtest/report`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SHORT_FUTURES) });
      if (answer.status !== 503) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { symbol: string; sessions: unknown[] }).sessions.length).toBeGreaterThan(10);
  }, 180_000);
});

import autocannon from 'autocannon';
import { createWriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../src/app.factory';
import { type AppConfig, loadConfig } from '../src/config';
import { startDatabase } from '../src/core/database';
import type { BenchModule } from './run';
import { freshDatabase, median } from './support';

const CONNECTIONS = 10;
const SECONDS_PER_CASE = 5;
/**
 * The read cases run in rounds, logging off then on (then on then off), a round's two runs back to back: on a
 * shared machine the load drifts within a minute, and pairs compare like with like. Each figure is the median
 * over the rounds.
 */
const ROUNDS = 3;
const SECONDS_PER_ROUND = 2.5;
const SEEDED_FLOWS = 200;
/** Untimed load first, so JIT warm-up and pool growth do not land in the first measured case. */
const WARMUP_SECONDS = 2;

/** A small but realistic saved flow: start node, two analysts, portfolio manager, their edges, node state. */
const FLOW_BODY = JSON.stringify({
  name: 'bench flow',
  description: 'autocannon',
  nodes: ['portfolio-start-node_a1', 'warren_buffett_b2', 'technical_analyst_c3', 'portfolio_manager_d4'].map((id, i) => ({
    id,
    type: i === 0 ? 'portfolio-start-node' : 'agent-node',
    position: { x: i * 300, y: 0 },
    data: { name: id, status: 'Idle', internal_state: { model: { model_name: 'gpt-4.1', provider: 'OpenAI' } } },
  })),
  edges: [
    { id: 'e1', source: 'portfolio-start-node_a1', target: 'warren_buffett_b2' },
    { id: 'e2', source: 'portfolio-start-node_a1', target: 'technical_analyst_c3' },
    { id: 'e3', source: 'warren_buffett_b2', target: 'portfolio_manager_d4' },
    { id: 'e4', source: 'technical_analyst_c3', target: 'portfolio_manager_d4' },
  ],
  viewport: { x: 0, y: 0, zoom: 1 },
  data: { nodeStates: { 'portfolio-start-node_a1': { tickers: 'AAPL,MSFT,NVDA', initial_cash: 100000 } } },
});

/** CPU time of the calling thread in microseconds (`process.threadCpuUsage`, Node 22.19+; the types are Node 20's). */
function threadCpuMicros(): number {
  const usage = (process as NodeJS.Process & { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.() ?? process.cpuUsage();
  return usage.user + usage.system;
}

interface Measured {
  readonly result: autocannon.Result;
  /** CPU the server's thread (this process's main thread) spent per answered request, in microseconds. */
  readonly serverCpuMicros: number;
}

/**
 * One autocannon run, with the CPU time the main thread (where the app's event loop runs; autocannon has a worker
 * thread of its own) spent meanwhile: per request, a figure that moves far less with the machine's load than req/s.
 */
async function load(options: autocannon.Options): Promise<Measured> {
  const before = threadCpuMicros();
  const result = await autocannon({ ...options, connections: CONNECTIONS, workers: 1 });
  return { result, serverCpuMicros: (threadCpuMicros() - before) / Math.max(1, result.requests.total) };
}

function row(name: string, runs: readonly Measured[]): Record<string, string | number> {
  return {
    case: name,
    'req/s': Math.round(median(runs.map((m) => m.result.requests.average))),
    'p50 ms': median(runs.map((m) => m.result.latency.p50)),
    'p99 ms': median(runs.map((m) => m.result.latency.p99)),
    'server CPU µs/req': Math.round(median(runs.map((m) => m.serverCpuMicros))),
    requests: runs.reduce((sum, m) => sum + m.result.requests.total, 0),
    'non-2xx': runs.reduce((sum, m) => sum + m.result.non2xx, 0),
    errors: runs.reduce((sum, m) => sum + m.result.errors, 0),
  };
}

/**
 * Flows API throughput over HTTP: create, get by id and list, with autocannon against the real app. The load
 * generator runs in a worker thread of its own (autocannon `workers: 1`), so it does not share the app's event
 * loop; on a 2-core machine it still shares the CPUs (with PostgreSQL too). Request logging: the app as configured
 * in production (LOG_LEVEL=info, one JSON line per request) written to /dev/null, against LOG_LEVEL=silent; the
 * difference is what the per-request log line costs. `GET /health/ping` is the floor: what any route costs in the
 * HTTP pipeline (request id, metrics, security headers, host and origin checks, CORS, guards, logging) before its
 * own work.
 */
const bench: BenchModule = {
  title: `flows API: ping / get / list in ${ROUNDS} rounds of ${SECONDS_PER_ROUND} s, logging off and on; create ${SECONDS_PER_CASE} s (autocannon, ${CONNECTIONS} connections)`,
  async run() {
    const target = await freshDatabase('flows');
    console.log(`database: ${target.label}`);
    console.log(
      `load generator: autocannon in a worker thread of this process (its own event loop; the app's is the main thread's), sharing the ${availableParallelism()} CPUs with the app and the database; "server CPU µs/req" is the main thread's CPU time per answered request`,
    );
    try {
      const database = await startDatabase(loadConfig({ ...target.env, LOG_LEVEL: 'silent', PORT: '0' }));
      try {
        // Creates last: they grow the table the list reads.
        const rows = [...(await measureReads(database.config)), ...(await measureCreates(database.config))];
        console.table(rows);
      } finally {
        await database.stop();
      }
    } finally {
      await target.cleanup();
    }
  },
};

type Logging = 'silent' | 'info';

const LOGGING_LABEL: Record<Logging, string> = { silent: 'logging off (LOG_LEVEL=silent)', info: 'request logging on (LOG_LEVEL=info, to /dev/null)' };

async function startApp(config: AppConfig, level: Logging): Promise<{ app: NestExpressApplication; base: string }> {
  const logging = level === 'silent' ? config.logging : { ...config.logging, level, destination: createWriteStream('/dev/null') };
  const app = await createApp({ ...config, logging });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, base: `http://127.0.0.1:${address.port}` };
}

/**
 * Ping, get and list against two instances of the app in this process, one with request logging off and one
 * with it on, in alternating rounds; then the per-request cost of logging from the pairs.
 */
async function measureReads(config: AppConfig): Promise<Record<string, string | number>[]> {
  const apps = { silent: await startApp(config, 'silent'), info: await startApp(config, 'info') };
  try {
    const json = { 'content-type': 'application/json' };
    const ids: number[] = [];
    const base = apps.silent.base;
    const seeded = (await (await fetch(`${base}/flows/`)).json()) as { id: number }[];
    for (let i = seeded.length; i < SEEDED_FLOWS; i += 1) {
      const res = await fetch(`${base}/flows/`, { method: 'POST', headers: json, body: FLOW_BODY });
      ids.push(((await res.json()) as { id: number }).id);
    }
    ids.push(...seeded.map((flow) => flow.id));
    const routes = {
      ping: { name: "GET /health/ping (the pipeline's floor)", options: (url: string): autocannon.Options => ({ url: `${url}/health/ping` }) },
      // Each connection walks the seeded flows in turn.
      get: { name: 'GET /flows/{id} (get)', options: (url: string): autocannon.Options => ({ url, requests: ids.map((id) => ({ method: 'GET' as const, path: `/flows/${id}` })) }) },
      list: { name: `GET /flows/ (list of ${SEEDED_FLOWS} summaries)`, options: (url: string): autocannon.Options => ({ url: `${url}/flows/` }) },
    };
    for (const level of ['silent', 'info'] as const) await load({ ...routes.get.options(apps[level].base), duration: WARMUP_SECONDS });
    const rows: Record<string, string | number>[] = [];
    const notes: string[] = [];
    for (const { name, options } of Object.values(routes)) {
      const runs: Record<Logging, Measured[]> = { silent: [], info: [] };
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const level of round % 2 === 0 ? (['silent', 'info'] as const) : (['info', 'silent'] as const)) {
          runs[level].push(await load({ ...options(apps[level].base), duration: SECONDS_PER_ROUND }));
        }
      }
      rows.push(row(`${name}, ${LOGGING_LABEL.silent}`, runs.silent), row(`${name}, ${LOGGING_LABEL.info}`, runs.info));
      const extra = median(runs.info.map((m, i) => m.serverCpuMicros - runs.silent[i].serverCpuMicros));
      const ratio = median(runs.info.map((m, i) => m.result.requests.average / Math.max(1, runs.silent[i].result.requests.average)));
      notes.push(`request logging on ${name}: ${extra >= 0 ? '+' : ''}${Math.round(extra)} µs server CPU per request, req/s ${ratio.toFixed(2)} × without (medians of ${ROUNDS} pairs)`);
    }
    for (const note of notes) console.log(note);
    return rows;
  } finally {
    for (const { app } of Object.values(apps)) await app.close();
  }
}

/** Creates last: they grow the table the list reads. */
async function measureCreates(config: AppConfig): Promise<Record<string, string | number>[]> {
  const { app, base } = await startApp(config, 'silent');
  try {
    const create = await load({ url: `${base}/flows/`, duration: SECONDS_PER_CASE, method: 'POST', headers: { 'content-type': 'application/json' }, body: FLOW_BODY });
    return [row(`POST /flows/ (create), ${LOGGING_LABEL.silent}`, [create])];
  } finally {
    await app.close();
  }
}
export default bench;

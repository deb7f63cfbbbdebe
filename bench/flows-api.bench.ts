import autocannon from 'autocannon';
import { createWriteStream } from 'node:fs';
import { createApp } from '../src/app.factory';
import { type AppConfig, loadConfig } from '../src/config';
import { startDatabase } from '../src/core/database';
import type { BenchModule } from './run';
import { freshDatabase } from './support';

const CONNECTIONS = 10;
const SECONDS_PER_CASE = 5;
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

function row(name: string, result: autocannon.Result): Record<string, string | number> {
  return {
    case: name,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    requests: result.requests.total,
    'non-2xx': result.non2xx,
    errors: result.errors,
  };
}

/**
 * Flows API throughput over HTTP: create, get by id and list, with autocannon against the real app. The load
 * generator runs in a worker thread of its own (autocannon `workers: 1`), so it does not share the app's event
 * loop; on a 2-core machine it still shares the CPUs. Request logging: the app as configured in production
 * (LOG_LEVEL=info, one JSON line per request) written to /dev/null,
 * against LOG_LEVEL=silent; the difference is what the per-request log line costs.
 */
const bench: BenchModule = {
  title: `flows API: create / get / list (autocannon, ${CONNECTIONS} connections, ${SECONDS_PER_CASE} s each)`,
  async run() {
    const target = await freshDatabase('flows');
    console.log(`database: ${target.label}`);
    try {
      const database = await startDatabase(loadConfig({ ...target.env, LOG_LEVEL: 'silent', PORT: '0' }));
      try {
        // Creates last: they grow the table the list reads.
        const rows = [...(await measure(database.config, 'silent', false)), ...(await measure(database.config, 'info', false)), ...(await measure(database.config, 'silent', true))];
        console.table(rows);
      } finally {
        await database.stop();
      }
    } finally {
      await target.cleanup();
    }
  },
};

async function measure(config: AppConfig, level: 'silent' | 'info', creates: boolean): Promise<Record<string, string | number>[]> {
  const logging = level === 'silent' ? config.logging : { ...config.logging, level, destination: createWriteStream('/dev/null') };
  const app = await createApp({ ...config, logging });
  try {
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    const base = `http://127.0.0.1:${address.port}`;
    const json = { 'content-type': 'application/json' };

    const logs = level === 'silent' ? 'logging off (LOG_LEVEL=silent)' : 'request logging on (LOG_LEVEL=info, to /dev/null)';
    if (creates) {
      const create = await autocannon({ url: `${base}/flows/`, connections: CONNECTIONS, workers: 1, duration: SECONDS_PER_CASE, method: 'POST', headers: json, body: FLOW_BODY });
      return [row(`POST /flows/ (create), ${logs}`, create)];
    }
    const ids: number[] = [];
    const seeded = (await (await fetch(`${base}/flows/`)).json()) as { id: number }[];
    for (let i = seeded.length; i < SEEDED_FLOWS; i += 1) {
      const res = await fetch(`${base}/flows/`, { method: 'POST', headers: json, body: FLOW_BODY });
      ids.push(((await res.json()) as { id: number }).id);
    }
    ids.push(...seeded.map((flow) => flow.id));
    const getOptions: autocannon.Options = {
      url: base,
      connections: CONNECTIONS,
      workers: 1,
      duration: SECONDS_PER_CASE,
      // Each connection walks the seeded flows in turn.
      requests: ids.map((id) => ({ method: 'GET' as const, path: `/flows/${id}` })),
    };
    await autocannon({ ...getOptions, duration: WARMUP_SECONDS });
    const get = await autocannon(getOptions);
    const list = await autocannon({ url: `${base}/flows/`, connections: CONNECTIONS, workers: 1, duration: SECONDS_PER_CASE });
    return [row(`GET /flows/{id} (get), ${logs}`, get), row(`GET /flows/ (list of ${SEEDED_FLOWS} summaries), ${logs}`, list)];
  } finally {
    await app.close();
  }
}
export default bench;

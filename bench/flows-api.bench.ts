import autocannon from 'autocannon';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config';
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

/** Flows API throughput over HTTP: create, get by id and list, with autocannon against the real app. */
const bench: BenchModule = {
  title: `flows API: create / get / list (autocannon, ${CONNECTIONS} connections, ${SECONDS_PER_CASE} s each)`,
  async run() {
    const target = await freshDatabase('flows');
    console.log(`database: ${target.label}`);
    try {
      const database = await startDatabase(loadConfig({ ...target.env, LOG_LEVEL: 'silent', PORT: '0' }));
      const app = await createApp(database.config);
      try {
        await app.listen(0, '127.0.0.1');
        const address = app.getHttpServer().address() as { port: number };
        const base = `http://127.0.0.1:${address.port}`;
        const json = { 'content-type': 'application/json' };

        const ids: number[] = [];
        for (let i = 0; i < SEEDED_FLOWS; i += 1) {
          const res = await fetch(`${base}/flows/`, { method: 'POST', headers: json, body: FLOW_BODY });
          ids.push(((await res.json()) as { id: number }).id);
        }
        let next = 0;
        const getOptions: autocannon.Options = {
          url: base,
          connections: CONNECTIONS,
          duration: SECONDS_PER_CASE,
          requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: `/flows/${ids[(next += 1) % ids.length]}` }) }],
        };
        await autocannon({ ...getOptions, duration: WARMUP_SECONDS });
        const get = await autocannon(getOptions);
        const list = await autocannon({ url: `${base}/flows/`, connections: CONNECTIONS, duration: SECONDS_PER_CASE });
        const create = await autocannon({ url: `${base}/flows/`, connections: CONNECTIONS, duration: SECONDS_PER_CASE, method: 'POST', headers: json, body: FLOW_BODY });

        console.table([
          row('POST /flows/ (create)', create),
          row('GET /flows/{id} (get)', get),
          row(`GET /flows/ (list of ${SEEDED_FLOWS} summaries)`, list),
        ]);
      } finally {
        await app.close();
        await database.stop();
      }
    } finally {
      await target.cleanup();
    }
  },
};
export default bench;

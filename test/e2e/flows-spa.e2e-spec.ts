import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';

const SPA_ORIGIN = 'http://localhost:5173';

/** React Flow objects as the SPA holds them: with `measured`, `selected`, `markerEnd` and other client-only fields. */
const NODES = [
  {
    id: 'portfolio-start-node_abc123',
    type: 'portfolio-start-node',
    position: { x: 0, y: 0 },
    measured: { width: 320, height: 180 },
    selected: false,
    data: { name: 'Portfolio Input', description: 'Start', status: 'Idle', internal_state: { tickers: 'AAPL,NVDA', initial_cash: 100000 } },
  },
  {
    id: 'warren_buffett_k9x2pq',
    type: 'agent-node',
    position: { x: 400, y: 0 },
    measured: { width: 280, height: 120 },
    data: { name: 'Warren Buffett', status: 'Idle', internal_state: { model: { model_name: 'gpt-4.1', provider: 'OpenAI' } } },
  },
  { id: 'portfolio_manager_z7y6x5', type: 'portfolio-manager-node', position: { x: 800, y: 0 }, data: { name: 'Portfolio Manager', status: 'Idle' } },
];
const EDGES = [
  { id: 'xy-edge__a-b', source: 'portfolio-start-node_abc123', target: 'warren_buffett_k9x2pq', markerEnd: { type: 'arrowclosed' } },
  { id: 'xy-edge__b-c', source: 'warren_buffett_k9x2pq', target: 'portfolio_manager_z7y6x5', markerEnd: { type: 'arrowclosed' } },
];

/** What the output node keeps after a backtest: message logs and up to 50 day results with every signal (megabytes). */
function nodeContextData(): Record<string, unknown> {
  const days = Array.from({ length: 50 }, (_, i) => ({
    date: `2024-03-${String((i % 28) + 1).padStart(2, '0')}`,
    portfolio_value: 100000 + i * 37.5,
    ticker_details: Array.from({ length: 20 }, (_, t) => ({ ticker: `T${t}`, action: 'hold', quantity: 0, price: 100 + t, signals: 'x'.repeat(1200) })),
  }));
  return {
    agentNodeData: { warren_buffett_k9x2pq: { status: 'Done', messages: Array.from({ length: 500 }, (_, i) => ({ timestamp: `t${i}`, message: 'y'.repeat(2000) })) } },
    outputNodeData: { decisions: { AAPL: { action: 'buy', quantity: 10, confidence: 80 } }, backtest_days: days },
  };
}

describe('flows: the SPA save sequence (e2e)', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('create, open, save #1 with data.nodeStates, save #2 echoing the whole response with extras, list', async () => {
    // "Create new flow" dialog.
    const created = await http()
      .post('/flows/')
      .set('Origin', SPA_ORIGIN)
      .send({ name: 'SPA flow', description: 'from the dialog', nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } })
      .expect(200);
    expect(created.headers['access-control-allow-origin']).toBe(SPA_ORIGIN);
    const id = created.body.id as number;
    expect(created.body).toMatchObject({ name: 'SPA flow', description: 'from the dialog', nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 }, data: null });

    // Opening the tab fetches the flow twice.
    const [open1, open2] = [await http().get(`/flows/${id}`).expect(200), await http().get(`/flows/${id}`).expect(200)];
    expect(open2.body).toEqual(open1.body);

    // Save #1: the graph and the per-node form state.
    const nodeStates = { 'portfolio-start-node_abc123': { tickers: 'AAPL,NVDA', initial_cash: 100000 }, warren_buffett_k9x2pq: { model: 'gpt-4.1' } };
    const save1 = await http()
      .put(`/flows/${id}`)
      .set('Origin', SPA_ORIGIN)
      .send({ name: 'SPA flow', description: 'from the dialog', nodes: NODES, edges: EDGES, viewport: { x: -10, y: 5, zoom: 0.8 }, data: { nodeStates } })
      .expect(200);
    expect(save1.body).toMatchObject({ id, nodes: NODES, edges: EDGES, viewport: { x: -10, y: 5, zoom: 0.8 }, data: { nodeStates } });

    // Save #2: the SPA spreads the whole previous response (id, timestamps, is_template, tags, description: null)
    // and adds data.nodeContextData — several megabytes after a backtest.
    const context = nodeContextData();
    const save2Body = { ...save1.body, description: null, data: { ...save1.body.data, nodeContextData: context } };
    expect(JSON.stringify(save2Body).length).toBeGreaterThan(2_000_000);
    const save2 = await http().put(`/flows/${id}`).set('Origin', SPA_ORIGIN).send(save2Body).expect(200);
    expect(save2.body).toEqual({
      id,
      name: 'SPA flow',
      description: 'from the dialog',
      nodes: NODES,
      edges: EDGES,
      viewport: { x: -10, y: 5, zoom: 0.8 },
      data: { nodeStates, nodeContextData: context },
      is_template: false,
      tags: [],
      created_at: created.body.created_at,
      updated_at: expect.any(String),
    });
    expect(Date.parse(save2.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(save1.body.updated_at));

    // Reopening restores everything; the list shows the summary the sidebar reads.
    const reopened = await http().get(`/flows/${id}`).expect(200);
    expect(reopened.body).toEqual(save2.body);
    const list = await http().get('/flows/').expect(200);
    const summary = (list.body as { id: number }[]).find((f) => f.id === id);
    expect(summary).toEqual({
      id,
      name: 'SPA flow',
      description: 'from the dialog',
      is_template: false,
      tags: [],
      created_at: created.body.created_at,
      updated_at: save2.body.updated_at,
    });
  });

  it('duplicate and delete from the flow context menu answer ok', async () => {
    const created = await http().post('/flows/').send({ name: 'Menu flow', nodes: NODES, edges: EDGES, viewport: { x: 0, y: 0, zoom: 1 } }).expect(200);
    const copy = await http().post(`/flows/${created.body.id}/duplicate`).set('Origin', SPA_ORIGIN).expect(200);
    expect(copy.body).toMatchObject({ name: 'Menu flow (Copy)', nodes: NODES, edges: EDGES, is_template: false });
    await http().delete(`/flows/${created.body.id}`).set('Origin', SPA_ORIGIN).expect(200, { message: 'Flow deleted successfully' });
    await http().get(`/flows/${copy.body.id}`).expect(200);
  });

  it('stores float noise as sent, and refuses numbers PostgreSQL would print hundreds of digits long (422 naming the place)', async () => {
    const nodes = [{ id: 'a', position: { x: 3.552713678800501e-15, y: -1234.5678 }, data: { weights: [0, 1e-20, 9.99e31] } }];
    const kept = await http().post('/flows/').send({ name: 'Float noise', nodes, edges: [], viewport: { x: 0, y: 0, zoom: 0.75 } }).expect(200);
    expect((await http().get(`/flows/${kept.body.id}`).expect(200)).body.nodes).toEqual(nodes);
    const tiny = await http().post('/flows/').send({ name: 'Tiny', nodes: [{ id: 'a', position: { x: 5e-324, y: 0 } }], edges: [] }).expect(422);
    expect(tiny.body.errors).toEqual([{ field: 'nodes', message: 'nodes[0].position.x is 5e-324; a number in a flow must be 0 or between 1e-24 and 1e32 in size (it is stored as a decimal)' }]);
    const huge = await http().put(`/flows/${kept.body.id}`).send({ viewport: { x: 0, y: 1e308, zoom: 1 } }).expect(422);
    expect(huge.body.errors.map((e: { field: string }) => e.field)).toEqual(['viewport']);
    expect(huge.body.detail).toContain('viewport.y is 1e+308');
    expect((await http().get(`/flows/${kept.body.id}`).expect(200)).body.viewport).toEqual({ x: 0, y: 0, zoom: 0.75 });
  });
});

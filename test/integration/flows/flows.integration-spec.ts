import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestApp } from '../../support/app';
import { testDatabaseUrl } from '../../support/test-database';

/** A name no other test (or test file sharing this database) uses. */
function unique(label: string): string {
  return `${label} ${randomUUID().slice(0, 8)}`;
}

const GRAPH = {
  nodes: [{ id: 'warren_buffett_abc123', type: 'agent-node', position: { x: 1, y: 2 }, data: { name: 'Warren Buffett' } }],
  edges: [{ id: 'e1', source: 'warren_buffett_abc123', target: 'portfolio_manager_def456' }],
};

describe('flows API (integration, real database)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  async function createFlow(body: Record<string, unknown>): Promise<{ id: number } & Record<string, unknown>> {
    const res = await http().post('/flows/').send(body).expect(200);
    return res.body as { id: number } & Record<string, unknown>;
  }

  describe('POST /flows/', () => {
    it('creates a flow and answers the full FlowResponse', async () => {
      const name = unique('Create');
      const res = await http()
        .post('/flows/')
        .send({ name, description: 'd', ...GRAPH, viewport: { x: 0, y: 0, zoom: 1 }, data: { nodeStates: { a: 1 } }, is_template: true, tags: ['value'] })
        .expect(200);
      expect(res.body).toEqual({
        id: expect.any(Number),
        name,
        description: 'd',
        nodes: GRAPH.nodes,
        edges: GRAPH.edges,
        viewport: { x: 0, y: 0, zoom: 1 },
        data: { nodeStates: { a: 1 } },
        is_template: true,
        tags: ['value'],
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        updated_at: res.body.created_at,
      });
      const [row] = (await dataSource.query(`SELECT name, nodes, tags, is_template FROM hedge_fund_flows WHERE id = $1`, [res.body.id])) as Record<string, unknown>[];
      expect(row).toEqual({ name, nodes: GRAPH.nodes, tags: ['value'], is_template: true });
    });

    it('applies the anchor defaults: no description/viewport/data, is_template false, tags []', async () => {
      const name = unique('Defaults');
      const res = await http().post('/flows').send({ name, nodes: [], edges: [], tags: null }).expect(200);
      expect(res.body).toMatchObject({ name, description: null, viewport: null, data: null, is_template: false, tags: [] });
    });

    it('accepts a name of exactly 200 characters', async () => {
      const name = 'n'.repeat(200);
      const res = await http().post('/flows/').send({ name, nodes: [], edges: [] }).expect(200);
      expect(res.body.name).toBe(name);
    });

    it.each([
      [{ nodes: [], edges: [] }, 'name', 'name is required'],
      [{ name: '', nodes: [], edges: [] }, 'name', 'name must be longer than or equal to 1 characters'],
      [{ name: 'x'.repeat(201), nodes: [], edges: [] }, 'name', 'name must be shorter than or equal to 200 characters'],
      [{ name: 'ok', nodes: {}, edges: [] }, 'nodes', 'nodes must be an array'],
      [{ name: 'ok', nodes: [], edges: 'x' }, 'edges', 'edges must be an array'],
      [{ name: 'ok', nodes: [1], edges: [] }, 'nodes[0]', 'nodes[0] must be an object, got 1'],
      [{ name: 'ok', nodes: [], edges: [], viewport: [1] }, 'viewport', 'viewport must be an object'],
      [{ name: 'ok', nodes: [], edges: [], tags: [1] }, 'tags[0]', 'tags[0] must be a string, got 1'],
      [{ name: 'ok', nodes: [], edges: [], is_template: 'yes' }, 'is_template', 'is_template must be a boolean value'],
    ])('422 for %j, naming %s', async (body, field, message) => {
      const res = await http().post('/flows/').send(body).expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual(expect.arrayContaining([{ field, message }]));
      expect(res.body.detail).toContain(message);
    });

    it('422 for a missing nodes and edges, listing both', async () => {
      const res = await http().post('/flows/').send({ name: 'ok' }).expect(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['nodes', 'edges']));
    });

    it('stores and returns a graph of several megabytes intact', async () => {
      const nodes = Array.from({ length: 25_000 }, (_, i) => ({
        id: `agent_${i}`,
        type: 'agent-node',
        position: { x: i, y: -i },
        data: { label: `Agent ${i}`, notes: 'x'.repeat(120) },
      }));
      const edges = Array.from({ length: 24_999 }, (_, i) => ({ id: `e${i}`, source: `agent_${i}`, target: `agent_${i + 1}` }));
      const body = { name: unique('Big'), nodes, edges };
      expect(JSON.stringify(body).length).toBeGreaterThan(5_000_000);
      const created = await http().post('/flows/').send(body).expect(200);
      const fetched = await http().get(`/flows/${created.body.id}`).expect(200);
      expect(fetched.body.nodes).toHaveLength(25_000);
      expect(fetched.body.nodes[24_999]).toEqual(nodes[24_999]);
      expect(fetched.body.edges[123]).toEqual(edges[123]);
      // Several MB stored and read back: generous on a busy machine (it is not a timing test).
    }, 180_000);
  });

  describe('GET /flows/', () => {
    it('lists summaries (no graph), most recently updated first, PUT moving a flow to the top', async () => {
      const tag = unique('Order');
      const first = await createFlow({ name: `${tag} a`, nodes: [], edges: [] });
      const second = await createFlow({ name: `${tag} b`, nodes: [], edges: [] });
      const third = await createFlow({ name: `${tag} c`, nodes: [], edges: [] });
      let res = await http().get('/flows/').query({ search: tag }).expect(200);
      expect(res.body.map((f: { id: number }) => f.id)).toEqual([third.id, second.id, first.id]);
      expect(Object.keys(res.body[0]).sort()).toEqual(['created_at', 'description', 'id', 'is_template', 'name', 'tags', 'updated_at']);

      await http().put(`/flows/${first.id}`).send({ description: 'touched' }).expect(200);
      res = await http().get('/flows').query({ search: tag }).expect(200);
      expect(res.body.map((f: { id: number }) => f.id)).toEqual([first.id, third.id, second.id]);
    });

    it('includes templates by default and leaves them out with include_templates=false', async () => {
      const tag = unique('Tpl');
      const plain = await createFlow({ name: `${tag} plain`, nodes: [], edges: [] });
      const template = await createFlow({ name: `${tag} template`, nodes: [], edges: [], is_template: true });
      const all = await http().get('/flows/').query({ search: tag }).expect(200);
      expect(all.body.map((f: { id: number }) => f.id).sort()).toEqual([plain.id, template.id].sort());
      const noTemplates = await http().get('/flows/').query({ search: tag, include_templates: 'false' }).expect(200);
      expect(noTemplates.body.map((f: { id: number }) => f.id)).toEqual([plain.id]);
      const explicit = await http().get('/flows/').query({ search: tag, include_templates: 'true' }).expect(200);
      expect(explicit.body).toHaveLength(2);
    });

    it('pages with limit and offset', async () => {
      const tag = unique('Page');
      const ids: number[] = [];
      for (let i = 0; i < 5; i += 1) ids.push((await createFlow({ name: `${tag} ${i}`, nodes: [], edges: [] })).id);
      const newestFirst = [...ids].reverse();
      const page1 = await http().get('/flows/').query({ search: tag, limit: 2 }).expect(200);
      const page2 = await http().get('/flows/').query({ search: tag, limit: 2, offset: 2 }).expect(200);
      const page3 = await http().get('/flows/').query({ search: tag, limit: 2, offset: 4 }).expect(200);
      expect([...page1.body, ...page2.body, ...page3.body].map((f: { id: number }) => f.id)).toEqual(newestFirst);
      expect(page3.body).toHaveLength(1);
    });

    it('searches case-insensitively and treats % and _ literally', async () => {
      const tag = randomUUID().slice(0, 8);
      const percent = await createFlow({ name: `Growth 100% ${tag}`, nodes: [], edges: [] });
      const underscore = await createFlow({ name: `snake_case ${tag}`, nodes: [], edges: [] });
      await createFlow({ name: `Growth 1000 ${tag}`, nodes: [], edges: [] });
      await createFlow({ name: `snakeXcase ${tag}`, nodes: [], edges: [] });
      const byPercent = await http().get('/flows/').query({ search: `100% ${tag}` }).expect(200);
      expect(byPercent.body.map((f: { id: number }) => f.id)).toEqual([percent.id]);
      const byUnderscore = await http().get('/flows/').query({ search: `E_CASE ${tag.toUpperCase()}` }).expect(200);
      expect(byUnderscore.body.map((f: { id: number }) => f.id)).toEqual([underscore.id]);
      const backslash = await http().get('/flows/').query({ search: `\\ ${tag}` }).expect(200);
      expect(backslash.body).toEqual([]);
    });

    it.each([
      [{ limit: 0 }, 'limit', 'limit must not be less than 1'],
      [{ limit: 1001 }, 'limit', 'limit must not be greater than 1000'],
      [{ limit: 'ten' }, 'limit', 'limit must be an integer number'],
      [{ offset: -1 }, 'offset', 'offset must not be less than 0'],
      [{ include_templates: 'maybe' }, 'include_templates', 'include_templates must be a boolean value'],
    ])('422 for query %j', async (query, field, message) => {
      const res = await http().get('/flows/').query(query).expect(422);
      expect(res.body.errors).toEqual(expect.arrayContaining([{ field, message }]));
      expect(res.body.errors.every((e: { field: string }) => e.field === field)).toBe(true);
    });
  });

  describe('GET /flows/ answers kept until the flows change', () => {
    /** Another client of the database (as another API or worker process would be). */
    let other: Client;
    const names = async (query: Record<string, unknown>): Promise<string[]> =>
      ((await http().get('/flows/').query(query).expect(200)).body as { name: string }[]).map((f) => f.name);

    beforeAll(async () => {
      other = new Client({ connectionString: testDatabaseUrl() });
      await other.connect();
    });

    afterAll(async () => {
      await other.end();
    });

    it('shows every insert, update and delete made through another connection', async () => {
      const tag = unique('Kept');
      const first = await createFlow({ name: `${tag} a`, nodes: [], edges: [] });
      expect(await names({ search: tag })).toEqual([`${tag} a`]);
      expect(await names({ search: tag })).toEqual([`${tag} a`]);

      const [{ id }] = (await other.query(`INSERT INTO hedge_fund_flows (name, nodes, edges) VALUES ($1, '[]', '[]') RETURNING id`, [`${tag} b`])).rows as { id: number }[];
      expect(await names({ search: tag })).toEqual([`${tag} b`, `${tag} a`]);
      await other.query(`UPDATE hedge_fund_flows SET name = $2, updated_at = now() WHERE id = $1`, [first.id, `${tag} c`]);
      expect(await names({ search: tag })).toEqual([`${tag} c`, `${tag} b`]);
      await other.query(`DELETE FROM hedge_fund_flows WHERE id = $1`, [id]);
      expect(await names({ search: tag })).toEqual([`${tag} c`]);
      // A write inside another transaction shows once it commits, not before. (PostgreSQL only: the embedded
      // database serves one connection while another holds a transaction open.)
      if (process.env.TEST_DATABASE_KIND === 'embedded') return;
      await other.query('BEGIN');
      await other.query(`UPDATE hedge_fund_flows SET name = $2 WHERE id = $1`, [first.id, `${tag} d`]);
      expect(await names({ search: tag })).toEqual([`${tag} c`]);
      await other.query('COMMIT');
      expect(await names({ search: tag })).toEqual([`${tag} d`]);
    });

    it('keeps one answer per query', async () => {
      const tag = unique('KeptQuery');
      await createFlow({ name: `${tag} plain`, nodes: [], edges: [] });
      await createFlow({ name: `${tag} template`, nodes: [], edges: [], is_template: true });
      expect(await names({ search: tag })).toEqual([`${tag} template`, `${tag} plain`]);
      expect(await names({ search: tag, include_templates: 'false' })).toEqual([`${tag} plain`]);
      expect(await names({ search: tag, limit: 1 })).toEqual([`${tag} template`]);
      expect(await names({ search: tag, limit: 1, offset: 1 })).toEqual([`${tag} plain`]);
      expect(await names({ search: tag })).toEqual([`${tag} template`, `${tag} plain`]);
    });

    // PostgreSQL only: turning triggers off for one session needs a superuser session of its own.
    const onPostgres = process.env.TEST_DATABASE_KIND === 'embedded' ? it.skip : it;
    onPostgres('answers from the kept list while the revision stands still, and builds it again when it moves', async () => {
      const tag = unique('KeptRevision');
      const flow = await createFlow({ name: `${tag} a`, nodes: [], edges: [] });
      expect(await names({ search: tag })).toEqual([`${tag} a`]);
      // With triggers off in that session only, the rename leaves the revision where it was: the list, unchanged,
      // shows it was answered from what was kept, not read again.
      await other.query(`SET session_replication_role = replica`);
      try {
        await other.query(`UPDATE hedge_fund_flows SET name = $2 WHERE id = $1`, [flow.id, `${tag} b`]);
      } finally {
        await other.query(`SET session_replication_role = DEFAULT`);
      }
      expect(await names({ search: tag })).toEqual([`${tag} a`]);
      expect((await http().get(`/flows/${flow.id}`).expect(200)).body.name).toBe(`${tag} b`);
      await other.query(`UPDATE hedge_fund_flows SET description = 'moved' WHERE id = $1`, [flow.id]);
      expect(await names({ search: tag })).toEqual([`${tag} b`]);
    });
  });

  describe('GET /flows/search/{name}', () => {
    it('returns the matching summaries, templates included, newest first', async () => {
      const tag = randomUUID().slice(0, 8);
      const a = await createFlow({ name: `Momentum ${tag}`, nodes: [], edges: [] });
      const b = await createFlow({ name: `MOMENTUM template ${tag}`, nodes: [], edges: [], is_template: true });
      await createFlow({ name: `Value ${tag}`, nodes: [], edges: [] });
      const res = await http().get(`/flows/search/momentum`).expect(200);
      const ours = res.body.filter((f: { name: string }) => f.name.endsWith(tag));
      expect(ours.map((f: { id: number }) => f.id)).toEqual([b.id, a.id]);
      expect(ours[0]).not.toHaveProperty('nodes');
    });

    it('matches % literally', async () => {
      const tag = randomUUID().slice(0, 8);
      await createFlow({ name: `abc ${tag}`, nodes: [], edges: [] });
      const res = await http().get(`/flows/search/${encodeURIComponent(`%${tag}`)}`).expect(200);
      expect(res.body).toEqual([]);
    });
  });

  describe('GET /flows/{id}', () => {
    it('returns the flow', async () => {
      const flow = await createFlow({ name: unique('Get'), ...GRAPH });
      const res = await http().get(`/flows/${flow.id}/`).expect(200);
      expect(res.body).toEqual(flow);
    });

    it('answers JSON whose timestamps are the stored ones in UTC, cut to milliseconds (as toISOString prints them)', async () => {
      const flow = await createFlow({ name: unique('Stamps'), ...GRAPH, viewport: null, tags: ['a'] });
      // Microseconds that a rounding formatter would carry into the next millisecond, second, minute and year.
      await dataSource.query(`UPDATE hedge_fund_flows SET created_at = '2025-12-31 23:59:59.999999+00', updated_at = '2026-03-04 05:06:07.008900-05:30' WHERE id = $1`, [flow.id]);
      const res = await http().get(`/flows/${flow.id}`).expect(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toEqual({ ...flow, created_at: '2025-12-31T23:59:59.999Z', updated_at: '2026-03-04T10:36:07.008Z' });
      const list = await http().get('/flows/').query({ search: flow.name }).expect(200);
      expect(list.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(list.body).toEqual([{ id: flow.id, name: flow.name, description: null, is_template: false, tags: ['a'], created_at: '2025-12-31T23:59:59.999Z', updated_at: '2026-03-04T10:36:07.008Z' }]);
    });

    it('404 for an unknown flow', async () => {
      const res = await http().get('/flows/2147483000').expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 404, detail: 'Flow not found', type: 'urn:problem:not-found' });
    });

    it.each(['abc', '1.5', '0', '-3', '99999999999'])('422 (not 500) for the id %s', async (id) => {
      const res = await http().get(`/flows/${id}`).expect(422);
      expect(res.body).toMatchObject({ status: 422, errors: [{ field: 'flow_id', message: 'flow_id must be an integer between 1 and 2147483647' }] });
    });
  });

  describe('PUT /flows/{id}', () => {
    it('changes only the given fields; null and absent mean unchanged', async () => {
      const flow = await createFlow({ name: unique('Put'), description: 'keep me', ...GRAPH, viewport: { x: 1, y: 1, zoom: 2 }, data: { a: 1 }, tags: ['t'] });
      const res = await http()
        .put(`/flows/${flow.id}`)
        .send({ name: 'Renamed', description: null, nodes: null, viewport: { x: 5, y: 5, zoom: 1 }, tags: null })
        .expect(200);
      expect(res.body).toEqual({
        ...flow,
        name: 'Renamed',
        viewport: { x: 5, y: 5, zoom: 1 },
        updated_at: expect.any(String),
      });
      expect(Date.parse(res.body.updated_at)).toBeGreaterThan(Date.parse(flow.updated_at as string));
      expect(res.body.created_at).toBe(flow.created_at);
    });

    it('can replace the graph, data, template flag and tags', async () => {
      const flow = await createFlow({ name: unique('Replace'), ...GRAPH });
      const res = await http()
        .put(`/flows/${flow.id}/`)
        .send({ nodes: [], edges: [], data: { nodeStates: {} }, is_template: true, tags: ['a', 'b'] })
        .expect(200);
      expect(res.body).toMatchObject({ nodes: [], edges: [], data: { nodeStates: {} }, is_template: true, tags: ['a', 'b'] });
    });

    it('422 for an invalid field, leaving the flow as it was', async () => {
      const flow = await createFlow({ name: unique('Invalid'), ...GRAPH });
      const res = await http().put(`/flows/${flow.id}`).send({ name: '', nodes: 'x' }).expect(422);
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['name', 'nodes']);
      const after = await http().get(`/flows/${flow.id}`).expect(200);
      expect(after.body).toEqual(flow);
    });

    it('404 for an unknown flow', async () => {
      const res = await http().put('/flows/2147483000').send({ name: 'x' }).expect(404);
      expect(res.body.detail).toBe('Flow not found');
    });
  });

  describe('DELETE /flows/{id}', () => {
    it("deletes the flow with its runs and their cycles (cascade)", async () => {
      const flow = await createFlow({ name: unique('Delete'), nodes: [], edges: [] });
      const run = await http().post(`/flows/${flow.id}/runs/`).send({ request_data: { tickers: ['AAPL'] } }).expect(200);
      await dataSource.query(`INSERT INTO hedge_fund_flow_run_cycles (flow_run_id, cycle_number) VALUES ($1, 1), ($1, 2)`, [run.body.id]);

      await http().delete(`/flows/${flow.id}`).expect(200, { message: 'Flow deleted successfully' });

      await http().get(`/flows/${flow.id}`).expect(404);
      const [counts] = (await dataSource.query(
        `SELECT (SELECT count(*)::int FROM hedge_fund_flow_runs WHERE flow_id = $1) AS runs,
                (SELECT count(*)::int FROM hedge_fund_flow_run_cycles WHERE flow_run_id = $2) AS cycles`,
        [flow.id, run.body.id],
      )) as { runs: number; cycles: number }[];
      expect(counts).toEqual({ runs: 0, cycles: 0 });
    });

    it('404 for an unknown flow, and on a second delete', async () => {
      const flow = await createFlow({ name: unique('Twice'), nodes: [], edges: [] });
      await http().delete(`/flows/${flow.id}/`).expect(200);
      const res = await http().delete(`/flows/${flow.id}`).expect(404);
      expect(res.body.detail).toBe('Flow not found');
    });
  });

  describe('POST /flows/{id}/duplicate', () => {
    it('copies graph, viewport, data and tags under "<name> (Copy)", never as a template', async () => {
      const name = unique('Original');
      const flow = await createFlow({ name, description: 'desc', ...GRAPH, viewport: { x: 3, y: 4, zoom: 1 }, data: { d: true }, is_template: true, tags: ['x'] });
      const res = await http().post(`/flows/${flow.id}/duplicate`).expect(200);
      expect(res.body).toEqual({
        ...flow,
        id: expect.any(Number),
        name: `${name} (Copy)`,
        is_template: false,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      expect(res.body.id).not.toBe(flow.id);
    });

    it('uses new_name when given', async () => {
      const flow = await createFlow({ name: unique('Src'), nodes: [], edges: [] });
      const res = await http().post(`/flows/${flow.id}/duplicate`).query({ new_name: 'My copy' }).expect(200);
      expect(res.body.name).toBe('My copy');
    });

    it('shortens a 200-character name so the copy still fits', async () => {
      const flow = await createFlow({ name: 'z'.repeat(200), nodes: [], edges: [] });
      const res = await http().post(`/flows/${flow.id}/duplicate`).expect(200);
      expect(res.body.name).toBe(`${'z'.repeat(193)} (Copy)`);
    });

    it('422 for an empty or too long new_name, 404 for an unknown flow', async () => {
      const flow = await createFlow({ name: unique('Bad copy'), nodes: [], edges: [] });
      const empty = await http().post(`/flows/${flow.id}/duplicate`).query({ new_name: '' }).expect(422);
      expect(empty.body.errors).toEqual([{ field: 'new_name', message: 'new_name must be longer than or equal to 1 characters' }]);
      await http().post(`/flows/${flow.id}/duplicate`).query({ new_name: 'y'.repeat(201) }).expect(422);
      const missing = await http().post('/flows/2147483000/duplicate').expect(404);
      expect(missing.body.detail).toBe('Flow not found');
    });
  });

  it('documents every flows route in the OpenAPI document', async () => {
    const res = await http().get('/docs-json').expect(200);
    const paths = res.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/flows'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/flows/{flow_id}'] ?? {}).sort()).toEqual(['delete', 'get', 'put']);
    expect(Object.keys(paths['/flows/{flow_id}/duplicate'] ?? {})).toEqual(['post']);
    expect(Object.keys(paths['/flows/search/{name}'] ?? {})).toEqual(['get']);
    expect(res.body.components.schemas.FlowResponseDto.required).toEqual(
      expect.arrayContaining(['id', 'name', 'nodes', 'edges', 'is_template', 'created_at', 'updated_at']),
    );
  });
});

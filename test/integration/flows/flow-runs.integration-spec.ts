import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { FlowRunsService, WORKER_LOST_MESSAGE } from '../../../src/modules/flow-runs/flow-runs.service';
import { createTestApp } from '../../support/app';

const MISSING = 2147483000;

describe('flow runs API (integration, real database)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let service: FlowRunsService;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    service = app.get(FlowRunsService);
  });

  afterAll(async () => {
    await app.close();
  });

  async function newFlow(): Promise<number> {
    const res = await http().post('/flows/').send({ name: `Runs ${randomUUID().slice(0, 8)}`, nodes: [], edges: [] }).expect(200);
    return res.body.id as number;
  }

  async function newRun(flowId: number, body: Record<string, unknown> = {}): Promise<Record<string, unknown> & { id: number }> {
    const res = await http().post(`/flows/${flowId}/runs/`).send(body).expect(200);
    return res.body as Record<string, unknown> & { id: number };
  }

  describe('POST /flows/{flow_id}/runs', () => {
    it('creates an IDLE run numbered 1, 2, … within its flow', async () => {
      const flowId = await newFlow();
      const other = await newFlow();
      const first = await newRun(flowId, { request_data: { tickers: ['AAPL'], model_name: 'gpt-4.1' } });
      expect(first).toEqual({
        id: expect.any(Number),
        flow_id: flowId,
        status: 'IDLE',
        kind: 'run',
        run_number: 1,
        created_at: expect.stringMatching(/^\d{4}-/),
        updated_at: expect.stringMatching(/^\d{4}-/),
        started_at: null,
        completed_at: null,
        request_data: { tickers: ['AAPL'], model_name: 'gpt-4.1' },
        results: null,
        error_message: null,
        worker_id: null,
        lease_expires_at: null,
      });
      expect((await newRun(flowId, { kind: 'backtest' })).run_number).toBe(2);
      expect((await newRun(other)).run_number).toBe(1);
      expect((await http().post(`/flows/${flowId}/runs`).send({}).expect(200)).body).toMatchObject({ run_number: 3, kind: 'run', request_data: null });
    });

    it('gives 50 concurrent creates the numbers 1..50 with no duplicate', async () => {
      const flowId = await newFlow();
      const responses = await Promise.all(Array.from({ length: 50 }, () => http().post(`/flows/${flowId}/runs/`).send({})));
      expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 200));
      const numbers = responses.map((r) => r.body.run_number as number).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      const [{ distinct }] = (await dataSource.query(`SELECT count(DISTINCT run_number)::int AS distinct FROM hedge_fund_flow_runs WHERE flow_id = $1`, [flowId])) as {
        distinct: number;
      }[];
      expect(distinct).toBe(50);
    }, 60000);

    it('404 for an unknown flow, 422 for a bad body', async () => {
      const missing = await http().post(`/flows/${MISSING}/runs`).send({}).expect(404);
      expect(missing.body.detail).toBe('Flow not found');
      const flowId = await newFlow();
      const bad = await http().post(`/flows/${flowId}/runs`).send({ request_data: 'x', kind: 'live' }).expect(422);
      expect(bad.body.errors).toEqual([
        { field: 'request_data', message: 'request_data must be an object' },
        { field: 'kind', message: 'kind must be one of the following values: run, backtest, futures_backtest, futures_sweep, pass_probability' },
      ]);
    });
  });

  describe('GET /flows/{flow_id}/runs', () => {
    it('lists summaries newest first, paged by limit and offset', async () => {
      const flowId = await newFlow();
      const ids: number[] = [];
      for (let i = 0; i < 4; i += 1) ids.push((await newRun(flowId, { request_data: { i } })).id);
      const all = await http().get(`/flows/${flowId}/runs/`).expect(200);
      expect(all.body.map((r: { id: number }) => r.id)).toEqual([...ids].reverse());
      expect(Object.keys(all.body[0]).sort()).toEqual(['completed_at', 'created_at', 'error_message', 'flow_id', 'id', 'kind', 'lease_expires_at', 'run_number', 'started_at', 'status', 'worker_id']);
      const page = await http().get(`/flows/${flowId}/runs`).query({ limit: 2, offset: 1 }).expect(200);
      expect(page.body.map((r: { run_number: number }) => r.run_number)).toEqual([3, 2]);
    });

    it.each([
      [{ limit: 0 }, 'limit must not be less than 1'],
      [{ limit: 101 }, 'limit must not be greater than 100'],
      [{ offset: -1 }, 'offset must not be less than 0'],
    ])('422 for %j', async (query, message) => {
      const flowId = await newFlow();
      const res = await http().get(`/flows/${flowId}/runs`).query(query).expect(422);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ message })]));
    });

    it('404 for an unknown flow', async () => {
      await http().get(`/flows/${MISSING}/runs`).expect(404);
    });
  });

  describe('GET active, latest and count', () => {
    it('answers the JSON value null when there is no run', async () => {
      const flowId = await newFlow();
      for (const path of ['active', 'latest']) {
        const res = await http().get(`/flows/${flowId}/runs/${path}`).expect(200);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.text).toBe('null');
      }
      await http().get(`/flows/${flowId}/runs/count`).expect(200, { flow_id: flowId, total_runs: 0 });
    });

    it('finds the in-progress run, the newest run and the count', async () => {
      const flowId = await newFlow();
      const first = await newRun(flowId);
      await http().put(`/flows/${flowId}/runs/${first.id}`).send({ status: 'IN_PROGRESS' }).expect(200);
      const second = await newRun(flowId);
      const active = await http().get(`/flows/${flowId}/runs/active/`).expect(200);
      expect(active.body).toMatchObject({ id: first.id, status: 'IN_PROGRESS' });
      const latest = await http().get(`/flows/${flowId}/runs/latest`).expect(200);
      expect(latest.body).toMatchObject({ id: second.id, run_number: 2, status: 'IDLE' });
      await http().get(`/flows/${flowId}/runs/count/`).expect(200, { flow_id: flowId, total_runs: 2 });
    });

    it.each(['active', 'latest', 'count'])('404 on %s for an unknown flow', async (path) => {
      const res = await http().get(`/flows/${MISSING}/runs/${path}`).expect(404);
      expect(res.body.detail).toBe('Flow not found');
    });
  });

  describe('GET/PUT/DELETE /flows/{flow_id}/runs/{run_id}', () => {
    it('returns the run with its results', async () => {
      const flowId = await newFlow();
      const run = await newRun(flowId, { request_data: { a: 1 } });
      await service.start(run.id);
      await service.complete(run.id, { decisions: { AAPL: { action: 'buy', quantity: 10 } } });
      const res = await http().get(`/flows/${flowId}/runs/${run.id}`).expect(200);
      expect(res.body).toMatchObject({ id: run.id, status: 'COMPLETE', request_data: { a: 1 }, results: { decisions: { AAPL: { action: 'buy', quantity: 10 } } } });
    });

    it('404 for a run of another flow, on every run route', async () => {
      const flowA = await newFlow();
      const flowB = await newFlow();
      const run = await newRun(flowA);
      const routes: [string, () => request.Test][] = [
        ['GET', () => http().get(`/flows/${flowB}/runs/${run.id}`)],
        ['PUT', () => http().put(`/flows/${flowB}/runs/${run.id}`).send({ status: 'IN_PROGRESS' })],
        ['DELETE', () => http().delete(`/flows/${flowB}/runs/${run.id}`)],
        ['GET cycles', () => http().get(`/flows/${flowB}/runs/${run.id}/cycles`)],
      ];
      for (const [label, send] of routes) {
        const res = await send();
        expect({ label, status: res.status, detail: res.body.detail }).toEqual({ label, status: 404, detail: 'Flow run not found' });
      }
      await http().get(`/flows/${flowA}/runs/${run.id}`).expect(200);
      expect((await http().get(`/flows/${flowA}/runs/${run.id}`)).body.status).toBe('IDLE');
    });

    it('404 for an unknown flow before the run is looked at; 422 for a non-integer run id', async () => {
      const flowId = await newFlow();
      const run = await newRun(flowId);
      expect((await http().get(`/flows/${MISSING}/runs/${run.id}`).expect(404)).body.detail).toBe('Flow not found');
      const bad = await http().get(`/flows/${flowId}/runs/first`).expect(422);
      expect(bad.body.errors).toEqual([{ field: 'run_id', message: 'run_id must be an integer between 1 and 2147483647' }]);
    });

    it('moves IDLE → IN_PROGRESS → COMPLETE, stamping started_at and completed_at once', async () => {
      const flowId = await newFlow();
      const run = await newRun(flowId);
      const started = await http().put(`/flows/${flowId}/runs/${run.id}`).send({ status: 'IN_PROGRESS' }).expect(200);
      expect(started.body.started_at).toEqual(expect.any(String));
      expect(started.body.completed_at).toBeNull();
      const again = await http().put(`/flows/${flowId}/runs/${run.id}`).send({ status: 'IN_PROGRESS', results: { partial: true } }).expect(200);
      expect(again.body.started_at).toBe(started.body.started_at);
      expect(again.body.results).toEqual({ partial: true });
      const done = await http().put(`/flows/${flowId}/runs/${run.id}/`).send({ status: 'COMPLETE', results: { ok: 1 }, error_message: null }).expect(200);
      expect(done.body).toMatchObject({ status: 'COMPLETE', started_at: started.body.started_at, results: { ok: 1 }, error_message: null });
      expect(Date.parse(done.body.completed_at)).toBeGreaterThanOrEqual(Date.parse(started.body.started_at));
      const annotated = await http().put(`/flows/${flowId}/runs/${run.id}`).send({ error_message: 'note' }).expect(200);
      expect(annotated.body).toMatchObject({ status: 'COMPLETE', completed_at: done.body.completed_at, results: { ok: 1 }, error_message: 'note' });
    });

    it.each([
      [[], 'COMPLETE', 'A run cannot move from IDLE to COMPLETE; allowed: IN_PROGRESS, ERROR, CANCELLED.'],
      [['IN_PROGRESS'], 'IDLE', 'A run cannot move from IN_PROGRESS to IDLE; allowed: COMPLETE, ERROR, CANCELLED.'],
      [['IN_PROGRESS', 'COMPLETE'], 'IN_PROGRESS', 'A run cannot move from COMPLETE to IN_PROGRESS; COMPLETE is final.'],
      [['IN_PROGRESS', 'ERROR'], 'COMPLETE', 'A run cannot move from ERROR to COMPLETE; ERROR is final.'],
      [['CANCELLED'], 'IN_PROGRESS', 'A run cannot move from CANCELLED to IN_PROGRESS; CANCELLED is final.'],
    ])('409 after %j for a move to %s, changing nothing', async (path, to, detail) => {
      const flowId = await newFlow();
      const run = await newRun(flowId);
      for (const status of path) await http().put(`/flows/${flowId}/runs/${run.id}`).send({ status }).expect(200);
      const before = await http().get(`/flows/${flowId}/runs/${run.id}`).expect(200);
      const res = await http().put(`/flows/${flowId}/runs/${run.id}`).send({ status: to, results: { sneaky: true } }).expect(409);
      expect(res.body).toMatchObject({ status: 409, title: 'Conflict', type: 'urn:problem:conflict', detail });
      expect((await http().get(`/flows/${flowId}/runs/${run.id}`).expect(200)).body).toEqual(before.body);
    });

    it('cancels an IDLE run: completed_at stamped, started_at stays null', async () => {
      const flowId = await newFlow();
      const run = await newRun(flowId);
      const res = await http().put(`/flows/${flowId}/runs/${run.id}`).send({ status: 'CANCELLED', error_message: 'user cancelled' }).expect(200);
      expect(res.body).toMatchObject({ status: 'CANCELLED', started_at: null, completed_at: expect.any(String), error_message: 'user cancelled' });
    });

    it('a run cancelled or failed without a message still says why', async () => {
      const flowId = await newFlow();
      const cancelled = await newRun(flowId);
      const res = await http().put(`/flows/${flowId}/runs/${cancelled.id}`).send({ status: 'CANCELLED' }).expect(200);
      expect(res.body).toMatchObject({ status: 'CANCELLED', error_message: 'cancelled before it completed' });
      const failed = await newRun(flowId);
      await http().put(`/flows/${flowId}/runs/${failed.id}`).send({ status: 'IN_PROGRESS' }).expect(200);
      const error = await http().put(`/flows/${flowId}/runs/${failed.id}`).send({ status: 'ERROR' }).expect(200);
      expect(error.body).toMatchObject({ status: 'ERROR', error_message: 'failed (no reason was given)' });
      const running = await newRun(flowId);
      await http().put(`/flows/${flowId}/runs/${running.id}`).send({ status: 'IN_PROGRESS', error_message: 'a note' }).expect(200);
      const kept = await http().put(`/flows/${flowId}/runs/${running.id}`).send({ status: 'CANCELLED' }).expect(200);
      expect(kept.body.error_message).toBe('a note');
    });

    it('422 for an unknown status or a non-object results', async () => {
      const flowId = await newFlow();
      const run = await newRun(flowId);
      const res = await http().put(`/flows/${flowId}/runs/${run.id}`).send({ status: 'DONE', results: [1] }).expect(422);
      expect(res.body.errors).toEqual([
        { field: 'status', message: 'status must be one of the following values: IDLE, IN_PROGRESS, COMPLETE, ERROR, CANCELLED' },
        { field: 'results', message: 'results must be an object' },
      ]);
    });

    it('deletes one run (and its cycles), then 404s', async () => {
      const flowId = await newFlow();
      const keep = await newRun(flowId);
      const gone = await newRun(flowId);
      await service.addCycle(gone.id, { cycle_number: 1 });
      await http().delete(`/flows/${flowId}/runs/${gone.id}`).expect(200, { message: 'Flow run deleted successfully' });
      const missing = await http().delete(`/flows/${flowId}/runs/${gone.id}`).expect(404);
      expect(missing.body.detail).toBe('Flow run not found');
      await http().get(`/flows/${flowId}/runs/${keep.id}`).expect(200);
      const [{ cycles }] = (await dataSource.query(`SELECT count(*)::int AS cycles FROM hedge_fund_flow_run_cycles WHERE flow_run_id = $1`, [gone.id])) as { cycles: number }[];
      expect(cycles).toBe(0);
    });
  });

  describe('DELETE /flows/{flow_id}/runs', () => {
    it("deletes all the flow's runs and says how many, leaving other flows alone", async () => {
      const flowId = await newFlow();
      const other = await newFlow();
      await newRun(flowId);
      await newRun(flowId);
      await newRun(flowId);
      const otherRun = await newRun(other);
      await http().delete(`/flows/${flowId}/runs/`).expect(200, { message: 'Deleted 3 flow runs successfully' });
      await http().delete(`/flows/${flowId}/runs`).expect(200, { message: 'Deleted 0 flow runs successfully' });
      await http().get(`/flows/${other}/runs/${otherRun.id}`).expect(200);
      await http().delete(`/flows/${MISSING}/runs`).expect(404);
    });

    it('keeps numbering after the highest remaining run (numbers restart once all are gone)', async () => {
      const flowId = await newFlow();
      await newRun(flowId);
      const second = await newRun(flowId);
      await http().delete(`/flows/${flowId}/runs/${second.id}`).expect(200);
      expect((await newRun(flowId)).run_number).toBe(2);
    });
  });

  describe('cycles', () => {
    it('lists the cycles of a run in cycle order and gets one by id', async () => {
      const flowId = await newFlow();
      const run = await newRun(flowId, { kind: 'backtest' });
      await service.start(run.id);
      const day2 = await service.addCycle(run.id, {
        cycle_number: 2,
        started_at: new Date('2024-01-03T21:00:00Z'),
        completed_at: new Date('2024-01-03T21:00:05Z'),
        analyst_signals: { technical_analyst_x1: { AAPL: { signal: 'bullish', confidence: 70 } } },
        trading_decisions: { AAPL: { action: 'buy', quantity: 5 } },
        executed_trades: { AAPL: 5 },
        portfolio_snapshot: { cash: 99000, positions: { AAPL: { long: 5 } } },
        performance_metrics: { sharpe_ratio: null },
        status: 'COMPLETED',
      });
      const day1 = await service.addCycle(run.id, { cycle_number: 1, status: 'COMPLETED' });
      expect(day2).toMatchObject({
        flow_run_id: run.id,
        cycle_number: 2,
        started_at: '2024-01-03T21:00:00.000Z',
        completed_at: '2024-01-03T21:00:05.000Z',
        executed_trades: { AAPL: 5 },
        llm_calls_count: 0,
      });
      const list = await http().get(`/flows/${flowId}/runs/${run.id}/cycles/`).expect(200);
      expect(list.body.map((c: { id: number }) => c.id)).toEqual([day1.id, day2.id]);
      expect(list.body[1]).toEqual(day2);
      const paged = await http().get(`/flows/${flowId}/runs/${run.id}/cycles`).query({ limit: 1, offset: 1 }).expect(200);
      expect(paged.body.map((c: { cycle_number: number }) => c.cycle_number)).toEqual([2]);
      const one = await http().get(`/flows/${flowId}/runs/${run.id}/cycles/${day2.id}`).expect(200);
      expect(one.body).toEqual(day2);
    });

    it('404 for a cycle of another run, an unknown run or an unknown flow', async () => {
      const flowId = await newFlow();
      const runA = await newRun(flowId);
      const runB = await newRun(flowId);
      const cycle = await service.addCycle(runA.id, { cycle_number: 1 });
      const res = await http().get(`/flows/${flowId}/runs/${runB.id}/cycles/${cycle.id}`).expect(404);
      expect(res.body.detail).toBe('Flow run cycle not found');
      expect((await http().get(`/flows/${flowId}/runs/${MISSING}/cycles`).expect(404)).body.detail).toBe('Flow run not found');
      expect((await http().get(`/flows/${MISSING}/runs/${runA.id}/cycles/${cycle.id}`).expect(404)).body.detail).toBe('Flow not found');
      await http().get(`/flows/${flowId}/runs/${runA.id}/cycles/x`).expect(422);
    });
  });

  describe('FlowRunsService (used by the run, backtest and futures services)', () => {
    it('createRun → start → complete', async () => {
      const flowId = await newFlow();
      const created = await service.createRun(flowId, { kind: 'futures_backtest', request_data: { symbol: 'MES' } });
      expect(created).toMatchObject({ flow_id: flowId, kind: 'futures_backtest', status: 'IDLE', run_number: 1, request_data: { symbol: 'MES' } });
      const started = await service.start(created.id);
      expect(started.status).toBe('IN_PROGRESS');
      const done = await service.complete(created.id, { total_return_pct: 1.5 });
      expect(done).toMatchObject({ status: 'COMPLETE', results: { total_return_pct: 1.5 }, started_at: started.started_at, completed_at: expect.any(String) });
    });

    it('fail and cancel record the message; a finished run cannot be failed', async () => {
      const flowId = await newFlow();
      const failing = await service.createRun(flowId);
      await service.start(failing.id);
      expect(await service.fail(failing.id, 'model timed out')).toMatchObject({ status: 'ERROR', error_message: 'model timed out' });
      await expect(service.cancel(failing.id)).rejects.toMatchObject({ code: 'CONFLICT' });
      const cancelled = await service.createRun(flowId);
      await service.start(cancelled.id);
      expect(await service.cancel(cancelled.id, 'client disconnected')).toMatchObject({ status: 'CANCELLED', error_message: 'client disconnected' });
      const quiet = await service.createRun(flowId);
      expect(await service.cancel(quiet.id)).toMatchObject({ status: 'CANCELLED', error_message: 'cancelled before it completed' });
    });

    it('404 for an unknown flow or run, 409 for a repeated cycle number', async () => {
      await expect(service.createRun(MISSING)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Flow not found' });
      await expect(service.start(MISSING)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Flow run not found' });
      await expect(service.addCycle(MISSING, { cycle_number: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Flow run not found' });
      const run = await service.createRun(await newFlow());
      await service.addCycle(run.id, { cycle_number: 7 });
      await expect(service.addCycle(run.id, { cycle_number: 7 })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: `Flow run ${run.id} already has a cycle number 7`,
      });
    });

    it('claim takes an IDLE run for one worker with a lease; a second claim or a late cancel of the IDLE run is refused', async () => {
      const flowId = await newFlow();
      const run = await service.createRun(flowId);
      expect(await service.claim(run.id, { workerId: 'host:1:thread-1', leaseMs: 60_000 })).toBe(true);
      expect(await service.claim(run.id, { workerId: 'host:2:thread-1', leaseMs: 60_000 })).toBe(false);
      expect(await service.cancelIdle(run.id, 'cancelled: the client disconnected')).toBe(false);
      const claimed = (await http().get(`/flows/${flowId}/runs/${run.id}`).expect(200)).body;
      expect(claimed).toMatchObject({ status: 'IN_PROGRESS', worker_id: 'host:1:thread-1', started_at: expect.any(String) });
      const [{ seconds }] = (await dataSource.query(`SELECT EXTRACT(EPOCH FROM lease_expires_at - now())::float AS seconds FROM hedge_fund_flow_runs WHERE id = $1`, [run.id])) as { seconds: number }[];
      expect(seconds).toBeGreaterThan(50);
      expect(seconds).toBeLessThanOrEqual(60);
      expect(await service.renewLease(run.id, { workerId: 'host:1:thread-1', leaseMs: 60_000 })).toBe(true);
      expect(await service.renewLease(run.id, { workerId: 'host:2:thread-1', leaseMs: 60_000 })).toBe(false);
      const idle = await service.createRun(flowId);
      expect(await service.cancelIdle(idle.id, 'cancelled: the client disconnected')).toBe(true);
      expect((await http().get(`/flows/${flowId}/runs/${idle.id}`)).body).toMatchObject({ status: 'CANCELLED', error_message: 'cancelled: the client disconnected', worker_id: null });
    });

    it('markLostRuns turns only IN_PROGRESS runs whose lease expired into ERROR "worker lost"', async () => {
      const flowId = await newFlow();
      const expired = await service.createRun(flowId);
      await service.claim(expired.id, { workerId: 'gone:1:thread-1', leaseMs: -1_000 });
      const live = await service.createRun(flowId);
      await service.claim(live.id, { workerId: 'alive:1:thread-1', leaseMs: 60_000 });
      const unowned = await service.start((await service.createRun(flowId)).id);
      const idle = await service.createRun(flowId);

      expect(await service.markLostRuns()).toContain(expired.id);

      const after = await http().get(`/flows/${flowId}/runs/${expired.id}`).expect(200);
      expect(after.body).toMatchObject({ status: 'ERROR', error_message: WORKER_LOST_MESSAGE, worker_id: 'gone:1:thread-1', completed_at: expect.any(String) });
      expect((await http().get(`/flows/${flowId}/runs/${live.id}`)).body).toMatchObject({ status: 'IN_PROGRESS', error_message: null });
      expect((await http().get(`/flows/${flowId}/runs/${unowned.id}`)).body.status).toBe('IN_PROGRESS');
      expect((await http().get(`/flows/${flowId}/runs/${idle.id}`)).body.status).toBe('IDLE');
      expect(await service.markWorkerLost('alive:1:thread-1', [live.id])).toEqual([live.id]);
      expect((await http().get(`/flows/${flowId}/runs/${live.id}`)).body).toMatchObject({ status: 'ERROR', error_message: WORKER_LOST_MESSAGE });
    });

    it('a second application booting leaves a run with a live lease alone', async () => {
      const flowId = await newFlow();
      const run = await service.createRun(flowId);
      await service.claim(run.id, { workerId: 'first:1:thread-1', leaseMs: 60_000 });
      const second = await createTestApp();
      try {
        const after = await request(second.getHttpServer()).get(`/flows/${flowId}/runs/${run.id}`).expect(200);
        expect(after.body).toMatchObject({ status: 'IN_PROGRESS', worker_id: 'first:1:thread-1', error_message: null });
      } finally {
        await second.close();
      }
    });
  });

  it('documents every run route in the OpenAPI document', async () => {
    const res = await http().get('/docs-json').expect(200);
    const paths = res.body.paths as Record<string, Record<string, unknown>>;
    const base = '/flows/{flow_id}/runs';
    expect(Object.keys(paths[base] ?? {}).sort()).toEqual(['delete', 'get', 'post']);
    for (const path of ['count', 'active', 'latest', '{run_id}/cycles', '{run_id}/cycles/{cycle_id}']) expect(Object.keys(paths[`${base}/${path}`] ?? {})).toEqual(['get']);
    expect(Object.keys(paths[`${base}/{run_id}`] ?? {}).sort()).toEqual(['delete', 'get', 'put']);
    expect(Object.keys(res.body.components.schemas.FlowRunResponseDto.properties)).toEqual(expect.arrayContaining(['kind', 'results', 'request_data']));
  });
});

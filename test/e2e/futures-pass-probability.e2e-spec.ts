import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';
import { cancelAfterFirstProgress, createFlow } from '../support/persisted-runs';
import { postSse, type SseFrame } from '../support/sse';

// A 50K Combine with a nearer target and a tighter floor, so 20-session attempts pass, fail and stay open.
const BODY = {
  symbol: 'MES',
  start_date: '2023-01-03',
  end_date: '2023-03-31',
  rules: { profit_target: 1000, max_loss_limit: 800 },
  horizon_days: 20,
  paths: 2000,
  seed: 3,
  block_days: 4,
};

/** Room for estimates and several backtests on a busy machine (the tests assert values, never a time). */
const HEAVY_TEST_MS = 120_000;

interface Start {
  start_date: string;
  outcome: 'passed' | 'failed' | 'open';
  end_date: string;
  horizon_end: string;
  trading_days: number;
  net_pnl: number;
  horizon_complete: boolean;
}
interface Odds {
  p_pass: number;
  p_fail: number;
  p_open: number;
  days_to_pass: { p50: number; p90: number; mean: number } | null;
}
interface Estimate {
  method: string;
  rolling: Odds & { starts: Start[]; starts_counted: number };
  bootstrap: Odds & { paths: number; seed: number; block_days: number; sessions_pooled: number };
  metrics: { daily_pnl: { dates: string[] } };
  run_id: number | null;
  data_source: string;
}

describe('POST /futures/pass-probability (e2e)', () => {
  let app: NestExpressApplication;
  let frames: SseFrame[];
  let estimate: Estimate;

  const stream = (body: Record<string, unknown>): Promise<SseFrame[]> => postSse(app, '/futures/pass-probability', body);

  function completeOf(list: SseFrame[]): Estimate {
    const last = list[list.length - 1];
    expect(last.event).toBe('complete');
    return (last.data as { data: Estimate }).data;
  }

  beforeAll(async () => {
    app = await createTestApp();
    frames = await stream(BODY);
    estimate = completeOf(frames);
  }, HEAVY_TEST_MS);

  afterAll(async () => {
    await app.close();
  });

  it('streams start, progress every 500 paths, then the estimate', () => {
    expect(frames[0]).toMatchObject({ event: 'start', data: { type: 'start', symbol: 'MES', method: 'both', horizon_days: 20, paths: 2000, data_source: 'synthetic' } });
    const progress = frames.filter((f) => f.event === 'progress').map((f) => f.data as { agent: string; phase: string; done: number; total: number });
    expect(progress.map((p) => [p.phase, p.done, p.total])).toEqual([
      ['bootstrap', 500, 2000],
      ['bootstrap', 1000, 2000],
      ['bootstrap', 1500, 2000],
    ]);
    expect(progress.every((p) => p.agent === 'futures_pass_probability')).toBe(true);
  });

  it('rolling: every session of the range is a start; the counted outcomes sum to 1', () => {
    const { rolling } = estimate;
    expect(rolling.starts[0].start_date).toBe('2023-01-03');
    expect(rolling.starts[rolling.starts.length - 1].start_date).toBe('2023-03-31');
    expect(rolling.starts.length).toBeGreaterThan(55);
    // synthetic data go on after end_date: every horizon is complete and counted
    expect(rolling.starts.every((s) => s.horizon_complete)).toBe(true);
    expect(rolling.starts_counted).toBe(rolling.starts.length);
    const share = (outcome: string) => rolling.starts.filter((s) => s.outcome === outcome).length / rolling.starts.length;
    expect([rolling.p_pass, rolling.p_fail, rolling.p_open]).toEqual([share('passed'), share('failed'), share('open')]);
    expect(rolling.p_pass + rolling.p_fail + rolling.p_open).toBeCloseTo(1, 12);
    expect(new Set(rolling.starts.map((s) => s.outcome))).toEqual(new Set(['passed', 'failed', 'open']));
  });

  it('a rolling start equals POST /futures/backtest/report from it to its horizon end: same verdict, same date', async () => {
    const { starts } = estimate.rolling;
    const picked = (['passed', 'failed', 'open'] as const).flatMap((outcome) => starts.filter((s) => s.outcome === outcome).slice(0, 2));
    expect(picked).toHaveLength(6);
    for (const start of picked) {
      const report = await request(app.getHttpServer())
        .post('/futures/backtest/report')
        .send({ symbol: BODY.symbol, rules: BODY.rules, start_date: start.start_date, end_date: start.horizon_end })
        .expect(200);
      const { verdict, sessions } = report.body as { verdict: { status: string; date: string | null }; sessions: { date: string }[] };
      const outcome = verdict.status === 'in_progress' ? 'open' : verdict.status;
      expect([start.start_date, outcome, verdict.date ?? sessions[sessions.length - 1].date, sessions.length]).toEqual([start.start_date, start.outcome, start.end_date, start.trading_days]);
    }
  }, HEAVY_TEST_MS);

  it('bootstrap: sums to 1, the same seed gives the same answer', async () => {
    const { bootstrap } = estimate;
    expect([bootstrap.paths, bootstrap.seed, bootstrap.block_days, bootstrap.sessions_pooled]).toEqual([2000, 3, 4, estimate.rolling.starts.length]);
    expect(bootstrap.p_pass + bootstrap.p_fail + bootstrap.p_open).toBeCloseTo(1, 12);
    const again = completeOf(await stream({ ...BODY, method: 'bootstrap' }));
    expect(again.rolling).toBeNull();
    expect(again.bootstrap).toEqual(bootstrap);
  }, HEAVY_TEST_MS);

  it('422 names every bad field at once, as problem details, before any stream', async () => {
    const res = await request(app.getHttpServer())
      .post('/futures/pass-probability')
      .send({ ...BODY, method: 'monte_carlo', horizon_days: 0, paths: 'many', seed: 1.5, block_days: 999, strategy: { target_rr: 3 } })
      .expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['strategy.target_rr', 'method', 'horizon_days', 'paths', 'seed', 'block_days']);
    expect(res.body.detail).toMatch(/^6 fields are invalid: /);
    const none = await request(app.getHttpServer()).post('/futures/pass-probability').send({ ...BODY, account_size: 'none', rules: undefined }).expect(422);
    expect(none.body.errors.map((e: { field: string }) => e.field)).toEqual(['account_size']);
  });

  it('a range holding no session (a weekend) is a 422 before any stream', async () => {
    const res = await request(app.getHttpServer()).post('/futures/pass-probability').send({ ...BODY, start_date: '2023-01-07', end_date: '2023-01-08' }).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field: 'start_date', message: 'start_date: no MES regular-session bars between 2023-01-07 and 2023-01-08.' }]);
  });

  it('persists a run (kind pass_probability) whose report page draws the odds', async () => {
    const flow = await request(app.getHttpServer()).post('/flows').send({ name: 'pass probability e2e', nodes: [], edges: [] }).expect(200);
    const persisted = completeOf(await stream({ ...BODY, method: 'rolling', flow_id: flow.body.id }));
    expect(persisted.run_id).toEqual(expect.any(Number));
    const run = await request(app.getHttpServer()).get(`/flows/${flow.body.id}/runs/${persisted.run_id}`).expect(200);
    expect(run.body).toMatchObject({ status: 'COMPLETE', kind: 'pass_probability' });
    expect(run.body.results.rolling.p_pass).toBe(estimate.rolling.p_pass);
    const page = await request(app.getHttpServer()).get(`/flows/${flow.body.id}/runs/${persisted.run_id}/report.html`).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<figure data-chart="pass-probability">');
    expect(page.text).toContain(`data-key="pass_probability.p_pass" data-value="${JSON.stringify(estimate.rolling.p_pass)}"`);
    expect(page.text).toContain('data-synthetic="true"');
    await request(app.getHttpServer()).post('/futures/pass-probability').send({ ...BODY, flow_id: 999999 }).expect(404);
  }, HEAVY_TEST_MS);

  it('closing the connection cancels the estimate; the stored run ends CANCELLED', async () => {
    const flowId = await createFlow(app, 'pass probability cancel');
    // 20 million path-sessions: far from done when the first progress frame arrives
    const { run } = await cancelAfterFirstProgress(app, flowId, '/futures/pass-probability', { ...BODY, method: 'bootstrap', paths: 1_000_000 });
    expect(run.status).toBe('CANCELLED');
  }, HEAVY_TEST_MS);

  it('is documented in OpenAPI with typed request and response', async () => {
    const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toContain('/futures/pass-probability');
    const schemas = res.body.components.schemas;
    expect(schemas.PassProbabilityRequestDto.properties.method.enum).toEqual(['rolling', 'bootstrap', 'both']);
    expect(schemas.PassProbabilityRequestDto.properties.horizon_days).toMatchObject({ type: 'integer', default: 60 });
    expect(JSON.stringify(schemas.PassProbabilityResponseDto.properties.rolling)).toContain('#/components/schemas/RollingPassProbabilityResponseDto');
    expect(JSON.stringify(schemas.RollingPassProbabilityResponseDto.properties.starts)).toContain('#/components/schemas/RollingStartResponseDto');
    expect(schemas.RollingStartResponseDto.properties.outcome.enum).toEqual(['passed', 'failed', 'open']);
  });
});

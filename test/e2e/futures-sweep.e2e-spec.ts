import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';
import { cancelAfterFirstProgress, createFlow } from '../support/persisted-runs';
import { postSse } from '../support/sse';

const BASE = { symbol: 'MES', start_date: '2024-01-02', end_date: '2024-03-28', account_size: '50K', strategy: { entry_mode: 'breakout', vwap_filter: false } };
const SWEEP = [
  { key: 'target_r', values: [1.5, 3] },
  { key: 'strategy.trend_filter', values: [true, false] },
  { key: 'rules.max_loss_limit', values: [1500, 2500] },
];

interface Score {
  p_pass: number | null;
  p_pass_starts: number;
  net_pnl: number;
  profit_factor: number | null;
  sharpe: number | null;
  trades: number;
  passed: number;
  failed: number;
}
interface RankRow {
  rank: number;
  index: number;
  params: { target_r: number; trend_filter: boolean; max_loss_limit: number };
  score: Score;
}
interface SweepAnswer {
  combinations: number;
  objective: string;
  ranking: RankRow[];
  best: RankRow;
  run_id: number | null;
  data_source: string;
  walk_forward: {
    windows: { train: { start_date: string; end_date: string }; test: { start_date: string; end_date: string; sessions: number }; chosen: { params: Record<string, unknown> }; out_of_sample: Score }[];
    stitched: { daily: { date: string; pnl: number }[]; net_pnl: number };
    degradation: { objective: string; in_sample: number | null; out_of_sample: number | null };
  } | null;
}

/** The base request with one combination's parameters, as a plain backtest body. */
function backtestBody(params: RankRow['params'], dates: { start_date: string; end_date: string } = BASE) {
  return { ...BASE, ...dates, attempts: 'reset', strategy: { ...BASE.strategy, target_r: params.target_r, trend_filter: params.trend_filter }, rules: { max_loss_limit: params.max_loss_limit } };
}

describe('futures sweeps (e2e)', () => {
  let app: NestExpressApplication;
  let answer: SweepAnswer;

  beforeAll(async () => {
    app = await createTestApp();
    answer = (await request(app.getHttpServer()).post('/futures/sweep/report').send({ ...BASE, sweep: SWEEP, objective: 'p_pass' }).expect(200)).body as SweepAnswer;
  });

  afterAll(async () => {
    await app.close();
  });

  it('ranks all 8 combinations by p_pass (rolling starts), each scored as its own backtest would score it', async () => {
    expect(answer.combinations).toBe(8);
    expect(answer.ranking.map((r) => r.index).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const values = answer.ranking.map((r) => r.score.p_pass ?? -1);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(answer.best).toEqual(answer.ranking[0]);
    for (const row of [answer.ranking[0], answer.ranking[7]]) {
      const own = await request(app.getHttpServer()).post('/futures/backtest/report').send(backtestBody(row.params)).expect(200);
      const attempts = own.body.attempts as { outcome: string }[];
      const passed = attempts.filter((a) => a.outcome === 'passed').length;
      const failed = attempts.filter((a) => a.outcome === 'failed').length;
      expect([row.score.net_pnl, row.score.trades, row.score.passed, row.score.failed]).toEqual([own.body.net_pnl, own.body.trades.length, passed, failed]);
      expect(row.score.p_pass_starts).toBeGreaterThan(0);
      expect(row.score.profit_factor).toBeCloseTo(own.body.metrics.profit_factor ?? Number.NaN, 5);
    }
  });

  it('POST /futures/sweep streams start, progress up to every combination, then the same answer', async () => {
    const frames = await postSse(app, '/futures/sweep', { ...BASE, sweep: SWEEP, objective: 'p_pass' });
    expect(frames[0].event).toBe('start');
    expect(frames[0].data).toMatchObject({ type: 'start', symbol: 'MES', combinations: 8, objective: 'p_pass' });
    const progress = frames.filter((f) => f.event === 'progress').map((f) => f.data as { agent: string; done: number; total: number });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.agent === 'futures_sweep' && p.total === 8)).toBe(true);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress[progress.length - 1].done).toBe(8);
    const last = frames[frames.length - 1];
    expect(last.event).toBe('complete');
    expect((last.data as { data: SweepAnswer }).data).toEqual(answer);
  });

  it('walks forward: the stitched out-of-sample days equal the chosen combination backtested on each test window', async () => {
    // Filters off: with them, a window backtested alone would warm its indicators up from its own start,
    // while the sweep's windows share the whole range's history (docs/futures.md).
    const strategy = { entry_mode: 'breakout', vwap_filter: false, trend_filter: false, volatility_filter: false, width_filter: false, gap_filter: false };
    const sweep = [
      { key: 'target_r', values: [1.5, 3] },
      { key: 'max_trades_per_day', values: [1, 2] },
    ];
    const body = { ...BASE, strategy, sweep, objective: 'net_pnl', train_days: 20, test_days: 10 };
    const res = await request(app.getHttpServer()).post('/futures/sweep/report').send(body).expect(200);
    const wf = (res.body as SweepAnswer).walk_forward;
    expect(wf).not.toBeNull();
    expect(wf?.windows.length).toBeGreaterThanOrEqual(3);
    expect(wf?.degradation.objective).toBe('net_pnl');
    // each window's choice, checked against every combination backtested on the training window alone
    const grid = [1.5, 3].flatMap((target_r) => [1, 2].map((max_trades_per_day) => ({ target_r, max_trades_per_day })));
    for (const w of wf?.windows ?? []) {
      const { train } = w;
      const pnls: number[] = [];
      for (const params of grid) {
        const own = await request(app.getHttpServer())
          .post('/futures/backtest/report')
          .send({ ...BASE, ...train, attempts: 'reset', strategy: { ...strategy, ...params } })
          .expect(200);
        pnls.push(own.body.net_pnl as number);
      }
      const best = pnls.indexOf(Math.max(...pnls));
      expect(w.chosen.params).toEqual(grid[best]);
    }
    const separately: { date: string; pnl: number }[] = [];
    for (const w of wf?.windows ?? []) {
      const own = await request(app.getHttpServer())
        .post('/futures/backtest/report')
        .send({ ...BASE, ...w.test, attempts: 'reset', strategy: { ...strategy, ...w.chosen.params } })
        .expect(200);
      expect(own.body.net_pnl).toBe(w.out_of_sample.net_pnl);
      // a later attempt's reset fee is taken on its first session
      let attempt = 1;
      for (const s of own.body.sessions as { date: string; pnl: number; attempt: number }[]) {
        const fee = s.attempt > attempt ? own.body.reset_fee * (s.attempt - attempt) : 0;
        attempt = s.attempt;
        separately.push({ date: s.date, pnl: Math.round((s.pnl - fee) * 100) / 100 });
      }
    }
    expect(wf?.stitched.daily.map((d) => ({ date: d.date, pnl: d.pnl }))).toEqual(separately);
  });

  it('a bad body is a 422 naming every bad field, before any stream', async () => {
    const res = await request(app.getHttpServer())
      .post('/futures/sweep')
      .send({ ...BASE, sweep: [{ key: 'targt_r', values: [1] }, { key: 'target_r', values: [2, 'x'] }], objective: 'best' })
      .expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['objective', 'sweep[0].key', 'sweep[1].values[1]']);
    expect(res.body.detail).toContain('did you mean target_r?');
    expect(res.body.detail).toContain('target_r=x');
  });

  it('more than 10,000 combinations is a 422 with the count', async () => {
    const values = Array.from({ length: 101 }, (_, i) => 1 + i / 100);
    const res = await request(app.getHttpServer())
      .post('/futures/sweep')
      .send({ ...BASE, sweep: [{ key: 'target_r', values }, { key: 'target_range_multiple', values: values.slice(0, 100) }] })
      .expect(422);
    expect(res.body.detail).toContain('10,100 combinations');
  });

  it('with a flow_id the sweep is persisted as a run of kind futures_sweep', async () => {
    const flow = await request(app.getHttpServer()).post('/flows').send({ name: 'futures sweep e2e', nodes: [], edges: [] }).expect(200);
    const res = await request(app.getHttpServer())
      .post('/futures/sweep/report')
      .send({ ...BASE, sweep: SWEEP.slice(0, 1), flow_id: flow.body.id })
      .expect(200);
    expect(res.body.run_id).toEqual(expect.any(Number));
    const run = await request(app.getHttpServer()).get(`/flows/${flow.body.id}/runs/${res.body.run_id}`).expect(200);
    expect(run.body).toMatchObject({ status: 'COMPLETE', kind: 'futures_sweep' });
    expect(run.body.results.ranking).toEqual(res.body.ranking);
    const cycles = await request(app.getHttpServer()).get(`/flows/${flow.body.id}/runs/${res.body.run_id}/cycles`).expect(200);
    expect(cycles.body.length).toBeGreaterThanOrEqual(1);
    await request(app.getHttpServer()).post('/futures/sweep/report').send({ ...BASE, sweep: SWEEP.slice(0, 1), flow_id: 999999 }).expect(404);
  });

  it('closing the stream cancels the parts still running; the stored sweep ends CANCELLED', async () => {
    const flowId = await createFlow(app, 'futures sweep cancel');
    const body = { ...BASE, start_date: '2023-01-03', end_date: '2023-12-29', sweep: SWEEP, objective: 'p_pass' };
    const { run, cycles } = await cancelAfterFirstProgress(app, flowId, '/futures/sweep', body);
    expect(run.status).toBe('CANCELLED');
    expect(cycles.length).toBeGreaterThan(0);
    expect(cycles.length).toBeLessThan(4);
  }, 120_000);

  it('documents the route and its typed answer in OpenAPI', async () => {
    const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/futures/sweep', '/futures/sweep/report']));
    const schemas = res.body.components.schemas;
    expect(schemas.FuturesSweepRequestDto.properties.objective.enum).toEqual(['p_pass', 'net_pnl', 'profit_factor', 'sharpe']);
    expect(JSON.stringify(schemas.FuturesSweepResponseDto.properties.walk_forward)).toContain('#/components/schemas/WalkForwardResponseDto');
    expect(JSON.stringify(schemas.WalkForwardResponseDto.properties.degradation)).toContain('#/components/schemas/DegradationDto');
  });
});

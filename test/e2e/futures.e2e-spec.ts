import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../support/app';
import { cancelAfterFirstProgress, createFlow } from '../support/persisted-runs';
import { postSse } from '../support/sse';

const BODY = { symbol: 'MES', start_date: '2024-01-02', end_date: '2024-03-28', account_size: '50K' };

describe('futures (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('GET /futures/contracts lists the twelve contracts with their specs', async () => {
    const res = await request(app.getHttpServer()).get('/futures/contracts').expect(200);
    expect(res.body.map((c: { symbol: string }) => c.symbol)).toEqual(['ES', 'MES', 'NQ', 'MNQ', 'YM', 'MYM', 'RTY', 'M2K', 'CL', 'MCL', 'GC', 'MGC']);
    expect(res.body[1]).toMatchObject({ symbol: 'MES', tick_size: 0.25, tick_value: 1.25, point_value: 5, rth_open_minute: 510, rth_close_minute: 900 });
  });

  it('documents the routes and every strategy parameter with its default in OpenAPI', async () => {
    const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/futures/backtest', '/futures/backtest/report', '/futures/contracts', '/futures/accounts']));
    const strategy = res.body.components.schemas.OrbStrategyDto.properties;
    for (const name of ['opening_range_minutes', 'width_filter', 'trend_filter', 'volatility_filter', 'gap_filter', 'vwap_filter', 'entry_mode', 'entry_window_end', 'target_r', 'time_exit', 'max_trades_per_day', 'risk_per_trade_usd']) {
      expect(strategy[name].description).toMatch(/Default: /);
    }
    expect(strategy.entry_mode.enum).toEqual(['breakout', 'pullback', 'pullback_vwap', 'pullback_ema']);
    expect(res.body.components.schemas.PropFirmRulesDto.properties.daily_loss_limit.nullable).toBe(true);
    for (const name of ['preset', 'stop_mode', 'target_mode', 'target_range_multiple', 'reentry', 'fixed_contracts', 'max_daily_loss_usd']) expect(strategy[name].description).toMatch(/Default: /);
    const schemas = res.body.components.schemas;
    expect(schemas.RuleCheckResponseDto.properties.limit).toMatchObject({ oneOf: [{ type: 'number' }, { type: 'string' }], nullable: true });
    expect(schemas.RuleCheckResponseDto.properties.value).toMatchObject({ oneOf: [{ type: 'number' }, { type: 'string' }], nullable: true });
    const report = schemas.FuturesReportResponseDto.properties;
    expect(report.metrics.allOf ?? [report.metrics]).toEqual(expect.arrayContaining([expect.objectContaining({ $ref: '#/components/schemas/MetricsResponseDto' })]));
    expect(JSON.stringify(report.account)).toContain('#/components/schemas/AccountRulesResponseDto');
    expect(JSON.stringify(report.attempts)).toContain('#/components/schemas/FuturesAttemptResponseDto');
    expect(schemas.FuturesBacktestRequestDto.properties.attempts.enum).toEqual(['single', 'reset']);
  });

  it('GET /futures/accounts lists the 50K/100K/150K presets', async () => {
    const res = await request(app.getHttpServer()).get('/futures/accounts/').expect(200);
    expect(res.body.map((a: { account_size: string; profit_target: number; max_loss_limit: number; daily_loss_limit: number; max_contracts: number }) => [a.account_size, a.profit_target, a.max_loss_limit, a.daily_loss_limit, a.max_contracts])).toEqual([
      ['50K', 3000, 2000, 1000, 5],
      ['100K', 6000, 3000, 2000, 10],
      ['150K', 9000, 4500, 3000, 15],
    ]);
  });

  it('POST /futures/backtest/report answers a consistent report on synthetic bars', async () => {
    const res = await request(app.getHttpServer()).post('/futures/backtest/report').send(BODY).expect(200);
    const report = res.body;
    expect(report.symbol).toBe('MES');
    expect(report.data_source).toBe('synthetic');
    expect(report.run_id).toBeNull();
    expect(['passed', 'failed', 'in_progress']).toContain(report.verdict.status);
    expect(report.period.sessions_simulated).toBe(report.sessions.length);
    expect(report.sessions[0].date >= '2024-01-02').toBe(true);
    expect(report.counters.sessions_evaluated).toBeGreaterThan(0);
    expect(report.counters.regime_filter_passes + report.counters.regime_blocks).toBe(report.counters.opening_range_breaks);
    const pnl = report.trades.reduce((sum: number, t: { pnl: number }) => sum + t.pnl, 0);
    expect(report.net_pnl).toBeCloseTo(pnl, 6);
    expect(report.metrics.total_trades).toBe(report.trades.length);
    expect(report.rules.map((r: { rule: string }) => r.rule)).toEqual(['profit_target', 'max_loss_limit', 'daily_loss_limit', 'consistency', 'min_trading_days', 'max_contracts', 'flat_by']);
  });

  it.each([
    [{ ...BODY, symbol: 'XYZ' }, 'symbol'],
    [{ ...BODY, strategy: { target_r: -1 } }, 'strategy.target_r'],
    [{ ...BODY, strategy: { entry_window_end: '16:30' } }, 'strategy.entry_window_end'],
    [{ ...BODY, strategy: { risk_per_trade_usd: -5 } }, 'strategy.risk_per_trade_usd'],
    [{ ...BODY, strategy: { target_r: 'two' } }, 'strategy.target_r'],
    [{ ...BODY, rules: { mll_trail_mode: 'weekly' } }, 'rules.mll_trail_mode'],
    [{ ...BODY, start_date: '2024-13-01' }, 'start_date'],
    [{ ...BODY, data_provider: 'nope' }, 'data_provider'],
  ])('422 names the field (%#)', async (body, field) => {
    const res = await request(app.getHttpServer()).post('/futures/backtest/report').send(body).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(res.body.detail).toContain(field);
  });

  it('strict parameters: an unknown key in strategy or rules is a 422 naming it, with the closest name', async () => {
    const res = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...BODY, strategy: { target_rr: 3 } }).expect(422);
    expect(res.body.errors).toEqual([{ field: 'strategy.target_rr', message: 'strategy.target_rr is not a known strategy parameter (did you mean target_r?)' }]);
    expect(res.body.detail).toBe('strategy.target_rr is not a known strategy parameter (did you mean target_r?).');
    const rules = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...BODY, rules: { daily_loss_limt: 500 } }).expect(422);
    expect(rules.body.errors.map((e: { field: string }) => e.field)).toEqual(['rules.daily_loss_limt']);
  });

  it('strict parameters: every bad field at once (types, ranges, unknown keys, top-level fields), no doubled prefix', async () => {
    const body = {
      symbol: 'XYZ',
      start_date: '2024-13-01',
      end_date: '2024-03-28',
      strategy: { target_r: 'two', risk_per_trade_usd: -5, target_rr: 3, vwap_filter: 'yes' },
      rules: { max_loss_limit: 'a', flat_by: '25:00' },
    };
    const res = await request(app.getHttpServer()).post('/futures/backtest/report').send(body).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([
      { field: 'symbol', message: 'symbol must be one of ES, MES, NQ, MNQ, YM, MYM, RTY, M2K, CL, MCL, GC, MGC, got "XYZ"' },
      { field: 'start_date', message: 'start_date must be a date YYYY-MM-DD' },
      { field: 'strategy.target_rr', message: 'strategy.target_rr is not a known strategy parameter (did you mean target_r?)' },
      { field: 'strategy.target_r', message: 'strategy.target_r must be a number' },
      { field: 'strategy.risk_per_trade_usd', message: 'strategy.risk_per_trade_usd must be a number greater than 0' },
      { field: 'strategy.vwap_filter', message: 'strategy.vwap_filter must be a boolean (true or false)' },
      { field: 'rules.max_loss_limit', message: 'rules.max_loss_limit must be a number' },
      { field: 'rules.flat_by', message: 'rules.flat_by must be a time HH:MM (America/Chicago)' },
    ]);
    expect(res.body.detail).toMatch(/^8 fields are invalid: symbol must be/);
    expect(res.body.detail).not.toMatch(/strategy\.strategy\.|rules\.rules\./);
  });

  it('strict parameters: strategy must be an object; the dates are required', async () => {
    const res = await request(app.getHttpServer()).post('/futures/backtest/report').send({ symbol: 'MES', strategy: 5 }).expect(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['start_date', 'end_date', 'strategy']);
    expect(res.body.errors[2].message).toBe('strategy must be an object of parameters');
  });

  it('the classic_orb preset and account_size none run over HTTP; the report echoes the resolved parameters', async () => {
    const res = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...BODY, account_size: 'none', strategy: { preset: 'classic_orb' } }).expect(200);
    expect(res.body.verdict.status).toBe('not_applicable');
    expect(res.body.strategy).toMatchObject({ preset: 'classic_orb', stop_mode: 'range_opposite', target_mode: 'range_multiple', reentry: true, fixed_contracts: 1 });
    expect(res.body.account).toMatchObject({ account_size: 'none', stage: null, max_loss_limit: null });
    expect(res.body.trades.length).toBeGreaterThan(0);
    expect(res.body.trades.every((t: { contracts: number }) => t.contracts === 1)).toBe(true);
    expect(res.body.sessions.every((s: { mll_floor: null; max_contracts: null }) => s.mll_floor === null && s.max_contracts === null)).toBe(true);
  });

  it('the range cap names FUTURES_MAX_RANGE_DAYS; the warm-up is fetched on top of the range', async () => {
    const res = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...BODY, start_date: '2015-01-02', end_date: '2023-12-29' }).expect(422);
    expect(res.body.errors).toEqual([{ field: 'end_date', message: 'end_date: the range spans 3284 days; one request may ask for at most 1830 (FUTURES_MAX_RANGE_DAYS).' }]);
    // 400 days plus 100 days of warm-up: more than MARKET_DATA_MAX_MINUTE_RANGE_DAYS (400), still served whole
    const full = await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...BODY, start_date: '2023-01-02', end_date: '2024-02-05', account_size: 'none' }).expect(200);
    expect(full.body.period.first_session).toBe('2023-01-03');
    expect(full.body.counters.sessions_evaluated).toBeGreaterThan(250);
  });

  it('POST /futures/backtest streams start, a progress per session, trades as they close, then the same report', async () => {
    const frames = await postSse(app, '/futures/backtest', BODY);
    const names = frames.map((f) => f.event);
    expect(names[0]).toBe('start');
    expect(names[names.length - 1]).toBe('complete');
    const complete = frames[frames.length - 1].data as { data: { sessions: unknown[]; trades: unknown[] } };
    const progress = frames.filter((f) => f.event === 'progress').map((f) => f.data as { agent: string; index: number; total: number; analysis: string; session: unknown });
    expect(progress).toHaveLength(complete.data.sessions.length);
    expect(progress.map((p) => p.index)).toEqual(complete.data.sessions.map((_, i) => i + 1));
    expect(progress.every((p) => p.agent === 'futures_backtest' && JSON.parse(p.analysis) !== null)).toBe(true);
    expect(progress.map((p) => p.session)).toEqual(complete.data.sessions);
    const trades = frames.filter((f) => f.event === 'trade').map((f) => (f.data as { trade: unknown }).trade);
    expect(trades).toEqual(complete.data.trades);
    const plain = await request(app.getHttpServer()).post('/futures/backtest/report').send(BODY).expect(200);
    expect(complete.data).toEqual(plain.body);
  });

  it('POST /futures/backtest with a bad body answers 422 JSON, not a stream', async () => {
    const res = await request(app.getHttpServer()).post('/futures/backtest').send({ ...BODY, strategy: { target_r: 0 } }).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors[0].field).toBe('strategy.target_r');
  });

  it('POST /futures/backtest over a range holding no session (a weekend) answers 422 JSON before any stream', async () => {
    const res = await request(app.getHttpServer()).post('/futures/backtest').send({ ...BODY, start_date: '2024-01-06', end_date: '2024-01-07' }).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toBe('start_date: no MES regular-session bars between 2024-01-06 and 2024-01-07.');
    expect(res.body.errors).toEqual([{ field: 'start_date', message: expect.stringContaining('no MES regular-session bars') }]);
  });

  it('persists a run with cycles when a flow_id is given; 404 for an unknown flow', async () => {
    const flow = await request(app.getHttpServer()).post('/flows').send({ name: 'futures e2e', nodes: [], edges: [] }).expect(200);
    const body = { ...BODY, end_date: '2024-01-31', flow_id: flow.body.id };
    const res = await request(app.getHttpServer()).post('/futures/backtest/report').send(body).expect(200);
    expect(res.body.run_id).toEqual(expect.any(Number));
    const run = await request(app.getHttpServer()).get(`/flows/${flow.body.id}/runs/${res.body.run_id}`).expect(200);
    expect(run.body).toMatchObject({ status: 'COMPLETE', kind: 'futures_backtest' });
    expect(run.body.results.verdict).toEqual(res.body.verdict);
    const cycles = await request(app.getHttpServer()).get(`/flows/${flow.body.id}/runs/${res.body.run_id}/cycles`).expect(200);
    expect(cycles.body).toHaveLength(res.body.sessions.length);
    await request(app.getHttpServer()).post('/futures/backtest/report').send({ ...body, flow_id: 999999 }).expect(404);
  });

  it('closing the connection cancels the run; the stored run ends CANCELLED with fewer cycles than sessions', async () => {
    const flowId = await createFlow(app, 'futures cancel');
    const { start, run, cycles } = await cancelAfterFirstProgress(app, flowId, '/futures/backtest', { ...BODY, start_date: '2023-01-03', end_date: '2023-12-29' });
    expect(run.status).toBe('CANCELLED');
    expect(cycles.length).toBeGreaterThan(0);
    expect(cycles.length).toBeLessThan(start.sessions as number);
    // cancelAfterFirstProgress waits up to 60 s for the stored run to end.
  }, 120_000);

  describe('a multi-year run with attempts reset (FUTURES_MAX_RANGE_DAYS=800)', () => {
    let wide: NestExpressApplication;
    beforeAll(async () => {
      wide = await createTestApp({ env: { FUTURES_MAX_RANGE_DAYS: '800' } });
    });
    afterAll(async () => {
      await wide.close();
    });

    it('covers the two years in back-to-back attempts and lists them', async () => {
      const body = { symbol: 'MES', start_date: '2022-01-03', end_date: '2023-12-29', attempts: 'reset', reset_fee: 50 };
      const res = await request(wide.getHttpServer()).post('/futures/backtest/report').send(body).expect(200);
      const report = res.body;
      expect(report.attempts_mode).toBe('reset');
      expect(report.period.sessions_simulated).toBe(report.period.sessions_in_range);
      expect(report.period.last_session).toBe('2023-12-29');
      expect(report.attempts.length).toBeGreaterThan(3);
      expect(report.attempts.reduce((n: number, a: { sessions: number }) => n + a.sessions, 0)).toBe(report.sessions.length);
      expect(report.reset_fees).toBe((report.attempts.length - 1) * 50);
      expect(report.net_pnl_after_fees).toBeCloseTo(report.net_pnl - report.reset_fees, 6);
      expect(report.min_cushion).toEqual({ amount: expect.any(Number), date: expect.any(String), time: expect.any(String) });
      expect(report.metrics.end_value).toBeCloseTo(50_000 + report.net_pnl_after_fees, 6);
    }, 90_000);
  });
});

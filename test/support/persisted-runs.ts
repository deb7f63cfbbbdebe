import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { rawPost } from './hedge-fund-stream';
import { collectText, parseSse } from './sse';

// Runs persisted through the real routes (a futures backtest, a futures sweep, a hedge-fund backtest over SSE),
// for the report tests.

export async function createFlow(app: NestExpressApplication, name: string): Promise<number> {
  return (await request(app.getHttpServer()).post('/flows/').send({ name, nodes: [], edges: [] }).expect(200)).body.id as number;
}

export const FUTURES_BODY = { symbol: 'MES', start_date: '2024-01-02', end_date: '2024-06-28', account_size: '50K', rules: { continue_after_pass: true } };

/** A futures backtest persisted under `flowId`; returns its run id. */
export async function persistedFuturesRun(app: NestExpressApplication, flowId: number, body: Record<string, unknown> = FUTURES_BODY): Promise<number> {
  const res = await request(app.getHttpServer())
    .post('/futures/backtest/report')
    .send({ ...body, flow_id: flowId })
    .expect(200);
  return res.body.run_id as number;
}

/** A sweep of 4 combinations over a quarter with a walk-forward of 20 training and 10 test sessions. */
export const SWEEP_BODY = {
  symbol: 'MES',
  start_date: '2024-01-02',
  end_date: '2024-03-28',
  account_size: '50K',
  strategy: { vwap_filter: false },
  sweep: [
    { key: 'target_r', values: [1.5, 3] },
    { key: 'entry_mode', values: ['breakout', 'pullback'] },
  ],
  objective: 'net_pnl',
  train_days: 20,
  test_days: 10,
};

/** A futures sweep persisted under `flowId` (a run of kind futures_sweep); returns its run id. */
export async function persistedSweepRun(app: NestExpressApplication, flowId: number, body: Record<string, unknown> = SWEEP_BODY): Promise<number> {
  const res = await request(app.getHttpServer())
    .post('/futures/sweep/report')
    .send({ ...body, flow_id: flowId })
    .expect(200);
  return res.body.run_id as number;
}

const ANALYST = 'technical_analyst_ab12cd';
const PM = 'portfolio_manager_xy34zw';
export const HEDGE_FUND_BODY = {
  tickers: ['AAPL', 'MSFT', 'NVDA'],
  graph_nodes: [
    { id: ANALYST, type: 'agent-node', data: { name: 'Technical Analyst' }, position: { x: 0, y: 0 } },
    { id: PM, type: 'portfolio-manager-node', data: { name: 'Portfolio Manager' }, position: { x: 400, y: 0 } },
  ],
  graph_edges: [{ id: `${ANALYST}-${PM}`, source: ANALYST, target: PM }],
  start_date: '2023-06-01',
  end_date: '2024-06-28',
  initial_capital: 100_000,
  margin_requirement: 0.5,
  benchmark: 'SPY',
};

/** A hedge-fund backtest run over SSE and persisted under `flowId`; returns its run id. */
export async function persistedHedgeFundBacktest(app: NestExpressApplication, flowId: number, body: Record<string, unknown> = HEDGE_FUND_BODY): Promise<number> {
  const res = await request(app.getHttpServer())
    .post('/hedge-fund/backtest')
    .send({ ...body, flow_id: flowId })
    .buffer(true)
    .parse(collectText)
    .expect(200);
  const frames = parseSse(res.body as string);
  const start = frames.find((f) => f.event === 'start')?.data as { run_id?: number } | undefined;
  if (frames[frames.length - 1]?.event !== 'complete' || typeof start?.run_id !== 'number') throw new Error(`the backtest did not complete: ${String(res.body).slice(-300)}`);
  return start.run_id;
}

export interface CancelledRun {
  /** The `start` frame's data (it carries the persisted run's id). */
  readonly start: Record<string, unknown> & { run_id: number };
  /** The stored run once it ended CANCELLED, or as it stood when the polls ran out. */
  readonly run: { status: string; error_message: string | null };
  readonly cycles: unknown[];
}

/**
 * Starts the SSE route `path` with `body` persisted under `flowId`, on a real socket, and closes the connection once
 * the first progress frame has arrived; then polls the stored run until it is CANCELLED (every 100 ms, at most a
 * minute: a bound for a busy machine, not a time asserted) and reads its cycles.
 */
export async function cancelAfterFirstProgress(app: NestExpressApplication, flowId: number, path: string, body: Record<string, unknown>): Promise<CancelledRun> {
  const res = await rawPost(app, path, { ...body, flow_id: flowId }, (text) => text.includes('event: progress'));
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${res.text}`);
  const start = parseSse(res.text).find((f) => f.event === 'start')?.data as CancelledRun['start'] | undefined;
  if (typeof start?.run_id !== 'number') throw new Error(`${path} started no persisted run: ${res.text.slice(0, 300)}`);
  const runPath = `/flows/${flowId}/runs/${start.run_id}`;
  let run = { status: '', error_message: null as string | null };
  for (let i = 0; i < 600 && run.status !== 'CANCELLED'; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    run = (await request(app.getHttpServer()).get(runPath).expect(200)).body;
  }
  const cycles = (await request(app.getHttpServer()).get(`${runPath}/cycles`).expect(200)).body as unknown[];
  return { start, run, cycles };
}

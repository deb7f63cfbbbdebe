// The run, stream, language-model and database metrics after real traffic, with the runs executing in worker
// threads (the embedded mode): what a thread counts (model calls, rules fallbacks) reaches the one registry
// the API serves. The fake OpenAI server answers on loopback in OpenAI's wire format.
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestApp } from '../support/app';
import type { FakeHttpServer } from '../support/fake-http-server';
import { closedPortUrl } from '../support/fake-http-server';
import { type FakeLlmBehaviour, fakeLlmServer } from '../support/fake-llm';
import { rawPost } from '../support/hedge-fund-stream';
import { SseClient } from '../support/processes';
import { parsePrometheus, type PromSample, sampleValue } from '../support/prometheus';
import { parseSse, type SseFrame } from '../support/sse';

const PM = 'portfolio_manager_pr01mt';
const ANALYST = 'technical_analyst_pr02mt';
const SECRET = 'sk-prometheus-e2e-5a4b3c2d1e';
const GRAPH = {
  graph_nodes: [
    { id: ANALYST, type: 'agent-node', data: {} },
    { id: PM, type: 'portfolio-manager-node', data: {} },
  ],
  graph_edges: [{ id: 'e1', source: ANALYST, target: PM }],
};
/** The anchor's default: the fake answers for OpenAI's gpt-4.1 (a catalog model, so it keeps its name as a label). */
const WITH_MODEL = { ...GRAPH, agent_models: [{ agent_id: PM, model_name: 'gpt-4.1', model_provider: 'OpenAI' }], api_keys: { OPENAI_API_KEY: SECRET } };
const TICKERS = ['AAPL', 'MSFT'];

const HOLD = { answer: { decisions: TICKERS.map((ticker) => ({ ticker, action: 'hold', quantity: 0, confidence: 50, reasoning: 'Wait.' })) } };

describe('run, stream, model and database metrics after real traffic (e2e, worker threads)', () => {
  let app: NestExpressApplication;
  let fake: FakeHttpServer;
  let base: string;
  let script: () => FakeLlmBehaviour = () => HOLD;

  const scrape = async (): Promise<PromSample[]> => parsePrometheus((await request(app.getHttpServer()).get('/internal/prometheus').expect(200)).text);
  const deltaOf = (before: PromSample[], after: PromSample[]) => (name: string, labels: Record<string, string> = {}): number => sampleValue(after, name, labels) - sampleValue(before, name, labels);
  const lastFrame = (frames: SseFrame[]): SseFrame => frames[frames.length - 1];

  beforeAll(async () => {
    fake = await fakeLlmServer('openai', () => script()).start();
    const nowhere = await closedPortUrl();
    app = await createTestApp({
      env: {
        RUN_THREADS: '1',
        WORKER_CONCURRENCY: '2',
        SSE_HEARTBEAT_MS: '200',
        OPENAI_BASE_URL: fake.url,
        OPENAI_API_KEY: '',
        LLM_MAX_RETRIES: '0',
        // A provider that cannot be reached: a run on it fails inside its thread.
        FINANCIAL_DATASETS_API_KEY: 'fd-prometheus-e2e-key',
        FINANCIAL_DATASETS_BASE_URL: nowhere,
        FINANCIAL_DATASETS_MAX_RETRIES: '0',
      },
    });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app.get(DataSource).query('DELETE FROM llm_answer_cache');
    await app.close();
    await fake.stop();
  });

  it('a persisted backtest: submitted, started, finished complete, timed; its rules decisions counted from the thread', async () => {
    const flow = await request(app.getHttpServer()).post('/flows/').send({ name: 'prometheus runs', nodes: [], edges: [] }).expect(200);
    const before = await scrape();
    const res = await rawPost(app, '/hedge-fund/backtest', { ...GRAPH, tickers: TICKERS, start_date: '2024-01-02', end_date: '2024-01-31', flow_id: (flow.body as { id: number }).id });
    const frames = parseSse(res.text);
    expect(lastFrame(frames).event).toBe('complete');
    const after = await scrape();
    const delta = deltaOf(before, after);

    const kind = { kind: 'hedge_fund_backtest' };
    expect(delta('hf_runs_submitted_total', kind)).toBe(1);
    expect(delta('hf_runs_started_total', kind)).toBe(1);
    expect(delta('hf_runs_finished_total', { ...kind, status: 'complete' })).toBe(1);
    expect(delta('hf_runs_finished_total', { ...kind, status: 'error' })).toBe(0);
    expect(delta('hf_run_duration_seconds_count', { ...kind, status: 'complete' })).toBe(1);
    expect(delta('hf_run_duration_seconds_sum', { ...kind, status: 'complete' })).toBeGreaterThan(0);
    expect(delta('hf_run_queue_wait_seconds_count', kind)).toBe(1);
    expect(delta('hf_http_requests_total', { method: 'POST', route: '/hedge-fund/backtest', status: '200' })).toBe(1);
    // No model selected: the portfolio manager decides every ticker of every trading day by rules, in the thread.
    const days = frames.filter((f) => f.event === 'progress' && (f.data as { agent: string; status: string }).agent === 'backtest' && /^Completed /.test((f.data as { status: string }).status)).length;
    expect(days).toBeGreaterThan(10);
    expect(delta('hf_llm_rules_fallbacks_total', { reason: 'no_model' })).toBe(days * TICKERS.length);
    expect(delta('hf_llm_calls_total')).toBe(0);
  });

  it('model calls, tokens and a cache hit by provider and model; a failing model falls back to rules and counts its outcome', async () => {
    await app.get(DataSource).query('DELETE FROM llm_answer_cache');
    script = () => HOLD;
    const before = await scrape();
    const body = { ...WITH_MODEL, tickers: TICKERS, start_date: '2024-01-02', end_date: '2024-03-28' };
    expect(lastFrame(parseSse((await rawPost(app, '/hedge-fund/run', body)).text)).event).toBe('complete');
    expect(lastFrame(parseSse((await rawPost(app, '/hedge-fund/run', body)).text)).event).toBe('complete');
    script = () => ({ reply: { status: 400, body: { error: { message: 'bad request', type: 'invalid_request_error' } } } });
    const failing = { ...body, tickers: ['NVDA', 'TSLA'] };
    expect(lastFrame(parseSse((await rawPost(app, '/hedge-fund/run', failing)).text)).event).toBe('complete');
    const after = await scrape();
    const delta = deltaOf(before, after);

    const model = { provider: 'OpenAI', model: 'gpt-4.1' };
    expect(delta('hf_llm_calls_total', { ...model, outcome: 'ok' })).toBe(1);
    expect(delta('hf_llm_cache_hits_total', model)).toBe(1);
    // The fake reports 120 prompt and 30 completion tokens per answer (test/support/fake-llm.ts).
    expect(delta('hf_llm_tokens_total', { ...model, type: 'prompt' })).toBe(120);
    expect(delta('hf_llm_tokens_total', { ...model, type: 'completion' })).toBe(30);
    expect(delta('hf_llm_calls_total', { ...model, outcome: 'provider_error' })).toBe(1);
    expect(delta('hf_llm_call_duration_seconds_count', model)).toBe(2);
    expect(delta('hf_llm_rules_fallbacks_total', { reason: 'model_failed' })).toBe(2);
    expect(delta('hf_runs_finished_total', { kind: 'hedge_fund_run', status: 'complete' })).toBe(3);
    const text = (await request(app.getHttpServer()).get('/internal/prometheus').expect(200)).text;
    expect(text).not.toContain(SECRET);
    for (const ticker of [...TICKERS, 'NVDA', 'TSLA']) expect(text).not.toContain(`"${ticker}"`);
  });

  it('a run that fails in its thread: finished error, failed by code', async () => {
    const before = await scrape();
    const res = await rawPost(app, '/hedge-fund/backtest', { ...GRAPH, tickers: ['AAPL'], start_date: '2024-01-02', end_date: '2024-01-31', data_provider: 'financialdatasets' });
    const last = lastFrame(parseSse(res.text));
    expect(last.event).toBe('error');
    const after = await scrape();
    const delta = deltaOf(before, after);
    const kind = { kind: 'hedge_fund_backtest' };
    expect(delta('hf_runs_finished_total', { ...kind, status: 'error' })).toBe(1);
    const failed = after.filter((s) => s.name === 'hf_runs_failed_total' && s.labels.kind === 'hedge_fund_backtest');
    expect(failed.reduce((sum, s) => sum + s.value, 0) - before.filter((s) => s.name === 'hf_runs_failed_total' && s.labels.kind === 'hedge_fund_backtest').reduce((sum, s) => sum + s.value, 0)).toBe(1);
    for (const sample of failed) expect(sample.labels.code).toMatch(/^[A-Z_]+$/);
  });

  it('while a run waits on its model: one SSE stream open, one job active on thread-1; both back when the client leaves', async () => {
    script = () => 'hang';
    const before = await scrape();
    const client = new SseClient(`${base}/hedge-fund/run`, { ...WITH_MODEL, tickers: ['AMZN'], start_date: '2024-01-02', end_date: '2024-03-28' });
    const requestsBefore = fake.requests.length;
    await client.waitFor((f) => f.event === 'progress' && /^Asking /.test((f.data as { status: string }).status));
    // The call is in flight once the fake provider holds its request (the cache is read first).
    while (fake.requests.length === requestsBefore) await new Promise((resolve) => setTimeout(resolve, 20));
    const during = await scrape();
    expect(sampleValue(during, 'hf_sse_streams_open') - sampleValue(before, 'hf_sse_streams_open')).toBe(1);
    expect(sampleValue(during, 'hf_jobs_active', { worker: 'thread-1' })).toBe(1);
    expect(sampleValue(during, 'hf_jobs_queued')).toBe(0);
    client.close();
    await client.ended;
    // The cancellation travels to the thread and back: wait for it, as long as it takes.
    for (;;) {
      const now = await scrape();
      if (sampleValue(now, 'hf_jobs_active', { worker: 'thread-1' }) === 0 && sampleValue(now, 'hf_sse_streams_open') === sampleValue(before, 'hf_sse_streams_open')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const after = await scrape();
    expect(deltaOf(before, after)('hf_runs_finished_total', { kind: 'hedge_fund_run', status: 'cancelled' })).toBe(1);
    expect(deltaOf(before, after)('hf_llm_calls_total', { provider: 'OpenAI', model: 'gpt-4.1', outcome: 'cancelled' })).toBe(1);
  });

  it('the database pool gauges, and a failed query counted by SQLSTATE class', async () => {
    const before = await scrape();
    await expect(app.get(DataSource).query('SELECT * FROM no_such_table_for_prometheus')).rejects.toThrow(/no_such_table_for_prometheus/);
    const after = await scrape();
    // 42P01 undefined_table: class 42, syntax error or access rule violation.
    expect(deltaOf(before, after)('hf_db_query_errors_total', { code_class: '42' })).toBe(1);
    const connections = sampleValue(after, 'hf_db_pool_connections', { state: 'in_use' }) + sampleValue(after, 'hf_db_pool_connections', { state: 'idle' });
    expect(connections).toBeGreaterThanOrEqual(1);
    expect(after.some((s) => s.name === 'hf_db_pool_waiting')).toBe(true);
  });
});

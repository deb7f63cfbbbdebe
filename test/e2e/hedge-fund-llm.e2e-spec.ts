// The LLM layer through the app: the SPA's portfolio manager (gpt-4.1 on OpenAI) against a fake OpenAI
// server on loopback (OPENAI_BASE_URL), with and without a key, strict_models, the answer cache, usage,
// cancellation, and keys kept out of responses, logs and stored runs.
import { PassThrough } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestApp } from '../support/app';
import type { FakeHttpServer, RecordedRequest } from '../support/fake-http-server';
import { type FakeLlmBehaviour, fakeLlmServer, jsonBody } from '../support/fake-llm';
import { agentsLeftOpen, type Progress, rawPost, statusesOf, waitFor } from '../support/hedge-fund-stream';
import { parseSse, type SseFrame } from '../support/sse';

const PM = 'portfolio_manager_xy34zw';
const ANALYSTS = ['technical_analyst_ab12cd', 'fundamentals_analyst_cd34ef'];
const START_NODE = 'portfolio-start-node_qq11qq';
const SECRET = 'sk-e2e-secret-9f8e7d6c5b4a';

function spaGraph() {
  return {
    graph_nodes: [...ANALYSTS.map((id) => ({ id, type: 'agent-node', data: { name: id } })), { id: PM, type: 'portfolio-manager-node', data: { name: 'Portfolio Manager' } }],
    graph_edges: [
      ...ANALYSTS.map((id) => ({ id: `${START_NODE}-${id}`, source: START_NODE, target: id })),
      ...ANALYSTS.map((id) => ({ id: `${id}-${PM}`, source: id, target: PM })),
    ],
    agent_models: [{ agent_id: PM, model_name: 'gpt-4.1', model_provider: 'OpenAI' }],
  };
}

interface PmQuestion {
  tickers: Record<string, { signals: Record<string, { sig: string; conf: number }>; allowed: Record<string, number> }>;
}

function pmQuestion(req: RecordedRequest): PmQuestion {
  const messages = jsonBody(req).messages as { role: string; content: string }[];
  return JSON.parse(messages.find((m) => m.role === 'user')?.content ?? '{}') as PmQuestion;
}

type CompleteData = { decisions: Record<string, { action: string; quantity: number; confidence: number; reasoning: Record<string, unknown> }>; llm_usage: Record<string, number> };

function completeData(frames: readonly SseFrame[]): CompleteData {
  const last = frames[frames.length - 1];
  expect(last.event).toBe('complete');
  return (last.data as { data: CompleteData }).data;
}

describe('LLM portfolio manager (e2e, fake OpenAI)', () => {
  let app: NestExpressApplication;
  let fake: FakeHttpServer;
  let dataSource: DataSource;
  let script: (req: RecordedRequest) => FakeLlmBehaviour = () => 'hang';
  const logs: string[] = [];
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));

  beforeAll(async () => {
    fake = await fakeLlmServer('openai', (req) => script(req)).start();
    app = await createTestApp({
      env: { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: '', LOG_LEVEL: 'trace', SSE_HEARTBEAT_MS: '50' },
      configure: (config) => ({ ...config, logging: { ...config.logging, destination: logStream } }),
    });
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await dataSource.query('DELETE FROM api_keys');
    await app.close();
    await fake.stop();
  });

  beforeEach(async () => {
    fake.requests.length = 0;
    await dataSource.query('DELETE FROM llm_answer_cache');
    await dataSource.query('DELETE FROM api_keys');
  });

  const runBody = (extra: Record<string, unknown> = {}) => ({ tickers: ['AAPL', 'MSFT'], ...spaGraph(), start_date: '2024-01-02', end_date: '2024-06-28', ...extra });

  it('without a key the manager decides by rules, visibly: a progress line before its Done and the reasoning say why', async () => {
    const res = await rawPost(app, '/hedge-fund/run', runBody());
    const frames = parseSse(res.text);
    expect(agentsLeftOpen(frames)).toEqual([]);
    const statuses = statusesOf(frames, PM, null);
    expect(statuses.slice(-2)).toEqual(['Rules mode: no OpenAI key', 'Done']);
    const data = completeData(frames);
    for (const ticker of ['AAPL', 'MSFT']) expect(data.decisions[ticker].reasoning).toMatchObject({ mode: 'rules', why: 'no OpenAI key', reasoning: expect.stringMatching(/^Score /) });
    expect(data.llm_usage).toEqual({ calls: 0, cached: 0, prompt_tokens: 0, completion_tokens: 0 });
    expect(fake.requests).toHaveLength(0);
  });

  it("with a key the model decides: quantities are cut to the allowed maximum, a ticker it misses gets the rules decision, and usage is counted", async () => {
    let question: PmQuestion | null = null;
    script = (req) => {
      question = pmQuestion(req);
      return { answer: { decisions: [{ ticker: 'AAPL', action: 'buy', quantity: 1_000_000, confidence: 81, reasoning: 'Analysts lean bullish.' }] } };
    };
    const frames = parseSse((await rawPost(app, '/hedge-fund/run', runBody({ api_keys: { OPENAI_API_KEY: SECRET } }))).text);
    expect(agentsLeftOpen(frames)).toEqual([]);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].headers.authorization).toBe(`Bearer ${SECRET}`);
    const asked = question as unknown as PmQuestion;
    // The model sees each analyst's compact signal and the allowed maxima.
    expect(Object.keys(asked.tickers).sort()).toEqual(['AAPL', 'MSFT']);
    expect(Object.keys(asked.tickers.AAPL.signals).sort()).toEqual([...ANALYSTS].sort());
    const maxBuy = asked.tickers.AAPL.allowed.buy;
    expect(maxBuy).toBeGreaterThan(0);

    const data = completeData(frames);
    expect(data.decisions.AAPL).toEqual({
      action: 'buy',
      quantity: maxBuy,
      confidence: 81,
      reasoning: { mode: 'llm', provider: 'OpenAI', model: 'gpt-4.1', cached: false, reasoning: 'Analysts lean bullish.', clamped: { asked: 1_000_000, allowed: maxBuy } },
    });
    expect(data.decisions.MSFT.reasoning).toMatchObject({ mode: 'rules', why: 'the model gave no decision for this ticker' });
    expect(data.llm_usage).toEqual({ calls: 1, cached: 0, prompt_tokens: 120, completion_tokens: 30 });
    expect(statusesOf(frames, PM, null).slice(-2)).toEqual(['LLM mode: gpt-4.1 (OpenAI)', 'Done']);
  });

  it('a re-run is answered from the cache: no call, the same decisions', async () => {
    script = () => ({ answer: { decisions: [{ ticker: 'AAPL', action: 'hold', quantity: 0, confidence: 55, reasoning: 'Wait.' }, { ticker: 'MSFT', action: 'hold', quantity: 0, confidence: 50, reasoning: 'Wait.' }] } });
    const body = runBody({ api_keys: { OPENAI_API_KEY: SECRET } });
    const first = completeData(parseSse((await rawPost(app, '/hedge-fund/run', body)).text));
    const second = completeData(parseSse((await rawPost(app, '/hedge-fund/run', body)).text));
    expect(fake.requests).toHaveLength(1);
    expect(first.llm_usage).toEqual({ calls: 1, cached: 0, prompt_tokens: 120, completion_tokens: 30 });
    expect(second.llm_usage).toEqual({ calls: 0, cached: 1, prompt_tokens: 0, completion_tokens: 0 });
    expect(second.decisions.AAPL).toMatchObject({ action: 'hold', confidence: 55, reasoning: { mode: 'llm', cached: true, reasoning: 'Wait.' } });
    const rows = (await dataSource.query('SELECT provider, model, schema_version, answer, prompt_tokens FROM llm_answer_cache')) as Record<string, unknown>[];
    expect(rows).toEqual([
      { provider: 'OpenAI', model: 'gpt-4.1', schema_version: 'portfolio-decisions/v1', answer: expect.objectContaining({ decisions: expect.any(Array) }), prompt_tokens: 120 },
    ]);
  });

  it('a key stored through /api-keys is used when the request carries none', async () => {
    await request(app.getHttpServer()).post('/api-keys').send({ provider: 'OPENAI_API_KEY', key_value: SECRET }).expect(201);
    script = () => ({ answer: { decisions: [] } });
    const data = completeData(parseSse((await rawPost(app, '/hedge-fund/run', runBody())).text));
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(data.decisions.AAPL.reasoning).toMatchObject({ mode: 'rules', why: 'the model gave no decision for this ticker' });
  });

  it('an answer that breaks the schema falls back to rules with the error recorded', async () => {
    script = () => ({ answer: { decisions: [{ ticker: 'AAPL', action: 'yolo', quantity: -5, confidence: 900, reasoning: 'x' }] } });
    const frames = parseSse((await rawPost(app, '/hedge-fund/run', runBody({ api_keys: { OPENAI_API_KEY: SECRET } }))).text);
    const data = completeData(frames);
    expect(data.decisions.AAPL.reasoning).toMatchObject({
      mode: 'rules',
      why: 'gpt-4.1 (OpenAI) gave no valid answer',
      error: expect.stringMatching(/^the answer does not match the schema: decisions\.0\.action: /),
    });
    expect(statusesOf(frames, PM, null).slice(-2)).toEqual(['Rules mode: gpt-4.1 (OpenAI) gave no valid answer', 'Done']);
    expect(data.llm_usage.calls).toBe(1);
  });

  it('strict_models: a model that cannot be called is a 422 naming the node and the provider, before any stream', async () => {
    const res = await request(app.getHttpServer()).post('/hedge-fund/run').send(runBody({ strict_models: true })).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toBe(`Node "${PM}" cannot call gpt-4.1 (OpenAI): no OpenAI key (strict_models is true)`);
    expect(res.body.errors).toEqual([{ field: 'strict_models', message: res.body.detail }]);
    const backtest = await request(app.getHttpServer()).post('/hedge-fund/backtest').send(runBody({ strict_models: true, agent_models: [{ agent_id: PM, model_name: 'grok-4.3', model_provider: 'xAI' }] })).expect(422);
    expect(backtest.body.detail).toBe(`Node "${PM}" cannot call grok-4.3 (xAI): provider xAI is not supported (strict_models is true)`);
  });

  it('refuses a model_provider the anchor does not know (422)', async () => {
    const res = await request(app.getHttpServer()).post('/hedge-fund/run').send(runBody({ agent_models: [{ agent_id: PM, model_name: 'x', model_provider: 'Acme' }] })).expect(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('agent_models[0].model_provider');
  });

  it('a client that leaves mid-call closes the call in flight and the run is recorded CANCELLED', async () => {
    script = () => 'hang';
    const flow = await request(app.getHttpServer()).post('/flows/').send({ name: 'llm cancel', nodes: [], edges: [] }).expect(200);
    // Leave once the call is in flight: the run executes in a job thread, so the progress line can reach the
    // client before the model request leaves (the heartbeat every 50 ms re-checks).
    const res = await rawPost(app, '/hedge-fund/run', runBody({ api_keys: { OPENAI_API_KEY: SECRET }, flow_id: flow.body.id }), (text) => text.includes(`Asking gpt-4.1 (OpenAI)`) && fake.requests.length > 0);
    const runId = (parseSse(res.text)[0].data as { run_id: number }).run_id;
    await fake.waitForClientClose();
    const run = await waitFor(
      async () => (await request(app.getHttpServer()).get(`/flows/${flow.body.id}/runs/${runId}`)).body as { status: string },
      (body) => body.status !== 'IN_PROGRESS',
    );
    expect(run.status).toBe('CANCELLED');
  });

  it('keeps the key out of the stream, the stored run, its cycles and the logs', async () => {
    script = () => ({ answer: { decisions: [] } });
    const flow = await request(app.getHttpServer()).post('/flows/').send({ name: 'llm secrets', nodes: [], edges: [] }).expect(200);
    const res = await rawPost(app, '/hedge-fund/run', runBody({ api_keys: { OPENAI_API_KEY: SECRET }, flow_id: flow.body.id }));
    expect(res.text).not.toContain(SECRET);
    const runId = (parseSse(res.text)[0].data as { run_id: number }).run_id;
    const [row] = (await dataSource.query('SELECT request_data::text AS request, results::text AS results FROM hedge_fund_flow_runs WHERE id = $1', [runId])) as {
      request: string;
      results: string;
    }[];
    expect(row.request).toContain('gpt-4.1');
    expect(row.request).not.toContain(SECRET);
    expect(row.results).not.toContain(SECRET);
    const cycles = (await dataSource.query('SELECT row_to_json(c)::text AS cycle FROM hedge_fund_flow_run_cycles c WHERE flow_run_id = $1', [runId])) as { cycle: string }[];
    expect(cycles.length).toBeGreaterThan(0);
    for (const cycle of cycles) expect(cycle.cycle).not.toContain(SECRET);
    const cached = (await dataSource.query('SELECT row_to_json(a)::text AS row FROM llm_answer_cache a')) as { row: string }[];
    for (const entry of cached) expect(entry.row).not.toContain(SECRET);
    expect(logs.join('').length).toBeGreaterThan(0);
    expect(logs.join('')).not.toContain(SECRET);
  });

  it('a backtest asks the model per day through the cache and reports the usage in complete', async () => {
    script = (req) => ({ answer: { decisions: Object.keys(pmQuestion(req).tickers).map((ticker) => ({ ticker, action: 'hold', quantity: 0, confidence: 50, reasoning: 'Hold.' })) } });
    const body = runBody({ tickers: ['AAPL'], start_date: '2024-03-04', end_date: '2024-03-08', api_keys: { OPENAI_API_KEY: SECRET } });
    const frames = parseSse((await rawPost(app, '/hedge-fund/backtest', body)).text);
    expect(agentsLeftOpen(frames)).toEqual([]);
    const last = frames[frames.length - 1].data as { data: { llm_usage: Record<string, number>; total_days: number } };
    const calls = fake.requests.length;
    expect(calls).toBeGreaterThan(0);
    expect(last.data.llm_usage).toEqual({ calls, cached: 0, prompt_tokens: 120 * calls, completion_tokens: 30 * calls });
    const again = parseSse((await rawPost(app, '/hedge-fund/backtest', body)).text);
    const usage = (again[again.length - 1].data as { data: { llm_usage: Record<string, number> } }).data.llm_usage;
    expect(fake.requests).toHaveLength(calls);
    expect(usage).toEqual({ calls: 0, cached: calls, prompt_tokens: 0, completion_tokens: 0 });
    const progress = again.filter((f) => f.event === 'progress').map((f) => f.data as Progress);
    expect(progress.some((p) => p.agent === PM && p.status === 'LLM mode: gpt-4.1 (OpenAI)')).toBe(true);
  });

  describe("the SPA's persona swarms", () => {
    // The anchor SPA's swarm: a stock-input node wired to the personas, each wired to one portfolio manager
    // (the only node with a model: gpt-4.1 on OpenAI); the personas are on "Auto" (the default model).
    const SWARMS: Record<string, readonly string[]> = {
      'Value Investors': ['ben_graham', 'charlie_munger', 'warren_buffett'],
      'Market Mavericks': ['michael_burry', 'bill_ackman', 'stanley_druckenmiller'],
    };
    const swarmGraph = (keys: readonly string[]) => {
      const stock = 'stock-analyzer-node_st0ck1';
      const ids = keys.map((key, i) => `${key}_sw${String(i).padStart(4, '0')}`);
      return {
        ids,
        graph_nodes: [...ids.map((id) => ({ id, type: 'agent-node', data: { name: id, status: 'Idle' } })), { id: PM, type: 'portfolio-manager-node', data: { name: 'Portfolio Manager' } }],
        graph_edges: [...ids.map((id) => ({ id: `${stock}-${id}`, source: stock, target: id })), ...ids.map((id) => ({ id: `${id}-${PM}`, source: id, target: PM }))],
        agent_models: [{ agent_id: PM, model_name: 'gpt-4.1', model_provider: 'OpenAI' }],
      };
    };
    const verdict = (req: RecordedRequest): FakeLlmBehaviour => {
      const messages = jsonBody(req).messages as { role: string; content: string }[];
      const user = JSON.parse(messages.find((m) => m.role === 'user')?.content ?? '{}') as { ticker?: string; tickers?: Record<string, unknown> };
      if (user.tickers !== undefined) return { answer: { decisions: Object.keys(user.tickers).map((ticker) => ({ ticker, action: 'hold', quantity: 0, confidence: 60, reasoning: 'Fake manager holds.' })) } };
      return { answer: { signal: 'bearish', confidence: 42.5, reasoning: `Fake OpenAI verdict on ${user.ticker ?? '?'}` } };
    };

    it.each(Object.entries(SWARMS))('%s runs to complete with every node Done, by rules without a key', async (_name, keys) => {
      const graph = swarmGraph(keys);
      const { ids, ...body } = graph;
      const frames = parseSse((await rawPost(app, '/hedge-fund/run', { tickers: ['AAPL', 'NVDA'], ...body, start_date: '2024-03-01', end_date: '2024-06-28' })).text);
      expect(frames[frames.length - 1].event).toBe('complete');
      expect(agentsLeftOpen(frames)).toEqual([]);
      const data = (frames[frames.length - 1].data as { data: { analyst_signals: Record<string, Record<string, { signal: string; reasoning: Record<string, unknown> }>> } }).data;
      for (const id of ids) {
        expect(statusesOf(frames, id, null).slice(-2)).toEqual(['Rules mode: no OpenAI key', 'Done']);
        for (const ticker of ['AAPL', 'NVDA']) {
          expect(['bullish', 'bearish', 'neutral']).toContain(data.analyst_signals[id][ticker].signal);
          expect(data.analyst_signals[id][ticker].reasoning).toMatchObject({ mode: 'rules', why: 'no OpenAI key' });
        }
      }
      expect(fake.requests).toHaveLength(0);
    });

    it.each(Object.entries(SWARMS))('%s asks the fake OpenAI server (key stored as the SPA stores it), whose verdict lands in analyst_signals', async (_name, keys) => {
      await request(app.getHttpServer()).post('/api-keys').send({ provider: 'OPENAI_API_KEY', key_value: SECRET, is_active: true }).expect(201);
      script = verdict;
      const { ids, ...body } = swarmGraph(keys);
      const frames = parseSse((await rawPost(app, '/hedge-fund/run', { tickers: ['AAPL', 'NVDA'], ...body, start_date: '2024-03-01', end_date: '2024-06-28' })).text);
      expect(frames[frames.length - 1].event).toBe('complete');
      expect(agentsLeftOpen(frames)).toEqual([]);
      const data = (frames[frames.length - 1].data as { data: { analyst_signals: Record<string, Record<string, unknown>>; decisions: Record<string, unknown>; llm_usage: Record<string, number> } }).data;
      for (const id of ids) {
        for (const ticker of ['AAPL', 'NVDA']) {
          expect(data.analyst_signals[id][ticker]).toEqual({
            signal: 'bearish',
            confidence: 42.5,
            reasoning: { mode: 'llm', provider: 'OpenAI', model: 'gpt-4.1', cached: false, reasoning: `Fake OpenAI verdict on ${ticker}` },
          });
        }
        expect(statusesOf(frames, id, null).slice(-2)).toEqual(['LLM mode: gpt-4.1 (OpenAI)', 'Done']);
      }
      expect(fake.requests.every((req) => req.headers.authorization === `Bearer ${SECRET}`)).toBe(true);
      expect(data.llm_usage.calls).toBe(fake.requests.length);
      expect(fake.requests.length).toBe(ids.length * 2 + 1);
    });

    it('a swarm backtest asks per day and ticker through the cache: the re-run costs nothing', async () => {
      await request(app.getHttpServer()).post('/api-keys').send({ provider: 'OPENAI_API_KEY', key_value: SECRET, is_active: true }).expect(201);
      script = verdict;
      const { ids, ...graph } = swarmGraph(SWARMS['Value Investors']);
      const body = { tickers: ['MSFT'], ...graph, start_date: '2024-03-04', end_date: '2024-03-08', initial_capital: 100000, margin_requirement: 0 };
      const frames = parseSse((await rawPost(app, '/hedge-fund/backtest', body)).text);
      expect(frames[frames.length - 1].event).toBe('complete');
      expect(agentsLeftOpen(frames)).toEqual([]);
      const days = frames.filter((f) => f.event === 'progress' && (f.data as Progress).agent === 'backtest' && (f.data as Progress).status.startsWith('Completed')).length;
      expect(days).toBeGreaterThan(1);
      const usage = (frames[frames.length - 1].data as { data: { llm_usage: Record<string, number> } }).data.llm_usage;
      expect(usage.calls).toBe(fake.requests.length);
      // Each persona asks once per day for the ticker, unless its facts repeat a day already asked (then the cache answers).
      expect(usage.calls + usage.cached).toBe(days * (ids.length + 1));
      fake.requests.length = 0;
      const again = parseSse((await rawPost(app, '/hedge-fund/backtest', body)).text);
      expect(fake.requests).toHaveLength(0);
      expect((again[again.length - 1].data as { data: { llm_usage: Record<string, number> } }).data.llm_usage).toEqual({ calls: 0, cached: days * (ids.length + 1), prompt_tokens: 0, completion_tokens: 0 });
    });
  });
});

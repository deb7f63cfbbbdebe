// The LLM agents through the hedge-fund service (whole application context, real PostgreSQL), with tiny
// personas written here standing in for the engine's: the modes, the fallbacks, model per node, the news
// classification and the answer cache.
import type { INestApplicationContext, MessageEvent } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { lastValueFrom, toArray } from 'rxjs';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config';
import type { AgentSignal, CompanyNews, HeadlineClassification, NewsSentimentAnalyst, Persona, PersonaAnalysis } from '../../src/engine';
import type { HedgeFundRunRequestDto } from '../../src/modules/hedge-fund/dto/hedge-fund-request.dto';
import { HedgeFundService } from '../../src/modules/hedge-fund/hedge-fund.service';
import { PERSONA_CATALOG, personaCatalog } from '../../src/modules/llm/persona-catalog';
import { FakeHttpServer, type RecordedRequest } from '../support/fake-http-server';
import { type FakeLlmBehaviour, fakeLlmServer, jsonBody, openAiReply } from '../support/fake-llm';
import { InlineJobBackend } from '../../src/modules/jobs/inline.backend';
import { JobExecutor } from '../../src/modules/jobs/job-executor';
import { JOB_BACKEND } from '../../src/modules/jobs/jobs.service';
import { agentsLeftOpen, statusesOf } from '../support/hedge-fund-stream';
import type { SseFrame } from '../support/sse';
import { testDatabaseUrl } from '../support/test-database';

const KEY = 'sk-integration-0000111122223333';

/** A tiny persona: bullish above a market cap of 10^11, else bearish; the facts carry the cap. */
function tinyPersona(key: string): Persona {
  return {
    key,
    systemPrompt: `You are the test persona ${key}.`,
    async analyze({ data, ticker, endDate, signal }): Promise<PersonaAnalysis> {
      const cap = await data.getMarketCap(ticker, endDate, { signal });
      const score = cap !== null && cap > 1e11 ? 9 : 2;
      return { ticker, score, max_score: 10, details: { market_cap: cap }, facts: { market_cap: cap } };
    },
    rules(analysis): AgentSignal {
      return analysis.score >= 7
        ? { signal: 'bullish', confidence: 70, reasoning: `score ${analysis.score}/10` }
        : { signal: 'bearish', confidence: 65, reasoning: `score ${analysis.score}/10` };
    },
  };
}

/** Tiny news analysis: the 3 latest headlines are classified; the verdict is the majority of labels. */
const tinyNews: NewsSentimentAnalyst = {
  key: 'news_sentiment_analyst',
  systemPrompt: 'unused',
  fetch: ({ data, ticker, endDate, signal }) => data.getCompanyNews(ticker, endDate, null, 20, { signal }),
  select: (articles: readonly CompanyNews[]) => articles.slice(0, 3).map((article, index) => ({ index, title: article.title })),
  aggregate(articles: readonly CompanyNews[], classified: readonly HeadlineClassification[]): AgentSignal {
    const labels = articles.map((article, index) => classified.find((c) => c.index === index)?.sentiment ?? article.sentiment);
    const positive = labels.filter((l) => l === 'positive').length;
    const negative = labels.filter((l) => l === 'negative').length;
    const signal = positive > negative ? 'bullish' : negative > positive ? 'bearish' : 'neutral';
    return { signal, confidence: 50, reasoning: { positive, negative, classified: classified.length } };
  },
};

const PERSONAS = ['warren_buffett', 'ben_graham'];
const PM = 'portfolio_manager_pm0001';

function graph(analysts: readonly string[]): Pick<HedgeFundRunRequestDto, 'graph_nodes' | 'graph_edges'> {
  return {
    graph_nodes: [...analysts.map((id) => ({ id, type: 'agent-node' })), { id: PM, type: 'portfolio-manager-node' }],
    graph_edges: analysts.map((id) => ({ id: `${id}-${PM}`, source: id, target: PM })),
  };
}

function systemOf(req: RecordedRequest): string {
  const body = jsonBody(req);
  if (typeof body.system === 'string') return body.system;
  return ((body.messages as { role: string; content: string }[]).find((m) => m.role === 'system')?.content ?? '') as string;
}

function userOf(req: RecordedRequest): Record<string, unknown> {
  return JSON.parse((jsonBody(req).messages as { role: string; content: string }[]).find((m) => m.role === 'user')?.content ?? '{}') as Record<string, unknown>;
}

describe('LLM agents in the hedge-fund service (integration, fake providers)', () => {
  let openai: FakeHttpServer;
  let anthropic: FakeHttpServer;
  let openaiScript: (req: RecordedRequest) => FakeLlmBehaviour;
  const contexts: INestApplicationContext[] = [];

  beforeAll(async () => {
    openai = await fakeLlmServer('openai', (req) => openaiScript(req)).start();
    anthropic = await fakeLlmServer('anthropic', () => ({ answer: { signal: 'neutral', confidence: 40, reasoning: 'Claude is unsure.' } })).start();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await openai.stop();
    await anthropic.stop();
  });

  beforeEach(() => {
    openai.requests.length = 0;
    anthropic.requests.length = 0;
    // Personas: bullish 77 with the persona's name; headlines: negative 90; the manager holds.
    openaiScript = (req) => {
      const system = systemOf(req);
      if (system.includes('test persona')) return { answer: { signal: 'bullish', confidence: 77, reasoning: `Model verdict for ${String(userOf(req).ticker)}` } };
      if (system.includes('headline')) return { answer: { sentiment: 'negative', confidence: 90 } };
      return { answer: { decisions: [] } };
    };
  });

  /** The application context with the tiny personas, no stored key; the answer cache starts empty unless `keepCache`. */
  async function service(env: Record<string, string> = {}, keepCache = false): Promise<{ hedgeFund: HedgeFundService; dataSource: DataSource }> {
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: testDatabaseUrl(),
      LOG_LEVEL: 'silent',
      OPENAI_BASE_URL: openai.url,
      ANTHROPIC_BASE_URL: anthropic.url,
      OPENAI_API_KEY: '',
      ANTHROPIC_API_KEY: '',
      ...env,
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
      .overrideProvider(PERSONA_CATALOG)
      .useValue(personaCatalog(PERSONAS.map(tinyPersona), tinyNews))
      // The jobs run in this context (not in a worker thread with a context of its own) so they see the tiny personas.
      .overrideProvider(JOB_BACKEND)
      .useFactory({ factory: (executor: JobExecutor) => new InlineJobBackend(executor, config.jobs.leaseMs), inject: [JobExecutor] })
      .compile();
    const context = await moduleRef.init();
    contexts.push(context);
    const dataSource = context.get(DataSource);
    // Keys come from the request in these tests: none stored by an earlier test file may answer instead.
    await dataSource.query('DELETE FROM api_keys');
    if (!keepCache) await dataSource.query('DELETE FROM llm_answer_cache');
    return { hedgeFund: context.get(HedgeFundService), dataSource };
  }

  async function run(hedgeFund: HedgeFundService, body: Partial<HedgeFundRunRequestDto>): Promise<SseFrame[]> {
    const events = (await lastValueFrom((await hedgeFund.run({ tickers: ['AAPL', 'MSFT'], end_date: '2024-06-28', ...body } as HedgeFundRunRequestDto)).pipe(toArray()))) as MessageEvent[];
    return events.filter((e) => e.type !== undefined).map((e) => ({ event: e.type as string, data: e.data }));
  }

  type Data = { analyst_signals: Record<string, Record<string, AgentSignal & { reasoning: Record<string, unknown> }>>; llm_usage: Record<string, number> };
  const dataOf = (frames: readonly SseFrame[]): Data => (frames[frames.length - 1].data as { data: Data }).data;

  it('no key: every persona decides by rules, says so before its Done, and the run completes with every node Done', async () => {
    const { hedgeFund } = await service();
    const ids = PERSONAS.map((key) => `${key}_ab12cd`);
    const frames = await run(hedgeFund, graph(ids));
    expect(frames[frames.length - 1].event).toBe('complete');
    expect(agentsLeftOpen(frames)).toEqual([]);
    const data = dataOf(frames);
    for (const id of ids) {
      expect(statusesOf(frames, id, null).slice(-2)).toEqual(['Rules mode: no OpenAI key', 'Done']);
      for (const ticker of ['AAPL', 'MSFT']) {
        const signal = data.analyst_signals[id][ticker];
        expect(signal.reasoning).toEqual({ mode: 'rules', why: 'no OpenAI key', reasoning: expect.stringMatching(/^score \d+\/10$/) });
        expect(signal.signal).toBe(signal.reasoning.reasoning === 'score 9/10' ? 'bullish' : 'bearish');
      }
    }
    expect(data.llm_usage).toEqual({ calls: 0, cached: 0, prompt_tokens: 0, completion_tokens: 0 });
    expect(openai.requests).toHaveLength(0);
  });

  it('with a key each persona asks its model once per ticker with its own prompt and facts; a re-run comes from the cache', async () => {
    const { hedgeFund } = await service();
    const ids = PERSONAS.map((key) => `${key}_ab12cd`);
    const body = { ...graph(ids), api_keys: { OPENAI_API_KEY: KEY } };
    const frames = await run(hedgeFund, body);
    const data = dataOf(frames);
    const personaCalls = openai.requests.filter((req) => systemOf(req).includes('test persona'));
    expect(personaCalls).toHaveLength(4);
    for (const id of ids) {
      expect(statusesOf(frames, id, null).slice(-2)).toEqual(['LLM mode: gpt-4.1 (OpenAI)', 'Done']);
      expect(statusesOf(frames, id, 'AAPL')).toEqual(['Analyzing', 'Asking gpt-4.1 (OpenAI)', 'Done']);
      for (const ticker of ['AAPL', 'MSFT']) {
        expect(data.analyst_signals[id][ticker]).toEqual({
          signal: 'bullish',
          confidence: 77,
          reasoning: { mode: 'llm', provider: 'OpenAI', model: 'gpt-4.1', cached: false, reasoning: `Model verdict for ${ticker}` },
        });
      }
    }
    const buffettAapl = personaCalls.find((req) => systemOf(req).includes('warren_buffett') && userOf(req).ticker === 'AAPL') as RecordedRequest;
    expect(userOf(buffettAapl)).toEqual({ ticker: 'AAPL', score: expect.any(Number), max_score: 10, facts: { market_cap: expect.any(Number) } });
    expect(systemOf(buffettAapl)).toMatch(/^You are the test persona warren_buffett\.\n\nAnswer with JSON only/);
    expect(data.llm_usage.calls).toBe(openai.requests.length);

    openai.requests.length = 0;
    const again = dataOf(await run(hedgeFund, body));
    expect(openai.requests).toHaveLength(0);
    expect(again.llm_usage).toEqual({ calls: 0, cached: data.llm_usage.calls, prompt_tokens: 0, completion_tokens: 0 });
    expect(again.analyst_signals[ids[0]].AAPL.reasoning).toMatchObject({ mode: 'llm', cached: true, reasoning: 'Model verdict for AAPL' });
  });

  it('an unusable answer for one ticker falls back to rules for that ticker only, with the error, and the mode line names it', async () => {
    const { hedgeFund } = await service();
    openaiScript = (req) => {
      if (!systemOf(req).includes('test persona')) return { answer: { decisions: [] } };
      return userOf(req).ticker === 'MSFT' ? { answer: { signal: 'sideways', confidence: 5, reasoning: 'x' } } : { answer: { signal: 'bearish', confidence: 61, reasoning: 'ok' } };
    };
    const id = 'warren_buffett_ab12cd';
    const frames = await run(hedgeFund, { ...graph([id]), api_keys: { OPENAI_API_KEY: KEY } });
    const data = dataOf(frames);
    expect(data.analyst_signals[id].AAPL).toMatchObject({ signal: 'bearish', confidence: 61, reasoning: { mode: 'llm' } });
    expect(data.analyst_signals[id].MSFT.reasoning).toEqual({
      mode: 'rules',
      why: 'gpt-4.1 (OpenAI) gave no valid answer',
      error: expect.stringMatching(/^the answer does not match the schema: signal: /),
      reasoning: expect.stringMatching(/^score \d+\/10$/),
    });
    expect(statusesOf(frames, id, null).slice(-2)).toEqual(['LLM mode: gpt-4.1 (OpenAI); rules mode for MSFT: gpt-4.1 (OpenAI) gave no valid answer', 'Done']);
  });

  it('each node uses its own model: agent_models by node id, else the request model', async () => {
    const { hedgeFund } = await service();
    const [buffett, graham] = PERSONAS.map((key) => `${key}_ab12cd`);
    const frames = await run(hedgeFund, {
      ...graph([buffett, graham]),
      agent_models: [{ agent_id: graham, model_name: 'claude-sonnet-5', model_provider: 'Anthropic' }],
      model_name: 'gpt-4.1-mini',
      model_provider: 'OpenAI',
      api_keys: { OPENAI_API_KEY: KEY, ANTHROPIC_API_KEY: KEY },
    });
    const data = dataOf(frames);
    expect(data.analyst_signals[graham].AAPL).toMatchObject({ signal: 'neutral', confidence: 40, reasoning: { mode: 'llm', provider: 'Anthropic', model: 'claude-sonnet-5' } });
    expect(data.analyst_signals[buffett].AAPL).toMatchObject({ reasoning: { mode: 'llm', provider: 'OpenAI', model: 'gpt-4.1-mini' } });
    expect(anthropic.requests).toHaveLength(2);
    expect(openai.requests.filter((req) => jsonBody(req).model === 'gpt-4.1-mini').length).toBeGreaterThanOrEqual(2);
  });

  it('news sentiment: one call per selected headline (cached), and no model call in rules mode', async () => {
    const { hedgeFund } = await service();
    const id = 'news_sentiment_analyst_nn11nn';
    const frames = await run(hedgeFund, { ...graph([id]), api_keys: { OPENAI_API_KEY: KEY } });
    const headlineCalls = openai.requests.filter((req) => systemOf(req).includes('headline'));
    expect(headlineCalls.length).toBeGreaterThan(0);
    expect(headlineCalls.length).toBeLessThanOrEqual(6);
    const asked = headlineCalls.map((req) => userOf(req));
    expect(new Set(asked.map((q) => JSON.stringify(q))).size).toBe(asked.length);
    const aapl = dataOf(frames).analyst_signals[id].AAPL;
    expect(aapl.reasoning).toMatchObject({ mode: 'llm', provider: 'OpenAI', classified: 3, cached: 0, reasoning: { classified: 3 } });
    expect((aapl.reasoning.reasoning as { negative: number }).negative).toBeGreaterThanOrEqual(3);

    openai.requests.length = 0;
    const noKey = dataOf(await run(hedgeFund, graph([id])));
    expect(openai.requests).toHaveLength(0);
    expect(noKey.analyst_signals[id].AAPL.reasoning).toMatchObject({ mode: 'rules', why: 'no OpenAI key', reasoning: { classified: 0 } });
  });

  it('LLM_CACHE=off never reads or writes the cache; refresh calls again and replaces the stored answer', async () => {
    const id = 'warren_buffett_ab12cd';
    const body = { ...graph([id]), tickers: ['AAPL'], api_keys: { OPENAI_API_KEY: KEY } };
    const off = await service({ LLM_CACHE: 'off' });
    await run(off.hedgeFund, body);
    await run(off.hedgeFund, body);
    expect(openai.requests.filter((req) => systemOf(req).includes('test persona'))).toHaveLength(2);
    expect(await off.dataSource.query('SELECT count(*)::int AS n FROM llm_answer_cache')).toEqual([{ n: 0 }]);

    const on = await service({ LLM_CACHE: 'on' }, true);
    await run(on.hedgeFund, body);
    const stored = (await on.dataSource.query(`SELECT answer FROM llm_answer_cache WHERE schema_version = 'persona-signal/v1'`)) as { answer: { reasoning: string } }[];
    expect(stored).toEqual([{ answer: { signal: 'bullish', confidence: 77, reasoning: 'Model verdict for AAPL' } }]);

    openaiScript = () => ({ answer: { signal: 'neutral', confidence: 50, reasoning: 'Fresh answer' } });
    openai.requests.length = 0;
    const refresh = await service({ LLM_CACHE: 'refresh' }, true);
    const data = dataOf(await run(refresh.hedgeFund, body));
    expect(openai.requests.length).toBeGreaterThan(0);
    expect(data.analyst_signals[id].AAPL.reasoning).toMatchObject({ cached: false, reasoning: 'Fresh answer' });
    const replaced = (await on.dataSource.query(`SELECT answer FROM llm_answer_cache WHERE schema_version = 'persona-signal/v1'`)) as unknown[];
    expect(replaced).toEqual([{ answer: { signal: 'neutral', confidence: 50, reasoning: 'Fresh answer' } }]);
  });

  it("a node's tickers ask their model at the same time (the per-provider limit caps them)", async () => {
    // Each persona answer is held until the call for the other ticker has arrived too: asked one after the
    // other, the first would never be answered.
    const waiting: (() => void)[] = [];
    const held = await new FakeHttpServer(async (req) => {
      if (systemOf(req).includes('test persona')) {
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length === 2) for (const release of waiting.splice(0)) release();
        });
        return openAiReply(req, { signal: 'neutral', confidence: 51, reasoning: 'Together.' });
      }
      return openAiReply(req, { decisions: [] });
    }).start();
    try {
      const { hedgeFund } = await service({ OPENAI_BASE_URL: held.url });
      const id = 'warren_buffett_ab12cd';
      const data = dataOf(await run(hedgeFund, { ...graph([id]), api_keys: { OPENAI_API_KEY: KEY } }));
      expect(data.analyst_signals[id].AAPL).toMatchObject({ confidence: 51, reasoning: { mode: 'llm', reasoning: 'Together.' } });
      expect(data.analyst_signals[id].MSFT).toMatchObject({ confidence: 51, reasoning: { mode: 'llm', reasoning: 'Together.' } });
    } finally {
      await held.stop();
    }
  });
});

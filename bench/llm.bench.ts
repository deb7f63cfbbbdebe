// The LLM agents on the production path (the hedge-fund service of the app, a real database):
// - a rules-mode persona backtest (no key): every persona that has landed, news sentiment and the portfolio
//   manager, 5 tickers over one year;
// - model calls per second through the chat-model port against a fake OpenAI server answering in 50 ms, at
//   several LLM_MAX_CONCURRENCY limits (the ceiling is limit × 20 calls/s);
// - an LLM-mode persona backtest against the same fake: first with an empty answer cache, then again, every
//   answer from the PostgreSQL cache.
// Prints figures; asserts nothing.
import type { MessageEvent } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { lastValueFrom, toArray } from 'rxjs';
import { z } from 'zod';
import { AppModule } from '../src/app.module';
import { type AppConfig, loadConfig } from '../src/config';
import { startDatabase } from '../src/core/database';
import { PERSONAS } from '../src/engine';
import type { HedgeFundBacktestRequestDto } from '../src/modules/hedge-fund/dto/hedge-fund-request.dto';
import { HedgeFundService } from '../src/modules/hedge-fund/hedge-fund.service';
import { LangChainChatModel } from '../src/modules/llm/langchain-chat-model';
import { fakeLlmServer, jsonBody } from '../test/support/fake-llm';
import type { BenchModule } from './run';
import { freshDatabase } from './support';

const TICKERS = ['AAPL', 'MSFT', 'NVDA', 'GOOGL', 'TSLA'];
const PM = 'portfolio_manager_bench0';
const ANSWER_DELAY_MS = 50;
const CALLS_PER_LEVEL = 120;

function personaGraph(keys: readonly string[]): Pick<HedgeFundBacktestRequestDto, 'graph_nodes' | 'graph_edges'> {
  const ids = keys.map((key) => `${key}_bench0`);
  return {
    graph_nodes: [...ids.map((id) => ({ id, type: 'agent-node' })), { id: PM, type: 'portfolio-manager-node' }],
    graph_edges: ids.map((id) => ({ id: `${id}-${PM}`, source: id, target: PM })),
  };
}

interface BacktestFigures {
  readonly ms: number;
  readonly days: number;
  readonly usage: Record<string, number>;
}

async function backtest(service: HedgeFundService, dto: Partial<HedgeFundBacktestRequestDto>): Promise<BacktestFigures> {
  const started = performance.now();
  const events = (await lastValueFrom((await service.backtest({ tickers: TICKERS, initial_capital: 100_000, ...dto } as HedgeFundBacktestRequestDto)).pipe(toArray()))) as MessageEvent[];
  const ms = performance.now() - started;
  const last = events[events.length - 1];
  if (last.type !== 'complete') throw new Error(`the backtest ended with ${String(last.type)}: ${JSON.stringify(last.data)}`);
  const data = (last.data as { data: { total_days: number; llm_usage: Record<string, number> } }).data;
  return { ms, days: data.total_days, usage: data.llm_usage };
}

async function withService<T>(config: AppConfig, work: (service: HedgeFundService) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
  try {
    return await work(app.get(HedgeFundService));
  } finally {
    await app.close();
  }
}

/** Answers like a provider would: a verdict for persona questions, holds for the portfolio manager, after 50 ms. */
function fakeOpenAi() {
  return fakeLlmServer('openai', (req) => {
    const messages = jsonBody(req).messages as { role: string; content: string }[];
    const user = JSON.parse(messages.find((m) => m.role === 'user')?.content ?? '{}') as { ticker?: string; tickers?: Record<string, unknown>; headline?: string };
    if (user.tickers !== undefined) {
      return { delayMs: ANSWER_DELAY_MS, answer: { decisions: Object.keys(user.tickers).map((ticker) => ({ ticker, action: 'hold', quantity: 0, confidence: 50, reasoning: 'Hold.' })) } };
    }
    if (user.headline !== undefined) return { delayMs: ANSWER_DELAY_MS, answer: { sentiment: 'neutral', confidence: 50 } };
    return { delayMs: ANSWER_DELAY_MS, answer: { signal: 'neutral', confidence: 50, reasoning: 'Mixed evidence.' } };
  });
}

const bench: BenchModule = {
  title: 'LLM agents: rules-mode persona backtest, model calls per second under the concurrency limit, the answer cache',
  async run() {
    const target = await freshDatabase('llm');
    const fake = await fakeOpenAi().start();
    console.log(`database: ${target.label}; fake OpenAI answering in ${ANSWER_DELAY_MS} ms`);
    const personas = Object.keys(PERSONAS).sort();
    try {
      const database = await startDatabase(loadConfig({ ...target.env, LOG_LEVEL: 'silent' }));
      try {
        const base = { ...target.env, DATABASE_URL: database.config.database.url ?? '', LOG_LEVEL: 'silent', OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: '' };

        // 1. Rules mode (no key): the personas' analyses and rules only.
        const rulesKeys = [...personas, 'news_sentiment_analyst'];
        const rules = await withService(loadConfig(base), (service) => backtest(service, { ...personaGraph(rulesKeys), start_date: '2024-01-01', end_date: '2024-12-31' }));
        console.log(`\nrules mode: ${rulesKeys.join(', ')} + portfolio manager, ${TICKERS.length} tickers, 2024`);
        console.table([{ 'trading days': rules.days, 'total s': (rules.ms / 1000).toFixed(2), 'ms per day': (rules.ms / rules.days).toFixed(1), 'model calls': rules.usage.calls }]);

        // 2. Calls per second through the port at several concurrency limits.
        const schema = z.object({ signal: z.enum(['bullish', 'bearish', 'neutral']), confidence: z.number(), reasoning: z.string() });
        const rows: Record<string, string | number>[] = [];
        for (const limit of [1, 4, 16]) {
          const port = new LangChainChatModel(loadConfig({ ...base, LLM_MAX_CONCURRENCY: String(limit) }));
          const started = performance.now();
          await Promise.all(
            Array.from({ length: CALLS_PER_LEVEL }, (_, i) =>
              port.complete({ provider: 'OpenAI', model: 'gpt-4.1', apiKey: 'sk-bench', prompt: { system: 'bench', user: JSON.stringify({ ticker: `T${i}` }) }, schema, schemaName: 'persona_signal' }),
            ),
          );
          const seconds = (performance.now() - started) / 1000;
          rows.push({ LLM_MAX_CONCURRENCY: limit, calls: CALLS_PER_LEVEL, 'total s': seconds.toFixed(2), 'calls/s': (CALLS_PER_LEVEL / seconds).toFixed(1), 'ceiling calls/s': (limit * 1000) / ANSWER_DELAY_MS });
        }
        console.log(`\nmodel calls through the chat-model port (${CALLS_PER_LEVEL} distinct questions at once)`);
        console.table(rows);

        // 3. LLM mode: one month with an empty cache, then the same month again from the cache.
        const llmConfig = loadConfig({ ...base, OPENAI_API_KEY: 'sk-bench', LLM_MAX_CONCURRENCY: '4' });
        const month = { ...personaGraph(personas), start_date: '2024-03-01', end_date: '2024-03-31' };
        const [cold, warm] = await withService(llmConfig, async (service) => [await backtest(service, month), await backtest(service, month)]);
        console.log(`\nLLM mode: ${personas.join(', ')} + portfolio manager on gpt-4.1 (fake), ${TICKERS.length} tickers, March 2024, LLM_MAX_CONCURRENCY 4`);
        console.table(
          [
            ['empty cache', cold],
            ['every answer cached', warm],
          ].map(([label, figures]) => {
            const f = figures as BacktestFigures;
            return { run: label as string, 'trading days': f.days, 'total s': (f.ms / 1000).toFixed(2), 'ms per day': (f.ms / f.days).toFixed(1), calls: f.usage.calls, cached: f.usage.cached, 'calls/s': ((f.usage.calls * 1000) / f.ms).toFixed(1) };
          }),
        );
      } finally {
        await database.stop();
      }
    } finally {
      await fake.stop();
      await target.cleanup();
    }
  },
};
export default bench;

// npm run hedge-fund -- --tickers AAPL,MSFT [--start YYYY-MM-DD] [--end YYYY-MM-DD] [--agents warren_buffett,ben_graham]
//   [--model gpt-4.1 --provider OpenAI] [--show-reasoning]
import { toRunComplete } from '../modules/hedge-fund/hedge-fund.mapper';
import { formatIsoDay, parseIsoDay } from '../engine';
import { DEFAULT_RUN_LOOKBACK_DAYS } from '../modules/hedge-fund/hedge-fund-request';
import { syntheticDataPort } from './cli-data';
import { Logger } from '@nestjs/common';
import type { AgentSignal } from '../engine';
import { buildCliGraph, formatAnalystSignals, formatDecisions, formatLlmUsage, parseCliOptions, runCli, UsageError } from './hedge-fund-cli';

const USAGE = `usage: npm run hedge-fund -- --tickers AAPL,MSFT [--start YYYY-MM-DD] [--end YYYY-MM-DD]
  [--agents key,key]  analysts (default: every rule-based one; personas and news sentiment use a model)
  [--model gpt-4.1 --provider OpenAI]  model of the LLM agents (default LLM_DEFAULT_MODEL; key from the environment,
                                       e.g. OPENAI_API_KEY; without one they decide by rules and say so)
  [--show-reasoning]  print every analyst's reasoning
  [--capital 100000] [--margin 0..1] [--json]
  end defaults to today (UTC), start to end − ${DEFAULT_RUN_LOOKBACK_DAYS} days`;

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2));
  if (options.html !== undefined) throw new UsageError('--html is for npm run backtest: a single run has decisions, not an equity curve');
  const end = options.end ?? new Date().toISOString().slice(0, 10);
  const start = options.start ?? formatIsoDay((parseIsoDay(end) as number) - DEFAULT_RUN_LOOKBACK_DAYS);
  // Retry warnings would interleave with JSON on stdout.
  if (options.json) Logger.overrideLogger(false);
  const { engine, spec, graph, llm } = await buildCliGraph(options);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('Interrupted')));
  const portfolio = engine.createPortfolio({ tickers: options.tickers, initial_cash: options.capital, margin_requirement: options.margin });
  const outcome = await graph.invoke(
    {
      tickers: options.tickers,
      startDate: start,
      endDate: end,
      data: syntheticDataPort(),
      portfolio,
      signal: controller.signal,
      onProgress: options.json ? undefined : (agent, ticker, status) => process.stderr.write(`  ${agent}${ticker === null ? '' : ` [${ticker}]`}: ${status}\n`),
    },
    controller.signal,
  );
  const result = toRunComplete(spec, outcome) as {
    decisions: Parameters<typeof formatDecisions>[0];
    analyst_signals: Record<string, Record<string, AgentSignal>>;
    current_prices: Record<string, number>;
  };
  if (options.json) {
    console.log(JSON.stringify({ ...result, llm_usage: llm.usage() }, null, 2));
    return;
  }
  console.log(`\nSignals for ${end} (history from ${start}):`);
  console.log(formatAnalystSignals(spec, result.analyst_signals, options.tickers, options.showReasoning));
  console.log(`\nDecisions:`);
  console.log(formatDecisions(result.decisions, result.current_prices));
  console.log(`\n${formatLlmUsage(llm.usage())}`);
}

runCli(USAGE, main);

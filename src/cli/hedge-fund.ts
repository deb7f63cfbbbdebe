// hf hedge-fund --tickers AAPL,MSFT [--start YYYY-MM-DD] [--end YYYY-MM-DD] [--agents warren_buffett,ben_graham]
//   [--model gpt-4.1 --provider OpenAI] [--show-reasoning]   (also `npm run hedge-fund -- …`)
// One decision day through the agent graph on synthetic data: each analyst's signal per ticker, then the
// portfolio manager's decisions.
import { type Command, Option } from 'commander';
import type { AgentSignal } from '../engine';
import { CliError, cliAction, cliCommand, type CliOutput, runCommand, STDIO } from './command';
import { addHedgeFundOptions, type RawCliOptions } from './hedge-fund-options';

const EXAMPLES = `
Examples:
  hf hedge-fund --tickers AAPL,MSFT
  hf hedge-fund --tickers NVDA --agents warren_buffett,ben_graham --model gpt-4.1 --provider OpenAI --show-reasoning
  hf hedge-fund --tickers AAPL --end 2024-06-28 --json

Data: the synthetic market (MARKET_DATA_SEED). Exit codes: 0 done, 1 the run failed, 2 a usage problem.`;

/** The `hedge-fund` command, writing to `io`. */
export function hedgeFundCommand(io: CliOutput = STDIO): Command {
  return addHedgeFundOptions(cliCommand('hedge-fund', io), false)
    .description("One decision day through the agent graph: each analyst's signal per ticker, then the portfolio manager's orders")
    // Accepted only to say where it belongs.
    .addOption(new Option('--html <FILE>').hideHelp())
    .addHelpText('after', EXAMPLES)
    .action(cliAction(async (options: RawCliOptions) => runHedgeFund(options, io)));
}

/** Runs the CLI on `args` (without node and the script); resolves to the exit code. */
export async function runHedgeFundCli(args: readonly string[], io: CliOutput): Promise<number> {
  return runCommand(hedgeFundCommand(io), args, io);
}

async function runHedgeFund(raw: RawCliOptions, io: CliOutput): Promise<void> {
  // The agent graph, the LLM layer and the mapper are loaded only once the options are valid.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { toCliOptions, buildCliGraph, formatAnalystSignals, formatDecisions, formatLlmUsage } = require('./hedge-fund-cli') as typeof import('./hedge-fund-cli');
  const { toRunComplete } = require('../modules/hedge-fund/hedge-fund.mapper') as typeof import('../modules/hedge-fund/hedge-fund.mapper');
  const { formatIsoDay, parseIsoDay } = require('../engine') as typeof import('../engine');
  const { DEFAULT_RUN_LOOKBACK_DAYS } = require('../modules/hedge-fund/hedge-fund-request') as typeof import('../modules/hedge-fund/hedge-fund-request');
  const { syntheticReader } = require('./cli-data') as typeof import('./cli-data');
  const { Logger } = require('@nestjs/common') as typeof import('@nestjs/common');
  /* eslint-enable @typescript-eslint/no-require-imports */
  if (raw.html !== undefined) throw new CliError('--html is for hf backtest: a single run has decisions, not an equity curve');
  const options = toCliOptions(raw);
  const end = options.end ?? new Date().toISOString().slice(0, 10);
  const start = options.start ?? formatIsoDay((parseIsoDay(end) as number) - DEFAULT_RUN_LOOKBACK_DAYS);
  // Retry warnings would interleave with JSON on stdout.
  if (options.json) Logger.overrideLogger(false);
  const { engine, spec, graph, llm } = await buildCliGraph(options);
  const controller = new AbortController();
  const interrupt = (): void => controller.abort(new Error('Interrupted'));
  process.once('SIGINT', interrupt);
  try {
    const portfolio = engine.createPortfolio({ tickers: options.tickers, initial_cash: options.capital, margin_requirement: options.margin });
    const outcome = await graph.invoke(
      {
        tickers: options.tickers,
        startDate: start,
        endDate: end,
        data: syntheticReader(),
        portfolio,
        signal: controller.signal,
        onProgress: options.json ? undefined : (agent, ticker, status) => io.err(`  ${agent}${ticker === null ? '' : ` [${ticker}]`}: ${status}`),
      },
      controller.signal,
    );
    const result = toRunComplete(spec, outcome) as {
      decisions: Parameters<typeof formatDecisions>[0];
      analyst_signals: Record<string, Record<string, AgentSignal>>;
      current_prices: Record<string, number>;
    };
    if (options.json) {
      io.out(JSON.stringify({ ...result, llm_usage: llm.usage() }, null, 2));
      return;
    }
    io.out(`\nSignals for ${end} (history from ${start}):`);
    io.out(formatAnalystSignals(spec, result.analyst_signals, options.tickers, options.showReasoning));
    io.out(`\nDecisions:`);
    io.out(formatDecisions(result.decisions, result.current_prices));
    io.out(`\n${formatLlmUsage(llm.usage())}`);
  } finally {
    process.removeListener('SIGINT', interrupt);
  }
}

if (require.main === module) {
  void runHedgeFundCli(process.argv.slice(2), STDIO).then((code) => {
    process.exitCode = code;
  });
}

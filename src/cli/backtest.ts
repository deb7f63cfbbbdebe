// hf backtest --tickers AAPL,MSFT --start 2024-01-02 --end 2024-12-31 [--agents technical_analyst,growth_analyst]
//   [--benchmark SPY] [--html FILE]   (also `npm run backtest -- …`)
// A hedge-fund backtest through the agent graph on synthetic data: one line per day, then the metrics, the
// trades, the P&L by ticker and the benchmark; --html also writes the tearsheet.
import type { Command } from 'commander';
import type { BacktestResult } from '../engine';
import { CliError, cliAction, cliCommand, type CliOutput, runCommand, STDIO } from './command';
import { addHedgeFundOptions, type RawCliOptions } from './hedge-fund-options';
import { writeOutputFile } from './output-files';
import { formatMetricsTable } from './metrics-table';

const EXAMPLES = `
Examples:
  hf backtest --tickers AAPL,MSFT --start 2024-01-02 --end 2024-12-31 --benchmark SPY
  hf backtest --tickers NVDA --start 2024-01-02 --end 2024-06-28 --agents technical_analyst,growth_analyst --html bt.html
  hf backtest --tickers AAPL --start 2024-01-02 --end 2024-03-28 --json > result.json

Data: the synthetic market (MARKET_DATA_SEED). Exit codes: 0 done, 1 the run failed, 2 a usage problem.`;

/** The `backtest` command, writing to `io`. */
export function backtestCommand(io: CliOutput = STDIO): Command {
  return addHedgeFundOptions(cliCommand('backtest', io), true)
    .description('A hedge-fund backtest through the agent graph: daily lines, metrics, trades, P&L by ticker, benchmark')
    .addHelpText('after', EXAMPLES)
    .action(cliAction(async (options: RawCliOptions) => runBacktestCli(options, io)));
}

/** Runs the CLI on `args` (without node and the script); resolves to the exit code. */
export async function runBacktestCommand(args: readonly string[], io: CliOutput): Promise<number> {
  return runCommand(backtestCommand(io), args, io);
}

async function runBacktestCli(raw: RawCliOptions, io: CliOutput): Promise<void> {
  // The agent graph, the LLM layer and the report are loaded only once the options are valid.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const cli = require('./hedge-fund-cli') as typeof import('./hedge-fund-cli');
  const { graphDecider } = require('../modules/hedge-fund/graph-agents') as typeof import('../modules/hedge-fund/graph-agents');
  const { syntheticReader } = require('./cli-data') as typeof import('./cli-data');
  const { MultiBar, Presets } = require('cli-progress') as typeof import('cli-progress');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const options = cli.toCliOptions(raw);
  if (options.start === undefined || options.end === undefined) throw new CliError('--start and --end are required');
  const { engine, spec, graph, llm } = await cli.buildCliGraph(options);
  const controller = new AbortController();
  const interrupt = (): void => controller.abort(new Error('Interrupted'));
  process.once('SIGINT', interrupt);

  // The bar only on a terminal; piped output gets the day lines alone.
  const bars =
    options.json || process.stdout.isTTY !== true
      ? null
      : new MultiBar({ format: ' {bar} {percentage}% | {value}/{total} days | {date}', hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  const bar = bars?.create(1, 0, { date: '' });
  const printDay = (line: string): void => {
    if (bars !== null) bars.log(`${line}\n`);
    else if (!options.json) io.out(line);
  };
  const events = engine.runBacktest(
    {
      tickers: options.tickers,
      start_date: options.start,
      end_date: options.end,
      initial_capital: options.capital,
      margin_requirement: options.margin,
      benchmark: options.benchmark,
    },
    { data: syntheticReader(), decide: graphDecider(graph), signal: controller.signal },
  );
  let result: BacktestResult | null = null;
  try {
    for await (const event of events) {
      if (event.type === 'day_start') {
        bar?.setTotal(event.total);
        bar?.update(event.index, { date: event.date });
      } else if (event.type === 'day_complete') {
        bar?.increment(1, { date: event.date });
        printDay(cli.formatDayLine(event.result));
      } else if (event.type === 'complete') {
        result = event.result;
      }
    }
  } finally {
    bars?.stop();
    process.removeListener('SIGINT', interrupt);
  }
  if (result === null) throw new Error('The backtest ended without a result');
  if (options.html !== undefined) {
    const ran = {
      tickers: options.tickers,
      agents: spec.analysts.map((a) => a.key),
      initial_capital: options.capital,
      margin_requirement: options.margin,
      data_provider: 'synthetic',
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildBacktestTearsheet } = require('../modules/reports/backtest-report') as typeof import('../modules/reports/backtest-report');
    const written = writeOutputFile(options.out, options.html, buildBacktestTearsheet(result, ran, new Date().toISOString()).html);
    // With --json, stdout carries the JSON alone.
    (options.json ? io.err : io.out)(`HTML report: ${written}`);
  }
  if (options.json) {
    const { performance_metrics, metrics, final_portfolio, total_days, trades, open_trades, ticker_pnl, benchmark } = result;
    io.out(JSON.stringify({ performance_metrics, metrics, final_portfolio, total_days, trades, open_trades, ticker_pnl, benchmark, llm_usage: llm.usage() }, null, 2));
    return;
  }
  io.out(`\n${result.total_days} trading days, agents: ${spec.analysts.map((a) => a.key).join(', ')}`);
  io.out(result.metrics === null ? 'Metrics: none (no equity curve to measure)' : formatMetricsTable(result.metrics).join('\n'));
  io.out(`Final cash: ${result.final_portfolio.cash.toFixed(2)}, margin used: ${result.final_portfolio.margin_used.toFixed(2)}`);
  io.out(`\n${cli.formatTrades(result.trades, result.open_trades)}`);
  io.out(`\nP&L by ticker:\n${cli.formatTickerPnl(result.ticker_pnl)}`);
  if (result.benchmark !== null) io.out(`\n${cli.formatBenchmark(result.benchmark)}`);
  io.out(`\n${cli.formatLlmUsage(llm.usage())}`);
}

if (require.main === module) {
  void runBacktestCommand(process.argv.slice(2), STDIO).then((code) => {
    process.exitCode = code;
  });
}

// npm run backtest -- --tickers AAPL,MSFT --start 2024-01-02 --end 2024-12-31 [--agents technical_analyst,growth_analyst] [--benchmark SPY] [--html FILE]
import { MultiBar, Presets } from 'cli-progress';
import type { BacktestResult } from '../engine';
import { graphDecider } from '../modules/hedge-fund/graph-agents';
import { buildBacktestTearsheet } from '../modules/reports/backtest-report';
import { syntheticDataPort } from './cli-data';
import {
  buildCliGraph,
  formatBenchmark,
  formatDayLine,
  formatLlmUsage,
  formatMetricsTable,
  formatTickerPnl,
  formatTradeMetrics,
  formatTrades,
  parseCliOptions,
  runCli,
  UsageError,
} from './hedge-fund-cli';
import { writeOutputFile } from './output-files';

const USAGE = `usage: npm run backtest -- --tickers AAPL,MSFT --start YYYY-MM-DD --end YYYY-MM-DD
  [--agents key,key]  analysts (default: every rule-based one; personas and news sentiment use a model)
  [--model gpt-4.1 --provider OpenAI]  model of the LLM agents (default LLM_DEFAULT_MODEL; key from the environment)
  [--capital 100000] [--margin 0..1] [--benchmark SPY] [--json]
  [--html FILE]       also write the HTML tearsheet (charts, metrics, benchmark, P&L by ticker, trades)
  [--out DIR]         folder of the --html file (default ./output); an absolute file name is kept as given`;

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2));
  if (options.start === undefined || options.end === undefined) throw new UsageError('--start and --end are required');
  const { engine, spec, graph, llm } = await buildCliGraph(options);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('Interrupted')));

  // The bar only on a terminal; piped output gets the day lines alone.
  const bars =
    options.json || process.stdout.isTTY !== true
      ? null
      : new MultiBar({ format: ' {bar} {percentage}% | {value}/{total} days | {date}', hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  const bar = bars?.create(1, 0, { date: '' });
  const printDay = (line: string): void => {
    if (bars !== null) bars.log(`${line}\n`);
    else if (!options.json) console.log(line);
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
    { data: syntheticDataPort(), decide: graphDecider(graph), signal: controller.signal },
  );
  let result: BacktestResult | null = null;
  try {
    for await (const event of events) {
      if (event.type === 'day_start') {
        bar?.setTotal(event.total);
        bar?.update(event.index, { date: event.date });
      } else if (event.type === 'day_complete') {
        bar?.increment(1, { date: event.date });
        printDay(formatDayLine(event.result));
      } else if (event.type === 'complete') {
        result = event.result;
      }
    }
  } finally {
    bars?.stop();
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
    const written = writeOutputFile(options.out, options.html, buildBacktestTearsheet(result, ran, new Date().toISOString()).html);
    // With --json, stdout carries the JSON alone.
    (options.json ? console.error : console.log)(`HTML report: ${written}`);
  }
  if (options.json) {
    const { performance_metrics, metrics, final_portfolio, total_days, trades, open_trades, ticker_pnl, benchmark } = result;
    console.log(JSON.stringify({ performance_metrics, metrics, final_portfolio, total_days, trades, open_trades, ticker_pnl, benchmark, llm_usage: llm.usage() }, null, 2));
    return;
  }
  console.log(`\n${result.total_days} trading days, agents: ${spec.analysts.map((a) => a.key).join(', ')}`);
  console.log(formatMetricsTable(result.performance_metrics, result.metrics as unknown as Record<string, unknown> | null));
  console.log(`Final cash: ${result.final_portfolio.cash.toFixed(2)}, margin used: ${result.final_portfolio.margin_used.toFixed(2)}`);
  console.log(`\n${formatTrades(result.trades, result.open_trades)}`);
  if (result.metrics !== null) console.log(`\n${formatTradeMetrics(result.metrics)}`);
  console.log(`\nP&L by ticker:\n${formatTickerPnl(result.ticker_pnl)}`);
  if (result.benchmark !== null) console.log(`\n${formatBenchmark(result.benchmark)}`);
  console.log(`\n${formatLlmUsage(llm.usage())}`);
}

runCli(USAGE, main);

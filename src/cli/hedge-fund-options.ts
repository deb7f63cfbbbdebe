// The options of `hf hedge-fund` and `hf backtest`, declared without loading the agent graph (so that
// `--help` and a usage error answer at once).
import type { Command } from 'commander';
import { DEFAULT_OUTPUT_DIR } from './output-files';

/** The options commander hands to the hedge-fund and backtest actions (every value as typed). */
export type RawCliOptions = Readonly<Record<string, string | boolean | undefined>>;

/**
 * Adds the options shared by `hedge-fund` and `backtest` to `command`; `backtest` adds the backtest-only ones
 * (`--benchmark`, `--html`, `--out`).
 */
export function addHedgeFundOptions(command: Command, backtest: boolean): Command {
  command
    .option('--tickers <list>', 'tickers, comma-separated (required), e.g. AAPL,MSFT')
    .option('--start <YYYY-MM-DD>', backtest ? 'first day (required)' : 'first day of the history (default: end − 90 days)')
    .option('--end <YYYY-MM-DD>', backtest ? 'last day (required)' : 'the day decided (default: today, UTC)')
    .option('--agents <keys>', 'analysts, comma-separated (default: every rule-based one; personas and news sentiment use a model)')
    .option('--model <name>', 'model of the LLM agents (default LLM_DEFAULT_MODEL; key from the environment, e.g. OPENAI_API_KEY; without one they decide by rules and say so)')
    .option('--provider <name>', 'provider of --model, as the anchor names it (e.g. OpenAI, Anthropic)')
    .option('--capital <USD>', 'starting cash', '100000')
    .option('--margin <0..1>', 'margin requirement for shorts', '0')
    .option('--show-reasoning', "print every analyst's reasoning")
    .option('--json', 'print the result as JSON (stdout carries the JSON alone)');
  if (backtest) {
    command
      .option('--benchmark <ticker>', 'compare against this ticker bought and held (beta, alpha, information ratio)')
      .option('--html <FILE>', 'also write the HTML tearsheet (charts, metrics, benchmark, P&L by ticker, trades)')
      .option('--out <DIR>', 'folder of the --html file; an absolute file name is kept as given', DEFAULT_OUTPUT_DIR);
  }
  return command;
}


// hf metrics equity.csv [trades.csv] [--json] [--html FILE] [--risk-free-rate 0.04] [--periods-per-year 252]
// (also `npm run metrics -- …`). Prints every metric of an equity curve (and trades) as a readable table, or
// the POST /metrics JSON; with --html also writes the tearsheet (what POST /metrics/report.html answers) into
// the output folder.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { loadConfigFromProcess } from '../config/load-config';
import { utf8Text } from '../core/http/uploaded-text';
import { formatIsoDay } from '../engine';
import { metricsResponseJsonLines } from '../modules/metrics/metrics-json';
import { MetricsRunner } from '../modules/metrics/metrics-runner';
import { CliError, cliAction, cliCommand, type CliOutput, outBytes, runCommandSync, STDIO } from './command';
import { DEFAULT_OUTPUT_DIR, writeOutputFile } from './output-files';
import { formatMetricsTable, money } from './metrics-table';
import { tableLines } from './table';

export type { CliOutput } from './command';
export { formatMetricsTable } from './metrics-table';

/** The options of `hf metrics`, as commander parses them. */
export interface MetricsCliOptions {
  readonly json: boolean;
  readonly daily: boolean;
  readonly html?: string;
  readonly out: string;
  readonly riskFreeRate?: string;
  readonly periodsPerYear?: string;
}

const FILES = `
Files:
  equity.csv   header "date,value", one YYYY-MM-DD row per day, the starting value first
               (may also hold the trades table after a blank line)
  trades.csv   header with "exit_date,pnl" and optionally "entry_date,risk,ticker"

Examples:
  hf metrics equity.csv trades.csv
  hf metrics equity.csv --json > report.json
  hf metrics equity.csv --html tearsheet.html --risk-free-rate 0.04

Exit codes: 0 done, 1 bad input (the file and line are named), 2 a usage problem. The metrics: docs/metrics.md.`;

/** The `metrics` command, writing to `io`. */
export function metricsCommand(io: CliOutput = STDIO): Command {
  return cliCommand('metrics', io)
    .description('Every metric of an equity curve (and its trades): a table, the POST /metrics JSON, or the HTML tearsheet')
    .argument('<equity.csv>', 'the equity curve')
    .argument('[trades.csv]', 'the trades')
    .option('--json', 'print the full JSON report (as POST /metrics answers)', false)
    .option('--daily', 'with the table, also print the daily P&L series', false)
    .option('--html <FILE>', 'also write the HTML tearsheet (self-contained: charts, metrics, heatmap, trades)')
    .option('--out <DIR>', 'folder of the --html file; an absolute file name is kept as given', DEFAULT_OUTPUT_DIR)
    .option('--risk-free-rate <R>', 'annual, as a fraction (0.04 = 4 %); default 0')
    .option('--periods-per-year <P>', 'default 252')
    .addHelpText('after', FILES)
    .action(cliAction((equityPath: string, tradesPath: string | undefined, options: MetricsCliOptions) => runMetrics(equityPath, tradesPath, options, io)));
}

function parseNumber(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new CliError(`${flag} must be a number; got "${raw}".`);
  return value;
}

/** Runs the CLI on `args` (without node and the script); returns the exit code. */
export function runMetricsCli(args: readonly string[], io: CliOutput): number {
  return runCommandSync(metricsCommand(io), args, io);
}

function runMetrics(equityPath: string, tradesPath: string | undefined, values: MetricsCliOptions, io: CliOutput): number {
  try {
    const service = new MetricsRunner(loadConfigFromProcess());
    const request = service.fromCsv(
      { equity: utf8Text(readFileSync(equityPath)), trades: tradesPath === undefined ? undefined : utf8Text(readFileSync(tradesPath)) },
      {
        riskFreeRate: parseNumber(values.riskFreeRate, '--risk-free-rate'),
        periodsPerYear: parseNumber(values.periodsPerYear, '--periods-per-year'),
        includeDailyPnl: values.json || values.daily,
      },
      basename(equityPath),
      tradesPath === undefined ? undefined : basename(tradesPath),
    );
    const { response: report, daily } = service.runWithDailyColumns(request);
    if (values.html !== undefined) {
      // The tearsheet (echarts and the report layer) is loaded only for --html.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { buildMetricsTearsheet } = require('../modules/reports/metrics-report') as typeof import('../modules/reports/metrics-report');
      const page = buildMetricsTearsheet(service, request, new Date().toISOString(), `hf metrics (${basename(equityPath)})`);
      const written = writeOutputFile(values.out, values.html, page.html);
      // The JSON goes to stdout alone (pipeable); the file's path then goes to stderr.
      (values.json ? io.err : io.out)(`HTML report: ${written}`);
    }
    if (values.json) {
      // Indented as the route's body, each daily column 1,000 values a line (a million points: 5,000 lines).
      for (const lines of metricsResponseJsonLines(report, daily)) outBytes(io, lines);
      return 0;
    }
    for (const line of formatMetricsTable(report)) io.out(line);
    if (values.daily && daily !== null) {
      io.out('Daily P&L');
      const { days, pnl, return: returns, equity, drawdown } = daily;
      const rows = Array.from(days, (day, i) => [formatIsoDay(day), money(pnl[i]), `${(returns[i] * 100).toFixed(2)} %`, money(equity[i]), `${(drawdown[i] * 100).toFixed(2)} %`]);
      for (const line of tableLines(['date', 'pnl', 'return', 'equity', 'drawdown'], rows)) io.out(line);
    }
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as NodeJS.ErrnoException).code;
    const missing = code === 'ENOENT' || code === 'EISDIR';
    io.err(`error: ${missing ? `cannot read ${(error as NodeJS.ErrnoException).path ?? 'the file'}` : message}`);
    // A bad option value or a file that cannot be read is a usage problem (2); bad content in a file is 1.
    return missing || error instanceof CliError ? 2 : 1;
  }
}

if (require.main === module) {
  process.exitCode = runMetricsCli(process.argv.slice(2), STDIO);
}
